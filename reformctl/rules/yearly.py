"""What the year-end report (年报告, seed §2(2)) counts: pure functions over the ledger and the
obligations of `compute_obligations(ledger, as_of)`, returning frozen records.

Every figure of the annual report comes from here (`reformctl.render.report` only words it).
Decisions (docs/documents.md): an item is *done* when it was completed by its deadline, *late*
when completed after it, *overdue* when not completed and the deadline has passed, else *open*;
a key-points task is its library project when it has `project:`, otherwise it is completed when
every milestone is done (on the last milestone's day; late if any milestone was late).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from reformctl.model.blocks import Milestone
from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules.library import known_on, pilot_end
from reformctl.rules.obligation import Obligation
from reformctl.rules.scorecard import Tally, in_year, tally

Outcome = Literal["done", "late", "overdue", "open"]
OUTCOMES: tuple[Outcome, ...] = ("done", "late", "overdue", "open")
LEVELS = ("national", "provincial", "municipal", "local")
REPORT_RULES = frozenset({RuleId.QUARTERLY_REPORT, RuleId.HALFYEAR_REPORT})
EVALUATION_RULES = frozenset({RuleId.PHASE_EVALUATION, RuleId.SUMMARY_EVALUATION})


@dataclass(frozen=True, slots=True)
class Item:
    """A key-points task, work-plan item or hand-over sheet and how it stands on the as-of date."""

    subject: str
    title: str
    lead: str
    deadline: date | None
    completed: date | None
    outcome: Outcome


def outcome(completed: date | None, deadline: date | None, as_of: date, late: bool = False) -> Outcome:
    if completed is not None:
        return "late" if late or (deadline is not None and completed > deadline) else "done"
    return "overdue" if deadline is not None and deadline < as_of else "open"


def count(items: Sequence[Item]) -> dict[str, int]:
    return {"total": len(items), **{o: sum(i.outcome == o for i in items) for o in OUTCOMES}}


def _by_milestones(milestones: Sequence[Milestone], as_of: date) -> tuple[date | None, Outcome]:
    """A task without a project: completed when every milestone is done (none: open)."""
    done = [known_on(m.done, as_of) for m in milestones]
    if milestones and all(d is not None for d in done):
        last = max(d for d in done if d is not None)
        late = any(d is not None and d > m.due for m, d in zip(milestones, done, strict=True))
        return last, ("late" if late else "done")
    overdue = any(d is None and m.due < as_of for m, d in zip(milestones, done, strict=True))
    return None, ("overdue" if overdue else "open")


def task_items(ledger: Ledger, year: int, as_of: date) -> tuple[Item, ...]:
    """The year's key-points tasks (§1(1)), in file order."""
    folder = ledger.years.get(year)
    kp = folder.keypoints if folder else None
    out = []
    for task in kp.value.tasks if kp else ():
        subject = f"{year}/keypoints#{task.id}"
        project = ledger.projects.get(task.project) if task.project else None
        if project is not None:
            p = project.value
            done = known_on(p.completed, as_of)
            out.append(
                Item(subject, task.title, task.lead, p.deadline, done, outcome(done, p.deadline, as_of))
            )
            continue
        due = max((m.due for m in task.milestones), default=None)
        finished, state = _by_milestones(task.milestones, as_of)
        out.append(Item(subject, task.title, task.lead, due, finished, state))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Workplan:
    group: str
    approved: date | None
    items: tuple[Item, ...]


def workplans(ledger: Ledger, year: int, as_of: date) -> tuple[Workplan, ...]:
    """Each special group's work plan of the year, in units.yaml order (absent: no items)."""
    folder = ledger.years.get(year)
    out = []
    for unit in ledger.units_of_kind("special-group"):
        rec = folder.workplans.get(unit.id) if folder else None
        if rec is None:
            out.append(Workplan(unit.id, None, ()))
            continue
        items = tuple(
            Item(
                f"{year}/workplans/{unit.id}#{it.id}",
                it.title,
                it.lead,
                it.deadline,
                known_on(it.completed, as_of),
                outcome(known_on(it.completed, as_of), it.deadline, as_of),
            )
            for it in rec.value.items
        )
        out.append(Workplan(unit.id, known_on(rec.value.approved, as_of), items))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PilotEnd:
    subject: str
    title: str
    day: date
    terminated: bool


@dataclass(frozen=True, slots=True)
class PilotLevel:
    """The pilots of one level that ran in the year (§4(1)) and their evaluations (§5(1))."""

    level: str
    running: tuple[str, ...]
    ended: tuple[PilotEnd, ...]
    evaluations: Tally
    evaluations_later: int
    """Evaluations of these pilots due after the as-of date (still to come)."""


