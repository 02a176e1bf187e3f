"""The command line validates without pydantic plugins, and without looking for them
(reformctl.cli.plugins); a library user's pydantic is left as it is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE


def _python(code: str, tmp_path: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "REFORMCTL_CACHE_DIR": str(tmp_path / "cache")},
        check=True,
    )
    return done.stderr.split()


def test_a_run_that_validates_never_looks_for_plugins(tmp_path: Path) -> None:
    code = f"""
import sys
sys.argv = ["reformctl", "due", "--ledger", {str(EXAMPLE)!r}, "--as-of", "2026-07-10", "--format", "json"]
from reformctl.cli.entry import main
try:
    main()
except SystemExit as done:
    assert done.code in (0, None), done.code
from pydantic.plugin import _loader
print("importlib.metadata" in sys.modules, "pydantic" in sys.modules, list(_loader.get_plugins()), file=sys.stderr)
"""
    assert _python(code, tmp_path) == ["False", "True", "[]"]


def test_what_else_is_asked_of_the_loader_is_the_real_ones(tmp_path: Path) -> None:
    code = """
import sys
from reformctl.cli import plugins
plugins.off()
from pydantic import BaseModel
class M(BaseModel):
    x: int
assert M(x=1).x == 1 and "importlib.metadata" not in sys.modules
from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP
import pydantic.plugin._loader as now
print(PYDANTIC_ENTRY_POINT_GROUP, type(now).__name__, "importlib.metadata" in sys.modules, file=sys.stderr)
"""
    assert _python(code, tmp_path) == ["pydantic", "module", "True"]


def test_a_loader_already_imported_is_left_as_it_is(tmp_path: Path) -> None:
    code = """
import sys
import pydantic.plugin._loader as real
from reformctl.cli import plugins
plugins.off()
print(sys.modules["pydantic.plugin._loader"] is real, file=sys.stderr)
"""
    assert _python(code, tmp_path) == ["True"]


def test_the_library_leaves_pydantic_as_it_is(tmp_path: Path) -> None:
    code = f"""
import sys
from pathlib import Path
from reformctl.load.loader import load_ledger
load_ledger(Path({str(EXAMPLE)!r}))
print(type(sys.modules["pydantic.plugin._loader"]).__name__, file=sys.stderr)
"""
    assert _python(code, tmp_path) == ["module"]
