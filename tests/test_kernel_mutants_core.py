"""The kernel's completeness check and counting core, pinned by mutation testing (issue 12).

``symorbit.kernel.chambers`` decides whether a family "all" certificate's split trees prove
its profile list complete. Its one safety property: whatever trees a certificate carries,
the kernel either reports a problem or returns exactly the profiles rewards in R^d show.
The tests here forge trees (pruned splits, swapped sides, other normals, empty cones) on
small instances (raw and relative to C, common and non-common coordinate sums, overlapping
sets) and hold every accepted replay to the engine's count_profiles (itself tested against
brute force in test_kernel_chambers.py); plus the kernel's exact messages and work bounds.
"""

from __future__ import annotations

import random
import signal
from fractions import Fraction

import pytest

from symorbit.kernel import Malformed
from symorbit.kernel.certificate import _nondominated
from symorbit.kernel.chambers import chamber_profiles
from symorbit.kernel.check import KERNEL_WORK_LIMIT, Budget
from symorbit.orbits.profiles import count_profiles
from symorbit.proofs.all_rewards import check_all_rewards
from symorbit.proofs.statements import Hypotheses, Instance, Statement
from symorbit.testing import kernel_problems

F = Fraction


@pytest.fixture(autouse=True)
def _bounded_time():
    """Every replay here takes well under a second: a kernel loop that never ends fails the test."""
    def stop(signum, frame):
        raise TimeoutError("the kernel did not finish within 20 s")
    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def anything(mode):
    """b >= 0 * a holds on every profile: check_all_rewards writes the completeness certificate of any instance."""
    return Statement(name="anything", title="", source="test", status="claimed", text="", mode=mode,
                     hypotheses=lambda inst: Hypotheses(True, "assumed"),
                     conclusion=lambda data: {"kind": "most", "ratio": Fraction(0)})


def certificate(A, B, C=None):
    v = check_all_rewards(anything("raw" if C is None else "relative"), Instance(A=A, B=B, C=C))
    assert v.status == "holds" and v.certificate["family"] == "all", v.provenance
    return v.certificate


def e(d, j):
    return tuple(int(i == j) for i in range(d))


# Instances: (A, B, C). Common sums (one-hot, visit-like), non-common sums, A and B sharing vectors,
# C overlapping A and B in part, and one in d = 4.
INSTANCES = [
    ([e(3, 0)], [e(3, 1), e(3, 2)], None),                                    # candy, common sum
    ([(2, 0, 1), (0, 1, 1)], [(1, 2, 0), (0, 0, 3)], None),                   # common sum 3
    ([(1, 0, 0)], [(0, 1, 0), (0, 0, 2)], None),                              # non-common sums
    ([(0, 1, 2), (3, 0, 0)], [(0, 1, 2), (1, 2, 1)], None),                   # a shared vector, non-common
    ([(2, 0, 1), (0, 3, 0)], [(2, 0, 1)], None),                              # B inside A
    ([(1, 2, 0)], [(1, 2, 0), (0, 0, 3), (3, 0, 0)], None),                   # A inside B, common sum
    ([(4, 1, 0, 0), (0, 3, 2, 0)], [(2, 0, 0, 3), (0, 2, 3, 0)], None),      # d = 4
    ([(1, 0)], [(0, 1)], None),                                               # d = 2, common sum: one root ray
    ([(F(1, 2), 0, 0)], [(0, F(1, 3), 0), (0, 0, F(1, 4))], None),            # fractions: integer multiples
    ([e(3, 0)], [e(3, 1)], [e(3, 0), e(3, 1), e(3, 2)]),                      # IsOptimal, one-hot
    ([(2, 0, 1)], [(0, 1, 2), (1, 1, 1)], [(2, 0, 1), (0, 3, 0), (1, 1, 1)]),  # relative, common sum
    ([(0, 0, 0)], [(2, 1, 2), (0, 1, 2)], [(0, 0, 0), (0, 1, 2)]),            # relative, non-common
    ([(1, 0, 2), (0, 2, 0)], [(2, 1, 0)], [(1, 0, 2), (0, 3, 1), (2, 1, 0), (1, 1, 1)]),
    ([(3, 0, 0), (0, 1, 1)], [(0, 2, 0), (1, 0, 1)], [(0, 1, 1), (1, 0, 1), (2, 2, 0)]),
]


