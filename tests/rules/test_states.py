"""States at their exact boundaries (SPEC §3, §8), the sort order, and `upcoming_days`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from reformctl.model.rule_ids import RuleId
from reformctl.rules.obligation import Obligation, classify, sort_key
from tests.rules.helpers import D, build, facts, obligations

AS_OF = D("2026-07-10")


@pytest.mark.parametrize(
    ("due", "done", "state", "days"),
    [
        ("2026-07-09", None, "overdue", -1),
        ("2026-07-10", None, "due-soon", 0),  # due == as-of
        ("2026-07-24", None, "due-soon", 14),  # due == as-of + upcoming_days
        ("2026-07-25", None, "open", 15),  # one day further
        ("2026-05-01", None, "overdue", -70),
        ("2026-07-10", "2026-07-10", "done", 0),  # done on the due date
        ("2026-07-10", "2026-07-11", "late", 1),  # a day after
        ("2026-07-10", "2026-07-01", "done", -9),  # early: days negative
        ("2026-09-30", "2026-07-01", "done", -91),  # done long before a future due date
    ],
)
def test_classify(due: str, done: str | None, state: str, days: int) -> None:
    assert classify(D(due), D(done) if done else None, AS_OF, 14) == (state, days)


def test_classify_zero_window() -> None:
    assert classify(AS_OF, None, AS_OF, 0) == ("due-soon", 0)
    assert classify(AS_OF + timedelta(days=1), None, AS_OF, 0) == ("open", 1)


def _handover(deadline: str, resolved: str | None = None) -> dict[str, object]:
    doc: dict[str, object] = {
        "title": "交办",
        "raised": D("2026-07-01"),
        "raised_by": "sg-a",
        "assigned": ["dept-a"],
        "coordinator": "office",
        "deadline": D(deadline),
    }
    if resolved:
        doc["resolved"] = D(resolved)
    return doc


@pytest.mark.parametrize(
    ("deadline", "resolved", "expected"),
    [
        ("2026-07-09", None, ("2026-07-09", None, "overdue", -1)),
        ("2026-07-10", None, ("2026-07-10", None, "due-soon", 0)),
        ("2026-07-24", None, ("2026-07-24", None, "due-soon", 14)),
        ("2026-07-25", None, ("2026-07-25", None, "open", 15)),
        ("2026-07-08", "2026-07-08", ("2026-07-08", "2026-07-08", "done", 0)),
        ("2026-07-08", "2026-07-09", ("2026-07-08", "2026-07-09", "late", 1)),
        # resolved after the as-of date has not happened yet: still open
        ("2026-07-08", "2026-07-11", ("2026-07-08", None, "overdue", -2)),
    ],
)
def test_states_through_the_engine(
    tmp_path: Path, deadline: str, resolved: str | None, expected: tuple[object, ...]
) -> None:
    ledger = build(tmp_path, {"handovers/h1.yaml": _handover(deadline, resolved)})
    (ob,) = obligations(ledger, AS_OF, "handover")
    assert facts(ob) == expected


@pytest.mark.parametrize(
    ("upcoming", "deadline", "state", "days"),
    [
        (3, "2026-07-13", "due-soon", 3),
        (3, "2026-07-14", "open", 4),
        (0, "2026-07-10", "due-soon", 0),
        (0, "2026-07-11", "open", 1),
        (30, "2026-08-09", "due-soon", 30),
        (30, "2026-08-10", "open", 31),
    ],
)
def test_upcoming_days_override(tmp_path: Path, upcoming: int, deadline: str, state: str, days: int) -> None:
    ledger = build(tmp_path, {"handovers/h1.yaml": _handover(deadline)}, rules={"upcoming_days": upcoming})
    (ob,) = obligations(ledger, AS_OF, "handover")
    assert (ob.state, ob.days) == (state, days)


def _ob(due: str, rule: RuleId, subject: str, period: str | None, owner: str) -> Obligation:
    state, days = classify(D(due), None, AS_OF, 14)
    return Obligation(rule, subject, "t", period, owner, None, D(due), None, state, days, "f", None)


def test_sort_key_order() -> None:
    a = _ob("2026-06-30", RuleId.MILESTONE, "projects/p", None, "x")
    b = _ob("2026-06-30", RuleId.MILESTONE, "projects/p", "m2", "x")
    c = _ob("2026-06-30", RuleId.MILESTONE, "projects/p", "m10", "x")  # by number, not text
    d = _ob("2026-06-30", RuleId.MILESTONE, "projects/q", "m1", "x")
    e = _ob("2026-06-30", RuleId.QUARTERLY_REPORT, "projects/a", "2026-Q2", "a")
    f = _ob("2026-06-30", RuleId.QUARTERLY_REPORT, "projects/a", "2026-Q2", "b")
    g = _ob("2026-07-01", RuleId.BULLETIN, "2026/bulletins", "2026-Q1", "a")
    wanted = [a, b, c, d, e, f, g]
    assert sorted(reversed(wanted), key=sort_key) == wanted
