"""The project library view (SPEC §4, seed §1(3)): who is in, who came and left, lights, warnings.

`library_view` is pure (ledger and obligations in, a frozen view out); the renderers turn the
view into JSON, Markdown or a rich table. The bulletin reuses the view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from reformctl.model.ledger import Ledger
from reformctl.model.project import Project
from reformctl.render.jsonout import dumps
from reformctl.render.labels import label
from reformctl.render.markdown import escape_md
from reformctl.render.printable import printable
from reformctl.rules.library import in_library, library_exit
from reformctl.rules.light import Light, project_lights
from reformctl.rules.obligation import Obligation

STAGES: tuple[str, ...] = ("implementing", "new", "awaiting-approval")
LIGHT_STYLES = {"green": "green", "yellow": "yellow", "red": "bold red", "completed": "cyan"}


@dataclass(frozen=True, slots=True)
class NextMilestone:
    due: date
    what: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One project in the library on the view's day."""

    id: str
    project: Project
    light: Light
    next_milestone: NextMilestone | None
    file: str


@dataclass(frozen=True, slots=True)
class Movement:
    """A project that entered or left the library within the period."""

    id: str
    project: Project
    date: date
    reason: str | None = None  # completed | time-limit | adjusted (exits only)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Warning:
    id: str
    file: str
    key: str
    value: str


@dataclass(frozen=True, slots=True)
class LibraryView:
    day: date
    """The library as it stands at the end of this day."""
    as_of: date
    """Lights and what is known are as of this date."""
    start: date
    """First day of the period whose entries and exits are listed (up to `day`)."""
    entries: tuple[Entry, ...]
    entered: tuple[Movement, ...]
    exited: tuple[Movement, ...]
    warnings: tuple[Warning, ...]


def next_milestone(project: Project, as_of: date) -> NextMilestone | None:
    """The earliest-due milestone not done as of `as_of`."""
    open_ones = [m for m in project.milestones if m.done is None or m.done > as_of]
    if not open_ones:
        return None
    first = min(open_ones, key=lambda m: m.due)
    return NextMilestone(first.due, first.what)


def team_warnings(ledger: Ledger, pid: str, project: Project, file: str) -> list[Warning]:
    """§2(1) 一个项目、一名领导、一个团队: a leader who is a person, a team of known people."""
    out: list[Warning] = []
    if project.leader not in ledger.people:
        out.append(Warning(pid, file, "lib.warn.leader-unknown", project.leader))
    if not project.team:
        out.append(Warning(pid, file, "lib.warn.no-team", ""))
    seen: set[str] = set()
    for member in project.team:
        if member in seen:
            out.append(Warning(pid, file, "lib.warn.member-twice", member))
        elif member not in ledger.people:
            out.append(Warning(pid, file, "lib.warn.member-unknown", member))
        seen.add(member)
    if project.leader in project.team:
        out.append(Warning(pid, file, "lib.warn.leader-in-team", project.leader))
    return out


def library_view(
    ledger: Ledger,
    day: date,
    as_of: date,
    start: date,
    obligations: Iterable[Obligation],
    stages: Sequence[str] = (),
    groups: Sequence[str] = (),
) -> LibraryView:
    """Projects in the library on `day` (as known on `as_of`), and those that entered or left
    from `start` to `day`. Filters by stage and special group when given."""
    lights = project_lights(ledger, obligations, as_of)
    entries: list[Entry] = []
    entered: list[Movement] = []
    exited: list[Movement] = []
    warnings: list[Warning] = []
    for pid, rec in sorted(ledger.projects.items()):
        p = rec.value
        if (stages and p.stage not in stages) or (groups and p.group not in groups):
            continue
        if in_library(p, day, as_of):
            entries.append(Entry(pid, p, lights[pid], next_milestone(p, as_of), rec.file))
            warnings += team_warnings(ledger, pid, p, rec.file)
        if p.entered <= as_of and start <= p.entered <= day:
            entered.append(Movement(pid, p, p.entered))
        leaving = library_exit(p, as_of)
        if (
            leaving is not None
            and start <= leaving.date <= day
            and p.entered < leaving.date
            and p.entered <= as_of
        ):
            exited.append(Movement(pid, p, leaving.date, leaving.reason, leaving.note))
    stage_rank = {s: i for i, s in enumerate(STAGES)}
    entries.sort(key=lambda e: (stage_rank[e.project.stage], e.project.group, e.id))
    entered.sort(key=lambda m: (m.date, m.id))
    exited.sort(key=lambda m: (m.date, m.id))
    return LibraryView(day, as_of, start, tuple(entries), tuple(entered), tuple(exited), tuple(warnings))


