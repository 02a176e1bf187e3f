"""A progress bar on standard error while a large ledger is read: shown only on a terminal, only
when the work has lasted more than about a second, never in CI logs (`CI` set), never with
`--format json`, and gone when the work is done (nothing of it stays on the screen)."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

from reformctl.cli.compute import Progress
from reformctl.i18n import text

DELAY_SECONDS = 1.0
"""How long the work may last before the bar appears (`REFORMCTL_PROGRESS_AFTER` overrides it)."""


def wanted(fmt: str) -> bool:
    """Whether a run may show the bar: standard error is a terminal, not in CI, not JSON."""
    if fmt == "json" or os.environ.get("CI"):
        return False
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (ValueError, OSError):
        return False


def delay() -> float:
    try:
        return max(float(os.environ.get("REFORMCTL_PROGRESS_AFTER", DELAY_SECONDS)), 0.0)
    except ValueError:
        return DELAY_SECONDS


class LateBar:
    """A rich progress bar that starts only once `after` seconds have passed."""

    def __init__(self, label: str, after: float) -> None:
        self.label = label
        self.after = after
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < self.after:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done, total=total)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextlib.contextmanager
def progress_bar(lang: str, fmt: str) -> Iterator[Progress | None]:
    """A `Progress` for `reformctl.cli.compute.compute` that draws the bar, or None when the bar
    is not wanted (then nothing is drawn)."""
    if not wanted(fmt):
        yield None
        return
    bar = LateBar(text(lang, "cli.progress"), delay())
    try:
        yield bar.update
    finally:
        bar.stop()
