"""The year-end report (年报告, seed §2(2)) as document blocks, from `report_context` (the data the
Markdown templates get): the same sections and sentences as `templates/report.*.md.j2`. A report
to the leading group has no masthead: title, addressee, body, signature and the closing block."""

from __future__ import annotations

from typing import Any

from reformctl.render.docx.blocks import (
    Addressee,
    Blank,
    Block,
    Document,
    Heading,
    Run,
    Signature,
    Table,
    Title,
    para,
    typeset_document,
)
from reformctl.render.docx.parts import RATE_COLUMNS, closing, unit_paragraphs
from reformctl.render.labels import join, label, paren

Data = dict[str, Any]
STATUS_COLUMNS = ("report.col.deadline", "report.col.status")
ZH_CLOSING = "特此报告。"
"""The closing formula of a Chinese report to a higher body (公文结束语), a paragraph of its own
before the signature; an English report has none, so it is no pair of the catalogues."""


def _counts(d: Data, locale: str) -> str:
    return label(
        locale, "report.counts", done=d["done"], late=d["late"], overdue=d["overdue"], open=d["open"]
    )


def _status_table(rows: list[Data], locale: str) -> Table:
    head = tuple(label(locale, k) for k in ("doc.col.no", "report.col.task", "doc.col.lead", *STATUS_COLUMNS))
    return Table(
        head,
        tuple(
            (str(n), i["title"], i["lead"], i["deadline"] or "—", i["status"])
            for n, i in enumerate(rows, start=1)
        ),
        (True, False, False, False, False),
    )


def _plans(c: Data, locale: str) -> list[Block]:
    k, y = c["keypoints"], c["year"]
    out: list[Block] = [
        Heading(1, label(locale, "report.h.plans")),
        Heading(2, label(locale, "report.h.keypoints")),
    ]
    if k["approved"]:
        out.append(
            para(
                label(
                    locale,
                    "report.keypoints",
                    year=y,
                    date=k["approved"],
                    n=k["total"],
                    counts=_counts(k, locale),
                )
            )
        )
    else:
        out.append(para(label(locale, "report.keypoints.not-approved", year=y)))
    if k["rows"]:
        out.append(_status_table(k["rows"], locale))
    out.append(Heading(2, label(locale, "report.h.workplans")))
    for n, p in enumerate(c["workplans"], start=1):
        if not p["approved"]:
            out.append(para(label(locale, "report.workplan.not-approved", number=n, group=p["group"])))
            continue
        late = [paren(i["title"], i["lead"], locale) for i in p["rows"] if i["outcome"] == "overdue"]
        overdue = label(locale, "report.workplan.overdue", items=join(late, locale)) if late else ""
        out.append(
            para(
                label(
                    locale,
                    "report.workplan",
                    number=n,
                    group=p["group"],
                    date=p["approved"],
                    n=p["total"],
                    counts=_counts(p, locale),
                    overdue=overdue,
                )
            )
        )
    if not c["workplans"]:
        out.append(para(label(locale, "doc.workplans-none", year=y)))
    return out


def _library(c: Data, locale: str) -> list[Block]:
    lib, lights = c["library"], c["library"]["lights"]
    text = (
        label(
            locale,
            "report.library.held",
            date=c["day_text"],
            n=lib["in_library"],
            green=lights["green"],
            yellow=lights["yellow"],
            red=lights["red"],
        )
        if lib["in_library"]
        else label(locale, "report.library.held-none", date=c["day_text"])
    )
    entered = [
        label(locale, "doc.entered-item", title=e["title"], date=e["date"], lead=e["lead"])
        for e in lib["entered"]
    ]
    text += (
        label(locale, "report.library.entered", n=len(entered), items=join(entered, locale, "titles"))
        if entered
        else label(locale, "report.library.entered-none")
    )
    exited = [
        label(locale, "report.library.exited-item", title=e["title"], date=e["date"], reason=e["reason"])
        for e in lib["exited"]
    ]
    text += (
        label(locale, "report.library.exited", n=len(exited), items=join(exited, locale, "items"))
        if exited
        else label(locale, "report.library.exited-none")
    )
    if lib["completed"]:
        text += label(
            locale,
            "report.library.completed",
            n=len(lib["completed"]),
            items=join(lib["completed"], locale, "titles"),
        )
    out: list[Block] = [Heading(1, label(locale, "report.h.library")), para(text)]
    if lib["table"]:
        head = tuple(
            label(locale, k)
            for k in (
                *("doc.col.no", "doc.col.project", "doc.col.group", "doc.col.lead", "doc.col.leader"),
                *("doc.col.deadline", "report.col.year-end"),
            )
        )
        rows = tuple(
            (str(n), p["title"], p["group"], p["lead"], p["leader"], p["deadline"], p["status"])
            for n, p in enumerate(lib["table"], start=1)
        )
        out.append(Table(head, rows, (True, False, False, False, False, False, False)))
    return out


