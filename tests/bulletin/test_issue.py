"""`reformctl bulletin --issue`: the file, the commit, refusals that leave things as they were."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import git, run_cli

ARGS = ("bulletin", "--quarter", "2026-Q2", "--as-of", "2026-07-10", "--date", "2026-07-10", "--issue")


def _state(repo: Path) -> tuple[str, str, str]:
    return (
        git(repo, "rev-parse", "HEAD"),
        git(repo, "status", "--porcelain"),
        git(repo, "ls-files", "-s"),
    )


def test_issue_writes_and_commits(git_repo: Path) -> None:
    result = run_cli(*ARGS, "--ledger", str(git_repo / "ledger"))
    assert result.exit_code == 0, result.output
    target = git_repo / "ledger" / "2026" / "bulletins" / "Q2.md"
    text = target.read_text(encoding="utf-8")
    assert text.startswith(
        "---\nissued: 2026-07-10\nquarter: 2026-Q2\nas_of: 2026-07-10\nnumber: 2\n---\n# 嘉兴市"
    )
    assert (
        git(git_repo, "log", "-1", "--format=%s").strip()
        == "bulletin(2026/bulletins): issue 2026-Q2 bulletin"
    )
    assert git(git_repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip() == (
        "王芳 <wangfang@example.org>|王芳 <wangfang@example.org>"
    )
    assert git(git_repo, "show", "--name-only", "--format=", "HEAD").split() == [
        "ledger/2026/bulletins/Q2.md"
    ]
    assert git(git_repo, "status", "--porcelain") == ""
    check = run_cli("check", "--ledger", str(git_repo / "ledger"))
    assert check.exit_code == 0, check.output
    due = json.loads(
        run_cli(
            "due",
            "--all",
            "--as-of",
            "2026-07-10",
            "--format",
            "json",
            "--ledger",
            str(git_repo / "ledger"),
        ).stdout
    )
    (ob,) = [o for o in due["obligations"] if o["rule"] == "bulletin" and o["period"] == "2026-Q2"]
    assert ob["state"] == "done" and ob["done"] == "2026-07-10"


def test_refuses_when_file_exists(git_repo: Path) -> None:
    before = _state(git_repo)
    result = run_cli(
        "bulletin",
        "--quarter",
        "2026-Q1",
        "--as-of",
        "2026-04-15",
        "--issue",
        "--ledger",
        str(git_repo / "ledger"),
    )
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "Traceback" not in result.output
    assert _state(git_repo) == before


def test_refuses_dirty_path(git_repo: Path) -> None:
    q1 = git_repo / "ledger" / "2026" / "bulletins" / "Q1.md"
    q1.unlink()  # an unstaged deletion of the target path
    before = _state(git_repo)
    result = run_cli(
        "bulletin",
        "--quarter",
        "2026-Q1",
        "--as-of",
        "2026-04-15",
        "--issue",
        "--ledger",
        str(git_repo / "ledger"),
    )
    assert result.exit_code == 2
    assert "uncommitted changes" in result.stderr
    assert _state(git_repo) == before and not q1.exists()


def test_refuses_with_staged_changes(git_repo: Path) -> None:
    units = git_repo / "ledger" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "# note\n", encoding="utf-8")
    git(git_repo, "add", "ledger/units.yaml")
    before = _state(git_repo)
    result = run_cli(*ARGS, "--ledger", str(git_repo / "ledger"))
    assert result.exit_code == 2 and "staged" in result.stderr
    assert _state(git_repo) == before
    assert not (git_repo / "ledger" / "2026" / "bulletins" / "Q2.md").exists()


def test_refuses_during_merge(git_repo: Path) -> None:
    (git_repo / ".git" / "MERGE_HEAD").write_text(git(git_repo, "rev-parse", "HEAD"), encoding="utf-8")
    result = run_cli(*ARGS, "--ledger", str(git_repo / "ledger"))
    assert result.exit_code == 2 and "merge" in result.stderr
    assert not (git_repo / "ledger" / "2026" / "bulletins" / "Q2.md").exists()


def test_refuses_outside_git_unless_no_commit(example_copy: Path) -> None:
    before = sorted(p.relative_to(example_copy) for p in example_copy.rglob("*"))
    result = run_cli(*ARGS, "--ledger", str(example_copy))
    assert result.exit_code == 2 and "not inside a git repository" in result.stderr
    assert sorted(p.relative_to(example_copy) for p in example_copy.rglob("*")) == before
    ok = run_cli(*ARGS, "--no-commit", "--ledger", str(example_copy))
    assert ok.exit_code == 0, ok.output
    assert (example_copy / "2026" / "bulletins" / "Q2.md").is_file()
    assert not list((example_copy / "2026" / "bulletins").glob(".*.tmp"))


def test_issued_is_the_day_of_issue_and_as_of_the_day_of_the_figures(git_repo: Path) -> None:
    """Issued late, on 2026-12-03, the Q2 bulletin says so: its figures are as of its due date
    (2026-07-15), its `issued` is the day it went out, and `due` shows it 141 days late."""
    ledger = str(git_repo / "ledger")
    result = run_cli(
        "bulletin", "--quarter", "Q2", "--year", "2026", "--issue", "--ledger", ledger, env=TODAY
    )
    assert result.exit_code == 0, result.output
    text = (git_repo / "ledger" / "2026" / "bulletins" / "Q2.md").read_text(encoding="utf-8")
    assert text.startswith("---\nissued: 2026-12-03\nquarter: 2026-Q2\nas_of: 2026-07-15\n")
    assert "2026年12月3日" in text.split("---\n", 2)[2][:400]  # the masthead's date
    due = json.loads(run_cli("due", "--all", "--format", "json", "--ledger", ledger, env=TODAY).stdout)
    (ob,) = [o for o in due["obligations"] if o["rule"] == "bulletin" and o["period"] == "2026-Q2"]
    assert (ob["state"], ob["done"], ob["days"]) == ("late", "2026-12-03", 141)


def test_a_date_of_issue_after_today_is_refused(git_repo: Path) -> None:
    before = _state(git_repo)
    ledger = str(git_repo / "ledger")
    result = run_cli(
        "bulletin", "--quarter", "2026-Q2", "--date", "2026-12-04", "--issue", "--ledger", ledger, env=TODAY
    )
    assert result.exit_code == 2 and "after today (2026-12-03)" in result.stderr
    later = run_cli(
        "bulletin", "--quarter", "2026-Q4", "--as-of", "2026-12-31", "--issue", "--ledger", ledger, env=TODAY
    )
    assert later.exit_code == 2 and "after the day of issue 2026-12-03" in later.stderr
    assert _state(git_repo) == before


TODAY = {"REFORMCTL_TODAY": "2026-12-03"}
