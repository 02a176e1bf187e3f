"""Whole results of the read commands, replayed when nothing they depend on has changed.

`check`, `due` and `library` are pure functions of the ledger's files, the command's options, the
current directory, the terminal, a few environment variables, the tool's own code and, when no
`--as-of` is given, today's date. A finished run stores what it wrote (standard output and error,
in order) and its exit code under a key made of all of these but the files and the date; the entry
also holds the ledger's *fingerprint* — every visible name under the ledger folder with its stamp
(size, mtime_ns, ctime_ns, inode) — and the dates the run took as "today". A later run with the
same key replays the entry only when the fingerprint and those dates are still the same; anything
else runs the command.

Nothing is stored when the run did not finish normally, when a file or the key changed during the
run, when a file was modified in the last seconds (a rewrite within the clock's granularity could
keep its stamp), or when the ledger holds a symbolic link. Entries live in the user's cache folder
beside the record cache (`results/`: the newest `KEEP`, at most `KEEP_BYTES` in all), as
`MAGIC + sha256(payload) + payload`; a short, corrupted or foreign entry is deleted, never trusted.
`--no-cache`, `REFORMCTL_NO_CACHE=1`, `--debug` and `--output` turn replay off.

This module imports only the standard library: a replayed run costs the start-up of the command
line and one walk over the ledger folder.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, ParamSpec

from reformctl import __version__
from reformctl.load.walk import Walk, sharing, walk

FORMAT = 3
MAGIC = b"RFCTLR03"
DIGEST_SIZE = 32
KEEP = 64
"""Entries kept in the results folder (the oldest beyond this are removed)…"""
KEEP_BYTES = 512 * 1024 * 1024
"""…and their size in all (a `due --all` of a very large ledger is tens of megabytes)."""
RACY_SECONDS = 2.0
MAX_HEADER = 60 * 1024
"""An entry whose header is longer is not read (a header is a few hundred bytes)."""

_ENV_NAMES = frozenset(
    {
        "LANG",
        "LANGUAGE",
        "TZ",
        "TERM",
        "COLORTERM",
        "NO_COLOR",
        "FORCE_COLOR",
        "COLUMNS",
        "LINES",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "TTY_COMPATIBLE",
        "TTY_INTERACTIVE",
        "JUPYTER_COLUMNS",
        "JUPYTER_LINES",
        "PYTHONIOENCODING",
        "PYTHONUTF8",
    }
)
_ENV_PREFIXES = ("REFORMCTL_", "LC_")
_ENV_IGNORED = frozenset({"REFORMCTL_CACHE_DIR", "REFORMCTL_JOBS", "REFORMCTL_SPLIT"})
"""Variables of reformctl's that change where or how fast, never what, a command prints."""

P = ParamSpec("P")


class Recording(NamedTuple):
    """What a run wrote, in order, and the dates it took as today (time zone, ISO date)."""

    writes: list[tuple[str, str]]
    days: list[tuple[str, str]]


_ACTIVE: list[Recording] = []


@contextlib.contextmanager
def recording() -> Iterator[Recording]:
    rec = Recording([], [])
    _ACTIVE.append(rec)
    try:
        yield rec
    finally:
        _ACTIVE.remove(rec)


def note_write(stream: str, text: str) -> None:
    """Called by the command line for every text written to 'out' or 'err'."""
    for rec in _ACTIVE:
        rec.writes.append((stream, text))


def note_today(timezone: str, day: str) -> None:
    """Called whenever a run takes today's date: a replay is valid only on the same date."""
    for rec in _ACTIVE:
        rec.days.append((timezone, day))


class Outcome(NamedTuple):
    code: int
    writes: tuple[tuple[str, str | bytes | memoryview], ...]
    """Texts written to 'out' or 'err', in order; as UTF-8 bytes when read back from an entry."""
    days: tuple[tuple[str, str], ...]


def _terminal(stream: Any) -> tuple[bool, str | None]:
    try:
        return bool(stream.isatty()), getattr(stream, "encoding", None)
    except (AttributeError, ValueError, OSError):
        return False, None


