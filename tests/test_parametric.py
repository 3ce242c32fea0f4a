"""symorbit.parametric: count formulas against the exact engines, positivity certificates, the kernel's check."""

from __future__ import annotations

import copy
import itertools
import json
import math

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit.errors import InvalidArgument
from symorbit.kernel import PARAMETRIC_FORMAT, Malformed, check_parametric, loads, verify
from symorbit.orbits.counting import orbit_counts
from symorbit.parametric import (
    GT,
    LT,
    ORBIT,
    TIES,
    BlockFamily,
    Claim,
    RewardPattern,
    count_formula,
    fractional_bound,
    normalized_counts,
    one_hot_family,
    prove,
    scaling_law,
)
from symorbit.parametric.positivity import binomial_certificate, binomial_coefficients, from_kernel, to_kernel

m, n, w, t, u, k, s = sp.symbols("m n w t u k s")
FAM = one_hot_family(m, n, rest=w)
PATTERNS = [RewardPattern.generic(), RewardPattern.top_tie(t), RewardPattern.top_tie(t, rest="tied"),
            RewardPattern((t, u)), RewardPattern((t, 1, u), "tied"), RewardPattern((2, 1)), RewardPattern((u,), "tied")]
FORMULAS = [count_formula(FAM, p) for p in PATTERNS]


def engine(family, pattern, sizes, eng="auto"):
    A, B = family.instance(sizes)
    a, b, rest = family.sizes(sizes)
    c = orbit_counts(A, B, pattern.reward(a + b + rest, sizes), engine=eng)
    return c.b_better, c.a_better, c.ties, c.orbit_size


def legal(family, pattern, sizes):
    try:
        a, b, rest = family.sizes(sizes)
        pattern.multiplicities(a + b + rest, sizes)
        return True
    except InvalidArgument:
        return False


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(PATTERNS) - 1), st.integers(1, 4), st.integers(1, 4), st.integers(0, 3),
       st.integers(1, 7), st.integers(1, 7))
def test_formulas_equal_the_engine(which, M, N, W, T, U):
    sizes = {"m": M, "n": N, "w": W, "t": T, "u": U}
    pattern = PATTERNS[which]
    if not legal(FAM, pattern, sizes):
        with pytest.raises(InvalidArgument):
            FORMULAS[which].at(sizes)
        return
    assert FORMULAS[which].at(sizes) == engine(FAM, pattern, sizes)


def test_every_small_size_and_the_smallest_legal_ones():
    """Exhaustive over d ≤ 6 (m = n = 1, w = 0 and t = d included), topwalk engine and blocks engine."""
    checked = 0
    for (which, pattern), M, N, W, T, U in itertools.product(enumerate(PATTERNS), range(1, 4), range(1, 4),
                                                           range(0, 3), range(1, 7), range(1, 3)):
        sizes = {"m": M, "n": N, "w": W, "t": T, "u": U}
        if M + N + W > 6 or not legal(FAM, pattern, sizes):
            continue
        got = FORMULAS[which].at(sizes)
        assert got == engine(FAM, pattern, sizes), (pattern, sizes)
        if checked % 7 == 0:
            assert got == engine(FAM, pattern, sizes, "blocks"), (pattern, sizes)
        checked += 1
    assert checked > 300


def test_several_blocks_and_a_block_in_neither():
    fam = BlockFamily({"x": m, "y": 2, "z": n, "idle": k}, A=("x", "y"), B="z", rest=w)
    assert (fam.a, fam.b, fam.w) == (m + 2, n, k + w)
    f = count_formula(fam, RewardPattern.top_tie(t))
    for M, N, K, W, T in [(1, 1, 0, 0, 1), (1, 3, 1, 1, 2), (2, 2, 0, 2, 3), (1, 4, 2, 0, 2)]:
        sizes = {"m": M, "n": N, "k": K, "w": W, "t": T}
        assert f.at(sizes) == engine(fam, RewardPattern.top_tie(t), sizes)


def test_normalized_counts_are_the_counts_times_the_normalizer():
    for pattern in (RewardPattern.generic(), RewardPattern((2,)), RewardPattern((1, 3), "tied"), RewardPattern((2, 2))):
        exprs, N = normalized_counts(FAM, pattern)
        for M, Nn, W in itertools.product(range(1, 4), range(1, 4), range(0, 3)):
            sizes = {"m": M, "n": Nn, "w": W}
            if not legal(FAM, pattern, sizes):
                continue
            at = {"m": sp.Integer(M), "n": sp.Integer(Nn), "w": sp.Integer(W)}
            scale = N.subs({m: M, n: Nn, w: W})
            assert [from_kernel(e, at) for e in exprs] == [scale * c for c in engine(FAM, pattern, sizes)]


def test_closed_forms():
    tie = count_formula(one_hot_family(m, n), RewardPattern.top_tie(t))
    assert tie.simplify(tie.b_better / tie.a_better - sp.binomial(n, t) / sp.binomial(m, t)) == 0
    assert tie.simplify(tie.orbit_size - sp.factorial(m + n) / sp.factorial(t)) == 0
    generic = count_formula(FAM, RewardPattern.generic())
    assert sp.simplify(generic.decided_fraction() - n / (m + n)) == 0
    assert count_formula(one_hot_family(2, 51, rest=w), RewardPattern.generic()).decided_fraction() == sp.Rational(51, 53)
    big = count_formula(one_hot_family(1, 10**53, rest=w), RewardPattern.generic()).decided_fraction()
    assert big == sp.Rational(10**53, 10**53 + 1)


@pytest.mark.parametrize("pattern", [RewardPattern.generic(), RewardPattern.top_tie(t), RewardPattern((t, u)),
                                     RewardPattern((t, 2), "tied"),
                                     # three levels: the kernel's count derivation past two levels (issue 23's
                                     # open mutants polynomials._counts 166, 234, 272, 273 had no such certificate)
                                     RewardPattern((1, t, 1)), RewardPattern((t, 1, 2), "tied")], ids=str)
