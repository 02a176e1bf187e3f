"""JSON Schemas (draft 2020-12) of every ledger file kind, generated from the models.

Editors (yaml-language-server, VS Code) use them for completion and inline errors; CI may use
them too. Each schema and each key carries an English and a Chinese description.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel

from reformctl.load.layout import GLOBS, Kind
from reformctl.model.annual_report import AnnualReportFront
from reformctl.model.bulletin import BulletinFront
from reformctl.model.handover import Handover
from reformctl.model.keypoints import Keypoints
from reformctl.model.pilot import Pilot
from reformctl.model.project import Project
from reformctl.model.reports import YearReports
from reformctl.model.settings import LedgerSettings, ScoreColumn
from reformctl.model.supervision import Supervision, SupervisionPlan
from reformctl.model.units import UnitsFile
from reformctl.model.workplan import Workplan
from reformctl.schema_text import ANYWHERE, IN_MODEL

DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class FileKind:
    name: str
    model: type[BaseModel]
    title: str
    files: Kind | None = None
    """The ledger file kind whose files the editor mapping gives this schema (`GLOBS`)."""


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("ledger", LedgerSettings, "Ledger settings — 台账设置", Kind.SETTINGS),
    FileKind("units", UnitsFile, "Units and people — 单位和人员", Kind.UNITS),
    FileKind("project", Project, "Key-breakthrough project — 重点突破改革项目", Kind.PROJECT),
    FileKind("pilot", Pilot, "Reform pilot — 改革试点", Kind.PILOT),
    FileKind("handover", Handover, "Problem hand-over sheet — 问题交办单", Kind.HANDOVER),
    FileKind("keypoints", Keypoints, "Annual reform key points — 年度改革要点", Kind.KEYPOINTS),
    FileKind("workplan", Workplan, "Special group's annual work plan — 专项改革年度工作计划", Kind.WORKPLAN),
    FileKind(
        "supervision-plan",
        SupervisionPlan,
        "Annual supervision plan — 重大改革项目督察工作计划",
        Kind.SUPERVISION_PLAN,
    ),
    FileKind("supervision", Supervision, "Supervision and its findings — 改革督察", Kind.SUPERVISION),
    FileKind("reports", YearReports, "Reports of the year — 年报告、半年报送、月联系", Kind.REPORTS),
    FileKind("bulletin", BulletinFront, "Front matter of an issued bulletin — 季通报"),
    FileKind("annual-report", AnnualReportFront, "Front matter of the issued year-end report — 年报告"),
)

LEDGER_FOLDER = "ledger"
"""Where `reformctl init` puts the ledger in its repository: the editor mapping's globs start there."""

SUPERVISION_FOLDER = "supervision-folder"
"""A schema that accepts `plan.yaml` or a supervision, for a modeline on any file of
`<year>/supervision/`; the editor mapping gives each file its own schema instead."""


def _rule_descriptions() -> dict[str, str]:
    from reformctl.model.rule_ids import RuleId
    from reformctl.render.labels import label

    return {
        rule.value: f"Settings of the {label('en', f'rule.{rule.value}')} rule — {label('zh-CN', f'rule.{rule.value}')}规则设置"
        for rule in RuleId
    }


def _weight_descriptions() -> dict[str, str]:
    from reformctl.render.scorecard import column_title

    return {
        column: f"Points per count of '{column_title('en', column)}' — 「{column_title('zh-CN', column)}」每项的分值"
        for column in get_args(ScoreColumn)
    }


_RULES = _rule_descriptions()
_WEIGHTS = _weight_descriptions()


def description(owner: str | None, key: str) -> str | None:
    """What `key` means in the model named `owner` (the schema's title of that object)."""
    if owner == "Rules" and key in _RULES:
        return _RULES[key]
    return IN_MODEL.get((owner or "", key)) or ANYWHERE.get(key)


def _describe(node: Any, owner: str | None = None) -> None:
    """Give every property its bilingual description, by the model it belongs to, recursively."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            owner = node.get("title", owner)
            for key, sub in props.items():
                text = description(owner, key)
                if isinstance(sub, dict) and text and "description" not in sub:
                    sub["description"] = text
        for key, value in node.items():
            if key != "properties":
                _describe(value, owner)
            else:
                for sub in value.values():
                    _describe(sub, owner)
    elif isinstance(node, list):
        for value in node:
            _describe(value, owner)


def _close(node: Any) -> None:
    """Close every map the loader closes (`extra="forbid"`, period and id keys): a map of pattern
    keys gets `additionalProperties: false`, and a map whose keys are a fixed set (the scorecard's
    weights) lists them as properties, so that editors flag a wrong key and complete the right ones."""
    if isinstance(node, dict):
        names = node.get("propertyNames")
        values = node.get("additionalProperties")
        if isinstance(names, dict) and "enum" in names and isinstance(values, dict):
            node["properties"] = {key: {**values, "description": _WEIGHTS[key]} for key in names["enum"]}
            node["additionalProperties"] = False
            del node["propertyNames"]
        if "patternProperties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _close(value)
    elif isinstance(node, list):
        for value in node:
            _close(value)


def schema_of(kind: FileKind) -> dict[str, Any]:
    schema = kind.model.model_json_schema(by_alias=True, mode="validation")
    _close(schema)
    _describe(schema)
    return {
        "$schema": DIALECT,
        "$id": f"https://reformctl.invalid/schema/{kind.name}.schema.json",
        **schema,
        "title": kind.title,
        "description": f"reformctl ledger file: {kind.title}",
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """Every file kind's schema by name, plus the supervision folder's (plan or supervision)."""
    out = {kind.name: schema_of(kind) for kind in FILE_KINDS}
    plan, record = out["supervision-plan"], out["supervision"]
    out[SUPERVISION_FOLDER] = {
        "$schema": DIALECT,
        "$id": f"https://reformctl.invalid/schema/{SUPERVISION_FOLDER}.schema.json",
        "title": "Supervision folder: plan.yaml or a supervision — 督察计划或督察记录",
        "$defs": {**plan.get("$defs", {}), **record.get("$defs", {})},
        "anyOf": [_embedded(plan), _embedded(record)],
    }
    return out


def _embedded(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema as a branch of another: its `$defs` move to the root, where `#/$defs/…` points."""
    return {k: v for k, v in schema.items() if k not in ("$schema", "$id", "$defs")}


def editor_globs() -> dict[str, list[str]]:
    """Schema file name → the globs it applies to, for `yaml.schemas` in editor settings: relative
    to the repository root, whose `ledger/` holds the ledger; a leading `!` excludes. Each file
    that `reformctl check` reads as a kind matches its kind's schema only (yaml-language-server
    puts `**/` before each glob, so a glob names every folder from `ledger/` down)."""
    out = {}
    for kind in FILE_KINDS:
        if kind.files is not None:
            out[f"{kind.name}.schema.json"] = [
                ("!" if g.startswith("!") else "") + f"{LEDGER_FOLDER}/{g.removeprefix('!')}"
                for g in GLOBS[kind.files]
            ]
    return out
