"""The rule registry and the one loop that computes every obligation (SPEC §3)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Container, Iterator, Mapping
from datetime import date

from reformctl.load.gcpause import paused_gc
from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules import evaluations, periodic, plans, reports, supervision
from reformctl.rules.context import Context
from reformctl.rules.obligation import Obligation, RuleSettings, sort_key

Rule = Callable[[Context], Iterator[Obligation]]

RULES: Mapping[RuleId, Rule] = {
    RuleId.KEYPOINTS: periodic.keypoints,
    RuleId.WORKPLAN: periodic.workplans,
    RuleId.PROJECT_PLAN: plans.project_plans,
    RuleId.MILESTONE: plans.milestones,
    RuleId.FILING: plans.filings,
    RuleId.QUARTERLY_REPORT: reports.quarterly_reports,
    RuleId.HALFYEAR_REPORT: periodic.halfyear_reports,
    RuleId.ANNUAL_SUMMARY: periodic.annual_summary,
    RuleId.BULLETIN: periodic.bulletins,
    RuleId.MONTHLY_CONTACT: periodic.monthly_contacts,
    RuleId.SUPERVISION_PLAN: periodic.supervision_plan,
    RuleId.SUPERVISION_REPORT: supervision.supervision_reports,
    RuleId.RECTIFICATION: supervision.rectifications,
    RuleId.REINSPECTION: supervision.reinspections,
    RuleId.HANDOVER: supervision.handovers,
    RuleId.RESULTS_REPORT: reports.results_reports,
    RuleId.EFFECT_EVALUATION: evaluations.effect_evaluations,
    RuleId.PHASE_EVALUATION: evaluations.phase_evaluations,
    RuleId.SUMMARY_EVALUATION: evaluations.summary_evaluations,
}


ITEM_RULES = frozenset(
    {
        RuleId.PROJECT_PLAN,
        RuleId.MILESTONE,
        RuleId.FILING,
        RuleId.QUARTERLY_REPORT,
        RuleId.HANDOVER,
        RuleId.RESULTS_REPORT,
        RuleId.EFFECT_EVALUATION,
        RuleId.PHASE_EVALUATION,
        RuleId.SUMMARY_EVALUATION,
    }
)
"""The rules whose obligations may name a tracked-item file (`projects/`, `pilots/`,
`handovers/`); the others' name the ledger's other files only (key points, work plans, reports,
bulletins, supervisions: tests/rules/test_engine.py). Each rule function yields its own rule's
obligations only, so computing some rules gives exactly their obligations of the whole run."""


def compute_obligations(
    ledger: Ledger, as_of: date, rules: Collection[RuleId] | None = None
) -> tuple[Obligation, ...]:
    """Every obligation that exists as of `as_of`, sorted (SPEC §3), one per (rule, subject, period, owner);
    of the `rules` given only, when given."""
    settings = RuleSettings(ledger.settings.value.rules)
    ctx = Context(ledger, as_of, settings)
    found: dict[tuple[str, str, str | None, str], Obligation] = {}
    with paused_gc():
        for rule_id, rule in RULES.items():
            if (rules is not None and rule_id not in rules) or not settings.enabled(rule_id):
                continue
            value = rule_id.value
            for ob in rule(ctx):
                rule_value = value if ob.rule is rule_id else ob.rule.value
                found.setdefault((rule_value, ob.subject, ob.period, ob.owner), ob)
        return tuple(sorted(found.values(), key=sort_key))


def item_obligations(ledger: Ledger, as_of: date, files: Container[str]) -> tuple[Obligation, ...]:
    """The obligations of the tracked-item `files` (`compute_obligations`, sorted), computed with
    the item rules only: what a run that reads only some item files needs (`ITEM_RULES`)."""
    return tuple(ob for ob in compute_obligations(ledger, as_of, ITEM_RULES) if ob.file in files)