def request_key(argv: Sequence[str]) -> str:
    """Everything a read command's output depends on, but the ledger's files and today's date."""
    import shutil

    size = shutil.get_terminal_size((100, 24))
    tty, encoding = _terminal(sys.stdout)
    if tty:
        with contextlib.suppress(OSError, ValueError):
            size = os.get_terminal_size(sys.stdout.fileno())
    parts = [
        str(FORMAT),
        __version__,
        sys.version,
        repr(list(argv)),
        os.getcwd(),
        repr((tty, encoding, _terminal(sys.stderr), tuple(size))),
        repr(
            sorted(
                (k, v)
                for k, v in os.environ.items()
                if (k in _ENV_NAMES or k.startswith(_ENV_PREFIXES)) and k not in _ENV_IGNORED
            )
        ),
        str(os.getuid() if hasattr(os, "getuid") else ""),
    ]
    parts += _code_parts()
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def code_stamps() -> None:
    """Take the stamps of reformctl's and its dependencies' files now, for the whole process (and
    a helper forked after: `reformctl.cli.split`)."""
    _code_parts()


@functools.lru_cache(maxsize=1)
def _code_parts() -> tuple[str, ...]:
    """The stamps of reformctl's and its dependencies' files, taken once per process: a result is
    stored under the key taken before its run, so code changed during a run gives later runs
    another key, and they never replay that result."""
    from reformctl.load.cachedir import dependency_stamps, source_stamps

    return (*source_stamps(), *dependency_stamps())


Call = tuple[str, dict[str, Any]]
"""A read command's name and the plain values the framework parsed its command line into."""


class Entry(NamedTuple):
    """A stored run: the `--ledger` value it was given, the ledger folder it read, the folder's
    fingerprint then, what it did, and the call the command line was parsed into (when the
    command can be called without the framework, `reformctl.cli.reads`)."""

    ledger_arg: str | None
    root: str
    fingerprint: str
    outcome: Outcome
    call: Call | None = None


def encode(key: str, entry: Entry) -> bytes:
    import json

    outcome = entry.outcome
    texts = [_utf8(text) for _, text in outcome.writes]
    header = {
        "format": FORMAT,
        "key": key,
        "ledger_arg": entry.ledger_arg,
        "root": entry.root,
        "fingerprint": entry.fingerprint,
        "code": outcome.code,
        "days": [list(d) for d in outcome.days],
        "writes": [[stream, len(data)] for (stream, _), data in zip(outcome.writes, texts, strict=True)],
        "call": None if entry.call is None else list(entry.call),
    }
    payload = json.dumps(header).encode() + b"\n" + b"".join(texts)
    return MAGIC + hashlib.sha256(payload).digest() + payload


def _utf8(text: str | bytes | memoryview) -> bytes:
    if isinstance(text, str):
        return text.encode("utf-8", "surrogateescape")
    return bytes(text)


def decode(data: bytes, key: str) -> Entry | None:
    """The entry stored in `data` for this key, or None for anything else."""
    import json

    head = len(MAGIC) + DIGEST_SIZE
    if len(data) <= head or not data.startswith(MAGIC):
        return None
    view = memoryview(data)  # slices of a large output are not copied
    if hashlib.sha256(view[head:]).digest() != data[len(MAGIC) : head]:
        return None
    end = data.find(b"\n", head, head + MAX_HEADER)
    body = view[end + 1 :]
    try:
        header = json.loads(data[head:end]) if end >= 0 else None
        if not (isinstance(header, dict) and header.get("format") == FORMAT and header.get("key") == key):
            return None
        ledger_arg, root, print_, code = (
            header["ledger_arg"],
            header["root"],
            header["fingerprint"],
            header["code"],
        )
        if not (
            (ledger_arg is None or isinstance(ledger_arg, str))
            and isinstance(root, str)
            and isinstance(print_, str)
            and isinstance(code, int)
        ):
            return None
        days = tuple((str(tz), str(day)) for tz, day in header["days"])
        writes = []
        at = 0
        for stream, size in header["writes"]:
            if stream not in ("out", "err") or not isinstance(size, int) or size < 0:
                return None
            writes.append((stream, body[at : at + size]))
            at += size
        if at != len(body) or isinstance(code, bool) or not 0 <= code <= 255:
            return None
        call = _call(header["call"])
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    return Entry(ledger_arg, root, print_, Outcome(code, tuple(writes), days), call)


