"""Plain-text tables laid out as rich lays out the `due` tables, without rich's rendering pipeline.

rich renders a table cell by cell through padding, segments and styles: about a thousand rows a
second, which a long list of overdue items makes the slowest part of `reformctl due`. For plain
output (no colour, a UTF-8 stream) this module computes the same layout directly with rich's own
measuring and line-breaking functions (`rich.cells.cell_len`, `rich._wrap.divide_line`): column
widths from the widest cell, the wrapping last column narrowed to fit the width, words folded as
rich folds them, the heavy-head box without edges. `tests/render/test_grid.py` checks it against
rich's output on generated tables. Texts this layout does not cover — control characters (rich
expands tabs) or line separators other than "\n", and titles that rich would read as markup
(`[…]`) or emoji codes (`:name:`) — make `plain_enough` false: the caller then uses rich.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size

HEAD_VERTICAL = "┃"
BODY_VERTICAL = "│"
HEAD_RULE = "━"
HEAD_CROSS = "╇"


@dataclass(frozen=True, slots=True)
class Grid:
    """One table: its title, column headers and rows of cell texts (a cell may hold "\\n").

    The last column wraps (folding words longer than the column); the others never wrap."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]


_NOT_PLAIN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def plain_enough(grid: Grid) -> bool:
    """Whether `render` lays this table out exactly as rich would."""
    if "[" in grid.title or ":" in grid.title:
        return False
    texts = [grid.title, *grid.headers, *(cell for row in grid.rows for cell in row)]
    return not any(_NOT_PLAIN.search(text) for text in texts)


def wrap(text: str, width: int) -> list[str]:
    """`text` broken into lines of at most `width` cells, as rich wraps a Text with overflow fold
    (trailing spaces are left to the caller)."""
    out: list[str] = []
    for line in text.split("\n"):
        offsets = divide_line(line, width, fold=True)
        start = 0
        for end in offsets:
            out.append(line[start:end])
            start = end
        out.append(line[start:])
    return out


def _fit(text: str, width: int) -> str:
    """`text` without trailing spaces, cropped or padded with spaces to `width` cells."""
    return set_cell_size(text.rstrip(" "), width)


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
        cells = [grid.headers[j], *(row[j] for row in grid.rows)]
        widest = max(max((cell_len(line) for line in cell.splitlines()), default=0) for cell in cells)
        out.append(min(widest + sum(pads[j]), available) or 1)
    excess = sum(out) - available
    if excess > 0:
        last = out[-1] - excess
        if last < sum(pads[-1]) + 1:
            return None
        out[-1] = last
    return out


def render(grid: Grid, width: int) -> list[str] | None:
    """The table's lines (trailing spaces stripped), or None when `widths` gives none."""
    sizes = widths(grid, width)
    if sizes is None:
        return None
    pads = _pads(len(sizes))
    table_width = sum(sizes) + len(sizes) - 1
    lines = [line.rstrip(" ") for line in wrap(grid.title, table_width)]

    def row_lines(cells: Sequence[str], vertical: str, bottom: bool) -> list[str]:
        rendered = []
        for j, cell in enumerate(cells):
            inner = sizes[j] - sum(pads[j])
            cell_lines = wrap(cell, inner) if j == len(cells) - 1 else cell.split("\n")
            rendered.append([" " * pads[j][0] + _fit(text, inner) + " " * pads[j][1] for text in cell_lines])
        height = max(len(c) for c in rendered)
        for j, cell_lines in enumerate(rendered):
            blank = [" " * sizes[j]] * (height - len(cell_lines))
            rendered[j] = blank + cell_lines if bottom else cell_lines + blank
        return [vertical.join(parts).rstrip(" ") for parts in zip(*rendered, strict=True)]

    lines += row_lines(grid.headers, HEAD_VERTICAL, bottom=True)
    lines.append(HEAD_CROSS.join(HEAD_RULE * size for size in sizes))
    for row in grid.rows:
        lines += row_lines(row, BODY_VERTICAL, bottom=False)
    return lines
