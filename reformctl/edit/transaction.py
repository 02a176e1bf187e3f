"""One write: lock, build the change from fresh files, validate the ledger as it would be after
it, write atomically, commit exactly the touched files. A refused or failed write changes nothing.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reformctl.edit import gitio
from reformctl.edit.atomic import remove_stale_temps, restore, write_all
from reformctl.edit.message import generated_message, given_message
from reformctl.errors import EXIT_PROBLEMS, Problem, ReformctlError, Severity
from reformctl.i18n import plain, text
from reformctl.load.discover import display_prefix

LOCK_TIMEOUT_SECONDS = 60.0


class WriteRefused(ReformctlError):
    """The change would add problems to the ledger; nothing was written."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, problems: list[Problem], prefix: str = "") -> None:
        self.problems = problems
        self.prefix = prefix
        super().__init__("error.write-adds-problems", count=len(problems))

    def text(self, lang: str) -> str:
        lines = "\n".join(
            f"  {self.prefix}/{p}" if self.prefix not in ("", ".") else f"  {p}" for p in self.problems
        )
        return f"{super().text(lang)}\n{lines}"


class Noted(ReformctlError):
    """A refusal, with a note that ledger files have uncommitted changes (an interrupted write?)."""

    def __init__(self, err: ReformctlError, dirty: list[str]) -> None:
        self.err = err
        self.dirty = dirty
        self.exit_code = err.exit_code
        super().__init__(err.key)
        self.values, self.suggestion = err.values, err.suggestion

    def text(self, lang: str) -> str:
        shown = self.dirty[:5] + (["…"] if len(self.dirty) > 5 else [])
        key = "error.note-uncommitted" if len(self.dirty) == 1 else "error.note-uncommitted-many"
        return f"{self.err.text(lang)}\n{text(lang, key, paths=plain(shown, lang))}"


@dataclass(frozen=True, slots=True)
class Change:
    """New texts by ledger-relative path, and the commit message."""

    texts: Mapping[str, str]
    message: str


@dataclass(frozen=True, slots=True)
class Written:
    files: tuple[str, ...]
    message: str
    commit: str | None


def _errors(root: Path, overlay: Mapping[str, bytes] | None = None) -> list[Problem]:
    from reformctl.check import run_checks
    from reformctl.load.loader import load_ledger, overlay_reader, read_record

    if overlay is None:
        ledger, problems = load_ledger(root)
    else:
        missing = [rel for rel in overlay if not (root / rel).exists()]
        ledger, problems = load_ledger(root, overlay_reader(overlay, read_record), missing)
    return [p for p in problems + run_checks(ledger) if p.severity is Severity.ERROR]


def added_problems(root: Path, overlay: Mapping[str, bytes]) -> list[Problem]:
    """Errors present after the change that were not there before, with their positions after it.

    Problems are matched by (file, code, message), since the change may move lines.
    """
    before = Counter((p.span.path, p.code, p.message) for p in _errors(root))
    added = []
    for problem in sorted(_errors(root, overlay), key=Problem.sort_key):
        key = (problem.span.path, problem.code, problem.message)
        if before[key] > 0:
            before[key] -= 1
        else:
            added.append(problem)
    return added


def _with_uncommitted_note(err: ReformctlError, repo: Any, root: Path) -> ReformctlError:
    """`err`, with a note when ledger files have uncommitted changes: an interrupted write (or an
    edit in progress) may be why the change cannot be made, e.g. 'already recorded'."""
    try:
        dirty = gitio.uncommitted(repo, root)
    except Exception:  # git cannot tell (a damaged index…): the refusal as it is
        return err
    if not dirty:
        return err
    return Noted(err, dirty)


def run_write(
    root: Path,
    build: Callable[[], Change],
    *,
    commit: bool = True,
    message: str | None = None,
) -> Written:
    """Build and apply one change under the writers' lock; `message` (`--message`) replaces the
    change's own."""
    from filelock import FileLock, Timeout

    if message is not None:
        given_message(message)
    repo = gitio.open_repo(root)
    if repo is None and commit:
        raise gitio.GitRefusal("error.write-no-git", path=root)
    lock = FileLock(str(gitio.lock_path(repo, root)), timeout=LOCK_TIMEOUT_SECONDS)
    try:
        with lock:
            try:
                change = build()
            except ReformctlError as err:
                raise _with_uncommitted_note(err, repo, root) if commit else err from None
            final = message if message is not None else generated_message(change.message)
            paths = [root / rel for rel in change.texts]
            if commit:
                gitio.ensure_writable(repo, paths)
            overlay = {rel: text.encode("utf-8") for rel, text in change.texts.items()}
            added = added_problems(root, overlay)
            if added:
                raise WriteRefused(added, display_prefix(root))
            before = {p: (p.read_text(encoding="utf-8") if p.exists() else None) for p in paths}
            for path in paths:
                remove_stale_temps(path)
            write_all(root, change.texts)
            sha = None
            if commit:
                try:
                    sha = gitio.commit_paths(repo, paths, final)
                except BaseException:
                    restore(before)
                    with contextlib.suppress(Exception):  # git itself may be what failed
                        gitio.unstage(repo, paths)
                    raise
            return Written(tuple(change.texts), final, sha)
    except Timeout:
        raise ReformctlError("error.write-locked", lock=lock.lock_file) from None
