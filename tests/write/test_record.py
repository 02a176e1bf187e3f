"""`reformctl record KIND …`: one commit per record, exactly the touched file, nothing else changed
(SPEC §7, write commands), and the obligation it records shows as done in `due`."""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import git, run_cli
from tests.write import (
    changed_files,
    check_exit,
    comment_lines,
    commit_count,
    find,
    git_out,
    obligations,
    state,
)

AUTHOR = "王芳|wangfang@example.org"


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    rel: str  # ledger-relative file the record must touch
    message: str  # expected commit subject
    added: tuple[str, ...]  # lines (stripped) that must appear among the added ones
    rule: str | None = None  # obligation that must be done afterwards (rule, subject, period)
    subject: str | None = None
    period: str | None = None
    state: str | None = None  # its state as of 2026-07-10
    done: str | None = None
    gone: tuple[tuple[str, str, str | None], ...] = ()  # obligations that must no longer exist


CASES = {
    "report": Case(
        ("report", "projects/zuiduo-paoyici", "2026-Q2", "--submitted", "2026-07-05"),
        "projects/zuiduo-paoyici.yaml",
        "record(projects/zuiduo-paoyici): 2026-Q2 report submitted 2026-07-05",
        ("2026-Q2:", "submitted: 2026-07-05"),
        "quarterly-report",
        "projects/zuiduo-paoyici",
        "2026-Q2",
        "late",
        "2026-07-05",
    ),
    "report-workplan-item": Case(
        (
            "report",
            "2026/workplans/sg-government#wp-01",
            "2026-Q2",
            "--submitted",
            "2026-07-06",
            "--summary",
            "已完成: 第一阶段 # 含注释符",
        ),
        "2026/workplans/sg-government.yaml",
        "record(2026/workplans/sg-government#wp-01): 2026-Q2 report submitted 2026-07-06",
        ("submitted: 2026-07-06", "summary: '已完成: 第一阶段 # 含注释符'"),
        "quarterly-report",
        "2026/workplans/sg-government#wp-01",
        "2026-Q2",
        "late",
        "2026-07-06",
    ),
    "milestone": Case(
        ("milestone", "projects/zuiduo-paoyici", "4", "--date", "2026-07-08"),
        "projects/zuiduo-paoyici.yaml",
        "record(projects/zuiduo-paoyici): milestone 4 done 2026-07-08",
        ("done: 2026-07-08",),
        "milestone",
        "projects/zuiduo-paoyici",
        "m4",
        "done",
        "2026-07-08",
    ),
    "plan": Case(
        ("plan", "projects/homestead-reform", "issued", "--date", "2026-07-08"),
        "projects/homestead-reform.yaml",
        "record(projects/homestead-reform): plan issued 2026-07-08",
        ("issued: 2026-07-08",),
        "project-plan",
        "projects/homestead-reform",
        None,
        "late",
        "2026-07-08",
    ),
    "plan-keypoints-task": Case(
        ("plan", "2026/keypoints#kp-11", "filed", "--date", "2026-07-08"),
        "2026/keypoints.yaml",
        "record(2026/keypoints#kp-11): plan filed 2026-07-08",
        ("filed: 2026-07-08",),
        "filing",
        "2026/keypoints#kp-11",
        None,
        "late",
        "2026-07-08",
    ),
    "rectified": Case(
        ("rectified", "2026/supervision/s01#f2", "--date", "2026-07-08"),
        "2026/supervision/s01.yaml",
        "record(2026/supervision/s01#f2): rectified 2026-07-08",
        ("rectified: 2026-07-08",),
        "rectification",
        "2026/supervision/s01#f2",
        None,
        "late",
        "2026-07-08",
    ),
    "reinspection": Case(
        ("reinspection", "2026/supervision/s01#f4", "--date", "2026-07-08"),
        "2026/supervision/s01.yaml",
        "record(2026/supervision/s01#f4): re-inspection 2026-07-08 passed",
        ("reinspection:", "date: 2026-07-08", "passed: true"),
        "reinspection",
        "2026/supervision/s01#f4",
        None,
        "late",
        "2026-07-08",
    ),
    "resolved": Case(
        (
            "resolved",
            "handovers/medical-insurance-settlement",
            "--date",
            "2026-07-08",
            "--resolution",
            "市医保局出台跨县域结算细则",
        ),
        "handovers/medical-insurance-settlement.yaml",
        "record(handovers/medical-insurance-settlement): resolved 2026-07-08",
        ("resolved: 2026-07-08", "resolution: 市医保局出台跨县域结算细则"),
        "handover",
        "handovers/medical-insurance-settlement",
        None,
        "late",
        "2026-07-08",
    ),
    "evaluation": Case(
        (
            "evaluation",
            "2025/keypoints#kp-04",
            "--kind",
            "effect",
            "--by",
            "浙江大学公共管理学院",
            "--third-party",
            "--date",
            "2026-07-08",
        ),
        "2025/keypoints.yaml",
        "record(2025/keypoints#kp-04): effect evaluation 2026-07-08",
        ("- kind: effect", "date: 2026-07-08", "by: 浙江大学公共管理学院", "third_party: true"),
        "effect-evaluation",
        "2025/keypoints#kp-04",
        "effect",
        "late",
        "2026-07-08",
    ),
    "evaluation-pilot": Case(
        (
            "evaluation",
            "pilots/tongxiang-medical",
            "--kind",
            "summary",
            "--by",
            "浙江省卫生健康委",
            "--date",
            "2026-07-08",
            "--summary",
            "试点目标基本实现",
        ),
        "pilots/tongxiang-medical.yaml",
        "record(pilots/tongxiang-medical): summary evaluation 2026-07-08",
        ("- kind: summary", "date: 2026-07-08", "summary: 试点目标基本实现"),
        "summary-evaluation",
        "pilots/tongxiang-medical",
        "summary",
        "late",
        "2026-07-08",
    ),
    "results": Case(
        ("results", "projects/education-community", "--date", "2026-07-08"),
        "projects/education-community.yaml",
        "record(projects/education-community): results submitted 2026-07-08",
        ("results:", "submitted: 2026-07-08"),
        "results-report",
        "projects/education-community",
        None,
        "late",
        "2026-07-08",
    ),
    "complete": Case(
        ("complete", "projects/zuiduo-paoyici", "--date", "2026-07-08"),
        "projects/zuiduo-paoyici.yaml",
        "record(projects/zuiduo-paoyici): completed 2026-07-08",
        ("completed: 2026-07-08",),
        # completed before the quarter's last day: no 2026-Q3 report, no milestone m5
        gone=(
            ("quarterly-report", "projects/zuiduo-paoyici", "2026-Q3"),
            ("milestone", "projects/zuiduo-paoyici", "m5"),
        ),
    ),
    "exit": Case(
        ("exit", "projects/port-opening", "--date", "2026-07-08", "--reason", "调整出库"),
        "projects/port-opening.yaml",
        "record(projects/port-opening): exit 2026-07-08",
        ("exit:", "date: 2026-07-08", "reason: 调整出库"),
        # taken out by dynamic adjustment before its deadline: no Q3 report, no results report
        gone=(
            ("quarterly-report", "projects/port-opening", "2026-Q3"),
            ("results-report", "projects/port-opening", None),
        ),
    ),
    "contact": Case(
        ("contact", "sg-party", "--date", "2026-07-08", "--with", "nanhu", "--note", "调研红船领航"),
        "2026/reports.yaml",
        "record(units/sg-party): monthly contact 2026-07-08",
        ("- date: 2026-07-08", "by: sg-party", "with: nanhu", "note: 调研红船领航"),
        "monthly-contact",
        "units/sg-party",
        "2026-07",
        "done",
        "2026-07-08",
    ),
    "halfyear": Case(
        ("halfyear", "units/haiyan", "2026-H1", "--date", "2026-07-08"),
        "2026/reports.yaml",
        "record(units/haiyan): 2026-H1 half-year report submitted 2026-07-08",
        ("haiyan: 2026-07-08",),
        "halfyear-report",
        "units/haiyan",
        "2026-H1",
        "late",
        "2026-07-08",
    ),
}


