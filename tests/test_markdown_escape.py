"""escape_md: ledger text comes out literally in Markdown, without needless backslashes."""

from __future__ import annotations

import pytest

from reformctl.render.markdown import escape_md


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.0版上线", "2.0版上线"),  # not a list item: no space after the dot
        ("2. 出台细则", "2\\. 出台细则"),  # would start an ordered list
        ("# 标题", "\\# 标题"),
        ("#标签", "#标签"),
        ("- 条目", "\\- 条目"),
        ("市审管办-市财政局", "市审管办-市财政局"),
        ("a|b *c* _d_ `e` [f]", "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\]"),
        ("<b>x</b> & {{ 7*7 }}", "&lt;b&gt;x&lt;/b&gt; &amp; &#123;&#123; 7\\*7 &#125;&#125;"),
        ("两行\n文字", "两行 文字"),
        (None, "—"),
    ],
)
def test_escape_md(text: str | None, expected: str) -> None:
    assert escape_md(text) == expected
