"""The broken-ledger corpus: every case prints exactly its expected.txt, in one run (SPEC §5, §9).

Each folder under tests/ledgers/broken/ is a full small ledger: a copy of `_base/` with one defect
(`many-problems` has many). `expected.txt` is the exact standard output of
`reformctl check --ledger <case>` run inside the case folder, so paths are relative to the ledger;
`expected.zh-CN.txt` is the same in Chinese (`REFORMCTL_LANG=zh-CN`), so that every kind of
problem is shown in both languages. Cases that cannot be committed (a link out of the ledger, a
file over 2 MiB) are built here.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reformctl.check import run_checks
from reformctl.load.fastyaml import MAX_BYTES, YamlError, parse
from reformctl.load.loader import load_ledger
from tests.conftest import LEDGERS, run_cli

CORPUS = LEDGERS / "broken"
BASE = CORPUS / "_base"
CASES = sorted(d for d in CORPUS.iterdir() if (d / "expected.txt").is_file())


def expected_of(case: Path) -> str:
    return (case / "expected.txt").read_text(encoding="utf-8")


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "]: " in line]


def check(case: Path, *extra: str, env: dict[str, str] | None = None):
    return run_cli("check", "--ledger", str(case), *extra, cwd=case, env=env)


@pytest.mark.parametrize("case", CASES, ids=lambda d: d.name)
def test_case_prints_expected(case: Path) -> None:
    expected = expected_of(case)
    result = check(case)
    assert result.stderr == ""
    assert result.stdout == expected
    assert result.exit_code == (1 if " error[" in expected else 0)


@pytest.mark.parametrize("case", CASES, ids=lambda d: d.name)
def test_case_prints_expected_in_chinese(case: Path) -> None:
    expected = (case / "expected.zh-CN.txt").read_text(encoding="utf-8")
    result = check(case, env={"REFORMCTL_LANG": "zh-CN"})
    assert result.stderr == ""
    assert result.stdout == expected
    assert result.exit_code == (1 if " 错误[" in expected else 0)
    english = problem_lines(expected_of(case))
    chinese = [line for line in expected.splitlines() if "]：" in line]
    assert [line.split("]", 1)[0] for line in chinese] == [
        line.split("]", 1)[0].replace(" error[", " 错误[").replace(" warning[", " 警告[") for line in english
    ]


def test_corpus_is_complete() -> None:
    broken = [c for c in CASES if c.name not in ("_base", "many-problems")]
    assert len(broken) >= 24
    assert expected_of(BASE).startswith("ok: ")
    for case in broken:
        lines = problem_lines(expected_of(case))
        assert len(lines) == 1, f"{case.name}: expected one problem, got {lines}"
    codes = {
        line.split("[", 1)[1].split("]", 1)[0]
        for line in problem_lines(expected_of(CORPUS / "many-problems"))
    }
    assert len(codes) >= 8


def test_many_problems_are_sorted_and_span_files() -> None:
    lines = problem_lines(expected_of(CORPUS / "many-problems"))
    keys = []
    for line in lines:
        path, row, col, _ = line.split(":", 3)
        keys.append((path, int(row), int(col)))
    assert keys == sorted(keys)
    assert len({k[0] for k in keys}) >= 6


def test_base_has_every_file_kind() -> None:
    result = check(BASE)
    assert result.exit_code == 0, result.output
    rels = {
        p.relative_to(BASE).as_posix() for p in BASE.rglob("*") if p.is_file() and p.name != "expected.txt"
    }
    assert {
        "ledger.yaml",
        "units.yaml",
        "projects/p1.yaml",
        "pilots/pilot1.yaml",
        "handovers/h1.yaml",
        "2026/keypoints.yaml",
        "2026/workplans/sg-economy.yaml",
        "2026/supervision/plan.yaml",
        "2026/supervision/s01.yaml",
        "2026/reports.yaml",
        "2026/bulletins/Q1.md",
    } <= rels


def test_json_format_shape() -> None:
    case = CORPUS / "many-problems"
    result = check(case, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"problems"}
    problems = data["problems"]
    assert len(problems) == len(problem_lines(expected_of(case)))
    for p in problems:
        assert {"file", "line", "column", "code", "message", "severity"} <= set(p)
        assert isinstance(p["line"], int) and isinstance(p["column"], int)
        assert p["severity"] in ("error", "warning")
    as_text = [
        f"{p['file']}:{p['line']}:{p['column']}: {p['severity']}[{p['code']}]: {p['message']}"
        for p in problems
    ]
    assert as_text == problem_lines(expected_of(case))


def test_json_format_clean_ledger() -> None:
    result = check(BASE, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"problems": []}


def _outside_git(case: Path, tmp_path: Path) -> Path:
    """A copy of the case outside any git repository: annotations name files from the current
    folder (inside a repository they name them from its root: tests/check/test_github_paths.py)."""
    copy = tmp_path / case.name
    shutil.copytree(case, copy)
    return copy


def test_github_format(tmp_path: Path) -> None:
    result = check(_outside_git(CORPUS / "unknown-unit", tmp_path), "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=projects/p1.yaml,line=4,col=7,title=unknown-unit::"
        "lead 'dept-x' is not a unit; expected an id from units.yaml\n"
    )


def test_github_format_warning(tmp_path: Path) -> None:
    result = check(_outside_git(CORPUS / "reinspection-failed", tmp_path), "--format", "github")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "::warning file=2026/supervision/s01.yaml,line=21,col=15,title=reinspection-failed::"
    )


def test_paths_are_prefixed_from_outside_the_ledger() -> None:
    result = run_cli("check", "--ledger", str(CORPUS / "unknown-unit"), cwd=CORPUS)
    assert result.stdout.startswith("unknown-unit/projects/p1.yaml:4:7: error[unknown-unit]: ")


# --- cases built at test time -------------------------------------------------------------


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    target = tmp_path / "ledger"
    shutil.copytree(BASE, target)
    (target / "expected.txt").unlink()
    return target


def test_alias_bomb_rejected_fast() -> None:
    case = CORPUS / "alias-bomb"
    start = time.perf_counter()
    result = check(case)
    elapsed = time.perf_counter() - start
    assert result.exit_code == 1
    assert "error[yaml-anchor]" in result.stdout
    assert elapsed < 1.0


def test_bigger_alias_bomb_parse_is_fast() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 30):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    raw = ("\n".join(lines) + "\n").encode()
    start = time.perf_counter()
    with pytest.raises(YamlError) as err:
        parse(raw, "bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert err.value.problem.code == "yaml-anchor"


def test_alias_without_anchor_rejected() -> None:
    with pytest.raises(YamlError) as err:
        parse(b"title: *nothing\n", "x.yaml")
    assert err.value.problem.code in ("yaml-alias", "yaml-syntax")


def test_symlink_to_file_outside_ledger(ledger: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text((BASE / "handovers" / "h1.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (ledger / "handovers" / "leak.yaml").symlink_to(outside)
    result = check(ledger)
    assert result.exit_code == 1
    assert result.stdout == (
        "handovers/leak.yaml:1:1: error[outside-ledger]: link points outside the ledger folder; "
        "expected files inside the ledger\n"
        "1 error(s), 0 warning(s) in 11 file(s)\n"
    )


def test_symlink_to_folder_outside_ledger(ledger: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    shutil.copytree(BASE / "2026", outside)
    (ledger / "2025").symlink_to(outside, target_is_directory=True)
    result = check(ledger)
    assert result.exit_code == 1
    assert result.stdout == (
        "2025:1:1: error[outside-ledger]: link points outside the ledger folder; "
        "expected files inside the ledger\n"
        "1 error(s), 0 warning(s) in 11 file(s)\n"
    )


def test_symlink_inside_ledger_is_read(ledger: Path) -> None:
    (ledger / "handovers" / "h2.yaml").symlink_to(ledger / "handovers" / "h1.yaml")
    result = check(ledger)
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 12 file(s) checked, no problems\n"


def test_oversized_file(ledger: Path) -> None:
    big = ledger / "handovers" / "big.yaml"
    line = b"# " + b"x" * 1021 + b"\n"  # 1 KiB a line
    big.write_bytes(b"title: big\n" + line * (MAX_BYTES // len(line) + 1))
    assert big.stat().st_size > MAX_BYTES
    start = time.perf_counter()
    result = check(ledger)
    assert time.perf_counter() - start < 5.0
    assert result.exit_code == 1
    assert result.stdout == (
        f"handovers/big.yaml:1:1: error[too-large]: file is larger than {MAX_BYTES} bytes; "
        "expected a smaller file\n"
        "1 error(s), 0 warning(s) in 12 file(s)\n"
    )


def test_file_just_under_the_limit_is_read(ledger: Path) -> None:
    h1 = (ledger / "handovers" / "h1.yaml").read_bytes()
    pad = b"# " + b"x" * 1021 + b"\n"
    body = h1 + pad * ((MAX_BYTES - len(h1)) // len(pad))
    assert len(body) <= MAX_BYTES
    (ledger / "handovers" / "h2.yaml").write_bytes(body)
    result = check(ledger)
    assert result.exit_code == 0, result.output


def test_huge_number_is_a_problem_not_a_crash(ledger: Path) -> None:
    path = ledger / "2026" / "keypoints.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("year: 2026", "year: " + "9" * 5000),
        encoding="utf-8",
    )
    result = check(ledger)
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout.startswith(
        "2026/keypoints.yaml:1:7: error[bad-value]: a number of 5000 digits is too long; "
        "expected at most 1000 digits\n"
    )


# --- no input makes check crash (SPEC §9) ----------------------------------------------------

_BASE_FILES = sorted(
    p.relative_to(BASE).as_posix() for p in BASE.rglob("*") if p.is_file() and p.name != "expected.txt"
)
_VALUES = [
    b"null",
    b"[]",
    b"{}",
    b"[a, b]",
    b"{a: 1}",
    b"2026-13-01",
    b"2025-01-01",
    b"-1",
    b"'x'",
    b"2026-Q9",
    b"true",
    b"1.5",
    b"projects/p1",
    b"nanhu",
    b"|\n  a\n  b",
    b"&x a",
    b"*x",
    b"\t",
    b"!!str 1",
    "改革".encode(),
    b"\xff",
    b"a: b: c",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_base_ledger_never_crashes(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ledger"
        shutil.copytree(BASE, root)
        for _ in range(data.draw(st.integers(1, 3), label="edits")):
            path = root / data.draw(st.sampled_from(_BASE_FILES), label="file")
            lines = path.read_bytes().split(b"\n")
            i = data.draw(st.integers(0, len(lines) - 1), label="line")
            key = lines[i].split(b":", 1)[0] if b":" in lines[i] else lines[i]
            lines[i] = key + b": " + data.draw(st.sampled_from(_VALUES), label="value")
            path.write_bytes(b"\n".join(lines))
        ledger, problems = load_ledger(root)
        problems = [*problems, *run_checks(ledger)]
    for problem in problems:
        assert "\n" not in problem.message
        assert problem.span.line >= 1 and problem.span.col >= 1
