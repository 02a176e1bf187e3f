"""The outcome store: what each tracked-item file yielded on the last run, kept between runs.

A tracked-item file (`projects/`, `pilots/`, `handovers/`) yields problems and obligations that
depend on that file and on the ledger's other files (`ledger.yaml`, `units.yaml`, the year
folders), never on another tracked item (docs/decisions.md, "Outcomes of unchanged files"). So
while those other files, the as-of date and reformctl itself are unchanged, an unchanged item
file's outcomes can be served as they were computed, and only changed files are read again.

One file per ledger in the cache folder, beside the record cache, in two parts:
`MAGIC + crc32(head) + len(head) + head + crc32(tail) + tail`, each part a `marshal` dump of plain
values (a CRC-32 finds the accidental damage a cache meets, and costs a fifth of a cryptographic
digest over the ten megabytes of a large ledger's store; the folder is the user's own). The head
holds the key (reformctl's files and its dependencies', the size limit, the ledger folder, the
stamps of every file that is not a tracked item), the day, the settings' `Facts`, the `token` of
this write, and each file's
outcome but its done and late obligations, in columns (`_table`: a large ledger's 13,000 outcomes
load as a dozen objects); the tail holds those, with the head's checksum. Most views show only open
obligations, so a run reads the head only, a fifth of the file; the tail is read when a view shows
done or late obligations, or when the store is written again. A head with another key, a bad
checksum or an unexpected shape is ignored whole, as is a tail that is not the head's. Writes are
atomic; a store that cannot be read or written is none.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import zlib
from array import array
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import accumulate, chain, pairwise, repeat
from pathlib import Path
from typing import Any

from reformctl import __version__
from reformctl.errors import Problem, Severity
from reformctl.load.cachedir import dependency_stamps, outcome_store_file, replace_file, source_stamps
from reformctl.load.fastyaml import max_file_bytes
from reformctl.load.layout import ITEM_KINDS, Entry, year_folders
from reformctl.load.walk import Stamp
from reformctl.model.rule_ids import RuleId
from reformctl.rules.obligation import OPEN_STATES, STATES, Obligation, Pick
from reformctl.source import Span

FORMAT = 9
MAGIC = b"RFCTLO09"
DIGEST_SIZE = 4
LENGTH_SIZE = 8
HEADER_SIZE = len(MAGIC) + DIGEST_SIZE + LENGTH_SIZE
TOKEN_SIZE = 16

EncodedProblem = tuple[str, int, int, str, str, str]
EncodedObligation = tuple[Any, ...]
FileOutcome = tuple[Stamp, tuple[EncodedProblem, ...], int | None, bytes, bytes | None]
"""A file's stamp when it was read, its problems, the earliest due date (ordinal) of its open
obligations as of the store's day (None when none is open), its open obligations and its others
(done, late), each `marshal`led together (see `pack`); the others are None in an outcome read
from the store's head (they are in its tail: `Stored.closed`). Most views show few of a large
ledger's obligations, and only open ones: a file's open obligations are unpacked only when the
earliest of them says the view may show one, the others only for views that show them (`--all`)."""


def store_file(root: Path, env: Mapping[str, str] | None = None) -> Path:
    return outcome_store_file(root, env)


def store_key(root: Path, others: Iterable[tuple[str, Stamp | None]], years: Iterable[int]) -> str:
    """What every stored outcome depends on, but its own file and the day: the other files'
    stamps and the year folders (an empty one adds its year's quarters)."""
    parts = [str(FORMAT), __version__, sys.version, str(max_file_bytes())]
    parts.append(str(root.resolve()))
    parts += source_stamps()
    parts += dependency_stamps()  # pydantic's among them (not imported: `reformctl.outcomes.prepared`)
    parts += [f"{rel}:{stamp}" for rel, stamp in sorted(others)]
    parts.append(repr(list(years)))
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def ledger_key(
    root: Path, entries: Sequence[Entry], stamp: Callable[[str], Stamp | None]
) -> tuple[str, list[tuple[str, Stamp | None]]]:
    """The `store_key` of the ledger at `root` listed as `entries` (`layout.scan`), with `stamp`
    giving the files' stamps; and the other files' stamps it holds."""
    others = [(e.rel, stamp(e.rel)) for e in entries if e.kind not in ITEM_KINDS]
    years = sorted({e.year for e in entries if e.year is not None} | set(year_folders(root)))
    return store_key(root, others, years), others


Rest = tuple[str, dict[str, FileOutcome]]
"""The outcomes of the ledger's other files: a digest of the ledger's file names (`names`), and
per file (or path of a problem) its problems and obligations, stamps left out (the store's key
holds the other files' stamps)."""
NO_STAMP: Stamp = (0, 0, 0, 0)
REWRITE_FROM = 50
"""Files read from which a store still usable for the day is written again."""


Facts = tuple[str, int]
"""What a run took from the settings: the ledger's time zone and `rules.upcoming_days`."""


class Stored:
    """The outcomes of one run: its day (as an ordinal), per item file a `FileOutcome`, and the
    outcomes of the other files (`Rest`) when the run computed them; with the day, the `Facts` of
    the settings (the key holds the stamp of `ledger.yaml`: they hold while the key does, and the
    first process of a split run tells the day and the window of `due` by them without reading
    the settings). Read from a store, the outcomes' done and late obligations are None: `closed`
    reads them from the store's tail."""

    def __init__(
        self,
        day: int | None,
        files: dict[str, FileOutcome] | Columns,
        rest: Rest | None = None,
        tail: Callable[[], dict[str, bytes]] | None = None,
        facts: Facts | None = None,
        token: bytes | None = None,
    ) -> None:
        """`files`: the item files' outcomes, or the head's `Columns` they are put together from
        when first wanted."""
        self.day = day
        self._files = files if isinstance(files, dict) else None
        self.columns = files if isinstance(files, Columns) else None
        self.rest = rest
        self._tail = tail
        self.facts = facts
        self.token = token
        """Random bytes drawn at each write of the store (None for a store not read from a file):
        what is kept from what the store held (`reformctl.outcomes.lastview`) is tied to it."""
        self._closed: dict[str, bytes] | None = None

    @property
    def files(self) -> dict[str, FileOutcome]:
        """The item files' outcomes, by path (do not change it)."""
        if self._files is None:
            assert self.columns is not None
            self._files = self.columns.files()
        return self._files

    def __len__(self) -> int:
        """The number of item files' outcomes."""
        return len(self.columns.rels) if self.columns is not None and self._files is None else len(self.files)

    def unchanged(self, stamps: Mapping[str, Stamp | None]) -> set[str]:
        """The item files whose stamp is the one stored (`stamps`: of every item file): the
        outcomes `served` keeps."""
        if self.columns is not None and self._files is None:
            return self.columns.unchanged(stamps)
        return {rel for rel, found in self.files.items() if rel in stamps and found[0] == stamps[rel]}

    def outcomes_of(self, rels: Container[str]) -> dict[str, FileOutcome]:
        """The outcomes of the item files `rels`, in the store's order."""
        return {rel: found for rel, found in self.files.items() if rel in rels}

    def rest_for(self, names: str) -> dict[str, FileOutcome] | None:
        """The other files' outcomes, when the ledger's file names are the ones stored (`names`)."""
        return self.rest[1] if self.rest is not None and self.rest[0] == names else None

    def problems_of(self, rels: Iterable[str]) -> list[EncodedProblem]:
        """The stored problems of the item files `rels`."""
        if self.columns is not None and self._files is None:
            return self.columns.problems_of(rels)
        files = self.files
        return [p for rel in rels for p in files[rel][1]]

    def closed(self) -> dict[str, bytes]:
        """The done and late obligations of every stored outcome, packed, by path (read once).
        Raises ValueError when the tail cannot be read, or is not this head's."""
        if self._closed is None:
            if self._tail is None:
                raise ValueError("no stored tail")
            self._closed = self._tail()
        return self._closed


def served(
    stored: Stored, stamps: Mapping[str, Stamp | None], names: str, usable: bool
) -> tuple[dict[str, FileOutcome], dict[str, FileOutcome] | None]:
    """What a run may take from `stored`: the outcomes of the item files whose stamp is the one
    stored (`stamps`: of every item file), and the other files' outcomes when the ledger's file
    names are the ones stored (`names`, else None); nothing when the store is not `usable` (it was
    written for another day)."""
    if not usable:
        return {}, None
    return stored.outcomes_of(stored.unchanged(stamps)), stored.rest_for(names)


def picked(
    outcomes: Mapping[str, FileOutcome], pick: Pick, closed: Callable[[], Mapping[str, bytes]]
) -> list[tuple[str, EncodedObligation]]:
    """The stored obligations that `pick` shows, with their files. A file's open obligations are
    unpacked only when the view may show one, its others only for a view that shows them (read
    from the store's tail by `closed` when the outcome lacks them). Raises what `unpack` and
    `closed` raise."""
    out: list[tuple[str, EncodedObligation]] = []
    may_show, with_closed = pick.may_show, pick.shows_closed()
    tail: Mapping[str, bytes] | None = None
    for rel, found in outcomes.items():
        if may_show(found[2]):
            others = None
            if with_closed and found[4] is None:
                tail = closed() if tail is None else tail
                others = tail.get(rel)
            out += [
                (rel, e) for e in unpack(found, with_closed, others) if pick(e[0], e[1], e[4], e[8], e[6])
            ]
    return out


def names(rels: Iterable[str]) -> str:
    """A digest of the ledger's file names: the other files' checks look for subjects by name."""
    return hashlib.blake2b("\n".join(rels).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def checksum(payload: bytes | memoryview) -> bytes:
    return zlib.crc32(payload).to_bytes(DIGEST_SIZE, "big")


def read(path: Path, key: str, closed: bool = False) -> Stored:
    """The store at `path` when it was written under `key`; else an empty one. Its head only,
    unless `closed`: then every outcome holds its done and late obligations too (and a store whose
    tail cannot be read is none)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
            size = int.from_bytes(header[-LENGTH_SIZE:], "big")
            whole_size = os.fstat(handle.fileno()).st_size
            head = handle.read(size) if len(header) == HEADER_SIZE and size <= whole_size else b""
    except OSError:
        return Stored(None, {})
    stored = decode(header + head, key, _tail_reader(path, header[len(MAGIC) : len(MAGIC) + DIGEST_SIZE]))
    if not closed:
        return stored
    try:
        return whole(stored)
    except ValueError:
        return Stored(None, {})


def decode(data: bytes, key: str, tail: Callable[[], dict[str, bytes]] | None = None) -> Stored:
    """A store from the header and head of a store file (`read`)."""
    if len(data) <= HEADER_SIZE or not data.startswith(MAGIC):
        return Stored(None, {})
    size = int.from_bytes(data[HEADER_SIZE - LENGTH_SIZE : HEADER_SIZE], "big")
    payload = memoryview(data)[HEADER_SIZE:]  # not copied
    if len(payload) != size or checksum(payload) != data[len(MAGIC) : len(MAGIC) + DIGEST_SIZE]:
        return Stored(None, {})
    try:
        content = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return Stored(None, {})
    if not (isinstance(content, tuple) and len(content) == 6 and content[0] == key):
        return Stored(None, {})
    _, day, table, rest, facts, token = content
    files = Columns.of(table)
    if not (day is None or isinstance(day, int)) or files is None:
        return Stored(None, {})
    if rest is not None and not (
        isinstance(rest, tuple) and len(rest) == 2 and isinstance(rest[0], str) and _all_well_formed(rest[1])
    ):
        return Stored(None, {})
    if not (
        facts is None
        or (isinstance(facts, tuple) and len(facts) == 2 and type(facts[0]) is str and type(facts[1]) is int)
    ):
        return Stored(None, {})
    if not (type(token) is bytes and len(token) == TOKEN_SIZE):
        return Stored(None, {})
    return Stored(day, files, rest, tail, facts, token)


def _tail_reader(path: Path, head_digest: bytes) -> Callable[[], dict[str, bytes]]:
    """Reads the tail of the store at `path`, provided it is the tail of the head whose checksum
    is `head_digest` (the file may have been written again since its head was read)."""

    def tail() -> dict[str, bytes]:
        try:
            with path.open("rb") as handle:
                header = handle.read(HEADER_SIZE)
                if len(header) < HEADER_SIZE or header[len(MAGIC) : len(MAGIC) + DIGEST_SIZE] != head_digest:
                    raise ValueError("store written again")
                handle.seek(HEADER_SIZE + int.from_bytes(header[-LENGTH_SIZE:], "big"))  # past the head
                data = handle.read()
        except OSError as err:
            raise ValueError("store tail unreadable") from err
        digest, payload = data[:DIGEST_SIZE], memoryview(data)[DIGEST_SIZE:]
        if len(digest) != DIGEST_SIZE or checksum(payload) != digest:
            raise ValueError("store tail damaged")
        try:
            content = marshal.loads(payload)
        except (EOFError, TypeError) as err:
            raise ValueError("store tail damaged") from err
        if not (isinstance(content, tuple) and len(content) == 2 and content[0] == head_digest):
            raise ValueError("not this head's tail")
        found = content[1]
        if not isinstance(found, dict) or not all(type(v) is bytes for v in found.values()):
            raise ValueError("store tail damaged")
        return found

    return tail


def whole(stored: Stored) -> Stored:
    """`stored` with every outcome's done and late obligations (from its tail where it has none).
    Raises ValueError when one is not there."""
    closed = stored.closed() if _missing(stored) else {}

    def filled(files: Mapping[str, FileOutcome]) -> dict[str, FileOutcome]:
        out: dict[str, FileOutcome] = {}
        for rel, found in files.items():
            others = found[4] if found[4] is not None else closed.get(rel)
            if others is None:
                raise ValueError("stored outcome without its closed obligations")
            out[rel] = (found[0], found[1], found[2], found[3], others)
        return out

    rest = None if stored.rest is None else (stored.rest[0], filled(stored.rest[1]))
    return Stored(stored.day, filled(stored.files), rest, facts=stored.facts)


def _missing(stored: Stored) -> bool:
    rest = {} if stored.rest is None else stored.rest[1]
    return any(f[4] is None for f in stored.files.values()) or any(f[4] is None for f in rest.values())


def _table(files: Mapping[str, FileOutcome]) -> tuple[Any, ...]:
    """The item files' outcomes as the head holds them: in columns, so that the outcomes of a
    large ledger load as a few objects and are put together at C speed (`_files`), the stamps'
    sizes and inodes unsigned and their times signed, no open obligation as the earliest date 0
    (an ordinal is at least 1), problems only where there are. Raises ValueError, TypeError,
    OverflowError or IndexError for an outcome that `pack` does not make."""
    values = list(files.values())
    opened = [f[3] for f in values]
    return (
        tuple(files),
        array("Q", [n for f in values for n in (f[0][0], f[0][3])]).tobytes(),
        array("q", [t for f in values for t in (f[0][1], f[0][2])]).tobytes(),
        array("q", [0 if f[2] is None else f[2] for f in values]).tobytes(),
        {i: f[1] for i, f in enumerate(values) if f[1] != ()},
        b"".join(opened),
        array("q", accumulate(len(b) for b in opened)).tobytes(),
    )


class Columns:
    """The item files' outcomes as the head holds them (`_table`), checked: put together into
    outcomes only when wanted (a run that finds a few files changed, and takes what the last view
    of `due` showed, needs only which files changed and the problems of the others)."""

    __slots__ = ("blobs", "counts", "earliest", "ends", "problems", "rels", "times")

    def __init__(
        self,
        rels: tuple[str, ...],
        counts: array[int],
        times: array[int],
        earliest: array[int],
        problems: dict[int, tuple[EncodedProblem, ...]],
        blobs: bytes,
        ends: array[int],
    ) -> None:
        self.rels, self.counts, self.times, self.earliest = rels, counts, times, earliest
        self.problems, self.blobs, self.ends = problems, blobs, ends

    @classmethod
    def of(cls, table: object) -> Columns | None:
        """The columns of `table`; None when it is not what `_table` makes."""
        if not (isinstance(table, tuple) and len(table) == 7):
            return None
        rels, counts_bytes, times_bytes, earliest_bytes, problems, blobs, ends_bytes = table
        columns = (counts_bytes, times_bytes, earliest_bytes, blobs, ends_bytes)
        if not (
            isinstance(rels, tuple) and isinstance(problems, dict) and all(type(c) is bytes for c in columns)
        ):
            return None
        counts, times, earliest, ends = array("Q"), array("q"), array("q"), array("q")
        try:
            "".join(rels)  # every path text (at C speed)
            counts.frombytes(counts_bytes)
            times.frombytes(times_bytes)
            earliest.frombytes(earliest_bytes)
            ends.frombytes(ends_bytes)
        except (TypeError, ValueError):
            return None
        n = len(rels)
        if len(counts) != 2 * n or len(times) != 2 * n or len(earliest) != n or len(ends) != n:
            return None
        if n and ends[-1] != len(blobs):
            return None  # (ends out of order give empty obligations: they fail to unpack, when wanted)
        if len(set(rels)) != n:
            return None
        for i in problems:
            if type(i) is not int or not 0 <= i < n:
                return None
        return cls(rels, counts, times, earliest, problems, blobs, ends)

    def _stamps(self) -> Iterator[Stamp]:
        counts, times = self.counts, self.times
        return zip(counts[0::2], times[0::2], times[1::2], counts[1::2], strict=True)

    def files(self) -> dict[str, FileOutcome]:
        """The outcomes (their done and late obligations None: in the tail)."""
        n, blobs = len(self.rels), self.blobs
        opened = [blobs[a:b] for a, b in pairwise(chain((0,), self.ends))]
        earliest = [e or None for e in self.earliest]
        none: tuple[EncodedProblem, ...] = ()
        outcomes = zip(self._stamps(), repeat(none, n), earliest, opened, repeat(None, n), strict=True)
        files: dict[str, FileOutcome] = dict(zip(self.rels, outcomes, strict=True))
        for i, found in self.problems.items():
            rel = self.rels[i]
            files[rel] = (files[rel][0], found, *files[rel][2:])
        return files

    def unchanged(self, stamps: Mapping[str, Stamp | None]) -> set[str]:
        """`Stored.unchanged`, from the columns."""
        walked = map(stamps.get, self.rels)
        return {rel for rel, now, then in zip(self.rels, walked, self._stamps(), strict=True) if now == then}

    def problems_of(self, rels: Iterable[str]) -> list[EncodedProblem]:
        """`Stored.problems_of`, from the columns."""
        wanted = set(rels)
        return [p for i, found in sorted(self.problems.items()) if self.rels[i] in wanted for p in found]


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
        if value[4] is not None and type(value[4]) is not bytes:
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


def unpack(
    found: FileOutcome, closed: bool = True, others: bytes | None = None
) -> tuple[EncodedObligation, ...]:
    """A file's encoded obligations: the open ones, and the others too when `closed` (from
    `others`, the store's tail, when the outcome was read without them). Raises ValueError,
    EOFError or TypeError for what `pack` does not write."""
    opened = marshal.loads(found[3])
    if closed:
        packed = found[4] if found[4] is not None else others
        if packed is None:
            raise TypeError("closed obligations not read")
        rest = marshal.loads(packed)
    else:
        rest = ()
    if not (isinstance(opened, tuple) and isinstance(rest, tuple)):
        raise TypeError("not stored obligations")
    return opened + rest


def write(path: Path, key: str, stored: Stored, earlier: Stored | None = None) -> None:
    """Write the store atomically; any failure leaves no store (it is a cache). Outcomes read
    without their done and late obligations take them from `earlier`'s tail; when that cannot be
    read, they are left out (their files are read again next time)."""
    try:
        closed = earlier.closed() if earlier is not None and _missing(stored) else {}
    except ValueError:
        closed = {}

    def split(files: Mapping[str, FileOutcome]) -> tuple[dict[str, FileOutcome], dict[str, bytes | None]]:
        heads: dict[str, FileOutcome] = {}
        tails: dict[str, bytes | None] = {}
        for rel, found in files.items():
            others = found[4] if found[4] is not None or earlier is None else closed.get(rel)
            if others is None and earlier is not None:
                continue
            heads[rel] = (found[0], found[1], found[2], found[3], None)
            tails[rel] = others
        return heads, tails

    files, tails = split(stored.files)
    rest = None
    if stored.rest is not None:
        rest_files, rest_tails = split(stored.rest[1])
        if len(rest_files) == len(stored.rest[1]):
            rest = (stored.rest[0], rest_files)
            tails.update(rest_tails)
    try:
        head = marshal.dumps((key, stored.day, _table(files), rest, stored.facts, os.urandom(TOKEN_SIZE)))
        digest = checksum(head)
        tail = marshal.dumps((digest, tails))
    except (ValueError, TypeError, OverflowError, IndexError):  # not what `pack` makes
        return
    try:
        replace_file(
            path, MAGIC + digest + len(head).to_bytes(LENGTH_SIZE, "big") + head + checksum(tail) + tail
        )
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
        if not (type(subject) is str and type(title) is str and type(owner) is str):
            raise TypeError("not a stored obligation")
        if not (period is None or type(period) is str) or state not in STATES:
            raise TypeError("not a stored obligation")
        if type(days) is not int or not (line is None or type(line) is int):
            raise TypeError("not a stored obligation")
        if route is not None and not (type(route) is tuple and all(type(u) is str for u in route)):
            raise TypeError("not a stored obligation")
        known = self._days
        due_day = known.get(due) or self.day(due)
        done_day = None if done is None else (known.get(done) or self.day(done))
        return Obligation(
            self._rules[rule], subject, title, period, owner, route, due_day, done_day, state, days, rel, line
        )
