"""The modules of shuyu.terms.checking import each other without a circle, also inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import shuyu.terms.checking as checking

PACKAGE = "shuyu.terms.checking"
FOLDER = Path(checking.__file__).parent


def _imports(path: Path) -> set[str]:
    """The modules of the package that ``path`` imports anywhere (top level or in a function)."""
    here = PACKAGE.split(".") + [path.stem]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = here[:-node.level] if node.level else []
            target = ".".join(base + (node.module.split(".") if node.module else []))
            targets = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        for t in targets:
            if t == PACKAGE:
                found.add("__init__")
            elif t.startswith(PACKAGE + "."):
                found.add(t[len(PACKAGE) + 1:].split(".")[0])
    return found - {path.stem}


def import_graph() -> dict[str, set[str]]:
    """Module → the modules of the package it imports."""
    return {p.stem: _imports(p) for p in sorted(FOLDER.glob("*.py"))}


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """A list of modules that import each other round in a circle, or None."""
    state: dict[str, str] = {}

    def visit(m: str, path: list[str]) -> list[str] | None:
        if state.get(m) == "open":
            return path[path.index(m):] + [m]
        if state.get(m) == "done":
            return None
        state[m] = "open"
        for dep in sorted(graph.get(m, ())):
            circle = visit(dep, path + [m])
            if circle:
                return circle
        state[m] = "done"
        return None

    for m in sorted(graph):
        circle = visit(m, [])
        if circle:
            return circle
    return None


def test_find_circle():
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_import_circle():
    graph = import_graph()
    assert {"findings", "checks", "config", "reports", "runner", "command"} <= set(graph)
    assert find_circle(graph) is None
    # the package imports its modules for its API; none of them imports the package back
    assert graph["__init__"] and not any("__init__" in deps for deps in graph.values())


def test_findings_and_checks_need_neither_config_nor_reports():
    graph = import_graph()
    assert graph["findings"] == set()
    assert not graph["checks"] & {"config", "reports", "runner", "command"}
