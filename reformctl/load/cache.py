"""A cache of parsed, validated records, so that an unchanged ledger is not parsed again.

One file per ledger, in the user's cache folder (`$REFORMCTL_CACHE_DIR`, else
`$XDG_CACHE_HOME/reformctl`, else `~/.cache/reformctl`), named by a hash of the ledger's absolute
path. It never lives in the ledger folder: ledgers arrive through pull requests, and a cache file
committed to one must not be able to inject records.

What is stored, per ledger-relative path: the file's stamp (size, mtime_ns, ctime_ns, inode) and
the file as parsed — the plain data, the positions of its keys and values, and the problems of
parsing — or the one problem that stopped reading it. Validation is not cached: a hit is validated
again (Pydantic's core does it in a fraction of the parsing time), by the same code as a miss, so
cached and uncached runs give the same records and problems by construction, and nothing in a
cache file becomes a record without passing the models. An entry is served only when the stamp is
unchanged; a file touched within the last seconds is not stored (its mtime might not change on the
next write: "racy" stamps, as git does).

The file is `MAGIC + blake2b(payload) + payload`. Anything unexpected — another magic, a bad
checksum (truncated or corrupted), another format, tool, Python or Pydantic version, other model
code, another ledger, or an unpickling error — discards the whole cache: it is a cache, never
trusted. Unpickling is restricted to reformctl's own classes and `datetime.date`. Writes are
atomic (temporary file + rename) and any failure to read or write it is silently ignored.
Positions are kept as `marshal` bytes per file (several times faster than pickling them).
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import pickle
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from reformctl import __version__
from reformctl.errors import Problem
from reformctl.load.cachedir import cache_dir, replace_file, source_stamps
from reformctl.load.fastyaml import Document, max_file_bytes
from reformctl.load.walk import Stamp
from reformctl.source import SpanMap

FORMAT = 1
MAGIC = b"RFCTLC01"
DIGEST_SIZE = 32
RACY_SECONDS = 2.0
"""Files modified less than this long ago are read but not stored."""

Parsed = Document | Problem
"""A parsed file, or the one problem that stopped reading it."""
_Encoded = tuple[Any, ...]


def cache_file(root: Path, env: Mapping[str, str] | None = None) -> Path:
    """The cache file of the ledger at `root` (by its absolute, resolved path)."""
    key = hashlib.blake2b(str(root.resolve()).encode("utf-8", "surrogateescape"), digest_size=16)
    return cache_dir(env) / f"ledger-{key.hexdigest()}.cache"


def _code_stamp() -> str:
    """What the cached objects depend on: versions, and the model/loader code's file stamps."""
    import pydantic

    parts = [str(FORMAT), __version__, sys.version, pydantic.VERSION, str(max_file_bytes())]
    parts += source_stamps(("model", "load", "source.py", "errors.py"))
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


_ALLOWED = {
    ("datetime", "date"),
    ("reformctl.errors", "Problem"),
    ("reformctl.errors", "Severity"),
    ("reformctl.source", "Span"),
}


