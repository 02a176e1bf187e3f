"""Laying out help text at a terminal's width, for Chinese as for English: widths counted in
terminal cells (a Chinese character takes two), lines broken between Chinese characters or at
spaces (never inside an option, an id or a number), and no line starting with a closing
punctuation mark (，。）” …) or ending with an opening one (（“ …), as Chinese typesetting does."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

CLOSING = set("，。、；：？！）》」』”’】〕…%,.;:!?)]}")
OPENING = set("（《「『“‘【〔([{")


def _is_wide(char: str) -> bool:
    return cell_len(char) > 1


def _tokens(line: str) -> list[tuple[str, bool]]:
    """The line cut where it may break: (piece, whether a space comes before it). A run of
    non-space narrow characters is one piece; each wide character is a piece of its own; closing
    punctuation keeps to the piece before it and opening punctuation to the piece after it."""
    pieces: list[tuple[str, bool]] = []
    word = ""
    space = False
    for char in line:
        if char == " ":
            if word:
                pieces.append((word, space))
                word = ""
            space = True
            continue
        if _is_wide(char):
            if word:
                pieces.append((word, space))
                word, space = "", False
            pieces.append((char, space))
            space = False
            continue
        word += char
    if word:
        pieces.append((word, space))
    merged: list[tuple[str, bool]] = []
    glue_next = False
    for piece, before in pieces:
        if merged and not before and (glue_next or piece[0] in CLOSING):
            merged[-1] = (merged[-1][0] + piece, merged[-1][1])
        else:
            merged.append((piece, before))
        glue_next = piece[-1] in OPENING
    return merged


def wrap(line: str, width: int, rest: int | None = None) -> list[str]:
    """`line` broken into lines of at most `width` cells (the lines after the first: `rest`); a
    piece wider than that stands alone."""
    out: list[str] = []
    current = ""
    for piece, space in _tokens(line):
        joined = f"{current}{' ' if space and current else ''}{piece}"
        if current and cell_len(joined) > (width if not out or rest is None else rest):
            out.append(current)
            current = piece
        else:
            current = joined
    if current or not out:
        out.append(current)
    return out


def paragraph(text: str, width: int, indent: int = 2) -> list[str]:
    """A block of help text: each of its lines wrapped at `width`, indented; a line starting
    with "- " (an item of a list) continues under its text."""
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            out.append("")
            continue
        lead = len(line) - len(line.lstrip(" "))
        body = line.strip()
        hang = 2 if body.startswith("- ") else 0
        pad = " " * (indent + lead)
        first = max(width - indent - lead, 20)
        for i, part in enumerate(wrap(body, first, max(first - hang, 20))):
            out.append(f"{pad}{' ' * hang if i else ''}{part}")
    return out


def definitions(
    rows: Sequence[tuple[str, str]], width: int, indent: int = 2, col_max: int = 30, spacing: int = 2
) -> list[str]:
    """Terms and their descriptions in two columns; a term wider than the first column puts its
    description on the next line. Descriptions are wrapped, never cut."""
    if not rows:
        return []
    first = min(max(cell_len(term) for term, _ in rows), col_max)
    text_width = max(width - indent - first - spacing, 20)
    out: list[str] = []
    for term, description in rows:
        lines = wrap(description, text_width) if description else [""]
        pad = " " * (indent + first + spacing)
        if cell_len(term) <= first:
            out.append(f"{' ' * indent}{term}{' ' * (first - cell_len(term) + spacing)}{lines[0]}".rstrip())
        else:
            out.append(f"{' ' * indent}{term}")
            out.append(f"{pad}{lines[0]}".rstrip())
        out += [f"{pad}{line}".rstrip() for line in lines[1:]]
    return out
