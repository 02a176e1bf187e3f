"""`supervision-report`, `rectification`, `reinspection` (§3(1)) and `handover` (§3(2)), SPEC §3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.rules.helpers import D, build, facts, finding, obligations, one, supervision


def _sup(tmp_path: Path, **fields: Any) -> Any:
    return build(tmp_path, {"2026/supervision/s01.yaml": supervision(**fields)})


@pytest.mark.parametrize(
    ("fields", "as_of", "expected"),
    [
        # end 2026-05-20 + 15 days → 2026-06-04 (across the month end)
        ({"end": D("2026-05-20")}, "2026-06-04", ("2026-06-04", None, "due-soon", 0)),
        (
            {"end": D("2026-05-20"), "report": {"submitted": D("2026-05-30")}},
            "2026-07-10",
            ("2026-06-04", "2026-05-30", "done", -5),
        ),
        (
            {"end": D("2026-05-20"), "report": {"submitted": D("2026-06-05")}},
            "2026-07-10",
            ("2026-06-04", "2026-06-05", "late", 1),
        ),
        ({"end": D("2026-01-28")}, "2026-07-10", ("2026-02-12", None, "overdue", -148)),
        (
            {"end": D("2026-05-20"), "kind": "special"},
            "2026-06-05",
            ("2026-06-04", None, "overdue", -1),
        ),
        ({"end": D("2026-05-20"), "kind": "daily"}, "2026-07-10", None),  # daily: no report
        ({}, "2026-07-10", None),  # not finished
        ({"end": D("2026-05-20")}, "2026-05-19", None),  # the end has not happened yet
    ],
)
def test_supervision_report(
    tmp_path: Path, fields: dict[str, Any], as_of: str, expected: tuple[object, ...] | None
) -> None:
    obs = obligations(_sup(tmp_path, **fields), as_of, "supervision-report")
    if expected is None:
        assert obs == []
    else:
        ob = one(obs)
        assert (ob.subject, ob.owner, ob.period, ob.route) == (
            "2026/supervision/s01",
            "office",
            None,
            None,
        )
        assert facts(ob) == expected
        assert ob.file == "2026/supervision/s01.yaml"


def test_supervision_report_owner_is_the_lead(tmp_path: Path) -> None:
    ledger = _sup(tmp_path, lead="inspection", end=D("2026-05-20"))
    assert one(obligations(ledger, "2026-07-10", "supervision-report")).owner == "inspection"


def _notice(unit: str = "dept-b", issued: str = "2026-06-01", deadline: str = "2026-07-31") -> dict[str, Any]:
    return {"unit": unit, "issued": D(issued), "deadline": D(deadline)}


def test_rectification_and_reinspection(tmp_path: Path) -> None:
    findings = [
        finding(
            id="f1",
            notice=_notice(),
            rectified=D("2026-07-31"),
            reinspection={"date": D("2026-08-15"), "passed": False},
        ),
        finding(
            id="f2",
            notice=_notice(unit="county-a", deadline="2026-01-31", issued="2026-01-05"),
            rectified=D("2026-02-02"),
            reinspection={"date": D("2026-03-03"), "passed": True},
        ),
        finding(id="f3"),  # no notice: nothing owed
        finding(id="f4", notice=_notice(issued="2026-09-01")),  # notice not issued yet
    ]
    ledger = _sup(tmp_path, lead="inspection", end=D("2026-05-20"), findings=findings)
    obs = obligations(ledger, "2026-08-31", "rectification")
    assert [(ob.subject, ob.owner) for ob in obs] == [
        ("2026/supervision/s01#f2", "county-a"),
        ("2026/supervision/s01#f1", "dept-b"),
    ]
    assert facts(obs[0]) == ("2026-01-31", "2026-02-02", "late", 2)
    assert facts(obs[1]) == ("2026-07-31", "2026-07-31", "done", 0)
    assert obs[1].title == "进度滞后"

    obs = obligations(ledger, "2026-08-31", "reinspection")
    # owned by the supervision's lead; deadline + 30 days
    assert [(ob.subject, ob.owner) for ob in obs] == [
        ("2026/supervision/s01#f2", "inspection"),
        ("2026/supervision/s01#f1", "inspection"),
    ]
    # 2026-01-31 + 30 → 2026-03-02; re-inspected 03-03: late by a day
    assert facts(obs[0]) == ("2026-03-02", "2026-03-03", "late", 1)
    # 2026-07-31 + 30 → 2026-08-30; a re-inspection that did not pass still fulfils it
    assert facts(obs[1]) == ("2026-08-30", "2026-08-15", "done", -15)


def test_notice_events_as_of(tmp_path: Path) -> None:
    findings = [
        finding(
            notice=_notice(),
            rectified=D("2026-07-20"),
            reinspection={"date": D("2026-08-15"), "passed": True},
        )
    ]
    ledger = _sup(tmp_path, end=D("2026-05-20"), findings=findings)
    assert obligations(ledger, "2026-05-31", "rectification") == []  # notice issued 06-01
    assert obligations(ledger, "2026-05-31", "reinspection") == []
    rect = one(obligations(ledger, "2026-07-19", "rectification"))
    assert facts(rect) == ("2026-07-31", None, "due-soon", 12)
    re = one(obligations(ledger, "2026-08-14", "reinspection"))
    assert facts(re) == ("2026-08-30", None, "open", 16)


def test_reinspection_leap_february(tmp_path: Path) -> None:
    ledger = build(
        tmp_path,
        {
            "2024/supervision/s01.yaml": supervision(
                start=D("2023-12-01"),
                end=D("2023-12-20"),
                findings=[finding(notice=_notice(issued="2024-01-02", deadline="2024-01-31"))],
            )
        },
    )
    # 2024-01-31 + 30 days → 2024-03-01 (29 February in between)
    assert one(obligations(ledger, "2024-02-01", "reinspection")).due == D("2024-03-01")


def _handover(**fields: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "title": "跨区域标准不统一",
        "raised": D("2026-04-02"),
        "raised_by": "sg-a",
        "assigned": ["dept-a", "county-a"],
        "coordinator": "office",
        "deadline": D("2026-06-30"),
    }
    doc.update(fields)
    return doc


def test_handover_one_per_assigned_unit(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"handovers/h1.yaml": _handover()})
    obs = obligations(ledger, "2026-07-10", "handover")
    assert [(ob.subject, ob.owner) for ob in obs] == [
        ("handovers/h1", "county-a"),
        ("handovers/h1", "dept-a"),
    ]
    assert {facts(ob) for ob in obs} == {("2026-06-30", None, "overdue", -10)}
    assert obligations(ledger, "2026-04-01", "handover") == []  # not raised yet
    assert len(obligations(ledger, "2026-04-02", "handover")) == 2


def test_handover_resolved(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"handovers/h1.yaml": _handover(resolved=D("2026-07-03"), resolution="已协调")})
    obs = obligations(ledger, "2026-07-10", "handover")
    assert {facts(ob) for ob in obs} == {("2026-06-30", "2026-07-03", "late", 3)}
