"""Finding the ledger folder: `--ledger`, `REFORMCTL_LEDGER`, or walking up like git finds .git."""

from __future__ import annotations

import os
from pathlib import Path

from reformctl.errors import ReformctlError

ENV_VAR = "REFORMCTL_LEDGER"
SETTINGS_FILE = "ledger.yaml"


def discover(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """Return the ledger folder (the one holding ledger.yaml)."""
    if explicit is None and os.environ.get(ENV_VAR):
        explicit = Path(os.environ[ENV_VAR])
    if explicit is not None:
        folder = explicit.parent if explicit.name == SETTINGS_FILE else explicit
        if not (folder / SETTINGS_FILE).is_file():
            raise ReformctlError("error.no-ledger-here", path=folder)
        return folder
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
        if (folder / "ledger" / SETTINGS_FILE).is_file():
            return folder / "ledger"
    raise ReformctlError("error.no-ledger-found", path=start)


def display_prefix(ledger_root: Path) -> str:
    """How to print the ledger folder: relative to the current directory when inside it."""
    rel = os.path.relpath(ledger_root, Path.cwd())
    return ledger_root.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def repository_root(start: Path) -> Path | None:
    """The root of the git repository holding `start` (the nearest folder upwards with a `.git`
    folder or file, as git finds it), else None. Reads no git data: no GitPython on the read path."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def annotation_prefix(ledger_root: Path) -> str:
    """How GitHub annotations name the ledger folder: relative to the root of its git repository,
    which is where GitHub reads `file=` from, whatever the current folder; outside a repository
    as `display_prefix` does."""
    repo = repository_root(ledger_root)
    if repo is None:
        return display_prefix(ledger_root)
    return Path(os.path.relpath(ledger_root.resolve(), repo)).as_posix()
