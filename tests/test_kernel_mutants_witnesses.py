"""The kernel's witness checks, pinned by mutation testing (``bash benchmarks/mutation.sh``, docs/mutation.md).

Each test forges one witness of a small certificate (a non-domination entry, a fractional
table, an environment, the sets C and Z) and asserts the kernel's exact answer: the problem
list of a refuted certificate, or the one-line message of a malformed one. Boundary values
(a zero weight, A = C, B = C, n = m) must stay accepted.
"""

from __future__ import annotations

import copy

import pytest

from symorbit.kernel import FORMAT, Malformed, verify
from symorbit.testing import kernel_problems

ZERO = {"b_better": 0, "a_better": 0, "ties": 1, "orbit_size": 1}     # the zero reward ties under any rule


def _corpus(name):
    from test_kernel import CORPUS  # the project-written corpus (tests/ is on sys.path)

    return copy.deepcopy(CORPUS[name])


def _malformed(cert):
    with pytest.raises(Malformed) as err:
        kernel_problems(cert)
    return str(err.value)


# ------------------------------------------------------------------ non-domination certificates
# A = {(1,0,0), (2,0,0), (3,0,0), (2,1,0)}: ND(A) = {(1,0,0), (3,0,0), (2,1,0)}; (2,0,0) is their midpoint.
LINE = [[1, 0, 0], [2, 0, 0], [3, 0, 0], [2, 1, 0]]
ND_LINE = [{"vector": [1, 0, 0], "witness": [-1, 0, 0]},
           {"vector": [2, 0, 0], "combination": [[[1, 0, 0], "1/2"], [[3, 0, 0], "1/2"]]},
           {"vector": [3, 0, 0], "witness": [1, 0, 0]},
           {"vector": [2, 1, 0], "witness": [0, 1, 0]}]


def _raw(nd_A, A=LINE):
    """scaling_law_raw with B = A and the identity as its one copy: only nd_A can be wrong."""
    return {"format": FORMAT, "statement": "scaling_law_raw", "verdict": "holds", "family": "list", "A": A,
            "B": A, "rewards": [{"reward": [0, 0, 0], **ZERO}], "involutions": [[0, 1, 2]], "nd_A": nd_A}


def _entry(i, **entry):
    return [entry if j == i else e for j, e in enumerate(ND_LINE)]


def test_an_honest_non_domination_certificate_is_accepted():
    assert kernel_problems(_raw(ND_LINE)) == []
    # a zero weight is still a convex combination
    zero = _entry(1, vector=[2, 0, 0], combination=[[[1, 0, 0], "1/2"], [[3, 0, 0], "1/2"], [[2, 1, 0], 0]])
    assert kernel_problems(_raw(zero)) == []


@pytest.mark.parametrize("combination", [
    [[[1, 0, 0], 1]],                                 # weights sum to 1, but the mix is (1,0,0), not (2,0,0)
    [[[1, 0, 0], "1/2"], [[3, 0, 0], "1/4"], [[2, 1, 0], "1/4"]],     # sum 1, mix (2, 1/4, 0)
    [[[1, 0, 0], "1/2"], [[3, 0, 0], "1/3"]],         # mix (3/2, 0, 0) and weights summing to 5/6
    [[[1, 0, 0], "1/2"], [[3, 0, 0], "1/2"], [[1, 0, 0], "1/2"]],     # mix (5/2, 0, 0) and weights summing to 3/2
    [[[2, 0, 0], 1]],                                 # the vector itself is not one of the others
    [[[1, 0, 0], "1/2"], [[4, 0, 0], "1/2"]],         # (4,0,0) is not in A at all
])
def test_a_combination_that_is_not_convex_is_refuted(combination):
    assert kernel_problems(_raw(_entry(1, vector=[2, 0, 0], combination=combination))) == [
        "nd_A[1]: the combination is not a convex combination of the other vectors"]


def test_a_negative_weight_is_refuted():
    """(3,0,0) = 2 (2,0,0) - (1,0,0): weights summing to 1 and the right mix, but not convex."""
    forged = _entry(2, vector=[3, 0, 0], combination=[[[2, 0, 0], 2], [[1, 0, 0], -1]])
    assert kernel_problems(_raw(forged)) == [
        "nd_A[2]: the combination is not a convex combination of the other vectors"]


def test_a_witness_that_ties_is_refuted():
    forged = _entry(3, vector=[2, 1, 0], witness=[0, 0, 1])
    assert kernel_problems(_raw(forged)) == ["nd_A[3]: the witness reward does not make the vector strictly best"]


@pytest.mark.parametrize("entries", [ND_LINE[:3], ND_LINE + ND_LINE[:1]])
def test_the_entries_must_be_the_set_each_once(entries):
    assert kernel_problems(_raw(entries)) == ["nd_A: the entries are not exactly the vectors of the set, each once"]


SHAPE = "nd_A[1]: must be {vector, witness} or {vector, combination}"
COMB = "nd_A[1].combination: must be a non-empty list of [vector, weight]"


