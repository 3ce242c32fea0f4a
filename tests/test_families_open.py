"""The families aimed at m ≥ 2 things (issue 27): split-mdp and parts-vectors, against brute force."""

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit.counterexamples.families import family, family_work
from symorbit.counterexamples.worker import check_instance_spec, instance_from_spec
from symorbit.errors import InvalidArgument
from symorbit.outcomes.groups import apply_to_set
from symorbit.theorems import fractional_conjecture as fc


def _succ(spec):
    k = len(spec["mdp"])
    return tuple(tuple(sorted(int(t[1:]) for t in spec["mdp"][f"s{u}"])) for u in range(k))


def _brute_force_classes(k, b):
    """Every labelled split MDP, grouped by relabelling s3..s(K-1) (no orderly generation)."""
    nodes = range(1, k)
    choices = [c for r in range(b + 1) for c in itertools.combinations(nodes, r)]
    classes = set()
    for rest in itertools.product(choices, repeat=k - 1):
        succ = ((1, 2),) + rest
        forms = []
        for perm in itertools.permutations(range(3, k)):
            m = {0: 0, 1: 1, 2: 2} | dict(zip(range(3, k), perm))
            out = [()] * k
            for u, row in enumerate(succ):
                out[m[u]] = tuple(sorted(m[v] for v in row))
            forms.append(tuple(out))
        classes.add(min(forms))
    return classes


@pytest.mark.parametrize("k, b", [(3, 2), (4, 2), (4, 3)])
def test_split_mdp_lists_each_class_once(k, b):
    fam = family(f"split-mdp:{k}:{b}", cache=False)
    listed = [_succ(s) for s in fam.specs]
    assert len(set(listed)) == len(listed) == fam.size
    assert set(listed) == _brute_force_classes(k, b)
    for spec in fam.specs:
        assert spec["mdp"]["s0"] == ["s1", "s2"] and (spec["state"], spec["a"], spec["b"]) == ("s0", "s1", "s2")
        assert all("s0" not in row for u, row in spec["mdp"].items() if u != "s0")     # nothing enters s0
        assert all(len(row) <= b for u, row in spec["mdp"].items() if u != "s0")
    assert fam.size + fam.duplicates == (sum(1 for r in range(b + 1) for _ in itertools.combinations(range(k - 1), r))
                                         ** (k - 1))


def test_split_mdp_gamma_and_size():
    fam = family("split-mdp:4:2:1/2", cache=False)
    assert fam.name == "split-mdp:4:2:1/2" and {s["gamma"] for s in fam.specs} == {"1/2"}
    assert family("split-mdp:4:2", cache=False).name == "split-mdp:4:2:average"
    assert family_work("split-mdp:5:3") < family_work("split-mdp:6:3")


def _fixing_conditions_hold(inst, parts, copies, phis, n):
    """PR Conj. D.13's conditions, checked directly: φ_ji involution, φ_ji·A_j = B_i, fixes the other A_j′ and B_i′
    and C."""
    C = frozenset(inst.C)
    for (j, i), phi in phis.items():
        assert all(phi[phi[x]] == x for x in range(inst.d))
        assert apply_to_set(phi, parts[j]) == copies[i]
        assert all(apply_to_set(phi, P) == P for t, P in enumerate(parts) if t != j)
        assert all(apply_to_set(phi, Q) == Q for t, Q in enumerate(copies) if t != i)
        assert apply_to_set(phi, C) == C
    return len(copies) >= n


@settings(max_examples=10, deadline=None)
@given(st.sampled_from([5, 6]), st.integers(0, 10**6))
def test_parts_vectors_meet_the_corrected_hypotheses_by_construction(d, seed):
    for spec in family(f"parts-vectors:{d}:3:{seed}").specs:
        inst = instance_from_spec(spec)
        assert inst.parts is not None and len(inst.parts) >= 2
        assert frozenset(inst.C) >= frozenset(inst.A) | frozenset(inst.B)
        hyp = fc.statement(("n_at_least_m", "fix_C")).check_hypotheses(inst)
        assert hyp.met, (spec, hyp.reason)
        data = hyp.data
        m = len(spec["parts"])
        assert data["m"] == m and data["n"] >= m
        assert _fixing_conditions_hold(inst, data["parts"], data["copies"], data["involution_table"], m)


def test_parts_vectors_spec_and_errors():
    spec = family("parts-vectors:5:1:0").specs[0]
    assert set(spec) == {"key", "A", "B", "C", "parts"}
    assert sorted(map(tuple, spec["A"])) == sorted(tuple(v) for p in spec["parts"] for v in p)
    with pytest.raises(InvalidArgument, match="parts-vectors:3: D must be at least 4"):
        family("parts-vectors:3:2:0")
    with pytest.raises(InvalidArgument, match="split-mdp:2:1: K must be at least 3"):
        family("split-mdp:2:1", cache=False)
    with pytest.raises(InvalidArgument, match="split-mdp:K:B"):
        family("split-mdp:4")


def test_search_records_carry_m_and_n():
    """A search record of PR Conj. D.13 says how many things (m) and copies (n) the instance has."""
    spec = {"key": "two-vs-three", "mdp": {"s0": ["s1", "s2"], "s1": ["s1", "s3"], "s2": ["s2", "s4", "s5"],
                                           "s3": [], "s4": [], "s5": []},
            "state": "s0", "a": "s1", "b": "s2", "gamma": "average"}
    rec = check_instance_spec("fractional_conjecture+n_at_least_m+fix_C", spec, "all")
    assert (rec["status"], rec["m"], rec["n"]) == ("holds", 2, 3)
    assert Fraction(rec["worst"]["claim_worst"]["value"]) == Fraction(3, 2)
    two_vs_one = family("one-hot:3").specs[12]                       # A = {e0, e1}, B = {e2}
    rec = check_instance_spec("fractional_conjecture", two_vs_one, "patterns:0,1")
    assert (rec["status"], rec["m"], rec["n"], rec["counterexample"]) == ("fails", 2, 1, ["0", "1", "1"])
