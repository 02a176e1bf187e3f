"""`project-plan` (§1(3)), `filing` (§4(2)) and `milestone` (§1(3), §2(1)), SPEC §3."""

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


def _ms(*dues: str, done: dict[str, str] | None = None) -> list[dict[str, Any]]:
    out = []
    for n, due in enumerate(dues, start=1):
        m: dict[str, Any] = {"due": D(due), "what": f"节点{n}"}
        if done and due in done:
            m["done"] = D(done[due])
        out.append(m)
    return out


# --- project-plan ------------------------------------------------------------------------------


def test_project_plan_new_project(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"projects/p1.yaml": project(stage="new", entered=D("2026-01-10"))})
    # 2026-01-10 + 90 days: 21 days to Jan 31, 49 to Feb 28, 80 to Mar 31, 90 → Apr 10
    ob = one(obligations(ledger, "2026-04-10", "project-plan"))
    assert (ob.subject, ob.owner, ob.period, ob.route) == ("projects/p1", "dept-a", None, None)
    assert facts(ob) == ("2026-04-10", None, "due-soon", 0)
    assert facts(one(obligations(ledger, "2026-04-11", "project-plan"))) == (
        "2026-04-10",
        None,
        "overdue",
        -1,
    )
    # not entered yet: no project rule at all
    assert obligations(ledger, "2026-01-09", subject="projects/p1") == []


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        ("2026-04-10", ("2026-04-10", "2026-04-10", "done", 0)),
        ("2026-04-11", ("2026-04-10", "2026-04-11", "late", 1)),
        ("2026-07-11", ("2026-04-10", None, "overdue", -91)),  # issued after as-of: not yet
    ],
)
def test_project_plan_done_at_issued(tmp_path: Path, issued: str, expected: tuple[object, ...]) -> None:
    plan = {"scope": "breakthrough", "drafted": D("2026-02-01"), "issued": D(issued)}
    ledger = build(tmp_path, {"projects/p1.yaml": project(entered=D("2026-01-10"), plan=plan)})
    assert facts(one(obligations(ledger, "2026-07-10", "project-plan"))) == expected


@pytest.mark.parametrize(
    ("stage", "with_plan", "owed"),
    [
        ("new", False, True),
        ("new", True, True),
        ("implementing", False, False),
        ("implementing", True, True),
        ("awaiting-approval", False, False),
        ("awaiting-approval", True, True),
    ],
)
def test_project_plan_arises_for_new_or_with_plan(
    tmp_path: Path, stage: str, with_plan: bool, owed: bool
) -> None:
    fields: dict[str, Any] = {"stage": stage}
    if with_plan:
        fields["plan"] = {"drafted": D("2026-01-05")}
    ledger = build(tmp_path, {"projects/p1.yaml": project(**fields)})
    assert len(obligations(ledger, "2026-07-10", "project-plan")) == int(owed)


def test_project_plan_stays_owed_after_exit(tmp_path: Path) -> None:
    p = project(stage="new", entered=D("2026-01-10"), exit={"date": D("2026-02-01"), "reason": "调整出库"})
    ledger = build(tmp_path, {"projects/p1.yaml": p})
    assert facts(one(obligations(ledger, "2026-07-10", "project-plan"))) == (
        "2026-04-10",
        None,
        "overdue",
        -91,
    )


# --- filing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filed", "as_of", "expected"),
    [
        # issued 2026-01-28 + 7 days crosses the month end
        (None, "2026-02-04", ("2026-02-04", None, "due-soon", 0)),
        (None, "2026-02-05", ("2026-02-04", None, "overdue", -1)),
        ("2026-02-04", "2026-07-10", ("2026-02-04", "2026-02-04", "done", 0)),
        ("2026-02-05", "2026-07-10", ("2026-02-04", "2026-02-05", "late", 1)),
        ("2026-01-30", "2026-07-10", ("2026-02-04", "2026-01-30", "done", -5)),
    ],
)
def test_filing_of_a_project(
    tmp_path: Path, filed: str | None, as_of: str, expected: tuple[object, ...]
) -> None:
    plan: dict[str, Any] = {"scope": "breakthrough", "issued": D("2026-01-28")}
    if filed:
        plan["filed"] = D(filed)
    ledger = build(tmp_path, {"projects/p1.yaml": project(plan=plan)})
    ob = one(obligations(ledger, as_of, "filing"))
    assert (ob.subject, ob.owner, ob.period, ob.route) == ("projects/p1", "dept-a", None, None)
    assert facts(ob) == expected


def test_filing_only_once_issued(tmp_path: Path) -> None:
    plan = {"scope": "breakthrough", "deliberated": D("2026-01-20"), "issued": D("2026-01-28")}
    ledger = build(tmp_path, {"projects/p1.yaml": project(plan=plan)})
    assert obligations(ledger, "2026-01-27", "filing") == []
    assert len(obligations(ledger, "2026-01-28", "filing")) == 1


