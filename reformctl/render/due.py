"""`reformctl due` output: Markdown, CSV (JSON: `reformctl.render.duejson`). Pure: obligations in,
text out."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from reformctl.model.ledger import Ledger
from reformctl.render.cells import spreadsheet_text
from reformctl.render.labels import days_text, label
from reformctl.render.markdown import escape_md
from reformctl.render.prose import period_label
from reformctl.render.typography import typeset_markdown
from reformctl.rules.obligation import Obligation


def by_owner(obligations: Sequence[Obligation]) -> list[tuple[str, list[Obligation]]]:
    """Groups in order of each owner's most urgent obligation (the list is sorted by due)."""
    groups: dict[str, list[Obligation]] = {}
    for ob in obligations:
        groups.setdefault(ob.owner, []).append(ob)
    return list(groups.items())


def route_text(ledger: Ledger, ob: Obligation) -> str:
    return " → ".join(ledger.unit_name(u) for u in ob.route) if ob.route else ""


def summary(obligations: Sequence[Obligation], locale: str, everything: bool) -> str:
    counts = {
        s: sum(ob.state == s for ob in obligations) for s in ("overdue", "due-soon", "open", "done", "late")
    }
    key = "due.all-summary" if everything else "due.summary"
    return label(
        locale,
        key,
        n=len(obligations),
        overdue=counts["overdue"],
        soon=counts["due-soon"],
        open=counts["open"],
        done=counts["done"],
        late=counts["late"],
    )


def render_md(
    obligations: Sequence[Obligation], ledger: Ledger, as_of: date, locale: str, everything: bool, window: int
) -> str:
    """Markdown to paste into a message or an issue: a table for each owning unit under its name,
    with the words of the terminal table; typeset for the locale."""
    out = [
        f"## {escape_md(label(locale, 'due.heading', ledger=ledger.settings.value.name, as_of=as_of))}",
        "",
    ]
    if not obligations:
        out.append(label(locale, "due.none", as_of=as_of, window=window))
        return typeset_markdown("\n".join(out) + "\n", locale)
    out += [summary(obligations, locale, everything), ""]
    cols = ["col.state", "col.due", "col.days", "col.title", "col.rule", "col.period", "col.route"]
    for owner, group in by_owner(obligations):
        out += [f"### {escape_md(ledger.unit_name(owner))}", ""]
        out.append("| " + " | ".join(label(locale, c) for c in cols) + " |")
        out.append("|" + "---|" * len(cols))
        for ob in group:
            cells = [
                label(locale, f"state.{ob.state}"),
                ob.due.isoformat(),
                days_text(locale, ob.state, ob.days),
                escape_md(ob.title),
                label(locale, f"rule.{ob.rule.value}"),
                period_label(ob, locale),
                escape_md(route_text(ledger, ob)) or "—",
            ]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return typeset_markdown("\n".join(out), locale)


CSV_COLUMNS = (
    "col.rule",
    "col.subject",
    "col.title",
    "col.period",
    "col.owner-id",
    "col.owner",
    "col.route",
    "col.due",
    "col.done",
    "col.state",
    "col.days",
    "col.file",
    "col.line",
)
"""The CSV's columns (docs/rules.md, "due as CSV"), headed in the output's language."""


def render_csv(obligations: Sequence[Obligation], ledger: Ledger, locale: str) -> str:
    """CSV for a spreadsheet, with a UTF-8 byte-order mark so that spreadsheet programs show
    Chinese. Headers and the words a person reads (rule, period, state, unit names, route) are in
    the output's language, as in the table; what finds a record (subject, unit id, file, line)
    stays as the ledger writes it; dates are YYYY-MM-DD and numbers numbers (days: negative when
    overdue); ledger text is as typed. Every text cell passes `spreadsheet_text` (never a
    formula)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([spreadsheet_text(label(locale, c)) for c in CSV_COLUMNS])
    for ob in obligations:
        row: list[str | int] = [
            label(locale, f"rule.{ob.rule.value}"),
            ob.subject,
            ob.title,
            "" if period_label(ob, locale) == "—" else period_label(ob, locale),
            ob.owner,
            ledger.unit_name(ob.owner),
            route_text(ledger, ob),
            ob.due.isoformat(),
            ob.done.isoformat() if ob.done else "",
            label(locale, f"state.{ob.state}"),
            ob.days,
            ob.file,
            "" if ob.line is None else ob.line,
        ]
        writer.writerow([spreadsheet_text(c) if isinstance(c, str) else c for c in row])
    return "\ufeff" + buf.getvalue()
