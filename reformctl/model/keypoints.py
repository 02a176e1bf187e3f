"""`<year>/keypoints.yaml`: the annual key points and their tasks (SPEC §2.6, §1(1))."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from reformctl.model.blocks import Evaluation, Milestone, Plan
from reformctl.model.ids import MODEL_CONFIG, Id, Text


class Task(BaseModel):
    model_config = MODEL_CONFIG
    id: Id
    title: Text
    group: Id
    lead: Id
    start: date | None = None
    project: Id | None = None
    plan: Plan | None = None
    milestones: tuple[Milestone, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    note: Text | None = None


class Keypoints(BaseModel):
    model_config = MODEL_CONFIG
    year: int
    approved: date | None = None
    tasks: tuple[Task, ...] = ()
