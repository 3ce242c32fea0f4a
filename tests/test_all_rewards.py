"""Statements decided over every reward (issue 13): verdicts, worst cases, generic_only, CLI and search."""

import itertools
import json
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symorbit.cli.commands import main
from symorbit.counterexamples.runner import search
from symorbit.errors import InvalidArgument, InvariantViolation, TooLarge
from symorbit.orbits.profiles import count_profiles
from symorbit.orbits.rewards import reward_family, value_patterns
from symorbit.proofs.all_rewards import AllRewardsVerdict, check_all_rewards
from symorbit.proofs.statements import Hypotheses, Instance, Statement
from symorbit.proofs.verdicts import check_statement
from symorbit.testing import kernel_problems
from symorbit.testing.naive import naive_orbit_counts
from symorbit.theorems import resolve

# tests/test_profiles.py: B is strictly better at least as often as A on every value pattern over {0, …, 4},
# yet (0, 5, 6, 9) makes A strictly better more often.
A4 = [(4, 1, 0, 0), (0, 3, 2, 0)]
B4 = [(2, 0, 0, 3), (0, 2, 3, 0)]
CANDY = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")


def most(ratio, *, generic_only=False, mode="raw"):
    """A plain "B ≥^ratio_most A" statement whose hypotheses always hold (for testing the quantifier)."""
    return Statement(name=f"most_{ratio}", title="B ≥_most A", source="test", status="claimed", text="",
                     mode=mode, hypotheses=lambda inst: Hypotheses(True, "assumed"),
                     conclusion=lambda data: {"kind": "most", "ratio": Fraction(ratio)}, generic_only=generic_only)


def test_patterns_say_holds_but_every_reward_says_fails_statement_level():
    inst = Instance(A=A4, B=B4, name="q4")
    st_ = most(1)
    assert check_statement(st_, inst, list(value_patterns(4, range(5)))).status == "holds"
    v = check_statement(st_, inst, "all")
    assert isinstance(v, AllRewardsVerdict)
    # an ad-hoc statement with Python hypotheses: the witness's counts and the claim are kernel-checked
    assert v.status == "fails" and v.provenance == "kernel-checked: counts and claim (hypotheses engine-only: Python code)"
    b, a, _ = naive_orbit_counts(A4, B4, v.counterexample)          # the witness fails by brute force
    assert b < a
    assert kernel_problems(v.certificate) == []
    assert [e["reward"] for e in v.certificate["rewards"]] == [[str(x) for x in v.counterexample]]
    ps = count_profiles(A4, B4)
    assert v.worst_ratio.value == min(p.ratio for p in ps if p.a_better) < 1
    assert v.claim_worst == v.worst_ratio
    b, a, _ = naive_orbit_counts(A4, B4, v.worst_ratio.reward)
    assert Fraction(b, a) == v.worst_ratio.value


KERNEL_ALL = "kernel-checked (every reward: chamber subdivision)"


def test_holds_for_every_reward_is_kernel_checked_with_exact_worst_cases():
    v = check_statement(resolve("scaling_law_raw"), CANDY, "all")
    assert v.status == "holds" and v.provenance == KERNEL_ALL and v.counterexample is None
    assert v.profiles == 4 and v.bound == 2
    assert (v.worst_ratio.value, v.worst_weak.value, v.worst_strict.value) == (2, Fraction(2, 3), 0)
    assert naive_orbit_counts(CANDY.A, CANDY.B, v.worst_weak.reward) == (2, 1, 0)   # the bound 2/3 is attained
    assert kernel_problems(v.certificate) == []      # every profile's witness recounts, and the list is complete
    assert v.certificate["family"] == "all" and v.certificate["chamber"] == [[0]]
    d = v.to_dict()
    assert d["rewards"] == "all" and d["profiles"] == 4 and d["provenance"] == KERNEL_ALL
    assert d["worst_ratio"] == {"value": "2", "reward": ["0", "0", "1"],
                                "counts": {"b_better": 2, "a_better": 1, "ties": 0, "orbit_size": 3}}
    assert d["worst_weak_fraction"]["value"] == "2/3" and d["claim_worst"] == d["worst_ratio"]


