"""`<year>/reports.yaml`: half-year reports, the year-end summary, monthly contacts (SPEC §2.9)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from reformctl.model.ids import MODEL_CONFIG, HalfStr, Id, Text


class Contact(BaseModel):
    """A monthly research and guidance contact (月联系, §2(2))."""

    model_config = MODEL_CONFIG
    date: date
    by: Id
    with_: Id | None = Field(default=None, alias="with")
    note: Text | None = None


class YearReports(BaseModel):
    model_config = MODEL_CONFIG
    halfyear: dict[HalfStr, dict[Id, date]] = Field(default_factory=dict)
    annual_summary: date | None = None
    contacts: tuple[Contact, ...] = ()
