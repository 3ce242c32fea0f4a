"""Exact tables for write-ups: Markdown, LaTeX (booktabs) and CSV.

Cells may be ints, ``Fraction``, strings or None. Fractions are written exactly:
``p/q`` in Markdown and CSV, ``\\frac{p}{q}`` in LaTeX math mode.

Examples
--------
>>> t = Table(("r", "strict"), [("(1,2,2)", Fraction(1, 3))], title="candy")
>>> print(t.markdown())
| r | strict |
|---|---|
| (1,2,2) | 1/3 |
>>> print(t.latex().splitlines()[6])
(1,2,2) & $\\frac{1}{3}$ \\\\
>>> print(t.csv().strip())
r,strict
"(1,2,2)",1/3
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from symorbit.errors import InvalidArgument

__all__ = ["Table", "render"]

FORMATS = ("markdown", "latex", "csv")


def _plain(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    return str(x)


def _latex(x: Any) -> str:
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return f"${x.numerator}$"
        sign = "-" if x < 0 else ""
        return f"${sign}\\frac{{{abs(x.numerator)}}}{{{x.denominator}}}$"
    if isinstance(x, int):
        return f"${x}$"
    if x is None:
        return "---"
    text = str(x)
    if text.startswith("$") and text.endswith("$"):
        return text                   # math is passed through unescaped
    for ch, rep in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("_", r"\_"), ("#", r"\#")):
        text = text.replace(ch, rep)
    return text


@dataclass(frozen=True)
class Table:
    """A table of exact values: column names, rows, an optional title."""

    columns: tuple[str, ...]
    rows: Sequence[Sequence[Any]]
    title: str = ""

    def __post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise InvalidArgument(f"row {i} has {len(row)} cells but there are {len(self.columns)} columns")

    def markdown(self) -> str:
        lines = ["| " + " | ".join(self.columns) + " |", "|" + "---|" * len(self.columns)]
        lines += ["| " + " | ".join(_plain(x) for x in row) + " |" for row in self.rows]
        return "\n".join(lines)

    def latex(self) -> str:
        header = " & ".join(_latex(c) for c in self.columns) + r" \\"
        body = [" & ".join(_latex(x) for x in row) + r" \\" for row in self.rows]
        lines = [r"\begin{table}[ht]", r"\centering", r"\begin{tabular}{" + "l" * len(self.columns) + "}",
                 r"\toprule", header, r"\midrule", *body, r"\bottomrule", r"\end{tabular}"]
        if self.title:
            lines.append(r"\caption{" + _latex(self.title) + "}")
        lines.append(r"\end{table}")
        return "\n".join(lines)

    def csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([_plain(x) for x in row])
        return buf.getvalue()

    def render(self, fmt: str = "markdown") -> str:
        if fmt not in FORMATS:
            raise InvalidArgument(f"format={fmt!r} must be one of {', '.join(FORMATS)}")
        return {"markdown": self.markdown, "latex": self.latex, "csv": self.csv}[fmt]()


def render(table: Table, fmt: str = "markdown") -> str:
    """``table.render(fmt)``."""
    return table.render(fmt)
