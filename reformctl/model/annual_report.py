"""Front matter of the issued year-end report, `<year>/annual-report.md` (SPEC §2.10)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from reformctl.model.ids import MODEL_CONFIG


class AnnualReportFront(BaseModel):
    model_config = MODEL_CONFIG.copy()
    issued: date
    year: int = Field(ge=2000, le=2100)
    as_of: date | None = None