def _pilots(c: Data, locale: str) -> list[Block]:
    out: list[Block] = [Heading(1, label(locale, "report.h.pilots"))]
    running = [p for p in c["pilots"] if p["count"]]
    for n, p in enumerate(running, start=1):
        e = p["evaluations"]
        text = label(
            locale,
            "report.pilots.level",
            number=n,
            level=p["level"],
            n=p["count"],
            titles=join(p["titles"], locale, "titles"),
        )
        if e["owed"]:
            text += label(
                locale,
                "report.pilots.evaluations",
                owed=e["owed"],
                on_time=e["on_time"],
                late=e["late"],
                missing=e["missing"],
            )
        if p["evaluations_later"]:
            text += label(locale, "report.pilots.later", n=p["evaluations_later"])
        if p["ended"]:
            ended = (
                label(locale, "report.pilots.ended-item", title=x["title"], date=x["date"], how=x["how"])
                for x in p["ended"]
            )
            text += label(locale, "report.pilots.ended", items=join(ended, locale, "items"))
        out.append(para(text))
    if not running:
        out.append(para(label(locale, "report.pilots-none")))
    return out


def _supervision_text(c: Data, locale: str) -> str:
    """Supervisions, rectifications and re-inspections of the year in a paragraph; a sentence for
    what the year had none of."""
    s, y = c["supervision"], c["year"]
    r, carried, missing = s["rectifications"], s["special"] + s["daily"], s["reinspections"]["missing"]
    later = s["rectifications_later"]
    text = (
        label(locale, "report.supervision.plan", year=y, date=s["plan_approved"], n=s["plan_items"])
        if s["plan_approved"]
        else label(locale, "report.supervision.plan-none", year=y)
    )
    text += (
        label(
            locale,
            "report.supervision.carried",
            n=carried,
            special=s["special"],
            daily=s["daily"],
            findings=label(locale, "report.supervision.findings", n=s["findings"]),
            notices=label(locale, "report.supervision.notices", n=s["notices"]),
        )
        if carried
        else label(locale, "report.supervision.carried-none")
    )
    if r["owed"]:
        text += label(
            locale,
            "report.supervision.rectified",
            owed=label(locale, "report.supervision.rectifications", n=r["owed"]),
            n=r["on_time"],
            late=r["late"],
            missing=r["missing"],
            later=label(locale, "report.supervision.rectified-later", n=later)
            if later
            else label(locale, "doc.full-stop"),
        )
    elif later:
        text += label(locale, "report.supervision.later", n=later)
    if s["reinspected"] or missing:
        failed = s["reinspection_failed"]
        text += label(
            locale,
            "report.supervision.reinspected",
            n=s["reinspected"],
            failed=label(locale, "report.supervision.reinspection-failed", n=failed) if failed else "",
            missing=label(locale, "report.supervision.reinspection-missing", n=missing) if missing else "",
        )
    return text


def _supervision(c: Data, locale: str) -> list[Block]:
    h = c["handovers"]
    out: list[Block] = [
        Heading(1, label(locale, "report.h.supervision")),
        Heading(2, label(locale, "report.h.supervisions")),
        para(_supervision_text(c, locale)),
        Heading(2, label(locale, "doc.h.handovers")),
    ]
    if not h["total"]:
        out.append(para(label(locale, "report.handovers-none")))
        return out
    out.append(
        para(
            label(
                locale,
                "report.handovers",
                n=h["total"],
                done=h["done"],
                late=h["late"],
                overdue=h["overdue"],
                open=h["open"],
            )
        )
    )
    for n, i in enumerate(h["rows"], start=1):
        out.append(
            para(
                label(
                    locale,
                    "report.handover",
                    number=n,
                    title=i["title"],
                    lead=i["lead"],
                    deadline=i["deadline"],
                    status=i["status"],
                )
            )
        )
    return out


