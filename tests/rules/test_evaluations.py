"""`effect-evaluation`, `phase-evaluation` and `summary-evaluation` (§5(1)), SPEC §3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.rules.helpers import D, build, facts, keypoints, obligations, one, pilot, project, task


def _ev(kind: str, day: str) -> dict[str, Any]:
    return {"kind": kind, "date": D(day), "by": "第三方机构", "third_party": True}


# --- effect-evaluation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "due"),
    [
        ("2024-02-29", "2025-02-28"),  # a task started on a leap day
        ("2026-03-01", "2027-03-01"),
        ("2025-12-31", "2026-12-31"),
    ],
)
def test_effect_evaluation_due(tmp_path: Path, start: str, due: str) -> None:
    year = int(start[:4])
    ledger = build(tmp_path, {f"{year}/keypoints.yaml": keypoints(year, task(start=D(start)))})
    ob = one(obligations(ledger, start, "effect-evaluation"))
    assert (ob.subject, ob.period, ob.owner, ob.route) == (
        f"{year}/keypoints#kp-01",
        "effect",
        "sg-a",
        None,
    )
    assert ob.due == D(due)
    assert ob.state == "open"


def test_effect_evaluation_needs_a_start(tmp_path: Path) -> None:
    kp = keypoints(2026, task(), task(id="kp-02", start=D("2026-08-01")))
    ledger = build(tmp_path, {"2026/keypoints.yaml": kp})
    assert obligations(ledger, "2026-07-10", "effect-evaluation") == []
    assert len(obligations(ledger, "2026-08-01", "effect-evaluation")) == 1


def test_effect_evaluation_earliest_wins(tmp_path: Path) -> None:
    evaluations = [
        _ev("effect", "2027-03-10"),
        _ev("phase", "2027-01-05"),  # another kind does not count
        _ev("effect", "2027-02-20"),
        _ev("effect", "2027-03-05"),
    ]
    kp = keypoints(2026, task(start=D("2026-03-01"), evaluations=evaluations))
    ledger = build(tmp_path, {"2026/keypoints.yaml": kp})
    ob = one(obligations(ledger, "2027-06-01", "effect-evaluation"))
    assert facts(ob) == ("2027-03-01", "2027-02-20", "done", -9)
    text = (tmp_path / "ledger/2026/keypoints.yaml").read_text(encoding="utf-8").splitlines()
    line = ob.line or 0  # points at the fulfilling evaluation (its first line)
    assert text[line - 1].strip() == "- kind: effect"
    assert text[line].strip() == "date: 2027-02-20"
    # as of 2027-02-19 no effect evaluation has happened yet
    assert facts(one(obligations(ledger, "2027-02-19", "effect-evaluation"))) == (
        "2027-03-01",
        None,
        "due-soon",
        10,
    )


def test_effect_evaluation_late_and_kept_by_project_tasks(tmp_path: Path) -> None:
    kp = keypoints(2025, task(project="p1", start=D("2025-03-01"), evaluations=[_ev("effect", "2026-03-18")]))
    ledger = build(
        tmp_path, {"2025/keypoints.yaml": kp, "projects/p1.yaml": project(entered=D("2025-01-01"))}
    )
    ob = one(obligations(ledger, "2026-07-10", "effect-evaluation"))
    assert ob.subject == "2025/keypoints#kp-01"
    assert facts(ob) == ("2026-03-01", "2026-03-18", "late", 17)


# --- phase-evaluation ---------------------------------------------------------------------------

PH = "phase-evaluation"


@pytest.mark.parametrize(
    ("start", "end", "midpoint"),
    [
        ("2025-01-01", "2027-12-31", None),  # less than 3 years
        ("2025-01-01", "2028-01-01", None),  # exactly 3 years: does not exceed
        ("2025-01-01", "2028-01-02", "2026-07-03"),  # 3 years and a day: start + ⌊1096/2⌋ days
        ("2024-02-29", "2027-02-28", None),  # start + 3 years is 2027-02-28
        ("2024-02-29", "2027-03-01", "2025-08-30"),
        ("2024-07-01", "2027-12-31", "2026-04-01"),
    ],
)
def test_phase_evaluation_only_beyond_three_years(
    tmp_path: Path, start: str, end: str, midpoint: str | None
) -> None:
    ledger = build(tmp_path, {"pilots/x.yaml": pilot(start=D(start), end=D(end))})
    obs = obligations(ledger, "2028-06-30", PH)
    if midpoint is None:
        assert obs == []
    else:
        ob = one(obs)
        assert (ob.subject, ob.period, ob.owner, ob.route) == (
            "pilots/x",
            "phase",
            "county-a",
            None,
        )
        assert facts(ob) == (midpoint, None, "overdue", (D(midpoint) - D("2028-06-30")).days)


@pytest.mark.parametrize(
    ("terminated", "as_of", "owed"),
    [
        ("2025-12-30", "2026-07-10", False),  # midpoint 2025-12-31 falls after the termination
        ("2026-01-01", "2026-07-10", True),  # terminated after the midpoint
        ("2025-12-31", "2026-07-10", True),  # on the midpoint itself: it does not fall *after*
        ("2025-08-15", "2025-08-14", True),  # the termination has not happened yet
    ],
)
def test_phase_evaluation_and_termination(tmp_path: Path, terminated: str, as_of: str, owed: bool) -> None:
    pl = pilot(start=D("2024-01-01"), end=D("2027-12-31"), terminated=D(terminated))
    ledger = build(tmp_path, {"pilots/x.yaml": pl})
    obs = obligations(ledger, as_of, PH)
    assert len(obs) == int(owed)
    if owed:
        assert obs[0].due == D("2025-12-31")


def test_phase_evaluation_levels_and_done(tmp_path: Path) -> None:
    ledger = build(
        tmp_path,
        {
            "pilots/nat.yaml": pilot(
                level="national",
                breaks="national-law",
                start=D("2024-07-01"),
                evaluations=[
                    _ev("phase", "2026-05-20"),
                    _ev("phase", "2026-05-12"),
                    _ev("summary", "2026-01-01"),
                ],
            ),
            "pilots/city.yaml": pilot(level="municipal", breaks="local-rules", start=D("2024-07-01")),
        },
    )
    ob = one(obligations(ledger, "2026-07-10", PH))
    assert ob.subject == "pilots/nat"
    assert facts(ob) == ("2026-04-01", "2026-05-12", "late", 41)


# --- summary-evaluation -------------------------------------------------------------------------

SE = "summary-evaluation"


@pytest.mark.parametrize(
    ("fields", "as_of", "expected"),
    [
        ({}, "2026-07-10", ("2027-12-31", None, "open", 539)),
        ({"group": None}, "2026-07-10", ("2027-12-31", None, "open", 539)),
        (
            {"terminated": D("2025-08-15"), "evaluations": [_ev("summary", "2025-08-12")]},
            "2026-07-10",
            ("2025-08-15", "2025-08-12", "done", -3),
        ),
        ({"end": D("2026-06-30")}, "2026-07-10", ("2026-06-30", None, "overdue", -10)),
        ({"level": "municipal", "breaks": "local-rules"}, "2026-07-10", None),
        ({"start": D("2026-08-01")}, "2026-07-10", None),
    ],
)
def test_summary_evaluation(
    tmp_path: Path, fields: dict[str, Any], as_of: str, expected: tuple[object, ...] | None
) -> None:
    ledger = build(tmp_path, {"pilots/x.yaml": pilot(**fields)})
    obs = obligations(ledger, as_of, SE)
    if expected is None:
        assert obs == []
    else:
        ob = one(obs)
        # owed by the pilot's lead, even when the pilot is in a special group
        assert (ob.owner, ob.period) == ("county-a", "summary")
        assert facts(ob) == expected
