"""A writer killed at any point leaves a consistent repository (SPEC §7).

`reformctl record` runs in its own process group and is killed with SIGKILL, the whole group (git
included), at fixed points of the write — before the file is written, halfway through writing the
temporary file, after the file is replaced, after it is staged — and at several moments of an
ordinary run. After each kill: the touched file is byte for byte the old or the new version, the
ledger checks clean, `git fsck` finds nothing broken, and the next `record` either finishes the job
or refuses with a clear message (never a traceback); once the interrupted change is discarded, the
write goes through and leaves a clean working tree and no temporary files.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.write import check_exit, commit_count, git_out

ARGS = ("record", "report", "projects/zuiduo-paoyici", "2026-Q2", "--submitted", "2026-07-05")
TOUCHED = Path("ledger/projects/zuiduo-paoyici.yaml")

# Each probe replaces one step of the write with "write some of it, then die"; the rest of the
# program is the installed code, unchanged.
_DIE = "os.killpg(os.getpgrp(), signal.SIGKILL)"
PROBES = {
    "before-write": f"import reformctl.edit.transaction as t\nt.write_all = lambda *a, **k: {_DIE}\n",
    "mid-write": (
        "import reformctl.edit.atomic as a\n"
        "def half(path, text):\n"
        "    import tempfile\n"
        "    fd, tmp = tempfile.mkstemp(prefix=f'.{path.name}.', suffix='.tmp', dir=path.parent)\n"
        "    os.write(fd, text[: len(text) // 2].encode())\n"
        f"    {_DIE}\n"
        "a._temp_copy = half\n"
    ),
    "after-write": f"import reformctl.edit.gitio as g\ng.commit_paths = lambda *a, **k: {_DIE}\n",
    # `git add` has run, `git commit` is what dies
    "after-add": f"import reformctl.edit.gitio as g\ng.git_commit = lambda *a, **k: {_DIE}\n",
    "none": "",
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _start(repo: Path, probe: str) -> subprocess.Popen[str]:
    code = (
        "import os, signal, sys\n"
        + probe
        + "sys.argv = ['reformctl', *sys.argv[1:]]\nfrom reformctl.cli.app import app\napp(prog_name='reformctl')\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, *ARGS],
        cwd=repo,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the kill takes git with it
    )


def _record(repo: Path) -> subprocess.CompletedProcess[str]:
    proc = _start(repo, "")
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture
def versions(git_repo: Path, tmp_path: Path) -> tuple[bytes, bytes, float]:
    """The touched file before and after an uninterrupted write (in a copy of the repository), and
    how long that write took."""
    reference = tmp_path / "reference"
    shutil.copytree(git_repo, reference)
    start = time.perf_counter()
    done = _record(reference)
    took = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    return (git_repo / TOUCHED).read_bytes(), (reference / TOUCHED).read_bytes(), took


def _assert_consistent(repo: Path, old: bytes, new: bytes) -> None:
    assert (repo / TOUCHED).read_bytes() in (old, new)
    code, output = check_exit(repo / "ledger")
    assert code == 0, output
    subprocess.run(
        ["git", "fsck", "--no-dangling", "--no-progress"], cwd=repo, check=True, capture_output=True
    )


def _recover(repo: Path, new: bytes, commits_before: int) -> str:
    """Run the write again; if the interrupted change is in the way, discard it and run again.
    Returns what the first attempt printed to standard error."""
    again = _record(repo)
    first = again.stderr
    assert "Traceback" not in again.stderr
    if again.returncode != 0:
        assert any(
            reason in again.stderr for reason in ("already recorded", "uncommitted changes", ".lock exist")
        ), again.stderr
        # already recorded: a data refusal (1); the repository's state: a usage refusal (2)
        assert again.returncode == (1 if "already recorded" in again.stderr else 2), again.stderr
        interrupted = "uncommitted changes" in again.stderr or ".lock exist" in again.stderr
        if not interrupted:  # 'already recorded' alone: the killed run got as far as the commit
            assert commit_count(repo) == commits_before + 1
        else:
            for lock in (repo / ".git").rglob("*.lock"):
                if lock.name != "reformctl.lock":
                    lock.unlink()
            git_out(repo, "reset", "-q")
            git_out(repo, "checkout", "-q", "--", TOUCHED.as_posix())
            again = _record(repo)
            assert again.returncode == 0, again.stderr
    assert (repo / TOUCHED).read_bytes() == new
    assert commit_count(repo) == commits_before + 1
    assert git_out(repo, "status", "--porcelain=v1", "--untracked-files=all") == ""
    assert not [p for p in (repo / "ledger").rglob("*.tmp")]
    return first


@pytest.mark.parametrize("point", ["before-write", "mid-write", "after-write", "after-add"])
def test_killed_at_a_step_of_the_write(
    git_repo: Path, versions: tuple[bytes, bytes, float], point: str
) -> None:
    old, new, _ = versions
    commits = commit_count(git_repo)
    proc = _start(git_repo, PROBES[point])
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    _assert_consistent(git_repo, old, new)
    if point == "mid-write":
        assert list((git_repo / "ledger" / "projects").glob(".zuiduo-paoyici.yaml.*.tmp"))
    first = _recover(git_repo, new, commits)
    if point in ("after-write", "after-add"):  # the change is there, uncommitted: said so
        assert "already recorded" in first and "has uncommitted changes (an interrupted write?)" in first


def test_killed_at_any_moment(git_repo: Path, versions: tuple[bytes, bytes, float], tmp_path: Path) -> None:
    old, new, took = versions
    for fraction in (0.4, 0.6, 0.8, 0.95):
        repo = tmp_path / f"repo-{fraction}"
        shutil.copytree(git_repo, repo)
        commits = commit_count(repo)
        proc = _start(repo, PROBES["none"])
        time.sleep(took * fraction)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=120)
        _assert_consistent(repo, old, new)
        _recover(repo, new, commits)
