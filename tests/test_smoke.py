"""The example ledger checks clean and `due` runs on it from the repository root."""

from __future__ import annotations

from tests.conftest import ROOT, run_cli


def test_check_example_ledger_is_clean() -> None:
    result = run_cli("check", cwd=ROOT)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: ")


def test_due_runs_on_example_ledger() -> None:
    result = run_cli("due", "--as-of", "2026-07-10", cwd=ROOT)
    assert result.exit_code == 0, result.output
    assert "已逾期" in result.stdout
