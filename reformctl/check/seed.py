"""Rules of the source document that the ledger itself must respect (§1(2), §2(1), §3(1), §4(1))."""

from __future__ import annotations

from collections.abc import Iterator

from reformctl.check.dates import blocks
from reformctl.errors import Problem, Severity
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
                f"plan in review scope '{plan.scope}' issued {plan.issued} without the leading "
                "group's deliberation; expected plan.deliberated on or before issued (§1(2))",
            )


def check_pilot_level(ledger: Ledger) -> Iterator[Problem]:
    """§4(1): national-law → national; provincial-rules → provincial or higher; local-rules → municipal or higher."""
    for rec in ledger.pilots.values():
        p = rec.value
        need = MIN_LEVEL.get(p.breaks)
        if need is not None and LEVEL_RANK[p.level] < LEVEL_RANK[need]:
            higher = " or higher" if need != "national" else ""
            yield Problem(
                rec.spans.value("level"),
                "pilot-level",
                f"a pilot that breaks {p.breaks} is {p.level}; expected {need}{higher} (§4(1))",
            )


def check_one_leader_one_team(ledger: Ledger) -> Iterator[Problem]:
    """§2(1): one project, one leader, one team (一个项目、一名领导、一个团队)."""
    for rec in ledger.projects.values():
        p = rec.value
        if not p.team:
            yield Problem(
                rec.spans.value("team"),
                "project-team",
                "team is empty; expected at least one person (一个项目、一名领导、一个团队, §2(1))",
            )
        seen: set[str] = set()
        for i, member in enumerate(p.team):
            if member in seen:
                yield Problem(
                    rec.spans.value("team", i),
                    "project-team",
                    f"team member '{member}' is listed twice; expected each person once",
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
                        f"finding {f.id} failed its re-inspection on {f.reinspection.date}; "
                        "expected a new notice or rectification",
                        Severity.WARNING,
                    )
