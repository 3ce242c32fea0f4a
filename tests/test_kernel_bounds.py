"""Bound trees (issue 24, eighth session): the kernel checks a "holds for every reward" decided by the worst cases.

The engine (symorbit.proofs.bound_trees) cuts the sorted chamber only until the bounds on #B-better and
#A-better show the claim on every face of every leaf; the kernel (symorbit.kernel.chambers.chamber_bounds)
replays the splits and recomputes the bounds. Tested against count_profiles' complete list (itself tested
against brute force), and with false claims, which the kernel must refute whatever tree it is given.
"""

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit.cli.commands import main
from symorbit.kernel import Malformed, check_certificate
from symorbit.orbits.extremes import worst_cases
from symorbit.orbits.profiles import CountProfile, count_profiles
from symorbit.proofs import all_rewards
from symorbit.proofs.all_rewards import ENGINE_ONLY_WORST, _bounds_certificate, check_all_rewards
from symorbit.proofs.bound_trees import bound_trees
from symorbit.proofs.listed import check_listed
from symorbit.proofs.statements import Hypotheses, Instance, Statement, claim_holds

A4 = [(4, 1, 0, 0), (0, 3, 2, 0)]
B4 = [(2, 0, 0, 3), (0, 2, 3, 0)]


def claim_statement(kind, value, *, mode="raw", generic_only=False):
    """A statement whose hypotheses always hold: "most" with ratio ``value``, or a fraction bound."""
    return Statement(name=f"{kind}_{value}", title="", source="test", status="claimed", text="", mode=mode,
                     hypotheses=lambda inst: Hypotheses(True, "assumed"),
                     conclusion=lambda data: claim_dict(kind, value), generic_only=generic_only)


def claim_dict(kind, value):
    if kind == "pointwise":
        return {"kind": kind}
    return {"kind": kind, "ratio" if kind == "most" else "bound": Fraction(value)}


def truth(kind, value, A, B, C=None):
    """Whether the claim holds at every reward, from count_profiles' complete list."""
    value = Fraction(value)
    for p in count_profiles(A, B, relative_to=C):
        ok = {"most": p.b_better >= value * p.a_better, "weak_fraction": p.weak_fraction >= value,
              "strict_fraction": p.strict_fraction >= value, "pointwise": p.a_better == 0}[kind]
        if not ok:
            return False
    return True


def bounds_certificate(kind, value, A, B, C=None, rewards=None, trees=None):
    """A family "all" certificate with bound trees (``trees``, else the engine's for this claim)."""
    statement = claim_statement(kind, value, mode="raw" if C is None else "relative")
    inst = Instance(A=A, B=B, C=C)
    if rewards is None:
        w = worst_cases(A, B, relative_to=C)
        rewards = [c.profile.reward for c in w[:3] if c.profile is not None]
    base = check_listed(statement, inst, rewards, kernel=False)
    if trees is None:
        return _bounds_certificate(base.certificate, claim_dict(kind, value))
    cert = _bounds_certificate(base.certificate, claim_dict("most", 0))     # ND certificates and the family
    cert["bounds"] = trees
    return cert


vectors = st.lists(st.tuples(*[st.integers(0, 3)] * 3), min_size=1, max_size=3, unique=True)
claims = st.sampled_from([("most", v) for v in ("0", "1/3", "1/2", "1", "2", "3")]
                         + [(k, v) for k in ("weak_fraction", "strict_fraction") for v in ("0", "1/3", "1/2", "2/3")]
                         + [("pointwise", "0")])


