"""A neutral, typed document structure: what a document says, block by block, with no layout.

The builders (`reformctl.render.docx.bulletin`, `.report`) make these from the same data the
Markdown templates get; `reformctl.render.docx.writer` lays them out. Text is plain: nothing here
is Markdown or XML.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from reformctl.render.typography import typeset


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Masthead:
    """An internal bulletin's masthead (简报式版头): publication name in red, the issue number,
    the issuing office and date on one line, a red rule."""

    publication: str
    number: str
    office: str
    date: str


@dataclass(frozen=True, slots=True)
class Title:
    text: str


@dataclass(frozen=True, slots=True)
class Addressee:
    """主送机关: flush left under the title, ending with a colon."""

    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading: level 1 `一、`, 2 `（一）`, 3 `1.`, 4 `（1）` (the number is in `text`)."""

    level: Literal[1, 2, 3, 4]
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    runs: tuple[Run, ...]
    indent: bool = True
    """First line indented two characters (每个自然段左空二字)."""


def para(*parts: str | Run, indent: bool = True) -> Paragraph:
    return Paragraph(tuple(p if isinstance(p, Run) else Run(p) for p in parts if p), indent)


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    """Columns of numbers (right-aligned); empty: none."""


@dataclass(frozen=True, slots=True)
class BarChart:
    """A bar chart of percentages (0–100), laid out as a table with a bar per row."""

    header: tuple[str, str, str]
    bars: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Blank:
    """Empty lines (空一行, 空二行)."""

    lines: int = 1


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


@dataclass(frozen=True, slots=True)
class Label:
    """A flush-left label in the heading font, such as `附件` on an attachment's first line."""

    text: str


@dataclass(frozen=True, slots=True)
class Signature:
    """The issuing office and the date, right-aligned (GB/T 9704 §7.3.5.2)."""

    office: str
    date: str


@dataclass(frozen=True, slots=True)
class Closing:
    """The closing block (版记) at the foot of the last page: 抄送 and 印发, between rules."""

    copied_to: str | None
    """The whole 抄送 line (`抄送：…`), or None."""
    printed_by: str
    printed_on: str
    """The whole right-hand text (`2026年7月15日印发`)."""


Block = (
    Masthead
    | Title
    | Addressee
    | Heading
    | Paragraph
    | Table
    | BarChart
    | Blank
    | PageBreak
    | Label
    | Signature
)


@dataclass(frozen=True, slots=True)
class Document:
    blocks: tuple[Block, ...]
    closing: Closing | None = None
    title: str = ""
    """The document's title for its properties (docProps/core.xml)."""


def typeset_document(document: Document, locale: str) -> Document:
    """The document with its text typeset for `locale` (“” in Chinese, `reformctl.render.
    typography`): each paragraph as a whole, so that quotes nest across its runs; each table cell."""
    if locale != "zh-CN":
        return document

    def text(value: str) -> str:
        return typeset(value, locale)

    def block(b: Block) -> Block:
        if isinstance(b, Paragraph):
            whole = text("".join(r.text for r in b.runs))
            runs, start = [], 0
            for r in b.runs:  # typesetting keeps every character's place
                runs.append(replace(r, text=whole[start : start + len(r.text)]))
                start += len(r.text)
            return replace(b, runs=tuple(runs))
        if isinstance(b, Title | Addressee | Heading | Label):
            return replace(b, text=text(b.text))
        if isinstance(b, Table):
            return replace(
                b, header=tuple(map(text, b.header)), rows=tuple(tuple(map(text, r)) for r in b.rows)
            )
        if isinstance(b, BarChart):
            return replace(b, bars=tuple((text(name), value) for name, value in b.bars))
        return b

    return replace(document, blocks=tuple(block(b) for b in document.blocks), title=text(document.title))
