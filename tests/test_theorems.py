"""Theorem checks: true statements hold, false ones fail with kernel-accepted counterexamples."""

import ast
import copy
import pathlib
import sys
from dataclasses import replace
from fractions import Fraction

import pytest

from symorbit import Instance, check_statement
from symorbit.kernel import Malformed, verify
from symorbit.orbits.rewards import random_rewards, value_patterns
from symorbit.outcomes.outcome_sets import one_hot
from symorbit.testing import kernel_problems
from symorbit.theorems import (
    REGISTRY,
    fractional_conjecture,
    scaling_law_raw,
    strict_scaling_conjecture,
)


def e(d, j):
    return list(one_hot(d, j))


CANDY = Instance(A=[e(3, 0)], B=[e(3, 1), e(3, 2)], name="candy")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_statement_holds_on_candy_over_all_value_patterns(name):
    v = check_statement(REGISTRY[name], CANDY, value_patterns(3, [0, 1, 2]))
    if name == "more_options_more_power":          # needs an environment instance (tested below)
        assert v.status == "hypotheses not met"
        return
    assert v.status == "holds", v.reason
    assert v.provenance == "kernel-checked"
    assert kernel_problems(v.certificate) == []


def test_false_bound_fails_with_a_full_certificate():
    # Two copies exist, but not three: a ratio of n + 1 = 3 must fail. The statement is not a
    # built-in, so its certificate carries its declaration: the kernel re-derives the copies from
    # the witnesses, recounts, and finds the claim (ratio 3, evaluated by the Python conclusion) false.
    false = replace(scaling_law_raw.STATEMENT, name="false_n_plus_1",
                    conclusion=lambda data: {"kind": "most", "ratio": data["n"] + 1})
    v = check_statement(false, CANDY, value_patterns(3, [0, 1, 2]))
    assert v.status == "fails" and v.counterexample is not None
    assert v.provenance == "kernel-checked (the claim's ratio was evaluated by Python code)"
    cert = v.certificate
    assert cert["statement"] == "false_n_plus_1" and cert["verdict"] == "fails"
    assert cert["declaration"]["claim"] == {"kind": "most", "ratio": "3"}
    assert cert["declaration"]["hypotheses"] == [{"kind": "copies", "of": "ND(A)", "fixing": "none"}]
    rep = verify(cert)
    assert rep.status == "verified" and rep.verdict == "fails" and rep.counterexample is not None
    assert not rep.built_in and rep.source == scaling_law_raw.STATEMENT.source
    # The same counts do not make the true ratio (2) fail: the kernel refutes the forged verdict.
    forged = {**cert, "declaration": {**cert["declaration"], "claim": {"kind": "most", "ratio": "n"}}}
    assert verify(forged).problems == ["verdict: claimed 'fails', kernel finds 'holds'"]
    with pytest.raises(Malformed, match="not a built-in name"):
        kernel_problems({k: x for k, x in cert.items() if k != "declaration"})


def test_false_weak_fraction_bound_fails():
    # (n+1)/(n+2) = 3/4 on the weak fraction, where only n = 2 copies exist.
    false = replace(scaling_law_raw.STATEMENT, name="false_fraction",
                    conclusion=lambda data: {"kind": "weak_fraction", "bound": Fraction(data["n"] + 1, data["n"] + 2)})
    v = check_statement(false, CANDY, [(1, 2, 3)])
    assert v.status == "fails" and v.provenance == "kernel-checked (the claim's ratio was evaluated by Python code)"
    assert v.certificate["declaration"]["claim"] == {"kind": "weak_fraction", "bound": "3/4"}


@pytest.mark.parametrize("field, value, match", [
    ("involutions", [[1, 2, 0]], "not an involution"),
    ("involutions", [[0, 2, 1]], "outside B"),
])
def test_tampered_certificates_are_rejected(field, value, match):
    v = check_statement(scaling_law_raw.STATEMENT, CANDY, [(1, 2, 3)])
    cert = copy.deepcopy(v.certificate)
    cert[field] = value
    assert any(match in p for p in kernel_problems(cert))