# The write most refusal tests attempt: milestone 4 of 深化"最多跑一次"改革 done.
RECORD_MILESTONE_4 = ("record", "milestone", "projects/zuiduo-paoyici", "4", "--date", "2026-07-08")


def test_every_record_kind_is_covered() -> None:
    from reformctl.cli.write import KINDS

    assert {case.args[0] for case in CASES.values()} == set(KINDS)


def _diff_lines(repo: Path, rel: str) -> tuple[list[str], list[str], int]:
    diff = git_out(repo, "diff", "-U0", "HEAD~1", "HEAD", "--", f"ledger/{rel}")
    lines = diff.splitlines()
    added = [ln[1:] for ln in lines if ln.startswith("+") and not ln.startswith("+++")]
    removed = [ln[1:] for ln in lines if ln.startswith("-") and not ln.startswith("---")]
    hunks = sum(1 for ln in lines if ln.startswith("@@"))
    return added, removed, hunks


@pytest.mark.parametrize("name", list(CASES))
def test_record_commits_exactly_the_change(git_repo: Path, name: str) -> None:
    case = CASES[name]
    ledger = git_repo / "ledger"
    path = ledger / case.rel
    before_text = path.read_text(encoding="utf-8")
    before_due = obligations(ledger) if case.gone else []

    result = run_cli("record", *case.args, cwd=git_repo)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output

    # the commit: message, author, exactly one file
    assert commit_count(git_repo) == 2
    log = git_out(git_repo, "log", "-1", "--format=%an|%ae|%s").strip()
    assert log == f"{AUTHOR}|{case.message}"
    assert git_out(git_repo, "log", "-1", "--format=%cn|%ce").strip() == AUTHOR
    assert changed_files(git_repo) == [f"ledger/{case.rel}"]
    assert git_out(git_repo, "status", "--porcelain=v1", "--untracked-files=all") == ""

    # the diff: one block of added lines at the target, nothing removed, every comment kept
    added, removed, hunks = _diff_lines(git_repo, case.rel)
    assert removed == []
    assert hunks == 1
    stripped = [line.strip() for line in added]
    for expected in case.added:
        assert expected in stripped, f"{expected!r} not among the added lines {stripped}"
    after_text = path.read_text(encoding="utf-8")
    after_lines = after_text.splitlines()
    for comment in comment_lines(before_text):
        assert comment in after_lines, f"comment line lost: {comment!r}"
    assert len(after_lines) == len(before_text.splitlines()) + len(added)

    # the ledger still checks clean, and `due` sees the record
    code, output = check_exit(ledger)
    assert code == 0, output
    found = obligations(ledger)
    if case.rule is not None:
        matches = find(found, case.rule, case.subject or "", case.period)
        assert matches, f"no {case.rule} obligation for {case.subject} {case.period}"
        for obligation in matches:
            assert obligation["done"] == case.done
            assert obligation["state"] == case.state
    for rule, subject, period in case.gone:
        assert find(before_due, rule, subject, period), (rule, subject, period)
        assert not find(found, rule, subject, period), (rule, subject, period)


