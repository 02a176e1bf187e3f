"""The clock, and the one way dates are read from the command line: "today" and the as-of date
are resolved here, once per command, and passed down as dates."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reformctl.errors import UsageError


def parse_date(text: str, option: str = "--as-of") -> date:
    try:
        return date.fromisoformat(text) if len(text) == 10 else _bad(text, option)
    except ValueError:
        return _bad(text, option)


def _bad(text: str, option: str) -> date:
    raise UsageError("error.not-a-date", option=option, value=text)


def today_in(timezone: str) -> date:
    """Today in the ledger's timezone; REFORMCTL_TODAY pins it (for scripts and tests)."""
    pinned = os.environ.get("REFORMCTL_TODAY")
    if pinned:
        return parse_date(pinned, "REFORMCTL_TODAY")
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError("error.timezone-unknown", timezone=timezone) from None
    return datetime.now(zone).date()


def resolve_as_of(as_of: str | None, timezone: str) -> date:
    return parse_date(as_of) if as_of is not None else today_in(timezone)