@pytest.mark.parametrize("which", ["fractional", "scaling"])
def test_fractional_bound_and_scaling_law_proved_for_all_sizes(pattern, which):
    claim = fractional_bound(FAM) if which == "fractional" else scaling_law(FAM)
    proof = prove(claim, FAM, pattern, max_level=4 if len(pattern.levels) < 2 else 2)
    assert proof.status == "proved", proof.summary()
    assert all(x["certified"] for x in proof.levels)
    rep = verify(loads(json.dumps(proof.certificate)))      # through JSON, as `symorbit verify` reads it
    assert rep.status == "verified" and not rep.problems
    # the claim holds on the engine's counts at small sizes (the reduction is not vacuous)
    for M, S, W, K in itertools.product(range(1, 3), range(0, 3), range(0, 2), range(1, 3)):
        N = M + S if which == "fractional" else K * M + S
        for level in proof.levels:
            sizes = {"m": M, "n": N, "w": W, **level["levels"]}
            pat = RewardPattern(tuple(e.subs({sp.Symbol(a): b for a, b in level["levels"].items()})
                                      for e in pattern.levels), pattern.rest)
            if not legal(FAM, pat, sizes):
                continue
            gt, lt, _, _ = engine(FAM, pat, sizes)
            assert (M * gt >= N * lt) if which == "fractional" else (gt >= K * lt)


def test_the_posts_examples_for_every_d():
    for a, b in ((2, 51), (1, 10**53)):
        fam = one_hot_family(a, b, rest=w)
        for claim in (fractional_bound(fam), scaling_law(fam)):
            p = prove(claim, fam, RewardPattern.top_tie(t), max_level=3)
            assert p.status == "proved" and "every integer w >= 0" in p.domain


def test_the_tie_ratio_holds_at_d_equal_m_plus_n_and_is_refuted_beyond():
    claim = Claim(GT * sp.binomial(m, t) - LT * sp.binomial(n, t), {}, "ratio", "gt·C(m,t) ≥ lt·C(n,t)")
    other = Claim(LT * sp.binomial(n, t) - GT * sp.binomial(m, t), {}, "ratio2", "lt·C(n,t) ≥ gt·C(m,t)")
    tight = one_hot_family(m, n)
    for c in (claim, other):
        assert prove(c, tight, RewardPattern.top_tie(t), max_level=4).status == "proved"
    p = prove(claim, FAM, RewardPattern.top_tie(t), max_level=3, bound=7)
    assert p.status == "refuted"
    ce = p.counterexample
    assert ce["sizes"] == {"m": 1, "n": 2, "w": 1, "t": 2} and ce["d"] == 4
    assert (ce["b_better"], ce["a_better"], ce["ties"], ce["orbit_size"]) == (6, 2, 4, 12)
    assert p.certificate["verdict"] == "fails" and verify(loads(json.dumps(p.certificate))).status == "verified"
    moved = copy.deepcopy(p.certificate)
    moved["claims"][0]["counterexample"]["w"] = 0          # at d = m + n the ratio holds
    assert check_parametric(moved).status == "refuted"
    moved["claims"][0]["counterexample"].update(m=1, n=1, w=0)
    moved["claims"][0]["family"]["levels"] = [3]            # no reward with a 3-way tie when d = 2
    rep = check_parametric(moved)
    assert rep.status == "refuted" and any("no reward of this pattern" in x for x in rep.problems)
    # smallest: brute force with the engine over every legal size with d < 4 finds no failure
    for M, N, W, T in itertools.product(range(1, 4), range(1, 4), range(0, 3), range(1, 4)):
        sizes = {"m": M, "n": N, "w": W, "t": T}
        if M + N + W < 4 and legal(FAM, RewardPattern.top_tie(t), sizes):
            gt, lt, _, _ = engine(FAM, RewardPattern.top_tie(t), sizes)
            assert gt * sp.binomial(M, T) >= lt * sp.binomial(N, T)


def test_without_n_at_least_m_the_fractional_bound_is_refuted_at_the_smallest_size():
    p = prove(Claim(m * GT - n * LT, {}, "no_hyp", "m·gt ≥ n·lt"), one_hot_family(m, n), RewardPattern.top_tie(t),
              max_level=3, bound=6)
    assert p.status == "refuted" and p.counterexample["sizes"] == {"m": 2, "n": 1, "t": 2}
    assert p.levels[0] == {"levels": {"t": 1}, "certified": True}     # generic-like t = 1 still holds


def test_no_certificate_falls_back_to_a_labelled_bounded_check():
    p = prove(Claim((n - 2) ** 2 * ORBIT, {}, "square", "(n − 2)²·|orbit| ≥ 0"), FAM, RewardPattern.generic(), bound=5)
    assert p.status == "checked" and p.checked_up_to == 5 and p.certificate is None
    assert "not a proof for all sizes" in p.summary()


def test_claims_must_be_linear_in_the_counts():
    with pytest.raises(InvalidArgument, match="linear"):
        prove(Claim(GT * LT, {}, "x", "x"), FAM, RewardPattern.generic())
    with pytest.raises(InvalidArgument, match="linear"):
        prove(Claim(GT - 1, {}, "x", "x"), FAM, RewardPattern.generic())
    assert prove(Claim(ORBIT - GT - LT - TIES, {}, "sum", "sum"), FAM, RewardPattern.top_tie(t), max_level=2
                 ).status == "proved"



@pytest.mark.parametrize("pattern", [RewardPattern((t, 1, 2), "tied"), RewardPattern((1, t), "tied")], ids=str)
def test_a_claim_on_the_ties_of_a_tied_rest_is_kernel_checked(pattern):
    """The ties of a tied rest enter the kernel's derived counts (a claim on gt and lt alone never reads them)."""
    claim = Claim(2 * TIES + ORBIT - GT - LT - TIES, {}, "ties", "ties + orbit >= gt + lt")
    proof = prove(claim, FAM, pattern, max_level=2)
    assert proof.status == "proved", proof.summary()
    rep = verify(loads(json.dumps(proof.certificate)))
    assert rep.status == "verified" and not rep.problems


@pytest.mark.parametrize("bad", [lambda: one_hot_family(0, 3), lambda: one_hot_family(m, 0),
                                 lambda: one_hot_family(m, n, rest=-1),
                                 lambda: one_hot_family("M", n), lambda: one_hot_family(m / 2, n),
                                 lambda: one_hot_family(1.5, n), lambda: BlockFamily({"x": m}, "x", "x"),
                                 lambda: RewardPattern((t,), rest="sorted"), lambda: count_formula(FAM, None),
                                 lambda: FORMULAS[0].at({"m": 0, "n": 1, "w": 0}),
                                 lambda: FORMULAS[1].at({"m": 1, "n": 1, "w": 0, "t": 3}),
                                 lambda: FORMULAS[0].at({"m": 1})])