def test_generic_only_skips_tied_profiles_over_all_rewards():
    v = check_statement(resolve("strict_scaling_conjecture"), CANDY, "all")
    assert v.status == "holds"
    generic = [p for p in count_profiles(CANDY.A, CANDY.B) if not p.ties]
    assert v.profiles == len(generic) == 2
    assert v.worst_strict.value == Fraction(2, 3)       # the tied orbits (strict 0 and 1/3) are skipped
    # A "most" claim with generic_only also ignores the tied orbits.
    v = check_statement(most(1, generic_only=True), CANDY, "all")
    assert v.status == "holds" and v.worst_strict.value == Fraction(2, 3)


def test_fails_as_stated_for_two_things_against_one():
    inst = Instance(A=[[1, 0, 0], [0, 1, 0]], B=[[0, 0, 1]], name="2v1")
    v = check_all_rewards(resolve("fractional_conjecture"), inst)
    assert v.status == "fails" and v.bound == Fraction(1, 2)
    assert [str(x) for x in v.counterexample] == ["0", "1", "1"]
    assert v.worst_ratio.value == 0 and kernel_problems(v.certificate) == []


def test_hypotheses_not_met_and_decision_rules_refused():
    inst = Instance(A=[[1, 0, 0]], B=[[1, 1, 0]], name="x")
    v = check_statement(resolve("scaling_law_raw"), inst, "all")
    assert v.status == "hypotheses not met" and v.profiles == 0 and v.worst_ratio.value is None
    with pytest.raises(InvalidArgument, match="decision rule"):
        check_statement(resolve("decision_rule_is_optimal"), CANDY, "all")
    with pytest.raises(InvalidArgument, match="not a finite list"):
        reward_family("all", 3)


vec3 = st.lists(st.integers(0, 3), min_size=3, max_size=3).map(tuple)


@settings(max_examples=8, deadline=None)
@given(st.lists(vec3, min_size=1, max_size=2), st.lists(vec3, min_size=1, max_size=3),
       st.sampled_from([Fraction(1), Fraction(2), Fraction(1, 2)]), st.booleans(), st.integers(0, 10**6))
