"""The kernel's ``verify`` and its field checks, pinned by mutation testing (docs/mutation.md).

Hand-written certificates (standard library only, no engine) on candy: A = {e0}, B = {e1, e2}
in d = 3, B holds n = 2 copies of A (phi = (0 1) and (0 2)). Each test asserts what a user of
``symorbit verify`` relies on: the exact one-line message of a malformed certificate, the exact
problem list of a refuted one, and the counts in the report.
"""

from __future__ import annotations

import copy
import json

import pytest

from symorbit.kernel import FORMAT, Malformed, known_statement, verify
from symorbit.testing import kernel_problems

RAW = {
    "format": FORMAT, "statement": "scaling_law_raw", "verdict": "holds", "family": "list",
    "A": [[1, 0, 0]], "B": [[0, 1, 0], [0, 0, 1]],
    "rewards": [{"reward": [0, 1, 2], "b_better": 4, "a_better": 2, "ties": 0, "orbit_size": 6}],
    "involutions": [[1, 0, 2], [2, 1, 0]],
    "nd_A": [{"vector": [1, 0, 0], "witness": [0, 0, 0]}],
}
# PR Conj. D.13 fails on one-hot:3 (A = {e0, e1} in two parts, one copy {e2}): r = (0, 1, 1) has gt = 0 < 1/2.
COUNTEREXAMPLE = {
    "format": FORMAT, "statement": "fractional_conjecture", "verdict": "fails", "family": "patterns:0,1",
    "A": [[0, 1, 0], [1, 0, 0]], "B": [[0, 0, 1]], "C": [[0, 0, 1], [0, 1, 0], [1, 0, 0]],
    "rewards": [{"reward": [0, 1, 1], "b_better": 0, "a_better": 1, "ties": 2, "orbit_size": 3}],
    "parts": [[[0, 1, 0]], [[1, 0, 0]]], "copies": [[[0, 0, 1]]], "involution_table": [[[0, 2, 1]], [[2, 1, 0]]],
}
COUNTS = {
    "format": FORMAT, "statement": "orbit_counts", "verdict": "counted", "family": "list",
    "A": [[1, 0, 0]], "B": [[0, 1, 0], [0, 0, 1]],
    "rewards": [{"reward": [1, 2, 3], "b_better": 4, "a_better": 2, "ties": 0, "orbit_size": 6}],
}


def forged(base, **fields):
    cert = copy.deepcopy(base)
    cert.update(fields)
    return cert


def malformed(cert):
    with pytest.raises(Malformed) as err:
        verify(cert)
    return str(err.value)


def test_the_hand_written_certificates_verify():
    for cert in (RAW, COUNTEREXAMPLE, COUNTS):
        assert kernel_problems(cert) == [], cert["statement"]


@pytest.mark.parametrize("cert", [[], "x", None, 3, [RAW]])
def test_not_an_object(cert):
    assert malformed(cert) == "the certificate must be a JSON object"


@pytest.mark.parametrize("fmt", [None, "symorbit-certificate/1", FORMAT.upper()])
def test_wrong_format(fmt):
    cert = {k: v for k, v in RAW.items() if k != "format"} if fmt is None else forged(RAW, format=fmt)
    assert malformed(cert) == "format: must be 'symorbit-certificate/2'"


# ------------------------------------------------------------------ statements and the registry
def _rule_cert(rule, statement):
    """Decision rule on candy with C = A u B: satisfice at a threshold above every value ties all."""
    return forged(RAW, statement=statement, rule=rule, C=[[1, 0, 0], [0, 1, 0], [0, 0, 1]],
                  nd_A=None, rewards=[{"reward": [0, 1, 2], "b_better": 0, "a_better": 0, "ties": 6,
                                       "orbit_size": 6}], verdict="holds")


def _no_nd(cert):
    del cert["nd_A"]
    return cert


