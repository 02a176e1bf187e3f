"""`handovers/<id>.yaml`: a problem hand-over sheet (问题交办单, SPEC §2.8, §3(2))."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from reformctl.model.ids import MODEL_CONFIG, Id, Text


class Handover(BaseModel):
    model_config = MODEL_CONFIG
    title: Text
    raised: date
    raised_by: Id
    assigned: tuple[Id, ...]
    coordinator: Id
    deadline: date
    resolved: date | None = None
    resolution: Text | None = None
    note: Text | None = None
