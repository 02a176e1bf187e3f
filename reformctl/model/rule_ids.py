"""The obligation rule ids of SPEC §3, spelled once."""

from __future__ import annotations

from enum import Enum


class RuleId(str, Enum):
    KEYPOINTS = "keypoints"
    WORKPLAN = "workplan"
    PROJECT_PLAN = "project-plan"
    MILESTONE = "milestone"
    FILING = "filing"
    QUARTERLY_REPORT = "quarterly-report"
    HALFYEAR_REPORT = "halfyear-report"
    ANNUAL_SUMMARY = "annual-summary"
    BULLETIN = "bulletin"
    MONTHLY_CONTACT = "monthly-contact"
    SUPERVISION_PLAN = "supervision-plan"
    SUPERVISION_REPORT = "supervision-report"
    RECTIFICATION = "rectification"
    REINSPECTION = "reinspection"
    HANDOVER = "handover"
    RESULTS_REPORT = "results-report"
    EFFECT_EVALUATION = "effect-evaluation"
    PHASE_EVALUATION = "phase-evaluation"
    SUMMARY_EVALUATION = "summary-evaluation"

    def __str__(self) -> str:
        return self.value


# Defaults that `rules:` in ledger.yaml may override (SPEC §3), by the kind of setting they take.
YEARLY_DUE: dict[RuleId, str] = {
    RuleId.KEYPOINTS: "03-31",
    RuleId.WORKPLAN: "03-31",
    RuleId.SUPERVISION_PLAN: "03-31",
    RuleId.ANNUAL_SUMMARY: "12-31",
}
"""Rules due once a year: `due: "MM-DD"`."""

DAYS: dict[RuleId, int] = {
    RuleId.PROJECT_PLAN: 90,
    RuleId.FILING: 7,
    RuleId.BULLETIN: 15,
    RuleId.SUPERVISION_REPORT: 15,
    RuleId.REINSPECTION: 30,
}
"""Rules counted in days: `days: N`."""

YEARS: dict[RuleId, int] = {RuleId.EFFECT_EVALUATION: 1}
"""Rules counted in years: `years: N`."""