def test_a_rule_with_a_slash_names_its_statement_with_underscores():
    cert = _no_nd(_rule_cert("satisfice:5/2", "decision_rule_satisfice_5_2"))
    assert kernel_problems(cert) == [] and known_statement(cert)
    for wrong in ("decision_rule_satisfice_5/2", "decision_rule_satisfice:5_2", "decision_rule_satisfice_1"):
        bad = {**cert, "statement": wrong}
        assert not known_statement(bad)
        assert malformed(bad) == f"rule: 'satisfice:5/2' does not match the statement {wrong!r}"
    assert malformed({**cert, "rule": 7}) == "rule: 7 does not match the statement 'decision_rule_satisfice_5_2'"


def test_the_bare_decision_rule_is_not_a_statement():
    """'decision_rule' names no rule: it is refused, not checked as the IsOptimal rule."""
    cert = _no_nd(_rule_cert("satisfice:5/2", "decision_rule"))
    assert not known_statement(cert)
    assert malformed(cert) == "statement: 'decision_rule' misuses a built-in name (unknown added hypotheses, or no rule)"


@pytest.mark.parametrize("statement, known", [("scaling_law_raw", True), ("fractional_conjecture+fix_C", True),
                                              ("fractional_conjecture+fix_C+fix_C", False), ("nope", False),
                                              ("scaling_law_raw+disjoint", False), (None, False)])
def test_known_statement(statement, known):
    assert known_statement({"statement": statement}) is known


