"""Which file of a ledger folder holds which kind of record (SPEC §2)."""

from __future__ import annotations

import os
import re
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from reformctl.errors import Problem, Severity
from reformctl.load.files import inside, not_a_file, outside, what_it_is
from reformctl.message import Msg, msg
from reformctl.model.patterns import ID_RE
from reformctl.source import Span

YEAR_RE = re.compile(r"[0-9]{4}")
"""A year folder's name: four ASCII digits (matched whole)."""
BULLETIN_RE = re.compile(r"^Q[1-4]\.md$")
MAX_FILES = 200_000


class Kind(str, Enum):
    SETTINGS = "settings"
    UNITS = "units"
    PROJECT = "project"
    PILOT = "pilot"
    HANDOVER = "handover"
    KEYPOINTS = "keypoints"
    WORKPLAN = "workplan"
    SUPERVISION_PLAN = "supervision-plan"
    SUPERVISION = "supervision"
    REPORTS = "reports"
    BULLETIN = "bulletin"
    ANNUAL_REPORT = "annual-report"


YEAR_GLOB = "[0-9][0-9][0-9][0-9]"
ID_GLOB = "[a-z0-9]*([a-z0-9-])"
"""A file stem that is an id (`ID_RE`, but for its length): a letter or digit, then letters, digits
and '-' (an extended glob, as picomatch and bash's extglob read it)."""

GLOBS: dict[Kind, tuple[str, ...]] = {
    Kind.SETTINGS: ("ledger.yaml",),
    Kind.UNITS: ("units.yaml",),
    Kind.PROJECT: (f"projects/{ID_GLOB}.yaml",),
    Kind.PILOT: (f"pilots/{ID_GLOB}.yaml",),
    Kind.HANDOVER: (f"handovers/{ID_GLOB}.yaml",),
    Kind.KEYPOINTS: (f"{YEAR_GLOB}/keypoints.yaml",),
    Kind.WORKPLAN: (f"{YEAR_GLOB}/workplans/{ID_GLOB}.yaml",),
    Kind.SUPERVISION_PLAN: (f"{YEAR_GLOB}/supervision/plan.yaml",),
    Kind.SUPERVISION: (f"{YEAR_GLOB}/supervision/{ID_GLOB}.yaml", f"!{YEAR_GLOB}/supervision/plan.yaml"),
    Kind.REPORTS: (f"{YEAR_GLOB}/reports.yaml",),
}
"""The YAML files of each kind as globs relative to the ledger folder (`!` excludes), matching
exactly the files `scan` and `classify` give that kind, for editors' schema mappings
(docs/editors.md). Bulletins and the annual report are Markdown: no YAML schema maps them."""

ITEM_KINDS = frozenset({Kind.PROJECT, Kind.PILOT, Kind.HANDOVER})
"""The tracked items' files (`projects/`, `pilots/`, `handovers/`): nearly all of a large
ledger. Every other file is a *context* file (docs/performance.md, "What a file's outcomes
depend on")."""


class Entry(NamedTuple):
    """One ledger file: its kind, path relative to the ledger, and id (stem) or year."""

    kind: Kind
    rel: str
    stem: str
    year: int | None = None


_RECORD_FOLDERS = {"projects": Kind.PROJECT, "pilots": Kind.PILOT, "handovers": Kind.HANDOVER}
_IGNORED_TOP = {"templates"}


def _warn(rel: str, key: str) -> Problem:
    return Problem(Span(rel, 1, 1), "unknown-file", Msg(key), Severity.WARNING)


def _bad_name(rel: str, stem: str) -> Problem:
    return Problem(Span(rel, 1, 1), "bad-file-name", msg("problem.bad-file-name", stem=stem))


def _what(entry: os.DirEntry[str]) -> Msg:
    """What a name that is neither a file nor a folder is (a broken link, a FIFO, a device …)."""
    try:
        return what_it_is(entry.stat().st_mode) or Msg("problem.what.other")
    except OSError:
        return Msg("problem.what.dangling")


