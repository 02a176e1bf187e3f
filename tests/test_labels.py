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


def test_dates_numbers_and_lists_as_the_documents_write_them() -> None:
    from reformctl.render.docx.parts import sub_number, subheading
    from reformctl.render.labels import join, paren
    from reformctl.render.prose import date_text, level_text

    assert date_text(date(2026, 6, 3), "zh-CN") == "2026年6月3日"
    assert date_text(date(2026, 6, 3), "en") == "3 June 2026"
    assert date_text(None, "en") is None
    assert [sub_number(i, "zh-CN") for i in (1, 10, 11)] == ["（一）", "（十）", "（11）"]
    assert subheading(2, "经济体制改革专项小组", "zh-CN") == "（二）经济体制改革专项小组"
    assert subheading(2, "Economy group", "en") == "(2) Economy group"
    assert join(["甲", "乙"], "zh-CN") == "甲、乙" and join(["a", "b"], "en") == "a, b"
    assert (
        join(["甲", "乙"], "zh-CN", "items") == "甲；乙" and join(["a, x", "b"], "en", "titles") == "a, x; b"
    )
    assert paren("标题", "说明", "zh-CN") == "标题（说明）" and paren("title", "note", "en") == "title (note)"
    assert level_text("provincial", "zh-CN") == "省级" and level_text("provincial", "en") == "provincial"


@pytest.mark.parametrize(
    ("state", "days", "verb", "zh", "en"),
    [
        ("done", 0, "submitted", "已于2026年7月2日报送", "submitted 2 July 2026"),
        ("late", 1, "rectified", "2026年7月2日整改到位（逾期1天）", "rectified 2 July 2026 (1 day late)"),
        ("late", 4, "resolved", "2026年7月2日办结（逾期4天）", "resolved 2 July 2026 (4 days late)"),
        ("overdue", -1, "reinspected", "逾期1天未复查", "1 day overdue"),
        ("overdue", -9, "done", "逾期9天未完成", "9 days overdue"),
        ("open", 5, "submitted", "应于2026年6月30日前报送", "due by 30 June 2026"),
    ],
)
def test_the_state_of_an_obligation_in_words(state: str, days: int, verb: str, zh: str, en: str) -> None:
    from reformctl.render.prose import state_words

    done = date(2026, 7, 2) if state in ("done", "late") else None
    ob = Obligation(
        RuleId.QUARTERLY_REPORT, "projects/p", "标题", "2026-Q2", "unit", None, date(2026, 6, 30), done,
        state, days, "p.yaml", 1,
    )  # fmt: skip
    assert state_words(ob, "zh-CN", verb) == zh
    assert state_words(ob, "en", verb) == en
