"""The public surface: explicit exports, and imports that go one way."""

import ast
import pathlib

import symorbit


def test_every_exported_name_exists():
    for name in symorbit.__all__:
        assert hasattr(symorbit, name), name
    assert len(set(symorbit.__all__)) == len(symorbit.__all__)


def test_modules_declare_all():
    for path in pathlib.Path("symorbit").rglob("*.py"):
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text())
        names = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
                 if isinstance(t, ast.Name)}
        names |= {node.target.id for node in tree.body if isinstance(node, ast.AnnAssign)
                  and isinstance(node.target, ast.Name)}
        assert "__all__" in names, f"{path} has no __all__"


def test_engine_never_imports_theorems_or_cli_upwards():
    low = ["_validation.py", "errors.py", "envs.py", "outcomes.py", "groups.py", "visits.py", "geometry.py",
           "_engines.py", "counting.py"]
    for name in low:
        tree = ast.parse((pathlib.Path("symorbit") / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in ("theorems",), name
                assert node.module not in ("cli", "search", "tour", "verdicts"), name


def test_every_public_name_is_documented():
    text = pathlib.Path("docs/api.md").read_text()
    for name in symorbit.__all__:
        assert f"`{name}`" in text, name


def test_every_theorem_module_is_registered():
    import theorems

    modules = {p.stem for p in pathlib.Path("theorems").glob("*.py") if not p.stem.startswith("_")}
    registered = {m.__name__.split(".")[-1] for m in theorems.MODULES} | set(theorems.CLAIMS)
    assert modules == registered
