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


def test_every_public_name_is_documented():
    text = pathlib.Path("docs/api.md").read_text()
    for name in symorbit.__all__:
        assert f"### `{name}`" in text, name


def test_the_api_reference_is_generated_from_the_docstrings():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_api", "docs/make_api.py")
    make_api = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_api)
    assert pathlib.Path("docs/api.md").read_text(encoding="utf-8") == make_api.render(), \
        "docs/api.md is stale: run python docs/make_api.py"


def test_every_theorem_module_is_registered():
    import symorbit.theorems as theorems

    modules = {p.stem for p in pathlib.Path("theorems").glob("*.py") if not p.stem.startswith("_")}
    registered = {m.__name__.split(".")[-1] for m in theorems.MODULES} | set(theorems.CLAIMS)
    assert modules == registered


def test_no_public_name_shadows_a_module():
    """``symorbit.x.y`` is always the module y: no package re-exports a name that hides one of its modules."""
    import importlib
    import pkgutil

    for info in pkgutil.walk_packages(symorbit.__path__, "symorbit."):
        if info.name.endswith("__main__"):
            continue
        parent, _, child = info.name.rpartition(".")
        module = importlib.import_module(info.name)
        assert getattr(importlib.import_module(parent), child) is module, info.name


def test_version_is_single_sourced():
    from importlib.metadata import version

    assert symorbit.__version__ == version("symorbit")
    text = pathlib.Path("pyproject.toml").read_text()
    assert text.count(symorbit.__version__) == 1


def test_version_function_returns_the_installed_version(capsys):
    """``symorbit.version()`` is the package's version (it once was importlib's, which needs an argument)."""
    import pytest

    from symorbit.cli.commands import main

    assert symorbit.version() == symorbit.__version__
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"symorbit {symorbit.version()}"
