"""`reformctl scorecard` output: JSON, CSV, Markdown and a terminal table (xlsx:
`reformctl.render.xlsx`). Pure: a `Scorecard` in, text out. The shapes are in docs/documents.md."""

from __future__ import annotations

import csv
import io
from typing import Any

from reformctl.render import grid
from reformctl.render.cells import spreadsheet_text
from reformctl.render.duejson import obligation_json
from reformctl.render.jsonout import dumps
from reformctl.render.labels import label, paren
from reformctl.render.markdown import escape_md
from reformctl.render.printable import shown
from reformctl.render.prose import period_label
from reformctl.render.typography import typeset_markdown
from reformctl.rules.scorecard import CATEGORY, COUNTS, Scorecard, Tally, UnitScore

PARTS = ("rectification", "handover")
COLUMNS: tuple[str, ...] = (
    *COUNTS,
    "on_time_rate",
    *(f"{part}_{c}" for part in PARTS for c in (*COUNTS, "on_time_rate")),
    "exemplary",
)
"""The flat number columns of CSV and xlsx, after unit, name and kind."""


def word(locale: str, key: str, **values: object) -> str:
    """A scorecard word (`score.<key>` in the catalogues)."""
    return label(locale, f"score.{key}", **values)


def column_title(locale: str, column: str) -> str:
    """A flat column's heading: `rectification_late` → 问题整改：逾期完成."""
    for part in PARTS:
        if column.startswith(part + "_"):
            return (
                word(locale, part)
                + label(locale, "doc.colon")
                + word(locale, column.removeprefix(part + "_"))
            )
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


Value = str | int | float | None


def units_sheet(card: Scorecard, locale: str) -> tuple[list[str], list[list[Value]]]:
    """The units' sheet of CSV and xlsx: headers in the output's language; the unit's id (for
    --unit) and name, its kind in words, counts as numbers, rates as fractions (None when nothing
    was owed), the titles of its exemplary cases, the score."""
    head = [word(locale, "unit-id"), word(locale, "name"), word(locale, "kind")]
    head += [column_title(locale, c) for c in COLUMNS]
    head.append(word(locale, "exemplary_cases"))
    if card.weights is not None:
        head.append(word(locale, "score"))
    rows: list[list[Value]] = []
    for row in card.units:
        values = flat(row)
        cells: list[Value] = [row.unit, row.name, label(locale, f"unit-kind.{row.kind}")]
        cells += [values[c] for c in COLUMNS]
        cells.append("；".join(e.title for e in row.exemplary))
        if card.weights is not None:
            cells.append(row.score)
        rows.append(cells)
    return head, rows


def obligations_sheet(card: Scorecard, locale: str) -> tuple[list[str], list[list[Value]]]:
    """With --explain: one row per obligation behind the numbers, in the words of `due`'s CSV."""
    head = [
        word(locale, "unit-id"),
        word(locale, "name"),
        word(locale, "counted-as"),
        label(locale, "col.rule"),
        label(locale, "col.subject"),
        label(locale, "col.title"),
        label(locale, "col.period"),
        label(locale, "col.due"),
        label(locale, "col.done"),
        label(locale, "col.days"),
    ]
    rows: list[list[Value]] = []
    for row in card.units:
        for ob in row.obligations:
            period = period_label(ob, locale)
            rows.append(
                [
                    row.unit,
                    row.name,
                    word(locale, CATEGORY[ob.state]),
                    label(locale, f"rule.{ob.rule.value}"),
                    ob.subject,
                    ob.title,
                    None if period == "—" else period,
                    ob.due.isoformat(),
                    ob.done.isoformat() if ob.done else None,
                    ob.days,
                ]
            )
    return head, rows


