"""`reformctl due`: filter the obligations and render them in the asked format."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

from reformctl.errors import UsageError
from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules.engine import compute_obligations
from reformctl.rules.obligation import Obligation, Pick, sort_key
from reformctl.rules.view import picker, select

if TYPE_CHECKING:
    from reformctl.render.duejson import Row


class Shown(Protocol):
    """The obligations of a ledger, as `reformctl.outcomes.derive.Outcome` has them."""

    def obligations(self, pick: Pick) -> list[Obligation]:
        """Those `pick` shows, in any order."""

    def rendered(self, pick: Pick) -> tuple[Sequence[Row], list[Obligation]] | None:
        """Those `pick` shows as JSON (`reformctl.render.duejson`): some rendered already as
        rows, the others not yet, each in any order; None when none is rendered yet."""


def run_due(
    ledger: Ledger,
    as_of: date,
    *,
    within: int | None,
    owners: Sequence[str],
    rules: Sequence[str],
    subject: str | None,
    everything: bool,
    fmt: str,
    locale: str,
    color: bool,
    shown: Shown | None = None,
) -> tuple[str, bool]:
    """Render the `due` view; also say whether anything shown is overdue. `shown`, when given,
    has the ledger's obligations as of `as_of` (else they are computed from `ledger`)."""
    known_rules = {r.value for r in RuleId}
    for r in rules:
        if r not in known_rules:
            raise UsageError(f"--rule '{r}' is not a rule; expected one of: {', '.join(sorted(known_rules))}")
    for o in owners:
        if o not in ledger.units:
            raise UsageError(f"--owner '{o}' is not a unit; expected an id from units.yaml")
    window = ledger.settings.value.rules.upcoming_days if within is None else within
    pick = picker(
        as_of, window, owners, rules, subject, everything, open_only=(fmt == "ics" and not everything)
    )
    name = ledger.settings.value.name
    rendered = None if shown is None or fmt != "json" else shown.rendered(pick)
    if rendered is not None:
        from reformctl.render import duejson

        rows = [*rendered[0], *(duejson.row(ob) for ob in rendered[1])]
        return duejson.render_rows(rows, name, as_of), any(r[1] for r in rows)
    if shown is None:
        chosen = select(compute_obligations(ledger, as_of), pick)
    else:
        chosen = sorted(shown.obligations(pick), key=sort_key)
    overdue = any(ob.state == "overdue" for ob in chosen)
    if fmt == "json":
        from reformctl.render.duejson import render_json

        return render_json(chosen, name, as_of), overdue
    if fmt == "md":
        from reformctl.render.due import render_md

        return render_md(chosen, ledger, as_of, locale, everything, window), overdue
    if fmt == "csv":
        from reformctl.render.due import render_csv

        return render_csv(chosen, ledger), overdue
    if fmt == "ics":
        from reformctl.render.ics import render_ics

        return render_ics(chosen, ledger, as_of, locale), overdue
    from reformctl.render.table import due_text

    width = shutil.get_terminal_size((100, 24)).columns  # honours COLUMNS
    return due_text(chosen, ledger, as_of, locale, everything, window, width, color), overdue
