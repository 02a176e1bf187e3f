"""References between files resolve: units, people, projects, subjects, and unique ids (§5)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from reformctl.check.dates import blocks
from reformctl.errors import Problem
from reformctl.message import Either, Msg, Names, did_you_mean, msg
from reformctl.model.ledger import Ledger
from reformctl.source import Span, SpanMap


def _field(name: str) -> Msg:
    """How a message names a field that refers to a unit or a person (`lead`: 牵头单位)."""
    return Msg(f"problem.field.{name}")


def _unit(
    ledger: Ledger, unit_id: str | None, span: Span, what: str, kinds: Iterable[str] = ()
) -> Iterator[Problem]:
    if unit_id is None or ledger.units_file is None:
        return  # units.yaml is missing or invalid: that is reported; do not flag every reference
    unit = ledger.units.get(unit_id)
    kinds = tuple(kinds)
    if unit is None:
        hint = did_you_mean(unit_id, ledger.units)
        yield Problem(
            span, "unknown-unit", msg("problem.unknown-unit", field=_field(what), value=unit_id, hint=hint)
        )
    elif kinds and unit.kind not in kinds:
        yield Problem(
            span,
            "wrong-unit-kind",
            msg(
                "problem.wrong-unit-kind",
                field=_field(what),
                value=unit_id,
                kind=Msg(f"problem.unit-kind.{unit.kind}"),
                kinds=Either(tuple(Msg(f"problem.unit-kind.{k}") for k in kinds)),
            ),
        )


def _person(ledger: Ledger, person_id: str | None, span: Span, what: str) -> Iterator[Problem]:
    if person_id is not None and ledger.units_file is not None and person_id not in ledger.people:
        hint = did_you_mean(person_id, ledger.people)
        yield Problem(
            span,
            "unknown-person",
            msg("problem.unknown-person", field=_field(what), value=person_id, hint=hint),
        )


def _subjects(ledger: Ledger) -> list[str]:
    """Every subject a reference may name: the projects and pilots by their files, and the key
    points' tasks."""
    names = [f.removesuffix(".yaml") for f in ledger.files if f.startswith(("projects/", "pilots/"))]
    return names + [f"{year}/keypoints#{task.id}" for year, _, _, task in ledger.tasks()]


def _subject(ledger: Ledger, subject: str, span: Span) -> Iterator[Problem]:
    if not ledger.has_subject(subject):
        hint = did_you_mean(subject, _subjects(ledger))
        yield Problem(
            span,
            "unknown-subject",
            msg("problem.unknown-subject", field=_field("subject"), value=subject, hint=hint),
        )