class _Unpickler(pickle.Unpickler):
    """Only plain data, dates and problems may be rebuilt from a cache file."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache file")


def stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class RecordCache:
    """The records of one ledger, by path and stamp; `save()` writes it back when it changed."""

    def __init__(
        self, root: Path, path: Path | None, records: dict[str, tuple[Stamp, str, _Encoded]]
    ) -> None:
        self.root = root
        self.path = path
        self.records = records
        self.hits = 0
        self.misses = 0
        self._dirty = False
        self._seen: set[str] = set()

    @classmethod
    def open(cls, root: Path, env: Mapping[str, str] | None = None) -> RecordCache:
        """The cache of the ledger at `root`; empty when there is none or it cannot be trusted."""
        from reformctl.load.gcpause import paused_gc

        root = root.resolve()
        path = cache_file(root, env)
        with paused_gc():
            return cls(root, path, _read(path, root))

    def get(self, rel: str, kind: str, stamp: Stamp) -> Parsed | None:
        self._seen.add(rel)
        found = self.records.get(rel)
        if found is None or found[0] != stamp or found[1] != kind:
            self.misses += 1
            return None
        try:
            parsed = decode_entry(rel, found[2])
        except (ValueError, TypeError, EOFError, IndexError):
            parsed = None
        if parsed is None:
            del self.records[rel]
            self._dirty = True
            self.misses += 1
            return None
        self.hits += 1
        return parsed

    def put(self, rel: str, kind: str, stamp: Stamp, parsed: Parsed, now: float | None = None) -> None:
        self._seen.add(rel)
        mtime = stamp[1] / 1e9
        if (time.time() if now is None else now) - mtime < RACY_SECONDS:
            if rel in self.records:  # the old entry is stale whatever happens
                del self.records[rel]
                self._dirty = True
            return
        try:
            encoded = encode_entry(parsed)
        except ValueError:  # something marshal cannot write: simply not cached
            return
        self.records[rel] = (stamp, kind, encoded)
        self._dirty = True

    def keep(self, rels: Iterable[str]) -> None:
        """Keep these files' entries on `save` although this run did not look them up."""
        self._seen.update(rels)

    def save(self) -> None:
        """Write the cache (atomically) when it changed; files no longer present are dropped."""
        gone = [rel for rel in self.records if rel not in self._seen]
        for rel in gone:
            del self.records[rel]
        if not (self._dirty or gone) or self.path is None:
            return
        try:
            payload = pickle.dumps(
                {"stamp": _code_stamp(), "root": str(self.root), "records": self.records},
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        digest = hashlib.blake2b(payload, digest_size=DIGEST_SIZE).digest()
        try:
            replace_file(self.path, MAGIC + digest + payload)
        except OSError:
            return
        self._dirty = False


def encode_entry(parsed: Parsed) -> _Encoded:
    if isinstance(parsed, Problem):
        return ("problem", parsed)
    spans = marshal.dumps((dict(parsed.spans.values), dict(parsed.spans.keys)))
    return ("doc", parsed.data, spans, tuple(parsed.problems), frozenset(parsed.bad_paths))


def decode_entry(rel: str, encoded: _Encoded) -> Parsed | None:
    """The parsed file of an entry, or None when the entry is not what `encode_entry` writes."""
    if encoded[0] == "problem" and len(encoded) == 2 and isinstance(encoded[1], Problem):
        return encoded[1]
    if encoded[0] != "doc" or len(encoded) != 5:
        return None
    _, data, spans, problems, bad_paths = encoded
    values, keys = marshal.loads(spans)
    if not (
        isinstance(values, dict)
        and isinstance(keys, dict)
        and isinstance(problems, tuple)
        and all(isinstance(p, Problem) for p in problems)
        and isinstance(bad_paths, frozenset)
    ):
        return None
    return Document(data, SpanMap(rel, values, keys), problems, bad_paths)


def _read(path: Path, root: Path) -> dict[str, tuple[Stamp, str, _Encoded]]:
    try:
        with path.open("rb") as handle:
            data = handle.read()
    except OSError:
        return {}
    return decode(data, root)


def decode(data: bytes, root: Path) -> dict[str, tuple[Stamp, str, _Encoded]]:
    """The records of a cache file's bytes, or {} when anything about them is not as written."""
    head = len(MAGIC) + DIGEST_SIZE
    if len(data) <= head or not data.startswith(MAGIC):
        return {}
    payload = data[head:]
    if hashlib.blake2b(payload, digest_size=DIGEST_SIZE).digest() != data[len(MAGIC) : head]:
        return {}
    try:
        content = _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # a cache is never trusted: any failure means "no cache"
        return {}
    if (
        not isinstance(content, dict)
        or content.get("stamp") != _code_stamp()
        or content.get("root") != str(root)
        or not isinstance(content.get("records"), dict)
    ):
        return {}
    records: dict[str, tuple[Stamp, str, _Encoded]] = content["records"]
    for rel, value in records.items():
        if not _well_formed(rel, value):
            return {}
    return records


def _well_formed(rel: object, value: object) -> bool:
    if not isinstance(rel, str) or not isinstance(value, tuple) or len(value) != 3:
        return False
    stamp, kind, result = value
    return (
        isinstance(stamp, tuple)
        and len(stamp) == 4
        and all(isinstance(n, int) for n in stamp)
        and isinstance(kind, str)
        and isinstance(result, tuple)
        and len(result) >= 1
    )
