"""Escaping ledger text for Markdown, so that a Markdown renderer shows exactly the value.

Markdown escapes with backslashes (CommonMark §2.4: any ASCII punctuation character may be
escaped), not with HTML entities, which a reader of the raw text (a pull-request comment, an issued
bulletin in git) would see as `&#123;`. Only what could start Markdown syntax is escaped, so that
`2.0版` or `市审管办-市财政局` stay as they are: the characters that act anywhere in a line
(backslash, code, emphasis, links, raw HTML and autolinks, strikethrough, table cells, entity
references), and what acts at the start of a line (headings, block quotes, lists, thematic breaks
and setext underlines) or at the end of a heading (a closing `#` sequence). `tests/
test_markdown_escape.py` renders escaped text with markdown-it-py, in paragraphs, headings, list
items and table cells, and compares the text shown with the value.
"""

from __future__ import annotations

import re

from reformctl.render.printable import printable

_SPECIAL = re.compile(r"([\\`*_\[\]<|~])")
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_LEADING = re.compile(
    r"^(?:#{1,6}(?=[ \t]|$)|>|[-+=](?=[ \t]|$|[-=])"
    r"|\d{1,9}(?P<number>[.)])(?=[ \t]|$))"
)
_CLOSING_HASHES = re.compile(r"(?<=[ \t])(#+)([ \t]*)$")


def escape_md(value: object) -> str:
    """`value` as Markdown text that renders as the value itself, on one line (line breaks become
    spaces, so a table row stays one), leading and trailing spaces dropped, other control
    characters written `\\u` and four hex digits (`reformctl.render.printable`).

    `None` becomes "—" (missing data is never printed as "None").
    """
    if value is None:
        return "—"
    text = printable(" ".join(str(value).splitlines()).strip())
    if not text:
        return text
    text = _SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _CLOSING_HASHES.sub(r"\\\1\2", text)
    m = _LEADING.match(text)
    if m is not None:
        at = m.start("number") if m.group("number") else 0
        text = f"{text[:at]}\\{text[at:]}"
    return text
