"""Quotation marks as Chinese official documents write them.

In zh-CN output, ASCII double quotes around or next to Chinese text become paired “…”, and a
quotation inside a quotation takes ‘…’ (a third level “…” again), as GB/T 15834-2011 (标点符号用法)
and the office's documents write them: 深化"最多跑一次"改革 → 深化“最多跑一次”改革, and
督察发现问题“…"一窗通办"…” → 督察发现问题“…‘一窗通办’…”. The ledger keeps what the user
typed; this is applied where ledger text is shown in a human format (terminal tables, Markdown,
Word documents, the site), on the whole composed text, so that quotes a sentence puts around a
value nest with the value's own. JSON and CSV values are never changed.

What is left as it is: quotes in English text (`Say "hi" to reform`: no Chinese inside the quotes
or next to them), a quote without its pair (`深化"最多跑一次改革`), single quotes and apostrophes,
and everything in English output.
"""

from __future__ import annotations

import re

ASCII = '"'
OPEN, CLOSE = "\u201c", "\u201d"  # “ ”
INNER_OPEN, INNER_CLOSE = "\u2018", "\u2019"  # ‘ ’

_CHINESE = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ef\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)
_QUOTES = re.compile(f"[{ASCII}{OPEN}{CLOSE}{INNER_OPEN}{INNER_CLOSE}]")


def is_chinese(char: str) -> bool:
    """A Han character, kana, bopomofo, or CJK / full-width punctuation."""
    return bool(char) and _CHINESE.match(char) is not None


def _pairs(text: str) -> list[tuple[int, int]]:
    """(opening, closing) positions of the quotes that pair up: a curly “ opens and ” closes the
    innermost “; a ‘ opens and ’ closes the innermost ‘ (a ’ with no ‘ open is an apostrophe); an
    ASCII quote closes the innermost open ASCII quote, else opens one. Curly single quotes count,
    so that typesetting text already typeset changes nothing. Unpaired quotes are left out."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for m in _QUOTES.finditer(text):
        i, q = m.start(), m.group()
        if q in (OPEN, INNER_OPEN):
            stack.append(i)
        elif q == CLOSE:
            # a ” closes the innermost “ (quotes opened inside it and not closed are unpaired)
            while stack and text[stack[-1]] != OPEN:
                stack.pop()
            if stack:
                pairs.append((stack.pop(), i))
        elif q == INNER_CLOSE:
            if stack and text[stack[-1]] == INNER_OPEN:
                pairs.append((stack.pop(), i))
        elif stack and text[stack[-1]] == ASCII:
            pairs.append((stack.pop(), i))
        else:
            stack.append(i)
    return sorted(pairs)


def _in_chinese(text: str, start: int, end: int) -> bool:
    """Whether the quotation text[start..end] (the quotes included) is in Chinese text: Chinese
    inside it, or right before it or right after it."""
    before = text[start - 1] if start > 0 else ""
    after = text[end + 1] if end + 1 < len(text) else ""
    return is_chinese(before) or is_chinese(after) or _CHINESE.search(text, start + 1, end) is not None


def quotes(text: str) -> str:
    """`text` with its double quotes typeset for Chinese (see the module's docstring); quotes pair
    within a line, never across lines."""
    if ASCII not in text and OPEN not in text and INNER_OPEN not in text:
        return text
    if "\n" in text:
        return "\n".join(quotes(line) for line in text.split("\n"))
    chars = list(text)
    ends: list[int] = []  # closing positions of the open quotations, innermost last
    for a, b in _pairs(text):  # every pair counts for the depth, typeset or not
        while ends and ends[-1] < a:
            ends.pop()
        inner = len(ends) % 2 == 1
        if text[a] == OPEN or (text[a] == ASCII and _in_chinese(text, a, b)):  # single quotes, and
            # straight ones in English text, stay as they are
            chars[a], chars[b] = (INNER_OPEN, INNER_CLOSE) if inner else (OPEN, CLOSE)
        ends.append(b)
    return "".join(chars)


def typeset(text: str, locale: str) -> str:
    """Ledger or document text as shown in `locale`: quotes typeset in zh-CN, unchanged in English."""
    return quotes(text) if locale == "zh-CN" else text


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_CELL_BAR = re.compile(r"(?<!\\)\|")


def typeset_markdown(text: str, locale: str) -> str:
    """A Markdown document's text typeset for `locale`, its code left as it is: fenced blocks (a
    Mermaid chart) and inline code spans. Quotes pair within a line, and within a table cell."""
    if locale != "zh-CN" or (ASCII not in text and OPEN not in text):
        return text
    out = []
    fence = ""
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            out.append(line)
        elif m:
            fence = m.group(1)
            out.append(line)
        elif line.lstrip().startswith("|"):
            out.append(_typeset_row(line))
        else:
            out.append(_outside_code(line))
    return "\n".join(out)


def _typeset_row(line: str) -> str:
    pieces: list[str] = []
    start = 0
    for m in _CELL_BAR.finditer(line):
        pieces += [_outside_code(line[start : m.start()]), "|"]
        start = m.end()
    pieces.append(_outside_code(line[start:]))
    return "".join(pieces)


def _outside_code(line: str) -> str:
    """`quotes` of a line whose inline code spans keep their characters."""
    spans = [m.span() for m in _CODE_SPAN.finditer(line)]
    if not spans:
        return quotes(line)
    masked = list(line)
    for a, b in spans:
        masked[a:b] = "`" * (b - a)
    done = list(quotes("".join(masked)))
    for a, b in spans:
        done[a:b] = line[a:b]
    return "".join(done)