@pytest.mark.parametrize("entry, message", [
    ({"vector": [2, 0, 0], "witness": [1, 0, 0], "combination": [[[1, 0, 0], 1]]}, SHAPE),
    ({"witness": [1, 0, 0], "combination": [[[1, 0, 0], 1]]}, SHAPE),
    (["vector", "witness"], SHAPE),
    ({"vector": [2, 0, 0], "weight": 1}, SHAPE),
    ({"vector": [2, 0]}, SHAPE),
    ({"vector": [2, 0], "witness": [1, 0, 0]}, "nd_A[1].vector: vectors must all have the same length d"),
    ({"vector": [2, 0, 0], "witness": [1, 0]}, "nd_A[1].witness: vectors must all have the same length d"),
    ({"vector": [2, 0, 0], "combination": []}, COMB),
    ({"vector": [2, 0, 0], "combination": "x"}, COMB),
    ({"vector": [2, 0, 0], "combination": [[[1, 0, 0], "1/2", 0], [[3, 0, 0], "1/2"]]}, COMB),
    ({"vector": [2, 0, 0], "combination": [[[1, 0, 0]]]}, COMB),
    ({"vector": [2, 0, 0], "combination": [[[1, 0], 1]]},
     "nd_A[1].combination: vectors must all have the same length d"),
    ({"vector": [2, 0, 0], "combination": [[[1, 0, 0, 0], 1]]},
     "nd_A[1].combination: vectors must all have the same length d"),
    ({"vector": [2, 0, 0], "combination": [[[1, 0, 0], 0.5], [[3, 0, 0], 0.5]]},
     "nd_A[1].weight: 0.5 must be an integer or a 'p/q' string"),
])
def test_malformed_entries_get_their_message(entry, message):
    assert _malformed(_raw(_entry(1, **entry) if isinstance(entry, dict) else
                           [entry if j == 1 else e for j, e in enumerate(ND_LINE)])) == message


def test_a_witness_of_the_wrong_length_is_malformed_even_for_a_single_vector():
    """A one-vector set needs no strict comparison, but its witness must still be a reward in R^d."""
    cert = _raw([{"vector": [1, 0, 0], "witness": [1, 0]}], A=[[1, 0, 0]])
    assert _malformed(cert) == "nd_A[0].witness: vectors must all have the same length d"
    assert kernel_problems(_raw([{"vector": [1, 0, 0], "witness": [0, 0, 0]}], A=[[1, 0, 0]])) == []


# ------------------------------------------------------------------ ND(C), Z and the subsets of C
def test_relative_witnesses_name_their_field():
    cert = _corpus("relative")
    cert["nd_C"][0]["witness"] = ["0", "0", "0"]
    assert kernel_problems(cert) == ["nd_C[0]: the witness reward does not make the vector strictly best"]
    cert = _corpus("relative")
    assert _malformed({**cert, "Z": [["0", "0", "1"], ["0", "1"]]}) == "Z: vectors must all have the same length d"
    assert _malformed({**cert, "Z": [["0", "1"]]}) == "Z: vectors must all have the same length d"
    assert _malformed({**cert, "Z": [["0", "x", "1"]]}) == "Z[0]: 'x' is not an exact number"


def _rule(A, B, C, involutions):
    return {"format": FORMAT, "statement": "decision_rule_is_optimal", "verdict": "holds", "family": "list",
            "A": A, "B": B, "C": C, "rule": "is_optimal", "involutions": involutions,
            "rewards": [{"reward": [0, 0, 0], **ZERO}]}


def test_subsets_of_c_include_c_itself():
    """A, B <= C allows equality: B = C, and A = B = C with the identity as the copy."""
    E = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert kernel_problems(_rule(E[:1], E, E, [[1, 0, 2]])) == []
    assert kernel_problems(_rule(E, E, E, [[0, 1, 2]])) == []
    assert kernel_problems(_rule(E[:1], E, E[1:], [[1, 0, 2]])) == [
        "A and B must be subsets of C", "involutions[0] does not fix C"]


def test_strict_conjecture_needs_disjoint_sets():
    cert = _corpus("strict")
    cert["B"].append(cert["A"][0])
    rep = verify(cert)
    assert rep.status == "refuted" and "hypothesis disjoint fails: A and B intersect" in rep.problems
    assert "A and B are disjoint" in rep.hypotheses


# ------------------------------------------------------------------ the fractional conjecture's table
def test_table_fields_are_checked_with_their_message():
    cert = _corpus("fractional")
    table = cert["involution_table"]
    for key in ("parts", "copies", "involution_table"):
        for bad in ([], "x"):
            assert _malformed({**cert, key: bad}) == f"{key}: must be a non-empty list"
    assert _malformed({**cert, "parts": [[["0", "1", "0", "0"]], cert["parts"][1]]}) == \
        "parts[0]: vectors must all have the same length d"
    assert _malformed({**cert, "copies": [cert["copies"][0], [["0", "0", "1"]], cert["copies"][2]]}) == \
        "copies[1]: vectors must all have the same length d"
    shape = "involution_table: must be 2 rows of 3 permutations (parts x copies)"
    assert _malformed({**cert, "involution_table": table[:1]}) == shape
    assert _malformed({**cert, "involution_table": table + table[:1]}) == shape
    assert _malformed({**cert, "involution_table": [row[:2] for row in table]}) == shape
    assert _malformed({**cert, "involution_table": [table[0], "abc"]}) == shape
    assert _malformed({**cert, "involution_table": [table[0], table[1][:2] + [[0, 1]]]}) == \
        "involution_table[1][2]: must be a permutation of 0..4"