def test_report_obligation_was_overdue_before(git_repo: Path) -> None:
    ledger = git_repo / "ledger"
    [before] = find(obligations(ledger), "quarterly-report", "projects/zuiduo-paoyici", "2026-Q2")
    assert before["state"] == "overdue" and before["done"] is None
    result = run_cli(
        "record",
        "report",
        "projects/zuiduo-paoyici",
        "2026-Q2",
        "--submitted",
        "2026-07-05",
        cwd=git_repo,
    )
    assert result.exit_code == 0, result.output
    [after] = find(obligations(ledger), "quarterly-report", "projects/zuiduo-paoyici", "2026-Q2")
    assert after["state"] == "late" and after["done"] == "2026-07-05" and after["days"] == 5


def test_ledger_option_from_outside_the_repository(git_repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli(
        *RECORD_MILESTONE_4,
        "--ledger",
        str(git_repo / "ledger"),
        cwd=elsewhere,
    )
    assert result.exit_code == 0, result.output
    assert changed_files(git_repo) == ["ledger/projects/zuiduo-paoyici.yaml"]


def test_other_unstaged_edits_are_left_out_of_the_commit(git_repo: Path) -> None:
    other = git_repo / "ledger" / "units.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# 待补充联系人\n", encoding="utf-8")
    edited = other.read_bytes()
    result = run_cli(
        *RECORD_MILESTONE_4,
        cwd=git_repo,
    )
    assert result.exit_code == 0, result.output
    assert changed_files(git_repo) == ["ledger/projects/zuiduo-paoyici.yaml"]
    assert other.read_bytes() == edited
    assert git_out(git_repo, "status", "--porcelain=v1") == " M ledger/units.yaml\n"


