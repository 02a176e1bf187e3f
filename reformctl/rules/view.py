"""Which obligations a `due` view shows (a `Pick`). The standard library only: the first process
of a split run picks stored obligations with it before the models are loaded
(`reformctl.outcomes.prepared`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reformctl.rules.obligation import OPEN_STATES, Obligation, Pick


@dataclass(frozen=True, slots=True)
class View:
    """The obligations a `due` view shows (a `Pick`)."""

    horizon: int
    """The last due date (ordinal) shown by default."""
    owners: frozenset[str]
    rules: frozenset[str]
    subject: str | None
    everything: bool
    open_only: bool

    def __call__(self, rule: str, subject: str, owner: str, state: str, due: int) -> bool:
        if self.owners and owner not in self.owners:
            return False
        if self.rules and rule not in self.rules:
            return False
        wanted = self.subject
        if wanted and subject != wanted and not subject.startswith(f"{wanted}#"):
            return False
        if self.open_only:
            return state in OPEN_STATES
        return self.everything or (state in OPEN_STATES and due <= self.horizon)

    def may_show(self, earliest_open: int | None) -> bool:
        if self.open_only:
            return earliest_open is not None
        return self.everything or (earliest_open is not None and earliest_open <= self.horizon)

    def shows_closed(self) -> bool:
        return self.everything and not self.open_only


def picker(
    as_of: date,
    window: int,
    owners: Sequence[str],
    rules: Sequence[str],
    subject: str | None,
    everything: bool,
    open_only: bool = False,
) -> View:
    """The default view is open obligations due on or before as-of + window (overdue first)."""
    horizon = (as_of + timedelta(days=window)).toordinal()
    return View(horizon, frozenset(owners), frozenset(rules), subject, everything, open_only)


def select(obligations: Iterable[Obligation], pick: Pick) -> list[Obligation]:
    """The obligations `pick` shows, in their order."""
    return [
        ob for ob in obligations if pick(ob.rule.value, ob.subject, ob.owner, ob.state, ob.due.toordinal())
    ]