def test_user_errors_are_one_line(bad):
    with pytest.raises(InvalidArgument) as exc:
        bad()
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize("claim, sizes, pattern, domain", [
    ("scaling_law", "m:n", "top-tie:k", "every integer k1 >= 1, m >= 1, s >= 0, where n = k1*m + s; for k = 1..3"),
    ("scaling_law", "s:n", None, "every integer k >= 1, s >= 1, s1 >= 0, where n = k*s + s1"),
    ("fractional_bound", "s:n", None, "every integer s >= 1, s1 >= 0, where n = s + s1"),
    ("scaling_law", "k:n", None, "every integer k >= 1, k1 >= 1, s >= 0, where n = k*k1 + s"),
    ("weak_fraction_bound", "m:n:k", None, "every integer k >= 0, k1 >= 1, m >= 1, s >= 0, where n = k1*m + s"),
    ("fractional_bound", "m:s", "top-tie:s1", "every integer m >= 1, s2 >= 0, where s = m + s2; for s1 = 1..3"),
])
def test_a_claims_own_symbols_never_take_a_size_or_level_name(capsys, claim, sizes, pattern, domain):
    """The claims' own k (copies) and s (slack) are renamed where a size or a level of the pattern has the name:
    with `--pattern top-tie:k` the scaling law, a theorem, was REFUTED at a point outside its own domain, and with
    |A| = s the fractional bound was proved only for n = 2s. Each is now proved on its whole domain."""
    from symorbit.cli.commands import main

    argv = ["check", claim, f"one-hot:{sizes}", "--max-level", "3"] + (["--pattern", pattern] if pattern else [])
    assert main(argv) == 0
    assert f"PROVED for {domain}" in capsys.readouterr().out


def test_a_claim_tied_to_a_level_or_to_itself_is_refused_by_name():
    # built without avoid=, a claim whose own symbol is a level of the pattern is refused, not proved or refuted
    # about something else; |B| given |A|'s symbol is refused where the claim is built
    fam = one_hot_family(m, n)
    with pytest.raises(InvalidArgument, match=r"its symbol k \(in n = k\*m \+ s\) is also a level of the pattern"):
        prove(scaling_law(fam), fam, RewardPattern.top_tie(sp.Symbol("k")), max_level=3)
    assert prove(scaling_law(fam, avoid=["k"]), fam, RewardPattern.top_tie(sp.Symbol("k")), max_level=3).status \
        == "proved"
    with pytest.raises(InvalidArgument, match=r"\|B\| = m is also a symbol of \|A\| = m"):
        scaling_law(one_hot_family(m, m))
    with pytest.raises(InvalidArgument, match="defines n by itself"):
        prove(Claim(GT - LT, {n: n + s}, "cyclic", "gt ≥ lt"), fam, RewardPattern.top_tie(2))


# ---------------------------------------------------------------- the kernel's check
def cert_t2():
    expr = ["-", ["*", "m", ["C", "n", 2]], ["*", "n", ["C", "m", 2]]]
    poly = sp.expand(m * sp.binomial(n, 2).expand(func=True) - n * sp.binomial(m, 2).expand(func=True)).subs(n, m + s)
    return {"format": PARAMETRIC_FORMAT, "statement": "t2", "source": "test", "verdict": "holds",
            "variables": {"m": 1, "s": 0}, "definitions": [["n", ["+", "m", "s"]]],
            "claims": [{"label": "t = 2", "expression": expr,
                        "certificate": binomial_certificate(sp.expand(poly), {m: 1, s: 0})}]}


def test_kernel_accepts_and_refuses():
    good = cert_t2()
    assert check_parametric(good).status == "verified"
    for mutate in (lambda c: c["claims"][0]["certificate"][0].__setitem__(0, 2),
                   lambda c: c["claims"][0]["certificate"].append([1, [3, 0]]),
                   lambda c: c["claims"][0]["certificate"].pop(),
                   lambda c: c["claims"][0].__setitem__("expression", ["*", "m", ["C", "n", 2]]),
                   lambda c: c["definitions"][0].__setitem__(1, ["+", "m", "s", 1]),
                   lambda c: c["variables"].__setitem__("m", 0)):
        bad = copy.deepcopy(good)
        mutate(bad)
        assert check_parametric(bad).status == "refuted"


def test_kernel_refuses_a_negative_coefficient_even_when_the_identity_holds():
    c = cert_t2()
    c["claims"][0]["expression"] = ["-", 0, ["C", "s", 1]]
    c["claims"][0]["certificate"] = [[-1, [0, 1]]]
    rep = check_parametric(c)
    assert rep.status == "refuted" and "negative coefficient" in rep.problems[0]


def test_kernel_checks_counterexamples():
    c = cert_t2()
    c["verdict"] = "fails"
    c["definitions"] = []
    c["variables"] = {"m": 1, "n": 1}
    c["claims"] = [{"label": "no n >= m", "expression": c["claims"][0]["expression"],
                    "counterexample": {"m": 2, "n": 1}}]
    assert check_parametric(c).status == "verified"
    c["claims"][0]["counterexample"] = {"m": 1, "n": 2}
    assert check_parametric(c).status == "refuted"
    c["claims"][0]["counterexample"] = {"m": 0, "n": 2}        # below the lower bound
    with pytest.raises(Malformed):
        check_parametric(c)


@pytest.mark.parametrize("mutate", [
    lambda c: c.pop("source"), lambda c: c.__setitem__("extra", 1), lambda c: c.__setitem__("verdict", "maybe"),
    lambda c: c.__setitem__("variables", {}), lambda c: c.__setitem__("variables", {"M": 1}),
    lambda c: c["claims"][0].__setitem__("expression", ["/", "m", 2]),
    lambda c: c["claims"][0].__setitem__("expression", ["C", "m", 65]),
    lambda c: c["claims"][0].__setitem__("expression", ["^", ["+", "m", "s"], 40] and
                                         ["*", ["^", "m", 40], ["^", "s", 40]]),
    lambda c: c["claims"][0].__setitem__("expression", "q"),
    lambda c: c["claims"][0].__setitem__("expression", 1.5),
    lambda c: c["claims"][0].__setitem__("expression", "1" * 300),
    lambda c: c["claims"][0]["certificate"].append([1, [0]]),
    lambda c: c["claims"][0]["certificate"].append([1, [True, 0]]),
    lambda c: c["definitions"].append(["m", 1]),
    lambda c: c.__setitem__("claims", []),
])
def test_kernel_malformed(mutate):
    c = cert_t2()
    mutate(c)
    with pytest.raises(Malformed):
        check_parametric(c)


