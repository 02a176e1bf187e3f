"""The year-end report (年报告: 市委改革办每年年底总结报告年度全面深化改革情况, seed §2(2)): its data
as plain values for the templates `templates/report.<locale>.md.j2` and for the Word layout.

`report_context` is pure: every figure comes from `reformctl.rules.yearly` (and the library
view), every phrase that depends on the ledger is made here; the templates only lay out. It is
rendered by `reformctl.render.sandbox.render_template` (the same sandbox and escaping as the bulletin).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.render.circulation import copied_to
from reformctl.render.labels import join, label, paren
from reformctl.render.library import Movement, library_view
from reformctl.render.prose import by_unit, date_text, describe, item_titles, level_text
from reformctl.rules import yearly
from reformctl.rules.obligation import Obligation
from reformctl.rules.scorecard import Tally, exemplary_cases

Data = dict[str, Any]


def _tally(t: Tally) -> Data:
    """A tally as the templates use it: `missing` = not done (overdue or due that day)."""
    return {
        "owed": t.owed,
        "on_time": t.on_time,
        "late": t.late,
        "overdue": t.overdue,
        "missing": t.owed - t.on_time - t.late,
        "days_late": t.days_late,
        "rate": round(100 * t.on_time / t.owed) if t.owed else None,
    }


def _item(i: yearly.Item, ledger: Ledger, locale: str) -> Data:
    words = label(locale, f"report.status.{i.outcome}")
    if i.outcome in ("done", "late") and i.completed is not None:
        words = paren(words, date_text(i.completed, locale) or "", locale)
    leads = [ledger.unit_name(u.strip()) for u in i.lead.split(",")]
    return {
        "title": i.title,
        "lead": join(leads, locale),
        "deadline": i.deadline.isoformat() if i.deadline else None,
        "status": words,
        "outcome": i.outcome,
    }


def _exit_reason(m: Movement, locale: str) -> str:
    """Why a project left the library: completed, the approval's time limit, or dynamic
    adjustment (with its note when there is one)."""
    if m.reason == "adjusted" and m.note:
        return label(locale, "report.exit.adjusted-note", note=m.note)
    return label(locale, f"report.exit.{m.reason}")


def report_context(
    ledger: Ledger,
    year: int,
    as_of: date,
    issued: date,
    locale: str,
    obligations: Sequence[Obligation],
) -> Data:
    """Everything the `year`'s report says, as of `as_of`, dated `issued` (docs/documents.md).

    `obligations` are `compute_obligations(ledger, as_of)`."""
    settings = ledger.settings.value
    first, day = date(year, 1, 1), min(date(year, 12, 31), as_of)
    titles = item_titles(ledger)

    tasks = yearly.task_items(ledger, year, as_of)
    folder = ledger.years.get(year)
    kp = folder.keypoints if folder else None
    plans = yearly.workplans(ledger, year, as_of)
    plan_items = [i for w in plans for i in w.items]

    view = library_view(ledger, day, as_of, first, obligations)
    lights = {
        k: sum(1 for e in view.entries if e.light == k) for k in ("green", "yellow", "red", "completed")
    }

    levels = yearly.pilot_levels(ledger, obligations, year, as_of)
    sup = yearly.supervision_year(ledger, obligations, year, as_of)
    handovers = yearly.handover_items(ledger, year, as_of)
    reports = yearly.reporting(ledger, obligations, year, as_of)
    report_total = Tally(
        **{
            k: sum(r.reports.value(k) for r in reports)
            for k in ("owed", "on_time", "late", "overdue", "open", "days_late")
        }
    )
    bulletins = yearly.rule_tally(obligations, RuleId.BULLETIN, year, as_of)
    issued_bulletins = [
        {"quarter": f"Q{q}", "date": date_text(b.value.issued, locale)}
        for q, b in sorted((folder.bulletins if folder else {}).items())
        if b.value.issued <= as_of
    ]
    overdue = [describe(ob, ledger, locale, titles) for ob in obligations if ob.state == "overdue"]
    cases = exemplary_cases(ledger, year)

    def names(items: Sequence[Data]) -> list[str]:
        return [d["title"] for d in items]

    task_data = [_item(i, ledger, locale) for i in tasks]
    return {
        "locale": locale,
        "ledger": settings.name,
        "city": settings.city,
        "office": ledger.unit_name(settings.office),
        "copied_to": copied_to(ledger, locale, members=False),
        "year": year,
        "as_of": as_of.isoformat(),
        "as_of_text": date_text(as_of, locale),
        "day_text": date_text(day, locale),
        "date": date_text(issued, locale),
        "issued": issued.isoformat(),
        "title": label(locale, "report.title", year=year),
        "addressee": label(locale, "report.addressee"),
        "keypoints": {
            "approved": date_text(known(kp.value.approved if kp else None, as_of), locale),
            **yearly.count(tasks),
            "rows": task_data,
        },
        "workplans": [
            {
                "group": ledger.unit_name(w.group),
                "approved": date_text(w.approved, locale),
                **yearly.count(w.items),
                "rows": [_item(i, ledger, locale) for i in w.items],
            }
            for w in plans
        ],
        "workplan_total": yearly.count(plan_items),
        "library": {
            "in_library": len(view.entries),
            "lights": lights,
            "entered": [
                {
                    "title": m.project.title,
                    "date": date_text(m.date, locale),
                    "lead": ledger.unit_name(m.project.lead),
                }
                for m in view.entered
            ],
            "exited": [
                {
                    "title": m.project.title,
                    "date": date_text(m.date, locale),
                    "reason": _exit_reason(m, locale),
                }
                for m in view.exited
            ],
            "completed": names([{"title": m.project.title} for m in view.exited if m.reason == "completed"]),
            "table": [
                {
                    "title": e.project.title,
                    "group": ledger.unit_name(e.project.group),
                    "lead": ledger.unit_name(e.project.lead),
                    "leader": ledger.person_name(e.project.leader),
                    "deadline": e.project.deadline.isoformat(),
                    "status": label(locale, f"light.{e.light}"),
                }
                for e in view.entries
            ],
        },
        "pilots": [
            {
                "level": level_text(lv.level, locale),
                "count": len(lv.running),
                "titles": [titles.get(s, s) for s in lv.running],
                "evaluations": _tally(lv.evaluations),
                "evaluations_later": lv.evaluations_later,
                "ended": [
                    {
                        "title": e.title,
                        "date": date_text(e.day, locale),
                        "how": label(
                            locale, "report.pilot.terminated" if e.terminated else "report.pilot.period-ended"
                        ),
                    }
                    for e in lv.ended
                ],
            }
            for lv in levels
        ],
        "supervision": {
            "plan_approved": date_text(sup.plan_approved, locale),
            "plan_items": sup.plan_items,
            "special": sup.special,
            "daily": sup.daily,
            "findings": sup.findings,
            "notices": sup.notices,
            "rectifications": _tally(sup.rectifications),
            "rectifications_later": sup.rectifications_later,
            "reinspected": sup.reinspected,
            "reinspection_failed": sup.reinspection_failed,
            "reinspections": _tally(sup.reinspections),
        },
        "handovers": {**yearly.count(handovers), "rows": [_item(i, ledger, locale) for i in handovers]},
        "reporting": [{"unit": ledger.unit_name(r.unit), **_tally(r.reports)} for r in reports],
        "reporting_total": _tally(report_total),
        "bulletins": {**_tally(bulletins), "issued": issued_bulletins},
        "exemplary": [
            {
                "title": c.title,
                "kind": label(
                    locale,
                    "report.case.project" if c.subject.startswith("projects/") else "report.case.pilot",
                ),
                "lead": ledger.unit_name(c.lead),
            }
            for c in cases
        ],
        "overdue": by_unit(overdue),
        "overdue_count": len(overdue),
        "overdue_units": len(by_unit(overdue)),
    }


def known(day: date | None, as_of: date) -> date | None:
    return day if day is not None and day <= as_of else None
