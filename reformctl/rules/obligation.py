"""The Obligation record, its states, and the settings the rules read (SPEC §3, §8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from reformctl.model.rule_ids import DAYS, YEARLY_DUE, YEARS, RuleId
from reformctl.rules.calendar import month_day

if TYPE_CHECKING:  # the models load pydantic; this module is read without them too (`outcomes.store`)
    from reformctl.model.settings import Rules

State = Literal["open", "due-soon", "overdue", "done", "late"]
STATES: tuple[State, ...] = ("overdue", "due-soon", "open", "late", "done")


class Obligation(NamedTuple):
    """Something a unit owes by a date, as it stands on the as-of date.

    A named tuple, not a dataclass: rules make hundreds of thousands of them on a large ledger,
    and a tuple is built several times faster than a frozen dataclass."""

    rule: RuleId
    subject: str
    title: str
    period: str | None
    owner: str
    route: tuple[str, ...] | None
    due: date
    done: date | None
    state: State
    days: int
    file: str
    line: int | None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


OPEN_STATES: frozenset[str] = frozenset({"open", "due-soon", "overdue"})


class Pick(Protocol):
    """A view of `due`: which obligations it shows."""

    def __call__(self, rule: str, subject: str, owner: str, state: str, due: int) -> bool:
        """Whether an obligation is shown, from its rule id, subject, owner, state and due date's
        ordinal (the fields of a stored obligation as well)."""

    def may_show(self, earliest_open: int | None) -> bool:
        """Whether any of a file's obligations may be shown, knowing only the earliest due date
        (ordinal) of its open ones (None: it has none open). False only when none is."""

    def shows_closed(self) -> bool:
        """Whether an obligation that is not open (done, late) may be shown."""


def sort_key(ob: Obligation) -> tuple[date, str, str, tuple[int, int, str], str]:
    """Due, rule, subject, period (null first, milestones by number), owner (SPEC §3)."""
    # RuleId is a str enum: members order exactly as their values, without the enum lookup.
    return (ob.due, ob.rule, ob.subject, period_key(ob.period), ob.owner)


OrderKey = tuple[int, str, str, tuple[int, int, str], str]


def order_key(due: int, rule: str, subject: str, period: str | None, owner: str) -> OrderKey:
    """`sort_key` of an obligation's fields, its due date as an ordinal and its rule as its id:
    obligations order by these keys exactly as by `sort_key`."""
    return (due, rule, subject, period_key(period), owner)


def period_key(p: str | None) -> tuple[int, int, str]:
    """Null first, then milestones by number, then the other periods as text."""
    if p is None:
        return (0, 0, "")
    if p[:1] == "m" and p[1:].isdigit() and p[1:].isascii():
        return (1, int(p[1:]), "")
    return (2, 0, p)


def classify(due: date, done: date | None, as_of: date, upcoming_days: int) -> tuple[State, int]:
    """The one state of an obligation and its `days` (SPEC §3, §8)."""
    if done is not None:
        days = (done - due).days
        return ("late" if days > 0 else "done"), days
    days = (due - as_of).days
    if days < 0:
        return "overdue", days
    if days <= upcoming_days:
        return "due-soon", days
    return "open", days


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """`rules:` of ledger.yaml resolved against the defaults of SPEC §3."""

    rules: Rules

    @property
    def upcoming_days(self) -> int:
        return self.rules.upcoming_days

    @property
    def red_after_days(self) -> int:
        return self.rules.red_after_days

    def enabled(self, rule: RuleId) -> bool:
        return self.rules.override(rule).enabled

    def days(self, rule: RuleId) -> int:
        value = self.rules.override(rule).days
        return DAYS[rule] if value is None else value

    def years(self, rule: RuleId) -> int:
        value = self.rules.override(rule).years
        return YEARS[rule] if value is None else value

    def yearly_due(self, rule: RuleId, year: int) -> date:
        return month_day(year, self.rules.override(rule).due or YEARLY_DUE[rule])
