"""Tables: LaTeX that pdflatex compiles (booktabs, fitted to the text width without shrinking the
font) and whose rendered page has no two lines of text touching; exact Markdown/CSV."""

import json
import re
import shutil
import string
import subprocess
from fractions import Fraction
from math import factorial
from pathlib import Path

import numpy
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
POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(
    PDFLATEX is None or not POPPLER,
    reason="pdftoppm and pdftotext (poppler-utils) and pdflatex are needed to render the tables and look for "
           "overlaps: apt-get install poppler-utils texlive-latex-base texlive-latex-recommended (see .ci/run)",
)
PREAMBLE = "\\documentclass{article}\n\\usepackage{booktabs,graphicx,array}\n\\begin{document}\n"
DPI = 288                                   # 4 pixels per pt


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


def touching_words(pdf: Path) -> list[tuple[str, str]]:
    """Pairs of words on the rendered first page whose ink touches vertically.

    The words and their boxes come from ``pdftotext -bbox``, the ink from ``pdftoppm`` at
    288 dpi. Two words one above the other (their boxes share some columns, their centres
    are more than 2pt apart) are separate when some pixel row between their centres is
    blank across the columns they share; a stacked fraction passes (numerator, bar and
    denominator have gaps), fractions of consecutive rows that run into each other do not.
    """
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-singlefile", "-f", "1", "-l", "1", str(pdf),
                    str(pdf.with_suffix(""))], check=True, timeout=60)
    raw = pdf.with_suffix(".pgm").read_bytes()
    magic, width, height, maxval, pixels = raw.split(maxsplit=4)
    assert magic == b"P5" and int(maxval) == 255
    ink = numpy.frombuffer(pixels[:int(width) * int(height)], dtype=numpy.uint8).reshape(int(height), int(width)) < 160
    px = DPI / 72
    out = []
    for i, (ax0, ay0, ax1, ay1, a) in enumerate(words):
        for bx0, by0, bx1, by1, b in words[i + 1:]:
            x0, x1 = int(max(ax0, bx0) * px) + 1, int(min(ax1, bx1) * px) - 1
            ca, cb = (ay0 + ay1) / 2, (by0 + by1) / 2
            if x1 <= x0 or abs(ca - cb) <= 2:
                continue
            top, bottom = sorted((ca, cb))
            band = ink[int(top * px):int(bottom * px), x0:x1]
            if band.any(axis=1).all():
                out.append((a, b))
    return out


def render_and_check(tmp_path, body: str) -> None:
    """Compile ``body``, render the page and fail when two lines of text touch."""
    compile_latex(tmp_path, body)
    touching = touching_words(tmp_path / "t.pdf")
    assert not touching, f"text touches on the rendered page: {touching[:5]}"


@needs_poppler
@pytest.mark.parametrize("name", sorted(TABLES))
def test_builtin_tables_compile_fit_and_nothing_touches(tmp_path, name):
    table = TABLES[name]()
    tex = table.latex()
    assert "\\caption{" in tex and "\\label{tab:" in tex and "\\toprule" in tex
    table_part = tex.split("\\end{tabular}")[0]                        # the notes under it may be \footnotesize
    assert not re.search(r"\\resizebox|\\scalebox|\\(small|footnotesize|scriptsize|tiny)\b", table_part)
    render_and_check(tmp_path, tex)


@needs_poppler
def test_the_overlap_check_sees_stacked_fractions_touch(tmp_path):
    # what the tables used to be: \frac in consecutive rows at the default row height
    rows = "\n".join(f"x & $\\frac{{{1275 + k}}}{{{1378 + k}}}$ \\\\" for k in range(4))
    compile_latex(tmp_path, "\\begin{tabular}{ll}\n" + rows + "\n\\end{tabular}")
    assert touching_words(tmp_path / "t.pdf"), "the check must see fractions of consecutive rows touch"
    stacked = Table(("x", "f"), [("x", Fraction(1275 + k, 1378 + k)) for k in range(4)]).latex(fractions="stacked")
    assert "\\frac{1275}{1378}" in stacked and "\\arraystretch}{1.5}" in stacked
    render_and_check(tmp_path, stacked)


@needs_poppler
def test_long_integers_are_scientific_with_every_digit_in_a_note(tmp_path):
    big = factorial(53)
    t = Table(("reward", "orbit", "strict", "note"), [("generic", big, Fraction(big - 1, big), "all kernel-checked"),
                                                     ("two 1s", 1378, Fraction(1275, 1378), "small")], title="big")
    tex = t.latex()
    assert "$4.27\\times 10^{69}\\,{}^{\\dagger}$" in tex and "$1.00\\times 10^{0}" not in tex
    digits = re.sub(r"\\,\\allowbreak\{\}", "", tex)
    assert str(big) in digits and f"{big - 1}/{big}" in digits         # the exact values, in the notes
    assert str(big) in t.csv() and str(big) in t.markdown()             # and in CSV and Markdown
    render_and_check(tmp_path, tex)