def test_a_table_entry_that_is_not_an_involution_is_refuted():
    cert = _corpus("fractional")
    # the 3-cycle c -> a -> b -> c (coordinate j goes to p[j]) maps parts[0] = {e_a} onto copies[0] = {e_b}, but moves
    # e_c (parts[1]); the coordinates are read from the corpus, whose copies come in the order the engine deals them
    a, b, c = (next(j for j, x in enumerate(S[0]) if x != "0") for S in (cert["parts"][0], cert["copies"][0],
                                                                        cert["parts"][1]))
    p = list(range(5))
    p[c], p[a], p[b] = a, b, c
    cert["involution_table"][0][0] = p
    assert kernel_problems(cert) == ["involution_table[0][0] is not an involution",
                                       "involution_table[0][0] does not fix parts[1]"]


def test_added_hypotheses_are_listed_each():
    rep = verify({**_corpus("fractional"), "statement": "fractional_conjecture+fix_C+disjoint"})
    assert rep.status == "verified"
    assert rep.hypotheses == ["m = 2 parts of A, n = 3 common copies in B (PR D.13 table); every phi_ji fixes C",
                              "A and B are disjoint"]


# ------------------------------------------------------------------ outcome sets from an environment
# s0 moves to s1, s2 or s3 and stays there: F(s0) = {e0 + e_k} at discount 1/2 (1 + 1/2 + 1/4 + ... = 2).
FORK = {"deterministic": {"s0": ["s1", "s2", "s3"], "s1": [], "s2": [], "s3": []}}
V1, V2, V3 = [1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 1]


def _counts(A, B, C, relative, a_actions=("s1",), b_actions=("s2",)):
    cert = {"format": FORMAT, "statement": "orbit_counts", "verdict": "counted", "family": "list", "A": A, "B": B,
            "rewards": [{"reward": [0, 0, 0, 0], **ZERO}],
            "environment": {"mdp": FORK, "state": "s0", "discount": "1/2", "a_actions": list(a_actions),
                            "b_actions": list(b_actions), "relative": relative}}
    return cert if C is None else {**cert, "C": C}


def test_c_is_derived_from_the_environment():
    """relative: C = F(s); otherwise C = F(s|a) u F(s|b)."""
    assert kernel_problems(_counts([V1], [V2], [V1, V2, V3], True)) == []
    assert kernel_problems(_counts([V1], [V2], [V1, V2], False)) == []
    assert kernel_problems(_counts([V1], [V2], None, False)) == []
    assert verify(_counts([V1], [V2], [V1, V2], False)).outcome_sets_from_environment
    wrong_c = ["C differs from the outcome set the kernel derives from the environment"]
    assert kernel_problems(_counts([V1], [V2], [V1, V2], True)) == wrong_c
    assert kernel_problems(_counts([V1], [V2], [V1, V2, V3], False)) == wrong_c
    assert kernel_problems(_counts([V1], [V2], [V1, V3], False)) == wrong_c
    # several actions on one side: F(s|a) = {e0 + e1, e0 + e3}
    assert kernel_problems(_counts([V1, V3], [V2], [V1, V2, V3], False, a_actions=("s1", "s3"))) == []


def test_a_and_b_are_derived_from_the_environment():
    msg = "{} differs from the outcome set the kernel derives from the environment"
    assert kernel_problems(_counts([V2], [V1], None, False)) == [msg.format("A"), msg.format("B")]
    assert kernel_problems(_counts([V1], [V3], None, False)) == [msg.format("B")]
    assert kernel_problems(_counts([V3], [V2], None, False)) == [msg.format("A")]


# ------------------------------------------------------------------ POWER (OPTS Prop. 6.6)
POWER_SETS = "A or B differs from F(s') - e_s' or F(s) - e_s derived from the environment"


def test_power_sets_are_derived_each():
    cert = _corpus("power")
    assert POWER_SETS in kernel_problems({**cert, "B": cert["B"][:-1]})       # A right, B wrong
    assert POWER_SETS in kernel_problems({**cert, "A": cert["A"][:-1]})       # A wrong, B right
    assert POWER_SETS not in kernel_problems({**cert, "verdict": "fails"})


def test_power_non_domination_names_its_field():
    cert = _corpus("power")
    cert["nd_F_other"][0]["witness"] = ["0"] * 8
    assert kernel_problems(cert) == ["nd_F_other[0]: the witness reward does not make the vector strictly best"]
