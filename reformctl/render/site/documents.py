"""Issued bulletins (`<year>/bulletins/Q<n>.md`, §2(2) 季通报) and year-end reports
(`<year>/annual-report.md`) as HTML.

Markdown is rendered with markdown-it-py (CommonMark and tables) with raw HTML off: a `<script>`
written in a bulletin comes out as text. The front matter is left out; images are shown as
their description (the site loads nothing from elsewhere); links are kept only to http(s) and
mailto addresses; headings move one level down under the page's own title.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from reformctl.model.ledger import Ledger
from reformctl.render.prose import period_text
from reformctl.render.site.text import esc, visible
from reformctl.render.site.words import word

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_ISSUED = re.compile(r"^issued:\s*['\"]?(\d{4}-\d{2}-\d{2})['\"]?\s*(?:#.*)?$", re.M)
_LINKS = ("http://", "https://", "mailto:")


@dataclass(frozen=True, slots=True)
class DocumentPage:
    slug: str
    """The page's name: `2026-Q1` (bulletin) or `2026-annual` (year-end report)."""
    kind: str
    year: int
    title: str
    issued: date | None
    file: str
    """Where it is in the ledger."""
    html: Markup


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter, body) of a Markdown file; the front matter is "" when there is none."""
    m = _FRONT.match(text)
    if m is None:
        return "", text
    return m.group(1), text[m.end() :]


def issued_of(front: str) -> date | None:
    m = _ISSUED.search(front)
    if m is None:
        return None
    try:
        return date.fromisoformat(m.group(1))
    except ValueError:
        return None


def _site_rules(state: StateCore) -> None:
    """Drop links to anything but http(s) and mailto (their text stays), move headings down, and
    align table columns with classes instead of style attributes (the pages' Content-Security-
    Policy allows no inline style)."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
        style = token.attrs.pop("style", None)
        if isinstance(style, str) and style.startswith("text-align:"):
            token.attrSet("class", f"align-{style.removeprefix('text-align:')}")
        if token.children is None:
            continue
        kept: list[Token] = []
        dropped: list[bool] = []
        for child in token.children:
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                drop = not href.lower().startswith(_LINKS)
                dropped.append(drop)
                if drop:
                    continue
                child.attrSet("rel", "noopener noreferrer")
            elif child.type == "link_close" and dropped and dropped.pop():
                continue
            kept.append(child)
        token.children = kept


def _image_as_text(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    return str(esc(f"[{alt}]" if alt else ""))


@functools.cache
def markdown() -> MarkdownIt:
    """The one Markdown renderer of the site (built once)."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.core.ruler.push("site_rules", _site_rules)
    md.add_render_rule("image", _image_as_text)
    return md


def to_html(text: str) -> Markup:
    """A Markdown body as HTML; raw HTML in it is escaped, never passed through."""
    return Markup(markdown().render(visible(text)))


def document_files(ledger: Ledger) -> list[str]:
    """The ledger files the site may show: the loaded bulletins, and each year's annual report
    (which may not exist)."""
    out = []
    for year in sorted(ledger.years):
        out += [f"{year}/bulletins/Q{q}.md" for q in sorted(ledger.years[year].bulletins)]
        out.append(f"{year}/annual-report.md")
    return out


def document_pages(
    ledger: Ledger, sources: Mapping[str, str], as_of: date, locale: str
) -> tuple[DocumentPage, ...]:
    """The bulletins and year-end reports issued on or before the as-of date, newest first.
    `sources` holds the texts of the `document_files` that exist."""
    out = []
    for year in sorted(ledger.years):
        for q, rec in sorted(ledger.years[year].bulletins.items()):
            front = rec.value
            rel = f"{year}/bulletins/Q{q}.md"
            if rel not in sources or front.issued > as_of:
                continue
            name = period_text(front.quarter, locale)
            title = (
                word(locale, "documents.bulletin-number", period=name, number=front.number)
                if front.number
                else word(locale, "documents.bulletin", period=name)
            )
            body = split_front_matter(sources[rel])[1]
            out.append(DocumentPage(front.quarter, "bulletin", year, title, front.issued, rel, to_html(body)))
        rel = f"{year}/annual-report.md"
        if rel in sources:
            front_text, body = split_front_matter(sources[rel])
            issued = issued_of(front_text)
            if issued is not None and issued > as_of:
                continue
            title = word(locale, "documents.annual", year=year)
            out.append(DocumentPage(f"{year}-annual", "annual", year, title, issued, rel, to_html(body)))
    return tuple(sorted(out, key=lambda d: (d.issued or date.min, d.slug), reverse=True))
