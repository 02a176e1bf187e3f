"""The editor mapping (`.vscode/settings.json` from `reformctl init`) gives each ledger file the
schema of the kind `reformctl check` reads it as, and no other; the schemas close every map the
loader closes.

yaml-language-server (VS Code's YAML engine) puts `**/` before each glob and matches it with
picomatch against the file's URI. `picomatch` below reads our globs the same way (the forms they
use: `[…]` classes and `*(…)` repetition); the last tests run the real server over stdio.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reformctl.load.layout import classify
from reformctl.schema import FILE_KINDS, all_schemas, editor_globs
from tests.conftest import run_cli
from tests.lsp import LanguageServer
from tests.tools import yaml_language_server

SCHEMA_OF_KIND = {k.files: f"{k.name}.schema.json" for k in FILE_KINDS if k.files is not None}


def picomatch(glob: str) -> re.Pattern[str]:
    """The regular expression picomatch makes of `**/` + `glob`, for the glob forms we write."""
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("*(", i):
            end = glob.index(")", i)
            out.append(f"(?:{glob[i + 2 : end]})*")
            i = end + 1
        elif glob[i] == "[":
            end = glob.index("]", i)
            out.append(glob[i : end + 1])
            i = end + 1
        elif glob[i] == "*":
            out.append(r"(?!\.)[^/]*")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile(r"(?:.*/)?" + "".join(out))


def schemas_for(path: str) -> set[str]:
    """The schemas the editor mapping gives a path of the repository."""
    found = set()
    for schema, globs in editor_globs().items():
        positive = [g for g in globs if not g.startswith("!")]
        negative = [g[1:] for g in globs if g.startswith("!")]
        if any(picomatch(g).fullmatch(path) for g in positive) and not any(
            picomatch(g).fullmatch(path) for g in negative
        ):
            found.add(schema)
    return found


def expected_for(rel: str) -> set[str]:
    """The schema of the kind `check` reads the ledger file `rel` as (none for Markdown files and
    for files it does not read)."""
    entry = classify(rel)
    schema = SCHEMA_OF_KIND.get(entry.kind) if entry is not None else None
    return {schema} if schema else set()


FOLDERS = ["projects", "pilots", "handovers", "2026", "1999", "20266", "202a", "workplans"]
FOLDERS += ["supervision", "bulletins", "templates", "sub"]
NAMES = ["ledger.yaml", "units.yaml", "keypoints.yaml", "reports.yaml", "plan.yaml", "s01.yaml"]
NAMES += ["x.yaml", "a-b.yaml", "9.yaml", "-a.yaml", "Bad.yaml", "a_b.yaml", ".h.yaml", "x.yml"]
NAMES += ["Q1.md", "annual-report.md", "sg-economy.yaml", "plan.yaml.bak"]

TRICKY = [
    "projects/reports.yaml",
    "projects/keypoints.yaml",
    "pilots/reports.yaml",
    "handovers/keypoints.yaml",
    "2026/supervision/plan.yaml",
    "2026/supervision/s01.yaml",
    "2026/workplans/sg-economy.yaml",
    "2026/workplans/reports.yaml",
    "projects/2026/reports.yaml",
    "20266/reports.yaml",
    "202a/keypoints.yaml",
    "2026/sub/reports.yaml",
    "projects/Bad_Name.yaml",
    "projects/-x.yaml",
    "templates/reports.yaml",
    "\u0662\u0660\u0662\u0666/reports.yaml",  # Arabic-Indic digits are no year folder
]


@pytest.mark.parametrize("rel", TRICKY)
def test_each_file_gets_the_schema_of_its_kind_only(rel: str) -> None:
    assert schemas_for(f"/home/clerk/repo/ledger/{rel}") == expected_for(rel)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FOLDERS), max_size=3), st.sampled_from(NAMES))
def test_the_mapping_matches_exactly_what_check_reads(folders: list[str], name: str) -> None:
    """Any path inside the ledger (a nested folder named `ledger` aside: docs/editors.md)."""
    rel = "/".join([*folders, name])
    assert schemas_for(f"/home/clerk/repo/ledger/{rel}") == expected_for(rel)


def test_every_yaml_kind_is_mapped() -> None:
    mapped = set(editor_globs())
    assert mapped == set(SCHEMA_OF_KIND.values())
    assert "supervision-folder.schema.json" not in mapped  # still written, for modelines


def _objects(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_every_map_is_closed() -> None:
    schemas = all_schemas()
    open_maps = [
        (name, obj.get("title"))
        for name, s in schemas.items()
        for obj in _objects(s)
        if obj.get("additionalProperties") is not False
    ]
    assert open_maps == []
    reports = schemas["project"]["properties"]["reports"]
    assert reports["additionalProperties"] is False and len(reports["patternProperties"]) == 1
    weights = schemas["ledger"]["$defs"]["ScorecardSettings"]["properties"]["weights"]
    assert "propertyNames" not in weights and {"owed", "days_late", "exemplary"} <= set(weights["properties"])


def _description(schema: str, model: str | None, key: str) -> str:
    node = all_schemas()[schema]
    node = node["$defs"][model] if model else node
    return str(node["properties"][key]["description"])


@pytest.mark.parametrize(
    ("schema", "model", "key", "text"),
    [
        ("project", None, "title", "Name of the project — 项目名称"),
        ("units", "Person", "title", "Position — 职务"),
        ("units", "Unit", "leader", "Leader of the special group: a person id — 专项小组组长"),
        (
            "project",
            None,
            "leader",
            "Liaison city leader: a person id (one project, one leader) — 对口联系市领导(一名领导)",
        ),
        ("ledger", "Rules", "reinspection", "Settings of the re-inspection rule — 整改复查规则设置"),
        ("ledger", "RuleOverride", "due", "Due day of a yearly rule, MM-DD — 每年截止月日"),
        ("reports", "Contact", "by", "Special group that made the contact: a unit id — 联系单位(专项小组)"),
        ("supervision", "Notice", "deadline", "Deadline for the rectification — 整改时限"),
        (
            "project",
            "Milestone",
            "id",
            "Optional stable id, unique within the item; calendar UIDs use it, else `what` — 节点编号(同一事项内唯一；日历事件标识优先用它)",
        ),
    ],
)
def test_descriptions_say_what_the_key_means_there(
    schema: str, model: str | None, key: str, text: str
) -> None:
    assert _description(schema, model, key) == text


def test_every_description_is_english_then_chinese() -> None:
    bilingual = re.compile(r"[^\u3000-\u9fff\uff00-\uffef]+ — .*[\u4e00-\u9fff].*")
    found = [
        (name, key, prop.get("description"))
        for name, s in all_schemas().items()
        for obj in _objects(s)
        for key, prop in obj.get("properties", {}).items()
        if not bilingual.fullmatch(str(prop.get("description")))
    ]
    assert found == []


# --- the real client: yaml-language-server over stdio -------------------------------------------

BAD = {
    # file: (what to replace in zuiduo-paoyici.yaml, with what, the line that must be flagged)
    "typo-key.yaml": (
        "stage: implementing\n",
        "stage: implementing\napproved_untl: 2027-12-31\n",
        "approved_untl",
    ),
    "bad-enum.yaml": ("stage: implementing\n", "stage: sideways\n", "stage: sideways"),
    "bad-period.yaml": ("  2025-Q2:\n", "  2025-Q5:\n", "  2025-Q5:"),
}
VALID_COPIES = {
    # a valid file named like another kind's file: copied from
    "projects/reports.yaml": "projects/zuiduo-paoyici.yaml",
    "projects/keypoints.yaml": "projects/zuiduo-paoyici.yaml",
    "pilots/reports.yaml": "pilots/jiashan-demo.yaml",
    "handovers/keypoints.yaml": "handovers/data-sharing.yaml",
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, list[Any]]]:
    """`reformctl init --example`, a few files added, every YAML file of the ledger opened in
    yaml-language-server with the settings `init` wrote; the diagnostics by file."""
    node, server = yaml_language_server()
    repo = tmp_path_factory.mktemp("editor") / "repo"
    made = run_cli("init", str(repo), "--example")
    assert made.exit_code == 0, made.output
    ledger = repo / "ledger"
    project = (ledger / "projects" / "zuiduo-paoyici.yaml").read_text(encoding="utf-8")
    for name, (old, new, _) in BAD.items():
        assert old in project
        (ledger / "projects" / name).write_text(project.replace(old, new, 1), encoding="utf-8")
    for rel, source in VALID_COPIES.items():
        shutil.copyfile(ledger / source, ledger / rel)
    (ledger / "projects" / "Draft_Notes.yaml").write_text("anything: goes\n", encoding="utf-8")
    settings_file = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    config = {
        "yaml": {"schemas": settings_file["yaml.schemas"], "validate": True, "schemaStore": {"enable": False}}
    }
    files = sorted(ledger.rglob("*.yaml"))
    client = LanguageServer([node, str(server), "--stdio"], repo)
    try:
        found = client.diagnostics(config, files)
    finally:
        client.close()
    assert set(found) == set(files), "every opened file gets its diagnostics"
    return ledger, found


def test_no_diagnostic_on_valid_files(published: tuple[Path, dict[Path, list[Any]]]) -> None:
    ledger, found = published
    noisy = {
        p.relative_to(ledger).as_posix(): [d["message"] for d in ds]
        for p, ds in found.items()
        if ds and p.name not in BAD
    }
    assert noisy == {}


@pytest.mark.parametrize("name", sorted(BAD))
def test_one_diagnostic_at_the_faulty_line(published: tuple[Path, dict[Path, list[Any]]], name: str) -> None:
    ledger, found = published
    path = ledger / "projects" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    faulty = next(i for i, line in enumerate(lines) if line.startswith(BAD[name][2]))
    assert [d["range"]["start"]["line"] for d in found[path]] == [faulty], found[path]


def test_files_named_like_another_kind_get_only_their_own_schema(
    published: tuple[Path, dict[Path, list[Any]]],
) -> None:
    ledger, found = published
    for rel in VALID_COPIES:
        assert found[ledger / rel] == [], rel
    assert found[ledger / "projects" / "Draft_Notes.yaml"] == []  # check does not read it: no schema


def test_docs_show_the_mapping_init_writes() -> None:
    from reformctl.cli.schema import vscode_settings
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(\{\n  \"yaml\.schemas\".*?)```", text, re.S)
    assert block is not None
    assert json.loads(block.group(1)) == {"yaml.schemas": vscode_settings()["yaml.schemas"]}
