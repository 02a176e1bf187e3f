"""Pieces the document builders share: subsection numbers and headings, the closing block (their
words are the catalogues' `doc.*`)."""

from __future__ import annotations

from typing import Any

from reformctl.render.docx.blocks import Block, Closing, para
from reformctl.render.labels import join, label

Data = dict[str, Any]
RATE_COLUMNS = ("doc.col.owed", "doc.col.on-time", "doc.col.late", "doc.col.missing", "doc.col.rate")
"""The columns of a table of reports owed and on time, after the first (归口 / 单位)."""


def sub_number(i: int, locale: str) -> str:
    """（一） for the i-th (1-based) subsection, （11） past ten; (1) in English."""
    return label(locale, "doc.sub-number", n=label(locale, f"doc.numeral.{i}") if i <= 10 else i)


def subheading(i: int, title: str, locale: str) -> str:
    """The i-th subsection's heading: （一）title / (1) title."""
    return label(locale, "doc.subheading", number=sub_number(i, locale), title=title)


def closing(c: Data) -> Closing:
    """版记 from a context's `copied_to`, `office` and `date`."""
    locale = c["locale"]
    copied = c["copied_to"] and label(locale, "doc.copied-to", units=c["copied_to"])
    return Closing(copied or None, c["office"], label(locale, "doc.printed", date=c["date"]))


def obligation_words(i: Data, key: str, locale: str) -> str:
    """An obligation described by `reformctl.render.prose.describe` in the words of `key`, which
    may say what, due, verb, done and the days (`n`)."""
    return label(locale, key, what=i["what"], due=i["due"], verb=i["verb"], done=i["done"] or "", n=i["days"])


def unit_paragraphs(units: list[Data], key: str, locale: str) -> list[Block]:
    """One numbered paragraph per unit (`reformctl.render.prose.by_unit`): the unit, then its
    obligations, each in the words of `key`."""
    out: list[Block] = []
    for n, u in enumerate(units, start=1):
        items = join((obligation_words(i, key, locale) for i in u["entries"]), locale, "items")
        out.append(para(label(locale, "doc.unit-items", number=n, unit=u["unit"], items=items)))
    return out