class _Item:
    """One name in a folder, with its path relative to the ledger and its type."""

    __slots__ = ("dir", "file", "link", "name", "path", "rel", "stem", "suffix")

    def __init__(self, entry: os.DirEntry[str], rel: str) -> None:
        self.name = entry.name
        self.path = entry.path
        self.rel = rel
        self.stem, self.suffix = os.path.splitext(entry.name)
        self.dir, self.file, self.link = _kinds(entry)

    def is_dir(self) -> bool:
        return self.dir

    def is_file(self) -> bool:
        return self.file

    def is_symlink(self) -> bool:
        return self.link


def _kinds(entry: os.DirEntry[str]) -> tuple[bool, bool, bool]:
    """Whether the entry is a folder, a file, a symbolic link (no extra system call on Linux)."""
    found = []
    for test in (entry.is_dir, entry.is_file, entry.is_symlink):
        try:
            found.append(test())
        except OSError:
            found.append(False)
    return found[0], found[1], found[2]


class _Scanner:
    """Walks a ledger folder once, collecting entries and problems."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.entries: list[Entry] = []
        self.problems: list[Problem] = []
        self.count = 0

    def visible(self, folder: Path | _Item) -> list[_Item]:
        prefix = "" if isinstance(folder, Path) else folder.rel + "/"
        where = folder if isinstance(folder, Path) else folder.path
        try:
            with os.scandir(where) as listing:
                found = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as err:
            rel = "." if isinstance(folder, Path) else folder.rel
            detail = err.strerror or type(err).__name__
            self.problems.append(
                Problem(Span(rel, 1, 1), "unreadable", msg("problem.unreadable.folder", detail=detail))
            )
            return []
        out = []
        for entry in found:
            self.count += 1
            if self.count > MAX_FILES:
                break
            item = _Item(entry, prefix + entry.name)
            if item.is_symlink() and not inside(self.root, Path(item.path)):
                self.problems.append(outside(item.rel))
                continue
            if not (item.is_file() or item.is_dir()):
                self.problems.append(not_a_file(item.rel, _what(entry)))
                continue
            out.append(item)
        return out

    def add(self, kind: Kind, item: _Item, stem: str, year: int | None = None) -> None:
        self.entries.append(Entry(kind, item.rel, stem, year))

    def warn(self, item: _Item, key: str = "problem.unknown-file") -> None:
        self.problems.append(_warn(item.rel, key))

    def records(self, folder: _Item, kind: Kind, year: int | None = None) -> None:
        for item in self.visible(folder):
            if item.is_dir():
                self.warn(item, "problem.unknown-file.folder")
            elif item.suffix == ".yaml":
                if ID_RE.fullmatch(item.stem):
                    self.add(kind, item, item.stem, year)
                else:
                    self.problems.append(_bad_name(item.rel, item.stem))
            elif item.suffix == ".yml":
                self.problems.append(
                    Problem(Span(item.rel, 1, 1), "bad-file-name", Msg("problem.bad-file-name.yml"))
                )
            else:
                self.warn(item, "problem.unknown-file.file")

    def top(self) -> None:
        for item in self.visible(self.root):
            name = item.name
            if item.is_file() and name == "ledger.yaml":
                self.add(Kind.SETTINGS, item, "ledger")
            elif item.is_file() and name == "units.yaml":
                self.add(Kind.UNITS, item, "units")
            elif item.is_dir() and name in _RECORD_FOLDERS:
                self.records(item, _RECORD_FOLDERS[name])
            elif item.is_dir() and YEAR_RE.fullmatch(name):
                self.year(item, int(name))
            elif item.is_dir() and name in _IGNORED_TOP:
                continue
            elif item.suffix in (".yaml", ".yml") or item.is_dir():
                self.warn(item)

    def year(self, folder: _Item, year: int) -> None:
        for item in self.visible(folder):
            name = item.name
            if item.is_file() and name == "keypoints.yaml":
                self.add(Kind.KEYPOINTS, item, "keypoints", year)
            elif item.is_file() and name == "reports.yaml":
                self.add(Kind.REPORTS, item, "reports", year)
            elif item.is_file() and name == "annual-report.md":
                self.add(Kind.ANNUAL_REPORT, item, "annual-report", year)
            elif item.is_dir() and name == "workplans":
                self.records(item, Kind.WORKPLAN, year)
            elif item.is_dir() and name == "supervision":
                self.supervision(item, year)
            elif item.is_dir() and name == "bulletins":
                for sub in self.visible(item):
                    if sub.is_file() and BULLETIN_RE.fullmatch(sub.name):
                        self.add(Kind.BULLETIN, sub, sub.stem, year)
                    else:
                        self.warn(sub, "problem.unknown-file.bulletin")
            else:
                self.warn(item)

    def supervision(self, folder: _Item, year: int) -> None:
        for sub in self.visible(folder):
            if sub.is_file() and sub.name == "plan.yaml":
                self.add(Kind.SUPERVISION_PLAN, sub, "plan", year)
            elif sub.is_file() and sub.suffix == ".yaml":
                if ID_RE.fullmatch(sub.stem):
                    self.add(Kind.SUPERVISION, sub, sub.stem, year)
                else:
                    self.problems.append(_bad_name(sub.rel, sub.stem))
            else:
                self.warn(sub)


def scan(root: Path) -> tuple[list[Entry], list[Problem]]:
    """List the ledger's files by kind; report files that do not belong or cannot be trusted."""
    scanner = _Scanner(root.resolve())
    scanner.top()
    if scanner.count > MAX_FILES:
        scanner.problems.append(
            Problem(Span(".", 1, 1), "too-large", msg("problem.too-large.ledger", limit=MAX_FILES))
        )
    return scanner.entries, scanner.problems


