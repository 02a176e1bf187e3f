"""The progress bar of a long read: on a terminal after the delay, never in a pipe, under CI or
with --format json. A pseudo-terminal stands for the terminal; `REFORMCTL_PROGRESS_AFTER=0` stands
for a ledger large enough to take more than a second."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from reformctl.cli import progress
from reformctl.cli.compute import compute
from tests.conftest import EXAMPLE, ROOT

pty = pytest.importorskip("pty")


def _stderr_on_a_terminal(*args: str, **env: str) -> tuple[int, str, bytes]:
    """Run reformctl with standard error on a pseudo-terminal: exit code, standard output, and
    what reached the terminal."""
    master, slave = pty.openpty()
    full = {k: v for k, v in os.environ.items() if k != "CI"} | {"COLUMNS": "100"} | env
    try:
        done = subprocess.run(
            [sys.executable, "-m", "reformctl", *args],
            cwd=ROOT,
            env=full,
            stdout=subprocess.PIPE,
            stderr=slave,
            timeout=120,
        )
    finally:
        os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return done.returncode, done.stdout.decode("utf-8"), seen


def test_the_bar_shows_on_a_terminal_once_the_delay_has_passed() -> None:
    code, _, seen = _stderr_on_a_terminal("check", REFORMCTL_PROGRESS_AFTER="0")
    assert code == 0 and "Reading the ledger" in seen.decode("utf-8", "replace")
    assert re.search(r"\d+/\d+", seen.decode("utf-8", "replace"))  # files done / all the files
    _, _, seen_zh = _stderr_on_a_terminal(
        "--lang", "zh-CN", "due", "--as-of", "2026-07-10", REFORMCTL_PROGRESS_AFTER="0"
    )
    assert "正在读取台账" in seen_zh.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("check",), {}),  # a small ledger takes less than the delay
        (("check",), {"REFORMCTL_PROGRESS_AFTER": "0", "CI": "true"}),
        (("due", "--as-of", "2026-07-10", "--format", "json"), {"REFORMCTL_PROGRESS_AFTER": "0"}),
    ],
)
def test_no_bar_before_the_delay_in_ci_or_for_json(args: tuple[str, ...], env: dict[str, str]) -> None:
    code, _, seen = _stderr_on_a_terminal(*args, **env)
    assert code in (0, 1) and b"Reading the ledger" not in seen and b"\x1b[" not in seen


def test_no_bar_in_a_pipe() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reformctl", "check"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "CI"} | {"REFORMCTL_PROGRESS_AFTER": "0"},
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == b""


def test_compute_tells_progress_up_to_every_file() -> None:
    told: list[tuple[int, int]] = []
    compute(EXAMPLE, None, None, progress=lambda done, total: told.append((done, total)))
    assert told and told[-1][0] == told[-1][1] > 40
    assert [done for done, _ in told] == sorted(done for done, _ in told)


def test_the_delay_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFORMCTL_PROGRESS_AFTER", "2.5")
    assert progress.delay() == 2.5
    monkeypatch.setenv("REFORMCTL_PROGRESS_AFTER", "soon")
    assert progress.delay() == progress.DELAY_SECONDS