def _plain(value: object) -> bool:
    """Whether a parsed value is one a stored call may hold (what `check` and `due` take)."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _call(found: object) -> Call | None:
    """A stored call as `encode` writes it, else None (then the framework parses again)."""
    if not (isinstance(found, list) and len(found) == 2):
        return None
    name, kwargs = found
    if not (isinstance(name, str) and isinstance(kwargs, dict)):
        return None
    if not all(isinstance(k, str) and _plain(v) for k, v in kwargs.items()):
        return None
    return name, kwargs


def _prune(folder: Path, keep: int = KEEP, keep_bytes: int = KEEP_BYTES) -> None:
    """Keep the newest entries, at most `keep` of them and `keep_bytes` in all (the newest always)."""
    try:
        found = [(e.stat(), e.path) for e in os.scandir(folder) if e.name.endswith(".result")]
    except OSError:
        return
    found.sort(key=lambda item: item[0].st_mtime_ns, reverse=True)
    total = 0
    for n, (st, path) in enumerate(found):
        total += st.st_size
        if n > 0 and (n >= keep or total > keep_bytes):
            with contextlib.suppress(OSError):
                os.unlink(path)


_INVOCATION: list[tuple[list[str], Walk | None]] = []
"""The command line `main()` was given; runs without one (the tests' runner) are not stored."""


def _enabled() -> bool:
    from reformctl.load.cachedir import cache_disabled

    return not cache_disabled()


def _entry_path(key: str) -> Path:
    from reformctl.load.cachedir import cache_dir

    return cache_dir() / "results" / f"{key}.result"


def _discover(ledger_arg: str | None) -> Path | None:
    from reformctl.errors import ReformctlError
    from reformctl.load.discover import discover

    try:
        return discover(None if ledger_arg is None else Path(ledger_arg)).resolve()
    except (ReformctlError, OSError):
        return None


_PEEK = 64 * 1024


def _walk_in_background(start: bytes) -> Callable[[], tuple[Path | None, Walk | None]] | None:
    """From the first bytes of an entry (not yet verified: they only choose what to look at), find
    the ledger folder again and start walking it in a thread; the returned function waits for
    (folder, walk). None when those bytes do not even hold a header."""
    import json
    import threading

    head = len(MAGIC) + DIGEST_SIZE
    end = start.find(b"\n", head, head + MAX_HEADER)
    try:
        header = json.loads(start[head:end]) if start.startswith(MAGIC) and end >= 0 else None
        ledger_arg = header["ledger_arg"] if isinstance(header, dict) else None
    except (ValueError, KeyError, RecursionError):
        return None
    if header is None or not (ledger_arg is None or isinstance(ledger_arg, str)):
        return None
    root = _discover(ledger_arg)
    found: list[Walk | None] = []

    def work() -> None:
        taken = walk(root) if root else None
        if taken is not None:
            taken.fingerprint()  # here, while the entry is read
        found.append(taken)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()

    def wait() -> tuple[Path | None, Walk | None]:
        worker.join()
        return root, found[0] if found else None

    return wait


NEVER = "-"
"""The fingerprint of an entry that holds a parse and no result: no walk gives it."""


class Missed:
    """What a lookup that could not replay found, for the run that follows: the walk of the
    ledger folder (`invoked_as`), and the call the same command line was parsed into last time."""

    def __init__(self) -> None:
        self.walk: Walk | None = None
        self.call: Call | None = None


def replay_argv(argv: Sequence[str], missed: Missed | None = None) -> int | None:
    """Replay the stored run of exactly this command line, if it is still valid; its exit code.

    When it cannot be replayed, `missed` gets what the lookup found."""
    if not _enabled():
        return None
    try:
        key = request_key(argv)
        path = _entry_path(key)
        with path.open("rb") as handle:
            start = handle.read(_PEEK)
            wait = _walk_in_background(start)  # the folder is walked while the rest is read and checked
            entry = decode(start + handle.read(), key)
    except OSError:
        return None
    root, found = wait() if wait is not None else (None, None)
    if missed is not None:
        missed.walk = found
        missed.call = None if entry is None else entry.call
    if entry is None:
        with contextlib.suppress(OSError):
            path.unlink()  # not what `encode` writes: never trusted, not read again
        return None
    if root is None or str(root) != entry.root or found is None or found.fingerprint() != entry.fingerprint:
        return None
    from reformctl.cli.clock import today_in

    try:
        if any(today_in(tz).isoformat() != day for tz, day in entry.outcome.days):
            return None
    except Exception:  # a date that cannot be taken again: run the command
        return None
    replay(entry.outcome)
    return entry.outcome.code


def _key_or_none(argv: Sequence[str]) -> str | None:
    try:
        return request_key(argv)
    except OSError:  # e.g. the current folder was removed
        return None


def replayable(fn: Callable[P, int]) -> Callable[P, int]:
    """Store what a read command wrote, for `replay_argv`, when the run may be replayed.

    The ledger folder is walked once, before the run: the walk is shared with the run
    (`reformctl.load.walk.current`) and its fingerprint keys the stored result. A file changed
    during the run has another stamp than the walk saw, so such a result is never replayed; and
    no result is stored when a file was touched in the last seconds before the walk (a later change
    within the clock's granularity could keep its stamp): only the call the command line was
    parsed into, under a fingerprint that matches no folder."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> int:
        from reformctl.cli.common import cache_on, debug_enabled

        if not _INVOCATION or args or not cache_on() or debug_enabled() or kwargs.get("output") is not None:
            return fn(*args, **kwargs)
        argv, taken = _INVOCATION[-1]
        ledger = kwargs.get("ledger")
        ledger_arg = None if ledger is None else str(ledger)
        root = _discover(ledger_arg)
        key = _key_or_none(argv)
        before: Walk | None = None
        if root is not None and key is not None:
            before = taken if taken is not None and taken.root == str(root) else walk(root)
        with sharing(before), recording() as rec:
            code = fn(*args, **kwargs)
        if root is None or key is None or before is None:
            return code
        # Stored only when the key (the terminal, the environment) did not change during the run.
        if key != _key_or_none(argv):
            return code
        call = (fn.__name__, dict(kwargs)) if all(_plain(v) for v in kwargs.values()) else None
        if before.settled(RACY_SECONDS):
            outcome = Outcome(code, tuple(rec.writes), tuple(rec.days))
            entry = Entry(ledger_arg, str(root), before.fingerprint(), outcome, call)
        elif call is not None:  # the parse only, for the next run: a fingerprint no walk gives
            entry = Entry(ledger_arg, str(root), NEVER, Outcome(code, (), ()), call)
        else:
            return code
        from reformctl.load.cachedir import replace_file

        with contextlib.suppress(OSError):
            path = _entry_path(key)
            replace_file(path, encode(key, entry))
            _prune(path.parent)
        return code

    return wrapper


@contextlib.contextmanager
def invoked_as(argv: Sequence[str], taken: Walk | None = None) -> Iterator[None]:
    """Runs inside this block were started by this command line (see `replayable`); `taken` is
    the ledger folder's walk by `replay_argv`, when it took one."""
    _INVOCATION.append((list(argv), taken))
    try:
        yield
    finally:
        _INVOCATION.pop()


def replay(outcome: Outcome) -> None:
    """Write what the stored run wrote, as `emit` and `warn` wrote it.

    UTF-8 bytes go straight to a UTF-8 stream's buffer (no decoding of a large result)."""
    for stream, text in outcome.writes:
        target = sys.stdout if stream == "out" else sys.stderr
        target.flush()
        buffer = getattr(target, "buffer", None)
        encoding = (getattr(target, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        errors = getattr(target, "errors", None)
        as_is = encoding == "utf8" and errors in ("strict", "surrogateescape") and os.linesep == "\n"
        if not isinstance(text, str) and buffer is not None and as_is:
            buffer.write(text)
            buffer.flush()
        else:
            target.write(text if isinstance(text, str) else bytes(text).decode("utf-8", "surrogateescape"))
            target.flush()
