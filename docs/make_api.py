"""Regenerate docs/api.md from symorbit.__all__ and the docstrings."""

import inspect
import pathlib

import symorbit


def main() -> None:
    lines = ["# symorbit public API", "", "Every name in `symorbit.__all__`, with the first line of its docstring. "
             "Regenerate with `python docs/make_api.py`.", "", "| name | what it is |", "|---|---|"]
    for name in symorbit.__all__:
        obj = getattr(symorbit, name)
        documented = inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismodule(obj)
        doc = inspect.getdoc(obj) if documented else None
        first = doc.strip().splitlines()[0] if doc else f"constant: `{obj!r}`"[:100]
        lines.append(f"| `{name}` | {first.replace('|', chr(92) + '|')} |")
    pathlib.Path(__file__).with_name("api.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
