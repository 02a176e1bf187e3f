"""Options shared by commands (--ledger, --as-of, --locale, --output, --no-commit, --message), and
the language of human output formats.

Help texts are not written here: every option's help comes from the catalogue
(`reformctl.i18n`, `help.<command>.<option>`, else `help.option.<option>`), and a `metavar` here
is the catalogue key of the word shown for its value (`metavar.date`: 日期 / DATE); see
`reformctl.cli.localized`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reformctl.cli import complete
from reformctl.cli.clock import parse_date, resolve_as_of, today_in
from reformctl.cli.common import Options
from reformctl.i18n import LANGS, known

LedgerOpt = Annotated[Path | None, typer.Option("--ledger", metavar="folder", show_default=False)]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", metavar="date", show_default=False)]
LocaleOpt = Annotated[
    str | None,
    typer.Option("--locale", metavar="lang", show_default=False, autocompletion=complete.languages),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", metavar="file", show_default=False)]
NoCommitOpt = Annotated[bool, typer.Option("--no-commit")]
MessageOpt = Annotated[str | None, typer.Option("--message", "-m", metavar="message")]


__all__ = [
    "AsOfOpt",
    "LedgerOpt",
    "LocaleOpt",
    "MessageOpt",
    "NoCommitOpt",
    "OutputOpt",
    "output_locale",
    "parse_date",
    "resolve_as_of",
    "today_in",
]


def output_locale(option: str | None, given: Options, ledger_locale: str, name: str = "--locale") -> str:
    """The language of a human output format (tables, Markdown, CSV headings, documents, the
    site): the command's `--locale` when given; else the language asked for with `--lang` or
    `REFORMCTL_LANG`; else the ledger's `locale` (ledger.yaml). An explicit choice wins; by
    default a ledger's outputs are in its own language (docs/decisions.md)."""
    from reformctl.errors import UsageError

    if option is not None:
        if option not in LANGS:
            chosen = known(option)
            raise UsageError("error.locale-unknown", option=name, value=option, suggestion=chosen)
        return option
    if given.chosen is not None:
        return given.chosen
    return ledger_locale
