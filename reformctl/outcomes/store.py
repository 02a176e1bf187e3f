"""The outcome store: what each tracked-item file yielded on the last run, kept between runs.

A tracked-item file (`projects/`, `pilots/`, `handovers/`) yields problems and obligations that
depend on that file and on the ledger's other files (`ledger.yaml`, `units.yaml`, the year
folders), never on another tracked item (docs/decisions.md, "Outcomes of unchanged files"). So
while those other files, the as-of date and reformctl itself are unchanged, an unchanged item
file's outcomes can be served as they were computed, and only changed files are read again.

One file per ledger in the cache folder, beside the record cache:
`MAGIC + crc32(payload) + payload`, the payload a `marshal` dump of plain tuples (a CRC-32 finds
the accidental damage a cache meets, and costs a fifth of a cryptographic digest over the ten
megabytes of a large ledger's store; the folder is the user's own). The key
(reformctl's files and versions, the size limit, the ledger folder, the stamps of every file that
is not a tracked item) is stored in it; a file with another key, a bad checksum or an unexpected
shape is ignored whole. Writes are atomic; a store that cannot be read or written is none.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import sys
import zlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reformctl import __version__
from reformctl.errors import Problem, Severity
from reformctl.load.cache import Stamp
from reformctl.load.cachedir import cache_dir, replace_file, source_stamps
from reformctl.load.fastyaml import max_file_bytes
from reformctl.model.rule_ids import RuleId
from reformctl.rules.obligation import OPEN_STATES, STATES, Obligation
from reformctl.source import Span

FORMAT = 5
MAGIC = b"RFCTLO05"
DIGEST_SIZE = 4

EncodedProblem = tuple[str, int, int, str, str, str]
EncodedObligation = tuple[Any, ...]
FileOutcome = tuple[Stamp, tuple[EncodedProblem, ...], int | None, bytes, bytes]
"""A file's stamp when it was read, its problems, the earliest due date (ordinal) of its open
obligations as of the store's day (None when none is open), its open obligations and its others
(done, late), each `marshal`led together (see `pack`). Most views show few of a large ledger's
obligations, and only open ones: a file's open obligations are unpacked only when the earliest of
them says the view may show one, the others only for views that show them (`--all`)."""


def store_file(root: Path, env: Mapping[str, str] | None = None) -> Path:
    key = hashlib.blake2b(str(root.resolve()).encode("utf-8", "surrogateescape"), digest_size=16)
    return cache_dir(env) / f"outcomes-{key.hexdigest()}.cache"


def store_key(root: Path, others: Iterable[tuple[str, Stamp | None]], years: Iterable[int]) -> str:
    """What every stored outcome depends on, but its own file and the day: the other files'
    stamps and the year folders (an empty one adds its year's quarters)."""
    import pydantic

    parts = [str(FORMAT), __version__, sys.version, pydantic.VERSION, str(max_file_bytes())]
    parts.append(str(root.resolve()))
    parts += source_stamps()
    parts += [f"{rel}:{stamp}" for rel, stamp in sorted(others)]
    parts.append(repr(list(years)))
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


Rest = tuple[str, dict[str, FileOutcome]]
"""The outcomes of the ledger's other files: a digest of the ledger's file names (`names`), and
per file (or path of a problem) its problems and obligations, stamps left out (the store's key
holds the other files' stamps)."""
NO_STAMP: Stamp = (0, 0, 0, 0)


class Stored:
    """The outcomes of one run: its day (as an ordinal), per item file a `FileOutcome`, and the
    outcomes of the other files (`Rest`) when the run computed them."""

    def __init__(self, day: int | None, files: dict[str, FileOutcome], rest: Rest | None = None) -> None:
        self.day = day
        self.files = files
        self.rest = rest


def names(rels: Iterable[str]) -> str:
    """A digest of the ledger's file names: the other files' checks look for subjects by name."""
    return hashlib.blake2b("\n".join(rels).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def checksum(payload: bytes | memoryview) -> bytes:
    return zlib.crc32(payload).to_bytes(DIGEST_SIZE, "big")


def read(path: Path, key: str) -> Stored:
    """The store at `path` when it was written under `key`; else an empty one."""
    try:
        data = path.read_bytes()
    except OSError:
        return Stored(None, {})
    return decode(data, key)


def decode(data: bytes, key: str) -> Stored:
    head = len(MAGIC) + DIGEST_SIZE
    if len(data) <= head or not data.startswith(MAGIC):
        return Stored(None, {})
    payload = memoryview(data)[head:]  # not copied
    if checksum(payload) != data[len(MAGIC) : head]:
        return Stored(None, {})
    try:
        content = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return Stored(None, {})
    if not (isinstance(content, tuple) and len(content) == 4 and content[0] == key):
        return Stored(None, {})
    _, day, files, rest = content
    if not (day is None or isinstance(day, int)) or not _all_well_formed(files):
        return Stored(None, {})
    if rest is not None and not (
        isinstance(rest, tuple) and len(rest) == 2 and isinstance(rest[0], str) and _all_well_formed(rest[1])
    ):
        return Stored(None, {})
    return Stored(day, files, rest)


def _all_well_formed(files: object) -> bool:
    """The shape of every file's outcome (its problems and obligations are checked when
    rebuilt); one loop, as a large store has tens of thousands."""
    if not isinstance(files, dict):
        return False
    for rel, value in files.items():
        if type(rel) is not str or type(value) is not tuple or len(value) != 5:
            return False
        earliest = value[2]
        if not (earliest is None or type(earliest) is int) or type(value[3]) is not bytes:
            return False
        if type(value[4]) is not bytes:
            return False
    return True


def pack(
    stamp: Stamp, problems: tuple[EncodedProblem, ...], obligations: Sequence[EncodedObligation]
) -> FileOutcome:
    """One file's outcome from its encoded problems and obligations."""
    opened = tuple(e for e in obligations if e[8] in OPEN_STATES)
    closed = tuple(e for e in obligations if e[8] not in OPEN_STATES)
    earliest = min((e[6] for e in opened), default=None)
    return (stamp, problems, earliest, marshal.dumps(opened), marshal.dumps(closed))


def unpack(found: FileOutcome, closed: bool = True) -> tuple[EncodedObligation, ...]:
    """A file's encoded obligations: the open ones, and the others too when `closed`. Raises
    ValueError, EOFError or TypeError for what `pack` does not write."""
    opened = marshal.loads(found[3])
    others = marshal.loads(found[4]) if closed else ()
    if not (isinstance(opened, tuple) and isinstance(others, tuple)):
        raise TypeError("not stored obligations")
    return opened + others


def write(path: Path, key: str, stored: Stored) -> None:
    """Write the store atomically; any failure leaves no store (it is a cache)."""
    try:
        payload = marshal.dumps((key, stored.day, stored.files, stored.rest))
    except ValueError:
        return
    digest = checksum(payload)
    try:
        replace_file(path, MAGIC + digest + payload)
    except OSError:
        return


def remove(path: Path) -> None:
    """Forget a store that turned out not to be what was written."""
    with contextlib.suppress(OSError):
        path.unlink()


def encode_problem(p: Problem) -> EncodedProblem:
    return (p.span.path, p.span.line, p.span.col, p.code, p.message, p.severity.value)


def decode_problem(e: EncodedProblem) -> Problem:
    """Raises ValueError or TypeError for anything `encode_problem` does not write."""
    path, line, col, code, message, severity = e
    if not (isinstance(path, str) and type(line) is int and type(col) is int):
        raise ValueError("not a stored problem")
    if not (isinstance(code, str) and isinstance(message, str)):
        raise ValueError("not a stored problem")
    return Problem(Span(path, line, col), code, message, Severity(severity))


def encode_obligation(ob: Obligation) -> EncodedObligation:
    """Every field but `file` (the store's key), dates as ordinals."""
    return (
        ob.rule.value,
        ob.subject,
        ob.title,
        ob.period,
        ob.owner,
        ob.route,
        ob.due.toordinal(),
        ob.done.toordinal() if ob.done is not None else None,
        ob.state,
        ob.days,
        ob.line,
    )


class ObligationDecoder:
    """Rebuilds obligations; the dates and rule ids of a ledger repeat, so they are built once."""

    def __init__(self) -> None:
        self._days: dict[int, date] = {}
        self._rules = {r.value: r for r in RuleId}

    def day(self, ordinal: int) -> date:
        found = self._days.get(ordinal)
        if found is None:
            found = self._days[ordinal] = date.fromordinal(ordinal)
        return found

    def __call__(self, rel: str, e: EncodedObligation) -> Obligation:
        """Raises KeyError, ValueError, TypeError or OverflowError for what `encode_obligation`
        does not write."""
        rule, subject, title, period, owner, route, due, done, state, days, line = e
        if not (isinstance(subject, str) and isinstance(title, str) and isinstance(owner, str)):
            raise TypeError("not a stored obligation")
        if not (period is None or isinstance(period, str)) or state not in STATES:
            raise TypeError("not a stored obligation")
        if type(days) is not int or not (line is None or type(line) is int):
            raise TypeError("not a stored obligation")
        if not (route is None or (isinstance(route, tuple) and all(isinstance(u, str) for u in route))):
            raise TypeError("not a stored obligation")
        return Obligation(
            self._rules[rule],
            subject,
            title,
            period,
            owner,
            route,
            self.day(due),
            None if done is None else self.day(done),
            state,
            days,
            rel,
            line,
        )
