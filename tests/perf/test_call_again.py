"""A command line whose stored result is out of date runs again with the values the framework
parsed it into last time, without loading the framework (reformctl.cli.entry._call_again), and
prints what the framework's run prints; anything unusual falls back to the framework."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reformctl.cli import app as app_module
from reformctl.cli import reads, results
from tests.perf.conftest import Run

pytestmark = pytest.mark.usefixtures("no_racy_window")

CASES = [
    ("due", "--as-of", "2026-07-10"),
    ("due", "--as-of", "2026-07-10", "--format", "json", "--all"),
    ("due", "--as-of", "2026-07-10", "--format", "csv", "--owner", "dept-reform-admin"),
    ("due", "--as-of", "2026-07-10", "--format", "md", "--locale", "en", "--within", "60"),
    ("due", "--as-of", "2026-07-10", "--format", "ics", "--rule", "quarterly-report"),
    ("due", "--as-of", "2025-03-01", "--fail-on-overdue", "--subject", "projects/zuiduo-paoyici"),
    ("check",),
    ("check", "--format", "json"),
    ("check", "--format", "github"),
]


@pytest.fixture
def framework_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """The command lines the framework ran (every other run went without it)."""
    calls: list[list[str]] = []
    real = app_module.app

    def counting(*, args: list[str], prog_name: str) -> None:
        calls.append(list(args))
        real(args=args, prog_name=prog_name)

    monkeypatch.setattr(app_module, "app", counting)
    yield calls


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("args", CASES, ids=[" ".join(c) for c in CASES])
def test_a_changed_ledger_is_computed_again_without_the_framework(
    args: tuple[str, ...],
    ledger: Path,
    run: Callable[..., Run],
    private_cache: Path,
    framework_calls: list[list[str]],
) -> None:
    argv = (*args, "--ledger", str(ledger))
    first = run(*argv)
    assert len(framework_calls) == 1
    _edit(ledger / "projects/zuiduo-paoyici.yaml", "title: ", "title: 改")
    again = run(*argv)
    assert len(framework_calls) == 1  # computed with the stored parse
    expected = run("--no-cache", *argv)
    assert len(framework_calls) == 2
    assert again == expected
    assert run(*argv) == again  # stored again, and replayed
    assert len(framework_calls) == 2
    if args[0] == "due" and "--all" in args:
        assert again != first and "改" in again[1]


def test_an_error_falls_back_to_the_framework(
    ledger: Path, run: Callable[..., Run], private_cache: Path, framework_calls: list[list[str]]
) -> None:
    """A unit that `--owner` names is removed: the stored parse meets a usage error, and the
    framework runs the command line again and reports it as it always does."""
    units = ledger / "units.yaml"
    extra = "  - id: dept-extra\n    name: 临时单位\n    kind: department\n"
    _edit(units, "units:\n", "units:\n" + extra)
    argv = ("due", "--as-of", "2026-07-10", "--owner", "dept-extra", "--ledger", str(ledger))
    assert run(*argv)[0] == 0
    _edit(units, extra, "")
    code, out, err = run(*argv)
    assert len(framework_calls) == 2
    assert (code, out) == (2, "") and "dept-extra" in err
    assert (code, out, err) == run("--no-cache", *argv)


def _store_call(key_argv: list[str], call: object, private_cache: Path) -> None:
    """Put `call` in the stored entry of this command line (keeping its checksum valid)."""
    key = results.request_key(key_argv)
    path = private_cache / "results" / f"{key}.result"
    entry = results.decode(path.read_bytes(), key)
    assert entry is not None
    head_end = path.read_bytes().index(b"\n", len(results.MAGIC) + results.DIGEST_SIZE)
    header = json.loads(path.read_bytes()[len(results.MAGIC) + results.DIGEST_SIZE : head_end])
    header["call"] = call
    body = path.read_bytes()[head_end + 1 :]
    payload = json.dumps(header).encode() + b"\n" + body
    import hashlib

    path.write_bytes(results.MAGIC + hashlib.sha256(payload).digest() + payload)


@pytest.mark.parametrize(
    "call",
    [
        ["due", {"bogus": 1}],
        ["due", {"fmt": "pdf"}],
        ["due", {"within": "soon"}],
        ["record", {}],
        ["check", {"ledger": "/nowhere"}],
        ["due", {"owner": [1, 2]}],
        ["due", {"owner": {"a": 1}}],
        ["due"],
        "due",
        None,
    ],
    ids=repr,
)
def test_a_stored_call_that_is_not_right_falls_back(
    call: object,
    ledger: Path,
    run: Callable[..., Run],
    private_cache: Path,
    framework_calls: list[list[str]],
) -> None:
    argv = ["due", "--as-of", "2026-07-10", "--format", "json", "--ledger", str(ledger)]
    expected = run(*argv)
    _store_call(argv, call, private_cache)
    _edit(ledger / "projects/zuiduo-paoyici.yaml", "title: ", "title: 改")
    changed = run(*argv)
    assert changed == run("--no-cache", *argv)
    assert "internal error" not in changed[2] and changed[1] != expected[1]
    if call == ["check", {"ledger": "/nowhere"}]:
        # A well-formed call of another command: a stored parse is only ever that of its own line.
        assert len(framework_calls) == 3


def test_calls_hold_plain_values_only() -> None:
    assert results._call(["due", {"ledger": None, "owner": ["a"], "within": 3, "everything": True}])
    assert results._call(["due", {"output": Path("x")}]) is None
    assert results._call(["due", {"fmt": 1.5}]) is None
    assert results._call(["due", {1: "x"}]) is None
    assert set(reads.COMMANDS) == {"check", "due"}


def test_the_console_script_flushes_everything_and_keeps_the_exit_code(
    ledger: Path, private_cache: Path
) -> None:
    """`python -m reformctl` ends a read command without the interpreter's teardown: the whole
    output is written first, and the exit code is the command's."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    time.sleep(2.1)

    def script(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "reformctl", *args], capture_output=True, text=True, env=env
        )

    big = ("due", "--as-of", "2026-07-10", "--all", "--format", "json", "--ledger", str(ledger))
    for _ in range(3):  # computed, replayed, computed without the framework after a change
        done = script(*big)
        assert done.returncode == 0
        shown = json.loads(done.stdout)["obligations"]
        assert len(shown) > 100
    _edit(ledger / "projects/zuiduo-paoyici.yaml", "title: ", "title: 改")
    assert json.loads(script(*big).stdout)["obligations"] != shown
    overdue = script("due", "--as-of", "2026-07-10", "--fail-on-overdue", "--ledger", str(ledger))
    assert overdue.returncode == 1 and overdue.stdout
    usage = script("due", "--as-of", "2026-13-40", "--ledger", str(ledger))
    assert usage.returncode == 2 and "2026-13-40" in usage.stderr
    broken = ledger / "units.yaml"
    broken.write_text("units: [\n", encoding="utf-8")
    failed = script("check", "--ledger", str(ledger))
    assert failed.returncode == 1 and "units.yaml" in failed.stdout


def test_a_run_right_after_an_edit_keeps_the_parse_for_the_next(
    ledger: Path,
    run: Callable[..., Run],
    private_cache: Path,
    framework_calls: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Files touched in the last seconds: no result is stored, but the parse is, so a run after
    each of a series of quick edits goes without the framework."""
    monkeypatch.setattr(results, "RACY_SECONDS", 60.0)
    argv = ("due", "--as-of", "2026-07-10", "--format", "json", "--all", "--ledger", str(ledger))
    run(*argv)
    for n in range(3):
        _edit(ledger / "projects/zuiduo-paoyici.yaml", "title: ", f"title: 改{n}")
        again = run(*argv)
        assert f"改{n}" in again[1]
        assert again == run("--no-cache", *argv)
    assert len(framework_calls) == 1 + 3  # the first run, and the three --no-cache references


def test_the_formats_the_framework_offers_are_those_the_commands_take() -> None:
    assert tuple(f.value for f in app_module.CheckFormat) == reads.CHECK_FORMATS
    assert tuple(f.value for f in app_module.DueFormat) == reads.DUE_FORMATS