@settings(max_examples=60, deadline=None)
@given(vectors, vectors, st.booleans(), claims)
def test_bound_trees_exist_exactly_for_true_claims_and_the_kernel_agrees(A, B, relative, claim):
    kind, value = claim
    C = sorted(set(A) | set(B) | {(1, 1, 1)}) if relative else None      # C beyond A and B: compared as given
    true = truth(kind, value, A, B, C)         # the zero reward's profile (0, 0, 1, 1) is in the list

    def holds(b, a, n):
        return claim_holds(claim_dict(kind, value), CountProfile((), b, a, n - a - b, n))

    trees = bound_trees(A, B, holds, relative_to=C, max_units=10**9, max_nodes=10**5)
    if true:
        assert trees is not None
        report = check_certificate(json.loads(json.dumps(bounds_certificate(kind, value, A, B, C))))
        assert report.problems == [] and report.status == "verified" and report.verdict == "holds"
    else:
        assert trees is None or not holds(0, 0, 1)     # bound trees leave out r = 0; the kernel checks it apart
        # any valid tree (here the one of the always-true claim) with a false claim is refuted
        forged = bounds_certificate(kind, value, A, B, C, rewards=[(0, 0, 0)],
                                    trees=bound_trees(A, B, lambda b, a, n: True, relative_to=C, max_units=10**9,
                                                      max_nodes=10**5))
        problems = check_certificate(json.loads(json.dumps(forged))).problems
        assert problems and (not holds(0, 0, 1) or all(p.startswith("bounds:") for p in problems)), problems


def test_a_false_claim_is_refuted_on_the_face_where_it_fails():
    # most(1) fails for A4, B4 (A strictly better more often at (0, 5, 6, 9)); the one-leaf tree and a
    # listed reward where the claim holds do not hide it
    assert not truth("most", 1, A4, B4)
    cert = bounds_certificate("most", 0, A4, B4)
    cert["declaration"]["claim"]["ratio"] = "1"
    cert["rewards"] = [e for e in cert["rewards"] if e["b_better"] >= e["a_better"]]
    report = check_certificate(cert)
    assert report.status == "refuted" and any(p.startswith("bounds:") for p in report.problems), report.problems


def test_bounds_only_for_a_holds_over_every_reward():
    good = bounds_certificate("most", 0, A4, B4)
    assert check_certificate(good).status == "verified"
    generic = json.loads(json.dumps(good))
    generic["declaration"]["generic"] = True
    assert check_certificate(generic).problems == [
        "bounds: show a 'holds' of a claim over every reward (not over generic rewards only)"]
    zero = ["bounds: the claim fails at the zero reward (every orbit element ties there)"]
    strict = bounds_certificate("strict_fraction", 0, A4, B4)
    strict["declaration"]["claim"]["bound"] = "1/10"     # fails at r = 0, where every element ties
    assert zero[0] in check_certificate(strict).problems
    weak = bounds_certificate("weak_fraction", 0, A4, B4)
    weak["declaration"]["claim"]["bound"] = "3/2"        # 1 < 3/2 at r = 0 (and at the listed rewards)
    assert zero[0] in check_certificate(weak).problems and not any(
        p.startswith("bounds: bounds[") for p in check_certificate(weak).problems)
    missing = json.loads(json.dumps(good))              # an ND certificate that leaves out a vector of B
    missing["nd_B"] = missing["nd_B"][:1]
    problems = check_certificate(missing).problems
    assert problems and all(p.startswith("nd_B") for p in problems), problems
    both = {**good, "chamber": [[0]]}
    with pytest.raises(Malformed, match="unexpected"):
        check_certificate(both)
    bad = json.loads(json.dumps(good))
    bad["bounds"] = [[[0, 0, 0, 0]]]
    with pytest.raises(Malformed, match="non-zero normal"):
        check_certificate(bad)


