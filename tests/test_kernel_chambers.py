"""Completeness certificates for "holds for every reward" (issue 13): the kernel replays the chamber splits.

The engine (count_profiles, PPL) writes its split tree; the kernel (symorbit.kernel.chambers, stdlib only)
re-derives every cone by double description, checks every leaf is settled and re-counts every face. Tested
against the engine and dense sampling, and against forged trees and profile lists.
"""

import copy
import itertools
import json
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit.cli.commands import main
from symorbit.kernel import Malformed
from symorbit.kernel.chambers import chamber_profiles, split
from symorbit.kernel.check import Budget
from symorbit.orbits.counting import orbit_counts
from symorbit.orbits.profiles import count_profiles, profile_trees
from symorbit.proofs.all_rewards import ENGINE_ONLY_ALL, check_all_rewards
from symorbit.proofs.statements import Hypotheses, Instance, Statement
from symorbit.testing import kernel_problems
from symorbit.testing.naive import naive_orbit_counts
from symorbit.theorems import resolve

A4 = [(4, 1, 0, 0), (0, 3, 2, 0)]
B4 = [(2, 0, 0, 3), (0, 2, 3, 0)]
KERNEL_ALL = "kernel-checked (every reward: chamber subdivision)"


def anything(mode="raw"):
    """b ≥ 0·a: true of every profile, so check_all_rewards writes the completeness certificate of any instance."""
    return Statement(name="anything", title="", source="test", status="claimed", text="", mode=mode,
                     hypotheses=lambda inst: Hypotheses(True, "assumed"),
                     conclusion=lambda data: {"kind": "most", "ratio": Fraction(0)})


def certificate(A, B, C=None):
    v = check_all_rewards(anything("raw" if C is None else "relative"), Instance(A=A, B=B, C=C))
    assert v.status == "holds" and v.certificate["family"] == "all"
    return v


def counts(cert):
    return sorted((e["b_better"], e["a_better"], e["ties"], e["orbit_size"]) for e in cert["rewards"])


vectors = st.lists(st.tuples(*[st.integers(0, 3)] * 3), min_size=1, max_size=3, unique=True)


@settings(max_examples=40, deadline=None)
@given(vectors, vectors, st.booleans(), st.integers(0, 2**31))
def test_kernel_finds_exactly_the_engines_profiles_and_every_sampled_one(A, B, relative, seed):
    rng = random.Random(seed)
    C = sorted(set(rng.sample(A + B, rng.randint(1, len(A + B)))) | {tuple(rng.randint(0, 3) for _ in range(3))}) \
        if relative else None     # C overlaps A and B only in part: each shared vector keeps both roles
    v = certificate(A, B, C)
    assert v.provenance.startswith("kernel-checked: counts and claim") and v.provenance.endswith("(every reward: chamber subdivision)")
    assert kernel_problems(json.loads(json.dumps(v.certificate))) == []
    listed = counts(v.certificate)
    assert listed == sorted(p.counts for p in count_profiles(A, B, relative_to=C))
    for r in itertools.product(range(-2, 3), repeat=3):            # dense sampling: every profile is listed
        c = orbit_counts(A, B, r, relative_to=C)
        assert (c.b_better, c.a_better, c.ties, c.orbit_size) in listed


def test_relative_to_a_set_missing_a_vector_of_b_is_complete():
    # The engine once dropped (0, 1, 2) as a vector of C because B's (2, 1, 2) beats it: as a member of C it
    # still sets max C. The kernel rejected the engine's tree; these profiles were missing.
    A, B, C = [(0, 0, 0)], [(2, 1, 2), (0, 1, 2)], [(0, 0, 0), (0, 1, 2)]
    found = {p.counts: p.reward for p in count_profiles(A, B, relative_to=C)}
    for key in ((4, 1, 1, 6), (4, 2, 0, 6), (6, 0, 0, 6)):
        b, a, t = naive_orbit_counts(A, B, found[key], C=C)
        assert (b, a, t, b + a + t) == key
    assert kernel_problems(certificate(A, B, C).certificate) == []