def _replay(cert, trees, budget=None):
    """(profiles, problems) of the kernel's replay of ``trees`` over the certificate's ND sets."""
    problems: list[str] = []
    sets = [[tuple(F(x) for x in v) for v in cert[k]] for k in ("A", "B", "C") if k in cert]
    nd = [_nondominated(cert[f"nd_{k}"], X, f"nd_{k}", problems) for k, X in zip("ABC", sets)]
    assert problems == []
    got = chamber_profiles(nd[0], nd[1], nd[2] if "C" in cert else None, trees, budget or Budget(), problems)
    return got, problems


def _end(tree, pos):
    """The position after the subtree at ``pos``."""
    return pos + 1 if tree[pos] == 0 else _end(tree, _end(tree, pos + 1))


def _forged_trees(trees, rng):
    """Trees a forger might write: each split pruned to a leaf, its sides swapped, its normal replaced."""
    d = next((len(n) for t in trees for n in t if n != 0), 3)
    for n, tree in enumerate(trees):
        def put(sub, n=n):
            return trees[:n] + [sub] + trees[n + 1:]
        for at in [k for k, node in enumerate(tree) if node != 0]:
            yield put(tree[:at] + [0] + tree[_end(tree, at):])                  # pruned
            yield put(tree[:at] + [[-x for x in tree[at]]] + tree[at + 1:])     # sides swapped
            other = [rng.randint(-2, 2) for _ in range(d)]
            if any(other):
                yield put(tree[:at] + [other] + tree[at + 1:])                  # another normal
        yield put([0])                                                          # no split at all


@pytest.mark.parametrize("inst", range(len(INSTANCES)))
def test_a_forged_tree_is_rejected_or_proves_exactly_the_true_profiles(inst):
    """Soundness: an accepted replay returns exactly count_profiles' profiles, whatever the trees."""
    A, B, C = INSTANCES[inst]
    cert = certificate(A, B, C)
    truth = {p.counts for p in count_profiles(A, B, relative_to=C)}
    assert sorted(truth) == sorted((r["b_better"], r["a_better"], r["ties"], r["orbit_size"])
                                   for r in cert["rewards"])
    assert _replay(cert, cert["chamber"]) == (truth, [])
    rng = random.Random(inst)
    rejected = 0
    for trees in _forged_trees(cert["chamber"], rng):
        try:
            got, problems = _replay(cert, trees)
        except Malformed:
            continue
        if problems:
            assert got == set() and len(problems) == 1 and " is a leaf but x" in problems[0]
            rejected += 1
        else:
            assert got == truth, trees
    if any(node != 0 for tree in cert["chamber"] for node in tree):
        assert rejected, "no forged tree was rejected: the instance tests nothing"


def test_an_unsettled_leaf_is_one_exact_problem_and_a_missing_profile_another():
    """What `symorbit verify` prints: the first unsettled leaf (its vectors and permutation), nothing after it."""
    cert = certificate(*INSTANCES[2])                    # A = {(1, 0, 0)}, B = {(0, 0, 2), (0, 1, 0)}: two roots
    assert kernel_problems(cert) == []
    # x1 - x0 = (0, 0, 2) - (1, 0, 0) under tau = (1, 2, 0): 2 r_1 - r_2 is +1, -1, 0 at the rays (1, 1, 1),
    # (0, 1, 1), (0, 0, 1) of the root r_1 >= 0; under tau = id on the root r_1 <= 0: 2 r_3 - r_1 is -1, +2, +2
    assert kernel_problems({**cert, "chamber": [[0], [0]]}) == [
        "chamber: chamber[0][0] is a leaf but x1 - x0 changes sign on it under permutation (1, 2, 0)"]
    assert kernel_problems({**cert, "chamber": [cert["chamber"][0], [0]]}) == [
        "chamber: chamber[1][0] is a leaf but x1 - x0 changes sign on it under permutation (0, 1, 2)"]
    for rewards in (cert["rewards"][1:], cert["rewards"] + cert["rewards"][:1]):
        assert kernel_problems({**cert, "rewards": rewards}) == [
            "rewards: the listed profiles are not the 14 profiles of the chamber subdivision (each exactly once)"]


