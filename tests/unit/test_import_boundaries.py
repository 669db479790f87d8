"""Rooms import only what they may: floors bench/courtside → local → services → shared, no service imports another."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("services.scrapers", "services.analytics", "services.freshness")


def _room(module: str) -> str:
    """The room a module lives in: a service package, or its top-level package."""
    return next((s for s in SERVICES if module == s or module.startswith(s + ".")), module.split(".")[0])


def imported(module: str, source: str) -> set[str]:
    """Every module `source` (the text of `module`) imports, relative imports resolved."""
    names: set[str] = set()
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def forbidden(module: str, target: str) -> bool:
    """True when `module` may not import `target`."""
    mine, theirs = _room(module), _room(target)
    if mine == "shared":
        return theirs in (*SERVICES, "local", "courtside", "bench")
    if mine in SERVICES:
        return theirs in SERVICES and theirs != mine or theirs in ("local", "courtside", "bench")
    if mine == "local":
        return theirs in ("courtside", "bench")
    if mine == "courtside":
        return theirs == "bench"
    return False


def violations(modules: dict[str, str]) -> list[str]:
    """`importer -> imported` for every import that crosses a boundary."""
    return sorted(
        f"{module} -> {target}"
        for module, source in modules.items()
        for target in imported(module, source)
        if forbidden(module, target)
    )


def project_modules() -> dict[str, str]:
    """Dotted name -> source of every module of the project's packages."""
    found = {}
    for top in ("shared", "services", "local", "courtside", "bench"):
        for path in (ROOT / top).rglob("*.py"):
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[dotted] = path.read_text(encoding="utf-8")
    return found


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("services.scrapers.x", "from services.analytics.circuits import circuit_key", True),
        ("services.analytics.x", "import services.freshness.history", True),
        ("services.freshness.x", "from services.scrapers import archive", True),
        ("services.scrapers.x", "from local.gameday import pick_day", True),
        ("shared.orchestration.x", "from services.freshness import history", True),
        ("shared.x", "from local import stack", True),
        ("shared.x", "from courtside.commands import common", True),
        ("services.analytics.x", "from .. import freshness", True),
        ("services.scrapers.workflows.x", "from ..archive import Archive", False),
        ("services.scrapers.x", "from services.scrapers.workflows import records", False),
        ("services.freshness.x", "from shared.orchestration import freshness_history", False),
        ("shared.orchestration.x", "from shared.warehouse import Warehouse", False),
        ("local.x", "from services.scrapers.workflows.schedule import ET", False),
        ("local.x", "from courtside.commands import common", True),
        ("local.upstream_standin.x", "from bench import harness", True),
        ("courtside.commands.x", "from bench.baselines import legacy", True),
        ("courtside.commands.x", "from local.stack import up", False),
        ("bench.x", "from courtside.verify import checks", False),
    ],
)
def test_the_checker_tells_allowed_from_forbidden_imports(module, source, expected):
    assert bool(violations({module: source})) is expected


def test_no_module_crosses_a_room_boundary():
    modules = project_modules()
    assert len(modules) > 50  # the walk found the project
    assert violations(modules) == []
