"""What issuing a document (`bulletin --issue`, `report --issue`) asks of the day and the ledger:
the day of issue is today or an earlier `--date`, never after it; the figures are not taken after
that day; and a document goes out only from a ledger without errors."""

from __future__ import annotations

from datetime import date

from reformctl.cli.clock import parse_date
from reformctl.cli.common import Loaded, refuse_on_errors, warn
from reformctl.errors import EXIT_PROBLEMS, UsageError, has_errors


def issue_day(option: str | None, today: date) -> date:
    """`--date`, else today; a day after today is refused: nothing is issued in the future."""
    day = parse_date(option, "--date") if option is not None else today
    if day > today:
        raise UsageError(
            f"--date {day.isoformat()} is after today ({today.isoformat()}); "
            "a document is issued on or before the day it goes out"
        )
    return day


def check_as_of(as_of: date, issued: date) -> None:
    if as_of > issued:
        raise UsageError(
            f"--as-of {as_of.isoformat()} is after the day of issue {issued.isoformat()}; "
            "the figures cannot be taken after the document goes out"
        )


def refuse_with_errors(loaded: Loaded) -> int | None:
    """A document is issued only from a ledger without errors: print them and refuse (exit 1)."""
    if not has_errors(loaded.problems):
        return None
    refuse_on_errors(loaded)
    warn("reformctl: nothing was issued; a document is issued only from a ledger without errors\n")
    return EXIT_PROBLEMS