def test_a_split_that_leaves_one_side_empty_is_malformed():
    """h . r < 0 (or > 0) on every ray: one side is Q again, which a forger could replay without end."""
    cert = certificate(*INSTANCES[0])                    # candy: one root cone(e_2, e_3) and one leaf
    assert cert["chamber"] == [[0]]
    truth = _replay(cert, [[0]])
    assert truth[0] == {(0, 0, 1, 1), (2, 1, 0, 3), (1, 0, 2, 3), (4, 2, 0, 6)} and truth[1] == []
    for h in ([0, -1, -1], [0, 1, 1], [0, 0, 1]):
        with pytest.raises(Malformed, match=r"chamber\[0\]\[0\] does not cut its cone"):
            _replay(cert, [[h, 0, 0]])


def test_the_work_bound_counts_every_ray_value_node_and_face():
    """A = B = {e_0}, one leaf on the root. d = 3, cone((0, 1, 1), (0, 0, 1)), k = 2 rays: the node costs k^2 = 4,
    the rays k * d! * (|vectors| + 2) values (2 * 6 * 4 = 48), the leaf test d! * pairs * (k * (|X| + |Y|)^2 + 1)
    (6 * 9 = 54), the face walk 5 + 9 = 14, and of the 3 faces the one of two rays is valued at their sum
    (6 * 4 = 24; a ray's face reuses the ray's values): 144 raw; relative to C = A, 60 + 108 for the two pairs
    + 30: 216. d = 4, cone(e_2, e_3, e_4): 9 + 3 * 96 + 312 + 66 + 4 faces of 2 or 3 rays * 96 = 1059."""
    A = [(F(1), F(0), F(0))]
    A4 = [(F(1), F(0), F(0), F(0))]
    for A, C, work in ((A, None, 144), (A, A, 216), (A4, None, 1059)):
        budget = Budget()
        assert chamber_profiles(A, A, C, [[0]], budget, []) == {(0, 0, n, n) for n in (
            (1, 3, 6) if len(A[0]) == 3 else (1, 4, 6, 12, 24))}
        assert KERNEL_WORK_LIMIT - budget.left == work
        chamber_profiles(A, A, C, [[0]], Budget(work), [])              # exactly enough
        with pytest.raises(Malformed) as err:
            chamber_profiles(A, A, C, [[0]], Budget(work - 1), [])
        assert str(err.value) == f"too large: the certificate needs more than {work - 1} units of kernel work"


def test_the_size_bound_is_d_factorial_times_the_vectors_at_most_100000():
    def run(d, n, trees=None):
        A = [tuple(F(i) if k == 0 else F(0) for k in range(d)) for i in range(1, n)]
        with pytest.raises(Malformed) as err:
            chamber_profiles(A, [(F(0),) * d], None, trees, Budget(), [])
        return str(err.value)
    too_large = "too large: family 'all' is checked for d! * |A + B + C| <= 100000 (d = {})"
    assert run(8, 3) == too_large.format(8)                       # 8! * 3 = 120960
    assert run(1, 100_001) == too_large.format(1)
    assert run(1, 100_000) == "chamber: must be a list of 2 tree(s), one per root cone"     # exactly at the bound
    assert run(8, 2) == "chamber: must be a list of 2 tree(s), one per root cone"           # 8! * 2 = 80640


def test_one_coordinate_with_a_common_sum_has_no_root_and_only_the_zero_reward():
    one = [(F(1),)]
    assert chamber_profiles(one, one, None, [], Budget(), []) == {(0, 0, 1, 1)}
    with pytest.raises(Malformed, match="must be a list of 0 tree"):
        chamber_profiles(one, one, None, [[0]], Budget(), [])
    assert chamber_profiles(one, [(F(2),)], None, [[0], [0]], Budget(), []) == {(0, 0, 1, 1), (1, 0, 0, 1),
                                                                               (0, 1, 0, 1)}


def test_two_coordinates_with_a_common_sum_have_one_root_ray():
    """d = 2, common sum: the root is cone(e_2) = {(0, c)} (shifts by c·1 change nothing), one tree of one leaf."""
    A, B = [(F(1), F(0))], [(F(0), F(1))]
    assert chamber_profiles(A, B, None, [[0]], Budget(), []) == {(0, 0, 1, 1), (1, 1, 0, 2)}
    with pytest.raises(Malformed, match="must be a list of 1 tree"):
        chamber_profiles(A, B, None, [], Budget(), [])


