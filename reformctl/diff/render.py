"""`reformctl diff` output: JSON (stable shape, docs/diff.md), Markdown for a pull-request comment,
and a terminal view. Pure: a Diff in, text out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reformctl.diff.compare import Diff, FieldChange, LibraryMove, Names, ObligationChange, RecordRef
from reformctl.diff.records import Value
from reformctl.diff.revisions import Revision
from reformctl.errors import Problem, Severity
from reformctl.render import grid
from reformctl.render.duejson import obligation_json
from reformctl.render.jsonout import dumps
from reformctl.render.labels import days_text, label, paren
from reformctl.render.markdown import escape_md
from reformctl.render.printable import printable
from reformctl.render.prose import period_label
from reformctl.rules.obligation import Obligation

OBLIGATION_GROUPS = (
    "fulfilled",
    "created",
    "removed",
    "reassigned",
    "now_overdue",
    "changed_due",
    "reopened",
)
"""Order of the obligation groups in every format (JSON keys in this order)."""


@dataclass(frozen=True, slots=True)
class DiffView:
    """A Diff with what is needed to show it."""

    diff: Diff
    old: Revision
    new: Revision
    old_present: bool
    new_present: bool
    ledger_name: str
    ledger_dir: str
    """The ledger folder relative to the repository's top ("." when it is the top)."""
    names: Names

    def repo_path(self, file: str) -> str:
        return file if self.ledger_dir in ("", ".") else f"{self.ledger_dir}/{file}"

    def unit(self, unit_id: str) -> str:
        return self.names.units.get(unit_id, unit_id)

    def group(self, name: str) -> tuple[ObligationChange, ...]:
        groups: tuple[ObligationChange, ...] = getattr(self.diff.obligations, name)
        return groups


# --- JSON ----------------------------------------------------------------------------------


def _before(ob: Obligation | None) -> dict[str, Any] | None:
    if ob is None:
        return None
    return {
        "owner": ob.owner,
        "due": ob.due.isoformat(),
        "done": ob.done.isoformat() if ob.done else None,
        "state": ob.state,
        "days": ob.days,
    }


def _obligation_change_json(change: ObligationChange) -> dict[str, Any]:
    """The obligation as it is after the change (as it was, for removed ones), with `before`."""
    out = obligation_json(change.shown)
    out["before"] = _before(change.old) if change.new is not None else None
    return out


def _record_json(ref: RecordRef) -> dict[str, Any]:
    return {"kind": ref.kind, "subject": ref.subject, "title": ref.title, "file": ref.file, "line": ref.line}


def _field_json(change: FieldChange) -> dict[str, Any]:
    return {
        "path": change.path,
        "line": change.line,
        "old": change.old,
        "new": change.new,
        "added": list(change.added),
        "removed": list(change.removed),
        "names": dict(change.names),
    }


def _move_json(move: LibraryMove, exited: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": move.project,
        "subject": f"projects/{move.project}",
        "title": move.title,
        "date": move.date.isoformat() if move.date else None,
    }
    if exited:
        out["reason"] = move.reason
        out["note"] = move.note
    return out


def _problem_json(view: DiffView, p: Problem) -> dict[str, Any]:
    return {
        "file": p.span.path,
        "path": view.repo_path(p.span.path),
        "line": p.span.line,
        "column": p.span.col,
        "severity": p.severity.value,
        "code": p.code,
        "message": p.message,
    }


def diff_json(view: DiffView) -> dict[str, Any]:
    """The stable JSON shape of `reformctl diff --format json` (docs/diff.md)."""
    d = view.diff
    return {
        "from": view.old.name,
        "from_commit": view.old.sha,
        "to": view.new.name,
        "to_commit": view.new.sha,
        "ledger": view.ledger_dir,
        "as_of": d.as_of.isoformat(),
        "records": {
            "added": [_record_json(r) for r in d.records_added],
            "removed": [_record_json(r) for r in d.records_removed],
            "changed": [
                {**_record_json(c.record), "fields": [_field_json(f) for f in c.fields]}
                for c in d.records_changed
            ],
            "unreadable": list(d.unreadable),
        },
        "obligations": {
            name: [_obligation_change_json(c) for c in view.group(name)] for name in OBLIGATION_GROUPS
        },
        "library": {
            "entered": [_move_json(m, False) for m in d.entered],
            "exited": [_move_json(m, True) for m in d.exited],
        },
        "problems": {
            "added": [_problem_json(view, p) for p in d.problems_added],
            "fixed": [_problem_json(view, p) for p in d.problems_fixed],
        },
    }


