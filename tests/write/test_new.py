"""`reformctl new`: a record from --key value options, validated, committed; an existing id refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.write import changed_files, check_exit, commit_count, find, git_out, obligations, state

PROJECT = (
    "--title",
    '数字政府"一网通办"改革',
    "--group",
    "sg-government",
    "--lead",
    "dept-reform-admin",
    "--leader",
    "sun-wei",
    "--team",
    "gu-hua,zhang-yu",
    "--entered",
    "2026-07-01",
    "--stage",
    "new",
    "--deadline",
    "2027-06-30",
)

EXPECTED_PROJECT = """\
title: 数字政府"一网通办"改革
group: sg-government
lead: dept-reform-admin
leader: sun-wei
team:
  - gu-hua
  - zhang-yu
entered: 2026-07-01
stage: new
deadline: 2027-06-30
"""


def test_new_project_is_written_in_schema_order_and_committed(git_repo: Path) -> None:
    result = run_cli("new", "project", "digital-gov", *PROJECT, cwd=git_repo)
    assert result.exit_code == 0, result.output
    path = git_repo / "ledger" / "projects" / "digital-gov.yaml"
    assert path.read_text(encoding="utf-8") == EXPECTED_PROJECT
    assert git_out(git_repo, "log", "-1", "--format=%an|%s").strip() == (
        "王芳|new(projects/digital-gov): project created"
    )
    assert changed_files(git_repo) == ["ledger/projects/digital-gov.yaml"]
    assert check_exit(git_repo / "ledger")[0] == 0
    # A new project in stage `new` owes its plan 90 days after entering (SPEC §3, project-plan).
    plan = find(obligations(git_repo / "ledger"), "project-plan", "projects/digital-gov", None)
    assert [(o["due"], o["state"], o["owner"]) for o in plan] == [("2026-09-29", "open", "dept-reform-admin")]


def test_repeated_list_options_and_equals_form(git_repo: Path) -> None:
    args = [a for a in PROJECT]
    args[args.index("gu-hua,zhang-yu")] = "gu-hua"
    result = run_cli("new", "project", "digital-gov", *args, "--team=zhang-yu", "--no-commit", cwd=git_repo)
    assert result.exit_code == 0, result.output
    text = (git_repo / "ledger" / "projects" / "digital-gov.yaml").read_text(encoding="utf-8")
    assert "team:\n  - gu-hua\n  - zhang-yu\n" in text
    assert commit_count(git_repo) == 1


def test_new_supervision_goes_in_the_year_of_its_start(git_repo: Path) -> None:
    result = run_cli(
        "new",
        "supervision",
        "s03",
        "--title",
        "重点突破改革项目日常督察",
        "--kind",
        "daily",
        "--lead",
        "reform-office",
        "--subjects",
        "projects/zuiduo-paoyici",
        "--start",
        "2026-07-20",
        cwd=git_repo,
    )
    assert result.exit_code == 0, result.output
    assert changed_files(git_repo) == ["ledger/2026/supervision/s03.yaml"]


def test_new_handover_and_pilot(git_repo: Path) -> None:
    handover = run_cli(
        "new",
        "handover",
        "data-standards",
        "--title",
        "跨部门数据标准不统一",
        "--raised",
        "2026-07-08",
        "--raised-by",
        "sg-government",
        "--assigned",
        "dept-data,nanhu",
        "--coordinator",
        "reform-office",
        "--deadline",
        "2026-09-30",
        cwd=git_repo,
    )
    assert handover.exit_code == 0, handover.output
    owners = find(obligations(git_repo / "ledger"), "handover", "handovers/data-standards", None)
    assert sorted(o["owner"] for o in owners) == ["dept-data", "nanhu"]
    pilot = run_cli(
        "new",
        "pilot",
        "haiyan-new",
        "--title",
        "海盐县新型农村集体经济发展试点",
        "--level",
        "provincial",
        "--breaks",
        "provincial-rules",
        "--approved-by",
        "省委改革办",
        "--approved",
        "2026-06-01",
        "--start",
        "2026-07-01",
        "--end",
        "2028-06-30",
        "--lead",
        "haiyan",
        cwd=git_repo,
    )
    assert pilot.exit_code == 0, pilot.output
    assert check_exit(git_repo / "ledger")[0] == 0


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("project", "zuiduo-paoyici", *PROJECT), 1, "already exists"),
        (("project", "Bad_Id", *PROJECT), 2, "not a valid id"),
        (("project", "x", "--title", "x"), 2, "missing --group"),
        (("project", "x", *PROJECT, "--colour", "red"), 2, "--colour is not a key"),
        (("project", "x", *PROJECT[:-1], "2027-6-30"), 2, "not a date"),
        (("project", "x", *PROJECT[:-3], "sideways", "--deadline", "2027-06-30"), 2, "--stage"),
        (("project", "x", *PROJECT, "--title", "again"), 2, "given 2 times"),
        (("finding", "x", "--title", "x"), 2, "cannot be created"),
        (
            (
                "handover",
                "h",
                "--title",
                "t",
                "--raised",
                "2026-07-01",
                "--raised-by",
                "sg-economy",
                "--assigned",
                "nobody",
                "--coordinator",
                "reform-office",
                "--deadline",
                "2026-08-01",
            ),
            1,
            "unknown-unit",
        ),
    ],
    ids=[
        "exists",
        "bad-id",
        "missing",
        "unknown-key",
        "bad-date",
        "bad-enum",
        "twice",
        "kind",
        "dangling-ref",
    ],
)
def test_refusals_change_nothing(git_repo: Path, args: tuple[str, ...], code: int, says: str) -> None:
    before = state(git_repo)
    result = run_cli("new", *args, cwd=git_repo)
    assert result.exit_code == code, result.output
    assert says in result.stderr, result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert state(git_repo) == before


def test_missing_required_keys_are_asked_for_when_a_prompt_exists() -> None:
    from reformctl.edit.new import KINDS, ask_missing, build_record

    answers = {
        "title": "新增项目",
        "group": "sg-economy",
        "lead": "dept-finance",
        "leader": "sun-wei",
        "team": "gu-hua",
        "entered": "2026-07-01",
        "stage": "new",
        "deadline": "2027-06-30",
    }
    asked: list[str] = []

    def prompt(question: str) -> str:
        asked.append(question)
        return answers[question.rsplit("--", 1)[1].rstrip(")）").replace("-", "_")]

    values = ask_missing(KINDS["project"], {"title": "新增项目"}, prompt)
    assert asked[:2] == ["Special group it belongs to (--group)", "Lead unit (--lead)"]
    assert [q.rsplit("--", 1)[1].rstrip(")") for q in asked] == [
        "group",
        "lead",
        "leader",
        "team",
        "entered",
        "stage",
        "deadline",
    ]
    chinese: list[str] = []
    ask_missing(KINDS["project"], {"title": "新增项目"}, lambda q: chinese.append(q) or prompt(q), "zh-CN")
    assert chinese[:2] == ["归口专项小组（--group）", "牵头单位（--lead）"]
    rel, text = build_record("project", "added", values)
    assert rel == "projects/added.yaml"
    assert text.startswith("title: 新增项目\ngroup: sg-economy\n")