def by_stage(view: LibraryView) -> list[tuple[str, list[Entry]]]:
    return [
        (s, [e for e in view.entries if e.project.stage == s])
        for s in STAGES
        if any(e.project.stage == s for e in view.entries)
    ]


def warning_text(ledger: Ledger, locale: str, w: Warning) -> str:
    return label(locale, w.key, id=w.value, name=ledger.person_name(w.value))


def exit_text(locale: str, m: Movement) -> str:
    text = label(locale, f"exit.{m.reason}")
    if m.note:
        text += f"（{m.note}）" if locale == "zh-CN" else f" ({m.note})"
    return text


# JSON -----------------------------------------------------------------------------------------


def render_json(view: LibraryView, ledger: Ledger, left_out: Sequence[Any] = ()) -> str:
    """`{"as_of", "projects", "entered", "exited", "warnings", "left_out"}` (docs/library.md)."""
    shape: dict[str, Any] = {
        "as_of": view.day.isoformat(),
        "projects": [
            {
                "id": e.id,
                "title": e.project.title,
                "stage": e.project.stage,
                "group": e.project.group,
                "lead": e.project.lead,
                "leader": e.project.leader,
                "team": list(e.project.team),
                "deadline": e.project.deadline.isoformat(),
                "light": e.light,
                "next_milestone": (
                    {"due": e.next_milestone.due.isoformat(), "what": e.next_milestone.what}
                    if e.next_milestone
                    else None
                ),
                "file": e.file,
            }
            for e in view.entries
        ],
        "entered": [{"id": m.id, "date": m.date.isoformat()} for m in view.entered],
        "exited": [
            {"id": m.id, "date": m.date.isoformat(), "reason": m.reason, "note": m.note} for m in view.exited
        ],
        "warnings": [
            {"id": w.id, "file": w.file, "message": warning_text(ledger, "en", w)} for w in view.warnings
        ],
        "left_out": list(left_out),
    }
    return dumps(shape)


# Markdown -------------------------------------------------------------------------------------


def _next(e: Entry) -> str:
    if e.next_milestone is None:
        return "—"
    return f"{e.next_milestone.due.isoformat()} {escape_md(e.next_milestone.what)}"


