"""The data of one project's or one pilot's page: its fields by name, plan steps, milestones,
quarterly reports, evaluations, supervision findings, hand-over sheets and obligations, each with
its state as of the as-of date (SPEC §3: an event dated after it has not happened yet).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from reformctl.model.blocks import Tracked
from reformctl.model.pilot import Pilot
from reformctl.model.project import Project
from reformctl.model.rule_ids import RuleId
from reformctl.render.labels import join, label, paren
from reformctl.render.prose import level_text, period_text
from reformctl.render.site.facts import Facts, FindingRef
from reformctl.render.site.pages import pilot_state
from reformctl.render.site.words import word
from reformctl.rules.library import known_on, library_exit, pilot_end
from reformctl.rules.obligation import Obligation

PLAN_STEPS = ("drafted", "office_review", "deliberated", "issued", "filed")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class PlanStep:
    name: str
    day: date | None


@dataclass(frozen=True, slots=True)
class PlanInfo:
    title: str | None
    scope: str
    assessments: str
    steps: tuple[PlanStep, ...]


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    n: int
    due: date
    what: str
    done: date | None
    state: str
    """An obligation state, or "not-owed" when the item was not active on the due date."""
    words: str
    days: str


@dataclass(frozen=True, slots=True)
class ReportRow:
    period: str
    period_words: str
    due: date | None
    submitted: date | None
    reviewed: date | None
    summary: str | None
    state: str
    words: str


@dataclass(frozen=True, slots=True)
class EvaluationRow:
    kind: str
    day: date
    by: str
    third_party: str
    summary: str | None


@dataclass(frozen=True, slots=True)
class FindingRow:
    supervision: str
    problem: str
    unit: str | None
    issued: date | None
    deadline: date | None
    rectified: date | None
    state: str
    words: str
    reinspection: str


@dataclass(frozen=True, slots=True)
class HandoverRow:
    id: str
    title: str
    raised: date
    raised_by: str
    assigned: str
    deadline: date
    resolved: date | None
    state: str
    words: str


@dataclass(frozen=True, slots=True)
class ObligationRow:
    rule: str
    what: str
    period: str
    owner: str
    due: date
    done: date | None
    state: str
    words: str
    days: str


@dataclass(frozen=True, slots=True)
class Parts:
    """What project and pilot pages share, below their fields."""

    plan: PlanInfo | None
    milestones: tuple[MilestoneRow, ...]
    reports: tuple[ReportRow, ...]
    evaluations: tuple[EvaluationRow, ...]
    findings: tuple[FindingRow, ...]
    handovers: tuple[HandoverRow, ...]
    obligations: tuple[ObligationRow, ...]


@dataclass(frozen=True, slots=True)
class RecordPage:
    kind: str
    """"projects" or "pilots" (the folder of its file and of its page)."""
    id: str
    title: str
    file: str
    link: str | None
    status: str
    status_words: str
    fields: tuple[Field, ...]
    parts: Parts


def _keyed(obs: Sequence[Obligation]) -> dict[tuple[RuleId, str, str | None], Obligation]:
    return {(ob.rule, ob.subject, ob.period): ob for ob in obs}


def plan_info(f: Facts, item: Tracked) -> PlanInfo | None:
    """The plan's steps (§1(2): drafted → office review → deliberated → issued → filed)."""
    plan = item.plan
    if plan is None:
        return None
    steps = tuple(
        PlanStep(word(f.locale, f"plan.{s}"), known_on(getattr(plan, s), f.as_of)) for s in PLAN_STEPS
    )
    return PlanInfo(
        plan.title,
        word(f.locale, f"scope.{plan.scope}"),
        join((word(f.locale, f"assessment.{a}") for a in plan.assessment), f.locale) or "—",
        steps,
    )


def milestone_rows(
    f: Facts, subject: str, item: Tracked, keyed: Mapping[tuple[RuleId, str, str | None], Obligation]
) -> tuple[MilestoneRow, ...]:
    """The timeline: every milestone in due order with its state (§1(3), §2(1))."""
    out = []
    for n, m in enumerate(item.milestones, start=1):
        ob = keyed.get((RuleId.MILESTONE, subject, f"m{n}"))
        if ob is None:
            state, words, days = "not-owed", word(f.locale, "milestone.not-owed"), ""
        else:
            state, words, days = ob.state, f.state(ob), f.days(ob)
        out.append(MilestoneRow(n, m.due, m.what, known_on(m.done, f.as_of), state, words, days))
    return tuple(sorted(out, key=lambda r: (r.due, r.n)))


def report_words(f: Facts, ob: Obligation | None) -> tuple[str, str]:
    if ob is None:
        return "not-owed", word(f.locale, "report.not-owed")
    if ob.state == "late":
        return ob.state, word(f.locale, "report.late", n=ob.days)
    if ob.state == "overdue":
        return ob.state, word(f.locale, "report.overdue", n=-ob.days)
    return ob.state, word(f.locale, f"report.{ob.state}")