def test_all_rewards_verdict_against_sampled_rewards(A, B, ratio, relative, seed):
    C = sorted(set(A) | set(B) | {(1, 1, 1)}) if relative else None
    inst = Instance(A=A, B=B, C=C, name="h")
    v = check_statement(most(ratio, mode="relative" if relative else "raw"), inst, "all", kernel=False)
    rng = random.Random(seed)
    sample = list(itertools.combinations_with_replacement(range(-1, 4), 3))
    sample += [tuple(Fraction(rng.randint(-20, 20), rng.randint(1, 5)) for _ in range(3)) for _ in range(40)]
    fails = False
    for r in sample:
        b, a, _ = naive_orbit_counts(A, B, r, C)
        fails |= b < ratio * a
        if a and v.worst_ratio.value is not None:
            assert v.worst_ratio.value <= Fraction(b, a)      # the worst case is a lower bound on every reward
        assert not (a and v.worst_ratio.value is None)
    if fails:
        assert v.status == "fails"
    if v.status == "fails":
        b, a, _ = naive_orbit_counts(A, B, v.counterexample, C)
        assert b < ratio * a


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_check_rewards_all_exit_codes_and_json(capsys, tmp_path):
    code, out, _ = run(capsys, "check", "scaling_law_raw", "examples/candy.toml", "--rewards", "all", "--json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "holds" and data["provenance"] == KERNEL_ALL
    assert data["rewards"] == "all" and data["profiles"] == 4
    assert data["worst_ratio"]["value"] == "2" and data["worst_weak_fraction"]["value"] == "2/3"
    assert data["worst_strict_fraction"] == {"value": "0", "reward": ["0", "0", "0"],
                                             "counts": {"b_better": 0, "a_better": 0, "ties": 1, "orbit_size": 1}}
    inst = tmp_path / "q4.json"
    inst.write_text(json.dumps({"A": [[1, 0, 0], [0, 1, 0]], "B": [[0, 0, 1]]}))
    cert = tmp_path / "cert.json"
    code, out, _ = run(capsys, "check", "fractional_conjecture", str(inst), "--rewards", "all",
                       "--certificate", str(cert))
    assert code == 1 and "fails" in out and "counterexample r = (0, 1, 1)" in out and "worst ratio" in out
    assert run(capsys, "verify", str(cert))[0] == 0
    code, _, err = run(capsys, "check", "decision_rule_is_optimal", "examples/candy.toml", "--rewards", "all")
    assert code == 2 and err.count("\n") == 1 and "decision rule" in err


def test_search_rewards_all_records_worst_cases():
    res = search("fractional_conjecture", "one-hot:3", "all", workers=1, progress=False)
    assert res.checked == 13 and res.counterexamples and res.too_large == 0
    rec = res.counterexamples[0]
    assert kernel_problems(rec["certificate"]) == [] and rec["provenance"] == "kernel-checked"
    assert Fraction(rec["worst"]["claim_worst"]["value"]) < Fraction(rec["worst"]["bound"])
    patterns = search("fractional_conjecture", "one-hot:3", "patterns:0,1", workers=1, progress=False)
    assert len(res.counterexamples) >= len(patterns.counterexamples)


# det-mdp:4:10909 at γ = 1/2 (s0 → s1, s1 → {s1, s2}, s2 → {s0, s1, s3}, s3 → s2; from s2, a = s3 vs b = s1),
# found by `fractional_search.py --all-rewards`: D.13 with n ≥ m holds on every value pattern over {0, …, 4},
# but r = (0, 2, 5, 8) makes A optimal (and B not) 9 times against 8.
MDP_10909 = {"A": [["0", "0", "4/3", "2/3"]],
             "B": [["0", "2/3", "4/3", "0"], ["0", "1", "1", "0"]],
             "C": [["0", "0", "4/3", "2/3"], ["0", "2/3", "4/3", "0"], ["0", "1", "1", "0"], ["1/2", "1/2", "1", "0"],
                   ["4/7", "2/7", "8/7", "0"]]}


def test_cli_patterns_say_holds_but_every_reward_says_fails(capsys, tmp_path):
    inst = tmp_path / "mdp10909.json"
    inst.write_text(json.dumps(MDP_10909))
    name = "fractional_conjecture+n_at_least_m"
    code, out, _ = run(capsys, "check", name, str(inst), "--rewards", "patterns:0,1,2,3,4", "--json")
    assert code == 0 and json.loads(out)["status"] == "holds"
    cert = tmp_path / "cert.json"
    code, out, _ = run(capsys, "check", name, str(inst), "--rewards", "all", "--json", "--certificate", str(cert))
    data = json.loads(out)
    assert code == 1 and data["status"] == "fails" and data["provenance"] == "kernel-checked"
    assert data["claim_worst"] == {"value": "8/9", "reward": ["0", "2", "5", "8"],
                                   "counts": {"b_better": 8, "a_better": 9, "ties": 7, "orbit_size": 24}}
    b, a, _ = naive_orbit_counts(MDP_10909["A"], MDP_10909["B"], [Fraction(x) for x in data["counterexample"]],
                                 MDP_10909["C"])
    assert b < a
    assert run(capsys, "verify", str(cert))[0] == 0


def test_a_permuted_instance_reuses_the_profiles_and_is_still_kernel_checked():
    """count_profiles remembers canonical forms: the σ-image of an instance gets the same profiles, witnesses and
    split trees, and the kernel replays that tree on the permuted sets (and recounts every witness on them)."""
    sigma = (2, 0, 3, 1)
    move = lambda X: [tuple(v[i] for i in sigma) for v in X]      # noqa: E731
    first = check_all_rewards(most(0), Instance(A=A4, B=B4, name="q4"))
    moved = check_all_rewards(most(0), Instance(A=move(A4), B=move(B4), name="q4 permuted"))
    assert first.status == moved.status == "holds"
    assert first.provenance == moved.provenance and first.provenance.endswith("(every reward: chamber subdivision)")
    assert moved.certificate["chamber"] == first.certificate["chamber"]
    assert moved.certificate["rewards"] == first.certificate["rewards"]
    assert kernel_problems(moved.certificate) == []
    for e in moved.certificate["rewards"]:
        b, a, t = naive_orbit_counts(move(A4), move(B4), [Fraction(x) for x in e["reward"]])
        assert (b, a, t) == (e["b_better"], e["a_better"], e["ties"])


def test_a_wrong_remembered_profile_is_caught_with_and_without_the_kernel(monkeypatch):
    import symorbit.orbits.profiles as profiles_module

    real = profiles_module._enumerate

    def corrupted(problem, **options):
        found, stats = real(problem, **options)
        (b, a, t, o), r = max(found.items())          # one profile's counts are wrong (its witness is right)
        return {**{k: v for k, v in found.items() if k != (b, a, t, o)}, (b + 1, a, t, o): r}, stats

    profiles_module._enumerate_canonical.cache_clear()
    monkeypatch.setattr(profiles_module, "_enumerate", corrupted)
    inst = Instance(A=[(0, 1, 3, 7)], B=[(7, 0, 0, 4), (2, 5, 0, 1)], name="corrupted")
    with pytest.raises(InvariantViolation, match="recounts to"):
        check_all_rewards(most(0), inst, kernel=False)
    with pytest.raises(InvariantViolation, match="kernel rejected"):
        check_all_rewards(most(0), inst)
    profiles_module._enumerate_canonical.cache_clear()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(vec3, min_size=1, max_size=2), st.lists(vec3, min_size=1, max_size=3),
       st.sampled_from([Fraction(1), Fraction(2), Fraction(1, 2)]), st.sampled_from(["raw", "A + B", "wider"]),
       st.booleans())
