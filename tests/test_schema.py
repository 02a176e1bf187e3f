"""`reformctl schema`: JSON Schemas from the models validate every example file and reject typos."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from reformctl.load.fastyaml import parse
from reformctl.schema import all_schemas, editor_globs
from tests.conftest import EXAMPLE, run_cli

SCHEMAS = all_schemas()


def as_editor_sees_it(value: Any) -> Any:
    """YAML as yaml-language-server reads it (YAML 1.2): dates are strings, sequences lists."""
    if isinstance(value, dict):
        return {k: as_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [as_editor_sees_it(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def kind_of(rel: str) -> str:
    parts = rel.split("/")
    if rel in ("ledger.yaml", "units.yaml"):
        return rel.removesuffix(".yaml")
    if parts[0] in ("projects", "pilots", "handovers"):
        return parts[0].removesuffix("s")
    if parts[-1] in ("keypoints.yaml", "reports.yaml"):
        return parts[-1].removesuffix(".yaml")
    return "workplan" if parts[1] == "workplans" else "supervision-folder"


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(SCHEMAS[name], format_checker=jsonschema.FormatChecker())


def test_every_schema_is_valid_draft_2020_12() -> None:
    for schema in SCHEMAS.values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


EXAMPLE_FILES = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml"))


@pytest.mark.parametrize("rel", EXAMPLE_FILES)
def test_schemas_accept_every_example_file(rel: str) -> None:
    data = as_editor_sees_it(parse((EXAMPLE / rel).read_bytes(), rel).data)
    errors = [e.message for e in validator(kind_of(rel)).iter_errors(data)]
    assert errors == []


def test_bulletin_front_matter_schema() -> None:
    front = {"issued": "2026-04-14", "quarter": "2026-Q1", "as_of": "2026-04-14", "number": 1}
    assert list(validator("bulletin").iter_errors(front)) == []
    assert list(validator("bulletin").iter_errors({**front, "quarter": "2026-Q5"}))


@pytest.mark.parametrize(
    ("rel", "key", "value"),
    [
        ("projects/zuiduo-paoyici.yaml", "deadlne", "2026-12-31"),
        ("pilots/jiashan-demo.yaml", "levle", "national"),
        ("ledger.yaml", "timezon", "Asia/Shanghai"),
        ("2026/supervision/plan.yaml", "aproved", "2026-03-10"),
        ("2026/supervision/s01.yaml", "findngs", []),
    ],
)
def test_schemas_reject_an_unknown_key(rel: str, key: str, value: Any) -> None:
    data = as_editor_sees_it(parse((EXAMPLE / rel).read_bytes(), rel).data)
    data[key] = value
    assert list(validator(kind_of(rel)).iter_errors(data)), f"{key} should be rejected in {rel}"


def test_schemas_reject_wrong_values() -> None:
    rel = "projects/zuiduo-paoyici.yaml"
    data = as_editor_sees_it(parse((EXAMPLE / rel).read_bytes(), rel).data)
    for key, value in [
        ("stage", "sideways"),
        ("entered", "2026-02-30"),
        ("lead", "Dept X"),
        ("team", "wang"),
    ]:
        assert list(validator("project").iter_errors({**data, key: value})), key


def test_properties_are_described_in_english_and_chinese() -> None:
    project = SCHEMAS["project"]
    assert project["title"] == "Key-breakthrough project — 重点突破改革项目"
    assert project["properties"]["leader"]["description"] == (
        "Liaison city leader: a person id (one project, one leader) — 对口联系市领导(一名领导)"
    )
    undescribed = [
        (name, key)
        for name, schema in SCHEMAS.items()
        for node in [schema, *schema.get("$defs", {}).values()]
        for key in node.get("properties", {})
        if "description" not in node["properties"][key]
    ]
    assert undescribed == []


def test_schema_command_prints_and_writes(tmp_path: Path) -> None:
    printed = run_cli("schema")
    assert printed.exit_code == 0, printed.output
    assert set(json.loads(printed.stdout)) == set(SCHEMAS)
    written = run_cli("schema", "--output", str(tmp_path / "schemas"))
    assert written.exit_code == 0, written.output
    files = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert files == sorted(f"{name}.schema.json" for name in SCHEMAS)
    project = json.loads((tmp_path / "schemas" / "project.schema.json").read_text(encoding="utf-8"))
    assert project == json.loads(json.dumps(SCHEMAS["project"]))


def test_init_writes_schemas_and_editor_settings(tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "repo"), "--example")
    assert result.exit_code == 0, result.output
    settings = json.loads((tmp_path / "repo" / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./schemas/project.schema.json"] == ["ledger/projects/[a-z0-9]*([a-z0-9-]).yaml"]
    assert mapping["./schemas/reports.schema.json"] == ["ledger/[0-9][0-9][0-9][0-9]/reports.yaml"]
    for schema_file, globs in editor_globs().items():
        assert (tmp_path / "repo" / "schemas" / schema_file).is_file()
        assert mapping[f"./schemas/{schema_file}"] == globs
    # Which file gets which schema: tests/test_editor_schemas.py.
