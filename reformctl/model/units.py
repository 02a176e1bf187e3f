"""`units.yaml`: units and people (SPEC §2.2)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from reformctl.model.ids import MODEL_CONFIG, Id, Text

UnitKind = Literal[
    "leading-group", "office", "special-group", "department", "county", "zone", "inspection-office"
]


class Unit(BaseModel):
    model_config = MODEL_CONFIG
    id: Id
    name: Text
    kind: UnitKind
    leader: Id | None = None
    secretary: Id | None = None


class Person(BaseModel):
    model_config = MODEL_CONFIG
    id: Id
    name: Text
    title: Text | None = None
    unit: Id | None = None


class UnitsFile(BaseModel):
    model_config = MODEL_CONFIG
    units: tuple[Unit, ...]
    people: tuple[Person, ...] = ()
