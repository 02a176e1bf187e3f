"""The rule registry and the one loop that computes every obligation (SPEC §3)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
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


def compute_obligations(ledger: Ledger, as_of: date) -> tuple[Obligation, ...]:
    """Every obligation that exists as of `as_of`, sorted (SPEC §3), one per (rule, subject, period, owner)."""
    settings = RuleSettings(ledger.settings.value.rules)
    ctx = Context(ledger, as_of, settings)
    found: dict[tuple[str, str, str | None, str], Obligation] = {}
    with paused_gc():
        for rule_id, rule in RULES.items():
            if not settings.enabled(rule_id):
                continue
            value = rule_id.value
            for ob in rule(ctx):
                rule_value = value if ob.rule is rule_id else ob.rule.value
                found.setdefault((rule_value, ob.subject, ob.period, ob.owner), ob)
        return tuple(sorted(found.values(), key=sort_key))
