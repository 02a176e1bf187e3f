"""Quotation marks in Chinese output (reformctl.render.typography): “” around Chinese text, ‘’
inside them; English text, unpaired quotes and code left alone; applied to Markdown documents,
Word documents and tables, never to JSON or CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reformctl.render.docx.blocks import Document, Run, Table, para, typeset_document
from reformctl.render.typography import quotes, typeset, typeset_markdown
from tests.conftest import run_cli


@pytest.mark.parametrize(
    ("text", "typeset_text"),
    [
        ('深化"最多跑一次"改革', "深化“最多跑一次”改革"),
        ('推进"GDP"核算改革', "推进“GDP”核算改革"),  # Latin inside, Chinese around
        ('"一件事"集成服务', "“一件事”集成服务"),  # at the start
        # nested: a sentence's quotes around a value that has its own
        ('督察发现问题“秀洲区"一窗通办"覆盖率”的整改', "督察发现问题“秀洲区‘一窗通办’覆盖率”的整改"),
        ("“上线“一件事”集成服务”", "“上线‘一件事’集成服务”"),  # curly typed at both levels
        ('“"一业一证"行业扩展”', "“‘一业一证’行业扩展”"),
        ("“一“二“三”二”一”", "“一‘二“三”二’一”"),  # a third level is double again
        ('"甲"和"乙"', "“甲”和“乙”"),  # side by side, not nested
        # left alone
        ('Say "hello" to reform', 'Say "hello" to reform'),  # English text
        ('评估意见："Good" 见附件', "评估意见：“Good” 见附件"),  # next to Chinese punctuation
        ('深化"最多跑一次改革', '深化"最多跑一次改革'),  # an odd quote
        ('深化"最多跑一次"改革"', '深化“最多跑一次”改革"'),  # pairs what pairs, leaves the odd one
        ("改革”试点“", "改革”试点“"),  # curly quotes the wrong way round
        ("‘单引号’和it's", "‘单引号’和it's"),  # single quotes and apostrophes
        ('第一行"甲\n乙"第二行', '第一行"甲\n乙"第二行'),  # never across lines
        ("", ""),
    ],
)
def test_quotes(text: str, typeset_text: str) -> None:
    assert quotes(text) == typeset_text


def test_english_output_is_never_changed() -> None:
    assert typeset('深化"最多跑一次"改革', "en") == '深化"最多跑一次"改革'
    assert typeset('深化"最多跑一次"改革', "zh-CN") == "深化“最多跑一次”改革"


TEXT = st.text(alphabet=st.sampled_from(list('甲乙改革ab "“”‘’\n，')), max_size=40)


@given(TEXT)
def test_only_double_quotes_change_and_typesetting_twice_changes_nothing(text: str) -> None:
    done = quotes(text)
    assert len(done) == len(text)
    for before, after in zip(text, done, strict=True):
        assert before == after or before in '"“”'
    assert quotes(done) == done


def test_markdown_keeps_its_code() -> None:
    md = '## 深化"最多跑一次"改革\n\n`"代码"` 和"正文"\n\n```mermaid\n    x-axis ["市司法局"]\n```\n| "甲 | 乙" |\n'
    assert typeset_markdown(md, "zh-CN") == (
        '## 深化“最多跑一次”改革\n\n`"代码"` 和“正文”\n\n```mermaid\n    x-axis ["市司法局"]\n```\n| "甲 | 乙" |\n'
    )
    assert typeset_markdown(md, "en") == md


def test_word_documents_nest_quotes_across_runs() -> None:
    doc = Document(
        (
            para('时间节点“上线"一件', Run('事"集成服务”', bold=True), "应于7月前完成。"),
            Table(("项目",), (('深化"最多跑一次"改革',),)),
        )
    )
    done = typeset_document(doc, "zh-CN")
    first = done.blocks[0]
    assert [r.text for r in first.runs] == ["时间节点“上线‘一件", "事’集成服务”", "应于7月前完成。"]  # type: ignore[union-attr]
    assert [r.bold for r in first.runs] == [False, True, False]  # type: ignore[union-attr]
    assert done.blocks[1].rows == (("深化“最多跑一次”改革",),)  # type: ignore[union-attr]
    assert typeset_document(doc, "en") is doc


AS_OF = ("--as-of", "2026-07-10")


def test_tables_and_documents_are_typeset_json_and_csv_are_not() -> None:
    table = run_cli("due", *AS_OF)
    md = run_cli("due", *AS_OF, "--format", "md")
    bulletin = run_cli("bulletin", "--quarter", "2026-Q2", *AS_OF)
    for shown in (table.stdout, md.stdout, bulletin.stdout):
        assert "深化“最多跑一次”改革" in shown and '深化"最多跑一次"改革' not in shown
    data = json.loads(run_cli("due", *AS_OF, "--format", "json").stdout)
    assert '深化"最多跑一次"改革' in {ob["title"] for ob in data["obligations"]}
    rows = list(csv.reader(io.StringIO(run_cli("due", *AS_OF, "--format", "csv").stdout[1:])))
    assert '深化"最多跑一次"改革' in {row[2] for row in rows}
    english = run_cli("due", *AS_OF, "--format", "md", "--locale", "en").stdout
    assert '深化"最多跑一次"改革' in english
