"""Front matter of an issued bulletin, `<year>/bulletins/Q<n>.md` (SPEC §2.10)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from reformctl.model.ids import MODEL_CONFIG, QuarterStr


class BulletinFront(BaseModel):
    model_config = MODEL_CONFIG.copy()
    issued: date
    quarter: QuarterStr
    as_of: date | None = None
    number: int | None = Field(default=None, ge=1, le=999)
