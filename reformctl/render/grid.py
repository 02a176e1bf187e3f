"""Terminal tables and paragraphs laid out for a width: the one layout of every terminal view
(`due`, `library`, `scorecard`, `diff`).

A table's columns are as wide as their widest cell when the width allows. When it does not, the
columns that wrap (titles, names) give up width, the widest first, down to their widest word (a
Chinese character, an English word, a date or number: `reformctl.render.linebreak`); the columns
that never wrap (dates, ids, numbers, states) keep their width, only their header may wrap. Only a
table whose fixed columns alone are wider than the terminal is wider than it. A heading row (a
unit, a stage) spans the table, so that one table with one set of widths runs down the page and
its columns line up. Lines are styled segments; `to_str` writes them plain, or with the ANSI
codes of rich's styles on a colour terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.style import Style

from reformctl.render.linebreak import min_width, natural_width, wrap

HEAD_VERTICAL = " ┃ "
BODY_VERTICAL = " │ "
GAP = len(BODY_VERTICAL)
HEAD_RULE = "━"
HEAD_CROSS = "╇"
HEAD_END = "┻"
HEADER_STYLE = "bold"
SHORT_HEADER = 4
"""A header this wide (two Chinese characters, 团队) wraps only as a last resort."""
MIN_WRAPPED = 6
"""Cells a wrapping column keeps when even its widest word does not fit (3 Chinese characters)."""

Segment = tuple[str, str | None]
"""A run of text and its style (a rich style definition), or None for none."""
Line = list[Segment]


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    wraps: bool = False
    """Whether the column's text wraps (titles, names); else its cells never break."""
    right: bool = False
    """Numbers: aligned right."""


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's texts, each starting on a line of its own, with the style of each."""

    parts: tuple[tuple[str, str | None], ...]

    @classmethod
    def of(cls, text: str, style: str | None = None) -> Cell:
        return cls(((text, style),))

    @property
    def text(self) -> str:
        return "\n".join(text for text, _ in self.parts)


@dataclass(frozen=True, slots=True)
class Heading:
    """A row that spans the table: the unit or stage of the rows below it."""

    text: str
    style: str | None = "bold"


Row = Sequence[Cell] | Heading


@dataclass(frozen=True, slots=True)
class Table:
    columns: Sequence[Column]
    rows: Sequence[Row]
    title: str | None = None


def _cells(table: Table, j: int) -> list[str]:
    return [row[j].text for row in table.rows if not isinstance(row, Heading)]


def widths(table: Table, width: int) -> list[int]:
    """Each column's width in cells (without the gaps between columns): as wide as its widest
    line when the width allows. Else columns give up width, the widest first, in steps: headers
    wider than their column's cells (and than `SHORT_HEADER`) wrap onto two lines; wrapping columns narrow down to their
    widest word; headers wrap further; wrapping columns narrow below their widest word, down to
    `MIN_WRAPPED` (a word wider than that is cut). Fixed columns never narrow below their cells."""
    cols = table.columns
    available = width - GAP * (len(cols) - 1)
    sizes, contents, words, header_words, two_lines = [], [], [], [], []
    for j, col in enumerate(cols):
        texts = _cells(table, j)
        content = max((natural_width(t) for t in texts), default=0)
        sizes.append(max(content, natural_width(col.header), 1))
        contents.append(content)
        words.append(max([min_width(t) for t in texts], default=1) if col.wraps else content)
        header_words.append(min_width(col.header))
        two_lines.append(max(_two_lines(col.header), min(natural_width(col.header), SHORT_HEADER)))
    everything = range(len(cols))
    wrapping = [j for j in everything if cols[j].wraps]
    excess = sum(sizes) - available
    excess = _shrink(sizes, [max(contents[j], two_lines[j], 1) for j in everything], everything, excess)
    excess = _shrink(sizes, [max(words[j], two_lines[j], 1) for j in everything], wrapping, excess)
    floors = [max(words[j], header_words[j], 1) for j in everything]
    excess = _shrink(sizes, floors, everything, excess)
    _shrink(sizes, [min(MIN_WRAPPED, f) for f in floors], wrapping, excess)
    return sizes


def _two_lines(text: str) -> int:
    """The narrowest width at which `text` wraps onto at most two lines."""
    size = min_width(text)
    while len(wrap(text, size)) > 2:
        size += 1
    return size