def test_past_the_profile_list_the_worst_cases_decide_the_same(monkeypatch, A, B, ratio, kind, generic_only):
    """With count_profiles refused (its cell bound set to 0), check_all_rewards decides from the worst cases by
    branch and bound: the same status and worst cases as from the complete list; a failure is a kernel-checked
    counterexample, a "holds" is kernel-checked through bound trees (ENGINE_ONLY_WORST for generic-only claims)."""
    import symorbit.orbits.profiles as profiles_module
    from symorbit.proofs.all_rewards import ENGINE_ONLY_WORST

    C = None if kind == "raw" else sorted(set(A) | set(B) | ({(1, 1, 1)} if kind == "wider" else set()))
    inst = Instance(A=A, B=B, C=C, name="h")
    statement = most(ratio, generic_only=generic_only, mode="raw" if C is None else "relative")
    full = check_all_rewards(statement, inst)
    with monkeypatch.context() as m:
        m.setattr(profiles_module, "MAX_CELLS", -1)
        profiles_module._enumerate_canonical.cache_clear()
        v = check_all_rewards(statement, inst)
    profiles_module._enumerate_canonical.cache_clear()
    assert v.status == full.status and v.worst_exact and full.worst_exact
    for got, want in ((v.worst_ratio, full.worst_ratio), (v.worst_strict, full.worst_strict),
                      (v.worst_weak, full.worst_weak), (v.claim_worst, full.claim_worst)):
        assert got.value == want.value
    if v.status == "fails":
        assert v.provenance.startswith("kernel-checked") and kernel_problems(v.certificate) == []
        b, a, _ = naive_orbit_counts(A, B, v.counterexample, C)
        assert b < ratio * a
    elif v.status == "holds" and generic_only:       # bound trees cover every reward, not the generic ones
        assert (v.provenance, v.profiles) == (ENGINE_ONLY_WORST, 0)
    elif v.status == "holds":
        assert v.profiles == 0 and v.provenance.endswith("(every reward: bound trees)")
        assert "bounds" in v.certificate and kernel_problems(v.certificate) == []
    else:                   # every orbit has a tie and the statement counts generic rewards only
        assert (v.status, generic_only, v.worst_ratio.profile) == ("vacuous", True, None)


def test_a_six_state_mdp_past_the_profile_list_is_decided_by_its_worst_cases():
    """A random six-state deterministic MDP whose 672 hyperplanes count_profiles refuses: D.13's ratio claim is
    decided from the worst cases (holds at ratio 1/2, fails at 1 with a kernel-checked counterexample)."""
    from symorbit import TooLarge, visit_distributions
    from symorbit.mdp.environment import MDP
    from symorbit.orbits.extremes import worst_cases
    from symorbit.proofs.all_rewards import ENGINE_ONLY_WORST

    rng = random.Random(3)
    states = [f"s{i}" for i in range(6)]
    env = MDP.deterministic({s: rng.sample(states, rng.randint(1, 3)) for s in states})
    s0 = next(s for s in env.states if len(env.actions(s)) >= 2)
    F = visit_distributions(env, s0, "1/2")
    inst = Instance(A=F.restrict(env.actions(s0)[0]), B=F.restrict(env.actions(s0)[1]), name="six")
    with pytest.raises(TooLarge):
        count_profiles(inst.A, inst.B)
    worst = worst_cases(inst.A, inst.B).ratio.value
    for ratio in (worst, worst * 2):
        v = check_all_rewards(most(ratio), inst)
        assert v.worst_ratio.value == worst and v.worst_ratio.profile.counts == \
            tuple(naive_orbit_counts(inst.A, inst.B, v.worst_ratio.reward)) + (v.worst_ratio.profile.orbit_size,)
        if ratio == worst:           # kernel-checked by bound trees where they fit the kernel's budget
            assert v.status == "holds" and (v.provenance == ENGINE_ONLY_WORST or
                                            v.provenance.endswith("(every reward: bound trees)")
                                            and kernel_problems(v.certificate) == [])
        else:
            assert v.status == "fails" and v.provenance.startswith("kernel-checked")
            assert kernel_problems(v.certificate) == [] and v.counterexample == v.worst_ratio.reward