def report_rows(f: Facts, subject: str, item: Tracked, obs: Sequence[Obligation]) -> tuple[ReportRow, ...]:
    """Quarterly reports owed (on time, late, missing, not due yet) and those recorded without
    being owed, newest first (§2(2))."""
    owed = {ob.period: ob for ob in obs if ob.rule is RuleId.QUARTERLY_REPORT and ob.subject == subject}
    recorded = {k: r for k, r in item.reports.items() if r.submitted <= f.as_of}
    periods = sorted({*(p for p in owed if p), *recorded}, reverse=True)
    out = []
    for p in periods:
        ob = owed.get(p)
        rep = recorded.get(p)
        state, words = report_words(f, ob)
        out.append(
            ReportRow(
                p,
                period_text(p, f.locale),
                ob.due if ob else None,
                rep.submitted if rep else None,
                known_on(rep.reviewed, f.as_of) if rep else None,
                rep.summary if rep else None,
                state,
                words,
            )
        )
    return tuple(out)


def evaluation_rows(f: Facts, item: Tracked) -> tuple[EvaluationRow, ...]:
    return tuple(
        EvaluationRow(
            label(f.locale, f"rule.{e.kind}-evaluation"),
            e.date,
            e.by,
            word(f.locale, "yes" if e.third_party else "no"),
            e.summary,
        )
        for e in sorted(item.evaluations, key=lambda e: e.date)
        if e.date <= f.as_of
    )


def finding_rows(
    f: Facts, subject: str, keyed: Mapping[tuple[RuleId, str, str | None], Obligation]
) -> tuple[FindingRow, ...]:
    """Supervision findings about the record, their rectification and re-inspection (§3(1))."""
    out = []
    for ref in f.findings.get(subject, ()):
        fd = ref.finding
        notice = fd.notice if fd.notice is not None and fd.notice.issued <= f.as_of else None
        rect = keyed.get((RuleId.RECTIFICATION, ref.subject, None))
        out.append(
            FindingRow(
                ref.supervision.title,
                fd.problem,
                f.unit(notice.unit) if notice else None,
                notice.issued if notice else None,
                notice.deadline if notice else None,
                known_on(fd.rectified, f.as_of),
                rect.state if rect else "not-owed",
                f.state(rect) if rect else "—",
                reinspection_words(f, ref, keyed.get((RuleId.REINSPECTION, ref.subject, None))),
            )
        )
    return tuple(out)


def reinspection_words(f: Facts, ref: FindingRef, ob: Obligation | None) -> str:
    """复查通过 or 未通过 with its date once it happened, else the state of the obligation."""
    rein = ref.finding.reinspection
    if rein is not None and rein.date <= f.as_of:
        key = "reinspection.passed" if rein.passed else "reinspection.failed"
        return word(f.locale, key, date=rein.date.isoformat())
    if ob is None:
        return "—"
    return word(f.locale, "reinspection.owed", state=f.state(ob), date=ob.due.isoformat())


def handover_rows(f: Facts, units: Sequence[str], span: tuple[date, date]) -> tuple[HandoverRow, ...]:
    """Hand-over sheets assigned to the record's lead or partner units and raised while it ran
    (`span`, first and last day) (§3(2)): a sheet names units, not records, so these are the
    sheets the record's units had to settle meanwhile."""
    ids: set[str] = set()
    for unit in units:
        sheets = f.handovers_of.get(unit, ())
        first = bisect_left(sheets, (span[0], ""))
        last = bisect_right(sheets, (span[1], "\uffff"))
        ids.update(hid for _, hid in sheets[first:last])
    out = []
    for hid in sorted(ids):
        h = f.ledger.handovers[hid].value
        obs = f.about.get(f"handovers/{hid}", ())
        mine = [ob for ob in obs if ob.owner in units] or list(obs)
        ob = mine[0] if mine else None
        out.append(
            HandoverRow(
                hid,
                h.title,
                h.raised,
                f.unit(h.raised_by),
                join((f.unit(u) for u in h.assigned), f.locale),
                h.deadline,
                known_on(h.resolved, f.as_of),
                ob.state if ob else "not-owed",
                f.state(ob) if ob else "—",
            )
        )
    return tuple(out)


def what_of(title: str, ob: Obligation) -> str:
    """What an obligation is about beyond its kind: "" when its title is the record's own, a
    milestone's words without the record's title in front."""
    if ob.title == title:
        return ""
    for sep in ("：", ": "):
        if ob.title.startswith(title + sep):
            return ob.title[len(title) + len(sep) :]
    return ob.title


def obligation_rows(f: Facts, title: str, obs: Sequence[Obligation]) -> tuple[ObligationRow, ...]:
    return tuple(
        ObligationRow(
            f.words(f"rule.{ob.rule.value}"),
            what_of(title, ob),
            f.period(ob),
            f.unit(ob.owner),
            ob.due,
            ob.done,
            ob.state,
            f.state(ob),
            f.days(ob),
        )
        for ob in obs
    )


def parts(
    f: Facts, subject: str, title: str, item: Tracked, units: Sequence[str], span: tuple[date, date]
) -> Parts:
    obs = f.about.get(subject, ())
    keyed = _keyed(obs)
    return Parts(
        plan_info(f, item),
        milestone_rows(f, subject, item, keyed),
        report_rows(f, subject, item, obs),
        evaluation_rows(f, item),
        finding_rows(f, subject, keyed),
        handover_rows(f, units, span),
        obligation_rows(f, title, obs),
    )


