"""Exact tables for write-ups: Markdown, LaTeX (booktabs) and CSV.

Cells may be ints, ``Fraction``, strings or None. Fractions are written exactly:
``p/q`` in Markdown and CSV, ``$p/q$`` in LaTeX (or a stacked ``\\frac`` with room between the rows).
Integers longer than 12 digits are set in LaTeX as ``4.27 × 10^70`` with a note under the
table giving the exact value (Markdown and CSV keep every digit). The LaTeX output compiles
with pdflatex given ``\\usepackage{booktabs,array}``: every special character is escaped,
the Unicode the tables use is mapped (:data:`LATEX_UNICODE`), and wide tables are fitted to
``\\linewidth`` by wrapping columns, never by shrinking the font (see :meth:`Table.latex`).

Examples
--------
>>> t = Table(("r", "strict"), [("(1,2,2)", Fraction(1, 3))], title="candy")
>>> print(t.markdown())
| r | strict |
|---|---|
| (1,2,2) | 1/3 |
>>> print(t.latex().splitlines()[10])
(1,2,2) & $1/3$ \\\\
>>> print(t.csv().strip())
r,strict
"(1,2,2)",1/3
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from symorbit.errors import InvalidArgument
from symorbit.exact.documents import STRICT_NUMBERS, Refused

__all__ = ["LATEX_UNICODE", "Table", "latex_escape", "render", "table_from_files"]

FORMATS = ("markdown", "latex", "csv")


def _plain(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    return str(x)


#: Unicode the built-in tables (and most users' labels) use, mapped to base-LaTeX spellings.
#: Latin-1 letters (é, ü, ...) pass through: pdflatex reads UTF-8 by default since 2018.
LATEX_UNICODE: dict[str, str] = {
    "⌊": r"$\lfloor$", "⌋": r"$\rfloor$", "⌈": r"$\lceil$", "⌉": r"$\rceil$",
    "≥": r"$\geq$", "≤": r"$\leq$", "≠": r"$\neq$", "≈": r"$\approx$", "±": r"$\pm$",
    "×": r"$\times$", "·": r"$\cdot$", "∖": r"$\setminus$", "∈": r"$\in$", "∉": r"$\notin$",
    "⊆": r"$\subseteq$", "⊂": r"$\subset$", "∩": r"$\cap$", "∪": r"$\cup$", "∅": r"$\emptyset$",
    "∞": r"$\infty$", "→": r"$\to$", "←": r"$\leftarrow$", "⇒": r"$\Rightarrow$", "↔": r"$\leftrightarrow$",
    "↙": r"$\swarrow$", "↖": r"$\nwarrow$", "↘": r"$\searrow$", "↗": r"$\nearrow$",
    "◁": r"$\triangleleft$", "▷": r"$\triangleright$", "⋆": r"$\star$", "ℓ": r"$\ell$",
    "−": r"$-$", "—": "---", "–": "--", "…": r"\ldots{}", "‘": "`", "’": "'", "“": "``", "”": "''",
    "α": r"$\alpha$", "β": r"$\beta$", "γ": r"$\gamma$", "δ": r"$\delta$", "ε": r"$\varepsilon$",
    "θ": r"$\theta$", "λ": r"$\lambda$", "μ": r"$\mu$", "π": r"$\pi$", "ρ": r"$\rho$", "σ": r"$\sigma$",
    "φ": r"$\varphi$", "ψ": r"$\psi$", "ω": r"$\omega$", "Γ": r"$\Gamma$", "Δ": r"$\Delta$",
    "Π": r"$\Pi$", "Σ": r"$\Sigma$", "Φ": r"$\Phi$", "Ω": r"$\Omega$", "ℝ": r"$\mathbf{R}$", "ℚ": r"$\mathbf{Q}$",
    "\u00a0": r"\nobreakspace{}",
}

#: ASCII characters that are special to LaTeX or print wrongly in the default OT1 encoding.
_LATEX_ASCII: dict[str, str] = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"$<$", ">": r"$>$", "|": r"$|$", '"': "''",
}

#: Text width assumed when deciding whether a table needs wrapping (article, 10pt: 345pt).
TEXT_WIDTH_PT = 345
#: Integers with more digits than this are set in LaTeX in scientific form, exact in a note.
LONG_DIGITS = 12
_COLSEP_PT = 12.0


#: Widths in pt of Computer Modern Roman 10pt (cmr10's metrics), rounded up; others estimated.
_CMR10 = dict(zip("abcdefghijklmnopqrstuvwxyz", (5.0, 5.6, 4.5, 5.6, 4.5, 3.1, 5.0, 5.6, 2.8, 3.1, 5.3, 2.8, 8.4,
                                                 5.6, 5.0, 5.6, 5.3, 4.0, 4.0, 3.9, 5.6, 5.3, 7.3, 5.3, 5.3, 4.5)))
_CMR10.update({ch: 5.0 for ch in "0123456789/"})
_CMR10.update({" ": 3.4, ".": 2.8, ",": 2.8, ":": 2.8, ";": 2.8, "!": 2.8, "'": 2.8, "(": 3.9, ")": 3.9, "-": 3.4,
               "|": 2.8, "[": 2.8, "]": 2.8, "=": 7.8, "+": 7.8, "<": 7.8, ">": 7.8, "×": 7.8, "M": 9.2, "W": 10.3,
               "m": 8.4, "w": 7.3})


def _text_pt(text: str) -> float:
    """An estimate of the width of ``text`` in pt (Computer Modern, 10pt), a little generous."""
    return 1.05 * sum(_CMR10.get(ch, 7.5 if ch.isupper() else 6.0 if ch.isascii() else 10.0) for ch in text)


def _is_long(x: Any, digits: int) -> bool:
    if isinstance(x, bool):
        return False
    if isinstance(x, int):
        return len(str(abs(x))) > digits
    if isinstance(x, Fraction):
        return len(str(abs(x.numerator))) > digits or len(str(x.denominator)) > digits
    return False


def _scientific(x: Fraction | int, places: int = 2) -> tuple[str, str]:
    """``x`` rounded to ``places`` decimals in scientific form: (LaTeX math, plain text)."""
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = places + 3
        d = Decimal(x.numerator) / Decimal(x.denominator) if isinstance(x, Fraction) else Decimal(x)
        mantissa, exponent = f"{d:.{places}E}".split("E")
    e = int(exponent)
    if e == 0:
        return mantissa, mantissa
    return rf"{mantissa}\times 10^{{{e}}}", f"{mantissa}e{e}"


def _grouped_digits(k: int) -> str:
    """``k`` in text mode with thin spaces every 3 digits, breakable there (for notes)."""
    digits = str(abs(k))
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ("$-$" if k < 0 else "") + r"\,\allowbreak{}".join(groups)


def _note_mark(i: int) -> str:
    """The i-th note mark, as LaTeX math: †, ‡, §, ¶, ‖, ††, ‡‡, ... (symbols, never read as an exponent)."""
    symbols = (r"\dagger", r"\ddagger", r"\S", r"\P", r"\|")
    return symbols[i % len(symbols)] * (i // len(symbols) + 1)


def latex_escape(text: str) -> str:
    r"""``text`` as LaTeX source that pdflatex prints literally.

    Every LaTeX special character is escaped, ``< > |`` are set in math (the default
    OT1 font prints ``>`` as "¿"), and the Unicode in :data:`LATEX_UNICODE` is mapped
    to base-LaTeX commands. Latin-1 letters pass through.

    Parameters
    ----------
    text : str
        Plain text (not LaTeX).

    Returns
    -------
    str

    Raises
    ------
    InvalidArgument
        For a character with no known LaTeX spelling; the message names it.

    Examples
    --------
    >>> print(latex_escape("k/(k+1), k=⌊n/m⌋ & 50% of {x_i} ≥ γ^2 ~ => ok"))
    k/(k+1), k=$\lfloor$n/m$\rfloor$ \& 50\% of \{x\_i\} $\geq$ $\gamma$\textasciicircum{}2 \textasciitilde{} =$>$ ok

    References
    ----------
    The post's claims and the papers' examples (PR App. D, OPTS Fig. 1), written up as tables.
    """
    out = []
    for ch in str(text):
        if ch in _LATEX_ASCII:
            out.append(_LATEX_ASCII[ch])
        elif ch in LATEX_UNICODE:
            out.append(LATEX_UNICODE[ch])
        elif ch == "\n":
            out.append(" ")
        elif ord(ch) < 128 or "\u00c0" <= ch <= "\u00ff" and ch not in "×÷":
            out.append(ch)
        else:
            raise InvalidArgument(
                f"character {ch!r} (U+{ord(ch):04X}) in {text!r} has no LaTeX spelling; "
                "add one to symorbit.tables.LATEX_UNICODE or write the cell as $math$"
            )
    return "".join(out)


def _latex(x: Any, *, fractions: str = "inline") -> str:
    """One cell as LaTeX (long numbers are handled by :meth:`Table.latex`, which adds their notes)."""
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, Fraction) and x.denominator == 1:
        x = x.numerator
    if isinstance(x, int):
        return f"${x}$" if x >= 0 else f"$-{-x}$"
    if isinstance(x, Fraction):
        sign = "-" if x < 0 else ""
        if fractions == "stacked":
            return f"${sign}\\frac{{{abs(x.numerator)}}}{{{x.denominator}}}$"
        return f"${sign}{abs(x.numerator)}/{x.denominator}$"
    if x is None:
        return "---"
    text = str(x)
    if len(text) > 1 and text.startswith("$") and text.endswith("$"):
        return text                   # math is passed through unescaped
    return latex_escape(text)


def _checked_label(label: Any) -> str:
    r"""``label`` if LaTeX reads it as one ``\label`` key and ``\ref`` finds it again, else a refusal.

    A brace, backslash, %, #, $, ~, ^, & or white space ended the key early, started a comment or broke the
    document (``tab:a%b`` wrote ``\label{tab:a%b}``, whose ``%b}`` LaTeX drops).

    >>> _checked_label("tab:candy-1_3")
    'tab:candy-1_3'
    >>> _checked_label("tab:a%b")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: label 'tab:a%b': '%' cannot be in a LaTeX label; use letters, digits and : - _ . / + only
    """
    if not isinstance(label, str):
        raise InvalidArgument(f"label={label!r} must be a string")
    bad = next((ch for ch in label if ch in "{}\\%#$~^&" or ch.isspace() or not ch.isprintable()), None)
    if bad is not None:
        raise InvalidArgument(f"label {label[:60]!r}: {bad!r} cannot be in a LaTeX label; use letters, digits and "
                              ": - _ . / + only")
    return label


def _label_slug(title: str) -> str:
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in title.lower())
    return "tab:" + "-".join(part for part in slug.split("-") if part)[:40].strip("-")


@dataclass(frozen=True)
class Table:
    """A table of exact values: column names, rows, an optional title and LaTeX label.

    Build one from any results (search results, profiles, POWER values) and write it
    as Markdown, LaTeX or CSV. Cells may be ints, ``Fraction``, strings (``$...$`` is
    passed to LaTeX as math) or None (a dash).

    Parameters
    ----------
    columns : tuple of str
        Column headings (plain text; escaped for LaTeX).
    rows : sequence of sequences
        One sequence of cells per row, as long as ``columns``.
    title : str
        The caption (LaTeX) and heading (Markdown).
    label : str
        The LaTeX ``\\label``; by default ``tab:`` and a slug of the title.

    Raises
    ------
    InvalidArgument
        When a row's length differs from the number of columns.

    Examples
    --------
    >>> from symorbit import power
    >>> from symorbit.mdp.library import candy
    >>> t = Table(("state", "POWER(s, 1/2)"), [(s, power(candy(), s, "1/2")) for s in ("start", "wait")],
    ...           title="POWER in candy", label="tab:candy-power")
    >>> print(t.markdown())
    | state | POWER(s, 1/2) |
    |---|---|
    | start | 11/16 |
    | wait | 2/3 |

    References
    ----------
    OPTS Def. 5.2 (POWER, the example's values); the post (candy: A={candy}, B={chocolate, hug}).
    """

    columns: tuple[str, ...]
    rows: Sequence[Sequence[Any]]
    title: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        for key in ("columns", "rows"):     # None raised "'NoneType' object is not iterable"
            if isinstance(getattr(self, key), (str, bytes)) or not isinstance(getattr(self, key), Iterable):
                raise InvalidArgument(f"Table: {key}={getattr(self, key)!r:.60} must be a sequence")
        object.__setattr__(self, "columns", tuple(str(c) for c in self.columns))
        for i, row in enumerate(self.rows):
            if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
                raise InvalidArgument(f"row {i} is {type(row).__name__}, not a sequence of cells")
            if len(row) != len(self.columns):
                raise InvalidArgument(f"row {i} has {len(row)} cells but there are {len(self.columns)} columns")

    @classmethod
    def from_records(cls, records: Sequence[Any], *, columns: Sequence[str] | None = None, title: str = "",
                     label: str = "") -> Table:
        """A table from mappings (or objects with ``to_dict()``): one row per record.

        Use it for any results: ``SearchResult.to_dict()``, the counterexamples of a search,
        ``Verdict.to_dict()``, ``OrbitCounts.to_dict()``, or your own dicts of POWER values.
        Missing keys become None (a dash); lists are joined with ", ".

        Parameters
        ----------
        records : sequence of mappings or objects with ``to_dict()``
        columns : the keys to show, in order (default: the keys of the first record)
        title, label : as for :class:`Table`

        Returns
        -------
        Table

        Raises
        ------
        InvalidArgument
            When a record is neither a mapping nor has ``to_dict()``.

        Examples
        --------
        >>> from symorbit import search
        >>> res = search("fractional_conjecture", "one-hot:3", "patterns:0,1", workers=1, progress=False)
        >>> t = Table.from_records(res.counterexamples, columns=["key", "counterexample", "provenance"],
        ...                        title="counterexamples")
        >>> print(t.markdown().splitlines()[2])
        | one-hot:3:2:1:0 | 0, 1, 1 | kernel-checked |

        References
        ----------
        PR Conjecture D.13 (the fractional conjecture searched in the example); the search walk-through in notebooks/04_conjecture_search.
        """
        rows_in = [r.to_dict() if hasattr(r, "to_dict") else r for r in records]
        for i, r in enumerate(rows_in):
            if not isinstance(r, Mapping):
                raise InvalidArgument(f"record {i} is {type(r).__name__}, not a mapping or an object with to_dict()")
        cols = tuple(columns) if columns is not None else tuple(rows_in[0]) if rows_in else ()

        def cell(x: Any) -> Any:
            return ", ".join(_plain(v) for v in x) if isinstance(x, (list, tuple)) else x

        return cls(cols, [tuple(cell(r.get(c)) for c in cols) for r in rows_in], title=title, label=label)

    def markdown(self) -> str:
        """The table as GitHub Markdown (``|`` in cells escaped).

        Returns
        -------
        str
            Fractions as ``p/q``, None as a dash.

        Examples
        --------
        The post's candy example, A = {candy} against B = {chocolate, hug}:

        >>> t = Table(("A", "B", "n"), [("{candy}", "{chocolate, hug}", 2)])
        >>> print(t.markdown())
        | A | B | n |
        |---|---|---|
        | {candy} | {chocolate, hug} | 2 |

        References
        ----------
        The post; PR Def. A.7 (n copies).
        """
        def cell(x: Any) -> str:
            return _plain(x).replace("|", "\\|")
        lines = ["| " + " | ".join(cell(c) for c in self.columns) + " |", "|" + "---|" * len(self.columns)]
        lines += ["| " + " | ".join(cell(x) for x in row) + " |" for row in self.rows]
        return "\n".join(lines)

    def _column_widths(self, long_digits: int = LONG_DIGITS) -> list[tuple[float, float, float]]:
        """Estimated widths in pt of each column, gaps included: natural, headings wrapped, all wrapped.

        Natural: the longest cell on one line. Headings wrapped: the heading broken at its
        spaces, the other cells on one line. All wrapped: the longest unbreakable piece of
        any cell (text breaks at spaces and after hyphens). A long number counts as its
        scientific form and mark.
        """
        def shown(x: Any) -> str:
            return _scientific(x)[1].replace("e", "×10") + "a" if _is_long(x, long_digits) else _plain(x)

        def pieces(text: str) -> list[str]:             # TeX breaks at spaces and after hyphens
            return [p for word in text.split() for p in re.split(r"(?<=-)", word) if p] or [""]

        out = []
        for j, col in enumerate(self.columns):
            body = [shown(row[j]) for row in self.rows]
            natural = max(_text_pt(t) for t in [col, *body]) + _COLSEP_PT
            heading = max([_text_pt(p) for p in col.split() or [""]] + [_text_pt(t) for t in body]) + _COLSEP_PT
            narrow = max(_text_pt(p) for t in [col, *body] for p in pieces(t)) + _COLSEP_PT
            out.append((natural, heading, narrow))
        return out

    def _layout(self, long_digits: int) -> tuple[dict[int, float], float] | None:
        """Column wrapping that fits :data:`TEXT_WIDTH_PT`: ({column: width in pt}, \\tabcolsep in pt).

        Tried in turn: no wrapping; wrapping headings only (gaps ``\\tabcolsep`` 6pt, then
        4pt); wrapping any cell (6pt, then 4pt). None when nothing fits (the caller then
        transposes a table with fewer rows than columns).
        """
        estimates = self._column_widths(long_digits)
        if sum(n for n, _, _ in estimates) <= TEXT_WIDTH_PT:
            return {}, 6.0
        for stage, tabcolsep in ((1, 6.0), (1, 4.0), (2, 6.0), (2, 4.0)):
            widths = [(e[0] - _COLSEP_PT + 2 * tabcolsep, e[stage] - _COLSEP_PT + 2 * tabcolsep) for e in estimates]
            wrap: dict[int, float] = {}
            # wrap the columns that gain most until the estimate fits, then share out the room left
            for j in sorted(range(len(widths)), key=lambda j: widths[j][1] - widths[j][0]):
                if sum(widths[i][1] if i in wrap else widths[i][0] for i in range(len(widths))) <= TEXT_WIDTH_PT:
                    break
                if widths[j][1] < widths[j][0]:
                    wrap[j] = widths[j][1]
            if sum(widths[i][1] if i in wrap else widths[i][0] for i in range(len(widths))) > TEXT_WIDTH_PT:
                continue
            # share out the room left, less a margin for the estimates' error
            room = 0.97 * TEXT_WIDTH_PT - sum(w for i, (w, _) in enumerate(widths) if i not in wrap)
            extra = max(0.0, room - sum(wrap.values()))
            gain = sum(widths[j][0] - w for j, w in wrap.items()) or 1.0
            return {j: w + extra * (widths[j][0] - w) / gain for j, w in wrap.items()}, tabcolsep
        if 0 < len(self.rows) < len(self.columns):
            return None
        # still too wide: the narrowest wrapping (pdflatex reports the overfull box)
        return {j: e[2] - _COLSEP_PT + 8.0 for j, e in enumerate(estimates) if e[2] < e[0]}, 4.0

    def _transposed(self) -> Table:
        """The table turned, each column a row: the first column's cells become the headings when
        they name the rows (distinct strings), else the rows are numbered."""
        first = [row[0] for row in self.rows]
        if all(isinstance(x, str) for x in first) and len(set(first)) == len(first):
            columns = (self.columns[0], *first)
            rows = [(self.columns[j], *(row[j] for row in self.rows)) for j in range(1, len(self.columns))]
        else:
            columns = ("", *(f"row {i + 1}" for i in range(len(self.rows))))
            rows = [(self.columns[j], *(row[j] for row in self.rows)) for j in range(len(self.columns))]
        return Table(columns, rows, title=self.title, label=self.label)

    def latex(self, *, fit: str = "auto", label: str | None = None, fractions: str = "inline",
              long_digits: int = LONG_DIGITS) -> str:
        r"""The table as a LaTeX ``table`` float (booktabs rules, caption, label, notes).

        Needs ``\usepackage{booktabs,array}`` in the preamble (TeX Live's latex-base and
        latex-recommended; the output's first line says so, and names ``graphicx`` too
        for ``fit="shrink"``). The font is never made smaller: a wide table wraps columns.

        Parameters
        ----------
        fit : {"auto", "shrink", "none"}
            How the table is made to fit ``\linewidth``. ``"auto"``: a table whose
            estimated width exceeds :data:`TEXT_WIDTH_PT` wraps the columns that gain
            most in ``p{...\linewidth}`` columns, headings first (text breaks at spaces
            and after hyphens), with narrower gaps if need be; a table still too wide that
            has fewer rows than columns is set turned, one column per row.
            ``"shrink"``: set in a box that scales the whole table down to
            ``\linewidth`` if it is wider (smaller type: only if you ask for it).
            ``"none"``: a plain ``tabular``.
        label : str, optional
            Overrides the table's label.
        fractions : {"inline", "stacked"}
            ``"inline"`` (default): ``$p/q$``. ``"stacked"``: ``$\frac{p}{q}$`` (text style), with
            the rows spread (``\arraystretch`` 1.5) so that fractions in consecutive rows
            never touch.
        long_digits : int
            Integers with more digits (and fractions with a longer numerator or denominator)
            are set as ``$4.27\times 10^{70}$`` with a note mark (†, ‡, ...); the notes under the table
            give every digit (Markdown and CSV always do).

        Returns
        -------
        str

        Examples
        --------
        >>> t = Table(("r", "strict"), [("(1,2,2)", Fraction(1, 3))], title="candy > 1/3?")
        >>> print(t.latex(fit="none"))
        % needs \usepackage{booktabs,array}
        \begin{table}[ht]
        \centering
        \renewcommand{\arraystretch}{1.2}
        \caption{candy $>$ 1/3?}
        \label{tab:candy-1-3}
        \begin{tabular}{ll}
        \toprule
        r & strict \\
        \midrule
        (1,2,2) & $1/3$ \\
        \bottomrule
        \end{tabular}
        \end{table}

        The orbit of a generic reward in the post's 2-vs-51 example has 53! elements, 70 digits:
        LaTeX shows 4.27 × 10^69 and a note under the table every digit.

        >>> from math import factorial
        >>> tex = Table(("reward", "orbit"), [("generic", factorial(53))], title="2 vs 51").latex()
        >>> print(tex.splitlines()[10])
        generic & $4.27\times 10^{69}\,{}^{\dagger}$ \\
        >>> print(tex.splitlines()[14][:77])
        ${}^{\dagger}$\,orbit, generic: exactly 4\,\allowbreak{}274\,\allowbreak{}883

        Raises
        ------
        InvalidArgument
            When ``fit`` is not one of ``auto``, ``shrink``, ``none``, or ``fractions``
            not ``inline`` or ``stacked``.

        References
        ----------
        The post's claims and the papers' examples (PR App. D, OPTS Fig. 1), written up as tables.
        """
        if fit not in ("auto", "shrink", "none"):
            raise InvalidArgument(f"fit={fit!r} must be one of auto, shrink, none")
        if fractions not in ("inline", "stacked"):
            raise InvalidArgument(f"fractions={fractions!r} must be inline or stacked")
        layout = self._layout(long_digits) if fit == "auto" else ({}, 6.0)
        if layout is None:
            # too wide even wrapped and with narrow gaps: set it transposed, one column per row
            return self._transposed().latex(fit="auto", label=label if label is not None else (
                self.label or (_label_slug(self.title) if self.title else "")), fractions=fractions,
                long_digits=long_digits)
        wrap, tabcolsep = layout
        notes: list[str] = []

        def cell(x: Any, i: int, j: int) -> str:
            if not _is_long(x, long_digits):
                return _latex(x, fractions=fractions)
            mark = _note_mark(len(notes))
            where = latex_escape(f"{self.columns[j]}, {_plain(self.rows[i][0])}" if j else f"{self.columns[j]}")
            if isinstance(x, Fraction) and x.denominator != 1:
                exact = (("$-$" if x < 0 else "") + _grouped_digits(abs(x.numerator)) + "/"
                         + _grouped_digits(x.denominator))
            else:
                exact = _grouped_digits(int(x))
            notes.append(rf"${{}}^{{{mark}}}$\,{where}: exactly {exact}")
            return f"${_scientific(x)[0]}\\,{{}}^{{{mark}}}$"

        header = " & ".join(_latex(c) for c in self.columns) + r" \\"
        body = [" & ".join(cell(x, i, j) for j, x in enumerate(row)) + r" \\" for i, row in enumerate(self.rows)]
        if wrap:
            spec = "".join(
                r">{\raggedright\arraybackslash}p{" + f"{(wrap[j] - 2 * tabcolsep) / TEXT_WIDTH_PT:.3f}" + r"\linewidth}"
                if j in wrap else "l" for j in range(len(self.columns)))
            begin, end = r"\begin{tabular}{" + spec + "}", r"\end{tabular}"
        else:
            begin, end = r"\begin{tabular}{" + "l" * len(self.columns) + "}", r"\end{tabular}"
        packages = "booktabs,graphicx,array" if fit == "shrink" else "booktabs,array"
        stretch = "1.5" if fractions == "stacked" else "1.2"
        lines = [rf"% needs \usepackage{{{packages}}}", r"\begin{table}[ht]", r"\centering",
                 r"\renewcommand{\arraystretch}{" + stretch + "}"]
        if tabcolsep != 6.0:
            lines.append(r"\setlength{\tabcolsep}{" + f"{tabcolsep:g}" + "pt}")
        if self.title:
            lines.append(r"\caption{" + latex_escape(self.title) + "}")
        lab = label if label is not None else (self.label or (_label_slug(self.title) if self.title else ""))
        if lab:
            lines.append(r"\label{" + _checked_label(lab) + "}")
        if fit == "shrink":
            lines.append(r"\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{%")
        lines += [begin, r"\toprule", header, r"\midrule", *body, r"\bottomrule", end]
        if fit == "shrink":
            lines.append("}")
        if notes:
            lines.append(r"\par\smallskip\begin{minipage}{\linewidth}\footnotesize\raggedright")
            lines += [n + (r"\par" if k < len(notes) - 1 else "") for k, n in enumerate(notes)]
            lines.append(r"\end{minipage}")
        lines.append(r"\end{table}")
        return "\n".join(lines)

    def csv(self) -> str:
        """The table as CSV (exact numbers as ``p/q``).

        Returns
        -------
        str
            One line per row, header first, each ending in a newline.

        Examples
        --------
        The post's candy example: B = {chocolate, hug} is optimal for at least 2/3 of every orbit.

        >>> print(Table(("B", "fraction"), [("{chocolate, hug}", Fraction(2, 3))]).csv(), end="")
        B,fraction
        "{chocolate, hug}",2/3

        References
        ----------
        PR App. D (the scaling law n/(n+1)); the post.
        """
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([_plain(x) for x in row])
        return buf.getvalue()

    def render(self, *, fmt: str = "markdown") -> str:
        """The table in ``fmt`` (one of ``markdown``, ``latex``, ``csv``).

        Parameters
        ----------
        fmt : str, keyword-only
            ``markdown`` (the default), ``latex`` or ``csv``.

        Returns
        -------
        str

        Raises
        ------
        InvalidArgument
            For any other ``fmt``.

        Examples
        --------
        >>> t = Table(("B", "fraction"), [("{chocolate, hug}", Fraction(2, 3))])
        >>> t.render(fmt="csv") == t.csv()
        True
        >>> t.render(fmt="html")
        Traceback (most recent call last):
        ...
        symorbit.errors.InvalidArgument: format='html' must be one of markdown, latex, csv

        References
        ----------
        PR App. D (the scaling law n/(n+1)); the post.
        """
        if fmt not in FORMATS:
            raise InvalidArgument(f"format={fmt!r} must be one of {', '.join(FORMATS)}")
        return {"markdown": self.markdown, "latex": self.latex, "csv": self.csv}[fmt]()


def render(table: Table, fmt: str = "markdown") -> str:
    """``table.render(fmt)``.

    Examples
    --------
    >>> render(Table(("a",), [(1,)]), "csv")
    'a\\n1\\n'
    """
    return table.render(fmt=fmt)


# ------------------------------------------------------------------ tables from files
_INT = re.compile(r"-?\d+")
_FRACTION = re.compile(r"-?\d+/\d+")


def _value(x: Any) -> Any:
    """A JSON value as a cell: "p/q" and digit strings exact, lists of scalars as a tuple, an empty list as "none"
    (no counterexamples, say), :data:`_NESTED` if nested."""
    if isinstance(x, str):
        if _INT.fullmatch(x):
            return int(x)
        if _FRACTION.fullmatch(x) and int(x.split("/")[1]) != 0:
            return Fraction(x)
        return x
    if isinstance(x, bool) or x is None:
        return x
    if isinstance(x, (int, float)):
        return x
    if isinstance(x, list) and not x:
        return "none"
    if isinstance(x, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in x):
        return "(" + ", ".join(_plain(_value(v)) for v in x) + ")"
    return _NESTED


_NESTED = object()


def _known_columns(columns: Sequence[str], keys: Sequence[Any]) -> None:
    """Refuse a column that no record has (it showed as a column of "—")."""
    known = list(dict.fromkeys(str(k) for k in keys))
    missing = [c for c in columns if c not in known]
    if missing:
        raise InvalidArgument(f"column {missing[0][:60]!r} is not a key here; the keys are: {', '.join(known)[:300]}")


def _records_table(records: Sequence[Mapping[str, Any]], columns: Sequence[str] | None, title: str) -> Table:
    """One row per record; by default every key whose values are scalars or flat lists (nested ones left out)."""
    if columns is None:
        keys: list[str] = []
        for r in records:
            keys += [k for k in r if k not in keys]
        columns = [k for k in keys if any(k in r and _value(r[k]) is not _NESTED for r in records)
                   and all(k not in r or _value(r[k]) is not _NESTED for r in records)]
    else:
        _known_columns(columns, [k for r in records for k in r])
    rows = []
    for r in records:
        cells = [_value(r.get(c)) for c in columns]
        rows.append(tuple(json.dumps(r.get(c))[:60] if v is _NESTED else v for c, v in zip(columns, cells)))
    return Table(tuple(columns), rows, title=title)


def _checkpoint_table(path: Path, header: Mapping[str, Any], *, only: Sequence[str] | None, summary: bool) -> Table:
    from symorbit.counterexamples.checkpoints import done_records

    # re-checked (keys, certificates); read only: a torn last line (a search still writing) is left as it is
    records = list(done_records(path, dict(header), read_only=True).values())
    statement = "+".join([header["statement"], *header.get("hypotheses", [])])
    counts: dict[str, int] = {}
    for r in records:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    title = (f"{statement} on {header['family']} (rewards {header['rewards']}): {len(records)} instances, "
             + ", ".join(f"{n} {status}" for status, n in counts.items()))
    if summary:
        return Table(("status", "instances"), sorted(counts.items(), key=lambda kv: -kv[1]), title=title)
    if only:
        unknown = sorted(set(only) - {"holds", "fails", "hypotheses not met", "vacuous", "too large"})
        if unknown:
            raise InvalidArgument(f"status {unknown[0]!r} is unknown; choose among holds, fails, "
                                  "hypotheses not met, vacuous, too large")
        records = [r for r in records if r["status"] in only]
    rows = [(r["key"], r["status"], _value(r["counterexample"]) if r.get("counterexample") is not None else None,
             r.get("provenance")) for r in records]
    return Table(("instance", "status", "counterexample", "provenance"), rows, title=title)


def _certificates_table(paths: Sequence[Path]) -> Table:
    from symorbit.kernel import Malformed, load_file, verify

    rows: list[tuple[Any, ...]] = []
    for p in paths:
        try:
            cert = load_file(str(p))
            rep = verify(cert)
            d = rep.to_dict()
            if str(cert.get("format", "")).startswith("symorbit-parametric"):     # every size of a block family
                sizes = [c.get("family", {}) for c in cert.get("claims", []) if isinstance(c, dict)]
                a, b = (", ".join(dict.fromkeys(str(f.get(x)) for f in sizes if isinstance(f, dict))) or None
                        for x in ("a", "b"))
                point = d.get("counterexample")
                rows.append((p.name, d["statement"], cert.get("verdict"), d["family"], a, b, None,
                             json.dumps(point)[:60] if point else None, d["status"]))
                continue
            fails = [_value(r.get("reward")) for r in cert.get("rewards", [])] if cert.get("verdict") == "fails" else []
            rows.append((p.name, d["statement"], cert.get("verdict"), d["family"], len(cert.get("A", [])),
                         len(cert.get("B", [])), d["rewards_checked"], ", ".join(map(str, fails)) or None,
                         d["status"]))
        except Malformed as exc:
            rows.append((p.name, None, None, None, None, None, None, None, f"malformed: {exc}"))
    verified = sum(r[-1] == "verified" for r in rows)
    return Table(("certificate", "statement", "verdict", "family", "|A|", "|B|", "rewards", "counterexample",
                  "kernel"), rows, title=f"{len(rows)} certificate{'' if len(rows) == 1 else 's'}, {verified} verified by the kernel")


def table_from_files(paths: Sequence[str | Path], *, columns: Sequence[str] | None = None, field: str | None = None,
                     only: Sequence[str] | None = None, summary: bool = False, title: str | None = None) -> Table:
    """A table of saved results: a search checkpoint, certificates, or any symorbit JSON result.

    * A search checkpoint (JSONL whose first line is its header; ``search --checkpoint``):
      one row per instance (key, status, counterexample, provenance), every record re-checked
      as on resume (certificates by the kernel); ``only`` keeps some statuses, ``summary``
      gives the count of each status instead.
    * Certificates (``check --certificate``, ``search --certificates``, and ``check``'s certificate for every size of
      a block family ``one-hot:M:N``): files, or folders of ``*.json``; one row per certificate, each re-verified
      by the kernel (last column).
    * Any other JSON: a table (``{"columns", "rows"}``, as ``table --json`` and ``plot --json``
      print), several tables (``tour --json``: ``field`` names one), a list of records, or a
      record holding a list of records (``field`` names it;
      by default the first, e.g. the ``counterexamples`` of ``search --json``; the record's
      other scalars go in the title), else the record's scalars as key/value rows.

    Values written as ``"p/q"`` or digit strings become exact numbers (so LaTeX sets long
    integers in scientific form with a note); nested values are left out unless ``columns``
    names them.

    Parameters
    ----------
    paths : sequence of str or Path
        One checkpoint or JSON file, or any number of certificate files and folders.
    columns : sequence of str, optional
        The keys to show (JSON records), in order.
    field : str, optional
        The list of records to tabulate in a JSON record.
    only : sequence of str, optional
        Checkpoints: the statuses to keep (e.g. ``["fails"]``).
    summary : bool
        Checkpoints: one row per status with its count.
    title : str, optional
        Overrides the title made from the file.

    Returns
    -------
    Table

    Raises
    ------
    InvalidArgument
        A missing or unreadable file, JSON that is not one of the above, an unknown status
        or field, or a checkpoint record that does not re-check.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "powers.json"
    >>> _ = p.write_text(json.dumps([{"state": "start", "POWER": "11/16"}, {"state": "wait", "POWER": "2/3"}]))
    >>> print(table_from_files([p]).markdown())
    | state | POWER |
    |---|---|
    | start | 11/16 |
    | wait | 2/3 |

    References
    ----------
    PR Conjecture D.13 (the searches whose checkpoints are tabulated); the certificates' statements.
    """
    from symorbit.errors import SymorbitError

    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix == ".json")
            if not found:
                raise InvalidArgument(f"{p}: the folder holds no .json file")
            files += found
        elif not p.is_file():
            raise InvalidArgument(f"{p}: no such file (give a built-in table name, a checkpoint, certificates "
                                  "or a JSON result)")
        else:
            files.append(p)
    if not files:
        raise InvalidArgument("no file given")

    def load(p: Path) -> Any:
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidArgument(f"{p}: cannot read it ({exc})") from None
        first = text.split("\n", 1)[0]
        try:
            head = json.loads(first, **STRICT_NUMBERS) if first.strip() else None
        except ValueError:          # not JSON: not a checkpoint's header
            head = None
        except Refused as exc:      # NaN, Infinity, 1e999, an over-long integer: neither a header nor a document
            raise InvalidArgument(f"{p}: line 1: {exc}") from None
        if isinstance(head, dict) and head.get("symorbit_checkpoint") == 1:
            return ("checkpoint", head)
        try:        # NaN, Infinity, 1e999 (Python's reader makes it infinity) and over-long integers refused
            return ("json", json.loads(text, **STRICT_NUMBERS))
        except json.JSONDecodeError as exc:
            raise InvalidArgument(f"{p}: neither a search checkpoint nor JSON (line {exc.lineno}: {exc.msg})") from None
        except Refused as exc:
            raise InvalidArgument(f"{p}: {exc}") from None

    loaded = [load(p) for p in files]
    is_cert = [kind == "json" and isinstance(v, dict)
               and str(v.get("format", "")).startswith(("symorbit-certificate", "symorbit-parametric"))
               for kind, v in loaded]
    try:
        if any(is_cert):
            if not all(is_cert):
                bad = files[is_cert.index(False)]
                raise InvalidArgument(f"{bad}: not a certificate; a table of certificates takes certificates only")
            table = _certificates_table(files)
        elif len(files) > 1:
            raise InvalidArgument("several files make a table only when they are certificates; give one checkpoint "
                                  "or JSON result")
        elif loaded[0][0] == "checkpoint":
            table = _checkpoint_table(files[0], loaded[0][1], only=only, summary=summary)
        else:
            table = _json_table(loaded[0][1], columns=columns, field=field, name=files[0].stem)
    except SymorbitError as exc:
        raise InvalidArgument(str(exc)) from None
    if (only or summary) and loaded[0][0] != "checkpoint":
        raise InvalidArgument("only and summary apply to search checkpoints")
    if (columns or field) and (any(is_cert) or loaded[0][0] == "checkpoint"):
        raise InvalidArgument(f"columns and field apply to JSON results; a table of "
                              f"{'certificates' if any(is_cert) else 'a search checkpoint'} has its own columns")
    return Table(table.columns, table.rows, title=title if title is not None else table.title)


def _json_table(data: Any, *, columns: Sequence[str] | None, field: str | None, name: str) -> Table:
    one_table = isinstance(data, dict) and isinstance(data.get("columns"), list) and isinstance(data.get("rows"), list)
    if field is not None and (one_table or (isinstance(data, list) and not all(
            isinstance(r, dict) and "columns" in r and "rows" in r for r in data))):
        raise InvalidArgument(f"{name}: field {field[:60]!r} names a list in a record or a table of tour --json; "
                              f"this file is {'one table' if one_table else 'a list of records'}: leave field out")
    if one_table:
        if not data["columns"]:
            raise InvalidArgument(f"{name}: nothing to tabulate (a table with no columns)")
        rows = [tuple(_value(v) if _value(v) is not _NESTED else json.dumps(v)[:60] for v in row)
                for row in data["rows"]]
        table = Table(tuple(str(c) for c in data["columns"]), rows, title=str(data.get("title") or name))
        if columns is None:
            return table
        _known_columns(columns, table.columns)
        at = [table.columns.index(c) for c in columns]
        return Table(tuple(columns), [tuple(row[j] for j in at) for row in table.rows], title=table.title)
    if isinstance(data, list) and data and all(isinstance(r, dict) and "columns" in r and "rows" in r for r in data):
        names = [str(r.get("name")) for r in data]                     # several tables: symorbit tour --json
        if field not in names:
            raise InvalidArgument(f"{name} holds {len(data)} tables; choose one with field (--field): {', '.join(names)}")
        return _json_table(data[names.index(field)], columns=columns, field=None, name=name)
    if isinstance(data, list):
        if not all(isinstance(r, dict) for r in data) or not data:
            raise InvalidArgument(f"{name}: a JSON list makes a table when it holds records (objects)")
        return _records_table(data, columns, name)
    if not isinstance(data, dict):
        raise InvalidArgument(f"{name}: the JSON is a {type(data).__name__}, not a table, a record or a list of records")
    lists = [k for k, v in data.items() if isinstance(v, list) and v and all(isinstance(r, dict) for r in v)]
    if field is not None and field not in lists:
        raise InvalidArgument(f"field {field!r} is not a list of records here; the lists are: "
                              f"{', '.join(lists) or 'none'}")
    key = field or (lists[0] if lists else None)
    scalars = {k: _value(v) for k, v in data.items() if _value(v) is not _NESTED and k != key}
    if key is None:
        if columns:
            _known_columns(columns, list(data))
        keep = columns or list(scalars)
        if not keep:            # an instance file, say: its vectors are nested lists, nothing to show as a table
            raise InvalidArgument(f"{name}: nothing to tabulate (no table, no list of records and no single values; "
                                  "an instance file is an input: tabulate what a command prints with --json)")
        return Table(("field", "value"), [(k, scalars.get(k)) for k in keep], title=name)
    title = f"{name}: {key} (" + ", ".join(f"{k} {_plain(v)}" for k, v in scalars.items()) + ")"
    return _records_table(data[key], columns, title)
