"""The bulletin's sections five to seven as document blocks (supervision and rectification, issues,
next steps): the same sentences as `templates/bulletin.*.md.j2`."""

from __future__ import annotations

from typing import Any

from reformctl.render.docx.blocks import Block, Heading, Table, para
from reformctl.render.docx.parts import unit_paragraphs
from reformctl.render.labels import join, label

Data = dict[str, Any]
FINDING_COLUMNS = ("subject", "problem", "unit", "deadline", "rectification", "reinspection")


def supervision(c: Data, locale: str) -> list[Block]:
    out: list[Block] = [
        Heading(1, label(locale, "bulletin.h.supervision")),
        Heading(2, label(locale, "bulletin.h.supervisions")),
    ]
    for n, v in enumerate(c["supervisions"], start=1):
        span = (
            label(locale, "bulletin.supervision.span", start=v["start"], end=v["end"])
            if v["end"]
            else label(locale, "bulletin.supervision.since", start=v["start"])
        )
        text = label(
            locale,
            "bulletin.supervision",
            number=n,
            title=v["title"],
            kind=v["kind"],
            lead=v["lead"],
            partners=label(locale, "bulletin.supervision.with", units=join(v["with"], locale))
            if v["with"]
            else "",
            span=span,
            findings=label(locale, "bulletin.supervision.findings", n=len(v["findings"])),
            notices=label(locale, "bulletin.supervision.notices", n=v["notices"]),
            report=label(locale, "bulletin.supervision.report", report=v["report"]) if v["report"] else "",
        )
        out.append(para(text))
    if not c["supervisions"]:
        out.append(para(label(locale, "bulletin.supervisions-none")))
    rows = tuple(
        tuple(str(f[k]) if f[k] is not None else "—" for k in FINDING_COLUMNS)
        for v in c["supervisions"]
        for f in v["findings"]
        if f["notice"]
    )
    if rows:
        out.append(para(label(locale, "bulletin.findings")))
        out.append(Table(tuple(label(locale, f"bulletin.findings.col.{k}") for k in FINDING_COLUMNS), rows))
    out.append(Heading(2, label(locale, "doc.h.handovers")))
    for n, h in enumerate(c["handovers"], start=1):
        text = label(
            locale,
            "bulletin.handover",
            number=n,
            title=h["title"],
            raised=h["raised"],
            raised_by=h["raised_by"],
            assigned=join(h["assigned"], locale),
            coordinator=h["coordinator"],
            deadline=h["deadline"],
            status=h["status"],
        )
        out.append(para(text))
    if not c["handovers"]:
        out.append(para(label(locale, "bulletin.handovers-none")))
    return out


def issues(c: Data, locale: str) -> list[Block]:
    s = c["summary"]
    out: list[Block] = [Heading(1, label(locale, "bulletin.h.issues"))]
    if c["problems"]:
        units = label(locale, "doc.units", n=s["overdue_units"])
        out.append(
            para(label(locale, "bulletin.issues.overdue", date=c["date"], n=s["overdue"], units=units))
        )
        out += unit_paragraphs(c["problems"], "bulletin.issues.item", locale)
    else:
        out.append(para(label(locale, "bulletin.issues.none", date=c["date"])))
    if c["late"]:
        out.append(para(label(locale, "bulletin.issues.late")))
        out += unit_paragraphs(c["late"], "bulletin.issues.late-item", locale)
    out.append(Heading(1, label(locale, "bulletin.h.next")))
    out.append(para(label(locale, "bulletin.next.intro")))
    for n, step in enumerate(c["next_steps"], start=1):
        if step["entries"]:
            entries = (
                label(locale, "bulletin.next.entry", unit=i["unit"], verb=i["verb"], what=i["what"])
                for i in step["entries"]
            )
            what = join(entries, locale, "items")
        else:
            more = (
                label(
                    locale,
                    "bulletin.next.more",
                    total=step["unit_count"],
                    others=label(locale, "doc.other-units", n=step["unit_count"] - len(step["units"])),
                )
                if step["more_units"]
                else ""
            )
            what = label(
                locale,
                "bulletin.next.count",
                n=step["count"],
                rule=step["rule"],
                rules=step["rules"],
                units=join(step["units"], locale),
                more=more,
            )
        out.append(para(label(locale, "bulletin.next.step", number=n, due=step["due"], what=what)))
    if not c["next_steps"]:
        out.append(para(label(locale, "bulletin.next.none")))
    return out
