"""The project library view (SPEC §4, seed §1(3)): who is in, who came and left, lights, warnings.

`library_view` is pure (ledger and obligations in, a frozen view out); the renderers turn the
view into JSON, Markdown or a rich table. The bulletin reuses the view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reformctl.model.ledger import Ledger
from reformctl.model.project import Project
from reformctl.render import grid
from reformctl.render.jsonout import dumps
from reformctl.render.labels import label, paren
from reformctl.render.markdown import escape_md
from reformctl.render.printable import shown
from reformctl.render.typography import typeset_markdown
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
        text = paren(text, m.note, locale)
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


def _stage_heading(locale: str, stage: str, n: int) -> str:
    return label(locale, "lib.stage", stage=label(locale, f"stage.{stage}"), n=n)


def _exit_line(locale: str, m: Movement) -> tuple[str, str, str]:
    """Date, title and reason of an exit."""
    return m.date.isoformat(), m.project.title, exit_text(locale, m)


def render_md(view: LibraryView, ledger: Ledger, locale: str) -> str:
    name = ledger.settings.value.name
    colon = label(locale, "doc.colon")
    out = [
        f"## {escape_md(label(locale, 'lib.heading', ledger=name, as_of=view.day.isoformat()))}",
        "",
    ]
    out += [label(locale, "lib.count", n=len(view.entries)), ""]
    cols = ["project", "group", "lead", "leader", "team", "deadline", "next", "light"]
    for stage, entries in by_stage(view):
        out += [f"### {_stage_heading(locale, stage, len(entries))}", ""]
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
        f"- {day} {escape_md(title)}{colon}{escape_md(reason)}"
        for day, title, reason in (_exit_line(locale, m) for m in view.exited)
    ] or [label(locale, "lib.none")]
    if view.warnings:
        out += ["", f"### {label(locale, 'lib.warnings')}", ""]
        out += [
            f"- {paren(escape_md(w.id), escape_md(w.file), locale)}{colon}"
            f"{escape_md(warning_text(ledger, locale, w))}"
            for w in view.warnings
        ]
    return typeset_markdown("\n".join(out) + "\n", locale)


# Terminal table -------------------------------------------------------------------------------


def library_table(view: LibraryView, ledger: Ledger, locale: str) -> grid.Table:
    """One table for every stage (a heading row each), so that its columns line up down the page;
    the next milestone's date on a line of its own above what is due."""
    columns = [
        grid.Column(label(locale, "lib.col.project"), wraps=True),
        grid.Column(label(locale, "lib.col.lead"), wraps=True),
        grid.Column(label(locale, "lib.col.leader"), wraps=True),
        grid.Column(label(locale, "lib.col.team"), right=True),
        grid.Column(label(locale, "lib.col.deadline")),
        grid.Column(label(locale, "lib.col.next"), wraps=True),
        grid.Column(label(locale, "lib.col.light")),
    ]
    rows: list[grid.Row] = []
    for stage, entries in by_stage(view):
        rows.append(grid.Heading(_stage_heading(locale, stage, len(entries))))
        for e in entries:
            p = e.project
            nxt = (
                grid.Cell(
                    ((e.next_milestone.due.isoformat(), None), (shown(e.next_milestone.what, locale), None))
                )
                if e.next_milestone
                else grid.Cell.of("—")
            )
            rows.append(
                (
                    grid.Cell.of(shown(p.title, locale)),
                    grid.Cell.of(shown(ledger.unit_name(p.lead), locale)),
                    grid.Cell.of(shown(ledger.person_name(p.leader), locale)),
                    grid.Cell.of(str(len(p.team))),
                    grid.Cell.of(p.deadline.isoformat()),
                    nxt,
                    grid.Cell.of(label(locale, f"light.{e.light}"), LIGHT_STYLES[e.light]),
                )
            )
    return grid.Table(columns, rows)


def library_text(view: LibraryView, ledger: Ledger, locale: str, width: int, color: bool) -> str:
    """The library for a terminal `width` cells wide: heading, count, the table, entries, exits and
    warnings."""
    name = ledger.settings.value.name
    colon = label(locale, "doc.colon")
    heading = label(locale, "lib.heading", ledger=name, as_of=view.day.isoformat())
    lines = grid.paragraph(shown(heading, locale), width, "bold")
    lines += grid.paragraph(label(locale, "lib.count", n=len(view.entries)), width)
    if view.entries:
        lines += [[], *grid.render(library_table(view, ledger, locale), width)]
    period = {"start": view.start.isoformat(), "end": view.day.isoformat()}
    items: list[tuple[str, str, list[str]]] = [
        (
            "lib.entered",
            "bold",
            [f"{m.date.isoformat()} {shown(m.project.title, locale)}" for m in view.entered],
        ),
        (
            "lib.exited",
            "bold",
            [
                f"{day} {shown(title, locale)}{colon}{shown(reason, locale)}"
                for day, title, reason in (_exit_line(locale, m) for m in view.exited)
            ],
        ),
    ]
    if view.warnings:
        warnings = [
            shown(f"{paren(w.id, w.file, locale)}{colon}{warning_text(ledger, locale, w)}", locale)
            for w in view.warnings
        ]
        items.append(("lib.warnings", "bold yellow", warnings))
    for key, style, texts in items:
        lines += [[], *grid.paragraph(label(locale, key, **period), width, style)]
        for text in texts or [label(locale, "lib.none")]:
            lines += grid.paragraph(text, width, indent="  ")
    return grid.to_str(lines, color)
