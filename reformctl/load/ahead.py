"""Files parsed ahead of the run that reads them.

In a split run (`reformctl.cli.split`) the first process, once it has looked the stored result up,
has nothing to do while the helper imports what computing needs. Meanwhile it parses the files
the run will surely read: `ledger.yaml`, `units.yaml`, and the tracked-item files touched since the
outcome store was written (at most `LIMIT`; the store has the others' outcomes), and hands them
over with the walk, encoded as the record cache stores a parsed file. The helper takes a file
parsed ahead only when the stamp it was read with is the one the run's walk gave it, and reads
every other file itself; so when only those files changed, the helper never loads the YAML parser.

Only the standard library, the YAML reader and the record cache's encoding are imported here.
"""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path
from typing import Any

from reformctl.load.cache import Parsed, Stamp, decode_entry, encode_entry, stamp_of
from reformctl.load.cachedir import outcome_store_file
from reformctl.load.fastyaml import YamlError, max_file_bytes, parse, read_limited
from reformctl.load.walk import Walk, current

LIMIT = 64
"""Item files parsed ahead at most (beyond, the run reads many files through the record cache)."""
FIRST = frozenset({"ledger.yaml", "units.yaml"})
ITEM_FOLDERS = ("projects/", "pilots/", "handovers/")

_AHEAD: dict[str, Any] = {}
"""In the helper: the folder ("root") and the files parsed ahead ("files": rel → (stamp, encoded))."""


def candidates(walk: Walk, since: int | None) -> list[str]:
    """`ledger.yaml`, `units.yaml`, and the item files modified or changed at or after `since`
    (ns; None: no item file), when there are at most `LIMIT` of those."""
    first: list[str] = []
    items: list[str] = []
    for rel, mode, _size, mtime, ctime, _ino in walk.rows:
        if not stat.S_ISREG(mode):
            continue
        if rel in FIRST:
            first.append(rel)
        elif (
            since is not None
            and rel.startswith(ITEM_FOLDERS)
            and rel.count("/") == 1
            and rel.endswith(".yaml")
            and max(mtime, ctime) >= since
        ):
            items.append(rel)
    return first + (items if len(items) <= LIMIT else [])


def parse_ahead(walk: Walk) -> bytes:
    """In the first process: the candidate files, each parsed as `reformctl.load.loader` parses it
    (its document, or the problem that stopped reading it) with the stamp it was read with, when
    that is the walk's; pickled for the helper."""
    root = Path(walk.root)
    try:
        since: int | None = os.stat(outcome_store_file(root)).st_mtime_ns
    except OSError:
        since = None
    limit = max_file_bytes()
    stamps = walk.stamps()
    files: dict[str, tuple[Stamp, Any]] = {}
    for rel in candidates(walk, since):
        try:
            raw, found = read_limited(root / rel, rel, limit)
        except YamlError:
            continue  # unreadable: the helper finds out itself
        parsed: Parsed
        try:
            parsed = parse(raw, rel, limit)
        except YamlError as err:
            parsed = err.problem
        stamp = stamp_of(found)
        if stamp != stamps.get(rel):
            continue  # changed since the walk: the run reads it as the walk did not see it
        try:
            files[rel] = (stamp, encode_entry(parsed))
        except ValueError:
            continue
    return pickle.dumps({"root": walk.root, "files": files}, protocol=pickle.HIGHEST_PROTOCOL)


def receive(payload: bytes) -> None:
    """In the helper: keep what the first process parsed (it comes from that process alone)."""
    found = pickle.loads(payload)
    _AHEAD.clear()
    if isinstance(found, dict) and isinstance(found.get("files"), dict):
        _AHEAD.update(found)


def take(root: Path, rel: str) -> Parsed | None:
    """The file `rel` of the ledger at `root` (resolved) as parsed ahead, when it was read with the
    stamp the run's walk gave it and still has; else None (the caller reads it). Still: the run
    may keep what it read under the file's stamp of now (the record cache)."""
    files = _AHEAD.get("files")
    if not files or _AHEAD.get("root") != str(root):
        return None
    got = files.pop(rel, None)
    if got is None:
        return None
    walked = current(root)
    if walked is None or walked.stamps().get(rel) != got[0]:
        return None
    try:
        if stamp_of(os.stat(root / rel)) != got[0]:
            return None
    except OSError:
        return None
    return decode_entry(rel, got[1])
