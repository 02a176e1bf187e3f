"""The pure comparison of two ledgers: values, records, obligations, library, problems."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from reformctl.check import run_checks
from reformctl.cli.diff import absent_side
from reformctl.diff.compare import (
    FieldChange,
    Side,
    compare,
    compare_library,
    compare_obligations,
    compare_problems,
    compare_records,
    diff_values,
    field_path,
)
from reformctl.errors import Problem, Severity
from reformctl.load.loader import load_ledger
from reformctl.message import msg
from reformctl.model.ledger import Ledger
from reformctl.model.project import Exit
from reformctl.model.rule_ids import RuleId
from reformctl.rules.obligation import Obligation, classify
from reformctl.source import Located, Span
from tests.conftest import EXAMPLE

D = date.fromisoformat
AS_OF = D("2026-07-10")


@pytest.fixture(scope="module")
def example() -> Ledger:
    ledger, problems = load_ledger(EXAMPLE)
    assert problems == []
    return ledger


def with_project(ledger: Ledger, pid: str, **update: Any) -> Ledger:
    """The ledger with one project's fields replaced (a new frozen Ledger)."""
    rec = ledger.projects[pid]
    projects = {**ledger.projects, pid: Located(rec.value.model_copy(update=update), rec.spans)}
    return dataclasses.replace(ledger, projects=projects)


def without_project(ledger: Ledger, pid: str) -> Ledger:
    projects = {k: v for k, v in ledger.projects.items() if k != pid}
    return dataclasses.replace(ledger, projects=projects, files=ledger.files - {f"projects/{pid}.yaml"})


# --- values --------------------------------------------------------------------------------


def test_field_path_counts_list_positions_from_one() -> None:
    assert field_path(("milestones", 3, "done")) == "milestones[4].done"
    assert field_path(("reports", "2026-Q2", "submitted")) == "reports.2026-Q2.submitted"
    assert field_path(()) == ""


def test_equal_values_have_no_changes() -> None:
    assert diff_values({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]}) == []


def test_scalar_change_and_missing_mapping_counts_as_empty() -> None:
    assert diff_values({"a": 1, "b": "x"}, {"a": 2, "b": "x"}) == [FieldChange(("a",), 1, 2)]
    assert diff_values({}, {"exit": {"date": "2026-07-01", "reason": "调整"}}) == [
        FieldChange(("exit", "date"), None, "2026-07-01"),
        FieldChange(("exit", "reason"), None, "调整"),
    ]
    assert diff_values({"exit": {"date": "2026-07-01"}}, {}) == [
        FieldChange(("exit", "date"), "2026-07-01", None)
    ]


def test_list_of_plain_values_shows_items_added_and_removed() -> None:
    [change] = diff_values({"team": ["a", "b"]}, {"team": ["b", "c"]})
    assert (change.path, change.added, change.removed, change.is_list) == ("team", ("c",), ("a",), True)
    [first] = diff_values({}, {"team": ["a"]})
    assert (first.old, first.new, first.added, first.removed) == ([], ["a"], ("a",), ())
    [repeat] = diff_values({"team": ["a", "a"]}, {"team": ["a"]})
    assert (repeat.added, repeat.removed) == ((), ("a",))
    [order] = diff_values({"team": ["a", "b"]}, {"team": ["b", "a"]})
    assert (order.is_list, order.added, order.removed) == (True, (), ())


def test_list_of_mappings_edited_in_place_is_compared_field_by_field() -> None:
    old = {"milestones": [{"due": "2026-06-30", "what": "甲"}, {"due": "2026-09-30", "what": "乙"}]}
    new = {
        "milestones": [
            {"due": "2026-06-30", "what": "甲"},
            {"due": "2026-09-30", "what": "乙", "done": "2026-09-01"},
        ]
    }
    [change] = diff_values(old, new)
    assert (change.path, change.old, change.new, change.is_list) == (
        "milestones[2].done",
        None,
        "2026-09-01",
        False,
    )


def test_list_of_mappings_items_inserted_and_deleted() -> None:
    a, b, c = (
        {"due": d, "what": w} for d, w in (("2026-03-31", "甲"), ("2026-06-30", "乙"), ("2026-09-30", "丙"))
    )
    [inserted] = diff_values({"m": [a, c]}, {"m": [a, b, c]})
    assert (inserted.path, inserted.added, inserted.removed) == ("m", (b,), ())
    [deleted] = diff_values({"m": [a, b, c]}, {"m": [a, c]})
    assert (deleted.added, deleted.removed) == ((), (b,))


# --- records -------------------------------------------------------------------------------


