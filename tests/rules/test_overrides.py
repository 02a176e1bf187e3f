"""Overrides of SPEC §3's defaults under `rules:` in ledger.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reformctl.errors import Severity
from reformctl.load.loader import load_ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules.engine import RULES, compute_obligations
from tests.conftest import EXAMPLE
from tests.rules.helpers import (
    D,
    build,
    bulletin,
    finding,
    keypoints,
    obligations,
    one,
    project,
    supervision,
    task,
)

AS_OF = D("2026-07-10")


def test_registry_has_every_rule() -> None:
    assert set(RULES) == set(RuleId)
    assert len(RULES) == 19


@pytest.mark.parametrize("rule", [r.value for r in RuleId])
def test_enabled_false_removes_exactly_that_rule(tmp_path: Path, rule: str) -> None:
    root = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, root)
    base, _ = load_ledger(root)
    settings = root / "ledger.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "\nrules:\n" in text
    settings.write_text(
        text.replace("\nrules:\n", f"\nrules:\n  {rule}:\n    enabled: false\n"), encoding="utf-8"
    )
    ledger, problems = load_ledger(root)
    assert not [p for p in problems if p.severity is Severity.ERROR]
    before = compute_obligations(base, AS_OF)
    after = compute_obligations(ledger, AS_OF)
    assert any(ob.rule.value == rule for ob in before)
    assert after == tuple(ob for ob in before if ob.rule.value != rule)


@pytest.mark.parametrize(
    ("rule", "due", "expected"),
    [
        ("keypoints", "02-28", "2026-02-28"),
        ("workplan", "04-15", "2026-04-15"),
        ("supervision-plan", "06-30", "2026-06-30"),
        ("annual-summary", "11-30", "2026-11-30"),
        ("keypoints", "02-29", "2026-02-28"),  # in a common year
    ],
)
def test_due_override_of_yearly_rules(tmp_path: Path, rule: str, due: str, expected: str) -> None:
    ledger = build(tmp_path, {"2026": None}, rules={rule: {"due": due}})
    obs = obligations(ledger, "2026-12-31", rule)
    assert obs and {ob.due for ob in obs} == {D(expected)}


def test_due_override_leap_year(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"2028": None}, rules={"keypoints": {"due": "02-29"}})
    assert one(obligations(ledger, "2028-01-01", "keypoints")).due == D("2028-02-29")


def test_days_overrides(tmp_path: Path) -> None:
    files = {
        "projects/p1.yaml": project(stage="new", entered=D("2026-01-10"), plan={"issued": D("2026-01-28")}),
        "2026/bulletins/Q1.md": bulletin("2026-Q1", D("2026-04-12")),
        "2026/supervision/s01.yaml": supervision(
            end=D("2026-05-20"),
            findings=[
                finding(
                    notice={
                        "unit": "dept-b",
                        "issued": D("2026-06-01"),
                        "deadline": D("2026-06-30"),
                    }
                )
            ],
        ),
    }
    rules = {
        "project-plan": {"days": 30},
        "filing": {"days": 3},
        "bulletin": {"days": 10},
        "supervision-report": {"days": 5},
        "reinspection": {"days": 10},
    }
    defaults = build(tmp_path / "a", files)
    changed = build(tmp_path / "b", files, rules=rules)
    want_default = {
        "project-plan": "2026-04-10",
        "filing": "2026-02-04",
        "bulletin": "2026-04-15",
        "supervision-report": "2026-06-04",
        "reinspection": "2026-07-30",
    }
    want_changed = {
        "project-plan": "2026-02-09",  # 2026-01-10 + 30
        "filing": "2026-01-31",  # 2026-01-28 + 3
        "bulletin": "2026-04-10",  # 2026-03-31 + 10
        "supervision-report": "2026-05-25",  # 2026-05-20 + 5
        "reinspection": "2026-07-10",  # 2026-06-30 + 10
    }
    for rule in want_default:
        first = min(obligations(defaults, AS_OF, rule), key=lambda ob: ob.due)
        assert first.due == D(want_default[rule]), rule
        first = min(obligations(changed, AS_OF, rule), key=lambda ob: ob.due)
        assert first.due == D(want_changed[rule]), rule
    # a changed due date changes the state: the Q1 bulletin issued 04-12 is now late
    q1 = one(obligations(changed, AS_OF, "bulletin"), "2026-Q1")
    assert (q1.state, q1.days) == ("late", 2)
    # and the re-inspection due today is due soon with 0 days
    re = one(obligations(changed, AS_OF, "reinspection"))
    assert (re.state, re.days) == ("due-soon", 0)


def test_years_override_of_effect_evaluation(tmp_path: Path) -> None:
    files = {"2024/keypoints.yaml": keypoints(2024, task(start=D("2024-02-29")))}
    ledger = build(tmp_path, files, rules={"effect-evaluation": {"years": 2}})
    # 2024-02-29 + 2 years → 2026-02-28
    assert one(obligations(ledger, AS_OF, "effect-evaluation")).due == D("2026-02-28")
    ledger = build(tmp_path / "b", files, rules={"effect-evaluation": {"years": 4}})
    assert one(obligations(ledger, AS_OF, "effect-evaluation")).due == D("2028-02-29")
