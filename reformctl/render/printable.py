"""Ledger text shown on a terminal or in Markdown: control characters escaped, so that no value
can move the cursor, set the clipboard (ESC ] 52), or forge an output line."""

from __future__ import annotations

import re

from reformctl.render.typography import typeset

_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, newlines: bool = False) -> str:
    """`text` with C0 (but tab) and C1 control characters, ESC, the line and paragraph separators
    and the bidirectional overrides written as `\\u` and four hex digits; line breaks kept when `newlines`."""
    if newlines:
        return "\n".join(printable(line) for line in text.split("\n"))
    return _CONTROL.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def shown(text: str, locale: str) -> str:
    """Ledger text as a terminal table or line shows it: typeset for the locale
    (`reformctl.render.typography`), control characters escaped, a tab as a space."""
    return printable(typeset(text, locale)).replace("\t", " ")