def test_changed_lead_names_the_units(example: Ledger) -> None:
    new = with_project(example, "zuiduo-paoyici", lead="dept-ecology", team=("gu-hua", "qian-li"))

    added, removed, changed = compare_records(example, new)

    assert added == removed == ()
    [record] = changed
    assert (record.record.kind, record.record.subject, record.record.file) == (
        "project",
        "projects/zuiduo-paoyici",
        "projects/zuiduo-paoyici.yaml",
    )
    lead, team = record.fields
    assert (lead.path, lead.old, lead.new, lead.line) == ("lead", "dept-reform-admin", "dept-ecology", 4)
    assert dict(lead.names) == {"dept-ecology": "市生态环境局", "dept-reform-admin": "市审管办"}
    assert (team.path, team.added, team.removed) == ("team", ("qian-li",), ("zhang-yu",))
    assert dict(team.names) == {"gu-hua": "顾华", "qian-li": "钱莉", "zhang-yu": "张宇"}


def test_nested_records_are_their_own(example: Ledger) -> None:
    year = example.years[2026]
    assert year.keypoints is not None
    kp = year.keypoints
    first = kp.value.tasks[0]
    tasks = (first.model_copy(update={"title": "改过的标题"}), *kp.value.tasks[1:])
    years = {
        **example.years,
        2026: dataclasses.replace(
            year, keypoints=Located(kp.value.model_copy(update={"tasks": tasks}), kp.spans)
        ),
    }

    _, _, changed = compare_records(example, dataclasses.replace(example, years=years))

    [record] = changed
    assert record.record.subject == f"2026/keypoints#{first.id}"
    assert record.record.kind == "task"
    assert [(f.path, f.new) for f in record.fields] == [("title", "改过的标题")]


def test_removed_project_and_skipped_files(example: Ledger) -> None:
    new = without_project(example, "zuiduo-paoyici")

    _, removed, _ = compare_records(example, new)
    assert [(r.kind, r.subject, r.title) for r in removed] == [
        ("project", "projects/zuiduo-paoyici", '深化"最多跑一次"改革')
    ]

    assert compare_records(example, new, frozenset({"projects/zuiduo-paoyici.yaml"})) == ((), (), ())


def test_everything_added_when_the_old_side_has_no_ledger(example: Ledger) -> None:
    diff = compare(absent_side(), Side(example, tuple(run_checks(example))), AS_OF)

    kinds = {r.kind for r in diff.records_added}
    assert kinds >= {
        "settings",
        "unit",
        "person",
        "project",
        "pilot",
        "handover",
        "task",
        "finding",
        "bulletin",
    }
    assert diff.records_removed == diff.records_changed == diff.obligations.removed == ()
    assert len(diff.obligations.created) > 100 and diff.obligations.fulfilled == ()
    assert {m.project for m in diff.entered} >= {"zuiduo-paoyici"}
    assert not diff.adds_errors and diff.unreadable == ()


def test_same_ledger_is_empty(example: Ledger) -> None:
    side = Side(example, ())
    assert compare(side, side, AS_OF).empty


# --- library -------------------------------------------------------------------------------


def test_library_entries_and_exits(example: Ledger) -> None:
    new = with_project(example, "zuiduo-paoyici", exit=Exit(date=D("2026-07-01"), reason="调整出库"))
    new = with_project(new, "mujun-yingxiong", completed=D("2026-07-05"))
    new = without_project(new, "redboat-party")

    entered, exited = compare_library(example, new, AS_OF)

    assert entered == ()
    assert [(m.project, m.date, m.reason, m.note) for m in exited] == [
        ("mujun-yingxiong", D("2026-07-05"), "completed", None),
        ("redboat-party", None, "removed", None),
        ("zuiduo-paoyici", D("2026-07-01"), "adjusted", "调整出库"),
    ]
    # the reverse change: the same projects enter again
    entered, exited = compare_library(new, example, AS_OF)
    assert [m.project for m in entered] == ["mujun-yingxiong", "redboat-party", "zuiduo-paoyici"]
    assert exited == ()


def test_entered_moved_after_the_as_of_date_is_not_entered(example: Ledger) -> None:
    new = with_project(example, "zuiduo-paoyici", entered=D("2026-08-01"))
    _, exited = compare_library(example, new, AS_OF)
    assert [(m.project, m.reason) for m in exited] == [("zuiduo-paoyici", "not-entered")]


def test_exit_after_the_as_of_date_is_no_move_yet(example: Ledger) -> None:
    new = with_project(example, "zuiduo-paoyici", exit=Exit(date=D("2026-08-01"), reason="调整出库"))
    assert compare_library(example, new, AS_OF) == ((), ())


# --- obligations ---------------------------------------------------------------------------


