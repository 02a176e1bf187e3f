"""Escaping ledger text for Markdown, so that values come out literally and tables stay intact."""

from __future__ import annotations

import re

from reformctl.render.printable import printable

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LEADING_MARK = re.compile(r"^([#+\-=])(?=\s|$)")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])(?=\s|$)")


def escape_md(value: object) -> str:
    """Escape Markdown and HTML specials; line breaks become spaces (one table row stays one), other
    control characters `\\uXXXX` (`reformctl.render.printable`).

    `None` becomes "—" (missing data is never printed as "None").
    """
    if value is None:
        return "—"
    text = printable(" ".join(str(value).splitlines()).strip())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    text = text.replace("{", "&#123;").replace("}", "&#125;")
    text = _LEADING_NUMBER.sub(r"\1\\\2", text)
    return _LEADING_MARK.sub(r"\\\1", text)
