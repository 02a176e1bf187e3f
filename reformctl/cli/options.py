"""Options shared by commands: --ledger, --as-of, --locale, --output, --no-commit, --message."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reformctl.cli.clock import parse_date, resolve_as_of, today_in

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


__all__ = [
    "AsOfOpt",
    "LedgerOpt",
    "LocaleOpt",
    "MessageOpt",
    "NoCommitOpt",
    "OutputOpt",
    "locale_of",
    "parse_date",
    "resolve_as_of",
    "today_in",
]


def locale_of(option: str | None, default: str) -> str:
    """`--locale` when given (zh-CN or en), else the ledger's."""
    from reformctl.errors import UsageError

    if option is None:
        return default
    if option not in ("zh-CN", "en"):
        raise UsageError(f"--locale '{option}' is not supported; expected zh-CN or en")
    return option