def _shrink(sizes: list[int], floors: Sequence[int], which: Sequence[int], excess: int) -> int:
    """Narrow the widest of `which` one cell at a time, none below its floor, until `excess` is
    gone or none can narrow; the excess left."""
    while excess > 0:
        candidates = [j for j in which if sizes[j] > floors[j]]
        if not candidates:
            break
        widest = max(candidates, key=lambda j: (sizes[j], j))
        sizes[widest] -= 1
        excess -= 1
    return excess


def _balanced(text: str, size: int) -> list[str]:
    """`text` on as few lines as at `size`, of widths as even as may be (for headers: 下一时间 / 节点
    rather than 下一时间节 / 点)."""
    lines = wrap(text, size)
    while size > 1 and len(wrap(text, size - 1)) == len(lines):
        size -= 1
        lines = wrap(text, size)
    return lines


def _cell_lines(cell: Cell, size: int, wraps: bool, right: bool, header: bool = False) -> list[Line]:
    out: list[Line] = []
    for text, style in cell.parts:
        pieces = _balanced(text, size) if header else wrap(text, size) if wraps else text.split("\n")
        for piece in pieces:
            space = " " * max(size - cell_len(piece), 0)
            out.append([(space, None), (piece, style)] if right else [(piece, style), (space, None)])
    return out


def _row_lines(
    cells: Sequence[Cell], table: Table, sizes: Sequence[int], vertical: str, header: bool
) -> list[Line]:
    """A row's lines: cells top-aligned (header cells at the bottom), each wrapped to its width
    (header cells always may wrap)."""
    rendered = [
        _cell_lines(cell, sizes[j], header or col.wraps, col.right, header)
        for j, (cell, col) in enumerate(zip(cells, table.columns, strict=True))
    ]
    height = max((len(lines) for lines in rendered), default=0)
    for j, lines in enumerate(rendered):
        blank: list[Line] = [[(" " * sizes[j], None)]] * (height - len(lines))
        rendered[j] = blank + lines if header else lines + blank
    out: list[Line] = []
    for parts in zip(*rendered, strict=True):
        joined: Line = []
        for j, part in enumerate(parts):
            if j:
                joined.append((vertical, None))
            joined += part
        out.append(joined)
    return out


def render(table: Table, width: int) -> list[Line]:
    """The table's lines: its title, the header, a rule, then its rows and heading rows (a blank
    line before each heading row but the first)."""
    sizes = widths(table, width)
    out: list[Line] = []
    if table.title:
        out += paragraph(table.title, width, "bold")
    headers = [Cell.of(col.header, HEADER_STYLE) for col in table.columns]
    out += _row_lines(headers, table, sizes, HEAD_VERTICAL, header=True)
    headed = any(isinstance(row, Heading) for row in table.rows)
    cross = HEAD_END if headed else HEAD_CROSS
    out.append([((HEAD_RULE + cross + HEAD_RULE).join(HEAD_RULE * size for size in sizes), None)])
    first = True
    for row in table.rows:
        if isinstance(row, Heading):
            if not first:
                out.append([])
            out += paragraph(row.text, width, row.style)
        else:
            out += _row_lines(row, table, sizes, BODY_VERTICAL, header=False)
        first = False
    return out


def paragraph(text: str, width: int, style: str | None = None, indent: str = "") -> list[Line]:
    """A text wrapped to `width` (each line of it on lines of its own), in one style."""
    return [[(indent + piece, style)] for piece in wrap(text, width - cell_len(indent))]


@cache
def _codes(style: str) -> tuple[str, str]:
    """The ANSI codes rich writes before and after a text of this style (standard colours)."""
    before, _, after = Style.parse(style).render("\0", color_system=ColorSystem.STANDARD).partition("\0")
    return before, after


def to_str(lines: Sequence[Line], color: bool) -> str:
    """The lines as text, without trailing spaces; styled with ANSI codes when `color`."""
    out = []
    for line in lines:
        while line and not line[-1][0].strip(" "):
            line = line[:-1]
        if line:
            text, style = line[-1]
            line = [*line[:-1], (text.rstrip(" "), style)]
        parts = []
        for text, style in line:
            if color and text and style:
                before, after = _codes(style)
                parts.append(before + text + after)
            else:
                parts.append(text)
        out.append("".join(parts))
    return "\n".join(out) + "\n"
