"""The measurements of GB/T 9704-2012 and what follows from them, in Word's units.

Word stores lengths in twips (1/20 pt, 1/1440 inch), font sizes in half points and character
spacing in twentieths of a point. The computation (docs/documents.md, "Layout"):

- A4 210 × 297 mm; top 37 mm, left 28 mm, text block 156 × 225 mm, so right 26 mm, bottom 35 mm.
  In twips (rounded as Word rounds): page 11906 × 16838, top 2098, bottom 1984, left 1587,
  right 1474; text block 8845 × 12756 twips (442.25 × 637.8 pt).
- 22 lines a page: line pitch = ⌊12756 / 22⌋ = 579 twips = 28.95 pt (22 lines take 224.7 mm; 23
  would not fit), used as the exact line spacing and the grid's `linePitch`.
- 28 characters a line of 3号 (16 pt) text: 28 characters of 16 pt take 448 pt, more than the
  442.25 pt of the line, so the characters are condensed: the spacing is
  ⌊(442.25 / 28 − 16) × 20⌋ / 20 = ⌊−4.11⌋ / 20 = −0.25 pt (`w:spacing w:val="-5"`), a pitch of
  15.75 pt: 28 characters take 441 pt ≤ 442.25 pt and 29 take 456.75 pt, which do not fit.
  (A character grid, `w:docGrid w:type="linesAndChars" w:charSpace="-842"`, gives Word the same
  28 characters but LibreOffice lays such a grid out with about half as many; condensed spacing
  gives 28 in Word, WPS and LibreOffice alike. The grid stays `lines` with the line pitch.)
"""

from __future__ import annotations

import math
import unicodedata

MM_PER_INCH = 25.4
TWIPS_PER_INCH = 1440

PAGE_MM = (210, 297)
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 37, 35, 28, 26
TEXT_MM = (156, 225)
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
FOOTER_PT = 14  # 4号 (page numbers, 版记)
TABLE_PT = 12  # 小四 (tables)
TABLE_LINE_TWIPS = 400  # 20 pt, exact, in table cells
MASTHEAD_MAX_PT = 42

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"
RED = "FF0000"

PAGE_NUMBER_GAP_MM = 7
"""The page number's dashes sit 7 mm below the text block (一字线上距版心下边缘7mm)."""
DASH_ABOVE_FOOTER_EDGE_MM = 3
"""How far above the footer's lower edge the dashes of a 4号 page number on a 21 pt line sit
(measured on the PDF, docs/documents.md): the footer distance is 35 − 7 − 3 = 25 mm."""


def twips(mm: float) -> int:
    """Millimetres in twips, rounded to the nearest (as Word stores page measurements)."""
    return round(mm / MM_PER_INCH * TWIPS_PER_INCH)


PAGE_TWIPS = (twips(PAGE_MM[0]), twips(PAGE_MM[1]))
MARGINS_TWIPS = {
    "top": twips(TOP_MM),
    "bottom": twips(BOTTOM_MM),
    "left": twips(LEFT_MM),
    "right": twips(RIGHT_MM),
}
TEXT_WIDTH_TWIPS = PAGE_TWIPS[0] - MARGINS_TWIPS["left"] - MARGINS_TWIPS["right"]
TEXT_HEIGHT_TWIPS = PAGE_TWIPS[1] - MARGINS_TWIPS["top"] - MARGINS_TWIPS["bottom"]


def line_pitch_twips(height: int = TEXT_HEIGHT_TWIPS, lines: int = LINES_PER_PAGE) -> int:
    """The largest whole-twip pitch at which `lines` lines fit in the text block."""
    return height // lines


def char_spacing(width: int = TEXT_WIDTH_TWIPS, chars: int = CHARS_PER_LINE, size_pt: float = BODY_PT) -> int:
    """The character spacing (twentieths of a point, added to each character of `size_pt`) at
    which exactly `chars` characters fit a line of `width` twips."""
    pitch_pt = width / 20 / chars
    return math.floor((pitch_pt - size_pt) * 20)


def chars_per_line(spacing: int, width: int = TEXT_WIDTH_TWIPS, size_pt: float = BODY_PT) -> int:
    return math.floor(width / (size_pt * 20 + spacing))


LINE_PITCH = line_pitch_twips()
CHAR_SPACING = char_spacing()
CHAR_TWIPS = round(BODY_PT * 20 + CHAR_SPACING)
"""One body character (一字) in twips, for indents."""


def text_width(text: str) -> float:
    """Width of a text in body characters: wide (CJK) characters count one, others half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5 for ch in text)


def masthead_size(name: str, width: int = TEXT_WIDTH_TWIPS) -> float:
    """The largest half-point size (at most 42 pt) at which the publication name fits on one line."""
    fits = 0.95 * width / 20 / max(text_width(name), 1)  # 5% to spare: renderers round
    return min(MASTHEAD_MAX_PT, math.floor(fits * 2) / 2)


def signature_indents(office: str, day: str) -> tuple[float, float]:
    """Right indents, in characters, of the signature and the date (GB/T 9704 §7.3.5.2): the date
    right-indented two characters and starting two characters right of the office's name; when
    the name is the longer, the name is right-indented two characters instead."""
    w_office, w_date = text_width(office), text_width(day)
    office_right = 2 + w_date + 2 - w_office
    if office_right >= 2:
        return office_right, 2
    return 2, 2 + w_office - 2 - w_date


CELL_PADDING_TWIPS = 2 * 108 + 40
"""Word's default cell margins (0.19 cm each side) and a little air."""


def _unbreakable(text: str) -> float:
    """Width (characters) a cell needs so that its text does not break inside a word: a text
    without East Asian characters (a date, a number) whole, else two characters."""
    return text_width(text) if all(unicodedata.east_asian_width(ch) not in ("W", "F") for ch in text) else 2


def column_widths(
    columns: list[list[str]], total: int = TEXT_WIDTH_TWIPS, size_pt: float = TABLE_PT
) -> list[int]:
    """Twip widths of table columns (first entry of each: the heading), summing to `total`: each
    column at least as wide as its heading and its unbreakable texts; the rest shared in
    proportion to how much wider each column's longest text would like to be."""
    em = size_pt * 20

    def need(chars: float) -> float:
        return chars * em + CELL_PADDING_TWIPS

    least = [need(max(text_width(col[0]), *(_unbreakable(t) for t in col))) for col in columns]
    wish = [
        max(lo, need(min(max(text_width(t) for t in col), 30)))
        for lo, col in zip(least, columns, strict=True)
    ]
    if sum(wish) <= total:
        shares = [w / sum(wish) * total for w in wish]
    elif sum(least) >= total:
        shares = [lo / sum(least) * total for lo in least]
    else:
        room = total - sum(least)
        extra = [w - lo for w, lo in zip(wish, least, strict=True)]
        shares = [lo + room * e / sum(extra) for lo, e in zip(least, extra, strict=True)]
    widths = [int(s) for s in shares]
    widths[-1] += total - sum(widths)
    return widths
