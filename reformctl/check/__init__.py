"""`reformctl check`: every check of SPEC §5, one registry, one loop."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from reformctl.check.dates import check_date_order
from reformctl.check.refs import (
    check_handovers,
    check_milestone_ids,
    check_pilots,
    check_projects,
    check_units,
    check_years,
)
from reformctl.check.salvage import salvaged_problems
from reformctl.check.seed import (
    check_one_leader_one_team,
    check_pilot_level,
    check_plan_review,
    check_reinspection,
)
from reformctl.check.settings import check_rule_overrides, check_task_blocks
from reformctl.errors import Problem
from reformctl.model.ledger import Ledger

Check = Callable[[Ledger], Iterator[Problem]]

CHECKS: tuple[Check, ...] = (
    check_units,
    check_projects,
    check_pilots,
    check_handovers,
    check_years,
    check_milestone_ids,
    check_date_order,
    check_plan_review,
    check_pilot_level,
    check_one_leader_one_team,
    check_reinspection,
    check_rule_overrides,
    check_task_blocks,
)
"""Checks whose every problem depends only on the file it names and on the ledger's context
(ledger.yaml, units.yaml, the year folders' names and files, the ledger's file names), never on
another item file's content: the outcome store keeps their problems with the file
(docs/performance.md)."""

WHOLE_LEDGER_CHECKS: tuple[Check, ...] = ()
"""Checks that compare item files with one another. While there is any, no run takes stored
outcomes."""


def run_checks(ledger: Ledger) -> list[Problem]:
    """Every problem every check finds, sorted by file, line, column; for a file that did not
    validate, what its own checks find in the fields that did (`reformctl.check.salvage`)."""
    found = {p for check in (*CHECKS, *WHOLE_LEDGER_CHECKS) for p in check(ledger)}
    for salvaged in ledger.salvaged:
        found |= salvaged_problems(salvaged, CHECKS)
    return sorted(found, key=Problem.sort_key)
