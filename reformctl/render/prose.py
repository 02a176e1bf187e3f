"""Dates, periods and obligations in prose, as the office's documents write them (zh-CN, en)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reformctl.model.ledger import Ledger
from reformctl.model.patterns import Period
from reformctl.render.labels import label, plural
from reformctl.rules.obligation import Obligation

Data = dict[str, Any]
ZH_NUMERALS = "〇一二三四五六七八九十"
EN_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
LEVELS = {
    "zh-CN": {"national": "国家级", "provincial": "省级", "municipal": "市级", "local": "自主"},
    "en": {
        "national": "national",
        "provincial": "provincial",
        "municipal": "municipal",
        "local": "local",
    },
}

# Dates and periods in prose ---------------------------------------------------------------------


def date_text(day: date | None, locale: str) -> str | None:
    """`2026年6月30日` (zh-CN) or `30 June 2026` (en); None stays None (rendered "—")."""
    if day is None:
        return None
    if locale == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"


def period_text(text: str | None, locale: str) -> str:
    if not text:
        return ""
    try:
        p = Period.parse(text)
    except ValueError:
        return text
    zh = locale == "zh-CN"
    if p.kind == "quarter":
        return f"{p.year}年第{ZH_NUMERALS[p.index]}季度" if zh else f"Q{p.index} {p.year}"
    if p.kind == "half":
        return f"{p.year}年{'上' if p.index == 1 else '下'}半年" if zh else f"H{p.index} {p.year}"
    if p.kind == "month":
        return f"{p.year}年{p.index}月" if zh else f"{EN_MONTHS[p.index - 1]} {p.year}"
    return f"{p.year}年" if zh else str(p.year)


def period_label(ob: Obligation, locale: str) -> str:
    """An obligation's period as a person reads it, in every human format (tables, Markdown, CSV,
    the site): 2026年第二季度 / Q2 2026 for a period, 第3个时间节点 / milestone 3 for a milestone
    (SPEC §8: `m<n>`), the kind of an evaluation (效果评估 / effect evaluation), "—" for none."""
    p = ob.period
    if p is None:
        return "—"
    if ob.rule.value.endswith("-evaluation"):
        return label(locale, f"rule.{p}-evaluation")
    if p[:1] == "m" and p[1:].isdigit():
        return label(locale, "period.milestone", n=int(p[1:]))
    return period_text(p, locale)


# Obligations in words -----------------------------------------------------------------------------


def item_titles(ledger: Ledger) -> dict[str, str]:
    out = {f"projects/{k}": r.value.title for k, r in ledger.projects.items()}
    out.update({f"pilots/{k}": r.value.title for k, r in ledger.pilots.items()})
    for year, _kp, _i, task in ledger.tasks():
        out[f"{year}/keypoints#{task.id}"] = task.title
    for year, content in ledger.years.items():
        for gid, wp in content.workplans.items():
            for it in wp.value.items:
                out[f"{year}/workplans/{gid}#{it.id}"] = it.title
    return out


def describe(ob: Obligation, ledger: Ledger, locale: str, titles: dict[str, str]) -> Data:
    """One obligation as the bulletin names it: unit, what, verb, dates, days."""
    what, verb = label(locale, f"phrase.{ob.rule.value}"), label(locale, f"verb.{ob.rule.value}")
    item = titles.get(ob.subject, ob.title)
    milestone = ob.title
    for sep in ("：", ": "):  # obligation titles follow the ledger's locale (rules/titles.py)
        if ob.title.startswith(item + sep):
            milestone = ob.title[len(item + sep) :]
    text = what.format(title=ob.title, period=period_text(ob.period, locale), item=item, milestone=milestone)
    return {
        "unit": ledger.unit_name(ob.owner),
        "what": text.replace("改革改革", "改革"),
        "verb": verb,
        "rule": label(locale, f"rule.{ob.rule.value}"),
        "due": date_text(ob.due, locale),
        "done": date_text(ob.done, locale),
        "days": abs(ob.days),
        "state": ob.state,
    }


def by_unit(described: Sequence[Data]) -> list[Data]:
    """Group described obligations by unit, in order of each unit's first (earliest) item."""
    groups: dict[str, list[Data]] = {}
    for d in described:
        groups.setdefault(d["unit"], []).append(d)
    return [{"unit": unit, "entries": entries} for unit, entries in groups.items()]


VERBS_EN = {
    "完成": "done",
    "报送": "submitted",
    "整改到位": "rectified",
    "复查": "re-inspected",
    "办结": "resolved",
}


def state_words(
    ob: Obligation | None, locale: str, verb: str = "完成", open_text: str | None = None
) -> str | None:
    """A short status of one obligation: 已于…报送 / …报送（逾期N天） / 逾期N天未报送 / 应于…前报送.

    `verb` is the Chinese verb; `open_text` replaces the words for an obligation not yet due."""
    if ob is None:
        return None
    zh = locale == "zh-CN"
    en = VERBS_EN.get(verb, "done")
    done = date_text(ob.done, locale)
    if ob.state == "done":
        return f"已于{done}{verb}" if zh else f"{en} {done}"
    if ob.state == "late":
        return f"{done}{verb}（逾期{ob.days}天）" if zh else f"{en} {done} ({plural(ob.days, 'day')} late)"
    if ob.state == "overdue":
        return f"逾期{-ob.days}天未{verb}" if zh else f"{plural(-ob.days, 'day')} overdue"
    if open_text is not None:
        return open_text
    due = date_text(ob.due, locale)
    return f"应于{due}前{verb}" if zh else f"due by {due}"
