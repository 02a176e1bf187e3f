"""The text forms of ids and periods (SPEC §2), and the Period value."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)
PERIOD_PATTERN = r"^\d{4}(-(Q[1-4]|H[12]|(0[1-9]|1[0-2])))?$"
PERIOD_RE = re.compile(PERIOD_PATTERN)
QUARTER_PATTERN = r"^\d{4}-Q[1-4]$"
HALF_PATTERN = r"^\d{4}-H[12]$"
SUBJECT_PATTERN = r"^((projects|pilots)/[a-z0-9][a-z0-9-]{0,63}|\d{4}/keypoints#[a-z0-9][a-z0-9-]{0,63})$"
MONTH_DAY_PATTERN = r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
URL_PATTERN = r"^https?://[^\s<>\"'`\\]+$"


PeriodKind = Literal["year", "half", "quarter", "month"]


@dataclass(frozen=True, order=True, slots=True)
class Period:
    """A year, half year, quarter or month; `index` is 1-based within the year (0 for a year)."""

    year: int
    kind: PeriodKind
    index: int

    @classmethod
    def parse(cls, text: str) -> Period:
        if not PERIOD_RE.fullmatch(text):
            raise ValueError(f"'{text}' is not a period; expected 2026, 2026-H1, 2026-Q2 or 2026-06")
        year = int(text[:4])
        rest = text[5:]
        if not rest:
            return cls(year, "year", 0)
        if rest[0] == "Q":
            return cls(year, "quarter", int(rest[1]))
        if rest[0] == "H":
            return cls(year, "half", int(rest[1]))
        return cls(year, "month", int(rest))

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        return cls(year, "quarter", q)

    @classmethod
    def half(cls, year: int, h: int) -> Period:
        return cls(year, "half", h)

    @classmethod
    def month(cls, year: int, m: int) -> Period:
        return cls(year, "month", m)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(year, "year", 0)

    @property
    def first_month(self) -> int:
        size = {"year": 12, "half": 6, "quarter": 3, "month": 1}[self.kind]
        return 1 if self.kind == "year" else (self.index - 1) * size + 1

    @property
    def last_month(self) -> int:
        size = {"year": 12, "half": 6, "quarter": 3, "month": 1}[self.kind]
        return self.first_month + size - 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    def __str__(self) -> str:
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.kind == "half":
            return f"{self.year}-H{self.index}"
        return f"{self.year}-{self.index:02d}"
