"""Terminal tables with rich: one table per owning unit, state coloured, readable in 80 columns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from reformctl.model.ledger import Ledger
from reformctl.render.due import by_owner, route_text, summary
from reformctl.render.labels import days_text, label
from reformctl.rules.obligation import Obligation

STYLES = {
    "overdue": "bold red",
    "due-soon": "yellow",
    "open": "cyan",
    "done": "green",
    "late": "magenta",
}


def due_tables(
    obligations: Sequence[Obligation], ledger: Ledger, as_of: date, locale: str, everything: bool, window: int
) -> RenderableType:
    heading = Text(label(locale, "due.heading", ledger=ledger.settings.value.name, as_of=as_of), style="bold")
    if not obligations:
        return Group(heading, Text(label(locale, "due.none", as_of=as_of, window=window)))
    parts: list[RenderableType] = [heading, Text(summary(obligations, locale, everything))]
    for owner, group in by_owner(obligations):
        table = Table(
            title=ledger.unit_name(owner),
            title_justify="left",
            title_style="bold",
            show_edge=False,
            expand=False,
            pad_edge=False,
        )
        table.add_column(label(locale, "col.state"), no_wrap=True)
        table.add_column(label(locale, "col.due"), no_wrap=True)
        table.add_column(label(locale, "col.days"), no_wrap=True)
        table.add_column(label(locale, "col.title"), ratio=1, overflow="fold")
        for ob in group:
            what = Text(ob.title)
            detail = label(locale, f"rule.{ob.rule.value}")
            if ob.period and not ob.period.startswith("m") and not ob.rule.value.endswith("evaluation"):
                detail += f" {ob.period}"
            if ob.route:
                detail += (
                    f"（{route_text(ledger, ob)}）" if locale == "zh-CN" else f" ({route_text(ledger, ob)})"
                )
            what.append("\n" + detail, style="dim")
            style = STYLES[ob.state]
            table.add_row(
                Text(label(locale, f"state.{ob.state}"), style=style),
                ob.due.isoformat(),
                Text(days_text(locale, ob.state, ob.days), style=style),
                what,
            )
        parts += [Text(""), table]
    return Group(*parts)


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
