"""Rules of the source document that the ledger itself must respect (§1(2), §2(1), §3(1), §4(1))."""

from __future__ import annotations

from collections.abc import Iterator

from reformctl.check.dates import blocks
from reformctl.errors import Problem, Severity
from reformctl.message import Msg, msg
from reformctl.model.blocks import REVIEW_SCOPES
from reformctl.model.ledger import Ledger
from reformctl.model.pilot import LEVEL_RANK

# What a pilot departs from → the lowest level it may have (§4(1)).
MIN_LEVEL = {"national-law": "national", "provincial-rules": "provincial", "local-rules": "municipal"}


def check_plan_review(ledger: Ledger) -> Iterator[Problem]:
    """§1(2): a plan in review scope is issued only after the leading group deliberated it."""
    for spans, prefix, item in blocks(ledger):
        plan = getattr(item, "plan", None)
        if plan is None or plan.scope not in REVIEW_SCOPES or plan.issued is None:
            continue
        if plan.deliberated is None:  # deliberated after issued: reported by check_date_order
            yield Problem(
                spans.value(*prefix, "plan", "issued"),
                "plan-not-deliberated",
                msg("problem.plan-not-deliberated", scope=plan.scope, issued=plan.issued.isoformat()),
            )


def check_pilot_level(ledger: Ledger) -> Iterator[Problem]:
    """§4(1): national-law → national; provincial-rules → provincial or higher; local-rules → municipal or higher."""
    for rec in ledger.pilots.values():
        p = rec.value
        need = MIN_LEVEL.get(p.breaks)
        if need is not None and LEVEL_RANK[p.level] < LEVEL_RANK[need]:
            key = "problem.pilot-level" if need == "national" else "problem.pilot-level.or-higher"
            yield Problem(
                rec.spans.value("level"),
                "pilot-level",
                msg(
                    key,
                    breaks=Msg(f"problem.breaks.{p.breaks}"),
                    level=Msg(f"problem.level.{p.level}"),
                    need=Msg(f"problem.level.{need}"),
                ),
            )


def check_one_leader_one_team(ledger: Ledger) -> Iterator[Problem]:
    """§2(1): one project, one leader, one team (一个项目、一名领导、一个团队)."""
    for rec in ledger.projects.values():
        p = rec.value
        if not p.team:
            yield Problem(rec.spans.value("team"), "project-team", Msg("problem.project-team.empty"))
        seen: set[str] = set()
        for i, member in enumerate(p.team):
            if member in seen:
                yield Problem(
                    rec.spans.value("team", i),
                    "project-team",
                    msg("problem.project-team.twice", value=member),
                )
            seen.add(member)


def check_reinspection(ledger: Ledger) -> Iterator[Problem]:
    """§3(1): a re-inspection that did not pass fulfils the duty but leaves the problem open."""
    for folder in ledger.years.values():
        for sup in folder.supervisions.values():
            for i, f in enumerate(sup.value.findings):
                if f.reinspection is not None and not f.reinspection.passed:
                    yield Problem(
                        sup.spans.value("findings", i, "reinspection", "passed"),
                        "reinspection-failed",
                        msg(
                            "problem.reinspection-failed", finding=f.id, date=f.reinspection.date.isoformat()
                        ),
                        Severity.WARNING,
                    )
