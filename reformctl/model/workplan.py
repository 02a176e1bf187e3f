"""`<year>/workplans/<group>.yaml`: a special group's annual work plan (SPEC §2.6, §1(1))."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from reformctl.model.blocks import Milestone, Report
from reformctl.model.ids import MODEL_CONFIG, Id, PeriodStr, Text


class WorkplanItem(BaseModel):
    model_config = MODEL_CONFIG
    id: Id
    title: Text
    lead: Id
    deadline: date
    completed: date | None = None
    milestones: tuple[Milestone, ...] = ()
    reports: dict[PeriodStr, Report] = Field(default_factory=dict)
    note: Text | None = None


class Workplan(BaseModel):
    model_config = MODEL_CONFIG
    group: Id
    year: int
    approved: date | None = None
    items: tuple[WorkplanItem, ...] = ()
