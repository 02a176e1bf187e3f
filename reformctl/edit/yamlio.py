"""The one ruamel.yaml module: round-trip load and dump for the files a write command edits.

Settings are pinned so that loading and dumping an unedited file gives back the same bytes:
2-space mappings, sequences indented 4 with the dash at 2 (`  - id: x`), `null` kept as `null`,
quotes preserved, no line wrapping, Unicode written as is.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.representer import RoundTripRepresenter


def _represent_none(representer: RoundTripRepresenter, data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.allow_duplicate_keys = False
    yaml.representer.add_representer(type(None), _represent_none)
    return yaml


def load_rt(text: str) -> Any:
    return round_trip().load(text)


def dump_rt(data: Any) -> str:
    buf = io.StringIO()
    round_trip().dump(data, buf)
    return buf.getvalue()
