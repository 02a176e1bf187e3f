"""Ledger text made safe to show: control characters become visible symbols, markup is escaped."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")


def _picture(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (Unicode control pictures)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls have no pictures


def visible(text: str) -> str:
    """`text` with every control character but tab and line breaks shown as a symbol, so that a
    value never carries invisible bytes into a page (browsers drop or misread them)."""
    return _CONTROL.sub(_picture, text)


def esc(value: object) -> Markup:
    """A value as HTML or SVG text: control characters shown, `& < > " '` escaped."""
    if isinstance(value, Markup):
        return value
    return escape(visible(str(value)))
