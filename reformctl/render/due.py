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
        total=len(obligations),
        overdue=counts["overdue"],
        soon=counts["due-soon"],
        open=counts["open"],
        done=counts["done"],
        late=counts["late"],
    )


def render_md(
    obligations: Sequence[Obligation], ledger: Ledger, as_of: date, locale: str, everything: bool, window: int
) -> str:
    """Markdown to paste into a message or an issue: one table per owning unit."""
    out = [
        f"## {escape_md(label(locale, 'due.heading', ledger=ledger.settings.value.name, as_of=as_of))}",
        "",
    ]
    if not obligations:
        out.append(label(locale, "due.none", as_of=as_of, window=window))
        return "\n".join(out) + "\n"
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
                ob.period or "—",
                escape_md(route_text(ledger, ob)) or "—",
            ]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def render_csv(obligations: Sequence[Obligation], ledger: Ledger) -> str:
    """CSV with a UTF-8 byte-order mark, so spreadsheet programs show Chinese correctly; every
    text cell through `spreadsheet_text` (ledger text never runs as a formula), numbers as
    numbers, dates as YYYY-MM-DD."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(
        [
            "rule",
            "subject",
            "title",
            "period",
            "owner",
            "owner_name",
            "route",
            "due",
            "done",
            "state",
            "days",
            "file",
            "line",
        ]
    )
    for ob in obligations:
        row: list[str | int] = [
            ob.rule.value,
            ob.subject,
            ob.title,
            ob.period or "",
            ob.owner,
            ledger.unit_name(ob.owner),
            " > ".join(ob.route) if ob.route else "",
            ob.due.isoformat(),
            ob.done.isoformat() if ob.done else "",
            ob.state,
            ob.days,
            ob.file,
            "" if ob.line is None else ob.line,
        ]
        writer.writerow([spreadsheet_text(c) if isinstance(c, str) else c for c in row])
    return "\ufeff" + buf.getvalue()
