"""`reformctl report`: the year-end report (年报告, §2(2)) — goldens, --issue, refusals, loading.

The goldens were checked by hand against the example ledger's files:
- 2025 as of 2025-12-31 (`report.2025.*.md`): 9 key-point tasks (2025/keypoints.yaml), 3 done on
  time — kp-06 is river-chief, completed 2025-11-28 by its deadline 2025-12-31; the others with a
  project are open, as their projects run to 2026; the two without a project finish with their
  last milestone; 10 work-plan items, all completed by their deadlines; 10 projects entered in 2025
  (every `entered` in 2025) and 1 left (river-chief, completed); on 2025-12-31 nine are in the
  library; the exemplary cases of 2025 are mujun-yingxiong (a project, dept-development) and
  tongxiang-three-governance (a pilot, tongxiang), the only `exemplary: 2025` in the ledger; the
  terminated pilot is xiuzhou-standard-land (terminated 2025-08-15).
- 2026 as of 2026-07-10 (`report.2026.zh-CN.md`): the library entries and exits of 2026 are those
  of docs/example-ledger.md (public-data, commercial-registration, redboat-party and
  homestead-reform entered; invest-90days, education-community, social-security-onething and
  yrd-demo-zone left); the 15 overdue obligations are those `due --as-of 2026-07-10` lists as
  overdue (test_overdue_matches_due checks the count); no exemplary case is chosen for 2026.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, Golden, git, run_cli

TODAY = {"REFORMCTL_TODAY": "2026-07-10"}


@pytest.mark.parametrize(
    ("year", "locale", "args"),
    [
        (2025, "zh-CN", ("--as-of", "2025-12-31", "--date", "2026-01-15")),
        (2025, "en", ("--as-of", "2025-12-31", "--date", "2026-01-15")),
        (2026, "zh-CN", ("--as-of", "2026-07-10", "--date", "2026-07-10")),
    ],
)
def test_golden(golden: Golden, year: int, locale: str, args: tuple[str, ...]) -> None:
    result = run_cli(
        "report", "--year", str(year), "--locale", locale, *args, "--ledger", str(EXAMPLE), env=TODAY
    )
    assert result.exit_code == 0, result.output
    golden.check(f"report/report.{year}.{locale}.md", result.stdout)


def test_default_as_of_is_today_or_year_end() -> None:
    ran = run_cli("report", "--year", "2026", "--ledger", str(EXAMPLE), env=TODAY)
    assert "（数据截至2026年7月10日）" in ran.stdout
    ran = run_cli("report", "--year", "2025", "--ledger", str(EXAMPLE), env=TODAY)
    assert "（数据截至2025年12月31日）" in ran.stdout
    assert ran.stdout.rstrip().endswith("市委改革办\n\n2026年7月10日")


def test_overdue_matches_due() -> None:
    due = run_cli("due", "--all", "--as-of", "2026-07-10", "--format", "json", "--ledger", str(EXAMPLE))
    overdue = [o for o in json.loads(due.stdout)["obligations"] if o["state"] == "overdue"]
    text = run_cli("report", "--year", "2026", "--as-of", "2026-07-10", "--ledger", str(EXAMPLE), env=TODAY)
    assert (
        f"共有{len(overdue)}项工作逾期未完成，涉及{len({o['owner'] for o in overdue})}个单位" in text.stdout
    )


def test_year_not_begun_is_a_usage_error() -> None:
    ran = run_cli("report", "--year", "2027", "--as-of", "2026-07-10", "--ledger", str(EXAMPLE))
    assert ran.exit_code == 2 and "before 2027 began" in ran.stderr


# --issue ----------------------------------------------------------------------------------------


def _state(repo: Path) -> tuple[str, str, str, str]:
    reports = (repo / "ledger" / "2026" / "reports.yaml").read_text(encoding="utf-8")
    return (
        git(repo, "rev-parse", "HEAD"),
        git(repo, "status", "--porcelain"),
        git(repo, "ls-files", "-s"),
        reports,
    )


def test_issue_writes_both_files_in_one_commit(git_repo: Path) -> None:
    ledger = git_repo / "ledger"
    before = (ledger / "2026" / "reports.yaml").read_text(encoding="utf-8")
    result = run_cli(
        "report",
        "--year",
        "2026",
        "--issue",
        "--date",
        "2026-07-08",
        "--as-of",
        "2026-07-05",
        "--ledger",
        str(ledger),
        env=TODAY,
    )
    assert result.exit_code == 0, result.output
    text = (ledger / "2026" / "annual-report.md").read_text(encoding="utf-8")
    assert text.startswith("---\nissued: 2026-07-08\nyear: 2026\nas_of: 2026-07-05\n---\n# 关于2026年度")
    assert (
        git(git_repo, "log", "-1", "--format=%s").strip()
        == "report(2026/annual-report): issue 2026 annual report"
    )
    assert git(git_repo, "log", "-1", "--format=%an <%ae>").strip() == "王芳 <wangfang@example.org>"
    assert sorted(git(git_repo, "show", "--name-only", "--format=", "HEAD").split()) == [
        "ledger/2026/annual-report.md",
        "ledger/2026/reports.yaml",
    ]
    assert git(git_repo, "status", "--porcelain") == ""
    after = (ledger / "2026" / "reports.yaml").read_text(encoding="utf-8")
    assert after == before.replace("annual_summary: null", "annual_summary: 2026-07-08")  # comments kept
    assert run_cli("check", "--ledger", str(ledger)).exit_code == 0
    due = json.loads(
        run_cli("due", "--all", "--as-of", "2026-07-10", "--format", "json", "--ledger", str(ledger)).stdout
    )
    (ob,) = [o for o in due["obligations"] if o["rule"] == "annual-summary" and o["period"] == "2026"]
    assert ob["done"] == "2026-07-08"


def test_issue_creates_reports_yaml(git_repo: Path) -> None:
    ledger = git_repo / "ledger"
    git(git_repo, "rm", "-q", "ledger/2026/reports.yaml")
    git(git_repo, "commit", "-q", "-m", "no reports")
    ran = run_cli("report", "--year", "2026", "--issue", "--ledger", str(ledger), env=TODAY)
    assert ran.exit_code == 0, ran.output
    assert (ledger / "2026" / "reports.yaml").read_text(encoding="utf-8") == "annual_summary: 2026-07-10\n"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("--date", "2026-07-11"), 2, "is after today"),
        (("--as-of", "2026-07-10", "--date", "2026-07-09"), 2, "after the day of issue"),
    ],
)
def test_refusals_leave_everything(git_repo: Path, args: tuple[str, ...], code: int, words: str) -> None:
    before = _state(git_repo)
    ran = run_cli(
        "report", "--year", "2026", "--issue", *args, "--ledger", str(git_repo / "ledger"), env=TODAY
    )
    assert ran.exit_code == code and words in ran.stderr and "Traceback" not in ran.output
    assert _state(git_repo) == before


def test_refuses_a_second_issue(git_repo: Path) -> None:
    ledger = str(git_repo / "ledger")
    assert run_cli("report", "--year", "2026", "--issue", "--ledger", ledger, env=TODAY).exit_code == 0
    before = _state(git_repo)
    again = run_cli("report", "--year", "2026", "--issue", "--ledger", ledger, env=TODAY)
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert _state(git_repo) == before


def test_refuses_another_recorded_summary(git_repo: Path) -> None:
    git(git_repo, "rm", "-q", "ledger/2025/annual-report.md")
    git(git_repo, "commit", "-q", "-m", "the 2025 report goes")
    before = _state(git_repo)
    ran = run_cli(
        "report",
        "--year",
        "2025",
        "--issue",
        "--date",
        "2026-01-05",
        "--ledger",
        str(git_repo / "ledger"),
        env=TODAY,
    )
    assert ran.exit_code == 1 and "annual_summary is already recorded (2025-12-28)" in ran.stderr
    assert _state(git_repo) == before


def test_refuses_a_ledger_with_errors(git_repo: Path) -> None:
    (git_repo / "ledger" / "projects" / "broken.yaml").write_text("title: x\n", encoding="utf-8")
    before = _state(git_repo)
    ran = run_cli("report", "--year", "2026", "--issue", "--ledger", str(git_repo / "ledger"), env=TODAY)
    assert ran.exit_code == 1 and "the ledger has errors" in ran.stderr
    assert _state(git_repo) == before
    assert not (git_repo / "ledger" / "2026" / "annual-report.md").exists()


def test_loader_knows_the_report(example_copy: Path) -> None:
    target = example_copy / "2026" / "annual-report.md"
    target.write_text("---\nissued: 2026-07-01\nyear: 2026\n---\n# 报告\n", encoding="utf-8")
    assert run_cli("check", "--ledger", str(example_copy)).exit_code == 0
    target.write_text("---\nissued: 2026-07-01\nyear: 2025\n---\n", encoding="utf-8")
    ran = run_cli("check", "--ledger", str(example_copy))
    assert ran.exit_code == 1 and "2026/annual-report.md:3:7: error[wrong-year]" in ran.stdout
    target.write_text("# no front matter\n", encoding="utf-8")
    ran = run_cli("check", "--ledger", str(example_copy))
    assert ran.exit_code == 1 and "YAML with issued and year" in ran.stdout
