"""`reformctl log SUBJECT` (`reformctl init` is tested in test_init.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.write import git_out


def _record(repo: Path, *args: str) -> None:
    result = run_cli("record", *args, cwd=repo)
    assert result.exit_code == 0, result.output


def test_log_lists_newest_first(git_repo: Path) -> None:
    _record(git_repo, "report", "projects/zuiduo-paoyici", "2026-Q2", "--submitted", "2026-07-05")
    _record(git_repo, "rectified", "2026/supervision/s01#f2", "--date", "2026-07-08")
    _record(git_repo, "milestone", "projects/zuiduo-paoyici", "4", "--date", "2026-07-08")
    result = run_cli("log", "projects/zuiduo-paoyici", cwd=git_repo)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3, lines
    assert "record(projects/zuiduo-paoyici): milestone 4 done 2026-07-08" in lines[0]
    assert "record(projects/zuiduo-paoyici): 2026-Q2 report submitted 2026-07-05" in lines[1]
    assert "initial ledger" in lines[2]
    assert all("王芳" in line for line in lines)
    shas = git_out(git_repo, "log", "--format=%h", "--", "ledger/projects/zuiduo-paoyici.yaml")
    for line, sha in zip(lines, shas.split(), strict=True):
        assert sha[:7] in line
    # the rectification touched another file: not in this record's history
    assert "rectified" not in result.stdout


@pytest.mark.parametrize(
    ("subject", "newest"),
    [
        ("2026/supervision/s01#f2", "record(2026/supervision/s01#f2): rectified 2026-07-08"),
        ("2026/reports", "record(units/haiyan): 2026-H1 half-year report submitted 2026-07-08"),
        ("2026/keypoints", "record(2026/keypoints#kp-11): plan filed 2026-07-08"),
        ("2026/keypoints#kp-11", "record(2026/keypoints#kp-11): plan filed 2026-07-08"),
    ],
)
def test_log_of_other_subjects(git_repo: Path, subject: str, newest: str) -> None:
    _record(git_repo, "rectified", "2026/supervision/s01#f2", "--date", "2026-07-08")
    _record(git_repo, "halfyear", "haiyan", "2026-H1", "--date", "2026-07-08")
    _record(git_repo, "plan", "2026/keypoints#kp-11", "filed", "--date", "2026-07-08")
    result = run_cli("log", subject, cwd=git_repo)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert newest in lines[0] and "initial ledger" in lines[-1] and len(lines) == 2


@pytest.mark.parametrize("subject", ["projects/no-such-project", "units/nanhu", "bad subject!"])
def test_log_of_an_unknown_subject(git_repo: Path, subject: str) -> None:
    result = run_cli("log", subject, cwd=git_repo)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("reformctl: error:")
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_log_outside_a_repository(example_copy: Path) -> None:
    result = run_cli("log", "projects/zuiduo-paoyici", "--ledger", str(example_copy))
    assert result.exit_code == 2
    assert "git repository" in result.stderr
