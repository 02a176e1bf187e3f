"""Pausing the cyclic garbage collector while building many small acyclic objects.

Loading a ledger and computing its obligations allocate hundreds of thousands of dicts, tuples
and models that hold no reference cycles; the collector's repeated passes over them cost up to
half of the run time on large ledgers. Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector for the block; restore its previous state after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
