"""Property and fuzz tests of the read path and of every read command (SPEC §9).

Random YAML and random mutations of the example ledger never produce a traceback, a hang or a
write. Short here (CI); `python -m benchmarks.fuzz --n 100000` runs the long campaign.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reformctl.check import run_checks
from reformctl.load.fastyaml import MAX_BYTES
from reformctl.load.layout import Entry, Kind
from reformctl.load.loader import load_ledger, read_record
from reformctl.rules.engine import compute_obligations
from tests.conftest import EXAMPLE, run_cli

FILES = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*") if p.is_file())
YAML_BITS = [
    "",
    " ",
    "  ",
    "\n",
    "\t",
    ":",
    ": ",
    "- ",
    "-",
    "?",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "&a",
    "*a",
    "!!python/object",
    "!x",
    "|",
    ">",
    "'",
    '"',
    "%YAML 1.2",
    "---",
    "...",
    "null",
    "~",
    "yes",
    "2026-02-30",
    "2026-1-1",
    "1e999",
    "0x1F",
    "title",
    "lead",
    "milestones",
    "reports",
    "2026-Q2",
    "改革",
    "\u2028",
    "\x00",
    "\ufeff",
    "9" * 50,
]
yaml_text = st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=8), max_size=60).map("".join)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@settings(max_examples=300, deadline=None)
@given(text=yaml_text, kind=st.sampled_from(list(Kind)))
def test_random_yaml_never_raises(tmp_path_factory: pytest.TempPathFactory, text: str, kind: Kind) -> None:
    root = tmp_path_factory.mktemp("y")
    (root / "f").write_bytes(text.encode("utf-8", "surrogatepass"))
    record, problems, _ = read_record(root, Entry(kind, "f", "f", 2026))
    assert record is not None or problems
    for p in problems:
        assert "\n" not in p.message and p.span.line >= 1 and p.span.col >= 1


def _mutate(raw: bytes, ops: list[tuple[int, int, bytes]]) -> bytes:
    data = bytearray(raw)
    for kind, pos, chunk in ops:
        if not data:
            data.extend(chunk)
            continue
        i = pos % len(data)
        if kind == 0:
            data[i] ^= chunk[0] if chunk else 1
        elif kind == 1:
            data[i:i] = chunk
        elif kind == 2:
            del data[i : i + len(chunk) + 1]
        else:  # duplicate a line
            start = data.rfind(b"\n", 0, i) + 1
            end = data.find(b"\n", i)
            end = len(data) if end < 0 else end + 1
            data[start:start] = data[start:end]
    return bytes(data)


mutations = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 10**6), st.binary(min_size=0, max_size=6)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(FILES), ops=mutations)
def test_mutated_example_never_crashes_nor_writes(
    tmp_path: Path, target: str, ops: list[tuple[int, int, bytes]]
) -> None:
    root = tmp_path / "ledger"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(EXAMPLE, root)
    (root / target).write_bytes(_mutate((root / target).read_bytes(), ops))
    before = _snapshot(root)
    ledger, _problems = load_ledger(root)
    run_checks(ledger)
    compute_obligations(ledger, date(2026, 7, 10))
    for args in (
        ("check", "--format", "json"),
        ("due", "--as-of", "2026-07-10", "--format", "json", "--all"),
        ("library", "--as-of", "2026-07-10", "--format", "json"),
    ):
        result = run_cli(*args, "--ledger", str(root))
        assert result.exit_code in (0, 1), result.output
        assert "internal error" not in result.output and "Traceback" not in result.output
    assert _snapshot(root) == before


def test_size_limit(tmp_path: Path) -> None:
    root = tmp_path
    body = b"title: x\nnote: " + b"a" * (MAX_BYTES - 15) + b"\n"
    (root / "ok.yaml").write_bytes(body[:MAX_BYTES])
    (root / "big.yaml").write_bytes(body[:MAX_BYTES] + b"a\n")
    ok = read_record(root, Entry(Kind.HANDOVER, "ok.yaml", "ok")).problems
    assert all(p.code != "too-large" for p in ok)
    big = read_record(root, Entry(Kind.HANDOVER, "big.yaml", "big")).problems
    assert [p.code for p in big] == ["too-large"]
    assert "larger than" in big[0].message


def test_size_limit_set_by_whoever_runs_reformctl(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """REFORMCTL_MAX_FILE_BYTES sets the limit; the record cache follows it."""
    largest = max((p for p in example_copy.rglob("*.yaml")), key=lambda p: p.stat().st_size)
    rel = largest.relative_to(example_copy).as_posix()
    size = largest.stat().st_size
    assert run_cli("check", "--ledger", str(example_copy)).exit_code == 0  # fills the cache
    monkeypatch.setenv("REFORMCTL_MAX_FILE_BYTES", str(size))
    assert run_cli("check", "--ledger", str(example_copy)).exit_code == 0  # at the limit: accepted
    monkeypatch.setenv("REFORMCTL_MAX_FILE_BYTES", str(size - 1))
    found = run_cli("check", "--ledger", str(example_copy))
    assert found.exit_code == 1
    assert f"{rel}:1:1: error[too-large]: file is larger than {size - 1} bytes" in found.stdout
    assert found.stdout.count("too-large") == 1
    monkeypatch.setenv("REFORMCTL_MAX_FILE_BYTES", str(10**11))  # a huge limit allocates nothing huge
    assert run_cli("check", "--ledger", str(example_copy)).exit_code == 0
    monkeypatch.setenv("REFORMCTL_MAX_FILE_BYTES", str(2**70))
    assert run_cli("check", "--ledger", str(example_copy)).exit_code == 0
    monkeypatch.setenv("REFORMCTL_MAX_FILE_BYTES", "2MB")
    bad = run_cli("check", "--ledger", str(example_copy))
    assert bad.exit_code == 2
    assert "REFORMCTL_MAX_FILE_BYTES '2MB' is not a size; expected a whole number of bytes" in bad.stderr
    assert "Traceback" not in bad.output
