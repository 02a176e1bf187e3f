"""`reformctl scorecard` output: JSON, CSV, Markdown and a terminal table (xlsx:
`reformctl.render.xlsx`). Pure: a `Scorecard` in, text out. The shapes are in docs/documents.md."""

from __future__ import annotations

import csv
import io
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from reformctl.render.cells import spreadsheet_text
from reformctl.render.duejson import obligation_json
from reformctl.render.jsonout import dumps
from reformctl.render.labels import label
from reformctl.render.markdown import escape_md
from reformctl.rules.scorecard import CATEGORY, COUNTS, Scorecard, Tally, UnitScore

PARTS = ("rectification", "handover")
COLUMNS: tuple[str, ...] = (
    *COUNTS,
    "on_time_rate",
    *(f"{part}_{c}" for part in PARTS for c in (*COUNTS, "on_time_rate")),
    "exemplary",
)
"""The flat number columns of CSV and xlsx, after unit, name and kind."""

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "heading": "{ledger}：{year}年度改革实绩考核（截至{as_of}）",
        "scope": "统计各单位承担的、截止日期在{year}年内且不晚于{as_of}的全部事项（与 reformctl due --all 同一口径）。",
        "unit": "单位",
        "name": "单位",
        "kind": "类型",
        "owed": "应完成",
        "on_time": "按时完成",
        "late": "逾期完成",
        "overdue": "逾期未完成",
        "open": "当日到期",
        "days_late": "逾期天数",
        "on_time_rate": "按时完成率",
        "rectification": "问题整改",
        "handover": "问题交办",
        "exemplary": "示范案例",
        "exemplary_cases": "示范案例名称",
        "score": "得分",
        "parts": "问题整改和交办",
        "formula": "得分 = {base} + Σ 权重 × 项数（权重见 ledger.yaml 的 scorecard）：{terms}。",
        "explain": "{name}（{unit}）的计分依据",
        "none": "无",
        "cases": "{year}年度示范案例",
    },
    "en": {
        "heading": "{ledger}: {year} reform performance scorecard (as of {as_of})",
        "scope": "Counts every obligation a unit owns that falls due in {year} on or before {as_of} (the same obligations as reformctl due --all).",
        "unit": "Unit",
        "name": "Unit",
        "kind": "Kind",
        "owed": "Owed",
        "on_time": "On time",
        "late": "Late",
        "overdue": "Overdue",
        "open": "Due that day",
        "days_late": "Days late",
        "on_time_rate": "On-time rate",
        "rectification": "Rectifications",
        "handover": "Hand-over sheets",
        "exemplary": "Exemplary cases",
        "exemplary_cases": "Exemplary case titles",
        "score": "Score",
        "parts": "Rectifications and hand-over sheets",
        "formula": "Score = {base} + Σ weight × count (weights from scorecard in ledger.yaml): {terms}.",
        "explain": "What the numbers of {name} ({unit}) are made of",
        "none": "none",
        "cases": "Exemplary cases of {year}",
    },
}


def word(locale: str, key: str, **values: object) -> str:
    text = WORDS.get(locale, WORDS["zh-CN"])[key]
    return text.format(**values) if values else text


def column_title(locale: str, column: str) -> str:
    """A flat column's heading: `rectification_late` → 问题整改：逾期完成."""
    for part in PARTS:
        if column.startswith(part + "_"):
            sep = "：" if locale == "zh-CN" else ": "
            return word(locale, part) + sep + word(locale, column.removeprefix(part + "_"))
    return word(locale, column)


def rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def number(value: float) -> str:
    return f"{value:g}"


def flat(row: UnitScore) -> dict[str, int | float | None]:
    """The row's number columns by flat name (COLUMNS)."""
    out: dict[str, int | float | None] = {}
    for name, part in (("", row.all), *((p + "_", getattr(row, p)) for p in PARTS)):
        for c in COUNTS:
            out[name + c] = part.value(c)
        out[name + "on_time_rate"] = rate(part.on_time_rate)
    out["exemplary"] = len(row.exemplary)
    return out


# JSON ------------------------------------------------------------------------------------------


def _tally_json(t: Tally) -> dict[str, Any]:
    return {**{c: t.value(c) for c in COUNTS}, "on_time_rate": rate(t.on_time_rate)}


