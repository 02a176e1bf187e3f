"""`pilots/<id>.yaml`: a reform pilot (SPEC §2.5, §4(1))."""

from __future__ import annotations

from datetime import date
from typing import Literal

from reformctl.model.blocks import Tracked
from reformctl.model.ids import Id, Text

Level = Literal["national", "provincial", "municipal", "local"]
Breaks = Literal["national-law", "provincial-rules", "local-rules", "none"]
LEVEL_RANK: dict[str, int] = {"local": 0, "municipal": 1, "provincial": 2, "national": 3}


class Pilot(Tracked):
    title: Text
    level: Level
    breaks: Breaks
    approved_by: Text
    approved: date
    start: date
    end: date
    lead: Id
    group: Id | None = None
    terminated: date | None = None

    @property
    def provincial_or_above(self) -> bool:
        return self.level in ("provincial", "national")
