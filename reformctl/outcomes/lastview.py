"""What the last view of `due` showed from the outcome store, kept beside it for the next run.

`due` is run again and again with one view (the same day, window and filters) while a few files
change at a time. The first process of a split run (`reformctl.outcomes.prepared`) picks the
stored obligations the view shows and, for JSON, renders them: at 10,000 projects, some 3,000
obligations and a fifth of its work. What a view picks from a store depends on the store, the day
and the view alone, so it is kept in a file beside the store, tied to the store's `token` (drawn
anew at each write of the store), and a later run of the same view takes it, less what the files
it reads again showed. What the files read again by the run that kept it showed is not in it: a
run takes it only when those files are among its own (as they are while the store is not written
again: a changed file's stamp does not come back).

One file per ledger: `MAGIC + crc32(payload) + payload`, a `marshal` dump of
`(token, day, view, rendered, left_out, shown)`. A file that is damaged, of another store, day or
view, or of another shape, is ignored; writes are atomic; a file that cannot be written is none.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reformctl.load.cachedir import replace_file

MAGIC = b"RFCTLV01"
DIGEST_SIZE = 4

Shown = tuple[tuple[str, Any], ...]
"""What a view showed, each with its file: encoded obligations (`store.EncodedObligation`), or
rendered rows (`reformctl.render.duejson.Row`)."""


def view_file(store_file: Path) -> Path:
    """The file beside the outcome store at `store_file` that keeps its last view."""
    return store_file.with_suffix(".view")


def read(
    path: Path, token: bytes, day: int, view: tuple[Any, ...], rendered: bool
) -> tuple[frozenset[str], Shown] | None:
    """What was kept at `path` for the store of `token`, on `day`, for `view` (its fields) shown
    `rendered` or not: the files it leaves out (they were read again), and what the view showed
    of the others. None when nothing was kept for them."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    payload = memoryview(data)[len(MAGIC) + DIGEST_SIZE :]
    if not data.startswith(MAGIC) or _checksum(payload) != data[len(MAGIC) : len(MAGIC) + DIGEST_SIZE]:
        return None
    try:
        content = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(content, tuple) and len(content) == 6):
        return None
    kept_token, kept_day, kept_view, kept_rendered, left_out, shown = content
    if (kept_token, kept_day, kept_view, kept_rendered) != (token, day, view, rendered):
        return None
    if not (
        type(left_out) is frozenset
        and all(type(rel) is str for rel in left_out)
        and _well_formed(shown, rendered)
    ):
        return None
    return left_out, shown


def write(
    path: Path,
    token: bytes,
    day: int,
    view: tuple[Any, ...],
    rendered: bool,
    left_out: frozenset[str],
    shown: Sequence[tuple[str, Any]],
) -> None:
    """Keep what `view` showed of the store of `token` on `day` (all but the files `left_out`);
    a file that cannot be written is none."""
    try:
        payload = marshal.dumps((token, day, view, rendered, left_out, tuple(shown)))
    except ValueError:
        return
    try:
        replace_file(path, MAGIC + _checksum(payload) + payload)
    except OSError:
        return


def _checksum(payload: bytes | memoryview) -> bytes:
    return zlib.crc32(payload).to_bytes(DIGEST_SIZE, "big")


def _well_formed(shown: object, rendered: bool) -> bool:
    """The shape `write` gives what was shown (one loop: a view shows thousands); the obligations
    are checked when they are rebuilt (`store.ObligationDecoder`)."""
    if type(shown) is not tuple:
        return False
    for found in shown:
        if type(found) is not tuple or len(found) != 2 or type(found[0]) is not str:
            return False
        value = found[1]
        if type(value) is not tuple:
            return False
        if rendered and not (
            len(value) == 3 and type(value[0]) is tuple and type(value[1]) is bool and type(value[2]) is bytes
        ):
            return False
    return True
