"""The outcome store: the one cache. Per item file, its problems and obligations, keyed by content.

An item file's problems and obligations depend only on its own bytes and on the ledger's context
(docs/performance.md, "What a file's outcomes depend on"). So a run reads every file, and an item
file whose bytes hash to the digest the store holds for it takes its stored outcome instead of
being parsed, validated, checked and computed again, as long as the store was written for the
same *key*: the same code, the same context and, for obligations, the same as-of date.

One file per ledger in the user's cache folder, plain text, data only:

    line 1      {"format": 1, "code": "…", "context": "…", "as_of": "2026-07-10" | null}
    then        <file>\\t<digest>\\t<problems and open obligations>\\t<done and late obligations>

one line per item file, each of its last two fields a JSON list. The done and late obligations
are kept as text until a view shows them (the default view of `due` never does), and a line whose
file did not change is written back as it was read.

Nothing in the store is trusted: a line that is not what `write` writes, or a store of another
format, code or context, is as if it were not there. The cache folder is created private to the
user (0700); one that belongs to someone else or that others may write to is not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from reformctl import __version__

FORMAT = 1
PACKAGE = Path(__file__).resolve().parent.parent


def digest(data: bytes) -> str:
    """The content digest the store keys files by."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def cache_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """`$REFORMCTL_CACHE_DIR`, else `$XDG_CACHE_HOME/reformctl`, else `~/.cache/reformctl`;
    None when there is no home folder to put it in."""
    env = os.environ if env is None else env
    explicit = env.get("REFORMCTL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = env.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "reformctl"
    try:
        return Path.home() / ".cache" / "reformctl"
    except (RuntimeError, KeyError, OSError):
        return None


def cache_disabled(env: Mapping[str, str] | None = None) -> bool:
    """`REFORMCTL_NO_CACHE` set to anything but '', '0', 'false' or 'no' turns the store off."""
    value = (os.environ if env is None else env).get("REFORMCTL_NO_CACHE", "")
    return value.strip().lower() not in ("", "0", "false", "no")


class UnsafeFolder(Exception):
    """The cache folder may not be used; the message says why, in one line."""


def private_folder(folder: Path) -> Path:
    """`folder`, created private to the user when missing. Raises UnsafeFolder when it is not a
    folder of this user that only this user may write to, or cannot be made."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = os.stat(folder, follow_symlinks=False)
    except OSError as err:
        raise UnsafeFolder(f"cache folder {folder} cannot be made: {err.strerror}") from None
    if not stat.S_ISDIR(found.st_mode):
        raise UnsafeFolder(f"cache folder {folder} is not a folder")
    if hasattr(os, "getuid") and found.st_uid != os.getuid():
        raise UnsafeFolder(f"cache folder {folder} belongs to another user")
    if found.st_mode & 0o022:
        raise UnsafeFolder(f"cache folder {folder} may be written by other users (chmod 700 it)")
    return folder


def store_path(folder: Path, root: Path) -> Path:
    """The store of the ledger at `root` (by its absolute path) in the cache folder."""
    name = digest(str(root.resolve()).encode("utf-8", "surrogateescape"))
    return folder / f"outcomes-{name}.txt"


def code_digest(settings: Iterable[str] = ()) -> str:
    """What every stored outcome depends on besides the ledger: reformctl's own source files (their
    bytes), the versions of Python and of the libraries whose messages it passes on, and the
    reader's `settings` (e.g. the file size limit)."""
    import pydantic
    import yaml

    h = hashlib.blake2b(digest_size=16)
    for part in (str(FORMAT), __version__, sys.version, pydantic.VERSION, yaml.__version__, *settings):
        h.update(part.encode() + b"\0")
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        with contextlib.suppress(OSError):
            h.update(path.read_bytes())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Key:
    code: str
    context: str
    as_of: str | None
    """The day the obligations were computed for; None when none were (a `check`)."""

    def header(self) -> bytes:
        return orjson.dumps(
            {"format": FORMAT, "code": self.code, "context": self.context, "as_of": self.as_of}
        )


@dataclass(frozen=True, slots=True)
class Line:
    """One item file's outcome as stored."""

    digest: str
    head: bytes
    """JSON `[problems, open obligations or null]`."""
    closed: bytes
    """JSON: the done and late obligations, or null."""

    def decoded_head(self) -> tuple[list[Any], list[Any] | None]:
        """(problems, open obligations or None) as rows; raises ValueError when malformed."""
        value = orjson.loads(self.head)
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], list)):
            raise ValueError("not a stored outcome")
        if value[1] is not None and not isinstance(value[1], list):
            raise ValueError("not a stored outcome")
        return value[0], value[1]

    def decoded_closed(self) -> list[Any] | None:
        value = orjson.loads(self.closed)
        if value is not None and not isinstance(value, list):
            raise ValueError("not stored obligations")
        return value

    def encoded(self, file: str) -> bytes:
        return b"\t".join((file.encode(), self.digest.encode(), self.head, self.closed))


def encode(value: object) -> bytes:
    """JSON of plain data in which named tuples (problems, obligations) are lists of their fields
    and dates are YYYY-MM-DD."""
    return orjson.dumps(value, default=tuple)


def line_of(
    file_digest: str, problems: Sequence[Any], open_ones: Sequence[Any] | None, closed: Sequence[Any] | None
) -> Line:
    """A file's outcome as the store writes it: its problems, its open obligations and its done
    and late ones (None for the obligations of a run that computed none)."""
    return Line(file_digest, encode([problems, open_ones]), encode(closed))


@dataclass(frozen=True, slots=True)
class Stored:
    """What a store holds: its key and a line per item file."""

    key: Key
    lines: Mapping[str, Line]


def read(path: Path, code: str, context: str) -> Stored | None:
    """The store at `path` when it was written by this code for this context, else None."""
    try:
        with open(path, "rb") as handle:
            text = handle.read()
    except OSError:
        return None
    first, _, rest = text.partition(b"\n")
    try:
        header = orjson.loads(first)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    if header.get("code") != code or header.get("context") != context:
        return None
    as_of = header.get("as_of")
    if as_of is not None and not isinstance(as_of, str):
        return None
    lines: dict[str, Line] = {}
    for raw in rest.split(b"\n"):
        fields = raw.split(b"\t")
        if len(fields) != 4:
            continue
        try:
            file, file_digest = fields[0].decode(), fields[1].decode()
        except UnicodeDecodeError:
            continue
        lines[file] = Line(file_digest, fields[2], fields[3])
    return Stored(Key(code, context, as_of), lines)


def write(path: Path, key: Key, lines: Mapping[str, Line]) -> None:
    """Write the store atomically (a temporary file beside it, then a rename): a reader sees the
    old store or the new one. Raises OSError."""
    parts = [key.header()]
    parts += [line.encoded(file) for file, line in sorted(lines.items()) if _plain(file)]
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(b"\n".join(parts) + b"\n")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _plain(file: str) -> bool:
    return "\t" not in file and "\n" not in file
