"""Commands import only what they use; `--version` imports almost nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.conftest import EXAMPLE

PROBE = """
import sys
sys.argv = ["reformctl", *sys.argv[1:]]
from reformctl.cli.entry import main
try:
    main()
except SystemExit:
    pass
heavy = ("git", "jinja2", "rich", "icalendar", "ruamel.yaml", "filelock")
print("LOADED", *sorted(m for m in heavy if m in sys.modules), file=sys.stderr)
"""


def _loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    line = next(ln for ln in done.stderr.splitlines() if ln.startswith("LOADED"))
    return set(line.split()[1:])


def test_due_json_imports_no_git_jinja_rich_or_icalendar() -> None:
    loaded = _loaded("due", "--ledger", str(EXAMPLE), "--as-of", "2026-07-10", "--format", "json")
    assert not loaded & {"git", "jinja2", "rich", "icalendar", "ruamel.yaml"}


def test_check_imports_no_git_or_jinja() -> None:
    assert not _loaded("check", "--ledger", str(EXAMPLE)) & {"git", "jinja2", "icalendar"}


def test_version_is_quick_and_imports_no_models() -> None:
    probe = "import sys; import reformctl.cli.app; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reformctl", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("reformctl ")
    assert time.perf_counter() - start < 2.0  # generous: the target (0.15 s) is checked by the benchmark


def test_version_answered_before_the_framework_says_what_the_option_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reformctl.cli.entry import main as entry_main
    from tests.conftest import run_cli

    monkeypatch.setattr(sys, "argv", ["reformctl", "--version"])
    entry_main()
    fast = capsys.readouterr().out
    assert fast == run_cli("--version").stdout == run_cli("--version", "due").stdout
    assert fast.startswith("reformctl ") and fast.endswith("\n")
    probe = (
        "import sys; from reformctl.cli.entry import main; sys.argv = ['reformctl', '--version']; main(); "
    )
    probe += "print(sorted(m for m in ('typer', 'pydantic', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"