def test_a_failing_claim_is_answered_without_waiting_for_the_minima(monkeypatch):
    """Past the profile list a failing bound claim is decided by its counterexample, kernel-checked, before the
    minima are settled: with no pieces left for the report (REPORT_PIECES = 0) the verdict says so
    (worst_exact False, the least values found, each at least the minimum)."""
    import symorbit.orbits.extremes as extremes_module
    from symorbit.orbits.extremes import worst_cases

    rng = random.Random(1)          # 2 + 2 vectors in {0..3}^6 (benchmarks/profiles.py): count_profiles refuses
    A, B = ([tuple(rng.randint(0, 3) for _ in range(6)) for _ in range(2)] for _ in range(2))
    inst = Instance(A=A, B=B, name="2+2")
    with monkeypatch.context() as m:
        m.setattr(extremes_module, "REPORT_PIECES", 0)
        extremes_module._decide_canonical.cache_clear()
        v = check_all_rewards(most(1), inst)
    extremes_module._decide_canonical.cache_clear()
    assert v.status == "fails" and v.provenance.startswith("kernel-checked") and kernel_problems(v.certificate) == []
    b, a, _ = naive_orbit_counts(A, B, v.counterexample)
    assert b < a and not v.worst_exact and v.to_dict()["worst_exact"] is False
    assert "the worst values are the least found" in v.reason
    minima = worst_cases(A, B)
    assert v.worst_ratio.value >= minima.ratio.value and v.worst_weak.value >= minima.weak.value
    with monkeypatch.context() as m:        # a budget that settles them: the minima, exact
        m.setattr(extremes_module, "REPORT_PIECES", 10**6)
        extremes_module._decide_canonical.cache_clear()
        v = check_all_rewards(most(1), inst)
    extremes_module._decide_canonical.cache_clear()
    assert v.worst_exact and "least found" not in v.reason
    assert (v.worst_ratio.value, v.worst_strict.value, v.worst_weak.value) == \
        (minima.ratio.value, minima.strict.value, minima.weak.value)


def test_a_search_record_says_when_its_worst_values_are_only_the_least_found(monkeypatch):
    """A search record carries ``"worst_exact": false`` inside ``worst`` exactly when the verdict's minima were not
    settled (here: no report pieces after the counterexample); exact records keep their former keys."""
    import symorbit.counterexamples.worker as worker_module
    import symorbit.orbits.extremes as extremes_module

    rng = random.Random(1)
    A, B = ([tuple(rng.randint(0, 3) for _ in range(6)) for _ in range(2)] for _ in range(2))
    monkeypatch.setattr(worker_module, "resolve", lambda name: most(1))
    monkeypatch.setattr(extremes_module, "REPORT_PIECES", 0)
    extremes_module._decide_canonical.cache_clear()
    rec = worker_module.check_instance_spec("most_1", {"key": "2+2", "A": A, "B": B}, "all")
    extremes_module._decide_canonical.cache_clear()
    assert rec["status"] == "fails" and rec["worst"]["worst_exact"] is False
    exact = worker_module.check_instance_spec("most_1", {"key": "candy", "A": CANDY.A, "B": CANDY.B}, "all")
    assert "worst_exact" not in exact["worst"] and exact["worst"]["worst_ratio"]["value"] == "2"


