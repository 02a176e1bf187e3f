"""Words of the human formats (reformctl.render.labels, reformctl.render.prose): singular and
plural in English, periods in words, never a code."""

from __future__ import annotations

from datetime import date

import pytest

from reformctl.model.rule_ids import RuleId
from reformctl.render.labels import days_text, label, plural, plural_noun
from reformctl.render.prose import period_label
from reformctl.rules.obligation import Obligation


def test_one_and_many() -> None:
    assert days_text("en", "overdue", -1) == "1 day overdue"
    assert days_text("en", "overdue", -3) == "3 days overdue"
    assert days_text("en", "late", 1) == "1 day late"
    assert days_text("en", "open", 1) == "in 1 day"
    assert days_text("zh-CN", "overdue", -1) == "逾期1天"
    assert label("en", "lib.count", n=1) == "1 project in the library."
    assert label("en", "left-out.others", n=1) == "The ledger has 1 other error; run reformctl check."
    assert label("en", "left-out.others", n=2) == "The ledger has 2 other errors; run reformctl check."
    assert plural(1, "finding") == "1 finding" and plural(0, "finding") == "0 findings"
    assert plural(2, "year-end summary") == "2 year-end summaries"
    assert plural_noun("annual key points", "en") == "annual key points"
    assert plural_noun("hand-over sheet", "en") == "hand-over sheets"
    assert plural_noun("时间节点", "zh-CN") == "时间节点"


def _ob(rule: RuleId, period: str | None) -> Obligation:
    return Obligation(
        rule, "projects/p", "标题", period, "unit", None, date(2026, 6, 30), None, "open", 1, "p.yaml", 1
    )


@pytest.mark.parametrize(
    ("rule", "period", "zh", "en"),
    [
        (RuleId.QUARTERLY_REPORT, "2026-Q2", "2026年第二季度", "Q2 2026"),
        (RuleId.HALFYEAR_REPORT, "2026-H1", "2026年上半年", "H1 2026"),
        (RuleId.MONTHLY_CONTACT, "2026-06", "2026年6月", "June 2026"),
        (RuleId.KEYPOINTS, "2026", "2026年", "2026"),
        (RuleId.MILESTONE, "m3", "第3个时间节点", "milestone 3"),
        (RuleId.EFFECT_EVALUATION, "effect", "效果评估", "effect evaluation"),
        (RuleId.SUMMARY_EVALUATION, "summary", "总结评估", "summary evaluation"),
        (RuleId.FILING, None, "—", "—"),
    ],
)
def test_periods_in_words(rule: RuleId, period: str | None, zh: str, en: str) -> None:
    assert period_label(_ob(rule, period), "zh-CN") == zh
    assert period_label(_ob(rule, period), "en") == en
