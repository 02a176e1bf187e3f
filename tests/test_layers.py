"""The package's imports keep the layers of STYLE.md: no import cycles; `rules/` imports only
`model/`, `errors`, `source`, the catalogues (`i18n/`) and itself; `model/` never imports `rules/`
or `load/`; the catalogues import nothing else; nothing below `cli/` imports `cli/`. Imports are read from the source (ast), typing-only ones included."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "reformctl"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each module of the package and the package's modules it imports."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                    base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target.startswith("reformctl"):
                    graph[name].add(target)
        graph.setdefault(name, set())
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    assert _cycles(_imports()) == []


ALLOWED = {
    "rules": {"rules", "model", "errors", "source", "i18n"},
    "model": {"model", "errors", "source"},
    "i18n": {"i18n"},
}
NEVER_CLI = {"model", "rules", "check", "render", "load", "edit", "diff", "errors", "source", "schema"}


def test_no_import_crosses_a_layer_the_wrong_way() -> None:
    wrong = []
    for module, targets in _imports().items():
        layer = _layer(module)
        for target in targets:
            if layer in ALLOWED and _layer(target) not in ALLOWED[layer]:
                wrong.append(f"{module} imports {target}")
            if layer in NEVER_CLI and _layer(target) == "cli":
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_the_checker_finds_what_it_looks_for() -> None:
    """The two checks above can fail: a cycle and a wrong arrow are found in a made-up graph."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert "reformctl.rules.engine" in _imports()
    assert "reformctl.rules.obligation" in _imports()["reformctl.rules.engine"]