def classify(rel: str) -> Entry | None:
    """The entry a ledger-relative path would be, by the same rules as `scan` (for new files)."""
    parts = PurePosixPath(rel).parts
    name = parts[-1] if parts else ""
    stem = PurePosixPath(name).stem
    if parts == ("ledger.yaml",):
        return Entry(Kind.SETTINGS, rel, "ledger")
    if parts == ("units.yaml",):
        return Entry(Kind.UNITS, rel, "units")
    if len(parts) == 2 and parts[0] in _RECORD_FOLDERS and name.endswith(".yaml") and ID_RE.fullmatch(stem):
        return Entry(_RECORD_FOLDERS[parts[0]], rel, stem)
    if not parts or not YEAR_RE.fullmatch(parts[0]):
        return None
    year = int(parts[0])
    if len(parts) == 2 and name in ("keypoints.yaml", "reports.yaml"):
        kind = Kind.KEYPOINTS if name == "keypoints.yaml" else Kind.REPORTS
        return Entry(kind, rel, stem, year)
    if len(parts) == 2 and name == "annual-report.md":
        return Entry(Kind.ANNUAL_REPORT, rel, stem, year)
    if len(parts) == 3 and parts[1] == "workplans" and name.endswith(".yaml") and ID_RE.fullmatch(stem):
        return Entry(Kind.WORKPLAN, rel, stem, year)
    if len(parts) == 3 and parts[1] == "supervision" and name.endswith(".yaml") and ID_RE.fullmatch(stem):
        kind = Kind.SUPERVISION_PLAN if name == "plan.yaml" else Kind.SUPERVISION
        return Entry(kind, rel, stem, year)
    if len(parts) == 3 and parts[1] == "bulletins" and BULLETIN_RE.fullmatch(name):
        return Entry(Kind.BULLETIN, rel, stem, year)
    return None


def year_folders(root: Path) -> list[int]:
    """The ledger's `<year>/` folders, empty ones included (they add the year's duties)."""
    try:
        return [int(p.name) for p in root.iterdir() if p.is_dir() and YEAR_RE.fullmatch(p.name)]
    except OSError:
        return []
