"""`reformctl record KIND SUBJECT …`: each kind is a pure edit of a round-trip document.

An edit finds its target node, checks that the change makes sense (nothing recorded twice), sets
only the keys it means to change (placing new keys in the order of the schema) and says in words
what it did, for the commit message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from reformctl.errors import DataRefusal, UsageError, close_to
from reformctl.i18n import Term
from reformctl.model.blocks import Milestone, Plan
from reformctl.model.keypoints import Task
from reformctl.model.patterns import PERIOD_RE, Period
from reformctl.model.pilot import Pilot
from reformctl.model.project import Project
from reformctl.model.supervision import Finding
from reformctl.model.workplan import WorkplanItem

_SUBJECT = re.compile(
    r"^(?P<folder>projects|pilots|handovers)/(?P<id>[a-z0-9][a-z0-9-]{0,63})$"
    r"|^(?P<year>\d{4})/(?P<kind>workplans|supervision)/(?P<file>[a-z0-9][a-z0-9-]{0,63})"
    r"(#(?P<item>[a-z0-9][a-z0-9-]{0,63}))?$"
    r"|^(?P<kyear>\d{4})/keypoints#(?P<task>[a-z0-9][a-z0-9-]{0,63})$"
)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a subject lives: the file (relative to the ledger) and the list item inside it."""

    subject: str
    rel: str
    list_key: str | None = None
    item_id: str | None = None
    kind: str = ""


def target(subject: str) -> Target:
    m = _SUBJECT.fullmatch(subject)
    if m is None:
        raise UsageError("error.subject-bad", value=subject)
    if m["folder"]:
        return Target(subject, f"{m['folder']}/{m['id']}.yaml", kind=m["folder"][:-1])
    if m["kyear"]:
        return Target(subject, f"{m['kyear']}/keypoints.yaml", "tasks", m["task"], "task")
    rel = f"{m['year']}/{m['kind']}/{m['file']}.yaml"
    if m["kind"] == "workplans":
        return Target(
            subject,
            rel,
            "items" if m["item"] else None,
            m["item"],
            "item" if m["item"] else "workplan",
        )
    return Target(
        subject,
        rel,
        "findings" if m["item"] else None,
        m["item"],
        "finding" if m["item"] else "supervision",
    )


def node_of(doc: Any, tgt: Target) -> CommentedMap:
    """The mapping the subject names inside its document."""
    if not isinstance(doc, CommentedMap):
        raise DataRefusal("error.not-a-mapping", path=tgt.rel)
    if tgt.list_key is None:
        return doc
    items = doc.get(tgt.list_key)
    if isinstance(items, CommentedSeq):
        for item in items:
            if isinstance(item, CommentedMap) and item.get("id") == tgt.item_id:
                return item
    ids = (
        [str(i.get("id")) for i in items if isinstance(i, CommentedMap) and i.get("id")]
        if isinstance(items, CommentedSeq)
        else []
    )
    raise UsageError(
        "error.item-missing",
        subject=tgt.subject,
        what=Term(f"what.{tgt.list_key[:-1]}"),
        item=str(tgt.item_id),
        path=tgt.rel,
        suggestion=close_to(str(tgt.item_id), ids),
    )