def test_kernel_bounds_work_before_expanding():
    c = cert_t2()
    c["claims"][0]["expression"] = ["*", *(["+", "m", "s", 1] for _ in range(70))]      # degree 70 > 64
    with pytest.raises(Malformed, match="too large: a product of degree"):
        check_parametric(c)
    deep: object = "m"
    for _ in range(100):
        deep = ["-", deep]
    c["claims"][0]["expression"] = deep
    with pytest.raises(Malformed, match="deeper"):
        check_parametric(c)
    names = [f"v{i}" for i in range(8)]
    c["variables"] = dict.fromkeys(names, 0)
    c["definitions"] = []
    c["claims"][0]["expression"] = ["*", *(["+", *names, 1] for _ in range(20))]      # C(28, 8) terms
    with pytest.raises(Malformed, match="too large: the certificate needs more than"):
        check_parametric(c)
    c["claims"][0]["expression"] = ["^", "9" * 199, 60]                                  # a 12000-digit number
    with pytest.raises(Malformed, match="too large: a coefficient"):
        check_parametric(c)


def test_binomial_basis_round_trip():
    for poly, lower in ((m * (m + s) * s, {m: 1, s: 0}), ((s - 1) ** 2 + m ** 3, {m: -2, s: 3}), (sp.Integer(5), {m: 0})):
        coeffs = binomial_coefficients(poly, lower)
        back = sum(c * sp.Mul(*(sp.binomial(v - lo, i) for (v, lo), i in zip(lower.items(), idx)))
                   for idx, c in coeffs.items())
        assert sp.expand(sp.expand_func(back) - poly) == 0


# ---------------------------------------------------------------- the command line
def cli(capsys, *argv):
    from symorbit.cli.commands import main

    try:
        code = main(list(argv))
    except SystemExit as exc:       # argparse's own errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_check_a_block_family_and_verify_its_certificate(capsys, tmp_path):
    path = tmp_path / "cert.json"
    code, out, _ = cli(capsys, "check", "fractional_bound", "one-hot:m:n:w", "--pattern", "top-tie:t",
                       "--max-level", "3", "--certificate", str(path))
    assert code == 0 and out.startswith("PROVED for every integer m >= 1, s >= 0, w >= 0, where n = m + s")
    code, out, _ = cli(capsys, "verify", str(path))
    assert code == 0 and ": verified: fractional_bound for every integer m >= 1, s >= 0, w >= 0" in out
    cert = json.loads(path.read_text())
    cert["claims"][1]["certificate"][0][0] = 7
    path.write_text(json.dumps(cert))
    code, out, _ = cli(capsys, "verify", str(path))
    assert code == 1 and "refuted" in out and "does not expand" in out
    cert["claims"][1]["expression"] = ["C", "m", 99]
    path.write_text(json.dumps(cert))
    code, _, err = cli(capsys, "verify", str(path))
    assert code == 2 and err.count("\n") == 1


def test_a_hand_written_claim_under_a_built_in_name_is_shown_as_the_certificates_name(capsys, tmp_path):
    # a certificate that calls m·C(n, 2) ≥ n·C(m, 2) "scaling_law" verified as a built-in statement (built_in true,
    # nothing said): the kernel proves the expression it prints, never what a name means, and now says so
    cert = {**cert_t2(), "statement": "scaling_law", "source": "the post's scaling law; PR Thm. 3.3"}
    rep = verify(loads(json.dumps(cert)))
    assert rep.status == "verified" and rep.statement == "scaling_law" and rep.built_in is False
    path = tmp_path / "named.json"
    path.write_text(json.dumps(cert))
    code, out, _ = cli(capsys, "verify", str(path))
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith(f"{path}: verified: scaling_law for every integer m >= 1, s >= 0")
    assert lines[0].endswith(": ((m * C(n, 2)) - (n * C(m, 2))) >= 0 (t = 2)")        # the claim that was proved
    assert lines[1] == ("  scaling_law (the post's scaling law; PR Thm. 3.3) is the certificate's name for this "
                        "claim: the kernel checked the expression above, not what the name means")
    code, out, _ = cli(capsys, "verify", str(path), "--json")
    assert code == 0 and json.loads(out)["built_in"] is False


def test_cli_check_json_and_numeric_families(capsys):
    code, out, _ = cli(capsys, "check", "scaling_law", "one-hot:2:51:w", "--pattern", "levels:t,2:tied",
                       "--max-level", "2", "--json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "proved" and data["domain"] == "every integer w >= 0"
    assert "25·lt" in data["text"]


@pytest.mark.parametrize("argv", [
    ("check", "fractional_bound", "one-hot:m"), ("check", "nonsense", "one-hot:m:n"),
    ("check", "scaling_law", "one-hot:3:2"), ("check", "fractional_bound", "one-hot:m:n", "--pattern", "top-tie"),
    ("check", "fractional_bound", "one-hot:M:n"), ("check", "fractional_bound", "one-hot:m:n", "--pattern", "top-tie:x:y"),
    ("check", "fractional_bound", "one-hot:m:n", "--max-level", "0"),
])
def test_cli_family_errors_are_one_line_exit_2(capsys, argv):
    code, out, err = cli(capsys, *argv)
    assert code == 2 and not out and err.count("\n") == 1 and err.startswith("symorbit: error:")


def test_cli_table_with_a_symbolic_row(capsys):
    code, out, _ = cli(capsys, "table", "every-size", "--format", "csv")
    rows = out.strip().splitlines()
    assert code == 0 and rows[-1].startswith("m,n ≥ m,n/(m + n),")
    assert "10^53/(10^53 + 1)" in out and "51/53" in out and "every d ≥ m + n" in rows[-1]
    assert out.count("proved") == 10


def test_the_example_script_runs():
    import pathlib
    import subprocess
    import sys

    root = pathlib.Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "examples/every_size.py"], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": ""}, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "51/53 whatever d is" in proc.stdout and "Smallest counterexample (d = 4)" in proc.stdout
    assert proc.stdout.count("kernel: verified") == 2


# ---------------------------------------------------------------- the kernel's expander, differentially
_names = st.sampled_from(["m", "s", "n"])
_leaf = st.one_of(st.integers(-5, 5), st.sampled_from(["1/2", "-3/4"]), _names)
_expr = st.recursive(_leaf, lambda inner: st.one_of(
    st.lists(inner, min_size=1, max_size=3).map(lambda xs: ["+", *xs]),
    st.lists(inner, min_size=1, max_size=3).map(lambda xs: ["*", *xs]),
    st.lists(inner, min_size=1, max_size=2).map(lambda xs: ["-", *xs]),
    st.tuples(st.sampled_from(["C", "ff", "^"]), inner, st.integers(0, 3)).map(list)), max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(_expr)
def test_kernel_expansion_equals_sympy(expr):
    from symorbit.kernel.check import Budget
    from symorbit.kernel.polynomials import _Ring

    ring = _Ring(["m", "s"], Budget())
    defs = {"n": ring.expr(["+", "m", "s"], {})}
    got = ring.expr(expr, defs)
    want = sp.Poly(sp.expand(from_kernel(expr, {"m": m, "s": s, "n": m + s})), m, s)
    assert {k: sp.Rational(v.numerator, v.denominator) for k, v in got.items()} == dict(want.terms()) or \
        (not got and want.is_zero)


_json = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=6)),
                     lambda inner: st.one_of(st.lists(inner, max_size=4),
                                             st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["variables", "definitions", "claims", "verdict", "statement"]), _json)