def test_tampered_counts_and_malformed_input():
    v = check_statement(scaling_law_raw.STATEMENT, CANDY, [(1, 2, 3)])
    cert = copy.deepcopy(v.certificate)
    cert["rewards"][0]["ties"] = 1
    assert kernel_problems(cert) == ["rewards[0]: claimed ties=1, kernel counts 0"]
    cert["A"] = [[0.5, 0, 0]]
    with pytest.raises(Malformed, match="must be an integer or a 'p/q' string"):
        kernel_problems(cert)
    cert = copy.deepcopy(v.certificate)
    cert["rewards"][0]["blocks"] = [[0]]
    with pytest.raises(Malformed, match="blocks"):
        kernel_problems(cert)


def test_false_blocks_are_rejected():
    v = check_statement(scaling_law_raw.STATEMENT, CANDY, [(1, 2, 3)])
    cert = copy.deepcopy(v.certificate)
    cert["rewards"][0]["blocks"] = [[0, 1], [2]]
    assert any("changes an outcome set" in p for p in kernel_problems(cert))


def test_two_versus_fifty_one_kernel_checks_through_blocks():
    d = 53
    inst = Instance(A=[e(d, 0), e(d, 1)], B=[e(d, j) for j in range(2, 53)], name="2-vs-51")
    v = check_statement(scaling_law_raw.STATEMENT, inst, [tuple(range(d))])
    assert v.bound == 25 and v.status == "holds"
    assert v.provenance == "kernel-checked"
    c = v.per_reward[0][1]
    assert c.strict_fraction == Fraction(51, 53)


def test_fractional_conjecture_two_vs_fifty_one_and_the_pr_example():
    d = 53
    inst = Instance(A=[e(d, 0), e(d, 1)], B=[e(d, j) for j in range(2, 53)])
    v = check_statement(fractional_conjecture.STATEMENT, inst, random_rewards(d, count=2, seed=1))
    assert v.bound == Fraction(51, 2) and v.status == "holds"
    # PR's example: A = {e1, e2}, B ⊆ R^5 with three things, C = A ∪ B gives ≥^{3/2}_most.
    pr = Instance(A=[e(5, 0), e(5, 1)], B=[e(5, 2), e(5, 3), e(5, 4)])
    v = check_statement(fractional_conjecture.STATEMENT, pr, value_patterns(5, [0, 1, 2]))
    assert v.bound == Fraction(3, 2) and v.status == "holds"


def test_fractional_extra_hypotheses():
    inst = Instance(A=[e(4, 0), e(4, 1), e(4, 2)], B=[e(4, 3)])
    plain = check_statement(fractional_conjecture.STATEMENT, inst, [(1, 2, 3, 4)])
    assert plain.status == "holds" and plain.bound == Fraction(1, 3)
    strict = check_statement(fractional_conjecture.statement(("n_at_least_m",)), inst, [(1, 2, 3, 4)])
    assert strict.status == "hypotheses not met" and "n = 1 < m = 3" in strict.reason
    with pytest.raises(ValueError, match="unknown extra hypotheses"):
        fractional_conjecture.statement(("nonsense",))


def test_strict_conjecture_skips_non_generic_rewards():
    v = check_statement(strict_scaling_conjecture.STATEMENT, CANDY, value_patterns(3, [0, 1]))
    assert v.status == "holds" and v.skipped == 3      # (0,0,0), (0,1,1), (1,1,1) tie


def test_hypotheses_not_met():
    inst = Instance(A=[[1, 1, 0]], B=[[0, 0, 1]])
    v = check_statement(scaling_law_raw.STATEMENT, inst, [(1, 2, 3)])
    assert v.status == "hypotheses not met" and "no copy" in v.reason


def test_kernel_imports_only_the_standard_library():
    for path in pathlib.Path("symorbit/kernel").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [] if node.level else [(node.module or "").split(".")[0]]
            else:
                continue
            assert set(names) <= set(sys.stdlib_module_names) | {"__future__"}, f"{path}: imports {names}"