def set_key(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set `key`, keeping its place if present, else inserting it where the schema orders it. A
    comment after the old value stays as far from the new one (`completed: null    # 待验收`)."""
    if key in mapping:
        comment = mapping.ca.items.get(key, [None, None, None])[2] if hasattr(mapping, "ca") else None
        if comment is not None:
            comment.column = max(comment.column + _width(value) - _width(mapping[key]), 0)
        mapping[key] = value
        return
    rank = {name: i for i, name in enumerate(order)}
    mine = rank.get(key, len(order))
    position = len(mapping)
    for i, existing in enumerate(mapping):
        if rank.get(existing, len(order)) > mine:
            position = i
            break
    mapping.insert(position, key, value)


def _width(value: Any) -> int:
    """How many characters a plain scalar takes in the file (`null`, `2026-07-10`, `true`)."""
    if value is None:
        return 4
    if isinstance(value, bool):
        return 4 if value else 5
    if isinstance(value, date):
        return 10
    return len(str(value))


def fields(model: Any) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def flow_like(siblings: Any, data: dict[str, Any]) -> CommentedMap:
    """A new mapping, in flow style when its siblings are written that way."""
    new = CommentedMap(data)
    if isinstance(siblings, CommentedMap) and siblings:
        last = siblings[list(siblings)[-1]]
        if isinstance(last, CommentedMap) and last.fa.flow_style():
            new.fa.set_flow_style()
            for key, value in data.items():
                # ruamel writes `?x` and `:x` plain inside `{…}`, which the reader rejects
                if isinstance(value, str) and value[:1] in ("?", ":"):
                    new[key] = DoubleQuotedScalarString(value)
    return new


def _not_recorded(node: CommentedMap, key: str, what: Term, subject: str) -> None:
    """Refuse (exit 1) to record `what` (a catalogue word) a second time; the message shows what
    is recorded as the file writes it."""
    if node.get(key) is not None:
        raise DataRefusal("error.already-recorded", subject=subject, what=what, recorded=node.get(key))


@dataclass(frozen=True, slots=True)
class RecordArgs:
    """What the command line gave a record edit."""

    subject: str
    day: date
    period: str | None = None
    number: int | None = None
    step: str | None = None
    summary: str | None = None
    reason: str | None = None
    kind: str | None = None
    by: str | None = None
    with_unit: str | None = None
    passed: bool = True
    third_party: bool = False
    milestone_ref: str | None = None
    """The milestone named by its `id` instead of its number."""
    milestone_id: str | None = None
    """`--id`: the stable id to give the milestone (SPEC §2.3)."""
    extra: dict[str, Any] = field(default_factory=dict)


Edit = Callable[[CommentedMap, Target, RecordArgs], str]
"""Applies one record kind to the subject's node; returns what it did, in words."""


# SPEC §2.4/§2.5 order: the record's own keys first, then the shared blocks (the models inherit
# the blocks, so their field order puts `plan` … `results` before `title`).
_PROJECT_ORDER = [
    "title",
    "group",
    "lead",
    "partners",
    "leader",
    "team",
    "entered",
    "stage",
    "deadline",
    "approved_until",
    "completed",
    "exit",
    "plan",
    "milestones",
    "reports",
    "evaluations",
    "results",
    "exemplary",
]
_PILOT_ORDER = [
    "title",
    "level",
    "breaks",
    "approved_by",
    "approved",
    "start",
    "end",
    "lead",
    "group",
    "plan",
    "milestones",
    "reports",
    "evaluations",
    "results",
    "exemplary",
    "terminated",
]


def _spec_order(order: list[str], model: Any) -> list[str]:
    return order + [name for name in fields(model) if name not in order]


def schema_order(kind: str, model: Any = None) -> list[str]:
    """Keys of a record kind in the order SPEC §2 writes them."""
    orders = {
        "project": _spec_order(_PROJECT_ORDER, Project),
        "pilot": _spec_order(_PILOT_ORDER, Pilot),
        "item": fields(WorkplanItem),
        "task": fields(Task),
        "finding": fields(Finding),
    }
    if kind in orders:
        return orders[kind]
    return fields(model) if model is not None else []


def _item_order(tgt: Target) -> list[str]:
    return schema_order(tgt.kind)


def record_report(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    if tgt.kind not in ("project", "pilot", "item"):
        raise UsageError(
            "error.record-not-here",
            subject=tgt.subject,
            what=Term("what.reports"),
            where=Term("where.project-pilot-item"),
        )
    if a.period is None or not PERIOD_RE.fullmatch(a.period):
        raise UsageError("error.period-bad", value=a.period)
    if a.day < Period.parse(a.period).first_day:
        raise UsageError("error.report-before-period", period=a.period, day=a.day)
    reports = node.get("reports")
    if reports is None:
        reports = CommentedMap()
        set_key(node, "reports", reports, _item_order(tgt))
    if a.period in reports:
        raise DataRefusal(
            "error.report-recorded", subject=tgt.subject, period=a.period, recorded=reports[a.period]
        )
    data: dict[str, Any] = {"submitted": a.day}
    if a.summary:
        data["summary"] = a.summary
    reports[a.period] = flow_like(reports, data)
    return f"{a.period} report submitted {a.day}"


def _milestone_number(milestones: Any, tgt: Target, a: RecordArgs) -> int:
    """The 1-based number of the milestone the command line names, by number or by `id`."""
    items = milestones if isinstance(milestones, CommentedSeq) else CommentedSeq()
    if a.milestone_ref is not None:
        ids = [m.get("id") for m in items if isinstance(m, CommentedMap)]
        if a.milestone_ref not in ids:
            named = [str(i) for i in ids if i is not None]
            raise UsageError(
                "error.milestone-id-missing",
                subject=tgt.subject,
                value=a.milestone_ref,
                count=len(items),
                ids=named or Term("what.none"),
                suggestion=close_to(a.milestone_ref, named),
            )
        return ids.index(a.milestone_ref) + 1
    n = a.number
    if n is None or not 1 <= n <= len(items):
        raise UsageError("error.milestone-number-missing", subject=tgt.subject, number=n, count=len(items))
    return n


def record_milestone(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    """A milestone done; with `--id`, also its stable id (SPEC §2.3: calendar UIDs use it)."""
    milestones = node.get("milestones")
    n = _milestone_number(milestones, tgt, a)
    milestone = milestones[n - 1]
    if not isinstance(milestone, CommentedMap):
        raise UsageError("error.milestone-not-mapping", subject=tgt.subject, number=n)
    _not_recorded(milestone, "done", Term("what.milestone-done"), tgt.subject)
    given = a.milestone_id
    if given is not None and milestone.get("id") not in (None, given):
        raise UsageError("error.milestone-has-id", subject=tgt.subject, number=n, id=milestone.get("id"))
    order = fields(Milestone)
    set_key(milestone, "done", a.day, order)
    if given is not None:
        set_key(milestone, "id", given, order)
    name = milestone.get("id")
    return f"milestone {n}{f' ({name})' if name else ''} done {a.day}"


PLAN_STEPS = {
    "drafted": "drafted",
    "reviewed": "office_review",
    "office_review": "office_review",
    "deliberated": "deliberated",
    "issued": "issued",
    "filed": "filed",
}


def record_plan(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    if tgt.kind not in ("project", "pilot", "task"):
        raise UsageError(
            "error.record-not-here",
            subject=tgt.subject,
            what=Term("what.plans"),
            where=Term("where.project-pilot-task"),
        )
    step = PLAN_STEPS.get(a.step or "")
    if step is None:
        steps = ["drafted", "reviewed", "deliberated", "issued", "filed"]
        raise UsageError(
            "error.plan-step-unknown", value=a.step, choices=steps, suggestion=close_to(a.step or "", steps)
        )
    plan = node.get("plan")
    if plan is None:
        plan = CommentedMap()
        set_key(node, "plan", plan, _item_order(tgt))
    _not_recorded(plan, step, Term(f"what.plan-{step}"), tgt.subject)
    set_key(plan, step, a.day, fields(Plan))
    return f"plan {step} {a.day}"


def record_rectified(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    _finding(tgt)
    _not_recorded(node, "rectified", Term("what.rectification"), tgt.subject)
    set_key(node, "rectified", a.day, fields(Finding))
    return f"rectified {a.day}"


def record_reinspection(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    _finding(tgt)
    _not_recorded(node, "reinspection", Term("what.reinspection"), tgt.subject)
    set_key(node, "reinspection", CommentedMap({"date": a.day, "passed": a.passed}), fields(Finding))
    return f"re-inspection {a.day} {'passed' if a.passed else 'not passed'}"


def _finding(tgt: Target) -> None:
    if tgt.kind != "finding":
        raise UsageError("error.expected-finding", subject=tgt.subject)


def record_resolved(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    if tgt.kind != "handover":
        raise UsageError("error.expected-handover", subject=tgt.subject)
    _not_recorded(node, "resolved", Term("what.resolution"), tgt.subject)
    node["resolved"] = a.day
    if a.summary:
        node["resolution"] = a.summary
    return f"resolved {a.day}"


def record_evaluation(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    if tgt.kind not in ("project", "pilot", "task"):
        raise UsageError(
            "error.record-not-here",
            subject=tgt.subject,
            what=Term("what.evaluations"),
            where=Term("where.project-pilot-task"),
        )
    kinds = ["effect", "phase", "summary"]
    if a.kind not in kinds:
        raise UsageError(
            "error.evaluation-kind-unknown",
            value=a.kind,
            choices=kinds,
            suggestion=close_to(a.kind or "", kinds),
        )
    if not a.by:
        raise UsageError("error.evaluation-needs-by")
    evaluations = node.get("evaluations")
    if evaluations is None:
        evaluations = CommentedSeq()
        set_key(node, "evaluations", evaluations, _item_order(tgt))
    data: dict[str, Any] = {"kind": a.kind, "date": a.day, "by": a.by}
    if a.third_party:
        data["third_party"] = True
    if a.summary:
        data["summary"] = a.summary
    evaluations.append(CommentedMap(data))
    return f"{a.kind} evaluation {a.day}"


def record_results(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    if tgt.kind not in ("project", "pilot"):
        raise UsageError(
            "error.record-not-here",
            subject=tgt.subject,
            what=Term("what.results"),
            where=Term("where.project-pilot"),
        )
    _not_recorded(node, "results", Term("what.results-report"), tgt.subject)
    data: dict[str, Any] = {"submitted": a.day}
    if a.summary:
        data["summary"] = a.summary
    set_key(node, "results", CommentedMap(data), _item_order(tgt))
    return f"results submitted {a.day}"


def record_complete(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    if tgt.kind not in ("project", "item"):
        raise UsageError(
            "error.record-not-here",
            subject=tgt.subject,
            what=Term("what.completion"),
            where=Term("where.project-item"),
        )
    _not_recorded(node, "completed", Term("what.completion"), tgt.subject)
    set_key(node, "completed", a.day, _item_order(tgt))
    return f"completed {a.day}"


def record_exit(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    if tgt.kind != "project":
        raise UsageError("error.exit-only-projects", subject=tgt.subject)
    if not a.reason:
        raise UsageError("error.exit-needs-reason")
    _not_recorded(node, "exit", Term("what.exit"), tgt.subject)
    set_key(node, "exit", CommentedMap({"date": a.day, "reason": a.reason}), _item_order(tgt))
    return f"exit {a.day}"


EDITS: dict[str, Edit] = {
    "report": record_report,
    "milestone": record_milestone,
    "plan": record_plan,
    "rectified": record_rectified,
    "reinspection": record_reinspection,
    "resolved": record_resolved,
    "evaluation": record_evaluation,
    "results": record_results,
    "complete": record_complete,
    "exit": record_exit,
}
"""Kinds that edit the subject's own record; `contact` and `halfyear` edit `<year>/reports.yaml`."""

RECORD_KINDS = (*EDITS, "contact", "halfyear")
"""Every kind of `reformctl record`."""


def record_contact(doc: CommentedMap, unit: str, a: RecordArgs) -> str:
    contacts = doc.get("contacts")
    if contacts is None:
        contacts = CommentedSeq()
        set_key(doc, "contacts", contacts, ["halfyear", "annual_summary", "contacts"])
    data: dict[str, Any] = {"date": a.day, "by": unit}
    if a.with_unit:
        data["with"] = a.with_unit
    if a.summary:
        data["note"] = a.summary
    contacts.append(CommentedMap(data))
    return f"monthly contact {a.day}"


def record_halfyear(doc: CommentedMap, unit: str, a: RecordArgs) -> str:
    if a.period is None or not re.fullmatch(r"\d{4}-H[12]", a.period):
        raise UsageError("error.halfyear-bad", value=a.period)
    halfyear = doc.get("halfyear")
    if halfyear is None:
        halfyear = CommentedMap()
        set_key(doc, "halfyear", halfyear, ["halfyear", "annual_summary", "contacts"])
    received = halfyear.get(a.period)
    if received is None:
        received = CommentedMap()
        halfyear[a.period] = received
    if unit in received:
        raise DataRefusal("error.halfyear-recorded", unit=unit, period=a.period, recorded=received[unit])
    received[unit] = a.day
    return f"{a.period} half-year report submitted {a.day}"
