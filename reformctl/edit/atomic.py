"""Atomic file writes: a temporary file in the same folder, fsync, rename; rollback on failure."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from reformctl.errors import DataRefusal, ReformctlError


def _temp_copy(path: Path, text: str) -> str:
    """`text` in a synced temporary file beside `path` (same file system, so a rename is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _umask() -> int:
    """The process's file creation mask (read by setting it, then put back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale_temps(path: Path) -> None:
    """Remove temporary copies of `path` left by a writer that was killed before its rename.

    Call it only under the writers' lock: then no other writer can be using one."""
    with contextlib.suppress(OSError):
        for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that readers see the old file or the new one, never half; the
    file keeps its mode (a new one gets the mode any new file gets, by the umask)."""
    tmp = _temp_copy(path, text)
    try:
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_all(root: Path, texts: Mapping[str, str]) -> None:
    """Write several files atomically each; if one fails, put back every file already written."""
    before: dict[Path, str | None] = {}
    try:
        for rel, text in texts.items():
            path = root / rel
            before[path] = path.read_text(encoding="utf-8") if path.exists() else None
            write_atomic(path, text)
    except OSError as err:
        restore(before)
        raise ReformctlError("error.write-failed", path=str(err.filename), reason=err.strerror) from None


def restore(before: Mapping[Path, str | None]) -> None:
    """Put files back as they were (remove those that did not exist)."""
    for path, text in before.items():
        with contextlib.suppress(OSError):
            if text is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, text)


class FileExistsRefusal(DataRefusal):
    """The target already exists and the write must not replace it (exit 1)."""