def test_kernel_is_total_on_hostile_fields(key, value):
    """Any value in any field: a report or Malformed, never another exception."""
    c = cert_t2()
    c[key] = value
    try:
        rep = check_parametric(c)
    except Malformed:
        return
    assert rep.status in ("verified", "refuted")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=6),
       st.integers(0, 5))
def test_kernel_certificates_round_trip_and_perturbations_are_caught(terms, which):
    """c·C(m − 1, i)·C(s, j) sums: the package's coefficients verify; any changed coefficient is refuted."""
    poly = sum(c * sp.binomial(m - 1, i) * sp.binomial(s, j) for c, i, j in terms)
    poly = sp.expand(sp.expand_func(poly))
    cert = binomial_certificate(poly, {m: 1, s: 0})
    doc = {"format": PARAMETRIC_FORMAT, "statement": "x", "source": "x", "verdict": "holds",
           "variables": {"m": 1, "s": 0}, "definitions": [],
           "claims": [{"label": "p", "expression": to_kernel(poly) if poly != 0 else 0, "certificate": cert}]}
    assert check_parametric(doc).status == "verified"
    if cert:
        bad = copy.deepcopy(doc)
        term = bad["claims"][0]["certificate"][which % len(cert)]
        term[0] = str(sp.Rational(term[0]) + 1)
        assert check_parametric(bad).status == "refuted"


def test_an_explicit_multiset_with_symbolic_multiplicities():
    from fractions import Fraction

    pattern = RewardPattern.multiset({Fraction(1, 2): u, 3: t}, rest="tied")
    assert pattern.levels == (t, u)
    f = count_formula(FAM, pattern)
    for sizes in ({"m": 1, "n": 1, "w": 0, "t": 1, "u": 1}, {"m": 2, "n": 1, "w": 2, "t": 2, "u": 1},
                  {"m": 1, "n": 3, "w": 1, "t": 1, "u": 2}):
        assert f.at(sizes) == engine(FAM, pattern, sizes)
    with pytest.raises(InvalidArgument):
        RewardPattern.multiset({0.5: t})


@pytest.mark.parametrize("levels,rest", [([], "distinct"), ([2], "distinct"), ([1, 2], "tied"), ([3], "tied"),
                                         ([1, 1], "distinct")])
def test_the_kernels_own_count_derivation_equals_its_enumeration_and_the_engine(levels, rest):
    """kernel/polynomials._counts (stdlib, derived independently of formulas.py) at points, against
    the kernel's enumerator (kernel/check.count_reward) and orbit_counts."""
    from fractions import Fraction
    from math import factorial

    from symorbit.kernel.check import Budget, count_reward
    from symorbit.kernel.polynomials import _counts, _Ring

    pattern = RewardPattern(tuple(levels), rest)
    fam_k = {"a": "m", "b": "n", "w": "w", "levels": levels, "rest": rest}
    for M, N, W in itertools.product(range(1, 4), range(1, 4), range(0, 3)):
        d, top = M + N + W, sum(levels)
        if d < top:
            continue
        ring = _Ring(["m", "n", "w"], Budget(), {"m": M, "n": N, "w": W})
        got = _counts(ring, fam_k, {}, [1, 1, 0], "test")
        tau = d - top
        scale = Fraction(math.prod(factorial(x) for x in levels) * (factorial(tau) if rest == "tied" else M + N),
                         factorial(tau))
        values = tuple(got[k].get((), Fraction(0)) / scale for k in ("gt", "lt", "ties", "orbit"))
        A, B = FAM.instance({"m": M, "n": N, "w": W})
        r = pattern.reward(d, {})
        mine = count_reward([tuple(map(Fraction, v)) for v in A], [tuple(map(Fraction, v)) for v in B], None,
                            tuple(map(Fraction, r)), None, None, [], Budget())
        assert values == tuple(mine) == engine(FAM, pattern, {"m": M, "n": N, "w": W})


def test_kernel_refuses_a_family_that_can_be_empty():
    c = cert_t2()
    c["claims"][0]["family"] = {"a": ["-", "m", 1], "b": "n", "w": 0, "levels": [2], "rest": "distinct"}
    with pytest.raises(Malformed, match="family.a"):
        check_parametric(c)
    c["claims"][0]["family"] = {"a": "m", "b": "n", "w": ["-", "s"], "levels": [2], "rest": "distinct"}
    with pytest.raises(Malformed, match="family.w"):
        check_parametric(c)
    c["definitions"].append(["gt", 1])
    with pytest.raises(Malformed, match="reserved"):
        check_parametric(c)


def test_a_certificate_for_another_family_or_pattern_is_refuted():
    proof = prove(fractional_bound(FAM), FAM, RewardPattern.top_tie(3))     # (at t = 2 the claim is free of w)
    good = proof.certificate
    assert check_parametric(good).status == "verified"
    for mutate in (lambda f: f.update(a="n", b="m"), lambda f: f.update(levels=[4]), lambda f: f.update(rest="tied"),
                   lambda f: f.update(w=0)):
        bad = copy.deepcopy(good)
        mutate(bad["claims"][0]["family"])
        assert check_parametric(bad).status == "refuted"


def test_the_weak_fraction_bound_holds_and_the_strict_one_fails_with_ties():
    from symorbit.parametric import weak_fraction_bound

    p = prove(weak_fraction_bound(FAM), FAM, RewardPattern.top_tie(t), max_level=3)
    assert p.status == "proved" and "k >= 1" in p.domain
    strict = Claim((m + n) * GT - n * ORBIT, {}, "strict", "gt/|orbit| ≥ n/(n + m)")
    assert prove(strict, FAM, RewardPattern.generic()).status == "proved"
    q = prove(strict, FAM, RewardPattern.top_tie(t), max_level=3, bound=6)
    assert q.status == "refuted" and q.counterexample["sizes"] == {"m": 1, "n": 1, "w": 0, "t": 2}
    code_ok = prove(weak_fraction_bound(one_hot_family(2, 51, rest=w)), one_hot_family(2, 51, rest=w),
                    RewardPattern((t, 2)), max_level=2)
    assert code_ok.status == "proved"


