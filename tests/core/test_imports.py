"""The shape of the imports under apps/: the core stands at the bottom (it imports no area), and no
two modules import each other. Read from the source (every import statement, those inside functions
too), so a lazy import cannot hide a dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parents[2] / "apps"
# What the core may stand on: the Blend client and Django's users, permissions and roles.
FLOOR = {"core", "blend", "accounts"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(APPS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in APPS.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """The modules under apps/ that module `name` imports (a package's `__init__` counts only when
    it is what is imported)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    wanted: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            wanted.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            wanted.update(f"{base}.{alias.name}" for alias in node.names)
            wanted.add(base)
    found = set()
    for target in wanted:
        while target and target not in MODULES:  # `from apps.x.y import name`: the module apps.x.y
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def _area(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _area(n) == "core"))
def test_the_core_imports_no_area(name):
    areas = {target for target in imports_of(name) if _area(target) not in FLOOR}
    assert not areas, f"{name} imports {sorted(areas)}"


def test_no_two_modules_import_each_other():
    graph = {name: imports_of(name) for name in MODULES}
    pairs = sorted((a, b) for a, targets in graph.items() for b in targets if a < b and a in graph[b])
    assert not pairs


def test_the_check_sees_an_import_inside_a_function(tmp_path, monkeypatch):
    module = APPS / "core" / "views.py"
    source = tmp_path / "views.py"
    source.write_text(module.read_text() + "\n\ndef _late():\n    from apps.orders import rules\n")
    monkeypatch.setitem(MODULES, "apps.core.views", source)
    assert "apps.orders.rules" in imports_of("apps.core.views")
