"""Exit codes of write commands (docs/decisions.md, "Exit codes of write commands"): 1 when what
the ledger holds refuses the change (already recorded, already exists, a file that does not read
cleanly, a change that would add an error); 2 when the command line is wrong or the repository is in
a state where writes are refused. Every refusal leaves everything as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.write import git_out, state

TODAY = {"REFORMCTL_TODAY": "2026-12-01"}
HANDOVER = (
    "--title",
    "跨部门数据标准不统一",
    "--raised",
    "2026-07-08",
    "--raised-by",
    "sg-government",
    "--assigned",
    "dept-data",
    "--coordinator",
    "reform-office",
    "--deadline",
    "2026-09-30",
)
RECORD = ("record", "milestone", "projects/zuiduo-paoyici", "4", "--date", "2026-07-08")
NEW = ("new", "handover", "data-standards", *HANDOVER)
BULLETIN = ("bulletin", "--quarter", "2026-Q2", "--as-of", "2026-07-15", "--issue")
REPORT = ("report", "--year", "2026", "--as-of", "2026-11-30", "--date", "2026-12-01", "--issue")
INIT = ("init", "other", "--example")


def _break_a_file(repo: Path) -> None:
    path = repo / "ledger" / "handovers" / "data-sharing.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "title: [unclosed\n", encoding="utf-8")
    git_out(repo, "commit", "-q", "-am", "a broken file, committed")


DATA = {
    "record-already-recorded": (
        ("record", "milestone", "projects/zuiduo-paoyici", "1"),
        None,
        "already recorded",
    ),
    "record-adds-an-error": (
        ("record", "complete", "projects/zuiduo-paoyici", "--date", "2025-01-01"),
        None,
        "would add 1 problem",
    ),
    "record-unreadable-file": (
        ("record", "resolved", "handovers/data-sharing", "--date", "2026-07-08"),
        _break_a_file,
        "cannot be edited until it reads cleanly",
    ),
    "new-already-exists": (("new", "handover", "data-sharing", *HANDOVER), None, "already exists"),
    "new-adds-an-error": (
        ("new", "handover", "h2", *HANDOVER[:7], "nobody", *HANDOVER[8:]),
        None,
        "unknown-unit",
    ),
    "bulletin-already-issued": (
        ("bulletin", "--quarter", "2026-Q1", "--as-of", "2026-04-15", "--issue"),
        None,
        "already exists",
    ),
    "report-already-issued": (
        ("report", "--year", "2025", "--as-of", "2025-12-28", "--date", "2025-12-28", "--issue"),
        None,
        "already exists",
    ),
    "init-already-a-ledger": (("init", "."), None, "already holds a ledger"),
}

USAGE = {
    "record-unknown-kind": (("record", "frobnicate", "projects/zuiduo-paoyici"), "is unknown"),
    "record-not-a-date": ((*RECORD[:4], "--date", "2026-7-8"), "is not a date"),
    "record-no-such-subject": (("record", "milestone", "projects/nothing", "1"), "does not exist"),
    "new-unknown-key": ((*NEW, "--colour", "red"), "--colour is not a key"),
    "new-not-a-date": (("new", "handover", "h3", *HANDOVER[:3], "2026-7-8", *HANDOVER[4:]), "not a date"),
    "bulletin-bad-format": ((*BULLETIN, "--format", "pdf"), "--format 'pdf'"),
    "report-not-a-date": (("report", "--year", "2026", "--date", "tomorrow", "--issue"), "not a date"),
    "init-folder-is-a-file": (("init", "ledger/units.yaml"), "is not a folder"),
}

WRITES = {"record": RECORD, "new": NEW, "bulletin": BULLETIN, "report": REPORT, "init": INIT}


def _merge(repo: Path) -> None:
    (repo / ".git" / "MERGE_HEAD").write_text(git_out(repo, "rev-parse", "HEAD"), encoding="utf-8")


def _branch_lock(repo: Path) -> None:
    (repo / ".git" / "refs" / "heads" / "main.lock").write_bytes(b"")


STATES: dict[str, tuple[Callable[[Path], None], str]] = {
    "merge": (_merge, "in the middle of a merge"),
    "branch-lock": (_branch_lock, "main.lock exists"),
}
"""Other files staged, the touched file edited, the other locks: test_record.py, test_git_native.py
and test_init.py."""


def _refused(repo: Path, args: tuple[str, ...], code: int, says: str) -> None:
    before = state(repo)
    commits = git_out(repo, "rev-list", "--count", "--all")
    result = run_cli(*args, cwd=repo, env=TODAY)
    assert result.exit_code == code, result.output
    assert says in result.stderr, result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert state(repo) == before
    assert git_out(repo, "rev-list", "--count", "--all") == commits


@pytest.mark.parametrize("case", list(DATA))
def test_data_refusals_exit_1(git_repo: Path, case: str) -> None:
    args, prepare, says = DATA[case]
    if prepare is not None:
        prepare(git_repo)
    _refused(git_repo, args, 1, says)


@pytest.mark.parametrize("case", list(USAGE))
def test_usage_errors_exit_2(git_repo: Path, case: str) -> None:
    args, says = USAGE[case]
    _refused(git_repo, args, 2, says)


@pytest.mark.parametrize("repo_state", list(STATES))
@pytest.mark.parametrize("command", list(WRITES))
def test_repository_state_refusals_exit_2(git_repo: Path, command: str, repo_state: str) -> None:
    make, says = STATES[repo_state]
    make(git_repo)
    _refused(git_repo, WRITES[command], 2, says)


@pytest.mark.parametrize("command", list(WRITES))
def test_each_write_goes_through_when_nothing_refuses_it(git_repo: Path, command: str) -> None:
    """The same command lines succeed in a clean repository: the refusals above are the state's."""
    result = run_cli(*WRITES[command], cwd=git_repo, env=TODAY)
    assert result.exit_code == 0, result.output
    assert git_out(git_repo, "rev-list", "--count", "HEAD").strip() == "2"
    assert git_out(git_repo, "status", "--porcelain=v1", "--untracked-files=all") == ""
