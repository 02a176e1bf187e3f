"""Dates in order: plan steps, start ≤ end, entered ≤ completed, reports inside their period (§5)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from typing import Any

from reformctl.errors import Problem
from reformctl.message import msg
from reformctl.model.blocks import Plan, Report
from reformctl.model.ledger import Ledger
from reformctl.model.patterns import Period
from reformctl.source import PathKey, SpanMap

PLAN_STEPS = ("drafted", "office_review", "deliberated", "issued", "filed")


def blocks(ledger: Ledger) -> Iterator[tuple[SpanMap, PathKey, Any]]:
    """Every record with a plan, milestones or reports: (positions, path prefix, record)."""
    for project in ledger.projects.values():
        yield project.spans, (), project.value
    for pilot in ledger.pilots.values():
        yield pilot.spans, (), pilot.value
    for _, kp, i, task in ledger.tasks():
        yield kp.spans, ("tasks", i), task
    for folder in ledger.years.values():
        for wp in folder.workplans.values():
            for i, item in enumerate(wp.value.items):
                yield wp.spans, ("items", i), item


def _order(
    spans: SpanMap, prefix: PathKey, pairs: list[tuple[str, date | None, str, date | None]]
) -> Iterator[Problem]:
    """Each (a, da, b, db): when both are set, da ≤ db; reported at b."""
    for a, da, b, db in pairs:
        if da is not None and db is not None and db < da:
            yield Problem(
                spans.value(*prefix, *b.split(".")),
                "date-order",
                msg(
                    "problem.date-order",
                    later=b,
                    later_date=db.isoformat(),
                    earlier=a,
                    earlier_date=da.isoformat(),
                ),
            )


def _plan_order(plan: Plan, spans: SpanMap, prefix: PathKey) -> Iterator[Problem]:
    present = [(step, getattr(plan, step)) for step in PLAN_STEPS if getattr(plan, step) is not None]
    for (a, da), (b, db) in itertools.pairwise(present):
        if db < da:
            yield Problem(
                spans.value(*prefix, "plan", b),
                "date-order",
                msg(
                    "problem.date-order.plan",
                    step=b,
                    date=db.isoformat(),
                    previous=a,
                    previous_date=da.isoformat(),
                ),
            )


def _reports(reports: dict[str, Report], spans: SpanMap, prefix: PathKey) -> Iterator[Problem]:
    for key, report in reports.items():
        first = Period.parse(key).first_day
        if report.submitted < first:
            yield Problem(
                spans.value(*prefix, "reports", key, "submitted"),
                "date-order",
                msg(
                    "problem.date-order.report",
                    period=key,
                    date=report.submitted.isoformat(),
                    first=first.isoformat(),
                ),
            )
        if report.reviewed is not None and report.reviewed < report.submitted:
            yield Problem(
                spans.value(*prefix, "reports", key, "reviewed"),
                "date-order",
                msg(
                    "problem.date-order.reviewed",
                    reviewed=report.reviewed.isoformat(),
                    submitted=report.submitted.isoformat(),
                ),
            )


def check_date_order(ledger: Ledger) -> Iterator[Problem]:
    for spans, prefix, item in blocks(ledger):
        plan = getattr(item, "plan", None)
        if plan is not None:
            yield from _plan_order(plan, spans, prefix)
        yield from _reports(getattr(item, "reports", {}), spans, prefix)
    for rec in ledger.projects.values():
        p, s = rec.value, rec.spans
        yield from _order(
            s,
            (),
            [
                ("entered", p.entered, "completed", p.completed),
                ("entered", p.entered, "exit.date", p.exit.date if p.exit else None),
                ("entered", p.entered, "approved_until", p.approved_until),
            ],
        )
    for prec in ledger.pilots.values():
        pl, s = prec.value, prec.spans
        yield from _order(
            s,
            (),
            [
                ("approved", pl.approved, "start", pl.start),
                ("start", pl.start, "end", pl.end),
                ("start", pl.start, "terminated", pl.terminated),
            ],
        )
    for hrec in ledger.handovers.values():
        h, s = hrec.value, hrec.spans
        yield from _order(
            s,
            (),
            [("raised", h.raised, "deadline", h.deadline), ("raised", h.raised, "resolved", h.resolved)],
        )
    for year, folder in ledger.years.items():
        for sup in folder.supervisions.values():
            v, s = sup.value, sup.spans
            yield from _order(
                s,
                (),
                [
                    ("start", v.start, "end", v.end),
                    ("end", v.end, "report.submitted", v.report.submitted if v.report else None),
                ],
            )
            for i, f in enumerate(v.findings):
                if f.notice is None:
                    for field in ("rectified", "reinspection"):
                        if getattr(f, field) is not None:
                            yield Problem(
                                s.key("findings", i, field),
                                "missing-notice",
                                msg("problem.missing-notice", field=field),
                            )
                    continue
                n = f.notice
                yield from _order(
                    s,
                    ("findings", i),
                    [
                        ("notice.issued", n.issued, "notice.deadline", n.deadline),
                        ("notice.issued", n.issued, "rectified", f.rectified),
                        (
                            "notice.issued",
                            n.issued,
                            "reinspection.date",
                            f.reinspection.date if f.reinspection else None,
                        ),
                    ],
                )
        rep = folder.reports
        if rep is not None:
            for half, units in rep.value.halfyear.items():
                first = Period.parse(half).first_day
                for unit, day in units.items():
                    if day < first:
                        yield Problem(
                            rep.spans.value("halfyear", half, unit),
                            "date-order",
                            msg(
                                "problem.date-order.halfyear",
                                half=half,
                                date=day.isoformat(),
                                first=first.isoformat(),
                            ),
                        )
            for i, c in enumerate(rep.value.contacts):
                if c.date.year != year:
                    yield Problem(
                        rep.spans.value("contacts", i, "date"),
                        "wrong-year",
                        msg("problem.wrong-year.contact", date=c.date.isoformat(), year=str(year)),
                    )
        for q, bul in folder.bulletins.items():
            first = Period.quarter(year, q).first_day
            if bul.value.issued < first:
                yield Problem(
                    bul.spans.value("issued"),
                    "date-order",
                    msg(
                        "problem.date-order.bulletin",
                        date=bul.value.issued.isoformat(),
                        first=first.isoformat(),
                    ),
                )
        report = folder.annual_report
        if report is not None and report.value.issued.year < year:
            yield Problem(
                report.spans.value("issued"),
                "date-order",
                msg("problem.date-order.annual", date=report.value.issued.isoformat(), first=f"{year}-01-01"),
            )
