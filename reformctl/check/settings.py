"""Settings and blocks that would silently do nothing: warn, so the clerk is not misled."""

from __future__ import annotations

from collections.abc import Iterator

from reformctl.errors import Problem, Severity
from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules.engine import RULES
from reformctl.rules.settings import SETTING_KEYS

_TAKES: dict[str, frozenset[RuleId]] = {
    key: frozenset(r for r, rule in RULES.items() if isinstance(rule.default, kind))
    for kind, key in SETTING_KEYS.items()
}
_WHAT = {"due": "a yearly due date", "days": "a number of days", "years": "a number of years"}


def check_rule_overrides(ledger: Ledger) -> Iterator[Problem]:
    """An override key the rule does not use (`due` on a rule not due yearly, …) has no effect."""
    rec = ledger.settings
    for rule in RuleId:
        override = getattr(rec.value.rules, rule.value.replace("-", "_"))
        if override is None:
            continue
        for key, rules in _TAKES.items():
            if getattr(override, key) is not None and rule not in rules:
                takers = ", ".join(r.value for r in RuleId if r in rules)
                yield Problem(
                    rec.spans.key("rules", rule.value, key),
                    "rule-override",
                    f"rule {rule.value} takes no {key}; it has no effect (rules with {_WHAT[key]}: {takers})",
                    Severity.WARNING,
                )


def check_task_blocks(ledger: Ledger) -> Iterator[Problem]:
    """A key-points task with `project:` is that project: its own plan and milestones are unused."""
    for _, kp, i, task in ledger.tasks():
        if task.project is None:
            continue
        for key in ("plan", "milestones"):
            if getattr(task, key):
                yield Problem(
                    kp.spans.key("tasks", i, key),
                    "ignored-block",
                    f"task {task.id} is the library project '{task.project}', so its own {key} "
                    f"are not used; expected them in projects/{task.project}.yaml",
                    Severity.WARNING,
                )
