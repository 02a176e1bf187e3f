"""`quarterly-report` (§2(2)) and `results-report` (§4(3)), SPEC §3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.rules.helpers import (
    D,
    build,
    facts,
    keypoints,
    obligations,
    one,
    periods,
    pilot,
    project,
    task,
    workplan,
    wp_item,
)

QR = "quarterly-report"


def _qr(
    tmp_path: Path, as_of: str = "2026-07-10", subject: str = "projects/p1", **fields: Any
) -> list[str | None]:
    ledger = build(tmp_path, {"projects/p1.yaml": project(**fields), "2026": None})
    return periods(obligations(ledger, as_of, QR, subject))


# --- quarterly-report: projects ---------------------------------------------------------------


def test_project_entering_mid_quarter_owes_that_quarter(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"projects/p1.yaml": project(entered=D("2026-02-15")), "2026": None})
    obs = obligations(ledger, "2026-07-10", QR)
    assert periods(obs) == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert [facts(ob) for ob in obs] == [
        ("2026-03-31", None, "overdue", -101),
        ("2026-06-30", None, "overdue", -10),
        ("2026-09-30", None, "open", 82),
    ]
    assert all(ob.route == ("dept-a", "sg-a", "office") for ob in obs)
    assert all(ob.owner == "dept-a" for ob in obs)


def test_project_only_ledger_years(tmp_path: Path) -> None:
    # entered in 2025, but the ledger has only a 2026 folder
    assert _qr(tmp_path, entered=D("2025-06-01")) == ["2026-Q1", "2026-Q2", "2026-Q3"]


def test_quarter_arises_on_its_first_day(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"projects/p1.yaml": project(), "2026": None})
    assert periods(obligations(ledger, "2026-06-30", QR)) == ["2026-Q1", "2026-Q2"]
    q3 = one(obligations(ledger, "2026-07-01", QR), "2026-Q3")
    assert facts(q3) == ("2026-09-30", None, "open", 91)


@pytest.mark.parametrize(
    ("approved_until", "expected"),
    [
        ("2026-06-30", ["2026-Q1", "2026-Q2"]),  # ends on the quarter's last day: still owes Q2
        ("2026-06-29", ["2026-Q1"]),  # the day before: out of the library on 06-30
        ("2026-03-31", ["2026-Q1"]),
        ("2027-12-31", ["2026-Q1", "2026-Q2", "2026-Q3"]),
    ],
)
def test_project_approved_until(tmp_path: Path, approved_until: str, expected: list[str]) -> None:
    assert _qr(tmp_path, approved_until=D(approved_until)) == expected


@pytest.mark.parametrize(
    ("completed", "expected"),
    [
        ("2026-06-30", ["2026-Q1"]),  # completed on 06-30: not in the library that day
        ("2026-07-01", ["2026-Q1", "2026-Q2"]),
        ("2026-04-28", ["2026-Q1"]),
    ],
)
def test_project_completed(tmp_path: Path, completed: str, expected: list[str]) -> None:
    assert _qr(tmp_path, completed=D(completed)) == expected


def test_project_exit_as_of(tmp_path: Path) -> None:
    fields = {"exit": {"date": D("2026-05-15"), "reason": "调整出库"}}
    assert _qr(tmp_path / "a", **fields) == ["2026-Q1"]
    # as of 2026-05-01 the exit has not happened yet: Q2 is owed as the ledger stands that day
    assert _qr(tmp_path / "b", as_of="2026-05-01", **fields) == ["2026-Q1", "2026-Q2"]


def test_project_not_entered_yet(tmp_path: Path) -> None:
    assert _qr(tmp_path, as_of="2026-07-10", entered=D("2026-07-11")) == []


def test_project_reports_done_late_and_as_of(tmp_path: Path) -> None:
    reports = {"2026-Q1": {"submitted": D("2026-03-31")}, "2026-Q2": {"submitted": D("2026-07-02")}}
    ledger = build(tmp_path, {"projects/p1.yaml": project(reports=reports), "2026": None})
    obs = obligations(ledger, "2026-07-10", QR)
    assert [facts(ob) for ob in obs[:2]] == [
        ("2026-03-31", "2026-03-31", "done", 0),
        ("2026-06-30", "2026-07-02", "late", 2),
    ]
    # the line points into the report of that period
    text = (tmp_path / "ledger/projects/p1.yaml").read_text(encoding="utf-8").splitlines()
    assert text[obs[1].line - 1].strip() == "submitted: 2026-07-02"  # type: ignore[operator]
    # as of 2026-07-01 the Q2 report (submitted 07-02) has not come in
    assert facts(one(obligations(ledger, "2026-07-01", QR), "2026-Q2")) == (
        "2026-06-30",
        None,
        "overdue",
        -1,
    )


def test_key_point_task_with_project_reports_once(tmp_path: Path) -> None:
    kp = keypoints(2026, task(project="p1", start=D("2026-01-01")), task(id="kp-02", start=D("2026-01-01")))
    ledger = build(tmp_path, {"projects/p1.yaml": project(), "2026/keypoints.yaml": kp})
    obs = obligations(ledger, "2026-07-10", QR)
    assert {ob.subject for ob in obs} == {"projects/p1"}  # tasks never report quarterly


# --- quarterly-report: pilots -------------------------------------------------------------------


def test_pilot_routes(tmp_path: Path) -> None:
    ledger = build(
        tmp_path,
        {
            "pilots/grouped.yaml": pilot(),
            "pilots/county.yaml": pilot(group=None, level="national", breaks="national-law"),
            "pilots/city.yaml": pilot(level="municipal", breaks="local-rules"),
            "pilots/own.yaml": pilot(level="local", breaks="none", group=None),
            "2026": None,
        },
    )
    obs = obligations(ledger, "2026-07-10", QR)
    assert {ob.subject for ob in obs} == {"pilots/grouped", "pilots/county"}
    assert {ob.route for ob in obs if ob.subject == "pilots/grouped"} == {("county-a", "sg-a", "office")}
    # a county pilot outside any special group reports straight to the office
    assert {ob.route for ob in obs if ob.subject == "pilots/county"} == {("county-a", "office")}
    assert {ob.owner for ob in obs} == {"county-a"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"start": D("2026-02-01")}, ["2026-Q1", "2026-Q2", "2026-Q3"]),
        ({"start": D("2026-04-01")}, ["2026-Q2", "2026-Q3"]),
        ({"end": D("2026-06-30")}, ["2026-Q1", "2026-Q2"]),  # active on its end day
        ({"end": D("2026-06-29")}, ["2026-Q1"]),
        ({"terminated": D("2026-06-30")}, ["2026-Q1"]),  # not active on the termination day
        ({"terminated": D("2026-07-01")}, ["2026-Q1", "2026-Q2"]),
    ],
)
def test_pilot_active_on_the_quarter_end(tmp_path: Path, fields: dict[str, Any], expected: list[str]) -> None:
    ledger = build(tmp_path, {"pilots/x.yaml": pilot(**fields), "2026": None})
    assert periods(obligations(ledger, "2026-07-10", QR)) == expected


# --- quarterly-report: work-plan items ----------------------------------------------------------


def test_work_plan_items(tmp_path: Path) -> None:
    ledger = build(
        tmp_path,
        {
            "2026/workplans/sg-a.yaml": workplan(
                "sg-a",
                2026,
                wp_item(id="wp-01"),
                wp_item(id="wp-02", completed=D("2026-06-30")),
                wp_item(id="wp-03", completed=D("2026-07-01")),
                wp_item(id="wp-04", completed=D("2026-03-31")),
                approved=D("2026-04-10"),
            ),
            "2026/workplans/sg-b.yaml": workplan("sg-b", 2026, wp_item(), approved=D("2026-03-31")),
        },
    )
    obs = obligations(ledger, "2026-07-10", QR)
    got = {(ob.subject, ob.period) for ob in obs}
    assert got == {
        # approved 2026-04-10: nothing for Q1
        ("2026/workplans/sg-a#wp-01", "2026-Q2"),
        ("2026/workplans/sg-a#wp-01", "2026-Q3"),
        ("2026/workplans/sg-a#wp-02", "2026-Q2"),  # completed 06-30, before Q3 began
        ("2026/workplans/sg-a#wp-03", "2026-Q2"),
        ("2026/workplans/sg-a#wp-03", "2026-Q3"),  # completed 07-01, not before Q3 began
        # wp-04 completed 2026-03-31, before Q2 began, and the plan was approved after Q1
        ("2026/workplans/sg-b#wp-01", "2026-Q1"),  # approved on Q1's last day
        ("2026/workplans/sg-b#wp-01", "2026-Q2"),
        ("2026/workplans/sg-b#wp-01", "2026-Q3"),
    }
    ob = one(obs, "2026-Q1")
    assert (ob.owner, ob.route) == ("dept-b", ("dept-b", "sg-b", "office"))


def test_work_plan_items_only_their_year(tmp_path: Path) -> None:
    ledger = build(
        tmp_path,
        {
            "2026/workplans/sg-a.yaml": workplan("sg-a", 2026, wp_item(), approved=D("2026-01-10")),
            "2027": None,
        },
    )
    assert periods(obligations(ledger, "2027-07-10", QR)) == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]


# --- results-report -----------------------------------------------------------------------------

RR = "results-report"


@pytest.mark.parametrize(
    ("fields", "as_of", "expected"),
    [
        # exited by adjustment before the deadline: not owed
        ({"exit": {"date": D("2026-05-15"), "reason": "调整出库"}}, "2026-07-10", None),
        # … but owed as of a day before the exit happened
        (
            {"exit": {"date": D("2026-05-15"), "reason": "调整出库"}},
            "2026-05-01",
            ("2026-12-31", None, "open", 244),
        ),
        # exited on the deadline itself: not before it, so owed
        (
            {"exit": {"date": D("2026-12-31"), "reason": "调整出库"}},
            "2027-01-10",
            ("2026-12-31", None, "overdue", -10),
        ),
        # completed projects report results at their deadline
        (
            {
                "completed": D("2026-04-28"),
                "deadline": D("2026-04-30"),
                "results": {"submitted": D("2026-05-03")},
            },
            "2026-07-10",
            ("2026-04-30", "2026-05-03", "late", 3),
        ),
        # completed first, taken out by adjustment afterwards: it left as completed, so it reports
        (
            {
                "completed": D("2026-04-01"),
                "exit": {"date": D("2026-05-15"), "reason": "调整出库"},
            },
            "2026-07-10",
            ("2026-12-31", None, "open", 174),
        ),
        # so do those that reached their time limit
        (
            {"approved_until": D("2026-03-31"), "deadline": D("2026-06-30")},
            "2026-07-10",
            ("2026-06-30", None, "overdue", -10),
        ),
        (
            {"results": {"submitted": D("2026-12-20")}},
            "2026-12-20",
            ("2026-12-31", "2026-12-20", "done", -11),
        ),
        # results submitted after the as-of date do not count yet
        (
            {"results": {"submitted": D("2026-12-20")}},
            "2026-12-19",
            ("2026-12-31", None, "due-soon", 12),
        ),
    ],
)
def test_results_report_of_projects(
    tmp_path: Path, fields: dict[str, Any], as_of: str, expected: tuple[object, ...] | None
) -> None:
    ledger = build(tmp_path, {"projects/p1.yaml": project(**fields)})
    obs = obligations(ledger, as_of, RR)
    if expected is None:
        assert obs == []
    else:
        ob = one(obs)
        assert (ob.subject, ob.owner, ob.period, ob.route) == ("projects/p1", "sg-a", None, None)
        assert facts(ob) == expected


def test_results_report_not_before_entered(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"projects/p1.yaml": project(entered=D("2026-03-01"))})
    assert obligations(ledger, "2026-02-28", RR) == []


@pytest.mark.parametrize(
    ("fields", "as_of", "expected"),
    [
        ({}, "2026-07-10", ("sg-a", "2027-12-31")),
        ({"group": None}, "2026-07-10", ("county-a", "2027-12-31")),  # the lead when no group
        ({"terminated": D("2025-08-15")}, "2026-07-10", ("sg-a", "2025-08-15")),
        (
            {"terminated": D("2025-08-15")},
            "2025-08-14",
            ("sg-a", "2027-12-31"),
        ),  # not yet terminated
        ({"level": "national", "breaks": "national-law"}, "2026-07-10", ("sg-a", "2027-12-31")),
        ({"level": "municipal", "breaks": "local-rules"}, "2026-07-10", None),
        ({"level": "local", "breaks": "none"}, "2026-07-10", None),
        ({"start": D("2026-08-01")}, "2026-07-10", None),  # not started
    ],
)
def test_results_report_of_pilots(
    tmp_path: Path, fields: dict[str, Any], as_of: str, expected: tuple[str, str] | None
) -> None:
    ledger = build(tmp_path, {"pilots/x.yaml": pilot(**fields)})
    obs = obligations(ledger, as_of, RR)
    if expected is None:
        assert obs == []
    else:
        ob = one(obs)
        assert (ob.owner, ob.due.isoformat()) == expected
