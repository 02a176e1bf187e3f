"""One walk over a ledger folder, shared by everything a run needs to know about its files.

A read command needs, before it reads anything: the fingerprint of the folder (to replay or store
its result, `reformctl.cli.results`), the list of ledger files by kind (`reformctl.load.layout`)
and the stamps of the tracked-item files (`reformctl.outcomes`). On a ledger of 13,000 files each
of these is a walk of a tenth of a second, so a run walks once: the walk is taken by whoever needs
it first and made `current` for the rest of the command.

Only the standard library is imported here: the replay of a stored result uses it before anything
else is loaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

Stamp = tuple[int, int, int, int]
"""A file's size, mtime_ns, ctime_ns and inode: what tells that it changed."""
Row = tuple[str, int, int, int, int, int]
"""A visible name under the folder (relative, '/'-separated), its mode, size, mtime_ns, ctime_ns
and inode, as `os.stat` gave them when the walk passed."""


class Walk:
    """Every visible name under `root` (hidden names are skipped, with what is under them).

    A plain class: a replay imports this module first, and `dataclasses` costs it 20 ms."""

    __slots__ = ("_fingerprint", "_newest", "_packed", "_rows", "_stamps", "root", "started")

    def __init__(
        self,
        root: str,
        rows: tuple[Row, ...] | bytes,
        started: int,
        fingerprint: str | None = None,
        newest: int | None = None,
    ) -> None:
        """`rows`, or them packed (`packed`): unpacked when first wanted."""
        self.root = root
        self._rows = rows if isinstance(rows, tuple) else None
        self._packed = rows if isinstance(rows, bytes) else None
        self.started = started
        """time.time_ns() when the walk began: stamps newer than this minus a few seconds may
        not change when their files do (see `settled`)."""
        self._fingerprint = fingerprint
        self._newest = newest
        self._stamps: dict[str, Stamp] | None = None

    @property
    def rows(self) -> tuple[Row, ...]:
        """Each folder's names sorted, a folder's rows before the rows under it."""
        if self._rows is None:
            assert self._packed is not None
            self._rows = marshal.loads(self._packed)
        return self._rows

    def packed(self) -> bytes:
        """The rows in a form another process rebuilds them from (`reformctl.cli.split`), when
        it wants them: a run handed over with stored outcomes worked out may never."""
        if self._packed is None:
            self._packed = marshal.dumps(self.rows)
        return self._packed

    def fingerprint(self) -> str:
        """A digest of every name with its stamp (a folder by its name only); taken once."""
        if self._fingerprint is None:
            # marshal format 2 writes no back-references, so equal rows always give equal bytes
            rows = [(r[0],) if stat.S_ISDIR(r[1]) else (r[0], r[2], r[3], r[4], r[5]) for r in self.rows]
            self._fingerprint = hashlib.blake2b(marshal.dumps(rows, 2), digest_size=20).hexdigest()
        return self._fingerprint

    def newest(self) -> int:
        """The newest modification or change time of a file, in ns (0 for none); taken once."""
        if self._newest is None:
            self._newest = max((max(r[3], r[4]) for r in self.rows if not stat.S_ISDIR(r[1])), default=0)
        return self._newest

    def settled(self, seconds: float) -> bool:
        """Whether every file was last touched at least `seconds` before the walk began. Then a
        later change to any of them gives it a new stamp (the clock has moved past its tick)."""
        return self.started - self.newest() >= seconds * 1e9

    def stamps(self) -> dict[str, Stamp]:
        """The stamp (size, mtime_ns, ctime_ns, inode) of every file, by relative path; taken
        once (do not change it)."""
        if self._stamps is None:
            self._stamps = {r[0]: (r[2], r[3], r[4], r[5]) for r in self.rows if not stat.S_ISDIR(r[1])}
        return self._stamps


def walk(root: Path) -> Walk | None:
    """Walk `root` (an absolute, resolved folder); None when it holds a symbolic link (what it
    points to may change unseen) or a folder cannot be read."""
    started = time.time_ns()
    out: list[Row] = []
    stack = [("", str(root))]
    while stack:
        rel, path = stack.pop()
        below: list[tuple[str, str]] = []
        fd: int | None = None
        try:
            if _BY_FOLDER:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            for name in sorted(n for n in os.listdir(path if fd is None else fd) if n[0] != "."):
                if fd is None:
                    st = os.lstat(os.path.join(path, name))
                else:
                    st = os.stat(name, dir_fd=fd, follow_symlinks=False)
                mode = st.st_mode
                kind = _IFMT(mode)
                if kind == _LINK:
                    return None
                found = rel + name
                out.append((found, mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
                if kind == _DIR:
                    below.append((found + "/", os.path.join(path, name)))
        except OSError:
            return None
        finally:
            if fd is not None:
                os.close(fd)
        stack.extend(reversed(below))
    return Walk(str(root), tuple(out), started)


_BY_FOLDER = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd
"""Whether names can be listed and stamped relative to an open folder (POSIX): a third faster
than by path, each stamp a system call either way."""
_IFMT, _LINK, _DIR = stat.S_IFMT, stat.S_IFLNK, stat.S_IFDIR


_CURRENT: list[Walk] = []


@contextlib.contextmanager
def sharing(found: Walk | None) -> Iterator[None]:
    """Within the block, `current(root)` gives `found` for its folder."""
    if found is None:
        yield
        return
    _CURRENT.append(found)
    try:
        yield
    finally:
        _CURRENT.remove(found)


def current(root: Path) -> Walk | None:
    """The walk of `root` this command took at its start, if any."""
    folder = str(root)
    for found in reversed(_CURRENT):
        if found.root == folder:
            return found
    return None