def test_relative_to_c_a_leaf_must_settle_a_against_c_too():
    """IsOptimal(A | C) vs IsOptimal(B | C): B = C = {(0, 0, 1)} is settled everywhere (B ties max C), but
    (0, 2, 0) - (0, 0, 1) is +1 at the ray (1, 1, 1) and -1 at (0, 0, 1) of the root r_1 >= 0: one leaf there is
    a problem, found by the A-vs-C comparison alone."""
    problems: list[str] = []
    A, B = [(F(0), F(2), F(0))], [(F(0), F(0), F(1))]
    assert chamber_profiles(A, B, B, [[0], [0]], Budget(), problems) == set()
    assert problems == ["chamber: chamber[0][0] is a leaf but x0 - x2 changes sign on it under permutation (0, 1, 2)"]


# The engine's trees for A = {(1, 0, 0)}, B = {(0, 0, 2), (0, 1, 0)} (no common sum: roots r_1 >= 0, r_1 <= 0).
T0 = [[0, 2, -1], [2, -1, 0], [2, 0, -1], 0, 0, 0, 0]
T1 = [[-1, 0, 2], [0, -1, 2], [0, 2, -1], 0, 0, 0, 0]
TWO = "chamber: must be a list of 2 tree(s), one per root cone"
NORMAL = "chamber: chamber[{}][{}] must be 0 or a non-zero normal of 3 integers"


@pytest.mark.parametrize("trees, message", [
    (None, TWO), ([T0], TWO), ([T0, T1, [0]], TWO),
    ([0, T1], "chamber[0]: must be a list of at most 100000 nodes"),
    ([T0, "0"], "chamber[1]: must be a list of at most 100000 nodes"),
    ([[0] * 100_001, T1], "chamber[0]: must be a list of at most 100000 nodes"),
    ([T0 + [0] * (100_000 - len(T0)), T1], "chamber[0]: 99993 nodes after the tree ends"),  # MAX_NODES: read
    ([T0, T1 + [0, 0]], "chamber[1]: 2 nodes after the tree ends"),
    ([T0[:-1], T1], "chamber[0]: the tree ends early"),
    ([T0, []], "chamber[1]: the tree ends early"),
    ([[[1, -1], 0, 0], T1], NORMAL.format(0, 0)),
    ([T0, [[0, 0, 0], 0, 0]], NORMAL.format(1, 0)),
    ([[[0, 2, -1], [True, 0, -1], 0, 0, 0], T1], NORMAL.format(0, 1)),
    ([[[1, -1, 0], 0, 0], T1], "chamber: chamber[0][0] does not cut its cone (no ray lies strictly on each side)"),
    ([[[F(1, 2), -1, 0], 0, 0], T1], NORMAL.format(0, 0)),
    ([[["1", -1, 0], 0, 0], T1], NORMAL.format(0, 0)),
    ([[[1.0, -1, 0], 0, 0], T1], NORMAL.format(0, 0)),
    ([[False], T1], NORMAL.format(0, 0)),
])
def test_malformed_trees_get_their_one_line_message(trees, message):
    A, B = [(F(1), F(0), F(0))], [(F(0), F(0), F(2)), (F(0), F(1), F(0))]
    problems: list[str] = []
    assert len(chamber_profiles(A, B, None, [T0, T1], Budget(), problems)) == 14 and problems == []
    with pytest.raises(Malformed) as err:
        chamber_profiles(A, B, None, trees, Budget(), [])
    assert str(err.value) == message


# ------------------------------------------------------------------ check.py and rewards.py: bounds and messages
def test_the_budget_allows_exactly_its_limit():
    budget = Budget(3)
    for _ in range(3):
        budget.spend()
    with pytest.raises(Malformed) as err:
        budget.spend()
    assert str(err.value) == "too large: the certificate needs more than 3 units of kernel work"


