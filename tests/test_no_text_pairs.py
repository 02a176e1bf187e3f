"""Every text a person reads lives in the catalogues (reformctl/i18n/zh_CN/, reformctl/i18n/en/),
found by its key: no module of reformctl holds a text in two languages inline, as
`"六、存在的问题" if zh else "6. Issues"`, an `if zh:` branch of sentences, or a table
`{"zh-CN": {...}, "en": {...}}`. The scan reads the source (ast), so a new pair fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reformctl"
NOT_PAIRS = {
    "reformctl/schema_text.py: lang == 'zh-CN' and chinese": "full-width brackets in the Chinese half of a field's meaning",
}
"""Conditions on the language that write no text of their own, with what they do instead."""
LANGUAGE_VALUES = {"zh-CN", "zh", "en"}
KEY = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)+")
"""A catalogue key (`bulletin.h.issues`), which names a text rather than writes one."""


def _about_language(test: ast.expr) -> bool:
    """A condition on the language: `zh`, `locale == "zh-CN"`, `zh and note` …"""
    for node in ast.walk(test):
        if isinstance(node, ast.Name) and node.id == "zh":
            return True
        if isinstance(node, ast.Compare) and any(
            isinstance(side, ast.Constant) and side.value in LANGUAGE_VALUES
            for side in (node.left, *node.comparators)
        ):
            return True
    return False


def _text(node: ast.AST) -> bool:
    """A text written in the code: a string or f-string, one joined from them, a tuple of them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.strip() != "" and not KEY.fullmatch(node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _text(node.left) or _text(node.right)
    if isinstance(node, (ast.Tuple, ast.List)):
        return any(_text(e) for e in node.elts)
    if isinstance(node, ast.IfExp):
        return _text(node.body) or _text(node.orelse)
    return False


def _texts_in(body: list[ast.stmt]) -> bool:
    """Statements that write a text: return, assign or append one (docstrings aside)."""
    for stmt in body:
        for node in ast.walk(stmt):
            written = isinstance(node, (ast.Return, ast.Assign, ast.AugAssign)) and node.value is not None
            if written and _text(node.value):
                return True
            if isinstance(node, ast.Call) and any(_text(a) for a in node.args):
                return True
    return False


def text_pairs(source: str, name: str = "<source>") -> list[str]:
    """`name: condition` of each text pair in `source` (`name: {"zh-CN": …}` for a table)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.IfExp) and _about_language(node.test):
            if _text(node.body) or _text(node.orelse):
                found.append(f"{name}: {ast.unparse(node.test)}")
        elif isinstance(node, ast.If) and _about_language(node.test):
            if _texts_in(node.body) or _texts_in(node.orelse):
                found.append(f"{name}: {ast.unparse(node.test)}")
        elif isinstance(node, ast.Dict) and any(
            isinstance(k, ast.Constant) and k.value in LANGUAGE_VALUES and isinstance(v, ast.Dict)
            for k, v in zip(node.keys, node.values, strict=True)
        ):
            found.append(
                f"{name}: {{{', '.join(repr(k.value) for k in node.keys if isinstance(k, ast.Constant))}}}"
            )
    return found


def test_no_module_holds_a_text_pair() -> None:
    found = [
        pair
        for path in sorted(PACKAGE.rglob("*.py"))
        for pair in text_pairs(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert [pair for pair in found if pair not in NOT_PAIRS] == [], (
        "texts in two languages belong in reformctl/i18n/zh_CN/ and reformctl/i18n/en/"
    )
    assert sorted(set(NOT_PAIRS) - set(found)) == []  # an exception that is gone is taken off


@pytest.mark.parametrize(
    "source",
    [
        'h = "六、存在的问题" if zh else "6. Issues"',
        'sep = "、" if locale == "zh-CN" else ", "',
        'head = ("指标", "数量") if zh else ("Indicator", "Count")',
        'text = f"截至{d}，" + x if zh else f"On {d}, " + x',
        'note = f"，原因：{n}" if zh and n else ""',
        "WORDS = {'zh-CN': {'a': '甲'}, 'en': {'a': 'A'}}",
        'if zh:\n    text = f"{n}. {title}。"\nelse:\n    text = f"{n}. {title}."',
        'if locale == "zh-CN":\n    return f"{y}年{m}月{d}日"',
        'if zh:\n    out.append(para("特此报告。"))',
    ],
)
def test_the_scan_finds_a_text_pair(source: str) -> None:
    body = (
        source
        if "return" not in source
        else "def f():\n" + "\n".join("    " + line for line in source.splitlines())
    )
    assert text_pairs(body) != []


@pytest.mark.parametrize(
    "source",
    [
        'h = label(locale, "bulletin.h.issues")',
        'key = "a" if passed else "b"',
        "text = quotes(text) if locale == 'zh-CN' else text",
        'if locale == "zh-CN":\n    blocks.append(para(ZH_CLOSING))',
        'if locale == "zh-CN":\n    blocks.append(para(label(locale, "report.closing")))',
        'if locale != "zh-CN":\n    blocks = typeset(blocks)',
        'LEVELS = {"national": 3, "provincial": 2}',
    ],
)
def test_the_scan_lets_words_from_the_catalogue_pass(source: str) -> None:
    assert text_pairs(source) == []
