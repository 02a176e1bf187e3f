"""Dates, periods and obligations in prose, as the office's documents write them (zh-CN, en)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reformctl.model.ledger import Ledger
from reformctl.model.patterns import Period
from reformctl.render.labels import label
from reformctl.rules.obligation import Obligation

Data = dict[str, Any]
LEVELS = ("national", "provincial", "municipal", "local")
"""The levels of a pilot; `level_text` names them."""


def level_text(level: str, locale: str) -> str:
    """A pilot's level as the documents name it: 国家级 / national."""
    return label(locale, f"doc.level.{level}")


# Dates and periods in prose ---------------------------------------------------------------------


def date_text(day: date | None, locale: str) -> str | None:
    """`2026年6月30日` (zh-CN) or `30 June 2026` (en); None stays None (rendered "—")."""
    if day is None:
        return None
    month = label(locale, f"doc.month.{day.month}")
    return label(locale, "doc.date", year=day.year, month=month, day=day.day)


def period_text(text: str | None, locale: str) -> str:
    """A period as prose names it: 2026年第二季度 / Q2 2026, 2026年上半年 / H1 2026, 2026年6月 /
    June 2026, 2026年 / 2026; a text that is no period as it is."""
    if not text:
        return ""
    try:
        p = Period.parse(text)
    except ValueError:
        return text
    if p.kind in ("quarter", "half"):
        return label(locale, f"doc.period.{p.kind}.{p.index}", year=p.year)
    if p.kind == "month":
        return label(locale, "doc.period.month", year=p.year, month=label(locale, f"doc.month.{p.index}"))
    return label(locale, "doc.period.year", year=p.year)


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


VERBS = ("done", "submitted", "rectified", "reinspected", "resolved")
"""What an obligation's state says was done: 完成 / done, 报送 / submitted, 整改到位 / rectified,
复查 / re-inspected, 办结 / resolved (`state_words`)."""


def state_words(
    ob: Obligation | None, locale: str, verb: str = "done", open_text: str | None = None
) -> str | None:
    """A short status of one obligation: 已于…报送 / …报送（逾期N天） / 逾期N天未报送 / 应于…前报送.

    `verb` is one of `VERBS`; `open_text` replaces the words for an obligation not yet due."""
    if ob is None:
        return None
    key = f"doc.state.{verb}"
    if ob.state == "done":
        return label(locale, f"{key}.done", done=date_text(ob.done, locale))
    if ob.state == "late":
        return label(locale, f"{key}.late", done=date_text(ob.done, locale), n=ob.days)
    if ob.state == "overdue":
        return label(locale, f"{key}.overdue", n=-ob.days)
    if open_text is not None:
        return open_text
    return label(locale, f"{key}.open", due=date_text(ob.due, locale))
