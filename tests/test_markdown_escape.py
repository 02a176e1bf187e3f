"""escape_md: a Markdown renderer (markdown-it-py, CommonMark with tables and strikethrough) shows
ledger text exactly as it is, wherever a document puts it; and without needless backslashes."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reformctl.render.markdown import escape_md
from reformctl.render.printable import printable

MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
"""Raw HTML on, so that text which would become a tag shows as one."""


def shown(markdown: str, tag: str) -> list[str]:
    """The text of every `tag` element of the rendered HTML, with its markup removed."""
    rendered = MD.render(markdown)
    found = re.findall(rf"<{tag}(?:\s[^>]*)?>(.*?)</{tag}>", rendered, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", f)) for f in found]


def expected(value: str) -> str:
    """What escape_md promises to show: one line, without surrounding spaces, control characters
    written out."""
    return printable(" ".join(value.splitlines()).strip())


PLACES = [
    ("{}", "p"),  # a paragraph of its own
    ("前文：{}", "p"),  # after text
    ("{}。后文", "p"),
    ("## {}", "h2"),  # a heading (its closing #s)
    ("- {}", "li"),  # a list item
    ("1. {}", "li"),
    ("> {}", "p"),  # a block quote
    ("**{}**", "strong"),  # emphasis around it
    ("| 列 | 值 |\n|---|---|\n| 一 | {} |", "td"),  # a table cell
    ("| {} | 值 |\n|---|---|\n| 一 | 二 |", "th"),
    ("上文\n{}", "p"),  # a line under a paragraph (setext underlines)
]

MARKDOWN_CHARS = st.sampled_from([*"\\`*_[]()<>|~!#+-=.:&;{}\"' \t", "&amp;", "&#123;", "1.", "—"])
TEXT = st.lists(
    st.one_of(MARKDOWN_CHARS, st.text(alphabet="a1中文“”", min_size=1, max_size=3), st.characters()),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(value=TEXT, place=st.sampled_from(PLACES))
@example(value="# 标题 #", place=("## {}", "h2"))
@example(value="---", place=("上文\n{}", "p"))
@example(value="===", place=("上文\n{}", "p"))
@example(value="a\\|b", place=PLACES[8])
@example(value="`` ` ``", place=PLACES[0])
@example(value="&amp; &#123; &copy;", place=PLACES[0])
@example(value="<b>x</b> <http://example.com>", place=PLACES[0])
@example(value="2) 出台 [链接](http://x) ![图](y)", place=PLACES[4])
@example(value="~~删除~~ **粗** _斜_", place=PLACES[8])
def test_rendered_text_is_the_value(value: str, place: tuple[str, str]) -> None:
    escaped = escape_md(value)
    want = expected(value)
    template, tag = place
    if not want:
        return  # nothing to show (an empty cell, an empty paragraph)
    texts = shown(template.format(escaped), tag)
    prefix = {"前文：{}": "前文：", "上文\n{}": "上文\n"}.get(template, "")
    suffix = "。后文" if template == "{}。后文" else ""
    assert texts, (escaped, MD.render(template.format(escaped)))
    cell = {"td": -1, "th": 0}.get(tag, 0)
    assert texts[cell] == prefix + want + suffix, (escaped, MD.render(template.format(escaped)))


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("2.0版上线", "2.0版上线"),  # not a list item: no space after the dot
        ("2. 出台细则", "2\\. 出台细则"),  # would start an ordered list
        ("# 标题", "\\# 标题"),
        ("## 标题 #", "\\## 标题 \\#"),
        ("#标签", "#标签"),
        ("- 条目", "\\- 条目"),
        ("---", "\\---"),
        ("> 引文", "\\> 引文"),
        ("市审管办-市财政局", "市审管办-市财政局"),
        ("a|b *c* _d_ `e` [f]", "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\]"),
        ("<b>x</b> & {{ 7*7 }}", "\\<b>x\\</b> & {{ 7\\*7 }}"),  # braces are plain text in Markdown
        ("{due: 2026-07-31}", "{due: 2026-07-31}"),
        ("&amp; &#123;", "\\&amp; \\&#123;"),
        ('深化"最多跑一次"改革', '深化"最多跑一次"改革'),  # escaping never changes quotes
        ("两行\n文字", "两行 文字"),
        (None, "—"),
    ],
)
def test_escape_md(text: str | None, escaped: str) -> None:
    assert escape_md(text) == escaped
