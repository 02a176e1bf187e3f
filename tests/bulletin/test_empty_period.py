"""A quarter (and a year) with nothing in it: the bulletin and the year-end report say so in a
sentence for each section, in Markdown and in Word, instead of an empty table or a chart without
bars. `tests/ledgers/empty-quarter` has units and a 2026 folder, and no project, pilot, work plan,
supervision or hand-over sheet."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from tests.conftest import LEDGERS, run_cli

EMPTY = LEDGERS / "empty-quarter"
BULLETIN = ("bulletin", "--ledger", str(EMPTY), "--quarter", "2026-Q1", "--as-of", "2026-04-10")
REPORT = ("report", "--ledger", str(EMPTY), "--year", "2026", "--as-of", "2026-04-10", "--date", "2026-04-10")

SENTENCES = {
    ("bulletin", "zh-CN"): [
        "截至2026年3月31日，项目库无在库项目；无省级及以上改革试点。本季度无应报送的季度进展情况。",
        "直报市委改革办。本季度无应报送的季度进展情况。",
        "本季度重点突破改革项目库无在库项目。",
        "本季度无省级及以上改革试点。",
        "本年度专项小组无年度工作计划。",
        "本年度尚未开展重大改革项目督察。",
        "目前没有未办结的问题交办单。",
        "截至2026年3月31日，项目库无在库项目。",
    ],
    ("bulletin", "en"): [
        "On 31 March 2026 the library held no project. No pilot at provincial level or above is under way. "
        "No quarterly progress report was owed for the quarter.",
        "No quarterly progress report was owed this quarter.",
        "No project was in the library this quarter.",
        "No special group has an annual work plan for 2026.",
        "No hand-over sheet is open.",
        "No project was in the library on 31 March 2026.",
        "On 10 April 2026, 2 obligations of 1 unit were overdue:",
    ],
    ("report", "zh-CN"): [
        "全市年度改革要点未列任务；专项小组年度工作计划未列任务。",
        "本年度专项小组无年度工作计划。",
        "截至2026年4月10日，项目库无在库项目。",
        "全年未开展重大改革项目督察。",
        "全年无应报送的季度和半年进展情况。全年尚无到期的季通报。",
    ],
    ("report", "en"): [
        "In 2026 the annual key points held no task. The special groups' work plans held no item.",
        "No special group has an annual work plan for 2026.",
        "On 10 April 2026 the library held no project.",
        "No supervision was carried out during the year.",
        "No quarterly or half-year progress report was owed during the year. No quarterly bulletin was due yet.",
        "On 10 April 2026, 2 obligations of 1 unit are overdue:",
    ],
}


def _tables(markdown: str) -> list[list[str]]:
    """Each Markdown table as its lines (header, delimiter, rows)."""
    found, current = [], []
    for line in markdown.split("\n"):
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found + ([current] if current else [])


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("kind", ["bulletin", "report"])
def test_markdown_says_what_the_period_has_none_of(kind: str, locale: str) -> None:
    ran = run_cli(*(BULLETIN if kind == "bulletin" else REPORT), "--locale", locale)
    assert ran.exit_code == 0, ran.output
    text = ran.stdout
    for sentence in SENTENCES[(kind, locale)]:
        assert sentence in text
    assert "mermaid" not in text  # no chart without bars
    assert [t for t in _tables(text) if len(t) < 3] == []  # no table without rows
    assert not re.search(r"[^\n]\n#", text)  # every heading after a blank line


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("kind", ["bulletin", "report"])
def test_word_says_the_same(kind: str, locale: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.docx"
    ran = run_cli(
        *(BULLETIN if kind == "bulletin" else REPORT),
        "--locale",
        locale,
        "--format",
        "docx",
        "--output",
        str(out),
    )
    assert ran.exit_code == 0, ran.output
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    for sentence in SENTENCES[(kind, locale)]:
        assert sentence in text
    data = [t for t in document.tables if len(t.columns) > 1]  # the closing block (版记) is a layout table
    tables = [[c.text for c in t.rows[0].cells] for t in data]
    assert all(len(t.rows) > 1 for t in data), tables
    assert not any(h[:1] in (["归口"], ["Reviewed by"]) for h in tables)  # no reporting table, no chart