# ------------------------------------------ the kernel's messages and shown claims, exactly (docs/mutation.md)
def _shown_certificate():
    expr = ["-", ["+", ["C", "n", 2], ["ff", "m", 3], ["^", ["-", "m", 1], 2], ["-", "n"], ["*", "1/2", "k"], ["+", "m"]],
            1000]
    return {"format": PARAMETRIC_FORMAT, "statement": "shown", "source": "test", "verdict": "fails",
            "variables": {"m": 1, "n": 1}, "definitions": [["k", ["+", "m", "n", 1]]],
            "claims": [{"label": "shown", "expression": expr, "counterexample": {"m": 10, "n": 10},
                        "family": {"a": "m", "b": "n", "w": ["-", "k", 12], "levels": [1] * 21, "rest": "tied"}}]}


def test_the_kernel_shows_each_expression_and_family_as_written():
    # 45 + 720 + 81 - 10 + 21/2 + 10 - 1000 < 0 at m = n = 10, where w = 9 and 19 >= 21 levels of one value
    rep = check_parametric(_shown_certificate())
    assert (rep.status, rep.problems, rep.hypotheses) == ("verified", [], ["k = (m + n + 1)"])
    assert rep.claim == (
        "fails: ((C(n, 2) + ff(m, 3) + ((m - 1))^2 + -n + (1/2 * k) + (m)) - 1000) >= 0 (shown) for the one-hot "
        "family |A| = m, |B| = n, (k - 12) outside, reward levels [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, "
        "1, 1, 1, 1, then a tied rest (gt, lt, ties, orbit: its counts times N > 0)")


FAMILY_SHAPE = "claims[0].family: needs a, b, w, levels (a list) and rest ('distinct' or 'tied')"


@pytest.mark.parametrize("change, message", [
    (lambda f: f.update(levels=2), FAMILY_SHAPE),
    (lambda f: f.update(extra=1), FAMILY_SHAPE),
    (lambda f: f.pop("rest"), FAMILY_SHAPE),
    (lambda f: f.update(rest="sorted"), FAMILY_SHAPE),
    (lambda f: f.update(levels=[2, 0]), "claims[0].family.levels: 0 must be an integer in 1..64"),
    (lambda f: f.update(b=["-", "n", 1]), "claims[0].family.b: must have nonnegative coefficients from the "
                                          "domain's corner and be >= 1 there"),
])
def test_a_malformed_family_is_refused_by_its_message(change, message):
    c = cert_t2()
    c["claims"][0]["family"] = {"a": "m", "b": "n", "w": "s", "levels": [2], "rest": "distinct"}
    change(c["claims"][0]["family"])
    with pytest.raises(Malformed) as err:
        check_parametric(c)
    assert str(err.value) == message


def test_a_family_size_with_fractional_coefficients_from_the_corner_is_accepted():
    # a = C(m, 2) + 1 = 1 + m'/2 + m'^2/2 with m = 1 + m': coefficients 1/2 > 0, constant term 1
    c = cert_t2()
    c["claims"][0]["family"] = {"a": ["+", ["C", "m", 2], 1], "b": "n", "w": "s", "levels": [2], "rest": "distinct"}
    rep = check_parametric(c)
    assert rep.status == "verified"
    assert rep.claim.endswith("for the one-hot family |A| = (C(m, 2) + 1), |B| = n, s outside, reward levels [2] "
                              "then a distinct rest (gt, lt, ties, orbit: its counts times N > 0)")


FIELDS = ("fields: a symorbit-parametric/1 certificate has exactly ['claims', 'definitions', 'format', 'source', "
          "'statement', 'variables', 'verdict']; got ")


@pytest.mark.parametrize("change, message", [
    (lambda c: [c], FIELDS + "list"),
    (lambda c: "text", FIELDS + "str"),
    (lambda c: {k: x for k, x in c.items() if k != "source"},
     FIELDS + "['claims', 'definitions', 'format', 'statement', 'variables', 'verdict']"),
    (lambda c: {**c, "format": "symorbit-parametric/2"},
     "format must be 'symorbit-parametric/1' and verdict 'holds' or 'fails'"),
    (lambda c: {**c, "verdict": "maybe"}, "format must be 'symorbit-parametric/1' and verdict 'holds' or 'fails'"),
    (lambda c: {**c, "statement": "s" * 301}, "statement and source must be strings of at most 300 characters"),
    (lambda c: {**c, "source": 5}, "statement and source must be strings of at most 300 characters"),
    (lambda c: {**c, "variables": {"M": 1}}, "variables: at most 8 lower-case names, each with an integer lower bound"),
    (lambda c: {**c, "variables": dict.fromkeys("abcdefghi", 0)},
     "variables: at most 8 lower-case names, each with an integer lower bound"),
])
def test_a_parametric_certificate_of_the_wrong_shape_is_refused_by_its_message(change, message):
    with pytest.raises(Malformed) as err:
        check_parametric(change(cert_t2()))
    assert str(err.value) == message


def test_statement_and_source_of_300_characters_are_read():
    rep = check_parametric({**cert_t2(), "statement": "s" * 300, "source": "t" * 300})
    assert (rep.status, rep.statement, rep.source) == ("verified", "s" * 300, "t" * 300)


def test_check_certificate_sends_an_all_sizes_certificate_with_its_budget_to_check_parametric():
    from symorbit.kernel import Budget, check_certificate

    rep = check_certificate(cert_t2())
    assert (rep.status, rep.format, rep.family) == ("verified", PARAMETRIC_FORMAT, "every integer m >= 1, s >= 0")
    with pytest.raises(Malformed) as err:
        check_certificate(cert_t2(), budget=Budget(5))
    assert str(err.value) == "too large: the certificate needs more than 5 units of kernel work"
    with pytest.raises(Malformed) as err:
        verify(cert_t2(), Budget(5))
    assert str(err.value) == "too large: the certificate needs more than 5 units of kernel work"


RESERVED = "definitions: a list of [new name, expression] pairs (gt, lt, ties, orbit are reserved)"


