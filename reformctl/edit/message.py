"""Commit messages stay what they seem: no value may bring a line break or a control character
into the generated subject line, and `--message` may span lines but holds no other control
characters (a carriage return or an escape sequence could make `git log` show something else)."""

from __future__ import annotations

import re
import unicodedata

from reformctl.errors import UsageError
from reformctl.i18n import Term

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _is_control(char: str) -> bool:
    """C0, DEL, C1, and the line and paragraph separators (they break lines too)."""
    return unicodedata.category(char) == "Cc" or char in "\u2028\u2029"


def shown(value: str) -> str:
    """`value` with its control characters written as escapes, safe to print on one line."""
    return "".join(
        _ESCAPES.get(c, f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") if _is_control(c) else c
        for c in value
    )


def single_line(what: str, value: str) -> str:
    """`value` unchanged, or a usage error naming it (`what.<what>` in the catalogue: `subject`,
    `id` …) when it holds a line break or another control character: it would end up in the
    commit message's subject line."""
    if any(_is_control(c) for c in value):
        raise UsageError("error.control-in-value", what=Term(f"what.{what}"), value=shown(value))
    return value


_BLANK = re.compile(r"\s*")


def given_message(message: str) -> str:
    """A `--message`: several lines are allowed (a subject, a blank line, a body), tabs too; other
    control characters and an empty message are usage errors."""
    bad = [c for c in message if _is_control(c) and c not in "\n\t"]
    if bad:
        raise UsageError("error.message-control", value=shown(message), char=shown(bad[0]))
    if _BLANK.fullmatch(message):
        raise UsageError("error.message-empty")
    return message


def generated_message(message: str) -> str:
    """A message reformctl wrote from the command's values: one line without control characters
    (the values were checked when they were read; this is the last guard before anything is
    written)."""
    return single_line("commit-message", message)