def test_check_all_rewards_has_the_kernel_check_the_worst_cases_holds(monkeypatch, capsys, tmp_path):
    # the profile list stops at once (as past the kernel's budget at d = 6): the worst cases decide, and the
    # kernel checks their "holds" through bound trees
    monkeypatch.setattr(all_rewards, "_kernel_leaves", lambda A, B, C, work: 1)
    statement = claim_statement("most", "0")
    v = check_all_rewards(statement, Instance(A=A4, B=B4, name="q4"))
    assert v.status == "holds" and v.profiles == 0 and "bounds" in v.certificate
    assert v.provenance.startswith("kernel-checked") and v.provenance.endswith("(every reward: bound trees)")
    path = tmp_path / "cert.json"
    path.write_text(json.dumps(v.certificate))
    assert main(["verify", str(path)]) == 0
    capsys.readouterr()
    # past the kernel's budget the verdict stays the engine's
    monkeypatch.setattr(all_rewards, "KERNEL_WORK_LIMIT", 1)
    v = check_all_rewards(statement, Instance(A=A4, B=B4, name="q4"))
    assert v.status == "holds" and v.provenance == ENGINE_ONLY_WORST and "bounds" not in v.certificate


def test_bound_trees_give_up_past_their_limits():
    holds = lambda b, a, n: b >= Fraction(1, 3) * a       # noqa: E731
    assert truth("most", "1/3", A4, B4)
    trees = bound_trees(A4, B4, holds, max_units=10**9, max_nodes=10**5)
    assert trees is not None
    assert bound_trees(A4, B4, holds, max_units=1, max_nodes=10**5) is None
    if sum(map(len, trees)) > 1:
        assert bound_trees(A4, B4, holds, max_units=10**9, max_nodes=1) is None


def test_a_listed_holds_past_the_chamber_replay_is_kernel_checked_by_bound_trees(monkeypatch):
    # every profile is listed, but the chamber replay does not fit the kernel (as at d = 6): a bound claim's
    # "holds" goes to the kernel with bound trees instead, a claim over generic rewards stays engine-only
    monkeypatch.setattr(all_rewards, "_completeness_certificate", lambda cert, computed, work: None)
    v = check_all_rewards(claim_statement("most", "0"), Instance(A=A4, B=B4, name="q4"))
    assert v.status == "holds" and v.profiles > 0 and "bounds" in v.certificate and "chamber" not in v.certificate
    assert v.provenance.endswith("(every reward: bound trees)") and check_certificate(v.certificate).status == "verified"
    v = check_all_rewards(claim_statement("most", "0", generic_only=True), Instance(A=A4, B=B4, name="q4"))
    assert v.status == "holds" and v.provenance == all_rewards.ENGINE_ONLY_ALL


# ---------------------------------------------------------------- tight claims: at the worst value and just past it
def _worst_claims(A, B, C):
    """(kind, value, true?) at each instance's exact worst values and one permutation past them (over d! = n
    permutations a count moves in steps of |Stab|, so (gt·s + 1)/(lt·s) is false at the worst profile)."""
    import math

    profiles = count_profiles(A, B, relative_to=C)
    n = math.factorial(len(A[0]))
    out = []
    ratios = [(Fraction(p.b_better, p.a_better), p) for p in profiles if p.a_better]
    if ratios:
        q, p = min(ratios, key=lambda t: t[0])
        s = n // p.orbit_size
        out += [("most", q, True), ("most", Fraction(p.b_better * s + 1, p.a_better * s), False)]
    p = min(profiles, key=lambda p: p.weak_fraction)
    w = p.weak_fraction
    out += [("weak_fraction", w, True), ("weak_fraction", w + Fraction(1, n), False)]
    return out


TIGHT = [([(1, 0, 0)], [(0, 1, 0), (0, 0, 1)], None), (A4, B4, None),
         ([(2, 0, 1)], [(0, 2, 1), (1, 1, 1)], None), ([(1, 0, 0)], [(0, 1, 0)], [(1, 0, 0), (0, 1, 0), (1, 1, 1)]),
         ([(1, 0, 2), (0, 1, 1)], [(2, 1, 0)], [(1, 0, 2), (0, 1, 1), (2, 1, 0), (1, 1, 1)]),
         ([(0, 0, 1), (2, 0, 0)], [(0, 1, 1), (1, 1, 0)], None)]