def test_no_commit_writes_the_file_and_leaves_it_unstaged(git_repo: Path) -> None:
    head = git_out(git_repo, "rev-parse", "HEAD")
    result = run_cli(
        "record",
        "report",
        "projects/zuiduo-paoyici",
        "2026-Q2",
        "--submitted",
        "2026-07-05",
        "--no-commit",
        cwd=git_repo,
    )
    assert result.exit_code == 0, result.output
    assert git_out(git_repo, "rev-parse", "HEAD") == head
    assert git_out(git_repo, "diff", "--cached") == ""
    status = git_out(git_repo, "status", "--porcelain=v1", "--untracked-files=all")
    assert status == " M ledger/projects/zuiduo-paoyici.yaml\n"
    diff = git_out(git_repo, "diff", "-U0")
    assert "+  2026-Q2:" in diff and "+    submitted: 2026-07-05" in diff
    code, output = check_exit(git_repo / "ledger")
    assert code == 0, output


def test_message_overrides_the_generated_one(git_repo: Path) -> None:
    result = run_cli(
        "record",
        "rectified",
        "2026/supervision/s01#f2",
        "--date",
        "2026-07-08",
        "--message",
        "秀洲区整改到位（7月8日报送）",
        cwd=git_repo,
    )
    assert result.exit_code == 0, result.output
    assert git_out(git_repo, "log", "-1", "--format=%s").strip() == "秀洲区整改到位（7月8日报送）"
    assert changed_files(git_repo) == ["ledger/2026/supervision/s01.yaml"]


def test_no_commit_outside_a_repository_writes_the_file(example_copy: Path) -> None:
    path = example_copy / "handovers" / "data-sharing.yaml"
    before = path.read_text(encoding="utf-8")
    result = run_cli(
        "record",
        "resolved",
        "handovers/data-sharing",
        "--date",
        "2026-07-09",
        "--no-commit",
        "--ledger",
        str(example_copy),
    )
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == before + "resolved: 2026-07-09\n"
    assert not (example_copy.parent / ".git").exists()


# ---------------------------------------------------------------------------------------------
# refusals: exit code, a message on stderr, and nothing changed anywhere


def _refused(repo: Path, *args: str, code: int, says: str, cwd: Path | None = None) -> str:
    before = state(repo)
    result = run_cli(*args, cwd=cwd or repo)
    assert result.exit_code == code, result.output
    assert says in result.stderr, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert state(repo) == before
    return result.stderr


ALREADY = [
    ("report", "projects/zuiduo-paoyici", "2026-Q1", "--submitted", "2026-07-05"),
    ("milestone", "projects/zuiduo-paoyici", "1", "--date", "2026-07-08"),
    ("plan", "projects/zuiduo-paoyici", "issued", "--date", "2026-07-08"),
    ("rectified", "2026/supervision/s01#f1", "--date", "2026-07-08"),
    ("reinspection", "2026/supervision/s01#f1", "--date", "2026-07-08"),
    ("resolved", "handovers/eco-compensation", "--date", "2026-07-08"),
    ("results", "pilots/tongxiang-medical", "--date", "2026-07-08"),
    ("complete", "projects/river-chief", "--date", "2026-07-08"),
    ("exit", "projects/social-security-onething", "--date", "2026-07-08", "--reason", "x"),
    ("halfyear", "jiashan", "2026-H1", "--date", "2026-07-08"),
]


@pytest.mark.parametrize("args", ALREADY, ids=[a[0] for a in ALREADY])
def test_already_recorded_is_refused(git_repo: Path, args: tuple[str, ...]) -> None:
    _refused(git_repo, "record", *args, code=1, says="already recorded")


def test_recording_the_same_report_twice(git_repo: Path) -> None:
    args = ("record", "report", "projects/zuiduo-paoyici", "2026-Q2", "--submitted", "2026-07-05")
    assert run_cli(*args, cwd=git_repo).exit_code == 0
    _refused(git_repo, *args, code=1, says="already recorded")
    assert commit_count(git_repo) == 2


