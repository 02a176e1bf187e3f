"""`ledger.yaml`: the ledger's settings and rule overrides (SPEC §2.1, §3)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from reformctl.model.ids import MODEL_CONFIG, Id, Text
from reformctl.model.patterns import MONTH_DAY_PATTERN, URL_PATTERN
from reformctl.model.rule_ids import RuleId

Locale = Literal["zh-CN", "en"]
MonthDay = Annotated[str, StringConstraints(pattern=MONTH_DAY_PATTERN)]
RepositoryUrl = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=500)]
"""An http(s) URL without spaces, quotes or angle brackets (it becomes a link on the site)."""


class RuleOverride(BaseModel):
    """Per-rule settings: `enabled`, `due` (MM-DD, yearly rules), `days` or `years`."""

    model_config = MODEL_CONFIG
    enabled: bool = True
    due: MonthDay | None = None
    days: int | None = Field(default=None, ge=0, le=3650)
    years: int | None = Field(default=None, ge=1, le=50)


class Rules(BaseModel):
    """`rules:` in ledger.yaml: global numbers, and a RuleOverride per rule id."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True)
    upcoming_days: int = Field(default=14, ge=0, le=3650)
    red_after_days: int = Field(default=30, ge=0, le=3650)
    keypoints: RuleOverride | None = None
    workplan: RuleOverride | None = None
    project_plan: RuleOverride | None = Field(default=None, alias="project-plan")
    milestone: RuleOverride | None = None
    filing: RuleOverride | None = None
    quarterly_report: RuleOverride | None = Field(default=None, alias="quarterly-report")
    halfyear_report: RuleOverride | None = Field(default=None, alias="halfyear-report")
    annual_summary: RuleOverride | None = Field(default=None, alias="annual-summary")
    bulletin: RuleOverride | None = None
    monthly_contact: RuleOverride | None = Field(default=None, alias="monthly-contact")
    supervision_plan: RuleOverride | None = Field(default=None, alias="supervision-plan")
    supervision_report: RuleOverride | None = Field(default=None, alias="supervision-report")
    rectification: RuleOverride | None = None
    reinspection: RuleOverride | None = None
    handover: RuleOverride | None = None
    results_report: RuleOverride | None = Field(default=None, alias="results-report")
    effect_evaluation: RuleOverride | None = Field(default=None, alias="effect-evaluation")
    phase_evaluation: RuleOverride | None = Field(default=None, alias="phase-evaluation")
    summary_evaluation: RuleOverride | None = Field(default=None, alias="summary-evaluation")

    def override(self, rule: RuleId) -> RuleOverride:
        value = getattr(self, rule.value.replace("-", "_"))
        return value if isinstance(value, RuleOverride) else RuleOverride()


ScoreColumn = Literal[
    "owed",
    "on_time",
    "late",
    "overdue",
    "open",
    "days_late",
    "rectification_owed",
    "rectification_on_time",
    "rectification_late",
    "rectification_overdue",
    "rectification_open",
    "rectification_days_late",
    "handover_owed",
    "handover_on_time",
    "handover_late",
    "handover_overdue",
    "handover_open",
    "handover_days_late",
    "exemplary",
]
"""The scorecard's count columns that `scorecard.weights` may weigh (docs/documents.md)."""


class ScorecardSettings(BaseModel):
    """`scorecard:` in ledger.yaml (optional): the office's own weights for the annual scorecard
    (改革实绩考核, §5(2)). With it, each unit's `score` is `base + Σ weights[column] × column`;
    without it the scorecard shows counts only: reformctl invents no scoring formula."""

    model_config = MODEL_CONFIG
    base: float = 0
    weights: dict[ScoreColumn, float] = Field(min_length=1)


class LedgerSettings(BaseModel):
    model_config = MODEL_CONFIG
    name: Text
    city: Text
    office: Id
    locale: Locale = "zh-CN"
    timezone: Text = "Asia/Shanghai"
    rules: Rules = Field(default_factory=Rules)
    scorecard: ScorecardSettings | None = None
    repository: RepositoryUrl | None = None
    """Where the ledger folder's files are browsed on the web (`reformctl site` links each record
    to `<repository>/<path in the ledger>`), e.g. https://github.com/org/repo/blob/main/ledger."""
