"""Quarter-end progress reports (§2(2)) and results reports (§4(3))."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from reformctl.model.patterns import Period
from reformctl.model.rule_ids import RuleId
from reformctl.rules.calendar import period_days
from reformctl.rules.context import Context, at
from reformctl.rules.items import items
from reformctl.rules.library import library_exit, pilot_end
from reformctl.rules.obligation import Obligation


def quarterly_reports(ctx: Context) -> Iterator[Obligation]:
    """§2(2) 由市牵头部门每季末报送归口专项小组审核后报市委改革办; a county's provincial-or-above pilot
    outside every group's plan 每季末直报市委改革办.

    Owed for each begun quarter of the ledger's years by a project in the library on the quarter's
    last day, a provincial/national pilot active that day, and each work-plan item of that year
    approved by that day and not completed before the quarter began.
    """
    office = ctx.ledger.office
    quarters = [
        (quarter, str(quarter), *period_days(quarter))
        for y in sorted(ctx.ledger.years)
        for quarter in (Period.quarter(y, q) for q in range(1, 5))
        if period_days(quarter)[0] <= ctx.as_of
    ]
    for item in items(ctx):
        route_units = (item.lead, item.group, office) if item.group else (item.lead, office)
        route = tuple(dict.fromkeys(route_units))
        reports_path = item.path("reports")
        title_path = item.path("title")
        for quarter, key, first_day, last_day in quarters:
            if not item.owes_report(quarter, first_day, last_day):
                continue
            report = item.reports.get(key)
            yield ctx.obligation(
                RuleId.QUARTERLY_REPORT,
                item.subject,
                item.title,
                key,
                item.lead,
                last_day,
                report.submitted if report else None,
                at(item.spans, (*reports_path, key), reports_path, title_path),
                route=route,
            )


def results_reports(ctx: Context) -> Iterator[Obligation]:
    """§4(3) 按改革项目计划完成时限，由相关专项小组会同牵头部门负责总结并报送市委改革办.

    Every library project at its `deadline` unless taken out by `exit` before that date;
    every provincial/national pilot at its `end` (or `terminated`). Owner: the group, else the lead.
    """
    for pid, rec in sorted(ctx.ledger.projects.items()):
        p = rec.value
        if ctx.known(p.entered) is None:
            continue
        leaving = library_exit(p, ctx.as_of)
        if leaving is not None and leaving.reason == "adjusted" and leaving.date < p.deadline:
            continue
        yield ctx.obligation(
            RuleId.RESULTS_REPORT,
            f"projects/{pid}",
            p.title,
            None,
            p.group,
            p.deadline,
            p.results.submitted if p.results else None,
            at(rec.spans, ("results",), ("deadline",)),
        )
    for pid, prec in sorted(ctx.ledger.pilots.items()):
        pl = prec.value
        if not pl.provincial_or_above or ctx.known(pl.start) is None:
            continue
        due: date = pilot_end(pl, ctx.as_of)
        yield ctx.obligation(
            RuleId.RESULTS_REPORT,
            f"pilots/{pid}",
            pl.title,
            None,
            pl.group or pl.lead,
            due,
            pl.results.submitted if pl.results else None,
            at(prec.spans, ("results",), ("end",)),
        )