def _link(f: Facts, file: str) -> str | None:
    base = f.ledger.settings.value.repository
    return None if base is None else f"{base.rstrip('/')}/{file}"


def _tracked_fields(f: Facts, item: Tracked) -> list[Field]:
    out = []
    results = item.results if item.results is not None and item.results.submitted <= f.as_of else None
    if results is not None:
        text = results.submitted.isoformat() + (f" {results.summary}" if results.summary else "")
        out.append(Field(word(f.locale, "field.results"), text))
    if item.exemplary is not None:
        out.append(Field(word(f.locale, "field.exemplary"), str(item.exemplary)))
    if item.note is not None:
        out.append(Field(word(f.locale, "field.note"), item.note))
    return out


def project_statuses(f: Facts) -> dict[str, tuple[str, str]]:
    """(key, words) of every project: its light while in the library; completed or exited
    (已出库) when it left; "waiting" when it has not entered yet (SPEC §4)."""
    out = {pid: ("waiting", word(f.locale, "project.not-entered")) for pid in f.ledger.projects}
    for m in f.view.exited:
        key = "completed" if m.reason == "completed" else "exited"
        out[m.id] = (key, f.words(f"light.{key}"))
    for e in f.view.entries:
        out[e.id] = (e.light, f.words(f"light.{e.light}"))
    return out


def project_page(f: Facts, pid: str, status: tuple[str, str]) -> RecordPage:
    """`status` is the project's entry of `project_statuses`."""
    rec = f.ledger.projects[pid]
    p: Project = rec.value
    w = f.locale
    fields = [
        Field(word(w, "field.group"), f.unit(p.group)),
        Field(word(w, "field.lead"), f.unit(p.lead)),
        Field(word(w, "field.partners"), join((f.unit(u) for u in p.partners), w) or "—"),
        Field(word(w, "field.leader"), _person(f, p.leader)),
        Field(word(w, "field.team"), join((_person(f, m) for m in p.team), w) or "—"),
        Field(word(w, "field.entered"), p.entered.isoformat()),
        Field(word(w, "field.stage"), word(w, f"stage.word.{p.stage}")),
        Field(word(w, "field.deadline"), p.deadline.isoformat()),
    ]
    if p.approved_until is not None:
        fields.append(Field(word(w, "field.approved-until"), p.approved_until.isoformat()))
    completed = known_on(p.completed, f.as_of)
    if completed is not None:
        fields.append(Field(word(w, "field.completed"), completed.isoformat()))
    if p.exit is not None and p.exit.date <= f.as_of:
        fields.append(Field(word(w, "field.exit"), f"{p.exit.date.isoformat()} {p.exit.reason}"))
    fields += _tracked_fields(f, p)
    subject = f"projects/{pid}"
    return RecordPage(
        "projects",
        pid,
        p.title,
        rec.file,
        _link(f, rec.file),
        status[0],
        status[1],
        tuple(fields),
        parts(f, subject, p.title, p, (p.lead, *p.partners), (p.entered, _last_day(f, p))),
    )


def _last_day(f: Facts, p: Project) -> date:
    """The project's last day in the library, or the as-of date while it is in."""
    leaving = library_exit(p, f.as_of)
    return min(leaving.date, f.as_of) if leaving is not None else f.as_of


def _person(f: Facts, person_id: str) -> str:
    person = f.ledger.people.get(person_id)
    if person is None or person.title is None:
        return f.person(person_id)
    return paren(person.name, person.title, f.locale)


def pilot_page(f: Facts, pid: str) -> RecordPage:
    rec = f.ledger.pilots[pid]
    pl: Pilot = rec.value
    w = f.locale
    state = pilot_state(pl, f.as_of)
    fields = [
        Field(word(w, "field.level"), level_text(pl.level, w)),
        Field(word(w, "field.breaks"), word(w, f"breaks.{pl.breaks}")),
        Field(word(w, "field.approved-by"), pl.approved_by),
        Field(word(w, "field.approved"), pl.approved.isoformat()),
        Field(word(w, "field.period"), f"{pl.start.isoformat()} – {pl.end.isoformat()}"),
        Field(word(w, "field.lead"), f.unit(pl.lead)),
        Field(word(w, "field.group"), f.unit(pl.group) if pl.group else label(w, "doc.direct")),
    ]
    terminated = known_on(pl.terminated, f.as_of)
    if terminated is not None:
        fields.append(Field(word(w, "field.terminated"), terminated.isoformat()))
    fields += _tracked_fields(f, pl)
    return RecordPage(
        "pilots",
        pid,
        pl.title,
        rec.file,
        _link(f, rec.file),
        f"pilot-{state}",
        word(w, f"pilot.{state}"),
        tuple(fields),
        parts(f, f"pilots/{pid}", pl.title, pl, (pl.lead,), (pl.start, min(pilot_end(pl, f.as_of), f.as_of))),
    )
