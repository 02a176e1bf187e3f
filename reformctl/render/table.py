"""`reformctl due` on a terminal: one table for the page, a heading row for each owning unit, the
state coloured; laid out by `reformctl.render.grid` for the terminal's width."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reformctl.model.ledger import Ledger
from reformctl.render import grid
from reformctl.render.due import by_owner, route_text, summary
from reformctl.render.labels import days_text, label, paren
from reformctl.render.printable import shown
from reformctl.render.prose import period_label
from reformctl.rules.obligation import Obligation

STYLES = {
    "overdue": "bold red",
    "due-soon": "yellow",
    "open": "cyan",
    "done": "green",
    "late": "magenta",
}


def detail(ob: Obligation, ledger: Ledger, locale: str) -> str:
    """The line under a title: the rule, the period of a periodic rule, the reporting route."""
    text = label(locale, f"rule.{ob.rule.value}")
    if ob.period and not ob.period.startswith("m") and not ob.rule.value.endswith("-evaluation"):
        text += f" {period_label(ob, locale)}"  # a milestone's title says which; an evaluation's rule says its kind
    if ob.route:
        text = paren(text, route_text(ledger, ob), locale)
    return text


def due_table(obligations: Sequence[Obligation], ledger: Ledger, locale: str) -> grid.Table:
    columns = [
        grid.Column(label(locale, "col.state")),
        grid.Column(label(locale, "col.due")),
        grid.Column(label(locale, "col.days")),
        grid.Column(label(locale, "col.title"), wraps=True),
    ]
    rows: list[grid.Row] = []
    for owner, group in by_owner(obligations):
        rows.append(grid.Heading(shown(ledger.unit_name(owner), locale)))
        for ob in group:
            style = STYLES[ob.state]
            rows.append(
                (
                    grid.Cell.of(label(locale, f"state.{ob.state}"), style),
                    grid.Cell.of(ob.due.isoformat()),
                    grid.Cell.of(days_text(locale, ob.state, ob.days), style),
                    grid.Cell(
                        ((shown(ob.title, locale), None), (shown(detail(ob, ledger, locale), locale), "dim"))
                    ),
                )
            )
    return grid.Table(columns, rows)


def due_text(
    obligations: Sequence[Obligation],
    ledger: Ledger,
    as_of: date,
    locale: str,
    everything: bool,
    window: int,
    width: int,
    color: bool,
) -> str:
    """The `due` view for a terminal `width` cells wide: heading, summary, one table."""
    heading = label(locale, "due.heading", ledger=ledger.settings.value.name, as_of=as_of)
    lines = grid.paragraph(shown(heading, locale), width, "bold")
    if not obligations:
        lines += grid.paragraph(label(locale, "due.none", as_of=as_of, window=window), width)
        return grid.to_str(lines, color)
    lines += grid.paragraph(summary(obligations, locale, everything), width)
    lines.append([])
    lines += grid.render(due_table(obligations, ledger, locale), width)
    return grid.to_str(lines, color)
