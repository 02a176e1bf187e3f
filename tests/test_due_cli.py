"""`reformctl due` end to end on the example ledger, as of 2026-07-10 (SPEC §3, §7, §8).

Goldens: tests/golden/due/<view>.<format> (refresh with `pytest --update-golden`, then read the
diff). Checked by hand against SPEC §3, the ledger files and docs/example-ledger.md (as of
2026-07-10, upcoming_days 14, so due soon = due 2026-07-10 … 2026-07-24):

 1. quarterly-report projects/zuiduo-paoyici 2026-Q2: entered 2025-02-20, no completed / exit /
    approved_until, so in the library on 2026-06-30; `reports` has no 2026-Q2 → due 2026-06-30,
    overdue, days -10, owner dept-reform-admin, route dept-reform-admin → sg-government →
    reform-office.
 2. milestone projects/zuiduo-paoyici m4 (上线"一件事"集成服务2.0版): due 2026-07-18, no done →
    due-soon, days 8.
 3. quarterly-report pilots/haiyan-urban-rural 2026-Q2: provincial, no `group`, running
    2025-01-01 … 2027-12-31 → route [haiyan, reform-office] (straight to the office), overdue -10.
 4. filing pilots/haiyan-urban-rural: issued 2025-01-20 + 7 = 2025-01-27, filed 2025-02-05 →
    late, days 9. No phase-evaluation: end 2027-12-31 is not later than start + 3 y = 2028-01-01.
 5. project-plan projects/homestead-reform: awaiting-approval with a plan deliberated 2026-03-13
    but not issued; entered 2026-01-20 + 90 = 2026-04-20 → overdue, days -81.
 6. project-plan projects/public-data: stage new, entered 2026-04-20 + 90 = 2026-07-19 →
    due-soon, days 9, owner dept-data.
 7. results-report projects/education-community: completed 2026-04-28, deadline 2026-04-30, no
    `results` → still owed (completed projects report results), overdue -71, owner sg-social.
 8. results-report pilots/xiuzhou-standard-land: terminated 2025-08-15 → due 2025-08-15,
    submitted 2025-09-12 → late 28, owner sg-economy (its group); summary-evaluation at the same
    date, owner xiuzhou (the lead), done 2025-08-12 (days -3); no phase evaluation (midpoint
    2025-12-31 after the termination); quarterly reports only 2025-Q1 and 2025-Q2.
 9. projects/social-security-onething (exit 2026-05-15 by adjustment, deadline 2026-12-31): no
    2026-Q2 report, no m2 (due 2026-06-30), no results report; its filing, project-plan and
    2025-Q2 … 2026-Q1 reports remain.
10. filing 2026/keypoints#kp-11: issued 2026-06-10 + 7 = 2026-06-17, not filed → overdue -23,
    owner dept-ecology; kp-12 issued 2026-07-06 → 2026-07-13 due-soon 3, owner dept-planning.
11. effect-evaluation 2025/keypoints#kp-04 (the task of library project medical-community; it
    keeps its effect evaluation): start 2025-04-01 + 1 y = 2026-04-01, no evaluation → overdue
    -100, owner sg-social (its group); kp-08 start 2025-07-20 → 2026-07-20 due-soon 10, sg-economy.
12. phase-evaluation pilots/haining-factor-market: 2024-07-01 … 2027-12-31 (1279 days) →
    midpoint 2024-07-01 + 639 = 2026-04-01, evaluation 2026-05-12 → late 41, owner haining;
    pilots/jiashan-demo: 2013-03-01 … 2027-12-31 → midpoint 2020-07-31, done 2019-11-20 (-254).
13. supervision-report 2026/supervision/s02 (special, end 2026-07-01): due 2026-07-16, no report
    → due-soon 6, owner reform-office; 2025/supervision/s02 is daily → no report owed.
14. rectification 2026/supervision/s01#f2: notice to xiuzhou, deadline 2026-06-30, not rectified
    → overdue -10; reinspection of s01#f4: deadline 2026-06-05 + 30 = 2026-07-05 → overdue -5,
    owner reform-office (the supervision's lead); s02#f1: rectification by haiyan due 2026-07-20
    (due-soon 10), reinspection due 2026-08-19 (open, 40).
15. bulletin 2026/bulletins 2026-Q2: no Q2.md, due 2026-06-30 + 15 = 2026-07-15 → due-soon 5,
    file 2026/bulletins/Q2.md, line null; 2025-Q3 issued 2025-10-20 vs due 2025-10-15 → late 5.
16. halfyear-report units/haiyan 2026-H1: absent from 2026/reports.yaml → overdue -10;
    units/nanhu 2026-H1 reported 2026-07-02 → late 2.
17. monthly-contact units/sg-party 2026-06: the only June contact near it is by dept-health
    (does not count) → overdue -10; 2026-07 sg-economy done 2026-07-08 (days -23).
18. handover handovers/medical-insurance-settlement: assigned dept-health and tongxiang →
    two obligations, deadline 2026-06-30, overdue -10; handovers/data-sharing (dept-data, nanhu)
    due 2026-07-22 → due-soon 12.
19. milestone projects/medical-community m3: due 2026-06-20, not done → overdue -20, dept-health.
20. workplan 2026/workplans/sg-party approved 2026-04-10 → late 10; supervision-plan 2025
    approved 2025-04-08 → late 8.
Counts: --all gives 500 obligations (348 done, 31 late, 15 overdue, 10 due-soon, 96 open),
per rule exactly as the table in docs/example-ledger.md; the default view lists the 15 overdue
and 10 due-soon ones. No disagreement between the doc and the output was found.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from reformctl.model.rule_ids import RuleId
from tests.conftest import EXAMPLE, ROOT, run_cli

AS_OF = "2026-07-10"
EXT = {"table": "txt", "json": "json", "md": "md", "csv": "csv", "ics": "ics"}


def due(*args: str, cwd: Path = ROOT) -> str:
    result = run_cli("due", "--as-of", AS_OF, *args, cwd=cwd)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def due_json(*args: str) -> list[dict[str, object]]:
    return json.loads(due("--format", "json", *args))["obligations"]  # type: ignore[no-any-return]


# --- goldens -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "md", "csv", "ics"])
@pytest.mark.parametrize("view", ["default", "all"])
def test_golden(golden: object, fmt: str, view: str) -> None:
    args = ["--format", fmt] + (["--all"] if view == "all" else [])
    # CliRunner's stdout turns CRLF (CSV, ICS) into LF; test_crlf_line_ends checks the bytes
    text = due(*args)
    golden.check(f"due/{view}.{EXT[fmt]}", text)  # type: ignore[attr-defined]


# --- the content, by hand ------------------------------------------------------------------------


def test_all_counts_match_the_example_doc() -> None:
    obs = due_json("--all")
    assert len(obs) == 500
    assert Counter(o["state"] for o in obs) == {
        "done": 348,
        "late": 31,
        "overdue": 15,
        "due-soon": 10,
        "open": 96,
    }
    # every rule of SPEC §3 appears at least once
    assert {o["rule"] for o in obs} == {r.value for r in RuleId}


def test_default_view_is_overdue_and_due_soon() -> None:
    obs = due_json()
    assert Counter(o["state"] for o in obs) == {"overdue": 15, "due-soon": 10}
    dues = [o["due"] for o in obs]
    assert dues == sorted(dues)  # overdue first
    assert all(o["due"] <= "2026-07-24" for o in obs)


def _find(obs: list[dict[str, object]], **match: object) -> list[dict[str, object]]:
    return [o for o in obs if all(o[k] == v for k, v in match.items())]


@pytest.mark.parametrize(
    ("match", "expected"),
    [
        (
            {"rule": "quarterly-report", "subject": "projects/zuiduo-paoyici", "period": "2026-Q2"},
            {
                "owner": "dept-reform-admin",
                "due": "2026-06-30",
                "done": None,
                "state": "overdue",
                "days": -10,
                "route": ["dept-reform-admin", "sg-government", "reform-office"],
                "file": "projects/zuiduo-paoyici.yaml",
            },
        ),
        (
            {
                "rule": "quarterly-report",
                "subject": "pilots/haiyan-urban-rural",
                "period": "2026-Q2",
            },
            {
                "owner": "haiyan",
                "route": ["haiyan", "reform-office"],
                "state": "overdue",
                "days": -10,
            },
        ),
        (
            {"rule": "milestone", "subject": "projects/zuiduo-paoyici", "period": "m4"},
            {"due": "2026-07-18", "state": "due-soon", "days": 8, "route": None},
        ),
        (
            {"rule": "filing", "subject": "pilots/haiyan-urban-rural"},
            {"due": "2025-01-27", "done": "2025-02-05", "state": "late", "days": 9},
        ),
        (
            {"rule": "project-plan", "subject": "projects/homestead-reform"},
            {"owner": "dept-agriculture", "due": "2026-04-20", "state": "overdue", "days": -81},
        ),
        (
            {"rule": "project-plan", "subject": "projects/public-data"},
            {"owner": "dept-data", "due": "2026-07-19", "state": "due-soon", "days": 9},
        ),
        (
            {"rule": "results-report", "subject": "projects/education-community"},
            {"owner": "sg-social", "due": "2026-04-30", "state": "overdue", "days": -71},
        ),
        (
            {"rule": "results-report", "subject": "pilots/xiuzhou-standard-land"},
            {
                "owner": "sg-economy",
                "due": "2025-08-15",
                "done": "2025-09-12",
                "state": "late",
                "days": 28,
            },
        ),
        (
            {"rule": "summary-evaluation", "subject": "pilots/xiuzhou-standard-land"},
            {
                "owner": "xiuzhou",
                "period": "summary",
                "due": "2025-08-15",
                "done": "2025-08-12",
                "state": "done",
            },
        ),
        (
            {"rule": "filing", "subject": "2026/keypoints#kp-11"},
            {
                "owner": "dept-ecology",
                "due": "2026-06-17",
                "state": "overdue",
                "days": -23,
                "file": "2026/keypoints.yaml",
            },
        ),
        (
            {"rule": "effect-evaluation", "subject": "2025/keypoints#kp-04"},
            {
                "owner": "sg-social",
                "period": "effect",
                "due": "2026-04-01",
                "state": "overdue",
                "days": -100,
            },
        ),
        (
            {"rule": "phase-evaluation", "subject": "pilots/haining-factor-market"},
            {
                "owner": "haining",
                "due": "2026-04-01",
                "done": "2026-05-12",
                "state": "late",
                "days": 41,
            },
        ),
        (
            {"rule": "phase-evaluation", "subject": "pilots/jiashan-demo"},
            {"due": "2020-07-31", "done": "2019-11-20", "state": "done", "days": -254},
        ),
        (
            {"rule": "supervision-report", "subject": "2026/supervision/s02"},
            {"owner": "reform-office", "due": "2026-07-16", "state": "due-soon", "days": 6},
        ),
        (
            {"rule": "reinspection", "subject": "2026/supervision/s01#f4"},
            {"owner": "reform-office", "due": "2026-07-05", "state": "overdue", "days": -5},
        ),
        (
            {"rule": "reinspection", "subject": "2026/supervision/s02#f1"},
            {"due": "2026-08-19", "state": "open", "days": 40},
        ),
        (
            {"rule": "rectification", "subject": "2026/supervision/s01#f2"},
            {"owner": "xiuzhou", "due": "2026-06-30", "state": "overdue", "days": -10},
        ),
        (
            {"rule": "bulletin", "period": "2026-Q2"},
            {
                "subject": "2026/bulletins",
                "due": "2026-07-15",
                "state": "due-soon",
                "days": 5,
                "file": "2026/bulletins/Q2.md",
                "line": None,
            },
        ),
        (
            {"rule": "bulletin", "period": "2025-Q3"},
            {"due": "2025-10-15", "done": "2025-10-20", "state": "late", "days": 5},
        ),
        (
            {"rule": "halfyear-report", "subject": "units/haiyan", "period": "2026-H1"},
            {"due": "2026-06-30", "state": "overdue", "days": -10},
        ),
        (
            {"rule": "monthly-contact", "subject": "units/sg-party", "period": "2026-06"},
            {"owner": "sg-party", "due": "2026-06-30", "state": "overdue", "days": -10},
        ),
        (
            {"rule": "workplan", "subject": "2026/workplans/sg-party"},
            {"due": "2026-03-31", "done": "2026-04-10", "state": "late", "days": 10},
        ),
    ],
)
def test_hand_checked_obligations(match: dict[str, object], expected: dict[str, object]) -> None:
    (ob,) = _find(due_json("--all"), **match)
    assert {k: ob[k] for k in expected} == expected


def test_deliberately_not_owed() -> None:
    obs = due_json("--all")
    keys = {(o["rule"], o["subject"], o["period"]) for o in obs}
    assert ("quarterly-report", "projects/social-security-onething", "2026-Q2") not in keys
    assert ("milestone", "projects/social-security-onething", "m2") not in keys
    assert ("results-report", "projects/social-security-onething", None) not in keys
    assert ("quarterly-report", "projects/invest-90days", "2026-Q2") not in keys
    assert ("quarterly-report", "projects/education-community", "2026-Q2") not in keys
    assert ("quarterly-report", "projects/river-chief", "2025-Q4") not in keys
    assert ("quarterly-report", "pilots/xiuzhou-standard-land", "2025-Q3") not in keys
    assert ("quarterly-report", "pilots/tongxiang-medical", "2026-Q3") not in keys
    assert ("phase-evaluation", "pilots/xiuzhou-standard-land", "phase") not in keys
    assert ("phase-evaluation", "pilots/haiyan-urban-rural", "phase") not in keys
    assert ("filing", "pilots/jiashan-demo", None) not in keys
    assert ("supervision-report", "2025/supervision/s02", None) not in keys
    assert {
        o["rule"]
        for o in obs
        if o["subject"] in ("pilots/nanhu-property", "pilots/tongxiang-three-governance")
    } == {"milestone"}
    handover = _find(obs, subject="handovers/medical-insurance-settlement")
    assert sorted(o["owner"] for o in handover) == ["dept-health", "tongxiang"]


# --- options -----------------------------------------------------------------------------------


def test_owner_is_repeatable() -> None:
    obs = due_json("--owner", "haiyan", "--owner", "xiuzhou")
    assert sorted((o["owner"], o["rule"]) for o in obs) == [
        ("haiyan", "halfyear-report"),
        ("haiyan", "quarterly-report"),
        ("haiyan", "rectification"),
        ("xiuzhou", "rectification"),
    ]


def test_rule_filter() -> None:
    obs = due_json("--rule", "handover")
    assert sorted((o["subject"], o["owner"], o["state"]) for o in obs) == [
        ("handovers/data-sharing", "dept-data", "due-soon"),
        ("handovers/data-sharing", "nanhu", "due-soon"),
        ("handovers/medical-insurance-settlement", "dept-health", "overdue"),
        ("handovers/medical-insurance-settlement", "tongxiang", "overdue"),
    ]
    both = due_json("--rule", "handover", "--rule", "bulletin")
    assert {o["rule"] for o in both} == {"handover", "bulletin"}


def test_subject_filter() -> None:
    obs = due_json("--subject", "projects/zuiduo-paoyici")
    assert [(o["rule"], o["period"]) for o in obs] == [
        ("quarterly-report", "2026-Q2"),
        ("milestone", "m4"),
    ]
    # a supervision's subject includes its findings
    obs = due_json("--subject", "2026/supervision/s01")
    assert [(o["rule"], o["subject"], o["due"]) for o in obs] == [
        ("rectification", "2026/supervision/s01#f2", "2026-06-30"),
        ("reinspection", "2026/supervision/s01#f4", "2026-07-05"),
        ("reinspection", "2026/supervision/s01#f3", "2026-07-20"),
    ]
    assert due_json("--subject", "projects/no-such-project") == []


def test_within() -> None:
    assert Counter(o["state"] for o in due_json("--within", "0")) == {"overdue": 15}
    wide = due_json("--within", "30")  # open and due by 2026-08-09
    assert len(wide) == 30
    assert sorted((o["rule"], o["subject"]) for o in wide if o["due"] > "2026-07-24") == [
        ("milestone", "2026/keypoints#kp-15"),
        ("milestone", "2026/workplans/sg-government#wp-02"),
        ("monthly-contact", "units/sg-party"),
        ("monthly-contact", "units/sg-social"),
        ("reinspection", "2026/supervision/s01#f2"),
    ]


def test_fail_on_overdue() -> None:
    assert run_cli("due", "--as-of", AS_OF, "--fail-on-overdue", cwd=ROOT).exit_code == 1
    # dept-planning only has a filing due soon
    ok = run_cli("due", "--as-of", AS_OF, "--fail-on-overdue", "--owner", "dept-planning", cwd=ROOT)
    assert ok.exit_code == 0, ok.output
    assert run_cli("due", "--as-of", AS_OF, "--owner", "xiuzhou", cwd=ROOT).exit_code == 0


def test_as_of_a_past_date() -> None:
    result = run_cli("due", "--as-of", "2026-06-10", "--rule", "rectification", "--format", "json", cwd=ROOT)
    assert result.exit_code == 0, result.output
    obs = json.loads(result.stdout)["obligations"]
    # on 2026-06-10 f1 (rectified 06-12) and f3 (06-18) were still open; f2 (due 06-30) is outside
    # the window; f4 was rectified on 06-05; s02#f1's notice (2026-07-06) did not exist yet
    assert [(o["subject"], o["due"], o["state"], o["days"]) for o in obs] == [
        ("2026/supervision/s01#f1", "2026-06-15", "due-soon", 5),
        ("2026/supervision/s01#f3", "2026-06-20", "due-soon", 10),
    ]
    everything = json.loads(
        run_cli(
            "due",
            "--as-of",
            "2026-06-10",
            "--all",
            "--rule",
            "rectification",
            "--format",
            "json",
            cwd=ROOT,
        ).stdout
    )["obligations"]
    assert "2026/supervision/s02#f1" not in {o["subject"] for o in everything}
    assert _find(everything, subject="2026/supervision/s01#f4")[0]["state"] == "done"


@pytest.mark.parametrize("bad", ["2026-13-01", "2026-02-30", "2026-7-1", "yesterday", "2026-07-10T00", ""])
def test_bad_as_of(bad: str) -> None:
    result = run_cli("due", "--as-of", bad, cwd=ROOT)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--as-of" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("option", "value"), [("--rule", "no-such-rule"), ("--owner", "no-such-unit")])
def test_unknown_rule_or_owner(option: str, value: str) -> None:
    result = run_cli("due", "--as-of", AS_OF, option, value, cwd=ROOT)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert value in result.stderr
    assert "Traceback" not in result.output


# --- formats -----------------------------------------------------------------------------------


def test_csv_has_a_bom_and_all_rows() -> None:
    text = due("--all", "--format", "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 500
    assert rows[0].keys() >= {  # headed in the ledger's language (docs/rules.md)
        "类别",
        "对象",
        "期间",
        "单位代码",
        "责任单位",
        "报送路径",
        "截止日期",
        "完成日期",
        "状态",
        "天数",
    }
    row = next(r for r in rows if r["对象"] == "pilots/haiyan-urban-rural" and r["期间"] == "2026年第二季度")
    assert (row["报送路径"], row["状态"], row["天数"]) == ("海盐县 → 市委改革办", "已逾期", "-10")
    milestone = next(r for r in rows if r["类别"] == "时间节点")
    assert re.fullmatch(r"第\d+个时间节点", milestone["期间"])
    evaluation = next(r for r in rows if r["类别"] == "效果评估")
    assert evaluation["期间"] == "效果评估"


@pytest.mark.parametrize("fmt", ["csv", "ics"])
def test_crlf_line_ends(fmt: str) -> None:
    """The real process output, bytes as written: CRLF lines; CSV with a UTF-8 BOM."""
    out = subprocess.run(
        [sys.executable, "-m", "reformctl", "due", "--as-of", AS_OF, "--format", fmt],
        cwd=ROOT,
        capture_output=True,
        check=True,
        env={**os.environ, "NO_COLOR": "1"},
    ).stdout
    assert out.count(b"\r\n") > 10
    assert b"\n" not in out.replace(b"\r\n", b"")
    if fmt == "csv":
        assert out.startswith("\ufeff类别,对象,".encode())
    else:
        assert out.startswith(b"BEGIN:VCALENDAR\r\n")


def _uids(text: str) -> list[str]:
    return re.findall(r"^UID:(.+?)\r?$", text, flags=re.M)


def test_ics_lists_every_open_obligation() -> None:
    text = due("--format", "ics")
    assert len(_uids(text)) == 15 + 10 + 96  # overdue, due soon and open, not done or late
    assert text == due("--format", "ics", "--all")


def test_ics_uids_are_stable(tmp_path: Path) -> None:
    first = _uids(due("--format", "ics"))
    assert first == _uids(due("--format", "ics"))
    assert len(set(first)) == len(first)
    ledger = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, ledger)
    project = ledger / "projects/zuiduo-paoyici.yaml"
    text = project.read_text(encoding="utf-8")
    assert 'title: 深化"最多跑一次"改革\n' in text
    project.write_text(
        text.replace('title: 深化"最多跑一次"改革\n', "title: 深化一件事改革\n", 1),
        encoding="utf-8",
    )
    edited = run_cli("due", "--ledger", str(ledger), "--as-of", AS_OF, "--format", "ics", cwd=tmp_path)
    assert edited.exit_code == 0, edited.output
    assert "深化一件事改革" in edited.stdout.replace("\r\n ", "")
    assert _uids(edited.stdout) == first
