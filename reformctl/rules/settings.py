"""The settings the rules read: `rules:` of ledger.yaml over each rule's default (SPEC §3)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from reformctl.model.rule_ids import RuleId
from reformctl.model.settings import Rules
from reformctl.rules.calendar import month_day


@dataclass(frozen=True, slots=True)
class Yearly:
    """A rule due once a year on a month and day, `due: "MM-DD"` overrides it."""

    due: str


@dataclass(frozen=True, slots=True)
class Days:
    """A rule due a number of days after its trigger, `days: N` overrides it."""

    days: int


@dataclass(frozen=True, slots=True)
class Years:
    """A rule due a number of years after its trigger, `years: N` overrides it."""

    years: int


Default = Yearly | Days | Years
"""The one setting a rule takes besides `enabled`, with its default."""

SETTING_KEYS: Mapping[type[Default], str] = {Yearly: "due", Days: "days", Years: "years"}
"""The key of `rules.<rule>` in ledger.yaml that overrides each kind of default."""


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """`rules:` of ledger.yaml resolved against the defaults of the rule registry."""

    rules: Rules
    defaults: Mapping[RuleId, Default]

    @property
    def upcoming_days(self) -> int:
        return self.rules.upcoming_days

    @property
    def red_after_days(self) -> int:
        return self.rules.red_after_days

    def enabled(self, rule: RuleId) -> bool:
        return self.rules.override(rule).enabled

    def days(self, rule: RuleId) -> int:
        value = self.rules.override(rule).days
        default = self.defaults[rule]
        assert isinstance(default, Days), f"rule {rule} is not counted in days"
        return default.days if value is None else value

    def years(self, rule: RuleId) -> int:
        value = self.rules.override(rule).years
        default = self.defaults[rule]
        assert isinstance(default, Years), f"rule {rule} is not counted in years"
        return default.years if value is None else value

    def yearly_due(self, rule: RuleId, year: int) -> date:
        default = self.defaults[rule]
        assert isinstance(default, Yearly), f"rule {rule} is not due yearly"
        return month_day(year, self.rules.override(rule).due or default.due)
