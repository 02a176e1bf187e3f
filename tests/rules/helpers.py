"""Tiny ledgers for rule tests: a dict of files written into a folder and loaded.

`build(tmp_path, {"projects/p1.yaml": project(entered=...), "2026": None})` writes `ledger.yaml`
and `units.yaml` (see UNITS) plus the given files (dicts are dumped as block YAML, strings are
written as they are, `None` makes an empty folder, e.g. a ledger year) and returns the loaded
Ledger; loading problems fail the test, so a typo in a test ledger cannot go unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from reformctl.errors import Severity
from reformctl.load.loader import load_ledger
from reformctl.model.ledger import Ledger
from reformctl.rules.engine import compute_obligations
from reformctl.rules.obligation import Obligation

D = date.fromisoformat
OFFICE = "office"
UNITS: dict[str, Any] = {
    "units": [
        {"id": "office", "name": "市委改革办", "kind": "office"},
        {"id": "inspection", "name": "市督查考评办", "kind": "inspection-office"},
        {"id": "sg-a", "name": "甲专项小组", "kind": "special-group"},
        {"id": "sg-b", "name": "乙专项小组", "kind": "special-group"},
        {"id": "dept-a", "name": "甲局", "kind": "department"},
        {"id": "dept-b", "name": "乙局", "kind": "department"},
        {"id": "county-a", "name": "甲县", "kind": "county"},
        {"id": "zone-a", "name": "甲区", "kind": "zone"},
    ],
    "people": [{"id": "p1", "name": "张三"}],
}
"""Units that owe half-year reports: sg-a, sg-b, county-a, zone-a; monthly contacts: sg-a, sg-b."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # the ledger forbids anchors and aliases
        return True


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False)


def write_tree(root: Path, files: Mapping[str, Any]) -> None:
    for rel, content in files.items():
        path = root / rel
        if content is None:
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else dump(content), encoding="utf-8")


def settings(**rules: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": "测试台账", "city": "测试市", "office": OFFICE}
    if rules:
        doc["rules"] = rules
    return doc


def build(tmp_path: Path, files: Mapping[str, Any], rules: Mapping[str, Any] | None = None) -> Ledger:
    root = tmp_path / "ledger"
    root.mkdir(parents=True, exist_ok=True)
    write_tree(root, {"ledger.yaml": settings(**(rules or {})), "units.yaml": UNITS, **files})
    ledger, problems = load_ledger(root)
    errors = [str(p) for p in problems if p.severity is Severity.ERROR]
    assert not errors, errors
    return ledger


def project(**fields: Any) -> dict[str, Any]:
    """A library project of sg-a led by dept-a; override any field."""
    doc: dict[str, Any] = {
        "title": "测试项目",
        "group": "sg-a",
        "lead": "dept-a",
        "leader": "p1",
        "team": ["p1"],
        "entered": D("2026-01-01"),
        "stage": "implementing",
        "deadline": D("2026-12-31"),
    }
    doc.update(fields)
    return doc


def pilot(**fields: Any) -> dict[str, Any]:
    """A provincial pilot of sg-a carried out by county-a; override any field.

    A field set to None is dropped (`group=None`: a pilot outside every special group).
    """
    doc: dict[str, Any] = {
        "title": "测试试点",
        "level": "provincial",
        "breaks": "provincial-rules",
        "approved_by": "省委改革办",
        "approved": D("2024-12-01"),
        "start": D("2025-01-01"),
        "end": D("2027-12-31"),
        "lead": "county-a",
        "group": "sg-a",
    }
    doc.update(fields)
    return {k: v for k, v in doc.items() if v is not None}


def task(**fields: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": "kp-01", "title": "测试任务", "group": "sg-a", "lead": "dept-a"}
    doc.update(fields)
    return doc


def keypoints(year: int, *tasks: dict[str, Any], approved: date | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"year": year}
    if approved is not None:
        doc["approved"] = approved
    doc["tasks"] = list(tasks)
    return doc


def workplan(group: str, year: int, *items: dict[str, Any], approved: date | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"group": group, "year": year}
    if approved is not None:
        doc["approved"] = approved
    doc["items"] = list(items)
    return doc


def wp_item(**fields: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": "wp-01",
        "title": "测试事项",
        "lead": "dept-b",
        "deadline": D("2026-11-30"),
    }
    doc.update(fields)
    return doc


def supervision(**fields: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "title": "专项督察",
        "lead": OFFICE,
        "subjects": ["projects/p1"],
        "start": D("2026-05-06"),
    }
    doc.update(fields)
    return doc


def finding(**fields: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": "f1", "subject": "projects/p1", "problem": "进度滞后"}
    doc.update(fields)
    return doc


def bulletin(quarter: str, issued: date) -> str:
    return f"---\nissued: {issued.isoformat()}\nquarter: {quarter}\n---\n\n# 通报\n"


def obligations(
    ledger: Ledger, as_of: date | str, rule: str | None = None, subject: str | None = None
) -> list[Obligation]:
    day = D(as_of) if isinstance(as_of, str) else as_of
    return [
        ob
        for ob in compute_obligations(ledger, day)
        if (rule is None or ob.rule.value == rule) and (subject is None or ob.subject == subject)
    ]


def keys(obs: Iterable[Obligation]) -> list[tuple[str, str, str | None, str]]:
    return [(ob.rule.value, ob.subject, ob.period, ob.owner) for ob in obs]


def periods(obs: Iterable[Obligation]) -> list[str | None]:
    return [ob.period for ob in obs]


def one(obs: Iterable[Obligation], period: str | None = "*", owner: str | None = None) -> Obligation:
    """The single obligation matching period (unless '*') and owner (unless None)."""
    found = [
        ob for ob in obs if (period == "*" or ob.period == period) and (owner is None or ob.owner == owner)
    ]
    assert len(found) == 1, found
    return found[0]


def facts(ob: Obligation) -> tuple[str, str | None, str, int]:
    """(due, done, state, days) for compact assertions."""
    return (ob.due.isoformat(), ob.done.isoformat() if ob.done else None, ob.state, ob.days)
