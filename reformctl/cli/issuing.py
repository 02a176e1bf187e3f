"""What issuing a document (`bulletin --issue`, `report --issue`) asks of the day and the ledger:
the day of issue is today or an earlier `--date`, never after it; the figures are not taken after
that day; and a document goes out only from a ledger without errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reformctl.cli.clock import parse_date
from reformctl.cli.common import Loaded, default_lang, refuse_on_errors, warn
from reformctl.errors import EXIT_PROBLEMS, UsageError, has_errors
from reformctl.i18n import text


def issue_day(option: str | None, today: date) -> date:
    """`--date`, else today; a day after today is refused: nothing is issued in the future."""
    day = parse_date(option, "--date") if option is not None else today
    if day > today:
        raise UsageError("error.issue-date-future", day=day, today=today)
    return day


def check_as_of(as_of: date, issued: date) -> None:
    if as_of > issued:
        raise UsageError("error.as-of-after-issue", as_of=as_of, issued=issued)


def refuse_with_errors(loaded: Loaded, lang: str | None = None) -> int | None:
    """A document is issued only from a ledger without errors: print them and refuse (exit 1)."""
    if not has_errors(loaded.problems):
        return None
    refuse_on_errors(loaded, lang)
    warn(text(lang or default_lang(), "msg.nothing-issued") + "\n")
    return EXIT_PROBLEMS


def issued_note(lang: str, target: Path, sha: str | None) -> str:
    """What `--issue` tells on standard error: the file written, and the commit."""
    key = "msg.issued-committed" if sha else "msg.issued"
    return text(lang, key, path=target, commit=(sha or "")[:10])