@pytest.mark.parametrize("case", range(len(TIGHT)))
def test_the_kernel_decides_claims_at_their_worst_value_and_one_step_past_it(case):
    # a true claim at the exact worst value gets bound trees the kernel accepts; the same trees with the claim one
    # permutation stronger are refuted (so are bounds that count a tie as a win, or one permutation too many)
    A, B, C = TIGHT[case]
    for kind, value, true in _worst_claims(A, B, C):
        assert truth(kind, value, A, B, C) == true
        if true:
            cert = bounds_certificate(kind, value, A, B, C)
            assert check_certificate(json.loads(json.dumps(cert))).problems == [], (kind, value)
            trees = cert["bounds"]
        else:
            forged = bounds_certificate(kind, value, A, B, C, rewards=[(0,) * len(A[0])], trees=trees)
            problems = check_certificate(json.loads(json.dumps(forged))).problems
            assert problems and all(p.startswith("bounds:") for p in problems), (kind, value, problems)
            assert "bounds[" in problems[0]


def pinned_bounds_certs():
    """Bound-tree certificates whose kernel charges tests/test_kernel_mutants_charges.py pins: raw and relative."""
    return {"bounds:raw": bounds_certificate("most", "1/3", A4, B4),
            "bounds:relative": bounds_certificate("most", 0, A4, B4, A4 + B4 + [(1, 1, 1, 1)])}


def test_a_tie_is_not_a_win_for_b():
    # "most" at 1/2 holds at every generic reward here and fails only where ties occur (r = (0, 1, 1): B better
    # 0, A better 1, ties 2). Trees that show it when ties count as wins for B must still be refuted, once.
    A, B = [(2, 0, 0), (0, 0, 2)], [(0, 2, 0)]
    assert not truth("most", "1/2", A, B)
    trees = bound_trees(A, B, lambda b, a, n: n - a >= Fraction(1, 2) * a, max_units=10**9, max_nodes=10**5)
    assert trees is not None
    forged = bounds_certificate("most", "1/2", A, B, rewards=[(0, 0, 0)], trees=trees)
    problems = check_certificate(json.loads(json.dumps(forged))).problems
    assert len(problems) == 1 and problems[0].startswith("bounds: bounds[") and "A better" in problems[0]


def test_the_replay_stops_at_the_first_leaf_that_fails():
    # no common coordinate sum: two root cones, sharing the face spanned by (0, 1, 1) and (0, 0, 1), where
    # "most 1" fails (r = (0, 1, 2): B better 2, A better 3); the kernel reports the first failing leaf only
    A, B = [(2, 0, 0)], [(0, 1, 0)]
    assert not truth("most", 1, A, B)
    forged = bounds_certificate("most", 1, A, B, rewards=[(0, 0, 0)], trees=[[0], [0]])
    problems = check_certificate(json.loads(json.dumps(forged))).problems
    assert len(problems) == 1 and problems[0].startswith("bounds: bounds[0][0] is a leaf"), problems


def test_neither_set_optimal_is_not_a_win_for_b():
    # relative to C: where C beats both A and B, neither is optimal (a tie). "most 1/2" fails here (the worst
    # ratio is 0) but would hold if such ties counted for B; on the fully settled chamber trees the bounds are the
    # exact counts, and the kernel must still refute it
    from symorbit.orbits.profiles import profile_trees

    A, B = [(0, 2, 1)], [(1, 2, 0), (0, 2, 0)]
    C = [(0, 2, 0), (0, 2, 1), (1, 2, 0), (3, 0, 0)]
    assert not truth("most", "1/2", A, B, C) and truth("most", 0, A, B, C)
    trees = profile_trees(A, B, relative_to=C)[1]
    assert check_certificate(bounds_certificate("most", 0, A, B, C, trees=trees)).problems == []
    forged = bounds_certificate("most", "1/2", A, B, C, rewards=[(0, 0, 0)], trees=trees)
    problems = check_certificate(json.loads(json.dumps(forged))).problems
    assert len(problems) == 1 and problems[0].startswith("bounds: bounds["), problems
