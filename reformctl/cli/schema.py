"""`reformctl schema`: write the JSON Schemas, and the editor settings that map them to files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reformctl.errors import ReformctlError
from reformctl.render.jsonout import dumps
from reformctl.schema import all_schemas, editor_globs

SCHEMA_DIR = "schemas"


def write_schemas(folder: Path) -> list[Path]:
    """One `<kind>.schema.json` per file kind in `folder`."""
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, schema in all_schemas().items():
            path = folder / f"{name}.schema.json"
            path.write_text(dumps(schema), encoding="utf-8")
            written.append(path)
    except OSError as err:
        raise ReformctlError("error.schemas-unwritable", path=folder, reason=err.strerror) from None
    return written


def vscode_settings(schema_dir: str = SCHEMA_DIR) -> dict[str, Any]:
    """`yaml.schemas` for VS Code's YAML extension (yaml-language-server), paths from the repo root."""
    return {
        "yaml.schemas": {f"./{schema_dir}/{name}": globs for name, globs in editor_globs().items()},
        "files.encoding": "utf8",
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
    }