def test_a_split_tree_past_the_kernels_node_bound_goes_to_the_worst_cases(monkeypatch):
    """A bound claim stops listing profiles once the split tree certainly passes the kernel's MAX_NODES (no
    certificate could be checked past it): the worst cases decide, with the same status and worst values."""
    import symorbit.orbits.profiles as profiles_module
    from symorbit.proofs import all_rewards
    from symorbit.proofs.all_rewards import ENGINE_ONLY_WORST

    inst = Instance(A=A4, B=B4, name="A4")
    full = check_all_rewards(most(1), inst)
    problem, _ = profiles_module._prepare(A4, B4, None)
    trees = profiles_module._enumerate(problem)[1]["trees"]
    nodes = sum(map(len, trees))
    assert len(trees) == 1 and nodes > 3            # a common coordinate sum: one root cone
    with pytest.raises(TooLarge, match=r"more than 2 leaves \(d=4"):
        profiles_module._enumerate(problem, max_leaves=2)
    holds = check_all_rewards(most(0), inst)
    monkeypatch.setattr(all_rewards, "MAX_NODES", 3)
    v = check_all_rewards(most(1), inst)                    # fails: a kernel-checked counterexample either way
    assert (full.status, v.status, v.profiles) == ("fails", "fails", 0) and v.provenance.startswith("kernel-checked")
    assert [w.value for w in (v.worst_ratio, v.worst_strict, v.worst_weak)] == \
        [w.value for w in (full.worst_ratio, full.worst_strict, full.worst_weak)]
    v = check_all_rewards(most(0), inst)                    # holds: the root cone alone shows it by bounds
    assert (holds.status, v.status) == ("holds", "holds") and v.provenance.endswith("(every reward: bound trees)")
    monkeypatch.setattr(all_rewards, "KERNEL_WORK_LIMIT", 1)   # no bound tree fits: the engine's verdict
    assert check_all_rewards(most(0), inst).provenance == ENGINE_ONLY_WORST
    monkeypatch.undo()
    monkeypatch.setattr(all_rewards, "MAX_NODES", 3)
    monkeypatch.setattr(all_rewards, "MAX_NODES", nodes)
    assert check_all_rewards(most(1), inst).profiles == full.profiles > 0


@pytest.mark.parametrize("big", [10**18, 2**64])
def test_split_normals_past_the_kernels_bound_fall_back_instead_of_failing(big, monkeypatch):
    # vectors with entries near 10^18 give split normals past the kernel's bound on them (kernel.chambers.
    # MAX_NORMAL_ENTRY): the kernel refuses such trees as malformed, and check_all_rewards raised
    # InvariantViolation for a statement that holds. The chamber trees are not offered to the kernel now: the bound
    # trees are, where theirs fit, and the completeness stays the engine's where neither does.
    import symorbit.proofs.all_rewards as AR

    inst = Instance(A=[(big, 0, 0)], B=[(0, big, 0), (0, 1, 0), (0, 0, 1)])
    _, trees = AR.profile_trees(inst.A, inst.B)
    assert not AR._normals_fit(trees)
    v = check_statement(resolve("scaling_law_raw"), inst, "all")
    assert v.status == "holds" and kernel_problems(v.certificate) == []
    assert v.profiles == len(count_profiles(inst.A, inst.B)) and "chamber" not in v.certificate
    real = AR.bound_trees
    monkeypatch.setattr(AR, "bound_trees", lambda *a, **k: [[[1, -big, 0], 0, 0]] if real(*a, **k) else None)
    v = check_statement(resolve("scaling_law_raw"), inst, "all")
    assert v.status == "holds" and AR.ENGINE_ONLY_ALL in v.provenance and kernel_problems(v.certificate) == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.sampled_from(["0", "1/5", "1/4", "1/2", "2/3"]))
