"""Words shown to people, in the ledger's locale (zh-CN default, en available)."""

from __future__ import annotations

from reformctl.i18n import CATALOGUES, text

LABELS = CATALOGUES
"""Each language's catalogue (`reformctl.i18n`)."""


def label(locale: str, key: str, **values: object) -> str:
    return text(locale, key, **values)


def days_text(locale: str, state: str, days: int) -> str:
    if state == "overdue":
        return label(locale, "days.overdue", n=-days)
    if state == "late":
        return label(locale, "days.late", n=days)
    if state == "done":
        return label(locale, "days.ontime")
    if days == 0:
        return label(locale, "days.today")
    return label(locale, "days.left", n=days)
