"""Supervision and coordination: reports, rectification, re-inspection (§3(1)), hand-over sheets (§3(2))."""

from __future__ import annotations

from collections.abc import Iterator

from reformctl.model.rule_ids import RuleId
from reformctl.rules.calendar import add_days
from reformctl.rules.context import Context, at
from reformctl.rules.obligation import Obligation
from reformctl.rules.titles import title


def supervision_reports(ctx: Context) -> Iterator[Obligation]:
    """§3(1) 专项督察工作结束后，督察牵头单位应及时形成督察报告报送改革领导小组: end + 15 days.

    Only special supervisions (专项督察) owe a report; daily supervision (日常督察) does not.
    """
    days = ctx.settings.days(RuleId.SUPERVISION_REPORT)
    for year in sorted(ctx.ledger.years):
        for sid, rec in sorted(ctx.ledger.years[year].supervisions.items()):
            s = rec.value
            end = ctx.known(s.end)
            if end is None or s.kind != "special":
                continue
            yield ctx.obligation(
                RuleId.SUPERVISION_REPORT,
                f"{year}/supervision/{sid}",
                title(ctx.locale, "supervision-report", title=s.title),
                None,
                s.lead,
                add_days(end, days),
                s.report.submitted if s.report else None,
                at(rec.spans, ("report",), ("end",)),
            )


def rectifications(ctx: Context) -> Iterator[Obligation]:
    """§3(1) 对专项督察中发现的问题，应向负责实施的单位发出整改通知: the notified unit, by the
    notice's deadline; done at `rectified`."""
    for year in sorted(ctx.ledger.years):
        for sid, rec in sorted(ctx.ledger.years[year].supervisions.items()):
            for i, f in enumerate(rec.value.findings):
                if f.notice is None or ctx.known(f.notice.issued) is None:
                    continue
                yield ctx.obligation(
                    RuleId.RECTIFICATION,
                    f"{year}/supervision/{sid}#{f.id}",
                    f.problem,
                    None,
                    f.notice.unit,
                    f.notice.deadline,
                    f.rectified,
                    at(rec.spans, ("findings", i, "rectified"), ("findings", i, "notice")),
                )


def reinspections(ctx: Context) -> Iterator[Obligation]:
    """§3(1) 并适时开展整改复查: the supervision's lead, by the notice's deadline + 30 days."""
    days = ctx.settings.days(RuleId.REINSPECTION)
    for year in sorted(ctx.ledger.years):
        for sid, rec in sorted(ctx.ledger.years[year].supervisions.items()):
            for i, f in enumerate(rec.value.findings):
                if f.notice is None or ctx.known(f.notice.issued) is None:
                    continue
                yield ctx.obligation(
                    RuleId.REINSPECTION,
                    f"{year}/supervision/{sid}#{f.id}",
                    f.problem,
                    None,
                    rec.value.lead,
                    add_days(f.notice.deadline, days),
                    f.reinspection.date if f.reinspection else None,
                    at(rec.spans, ("findings", i, "reinspection"), ("findings", i, "notice")),
                )


def handovers(ctx: Context) -> Iterator[Obligation]:
    """§3(2) 建立问题交办单制度，由市委改革办督促协调有关方面研究解决: each assigned unit, by the
    sheet's deadline; done at `resolved`."""
    for hid, rec in sorted(ctx.ledger.handovers.items()):
        h = rec.value
        if ctx.known(h.raised) is None:
            continue
        for unit in h.assigned:
            yield ctx.obligation(
                RuleId.HANDOVER,
                f"handovers/{hid}",
                h.title,
                None,
                unit,
                h.deadline,
                h.resolved,
                at(rec.spans, ("resolved",), ("deadline",)),
            )
