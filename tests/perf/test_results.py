"""Stored results of `check`, `due` and `library`: replayed byte for byte, and only while valid."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

import pytest

from reformctl.cli import clock, results
from reformctl.load.walk import walk
from tests.conftest import LEDGERS
from tests.perf.conftest import Run


def entries(cache: Path) -> list[Path]:
    folder = cache / "results"
    return sorted(folder.glob("*.result")) if folder.is_dir() else []


def replayed(*args: str) -> bool:
    """Whether a stored run of exactly this command line is valid now (checked without output)."""
    key = results.request_key(list(args))
    path = Path(os.environ["REFORMCTL_CACHE_DIR"]) / "results" / f"{key}.result"
    try:
        entry = results.decode(path.read_bytes(), key)
    except OSError:
        return False
    if entry is None:
        return False
    root = Path(entry.root)
    found = walk(root)
    return found is not None and found.fingerprint() == entry.fingerprint


pytestmark = pytest.mark.usefixtures("no_racy_window")

CASES = [
    ("due", "--as-of", "2026-07-10"),
    ("due", "--as-of", "2026-07-10", "--format", "json"),
    ("due", "--as-of", "2026-07-10", "--all", "--format", "csv"),
    ("due", "--as-of", "2026-07-10", "--format", "md", "--locale", "en"),
    ("due", "--as-of", "2026-07-10", "--format", "ics"),
    ("due", "--as-of", "2025-03-01", "--fail-on-overdue"),
    ("check",),
    ("check", "--format", "json"),
    ("library", "--as-of", "2026-07-10"),
    ("library", "--quarter", "2026-Q2", "--format", "md"),
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(c) for c in CASES])
def test_replay_gives_the_same_bytes_and_exit_code(
    args: tuple[str, ...], ledger: Path, run: Callable[..., Run], private_cache: Path
) -> None:
    argv = (*args, "--ledger", str(ledger))
    first = run(*argv)
    assert len(entries(private_cache)) == 1
    assert replayed(*argv)
    second = run(*argv)
    assert second == first
    assert first[1]  # something was written


def test_replay_of_a_ledger_with_errors_keeps_stderr_and_exit_code(
    tmp_path: Path, run: Callable[..., Run], private_cache: Path
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(LEDGERS / "broken" / "_base", broken)
    (broken / "projects" / "zuiduo-paoyici.yaml").write_text(
        "id: zuiduo-paoyici\nname: [\n", encoding="utf-8"
    )
    for args in (("due", "--as-of", "2026-07-10"), ("library", "--as-of", "2026-07-10"), ("check",)):
        first = run(*args, "--ledger", str(broken))
        assert first[0] == 1 and (first[2] if args[0] != "check" else "yaml-syntax" in first[1])
        assert run(*args, "--ledger", str(broken)) == first
    assert len(entries(private_cache)) == 3


def test_a_changed_added_or_removed_file_is_seen(ledger: Path, run: Callable[..., Run]) -> None:
    argv = ("due", "--as-of", "2026-07-10", "--all", "--format", "csv", "--ledger", str(ledger))
    before = run(*argv)
    units = ledger / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("市发展改革委", "市发改委"), encoding="utf-8")
    assert not replayed(*argv)
    changed = run(*argv)
    assert changed[1] != before[1] and "市发改委" in changed[1]
    assert run(*argv) == changed  # stored again

    extra = ledger / "projects" / "extra.yaml"
    extra.write_text("id: extra\n", encoding="utf-8")
    assert not replayed(*argv)
    assert run(*argv)[0] == 1  # the new file is read: it has errors
    extra.unlink()
    assert not replayed(*argv)
    assert run(*argv) == changed


def test_files_modified_just_now_are_not_stored(
    ledger: Path, run: Callable[..., Run], private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(results, "RACY_SECONDS", 2.0)
    argv = ("due", "--as-of", "2026-07-10", "--ledger", str(ledger))

    def parse_only() -> bool:
        """Only the parse of the command line is stored: nothing can be replayed."""
        (path,) = entries(private_cache)
        key = results.request_key(list(argv))
        entry = results.decode(path.read_bytes(), key)
        assert entry is not None and entry.call is not None and entry.call[0] == "due"
        return entry.fingerprint == results.NEVER and entry.outcome.writes == () and not replayed(*argv)

    run(*argv)
    assert parse_only()
    old = 1_600_000_000
    for folder, _, files in os.walk(ledger):  # an old mtime is not enough: the ctime is new
        for name in files:
            os.utime(os.path.join(folder, name), (old, old))
    run(*argv)
    assert parse_only()


def test_another_day_is_not_replayed(
    ledger: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REFORMCTL_TODAY", raising=False)
    argv = ("due", "--ledger", str(ledger))
    first = run(*argv)
    assert replayed(*argv)
    assert results.replay_argv(list(argv)) is not None  # same day: replayed

    class Tomorrow(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Tomorrow:
            return cls(2099, 1, 1, tzinfo=tz)

    monkeypatch.setattr(clock, "datetime", Tomorrow)
    assert results.replay_argv(list(argv)) is None
    later = run(*argv)
    assert "2099-01-01" in later[1] and later != first


def test_pinned_today_is_part_of_the_key(
    ledger: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFORMCTL_TODAY", "2026-07-10")
    argv = ("due", "--ledger", str(ledger))
    first = run(*argv)
    assert replayed(*argv)
    monkeypatch.setenv("REFORMCTL_TODAY", "2026-07-11")
    assert not replayed(*argv)
    assert run(*argv) != first


@pytest.mark.parametrize(
    "argv",
    [
        ("--no-cache", "due", "--as-of", "2026-07-10"),
        ("--debug", "due", "--as-of", "2026-07-10"),
        ("due", "--as-of", "2026-07-10", "--help"),
        ("due", "--as-of", "2026-07-10", "--rule", "no-such-rule"),
        ("bulletin", "--quarter", "2026-Q2", "--as-of", "2026-07-10"),
    ],
)
def test_runs_that_are_not_stored(
    argv: tuple[str, ...], ledger: Path, run: Callable[..., Run], private_cache: Path
) -> None:
    run(*argv, "--ledger", str(ledger))
    assert entries(private_cache) == []


def test_output_file_and_no_cache_env_are_not_stored(
    ledger: Path,
    tmp_path: Path,
    run: Callable[..., Run],
    private_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "due.md"
    run("due", "--as-of", "2026-07-10", "--format", "md", "--output", str(target), "--ledger", str(ledger))
    assert target.read_text(encoding="utf-8") and entries(private_cache) == []
    monkeypatch.setenv("REFORMCTL_NO_CACHE", "1")
    run("due", "--as-of", "2026-07-10", "--ledger", str(ledger))
    assert entries(private_cache) == []


def test_a_ledger_with_a_symbolic_link_is_not_stored(
    ledger: Path, run: Callable[..., Run], private_cache: Path
) -> None:
    (ledger / "projects" / "alias.yaml").symlink_to(ledger / "projects" / "zuiduo-paoyici.yaml")
    run("check", "--ledger", str(ledger))
    assert entries(private_cache) == []


def test_corrupted_or_foreign_entries_are_discarded(
    ledger: Path, run: Callable[..., Run], private_cache: Path
) -> None:
    argv = ("due", "--as-of", "2026-07-10", "--format", "json", "--ledger", str(ledger))
    first = run(*argv)
    [path] = entries(private_cache)
    good = path.read_bytes()
    key = path.stem
    for bad in (
        good[:-1],
        good[:20],
        good[:-5] + b"XXXXX",
        b"RFCTLR99" + good[8:],
        good.replace(b'"format": %d' % results.FORMAT, b'"format": 99'),
        b"",
    ):
        assert results.decode(bad, key) is None
        path.write_bytes(bad)
        assert results.replay_argv(list(argv)) is None
        assert run(*argv) == first
    assert results.decode(good, "another-key") is None


def test_entries_with_a_valid_checksum_but_a_wrong_shape_are_discarded() -> None:
    outcome = results.Outcome(1, (("out", "表\n"), ("err", "e\n")), (("Asia/Shanghai", "2026-07-10"),))
    entry = results.Entry(None, "/x", "f" * 40, outcome)
    good = results.encode("k", entry)
    back = results.decode(good, "k")
    assert back is not None and back.outcome.writes == (("out", "表\n".encode()), ("err", b"e\n"))

    def sealed(header: bytes, body: bytes) -> bytes:
        payload = header + b"\n" + body
        return results.MAGIC + hashlib.sha256(payload).digest() + payload

    header, _, body = good[len(results.MAGIC) + 32 :].partition(b"\n")
    for bad_header, bad_body in (
        (header, body + b"x"),  # lengths do not add up
        (header, body[:-1]),
        (header.replace(b'"out"', b'"log"'), body),
        (header.replace(b'"code": 1', b'"code": "1"'), body),
        (header.replace(b'"root": "/x"', b'"root": 7'), body),
        (b"[]", body),
        (b"{", body),
    ):
        assert results.decode(sealed(bad_header, bad_body), "k") is None


def test_another_working_directory_is_another_key(
    ledger: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ("check", "--ledger", str(ledger))
    run(*argv)
    assert replayed(*argv)
    monkeypatch.chdir(ledger)
    assert not replayed(*argv)


def test_a_moved_ledger_is_not_taken_for_the_old_one(
    ledger: Path, tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stored `--ledger` value is discovered again: a different folder there is another ledger."""
    monkeypatch.chdir(tmp_path)
    first = run("check", "--ledger", "ledger")
    (tmp_path / "ledger").rename(tmp_path / "old")
    shutil.copytree(LEDGERS / "broken" / "_base", tmp_path / "ledger")
    assert results.replay_argv(["check", "--ledger", "ledger"]) is None
    again = run("check", "--ledger", "ledger")
    assert again[0] == first[0] == 0 and again[1] != first[1]


