"""The quarterly bulletin (季通报, seed §2(2)) as document blocks, from `bulletin_context` (the data
the Markdown templates get): the same sections and sentences as `templates/bulletin.*.md.j2`."""

from __future__ import annotations

from typing import Any

from reformctl.render.docx.blocks import (
    Addressee,
    BarChart,
    Blank,
    Block,
    Document,
    Heading,
    Label,
    Masthead,
    PageBreak,
    Run,
    Signature,
    Table,
    Title,
    para,
    typeset_document,
)
from reformctl.render.docx.bulletin_issues import issues, supervision
from reformctl.render.docx.parts import RATE_COLUMNS, closing, subheading
from reformctl.render.labels import capitalized, join, label, paren

Data = dict[str, Any]


def _overview(c: Data, locale: str) -> list[Block]:
    s = c["summary"]
    stages = [
        label(locale, "bulletin.overview.stage", stage=st["name"].lower(), n=st["count"])
        for st in c["stages"]
        if st["count"]
    ]
    held = (
        label(locale, "bulletin.overview.held", n=s["in_library"])
        if s["in_library"]
        else label(locale, "bulletin.overview.held-none")
    )
    exits = (
        label(
            locale,
            "bulletin.overview.exits",
            n=s["exited"],
            completed=s["exited_completed"],
            time_limit=s["exited_time_limit"],
            adjusted=s["exited_adjusted"],
        )
        if s["exited"]
        else label(locale, "bulletin.overview.exits-none")
    )
    lib = label(
        locale,
        "bulletin.overview.library",
        date=c["quarter_end"],
        held=held,
        stages=label(locale, "bulletin.overview.stages", stages=join(stages, locale)) if stages else "",
        exits=exits,
    )
    indicators = (
        ("in-library", "in_library"),
        ("on-schedule", "on_schedule"),
        ("lagging", "lagging"),
        ("seriously-lagging", "seriously_lagging"),
        ("completed", "completed"),
        ("entered", "entered"),
        ("exited", "exited"),
        ("pilots", "pilots"),
        ("reports-owed", "reports_owed"),
        ("reports-on-time", "reports_on_time"),
        ("reports-late", "reports_late"),
        ("reports-missing", "reports_missing"),
    )
    rule = label(locale, "bulletin.reporting.rule")
    reporting = label(
        locale, "bulletin.reporting" if c["reporting"] else "bulletin.reporting.none", rule=rule
    )
    out: list[Block] = [
        Heading(1, label(locale, "bulletin.h.overview")),
        para(lib),
        Table(
            (label(locale, "bulletin.col.indicator"), label(locale, "bulletin.col.count")),
            tuple((label(locale, f"bulletin.indicator.{k}"), str(s[field])) for k, field in indicators),
            (False, True),
        ),
        para(reporting),
    ]
    if not c["reporting"]:  # nothing owed: no empty table, no chart without bars
        return out
    head = tuple(label(locale, k) for k in ("bulletin.col.group", *RATE_COLUMNS))
    return [
        *out,
        Table(
            head,
            tuple(
                (r["group"], *(str(r[k]) for k in ("owed", "on_time", "late", "missing")), f"{r['rate']}%")
                for r in c["reporting"]
            ),
            (False, True, True, True, True, True),
        ),
        para(label(locale, "bulletin.chart.caption", quarter=c["quarter_name"])),
        BarChart(
            (
                label(locale, "bulletin.col.group"),
                label(locale, "bulletin.chart.rate"),
                label(locale, "bulletin.chart.bar"),
            ),
            tuple(zip(c["chart"]["labels"], c["chart"]["rates"], strict=True)),
        ),
    ]