def _reporting(c: Data, locale: str) -> list[Block]:
    r, b = c["reporting_total"], c["bulletins"]
    text = (
        label(
            locale,
            "report.reporting",
            n=r["owed"],
            on_time=r["on_time"],
            late=r["late"],
            missing=r["missing"],
        )
        if r["owed"]
        else label(locale, "report.reporting-none")
    )
    text += (
        label(
            locale,
            "report.bulletins",
            n=b["owed"],
            on_time=b["on_time"],
            late=b["late"],
            missing=label(locale, "report.bulletins.missing", n=b["missing"]) if b["missing"] else "",
        )
        if b["owed"]
        else label(locale, "report.bulletins-none")
    )
    out: list[Block] = [Heading(1, label(locale, "report.h.reporting")), para(text)]
    if c["reporting"]:
        head = tuple(label(locale, k) for k in ("doc.col.unit", *RATE_COLUMNS))
        rows = tuple(
            (u["unit"], str(u["owed"]), str(u["on_time"]), str(u["late"]), str(u["missing"]), f"{u['rate']}%")
            for u in c["reporting"]
        )
        out.append(Table(head, rows, (False, True, True, True, True, True)))
    return out


def _closing_sections(c: Data, locale: str) -> list[Block]:
    y, cases = c["year"], c["exemplary"]
    out: list[Block] = [Heading(1, label(locale, "report.h.cases"))]
    if cases:
        items = [
            label(locale, "report.case", title=x["title"], kind=x["kind"], lead=x["lead"]) for x in cases
        ]
        out.append(
            para(label(locale, "report.cases", year=y, n=len(cases), items=join(items, locale, "titles")))
        )
    else:
        out.append(para(label(locale, "report.cases-none", year=y)))
    out.append(Heading(1, label(locale, "report.h.overdue")))
    if c["overdue"]:
        units = label(locale, "doc.units", n=c["overdue_units"])
        out.append(
            para(label(locale, "report.overdue", date=c["as_of_text"], n=c["overdue_count"], units=units))
        )
        out += unit_paragraphs(c["overdue"], "report.overdue-item", locale)
    else:
        out.append(para(label(locale, "report.overdue-none", date=c["as_of_text"])))
    return out


def _opening(c: Data, locale: str) -> str:
    k, w, lib, r, y = c["keypoints"], c["workplan_total"], c["library"], c["reporting_total"], c["year"]
    tasks = (
        label(locale, "report.opening.tasks", n=k["total"], counts=_counts(k, locale))
        if k["total"]
        else label(locale, "report.opening.tasks-none")
    )
    items = (
        label(locale, "report.opening.items", n=w["total"], counts=_counts(w, locale))
        if w["total"]
        else label(locale, "report.opening.items-none")
    )
    reports = (
        label(locale, "report.opening.reports", n=r["owed"], on_time=r["on_time"])
        if r["owed"]
        else label(locale, "report.opening.reports-none")
    )
    return label(
        locale,
        "report.opening",
        year=y,
        tasks=tasks,
        items=items,
        entered=label(locale, "doc.projects", n=len(lib["entered"])),
        exited=len(lib["exited"]),
        n=lib["in_library"],
        date=c["day_text"],
        reports=reports,
        as_of=c["as_of_text"],
    )


def report_document(c: Data) -> Document:
    """The report's blocks from `reformctl.render.report.report_context` output."""
    locale = c["locale"]
    warnings = [para(Run(line.strip(), bold=True), indent=False) for line in c.get("warnings", ())]
    blocks: list[Block] = [
        *warnings,  # a preview of a ledger with errors says first what was left out
        Title(c["title"]),
        Blank(),
        Addressee(c["addressee"]),
        para(_opening(c, locale)),
        *_plans(c, locale),
        *_library(c, locale),
        *_pilots(c, locale),
        *_supervision(c, locale),
        *_reporting(c, locale),
        *_closing_sections(c, locale),
    ]
    if locale == "zh-CN":
        blocks.append(para(ZH_CLOSING))
    blocks += [Blank(), Signature(c["office"], c["date"])]
    return typeset_document(Document(tuple(blocks), closing(c), c["title"]), locale)
