"""Who may import whom: data flows one way (webhook → dialogue → domain → outbox → job →
telephony). Every import counts, also one hidden inside a function."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "app",
    "config",
    "cli",
    "dashboard",
    "dispatch",
    "ivr",
    "jobs",
    "models",
    "prompts",
    "public",
    "sms",
    "telephony",
)
CHANNELS = {"ivr", "sms", "dashboard", "cli", "public"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Project module → project modules it imports (anywhere in its code)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).parts
        if (rel[0] not in PACKAGES and path.stem not in PACKAGES) or "migrations" in rel:
            continue
        if rel[0] in {".venv", "tests", "bench"}:
            continue
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(), str(path))
        type_only = {
            id(child)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
            for child in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in type_only:
                continue  # for the type checker only: no import at run time
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # "from . import lifecycle" imports the module lifecycle
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            else:
                continue
            for target in targets:
                if target.split(".")[0] in PACKAGES:
                    graph[name].add(target)
    return graph


GRAPH = _imports()
MODULES = set(GRAPH) | {m for targets in GRAPH.values() for m in targets}


def _existing(target: str) -> str:
    """``dispatch.lifecycle.apply`` → ``dispatch.lifecycle``: the longest known module."""
    parts = target.split(".")
    while parts:
        candidate = ".".join(parts)
        if (ROOT / Path(*parts)).with_suffix(".py").exists() or (
            ROOT / Path(*parts) / "__init__.py"
        ).exists():
            return candidate
        parts.pop()
    return target


@pytest.mark.parametrize("layer", ["dispatch", "models"])
def test_the_domain_imports_no_channel(layer):
    bad = {
        (module, target)
        for module, targets in GRAPH.items()
        if module.split(".")[0] == layer
        for target in targets
        if target.split(".")[0] in CHANNELS | {"jobs"}
    }
    assert bad == set()


def test_models_stand_on_their_own():
    bad = {
        (module, target)
        for module, targets in GRAPH.items()
        if module.startswith("models")
        for target in targets
        if not target.startswith("models")
    }
    assert bad == set()


def test_only_telephony_knows_twilio():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).parts
        if rel[0] in {".venv", "tests", "bench", "telephony"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            if any(n == "twilio" or n.startswith("twilio.") for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_no_import_cycle_inside_a_package():
    edges: dict[str, set[str]] = defaultdict(set)
    for module, targets in GRAPH.items():
        for target in targets:
            target = _existing(target)
            same_package = target.split(".")[0] == module.split(".")[0]
            if same_package and target != module and "." in target and "." in module:
                edges[module].add(target)
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in edges.get(node, ()):
            if nxt in path:
                cycles.append(" → ".join([*path[path.index(nxt) :], nxt]))
            elif len(path) < 12:
                visit(nxt, [*path, nxt])

    for module in list(edges):
        visit(module, [module])
    assert cycles == []
