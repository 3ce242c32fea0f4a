"""The layer map: imports go one way, down the pipeline, and the kernel imports nothing of ours.

Every import of a symorbit module is checked, wherever it is written: at module level,
inside a function, relative (``from .x import``), and dynamic (``importlib.import_module``
or ``__import__`` with a constant name). A module may import its own layer and the
layers below it; the kernel may import only the standard library and itself, and only
the proof layer and above may import the kernel.
"""

from __future__ import annotations

import ast
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent

#: Layers, lowest first. A module belongs to the longest prefix listed.
LAYERS: list[tuple[str, ...]] = [
    ("symorbit.errors", "symorbit.exact"),
    ("symorbit.outcomes",),
    ("symorbit.orbits",),               # pure combinatorics: orbit counts and their engines, copies, profiles
    ("symorbit.mdp",),
    ("symorbit.analysis",),             # MDP analysis: decision rules, POWER, counts over the discount
    ("symorbit.proofs",),
    ("symorbit.parametric",),             # block families for all sizes: the engine, and the kernel's polynomial check
    ("symorbit.theorems",),
    ("symorbit.counterexamples",),
    ("symorbit.tables", "symorbit.testing"),
    ("symorbit.tour", "symorbit.plots"),
    ("symorbit.cli", "symorbit.__main__"),
    ("symorbit",),                       # the package's __init__: the public surface, loaded lazily
]
KERNEL = "symorbit.kernel"
KERNEL_IMPORTERS_FROM = LAYERS.index(("symorbit.proofs",))


def _module_files() -> list[tuple[str, pathlib.Path]]:
    out = []
    for path in sorted((ROOT / "symorbit").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append((".".join(parts), path))
    for path in sorted((ROOT / "theorems").rglob("*.py")):
        parts = ["symorbit", "theorems"] + list(path.relative_to(ROOT / "theorems").with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append((".".join(parts), path))
    return out


def layer_of(module: str) -> int:
    best, best_len = None, -1
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best_len:
                best, best_len = i, len(p)
    if best is None:
        raise AssertionError(f"{module} is in no declared layer; add it to LAYERS")
    return best


def imported_modules(module: str, path: pathlib.Path) -> list[tuple[int, str]]:
    """Every symorbit module that ``module`` imports, with the line, however it is written."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # ``from symorbit.x import y`` may import the submodule y
            found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
                found.append((node.lineno, str(node.args[0].value)))
    return [(line, t) for line, t in found if t == "symorbit" or t.startswith("symorbit.") or t == "theorems"
            or t.startswith("theorems.")]


def _existing(target: str) -> str:
    """Strip trailing attribute names until a real module remains (``symorbit.x.y.func`` → ``symorbit.x.y``)."""
    names = {m for m, _ in _module_files()}
    while target not in names and "." in target:
        target = target.rpartition(".")[0]
    return target


MODULES = _module_files()


@pytest.mark.parametrize("module,path", MODULES, ids=[m for m, _ in MODULES])
def test_imports_follow_the_layer_map(module, path):
    if module == "symorbit":
        return  # the package surface may name every layer (it loads them lazily)
    mine = layer_of(module)
    for line, raw in imported_modules(module, path):
        assert not raw.startswith("theorems"), f"{path}:{line} imports the global 'theorems'; use symorbit.theorems"
        target = _existing(raw)
        where = f"{path.relative_to(ROOT)}:{line} imports {target}"
        if module.startswith(KERNEL):
            assert target.startswith(KERNEL), f"{where}: the kernel imports only the standard library and itself"
            continue
        assert target != "symorbit", f"{where}: import from the defining module, not the package surface"
        if target.startswith(KERNEL):
            assert mine >= KERNEL_IMPORTERS_FROM, f"{where}: only proofs and above may use the kernel"
            continue
        assert layer_of(target) <= mine, f"{where}: an upward import (layer {layer_of(target)} > {mine})"


def test_kernel_imports_only_the_standard_library():
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    for path in (ROOT / "symorbit" / "kernel").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] in stdlib, f"{path}:{node.lineno} imports {name}"
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                    "import_module", "__import__", "exec", "eval"):
                raise AssertionError(f"{path}:{node.lineno}: dynamic import or evaluation in the kernel")


def test_the_layer_map_catches_what_it_should(tmp_path):
    """The checker itself: a relative, a function-level and a dynamic upward import are all found."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ..proofs import verdicts\n    import importlib\n"
                   "    importlib.import_module('symorbit.cli.commands')\n")
    targets = [t for _, t in imported_modules("symorbit.outcomes.bad", bad)]
    assert "symorbit.proofs.verdicts" in targets and "symorbit.cli.commands" in targets
    assert layer_of("symorbit.proofs.verdicts") > layer_of("symorbit.outcomes.bad")


def import_graph() -> dict[str, set[str]]:
    """Every module's imports of other symorbit modules (the package surface ``symorbit`` left out: it is lazy)."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES:
        if module == "symorbit":
            continue
        targets = {_existing(raw) for _, raw in imported_modules(module, path) if not raw.startswith("theorems")}
        graph[module] = {t for t in targets if t not in (module, "symorbit")}
    return graph


def test_no_import_cycles_even_within_a_layer():
    """A cycle (module-level or through a function-level import) is refused, whatever the layers."""
    import networkx as nx

    cycles = [c for c in nx.simple_cycles(nx.DiGraph([(m, t) for m, ts in import_graph().items() for t in ts]))]
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c + [c[0]]) for c in cycles[:5])


def test_the_cycle_check_finds_a_function_level_cycle(tmp_path):
    a = tmp_path / "a.py"
    a.write_text("def f():\n    from symorbit.mdp import formats\n")
    targets = {_existing(t) for _, t in imported_modules("symorbit.mdp.environment", a)}
    assert "symorbit.mdp.formats" in targets
