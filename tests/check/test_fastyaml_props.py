"""Property tests of the untrusted-YAML reader `reformctl.load.fastyaml.parse` (SPEC §9).

(a) Whatever the bytes, `parse` returns a Document or raises YamlError, never anything else.
(b) Data dumped by PyYAML comes back equal (lists as tuples), with a position for every path.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reformctl.errors import Problem
from reformctl.load.fastyaml import BadScalar, Document, YamlError, parse, resolve_scalar
from tests.conftest import EXAMPLE

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Snippets that matter to a YAML reader, for inserting into real ledger files.
TOKENS = [
    b"&a ",
    b"*a",
    b"!!python/object/apply:os.system ",
    b"!tag ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"- ",
    b": ",
    b"? ",
    b"\t",
    b"'",
    b'"',
    b"\n",
    b"\r\n",
    b"---\n",
    b"...\n",
    b"|\n",
    b">-\n",
    b"%YAML 1.2\n",
    b"\xff",
    b"\x00",
    b"\x07",
    b"#",
    b"2026-02-30",
    b"2026-3-1",
    b"0x1f",
    b"9" * 5000,
    b"\xef\xbb\xbf",
    "改革".encode(),
    b"\\u0000",
    b"<<: ",
    b"  ",
    b"~",
]


def example_files() -> list[Path]:
    return sorted(EXAMPLE.rglob("*.yaml"))


def assert_reads_or_refuses(raw: bytes) -> None:
    try:
        doc = parse(raw, "x.yaml")
    except YamlError as err:
        problem = err.problem
        assert isinstance(problem, Problem)
        assert problem.span.line >= 1 and problem.span.col >= 1
        assert "\n" not in problem.message
        return
    assert isinstance(doc, Document)
    for problem in doc.problems:
        assert problem.span.line >= 1 and problem.span.col >= 1
        assert "\n" not in problem.message


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_reads_or_refuses(text: str) -> None:
    assert_reads_or_refuses(text.encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_read_or_refuse(raw: bytes) -> None:
    assert_reads_or_refuses(raw)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("abc:-[]{}'\"&*!|>?#,. \n\t0123456789")), max_size=200))
def test_yaml_punctuation_reads_or_refuses(text: str) -> None:
    assert_reads_or_refuses(text.encode())


@SETTINGS
@given(st.data())
def test_mutated_ledger_files_read_or_refuse(data: st.DataObject) -> None:
    files = example_files()
    assert files, "the example ledger has no YAML files"
    path = data.draw(st.sampled_from(files), label="file")
    raw = path.read_bytes()
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        at = data.draw(st.integers(0, len(raw)), label="at")
        edit = data.draw(st.sampled_from(["insert", "delete", "replace", "dup-line", "cut"]))
        if edit == "insert":
            raw = raw[:at] + data.draw(st.sampled_from(TOKENS)) + raw[at:]
        elif edit == "delete":
            raw = raw[:at] + raw[at + data.draw(st.integers(1, 20)) :]
        elif edit == "replace":
            raw = raw[:at] + data.draw(st.binary(min_size=1, max_size=4)) + raw[at + 1 :]
        elif edit == "dup-line":
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\n", at)
            end = len(raw) if end < 0 else end + 1
            raw = raw[:end] + raw[start:end] + raw[end:]
        else:
            raw = raw[:at]
    assert_reads_or_refuses(raw)


def test_example_ledger_files_parse() -> None:
    for path in example_files():
        doc = parse(path.read_bytes(), path.name)
        assert isinstance(doc.data, dict) and doc.problems == (), path


# --- (b) round trip -----------------------------------------------------------------------


def reads_as_text(s: str) -> bool:
    """PyYAML dumps with the YAML 1.1 resolver and leaves plain some strings that the YAML 1.2
    core schema of `parse` reads as numbers (`09`, `1e5`, `0o17`); those are not round-trip
    material, so the strategy leaves out strings that would not read back as text when plain."""
    try:
        return isinstance(resolve_scalar(s, True, "x.yaml", None), str)
    except BadScalar:
        return False


TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=20).filter(reads_as_text)
KEYS = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(reads_as_text)
LEAVES = st.one_of(
    TEXT,
    st.integers(min_value=-(10**18), max_value=10**18),
    st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)),
)
DATA = st.dictionaries(
    KEYS,
    st.recursive(
        LEAVES,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
        max_leaves=20,
    ),
    max_size=6,
)


def as_read(value: Any) -> Any:
    """What parse gives back: lists become tuples."""
    if isinstance(value, dict):
        return {k: as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return tuple(as_read(v) for v in value)
    return value


def paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], bool]]:
    """Every path below `value`, with whether its last step is a mapping key."""
    out: list[tuple[tuple[str | int, ...], bool]] = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for k, v in items:
        out.append(((*prefix, k), isinstance(value, dict)))
        out.extend(paths(v, (*prefix, k)))
    return out


def depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


@SETTINGS
@given(DATA)
def test_dumped_data_reads_back_with_positions(data: dict[str, Any]) -> None:
    assume(depth(data) < 30)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    doc = parse(text.encode("utf-8"), "x.yaml")
    assert doc.problems == ()
    assert doc.data == as_read(data)
    lines = text.split("\n")
    for path, is_key in paths(data):
        assert path in doc.spans.values, path
        line, col = doc.spans.values[path]
        assert 1 <= line <= len(lines) and col >= 1
        if is_key:
            assert path in doc.spans.keys, path
            kline, kcol = doc.spans.keys[path]
            assert (kline, kcol) <= (line, col)


@SETTINGS
@given(st.integers(min_value=33, max_value=200))
def test_deep_block_nesting_is_refused(levels: int) -> None:
    raw = "".join(f"{'  ' * i}k:\n" for i in range(levels)).encode() + b"  " * levels + b"x\n"
    with pytest.raises(YamlError) as err:
        parse(raw, "x.yaml")
    assert err.value.problem.code == "too-deep"