@pytest.mark.parametrize("change, message", [
    (lambda c: c["variables"].update(m=10 ** 6 + 1), "variables.m: 1000001 must be an integer in -1000000..1000000"),
    *((lambda c, k=k: c["definitions"].append([k, 1]), RESERVED) for k in ("gt", "lt", "ties", "orbit")),
    (lambda c: c.update(variables={"m": 1, "s": 0, "orbit": 0}), RESERVED),
    (lambda c: c.update(definitions=[["n", "m", "s"]]), RESERVED),
    (lambda c: c.update(claims=[]), "claims: a list of 1 to 200 claims"),
    (lambda c: c.update(claims=c["claims"] * 201), "claims: a list of 1 to 200 claims"),
    (lambda c: c["claims"].__setitem__(0, ["t = 2"]),
     "claims[0]: needs label (a string), expression, certificate and optionally family"),
    (lambda c: c["claims"][0].__setitem__("counterexample", {}),
     "claims[0]: needs label (a string), expression, certificate and optionally family"),
])
def test_parametric_fields_are_refused_by_their_messages(change, message):
    c = cert_t2()
    change(c)
    with pytest.raises(Malformed) as err:
        check_parametric(c)
    assert str(err.value) == message


def test_200_claims_and_no_variables_are_read_and_problems_name_their_claim():
    c = cert_t2()
    c["claims"] = [{"label": f"c{i}", "expression": i, "certificate": [[i, []]]} for i in range(200)]
    c["variables"], c["definitions"] = {}, []
    rep = check_parametric(c)
    assert (rep.status, rep.family, len(rep.claim.split("; "))) == ("verified", "the sizes given (no variables)", 200)
    c["claims"][7]["certificate"] = [[8, []]]
    assert check_parametric(c).problems == ["claim c7: the certificate does not expand to the expression (they "
                                            "differ by -1 at the constant term)"]


def _outcome(change):
    """The kernel's answer on cert_t2 with its claim changed: the problems, or the one-line refusal."""
    c = cert_t2()
    change(c["claims"][0])
    try:
        return check_parametric(c).problems
    except Malformed as err:
        return "refused: " + str(err)


_MISMATCH = "claim t = 2: the certificate does not expand to the expression"


def test_certificate_terms_are_refused_or_refuted_by_their_messages():
    assert _outcome(lambda c: c.update(label="L" * 90, certificate=[[5, [0, 1]]] + c["certificate"][1:])) == \
        ["claim " + "L" * 80 + ": the certificate does not expand to the expression (they differ by -4 at s^1)"]
    assert _outcome(lambda c: c.update(certificate={})) == \
        "refused: claims[0].certificate: a list of [coefficient, [indices]] terms"
    assert _outcome(lambda c: c["certificate"].append([1, [0]])) == \
        "refused: claims[0].certificate[5]: [coefficient, [one index per variable]]"
    assert _outcome(lambda c: c["certificate"].extend([[-1, [0, 0]], [1, [0, 0]]])) == \
        ["claim t = 2: term 5 has the negative coefficient -1"]
    assert _outcome(lambda c: c["certificate"].extend([[1, [1, 1]], [1, [0, 1]]])) == \
        ["claim t = 2: the certificate does not expand to the expression (they differ by -1 at m^1 s^1)"]
    assert _outcome(lambda c: c["certificate"].append([1, [0, 0]])) == \
        ["claim t = 2: the certificate does not expand to the expression (they differ by -1 at the constant term)"]
    assert _outcome(lambda c: c["certificate"].append([1, [64, 0]]))[0].startswith(_MISMATCH)   # 64 is read
    assert _outcome(lambda c: c["certificate"].append([1, [65, 0]])) == \
        "refused: claims[0].certificate[5] index: 65 must be an integer in 0..64"


def test_counterexamples_are_refused_or_refuted_by_their_messages():
    def outcome(point, expression=None, family=None):
        c = cert_t2()
        c["verdict"] = "fails"
        claim = c["claims"][0]
        claim.pop("certificate")
        claim.update(counterexample=point, **({"expression": expression} if expression is not None else {}),
                     **({"family": family} if family else {}))
        try:
            rep = check_parametric(c)
            return rep.status, rep.problems
        except Malformed as err:
            return str(err)

    assert outcome({"m": 2}) == "claims[0].counterexample: a value for each of ['m', 's']"
    assert outcome({"m": 0, "s": 0}) == "claims[0].counterexample.m: 0 must be an integer in 1..1000000"
    assert outcome({"m": 2, "s": 0}) == \
        ("refuted", ["claim t = 2: the expression is 0 >= 0 at {'m': 2, 's': 0}, not a counterexample"])
    assert outcome({"m": 2, "s": 0}, ["-", "s", 1]) == ("verified", [])
    # |A| + |B| + w = 2 + 2 + 0 = 4 coordinates cannot hold levels of 3 and 2 equal values
    assert outcome({"m": 2, "s": 0}, ["-", "s", 1], {"a": "m", "b": "n", "w": "s", "levels": [3, 2], "rest": "tied"}) \
        == ("refuted", ["claim t = 2: the family has no reward of this pattern at {'m': 2, 's': 0}"])
    assert outcome({"m": 2, "s": 0}, ["-", "s", 1], {"a": "m", "b": "n", "w": "s", "levels": [3, 1], "rest": "tied"}) \
        == ("verified", [])


def test_a_claim_without_a_family_is_shown_alone():
    rep = check_parametric(cert_t2())
    assert (rep.claim, rep.hypotheses) == ("((m * C(n, 2)) - (n * C(m, 2))) >= 0 (t = 2)", ["n = (m + s)"])
    c = cert_t2()
    c["verdict"] = "fails"
    c["claims"][0].pop("certificate")
    c["claims"][0].update(counterexample={"m": 1, "s": 1}, expression=["-", "s", 2])
    assert check_parametric(c).claim == "fails: (s - 2) >= 0 (t = 2)"
    c["claims"][0]["label"] = "L" * 90
    assert check_parametric(c).claim == "fails: (s - 2) >= 0 (" + "L" * 80 + ")"


def test_a_counterexample_is_checked_at_its_point_with_its_family_sizes_and_every_claim():
    """At a point, a family whose |A| or |B| is 0 there has no reward of the pattern (each size on its own),
    a malformed family is refused by its claim's name, and a second claim is checked after a first that holds."""
    def fails(*claims):
        c = cert_t2()
        c["verdict"] = "fails"
        c["claims"] = [{"label": f"c{i}", "expression": e, "counterexample": {"m": 2, "s": 0},
                        **({"family": f} if f else {})} for i, (e, f) in enumerate(claims)]
        try:
            rep = check_parametric(c)
            return rep.status, rep.problems
        except Malformed as err:
            return str(err)

    neg = ["-", "s", 1]                                             # -1 at s = 0: a counterexample by itself
    no_pattern = "the family has no reward of this pattern at {'m': 2, 's': 0}"
    for a, b in (("s", "m"), ("m", "s")):                           # |A| = 0, then |B| = 0, the other sizes fine
        fam = {"a": a, "b": b, "w": "m", "levels": [1], "rest": "tied"}
        assert fails((neg, fam)) == ("refuted", [f"claim c0: {no_pattern}"]), (a, b)
    assert fails((neg, {"a": "m", "b": "m", "w": "m", "levels": [1], "rest": "tied"})) == ("verified", [])
    assert fails((neg, {"a": "m", "b": "m", "w": "m", "levels": [1]})) == \
        "claims[0].family: needs a, b, w, levels (a list) and rest ('distinct' or 'tied')"
    assert fails((neg, None), (["+", "s", 1], None)) == \
        ("refuted", ["claim c1: the expression is 1 >= 0 at {'m': 2, 's': 0}, not a counterexample"])


