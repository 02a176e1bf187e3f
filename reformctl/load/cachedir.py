"""Where reformctl keeps its caches, and whether they are turned off (standard library only)."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "cache_dir",
    "cache_disabled",
    "dependency_stamps",
    "outcome_store_file",
    "replace_file",
    "source_stamps",
]


def cache_disabled(env: Mapping[str, str] | None = None) -> bool:
    """`REFORMCTL_NO_CACHE` set to anything but '', '0', 'false' or 'no' turns the cache off."""
    value = (os.environ if env is None else env).get("REFORMCTL_NO_CACHE", "")
    return value.strip().lower() not in ("", "0", "false", "no")


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """`$REFORMCTL_CACHE_DIR`, else `$XDG_CACHE_HOME/reformctl`, else `~/.cache/reformctl`."""
    env = os.environ if env is None else env
    explicit = env.get("REFORMCTL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = env.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "reformctl"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # no HOME and no password entry: a folder that is
        return Path(os.devnull) / "reformctl"  # never there, so that nothing is read or written
    return home / ".cache" / "reformctl"


def outcome_store_file(root: Path, env: Mapping[str, str] | None = None) -> Path:
    """The outcome store of the ledger at `root` (`reformctl.outcomes.store`)."""
    import hashlib

    key = hashlib.blake2b(str(root.resolve()).encode("utf-8", "surrogateescape"), digest_size=16)
    return cache_dir(env) / f"outcomes-{key.hexdigest()}.cache"


def replace_file(path: Path, data: bytes) -> None:
    """Write a cache file atomically (a temporary file beside it, then a rename): readers see the
    old file or the new one. Raises OSError; callers treat a cache that cannot be written as none."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


PACKAGE = Path(__file__).resolve().parent.parent


def source_stamps(parts: tuple[str, ...] = (".",)) -> list[str]:
    """'path:size:mtime_ns' of reformctl's own files under `parts` (folders, walked, or files;
    relative to the package), so that a cache built by other code is not used. Taken once per
    process: the caches of a run are keyed by the code it started with."""
    return list(_source_stamps(parts))


@functools.lru_cache(maxsize=8)
def _source_stamps(parts: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for part in parts:
        top = PACKAGE / part
        if top.is_file():
            files = [str(top)]
        else:
            files = []
            for folder, dirs, names in os.walk(top):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                files += [os.path.join(folder, n) for n in sorted(names) if not n.endswith((".pyc", ".pyo"))]
        for path in files:
            with contextlib.suppress(OSError):
                st = os.stat(path)
                out.append(f"{os.path.relpath(path, PACKAGE)}:{st.st_size}:{st.st_mtime_ns}")
    return tuple(out)


DEPENDENCIES = (
    "rich",
    "pydantic",
    "pydantic_core",
    "yaml",
    "orjson",
    "icalendar",
    "typer",
    "click",
    "tzdata",
)
"""The installed packages whose code decides what a command prints."""


@functools.lru_cache(maxsize=1)
def dependency_stamps() -> tuple[str, ...]:
    """'name:origin:size:mtime_ns' of each of `DEPENDENCIES` (found, not imported), taken once per
    process: another version of one gives the caches another key."""
    from importlib.util import find_spec

    out: list[str] = []
    for name in DEPENDENCIES:
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        if origin is None:
            out.append(f"{name}:-")
            continue
        with contextlib.suppress(OSError):
            st = os.stat(origin)
            out.append(f"{name}:{origin}:{st.st_size}:{st.st_mtime_ns}")
    return tuple(out)
