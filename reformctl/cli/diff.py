"""`reformctl diff`: load two revisions of the ledger, compare them, render the result."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reformctl.diff.compare import Names, Side, compare
from reformctl.diff.revisions import Revision, extract_ledger, ledger_path_in, open_repository, revisions
from reformctl.errors import Problem
from reformctl.model.ledger import Ledger
from reformctl.source import Located, SpanMap


def load_side(root: Path) -> Side:
    """A ledger folder on disk with every problem `check` finds (as `reformctl check` loads it)."""
    from reformctl.check import run_checks
    from reformctl.load.loader import load_ledger

    ledger, problems = load_ledger(root)
    found = sorted(set(problems) | set(run_checks(ledger)), key=Problem.sort_key)
    return Side(ledger, tuple(found))


def absent_side() -> Side:
    """The side of a revision that has no ledger folder: no records, no problems."""
    from reformctl.load.loader import FALLBACK_SETTINGS

    return Side(
        Ledger(settings=Located(FALLBACK_SETTINGS, SpanMap("ledger.yaml")), units_file=None), (), False
    )


def load_revision(repo: Any, rev: Revision, ledger_rel: str, work_root: Path, scratch: Path) -> Side:
    """The working tree's ledger in place, or the revision's ledger folder copied into `scratch`."""
    if rev.sha is None:
        return load_side(work_root)
    if not extract_ledger(repo, rev.sha, ledger_rel, scratch):
        return absent_side()
    return load_side(scratch)


def run_diff(
    ledger_opt: Path | None,
    revs: Sequence[str],
    as_of: str | None,
    fmt: str,
    choose_locale: Callable[[str], str],
    color: bool,
) -> tuple[str, bool]:
    """Render the change between two revisions; also say whether it adds check errors."""
    from reformctl.cli.options import resolve_as_of
    from reformctl.diff.render import DiffView, diff_text, render_json, render_md
    from reformctl.load.discover import discover

    root = discover(ledger_opt)
    repo = open_repository(root)
    ledger_rel = ledger_path_in(repo, root)
    old_rev, new_rev = revisions(repo, revs)
    with tempfile.TemporaryDirectory(prefix="reformctl-diff-") as tmp:
        old = load_revision(repo, old_rev, ledger_rel, root, Path(tmp) / "from")
        new = load_revision(repo, new_rev, ledger_rel, root, Path(tmp) / "to")
    settings = (new if new.present else old).ledger.settings.value
    day = resolve_as_of(as_of, settings.timezone)
    locale = choose_locale(settings.locale)
    view = DiffView(
        diff=compare(old, new, day),
        old=old_rev,
        new=new_rev,
        old_present=old.present,
        new_present=new.present,
        ledger_name=settings.name,
        ledger_dir=ledger_rel,
        names=Names.of(old.ledger, new.ledger),
    )
    failed = view.diff.adds_errors
    if fmt == "json":
        return render_json(view), failed
    if fmt == "md":
        return render_md(view, locale), failed
    from reformctl.cli.screen import colours, width

    return diff_text(view, locale, width(), colours(color)), failed
