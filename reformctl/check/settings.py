"""Settings and blocks that would silently do nothing: warn, so the clerk is not misled."""

from __future__ import annotations

from collections.abc import Iterator

from reformctl.errors import Problem, Severity
from reformctl.message import Msg, Names, msg
from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules.engine import RULES
from reformctl.rules.settings import SETTING_KEYS

_TAKES: dict[str, frozenset[RuleId]] = {
    key: frozenset(r for r, rule in RULES.items() if isinstance(rule.default, kind))
    for kind, key in SETTING_KEYS.items()
}


def check_rule_overrides(ledger: Ledger) -> Iterator[Problem]:
    """An override key the rule does not use (`due` on a rule not due yearly, …) has no effect."""
    rec = ledger.settings
    for rule in RuleId:
        override = getattr(rec.value.rules, rule.value.replace("-", "_"))
        if override is None:
            continue
        for key, rules in _TAKES.items():
            if getattr(override, key) is not None and rule not in rules:
                takers = Names(tuple(r.value for r in RuleId if r in rules))
                yield Problem(
                    rec.spans.key("rules", rule.value, key),
                    "rule-override",
                    msg(
                        "problem.rule-override",
                        rule=rule.value,
                        setting=key,
                        what=Msg(f"problem.override.{key}"),
                        rules=takers,
                    ),
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
                    msg("problem.ignored-block", task=task.id, project=task.project, setting=key),
                    Severity.WARNING,
                )
