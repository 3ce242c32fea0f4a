"""Exact tables for write-ups: Markdown, LaTeX (booktabs) and CSV.

Cells may be ints, ``Fraction``, strings or None. Fractions are written exactly:
``p/q`` in Markdown and CSV, ``\\frac{p}{q}`` in LaTeX math mode. The LaTeX output
compiles with pdflatex given ``\\usepackage{booktabs,graphicx,array}``: every special
character is escaped, the Unicode the tables use is mapped (:data:`LATEX_UNICODE`), and
wide tables are fitted to ``\\linewidth`` (see :meth:`Table.latex`).

Examples
--------
>>> t = Table(("r", "strict"), [("(1,2,2)", Fraction(1, 3))], title="candy")
>>> print(t.markdown())
| r | strict |
|---|---|
| (1,2,2) | 1/3 |
>>> print(t.latex().splitlines()[10])
(1,2,2) & $\\frac{1}{3}$ \\\\
>>> print(t.csv().strip())
r,strict
"(1,2,2)",1/3
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from symorbit.errors import InvalidArgument

__all__ = ["LATEX_UNICODE", "Table", "latex_escape", "render"]

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
_COLSEP_PT, _LONG_NUMBER = 12.0, 16


def _text_pt(text: str) -> float:
    """A generous estimate of the width of ``text`` in pt (Computer Modern, 10pt)."""
    return sum(5.0 if ch.isdigit() or ch in " .,:;()/-|'" else 8.5 if ch in "mwMW" else 7.5 if ch.isupper()
               else 5.6 for ch in text)


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
    docs/theory.md#post (the post's claims, written up as tables); the LaTeX is for write-ups of them.
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


def _breakable_int(k: int) -> str:
    """An integer in math, with break points every 10 digits (for long orbit sizes)."""
    digits = str(abs(k))
    if len(digits) <= _LONG_NUMBER:
        return f"${k}$"
    head = len(digits) % 10 or 10
    groups = [digits[:head]] + [digits[i:i + 10] for i in range(head, len(digits), 10)]
    return "$" + ("-" if k < 0 else "") + r"\allowbreak ".join(groups) + "$"


def _latex(x: Any) -> str:
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return _breakable_int(x.numerator)
        sign = "-" if x < 0 else ""
        return f"${sign}\\frac{{{abs(x.numerator)}}}{{{x.denominator}}}$"
    if isinstance(x, int):
        return _breakable_int(x)
    if x is None:
        return "---"
    text = str(x)
    if len(text) > 1 and text.startswith("$") and text.endswith("$"):
        return text                   # math is passed through unescaped
    return latex_escape(text)


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
        object.__setattr__(self, "columns", tuple(str(c) for c in self.columns))
        for i, row in enumerate(self.rows):
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
        PR Conjecture D.13 (the fractional conjecture searched in the example); docs/theory.md#overview.
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

    def _column_widths(self) -> list[tuple[float, float]]:
        """Estimated (natural, narrowest) width in pt of each column.

        Natural: the longest cell on one line. Narrowest: the longest unbreakable piece,
        where text breaks at spaces and long integers every 10 digits.
        """
        def pieces(x: Any) -> list[str]:
            if isinstance(x, int) and not isinstance(x, bool) and len(str(abs(x))) > _LONG_NUMBER:
                return [str(abs(x))[i:i + 10] for i in range(0, len(str(abs(x))), 10)]
            return _plain(x).split() or [""]

        out = []
        for j, col in enumerate(self.columns):
            cells = [col] + [row[j] for row in self.rows]
            natural = max(_text_pt(_plain(c)) for c in cells) + _COLSEP_PT
            narrow = max(_text_pt(p) for c in cells for p in pieces(c)) + _COLSEP_PT
            out.append((natural, narrow))
        return out

    def latex(self, *, fit: str = "auto", label: str | None = None) -> str:
        r"""The table as a LaTeX ``table`` float (booktabs rules, caption, label).

        Needs ``\usepackage{booktabs,graphicx,array}`` in the preamble (all in
        TeX Live's latex-base/latex-recommended; the output's first line says so).

        Parameters
        ----------
        fit : {"auto", "shrink", "none"}
            How the table is made to fit ``\linewidth``. ``"auto"``: a table whose
            estimated width exceeds :data:`TEXT_WIDTH_PT` wraps the columns that gain
            most in ``p{...\linewidth}`` columns (text breaks at spaces, integers longer
            than 16 digits every 10 digits); every table is also set in a box that
            shrinks it to ``\linewidth`` only if it is still wider. ``"shrink"``: only that box.
            ``"none"``: a plain ``tabular``.
        label : str, optional
            Overrides the table's label.

        Returns
        -------
        str

        Examples
        --------
        >>> t = Table(("r", "strict"), [("(1,2,2)", Fraction(1, 3))], title="candy > 1/3?")
        >>> print(t.latex(fit="none"))
        % needs \usepackage{booktabs,graphicx,array}
        \begin{table}[ht]
        \centering
        \caption{candy $>$ 1/3?}
        \label{tab:candy-1-3}
        \begin{tabular}{ll}
        \toprule
        r & strict \\
        \midrule
        (1,2,2) & $\frac{1}{3}$ \\
        \bottomrule
        \end{tabular}
        \end{table}

        Raises
        ------
        InvalidArgument
            When ``fit`` is not one of ``auto``, ``shrink``, ``none``.

        References
        ----------
        docs/theory.md#post (the post's claims, written up as tables).
        """
        if fit not in ("auto", "shrink", "none"):
            raise InvalidArgument(f"fit={fit!r} must be one of auto, shrink, none")
        widths = self._column_widths()
        wrap: dict[int, float] = {}
        if fit == "auto" and sum(n for n, _ in widths) > TEXT_WIDTH_PT:
            # wrap the columns that gain most until the estimate fits, then share out the room left
            for j in sorted(range(len(widths)), key=lambda j: widths[j][1] - widths[j][0]):
                if sum(widths[i][1] if i in wrap else widths[i][0] for i in range(len(widths))) <= TEXT_WIDTH_PT:
                    break
                if widths[j][1] < widths[j][0]:
                    wrap[j] = widths[j][1]
            room = TEXT_WIDTH_PT - sum(w for i, (w, _) in enumerate(widths) if i not in wrap)
            extra = max(0.0, room - sum(wrap.values()))
            gain = sum(widths[j][0] - w for j, w in wrap.items()) or 1.0
            wrap = {j: w + extra * (widths[j][0] - w) / gain for j, w in wrap.items()}
        header = " & ".join(_latex(c) for c in self.columns) + r" \\"
        body = [" & ".join(_latex(x) for x in row) + r" \\" for row in self.rows]
        if wrap:
            spec = "".join(
                r">{\raggedright\arraybackslash}p{" + f"{(wrap[j] - _COLSEP_PT) / TEXT_WIDTH_PT:.3f}" + r"\linewidth}"
                if j in wrap else "l" for j in range(len(widths)))
            begin, end = r"\begin{tabular}{" + spec + "}", r"\end{tabular}"
        else:
            begin, end = r"\begin{tabular}{" + "l" * len(self.columns) + "}", r"\end{tabular}"
        lines = [r"% needs \usepackage{booktabs,graphicx,array}", r"\begin{table}[ht]", r"\centering"]
        if self.title:
            lines.append(r"\caption{" + latex_escape(self.title) + "}")
        lab = label if label is not None else (self.label or (_label_slug(self.title) if self.title else ""))
        if lab:
            lines.append(r"\label{" + lab + "}")
        if fit != "none":
            lines.append(r"\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{%")
        lines += [begin, r"\toprule", header, r"\midrule", *body, r"\bottomrule", end]
        if fit != "none":
            lines.append("}")
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