def ob(
    due: str,
    done: str | None = None,
    *,
    rule: RuleId = RuleId.QUARTERLY_REPORT,
    subject: str = "projects/p",
    period: str | None = "2026-Q2",
    owner: str = "dept-a",
    file: str = "projects/p.yaml",
) -> Obligation:
    state, days = classify(D(due), D(done) if done else None, AS_OF, 14)
    return Obligation(
        rule, subject, "项目", period, owner, None, D(due), D(done) if done else None, state, days, file, 1
    )


def test_obligations_fulfilled_reopened_created_removed() -> None:
    q1, q2 = ob("2026-03-31", period="2026-Q1"), ob("2026-06-30")
    changes = compare_obligations(
        [q1, q2, ob("2026-07-31", period="m1", rule=RuleId.MILESTONE)],
        [
            ob("2026-03-31", None, period="2026-Q1"),
            ob("2026-06-30", "2026-07-05"),
            ob("2026-09-30", period="2026-Q3"),
        ],
    )
    assert [(c.old, c.new) for c in changes.fulfilled] == [(q2, ob("2026-06-30", "2026-07-05"))]
    assert changes.fulfilled[0].new is not None and changes.fulfilled[0].new.state == "late"
    assert [c.shown.period for c in changes.created] == ["2026-Q3"]
    assert [c.shown.period for c in changes.removed] == ["m1"]
    assert changes.reopened == changes.now_overdue == changes.changed_due == changes.reassigned == ()

    back = compare_obligations([ob("2026-06-30", "2026-07-05")], [q2])
    assert [c.shown.state for c in back.reopened] == ["overdue"] and back.fulfilled == ()


def test_obligations_now_overdue_and_changed_due() -> None:
    changes = compare_obligations(
        [ob("2026-07-20"), ob("2026-05-31", "2026-05-30", period="m2", rule=RuleId.MILESTONE)],
        [ob("2026-07-01"), ob("2026-05-31", "2026-06-02", period="m2", rule=RuleId.MILESTONE)],
    )
    assert [(c.shown.period, c.shown.state) for c in changes.now_overdue] == [
        ("m2", "late"),
        ("2026-Q2", "overdue"),
    ]
    assert [(c.old.due if c.old else None, c.shown.due) for c in changes.changed_due] == [
        (D("2026-07-20"), D("2026-07-01"))
    ]


def test_obligations_reassigned_when_only_the_owner_changes() -> None:
    changes = compare_obligations(
        [ob("2026-06-30", owner="dept-a")], [ob("2026-06-30", "2026-07-01", owner="dept-b")]
    )
    assert [(c.old.owner if c.old else None, c.shown.owner) for c in changes.reassigned] == [
        ("dept-a", "dept-b")
    ]
    assert [c.shown.owner for c in changes.fulfilled] == ["dept-b"]
    assert changes.created == changes.removed == ()
    # two owners before, one after: not a one-to-one hand-over, so removed and created
    two = compare_obligations(
        [ob("2026-06-30", owner="a"), ob("2026-06-30", owner="b")], [ob("2026-06-30", owner="c")]
    )
    assert (len(two.removed), len(two.created), two.reassigned) == (2, 1, ())


def test_obligations_of_unreadable_files_are_left_out() -> None:
    changes = compare_obligations([ob("2026-06-30")], [], frozenset({"projects/p.yaml"}))
    assert changes.removed == ()


# --- problems ------------------------------------------------------------------------------


def problem(path: str, line: int, code: str = "unknown-key", message: str = "unknown key 'x'") -> Problem:
    return Problem(Span(path, line, 1), code, msg("problem.other", field="x", detail=message), Severity.ERROR)


def test_problems_matched_by_file_code_and_message() -> None:
    moved = (problem("a.yaml", 3), problem("a.yaml", 9))
    assert compare_problems([moved[0]], [moved[1]]) == ((), ())
    added, fixed = compare_problems([problem("a.yaml", 3)], [problem("a.yaml", 3), problem("b.yaml", 1)])
    assert (added, fixed) == ((problem("b.yaml", 1),), ())
    added, fixed = compare_problems([problem("a.yaml", 3, message="m")], [])
    assert (added, fixed) == ((), (problem("a.yaml", 3, message="m"),))


def test_repeated_problems_count_the_surplus_at_new_positions() -> None:
    added, fixed = compare_problems([problem("a.yaml", 3)], [problem("a.yaml", 3), problem("a.yaml", 7)])
    assert (added, fixed) == ((problem("a.yaml", 7),), ())


def test_adds_errors_only_for_errors(example: Ledger) -> None:
    warning = Problem(
        Span("a.yaml", 1, 1), "w", msg("problem.other", field="x", detail="warn"), Severity.WARNING
    )
    side = Side(example, ())
    assert not compare(side, Side(example, (warning,)), AS_OF).adds_errors
    assert compare(side, Side(example, (problem("a.yaml", 1),)), AS_OF).adds_errors