def test_the_kernel_replays_b_against_a_alone_exactly_where_max_c_is_max_of_a_and_b():
    """Relative to C with ND(C) ⊆ A ∪ B and ND(A) ∪ ND(B) ⊆ C (max_C = max(max_A, max_B)) the engine's tree and
    the kernel's replay compare B with A alone; elsewhere both keep C. A certificate for each case verifies, and
    the raw tree given for a C that is not such a set is refuted (its counts are not those relative to C)."""
    A, B = [(0, 0, 1)], [(1, 2, 0), (0, 2, 2)]       # (1/2, 2, 1) below: the midpoint of B's, never strictly optimal
    raw_tree = profile_trees(A, B)[1]
    for C, alone in ((A + B, True), (A + B + [(Fraction(1, 2), 2, 1)], True), (B, False), (A + B + [(4, 0, 0)], False)):
        cert = certificate(A, B, C).certificate
        assert kernel_problems(json.loads(json.dumps(cert))) == []
        assert (_compared(cert)[2] is None) == alone
        assert (cert["chamber"] == raw_tree) == alone
        if not alone:
            forged = {**cert, "chamber": raw_tree}
            assert kernel_problems(json.loads(json.dumps(forged))), C


def test_scaling_law_holds_for_every_reward_kernel_checked_and_cli_verifies(capsys, tmp_path):
    inst = tmp_path / "q4.json"
    inst.write_text(json.dumps({"A": [[1, 0, 0, 0]], "B": [[0, 1, 0, 0], [0, 0, 1, 0]]}))
    cert = tmp_path / "cert.json"
    assert main(["check", "scaling_law_raw", str(inst), "--rewards", "all", "--certificate", str(cert)]) == 0
    data = json.loads(cert.read_text())
    assert data["family"] == "all" and data["statement"] == "scaling_law_raw" and len(data["rewards"]) == 8
    assert main(["verify", str(cert)]) == 0
    data["rewards"].pop()                                               # a profile left out
    cert.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["verify", str(cert)]) == 1 and "profiles of the chamber subdivision" in capsys.readouterr().out
    del data["chamber"]
    cert.write_text(json.dumps(data))
    assert main(["verify", str(cert)]) == 2


@pytest.fixture(scope="module")
def forged_base():
    cert = certificate(A4, B4).certificate
    assert len(cert["chamber"][0]) > 20 and kernel_problems(cert) == []
    return cert


def _prune(tree, at):
    """The tree with the subtree at position ``at`` replaced by a leaf."""
    def end(pos):
        return pos + 1 if tree[pos] == 0 else end(end(pos + 1))
    return tree[:at] + [0] + tree[end(at):]


def forgeries(base):
    tree = base["chamber"][0]
    splits = [k for k, node in enumerate(tree) if node != 0]
    yield "a split pruned to a leaf", "refuted", {"chamber": [_prune(tree, splits[-1])]}
    yield "the root split pruned", "refuted", {"chamber": [[0]]}
    flipped = copy.deepcopy(tree)      # the two sides swapped: their subtrees no longer settle them
    flipped[splits[0]] = [-x for x in flipped[splits[0]]]
    # the sides swapped: a split below the root no longer cuts its cone (malformed since issue 23)
    yield "the root split's sides swapped", "malformed", {"chamber": [flipped]}
    yield "a node left over", "malformed", {"chamber": [tree + [0]]}
    yield "the tree cut short", "malformed", {"chamber": [tree[:-1]]}
    yield "a second tree", "malformed", {"chamber": [tree, [0]]}
    yield "a boolean leaf", "malformed", {"chamber": [[False if n == 0 else n for n in tree]]}
    yield "a zero normal", "malformed", {"chamber": [[[0, 0, 0, 0] if n != 0 else n for n in tree]]}
    yield "a short normal", "malformed", {"chamber": [[n[:3] if n != 0 else n for n in tree]]}
    yield "a profile dropped", "refuted", {"rewards": base["rewards"][1:]}
    yield "a profile twice", "refuted", {"rewards": base["rewards"] + base["rewards"][:1]}
    b = copy.deepcopy(base["nd_B"])
    b.pop()
    yield "nd_B missing a vector", "refuted", {"nd_B": b}
    yield "no nd_A", "malformed", {"nd_A": None}
    yield "family list with a chamber", "malformed", {"family": "list"}


