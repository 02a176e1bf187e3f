"""Ledger text made safe to show: control characters become visible symbols, markup is escaped."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def _picture(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (Unicode control pictures)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls have no pictures; noncharacters are not text


def visible(text: str) -> str:
    """`text` with every control character but tab and line breaks shown as a symbol (and the
    noncharacters U+FDD0–U+FDEF, U+FFFE, U+FFFF as U+FFFD), so that a value never carries
    invisible or invalid characters into a page or an SVG drawing."""
    return _CONTROL.sub(_picture, text)


def esc(value: object) -> Markup:
    """A value as HTML or SVG text: control characters shown, `& < > " '` escaped."""
    if isinstance(value, Markup):
        return value
    return escape(visible(str(value)))
