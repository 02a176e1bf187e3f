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