@pytest.mark.parametrize("case", range(14))
def test_forged_completeness_certificates_are_rejected(forged_base, case):
    name, outcome, change = list(forgeries(forged_base))[case]
    cert = copy.deepcopy(forged_base)
    for key, value in change.items():
        if value is None:
            del cert[key]
        else:
            cert[key] = value
    if outcome == "malformed":
        with pytest.raises(Malformed):
            kernel_problems(cert)
    else:
        assert kernel_problems(cert), name


def test_double_description_split_keeps_extreme_rays():
    # cone(e1, e2, e3) in R^3 split by x1 - x2: the new ray (1, 1, 0) is the crossing of the adjacent pair
    cone = [((1, 0, 0), 0b110), ((0, 1, 0), 0b101), ((0, 0, 1), 0b011)]
    upper, lower = split(cone, [1, -1, 0], 0b1000)
    assert sorted(g for g, _ in upper) == [(0, 0, 1), (1, 0, 0), (1, 1, 0)]
    assert sorted(g for g, _ in lower) == [(0, 0, 1), (0, 1, 0), (1, 1, 0)]
    # a square cone over (x, y) in [0, 1]^2 (bits: x <= 1, y <= 1, x >= 0, y >= 0): only the edges of the square
    # cross x = z/2, never its diagonals
    square = [((1, 0, 1), 0b1001), ((1, 1, 1), 0b0011), ((0, 1, 1), 0b0110), ((0, 0, 1), 0b1100)]
    upper, lower = split(square, [2, 0, -1], 0b10000)
    assert sorted(g for g, _ in upper) == [(1, 0, 1), (1, 0, 2), (1, 1, 1), (1, 2, 2)]
    assert sorted(g for g, _ in lower) == [(0, 0, 1), (0, 1, 1), (1, 0, 2), (1, 2, 2)]
    assert dict(upper)[(1, 2, 2)] == 0b10010      # tight on y <= 1 and on the new constraint


def test_engine_only_without_kernel_and_kernel_checked_with_it():
    inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]])
    assert check_all_rewards(resolve("scaling_law_raw"), inst, kernel=False).provenance == ENGINE_ONLY_ALL
    assert check_all_rewards(resolve("scaling_law_raw"), inst).provenance == KERNEL_ALL


def test_kernel_refuses_a_chamber_beyond_its_bounds():
    A = [tuple(Fraction(int(i == k)) for i in range(9)) for k in range(2)]
    with pytest.raises(Malformed, match="too large"):
        chamber_profiles(A, A, None, [[0]], Budget(), [])


def test_trees_replay_on_every_slice_of_a_non_common_sum_instance():
    A, B = [(1, 0, 0, 0)], [(0, 1, 0, 0), (0, 0, 2, 0)]
    ps, trees = profile_trees(A, B)
    assert len(trees) == 2                      # r_1 >= 0 and r_1 <= 0: no common coordinate sum
    F = [[tuple(map(Fraction, x)) for x in X] for X in (A, B)]
    problems: list[str] = []
    assert chamber_profiles(F[0], F[1], None, trees, Budget(), problems) == {p.counts for p in ps}
    assert problems == []


def test_search_over_every_reward_counts_kernel_checked_holds_and_resume_drops_the_label(tmp_path):
    from symorbit.counterexamples.runner import search

    ck = tmp_path / "run.jsonl"
    res = search("fractional_conjecture+n_at_least_m+fix_C", "one-hot:4", "all", workers=1, progress=False,
                 checkpoint=ck)
    assert res.holds == 10 and res.holds_kernel_checked == 10 and not res.counterexamples
    assert res.to_dict()["holds_kernel_checked"] == 10
    again = search("fractional_conjecture+n_at_least_m+fix_C", "one-hot:4", "all", workers=1, progress=False,
                   checkpoint=ck, resume=True)
    # read back from the checkpoint, not re-checked: the holds no longer claim the kernel's word
    assert again.resumed == 26 and again.holds == 10 and again.holds_kernel_checked == 0


def _all_with_tree(tree):
    from test_kernel_hostile import VALID  # tests/ is on sys.path

    cert = copy.deepcopy(VALID["all"])     # one root cone, rays (0, 1, 1) and (0, 0, 1), given as one leaf
    cert["chamber"] = [tree]
    return cert


