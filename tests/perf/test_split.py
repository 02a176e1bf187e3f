"""A read command's run split across two processes (reformctl.cli.split): the console script
forks a helper that imports while the stored result is looked up; a replay stops it, a miss hands
it the run. The output and the exit code are those of a run in one process, and no process
outlives the run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reformctl.cli import split

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the split is for Linux")

HARNESS = """
import sys
from reformctl.cli import split

log = open(sys.argv[1], "a", encoding="utf-8")
hand_over, stop = split.Helper.hand_over, split.Helper.stop

def logged_hand_over(self, missed):
    code = hand_over(self, missed)
    log.write(f"handed {code}\\n"); log.flush()
    return code

def logged_stop(self):
    log.write("stopped\\n"); log.flush()
    stop(self)

split.Helper.hand_over, split.Helper.stop = logged_hand_over, logged_stop
sys.argv = ["reformctl", *sys.argv[2:]]
from reformctl.cli.entry import run
run()
"""
"""The console script, noting what became of its helper."""


def _env(setting: str) -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", split.ENV: setting}


def _console(
    log: Path, *args: str, setting: str = "1", session: bool = False
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    before = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, str(log), *args],
        capture_output=True,
        text=True,
        env=_env(setting),
        timeout=120,
        start_new_session=session,
    )
    after = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return done, after[len(before) :]


def _alone(*args: str) -> subprocess.CompletedProcess[str]:
    """The same command line in one process, computed from the files."""
    return subprocess.run(
        [sys.executable, "-m", "reformctl", "--no-cache", *args],
        capture_output=True,
        text=True,
        env=_env("0"),
        timeout=120,
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    ("due", "--as-of", "2026-07-10"),
    ("due", "--as-of", "2026-07-10", "--format", "json", "--all"),
    ("due", "--as-of", "2026-07-10", "--fail-on-overdue"),
    ("due", "--as-of", "2026-13-40"),
    ("check", "--format", "json"),
    ("library",),
]


def test_runs_handed_over_or_replayed_print_what_one_process_prints(
    ledger: Path, private_cache: Path, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    time.sleep(2.1)  # results are stored only for files untouched in the last seconds
    expected = {}
    for args in CASES:
        argv = (*args, "--ledger", str(ledger))
        alone = _alone(*argv)
        expected[args] = (alone.returncode, alone.stdout, alone.stderr)
        first, what = _console(log, *argv)  # nothing stored: the helper parses and runs it
        assert (first.returncode, first.stdout, first.stderr) == expected[args], args
        assert what == [f"handed {alone.returncode}"], args
        again, what = _console(log, *argv)
        assert (again.returncode, again.stdout, again.stderr) == expected[args], args
        if alone.returncode != 2:  # a usage error is not stored
            assert what == ["stopped"], args  # replayed here; the helper ended unused
    assert expected[CASES[2]][0] == 1 and expected[CASES[3]][0] == 2
    _edit(ledger / "projects/zuiduo-paoyici.yaml", "title: ", "title: 改")
    for args in CASES:
        argv = (*args, "--ledger", str(ledger))
        alone = _alone(*argv)
        changed, what = _console(log, *argv)  # the stored parse, run by the helper
        assert (changed.returncode, changed.stdout, changed.stderr) == (
            alone.returncode,
            alone.stdout,
            alone.stderr,
        ), args
        assert what == [f"handed {alone.returncode}"], args
    assert "改" in _console(log, *CASES[1], "--ledger", str(ledger))[0].stdout


def test_turned_off_the_run_stays_in_one_process(ledger: Path, private_cache: Path, tmp_path: Path) -> None:
    log = tmp_path / "log"
    done, what = _console(log, "due", "--as-of", "2026-07-10", "--ledger", str(ledger), setting="0")
    assert done.returncode == 0 and done.stdout
    assert what == []


@pytest.mark.parametrize(
    "args",
    [("due", "--as-of", "2026-07-10"), ("check",), ("due", "--as-of", "nonsense"), ("--version",)],
)
def test_no_process_outlives_the_run(
    args: tuple[str, ...], ledger: Path, private_cache: Path, tmp_path: Path
) -> None:
    """Run twice (handed over, then replayed or handed over again) in a session of its own:
    once the run has ended, nothing is left in that session's process group."""
    for _ in range(2):
        proc = subprocess.Popen(
            [sys.executable, "-m", "reformctl", *args, "--ledger", str(ledger)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_env("1"),
            start_new_session=True,
        )
        proc.wait(timeout=120)
        with pytest.raises(ProcessLookupError):
            os.killpg(proc.pid, 0)


SCRIPT = """
import os, sys, time
from reformctl.cli import split
from reformctl.cli.results import Missed

helper, missed = split.start("nothing-to-import")
if missed is not None:  # the helper, handed the run
    time.sleep(float(sys.argv[2]))
    os._exit(int(sys.argv[3]))
if sys.argv[1] == "kill-first":
    os.kill(helper.pid, 9)
    os.waitid(os.P_PID, helper.pid, os.WEXITED | os.WNOWAIT)  # dead, not yet reaped
print("waiting", helper.pid, flush=True)
code = helper.hand_over(Missed())
print(code, flush=True)
if code is not None:
    split.end_as(code)
"""


def _script(mode: str, sleep: float, code: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, mode, str(sleep), str(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env("1"),
    )


def _waiting(proc: subprocess.Popen[str]) -> int:
    """The helper's process id, once the waiting process passes signals on (its handlers are set)."""
    assert proc.stdout is not None
    line = proc.stdout.readline().split()
    assert line[0] == "waiting"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = Path(f"/proc/{proc.pid}/status").read_text(encoding="ascii")
        caught = int(next(x for x in status.splitlines() if x.startswith("SigCgt:")).split()[1], 16)
        if caught & (1 << (signal.SIGTERM - 1)):
            return int(line[1])
        time.sleep(0.01)
    raise AssertionError("the waiting process never set its handlers")


def test_a_helper_that_ends_before_it_gets_the_run_leaves_the_run_here() -> None:
    proc = _script("kill-first", 0, 0)
    out, err = proc.communicate(timeout=60)
    assert out.split()[::2] == ["waiting", "None"], err
    assert proc.returncode == 0


def test_the_helpers_exit_code_is_the_runs() -> None:
    proc = _script("wait", 0, 7)
    out, err = proc.communicate(timeout=60)
    assert out.split()[-1] == "7", err
    assert proc.returncode == 7


def test_a_terminate_signal_is_passed_on_and_ends_both_as_it_would_end_one() -> None:
    proc = _script("wait", 60, 0)
    _waiting(proc)
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert out.split()[-1] == str(-signal.SIGTERM), err
    assert proc.returncode == -signal.SIGTERM  # ended by the signal, as a run in one process
    assert time.monotonic() - started < 10


def test_an_interrupt_to_the_waiting_process_alone_reaches_the_helper_after_a_moment() -> None:
    """From the terminal, an interrupt reaches both processes, and the helper ends first; sent to
    the waiting process alone (`kill -INT`, a stop button), it is passed on after `GRACE`."""
    proc = _script("wait", 60, 0)
    _waiting(proc)
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert out.split()[-1] == str(-signal.SIGINT), err  # the helper ended on the interrupt
    assert split.GRACE <= time.monotonic() - started < 10


def test_a_helper_ends_when_the_waiting_process_is_killed() -> None:
    """Killed outright (a timeout, the out-of-memory killer), the waiting process cannot pass
    anything on: the kernel ends the helper, which would otherwise hold the output open."""
    proc = _script("wait", 60, 0)
    helper = _waiting(proc)
    proc.kill()
    proc.communicate(timeout=10)  # the output closes: the helper is gone too
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{helper}/status").read_text(encoding="ascii")
        except FileNotFoundError:
            break
        if "State:\tZ" in state:  # ended, waiting to be reaped by whoever adopted it
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the helper outlived the process that forked it")


def test_without_sighup_the_module_loads_and_elsewhere_it_is_not_loaded(
    ledger: Path, private_cache: Path
) -> None:
    """Windows has no SIGHUP, and no fork: nothing there may depend on either."""
    code = (
        "import signal, sys\n"
        "del signal.SIGHUP\n"
        "from reformctl.cli import split\n"
        "assert signal.SIGTERM in split._FORWARDED\n"
        "del sys.modules['reformctl.cli.split']\n"
        "from reformctl.cli import entry\n"
        "platform, sys.platform = sys.platform, 'win32'\n"
        "missed = entry._look_up(['check', '--ledger', sys.argv[1]], True)\n"
        "sys.platform = platform\n"
        "print(type(missed).__name__, 'reformctl.cli.split' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ledger)], capture_output=True, text=True, env=_env("1")
    )
    assert done.stdout.strip() == "Missed False", done.stderr


def test_wanted_follows_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(split.ENV, "0")
    assert not split.wanted()
    monkeypatch.setenv(split.ENV, "1")
    assert split.wanted()
    monkeypatch.delenv(split.ENV)
    assert split.wanted() == (len(os.sched_getaffinity(0)) >= 2)


@pytest.mark.parametrize("command", sorted(split.PRELOAD))
def test_what_the_helper_prepares_exists(command: str) -> None:
    """The helper ignores a failing preparation (the run reports it); none should fail."""
    for name in split.PRELOAD[command]:
        split.prepare(name)