@pytest.mark.parametrize(
    "args",
    [
        ("exit", "projects/medical-community", "--date", "2025-01-01", "--reason", "x"),
        ("complete", "projects/zuiduo-paoyici", "--date", "2025-01-01"),
    ],
    ids=["exit-before-entered", "completed-before-entered"],
)
def test_a_change_that_adds_a_check_error_is_refused(git_repo: Path, args: tuple[str, ...]) -> None:
    err = _refused(git_repo, "record", *args, code=1, says="date-order")
    assert "nothing was written" in err


def test_uncommitted_edits_of_the_touched_file_are_kept(git_repo: Path) -> None:
    path = git_repo / "ledger" / "projects" / "zuiduo-paoyici.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 待核实\n", encoding="utf-8")
    _refused(
        git_repo,
        *RECORD_MILESTONE_4,
        code=2,
        says="uncommitted",
    )
    assert path.read_text(encoding="utf-8").endswith("# 待核实\n")


def test_staged_edits_of_the_touched_file_are_refused(git_repo: Path) -> None:
    path = git_repo / "ledger" / "projects" / "zuiduo-paoyici.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 待核实\n", encoding="utf-8")
    git_out(git_repo, "add", "ledger/projects/zuiduo-paoyici.yaml")
    _refused(
        git_repo,
        *RECORD_MILESTONE_4,
        code=2,
        says="uncommitted",
    )


def test_other_staged_files_are_refused(git_repo: Path) -> None:
    other = git_repo / "ledger" / "handovers" / "data-sharing.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# 催办\n", encoding="utf-8")
    git_out(git_repo, "add", "ledger/handovers/data-sharing.yaml")
    err = _refused(
        git_repo,
        *RECORD_MILESTONE_4,
        code=2,
        says="staged",
    )
    assert "data-sharing.yaml" in err


def test_a_staged_new_file_is_refused(git_repo: Path) -> None:
    (git_repo / "notes.txt").write_text("会议纪要\n", encoding="utf-8")
    git_out(git_repo, "add", "notes.txt")
    _refused(
        git_repo,
        *RECORD_MILESTONE_4,
        code=2,
        says="staged",
    )


@pytest.mark.parametrize(
    ("marker", "what"),
    [
        ("MERGE_HEAD", "merge"),
        ("CHERRY_PICK_HEAD", "cherry-pick"),
        ("REVERT_HEAD", "revert"),
        ("rebase-merge/", "rebase"),
        ("rebase-apply/", "rebase"),
    ],
)
def test_in_the_middle_of_a_merge_or_rebase(git_repo: Path, marker: str, what: str) -> None:
    head = git_out(git_repo, "rev-parse", "HEAD")
    target = git_repo / ".git" / marker.rstrip("/")
    if marker.endswith("/"):
        target.mkdir()
    else:
        target.write_text(head, encoding="utf-8")
    _refused(
        git_repo,
        "record",
        "report",
        "projects/zuiduo-paoyici",
        "2026-Q2",
        "--submitted",
        "2026-07-05",
        code=2,
        says=what,
    )


def test_a_real_merge_in_progress(git_repo: Path) -> None:
    # two branches change the same line; `git merge` stops with a conflict in units.yaml
    units = git_repo / "ledger" / "units.yaml"
    original = units.read_text(encoding="utf-8")
    git_out(git_repo, "checkout", "-q", "-b", "other")
    units.write_text(original.replace("units:", "units:  # 分支甲", 1), encoding="utf-8")
    git_out(git_repo, "commit", "-q", "-am", "other")
    git_out(git_repo, "checkout", "-q", "main")
    units.write_text(original.replace("units:", "units:  # 分支乙", 1), encoding="utf-8")
    git_out(git_repo, "commit", "-q", "-am", "main")
    merge = subprocess.run(["git", "merge", "other"], cwd=git_repo, capture_output=True, text=True)
    assert merge.returncode != 0
    assert (git_repo / ".git" / "MERGE_HEAD").exists()
    _refused(
        git_repo,
        *RECORD_MILESTONE_4,
        code=2,
        says="merge",
    )