def render_md(view: LibraryView, ledger: Ledger, locale: str) -> str:
    name = ledger.settings.value.name
    out = [
        f"## {escape_md(label(locale, 'lib.heading', ledger=name, as_of=view.day.isoformat()))}",
        "",
    ]
    out += [label(locale, "lib.count", n=len(view.entries)), ""]
    cols = ["project", "group", "lead", "leader", "team", "deadline", "next", "light"]
    for stage, entries in by_stage(view):
        out += [
            f"### {label(locale, f'stage.{stage}')}（{len(entries)}）"
            if locale == "zh-CN"
            else f"### {label(locale, f'stage.{stage}')} ({len(entries)})",
            "",
        ]
        out.append("| " + " | ".join(label(locale, f"lib.col.{c}") for c in cols) + " |")
        out.append("|" + "---|" * len(cols))
        for e in entries:
            p = e.project
            cells = [
                escape_md(p.title),
                escape_md(ledger.unit_name(p.group)),
                escape_md(ledger.unit_name(p.lead)),
                escape_md(ledger.person_name(p.leader)),
                escape_md(label(locale, "lib.team-size", n=len(p.team))),
                p.deadline.isoformat(),
                _next(e),
                label(locale, f"light.{e.light}"),
            ]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    period = {"start": view.start.isoformat(), "end": view.day.isoformat()}
    out += [f"### {label(locale, 'lib.entered', **period)}", ""]
    out += [f"- {m.date.isoformat()} {escape_md(m.project.title)}" for m in view.entered] or [
        label(locale, "lib.none")
    ]
    out += ["", f"### {label(locale, 'lib.exited', **period)}", ""]
    out += [
        f"- {m.date.isoformat()} {escape_md(m.project.title)}：{escape_md(exit_text(locale, m))}"
        if locale == "zh-CN"
        else f"- {m.date.isoformat()} {escape_md(m.project.title)}: {escape_md(exit_text(locale, m))}"
        for m in view.exited
    ] or [label(locale, "lib.none")]
    if view.warnings:
        out += ["", f"### {label(locale, 'lib.warnings')}", ""]
        out += [
            f"- {escape_md(w.id)}（{escape_md(w.file)}）：{escape_md(warning_text(ledger, locale, w))}"
            if locale == "zh-CN"
            else f"- {escape_md(w.id)} ({escape_md(w.file)}): {escape_md(warning_text(ledger, locale, w))}"
            for w in view.warnings
        ]
    return "\n".join(out) + "\n"


# Terminal table -------------------------------------------------------------------------------


def library_tables(view: LibraryView, ledger: Ledger, locale: str) -> RenderableType:
    name = ledger.settings.value.name
    parts: list[RenderableType] = [
        Text(printable(label(locale, "lib.heading", ledger=name, as_of=view.day.isoformat())), style="bold"),
        Text(label(locale, "lib.count", n=len(view.entries))),
    ]
    for stage, entries in by_stage(view):
        table = Table(
            title=f"{label(locale, f'stage.{stage}')} ({len(entries)})",
            title_justify="left",
            title_style="bold",
            show_edge=False,
            pad_edge=False,
        )
        table.add_column(label(locale, "lib.col.project"), ratio=3, overflow="fold")
        table.add_column(label(locale, "lib.col.lead"), ratio=2, overflow="fold")
        table.add_column(label(locale, "lib.col.leader"), no_wrap=True)
        table.add_column(label(locale, "lib.col.team"), no_wrap=True)
        table.add_column(label(locale, "lib.col.deadline"), no_wrap=True)
        table.add_column(label(locale, "lib.col.next"), ratio=3, overflow="fold")
        table.add_column(label(locale, "lib.col.light"), no_wrap=True)
        for e in entries:
            p = e.project
            nxt = f"{e.next_milestone.due.isoformat()} {e.next_milestone.what}" if e.next_milestone else "—"
            table.add_row(
                Text(printable(p.title)),
                Text(printable(ledger.unit_name(p.lead))),
                Text(printable(ledger.person_name(p.leader))),
                str(len(p.team)),
                p.deadline.isoformat(),
                Text(printable(nxt)),
                Text(label(locale, f"light.{e.light}"), style=LIGHT_STYLES[e.light]),
            )
        parts += [Text(""), table]
    period = {"start": view.start.isoformat(), "end": view.day.isoformat()}
    parts += [Text(""), Text(label(locale, "lib.entered", **period), style="bold")]
    parts += [Text(printable(f"  {m.date.isoformat()} {m.project.title}")) for m in view.entered] or [
        Text("  " + label(locale, "lib.none"))
    ]
    parts += [Text(""), Text(label(locale, "lib.exited", **period), style="bold")]
    parts += [
        Text(printable(f"  {m.date.isoformat()} {m.project.title}: {exit_text(locale, m)}"))
        for m in view.exited
    ] or [Text("  " + label(locale, "lib.none"))]
    if view.warnings:
        parts += [Text(""), Text(label(locale, "lib.warnings"), style="bold yellow")]
        parts += [
            Text(printable(f"  {w.id} ({w.file}): {warning_text(ledger, locale, w)}")) for w in view.warnings
        ]
    return Group(*parts)
