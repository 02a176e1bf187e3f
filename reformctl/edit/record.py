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

from reformctl.errors import DataRefusal, UsageError
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
        raise UsageError(
            f"subject '{subject}' is not understood; expected projects/<id>, pilots/<id>, "
            "handovers/<id>, <year>/workplans/<group>#<item>, <year>/keypoints#<task> or "
            "<year>/supervision/<id>#<finding>"
        )
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
        raise DataRefusal(f"{tgt.rel} does not hold a mapping; fix the file first (reformctl check)")
    if tgt.list_key is None:
        return doc
    items = doc.get(tgt.list_key)
    if isinstance(items, CommentedSeq):
        for item in items:
            if isinstance(item, CommentedMap) and item.get("id") == tgt.item_id:
                return item
    raise UsageError(f"{tgt.subject}: no {tgt.list_key[:-1]} '{tgt.item_id}' in {tgt.rel}")


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


def _not_recorded(node: CommentedMap, key: str, what: str, subject: str) -> None:
    if node.get(key) is not None:
        raise DataRefusal(
            f"{subject}: {what} is already recorded ({node.get(key)}); edit the file to change it"
        )


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
        raise UsageError(f"{tgt.subject}: reports are recorded on projects, pilots and work-plan items")
    if a.period is None or not PERIOD_RE.fullmatch(a.period):
        raise UsageError(f"period '{a.period}' is not a period; expected e.g. 2026-Q2")
    if a.day < Period.parse(a.period).first_day:
        raise UsageError(f"a report for {a.period} cannot be submitted on {a.day}, before the period began")
    reports = node.get("reports")
    if reports is None:
        reports = CommentedMap()
        set_key(node, "reports", reports, _item_order(tgt))
    if a.period in reports:
        raise DataRefusal(
            f"{tgt.subject}: the {a.period} report is already recorded; edit the file to change it"
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
            known = ", ".join(str(i) for i in ids if i is not None) or "none"
            raise UsageError(
                f"{tgt.subject}: no milestone with id '{a.milestone_ref}'; expected a number "
                f"from 1 to {len(items)} or one of the ids ({known})"
            )
        return ids.index(a.milestone_ref) + 1
    n = a.number
    if n is None or not 1 <= n <= len(items):
        raise UsageError(f"{tgt.subject}: no milestone {n}; expected a number from 1 to {len(items)}")
    return n


def record_milestone(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    """A milestone done; with `--id`, also its stable id (SPEC §2.3: calendar UIDs use it)."""
    milestones = node.get("milestones")
    n = _milestone_number(milestones, tgt, a)
    milestone = milestones[n - 1]
    if not isinstance(milestone, CommentedMap):
        raise UsageError(f"{tgt.subject}: milestone {n} is not a mapping; fix the file first")
    _not_recorded(milestone, "done", f"milestone {n}", tgt.subject)
    given = a.milestone_id
    if given is not None and milestone.get("id") not in (None, given):
        raise UsageError(
            f"{tgt.subject}: milestone {n} already has the id '{milestone.get('id')}'; "
            "edit the file to change it"
        )
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
        raise UsageError(f"{tgt.subject}: plans are recorded on projects, pilots and key-point tasks")
    step = PLAN_STEPS.get(a.step or "")
    if step is None:
        raise UsageError(
            f"plan step '{a.step}' is unknown; expected one of: drafted, reviewed, deliberated, issued, filed"
        )
    plan = node.get("plan")
    if plan is None:
        plan = CommentedMap()
        set_key(node, "plan", plan, _item_order(tgt))
    _not_recorded(plan, step, f"plan {step}", tgt.subject)
    set_key(plan, step, a.day, fields(Plan))
    return f"plan {step} {a.day}"


def record_rectified(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    _finding(tgt)
    _not_recorded(node, "rectified", "rectification", tgt.subject)
    set_key(node, "rectified", a.day, fields(Finding))
    return f"rectified {a.day}"


def record_reinspection(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    _finding(tgt)
    _not_recorded(node, "reinspection", "re-inspection", tgt.subject)
    set_key(node, "reinspection", CommentedMap({"date": a.day, "passed": a.passed}), fields(Finding))
    return f"re-inspection {a.day} {'passed' if a.passed else 'not passed'}"


def _finding(tgt: Target) -> None:
    if tgt.kind != "finding":
        raise UsageError(f"{tgt.subject}: expected a finding, <year>/supervision/<id>#<finding>")


def record_resolved(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    if tgt.kind != "handover":
        raise UsageError(f"{tgt.subject}: expected a hand-over sheet, handovers/<id>")
    _not_recorded(node, "resolved", "resolution", tgt.subject)
    node["resolved"] = a.day
    if a.summary:
        node["resolution"] = a.summary
    return f"resolved {a.day}"


def record_evaluation(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    if tgt.kind not in ("project", "pilot", "task"):
        raise UsageError(f"{tgt.subject}: evaluations are recorded on projects, pilots and key-point tasks")
    if a.kind not in ("effect", "phase", "summary"):
        raise UsageError(f"evaluation kind '{a.kind}' is unknown; expected effect, phase or summary")
    if not a.by:
        raise UsageError("an evaluation needs --by (who evaluated)")
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
        raise UsageError(f"{tgt.subject}: results are recorded on projects and pilots")
    _not_recorded(node, "results", "results report", tgt.subject)
    data: dict[str, Any] = {"submitted": a.day}
    if a.summary:
        data["summary"] = a.summary
    set_key(node, "results", CommentedMap(data), _item_order(tgt))
    return f"results submitted {a.day}"


def record_complete(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    if tgt.kind not in ("project", "item"):
        raise UsageError(f"{tgt.subject}: completion is recorded on projects and work-plan items")
    _not_recorded(node, "completed", "completion", tgt.subject)
    set_key(node, "completed", a.day, _item_order(tgt))
    return f"completed {a.day}"


def record_exit(node: CommentedMap, tgt: Target, a: RecordArgs) -> str:
    if tgt.kind != "project":
        raise UsageError(f"{tgt.subject}: only library projects exit, projects/<id>")
    if not a.reason:
        raise UsageError("an exit needs --reason (why the project is taken out of the library)")
    _not_recorded(node, "exit", "exit", tgt.subject)
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
        raise UsageError(f"period '{a.period}' is not a half year; expected e.g. 2026-H1")
    halfyear = doc.get("halfyear")
    if halfyear is None:
        halfyear = CommentedMap()
        set_key(doc, "halfyear", halfyear, ["halfyear", "annual_summary", "contacts"])
    received = halfyear.get(a.period)
    if received is None:
        received = CommentedMap()
        halfyear[a.period] = received
    if unit in received:
        raise DataRefusal(f"units/{unit}: the {a.period} half-year report is already recorded")
    received[unit] = a.day
    return f"{a.period} half-year report submitted {a.day}"
