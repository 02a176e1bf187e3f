"""Yearly, half-yearly, quarterly and monthly duties of the office and the groups (§1(1), §2(2), §3(1)).

Each arises for the periods of the ledger's years (its `<year>/` folders) that have begun on or
before the as-of date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from reformctl.model.patterns import Period
from reformctl.model.rule_ids import RuleId
from reformctl.rules.calendar import add_days, half_end, month_end, quarter_end
from reformctl.rules.context import Context, at
from reformctl.rules.obligation import Obligation
from reformctl.rules.titles import title


def _begun_years(ctx: Context) -> list[int]:
    return [y for y in sorted(ctx.ledger.years) if date(y, 1, 1) <= ctx.as_of]


def keypoints(ctx: Context) -> Iterator[Obligation]:
    """§1(1) 每年研究制定年度改革要点: the office, by 03-31; done at `approved`."""
    for year in _begun_years(ctx):
        kp = ctx.ledger.years[year].keypoints
        yield ctx.obligation(
            RuleId.KEYPOINTS,
            f"{year}/keypoints",
            title(ctx.locale, "keypoints", year=year),
            str(year),
            ctx.ledger.office,
            ctx.settings.yearly_due(RuleId.KEYPOINTS, year),
            kp.value.approved if kp else None,
            at(kp.spans, ("approved",)) if kp else (f"{year}/keypoints.yaml", None),
        )


def workplans(ctx: Context) -> Iterator[Obligation]:
    """§1(1) 专项小组研究制定专项改革年度工作计划，经市委改革领导小组会议审议批准后执行."""
    for year in _begun_years(ctx):
        for group in ctx.ledger.units_of_kind("special-group"):
            wp = ctx.ledger.years[year].workplans.get(group.id)
            yield ctx.obligation(
                RuleId.WORKPLAN,
                f"{year}/workplans/{group.id}",
                title(ctx.locale, "workplan", unit=group.name, year=year),
                str(year),
                group.id,
                ctx.settings.yearly_due(RuleId.WORKPLAN, year),
                wp.value.approved if wp else None,
                at(wp.spans, ("approved",)) if wp else (f"{year}/workplans/{group.id}.yaml", None),
            )


def supervision_plan(ctx: Context) -> Iterator[Obligation]:
    """§3(1) 市委改革办每年制定重大改革项目督察工作计划."""
    for year in _begun_years(ctx):
        plan = ctx.ledger.years[year].supervision_plan
        yield ctx.obligation(
            RuleId.SUPERVISION_PLAN,
            f"{year}/supervision/plan",
            title(ctx.locale, "supervision-plan", year=year),
            str(year),
            ctx.ledger.office,
            ctx.settings.yearly_due(RuleId.SUPERVISION_PLAN, year),
            plan.value.approved if plan else None,
            at(plan.spans, ("approved",)) if plan else (f"{year}/supervision/plan.yaml", None),
        )


def annual_summary(ctx: Context) -> Iterator[Obligation]:
    """§2(2) 市委改革办每年年底总结报告年度全面深化改革情况."""
    for year in _begun_years(ctx):
        rep = ctx.ledger.years[year].reports
        yield ctx.obligation(
            RuleId.ANNUAL_SUMMARY,
            f"{year}/reports",
            title(ctx.locale, "annual-summary", year=year),
            str(year),
            ctx.ledger.office,
            ctx.settings.yearly_due(RuleId.ANNUAL_SUMMARY, year),
            rep.value.annual_summary if rep else None,
            at(rep.spans, ("annual_summary",)) if rep else (f"{year}/reports.yaml", None),
        )


def halfyear_reports(ctx: Context) -> Iterator[Obligation]:
    """§2(2) 各专项小组、县(市、区)和开发区、港区 … 每半年报送改革进展情况."""
    units = ctx.ledger.units_of_kind("special-group", "county", "zone")
    for year in _begun_years(ctx):
        rep = ctx.ledger.years[year].reports
        for half in (1, 2):
            period = Period.half(year, half)
            if period.first_day > ctx.as_of:
                continue
            received = rep.value.halfyear.get(str(period), {}) if rep else {}
            for unit in units:
                where = (
                    at(
                        rep.spans,
                        ("halfyear", str(period), unit.id),
                        ("halfyear", str(period)),
                        ("halfyear",),
                    )
                    if rep
                    else (f"{year}/reports.yaml", None)
                )
                yield ctx.obligation(
                    RuleId.HALFYEAR_REPORT,
                    f"units/{unit.id}",
                    title(ctx.locale, "halfyear-report", unit=unit.name, period=period),
                    str(period),
                    unit.id,
                    half_end(year, half),
                    received.get(unit.id),
                    where,
                )


def bulletins(ctx: Context) -> Iterator[Obligation]:
    """§2(2) 每季通报: the office, by the quarter's last day + 15 days; done at the bulletin's `issued`."""
    days = ctx.settings.days(RuleId.BULLETIN)
    for year in _begun_years(ctx):
        folder = ctx.ledger.years[year]
        for q in range(1, 5):
            period = Period.quarter(year, q)
            if period.first_day > ctx.as_of:
                continue
            bul = folder.bulletins.get(q)
            yield ctx.obligation(
                RuleId.BULLETIN,
                f"{year}/bulletins",
                title(ctx.locale, "bulletin", period=period),
                str(period),
                ctx.ledger.office,
                add_days(quarter_end(year, q), days),
                bul.value.issued if bul else None,
                at(bul.spans, ("issued",)) if bul else (f"{year}/bulletins/Q{q}.md", None),
            )


def monthly_contacts(ctx: Context) -> Iterator[Obligation]:
    """§2(2) 各专项小组 … 每月开展调研指导联系: a contact by the group dated in the month."""
    groups = ctx.ledger.units_of_kind("special-group")
    for year in _begun_years(ctx):
        rep = ctx.ledger.years[year].reports
        contacts = rep.value.contacts if rep else ()
        by_month: dict[tuple[str, int], list[tuple[date, int]]] = {}
        for i, c in enumerate(contacts):
            if c.date.year == year:
                by_month.setdefault((c.by, c.date.month), []).append((c.date, i))
        for month in range(1, 13):
            period = Period.month(year, month)
            if period.first_day > ctx.as_of:
                continue
            for group in groups:
                found = by_month.get((group.id, month), [])
                done = ctx.earliest([d for d, _ in found])
                index = next((i for d, i in found if d == done), None)
                where = (
                    at(rep.spans, ("contacts", index) if index is not None else ("contacts",))
                    if rep
                    else (f"{year}/reports.yaml", None)
                )
                yield ctx.obligation(
                    RuleId.MONTHLY_CONTACT,
                    f"units/{group.id}",
                    title(ctx.locale, "monthly-contact", unit=group.name, period=period),
                    str(period),
                    group.id,
                    month_end(year, month),
                    done,
                    where,
                )
