"""`due` without caches on a ledger large enough to be checked and computed by chunks in several
processes gives what one ledger computed in one process gives (reformctl.outcomes.chunks)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from benchmarks.generate import generate
from reformctl.check import run_checks
from reformctl.errors import Problem
from reformctl.load.loader import load_ledger
from reformctl.outcomes import chunks, derive
from reformctl.rules.engine import compute_obligations
from reformctl.rules.obligation import sort_key
from reformctl.rules.view import picker
from tests.conftest import EXAMPLE, run_cli

DAY = date(2026, 7, 10)


_everything = picker(DAY, 14, [], [], None, True)


def _whole(root: Path) -> tuple[list[Problem], list[object]]:
    ledger, problems = load_ledger(root, jobs=1)
    every = sorted(set(problems) | set(run_checks(ledger)), key=Problem.sort_key)
    return every, list(compute_obligations(ledger, DAY))


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 3 files from 4 item files on: the example ledger goes through workers."""
    monkeypatch.setattr(derive, "PARALLEL_MIN_FILES", 4)
    monkeypatch.setattr(chunks, "CHUNK", 3)


@pytest.mark.parametrize("jobs", [1, 2, 3])
@pytest.mark.parametrize("reported", [True, False])
def test_chunks_give_the_whole_ledgers_outcome(
    tmp_path: Path, small_chunks: None, jobs: int, reported: bool
) -> None:
    root = tmp_path / "ledger"
    generate(root, 40, reported=reported)
    outcome = derive.derive(root, lambda settings: DAY, None, jobs=jobs)
    problems, obligations = _whole(root)
    assert outcome.problems == problems
    assert outcome.day == DAY
    assert sorted(outcome.obligations(_everything), key=sort_key) == obligations
    if jobs > 1:
        assert outcome.kept, "some chunks came from worker processes"


def test_chunks_on_the_example_ledger(small_chunks: None) -> None:
    outcome = derive.derive(EXAMPLE, lambda settings: DAY, None, jobs=2)
    problems, obligations = _whole(EXAMPLE)
    assert outcome.problems == problems
    assert sorted(outcome.obligations(_everything), key=sort_key) == obligations


def test_chunks_report_the_same_errors(tmp_path: Path, small_chunks: None) -> None:
    """A ledger with errors in item files: the same problems, and no obligations."""
    root = tmp_path / "ledger"
    generate(root, 12)
    (root / "projects" / "p000003.yaml").write_text("title: [\n", encoding="utf-8")
    project = root / "projects" / "p000005.yaml"
    project.write_text(
        project.read_text(encoding="utf-8").replace("lead: ", "lead: nobody-", 1), encoding="utf-8"
    )
    shutil.copy(root / "pilots" / "t000001.yaml", root / "pilots" / "Bad Name.yaml")
    outcome = derive.derive(root, lambda settings: DAY, None, jobs=2)
    problems, _ = _whole(root)
    assert outcome.problems == problems
    assert outcome.day is None  # no obligations are computed for a ledger with errors
    assert any(p.span.path == "projects/p000005.yaml" and p.code == "unknown-unit" for p in problems)


def test_uncached_due_is_byte_identical_through_workers(
    tmp_path: Path, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFORMCTL_JOBS", "2")
    root = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, root)
    args = ("due", "--ledger", str(root), "--as-of", "2026-07-10", "--all")
    through_workers = run_cli("--no-cache", *args, "--format", "json")
    monkeypatch.setenv("REFORMCTL_JOBS", "1")
    in_one = run_cli("--no-cache", *args, "--format", "json")
    assert through_workers.exit_code == in_one.exit_code == 0
    assert through_workers.stdout == in_one.stdout


WORKERS = """
import sys, time
from reformctl.load.pool import in_chunks

def there(chunk):
    print("working", flush=True)
    time.sleep(60)

print("ready", flush=True)
in_chunks(list(range(8)), 2, 1, lambda chunk: time.sleep(60), there, lambda chunk, sent: sent)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal")
def test_workers_end_with_the_process_that_forked_them() -> None:
    """Killed outright, the process that forked the workers cannot end them: the kernel does, so
    that none runs on holding its output open."""
    proc = subprocess.Popen([sys.executable, "-c", WORKERS], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    assert proc.stdout.readline().strip() == "working"  # a worker runs
    time.sleep(0.2)
    proc.kill()
    proc.communicate(timeout=20)  # the output closes: the workers are gone too