def test_entries_are_pruned_by_size_too(tmp_path: Path) -> None:
    for n in range(5):
        path = tmp_path / f"{n}.result"
        path.write_bytes(b"x" * 100)
        os.utime(path, ns=(n * 10**9, n * 10**9))
    results._prune(tmp_path, keep=10, keep_bytes=250)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["3.result", "4.result"]
    results._prune(tmp_path, keep=10, keep_bytes=10)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["4.result"]  # the newest stays


def test_old_entries_are_pruned(ledger: Path, run: Callable[..., Run], private_cache: Path) -> None:
    for day in range(1, results.KEEP + 6):
        run("due", "--as-of", f"2026-01-{day % 28 + 1:02d}", "--within", str(day), "--ledger", str(ledger))
    assert len(entries(private_cache)) == results.KEEP


def test_console_script_replays_without_the_framework(ledger: Path, private_cache: Path) -> None:
    time.sleep(2.1)  # another process: the files must be older than its 2 s racy window
    probe = (
        "import sys\n"
        "sys.argv = ['reformctl', *sys.argv[1:]]\n"
        "from reformctl.cli.entry import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "heavy = ('typer', 'pydantic', 'yaml', 'rich')\n"
        "print('LOADED', code, *sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    argv = ["due", "--as-of", "2026-07-10", "--ledger", str(ledger)]

    def once() -> tuple[str, list[str]]:
        done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=env)
        line = next(ln for ln in done.stderr.splitlines() if ln.startswith("LOADED"))
        return done.stdout, line.split()[1:]

    cold, loaded_cold = once()
    warm, loaded_warm = once()
    assert warm == cold and "逾期" in cold
    assert loaded_cold[0] == loaded_warm[0] == "0"
    assert "typer" in loaded_cold and loaded_warm[1:] == []

    # A reader that went away (`| head`): exit 1, quietly, whether the result is replayed or not.
    for extra in ([], ["--no-cache"]):
        read, write = os.pipe()
        os.close(read)
        done = subprocess.run(
            [sys.executable, "-m", "reformctl", *extra, *argv],
            stdout=write,
            capture_output=False,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        os.close(write)
        assert (done.returncode, done.stderr) == (1, ""), (extra, done.stderr)


def test_replay_writes_what_the_stream_would_have_written(ledger: Path) -> None:
    """A file name that is not UTF-8 reaches standard error through its error handler
    (backslashreplace): the replay gives the same bytes, not the raw ones."""
    with open(os.path.join(os.fsencode(ledger), b"projects", b"bad\xff.yaml"), "wb") as handle:
        handle.write(b"id: bad\n")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    argv = [sys.executable, "-m", "reformctl", "due", "--as-of", "2026-07-10", "--ledger", str(ledger)]
    time.sleep(2.1)  # another process: the files must be older than its 2 s racy window
    fresh = subprocess.run(argv, capture_output=True, env=env)
    replayed_run = subprocess.run(argv, capture_output=True, env=env)
    assert entries(Path(os.environ["REFORMCTL_CACHE_DIR"]))
    assert b"\\udcff" in fresh.stderr + fresh.stdout
    assert (replayed_run.returncode, replayed_run.stdout, replayed_run.stderr) == (
        fresh.returncode,
        fresh.stdout,
        fresh.stderr,
    )


def test_hostile_entries_are_discarded_not_trusted(
    ledger: Path, run: Callable[..., Run], private_cache: Path
) -> None:
    argv = ("due", "--as-of", "2026-07-10", "--ledger", str(ledger))
    first = run(*argv)
    [path] = entries(private_cache)
    deep = b"[" * 30_000
    sealed = deep + b"\n"
    for hostile in (
        results.MAGIC + b"\0" * 32 + deep + b"\n",  # unchecked header that no parser can take
        results.MAGIC + hashlib.sha256(sealed).digest() + sealed,  # a valid checksum, deep header
        results.MAGIC + b"\0" * 32 + b" " * (results.MAX_HEADER + 10) + b"\n",
    ):
        path.write_bytes(hostile)
        assert results.replay_argv(list(argv)) is None
        assert not path.exists()  # dropped, not read again
        assert run(*argv) == first


def test_a_terminal_resized_during_the_run_is_not_stored(
    ledger: Path, run: Callable[..., Run], private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reformctl.cli import due

    original = due.run_due

    def resized(*args: object, **kwargs: object) -> tuple[str, bool]:
        os.environ["COLUMNS"] = "120"  # as the user widens the window while the command computes
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(due, "run_due", resized)
    run("due", "--as-of", "2026-07-10", "--ledger", str(ledger))
    assert entries(private_cache) == []


def test_a_removed_working_directory_is_no_replay_and_no_error(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert results.replay_argv(["due", "--ledger", str(ledger)]) is None
