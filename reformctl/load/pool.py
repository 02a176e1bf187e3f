"""Work over many files in several processes: this one takes a share, forked workers the rest."""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def end_with(parent: int) -> None:
    """Have the kernel end this forked process when `parent` ends (on Linux; elsewhere nothing):
    killed outright (a timeout, the out-of-memory killer), a parent cannot end it itself, and an
    orphan would run on holding the parent's output streams open."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the request
        os._exit(0)


def in_chunks(
    items: Sequence[T],
    jobs: int,
    smallest: int,
    here: Callable[[Sequence[T]], R],
    there: Callable[[Sequence[T]], Any],
    back: Callable[[Sequence[T], Any], R],
) -> list[R]:
    """`here(chunk)` for each chunk of `items`, in order: every `jobs`-th chunk in this process,
    the others as `back(chunk, there(chunk))` with `there` run in forked workers (which see this
    process's memory as it was at the fork: module globals need not be sent). Chunks hold at
    least `smallest` items; with no processes available, everything runs here."""
    size = max(smallest, -(-len(items) // (jobs * 4)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    if jobs <= 1 or len(chunks) <= 1:
        return [here(chunk) for chunk in chunks]
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
    except (ImportError, ValueError):  # pragma: no cover - no fork on this platform
        return [here(chunk) for chunk in chunks]
    mine = range(0, len(chunks), jobs)
    parts: dict[int, R] = {}
    try:
        workers = min(jobs - 1, len(chunks) - len(mine))
        with ProcessPoolExecutor(
            max_workers=max(1, workers), mp_context=context, initializer=end_with, initargs=(os.getpid(),)
        ) as pool:
            futures = {i: pool.submit(there, chunk) for i, chunk in enumerate(chunks) if i % jobs}
            for i in mine:
                parts[i] = here(chunks[i])
            for i, future in futures.items():
                parts[i] = back(chunks[i], future.result())
    except (OSError, RuntimeError, pickle.PicklingError, EOFError):
        # No processes here (a sandbox, a broken pool): the same work, in this process.
        return [here(chunk) for chunk in chunks]
    return [parts[i] for i in range(len(chunks))]
