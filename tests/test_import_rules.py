"""The layers of finop import only downward (docs/architecture.md): a test that fails on an arrow pointing up."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "finop"

# each layer and the finop layers it may import (itself always)
ALLOWED: dict[str, set[str]] = {
    "money": set(),
    "errors": set(),
    "model": {"money", "errors"},
    "rules": {"money", "errors", "model"},
    "readers": {"money", "errors", "model"},
    "books": {"money", "errors", "model"},
    "extract": {"money", "errors", "model"},
    "engine": {"money", "errors", "model", "rules", "books"},
    "checks": {"money", "errors", "model", "rules", "engine"},
    "repair": {"money", "errors", "model", "checks"},
    "produce": {"money", "errors", "model", "rules", "books", "engine"},
    "render": {"money", "errors", "model"},
    "pipeline": {"money", "errors", "model", "readers", "extract", "checks", "repair"},
    "batch": {"money", "errors", "model", "pipeline", "render"},
    "edgar": {"money", "errors", "model", "readers"},
    "api": {
        "money",
        "errors",
        "model",
        "rules",
        "readers",
        "books",
        "extract",
        "engine",
        "checks",
        "repair",
        "produce",
        "render",
        "pipeline",
        "batch",
        "edgar",
    },
    "web": {"errors", "api", "finop"},
    "cli": {"errors", "api", "finop", "web", "render"},  # render.terminal: what it prints on a terminal
    "finop": {"errors", "api"},  # the package itself: the public API
}


def layer_of(module: str) -> str:
    """'finop.extract.rows' -> 'extract'; 'finop' -> 'finop'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "finop"


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def finop_imports(path: Path) -> list[tuple[int, str]]:
    """Every finop module a file imports, at any depth (inside functions too), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "finop"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "finop":  # from finop import api, __version__
                out += [(node.lineno, f"finop.{a.name}" if a.name in ALLOWED else "finop") for a in node.names]
            elif node.module.split(".")[0] == "finop":
                out.append((node.lineno, node.module))
    return out


FILES = sorted(SRC.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    unknown = {layer_of(module_name(p)) for p in FILES} - set(ALLOWED)
    assert not unknown, f"modules outside the known layers: {unknown}; add them to ALLOWED and docs/architecture.md"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down(path: Path) -> None:
    here = layer_of(module_name(path))
    bad = [
        f"line {line}: {target}"
        for line, target in finop_imports(path)
        if (there := layer_of(target)) != here and there not in ALLOWED[here]
    ]
    assert not bad, f"{path.relative_to(SRC)} ({here}) imports a layer above it or beside it: {bad}"


def test_the_rules_catch_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: a render module importing the engine is caught."""
    bad = tmp_path / "x.py"
    bad.write_text("def f():\n    from finop.engine.net_capital import compute\n")
    targets = [t for _, t in finop_imports(bad)]
    assert targets == ["finop.engine.net_capital"]
    assert layer_of(targets[0]) not in ALLOWED["render"]