def test_outside_a_git_repository_without_no_commit(example_copy: Path) -> None:
    path = example_copy / "projects" / "zuiduo-paoyici.yaml"
    before = path.read_bytes()
    result = run_cli(
        "record",
        "report",
        "projects/zuiduo-paoyici",
        "2026-Q2",
        "--submitted",
        "2026-07-05",
        "--ledger",
        str(example_copy),
    )
    assert result.exit_code == 2, result.output
    assert "git" in result.stderr and "--no-commit" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


BAD = [
    (("frobnicate", "projects/zuiduo-paoyici"), "record kind 'frobnicate' is unknown"),
    (
        ("report", "projects/no-such-project", "2026-Q2", "--submitted", "2026-07-05"),
        "projects/no-such-project.yaml does not exist",
    ),
    (("report", "projects/../units", "2026-Q2", "--submitted", "2026-07-05"), "not understood"),
    (("report", "nonsense", "2026-Q2"), "not understood"),
    (("rectified", "2026/supervision/s01#f9", "--date", "2026-07-08"), "no finding 'f9'"),
    (("rectified", "projects/zuiduo-paoyici", "--date", "2026-07-08"), "expected a finding"),
    (("milestone", "projects/zuiduo-paoyici", "9", "--date", "2026-07-08"), "no milestone 9"),
    (("milestone", "projects/zuiduo-paoyici", "--date", "2026-07-08"), "milestone's number"),
    (
        ("plan", "projects/homestead-reform", "printed", "--date", "2026-07-08"),
        "plan step 'printed' is unknown",
    ),
    (("report", "projects/zuiduo-paoyici", "2026-Q9", "--submitted", "2026-07-05"), "not a period"),
    (
        ("report", "projects/zuiduo-paoyici", "2026-Q3", "--submitted", "2026-06-05"),
        "before the period began",
    ),
    (("report", "projects/zuiduo-paoyici", "2026-Q2", "--submitted", "2026-13-45"), "--date"),
    (
        ("evaluation", "projects/zuiduo-paoyici", "--kind", "vibes", "--by", "x"),
        "evaluation kind 'vibes' is unknown",
    ),
    (("evaluation", "projects/zuiduo-paoyici", "--kind", "effect"), "--by"),
    (("exit", "projects/zuiduo-paoyici", "--date", "2026-07-08"), "--reason"),
    (("resolved", "projects/zuiduo-paoyici", "--date", "2026-07-08"), "hand-over"),
    (("halfyear", "haiyan", "2026-Q2", "--date", "2026-07-08"), "not a half year"),
    (("contact", "Not A Unit", "--date", "2026-07-08"), "is not a unit"),
]


@pytest.mark.parametrize(("args", "says"), BAD, ids=[f"{a[0]}-{i}" for i, (a, _) in enumerate(BAD)])
def test_bad_input_is_a_usage_error(git_repo: Path, args: tuple[str, ...], says: str) -> None:
    _refused(git_repo, "record", *args, code=2, says=says)


def test_a_refused_change_names_the_line_it_would_have_written(git_repo: Path) -> None:
    # `completed:` goes after `deadline:` (line 15), so the new value stands at line 16, column 12.
    err = _refused(
        git_repo,
        "record",
        "complete",
        "projects/zuiduo-paoyici",
        "--date",
        "2025-01-01",
        code=1,
        says="date-order",
    )
    assert (
        "  ledger/projects/zuiduo-paoyici.yaml:16:12: error[date-order]: completed 2025-01-01 is before "
        "entered 2025-02-20; expected completed on or after entered"
    ) in err


def test_a_left_over_git_index_lock_is_refused(git_repo: Path) -> None:
    (git_repo / ".git" / "index.lock").write_text("", encoding="utf-8")
    _refused(git_repo, *RECORD_MILESTONE_4, code=2, says="index.lock exists")