def _unique(ids: Iterable[str], spans: SpanMap, path: tuple[str | int, ...], what: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            yield Problem(
                spans.value(*path, i, "id"),
                "duplicate-id",
                msg("problem.duplicate-id", what=Msg(f"problem.what.{what}"), value=item_id),
            )
        seen.add(item_id)


def check_units(ledger: Ledger) -> Iterator[Problem]:
    """units.yaml: unique ids, leaders and secretaries are people; the office is an office."""
    settings = ledger.settings
    if ledger.units_file is not None:
        yield from _unit(ledger, settings.value.office, settings.spans.value("office"), "office", ("office",))
        uf = ledger.units_file
        yield from _unique((u.id for u in uf.value.units), uf.spans, ("units",), "unit")
        yield from _unique((p.id for p in uf.value.people), uf.spans, ("people",), "person")
        unit_ids = {u.id for u in uf.value.units}
        for i, person in enumerate(uf.value.people):
            if person.id in unit_ids:
                yield Problem(
                    uf.spans.value("people", i, "id"),
                    "duplicate-id",
                    msg("problem.duplicate-id.person-unit", value=person.id),
                )
            yield from _unit(ledger, person.unit, uf.spans.value("people", i, "unit"), "unit")
        for i, unit in enumerate(uf.value.units):
            yield from _person(ledger, unit.leader, uf.spans.value("units", i, "leader"), "unit-leader")
            yield from _person(ledger, unit.secretary, uf.spans.value("units", i, "secretary"), "secretary")


def check_projects(ledger: Ledger) -> Iterator[Problem]:
    for rec in ledger.projects.values():
        p, s = rec.value, rec.spans
        yield from _unit(ledger, p.group, s.value("group"), "group", ("special-group",))
        yield from _unit(ledger, p.lead, s.value("lead"), "lead")
        for i, partner in enumerate(p.partners):
            yield from _unit(ledger, partner, s.value("partners", i), "partner")
        yield from _person(ledger, p.leader, s.value("leader"), "leader")
        for i, member in enumerate(p.team):
            yield from _person(ledger, member, s.value("team", i), "team-member")


def check_pilots(ledger: Ledger) -> Iterator[Problem]:
    for rec in ledger.pilots.values():
        p, s = rec.value, rec.spans
        yield from _unit(ledger, p.lead, s.value("lead"), "lead")
        yield from _unit(ledger, p.group, s.value("group"), "group", ("special-group",))


def check_handovers(ledger: Ledger) -> Iterator[Problem]:
    for rec in ledger.handovers.values():
        h, s = rec.value, rec.spans
        yield from _unit(ledger, h.raised_by, s.value("raised_by"), "raised-by")
        yield from _unit(ledger, h.coordinator, s.value("coordinator"), "coordinator")
        for i, unit in enumerate(h.assigned):
            yield from _unit(ledger, unit, s.value("assigned", i), "assigned")
            if unit in h.assigned[:i]:
                yield Problem(
                    s.value("assigned", i), "duplicate-id", msg("problem.duplicate-id.assigned", value=unit)
                )
        if not h.assigned:
            yield Problem(s.value("assigned"), "empty-list", Msg("problem.empty-list.assigned"))


def check_years(ledger: Ledger) -> Iterator[Problem]:
    """Key points, work plans, supervisions and reports of each year folder."""
    for year, folder in ledger.years.items():
        kp = folder.keypoints
        if kp is not None:
            yield from _year_matches(kp.value.year, year, kp.spans)
            yield from _unique((t.id for t in kp.value.tasks), kp.spans, ("tasks",), "task")
            for i, t in enumerate(kp.value.tasks):
                yield from _unit(
                    ledger, t.group, kp.spans.value("tasks", i, "group"), "group", ("special-group",)
                )
                yield from _unit(ledger, t.lead, kp.spans.value("tasks", i, "lead"), "lead")
                if t.project is not None and f"projects/{t.project}.yaml" not in ledger.files:
                    hint = did_you_mean(t.project, _project_ids(ledger))
                    yield Problem(
                        kp.spans.value("tasks", i, "project"),
                        "unknown-subject",
                        msg("problem.unknown-project", value=t.project, hint=hint),
                    )
        for stem, wp in folder.workplans.items():
            yield from _year_matches(wp.value.year, year, wp.spans)
            if wp.value.group != stem:
                yield Problem(
                    wp.spans.value("group"),
                    "file-mismatch",
                    msg("problem.file-mismatch.group", value=wp.value.group, stem=stem),
                )
            yield from _unit(ledger, wp.value.group, wp.spans.value("group"), "group", ("special-group",))
            yield from _unique((it.id for it in wp.value.items), wp.spans, ("items",), "item")
            for i, item in enumerate(wp.value.items):
                yield from _unit(ledger, item.lead, wp.spans.value("items", i, "lead"), "lead")
        plan = folder.supervision_plan
        if plan is not None:
            yield from _year_matches(plan.value.year, year, plan.spans)
            for i, pi in enumerate(plan.value.items):
                yield from _subject(ledger, pi.subject, plan.spans.value("items", i, "subject"))
                yield from _unit(ledger, pi.lead, plan.spans.value("items", i, "lead"), "lead")
        for sup in folder.supervisions.values():
            v, s = sup.value, sup.spans
            yield from _unit(ledger, v.lead, s.value("lead"), "lead")
            for i, unit in enumerate(v.with_):
                yield from _unit(ledger, unit, s.value("with", i), "co-lead")
            for i, subject in enumerate(v.subjects):
                yield from _subject(ledger, subject, s.value("subjects", i))
            yield from _unique((f.id for f in v.findings), s, ("findings",), "finding")
            for i, f in enumerate(v.findings):
                yield from _subject(ledger, f.subject, s.value("findings", i, "subject"))
                if f.subject not in v.subjects:
                    yield Problem(
                        s.value("findings", i, "subject"),
                        "unknown-subject",
                        msg(
                            "problem.unknown-subject.not-supervised",
                            value=f.subject,
                            subjects=Names(v.subjects),
                        ),
                    )
                if f.notice is not None:
                    yield from _unit(
                        ledger, f.notice.unit, s.value("findings", i, "notice", "unit"), "notified"
                    )
        rep = folder.reports
        if rep is not None:
            for half, units in rep.value.halfyear.items():
                if not half.startswith(str(year)):
                    yield Problem(
                        rep.spans.key("halfyear", half),
                        "wrong-year",
                        msg("problem.wrong-year.half", half=half, year=str(year)),
                    )
                for unit in units:
                    yield from _unit(
                        ledger,
                        unit,
                        rep.spans.key("halfyear", half, unit),
                        "reporting",
                        ("special-group", "county", "zone"),
                    )
            for i, c in enumerate(rep.value.contacts):
                yield from _unit(ledger, c.by, rep.spans.value("contacts", i, "by"), "by")
                yield from _unit(ledger, c.with_, rep.spans.value("contacts", i, "with"), "with")
        for q, bul in folder.bulletins.items():
            if bul.value.quarter != f"{year}-Q{q}":
                yield Problem(
                    bul.spans.value("quarter"),
                    "file-mismatch",
                    msg(
                        "problem.file-mismatch.quarter",
                        value=bul.value.quarter,
                        file=f"{year}/bulletins/Q{q}.md",
                        expected=f"{year}-Q{q}",
                    ),
                )
        if folder.annual_report is not None:
            yield from _year_matches(folder.annual_report.value.year, year, folder.annual_report.spans)


def _project_ids(ledger: Ledger) -> list[str]:
    return [
        f.removeprefix("projects/").removesuffix(".yaml") for f in ledger.files if f.startswith("projects/")
    ]


def _year_matches(value: int, year: int, spans: SpanMap) -> Iterator[Problem]:
    if value != year:
        yield Problem(
            spans.value("year"),
            "wrong-year",
            msg("problem.wrong-year.year", value=str(value), year=str(year)),
        )


def check_milestone_ids(ledger: Ledger) -> Iterator[Problem]:
    """A milestone's optional `id` is unique within its item (SPEC §2.3): the calendar's event UID
    comes from it."""
    for spans, prefix, item in blocks(ledger):
        first: dict[str, int] = {}
        for i, m in enumerate(item.milestones):
            if m.id is None:
                continue
            if m.id in first:
                yield Problem(
                    spans.value(*prefix, "milestones", i, "id"),
                    "duplicate-id",
                    msg("problem.duplicate-id.milestone", value=m.id, n=first[m.id] + 1),
                )
            else:
                first[m.id] = i
