"""The outcome store: the one cache. Per item file, its problems and obligations, keyed by content.

An item file's problems and obligations depend only on its own bytes and on the ledger's context
(docs/performance.md, "What a file's outcomes depend on"). So a run reads every file, and an item
file whose bytes hash to the digest the store holds for it takes its stored outcome instead of
being parsed, validated, checked and computed again, as long as the store was written for the
same *key*: the same code, the same context and, for obligations, the same as-of date.

One file per ledger in the user's cache folder, plain text, data only:

    line 1   {"format": 2, "code": "…", "context": "…", "as_of": "2026-07-10" | null}
    line 2   {"<file>": ["<digest>", [problems], [open obligations] | null, loaded], …}
    then     <file>\t<digest>\t[done and late obligations]

Problems and obligations are JSON lists of their fields; a problem's message is its catalogue key
with the values of its placeholders (`reformctl.errors.problem_row`), so that a stored problem is
shown in either language. The done and late obligations, one line
per item file, stay text until a view shows them (the default view of `due` never does) or the
store is written again, when the lines of unchanged files are copied as they are.

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
from typing import Any, NamedTuple

import orjson

from reformctl import __version__
from reformctl.errors import Problem, problem_row

FORMAT = 4
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


class Head(NamedTuple):
    """An item file's digest, its problems, its open obligations (None when the run that stored
    it computed no obligations) and whether it was loaded (parsed and validated): the records, or
    their fields as read back."""

    digest: str
    problems: Sequence[Any]
    open: Sequence[Any] | None
    loaded: bool


Closed = tuple[str, bytes]
"""An item file's done and late obligations as JSON text, with the digest of the file they are
for."""


def encode(value: object) -> bytes:
    """JSON of plain data in which problems are `problem_row`s, other named tuples (obligations)
    lists of their fields, and dates YYYY-MM-DD."""
    return orjson.dumps(value, default=_as_data)


def _as_data(value: Any) -> object:
    return problem_row(value) if isinstance(value, Problem) else tuple(value)


@dataclass(frozen=True, slots=True)
class Stored:
    """What a store holds: its key, each item file's head, and the text of the closed part."""

    key: Key
    heads: Mapping[str, Head]
    rest: bytes = b""

    def closed(self) -> dict[str, Closed]:
        """Each item file's done and late obligations as stored (JSON text, not decoded)."""
        out: dict[str, Closed] = {}
        for raw in self.rest.split(b"\n"):
            fields = raw.split(b"\t", 2)
            if len(fields) == 3:
                with contextlib.suppress(UnicodeDecodeError):
                    out[fields[0].decode()] = (fields[1].decode(), fields[2])
        return out


def read(path: Path, code: str, context: str) -> Stored | None:
    """The store at `path` when it was written by this code for this context, else None. A head
    that is not what `write` writes is left out."""
    try:
        with open(path, "rb") as handle:
            text = handle.read()
    except OSError:
        return None
    parts = text.split(b"\n", 2)
    if len(parts) < 2:
        return None
    try:
        header, heads = orjson.loads(parts[0]), orjson.loads(parts[1])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT or not isinstance(heads, dict):
        return None
    if header.get("code") != code or header.get("context") != context:
        return None
    as_of = header.get("as_of")
    if as_of is not None and not isinstance(as_of, str):
        return None
    found = {file: Head(*value) for file, value in heads.items() if _is_head(value)}
    return Stored(Key(code, context, as_of), found, parts[2] if len(parts) == 3 else b"")


def _is_head(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 4
        and isinstance(value[0], str)
        and isinstance(value[1], list)
        and (value[2] is None or isinstance(value[2], list))
        and isinstance(value[3], bool)
    )


def write(path: Path, key: Key, heads: Mapping[str, Head], closed: Mapping[str, Closed]) -> None:
    """Write the store atomically (a temporary file beside it, then a rename): a reader sees the
    old store or the new one. Raises OSError."""
    files = sorted(file for file in heads if _plain(file))
    parts = [key.header(), encode({file: heads[file] for file in files})]
    parts += [b"\t".join((f.encode(), closed[f][0].encode(), closed[f][1])) for f in files if f in closed]
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
