"""Date math for the rules: period ends, + N days, + N years (29 Feb → 28 Feb), midpoints."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

from reformctl.model.patterns import Period


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@lru_cache(maxsize=4096)
def period_days(period: Period) -> tuple[date, date]:
    """(first day, last day) of a period, memoised: the rules ask for the same quarters per item."""
    return period.first_day, period.last_day


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    return month_end(year, 3 * quarter)


def half_end(year: int, half: int) -> date:
    return month_end(year, 6 * half)


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def add_years(day: date, years: int) -> date:
    """Same month and day `years` later; 29 February becomes 28 February in a common year."""
    target = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(target):
        return date(target, 2, 28)
    return day.replace(year=target)


def exceeds_years(start: date, end: date, years: int) -> bool:
    """True when `end` is later than `start` + `years` years (a pilot period 'exceeds 3 years')."""
    return end > add_years(start, years)


def midpoint(start: date, end: date) -> date:
    """start + ⌊(end − start) / 2⌋ days."""
    return start + timedelta(days=(end - start).days // 2)


def month_day(year: int, text: str) -> date:
    """`MM-DD` in `year`; 02-29 in a common year is 28 February."""
    month, day = int(text[:2]), int(text[3:])
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last))
