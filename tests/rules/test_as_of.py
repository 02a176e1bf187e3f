"""The as-of date is a point in time (SPEC §3): events dated later have not happened yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from reformctl.load.loader import load_ledger
from reformctl.model.ledger import Ledger
from tests.conftest import EXAMPLE
from tests.rules.helpers import D, build, facts, obligations, one, project


@pytest.fixture(scope="module")
def example() -> Ledger:
    ledger, _ = load_ledger(EXAMPLE)
    return ledger


def test_project_history_seen_from_different_days(tmp_path: Path) -> None:
    p = project(
        stage="new",
        entered=D("2026-02-10"),
        plan={"drafted": D("2026-03-01"), "issued": D("2026-04-20"), "filed": D("2026-04-30")},
        reports={"2026-Q1": {"submitted": D("2026-04-02")}},
        completed=D("2026-08-15"),
        results={"submitted": D("2026-08-20")},
    )
    ledger = build(tmp_path, {"projects/p1.yaml": p, "2026": None})

    def state(as_of: str, rule: str, period: str | None = "*") -> tuple[object, ...] | None:
        obs = obligations(ledger, as_of, rule, "projects/p1")
        found = [ob for ob in obs if period == "*" or ob.period == period]
        return facts(found[0]) if found else None

    assert obligations(ledger, "2026-02-09", subject="projects/p1") == []
    # 2026-04-01: plan not issued (due 2026-05-11), Q1 report not in yet, no filing yet
    assert state("2026-04-01", "project-plan") == ("2026-05-11", None, "open", 40)
    assert state("2026-04-01", "quarterly-report", "2026-Q1") == ("2026-03-31", None, "overdue", -1)
    assert state("2026-04-01", "filing") is None
    # 2026-04-25: the plan is issued (early); its filing is due 04-20 + 7 = 04-27
    assert state("2026-04-25", "project-plan") == ("2026-05-11", "2026-04-20", "done", -21)
    assert state("2026-04-25", "filing") == ("2026-04-27", None, "due-soon", 2)
    assert state("2026-04-25", "quarterly-report", "2026-Q1") == (
        "2026-03-31",
        "2026-04-02",
        "late",
        2,
    )
    # before the completion happens the project owes Q3; after it, Q3 (ending 09-30) is not owed
    assert state("2026-08-14", "quarterly-report", "2026-Q3") == ("2026-09-30", None, "open", 47)
    assert state("2026-10-01", "quarterly-report", "2026-Q3") is None
    # results: due at the deadline whether or not completed; submitted 08-20
    assert state("2026-08-19", "results-report") == ("2026-12-31", None, "open", 134)
    assert state("2026-08-20", "results-report") == ("2026-12-31", "2026-08-20", "done", -133)


def test_example_ledger_in_the_past(example: Ledger) -> None:
    # invest-90days: deadline 2026-03-31, results submitted 2026-04-20
    rr = one(obligations(example, "2026-04-01", "results-report", "projects/invest-90days"))
    assert facts(rr) == ("2026-03-31", None, "overdue", -1)
    rr = one(obligations(example, "2026-07-10", "results-report", "projects/invest-90days"))
    assert facts(rr) == ("2026-03-31", "2026-04-20", "late", 20)
    # social-security-onething exits 2026-05-15: as of 2026-05-01 it still owes Q2 and results
    before = obligations(example, "2026-05-01", subject="projects/social-security-onething")
    assert {(ob.rule.value, ob.period) for ob in before} >= {
        ("quarterly-report", "2026-Q2"),
        ("results-report", None),
    }
    after = obligations(example, "2026-07-10", subject="projects/social-security-onething")
    assert ("quarterly-report", "2026-Q2") not in {(ob.rule.value, ob.period) for ob in after}
    assert "results-report" not in {ob.rule.value for ob in after}


def test_nothing_in_the_example_happens_after_2026_07_10(example: Ledger) -> None:
    # docs/example-ledger.md: no event date is later than 2026-07-10, so any later as-of date
    # sees the same records done
    now = {(ob.rule, ob.subject, ob.period, ob.owner): ob.done for ob in obligations(example, "2026-07-10")}
    later = {(ob.rule, ob.subject, ob.period, ob.owner): ob.done for ob in obligations(example, "2026-12-31")}
    for key, done in now.items():
        assert later[key] == done, key


def test_items_that_have_not_started_owe_nothing_yet(tmp_path: Path) -> None:
    """A pilot that starts, a key-point task that starts and a work plan approved after the as-of
    date owe nothing on it (SPEC §3: the as-of date is a point in time); from the day they start
    or are approved, they do."""
    from tests.rules.helpers import keypoints, pilot, task, workplan, wp_item

    ledger = build(
        tmp_path,
        {
            "pilots/later.yaml": pilot(
                approved=D("2026-01-10"),
                start=D("2026-06-01"),
                end=D("2030-05-31"),
                milestones=[{"due": D("2026-09-30"), "what": "首个节点"}],
            ),
            "2026/keypoints.yaml": keypoints(2026, task(start=D("2026-06-01")), approved=D("2026-02-20")),
            "2026/workplans/sg-a.yaml": workplan(
                "sg-a",
                2026,
                wp_item(deadline=D("2026-11-30"), milestones=[{"due": D("2026-10-31"), "what": "中期"}]),
                approved=D("2026-06-01"),
            ),
        },
    )
    for subject in ("pilots/later", "2026/keypoints#kp-01", "2026/workplans/sg-a#wp-01"):
        assert obligations(ledger, "2026-05-31", subject=subject) == [], subject
        assert obligations(ledger, "2026-06-01", subject=subject) != [], subject
    effect = one(obligations(ledger, "2026-06-01", "effect-evaluation", "2026/keypoints#kp-01"))
    assert effect.due == D("2027-06-01")