def render_json(view: DiffView) -> str:
    return dumps(diff_json(view))


# --- words shared by Markdown and the terminal view ----------------------------------------


def format_value(value: Value, key: str | None, view: DiffView) -> str:
    """A plain value on one line; unit and person ids followed by their names."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {format_value(v, k, view)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(format_value(v, key, view) for v in value) + "]"
    name = view.names.lookup(key, value)
    return f"{value} ({name})" if name else str(value)


def field_text(change: FieldChange, view: DiffView, locale: str, esc: Callable[[str], str]) -> str:
    """`lead: dept-finance (市财政局) → dept-ecology (市生态环境局)`; for a list, its items added and
    removed (`team: added zhang-san (张三); removed li-si (李四)`)."""
    key = change.key
    head = esc(change.path)
    if not change.is_list:
        return (
            f"{head}: {esc(format_value(change.old, key, view))} → {esc(format_value(change.new, key, view))}"
        )
    parts = []
    for word, items in (("diff.list.added", change.added), ("diff.list.removed", change.removed)):
        if items:
            shown = ", ".join(esc(format_value(v, key, view)) for v in items)
            parts.append(f"{label(locale, word)} {shown}")
    return f"{head}: {'; '.join(parts) if parts else label(locale, 'diff.list.reordered')}"


def _count(locale: str, text: str, n: int) -> str:
    return paren(text, str(n), locale)


def _revision_text(rev: Revision, present: bool, locale: str) -> str:
    if rev.is_working_tree:
        shown = label(locale, "diff.working-tree")
    elif rev.base_of is not None and rev.sha is not None:
        shown = label(locale, "diff.merge-base", branch=rev.base_of, sha=rev.sha[:8])
    else:
        shown = rev.name
    return shown if present else f"{shown} {label(locale, 'diff.absent')}"


def heading(view: DiffView, locale: str) -> str:
    return label(
        locale,
        "diff.heading",
        ledger=view.ledger_name,
        old=_revision_text(view.old, view.old_present, locale),
        new=_revision_text(view.new, view.new_present, locale),
        as_of=view.diff.as_of.isoformat(),
    )


def summary(view: DiffView, locale: str) -> str:
    d = view.diff
    return label(
        locale,
        "diff.summary",
        added=len(d.records_added),
        removed=len(d.records_removed),
        changed=len(d.records_changed),
        fulfilled=len(d.obligations.fulfilled),
        created=len(d.obligations.created),
        ob_removed=len(d.obligations.removed),
        reassigned=len(d.obligations.reassigned),
        overdue=len(d.obligations.now_overdue),
        problems=len(d.problems_added),
        errors=sum(p.severity is Severity.ERROR for p in d.problems_added),
        fixed=len(d.problems_fixed),
    )


def _record_line(ref: RecordRef, view: DiffView, locale: str, esc: Callable[[str], str]) -> str:
    kind = label(locale, f"diff.kind.{ref.kind}")
    where = f"{view.repo_path(ref.file)}:{ref.line}"
    title = ""
    if ref.title:
        title = label(locale, "doc.colon") + esc(ref.title)
    return f"{kind} {esc(ref.subject)}{title} ({esc(where)})"


def _state_text(ob: Obligation, locale: str) -> str:
    days = days_text(locale, ob.state, ob.days)
    return paren(label(locale, f"state.{ob.state}"), days, locale)


def obligation_cells(change: ObligationChange, view: DiffView, locale: str, arrow: str = " → ") -> list[str]:
    """Title, rule, period, owner, due (before → after), state (before → after); unescaped."""
    ob = change.shown
    due = ob.due.isoformat()
    state = _state_text(ob, locale)
    if change.old is not None and change.new is not None:
        if change.old.due != change.new.due:
            due = f"{change.old.due.isoformat()}{arrow}{due}"
        if change.old.state != change.new.state or change.old.days != change.new.days:
            state = f"{_state_text(change.old, locale)}{arrow}{state}"
    owner = view.unit(ob.owner)
    if change.old is not None and change.new is not None and change.old.owner != change.new.owner:
        owner = f"{view.unit(change.old.owner)}{arrow}{owner}"
    return [
        ob.title,
        label(locale, f"rule.{ob.rule.value}"),
        period_label(ob, locale),
        owner,
        due,
        state,
    ]


OBLIGATION_COLUMNS = ("col.title", "col.rule", "col.period", "col.owner", "col.due", "col.state")
NO_WRAP = frozenset({"col.period", "col.due", "col.state"})


def _move_text(move: LibraryMove, exited: bool, locale: str, esc: Callable[[str], str]) -> str:
    day = move.date.isoformat() if move.date else "—"
    text = f"{esc(move.title)} (projects/{esc(move.project)}) {day}"
    if not exited or move.reason is None:
        return text
    key = f"diff.exit.{move.reason}" if move.reason in ("removed", "not-entered") else f"exit.{move.reason}"
    reason = label(locale, key)
    if move.note:
        reason += label(locale, "doc.colon") + esc(move.note)
    return f"{text} — {reason}"


def _problem_line(p: Problem, view: DiffView, locale: str) -> str:
    return p.line(locale, view.repo_path(p.span.path))


def _sections(view: DiffView) -> list[tuple[str, str, Sequence[Any]]]:
    """(section label, group label, items) of every non-empty list of records, library, problems."""
    d = view.diff
    return [
        (key, sub, items)
        for key, sub, items in (
            ("diff.records", "diff.records.added", d.records_added),
            ("diff.records", "diff.records.removed", d.records_removed),
            ("diff.records", "diff.records.changed", d.records_changed),
            ("diff.library", "diff.lib.entered", d.entered),
            ("diff.library", "diff.lib.exited", d.exited),
            ("diff.problems", "diff.problems.added", d.problems_added),
            ("diff.problems", "diff.problems.fixed", d.problems_fixed),
        )
        if items
    ]


# --- Markdown ------------------------------------------------------------------------------


def _md_items(sub: str, items: Sequence[Any], view: DiffView, locale: str) -> list[str]:
    out = []
    for item in items:
        if sub == "diff.records.changed":
            out.append(f"- {_record_line(item.record, view, locale, escape_md)}")
            out += [f"  - {field_text(f, view, locale, escape_md)}" for f in item.fields]
        elif sub.startswith("diff.records."):
            out.append(f"- {_record_line(item, view, locale, escape_md)}")
        elif sub.startswith("diff.lib."):
            out.append(f"- {_move_text(item, sub == 'diff.lib.exited', locale, escape_md)}")
        else:
            out.append(f"- {escape_md(_problem_line(item, view, locale))}")
    return out


def render_md(view: DiffView, locale: str) -> str:
    """Markdown for a pull-request comment: headings, bullet lists, one table per obligation group;
    every piece of ledger text goes through escape_md."""
    d = view.diff
    out = [f"## {escape_md(heading(view, locale))}", ""]
    if d.empty:
        return "\n".join([*out, label(locale, "diff.nothing"), ""])
    out += [summary(view, locale), ""]
    if d.adds_errors:
        out += [f"**{label(locale, 'diff.fails')}**", ""]
    sections = _sections(view)
    out += _md_sections([s for s in sections if s[0] == "diff.records"], view, locale)
    out += _md_unreadable(view, locale)
    out += _md_obligations(view, locale)
    out += _md_sections([s for s in sections if s[0] != "diff.records"], view, locale)
    return "\n".join(out)


def _md_sections(
    sections: Sequence[tuple[str, str, Sequence[Any]]], view: DiffView, locale: str
) -> list[str]:
    out: list[str] = []
    current = ""
    for key, sub, items in sections:
        if key != current:
            out += [f"### {label(locale, key)}", ""]
            current = key
        out += [f"#### {_count(locale, label(locale, sub), len(items))}", ""]
        out += [*_md_items(sub, items, view, locale), ""]
    return out


def _md_unreadable(view: DiffView, locale: str) -> list[str]:
    if not view.diff.unreadable:
        return []
    return [
        label(locale, "diff.records.unreadable"),
        "",
        *(f"- {escape_md(view.repo_path(f))}" for f in view.diff.unreadable),
        "",
    ]


def _md_obligations(view: DiffView, locale: str) -> list[str]:
    groups = [(name, view.group(name)) for name in OBLIGATION_GROUPS if view.group(name)]
    if not groups:
        return []
    out = [f"### {label(locale, 'diff.obligations')}", ""]
    for name, changes in groups:
        out += [f"#### {_count(locale, label(locale, f'diff.ob.{name}'), len(changes))}", ""]
        out.append("| " + " | ".join(label(locale, c) for c in OBLIGATION_COLUMNS) + " |")
        out.append("|" + "---|" * len(OBLIGATION_COLUMNS))
        for change in changes:
            out.append("| " + " | ".join(escape_md(c) for c in obligation_cells(change, view, locale)) + " |")
        out.append("")
    return out


# --- terminal ------------------------------------------------------------------------------


def _plain(text: str) -> str:
    return printable(text)


def obligations_table(view: DiffView, locale: str) -> grid.Table | None:
    """One table of every obligation group (a heading row each), so that its columns line up."""
    rows: list[grid.Row] = []
    for name in OBLIGATION_GROUPS:
        changes = view.group(name)
        if not changes:
            continue
        rows.append(grid.Heading(_count(locale, label(locale, f"diff.ob.{name}"), len(changes))))
        for change in changes:
            rows.append(
                [
                    grid.Cell.of(printable(c, newlines=True))
                    for c in obligation_cells(change, view, locale, "\n→ ")
                ]
            )
    if not rows:
        return None
    columns = [grid.Column(label(locale, col), wraps=col not in NO_WRAP) for col in OBLIGATION_COLUMNS]
    return grid.Table(columns, rows)


def diff_text(view: DiffView, locale: str, width: int, color: bool) -> str:
    """The terminal view for `width` cells: sections of lines, one table of the obligations.
    Ledger text is shown as typed (a review of the change sees every character), control
    characters escaped."""
    d = view.diff
    lines = grid.paragraph(printable(heading(view, locale)), width, "bold")
    if d.empty:
        return grid.to_str([*lines, *grid.paragraph(label(locale, "diff.nothing"), width)], color)
    lines += grid.paragraph(summary(view, locale), width)
    if d.adds_errors:
        lines += grid.paragraph(label(locale, "diff.fails"), width, "bold red")
    sections = _sections(view)
    records = [s for s in sections if s[0] == "diff.records"]
    others = [s for s in sections if s[0] != "diff.records"]
    lines += _text_sections(records, view, locale, width)
    if d.unreadable:
        lines += [[], *grid.paragraph(label(locale, "diff.records.unreadable"), width, "yellow")]
        for f in d.unreadable:
            lines += grid.paragraph(printable(view.repo_path(f)), width, indent="  ")
    table = obligations_table(view, locale)
    if table is not None:
        lines += [[], *grid.paragraph(label(locale, "diff.obligations"), width, "bold underline")]
        lines += grid.render(table, width)
    lines += _text_sections(others, view, locale, width)
    return grid.to_str(lines, color)


def _text_sections(
    sections: Sequence[tuple[str, str, Sequence[Any]]], view: DiffView, locale: str, width: int
) -> list[grid.Line]:
    lines: list[grid.Line] = []
    current = ""
    for key, sub, items in sections:
        if key != current:
            lines += [[], *grid.paragraph(label(locale, key), width, "bold underline")]
            current = key
        lines += grid.paragraph(_count(locale, label(locale, sub), len(items)), width, "bold")
        for item in items:
            if sub == "diff.records.changed":
                lines += grid.paragraph(_record_line(item.record, view, locale, _plain), width, indent="  ")
                for f in item.fields:
                    lines += grid.paragraph(field_text(f, view, locale, _plain), width, indent="    ")
            elif sub.startswith("diff.records."):
                lines += grid.paragraph(_record_line(item, view, locale, _plain), width, indent="  ")
            elif sub.startswith("diff.lib."):
                text = _move_text(item, sub == "diff.lib.exited", locale, _plain)
                lines += grid.paragraph(text, width, indent="  ")
            else:
                style = (
                    ("red" if item.severity is Severity.ERROR else "yellow")
                    if sub.endswith("added")
                    else "green"
                )
                lines += grid.paragraph(
                    printable(_problem_line(item, view, locale)), width, style, indent="  "
                )
    return lines
