"""Which obligations a `due` view shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from reformctl.rules.obligation import OPEN_STATES, Obligation


@dataclass(frozen=True, slots=True)
class View:
    """The obligations a `due` view shows: by default the open ones due on or before as-of +
    the window (overdue first); `everything` shows every obligation with its state; `open_only`
    every open one whatever its due date (the calendar)."""

    horizon: date
    """The last due date shown by default."""
    owners: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()
    subject: str | None = None
    everything: bool = False
    open_only: bool = False

    @classmethod
    def of(
        cls,
        as_of: date,
        window: int,
        owners: Iterable[str] = (),
        rules: Iterable[str] = (),
        subject: str | None = None,
        everything: bool = False,
        open_only: bool = False,
    ) -> View:
        horizon = as_of + timedelta(days=window)
        return cls(horizon, frozenset(owners), frozenset(rules), subject, everything, open_only)

    def shows(self, ob: Obligation) -> bool:
        if self.owners and ob.owner not in self.owners:
            return False
        if self.rules and ob.rule.value not in self.rules:
            return False
        wanted = self.subject
        if wanted and ob.subject != wanted and not ob.subject.startswith(f"{wanted}#"):
            return False
        if self.open_only:
            return ob.state in OPEN_STATES
        return self.everything or (ob.state in OPEN_STATES and ob.due <= self.horizon)

    @property
    def shows_closed(self) -> bool:
        """Whether an obligation that is done or late may be shown."""
        return self.everything and not self.open_only


def select(obligations: Iterable[Obligation], view: View) -> list[Obligation]:
    """The obligations `view` shows, in their order."""
    return [ob for ob in obligations if view.shows(ob)]
