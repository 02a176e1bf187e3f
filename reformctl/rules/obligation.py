"""The Obligation record, its states and its order (SPEC §3, §8)."""

from __future__ import annotations

import functools
from datetime import date
from typing import Literal, NamedTuple

from reformctl.model.rule_ids import RuleId

State = Literal["open", "due-soon", "overdue", "done", "late"]
STATES: tuple[State, ...] = ("overdue", "due-soon", "open", "late", "done")


class Obligation(NamedTuple):
    """Something a unit owes by a date, as it stands on the as-of date."""

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
    anchor: str | None = None
    """What the obligation stands for within its subject where `period` is a position: for a
    milestone `id:<id>`, else `what:<digest of what>` (`reformctl.rules.plans.milestone_anchors`);
    None for every other rule. Not part of SPEC §8's JSON; the calendar's UIDs use it."""

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


OPEN_STATES: frozenset[str] = frozenset({"open", "due-soon", "overdue"})


def sort_key(ob: Obligation) -> tuple[date, str, str, tuple[int, int, str], str]:
    """Due, rule, subject, period (null first, milestones by number), owner (SPEC §3)."""
    # RuleId is a str enum: members order exactly as their values, without the enum lookup.
    return (ob.due, ob.rule, ob.subject, period_key(ob.period), ob.owner)


@functools.lru_cache(maxsize=4096)
def period_key(p: str | None) -> tuple[int, int, str]:
    """Null first, then milestones by number, then the other periods as text (memoised: a ledger
    has few distinct periods, and sorting asks for each obligation's)."""
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


def obligation_from_row(row: object) -> Obligation:
    """An obligation from its fields as plain data, dates as YYYY-MM-DD (as the outcome store keeps
    it); raises ValueError when `row` is not one."""
    if not (isinstance(row, list) and len(row) == 13):
        raise ValueError("not an obligation")
    rule, subject, title, period, owner, route, due, done, state, days, file, line, anchor = row
    texts = (subject, title, owner, due, file, state)
    if not all(isinstance(t, str) for t in texts) or state not in _STATE_SET:
        raise ValueError("not an obligation")
    if not (period is None or isinstance(period, str)) or type(days) is not int:
        raise ValueError("not an obligation")
    if not (line is None or type(line) is int) or not (done is None or isinstance(done, str)):
        raise ValueError("not an obligation")
    if not (anchor is None or isinstance(anchor, str)):
        raise ValueError("not an obligation")
    if route is not None and not (isinstance(route, list) and all(isinstance(u, str) for u in route)):
        raise ValueError("not an obligation")
    return Obligation(
        RuleId(rule),
        subject,
        title,
        period,
        owner,
        None if route is None else tuple(route),
        date.fromisoformat(due),
        None if done is None else date.fromisoformat(done),
        state,
        days,
        file,
        line,
        anchor,
    )


_STATE_SET: frozenset[str] = frozenset(STATES)