def render_json(card: Scorecard, ledger_name: str, explain: bool) -> str:
    """`{"year", "as_of", "ledger", "weights", "units": [...]}` (docs/documents.md)."""
    units = []
    for row in card.units:
        entry: dict[str, Any] = {
            "unit": row.unit,
            "name": row.name,
            "kind": row.kind,
            **_tally_json(row.all),
            "rectifications": _tally_json(row.rectification),
            "handovers": _tally_json(row.handover),
            "exemplary": [{"subject": e.subject, "title": e.title} for e in row.exemplary],
            "score": row.score,
        }
        if explain:
            entry["obligations"] = [
                {**obligation_json(ob), "counted_as": CATEGORY[ob.state]} for ob in row.obligations
            ]
        units.append(entry)
    weights = card.weights
    return dumps(
        {
            "year": card.year,
            "as_of": card.as_of.isoformat(),
            "ledger": ledger_name,
            "weights": None if weights is None else {"base": weights.base, "weights": dict(weights.weights)},
            "units": units,
        }
    )


# CSV -------------------------------------------------------------------------------------------


def render_csv(card: Scorecard, explain: bool) -> str:
    """One row per unit (with --explain: one row per obligation behind the numbers); UTF-8 with a
    byte-order mark; every text cell through `spreadsheet_text`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if explain:
        writer.writerow(["unit", "counted_as", "rule", "subject", "title", "period", "due", "done", "days"])
        for row in card.units:
            for ob in row.obligations:
                writer.writerow(
                    [
                        spreadsheet_text(row.unit),
                        CATEGORY[ob.state],
                        ob.rule.value,
                        spreadsheet_text(ob.subject),
                        spreadsheet_text(ob.title),
                        spreadsheet_text(ob.period or ""),
                        ob.due.isoformat(),
                        ob.done.isoformat() if ob.done else "",
                        ob.days,
                    ]
                )
        return "\ufeff" + buf.getvalue()
    writer.writerow(["unit", "name", "kind", *COLUMNS, "exemplary_cases", "score"])
    for row in card.units:
        values = flat(row)
        writer.writerow(
            [
                spreadsheet_text(row.unit),
                spreadsheet_text(row.name),
                row.kind,
                *("" if values[c] is None else values[c] for c in COLUMNS),
                spreadsheet_text("；".join(e.title for e in row.exemplary)),
                "" if row.score is None else row.score,
            ]
        )
    return "\ufeff" + buf.getvalue()


# Markdown and the terminal ---------------------------------------------------------------------

MAIN = ("owed", "on_time", "late", "overdue", "open", "days_late", "on_time_rate")
PART_COLUMNS = ("owed", "on_time", "late", "overdue", "open")


def _main_rows(card: Scorecard, locale: str) -> tuple[list[str], list[list[str]]]:
    head = [word(locale, "unit"), *(word(locale, c) for c in MAIN), word(locale, "exemplary")]
    if card.weights is not None:
        head.append(word(locale, "score"))
    rows = []
    for row in card.units:
        cells = [row.name, *(str(row.all.value(c)) for c in MAIN[:-1]), percent(row.all.on_time_rate)]
        cells.append(str(len(row.exemplary)))
        if row.score is not None:
            cells.append(number(row.score))
        rows.append(cells)
    return head, rows


def _part_rows(card: Scorecard, locale: str) -> tuple[list[str], list[list[str]]]:
    head = [word(locale, "unit")]
    for part in PARTS:
        head += [column_title(locale, f"{part}_{c}") for c in PART_COLUMNS]
    rows = []
    for row in card.units:
        if not (row.rectification.owed or row.handover.owed):
            continue
        cells = [row.name]
        for part in PARTS:
            t: Tally = getattr(row, part)
            cells += [str(t.value(c)) for c in PART_COLUMNS]
        rows.append(cells)
    return head, rows


def _formula(card: Scorecard, locale: str) -> str | None:
    if card.weights is None:
        return None
    terms = ", ".join(f"{column_title(locale, c)} × {number(w)}" for c, w in card.weights.weights.items())
    return word(locale, "formula", base=number(card.weights.base), terms=terms)


def _explained(row: UnitScore, locale: str) -> list[tuple[str, list[str]]]:
    """(heading, lines) per category of the unit's obligations, and its exemplary cases."""
    out = []
    for category in ("on_time", "late", "overdue", "open"):
        obs = [ob for ob in row.obligations if CATEGORY[ob.state] == category]
        lines = []
        for ob in obs:
            days = f"（{abs(ob.days)}天）" if locale == "zh-CN" else f" ({abs(ob.days)} days)"
            when = ob.done.isoformat() if ob.done else "—"
            lines.append(
                f"{ob.due.isoformat()} → {when}{days if ob.state in ('late', 'overdue') else ''} "
                f"{label(locale, f'rule.{ob.rule.value}')}：{ob.title}"
                if locale == "zh-CN"
                else f"{ob.due.isoformat()} → {when}{days if ob.state in ('late', 'overdue') else ''} "
                f"{label(locale, f'rule.{ob.rule.value}')}: {ob.title} [{ob.subject}]"
            )
        out.append(
            (
                f"{word(locale, category)}（{len(obs)}）"
                if locale == "zh-CN"
                else f"{word(locale, category)} ({len(obs)})",
                lines,
            )
        )
    cases = [
        f"{e.title}（{e.subject}）" if locale == "zh-CN" else f"{e.title} ({e.subject})"
        for e in row.exemplary
    ]
    out.append(
        (
            f"{word(locale, 'exemplary')}（{len(cases)}）"
            if locale == "zh-CN"
            else f"{word(locale, 'exemplary')} ({len(cases)})",
            cases,
        )
    )
    return out


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    out += ["| " + " | ".join(escape_md(c) if i == 0 else c for i, c in enumerate(r)) + " |" for r in rows]
    return out


