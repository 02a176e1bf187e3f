"""Reading the files of a ledger: only regular files whose real path is inside the ledger, never
more than a size limit, and never in a way that can block (a FIFO, a device or a socket is refused
without being read)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reformctl.errors import Problem
from reformctl.message import Msg, msg
from reformctl.source import Span


class FileProblem(Exception):
    """A ledger file that cannot be read; carries one positioned problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def what_it_is(mode: int) -> Msg | None:
    """What a path that is neither a regular file nor a folder is (None when it is one of those)."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return Msg("problem.what.fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Msg("problem.what.device")
    if stat.S_ISSOCK(mode):
        return Msg("problem.what.socket")
    return Msg("problem.what.other")


def not_a_file(rel: str, what: Msg) -> Problem:
    return Problem(Span(rel, 1, 1), "not-a-file", msg("problem.not-a-file", what=what))


def outside(rel: str) -> Problem:
    return Problem(Span(rel, 1, 1), "outside-ledger", Msg("problem.outside-ledger"))


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, its links followed, is inside the folder `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def read_limited(path: str, rel: str, max_bytes: int) -> bytes:
    """A file's bytes, never more than `max_bytes` + 1 (enough to tell it is too large). Opened
    without blocking and read only when it is a regular file; raises FileProblem otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        detail = err.strerror or type(err).__name__
        raise FileProblem(
            Problem(Span(rel, 1, 1), "unreadable", msg("problem.unreadable", detail=detail))
        ) from None
    with os.fdopen(fd, "rb") as handle:
        found = os.fstat(fd)
        what = what_it_is(found.st_mode)
        if what is not None or stat.S_ISDIR(found.st_mode):
            raise FileProblem(not_a_file(rel, what or Msg("problem.what.folder")))
        # never more than the file holds: a huge limit must not allocate a huge buffer
        return handle.read(min(max_bytes, found.st_size) + 1)


def read_inside(root: Path, rel: str, max_bytes: int) -> bytes:
    """`read_limited` of `rel` in the ledger at `root`, refused when its real path is outside the
    ledger (a link out)."""
    path = root / rel
    if not inside(root, path):
        raise FileProblem(outside(rel))
    return read_limited(str(path), rel, max_bytes)