@needs_poppler
def test_a_wide_table_with_few_rows_is_turned(tmp_path):
    t = Table(tuple(f"a long column heading {i}" for i in range(14)), [tuple(f"cell-value-{i}" for i in range(14))],
              title="turned")
    tex = t.latex()
    assert "a long column heading 0 & cell-value-0 \\\\" in tex
    render_and_check(tmp_path, tex)


@needs_pdflatex
def test_every_special_and_mapped_character_compiles(tmp_path):
    text = string.printable.strip() + "".join(LATEX_UNICODE) + "éü"
    words = " ".join(text[i:i + 8] for i in range(0, len(text), 8))     # a cell breaks at spaces only
    t = Table(("chars", "x"), [(words, Fraction(-3, 7)), ("=> > < ^ ~ { } \\", 10**40)],
              title="all: " + " ".join(text), label="tab:all")
    compile_latex(tmp_path, t.latex())


@needs_poppler
def test_a_wide_user_table_is_fitted(tmp_path):
    t = Table(tuple(f"column number {i}" for i in range(12)),
              [tuple(Fraction(i, j + 2) for j in range(12)) for i in range(3)], title="wide")
    render_and_check(tmp_path, t.latex())
    assert "\\resizebox" in t.latex(fit="shrink") and "graphicx" in t.latex(fit="shrink")


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
    with pytest.raises(InvalidArgument, match="fractions="):
        Table(("a",), [(1,)]).latex(fractions="diagonal")


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


