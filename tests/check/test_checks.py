"""Unit tests of every check in `reformctl.check.CHECKS` and of every model in reformctl/model/.

Checks run on ledgers loaded with `load_ledger`: corpus cases from tests/ledgers/broken/, or a
copy of its `_base/` with files replaced (`variant`). Models are validated directly with
`model_validate` on the plain data the YAML reader produces (tuples for lists, `date` objects).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import reformctl.model
from reformctl.check import CHECKS, run_checks
from reformctl.check.dates import check_date_order
from reformctl.check.refs import (
    check_handovers,
    check_milestone_ids,
    check_pilots,
    check_projects,
    check_units,
    check_years,
)
from reformctl.check.seed import (
    check_one_leader_one_team,
    check_pilot_level,
    check_plan_review,
    check_reinspection,
)
from reformctl.check.settings import check_rule_overrides, check_task_blocks
from reformctl.errors import Problem, Severity
from reformctl.load.loader import load_ledger
from reformctl.model.annual_report import AnnualReportFront
from reformctl.model.blocks import Evaluation, Milestone, Plan, Report, Results, Tracked
from reformctl.model.bulletin import BulletinFront
from reformctl.model.handover import Handover
from reformctl.model.keypoints import Keypoints, Task
from reformctl.model.ledger import Ledger
from reformctl.model.patterns import Period
from reformctl.model.pilot import Pilot
from reformctl.model.project import Exit, Project
from reformctl.model.reports import Contact, YearReports
from reformctl.model.rule_ids import RuleId
from reformctl.model.settings import LedgerSettings, RuleOverride, Rules, ScorecardSettings
from reformctl.model.supervision import (
    Finding,
    Notice,
    Participant,
    PlanItem,
    Reinspection,
    Supervision,
    SupervisionPlan,
    SupervisionReport,
)
from reformctl.model.units import Person, Unit, UnitsFile
from reformctl.model.workplan import Workplan, WorkplanItem
from tests.conftest import LEDGERS

CORPUS = LEDGERS / "broken"
BASE = CORPUS / "_base"

Check = Callable[[Ledger], Iterator[Problem]]


def loaded(case: str) -> Ledger:
    ledger, _ = load_ledger(CORPUS / case)
    return ledger


@pytest.fixture
def variant(tmp_path: Path) -> Callable[..., Ledger]:
    """A copy of `_base` with some files replaced by the given text; returns the loaded Ledger."""

    def make(replace: dict[str, tuple[str, str]]) -> Ledger:
        root = tmp_path / "ledger"
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(BASE, root)
        for rel, (old, new) in replace.items():
            path = root / rel
            text = path.read_text(encoding="utf-8")
            assert old in text, (rel, old)
            path.write_text(text.replace(old, new), encoding="utf-8")
        ledger, problems = load_ledger(root)
        assert problems == [], problems
        return ledger

    return make


def found(check: Check, ledger: Ledger) -> list[tuple[str, int, int, str]]:
    return sorted((p.span.path, p.span.line, p.span.col, p.code) for p in check(ledger))


# --- every check, on the base ledger and on the corpus ----------------------------------------


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_every_check_is_quiet_on_the_base_ledger(check: Check) -> None:
    ledger, problems = load_ledger(BASE)
    assert problems == []
    assert list(check(ledger)) == []


# check → (corpus case, problems it must find there as (file, line, col, code))
CORPUS_FINDINGS: dict[Check, list[tuple[str, list[tuple[str, int, int, str]]]]] = {
    check_units: [("many-problems", [("units.yaml", 16, 9, "duplicate-id")])],
    check_projects: [
        ("unknown-unit", [("projects/p1.yaml", 4, 7, "unknown-unit")]),
        ("unknown-person", [("projects/p1.yaml", 10, 5, "unknown-person")]),
    ],
    check_pilots: [("_base", [])],
    check_handovers: [
        ("many-problems", [("handovers/h1.yaml", 4, 11, "empty-list")]),
        ("handover-assigned-twice", [("handovers/h1.yaml", 7, 5, "duplicate-id")]),
    ],
    check_years: [
        ("keypoints-wrong-year", [("2026/keypoints.yaml", 1, 7, "wrong-year")]),
        ("workplan-group-mismatch", [("2026/workplans/sg-social.yaml", 1, 8, "file-mismatch")]),
        ("unknown-subject", [("2026/supervision/plan.yaml", 4, 14, "unknown-subject")]),
        (
            "finding-subject-not-supervised",
            [("2026/supervision/s01.yaml", 12, 14, "unknown-subject")],
        ),
    ],
    check_date_order: [
        ("date-order-plan", [("projects/p1.yaml", 19, 11, "date-order")]),
        ("date-order-pilot", [("pilots/pilot1.yaml", 8, 6, "date-order")]),
        ("report-before-period", [("projects/p1.yaml", 30, 16, "date-order")]),
    ],
    check_plan_review: [
        ("plan-not-deliberated", [("projects/p1.yaml", 18, 11, "plan-not-deliberated")]),
        ("date-order-plan", []),  # deliberated after issued: date-order reports it, once
    ],
    check_pilot_level: [("pilot-level", [("pilots/pilot1.yaml", 3, 8, "pilot-level")])],
    check_one_leader_one_team: [("project-empty-team", [("projects/p1.yaml", 8, 7, "project-team")])],
    check_reinspection: [
        ("reinspection-failed", [("2026/supervision/s01.yaml", 21, 15, "reinspection-failed")])
    ],
    check_rule_overrides: [("rule-override-unused", [("ledger.yaml", 10, 5, "rule-override")])],
    check_task_blocks: [("task-with-project-blocks", [("2026/keypoints.yaml", 10, 5, "ignored-block")])],
    check_milestone_ids: [("milestone-id-twice", [("projects/p1.yaml", 28, 9, "duplicate-id")])],
}


def test_every_check_has_corpus_expectations() -> None:
    assert set(CORPUS_FINDINGS) == set(CHECKS)


@pytest.mark.parametrize(
    ("check", "case", "expected"),
    [(c, case, exp) for c, rows in CORPUS_FINDINGS.items() for case, exp in rows],
    ids=lambda v: v.__name__ if callable(v) else (v if isinstance(v, str) else None),
)
def test_check_on_corpus(check: Check, case: str, expected: list[tuple[str, int, int, str]]) -> None:
    assert found(check, loaded(case)) == expected


def test_many_problems_split_between_checks() -> None:
    ledger = loaded("many-problems")
    codes = {c.__name__: {p.code for p in c(ledger)} for c in CHECKS}
    assert codes["check_units"] == {"duplicate-id"}
    assert codes["check_projects"] == {"wrong-unit-kind"}
    assert codes["check_handovers"] == {"empty-list"}
    assert codes["check_years"] == {
        "unknown-subject",
        "duplicate-id",
        "wrong-unit-kind",
        "file-mismatch",
    }
    assert codes["check_date_order"] == {"date-order", "missing-notice", "wrong-year"}
    assert codes["check_plan_review"] == {"plan-not-deliberated"}
    assert codes["check_pilot_level"] == {"pilot-level"}
    assert codes["check_one_leader_one_team"] == {"project-team"}
    assert codes["check_reinspection"] == {"reinspection-failed"}


def test_run_checks_sorted_and_deduplicated() -> None:
    problems = run_checks(loaded("many-problems"))
    assert problems == sorted(problems, key=Problem.sort_key)
    assert len(problems) == len(set(problems))


# --- single checks on variants of the base ledger ---------------------------------------------


def test_check_units_office_and_people(variant: Callable[..., Ledger]) -> None:
    ledger = variant(
        {
            "ledger.yaml": ("office: reform-office", "office: nanhu"),
            "units.yaml": (
                "    title: 区委书记\n",
                "    title: 区委书记\n    unit: dept-x\n  - id: nanhu\n    name: 重名\n",
            ),
        }
    )
    problems = sorted(check_units(ledger), key=Problem.sort_key)
    assert [str(p) for p in problems] == [
        "ledger.yaml:4:9: error[wrong-unit-kind]: office 'nanhu' is a county; expected a unit of kind office",
        "units.yaml:23:11: error[unknown-unit]: unit 'dept-x' is not a unit; expected an id from units.yaml",
        "units.yaml:24:9: error[duplicate-id]: person id 'nanhu' is also a unit id; expected distinct ids",
    ]


def test_check_units_leader_not_a_person(variant: Callable[..., Ledger]) -> None:
    ledger = variant({"units.yaml": ("    leader: li-qiang", "    leader: li-si")})
    assert found(check_units, ledger) == [("units.yaml", 8, 13, "unknown-person")]


def test_check_pilots_unknown_lead_and_group_kind(variant: Callable[..., Ledger]) -> None:
    ledger = variant(
        {"pilots/pilot1.yaml": ("lead: nanhu\ngroup: sg-economy", "lead: jiaxing\ngroup: nanhu")}
    )
    problems = list(check_pilots(ledger))
    assert [(p.span.line, p.span.col, p.code) for p in problems] == [
        (9, 7, "unknown-unit"),
        (10, 8, "wrong-unit-kind"),
    ]
    assert problems[0].message == "lead 'jiaxing' is not a unit; expected an id from units.yaml"


def test_check_handovers_refs(variant: Callable[..., Ledger]) -> None:
    ledger = variant({"handovers/h1.yaml": ("coordinator: reform-office", "coordinator: office-x")})
    assert found(check_handovers, ledger) == [("handovers/h1.yaml", 7, 14, "unknown-unit")]


def test_check_years_reports_and_bulletin(variant: Callable[..., Ledger]) -> None:
    ledger = variant(
        {
            "2026/reports.yaml": ("  2026-H1:\n    sg-economy", "  2025-H2:\n    sg-economy"),
            "2026/bulletins/Q1.md": ("quarter: 2026-Q1", "quarter: 2026-Q3"),
        }
    )
    assert found(check_years, ledger) == [
        ("2026/bulletins/Q1.md", 3, 10, "file-mismatch"),
        ("2026/reports.yaml", 2, 3, "wrong-year"),
    ]


def test_check_years_duplicate_task_and_notice_unit(variant: Callable[..., Ledger]) -> None:
    ledger = variant(
        {
            "2026/keypoints.yaml": (
                "    project: p1\n",
                "    project: p1\n  - id: kp-01\n    title: 重复\n    group: sg-economy\n    lead: nanhu\n",
            ),
            "2026/supervision/s01.yaml": ("      unit: dept-development", "      unit: dept-y"),
        }
    )
    assert found(check_years, ledger) == [
        ("2026/keypoints.yaml", 10, 9, "duplicate-id"),
        ("2026/supervision/s01.yaml", 15, 13, "unknown-unit"),
    ]


def test_check_date_order_handover_and_supervision(variant: Callable[..., Ledger]) -> None:
    ledger = variant(
        {
            "handovers/h1.yaml": ("deadline: 2026-06-30", "deadline: 2026-03-30"),
            "2026/supervision/s01.yaml": ("  submitted: 2026-05-30", "  submitted: 2026-05-10"),
        }
    )
    problems = sorted(check_date_order(ledger), key=Problem.sort_key)
    assert [(p.span.path, p.span.line, p.span.col) for p in problems] == [
        ("2026/supervision/s01.yaml", 9, 14),
        ("handovers/h1.yaml", 8, 11),
    ]
    assert problems[0].message == (
        "report.submitted 2026-05-10 is before end 2026-05-20; expected report.submitted on or after end"
    )


def test_check_date_order_reviewed_before_submitted(variant: Callable[..., Ledger]) -> None:
    ledger = variant({"projects/p1.yaml": ("reviewed: 2026-04-03", "reviewed: 2026-03-29")})
    assert found(check_date_order, ledger) == [("projects/p1.yaml", 28, 15, "date-order")]


def test_check_date_order_bulletin_before_quarter(variant: Callable[..., Ledger]) -> None:
    ledger = variant({"2026/bulletins/Q1.md": ("issued: 2026-04-14", "issued: 2025-12-20")})
    (problem,) = check_date_order(ledger)
    assert str(problem) == (
        "2026/bulletins/Q1.md:2:9: error[date-order]: bulletin issued 2025-12-20, before its "
        "quarter began; expected on or after 2026-01-01"
    )


def test_check_plan_review_scope_none_is_exempt(variant: Callable[..., Ledger]) -> None:
    no_review = "  scope: none\n  drafted: 2026-03-01\n  office_review: 2026-03-20\n"
    ledger = variant(
        {
            "projects/p1.yaml": (
                "  scope: breakthrough\n  drafted: 2026-03-01\n  office_review: 2026-03-20\n"
                "  deliberated: 2026-03-28\n",
                no_review,
            )
        }
    )
    assert ledger.projects["p1"].value.plan.deliberated is None
    assert list(check_plan_review(ledger)) == []


def test_check_plan_review_in_key_point_task(variant: Callable[..., Ledger]) -> None:
    ledger = variant(
        {
            "2026/keypoints.yaml": (
                "    project: p1\n",
                "    plan:\n      scope: other\n      issued: 2026-05-01\n",
            )
        }
    )
    assert found(check_plan_review, ledger) == [("2026/keypoints.yaml", 11, 15, "plan-not-deliberated")]


@pytest.mark.parametrize(
    ("level", "breaks", "message"),
    [
        (
            "provincial",
            "national-law",
            "a pilot that breaks national-law is provincial; expected national (§4(1))",
        ),
        (
            "local",
            "local-rules",
            "a pilot that breaks local-rules is local; expected municipal or higher (§4(1))",
        ),
        ("national", "national-law", None),
        ("local", "none", None),
        ("municipal", "local-rules", None),
    ],
)
def test_check_pilot_level(
    variant: Callable[..., Ledger], level: str, breaks: str, message: str | None
) -> None:
    ledger = variant(
        {
            "pilots/pilot1.yaml": (
                "level: provincial\nbreaks: provincial-rules",
                f"level: {level}\nbreaks: {breaks}",
            )
        }
    )
    assert [p.message for p in check_pilot_level(ledger)] == ([message] if message else [])


def test_check_one_leader_one_team_duplicate_member(variant: Callable[..., Ledger]) -> None:
    ledger = variant(
        {
            "projects/p1.yaml": (
                "team:\n  - zhou-min\n",
                "team:\n  - zhou-min\n  - li-qiang\n  - zhou-min\n",
            )
        }
    )
    assert found(check_one_leader_one_team, ledger) == [("projects/p1.yaml", 11, 5, "project-team")]


def test_check_reinspection_is_a_warning() -> None:
    (problem,) = check_reinspection(loaded("reinspection-failed"))
    assert problem.severity is Severity.WARNING
    assert problem.message == (
        "finding f1 failed its re-inspection on 2026-08-15; expected a new notice or rectification"
    )


def test_refs_quiet_when_units_file_is_unreadable() -> None:
    ledger = loaded("yaml-anchor")
    assert ledger.units_file is None
    assert run_checks(ledger) == []


# --- every model: one valid example and one invalid -----------------------------------------

D = date(2026, 3, 1)
PLAN = {
    "title": "实施方案",
    "scope": "breakthrough",
    "drafted": D,
    "deliberated": date(2026, 3, 20),
    "issued": date(2026, 4, 1),
    "assessment": ("hearing",),
}
MILESTONE = {"due": date(2026, 6, 30), "what": "出台配套细则"}
REPORT = {"submitted": date(2026, 3, 30), "reviewed": date(2026, 4, 2)}
EVALUATION = {"kind": "effect", "date": date(2027, 4, 10), "by": "浙江大学", "third_party": True}
NOTICE = {"unit": "dept-a", "issued": date(2026, 6, 1), "deadline": date(2026, 7, 31)}
UNIT = {"id": "sg-economy", "name": "专项小组", "kind": "special-group", "leader": "li-qiang"}
PERSON = {"id": "li-qiang", "name": "李强", "title": "副市长"}
TASK = {
    "id": "kp-01",
    "title": "任务",
    "group": "sg-economy",
    "lead": "dept-a",
    "start": D,
    "plan": PLAN,
}
ITEM = {
    "id": "wp-01",
    "title": "事项",
    "lead": "dept-a",
    "deadline": date(2026, 11, 30),
    "reports": {"2026-Q1": REPORT},
}
FINDING = {
    "id": "f1",
    "subject": "projects/p1",
    "problem": "滞后",
    "notice": NOTICE,
    "rectified": date(2026, 7, 1),
    "reinspection": {"date": date(2026, 8, 1), "passed": True},
}

# model → (valid data, invalid data, pydantic error type of the invalid one)
MODELS: dict[type[BaseModel], tuple[dict[str, Any], dict[str, Any], str]] = {
    Plan: (PLAN, {**PLAN, "scope": "national"}, "literal_error"),
    Milestone: (MILESTONE, {"what": "x"}, "missing"),
    Report: (REPORT, {"submitted": "2026-03-30"}, "date_type"),
    Evaluation: (EVALUATION, {**EVALUATION, "kind": "final"}, "literal_error"),
    Results: ({"submitted": D}, {"submitted": D, "sumary": "typo"}, "extra_forbidden"),
    Tracked: (
        {
            "plan": PLAN,
            "milestones": (MILESTONE,),
            "reports": {"2026-Q1": REPORT},
            "exemplary": 2026,
        },
        {"reports": {"2026-Q5": REPORT}},
        "string_pattern_mismatch",
    ),
    BulletinFront: (
        {"issued": date(2026, 4, 14), "quarter": "2026-Q1", "number": 1},
        {"issued": date(2026, 4, 14), "quarter": "Q1"},
        "string_pattern_mismatch",
    ),
    Handover: (
        {
            "title": "问题",
            "raised": D,
            "raised_by": "sg-economy",
            "assigned": ("nanhu",),
            "coordinator": "reform-office",
            "deadline": date(2026, 6, 30),
        },
        {
            "title": "问题",
            "raised": D,
            "raised_by": "sg-economy",
            "assigned": "nanhu",
            "coordinator": "reform-office",
            "deadline": date(2026, 6, 30),
        },
        "tuple_type",
    ),
    Task: (TASK, {**TASK, "id": "KP 01"}, "string_pattern_mismatch"),
    Keypoints: ({"year": 2026, "approved": D, "tasks": (TASK,)}, {"year": "2026"}, "int_type"),
    Pilot: (
        {
            "title": "试点",
            "level": "provincial",
            "breaks": "provincial-rules",
            "approved_by": "省政府",
            "approved": D,
            "start": D,
            "end": date(2027, 12, 31),
            "lead": "nanhu",
        },
        {
            "title": "试点",
            "level": "county",
            "breaks": "none",
            "approved_by": "省政府",
            "approved": D,
            "start": D,
            "end": date(2027, 12, 31),
            "lead": "nanhu",
        },
        "literal_error",
    ),
    Exit: ({"date": D, "reason": "调整出库"}, {"date": D, "reason": ""}, "string_too_short"),
    Project: (
        {
            "title": "项目",
            "group": "sg-economy",
            "lead": "dept-a",
            "leader": "li-qiang",
            "team": ("zhou-min",),
            "entered": D,
            "stage": "new",
            "deadline": date(2026, 12, 31),
            "exit": {"date": date(2026, 9, 30), "reason": "调整"},
        },
        {
            "title": "项目",
            "group": "sg-economy",
            "lead": "dept-a",
            "leader": "li-qiang",
            "team": ("zhou-min",),
            "entered": D,
            "stage": "done",
            "deadline": date(2026, 12, 31),
        },
        "literal_error",
    ),
    Contact: (
        {"date": D, "by": "sg-economy", "with": "nanhu", "note": "调研"},
        {"date": D, "by": "sg-economy", "with_": "nanhu"},
        "extra_forbidden",
    ),
    YearReports: (
        {
            "halfyear": {"2026-H1": {"nanhu": date(2026, 7, 2)}},
            "annual_summary": None,
            "contacts": (),
        },
        {"halfyear": {"2026-Q1": {}}},
        "string_pattern_mismatch",
    ),
    RuleOverride: (
        {"enabled": False, "due": "03-31", "days": 7},
        {"due": "3-31"},
        "string_pattern_mismatch",
    ),
    Rules: (
        {"upcoming_days": 7, "quarterly-report": {"enabled": False}},
        {"upcoming_days": -1},
        "greater_than_equal",
    ),
    LedgerSettings: (
        {"name": "台账", "city": "嘉兴市", "office": "reform-office", "locale": "en"},
        {"name": "台账", "city": "嘉兴市", "office": "reform-office", "locale": "fr"},
        "literal_error",
    ),
    PlanItem: (
        {"subject": "2026/keypoints#kp-01", "lead": "reform-office", "kind": "daily"},
        {"subject": "projects/../x", "lead": "reform-office", "kind": "daily"},
        "string_pattern_mismatch",
    ),
    SupervisionPlan: (
        {
            "year": 2026,
            "items": ({"subject": "pilots/p", "lead": "reform-office", "kind": "special"},),
        },
        {"year": 2026, "items": {"subject": "pilots/p"}},
        "tuple_type",
    ),
    Participant: (
        {"name": "陈红", "role": "npc-deputy"},
        {"name": "陈红", "role": "mayor"},
        "literal_error",
    ),
    SupervisionReport: ({"submitted": D}, {}, "missing"),
    Notice: (NOTICE, {**NOTICE, "deadline": None}, "date_type"),
    Reinspection: ({"date": D, "passed": False}, {"date": D, "passed": "yes"}, "bool_type"),
    Finding: (FINDING, {**FINDING, "notice": ("dept-a",)}, "model_type"),
    Supervision: (
        {
            "title": "督察",
            "lead": "reform-office",
            "with": ("inspection-office",),
            "participants": ({"name": "陈红", "role": "expert"},),
            "subjects": ("projects/p1",),
            "start": D,
            "end": date(2026, 5, 20),
            "report": {"submitted": date(2026, 5, 30)},
            "findings": (FINDING,),
        },
        {
            "title": "督察",
            "lead": "reform-office",
            "subjects": ("projects/p1",),
            "start": D,
            "kind": "weekly",
        },
        "literal_error",
    ),
    Unit: (UNIT, {**UNIT, "kind": "committee"}, "literal_error"),
    Person: (PERSON, {"id": "li-qiang"}, "missing"),
    UnitsFile: ({"units": (UNIT,), "people": (PERSON,)}, {"people": (PERSON,)}, "missing"),
    WorkplanItem: (ITEM, {**ITEM, "deadline": 20261130}, "date_type"),
    AnnualReportFront: (
        {"issued": D, "year": 2026, "as_of": D},
        {"issued": D, "year": "2026"},
        "int_type",
    ),
    ScorecardSettings: (
        {"base": 100, "weights": {"overdue": -2, "exemplary": 3}},
        {"weights": {"overdue": -2, "score": 1}},
        "literal_error",
    ),
    Workplan: (
        {"group": "sg-economy", "year": 2026, "approved": D, "items": (ITEM,)},
        {"group": "sg-economy", "year": 2026, "items": (ITEM,), "aproved": D},
        "extra_forbidden",
    ),
}


def all_models() -> set[type[BaseModel]]:
    out: set[type[BaseModel]] = set()
    for info in pkgutil.iter_modules(reformctl.model.__path__):
        module = importlib.import_module(f"reformctl.model.{info.name}")
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__:
                out.add(obj)
    return out


def test_every_model_has_examples() -> None:
    assert all_models() == set(MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_model_valid(model: type[BaseModel]) -> None:
    valid, _, _ = MODELS[model]
    value = model.model_validate(valid)
    with pytest.raises(ValidationError):  # frozen
        value.__setattr__(next(iter(model.model_fields)), None)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_model_invalid(model: type[BaseModel]) -> None:
    _, invalid, kind = MODELS[model]
    with pytest.raises(ValidationError) as err:
        model.model_validate(invalid)
    assert kind in {e["type"] for e in err.value.errors()}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_model_rejects_unknown_keys(model: type[BaseModel]) -> None:
    valid, _, _ = MODELS[model]
    with pytest.raises(ValidationError) as err:
        model.model_validate({**valid, "bogus_key": 1})
    assert "extra_forbidden" in {e["type"] for e in err.value.errors()}


def test_model_helpers() -> None:
    pilot = Pilot.model_validate(MODELS[Pilot][0])
    assert pilot.provincial_or_above
    rules = Rules.model_validate(MODELS[Rules][0])
    assert rules.override(RuleId.QUARTERLY_REPORT).enabled is False
    assert rules.override(RuleId.FILING) == RuleOverride()
    assert str(RuleId.HALFYEAR_REPORT) == "halfyear-report"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ],
)
def test_period(text: str, first: date, last: date) -> None:
    period = Period.parse(text)
    assert (period.first_day, period.last_day, str(period)) == (first, last, text)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-13", "26-Q1", "2026-h1", ""])
def test_period_invalid(text: str) -> None:
    with pytest.raises(ValueError):
        Period.parse(text)


def test_ledger_aggregate() -> None:
    ledger = loaded("_base")
    assert ledger.office == "reform-office"
    assert ledger.unit_name("nanhu") == "南湖区"
    assert ledger.unit_name("nowhere") == "nowhere"
    assert ledger.person_name("li-qiang") == "李强"
    assert [u.id for u in ledger.units_of_kind("county")] == ["nanhu"]
    assert ledger.has_subject("projects/p1")
    assert ledger.has_subject("2026/keypoints#kp-01")
    assert not ledger.has_subject("2026/keypoints#kp-02")
    assert not ledger.has_subject("2025/keypoints#kp-01")
    assert [(y, i, t.id) for y, _, i, t in ledger.tasks()] == [(2026, 0, "kp-01")]
    year = ledger.years[2026]
    assert year.year == 2026 and set(year.workplans) == {"sg-economy"} and set(year.bulletins) == {1}


def test_rule_overrides_take_the_spec_spelling_only() -> None:
    from pydantic import ValidationError

    from reformctl.model.settings import Rules

    assert Rules.model_validate({"project-plan": {"days": 30}}).project_plan is not None
    with pytest.raises(ValidationError):
        Rules.model_validate({"project_plan": {"days": 30}})


@pytest.mark.parametrize(
    ("submitted", "problems"),
    [("2026-01-01", []), ("2025-12-31", [("projects/p1.yaml", 27, 16, "date-order")])],
)
def test_a_report_submitted_on_its_periods_first_day_is_valid(
    variant: Callable[..., Ledger], submitted: str, problems: list[tuple[str, int, int, str]]
) -> None:
    ledger = variant({"projects/p1.yaml": ("submitted: 2026-03-30", f"submitted: {submitted}")})
    assert found(check_date_order, ledger) == problems


@pytest.mark.parametrize(
    ("file", "old", "new", "bad"),
    [
        ("projects/p1.yaml", "entered: 2026-02-20", "entered: 2026-02-20\napproved_until: {}", "2026-02-19"),
        ("pilots/pilot1.yaml", "end: 2027-12-31", "end: 2027-12-31\nterminated: {}", "2026-01-31"),
    ],
    ids=["entered-approved_until", "start-terminated"],
)
def test_date_order_of_entered_and_approved_until_start_and_terminated(
    variant: Callable[..., Ledger], file: str, old: str, new: str, bad: str
) -> None:
    same_day = "2026-02-20" if file.startswith("projects") else "2026-02-01"
    assert found(check_date_order, variant({file: (old, new.format(same_day))})) == []
    (problem,) = check_date_order(variant({file: (old, new.format(bad))}))
    assert problem.code == "date-order" and bad in problem.message
