"""How results show themselves: a short ``repr``, a rich display in Jupyter, ``to_dict`` and ``to_pandas``.

A result class (a dataclass such as :class:`~symorbit.orbits.counting.OrbitCounts`,
:class:`~symorbit.proofs.statements.Verdict` or
:class:`~symorbit.counterexamples.runner.SearchResult`) takes :class:`ResultDisplay` as a base
and, where its dataclass ``repr`` would run to pages, passes ``repr=False`` to ``@dataclass``:

- ``repr(result)`` is one line: scalar fields as they are, exact fractions as ``p/q``, short
  vectors in parentheses, and every longer collection as its size (``counts=<7 items>``);
- ``_repr_html_`` (Jupyter, VS Code) shows that summary as a table, followed by the first
  rows of the result's own table (the counts per reward, the counterexamples, the pieces over γ);
- ``_repr_latex_`` (nbconvert to PDF) shows the summary as a LaTeX ``array`` with ``\\tfrac``;
- ``to_dict()`` gives JSON-ready data (classes with their own ``to_dict`` keep it);
- ``to_pandas()`` gives a ``pandas.DataFrame`` of those rows, exact numbers kept as
  :class:`~fractions.Fraction` (pandas is optional; without it,
  :class:`~symorbit.errors.MissingExtra` says how to install it).

It sits in the lowest layer so that every result class, whatever its layer, can use it; it
imports only the standard library, :mod:`symorbit.errors` and :mod:`symorbit.exact.numbers`.
"""

from __future__ import annotations

import dataclasses
import html
from fractions import Fraction
from typing import Any, ClassVar, Mapping

from symorbit.errors import MissingExtra
from symorbit.exact.numbers import fraction_str

__all__ = ["ResultDisplay"]

#: Fields whose items are the rows of a result's table (the first one present is used).
ROW_FIELDS = ("per_reward", "counterexamples", "pieces", "specs")
#: Rows shown in the HTML display before "… N more".
HTML_ROWS = 12
#: Longest text a repr shows of one field before cutting it.
REPR_TEXT = 60

_SKIP = object()


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, Fraction)) and not isinstance(x, bool)


def _atom(x: Any) -> str | None:
    """A short text for a number, a sympy number or a short string; None for anything larger."""
    if _is_number(x):
        return fraction_str(x)
    if isinstance(x, str):
        return x
    if type(x).__module__.startswith("sympy"):
        text = str(x)
        return text if len(text) <= 40 else None
    return None


def _vector(x: Any) -> str | None:
    """``(0, 1/2, 1)`` for a short sequence of numbers; None otherwise."""
    if isinstance(x, (tuple, list)) and len(x) <= 12:
        parts = [_atom(v) for v in x]
        if all(p is not None for p in parts):
            text = "(" + ", ".join(p for p in parts if p is not None) + ("," if len(x) == 1 else "") + ")"
            return text if len(text) <= 80 else None
    return None


def _short(x: Any) -> str:
    """One field in the repr."""
    if x is None or isinstance(x, bool):
        return repr(x)
    if isinstance(x, float):
        return f"{x:.4g}"
    if _is_number(x):
        return fraction_str(x)
    if isinstance(x, str):
        return repr(x) if len(x) <= REPR_TEXT else repr(x[:REPR_TEXT - 1] + "…")
    vec = _vector(x)
    if vec is not None:
        return vec
    atom = _atom(x)
    if atom is not None:
        return atom
    if isinstance(x, Mapping):
        return f"<dict, {len(x)} key{'s' * (len(x) != 1)}>"
    if isinstance(x, (tuple, list, set, frozenset)):
        return f"<{len(x)} item{'s' * (len(x) != 1)}>"
    if isinstance(x, ResultDisplay) or (dataclasses.is_dataclass(x) and len(repr(x)) <= 2 * REPR_TEXT):
        return repr(x)
    return f"<{type(x).__name__}>"


def _cell(x: Any) -> Any:
    """One cell of a row: exact values kept, short vectors as text, anything large left out."""
    if x is None or isinstance(x, (bool, float, int, Fraction, str)):
        return x
    vec = _vector(x)
    if vec is not None:
        return vec
    atom = _atom(x)
    return atom if atom is not None else _SKIP


