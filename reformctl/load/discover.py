"""Finding the ledger folder: `--ledger`, `REFORMCTL_LEDGER`, or walking up like git finds .git."""

from __future__ import annotations

import os
from pathlib import Path

from reformctl.errors import ReformctlError

ENV_VAR = "REFORMCTL_LEDGER"
SETTINGS_FILE = "ledger.yaml"


def discover(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """Return the ledger folder (the one holding ledger.yaml)."""
    if explicit is None and os.environ.get(ENV_VAR):
        explicit = Path(os.environ[ENV_VAR])
    if explicit is not None:
        folder = explicit.parent if explicit.name == SETTINGS_FILE else explicit
        if not (folder / SETTINGS_FILE).is_file():
            raise ReformctlError(
                f"{folder}: no {SETTINGS_FILE} here; expected a ledger folder "
                f"(give --ledger PATH or set {ENV_VAR})"
            )
        return folder
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
        if (folder / "ledger" / SETTINGS_FILE).is_file():
            return folder / "ledger"
    raise ReformctlError(
        f"no ledger found in {start} or above; expected a folder with {SETTINGS_FILE} "
        f"or ledger/{SETTINGS_FILE} (give --ledger PATH, set {ENV_VAR}, or run 'reformctl init')"
    )


def display_prefix(ledger_root: Path) -> str:
    """How to print the ledger folder: relative to the current directory when inside it."""
    rel = os.path.relpath(ledger_root, Path.cwd())
    return ledger_root.as_posix() if rel.startswith("..") else Path(rel).as_posix()
