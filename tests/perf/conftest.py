"""Fixtures of the read-path tests: a ledger to change, and runs through the console entry point."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reformctl.cli import common, results
from reformctl.cli.entry import main
from tests.conftest import EXAMPLE

Run = tuple[int, str, str]
"""A run's exit code, standard output and standard error."""


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ledgers here are written just before they are read: store results of such files all the same."""
    monkeypatch.setattr(results, "RACY_SECONDS", 0.0)


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """A copy of the example ledger."""
    target = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """`reformctl ARGS` through the console entry point, in-process: (exit code, stdout, stderr)."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")

    def invoke(*args: str) -> Run:
        monkeypatch.setattr(sys, "argv", ["reformctl", *args])
        capsys.readouterr()
        try:
            with pytest.raises(SystemExit) as done:
                main()
        finally:
            common.set_cache(True)  # as a new process starts (the global options set them)
            common.set_debug(False)
        out, err = capsys.readouterr()
        code = done.value.code
        return (code if isinstance(code, int) else 0 if code is None else 1), out, err

    return invoke