def render_md(card: Scorecard, ledger_name: str, locale: str, explain: bool) -> str:
    as_of = card.as_of.isoformat()
    out = [f"## {escape_md(word(locale, 'heading', ledger=ledger_name, year=card.year, as_of=as_of))}", ""]
    out += [escape_md(word(locale, "scope", year=card.year, as_of=as_of)), ""]
    out += _md_table(*_main_rows(card, locale))
    formula = _formula(card, locale)
    if formula:
        out += ["", escape_md(formula)]
    head, rows = _part_rows(card, locale)
    out += ["", f"### {word(locale, 'parts')}", ""]
    out += _md_table(head, rows) if rows else [word(locale, "none")]
    cases = [(row, e) for row in card.units for e in row.exemplary]
    out += ["", f"### {word(locale, 'cases', year=card.year)}", ""]
    out += [f"- {escape_md(e.title)}（{escape_md(row.name)}）" for row, e in cases] or [word(locale, "none")]
    if explain:
        for row in card.units:
            out += ["", f"### {escape_md(word(locale, 'explain', name=row.name, unit=row.unit))}"]
            for heading, lines in _explained(row, locale):
                out += ["", f"#### {heading}", ""]
                out += [f"- {escape_md(line)}" for line in lines] or [word(locale, "none")]
    return "\n".join(out) + "\n"


def scorecard_tables(card: Scorecard, ledger_name: str, locale: str, explain: bool) -> RenderableType:
    as_of = card.as_of.isoformat()
    parts: list[RenderableType] = [
        Text(word(locale, "heading", ledger=ledger_name, year=card.year, as_of=as_of), style="bold"),
        Text(word(locale, "scope", year=card.year, as_of=as_of)),
    ]
    for title, (head, rows) in (
        ("", _main_rows(card, locale)),
        (word(locale, "parts"), _part_rows(card, locale)),
    ):
        table = Table(title=title or None, title_justify="left", show_edge=False, pad_edge=False)
        for i, h in enumerate(head):
            table.add_column(h, overflow="fold", justify="left" if i == 0 else "right")
        for r in rows:
            table.add_row(*(Text(c) for c in r))
        parts += [Text(""), table]
    formula = _formula(card, locale)
    if formula:
        parts.append(Text(formula))
    if explain:
        for row in card.units:
            parts += [Text(""), Text(word(locale, "explain", name=row.name, unit=row.unit), style="bold")]
            for heading, lines in _explained(row, locale):
                parts.append(Text(heading, style="bold"))
                parts += [Text("  " + line) for line in lines] or [Text("  " + word(locale, "none"))]
    return Group(*parts)
