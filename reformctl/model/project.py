"""`projects/<id>.yaml`: a key-breakthrough project, an entry of the library (SPEC §2.4, §1(3))."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

from reformctl.model.blocks import Tracked
from reformctl.model.ids import MODEL_CONFIG, Id, Text

Stage = Literal["implementing", "new", "awaiting-approval"]


class Exit(BaseModel):
    """Taken out of the library by dynamic adjustment (动态调整)."""

    model_config = MODEL_CONFIG
    date: date
    reason: Text


class Project(Tracked):
    title: Text
    group: Id
    lead: Id
    partners: tuple[Id, ...] = ()
    leader: Id
    team: tuple[Id, ...]
    entered: date
    stage: Stage
    deadline: date
    approved_until: date | None = None
    completed: date | None = None
    exit: Exit | None = None