def test_filing_leap_february(tmp_path: Path) -> None:
    plan = {"issued": D("2024-02-25")}
    ledger = build(tmp_path, {"projects/p1.yaml": project(entered=D("2024-01-01"), plan=plan)})
    assert one(obligations(ledger, "2024-03-10", "filing")).due == D("2024-03-03")


def test_filing_stays_owed_after_exit(tmp_path: Path) -> None:
    p = project(plan={"issued": D("2026-03-01")}, exit={"date": D("2026-03-05"), "reason": "调整出库"})
    ledger = build(tmp_path, {"projects/p1.yaml": p})
    assert facts(one(obligations(ledger, "2026-07-10", "filing"))) == (
        "2026-03-08",
        None,
        "overdue",
        -124,
    )


@pytest.mark.parametrize(
    ("level", "breaks", "owed"),
    [
        ("national", "national-law", True),
        ("provincial", "provincial-rules", True),
        ("municipal", "local-rules", False),
        ("local", "none", False),
    ],
)
def test_filing_of_pilots_by_level(tmp_path: Path, level: str, breaks: str, owed: bool) -> None:
    pl = pilot(level=level, breaks=breaks, plan={"scope": "pilot", "issued": D("2025-01-20")})
    ledger = build(tmp_path, {"pilots/x.yaml": pl})
    obs = obligations(ledger, "2026-07-10", "filing")
    assert len(obs) == int(owed)
    if owed:
        assert (obs[0].owner, obs[0].due) == ("county-a", D("2025-01-27"))


def test_filing_of_key_point_tasks(tmp_path: Path) -> None:
    kp = keypoints(
        2026,
        task(id="kp-01", plan={"scope": "none", "issued": D("2026-04-15"), "filed": D("2026-04-20")}),
        # a task that is a library project: the project files its plan, the task does not
        task(id="kp-02", project="p1", plan={"issued": D("2026-04-15")}),
        task(id="kp-03", lead="dept-b", plan={"drafted": D("2026-04-15")}),  # not issued
    )
    ledger = build(
        tmp_path,
        {"2026/keypoints.yaml": kp, "projects/p1.yaml": project(plan={"issued": D("2026-03-02")})},
    )
    obs = obligations(ledger, "2026-07-10", "filing")
    assert sorted(ob.subject for ob in obs) == ["2026/keypoints#kp-01", "projects/p1"]
    t = next(ob for ob in obs if ob.subject == "2026/keypoints#kp-01")
    assert (t.owner, *facts(t)) == ("dept-a", "2026-04-22", "2026-04-20", "done", -2)
    assert t.file == "2026/keypoints.yaml"


# --- milestone ---------------------------------------------------------------------------------


def test_milestones_of_an_exited_project(tmp_path: Path) -> None:
    p = project(
        milestones=_ms("2026-05-14", "2026-05-15", "2026-06-30"),
        exit={"date": D("2026-05-15"), "reason": "调整出库"},
    )
    ledger = build(tmp_path, {"projects/p1.yaml": p})
    # in the library on 05-14, not on the exit day nor after
    obs = obligations(ledger, "2026-07-10", "milestone")
    assert periods(obs) == ["m1"]
    assert facts(obs[0]) == ("2026-05-14", None, "overdue", -57)
    assert obs[0].title == "测试项目：节点1"
    # as of 2026-05-01 the exit has not happened: all three are owed
    early = obligations(ledger, "2026-05-01", "milestone")
    assert [(ob.period, ob.state, ob.days) for ob in early] == [
        ("m1", "due-soon", 13),
        ("m2", "due-soon", 14),
        ("m3", "open", 60),
    ]


def test_milestones_of_a_completed_project(tmp_path: Path) -> None:
    p = project(
        milestones=_ms("2025-12-31", "2026-06-19", "2026-06-20", done={"2026-06-19": "2026-06-21"}),
        completed=D("2026-06-20"),
    )
    ledger = build(tmp_path, {"projects/p1.yaml": p})
    obs = obligations(ledger, "2026-07-10", "milestone")
    # m1 is before the project entered (2026-01-01); m3 falls on the completion day
    assert periods(obs) == ["m2"]
    assert facts(obs[0]) == ("2026-06-19", "2026-06-21", "late", 2)


def test_milestones_and_approved_until(tmp_path: Path) -> None:
    p = project(milestones=_ms("2026-06-30", "2026-07-01"), approved_until=D("2026-06-30"))
    ledger = build(tmp_path, {"projects/p1.yaml": p})
    assert periods(obligations(ledger, "2026-07-10", "milestone")) == ["m1"]


