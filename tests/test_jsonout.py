"""The JSON writer gives exactly the bytes of the standard library's indented, UTF-8 output."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reformctl.render.jsonout import dumps

VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**62), 2**62) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_same_bytes_as_the_standard_library(value: Any) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_chinese_and_specials() -> None:
    value = {"title": '深化"最多跑一次"改革\n\t<b>|', "route": ["dept-a", "reform-office"], "done": None}
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