def _project(p: Data, number: int, locale: str, exited: bool = False) -> list[Block]:
    text = label(
        locale, "bulletin.project", number=number, title=p["title"], lead=p["lead"], leader=p["leader"]
    )
    if p["milestones_done"]:
        done = (paren(m["what"], m["date"], locale) for m in p["milestones_done"])
        text += label(locale, "bulletin.project.milestones", milestones=join(done, locale, "items"))
    if exited:
        text += label(locale, "bulletin.project.exited", date=p["date"], reason=p["reason"])
    else:
        if p["progress"]:
            text += label(locale, "bulletin.project.progress", progress=p["progress"])
        nm = p["next_milestone"]
        if nm and nm["overdue"]:
            text += label(locale, "bulletin.project.milestone-overdue", what=nm["what"], due=nm["due"])
        elif nm:
            text += label(locale, "bulletin.project.milestone-next", what=nm["what"], due=nm["due"])
        text += label(locale, "bulletin.project.report", report=p["report"])
    return [para(text, Run(p["status"], bold=True), label(locale, "doc.full-stop"))]


def _projects(c: Data, locale: str) -> list[Block]:
    out: list[Block] = [Heading(1, label(locale, "bulletin.h.projects"))]
    if c["entered"]:
        items = [
            label(locale, "doc.entered-item", title=e["title"], date=e["date"], lead=e["lead"])
            for e in c["entered"]
        ]
        out.append(para(label(locale, "bulletin.entered", n=len(items), items=join(items, locale, "titles"))))
    else:
        out.append(para(label(locale, "bulletin.entered-none")))
    if c["exited"]:
        items = [
            label(locale, "bulletin.exited-item", title=e["title"], date=e["date"], reason=e["reason"])
            for e in c["exited"]
        ]
        out.append(para(label(locale, "bulletin.exited", n=len(items), items=join(items, locale, "items"))))
    if not c["groups"]:
        out.append(para(label(locale, "bulletin.groups-none")))
    for i, g in enumerate(c["groups"], start=1):
        out.append(Heading(2, subheading(i, g["name"], locale)))
        for n, p in enumerate(g["projects"], start=1):
            out += _project(p, n, locale)
        for n, p in enumerate(g["exited"], start=len(g["projects"]) + 1):
            out += _project(p, n, locale, exited=True)
    return out


def _pilots(c: Data, locale: str) -> list[Block]:
    out: list[Block] = [Heading(1, label(locale, "bulletin.h.pilots"))]
    for n, t in enumerate(c["pilots"], start=1):
        where = (
            label(locale, "bulletin.pilot.group", group=t["group"])
            if t["group"]
            else label(locale, "bulletin.pilot.direct")
        )
        text = label(
            locale,
            "bulletin.pilot",
            number=n,
            title=t["title"],
            level=t["level"],
            approved_by=t["approved_by"],
            lead=t["lead"],
            where=where,
            start=t["start"],
            end=t["end"],
        )
        if t["terminated"]:
            text += label(locale, "bulletin.pilot.terminated", date=t["terminated"])
        elif t["ended"]:
            text += label(locale, "bulletin.pilot.ended", date=t["end"])
        text += label(locale, "bulletin.pilot.report", report=t["report"])
        evaluations = [
            label(
                locale,
                "bulletin.pilot.evaluation",
                kind=capitalized(e["kind"]),
                due=e["due"],
                status=label(locale, "bulletin.pilot.evaluation-status", status=e["status"])
                if e["status"]
                else "",
            )
            for e in t["evaluations"]
        ]
        if evaluations:
            sep = label(locale, "bulletin.pilot.evaluation-sep")
            text += label(locale, "bulletin.pilot.evaluations", evaluations=sep.join(evaluations))
        out.append(para(text))
    if not c["pilots"]:
        out.append(para(label(locale, "bulletin.pilots-none")))
    return out


def _workplans(c: Data, locale: str) -> list[Block]:
    out: list[Block] = [Heading(1, label(locale, "bulletin.h.workplans"))]
    for i, w in enumerate(c["workplans"], start=1):
        out.append(Heading(2, subheading(i, w["group"], locale)))
        y = c["year"]
        if w["approved"]:
            reports = (
                label(
                    locale,
                    "bulletin.workplan.reports",
                    owed=w["owed"],
                    on_time=w["on_time"],
                    late=w["late"],
                    missing=w["missing"],
                )
                if w["owed"]
                else label(locale, "bulletin.workplan.reports-none")
            )
            out.append(
                para(
                    label(
                        locale,
                        "bulletin.workplan",
                        year=y,
                        date=w["approved"],
                        n=w["count"],
                        completed=w["completed"],
                        reports=reports,
                    )
                )
            )
        else:
            out.append(para(label(locale, "bulletin.workplan.not-approved", year=y)))
        for n, t in enumerate(w["tasks"], start=1):
            done = (
                label(locale, "bulletin.task.completed", date=t["completed"])
                if t["completed"]
                else label(locale, "bulletin.task.in-progress")
            )
            out.append(
                para(
                    label(
                        locale,
                        "bulletin.task",
                        number=n,
                        title=t["title"],
                        lead=t["lead"],
                        deadline=t["deadline"],
                        done=done,
                        report=t["report"],
                    )
                )
            )
    if not c["workplans"]:
        out.append(para(label(locale, "doc.workplans-none", year=c["year"])))
    return out


