"""Terminal tables: one table per owning unit, state coloured, readable in 80 columns; built with
rich, and for `due` laid out directly by `reformctl.render.grid` wherever that gives rich's output."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from reformctl.model.ledger import Ledger
from reformctl.render import grid
from reformctl.render.due import by_owner, route_text, summary
from reformctl.render.labels import days_text, label
from reformctl.render.printable import printable
from reformctl.rules.obligation import Obligation

STYLES = {
    "overdue": "bold red",
    "due-soon": "yellow",
    "open": "cyan",
    "done": "green",
    "late": "magenta",
}


def _cells(ob: Obligation, ledger: Ledger, locale: str) -> tuple[str, str, str, str, str]:
    """State, due date, days, title and detail line of one row of a `due` table."""
    detail = label(locale, f"rule.{ob.rule.value}")
    if ob.period and not ob.period.startswith("m") and not ob.rule.value.endswith("evaluation"):
        detail += f" {ob.period}"
    if ob.route:
        detail += f"（{route_text(ledger, ob)}）" if locale == "zh-CN" else f" ({route_text(ledger, ob)})"
    return (
        label(locale, f"state.{ob.state}"),
        ob.due.isoformat(),
        days_text(locale, ob.state, ob.days),
        printable(ob.title),
        printable(detail),
    )


def _headers(locale: str) -> list[str]:
    return [
        label(locale, "col.state"),
        label(locale, "col.due"),
        label(locale, "col.days"),
        label(locale, "col.title"),
    ]


def due_tables(
    obligations: Sequence[Obligation], ledger: Ledger, as_of: date, locale: str, everything: bool, window: int
) -> RenderableType:
    heading = Text(
        printable(label(locale, "due.heading", ledger=ledger.settings.value.name, as_of=as_of)), style="bold"
    )
    if not obligations:
        return Group(heading, Text(label(locale, "due.none", as_of=as_of, window=window)))
    parts: list[RenderableType] = [heading, Text(summary(obligations, locale, everything))]
    for owner, group in by_owner(obligations):
        table = Table(
            title=printable(ledger.unit_name(owner)),
            title_justify="left",
            title_style="bold",
            show_edge=False,
            expand=False,
            pad_edge=False,
        )
        state_h, due_h, days_h, title_h = _headers(locale)
        table.add_column(state_h, no_wrap=True)
        table.add_column(due_h, no_wrap=True)
        table.add_column(days_h, no_wrap=True)
        table.add_column(title_h, ratio=1, overflow="fold")
        for ob in group:
            state, due, days, title, detail = _cells(ob, ledger, locale)
            what = Text(title)
            what.append("\n" + detail, style="dim")
            style = STYLES[ob.state]
            table.add_row(Text(state, style=style), due, Text(days, style=style), what)
        parts += [Text(""), table]
    return Group(*parts)


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
    """The `due` tables as text: laid out directly (`reformctl.render.grid`) when that gives what
    rich gives, else by rich."""
    if not _direct_output(color):
        return to_text(due_tables(obligations, ledger, as_of, locale, everything, window), width, color)
    heading = printable(label(locale, "due.heading", ledger=ledger.settings.value.name, as_of=as_of))
    lines = grid.text_lines(heading, width, "bold", pad=False)
    if not obligations:
        lines += grid.text_lines(
            label(locale, "due.none", as_of=as_of, window=window), width, None, pad=False
        )
        return grid.to_str(lines, color)
    lines += grid.text_lines(summary(obligations, locale, everything), width, None, pad=False)
    for owner, group in by_owner(obligations):
        rows = []
        for ob in group:
            state, due, days, title, detail = _cells(ob, ledger, locale)
            style = STYLES[ob.state]
            rows.append(
                (
                    grid.Cell(((state, None),), style),
                    grid.Cell(((due, None),)),
                    grid.Cell(((days, None),), style),
                    grid.Cell(((title, None), (detail, "dim"))),
                )
            )
        table = grid.Grid(printable(ledger.unit_name(owner)), _headers(locale), rows)
        rendered = grid.render(table, width) if grid.plain_enough(table) else None
        if rendered is None:  # a layout only rich knows
            return to_text(due_tables(obligations, ledger, as_of, locale, everything, window), width, color)
        lines += [[], *rendered]
    return grid.to_str(lines, color)


def _direct_output(color: bool) -> bool:
    """Whether rich would print with the settings `grid` reproduces: Unicode boxes (a UTF-8
    standard output, not Windows) and, in colour, no variable that changes rich's colours."""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    if not encoding.startswith("utf") or sys.platform == "win32":
        return False
    if not color:
        return True
    env = os.environ
    changed = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
    return not any(env.get(name) for name in changed) and env.get("TERM") not in ("dumb", "unknown")


def to_text(renderable: RenderableType, width: int = 100, color: bool = False) -> str:
    """Render to a string (tests and files); the CLI prints to the real console instead."""
    console = Console(
        width=width, record=False, force_terminal=color, color_system="standard" if color else None, file=None
    )
    with console.capture() as capture:
        console.print(renderable)
    text = capture.get()
    if color:
        return text
    return "\n".join(line.rstrip() for line in text.split("\n"))
