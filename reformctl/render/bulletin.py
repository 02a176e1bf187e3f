"""The quarterly bulletin (季通报, seed §2(2)): its data, computed here.

`bulletin_context` is pure and returns plain data (str, int, lists, dicts); every number and
every phrase that depends on the ledger is computed here, so that templates only lay out
(rendered by `reformctl.render.sandbox`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from reformctl.model.ledger import Ledger
from reformctl.model.patterns import Period
from reformctl.model.rule_ids import RuleId
from reformctl.render.circulation import copied_to
from reformctl.render.labels import label, plural_noun
from reformctl.render.library import Entry, Movement, library_view
from reformctl.render.prose import (
    by_unit,
    date_text,
    describe,
    item_titles,
    level_text,
    period_text,
    state_words,
)
from reformctl.rules.engine import rule_settings
from reformctl.rules.library import known_on, pilot_end
from reformctl.rules.obligation import Obligation

Data = dict[str, Any]


def _report_counts(obs: Sequence[Obligation]) -> Data:
    owed = len(obs)
    on_time = sum(ob.state == "done" for ob in obs)
    late = sum(ob.state == "late" for ob in obs)
    return {
        "owed": owed,
        "on_time": on_time,
        "late": late,
        "missing": owed - on_time - late,
        "rate": round(100 * on_time / owed) if owed else 0,
    }


def _report_word(ob: Obligation | None, locale: str) -> str:
    if ob is None:  # nothing owed this quarter (a work plan approved after the quarter)
        return label(locale, "bulletin.report.not-owed")
    if ob.state == "done":
        return label(locale, "bulletin.report.on-time")
    if ob.state == "late":
        return label(locale, "bulletin.report.late", n=ob.days)
    return label(locale, "bulletin.report.missing")


# The context --------------------------------------------------------------------------------


def bulletin_context(
    ledger: Ledger,
    quarter: Period,
    as_of: date,
    locale: str,
    obligations: Sequence[Obligation],
    issued: date | None = None,
) -> Data:
    """Everything the bulletin for `quarter` says, as of `as_of` (docs/bulletin.md lists it).

    `obligations` are `compute_obligations(ledger, as_of)`. The library is taken at the quarter's
    last day (or the as-of date when earlier); lights and states are those of the as-of date.
    """
    settings = ledger.settings.value
    qs, qe = quarter.first_day, quarter.last_day
    day = min(qe, as_of)
    qkey = str(quarter)
    titles = item_titles(ledger)
    view = library_view(ledger, day, as_of, qs, obligations)

    # Library and projects ---------------------------------------------------------------------
    status_of = {e.id: e.light for e in view.entries}
    counts = {
        k: sum(1 for e in view.entries if e.light == k) for k in ("green", "yellow", "red", "completed")
    }
    exits = {k: sum(1 for m in view.exited if m.reason == k) for k in ("completed", "time-limit", "adjusted")}
    q_reports = {
        ob.subject: ob for ob in obligations if ob.rule is RuleId.QUARTERLY_REPORT and ob.period == qkey
    }

    def project_data(e: Entry | Movement, status: str) -> Data:
        p = e.project
        report = p.reports.get(qkey)
        done = [
            {"date": date_text(m.done, locale), "what": m.what}
            for m in p.milestones
            if m.done is not None and qs <= m.done <= min(qe, as_of)
        ]
        nxt = [m for m in p.milestones if m.done is None or m.done > as_of]
        first = min(nxt, key=lambda m: m.due) if nxt and status not in ("completed", "exited") else None
        return {
            "id": e.id,
            "title": p.title,
            "lead": ledger.unit_name(p.lead),
            "leader": ledger.person_name(p.leader),
            "team_size": len(p.team),
            "deadline": date_text(p.deadline, locale),
            "status": label(locale, f"light.{status}"),
            "light": status,
            "milestones_done": done,
            "next_milestone": (
                {
                    "due": date_text(first.due, locale),
                    "what": first.what,
                    "overdue": first.due < as_of,
                }
                if first
                else None
            ),
            "progress": report.summary if report is not None and report.submitted <= as_of else None,
            "report": _report_word(q_reports.get(f"projects/{e.id}"), locale),
        }

    groups_data: list[Data] = []
    group_ids = [u.id for u in ledger.units.values() if u.kind == "special-group"]
    for gid in group_ids:
        projects = [project_data(e, e.light) for e in view.entries if e.project.group == gid]
        left = [
            {
                **project_data(m, "completed" if m.reason == "completed" else "exited"),
                "date": date_text(_exit_day(m), locale),
                "reason": _exit_words(m, locale),
            }
            for m in view.exited
            if m.project.group == gid
        ]
        if projects or left:
            groups_data.append(
                {"id": gid, "name": ledger.unit_name(gid), "projects": projects, "exited": left}
            )

    entered = [
        {
            "title": m.project.title,
            "date": date_text(m.date, locale),
            "group": ledger.unit_name(m.project.group),
            "lead": ledger.unit_name(m.project.lead),
        }
        for m in view.entered
    ]
    exited = [
        {
            "title": m.project.title,
            "date": date_text(_exit_day(m), locale),
            "reason": _exit_words(m, locale),
        }
        for m in view.exited
    ]
    library_table = [
        {
            "title": e.project.title,
            "group": ledger.unit_name(e.project.group),
            "lead": ledger.unit_name(e.project.lead),
            "leader": ledger.person_name(e.project.leader),
            "stage": label(locale, f"stage.{e.project.stage}").removesuffix("项目"),
            "deadline": e.project.deadline.isoformat(),
            "status": label(locale, f"light.{e.light}"),
        }
        for e in view.entries
    ]

    # Pilots -------------------------------------------------------------------------------------
    pilots: list[Data] = []
    running = 0
    for pid, rec in sorted(ledger.pilots.items(), key=lambda kv: (-_rank(kv[1].value.level), kv[0])):
        pl = rec.value
        if not pl.provincial_or_above or pl.start > day:
            continue
        end = pilot_end(pl, as_of)
        if end < qs:
            continue
        subject = f"pilots/{pid}"
        running += int(subject in q_reports)
        evals = [
            {
                "kind": label(locale, f"rule.{ob.rule.value}"),
                "due": date_text(ob.due, locale),
                "status": state_words(ob, locale, open_text=""),
            }
            for ob in obligations
            if ob.subject == subject
            and ob.rule in (RuleId.PHASE_EVALUATION, RuleId.SUMMARY_EVALUATION)
            and (ob.is_open or (ob.done is not None and ob.done >= qs))
        ]
        pilots.append(
            {
                "title": pl.title,
                "level": level_text(pl.level, locale),
                "lead": ledger.unit_name(pl.lead),
                "group": ledger.unit_name(pl.group) if pl.group else None,
                "approved_by": pl.approved_by,
                "start": date_text(pl.start, locale),
                "end": date_text(end, locale),
                "ended": end <= day,
                "terminated": date_text(pl.terminated, locale)
                if pl.terminated and pl.terminated <= as_of
                else None,
                "report": _report_word(q_reports.get(subject), locale),
                "evaluations": evals,
            }
        )

    # Quarterly reporting by special group -------------------------------------------------------
    direct = label(locale, "doc.direct")
    report_groups: dict[str, list[Obligation]] = {g: [] for g in group_ids}
    for ob in q_reports.values():
        key = ob.route[1] if ob.route and len(ob.route) == 3 else ""
        report_groups.setdefault(key, []).append(ob)
    reporting = [
        {"group": ledger.unit_name(g) if g else direct, **_report_counts(obs)}
        for g, obs in report_groups.items()
        if obs
    ]
    reports_total = _report_counts(list(q_reports.values()))

    # Work plans -----------------------------------------------------------------------------------
    workplans: list[Data] = []
    year = ledger.years.get(quarter.year)
    for gid in group_ids:
        wp = year.workplans.get(gid) if year else None
        if wp is None:
            workplans.append(
                {
                    "group": ledger.unit_name(gid),
                    "approved": None,
                    "tasks": [],
                    "count": 0,
                    "completed": 0,
                    **_report_counts([]),
                }
            )
            continue
        w = wp.value
        approved = known_on(w.approved, as_of)
        tasks = []
        obs = []
        for it in w.items:
            subject = f"{quarter.year}/workplans/{gid}#{it.id}"
            report_ob = q_reports.get(subject)
            if report_ob is not None:
                obs.append(report_ob)
            completed = it.completed if it.completed is not None and it.completed <= min(qe, as_of) else None
            tasks.append(
                {
                    "title": it.title,
                    "lead": ledger.unit_name(it.lead),
                    "deadline": date_text(it.deadline, locale),
                    "completed": date_text(completed, locale),
                    "report": _report_word(report_ob, locale),
                }
            )
        workplans.append(
            {
                "group": ledger.unit_name(gid),
                "approved": date_text(approved, locale),
                "tasks": tasks,
                "count": len(tasks),
                "completed": sum(1 for i in tasks if i["completed"]),
                **_report_counts(obs),
            }
        )

    # Supervision and hand-over sheets -----------------------------------------------------------
    by_subject = {(ob.rule, ob.subject): ob for ob in obligations}
    supervisions: list[Data] = []
    for sid, srec in sorted(year.supervisions.items()) if year else []:
        s = srec.value
        if s.start > as_of:
            continue
        ssub = f"{quarter.year}/supervision/{sid}"
        findings = []
        for f in s.findings:
            fsub = f"{ssub}#{f.id}"
            rect = by_subject.get((RuleId.RECTIFICATION, fsub))
            rein = by_subject.get((RuleId.REINSPECTION, fsub))
            reinspection = f.reinspection if f.reinspection and f.reinspection.date <= as_of else None
            findings.append(
                {
                    "subject": titles.get(f.subject, f.subject),
                    "problem": f.problem,
                    "unit": ledger.unit_name(f.notice.unit) if f.notice else None,
                    "deadline": date_text(f.notice.deadline, locale) if f.notice else None,
                    "rectification": state_words(rect, locale, "rectified") if f.notice else None,
                    "reinspection": (
                        _reinspection_words(reinspection.passed, date_text(reinspection.date, locale), locale)
                        if reinspection
                        else (state_words(rein, locale, "reinspected") if rein else None)
                    ),
                    "notice": f.notice is not None,
                }
            )
        s_end = known_on(s.end, as_of)
        supervisions.append(
            {
                "title": s.title,
                "kind": label(locale, f"bulletin.supervision-kind.{s.kind}"),
                "lead": ledger.unit_name(s.lead),
                "with": [ledger.unit_name(u) for u in s.with_],
                "start": date_text(s.start, locale),
                "end": date_text(s_end, locale),
                "report": state_words(by_subject.get((RuleId.SUPERVISION_REPORT, ssub)), locale, "submitted")
                if s.kind == "special" and s_end
                else None,
                "findings": findings,
                "notices": sum(1 for f in findings if f["notice"]),
            }
        )
    handovers = []
    for hid, hrec in sorted(ledger.handovers.items()):
        h = hrec.value
        if h.raised > as_of or (h.resolved is not None and h.resolved <= as_of):
            continue
        hobs = [ob for ob in obligations if ob.subject == f"handovers/{hid}"]
        late_h = [ob for ob in hobs if ob.state == "overdue"]
        handovers.append(
            {
                "title": h.title,
                "raised": date_text(h.raised, locale),
                "raised_by": ledger.unit_name(h.raised_by),
                "assigned": [ledger.unit_name(u) for u in h.assigned],
                "coordinator": ledger.unit_name(h.coordinator),
                "deadline": date_text(h.deadline, locale),
                "status": state_words(
                    late_h[0] if late_h else (hobs[0] if hobs else None),
                    locale,
                    "resolved",
                    label(locale, "bulletin.handover.in-progress"),
                ),
            }
        )

    # Problems and next steps ----------------------------------------------------------------------
    this = (RuleId.BULLETIN, qkey)
    obligations = [ob for ob in obligations if (ob.rule, ob.period) != this]  # this very bulletin
    overdue = [describe(ob, ledger, locale, titles) for ob in obligations if ob.state == "overdue"]
    late = [
        describe(ob, ledger, locale, titles)
        for ob in obligations
        if ob.state == "late" and ob.done is not None and qs <= ob.done <= as_of
    ]
    nq = Period.quarter(quarter.year + quarter.index // 4, quarter.index % 4 + 1)
    horizon = nq.last_day + timedelta(days=rule_settings(settings).days(RuleId.BULLETIN))  # its bulletin due
    upcoming = [ob for ob in obligations if ob.state in ("open", "due-soon") and ob.due <= horizon]
    next_steps = _next_steps(upcoming, ledger, locale, titles)

    number = _number(ledger, quarter)
    office = ledger.unit_name(settings.office)
    return {
        "locale": locale,
        "ledger": settings.name,
        "city": settings.city,
        "masthead": label(locale, "bulletin.masthead", city=settings.city),
        "number": number,
        "office": office,
        "copied_to": copied_to(ledger, locale),
        "date": date_text(issued or as_of, locale),
        "as_of": as_of.isoformat(),
        "year": quarter.year,
        "quarter": quarter.index,
        "period": qkey,
        "quarter_name": period_text(qkey, locale),
        "quarter_start": date_text(qs, locale),
        "quarter_end": date_text(day, locale),
        "next_quarter_name": period_text(str(nq), locale),
        "title": label(locale, "bulletin.title", quarter=period_text(qkey, locale)),
        "addressee": label(locale, "bulletin.addressee"),
        "summary": {
            "in_library": len(view.entries),
            "on_schedule": counts["green"],
            "lagging": counts["yellow"],
            "seriously_lagging": counts["red"],
            "completed": counts["completed"],
            "entered": len(view.entered),
            "exited": len(view.exited),
            "exited_completed": exits["completed"],
            "exited_time_limit": exits["time-limit"],
            "exited_adjusted": exits["adjusted"],
            "pilots": running,
            "reports_owed": reports_total["owed"],
            "reports_on_time": reports_total["on_time"],
            "reports_late": reports_total["late"],
            "reports_missing": reports_total["missing"],
            "overdue": len(overdue),
            "overdue_units": len(by_unit(overdue)),
        },
        "stages": [
            {
                "name": label(locale, f"stage.{s}").removesuffix("项目"),
                "count": sum(1 for e in view.entries if e.project.stage == s),
            }
            for s in ("implementing", "new", "awaiting-approval")
        ],
        "groups": groups_data,
        "entered": entered,
        "exited": exited,
        "library": library_table,
        "pilots": pilots,
        "reporting": reporting,
        "chart": {
            "labels": [r["group"] for r in reporting],
            "rates": [r["rate"] for r in reporting],
        },
        "workplans": workplans,
        "supervisions": supervisions,
        "handovers": handovers,
        "problems": by_unit(overdue),
        "late": by_unit(late),
        "next_steps": next_steps,
        "statuses": status_of,
    }


def _exit_day(m: Movement) -> date:
    """The day to name: completion or adjustment day; for the time limit, its last day."""
    return m.date - timedelta(days=1) if m.reason == "time-limit" else m.date


def _rank(level: str) -> int:
    return {"national": 3, "provincial": 2, "municipal": 1}.get(level, 0)


def _exit_words(m: Movement, locale: str) -> str:
    """Why a project left the library: completed, the approval's time limit, or dynamic
    adjustment (with its note when there is one)."""
    if m.reason == "adjusted" and m.note:
        return label(locale, "bulletin.exit.adjusted-note", note=m.note)
    return label(locale, f"bulletin.exit.{m.reason}")


def _reinspection_words(passed: bool, when: str | None, locale: str) -> str:
    return label(locale, f"bulletin.reinspection.{'passed' if passed else 'failed'}", date=when)


def _next_steps(
    upcoming: Sequence[Obligation], ledger: Ledger, locale: str, titles: dict[str, str]
) -> list[Data]:
    """Open obligations up to the next bulletin, grouped by due date and rule."""
    groups: dict[tuple[date, str], list[Obligation]] = {}
    for ob in upcoming:
        groups.setdefault((ob.due, ob.rule.value), []).append(ob)
    out = []
    for (due, rule), obs in sorted(groups.items()):
        units = list(dict.fromkeys(ledger.unit_name(ob.owner) for ob in obs))
        out.append(
            {
                "due": date_text(due, locale),
                "rule": label(locale, f"rule.{rule}"),
                "rules": plural_noun(label(locale, f"rule.{rule}"), locale),
                "count": len(obs),
                "units": units[:6],
                "more_units": len(units) > 6,
                "unit_count": len(units),
                "entries": [describe(ob, ledger, locale, titles) for ob in obs] if len(obs) <= 3 else [],
            }
        )
    return out


def _number(ledger: Ledger, quarter: Period) -> int:
    """The issue number: the `number` of the quarter's issued bulletin, else the quarter."""
    year = ledger.years.get(quarter.year)
    issued = year.bulletins.get(quarter.index) if year else None
    if issued is not None and issued.value.number is not None:
        return issued.value.number
    return quarter.index
