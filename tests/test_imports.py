"""The package's import graph, read with ast: no circle, and no layer importing one above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "bot"
# Each layer may import only the layers listed for it (and itself); the command line sits on top of all.
ALLOWED: dict[str, set[str]] = {
    "answering": {"errors"},
    "settings": {"answering", "errors"},
    "errors": set(),
    "logs": set(),
    "console": {"answering", "errors"},
    "store": {"answering", "settings", "errors"},
    "slack": {"answering", "store", "settings", "errors", "logs"},
    "server": {"answering", "store", "slack", "settings", "errors", "logs"},
}
FOREIGN = {"answering": {"slack_bolt", "slack_sdk", "sqlalchemy", "alembic", "uvicorn", "psycopg"}}


def module_name(path: Path) -> str:
    """bot/answering/facts.py → bot.answering.facts; a package's __init__ is the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module this file imports, at the top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def graph() -> dict[str, set[str]]:
    """Module → the modules of this package it imports."""
    files = {module_name(p): p for p in PACKAGE.rglob("*.py") if "versions" not in p.parts}
    return {m: {i for i in imports_of(p) if i in files and i != m} for m, p in files.items()}


def layer(module: str) -> str:
    """The top-level room a module lives in (bot.answering.facts → answering)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "bot"


def test_no_import_cycle() -> None:
    g = graph()
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, path: list[str]) -> bool:
        state[m] = 1
        for n in sorted(g[m]):
            if state.get(n) == 1:
                cycle.extend([*path[path.index(n) :], n] if n in path else [m, n])
                return True
            if n not in state and visit(n, [*path, n]):
                return True
        state[m] = 2
        return False

    for m in sorted(g):
        if m not in state and visit(m, [m]):
            break
    assert not cycle, " -> ".join(cycle)


@pytest.mark.parametrize("room", sorted(ALLOWED))
def test_layers_import_only_downwards(room: str) -> None:
    g = graph()
    wrong = [
        f"{m} imports {n}"
        for m, deps in g.items()
        if layer(m) == room
        for n in deps
        if layer(n) not in {room, *ALLOWED[room], "bot"} or n == "bot.cli"
    ]
    assert not wrong


def test_answering_imports_no_slack_server_or_database_library() -> None:
    wrong = [
        f"{p.name} imports {i}"
        for p in (PACKAGE / "answering").rglob("*.py")
        for i in imports_of(p)
        if i.split(".")[0] in FOREIGN["answering"]
    ]
    assert not wrong


def test_the_graph_is_read() -> None:
    """The test above would pass on an empty graph: make sure it sees the package's real edges."""
    g = graph()
    assert "bot.answering.answerer" in g["bot.answering.live"]
    assert "bot.server.boot" in g["bot.server.workers"]