def _plain(x: Any) -> Any:
    """JSON-ready data: Fractions as "p/q", sympy objects as text, results by their ``to_dict``."""
    if x is None or isinstance(x, (bool, int, float, str)):
        return x
    if isinstance(x, Fraction):
        return fraction_str(x)
    if isinstance(x, ResultDisplay) or (hasattr(x, "to_dict") and not isinstance(x, type)):
        return x.to_dict()
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: _plain(getattr(x, f.name)) for f in dataclasses.fields(x) if not f.name.startswith("_")}
    if isinstance(x, Mapping):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (set, frozenset)):
        return sorted((_plain(v) for v in x), key=str)
    if isinstance(x, (tuple, list)):
        return [_plain(v) for v in x]
    return str(x)


def _fields(obj: Any) -> list[tuple[str, Any]]:
    if dataclasses.is_dataclass(obj):
        return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.repr]
    return []  # pragma: no cover - every ResultDisplay is a dataclass


def _row(obj: Any) -> dict[str, Any]:
    """One row of a table: a record's scalar fields (and a count record's fractions)."""
    if isinstance(obj, tuple) and len(obj) == 2 and isinstance(obj[1], ResultDisplay):
        return {"reward": _cell(obj[0]), **_row(obj[1])}
    if isinstance(obj, Mapping):
        items = list(obj.items())
    elif dataclasses.is_dataclass(obj):
        items = _fields(obj)
    else:
        return {"value": _cell(obj)}
    row: dict[str, Any] = {}
    for name, value in items:
        if name == "counts" and isinstance(value, tuple) and len(value) == 4 and all(map(_is_number, value)):
            row.update(zip(("b_better", "a_better", "ties", "orbit_size"), value))
            continue
        cell = _cell(value)
        if cell is not _SKIP:
            row[name] = cell
    for name in ("strict_fraction", "weak_fraction"):
        if isinstance(getattr(type(obj), name, None), property):
            row[name] = getattr(obj, name)
    return row


def _latex_value(x: Any) -> str:
    if isinstance(x, Fraction) and x.denominator != 1:
        sign = "-" if x < 0 else ""
        return rf"{sign}\tfrac{{{abs(x.numerator)}}}{{{x.denominator}}}"
    if _is_number(x):
        return str(x)
    text = _short(x).strip("'").strip("<>")
    escaped = "".join("\\" + c if c in "&%$#_{}" else {"\\": r"\backslash ", "~": r"\sim ", "^": r"\hat{}"}.get(c, c)
                      for c in text)
    return r"\text{" + escaped + "}"


