"""Results show themselves briefly: one-line reprs, Jupyter's HTML and LaTeX, to_dict and to_pandas (issue 25)."""

import dataclasses
import json
import sys
import types
from fractions import Fraction

import pytest

import symorbit
from symorbit.errors import MissingExtra
from symorbit.mdp.library import candy
from symorbit.proofs.statements import Instance
from symorbit.theorems import fractional_conjecture, scaling_law_raw

CANDY = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")


@pytest.fixture(scope="module")
def results():
    verdict = symorbit.check_statement(scaling_law_raw.STATEMENT, CANDY,
                                       symorbit.orbits.rewards.reward_family("patterns:0,1,2,3", 3))
    search = symorbit.search("fractional_conjecture", "one-hot:4", "patterns:0,1", workers=1, progress=False)
    every = symorbit.check_statement(fractional_conjecture.STATEMENT,
                                     Instance(A=[[1, 0, 0], [0, 1, 0]], B=[[0, 0, 1]]), "all")
    big = symorbit.copies([[1 if j == i else 0 for j in range(60)] for i in range(3)],
                          [[1 if j == i else 0 for j in range(60)] for i in range(3, 60)])
    gamma = symorbit.counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3))
    counts = symorbit.orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [1, 2, 3])
    return {"verdict": verdict, "search": search, "every": every, "copies": big, "gamma": gamma, "counts": counts}


def test_reprs_are_one_short_line(results):
    for name, res in results.items():
        text = repr(res)
        assert "\n" not in text and len(text) < 420, (name, len(text))
        assert text.startswith(type(res).__name__ + "(")
    assert "per_reward=<20 items>" in repr(results["verdict"]) and "certificate=<dict" in repr(results["verdict"])
    assert "involutions=<19 items>" in repr(results["copies"])          # not 19 permutations of 60 points
    assert "breakpoints=(2/3,)" in repr(results["gamma"]) and "limit=(8, 8, 4, 20)" in repr(results["gamma"])


def test_a_family_of_thousands_of_instances_shows_one_line():
    fam = symorbit.family("det-mdp:3:2", progress=False)
    assert repr(fam) == f"Family(name='det-mdp:3:2:average', size={fam.size}, duplicates={fam.duplicates}, " \
                        f"specs=<{fam.size} items>)"
    rows = fam._rows()
    assert len(rows) == fam.size and rows[0]["key"] == fam.specs[0]["key"]


def test_rows_are_the_results_own_table(results):
    rows = results["verdict"]._rows()
    assert len(rows) == 20 and rows[0]["reward"].startswith("(") and isinstance(rows[0]["strict_fraction"], Fraction)
    assert [r["key"] for r in results["search"]._rows()] == [r["key"] for r in results["search"].counterexamples]
    pieces = results["gamma"]._rows()
    assert [(p["low"], p["high"], p["b_better"], p["a_better"], p["ties"]) for p in pieces] == \
        [("0", "2/3", 7, 9, 4), ("2/3", "1", 8, 8, 4)]
    assert results["counts"]._rows() == [{"b_better": 4, "a_better": 2, "ties": 0, "orbit_size": 6,
                                          "counting": "elements", "engine": results["counts"].engine,
                                          "evaluations": results["counts"].evaluations, "stabilizer": 1,
                                          "strict_fraction": Fraction(2, 3), "weak_fraction": Fraction(2, 3)}]


def test_html_display_is_escaped_and_cut(results, monkeypatch):
    import symorbit.exact.display as display

    hostile = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="<script>alert(1)</script>")
    v = symorbit.check_statement(scaling_law_raw.STATEMENT, hostile, [(1, 2, 3)])
    page = v._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    monkeypatch.setattr(display, "HTML_ROWS", 5)
    page = results["verdict"]._repr_html_()
    fields = len(dataclasses.fields(results["verdict"]))           # the summary, the header, 5 rows
    assert page.count("<tr>") == fields + 1 + 5 and "and 15 more rows" in page


def test_latex_display_is_balanced_and_escaped(results):
    for res in results.values():
        tex = res._repr_latex_()
        assert tex.startswith(r"$\begin{array}{ll}") and tex.endswith(r"\end{array}$")
        assert tex.count("{") == tex.count("}") and "<" not in tex and "_l" not in tex.replace(r"\_", "")
    assert r"\tfrac{1}{2}" in results["every"]._repr_latex_() and r"scaling\_law\_raw" in results["verdict"]._repr_latex_()


def test_to_dict_is_json(results):
    for res in results.values():
        json.dumps(res.to_dict())
    d = results["gamma"].to_dict()
    assert d["breakpoints"] == ["2/3"] and d["at_breakpoints"] == {"2/3": [7, 8, 5, 20]} and d["limit"] == [8, 8, 4, 20]


def test_to_pandas_without_pandas_is_one_line(results, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)          # import pandas raises ImportError
    with pytest.raises(MissingExtra, match=r"to_pandas\(\) needs pandas.*pip install pandas") as info:
        results["verdict"].to_pandas()
    assert "\n" not in str(info.value)


def test_to_pandas_builds_a_frame_of_the_rows(results, monkeypatch):
    fake = types.ModuleType("pandas")
    fake.DataFrame = lambda rows: ("frame", rows)
    monkeypatch.setitem(sys.modules, "pandas", fake)
    kind, rows = results["search"].to_pandas()
    assert kind == "frame" and rows == results["search"]._rows() and len(rows) == len(results["search"].counterexamples)


def test_to_pandas_with_pandas(results):
    pytest.importorskip("pandas")
    frame = results["verdict"].to_pandas()
    assert len(frame) == 20 and frame["b_better"].sum() == sum(c.b_better for _, c in results["verdict"].counts)
