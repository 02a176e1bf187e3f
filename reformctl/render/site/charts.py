"""Charts as inline SVG, drawn here from numbers (no script, no chart library, nothing fetched).

Every text placed in a chart (a unit's name, a label) passes through `esc`, so a ledger value
cannot open a tag or an attribute; the result is `Markup` that templates print as it is. The
drawings scale with their container (viewBox, width 100%), so they fit a phone's screen; the
numbers are written on the bars and also given in a table on the page, so colour is never the
only carrier of meaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from reformctl.render.site.text import esc

WIDTH = 320
LABEL_CHARS = 26
"""A label longer than this is cut with an ellipsis (the whole label is in the bar's tooltip)."""


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None
    """None: nothing to draw (no bar, the text says why)."""
    text: str
    """What is written at the bar: the figure in words ("83%", "12", "—")."""


def _num(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _open(chart_id: str, title: str, height: float) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {_num(height)}" role="img" '
        f'aria-labelledby="{esc(chart_id)}-t" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{esc(chart_id)}-t">{esc(title)}</title>',
    ]


def columns(chart_id: str, title: str, bars: Sequence[Bar], maximum: float = 100.0) -> Markup:
    """Vertical bars over a baseline, the figure above each bar and its label below (quarters)."""
    top, plot, bottom = 16.0, 90.0, 22.0
    height = top + plot + bottom
    slot = (WIDTH - 8) / max(len(bars), 1)
    width = min(26.0, slot * 0.6)
    base = top + plot
    out = _open(chart_id, title, height)
    out.append(f'<line class="grid" x1="4" y1="{_num(top)}" x2="{WIDTH - 4}" y2="{_num(top)}"/>')
    out.append(f'<line class="axis" x1="4" y1="{_num(base)}" x2="{WIDTH - 4}" y2="{_num(base)}"/>')
    for i, bar in enumerate(bars):
        centre = 4 + slot * (i + 0.5)
        tip = base
        out.append("<g>")
        out.append(f"<title>{esc(bar.label)}: {esc(bar.text)}</title>")
        if bar.value is not None and maximum > 0:
            h = plot * max(0.0, min(bar.value, maximum)) / maximum
            tip = base - h
            out.append(
                f'<rect class="bar" x="{_num(centre - width / 2)}" y="{_num(tip)}" '
                f'width="{_num(width)}" height="{_num(h)}"/>'
            )
        out.append(
            f'<text class="figure" x="{_num(centre)}" y="{_num(tip - 4)}" text-anchor="middle">'
            f"{esc(bar.text)}</text>"
        )
        out.append(
            f'<text class="label" x="{_num(centre)}" y="{_num(base + 15)}" text-anchor="middle">'
            f"{esc(_cut(bar.label))}</text>"
        )
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def rows(chart_id: str, title: str, bars: Sequence[Bar]) -> Markup:
    """Horizontal bars, one row each: the label on a line, the bar with its figure under it
    (units: their names are long, so each gets the chart's whole width)."""
    row = 34.0
    height = row * max(len(bars), 1) + 4
    longest = max((b.value or 0.0 for b in bars), default=0.0)
    span = WIDTH - 44
    out = _open(chart_id, title, height)
    for i, bar in enumerate(bars):
        y = 4 + row * i
        out.append("<g>")
        out.append(f"<title>{esc(bar.label)}: {esc(bar.text)}</title>")
        out.append(f'<text class="label" x="4" y="{_num(y + 11)}">{esc(_cut(bar.label))}</text>')
        w = span * (bar.value or 0.0) / longest if longest > 0 else 0.0
        out.append(f'<rect class="bar" x="4" y="{_num(y + 15)}" width="{_num(max(w, 1.0))}" height="12"/>')
        out.append(f'<text class="figure" x="{_num(8 + w)}" y="{_num(y + 25)}">{esc(bar.text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))