class ResultDisplay:
    """Base of every result record: short repr, Jupyter display, ``to_dict`` and ``to_pandas``.

    Subclasses are dataclasses; those whose default repr would be long pass ``repr=False``
    to ``@dataclass`` and get the one-line repr below. A subclass may define its own
    ``to_dict`` (the CLI's JSON contract); the default converts every field.

    Examples
    --------
    The post's candy example (A = {candy}, B = {chocolate, hug}, r = (1, 2, 3)), checked
    against the scaling law: the verdict's repr is one line, whatever it holds.

    >>> from symorbit.theorems import scaling_law_raw
    >>> from symorbit.proofs.verdicts import check_statement
    >>> from symorbit.proofs.statements import Instance
    >>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
    >>> v = check_statement(scaling_law_raw.STATEMENT, inst, [(1, 2, 3), (0, 1, 1)])
    >>> print(repr(v)[:72])
    Verdict(statement='scaling_law_raw', instance='candy', status='holds', r
    >>> "per_reward=<2 items>" in repr(v) and "\\n" not in repr(v)
    True
    >>> [(row["reward"], row["b_better"], row["a_better"], row["ties"]) for row in v._rows()]
    [('(1, 2, 3)', 4, 2, 0), ('(0, 1, 1)', 1, 0, 2)]
    >>> "<table" in v._repr_html_(), v._repr_latex_().startswith(r"$\\begin{array}")
    (True, True)

    References
    ----------
    IPython's rich display protocol (``_repr_html_``, ``_repr_latex_``); pandas ``DataFrame``.
    """

    __slots__ = ()

    #: The LaTeX display's title (the class name when empty).
    display_title: ClassVar[str] = ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{k}={_short(v)}" for k, v in _fields(self)) + ")"

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data: exact numbers as ``"p/q"`` strings, nested results as dicts.

        Returns
        -------
        dict
            One key per field.

        Examples
        --------
        >>> from symorbit.mdp.library import candy
        >>> from symorbit.analysis.discount import counts_over_gamma
        >>> d = counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3)).to_dict()
        >>> d["breakpoints"], d["limit"], d["pieces"][0]["counts"]
        (['2/3'], [8, 8, 4, 20], [7, 9, 4, 20])

        References
        ----------
        RFC 8259 (JSON); exact numbers as in :func:`symorbit.exact.numbers.fraction_str`.
        """
        return {name: _plain(value) for name, value in _fields(self)}

    def _rows(self) -> list[dict[str, Any]]:
        """The result's table: one row per item of its first row field, else one row of its scalars."""
        for name in ROW_FIELDS:
            items = getattr(self, name, None)
            if isinstance(items, (list, tuple)):
                return [_row(item) for item in items]
        return [_row(self)]

    def to_pandas(self) -> Any:
        """The result's table as a ``pandas.DataFrame``, exact numbers kept as ``Fraction``.

        Returns
        -------
        pandas.DataFrame
            One row per reward counted (a verdict), per counterexample (a search), per piece
            over γ (:func:`~symorbit.analysis.discount.counts_over_gamma`), per instance (a
            family), else one row.

        Raises
        ------
        MissingExtra
            pandas is not installed.

        Examples
        --------
        >>> from symorbit.orbits.counting import orbit_counts
        >>> c = orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [1, 2, 3])
        >>> try:
        ...     frame = c.to_pandas()
        ... except ImportError:            # MissingExtra is also an ImportError
        ...     frame = None
        >>> frame is None or list(frame["b_better"]) == [4]
        True

        References
        ----------
        pandas ``DataFrame`` (https://pandas.pydata.org).
        """
        try:
            import pandas
        except ImportError:
            raise MissingExtra("to_pandas() needs pandas, which symorbit does not install: pip install pandas "
                               "(or use to_dict(), which needs nothing)") from None
        return pandas.DataFrame(self._rows())

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f"<tr><th style='text-align:left'>{esc(k)}</th><td style='text-align:left'>"
                       f"{esc(_short(v).strip(chr(39)))}</td></tr>" for k, v in _fields(self))
        out = f"<b>{esc(type(self).__name__)}</b><table>{head}</table>"
        rows = self._rows()
        if len(rows) > 1 or any(name in (getattr(self, "__dataclass_fields__", {})) for name in ROW_FIELDS):
            columns = list(dict.fromkeys(k for row in rows for k in row))
            body = "".join("<tr>" + "".join(f"<td>{esc(_short(row.get(c, '')).strip(chr(39)))}</td>" for c in columns)
                           + "</tr>" for row in rows[:HTML_ROWS])
            more = (f"<p>… and {len(rows) - HTML_ROWS} more rows (<code>to_pandas()</code> or "
                    f"<code>to_dict()</code> has every one)</p>" if len(rows) > HTML_ROWS else "")
            if columns:
                out += ("<table><tr>" + "".join(f"<th>{esc(c)}</th>" for c in columns) + "</tr>" + body
                        + "</table>" + more)
        return out

    def _repr_latex_(self) -> str:
        lines = [rf"\text{{{name.replace('_', chr(92) + '_')}}} & {_latex_value(value)}" for name, value in _fields(self)
                 if _cell(value) is not _SKIP or isinstance(value, (Mapping, list, tuple, set, frozenset))]
        title = (self.display_title or type(self).__name__).replace("_", "\\_")
        return (r"$\begin{array}{ll}\multicolumn{2}{l}{\textbf{" + title + r"}}\\ "
                + r" \\ ".join(lines) + r"\end{array}$")
