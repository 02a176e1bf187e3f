"""`reformctl due`: filter the obligations and render them in the asked format."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reformctl.errors import UsageError
from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules.engine import compute_obligations
from reformctl.rules.obligation import OPEN_STATES, Obligation, Pick, sort_key


@dataclass(frozen=True, slots=True)
class View:
    """The obligations a `due` view shows (a `Pick`)."""

    horizon: int
    """The last due date (ordinal) shown by default."""
    owners: frozenset[str]
    rules: frozenset[str]
    subject: str | None
    everything: bool
    open_only: bool

    def __call__(self, rule: str, subject: str, owner: str, state: str, due: int) -> bool:
        if self.owners and owner not in self.owners:
            return False
        if self.rules and rule not in self.rules:
            return False
        wanted = self.subject
        if wanted and subject != wanted and not subject.startswith(f"{wanted}#"):
            return False
        if self.open_only:
            return state in OPEN_STATES
        return self.everything or (state in OPEN_STATES and due <= self.horizon)

    def may_show(self, earliest_open: int | None) -> bool:
        if self.open_only:
            return earliest_open is not None
        return self.everything or (earliest_open is not None and earliest_open <= self.horizon)

    def shows_closed(self) -> bool:
        return self.everything and not self.open_only


def picker(
    as_of: date,
    window: int,
    owners: Sequence[str],
    rules: Sequence[str],
    subject: str | None,
    everything: bool,
    open_only: bool = False,
) -> View:
    """The default view is open obligations due on or before as-of + window (overdue first)."""
    horizon = (as_of + timedelta(days=window)).toordinal()
    return View(horizon, frozenset(owners), frozenset(rules), subject, everything, open_only)


def select(obligations: Iterable[Obligation], pick: Pick) -> list[Obligation]:
    """The obligations `pick` shows, in their order."""
    return [
        ob for ob in obligations if pick(ob.rule.value, ob.subject, ob.owner, ob.state, ob.due.toordinal())
    ]


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
    obligations: Callable[[Pick], list[Obligation]] | None = None,
) -> tuple[str, bool]:
    """Render the `due` view; also say whether anything shown is overdue. `obligations`, when
    given, returns the ledger's obligations as of `as_of` that a `Pick` shows, in any order."""
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
    if obligations is None:
        chosen = select(compute_obligations(ledger, as_of), pick)
    else:
        chosen = sorted(obligations(pick), key=sort_key)
    overdue = any(ob.state == "overdue" for ob in chosen)
    if fmt == "json":
        from reformctl.render.due import render_json

        return render_json(chosen, ledger, as_of), overdue
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
