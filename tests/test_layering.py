"""The architecture's import rules (GUIDE section 3)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_lower_layers_do_not_import_pyside6() -> None:
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in ("core", "store", "formats", "jobs")
        for path in (ROOT / "xindex" / package).rglob("*.py")
    )
    modules = [name.removesuffix(".__init__") for name in modules] + ["xindex.cli"]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"
    assert len(modules) > 10


def test_core_imports_neither_apsw_nor_qt() -> None:
    for path in (ROOT / "xindex" / "core").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import apsw" not in text, path
        assert "PySide6" not in text, path


def _imports(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, at its top or inside a function (relative imports resolved)."""
    import ast

    name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _module_graph() -> dict[str, set[str]]:
    paths = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for path in (ROOT / "xindex").rglob("*.py")
    }
    return {name: {dep for dep in _imports(path) if dep in paths and dep != name} for name, path in paths.items()}


# GUIDE section 3 and docs/ARCHITECTURE.md: what each layer may not import, anywhere in it (at the top,
# inside a function, or for type checking only). The faces (xindex.cli, xindex.gui) sit on top.
FORBIDDEN = {
    "xindex.core": ("xindex.store", "xindex.formats", "xindex.jobs", "xindex.app", "xindex.gui", "xindex.cli"),
    "xindex.store": ("xindex.formats", "xindex.jobs", "xindex.app", "xindex.gui", "xindex.cli"),
    "xindex.formats": ("xindex.jobs", "xindex.app", "xindex.gui", "xindex.cli"),
    "xindex.jobs": ("xindex.app", "xindex.gui", "xindex.cli"),
    "xindex.app": ("xindex.gui", "xindex.cli"),
}


def _layer_of(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def test_no_layer_imports_one_above_it() -> None:
    graph = _module_graph()
    offenders = {
        name: sorted(dep for dep in deps if any(_layer_of(dep, above) for above in FORBIDDEN[layer]))
        for layer in FORBIDDEN
        for name, deps in graph.items()
        if _layer_of(name, layer)
    }
    assert {name: deps for name, deps in offenders.items() if deps} == {}
    assert all(any(_layer_of(name, layer) for name in graph) for layer in FORBIDDEN)


def test_the_layering_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    planted = tmp_path / "xindex" / "core" / "planted.py"
    planted.parent.mkdir(parents=True)
    planted.write_text("def f():\n    from ..store import document\n    import xindex.gui.app\n", encoding="utf-8")
    found = _imports(planted, tmp_path)
    assert {"xindex.store.document", "xindex.gui.app"} <= found


def test_no_import_cycles_outside_the_store() -> None:
    """No module imports one that imports it back, even inside a function (the store's package re-exports its
    modules, which import each other's names: that cycle is older than this test)."""
    graph = {name: deps for name, deps in _module_graph().items() if not name.startswith("xindex.store")}
    on_path: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        on_path.append(name)
        for dep in sorted(graph.get(name, ())):
            assert dep not in on_path, " -> ".join([*on_path[on_path.index(dep) :], dep])
            if dep not in done:
                visit(dep)
        on_path.pop()
        done.add(name)

    for name in sorted(graph):
        if name not in done:
            visit(name)


def test_the_makeindex_modules_keep_no_state_between_runs() -> None:
    """No module-level variable is rebound while running (a run's state is passed along, never kept in a
    global)."""
    paths = [
        *(ROOT / "xindex" / "formats" / "makeindex").glob("*.py"),
        ROOT / "xindex" / "jobs" / "makeindex.py",
        ROOT / "xindex" / "jobs" / "fork.py",
        ROOT / "xindex" / "makeindex_cli.py",
    ]
    for path in paths:
        assert "global " not in path.read_text(encoding="utf-8"), path