def _opening(c: Data, locale: str) -> str:
    """The opening paragraph: the quarter in numbers (a sentence for what it has none of)."""
    s = c["summary"]
    held = (
        label(
            locale,
            "bulletin.opening.held",
            date=c["quarter_end"],
            n=s["in_library"],
            on_schedule=s["on_schedule"],
            lagging=s["lagging"],
            seriously_lagging=s["seriously_lagging"],
            completed=label(locale, "bulletin.opening.completed", n=s["completed"]) if s["completed"] else "",
        )
        if s["in_library"]
        else label(locale, "bulletin.opening.held-none", date=c["quarter_end"])
    )
    pilots = (
        label(locale, "bulletin.opening.pilots", n=s["pilots"])
        if s["pilots"]
        else label(locale, "bulletin.opening.pilots-none")
    )
    reports = (
        label(
            locale,
            "bulletin.opening.reports",
            owed=label(locale, "bulletin.opening.reports-owed", n=s["reports_owed"]),
            n=s["reports_on_time"],
            late=s["reports_late"],
            missing=s["reports_missing"],
        )
        if s["reports_owed"]
        else label(locale, "bulletin.opening.reports-none")
    )
    return label(
        locale,
        "bulletin.opening",
        quarter=c["quarter_name"],
        n=s["entered"],
        exited=s["exited"],
        held=held,
        pilots=pilots,
        reports=reports,
    )


def _library_table(c: Data, locale: str) -> Block:
    """The attachment's table of the library, or a sentence when the library was empty."""
    if not c["library"]:
        return para(label(locale, "bulletin.library-none", date=c["quarter_end"]))
    head = tuple(
        label(locale, f"doc.col.{k}")
        for k in ("no", "project", "group", "lead", "leader", "stage", "deadline", "status")
    )
    rows = tuple(
        (str(n), p["title"], p["group"], p["lead"], p["leader"], p["stage"], p["deadline"], p["status"])
        for n, p in enumerate(c["library"], start=1)
    )
    return Table(head, rows, (True, False, False, False, False, False, False, False))


def bulletin_document(c: Data) -> Document:
    """The bulletin's blocks from `reformctl.render.bulletin.bulletin_context` output."""
    locale = c["locale"]
    attachment = label(locale, "bulletin.attachment.title")
    warnings = [para(Run(line.strip(), bold=True), indent=False) for line in c.get("warnings", ())]
    blocks: list[Block] = [
        *warnings,  # a preview of a ledger with errors says first what was left out
        Masthead(c["masthead"], label(locale, "bulletin.number", number=c["number"]), c["office"], c["date"]),
        Blank(2),
        Title(c["title"]),
        Blank(),
        Addressee(c["addressee"]),
        para(_opening(c, locale)),
        *_overview(c, locale),
        *_projects(c, locale),
        *_pilots(c, locale),
        *_workplans(c, locale),
        *supervision(c, locale),
        *issues(c, locale),
        Blank(),
        para(label(locale, "bulletin.attachment", title=attachment)),
        Blank(),
        Signature(c["office"], c["date"]),
        PageBreak(),
        Label(label(locale, "bulletin.attachment.label")),
        Blank(),
        Title(label(locale, "bulletin.attachment.heading", title=attachment, date=c["quarter_end"])),
        Blank(),
        _library_table(c, locale),
    ]
    return typeset_document(Document(tuple(blocks), closing(c), c["title"]), locale)