# ------------------------------------------------------------------ tables of saved results
@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A search checkpoint, its --json result, and two certificates, made by the CLI."""
    from symorbit.cli.commands import main

    d = tmp_path_factory.mktemp("saved")
    main(["search", "fractional_conjecture", "--family", "one-hot:3", "--rewards", "patterns:0,1", "--no-progress",
          "--checkpoint", str(d / "run.jsonl")])
    certs = d / "certs"
    certs.mkdir()
    for name, env, rewards in (("candy", "examples/candy.toml", ["--rewards", "patterns:0,1"]),
                               ("two", "examples/two_vs_51.json", [])):    # its own reward: within the kernel's budget
        main(["check", "scaling_law_raw", env, *rewards, "--certificate", str(certs / f"{name}.json")])
    return d


def test_a_checkpoint_is_a_table(saved, capsys):
    from symorbit.cli.commands import main
    from symorbit.tables import table_from_files

    t = table_from_files([saved / "run.jsonl"])
    assert t.columns == ("instance", "status", "counterexample", "provenance") and len(t.rows) == 13
    assert t.title == ("fractional_conjecture on one-hot:3 (rewards patterns:0,1): 13 instances, 7 holds, "
                       "5 hypotheses not met, 1 fails")
    assert table_from_files([saved / "run.jsonl"], only=["fails"]).rows == [
        ("one-hot:3:2:1:0", "fails", "(0, 1, 1)", "kernel-checked")]
    assert table_from_files([saved / "run.jsonl"], summary=True).rows == [("holds", 7), ("hypotheses not met", 5),
                                                                          ("fails", 1)]
    assert main(["table", str(saved / "run.jsonl"), "--only", "fails", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == 'one-hot:3:2:1:0,fails,"(0, 1, 1)",kernel-checked'
    # a record whose certificate was altered is refused, as on resume
    bad = saved / "bad.jsonl"
    bad.write_text((saved / "run.jsonl").read_text().replace('"b_better": 0', '"b_better": 1'))
    with pytest.raises(InvalidArgument, match="does not re-check"):
        table_from_files([bad])
    assert main(["table", str(bad)]) == 2 and "does not re-check" in capsys.readouterr().err


def test_certificates_are_a_table_each_reverified(saved, tmp_path):
    from symorbit.tables import table_from_files

    t = table_from_files([saved / "certs"])
    assert [r[0] for r in t.rows] == ["candy.json", "two.json"] and {r[-1] for r in t.rows} == {"verified"}
    assert t.columns[-1] == "kernel" and t.title == "2 certificates, 2 verified by the kernel"
    forged = tmp_path / "forged.json"
    forged.write_text((saved / "certs" / "candy.json").read_text().replace('"b_better": 2', '"b_better": 3', 1))
    t = table_from_files([saved / "certs" / "candy.json", forged])
    assert [r[-1] for r in t.rows] == ["verified", "refuted"]
    with pytest.raises(InvalidArgument, match="not a certificate"):
        table_from_files([forged, saved / "run.jsonl"])


def test_a_parametric_certificate_is_a_row_of_a_certificates_table(saved, tmp_path, capsys):
    # a folder holding check's certificate for every size of a block family was refused ("not a certificate"), and
    # the file alone was tabulated as plain JSON (its "claims"), not verified
    import shutil

    from symorbit.cli.commands import main
    from symorbit.tables import table_from_files

    folder = tmp_path / "certs"
    shutil.copytree(saved / "certs", folder)
    assert main(["check", "scaling_law", "one-hot:m:n", "--certificate", str(folder / "every.json")]) == 0
    capsys.readouterr()
    t = table_from_files([folder])
    assert t.title == "3 certificates, 3 verified by the kernel"
    row = dict(zip(t.columns, t.rows[[r[0] for r in t.rows].index("every.json")]))
    assert row == {"certificate": "every.json", "statement": "scaling_law", "verdict": "holds",
                   "family": "every integer k >= 1, m >= 1, s >= 0", "|A|": "m", "|B|": "n", "rewards": None,
                   "counterexample": None, "kernel": "verified"}
    alone = table_from_files([folder / "every.json"])
    assert alone.title == "1 certificate, 1 verified by the kernel" and alone.rows[0][-1] == "verified"
    forged = folder / "every.json"
    doc = json.loads(forged.read_text())
    doc["claims"][0]["certificate"] = [[1, [0, 1, 1]]]           # another positivity certificate: it does not check
    forged.write_text(json.dumps(doc))
    assert table_from_files([forged]).rows[0][-1] != "verified"


def test_json_results_are_tables(saved, tmp_path, capsys):
    from symorbit.cli.commands import main
    from symorbit.tables import table_from_files

    assert main(["search", "fractional_conjecture", "--family", "one-hot:3", "--rewards", "patterns:0,1",
                 "--no-progress", "--json"]) in (0, 1)
    (tmp_path / "search.json").write_text(capsys.readouterr().out)
    t = table_from_files([tmp_path / "search.json"])
    assert t.columns == ("key", "status", "m", "n", "counterexample", "provenance") and t.rows[0][4] == "(0, 1, 1)"
    assert "checked 13" in t.title
    assert main(["table", "two-vs-51", "--json"]) == 0
    (tmp_path / "t.json").write_text(capsys.readouterr().out)
    t = table_from_files([tmp_path / "t.json"])                     # exact again: ints and fractions
    assert t.rows[0][1] == factorial(53) and Fraction(51, 53) in t.rows[0]
    assert main(["tour", "--json"]) == 0
    (tmp_path / "tour.json").write_text(capsys.readouterr().out)
    assert table_from_files([tmp_path / "tour.json"], field="two-vs-51").rows[0][1] == factorial(53)
    with pytest.raises(InvalidArgument, match="holds 6 tables; choose one"):
        table_from_files([tmp_path / "tour.json"])
    (tmp_path / "count.json").write_text('{"reward": ["1", "2", "3"], "strict_fraction": "2/3", "engine": "x"}')
    assert table_from_files([tmp_path / "count.json"]).rows == [("reward", "(1, 2, 3)"),
                                                                ("strict_fraction", Fraction(2, 3)), ("engine", "x")]
    # a search that found nothing: its empty list of counterexamples reads "none", not Python's "()"
    assert main(["search", "scaling_law_raw", "--family", "one-hot:3", "--rewards", "patterns:0,1",
                 "--no-progress", "--json"]) == 0
    (tmp_path / "none.json").write_text(capsys.readouterr().out)
    assert ("counterexamples", "none") in table_from_files([tmp_path / "none.json"]).rows
    (tmp_path / "cols.json").write_text('{"columns": [], "rows": []}')
    with pytest.raises(InvalidArgument, match="nothing to tabulate"):
        table_from_files([tmp_path / "cols.json"])
    for nothing in ('{"A": [[1, 0]], "B": [[0, 1]]}', "{}"):         # an instance file; an empty record
        (tmp_path / "inst.json").write_text(nothing)
        with pytest.raises(InvalidArgument, match="nothing to tabulate"):
            table_from_files([tmp_path / "inst.json"])
        assert main(["table", str(tmp_path / "inst.json")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "an instance file is an input" in err
    (tmp_path / "bad.json").write_text("[1, 2]")
    with pytest.raises(InvalidArgument, match="holds records"):
        table_from_files([tmp_path / "bad.json"])
    (tmp_path / "broken.json").write_text("{")
    assert main(["table", str(tmp_path / "broken.json")]) == 2
    assert "neither a search checkpoint nor JSON" in capsys.readouterr().err
    assert main(["table", "no-such-table"]) == 2
    assert "is unknown: neither a built-in table" in capsys.readouterr().err


def test_columns_and_field_are_read_or_refused_never_ignored(saved, tmp_path, capsys):
    """A column no record has showed as a column of "—"; --columns and --field on a checkpoint, certificates, one
    table or a list of records were silently ignored. Each is now read (a table's columns are chosen) or refused."""
    from symorbit.cli.commands import main
    from symorbit.tables import table_from_files

    (tmp_path / "count.json").write_text('{"reward": ["1", "2", "3"], "strict_fraction": "2/3", "engine": "x"}')
    (tmp_path / "recs.json").write_text('[{"state": "start", "POWER": "11/16"}, {"state": "wait"}]')
    assert main(["table", "two-vs-51", "--json"]) == 0
    (tmp_path / "t.json").write_text(capsys.readouterr().out)
    with pytest.raises(InvalidArgument, match="column 'nope' is not a key here; the keys are: reward, strict_"):
        table_from_files([tmp_path / "count.json"], columns=["engine", "nope"])
    with pytest.raises(InvalidArgument, match="column 'nope' is not a key here; the keys are: state, POWER"):
        table_from_files([tmp_path / "recs.json"], columns=["nope"])
    assert table_from_files([tmp_path / "recs.json"], columns=["POWER"]).rows == [(Fraction(11, 16),), (None,)]
    whole = table_from_files([tmp_path / "t.json"])
    chosen = table_from_files([tmp_path / "t.json"], columns=[whole.columns[2], whole.columns[0]])
    assert chosen.columns == (whole.columns[2], whole.columns[0])
    assert chosen.rows == [(row[2], row[0]) for row in whole.rows]
    with pytest.raises(InvalidArgument, match="column 'nope' is not a key here"):
        table_from_files([tmp_path / "t.json"], columns=["nope"])
    for source in ("t.json", "recs.json"):
        with pytest.raises(InvalidArgument, match="leave field out"):
            table_from_files([tmp_path / source], field="x")
    for source in (saved / "run.jsonl", saved / "certs"):
        for kw in ({"columns": ["key"]}, {"field": "x"}):
            with pytest.raises(InvalidArgument, match="columns and field apply to JSON results"):
                table_from_files([source], **kw)
    assert main(["table", str(saved / "run.jsonl"), "--columns", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "has its own columns" in err


@pytest.mark.parametrize("label, bad", [("tab:a%b", "%"), ("tab:a}{b", "}"), ("tab:a b", " "), ("tab:\\x", "\\")])
def test_a_label_latex_cannot_read_is_refused(label, bad, capsys):
    # --label was written as it came: tab:a%b gave \label{tab:a%b}, whose %b} LaTeX drops as a comment
    from symorbit.cli.commands import main

    t = Table(("a",), [(1,)], title="t")
    with pytest.raises(InvalidArgument, match=f"{re.escape(repr(bad))} cannot be in a LaTeX label"):
        t.latex(label=label)
    with pytest.raises(InvalidArgument, match="cannot be in a LaTeX label"):
        Table(("a",), [(1,)], title="t", label=label).latex()
    assert main(["table", "candy", "--format", "latex", "--label", label]) == 2
    assert "cannot be in a LaTeX label" in capsys.readouterr().err
    assert r"\label{tab:candy_1-3.x}" in t.latex(label="tab:candy_1-3.x")


@pytest.mark.parametrize("number", ["NaN", "-Infinity", "1e999"])
@pytest.mark.parametrize("where", ["header", "record"])
def test_a_checkpoint_with_a_number_that_is_not_finite_is_refused(saved, tmp_path, capsys, number, where):
    """symorbit writes exact numbers only, so a checkpoint holding NaN, Infinity or 1e999 was edited: its table and a
    resumed search refuse it in one line naming the file and line (a table of it used to print, exit status 0)."""
    from symorbit.cli.commands import main

    lines = (saved / "run.jsonl").read_text().splitlines(keepends=True)
    line = 0 if where == "header" else 1
    lines[line] = lines[line].replace("{", '{"extra": %s, ' % number, 1)
    bad = tmp_path / "edited.jsonl"
    bad.write_text("".join(lines))
    assert main(["table", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"edited.jsonl:{line + 1}" in err.replace(": line ", ":") and number in err
    assert main(["search", "fractional_conjecture", "--family", "one-hot:3", "--rewards", "patterns:0,1",
                 "--no-progress", "--resume", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"edited.jsonl:{line + 1}" in err and number in err


@pytest.mark.parametrize("edit, said", [
    (lambda lines: lines + [lines[1]], "is recorded twice (first on line 2)"),
    (lambda lines: [re.sub(r'"m": (\d+)', r'"m": \1.0', x) for x in lines], ".0, not an integer >= 1"),
    (lambda lines: [lines[0], lines[1].replace('"status"', '"note": 1, "status"')] + lines[2:], "unknown field 'note'"),
    (lambda lines: [lines[0]] + [x.replace('"status": "hypotheses not met"', '"status": "holds", "m": 1')
                                 for x in lines[1:]], "m and n come together"),
])
def test_an_edited_checkpoint_is_refused_by_table_and_resume(saved, tmp_path, capsys, edit, said):
    """Records symorbit never writes (an instance twice, m = 1.0, an unknown field, m without n) were tabulated and
    resumed; both now refuse them in one line naming the file and line."""
    from symorbit.cli.commands import main

    lines = (saved / "run.jsonl").read_text().splitlines(keepends=True)
    bad = tmp_path / "edited.jsonl"
    bad.write_text("".join(edit(lines)))
    for argv in (["table", str(bad)], ["search", "fractional_conjecture", "--family", "one-hot:3", "--rewards",
                                         "patterns:0,1", "--no-progress", "--resume", str(bad)]):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "edited.jsonl:" in err and said in err, err


def test_a_table_of_a_checkpoint_being_written_leaves_its_last_line_alone(saved, tmp_path):
    # a last line without its newline (a search still writing it, or killed) is not read, and the file is not cut
    # (the table used to truncate it, as a resumed search does)
    from symorbit.tables import table_from_files

    text = (saved / "run.jsonl").read_text()
    torn = tmp_path / "torn.jsonl"
    torn.write_text(text + '{"key": "one-hot:3:9:9:9", "sta')
    assert len(table_from_files([torn]).rows) == 13 and torn.read_text() == text + '{"key": "one-hot:3:9:9:9", "sta'


@needs_poppler
def test_a_checkpoint_table_in_latex_renders_cleanly(saved, tmp_path):
    from symorbit.tables import table_from_files

    render_and_check(tmp_path, table_from_files([saved / "run.jsonl"]).latex(fractions="stacked"))


@pytest.mark.parametrize("number", ["1e999999", "-1e400", "NaN", "Infinity", "-Infinity"])
def test_a_json_table_with_a_number_that_is_not_finite_is_refused(tmp_path, capsys, number):
    """Python's JSON reader turns 1e999999 into infinity and takes NaN and Infinity, which JSON does not: a table of
    such a file is refused in one line naming the file and the number (it printed "inf"), exit status 2, with the
    words of every symorbit document (symorbit.exact.documents); finite floats (Monte Carlo means) are tabulated as
    before."""
    from symorbit.cli.commands import main

    bad = tmp_path / "bad.json"
    bad.write_text('{"rows": [{"a": %s, "b": 1}]}' % number)
    assert main(["table", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    said = f"{number} is not a finite number" if number.lstrip("-").isalpha() else \
        f"the number {number} is too large for a float and is not exact"
    assert err.count("\n") == 0 and "bad.json" in err and said in err
    good = tmp_path / "good.json"
    good.write_text('{"rows": [{"a": 0.25, "b": 1}]}')
    assert main(["table", str(good)]) == 0 and "| 0.25 | 1 |" in capsys.readouterr().out


def test_a_json_table_with_an_integer_too_long_to_print_is_refused_by_name(tmp_path, capsys):
    """An integer of more digits than Python prints is refused as the table's input, naming the file and the digits
    (the message used to speak of the discount and the reward); one at the limit is printed."""
    from symorbit.cli.commands import main
    from symorbit.exact.numbers import MAX_DIGITS as limit

    long = tmp_path / "long.json"
    long.write_text('{"rows": [{"a": %s}]}' % ("9" * (limit + 1)))
    assert main(["table", str(long)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "long.json" in err and f"an integer of {limit + 1} digits exceeds" in err
    edge = tmp_path / "edge.json"
    edge.write_text('{"rows": [{"a": -%s}]}' % ("9" * limit))
    assert main(["table", str(edge)]) == 0 and "9" * limit in capsys.readouterr().out
