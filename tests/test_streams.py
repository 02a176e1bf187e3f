"""Streams, encodings, disks: what a run does when its reader goes away, when standard output is
closed or full, and whatever the console's encoding (each in a real process)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import EXAMPLE, ROOT

DUE = ("due", "--ledger", str(EXAMPLE), "--as-of", "2026-07-10")


def _env(**more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIO"))}
    return {**env, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "NO_COLOR": "1", **more}


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reformctl", *args]


def test_a_reader_that_goes_away_ends_the_run_quietly_with_exit_1() -> None:
    for args in ((*DUE, "--all", "--format", "json"), (*DUE, "--all")):
        proc = subprocess.Popen(_command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
        assert proc.stdout is not None and proc.stderr is not None
        assert len(proc.stdout.read(100)) == 100
        proc.stdout.close()  # as `| head -c 100` does
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 1, err
        assert err == b"", err


def test_a_closed_standard_output_is_a_one_line_error() -> None:
    done = subprocess.run(
        _command(*DUE), stderr=subprocess.PIPE, env=_env(), preexec_fn=lambda: os.close(1), timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "reformctl: error: standard output is closed; give --output FILE or open it"
    ]


def test_a_full_disk_is_a_one_line_error() -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(_command(*DUE), stdout=full, stderr=subprocess.PIPE, env=_env(), timeout=60)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "reformctl: error: cannot write to standard output: No space left on device"
    ]


def test_file_formats_are_utf8_whatever_the_console() -> None:
    for fmt in ("csv", "json", "md", "ics"):
        done = subprocess.run(
            _command(*DUE, "--format", fmt), capture_output=True, env=_env(PYTHONIOENCODING="gbk"), timeout=60
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        text = done.stdout.decode("utf-8")  # fails on GBK bytes
        assert "市委改革办" in text or "reform-office" in text
    csv = subprocess.run(
        _command(*DUE, "--format", "csv"), capture_output=True, env=_env(PYTHONIOENCODING="gbk")
    )
    assert csv.stdout.startswith("\ufeff".encode())


def test_tables_follow_the_console_encoding() -> None:
    done = subprocess.run(_command(*DUE), capture_output=True, env=_env(PYTHONIOENCODING="gbk"), timeout=60)
    assert done.returncode == 0
    assert "待办事项" in done.stdout.decode("gbk")


def test_an_ascii_console_gets_utf8_and_a_hint_never_an_internal_error() -> None:
    env = _env(LC_ALL="C", PYTHONUTF8="0")
    for args in (
        DUE,
        (*DUE, "--format", "json"),
        ("check", "--ledger", str(EXAMPLE)),
        ("library", "--ledger", str(EXAMPLE)),
    ):
        done = subprocess.run(_command(*args), capture_output=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        assert b"internal error" not in done.stderr
        done.stdout.decode("utf-8")
    table = subprocess.run(_command(*DUE), capture_output=True, env=env, timeout=60)
    assert b"the terminal's encoding is ASCII" in table.stderr and len(table.stderr.splitlines()) == 1
