"""Tables laid out and styled as rich lays out the `due` tables, without rich's rendering pipeline.

rich renders a table cell by cell through padding, segments and styles: about a thousand rows a
second, which a long list of overdue items makes the slowest part of `reformctl due`. This module
computes the same text directly with rich's own measuring and line-breaking functions
(`rich.cells.cell_len`, `rich.cells.set_cell_size`, `rich._wrap.divide_line`) and its ANSI codes
(`rich.style.Style`): column widths from the widest cell, the wrapping last column narrowed to
fit, words folded as rich folds them, the heavy-head box without edges, padding inside or outside
a style as rich puts it. `tests/test_grid.py` checks it against rich's output on generated tables,
plain and coloured. Texts this layout does not cover — control characters (rich expands tabs) or
line separators other than "\\n", and titles that rich would read as markup (`[…]`) or emoji
codes (`:name:`) — make `plain_enough` false: the caller then uses rich.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size
from rich.color import ColorSystem
from rich.style import Style

HEAD_VERTICAL = "┃"
BODY_VERTICAL = "│"
HEAD_RULE = "━"
HEAD_CROSS = "╇"
HEADER_STYLE = "bold"
TITLE_STYLE = "bold"

Segment = tuple[str, str | None]
"""A run of text and its style (a rich style definition), or None for none."""
Line = list[Segment]


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's texts, one or more lines apart, each with the style of its span; `style` is the
    cell text's own style, which also covers its padding to the column width."""

    parts: tuple[tuple[str, str | None], ...]
    style: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(text for text, _ in self.parts)


@dataclass(frozen=True, slots=True)
class Grid:
    """One table: its title, column headers and rows of cells. The last column wraps (folding
    words longer than the column); the others never wrap."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]


_NOT_PLAIN = re.compile("[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029]")


def plain_enough(grid: Grid) -> bool:
    """Whether `render` lays this table out exactly as rich would."""
    if "[" in grid.title or ":" in grid.title:
        return False
    texts = [grid.title, *grid.headers, *(cell.text for row in grid.rows for cell in row)]
    return not any(_NOT_PLAIN.search(text) for text in texts)


def wrap(text: str, width: int) -> list[str]:
    """`text` broken where rich breaks it into lines of `width` cells (overflow fold), each piece
    as rich keeps it before cropping (see `crop`)."""
    out: list[str] = []
    for line in text.split("\n"):
        offsets = divide_line(line, width, fold=True)
        start = 0
        for end in offsets:
            out.append(line[start:end])
            start = end
        out.append(line[start:])
    return out


def crop(piece: str, width: int, wrapped: bool = True) -> str:
    """A wrapped piece as rich prints it in `width` cells, before padding: trailing spaces beyond
    the width dropped (counted in characters, as rich counts them), then cropped to the width."""
    if wrapped and len(piece) > width:
        spaces = len(piece) - len(piece.rstrip())
        piece = piece[: len(piece) - min(spaces, len(piece) - width)]
    return set_cell_size(piece, width) if cell_len(piece) > width else piece


def _pads(columns: int) -> list[tuple[int, int]]:
    """(left, right) padding of each column: one space between columns, none at the edges."""
    return [(0 if i == 0 else 1, 0 if i == columns - 1 else 1) for i in range(columns)]


def widths(grid: Grid, width: int) -> list[int] | None:
    """Column widths with padding (without the separators), or None when rich would have to
    shrink more than the last column (a terminal too narrow for the fixed columns)."""
    columns = len(grid.headers)
    available = width - (columns - 1)
    pads = _pads(columns)
    out = []
    for j in range(columns):
        texts = [grid.headers[j], *(row[j].text for row in grid.rows)]
        widest = max(max((cell_len(line) for line in text.splitlines()), default=0) for text in texts)
        out.append(min(widest + sum(pads[j]), available) or 1)
    excess = sum(out) - available
    if excess > 0:
        last = out[-1] - excess
        if last < sum(pads[-1]) + 1:
            return None
        out[-1] = last
    return out


def text_lines(text: str, width: int, style: str | None, pad: bool) -> list[Line]:
    """A wrapped text of one style (a heading, a table title): padded to `width` inside the style
    when `pad`, as rich's left-justified Text is."""
    out: list[Line] = []
    for piece in wrap(text, width):
        content = crop(piece, width)
        if pad:
            content += " " * (width - cell_len(content))
        out.append([(content, style)])
    return out


def _cell_lines(cell: Cell, inner: int, wraps: bool) -> list[Line]:
    out: list[Line] = []
    for text, span in cell.parts:
        for line in text.split("\n"):
            for piece in wrap(line, inner) if wraps else [line]:
                content = crop(piece, inner, wraps)
                pad = " " * (inner - cell_len(content))
                if cell.style or not span:  # the padding is part of the text: one run
                    out.append([(content + pad, cell.style)])
                else:  # a span's style stops where its text does
                    out.append([(content, span), (pad, None)])
    return out


def render(grid: Grid, width: int) -> list[Line] | None:
    """The table's lines as styled segments, or None when `widths` gives none."""
    sizes = widths(grid, width)
    if sizes is None:
        return None
    pads = _pads(len(sizes))
    table_width = sum(sizes) + len(sizes) - 1

    def row_lines(cells: Sequence[Cell], vertical: str, bottom: bool, style: str | None) -> list[Line]:
        rendered: list[list[Line]] = []
        for j, cell in enumerate(cells):
            left, right = pads[j]
            inner = sizes[j] - left - right
            cell_lines: list[Line] = []
            for runs in _cell_lines(cell, inner, wraps=j == len(cells) - 1):
                styled = [(text, span or style) for text, span in runs]
                cell_lines.append([(" " * left, style), *styled, (" " * right, style)])
            rendered.append(cell_lines)
        height = max(len(cell_lines) for cell_lines in rendered)
        for j, cell_lines in enumerate(rendered):
            blank: list[Line] = [[(" " * sizes[j], style)]] * (height - len(cell_lines))
            rendered[j] = blank + cell_lines if bottom else cell_lines + blank
        out = []
        for parts in zip(*rendered, strict=True):
            joined: Line = []
            for j, part in enumerate(parts):
                if j:
                    joined.append((vertical, None))
                joined += part
            out.append(joined)
        return out

    lines = text_lines(grid.title, table_width, TITLE_STYLE, pad=True)
    lines += row_lines([Cell(((h, None),)) for h in grid.headers], HEAD_VERTICAL, True, HEADER_STYLE)
    lines.append([(HEAD_CROSS.join(HEAD_RULE * size for size in sizes), None)])
    for row in grid.rows:
        lines += row_lines(row, BODY_VERTICAL, False, None)
    return lines


@cache
def _codes(style: str) -> tuple[str, str]:
    """The ANSI codes rich writes before and after a text of this style (standard colours)."""
    before, _, after = Style.parse(style).render("\0", color_system=ColorSystem.STANDARD).partition("\0")
    return before, after


def to_str(lines: Sequence[Line], color: bool) -> str:
    """The lines as rich prints them: with ANSI codes when `color`, else without trailing spaces."""
    out = []
    for line in lines:
        if color:
            parts = []
            for text, style in line:
                if text and style:
                    before, after = _codes(style)
                    parts.append(before + text + after)
                else:
                    parts.append(text)
            out.append("".join(parts))
        else:
            out.append("".join(text for text, _ in line).rstrip(" "))
    return "\n".join(out) + "\n"
