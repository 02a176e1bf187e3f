"""Options shared by commands: --ledger, --as-of, --format; and the clock (only here)."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from reformctl.errors import UsageError

LedgerOpt = Annotated[
    Path | None,
    typer.Option(
        "--ledger",
        help="Ledger folder (default: found from the current directory upwards, or $REFORMCTL_LEDGER).",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Date to compute for, YYYY-MM-DD (default: today in the ledger's timezone).",
        show_default=False,
    ),
]

LocaleOpt = Annotated[
    str | None, typer.Option("--locale", help="zh-CN or en (default: ledger.yaml).", show_default=False)
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", help="Write to this file instead of standard output.", show_default=False),
]

NoCommitOpt = Annotated[bool, typer.Option("--no-commit", help="Write the file but do not commit.")]
MessageOpt = Annotated[
    str | None, typer.Option("--message", "-m", help="Commit message instead of the generated one.")
]


def parse_date(text: str, option: str = "--as-of") -> date:
    try:
        return date.fromisoformat(text) if len(text) == 10 else _bad(text, option)
    except ValueError:
        return _bad(text, option)


def _bad(text: str, option: str) -> date:
    raise UsageError(f"{option} '{text}' is not a date; expected YYYY-MM-DD")


def today_in(timezone: str) -> date:
    """Today in the ledger's timezone; REFORMCTL_TODAY pins it (for scripts and tests)."""
    pinned = os.environ.get("REFORMCTL_TODAY")
    if pinned:
        return parse_date(pinned, "REFORMCTL_TODAY")
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"timezone '{timezone}' in ledger.yaml is unknown; expected a name like Asia/Shanghai"
        ) from None
    return datetime.now(zone).date()


def resolve_as_of(as_of: str | None, timezone: str) -> date:
    return parse_date(as_of) if as_of is not None else today_in(timezone)
