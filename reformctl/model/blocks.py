"""Blocks shared by projects, pilots, key-point tasks and work-plan items (SPEC §2.3)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from reformctl.model.ids import MODEL_CONFIG, Id, PeriodStr, Text

PlanScope = Literal["central-provincial", "breakthrough", "pilot", "other", "none"]
REVIEW_SCOPES: frozenset[str] = frozenset({"central-provincial", "breakthrough", "pilot", "other"})
Assessment = Literal["third-party", "hearing", "expert-review"]
EvaluationKind = Literal["effect", "phase", "summary"]


class Plan(BaseModel):
    """The reform plan (改革方案): drafted, reviewed by the office, deliberated, issued, filed."""

    model_config = MODEL_CONFIG
    title: Text | None = None
    scope: PlanScope = "none"
    drafted: date | None = None
    office_review: date | None = None
    deliberated: date | None = None
    issued: date | None = None
    filed: date | None = None
    assessment: tuple[Assessment, ...] = ()


class Milestone(BaseModel):
    """A time node (时间节点): what is due by when, and when it was done.

    `id` is optional and stable within the item (unique there, SPEC §2.3): the calendar's event UID
    comes from it, else from `what`, never from the milestone's position (`m<n>` in `due`)."""

    model_config = MODEL_CONFIG
    due: date
    what: Text
    done: date | None = None
    id: Id | None = None


class Report(BaseModel):
    """A progress report for one period (进展情况报送)."""

    model_config = MODEL_CONFIG
    submitted: date
    reviewed: date | None = None
    summary: Text | None = None


class Evaluation(BaseModel):
    """An effect, phase or summary evaluation (§5(1))."""

    model_config = MODEL_CONFIG
    kind: EvaluationKind
    date: date
    by: Text
    third_party: bool = False
    summary: Text | None = None


class Results(BaseModel):
    """The results report (成果报送, §4(3))."""

    model_config = MODEL_CONFIG
    submitted: date
    summary: Text | None = None


class Tracked(BaseModel):
    """Fields of every item that has a plan, milestones, reports and evaluations."""

    model_config = MODEL_CONFIG
    plan: Plan | None = None
    milestones: tuple[Milestone, ...] = ()
    reports: dict[PeriodStr, Report] = Field(default_factory=dict)
    evaluations: tuple[Evaluation, ...] = ()
    results: Results | None = None
    exemplary: int | None = Field(default=None, ge=2000, le=2100)
    note: Text | None = None
