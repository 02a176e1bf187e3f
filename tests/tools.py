"""System tools some tests drive (LibreOffice, Node with yaml-language-server), found or skipped.

A test that needs one is skipped with one line saying how to install it, so `pytest` passes on a
bare machine. Under `CI=true`, `.ci/run` installs yaml-language-server first and its absence fails
the test; LibreOffice is not installed by `.ci/run` (it is large), so its test is skipped there
too when `soffice` is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

YLS_VERSION = "1.25.0"
"""The yaml-language-server release `.ci/run` installs (keep the two in step)."""
YLS_PREFIX = Path.home() / ".cache" / "reformctl-ci"
"""Where `.ci/run` installs it: a folder outside the repository."""
YLS_INSTALL = f'npm install --prefix "$HOME/.cache/reformctl-ci" yaml-language-server@{YLS_VERSION}'


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def soffice() -> str:
    """The LibreOffice program; skips the test unless under CI=true with `soffice` installed."""
    hint = "apt-get install -y libreoffice-calc-nogui"
    if not under_ci():
        pytest.skip(f"LibreOffice tests run under CI=true (they need soffice: {hint})")
    found = shutil.which("soffice")
    if found is None:
        pytest.skip(f"soffice not found; install LibreOffice Calc with: {hint}")
    return found


def yaml_language_server() -> tuple[str, Path]:
    """(node, the server's script); skips the test when either is missing, fails under CI=true."""
    node = shutil.which("node")
    candidates = [
        Path(os.environ["REFORMCTL_YLS"]) if os.environ.get("REFORMCTL_YLS") else None,
        YLS_PREFIX / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server",
    ]
    on_path = shutil.which("yaml-language-server")
    if on_path is not None:
        candidates.append(Path(on_path).resolve())
    script = next((c for c in candidates if c is not None and c.is_file()), None)
    if node is None or script is None:
        missing = "node" if node is None else "yaml-language-server"
        message = f"{missing} not found; install it with: apt-get install -y nodejs npm && {YLS_INSTALL}"
        if under_ci():
            pytest.fail(message + " (.ci/run does this under CI=true)")
        pytest.skip(message)
    return node, script
