"""Pieces the document builders share: subsection numbers, joined lists, the closing block."""

from __future__ import annotations

from typing import Any

from reformctl.render.docx.blocks import Closing

Data = dict[str, Any]
ZH_NUMBERS = "一二三四五六七八九十"


def sub_number(i: int, zh: bool) -> str:
    """（一） for the i-th (1-based) subsection; (1) in English."""
    if zh:
        return f"（{ZH_NUMBERS[i - 1]}）" if i <= 10 else f"（{i}）"
    return f"({i})"


def join_items(items: list[str], zh: bool, sep_zh: str = "、", sep_en: str = "; ") -> str:
    return (sep_zh if zh else sep_en).join(items)


def closing(c: Data) -> Closing:
    """版记 from a context's `copied_to`, `office` and `date`."""
    zh = c["locale"] == "zh-CN"
    copied = c["copied_to"] and (f"抄送：{c['copied_to']}。" if zh else f"Copies to: {c['copied_to']}.")
    return Closing(copied or None, c["office"], f"{c['date']}印发" if zh else f"Issued on {c['date']}")