def test_prove_takes_a_kernel_budget_and_refuses_one_too_small_by_name(capsys, tmp_path):
    """One certificate holds every level: a high max_level needs more than the default kernel budget."""
    from symorbit.errors import TooLarge

    m, n, t = sp.symbols("m n t")
    fam = one_hot_family(m, n)
    with pytest.raises(TooLarge, match=r"levels up to 3 needs more than 1000 work units: raise kernel_work"):
        prove(fractional_bound(fam), fam, RewardPattern.top_tie(t), max_level=3, kernel_work=1000)
    proof = prove(fractional_bound(fam), fam, RewardPattern.top_tie(t), max_level=3, kernel_work=10**6)
    assert proof.status == "proved" and len(proof.certificate["claims"]) == 3
    used = 10**6 - _units_left(proof.certificate, 10**6)
    assert 1000 < used < 10**6                     # the refusal above is the budget's, not a formula's
    argv = ("check", "fractional_bound", "one-hot:m:n", "--pattern", "top-tie:t", "--max-level", "3")
    code, out, err = cli(capsys, *argv, "--kernel-work", "1000")
    assert code == 2 and not out and err.count("\n") == 1 and "--kernel-work N" in err
    path = tmp_path / "c.json"
    code, out, _ = cli(capsys, *argv, "--kernel-work", str(used), "--certificate", str(path))
    assert code == 0 and out.startswith("PROVED")
    code, _, err = cli(capsys, "verify", str(path), "--max-work", str(used - 1))
    assert code == 2 and "too large" in err
    code, out, _ = cli(capsys, "verify", str(path), "--max-work", str(used))
    assert code == 0 and ": verified: fractional_bound" in out


def _units_left(cert, limit):
    from symorbit.kernel.check import Budget

    budget = Budget(limit)
    assert check_parametric(cert, budget).status == "verified"
    return budget.left


def _nested(op, depth):
    e = "m"
    for _ in range(depth):
        e = [op, e] if op == "+" else ["^", e, 1]
    return e


_TWO_100 = str(2 ** 100)
_POWER = "refused: expression: ['^', e, k] needs an integer k in 0..64"


@pytest.mark.parametrize("expression, answer", [
    ("q", "refused: expression: unknown name 'q'"),
    ("1e5", "refused: expression: '1e5' is not an exact number"),
    ({}, "refused: expression: a dict of 0 is not a number, a name or [op, ...]"),
    (["^", "m"], _POWER), (["^", "m", "2"], _POWER), (["^", "m", True], _POWER), (["^", "m", 65], _POWER),
    (["^", "m", -1], _POWER),
    (["^", "m", 64], _MISMATCH),                                           # the largest exponent is read
    (["*", "m", ["^", "m", 63]], _MISMATCH),                               # a product of degree exactly 64
    (["*", "m", ["^", "m", 64]], "refused: too large: a product of degree above 64"),
    (["*", ["-", "m", "m"], ["^", "m", 64]], _MISMATCH),                   # the zero polynomial has degree 0
    (_nested("+", 60), _MISMATCH), (_nested("+", 61), "refused: expression nested deeper than 60"),
    (_nested("^", 60), _MISMATCH), (_nested("^", 61), "refused: expression nested deeper than 60"),
    (["*", ["^", _TWO_100, 64], ["^", _TWO_100, 64], ["^", _TWO_100, 11], str(2 ** 99)], _MISMATCH),  # 2^13999
    (["*", ["^", _TWO_100, 64], ["^", _TWO_100, 64], ["^", _TWO_100, 11], _TWO_100],                 # 2^14000
     "refused: too large: a coefficient of more than 14000 bits"),
])
def test_expressions_are_read_to_their_exact_bounds_and_refused_by_their_messages(expression, answer):
    """Each bound at its edge (exponent 64, degree 64, depth 60, coefficients of 14,000 bits) and each refusal's words."""
    got = _outcome(lambda c: c.update(expression=expression))
    assert got == answer if answer.startswith("refused") else got[0].startswith(answer), got


@pytest.mark.parametrize("certificate, answer", [
    ([["1", 5]], "refused: claims[0].certificate[0]: [coefficient, [one index per variable]]"),
    ([["1"]], "refused: claims[0].certificate[0]: [coefficient, [one index per variable]]"),
    (["x"], "refused: claims[0].certificate[0]: [coefficient, [one index per variable]]"),
    ([["x", [0, 0]]], "refused: claims[0].certificate[0]: 'x' is not an exact number"),
    ([[1]] * 100_000, "refused: claims[0].certificate[0]: [coefficient, [one index per variable]]"),  # read
    ([[1]] * 100_001, "refused: claims[0].certificate: a list of [coefficient, [indices]] terms"),
])
def test_certificate_terms_are_read_to_100000_and_refused_by_their_shape(certificate, answer):
    assert _outcome(lambda c: c.update(certificate=certificate)) == answer


def test_the_report_shows_every_claim_joined_and_the_verdict_it_holds():
    c = cert_t2()
    c["claims"].append({**c["claims"][0], "label": "again"})
    report = check_parametric(c)
    shown = "((m * C(n, 2)) - (n * C(m, 2))) >= 0"
    assert (report.claim, report.verdict) == (f"{shown} (t = 2); {shown} (again)", "holds")


@pytest.mark.parametrize("expression, message", [
    (["+"], "expression: '+' needs some arguments"), (["*"], "expression: '*' needs some arguments"),
    (["-"], "expression: '-' needs one or two arguments"),
    (["-", "m", "m", "m"], "expression: '-' needs one or two arguments"),
])
def test_an_operator_without_its_arguments_is_refused_by_its_message(expression, message):
    assert _outcome(lambda c: c.update(expression=expression)) == "refused: " + message
    assert _outcome(lambda c: c.update(expression=["-", "m"]))[0].startswith(_MISMATCH)     # one argument: -m
