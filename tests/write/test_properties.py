"""Round-trip properties of the edit layer: loading and dumping an untouched file gives back its
bytes, and a `record report` edit only inserts lines, which read back as what was given."""

from __future__ import annotations

import difflib
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap

from reformctl.edit.record import EDITS, RecordArgs, node_of, target
from reformctl.edit.yamlio import dump_rt, load_rt
from reformctl.load.fastyaml import parse
from reformctl.model.patterns import Period
from tests.conftest import EXAMPLE

YAML_FILES = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml"))
PROJECTS = sorted(p.stem for p in (EXAMPLE / "projects").glob("*.yaml"))
TEXTS = {rel: (EXAMPLE / rel).read_text(encoding="utf-8") for rel in YAML_FILES}
# every quarter after the last one the example ledger records
QUARTERS = [f"{y}-Q{q}" for y in (2026, 2027, 2028) for q in (1, 2, 3, 4) if (y, q) >= (2026, 3)]

PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_example_ledger_is_all_here() -> None:
    assert len(YAML_FILES) >= 40 and len(PROJECTS) == 14


@pytest.mark.parametrize("rel", YAML_FILES)
def test_load_dump_is_byte_identical(rel: str) -> None:
    text = TEXTS[rel]
    assert dump_rt(load_rt(text)) == text


@st.composite
def report_edits(draw: st.DrawFn) -> list[tuple[str, date, str]]:
    periods = draw(st.lists(st.sampled_from(QUARTERS), min_size=1, max_size=3, unique=True))
    edits = []
    for period in periods:
        first = Period.parse(period).first_day
        span = (Period.parse(period).last_day - first).days
        day = first + timedelta(days=draw(st.integers(0, span)))
        edits.append((period, day, draw(SUMMARIES)))
    return edits


TRICKY = [
    "",
    "yes",
    "no",
    "on",
    "off",
    "null",
    "~",
    "true",
    "123",
    "0o17",
    "1e3",
    ".inf",
    "2026-07-01",
    "a: b",
    "# 不是注释",
    "x # y",
    "- 列表",
    "? 问",
    ":冒号",
    "?问号",
    "'单引号'",
    '"双引号"',
    "{花括号}",
    "[方括号]",
    "a, b",
    "&锚",
    "*别名",
    "!标签",
    "|",
    ">",
    "%",
    "@",
    "`",
    " 前导空格",
    "尾随空格 ",
    "全角\u3000空格",
]
CHARS = st.sampled_from(
    list("改革进展报送完成情况市县区一件事最多跑次abcXYZ0123456789 :#\"'-,?{}[]!&*|>%@`\\/")
)
SUMMARIES = st.one_of(st.sampled_from(TRICKY), st.text(CHARS, max_size=30))


def _apply(doc: Any, subject: str, edits: list[tuple[str, date, str]]) -> None:
    tgt = target(subject)
    for period, day, summary in edits:
        node = node_of(doc, tgt)
        args = RecordArgs(subject=subject, day=day, period=period, summary=summary or None)
        assert EDITS["report"](node, tgt, args) == f"{period} report submitted {day}"


def _only_inserted(old: str, new: str) -> None:
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    ops = {tag for tag, *_ in matcher.get_opcodes()}
    assert ops <= {"equal", "insert"}, "\n".join(
        difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="")
    )
    assert new.endswith("\n")


def _reads_back(rel: str, new: str, edits: list[tuple[str, date, str]], old: str) -> None:
    data = parse(new.encode("utf-8"), rel).data
    before = parse(old.encode("utf-8"), rel).data
    reports = data["reports"]
    for period, day, summary in edits:
        expected: dict[str, Any] = {"submitted": day}
        if summary:
            expected["summary"] = summary
        assert dict(reports[period]) == expected
    # everything else reads as before
    added = {period for period, _, _ in edits}
    assert {k: v for k, v in reports.items() if k not in added} == dict(before.get("reports") or {})
    assert {k: v for k, v in data.items() if k != "reports"} == {
        k: v for k, v in before.items() if k != "reports"
    }


@PROPERTY
@given(project=st.sampled_from(PROJECTS), edits=report_edits())
def test_record_report_only_inserts_lines(project: str, edits: list[tuple[str, date, str]]) -> None:
    rel = f"projects/{project}.yaml"
    old = TEXTS[rel]
    doc = load_rt(old)
    _apply(doc, f"projects/{project}", edits)
    new = dump_rt(doc)
    _only_inserted(old, new)
    _reads_back(rel, new, edits, old)
    # and the new text is itself stable under load → dump
    assert dump_rt(load_rt(new)) == new


def _flow_style(text: str) -> str:
    """The same file with each report written in flow style, `2026-Q1: {submitted: …}`."""
    doc = load_rt(text)
    for value in (doc.get("reports") or {}).values():
        if isinstance(value, CommentedMap):
            value.fa.set_flow_style()
    return dump_rt(doc)


@PROPERTY
@given(project=st.sampled_from(PROJECTS), edits=report_edits())
def test_record_report_in_flow_style_files(project: str, edits: list[tuple[str, date, str]]) -> None:
    rel = f"projects/{project}.yaml"
    old = _flow_style(TEXTS[rel])
    doc = load_rt(old)
    _apply(doc, f"projects/{project}", edits)
    new = dump_rt(doc)
    _only_inserted(old, new)
    _reads_back(rel, new, edits, old)
    if "{submitted:" in old:  # new reports follow their siblings' style
        for period, _, _ in edits:
            assert any(line.strip().startswith(f"{period}: {{") for line in new.splitlines())


@pytest.mark.parametrize("summary", [s for s in TRICKY if s])
def test_tricky_summaries_in_flow_style(summary: str) -> None:
    rel = "projects/zuiduo-paoyici.yaml"
    old = _flow_style(TEXTS[rel])
    doc = load_rt(old)
    edits = [("2026-Q3", date(2026, 7, 9), summary)]
    _apply(doc, "projects/zuiduo-paoyici", edits)
    new = dump_rt(doc)
    _only_inserted(old, new)
    _reads_back(rel, new, edits, old)


# ---------------------------------------------------------------------------------------------
# new keys go where SPEC §2.4/§2.5 put them, not where the models' field order would


def _keys_after(subject: str, record_kind: str, **fields: Any) -> list[str]:
    tgt = target(subject)
    doc = load_rt(TEXTS[tgt.rel])
    node = node_of(doc, tgt)
    EDITS[record_kind](node, tgt, RecordArgs(subject=subject, day=date(2026, 7, 8), **fields))
    return list(node)


@pytest.mark.parametrize(
    ("subject", "kind", "fields", "key", "after"),
    [
        ("projects/education-community", "results", {}, "results", "reports"),
        ("projects/zuiduo-paoyici", "complete", {}, "completed", "deadline"),
        ("projects/zuiduo-paoyici", "exit", {"reason": "调整"}, "exit", "deadline"),
        ("projects/zuiduo-paoyici", "evaluation", {"kind": "effect", "by": "x"}, "evaluations", "reports"),
        ("pilots/nanhu-property", "plan", {"step": "drafted"}, "plan", "group"),
    ],
)
def test_new_keys_follow_the_schema_order(
    subject: str, kind: str, fields: dict[str, Any], key: str, after: str
) -> None:
    keys = _keys_after(subject, kind, **fields)
    assert keys[0] == "title", keys
    assert keys.index(key) == keys.index(after) + 1, keys