def render_csv(card: Scorecard, locale: str, explain: bool) -> str:
    """The units' sheet (with --explain: the obligations' sheet) as CSV, UTF-8 with a byte-order
    mark; every text cell through `spreadsheet_text`, ledger text as typed."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    head, rows = obligations_sheet(card, locale) if explain else units_sheet(card, locale)
    writer.writerow([spreadsheet_text(h) for h in head])
    for r in rows:
        writer.writerow(["" if v is None else spreadsheet_text(v) if isinstance(v, str) else v for v in r])
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


def _part_rows(card: Scorecard, locale: str, part: str) -> tuple[list[str], list[list[str]]]:
    """Rectifications or hand-over sheets: a row for each unit that owes any."""
    head = [word(locale, "unit"), *(word(locale, c) for c in PART_COLUMNS)]
    rows = []
    for row in card.units:
        t: Tally = getattr(row, part)
        if t.owed:
            rows.append([row.name, *(str(t.value(c)) for c in PART_COLUMNS)])
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
            late = ob.state in ("late", "overdue")
            lines.append(
                word(
                    locale,
                    "explain.line",
                    due=ob.due.isoformat(),
                    done=ob.done.isoformat() if ob.done else "—",
                    days=word(locale, "explain.days", n=abs(ob.days)) if late else "",
                    rule=label(locale, f"rule.{ob.rule.value}"),
                    title=ob.title,
                    subject=ob.subject,
                )
            )
        out.append((paren(word(locale, category), str(len(obs)), locale), lines))
    cases = [paren(e.title, e.subject, locale) for e in row.exemplary]
    out.append((paren(word(locale, "exemplary"), str(len(cases)), locale), cases))
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
    out += ["", f"### {word(locale, 'parts')}"]
    for part in PARTS:
        head, rows = _part_rows(card, locale, part)
        out += ["", f"#### {word(locale, part)}", ""]
        out += _md_table(head, rows) if rows else [word(locale, "none")]
    cases = [(row, e) for row in card.units for e in row.exemplary]
    out += ["", f"### {word(locale, 'cases', year=card.year)}", ""]
    out += [f"- {paren(escape_md(e.title), escape_md(row.name), locale)}" for row, e in cases] or [
        word(locale, "none")
    ]
    if explain:
        for row in card.units:
            out += ["", f"### {escape_md(word(locale, 'explain', name=row.name, unit=row.unit))}"]
            for heading, lines in _explained(row, locale):
                out += ["", f"#### {heading}", ""]
                out += [f"- {escape_md(line)}" for line in lines] or [word(locale, "none")]
    return typeset_markdown("\n".join(out) + "\n", locale)


def _grid(head: list[str], rows: list[list[str]], locale: str, title: str | None = None) -> grid.Table:
    columns = [grid.Column(head[0], wraps=True), *(grid.Column(h, right=True) for h in head[1:])]
    body: list[grid.Row] = [
        [grid.Cell.of(shown(r[0], locale)), *(grid.Cell.of(c) for c in r[1:])] for r in rows
    ]
    return grid.Table(columns, body, title)


def scorecard_text(
    card: Scorecard, ledger_name: str, locale: str, explain: bool, width: int, color: bool
) -> str:
    """The scorecard for a terminal `width` cells wide: the units' table, then one table each for
    rectifications and hand-over sheets, the formula, and with `explain` what each number is made of."""
    as_of = card.as_of.isoformat()
    heading = word(locale, "heading", ledger=ledger_name, year=card.year, as_of=as_of)
    lines = grid.paragraph(shown(heading, locale), width, "bold")
    lines += grid.paragraph(word(locale, "scope", year=card.year, as_of=as_of), width)
    lines += [[], *grid.render(_grid(*_main_rows(card, locale), locale), width)]
    formula = _formula(card, locale)
    if formula:
        lines += grid.paragraph(formula, width)
    for part in PARTS:
        head, rows = _part_rows(card, locale, part)
        lines.append([])
        if rows:
            lines += grid.render(_grid(head, rows, locale, word(locale, part)), width)
        else:
            lines += grid.paragraph(word(locale, part), width, "bold")
            lines += grid.paragraph(word(locale, "none"), width, indent="  ")
    if explain:
        for row in card.units:
            title = word(locale, "explain", name=row.name, unit=row.unit)
            lines += [[], *grid.paragraph(shown(title, locale), width, "bold")]
            for heading_text, texts in _explained(row, locale):
                lines += grid.paragraph(heading_text, width, "bold")
                for text in texts or [word(locale, "none")]:
                    lines += grid.paragraph(shown(text, locale), width, indent="  ")
    return grid.to_str(lines, color)