def test_milestones_of_a_pilot(tmp_path: Path) -> None:
    pl = pilot(
        level="municipal",
        breaks="local-rules",
        start=D("2025-01-01"),
        end=D("2027-12-31"),
        terminated=D("2026-03-01"),
        milestones=_ms("2024-12-31", "2026-02-28", "2026-03-01", "2028-01-01"),
    )
    ledger = build(tmp_path, {"pilots/x.yaml": pl})
    obs = obligations(ledger, "2026-07-10", "milestone")
    assert [(ob.period, ob.owner) for ob in obs] == [("m2", "county-a")]
    # before the termination happened, m3 (2026-03-01) was owed too; m4 is after `end`
    assert periods(obligations(ledger, "2026-02-01", "milestone")) == ["m2", "m3"]


def test_milestones_of_work_plan_items(tmp_path: Path) -> None:
    item = wp_item(milestones=_ms("2026-03-14", "2026-03-15", "2026-06-30"), completed=D("2026-06-30"))
    ledger = build(
        tmp_path,
        {
            "2026/workplans/sg-a.yaml": workplan("sg-a", 2026, item, approved=D("2026-03-15")),
            # never approved: its items are not active
            "2026/workplans/sg-b.yaml": workplan("sg-b", 2026, wp_item(milestones=_ms("2026-05-01"))),
        },
    )
    obs = obligations(ledger, "2026-07-10", "milestone")
    assert [(ob.subject, ob.period, ob.owner) for ob in obs] == [
        ("2026/workplans/sg-a#wp-01", "m2", "dept-b")
    ]
    assert obs[0].file == "2026/workplans/sg-a.yaml"


def test_milestones_of_key_point_tasks(tmp_path: Path) -> None:
    kp = keypoints(
        2026,
        task(id="kp-01", start=D("2026-03-01"), milestones=_ms("2026-02-28", "2026-03-01")),
        task(id="kp-02", milestones=_ms("2026-05-01")),  # no start: not active
        task(id="kp-03", project="p1", start=D("2026-01-01"), milestones=_ms("2026-05-01")),
    )
    ledger = build(
        tmp_path,
        {"2026/keypoints.yaml": kp, "projects/p1.yaml": project(milestones=_ms("2026-05-02"))},
    )
    obs = obligations(ledger, "2026-07-10", "milestone")
    assert [(ob.subject, ob.period) for ob in obs] == [
        ("2026/keypoints#kp-01", "m2"),
        ("projects/p1", "m1"),
    ]


def test_milestone_done_and_numbering(tmp_path: Path) -> None:
    dues = [f"2026-{m:02d}-01" for m in range(2, 13)]  # 11 milestones
    p = project(milestones=_ms(*dues, done={"2026-02-01": "2026-02-01", "2026-03-01": "2026-03-02"}))
    ledger = build(tmp_path, {"projects/p1.yaml": p})
    obs = obligations(ledger, "2026-07-10", "milestone")
    assert periods(obs) == [f"m{n}" for n in range(1, 12)]
    assert facts(obs[0]) == ("2026-02-01", "2026-02-01", "done", 0)
    assert facts(obs[1]) == ("2026-03-01", "2026-03-02", "late", 1)
    assert facts(obs[5]) == ("2026-07-01", None, "overdue", -9)


@pytest.mark.parametrize(
    ("fields", "issued", "owed"),
    [
        # a plan issued after the project left the library is not filed as a library project's
        ({"exit": {"date": D("2026-05-15"), "reason": "调整出库"}}, "2026-05-14", True),
        ({"exit": {"date": D("2026-05-15"), "reason": "调整出库"}}, "2026-05-15", False),
        ({"completed": D("2026-05-15")}, "2026-06-01", False),
        ({"approved_until": D("2026-05-31")}, "2026-05-31", True),
        ({"approved_until": D("2026-05-31")}, "2026-06-01", False),
        # issued before the project entered: owed once it has entered
        ({"entered": D("2026-03-01")}, "2026-02-20", True),
    ],
)
def test_filing_of_a_plan_issued_after_the_project_left(
    tmp_path: Path, fields: dict[str, Any], issued: str, owed: bool
) -> None:
    p = project(plan={"issued": D(issued)}, **fields)
    ledger = build(tmp_path, {"projects/p1.yaml": p})
    assert len(obligations(ledger, "2026-07-10", "filing")) == int(owed)


@pytest.mark.parametrize(
    ("fields", "issued", "owed"),
    [
        ({"start": D("2025-03-01")}, "2025-02-20", True),  # issued before the start: owed
        ({"end": D("2026-03-31")}, "2026-03-31", True),
        ({"end": D("2026-03-31")}, "2026-04-01", False),
        ({"terminated": D("2026-03-10")}, "2026-03-09", True),
        ({"terminated": D("2026-03-10")}, "2026-03-10", False),
    ],
)
def test_filing_of_a_plan_issued_after_the_pilot_ended(
    tmp_path: Path, fields: dict[str, Any], issued: str, owed: bool
) -> None:
    ledger = build(tmp_path, {"pilots/x.yaml": pilot(plan={"issued": D(issued)}, **fields)})
    assert len(obligations(ledger, "2026-07-10", "filing")) == int(owed)
