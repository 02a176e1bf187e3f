"""Where a line of text may break, for terminal tables and paragraphs.

Chinese breaks between characters, English between words; a run of Latin letters, digits and
ASCII punctuation without a space (a date `2026-10-31`, a number `2.0`, an id
`projects/zuiduo-paoyici`, a period `2026-Q2`) never breaks, unless it alone is wider than the
line. Punctuation keeps to its text as Chinese typesetting requires (避头尾, GB/T 15834): a line
never starts with a closing mark (，。、；：？！）》」』】”’ …) and never ends with an opening one
(（《「『【“‘ …). Widths are terminal cells: East Asian wide characters take two
(`rich.cells.cell_len`).
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len

NO_LINE_START = frozenset(
    "，。、；：？！）》」』】〕〉〗〙〛”’…—～·%‰℃,.;:!?)]}"
    '\uff09\uff3d\uff5d\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\u30fb\u00b7"'
)
"""Marks that stay with the text before them."""
NO_LINE_END = frozenset('（《「『【〔〈〖〘〚“‘([{\uff08\uff3b\uff5b"')
"""Marks that stay with the text after them (an ASCII double quote, which may open or close,
stays with the text on both sides)."""


def _wide(char: str) -> bool:
    return cell_len(char) == 2


@lru_cache(maxsize=4096)
def clusters(line: str) -> tuple[tuple[str, str], ...]:
    """The line as (spaces before, cluster) pairs: a line may break before any cluster, and
    nowhere inside one. Spaces at the end of the line come as a last pair with an empty cluster."""
    out: list[tuple[str, str]] = []
    spaces = ""
    current = ""
    previous = ""
    for char in line:
        if char == " ":
            if current:
                out.append((spaces, current))
                spaces, current = "", ""
            spaces += char
            previous = char
            continue
        if current and _breaks_between(previous, char):
            out.append((spaces, current))
            spaces, current = "", ""
        elif not current and spaces and out and (char in NO_LINE_START or out[-1][1][-1:] in NO_LINE_END):
            # no break at these spaces either: a closing mark keeps to the text before it
            before, current = out.pop()
            current, spaces = current + spaces, before
        current += char
        previous = char
    if current or spaces:
        out.append((spaces, current))
    return tuple(out)


def _breaks_between(before: str, after: str) -> bool:
    """Whether a line may break between two characters that are not spaces."""
    if after in NO_LINE_START or before in NO_LINE_END or cell_len(after) == 0:
        return False
    return _wide(before) or _wide(after)


def min_width(text: str) -> int:
    """The width of the widest piece of `text` that never breaks (its lines taken apart)."""
    return max((cell_len(c) for line in text.split("\n") for _, c in clusters(line)), default=0)


def natural_width(text: str) -> int:
    """The width of the widest line of `text` unbroken."""
    return max((cell_len(line) for line in text.split("\n")), default=0)


def wrap(text: str, width: int) -> list[str]:
    """`text` broken into lines of at most `width` cells (each "\\n" starts a new line): at the
    break opportunities of `clusters`, spaces at a break dropped; a cluster wider than the whole
    line is cut by characters."""
    width = max(width, 2)
    out: list[str] = []
    for line in text.split("\n"):
        out += _wrap_line(line, width)
    return out


def _wrap_line(line: str, width: int) -> list[str]:
    if cell_len(line) <= width:
        return [line.rstrip(" ")]
    out: list[str] = []
    current, used = "", 0
    for spaces, cluster in clusters(line):
        size = cell_len(cluster)
        gap = len(spaces) if current else 0
        if current and used + gap + size <= width:
            current += spaces + cluster
            used += gap + size
            continue
        if current:
            out.append(current)
            current, used = "", 0
        if not cluster:
            continue
        if size <= width:
            current, used = cluster, size
            continue
        pieces = _cut(cluster, width)
        out += pieces[:-1]
        current, used = pieces[-1], cell_len(pieces[-1])
    if current or not out:
        out.append(current)
    return out


def _cut(cluster: str, width: int) -> list[str]:
    """A cluster wider than the line, cut by characters into pieces of at most `width` cells."""
    pieces: list[str] = []
    current, used = "", 0
    for char in cluster:
        size = cell_len(char)
        if current and used + size > width:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += size
    pieces.append(current)
    return pieces