# ------------------------------------------------------------------ the fields a statement takes
def test_orbit_counts_takes_c_optionally_and_no_other_statement_does():
    with_c = forged(COUNTS, C=[[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    rep = verify(with_c)
    assert (rep.status, rep.problems, rep.claim, rep.hypotheses) == ("verified", [], "counts", [])
    assert verify(COUNTS).claim == "counts"
    assert malformed(forged(RAW, C=with_c["C"])) == (
        "fields: scaling_law_raw needs ['A', 'B', 'family', 'format', 'involutions', 'nd_A', 'rewards', "
        "'statement', 'verdict']; missing [], unexpected ['C']")
    assert malformed(forged(COUNTS, Z=1)) == (
        "fields: orbit_counts needs ['A', 'B', 'family', 'format', 'rewards', 'statement', 'verdict']; "
        "missing [], unexpected ['Z']")


def test_c_is_read_as_vectors_of_length_d():
    assert malformed(forged(COUNTS, C=[[1, 0]])) == "C: vectors must all have the same length d"
    assert malformed(forged(COUNTS, C=[[1, "x", 0]])) == "C[0]: 'x' is not an exact number"
    assert malformed(forged(COUNTS, C=[])) == "C: must be a non-empty list of non-empty vectors"


@pytest.mark.parametrize("key", ["parts", "copies", "involution_table"])
@pytest.mark.parametrize("value", [[], "x", {"a": 1}, 0])
def test_the_fractional_witnesses_must_be_non_empty_lists(key, value):
    assert malformed(forged(COUNTEREXAMPLE, **{key: value})) == f"{key}: must be a non-empty list"


@pytest.mark.parametrize("key", ["b_better", "a_better", "ties", "orbit_size"])
@pytest.mark.parametrize("value", [True, False, "4", 4.0, None, -1])
def test_claimed_counts_are_non_negative_integers(key, value):
    cert = copy.deepcopy(RAW)
    cert["rewards"][0][key] = value
    assert malformed(cert) == f"rewards[0].{key}: must be a non-negative integer"


def test_an_involution_that_is_not_one():
    """A 3-cycle maps e0 into B but is not its own inverse."""
    cert = forged(RAW, involutions=[[1, 2, 0], [2, 1, 0]])
    assert kernel_problems(cert) == ["involutions[0] is not an involution",
                                       "involutions[0] does not fix the copy B_1"]


# ------------------------------------------------------------------ the counts and the verdict
@pytest.mark.parametrize("key, value", [("b_better", 5), ("a_better", 1), ("ties", 1), ("orbit_size", 7)])
def test_each_claimed_count_is_compared(key, value):
    cert = copy.deepcopy(RAW)
    cert["rewards"][0][key] = value
    assert kernel_problems(cert) == [f"rewards[0]: claimed {key}={value}, kernel counts {RAW['rewards'][0][key]}"]


def test_a_refuted_block_does_not_stop_the_later_rewards():
    """Blocks that an outcome set does not respect refute that reward; the next ones are still counted."""
    cert = copy.deepcopy(RAW)
    cert["rewards"] = [{**RAW["rewards"][0], "reward": [0, 1, 1], "b_better": 1, "a_better": 0, "ties": 2,
                        "orbit_size": 3, "blocks": [[0, 1], [2]]},
                       {**RAW["rewards"][0], "b_better": 3}]
    assert kernel_problems(cert) == ["blocks: swapping coordinates 0 and 1 changes an outcome set",
                                       "rewards[1]: claimed b_better=3, kernel counts 4"]


def test_non_generic_rewards_are_skipped_and_counted():
    """The strict conjecture counts only tie-free rewards: (0, 1, 1) and (0, 0, 0) tie, (0, 1, 2) is 4/6 = 2/3."""
    entries = [{"reward": [0, 1, 1], "b_better": 1, "a_better": 0, "ties": 2, "orbit_size": 3},
               {"reward": [0, 0, 0], "b_better": 0, "a_better": 0, "ties": 1, "orbit_size": 1},
               RAW["rewards"][0]]
    rep = verify(forged(RAW, statement="strict_scaling_conjecture", rewards=entries))
    assert (rep.status, rep.problems, rep.rewards_checked, rep.rewards_skipped_non_generic) == ("verified", [], 1, 2)
    assert rep.claim == "strict fraction >= 2/3 (generic rewards)"
    rep = verify(forged(RAW, statement="strict_scaling_conjecture", rewards=entries[:2], verdict="vacuous"))
    assert (rep.status, rep.problems, rep.rewards_checked, rep.rewards_skipped_non_generic) == ("vacuous", [], 0, 2)
    rep = verify(forged(RAW, rewards=entries))          # the raw law counts every reward, ties included
    assert (rep.status, rep.rewards_checked, rep.rewards_skipped_non_generic) == ("verified", 3, 0)


def test_one_failing_reward_among_many_fails_the_claim():
    """Raw law with a single copy (n = 1 needs gt >= lt): one failing reward decides, however many pass."""
    one = forged(RAW, B=[[0, 1, 0]], involutions=[[1, 0, 2]], rewards=[
        {"reward": [0, 1, 2], "b_better": 3, "a_better": 3, "ties": 0, "orbit_size": 6},
        {"reward": [0, 0, 1], "b_better": 1, "a_better": 1, "ties": 1, "orbit_size": 3}])
    assert kernel_problems(one) == []
    fails = forged(one, A=[[1, 0, 0], [0, 0, 1]], nd_A=[{"vector": [1, 0, 0], "witness": [1, 0, 0]},
                                                        {"vector": [0, 0, 1], "witness": [0, 0, 1]}],
                   involutions=[[1, 0, 2]], verdict="fails")
    fails["rewards"] = [{"reward": [0, 1, 2], "b_better": 2, "a_better": 4, "ties": 0, "orbit_size": 6},
                        {"reward": [0, 0, 0], "b_better": 0, "a_better": 0, "ties": 1, "orbit_size": 1},
                        {"reward": [1, 1, 1], "b_better": 0, "a_better": 0, "ties": 1, "orbit_size": 1}]
    assert kernel_problems(fails) == ["involutions[0] maps the copied set outside B"]
    assert kernel_problems({**fails, "verdict": "holds"}) == [
        "involutions[0] maps the copied set outside B", "verdict: claimed 'holds', kernel finds 'fails'"]


# ------------------------------------------------------------------ the rewards covered
def test_a_counterexample_lists_rewards_in_its_family():
    cert = copy.deepcopy(COUNTEREXAMPLE)
    cert["rewards"][0]["reward"] = [0, 2, 2]          # fails the same way, but is not a pattern of {0, 1}
    assert kernel_problems(cert) == ["rewards: the listed rewards are not in the family 'patterns:0,1'"]
    assert kernel_problems({**RAW, "family": "patterns:0,1,2"}) == [
        "rewards: the listed rewards are not the family 'patterns:0,1,2'"]


@pytest.mark.parametrize("cert, verdict", [(COUNTEREXAMPLE, "fails"), (COUNTS, "counted"), (RAW, "holds"),
                                           (RAW, "vacuous")])
def test_no_reward_listed(cert, verdict):
    problems = kernel_problems({**cert, "rewards": [], "verdict": verdict})
    assert problems[0] == "rewards: no reward is listed"
    assert problems[1:] == ([] if verdict in ("counted", "vacuous") else
                            [f"verdict: claimed {verdict!r}, kernel finds 'vacuous'"])


# ------------------------------------------------------------------ outcome sets from the environment
ENV = {"mdp": {"deterministic": {"s0": ["s1", "s2"], "s1": [], "s2": []}}, "state": "s0", "discount": "1/2",
       "a_actions": ["s1"], "b_actions": ["s2"], "relative": True}


def test_c_is_checked_against_the_environment():
    """s0 -> s1 or s2, both absorbing; gamma = 1/2: F(s0) = {(1, 1, 0), (1, 0, 1)}."""
    cert = forged(COUNTS, A=[[1, 1, 0]], B=[[1, 0, 1]], C=[[1, 1, 0], [1, 0, 1]], environment=ENV,
                  rewards=[{"reward": [0, 0, 1], "b_better": 1, "a_better": 1, "ties": 1, "orbit_size": 3}])
    rep = verify(cert)
    assert (rep.status, rep.problems, rep.outcome_sets_from_environment) == ("verified", [], True)
    assert kernel_problems({**cert, "C": cert["C"] + [[0, 1, 1]]}) == ["C differs from the outcome set the kernel derives from the environment"]
    assert kernel_problems({k: v for k, v in cert.items() if k != "C"}) == [
        "environment.relative: the certificate compares against C = F(s) but has no C"]


def test_the_cli_reports_a_malformed_certificate_with_exit_2(tmp_path, capsys):
    from symorbit.cli.commands import main

    path = tmp_path / "c.json"
    path.write_text(json.dumps([RAW]))
    assert main(["verify", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == ("symorbit: error: " + str(path)
                                 + ": malformed certificate (the certificate must be a JSON object)\n")


def test_check_certificate_charges_the_budget_it_is_given():
    from symorbit.kernel import Budget, check_certificate

    cert = {"format": FORMAT, "statement": "orbit_counts", "verdict": "counted", "family": "list",
            "A": [[1, 0]], "B": [[0, 1]],
            "rewards": [{"reward": [1, 2], "b_better": 1, "a_better": 1, "ties": 0, "orbit_size": 2}]}
    assert check_certificate(cert).status == "verified"
    with pytest.raises(Malformed) as err:
        check_certificate(cert, budget=Budget(3))
    assert str(err.value) == "too large: the certificate needs more than 3 units of kernel work"


@pytest.mark.parametrize("error, message", [
    (RecursionError, "too large: the certificate is nested too deeply"),
    (MemoryError, "too large: the certificate needs more memory than is available"),
])
def test_recursion_and_memory_errors_become_one_line_refusals(monkeypatch, error, message):
    """verify raises nothing but Malformed: an interpreter limit met anywhere in the check is a refusal."""
    from symorbit.kernel import certificate

    def exhausted(cert, budget):
        raise error()

    monkeypatch.setattr(certificate, "_verify", exhausted)
    with pytest.raises(Malformed) as err:
        verify({"format": FORMAT})
    assert str(err.value) == message


# ------------------------------------------------------------------ what the report says about the statement
DECLARED = {"title": "T", "source": "S", "status": "conjectured", "text": "X", "mode": "raw", "rule": None,
            "generic": False, "hypotheses": [{"kind": "copies", "of": "ND(A)", "fixing": "none"}],
            "claim": {"kind": "most", "ratio": "n"}}


@pytest.mark.parametrize("cert, expected", [
    (COUNTS, ("", "", "", True, "PR Def. 3.2 (orbit counts)", "list")),
    (RAW, ("", "", "", True, "PR Lemma D.3", "list")),
    (forged(RAW, statement="mine", declaration=DECLARED), ("T", "X", "conjectured", False, "S", "list")),
])
def test_the_report_carries_the_statements_title_text_status_origin_and_family(cert, expected):
    """A built-in pin (orbit_counts included) has no title, text or status and is built in; a declaration's
    own title, text and status are reported, and it is not built in (``is``: None would read as False)."""
    rep = verify(cert)
    assert rep.status == "verified"
    assert (rep.title, rep.text, rep.statement_status, rep.built_in, rep.source, rep.family) == expected
    assert rep.built_in is expected[3]


@pytest.mark.parametrize("fixing, needed", [("C", {"C"}), ("Z_minus_extra", {"C", "Z", "nd_C"}), ("none", set())])
def test_a_copies_hypothesis_fixing_c_needs_c_in_a_raw_statements_certificate(fixing, needed):
    """Fixing C (or Z, the extra vector) needs those sets in a raw statement's certificate, whose mode alone
    does not take C: without C the copies could not be checked to fix it."""
    from symorbit.kernel.certificate import _COMMON, _fields
    from symorbit.kernel.declarations import declaration

    decl = declaration({"statement": "mine", "declaration": {
        **DECLARED, "hypotheses": [{"kind": "copies", "of": "A", "fixing": fixing}]}})[0]
    keys, optional = _fields(decl, {"statement": "mine"}, False)
    assert keys == set(_COMMON) | {"involutions"} | needed
    assert optional == {"environment", "declaration"}


@pytest.mark.parametrize("claim, verdict, text", [
    ({"kind": "most", "ratio": "n"}, "holds", "gt >= 2 * lt"),
    ({"kind": "weak_fraction", "bound": "n/(n+1)"}, "holds", "weak fraction >= 2/3"),
    ({"kind": "strict_fraction", "bound": "1/2"}, "holds", "strict fraction >= 1/2"),
    ({"kind": "pointwise"}, "fails", "lt = 0 (B at least as good everywhere)"),
])
def test_the_report_states_each_kind_of_claim_in_words(claim, verdict, text):
    """The claim as the report (and the CLI) prints it, with the bound's value for n = 2 copies; at r = (0, 1, 2)
    gt = 4, lt = 2 of 6, so the pointwise claim fails there."""
    rep = verify(forged(RAW, statement="mine", verdict=verdict, declaration={**DECLARED, "claim": claim}))
    assert (rep.status, rep.verdict, rep.claim) == ("verified", verdict, text)
    generic = forged(RAW, statement="mine", verdict=verdict, declaration={**DECLARED, "claim": claim, "generic": True})
    assert verify(generic).claim == text + " (generic rewards)"


@pytest.mark.parametrize("a, b, r", [
    (2 ** 60 + 1, 2 ** 60, [1, 1]),
    (f"{2 ** 60 + 1}/3", f"{2 ** 60}/3", ["1/5", "1/5"]),        # the integer path: A, B times 3, r times 5
    (2 ** 200 + 1, 2 ** 200, [7, 7]),
])
def test_entries_past_2_to_the_53_are_compared_exactly(a, b, r):
    """A float would round 2^60 + 1 to 2^60 and call this a tie: at r = (c, c), one orbit element, A's (2^60 + 1)c
    beats B's 2^60 c."""
    one = [{"reward": r, "b_better": 0, "a_better": 1, "ties": 0, "orbit_size": 1}]
    assert kernel_problems(forged(COUNTS, A=[[a, 0]], B=[[0, b]], rewards=one)) == []
