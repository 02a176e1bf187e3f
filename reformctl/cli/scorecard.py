"""`reformctl scorecard`: the annual scorecard (改革实绩考核, seed §5(2))."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated

import typer

from reformctl.cli import complete
from reformctl.cli.common import load, options, refuse_on_errors
from reformctl.cli.options import AsOfOpt, LedgerOpt, LocaleOpt, OutputOpt, parse_date, today_in
from reformctl.cli.output import emit, is_terminal, require_output
from reformctl.errors import EXIT_OK, UsageError, close_to

YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year", min=2000, max=2100, metavar="year", show_default=False, autocompletion=complete.years
    ),
]


def year_as_of(year: int | None, as_of: str | None, today: date) -> tuple[int, date]:
    """The year (default: the as-of year, else this year) and the as-of date (default: the earlier
    of today and the year's last day); a year that has not begun on the as-of date is refused."""
    day = parse_date(as_of) if as_of is not None else None
    chosen = year if year is not None else (day or today).year
    if day is None:
        day = min(today, date(chosen, 12, 31))
    if day < date(chosen, 1, 1):
        raise UsageError("error.as-of-before-year", as_of=day, year=str(chosen))
    return chosen, day


class ScorecardFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    xlsx = "xlsx"


def scorecard_cmd(
    ctx: typer.Context,
    ledger: LedgerOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", metavar="unit", show_default=False, autocompletion=complete.units),
    ] = None,
    explain: Annotated[bool, typer.Option("--explain")] = False,
    fmt: Annotated[ScorecardFormat, typer.Option("--format", metavar="format")] = ScorecardFormat.table,
    locale: LocaleOpt = None,
    output: OutputOpt = None,
) -> int:
    """Per unit, the year's obligations owed, on time, late, overdue (改革实绩考核, §5(2))."""
    from reformctl.cli.options import output_locale
    from reformctl.rules.engine import compute_obligations
    from reformctl.rules.scorecard import scorecard

    given = options(ctx)
    if explain and not unit:
        raise UsageError("error.explain-needs-unit")
    if fmt is ScorecardFormat.xlsx:
        require_output(fmt.value, output)
    loaded = load(ledger)
    refused = refuse_on_errors(loaded, given.lang)
    if refused is not None:
        return refused
    led = loaded.ledger
    for u in unit or []:
        if u not in led.units:
            raise UsageError("error.unit-unknown", value=u, suggestion=close_to(u, led.units))
    chosen, day = year_as_of(year, as_of, today_in(led.settings.value.timezone))
    lang = output_locale(locale, given, led.settings.value.locale)
    card = scorecard(led, compute_obligations(led, day), chosen, day, unit or None)
    name = led.settings.value.name
    if fmt is ScorecardFormat.xlsx:
        from reformctl.render.xlsx import render_xlsx

        emit(render_xlsx(card, lang, explain), output)
        return EXIT_OK
    from reformctl.render import scorecard as render

    if fmt is ScorecardFormat.json:
        text = render.render_json(card, name, explain)
    elif fmt is ScorecardFormat.csv:
        text = render.render_csv(card, lang, explain)
    elif fmt is ScorecardFormat.md:
        text = render.render_md(card, name, lang, explain)
    else:
        from reformctl.cli.screen import colours, width

        text = render.scorecard_text(
            card, name, lang, explain, width(), colours(output is None and is_terminal())
        )
    emit(text, output, console=fmt is ScorecardFormat.table)
    return EXIT_OK