def test_an_optimal_fraction_over_every_reward_is_decided_as_a_weak_fraction(seed, q):
    """OptimalFraction(q) ("B optimal relative to C for a fraction ≥ q") over every reward: the profiles of C ∪ B
    against B, as a finite family checks it; the verdict is the least such fraction over every reward against q,
    a counterexample's fraction is below q, and a "holds" is kernel-checked."""
    from symorbit.proofs.vocabulary import OptimalFraction

    rng = random.Random(seed)
    d = 4
    A, B = ([tuple(rng.randrange(4) for _ in range(d)) for _ in range(2)] for _ in range(2))
    C = A + B + [tuple(rng.randrange(4) for _ in range(d))]
    statement = Statement(name="b_optimal_often", title="B optimal for a fraction q", source="a test",
                          status="conjectured", text="", mode="relative", hypotheses=(), claim=OptimalFraction(q))
    v = check_all_rewards(statement, Instance(A=A, B=B, C=C))
    union = list(dict.fromkeys(C + B))
    least = min(p.weak_fraction for p in count_profiles(union, B))   # max_B ≥ max_(C ∪ B): B optimal
    assert v.status == ("holds" if least >= Fraction(q) else "fails")
    # the worst values are those of C ∪ B against B, and say so; the worst weak fraction is the claim's quantity
    assert v.compared == v.to_dict()["compared"] == "C ∪ B against B"
    assert v.worst_weak.value == least == v.claim_worst.value
    if v.status == "fails":
        r = v.counterexample
        b, a, t = naive_orbit_counts(union, B, r)
        assert Fraction(b + t, b + a + t) < Fraction(q) and v.provenance == "kernel-checked"
    else:
        assert v.provenance.startswith("kernel-checked")


def test_claims_on_power_are_refused_over_every_reward_before_any_work(monkeypatch, tmp_path, capsys):
    """A claim that reads POWER or optimality probabilities at each reward is refused by name, before count_profiles
    runs (it once listed every profile and then failed on the claim)."""
    import symorbit.proofs.all_rewards as all_rewards
    from symorbit.proofs.vocabulary import OptimalityProbabilityRatio, PowerRatio

    def never(*args, **kwargs):
        raise AssertionError("count_profiles ran")

    monkeypatch.setattr(all_rewards, "_profiles_and_trees", never)
    for claim in (PowerRatio("1/2"), OptimalityProbabilityRatio(1)):
        statement = Statement(name="power_claim", title="t", source="a test", status="conjectured", text="",
                              mode="relative", hypotheses=(), claim=claim)
        with pytest.raises(InvalidArgument, match=r"rewards='all' does not cover .* finite reward family"):
            check_all_rewards(statement, Instance(A=[(1, 0, 0)], B=[(0, 1, 0)], C=[(1, 0, 0), (0, 1, 0), (0, 0, 1)]))


def test_the_worst_values_say_which_sets_they_compare(tmp_path, capsys):
    """A statement's own comparison is named in the verdict (raw, or relative to C); an optimal-fraction claim's, C ∪ B
    against B, is named in the verdict, its JSON and the CLI's text, where the worst ratio line would otherwise read
    as A against B."""
    import json

    from symorbit.cli.commands import main
    from symorbit.proofs.vocabulary import OptimalFraction

    inst = Instance(A=[(1, 0, 0)], B=[(0, 1, 0), (0, 0, 1)], C=[(1, 0, 0), (0, 1, 0), (0, 0, 1)])
    assert check_all_rewards(resolve("scaling_law_raw"), inst).compared == "A against B"
    own = Statement(name="b_optimal_often", title="B optimal for a fraction q", source="a test",
                    status="conjectured", text="", mode="relative", hypotheses=(), claim=OptimalFraction("1/2"))
    v = check_all_rewards(own, inst)
    assert v.compared == "C ∪ B against B" and v.worst_weak.value == Fraction(2, 3)
    module = tmp_path / "own_statement_mod.py"
    module.write_text("from symorbit.proofs.statements import Statement\n"
                      "from symorbit.proofs.vocabulary import OptimalFraction\n"
                      "S = Statement(name='b_optimal_often', title='t', source='a test', status='conjectured', "
                      "text='', mode='relative', hypotheses=(), claim=OptimalFraction('1/2'))\n")
    inst_file = tmp_path / "inst.json"
    inst_file.write_text(json.dumps({"A": [[1, 0, 0]], "B": [[0, 1, 0], [0, 0, 1]],
                                     "C": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}))
    import sys
    sys.path.insert(0, str(tmp_path))
    try:
        code = main(["check", "own_statement_mod:S", str(inst_file), "--rewards", "all"])
        from symorbit.counterexamples.worker import check_instance_spec
        spec = {"key": "own", **json.loads(inst_file.read_text())}
        assert check_instance_spec("own_statement_mod:S", spec, "all")["worst"]["compared"] == "C ∪ B against B"
        assert "compared" not in check_instance_spec("scaling_law_raw", spec, "all")["worst"]
    finally:
        sys.path.remove(str(tmp_path))
    out = capsys.readouterr().out
    assert code == 0 and "the worst values compare C ∪ B against B" in out