@pytest.mark.parametrize("rule", ["is_optimal", "anti_opt", "frac_optimal", "satisfice:1", "satisfice:5/2",
                                  "best_of_k:2", "half_best_half_random", "top_k:2", "boltzmann:1",
                                  "boltzmann:1/3"])
def test_decision_rule_counts_match_kernel(rule):
    from symorbit.analysis.decisions import decision_counts
    from symorbit.theorems import decision_rules

    inst = Instance(A=[e(4, 0)], B=[e(4, 1), e(4, 2)], C=[e(4, 0), e(4, 1), e(4, 2), e(4, 3)])
    st = decision_rules.statement(rule)
    for r in value_patterns(4, [0, 1, 3]):
        v = check_statement(st, inst, [r])
        assert v.status == "holds" and v.provenance == "kernel-checked"
        assert kernel_problems(v.certificate) == []
        gt, lt, eq, size = decision_counts(rule, list(inst.A), list(inst.B), list(inst.C), r)
        assert (gt, lt, eq) == (v.per_reward[0][1].b_better, v.per_reward[0][1].a_better, v.per_reward[0][1].ties)


def test_decision_rule_fails_when_c_is_not_fixed():
    # C contains an extra option the involutions move: the A.11 hypothesis is not met.
    inst = Instance(A=[e(3, 0)], B=[e(3, 1)], C=[e(3, 0), e(3, 1), (0, 0, 1)])
    from symorbit.theorems import decision_rules

    v = check_statement(decision_rules.STATEMENT, inst, [(1, 2, 3)])
    assert v.status == "holds"       # (0 1) fixes C here
    inst2 = Instance(A=[e(3, 0)], B=[e(3, 1)], C=[e(3, 0), e(3, 1), (1, 0, 1)])
    v2 = check_statement(decision_rules.STATEMENT, inst2, [(1, 2, 3)])
    assert v2.status == "hypotheses not met"


def test_more_options_more_power_on_opts_figure1():
    from symorbit.mdp.library import opts_figure1
    from symorbit.theorems import more_options_more_power as mp

    inst = mp.instance(opts_figure1(), "r_mid", "l_mid", "9/10")
    v = check_statement(mp.STATEMENT, inst, value_patterns(8, [0, 1]))
    assert v.status == "holds" and kernel_problems(v.certificate) == []
    # The converse direction has no copy: F(l_mid) holds no copy of F_nd(r_mid).
    back = check_statement(mp.STATEMENT, mp.instance(opts_figure1(), "l_mid", "r_mid", "9/10"), [tuple(range(8))])
    assert back.status == "hypotheses not met"
    bare = check_statement(mp.STATEMENT, Instance(A=[e(3, 0)], B=[e(3, 1)]), [(1, 2, 3)])
    assert bare.status == "hypotheses not met" and "instance(" in bare.reason


def test_refinement_invariance_claims():
    from symorbit.theorems import refinement_invariance as ri

    for m, n, k in ((1, 2, 2), (2, 3, 2), (1, 4, 3)):
        both = ri.both_sides(m, n, k)
        assert both.status == "holds" and both.original[1] == {Fraction(n, n + m)}
        assert ri.one_side(m, n, k).status == "holds"


def test_kernel_type_checks_strictly():
    import subprocess
    import sys

    pytest.importorskip("mypy")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                           "symorbit/kernel/"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize("q", [Fraction(0), Fraction(1), Fraction(-7, 3), Fraction(25, 2), Fraction(1, 1000)])
def test_kernel_exponential_enclosures_are_sound(q):
    import mpmath

    from symorbit.kernel.check import _exp_bounds

    mpmath.mp.dps = 300          # finer than the 60-term enclosures (about 1e-84)
    exact = mpmath.e ** (mpmath.mpf(q.numerator) / q.denominator)
    for terms in (20, 60):
        lo, hi = _exp_bounds(q, terms)
        assert lo <= hi
        assert mpmath.mpf(lo.numerator) / lo.denominator <= exact <= mpmath.mpf(hi.numerator) / hi.denominator
