"""The scorecard as an Excel workbook (openpyxl): a frozen header row, columns wide enough for
Chinese text (an East Asian wide character counts two), numbers as numbers, rates as percentages,
and every text cell guarded by `spreadsheet_text`. Pure: a `Scorecard` in, bytes out (the
workbook's creation date is the as-of date, not the clock)."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reformctl.render.cells import spreadsheet_text
from reformctl.render.labels import label
from reformctl.render.scorecard import COLUMNS, obligations_sheet, units_sheet, word
from reformctl.rules.scorecard import Scorecard

Cell = str | int | float | None
MAX_WIDTH = 60


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _sheet(
    ws: Worksheet, head: Sequence[str], rows: Sequence[Sequence[Cell]], formats: dict[int, str]
) -> None:
    ws.append([spreadsheet_text(h) for h in head])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=False, vertical="center")
    for r in rows:
        ws.append([spreadsheet_text(v) if isinstance(v, str) else v for v in r])
    for index, fmt in formats.items():
        for row in ws.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
            for cell in row:
                cell.number_format = fmt
    ws.freeze_panes = "A2"
    for i, h in enumerate(head):
        texts = [h, *(_shown(r[i], formats.get(i)) for r in rows)]
        ws.column_dimensions[get_column_letter(i + 1)].width = min(
            MAX_WIDTH, max(display_width(t) for t in texts) + 2
        )


def _shown(value: Cell, fmt: str | None) -> str:
    if value is None:
        return ""
    if fmt == "0.0%" and isinstance(value, float):
        return f"{100 * value:.1f}%"
    return str(value)


def render_xlsx(card: Scorecard, locale: str, explain: bool) -> bytes:
    """The units' sheet, and with `explain` the obligations' sheet (`reformctl.render.scorecard`),
    as a workbook: rates as percentages, dates as dates."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"{card.year}"
    head, rows = units_sheet(card, locale)
    rates = {i: "0.0%" for i, c in enumerate(COLUMNS, start=3) if c.endswith("on_time_rate")}
    _sheet(ws, head, rows, rates)
    if explain:
        detail = wb.create_sheet(word(locale, "sheet.obligations"))
        dhead, drows = obligations_sheet(card, locale)
        _sheet(detail, dhead, drows, {})
        due, done = dhead.index(label(locale, "col.due")), dhead.index(label(locale, "col.done"))
        for r in detail.iter_rows(min_row=2, min_col=due + 1, max_col=done + 1):
            for cell in r:
                if isinstance(cell.value, str):
                    cell.value = datetime.fromisoformat(cell.value).date()
                    cell.number_format = "yyyy-mm-dd"
    stamp = datetime(card.as_of.year, card.as_of.month, card.as_of.day)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "reformctl"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
