"""`<year>/supervision/plan.yaml` and `<year>/supervision/<id>.yaml` (SPEC §2.7, §3(1))."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from reformctl.model.ids import MODEL_CONFIG, Id, SubjectRef, Text

SupervisionKind = Literal["special", "daily"]
ParticipantRole = Literal["npc-deputy", "cppcc-member", "expert", "other"]


class PlanItem(BaseModel):
    model_config = MODEL_CONFIG
    subject: SubjectRef
    lead: Id
    kind: SupervisionKind


class SupervisionPlan(BaseModel):
    model_config = MODEL_CONFIG
    year: int
    approved: date | None = None
    items: tuple[PlanItem, ...] = ()


class Participant(BaseModel):
    model_config = MODEL_CONFIG
    name: Text
    role: ParticipantRole


class SupervisionReport(BaseModel):
    model_config = MODEL_CONFIG
    submitted: date


class Notice(BaseModel):
    """A rectification notice (整改通知) to the unit that carries the item out."""

    model_config = MODEL_CONFIG
    unit: Id
    issued: date
    deadline: date


class Reinspection(BaseModel):
    model_config = MODEL_CONFIG
    date: date
    passed: bool


class Finding(BaseModel):
    model_config = MODEL_CONFIG
    id: Id
    subject: SubjectRef
    problem: Text
    notice: Notice | None = None
    rectified: date | None = None
    reinspection: Reinspection | None = None


class Supervision(BaseModel):
    model_config = MODEL_CONFIG
    title: Text
    kind: SupervisionKind = "special"
    lead: Id
    with_: tuple[Id, ...] = Field(default=(), alias="with")
    participants: tuple[Participant, ...] = ()
    subjects: tuple[SubjectRef, ...]
    start: date
    end: date | None = None
    report: SupervisionReport | None = None
    findings: tuple[Finding, ...] = ()
