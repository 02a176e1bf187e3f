"""Words shown to people, in the output's locale (zh-CN default, en available)."""

from __future__ import annotations

from collections.abc import Iterable

from reformctl.i18n import CATALOGUES, text

LABELS = CATALOGUES
"""Each language's catalogue (`reformctl.i18n`)."""


def label(locale: str, key: str, **values: object) -> str:
    """The text of `key` in `locale`; when a count `n` is 1 and the catalogue has `<key>.one`, that
    text (English: "1 day overdue", not "1 days overdue"; the Chinese texts are the same)."""
    if values.get("n") == 1:
        one = f"{key}.one"
        if one in CATALOGUES.get(locale, CATALOGUES["zh-CN"]):
            key = one
    return text(locale, key, **values)


def plural(n: int, one: str, other: str | None = None) -> str:
    """`n` things in English, singular or plural: "1 finding", "5 findings" (`other` when the
    plural is not `one` + "s"). Templates have it as the filter `plural`."""
    return f"{n} {one if n == 1 else (other or plural_noun(one, 'en'))}"


def plural_noun(noun: str, locale: str) -> str:
    """An English noun phrase in the plural ("milestones", "year-end summaries", "annual key
    points"); a Chinese one as it is."""
    if locale == "zh-CN" or noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


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


def join(items: Iterable[str], locale: str, kind: str = "list") -> str:
    """`items` joined as the documents join them: `list` (、 / ", "), `items` (clauses: ； / "; "),
    `titles` (names, which may hold commas: 、 / "; ")."""
    return label(locale, f"sep.{kind}").join(items)


def paren(text: str, detail: str, locale: str) -> str:
    """`text` with `detail` in brackets: 标题（说明） / "title (detail)"."""
    return label(locale, "doc.paren", text=text, detail=detail)


def capitalized(text: str) -> str:
    """`text` with its first letter in capitals, as an English sentence starts (Chinese, which has
    no capitals, stays as it is)."""
    return text[:1].upper() + text[1:]
