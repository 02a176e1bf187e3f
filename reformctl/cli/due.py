"""`reformctl due`: what each unit owes, in the asked format."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reformctl.cli.clock import resolve_as_of
from reformctl.cli.common import Loaded, Options, refuse_without_settings, store_file, warn_left_out
from reformctl.cli.compute import Progress, compute
from reformctl.cli.options import output_locale
from reformctl.cli.screen import colours, width
from reformctl.errors import UsageError, close_to
from reformctl.load.discover import discover
from reformctl.load.loader import load_settings
from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules.obligation import Obligation
from reformctl.rules.view import View, select


@dataclass(frozen=True, slots=True)
class DueResult:
    text: str | None
    """The output; None when nothing could be computed (errors in ledger.yaml or units.yaml)."""
    overdue: bool
    """Whether anything shown is overdue."""
    errors: bool
    """Whether the ledger has errors (files left out, or other errors: all on standard error)."""


def run_due(
    given: Options,
    ledger_opt: Path | None,
    as_of_opt: str | None,
    *,
    within: int | None,
    owners: Sequence[str],
    rules: Sequence[str],
    subject: str | None,
    everything: bool,
    fmt: str,
    locale: str | None,
    color: bool,
    progress: Progress | None = None,
) -> DueResult:
    """The `due` view, computed from every file that validates."""
    known_rules = sorted(r.value for r in RuleId)
    for r in rules:
        if r not in known_rules:
            raise UsageError(
                "error.rule-unknown", value=r, choices=known_rules, suggestion=close_to(r, known_rules)
            )
    root = discover(ledger_opt)
    settings = load_settings(root)
    as_of = resolve_as_of(as_of_opt, settings.timezone)
    window = settings.rules.upcoming_days if within is None else within
    view = View.of(
        as_of, window, owners, rules, subject, everything, open_only=fmt == "ics" and not everything
    )
    outcome = compute(root, as_of, store_file(root, given), closed=view.shows_closed, progress=progress)
    loaded = Loaded(root, outcome.ledger, outcome.problems, outcome.left_out)
    if refuse_without_settings(loaded, given.lang):
        return DueResult(None, False, True)
    ledger = outcome.ledger
    for o in owners:
        if o not in ledger.units:
            raise UsageError("error.owner-unknown", value=o, suggestion=close_to(o, ledger.units))
    chosen = select(outcome.obligations, view)
    chosen_locale = output_locale(locale, given, ledger.settings.value.locale)
    text = render_due(chosen, ledger, as_of, view, window, fmt, chosen_locale, color, loaded)
    errors = warn_left_out(loaded, chosen_locale)
    return DueResult(text, any(ob.state == "overdue" for ob in chosen), errors)


def render_due(
    chosen: Sequence[Obligation],
    ledger: Ledger,
    as_of: date,
    view: View,
    window: int,
    fmt: str,
    locale: str,
    color: bool,
    loaded: Loaded,
) -> str:
    """The obligations a view shows, in one of `due`'s formats; in JSON with the errors of the
    files left out, in table and Markdown under a banner naming them."""
    from reformctl.render import leftout

    if fmt == "json":
        from reformctl.render.duejson import render_json

        left_out = leftout.left_out_json(loaded.problems, loaded.left_out)
        return render_json(chosen, ledger.settings.value.name, as_of, left_out)
    if fmt == "md":
        from reformctl.render.due import render_md

        banner = leftout.banner_md(loaded.problems, loaded.left_out, locale)
        return banner + render_md(chosen, ledger, as_of, locale, view.everything, window)
    if fmt == "csv":
        from reformctl.render.due import render_csv

        return render_csv(chosen, ledger, locale)
    if fmt == "ics":
        from reformctl.render.ics import render_ics

        return render_ics(chosen, ledger, as_of, locale)
    from reformctl.render.table import due_text

    banner = leftout.banner_text(loaded.problems, loaded.left_out, locale)
    return banner + due_text(chosen, ledger, as_of, locale, view.everything, window, width(), colours(color))