def pilot_levels(
    ledger: Ledger, obligations: Sequence[Obligation], year: int, as_of: date
) -> tuple[PilotLevel, ...]:
    first, last = date(year, 1, 1), min(date(year, 12, 31), as_of)
    out = []
    for level in LEVELS:
        running, ended, subjects = [], [], set()
        for pid, rec in sorted(ledger.pilots.items()):
            pl = rec.value
            end = pilot_end(pl, as_of)
            if pl.level != level or pl.start > last or end < first:
                continue
            subject = f"pilots/{pid}"
            running.append(subject)
            subjects.add(subject)
            if end <= last:
                ended.append(PilotEnd(subject, pl.title, end, end != pl.end))
        evals = [ob for ob in obligations if ob.rule in EVALUATION_RULES and ob.subject in subjects]
        out.append(
            PilotLevel(
                level,
                tuple(running),
                tuple(sorted(ended, key=lambda e: (e.day, e.subject))),
                tally(in_year(evals, year, as_of)),
                sum(1 for ob in evals if ob.due > as_of and ob.due.year == year),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SupervisionYear:
    """The year's supervision (§3(1)): plan, supervisions, findings, rectifications, re-inspections."""

    plan_approved: date | None
    plan_items: int
    special: int
    daily: int
    findings: int
    notices: int
    rectifications: Tally
    rectifications_later: int
    reinspected: int
    reinspection_failed: int
    reinspections: Tally


def supervision_year(
    ledger: Ledger, obligations: Sequence[Obligation], year: int, as_of: date
) -> SupervisionYear:
    folder = ledger.years.get(year)
    plan = folder.supervision_plan if folder else None
    started = [
        rec.value for rec in (folder.supervisions.values() if folder else ()) if rec.value.start <= as_of
    ]
    findings = [f for s in started for f in s.findings]
    prefix = f"{year}/supervision/"

    def of(rule: RuleId) -> list[Obligation]:
        return [ob for ob in obligations if ob.rule is rule and ob.subject.startswith(prefix)]

    rect = of(RuleId.RECTIFICATION)
    reinspected = [f.reinspection for f in findings if f.reinspection and f.reinspection.date <= as_of]
    return SupervisionYear(
        plan_approved=known_on(plan.value.approved, as_of) if plan else None,
        plan_items=len(plan.value.items) if plan else 0,
        special=sum(1 for s in started if s.kind == "special"),
        daily=sum(1 for s in started if s.kind == "daily"),
        findings=len(findings),
        notices=sum(1 for f in findings if f.notice is not None and f.notice.issued <= as_of),
        rectifications=tally(ob for ob in rect if ob.due <= as_of),
        rectifications_later=sum(1 for ob in rect if ob.due > as_of),
        reinspected=len(reinspected),
        reinspection_failed=sum(1 for r in reinspected if not r.passed),
        reinspections=tally(ob for ob in of(RuleId.REINSPECTION) if ob.due <= as_of),
    )


def handover_items(ledger: Ledger, year: int, as_of: date) -> tuple[Item, ...]:
    """Hand-over sheets (§3(2)) raised in the year on or before the as-of date, by id."""
    out = []
    for hid, rec in sorted(ledger.handovers.items()):
        h = rec.value
        if h.raised.year != year or h.raised > as_of:
            continue
        done = known_on(h.resolved, as_of)
        lead = ", ".join(h.assigned)
        out.append(
            Item(f"handovers/{hid}", h.title, lead, h.deadline, done, outcome(done, h.deadline, as_of))
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class UnitReports:
    unit: str
    reports: Tally


def reporting(
    ledger: Ledger, obligations: Sequence[Obligation], year: int, as_of: date
) -> tuple[UnitReports, ...]:
    """Per unit (units.yaml order) that owed any, its quarterly and half-year progress reports
    (§2(2)) due in the year on or before the as-of date."""
    owed: dict[str, list[Obligation]] = {}
    for ob in in_year(obligations, year, as_of):
        if ob.rule in REPORT_RULES:
            owed.setdefault(ob.owner, []).append(ob)
    return tuple(UnitReports(u, tally(owed[u])) for u in ledger.units if u in owed)


def rule_tally(obligations: Sequence[Obligation], rule: RuleId, year: int, as_of: date) -> Tally:
    """One rule's obligations due in the year on or before the as-of date (e.g. the bulletins)."""
    return tally(ob for ob in in_year(obligations, year, as_of) if ob.rule is rule)
