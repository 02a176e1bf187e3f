"""The one JSON writer of the read commands: 2-space indents, UTF-8 text as is.

orjson writes the same bytes as `json.dumps(value, ensure_ascii=False, indent=2)` (tested), many
times faster: the standard library falls back to its pure-Python encoder as soon as it indents,
which dominated `due --format json` on large ledgers.
"""

from __future__ import annotations

from typing import Any

import orjson


def dumps(value: Any) -> str:
    """`value` (dicts with text keys, lists, text, numbers, booleans, None) as indented JSON."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
