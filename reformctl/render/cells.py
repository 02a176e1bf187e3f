"""Spreadsheet cells: text that a spreadsheet program must show as text, never run as a formula.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is taken by Excel,
LibreOffice Calc and WPS as a formula (CSV and formula injection, OWASP). Ledger text arrives
through pull requests, so every text cell of the CSV and xlsx output passes through
`spreadsheet_text`; numbers and dates are written as numbers and dates and do not.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """`value`, with a leading `'` when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
