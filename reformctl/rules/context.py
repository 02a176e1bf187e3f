"""What every rule function receives: the ledger, the as-of date and the rule settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules.library import known_on
from reformctl.rules.obligation import Obligation, classify
from reformctl.rules.settings import RuleSettings
from reformctl.source import SpanMap


@dataclass(frozen=True, slots=True)
class Context:
    ledger: Ledger
    as_of: date
    settings: RuleSettings
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Per-run memo of derived views (the items every rule walks); never part of the result."""

    @property
    def locale(self) -> str:
        return self.ledger.settings.value.locale

    def known(self, day: date | None) -> date | None:
        """An event date counts only when it is on or before the as-of date (SPEC §3)."""
        return known_on(day, self.as_of)

    def earliest(self, days: list[date]) -> date | None:
        """The earliest of several fulfilling records that has happened by the as-of date."""
        known = [d for d in days if d <= self.as_of]
        return min(known) if known else None

    def obligation(
        self,
        rule: RuleId,
        subject: str,
        title: str,
        period: str | None,
        owner: str,
        due: date,
        done: date | None,
        where: tuple[str, int | None],
        route: tuple[str, ...] | None = None,
        anchor: str | None = None,
    ) -> Obligation:
        done = known_on(done, self.as_of)
        state, days = classify(due, done, self.as_of, self.settings.upcoming_days)
        # positional, in field order: the rules build hundreds of thousands of these
        return Obligation(
            rule, subject, title, period, owner, route, due, done, state, days, where[0], where[1], anchor
        )


def at(spans: SpanMap, *candidates: tuple[str | int, ...]) -> tuple[str, int | None]:
    """(file, line) of the first candidate path that exists in the document, else its start."""
    for path in candidates:
        if path in spans.values:
            return spans.file, spans.values[path][0]
    return spans.file, spans.value().line