def test_a_commit_that_fails_with_git_failing_too_restores_the_file(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git gives out between the write and the commit (and again when asked to unstage): the file is
    put back, the error is reported, no traceback."""
    from reformctl.edit import gitio
    from reformctl.errors import ReformctlError

    def broken_commit(*args: object, **kwargs: object) -> str:
        raise ReformctlError("git commit failed: disk full")

    def broken_unstage(*args: object, **kwargs: object) -> None:
        raise OSError("index.lock: File exists")

    monkeypatch.setattr(gitio, "commit_paths", broken_commit)
    monkeypatch.setattr(gitio, "unstage", broken_unstage)
    _refused(git_repo, *RECORD_MILESTONE_4, code=2, says="git commit failed: disk full")


def test_a_refusal_names_ledger_files_left_uncommitted(git_repo: Path) -> None:
    """An issued bulletin left untracked (a write interrupted before its commit, or --no-commit):
    issuing it again is refused, and the refusal says which file is not committed."""
    args = ("bulletin", "--quarter", "Q2", "--year", "2026", "--as-of", "2026-07-10", "--issue")
    first = run_cli(*args, "--no-commit", cwd=git_repo)
    assert first.exit_code == 0, first.output
    again = run_cli(*args, cwd=git_repo)
    assert again.exit_code == 1, again.output
    assert "ledger/2026/bulletins/Q2.md has uncommitted changes (an interrupted write?)" in again.stderr
    assert "git status" in again.stderr and "Traceback" not in again.output


def test_a_recorded_date_after_today_is_refused(git_repo: Path) -> None:
    """Recording means it happened: a day after today (in the ledger's timezone) is refused and
    nothing is written."""
    ledger = git_repo / "ledger"
    before = (ledger / "projects" / "zuiduo-paoyici.yaml").read_bytes()
    head = git(git_repo, "rev-parse", "HEAD")
    result = run_cli(
        "record", "milestone", "projects/zuiduo-paoyici", "4", "--date", "2026-07-11",
        "--ledger", str(ledger), env={"REFORMCTL_TODAY": "2026-07-10"},
    )  # fmt: skip
    assert result.exit_code == 2 and "after today (2026-07-10)" in result.stderr
    assert (ledger / "projects" / "zuiduo-paoyici.yaml").read_bytes() == before
    assert git(git_repo, "rev-parse", "HEAD") == head
    same_day = run_cli(
        "record", "milestone", "projects/zuiduo-paoyici", "4", "--date", "2026-07-10",
        "--ledger", str(ledger), env={"REFORMCTL_TODAY": "2026-07-10"},
    )  # fmt: skip
    assert same_day.exit_code == 0, same_day.output


def test_a_replaced_value_keeps_its_comment_and_spacing(git_repo: Path) -> None:
    ledger = git_repo / "ledger"
    path = ledger / "projects" / "zuiduo-paoyici.yaml"
    text = path.read_text(encoding="utf-8")
    before = text.replace("deadline: 2026-12-31\n", "deadline: 2026-12-31\ncompleted: null    # 待验收\n")
    path.write_text(before, encoding="utf-8")
    git(git_repo, "commit", "-qam", "a comment to keep")
    result = run_cli(
        "record", "complete", "projects/zuiduo-paoyici", "--date", "2026-07-10", "--ledger", str(ledger),
        env={"REFORMCTL_TODAY": "2026-07-10"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("completed: null    # 待验收", "completed: 2026-07-10    # 待验收")


def test_an_edited_file_keeps_its_mode_and_a_new_one_takes_the_umask(git_repo: Path) -> None:
    ledger = git_repo / "ledger"
    path = ledger / "projects" / "zuiduo-paoyici.yaml"
    os.chmod(path, 0o640)
    result = run_cli(
        "record", "milestone", "projects/zuiduo-paoyici", "4", "--date", "2026-07-10", "--ledger", str(ledger),
        env={"REFORMCTL_TODAY": "2026-07-10"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    old = os.umask(0o022)
    try:
        created = run_cli(
            "new", "handover", "data-standards", "--title", "数据标准不统一", "--raised", "2026-07-08",
            "--raised-by", "sg-government", "--assigned", "dept-data", "--coordinator", "reform-office",
            "--deadline", "2026-09-30", "--ledger", str(ledger), env={"REFORMCTL_TODAY": "2026-07-10"},
        )  # fmt: skip
    finally:
        os.umask(old)
    assert created.exit_code == 0, created.output
    assert stat.S_IMODE(os.stat(ledger / "handovers" / "data-standards.yaml").st_mode) == 0o644