def test_numbers_up_to_200_characters_and_vectors_that_are_lists():
    from symorbit.kernel.check import _num, _vecs

    assert _num("0" * 199 + "7", "x") == 7 and _num("-" + "0" * 198 + "1", "x") == -1
    with pytest.raises(Malformed, match="is not an exact number"):
        _num("0" * 200 + "7", "x")
    for raw in ([], 5, [[]], [[1], []], [(1, 2)], "ab"):
        with pytest.raises(Malformed) as err:
            _vecs(raw, "A", None)
        assert str(err.value) == "A: must be a non-empty list of non-empty vectors"


def test_a_boltzmann_comparison_beyond_600_taylor_terms_is_refused():
    """e^1000 vs e^999: the Lagrange remainder after 600 terms dwarfs both, so no sign is claimed."""
    from symorbit.kernel.check import _boltzmann_sign

    with pytest.raises(Malformed) as err:
        _boltzmann_sign([F(999)], [F(1000)])
    assert str(err.value) == "rule: a Boltzmann comparison could not be separated"


def test_reward_families_at_their_bounds():
    from symorbit.kernel.rewards import MAX_FAMILY, family_rewards

    spec = "patterns:" + ",".join(map(str, range(MAX_FAMILY)))
    assert len(family_rewards(spec, 1)) == MAX_FAMILY                         # C(n + d - 1, d) = n for d = 1
    with pytest.raises(Malformed) as err:
        family_rewards(spec + ",-1", 1)
    assert str(err.value).startswith("too large: family 'patterns:0,1,") and \
        str(err.value).endswith(f" has more than {MAX_FAMILY} rewards")
    assert len(family_rewards("patterns:0,1,2", 4)) == 15                     # C(6, 4)
    assert len(family_rewards(f"random:{MAX_FAMILY}:1", 1)) == MAX_FAMILY
    with pytest.raises(Malformed) as err:
        family_rewards(f"random:{MAX_FAMILY + 1}:1", 1)
    assert str(err.value) == f"too large: family 'random:{MAX_FAMILY + 1}:1' has more than {MAX_FAMILY} rewards"
    rng = random.Random(99999999999)                                         # 11 digits: the longest seed
    assert family_rewards("random:3:99999999999", 2) == [(F(rng.randint(0, 10**6)), F(rng.randint(0, 10**6)))
                                                        for _ in range(3)]
    for bad in ("random:3:999999999999", "random:999999999999:1", "random:3", "random:-1:2", "patterns:"):
        with pytest.raises(Malformed) as err:
            family_rewards(bad, 2)
        assert str(err.value) == f"family: {bad!r} must be patterns:V1,V2,..., random:COUNT:SEED, list or all"


@pytest.mark.parametrize("A, B, r, counts", [
    ([["1/3"]], [["1/18446744073709551629"]], ["1"], (0, 1, 0, 1)),           # denominators past 2^64: Fractions
    ([["1/3"]], [["1/18446744073709551629"]], ["-1"], (1, 0, 0, 1)),
    ([[1]], [[2]], [0], (0, 0, 1, 1)),                                         # small numbers: integers
])
def test_one_coordinate_orbit_counts_in_either_arithmetic(A, B, r, counts):
    from test_kernel_hostile import COUNTS, entry

    cert = {**COUNTS, "A": A, "B": B, "rewards": [entry(r, *counts)]}
    del cert["C"]
    assert kernel_problems(cert) == []


@pytest.mark.parametrize("spec", ["random:5:-1", "random:5:-0", "random:3:999999999999", "random:999999999999:1",
                                  "random:5:+1", "random:5: 1", "random:5:١"])
def test_the_engine_refuses_every_random_family_the_kernel_cannot_read(spec):
    # random:5:-1 was drawn by the engine and its certificates refused by the kernel ("must be ... random:COUNT:SEED");
    # both read COUNT and SEED as ASCII digits, at most 11 each
    from symorbit.errors import InvalidArgument
    from symorbit.kernel.rewards import family_rewards
    from symorbit.orbits.rewards import reward_family

    with pytest.raises(Malformed):
        family_rewards(spec, 2)
    with pytest.raises(InvalidArgument, match="write random:COUNT:SEED with integers COUNT >= 1 and SEED >= 0"):
        reward_family(spec, 2)
    assert len(reward_family("random:3:99999999999", 2)) == 3 == len(family_rewards("random:3:99999999999", 2))
