"""Tables: LaTeX that pdflatex compiles (booktabs, fitted to the text width), exact Markdown/CSV."""

import re
import shutil
import string
import subprocess
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit.errors import InvalidArgument
from symorbit.tables import LATEX_UNICODE, Table, latex_escape
from symorbit.tour import TABLES

PDFLATEX = shutil.which("pdflatex")
needs_pdflatex = pytest.mark.skipif(
    PDFLATEX is None,
    reason="pdflatex is not installed: apt-get install texlive-latex-base texlive-latex-recommended (see .ci/run)",
)
PREAMBLE = "\\documentclass{article}\n\\usepackage{booktabs,graphicx,array}\n\\begin{document}\n"


def compile_latex(tmp_path, body: str) -> str:
    """Compile ``body`` in an article; return the log. Fails on any error or overfull box."""
    (tmp_path / "t.tex").write_text(PREAMBLE + body + "\n\\end{document}\n", encoding="utf-8")
    proc = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "t.tex"], check=False, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    log = (tmp_path / "t.log").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, log[-2000:]
    assert "Overfull \\hbox" not in log, re.findall(r"Overfull \\hbox.*", log)
    assert "Missing character" not in log
    return log


@needs_pdflatex
@pytest.mark.parametrize("name", sorted(TABLES))
def test_builtin_tables_compile_and_fit(tmp_path, name):
    table = TABLES[name]()
    tex = table.latex()
    assert "\\caption{" in tex and "\\label{tab:" in tex and "\\toprule" in tex
    compile_latex(tmp_path, tex)


@needs_pdflatex
def test_every_special_and_mapped_character_compiles(tmp_path):
    text = string.printable.strip() + "".join(LATEX_UNICODE) + "éü"
    t = Table(("chars", "x"), [(text, Fraction(-3, 7)), ("=> > < ^ ~ { } \\", 10**40)],
              title="all: " + " ".join(text), label="tab:all")
    compile_latex(tmp_path, t.latex())


@needs_pdflatex
def test_a_wide_user_table_is_fitted(tmp_path):
    t = Table(tuple(f"column number {i}" for i in range(12)),
              [tuple(Fraction(i, j + 2) for j in range(12)) for i in range(3)], title="wide")
    compile_latex(tmp_path, t.latex())


def test_latex_escape_spells_every_special_character():
    assert latex_escape("a_b & 50% #1 $x$ {y} ~ ^ \\") == (
        r"a\_b \& 50\% \#1 \$x\$ \{y\} \textasciitilde{} \textasciicircum{} \textbackslash{}")
    assert latex_escape("=>") == "=$>$"
    assert latex_escape("⌊n/m⌋ ≥ γ") == r"$\lfloor$n/m$\rfloor$ $\geq$ $\gamma$"
    with pytest.raises(InvalidArgument, match="U\\+1F600"):
        latex_escape("😀")


@given(st.text(alphabet=string.printable + "".join(LATEX_UNICODE), max_size=40))
@settings(max_examples=200, deadline=None)
def test_escaped_text_has_no_bare_special_characters(text):
    out = latex_escape(text)
    # remove what the escaper writes on purpose; no special character may remain bare
    stripped = re.sub(r"\\[a-zA-Z]+(\{\})?|\\[&%$#_{}]|\$[^$]*\$", "", out)
    assert not set(stripped) & set("&%$#_{}~^\\<>|")
    assert out.isascii() or any(ch in out for ch in "éü")


def test_markdown_and_csv_are_exact():
    t = Table(("a|b", "v"), [("x|y", Fraction(2, 6)), (None, 10**30)], title="t")
    assert t.markdown().splitlines()[2] == "| x\\|y | 1/3 |"
    assert t.csv().splitlines()[2] == "—," + "1" + "0" * 30


def test_rows_must_match_columns():
    with pytest.raises(InvalidArgument, match="row 0 has 1 cells but there are 2 columns"):
        Table(("a", "b"), [(1,)])
    with pytest.raises(InvalidArgument, match="fit="):
        Table(("a",), [(1,)]).latex(fit="squeeze")


def test_tables_from_any_results():
    from symorbit import Instance, check_statement, power, search
    from symorbit.mdp.library import candy
    from symorbit.theorems import scaling_law_raw

    res = search("scaling_law_raw", "one-hot:3", "patterns:0,1", workers=1, progress=False)
    t = Table.from_records([res], columns=["statement", "family", "checked", "holds"])
    assert t.rows == [("scaling_law_raw", "one-hot:3", 13, res.holds)] and res.holds == 9
    v = check_statement(scaling_law_raw.STATEMENT, Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]]), [(0, 1, 1)])
    assert Table.from_records([v], columns=["status", "bound", "counterexample"]).rows == [("holds", "2", None)]
    t = Table.from_records([{"state": s, "POWER": power(candy(), s, "1/2")} for s in ("start", "wait")])
    assert t.columns == ("state", "POWER") and t.rows[1] == ("wait", Fraction(2, 3))
    with pytest.raises(InvalidArgument, match="record 0"):
        Table.from_records([3])
