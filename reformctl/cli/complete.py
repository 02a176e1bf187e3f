"""Shell completion of values (`--owner <TAB>`, `record report <TAB>` …) from the ledger found from
the current folder (or `--ledger`, `REFORMCTL_LEDGER`).

The shell runs `reformctl` with `_REFORMCTL_COMPLETE` set at every <TAB> (Typer's completion
scripts, `reformctl --install-completion`): each function here reads only what it needs (a folder
listing, `units.yaml`, one record file), returns `(value, help)` pairs, and returns nothing when
anything goes wrong: a completion never prints an error or a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import typer

from reformctl.i18n import LANGS, language, text

Items = list[tuple[str, str]]
MAX_FILE_BYTES = 2_000_000
RECORD_FOLDERS = ("projects", "pilots", "handovers")


def _silent(fn: Callable[..., Items]) -> Callable[..., Items]:
    """A completion that says nothing when it cannot read the ledger."""

    def run(ctx: typer.Context, incomplete: str) -> Items:
        try:
            return [(value, help) for value, help in fn(ctx, incomplete) if value.startswith(incomplete)]
        except Exception:  # completion must stay silent, whatever the ledger holds
            return []

    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


def _lang(ctx: typer.Context) -> str:
    given = ctx.find_root().params.get("lang")
    return language(given if isinstance(given, str) else None, os.environ)


def _root(ctx: typer.Context) -> Path | None:
    from reformctl.load.discover import discover

    given = ctx.params.get("ledger")
    try:
        return discover(given if isinstance(given, Path) else None)
    except Exception:
        return None


def _read(root: Path, rel: str) -> Any:
    """The plain data of one ledger file, or None."""
    from reformctl.load.fastyaml import parse

    path = root / rel
    if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
        return None
    return parse(path.read_bytes(), rel).data


def _listed(data: Any, key: str) -> list[dict[str, Any]]:
    found = data.get(key) if isinstance(data, dict) else None
    return [item for item in found if isinstance(item, dict)] if isinstance(found, (list, tuple)) else []


def _units(ctx: typer.Context, kinds: Iterable[str] | None = None) -> Items:
    root = _root(ctx)
    if root is None:
        return []
    wanted = set(kinds) if kinds is not None else None
    return [
        (str(unit["id"]), str(unit.get("name", "")))
        for unit in _listed(_read(root, "units.yaml"), "units")
        if "id" in unit and (wanted is None or unit.get("kind") in wanted)
    ]


@_silent
def units(ctx: typer.Context, incomplete: str) -> Items:
    """Unit ids of units.yaml, with their names."""
    return _units(ctx)


@_silent
def people(ctx: typer.Context, incomplete: str) -> Items:
    """Person ids of units.yaml, with their names."""
    root = _root(ctx)
    if root is None:
        return []
    return [
        (str(person["id"]), str(person.get("name", "")))
        for person in _listed(_read(root, "units.yaml"), "people")
        if "id" in person
    ]


@_silent
def document_formats(ctx: typer.Context, incomplete: str) -> Items:
    return [("md", "Markdown"), ("docx", "Word")]


@_silent
def groups(ctx: typer.Context, incomplete: str) -> Items:
    """The special groups' ids."""
    return _units(ctx, ["special-group"])


@_silent
def rules(ctx: typer.Context, incomplete: str) -> Items:
    """Rule ids, with their names."""
    from reformctl.model.rule_ids import RuleId

    lang = _lang(ctx)
    return [(r.value, text(lang, f"rule.{r.value}")) for r in RuleId]


@_silent
def stages(ctx: typer.Context, incomplete: str) -> Items:
    from reformctl.cli.library import STAGES

    lang = _lang(ctx)
    return [(s, text(lang, f"stage.{s}")) for s in STAGES]


@_silent
def languages(ctx: typer.Context, incomplete: str) -> Items:
    return [(lang, text(lang, "cli.language-name")) for lang in LANGS]


def _years(root: Path) -> list[int]:
    from reformctl.load.layout import year_folders

    return sorted(year_folders(root))


@_silent
def quarters(ctx: typer.Context, incomplete: str) -> Items:
    """The quarters of the ledger's years (2026-Q1 …), and Q1 … Q4."""
    root = _root(ctx)
    years = _years(root) if root is not None else []
    return [(f"{y}-Q{q}", "") for y in years for q in range(1, 5)] + [(f"Q{q}", "") for q in range(1, 5)]


@_silent
def years(ctx: typer.Context, incomplete: str) -> Items:
    root = _root(ctx)
    return [(str(y), "") for y in (_years(root) if root is not None else [])]


def _title(data: Any) -> str:
    return str(data.get("title", "")) if isinstance(data, dict) else ""


@_silent
def subjects(ctx: typer.Context, incomplete: str) -> Items:
    """Record subjects: projects/<id>, pilots/<id>, handovers/<id>, <year>/supervision/<id>,
    <year>/workplans/<group>, <year>/keypoints; after `#`, the items, findings or tasks of that
    file."""
    root = _root(ctx)
    if root is None:
        return []
    if "#" in incomplete:
        return _items(root, incomplete.split("#", 1)[0])
    out: Items = []
    for name in RECORD_FOLDERS:
        if (root / name).is_dir():
            out += [(f"{name}/{p.stem}", "") for p in sorted((root / name).glob("*.yaml"))]
    for year in _years(root):
        out.append((f"{year}/keypoints", ""))
        for sub in ("supervision", "workplans"):
            folder = root / str(year) / sub
            if folder.is_dir():
                out += [
                    (f"{year}/{sub}/{p.stem}", "") for p in sorted(folder.glob("*.yaml")) if p.stem != "plan"
                ]
    return out


def _items(root: Path, subject: str) -> Items:
    """`<subject>#<id>` for each item, finding or task of the file `subject` names."""
    data = _read(root, f"{subject}.yaml")
    key = {"keypoints": "tasks", "workplans": "items", "supervision": "findings"}
    parts = subject.split("/")
    wanted = key.get(parts[1] if len(parts) > 1 else "", "")
    return [
        (f"{subject}#{item['id']}", str(item.get("title") or item.get("problem") or ""))
        for item in _listed(data, wanted)
        if "id" in item
    ]


@_silent
def record_kinds(ctx: typer.Context, incomplete: str) -> Items:
    from reformctl.edit.record import RECORD_KINDS

    lang = _lang(ctx)
    return [(kind, text(lang, f"help.record.kind.{kind}")) for kind in RECORD_KINDS]


@_silent
def new_kinds(ctx: typer.Context, incomplete: str) -> Items:
    from reformctl.edit.new import KINDS

    lang = _lang(ctx)
    return [(kind, text(lang, f"help.new.kind.{kind}")) for kind in KINDS]