@pytest.mark.parametrize("scale", [1, 1000, 10 ** 17 // 2])
def test_a_split_normal_is_read_at_any_scale_below_10_to_the_18(scale):
    # (0, 2, -1) cuts the cone: (0, 1, 1) on its positive side, (0, 0, 1) on its negative one
    assert kernel_problems(_all_with_tree([[0, 2 * scale, -scale], 0, 0])) == []


@pytest.mark.parametrize("normal", [[0, 10 ** 18, -(10 ** 18) // 2], [0, 2, -(10 ** 18)], [0, 2 * 10 ** 18, -(10 ** 18)]])
def test_a_split_normal_with_a_coefficient_of_10_to_the_18_is_malformed(normal):
    with pytest.raises(Malformed) as err:
        kernel_problems(_all_with_tree([normal, 0, 0]))
    assert str(err.value) == "chamber: chamber[0][0] must be 0 or a non-zero normal of 3 integers"


@pytest.mark.parametrize("normal", [[0, -1, 1], [0, 1, -1], [0, 0, 5], [0, 1, 1]])
def test_a_normal_that_only_touches_its_cone_does_not_cut_it(normal):
    # (0, -1, 1): (0, 1, 1) lies on the hyperplane, (0, 0, 1) strictly above it; no ray strictly below
    with pytest.raises(Malformed) as err:
        kernel_problems(_all_with_tree([normal, 0, 0]))
    assert str(err.value) == "chamber: chamber[0][0] does not cut its cone (no ray lies strictly on each side)"


fractions = st.lists(st.tuples(*[st.fractions(-3, 3, max_denominator=4)] * 3), min_size=1, max_size=3, unique=True)


@settings(max_examples=60, deadline=None)
@given(fractions, fractions, st.one_of(st.none(), fractions), st.tuples(*[st.fractions(-2, 2, max_denominator=3)] * 3))
def test_kernel_counts_in_integers_match_brute_force(A, B, C, r):
    """Without a rule the kernel counts in integers (the sets times one common denominator, r times its own):
    the same counts as the brute force over the orbit in Fractions, raw and relative to C."""
    from symorbit.kernel.check import count_reward

    got = count_reward(A, B, C, r, None, None, [], Budget())
    assert got[:3] == naive_orbit_counts(A, B, r, C=C) and sum(got[:3]) == got[3]


def test_kernel_counts_with_large_denominators_stay_in_fractions_and_match_brute_force():
    """Denominators whose product passes 2^64 keep the kernel in Fractions (the integers would be huge)."""
    from symorbit.kernel.check import count_reward

    p, q = 2**61 - 1, 2**89 - 1         # primes
    A = [(Fraction(1, p), Fraction(0), Fraction(2, q))]
    B = [(Fraction(0), Fraction(1, q), Fraction(1, p)), (Fraction(1, 3), Fraction(0), Fraction(0))]
    for r in [(Fraction(0), Fraction(1, p), Fraction(2)), (Fraction(1), Fraction(2), Fraction(3, q))]:
        got = count_reward(A, B, None, r, None, None, [], Budget())
        assert got[:3] == naive_orbit_counts(A, B, r) and got[3] == 6


def _subtree_end(tree, pos):
    return pos + 1 if tree[pos] == 0 else _subtree_end(tree, _subtree_end(tree, pos + 1))


@settings(max_examples=25, deadline=None)
@given(vectors, vectors, st.sampled_from(["raw", "A + B", "wider"]), st.integers(0, 2**31))
def test_a_repeated_replay_charges_and_reports_exactly_as_the_first(A, B, relative, seed):
    """The kernel remembers a replay by its full exact input: a repeat returns the same profiles, charges the
    same units (so the same budget refuses it) and reports the same problems as replaying afresh, for the
    engine's trees and for a forged one (a split pruned to a leaf)."""
    from symorbit.kernel import chambers

    cert = certificate(A, B, _relative_to(A, B, relative)).certificate
    args, trees = _compared(cert), cert["chamber"]
    forged = copy.deepcopy(trees)
    splits = [(n, i) for n, t in enumerate(forged) for i, node in enumerate(t) if node != 0]
    if splits:
        n, i = random.Random(seed).choice(splits)
        forged[n] = forged[n][:i] + [0] + forged[n][_subtree_end(forged[n], i):]
    for tree in (trees, forged):
        fresh_problems: list[str] = []
        own = Budget()
        fresh = chambers._replay(*args, tree, own, fresh_problems)
        units = own.limit - own.left
        for _ in range(2):          # the first call may replay, the second is remembered
            problems: list[str] = []
            budget = Budget()
            assert chamber_profiles(*args, tree, budget, problems) == fresh
            assert problems == fresh_problems and budget.limit - budget.left == units
        assert units > 0
        chamber_profiles(*args, tree, Budget(units), [])
        with pytest.raises(Malformed, match="too large"):
            chamber_profiles(*args, tree, Budget(units - 1), [])


@settings(max_examples=30, deadline=None)
@given(vectors, vectors, st.sampled_from(["raw", "A + B", "wider"]))
def test_the_engines_replay_estimate_is_a_lower_bound_on_the_kernels_charges(A, B, relative):
    """check_all_rewards does not attempt a family "all" check whose replay certainly exceeds the kernel's budget:
    its estimate never exceeds the units the kernel's replay actually charges."""
    from symorbit.kernel import chambers
    from symorbit.proofs.all_rewards import _replay_units_at_least

    cert = certificate(A, B, _relative_to(A, B, relative)).certificate
    nd = _compared(cert)
    budget = Budget()
    chambers._replay(*nd, cert["chamber"], budget, [])
    sizes = {k: len(X) for k, X in zip("ABC", nd) if X is not None}
    assert _replay_units_at_least(len(A[0]), cert["chamber"], sizes) <= budget.limit - budget.left


def _relative_to(A, B, kind):
    """None ("raw"), A ∪ B (the kernel then replays B against A alone), or A ∪ B and one vector above every other
    in its first coordinate (ND(C) then leaves A + B, and the replay compares with C)."""
    if kind == "raw":
        return None
    union = sorted(set(A) | set(B))
    return union if kind == "A + B" else union + [(4, 0, 0)]


def _compared(cert):
    """The ND sets the kernel's chamber replay compares, as check_certificate picks them (A, B and ND(C) or None)."""
    from symorbit.kernel.certificate import _nondominated, compared_c

    sets = {k: [tuple(map(Fraction, x)) for x in cert[k]] for k in ("A", "B", "C") if k in cert}
    nd = [_nondominated(cert[f"nd_{k}"], X, f"nd_{k}", []) for k, X in sets.items()]
    return nd[0], nd[1], compared_c(nd, sets["A"], sets["B"], sets.get("C"))


def _padded(last_digits):
    """Sets whose replay key, repr((A, B, None, trees)), has 19,999 + last_digits - 3778 characters."""
    A = [(Fraction(int("9" * 4000)), Fraction(0))] * 4 + [(Fraction(int("9" * last_digits)), Fraction(0))]
    return A, [(Fraction(0), Fraction(1))], None, [[0], [0]]


def test_the_replay_memo_keeps_keys_of_at_most_20000_characters_and_at_most_4096_entries(monkeypatch):
    """White box: the memo only saves time (a repeat charges and reports as the first), but it must stay
    bounded: keys of 20,000 characters are kept and of 20,001 not, and nothing is added to 4,096 entries."""
    from symorbit.kernel import chambers

    for digits, kept in ((3779, True), (3780, False)):
        chambers._REPLAYS.clear()
        A, B, C, trees = _padded(digits)
        assert len(repr((A, B, C, trees))) == 20_000 + (not kept)
        chamber_profiles(A, B, C, trees, Budget(), [])
        assert len(chambers._REPLAYS) == kept
    small = ([(Fraction(1), Fraction(0))], [(Fraction(0), Fraction(1))], None, [[0]])
    for size, kept in ((4095, True), (4096, False)):
        monkeypatch.setattr(chambers, "_REPLAYS", {str(k): (set(), 0, []) for k in range(size)})
        chamber_profiles(*small, Budget(), [])
        assert len(chambers._REPLAYS) == size + kept


def test_a_first_replay_over_its_budget_names_the_callers_limit():
    """The replay runs on its own budget with the caller's limit and what is left: the refusal is the caller's."""
    A, B = [(Fraction(1), Fraction(0), Fraction(0))], [(Fraction(0), Fraction(1), Fraction(0))]
    with pytest.raises(Malformed) as err:
        chamber_profiles(A, B, None, [[0]], Budget(10), [])
    assert str(err.value) == "too large: the certificate needs more than 10 units of kernel work"
