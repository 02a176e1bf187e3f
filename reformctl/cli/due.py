"""`reformctl due`: filter the obligations and render them in the asked format."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

from reformctl.errors import UsageError
from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules.engine import compute_obligations
from reformctl.rules.obligation import Obligation, Pick, sort_key


def picker(
    as_of: date,
    window: int,
    owners: Sequence[str],
    rules: Sequence[str],
    subject: str | None,
    everything: bool,
    open_only: bool = False,
) -> Pick:
    """The default view is open obligations due on or before as-of + window (overdue first)."""
    horizon = (as_of + timedelta(days=window)).toordinal()
    owner_set, rule_set = frozenset(owners), frozenset(rules)
    prefix = f"{subject}#"
    states = ("open", "due-soon", "overdue")

    def pick(rule: str, subj: str, owner: str, state: str, due: int) -> bool:
        if owner_set and owner not in owner_set:
            return False
        if rule_set and rule not in rule_set:
            return False
        if subject and subj != subject and not subj.startswith(prefix):
            return False
        if open_only and state not in states:
            return False
        return everything or open_only or (state in states and due <= horizon)

    return pick


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
