"""The rule registry and the one loop that computes every obligation (SPEC §3).

A new rule is its function in a family module, one entry in `RULES` (its default setting and
what its obligations depend on), its labels in `reformctl/render/labels.py` and its tests
(docs/rules.md, "Adding a rule")."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.model.settings import LedgerSettings
from reformctl.rules import evaluations, periodic, plans, reports, supervision
from reformctl.rules.context import Context
from reformctl.rules.obligation import Obligation, sort_key
from reformctl.rules.settings import Days, Default, RuleSettings, Yearly, Years


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of SPEC §3."""

    compute: Callable[[Context], Iterator[Obligation]]
    """Yields this rule's obligations (and no other rule's)."""
    default: Default | None = None
    """Its one setting besides `enabled`, with the default; None when it takes none."""
    per_file: bool = True
    """Each obligation it yields depends only on the file it names and on the ledger's context
    (ledger.yaml, units.yaml, the year folders' names and files), never on another item file:
    the outcome store may keep it with that file (docs/performance.md). False for a rule that
    compares item files with each other: then no run takes stored outcomes."""


RULES: Mapping[RuleId, Rule] = {
    RuleId.KEYPOINTS: Rule(periodic.keypoints, Yearly("03-31")),
    RuleId.WORKPLAN: Rule(periodic.workplans, Yearly("03-31")),
    RuleId.PROJECT_PLAN: Rule(plans.project_plans, Days(90)),
    RuleId.MILESTONE: Rule(plans.milestones),
    RuleId.FILING: Rule(plans.filings, Days(7)),
    RuleId.QUARTERLY_REPORT: Rule(reports.quarterly_reports),
    RuleId.HALFYEAR_REPORT: Rule(periodic.halfyear_reports),
    RuleId.ANNUAL_SUMMARY: Rule(periodic.annual_summary, Yearly("12-31")),
    RuleId.BULLETIN: Rule(periodic.bulletins, Days(15)),
    RuleId.MONTHLY_CONTACT: Rule(periodic.monthly_contacts),
    RuleId.SUPERVISION_PLAN: Rule(periodic.supervision_plan, Yearly("03-31")),
    RuleId.SUPERVISION_REPORT: Rule(supervision.supervision_reports, Days(15)),
    RuleId.RECTIFICATION: Rule(supervision.rectifications),
    RuleId.REINSPECTION: Rule(supervision.reinspections, Days(30)),
    RuleId.HANDOVER: Rule(supervision.handovers),
    RuleId.RESULTS_REPORT: Rule(reports.results_reports),
    RuleId.EFFECT_EVALUATION: Rule(evaluations.effect_evaluations, Years(1)),
    RuleId.PHASE_EVALUATION: Rule(evaluations.phase_evaluations),
    RuleId.SUMMARY_EVALUATION: Rule(evaluations.summary_evaluations),
}


def rule_settings(settings: LedgerSettings) -> RuleSettings:
    """The rules' settings of a ledger: `rules:` of ledger.yaml over the registry's defaults."""
    defaults = {rule_id: rule.default for rule_id, rule in RULES.items() if rule.default is not None}
    return RuleSettings(settings.rules, defaults)


def per_file() -> bool:
    """Whether every rule's obligations may be kept with the file they name (`Rule.per_file`)."""
    return all(rule.per_file for rule in RULES.values())


def compute_obligations(ledger: Ledger, as_of: date) -> tuple[Obligation, ...]:
    """Every obligation that exists as of `as_of`, sorted (SPEC §3), one per (rule, subject,
    period, owner)."""
    settings = rule_settings(ledger.settings.value)
    ctx = Context(ledger, as_of, settings)
    found: dict[tuple[str, str, str | None, str], Obligation] = {}
    for rule_id, rule in RULES.items():
        if not settings.enabled(rule_id):
            continue
        for ob in rule.compute(ctx):
            found.setdefault((ob.rule.value, ob.subject, ob.period, ob.owner), ob)
    return tuple(sorted(found.values(), key=sort_key))
