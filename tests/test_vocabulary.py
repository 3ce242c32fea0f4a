"""The statement vocabulary (issue 22): one declaration that the engine decides, the certificate
carries and the kernel checks, for the built-in theorems and for a user's own statement alike."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import Instance, Statement, check_statement
from symorbit.analysis.decisions import decision_orbit_counts
from symorbit.errors import InvalidArgument
from symorbit.kernel import Malformed, builtin, verify
from symorbit.kernel.declarations import ratio_value
from symorbit.proofs.vocabulary import (
    ANondominated,
    CommonCopies,
    Copies,
    Disjoint,
    Most,
    NAtLeastM,
    Pointwise,
    StrictFraction,
    WeakFraction,
    expression,
)
from symorbit.testing import kernel_problems
from symorbit.testing.naive import naive_orbit_counts
from symorbit.theorems import MODULES, REGISTRY, fractional_conjecture

CANDY = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")


def own(hypotheses, claim, *, mode="raw", name="mine", generic=False, rule=None):
    return Statement(name=name, title="a user's statement", source="test", status="conjectured", text="...",
                     mode=mode, hypotheses=hypotheses, claim=claim, generic_only=generic, rule=rule)


# --- every built-in theorem is one declaration, and the kernel's pin of its name is that declaration -------------

@pytest.mark.parametrize("name", sorted(REGISTRY) + ["fractional_conjecture+n_at_least_m+fix_C",
                                                      "fractional_conjecture+disjoint"])
def test_each_builtin_declaration_is_the_kernels_pin(name):
    from symorbit.theorems import resolve

    statement = resolve(name)
    assert statement.declared                       # hypotheses and claim are vocabulary pieces, no code
    decl, pin = statement.declaration(), builtin(name)
    if statement.rule is not None:
        pin["rule"] = statement.rule
    assert {k: decl[k] for k in ("mode", "rule", "generic", "hypotheses", "claim")} == \
        {k: pin[k] for k in ("mode", "rule", "generic", "hypotheses", "claim")}


def test_each_theorem_module_is_one_declaration():
    for module in MODULES:
        assert isinstance(module.STATEMENT, Statement) and module.STATEMENT.declared


# --- a user's statement in the vocabulary gets the full certificate -------------------------------------------

def test_a_user_statement_verifies_with_its_name_claim_and_verdict():
    st_ = own((Copies(of="ND(A)"),), Most("n+1"), name="one_more")
    v = check_statement(st_, CANDY, [(1, 2, 3)])
    assert v.status == "fails" and v.provenance == "kernel-checked"
    rep = verify(v.certificate)
    assert (rep.status, rep.verdict, rep.counterexample) == ("verified", "fails", ["1", "2", "3"])
    assert rep.statement == "one_more" and rep.claim == "gt >= 3 * lt" and not rep.built_in
    assert rep.hypotheses == ["B contains n = 2 copies of ND(A) (Def. A.7: involutive, into B, fixing the other "
                              "copies)"]


def test_a_user_statement_cannot_borrow_a_builtin_name():
    st_ = own((Copies(of="ND(A)"),), Most("n+1"), name="scaling_law_raw")
    # the engine leaves the declaration out for a built-in name, so the kernel checks the papers' claim
    v = check_statement(st_, CANDY, [(1, 2, 3)], kernel=False)
    assert "declaration" not in v.certificate
    assert verify(v.certificate).problems == ["verdict: claimed 'fails', kernel finds 'holds'"]
    forged = {**v.certificate, "declaration": {**own((Copies(of="ND(A)"),), Most("n+1")).declaration()}}
    with pytest.raises(Malformed, match="differs from the kernel's built-in 'scaling_law_raw'"):
        kernel_problems(forged)


def test_a_hypothesis_in_python_stays_engine_only_and_says_so():
    from symorbit.proofs.statements import Hypotheses

    def reach(inst):
        """Reach(s, b) contains Reach(s, a)."""
        return Hypotheses(True, "assumed")

    v = check_statement(own(reach, WeakFraction("1/2")), CANDY, [(1, 2, 3)])
    assert v.provenance == "kernel-checked: counts and claim (hypotheses engine-only: Python code)"
    rep = verify(v.certificate)
    assert rep.engine_only == ["Reach(s, b) contains Reach(s, a)."] and rep.verdict == "holds"


def test_declarations_are_checked_for_kind_and_shape():
    """Each refusal by its whole message (a changed word or an added prefix is a changed answer)."""
    v = check_statement(own((Copies(of="ND(A)"),), Most("n")), CANDY, [(1, 2, 3)])
    cert = v.certificate
    for change, message in [
        (lambda d: d["hypotheses"].append({"kind": "magic"}),
         "declaration.hypotheses[1]: must be an object whose kind is one of ['a_nondominated', 'common_copies', "
         "'copies', 'disjoint', 'n_at_least_m', 'power_copy', 'python']"),
        (lambda d: d["hypotheses"].append({"kind": "copies", "of": "A", "fixing": "none"}),
         "declaration.hypotheses: each kind at most once, and one of copies, common_copies, power_copy at most"),
        (lambda d: d["hypotheses"][0].update(fixing="everything"),
         "declaration.hypotheses[0].fixing: must be one of ['none', 'C', 'Z_minus_extra', 'disjoint_supports']"),
        (lambda d: d["claim"].update(ratio="n**2"), "claim: cannot read 'n**2' at position 2"),
        (lambda d: d["claim"].update(ratio="n^2"),
         "claim: a ratio or bound is a string of at most 64 characters over integers, n, m, + - * / and parentheses"),
        (lambda d: d["claim"].update(ratio="m"), "claim: 'm' uses m, which no hypothesis of the statement gives"),
        (lambda d: d["claim"].update(ratio="1/(n-n)"), "claim: '1/(n-n)' divides by zero"),
        (lambda d: d.update(mode="sideways"), "declaration: mode must be 'raw' or 'relative' and generic true or false"),
        (lambda d: d.update(rule="is_optimal"), "declaration.rule: must be null, or a decision rule with mode 'relative'"),
        (lambda d: d.pop("text"), "declaration: must have exactly the fields ['claim', 'generic', 'hypotheses', 'mode', "
                                  "'rule', 'source', 'status', 'text', 'title']"),
    ]:
        bad = copy.deepcopy(cert)
        change(bad["declaration"])
        with pytest.raises(Malformed) as err:
            kernel_problems(bad)
        assert str(err.value) == message


def test_cli_verify_prints_the_verdict_and_the_counterexample(tmp_path):
    v = check_statement(own((Copies(of="ND(A)"),), Most("n+1"), name="one_more"), CANDY, [(1, 2, 3)])
    path = tmp_path / "c.json"
    path.write_text(json.dumps(v.certificate))
    out = subprocess.run([sys.executable, "-m", "symorbit", "verify", str(path)], capture_output=True, text=True)
    assert out.returncode == 0
    assert "verified: FAILS, counterexample r = (1, 2, 3)" in out.stdout and "statement one_more" in out.stdout
    out = subprocess.run([sys.executable, "-m", "symorbit", "verify", "--json", str(path)], capture_output=True,
                         text=True)
    row = json.loads(out.stdout)
    assert (row["verdict"], row["counterexample"], row["statement"]) == ("fails", ["1", "2", "3"], "one_more")


# --- family "all" is never replayed as IsOptimal for another decision rule -----------------------------------

def _relative_all_certificate():
    inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], C=[[1, 0, 0], [0, 1, 0], [0, 0, 1]], name="candy")
    v = check_statement(own((Copies(of="A", fixing="C"),), Most("n"), mode="relative"), inst, "all")
    assert v.status == "holds" and v.certificate["family"] == "all"
    return inst, v.certificate


def test_satisfice_all_certificate_with_isoptimal_profiles_is_refuted():
    inst, cert = _relative_all_certificate()
    forged = copy.deepcopy({k: x for k, x in cert.items() if k not in ("declaration", "nd_A")})
    forged.update(statement="decision_rule_satisfice_1", rule="satisfice:1", nd_A=cert["nd_A"])
    for e in forged["rewards"]:        # each listed reward carries satisfice:1's own correct counts
        r = [Fraction(x) for x in e["reward"]]
        c = decision_orbit_counts("satisfice:1", list(inst.A), list(inst.B), list(inst.C), r)
        e.update(b_better=c.b_better, a_better=c.a_better, ties=c.ties, orbit_size=c.orbit_size)
    problems = kernel_problems(forged)
    assert problems == ["family all: the chamber replay derives IsOptimal's count profiles only, so it cannot "
                        "show that every profile of rule 'satisfice:1' is listed"]
    # IsOptimal itself (the same comparison as "relative") is replayed and verified
    ok = {**forged, "statement": "decision_rule_is_optimal", "rule": "is_optimal",
          "rewards": cert["rewards"]}
    assert kernel_problems(ok) == []


# --- the ratio expressions and the engine's claims agree with brute force ---------------------------------------

@given(st.integers(1, 9), st.integers(1, 9), st.integers(0, 5), st.integers(1, 5))
def test_ratio_expressions_evaluate_exactly(n, m, a, b):
    values = {"n": Fraction(n), "m": Fraction(m)}
    assert ratio_value("n/(n+1)", values) == Fraction(n, n + 1)
    assert ratio_value(f"({a}*n+m)/{b}", values) == Fraction(a * n + m, b)
    assert ratio_value(expression(Fraction(a - 3, b)), {}) == Fraction(a - 3, b)
    with pytest.raises(InvalidArgument):
        expression(0.5)


vectors = st.lists(st.lists(st.integers(0, 1), min_size=3, max_size=3).filter(any), min_size=1, max_size=3,
                   unique_by=tuple)
claims = st.sampled_from([Most("n"), Most("n+1"), Most("1/2"), StrictFraction("n/(n+1)"), WeakFraction("n/(n+1)"),
                          WeakFraction("1"), Pointwise()])
hyps = st.sampled_from([(Copies(of="A"),), (Copies(of="ND(A)"), Disjoint()), (Copies(of="A", fixing="disjoint_supports"),),
                        (Copies(of="A"), ANondominated()), (CommonCopies(), NAtLeastM())])


@settings(max_examples=40, deadline=None)
@given(vectors, vectors, claims, hyps, st.lists(st.integers(0, 3), min_size=3, max_size=3))
def test_engine_and_kernel_agree_with_brute_force(A, B, claim, hypotheses, r):
    inst = Instance(A=A, B=B, name="random")
    if claim.field == "ratio" and "m" in str(getattr(claim, "ratio", "")):
        return
    v = check_statement(own(hypotheses, claim), inst, [tuple(r)])
    if v.status == "hypotheses not met":
        return
    gt, lt, eq = naive_orbit_counts(A, B, r)
    size = gt + lt + eq
    data = own(hypotheses, claim).check_hypotheses(inst).data
    bound = claim.evaluate(data).get(claim.field) if claim.field else None
    expected = {"most": lambda: gt >= bound * lt, "pointwise": lambda: lt == 0,
                "strict_fraction": lambda: Fraction(gt, size) >= bound,
                "weak_fraction": lambda: Fraction(gt + eq, size) >= bound}[claim.kind]()
    assert v.status == ("holds" if expected else "fails")
    rep = verify(v.certificate)
    assert rep.status == "verified" and rep.verdict == v.status


def test_fractional_added_hypotheses_are_declared_in_name_order():
    st_ = fractional_conjecture.statement(("n_at_least_m", "fix_C"))
    assert [h["kind"] for h in st_.declaration()["hypotheses"]] == ["common_copies", "n_at_least_m"]
    assert st_.declaration()["hypotheses"][0]["fixing"] == "C"


# --- typed values: a discount is parsed once and written canonically ---------------------------------------

@pytest.mark.parametrize("gamma", [" 1/2", "2/4", Fraction(1, 2), "1/2 "])
def test_a_discount_is_parsed_once_and_the_kernel_accepts_the_engines_certificate(gamma):
    from symorbit.mdp.library import candy
    from symorbit.proofs.statements import Hypotheses

    inst = Instance.from_mdp(candy(), "start", "candy", "wait", gamma=gamma)
    assert inst.context["environment"]["discount"] == "1/2" and inst.context["gamma"] == Fraction(1, 2)
    st_ = own(lambda i: Hypotheses(True, "assumed"), WeakFraction("0"), mode="relative")
    v = check_statement(st_, inst, [(0, 1, 2, 3, 4)])
    assert v.status == "holds" and v.certificate["environment"]["discount"] == "1/2"
    assert verify(v.certificate).outcome_sets_from_environment


@given(st.fractions(min_value=0, max_value=1).filter(lambda q: 0 < q < 1))
def test_discount_round_trips(q):
    from symorbit.exact.values import Discount

    d = Discount.parse(str(q))
    assert d.gamma == q and Discount.parse(str(d)) == d and Discount.parse(f"  {q} ") == d


def test_the_own_statements_doc_example_runs_as_documented(tmp_path):
    """docs/own_statements.md: a user's vocabulary statement, checked and verified with its verdict printed."""
    import os
    import pathlib

    examples = pathlib.Path(__file__).resolve().parent.parent / "examples"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(examples), os.environ.get("PYTHONPATH", "")])}
    cert = tmp_path / "one_more.json"
    out = subprocess.run([sys.executable, "-m", "symorbit", "check", "my_conjectures:one_more_than_copies",
                          str(examples / "candy.toml"), "--certificate", str(cert)],
                         capture_output=True, text=True, env=env)
    assert out.returncode == 1, out.stderr
    assert out.stdout.startswith("one_more_than_copies: fails (B contains n = 2 copies of ND(A)")
    doc = (examples.parent / "docs" / "own_statements.md").read_text(encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "symorbit", "verify", str(cert)], capture_output=True, text=True)
    assert out.returncode == 0
    printed = out.stdout.replace(str(cert), "one_more.json").strip()
    assert printed in doc, printed


def test_a_pointwise_claim_fails_on_one_reward_where_a_is_better():
    # r = (1, 2, 3) on the candy instance: A = {e0} is better on 2 of 6 orbit elements, so lt = 2 > 0
    v = check_statement(own((Copies(of="ND(A)"),), Pointwise()), CANDY, [(1, 2, 3)])
    assert v.status == "fails"
    rep = verify(v.certificate)
    assert (rep.status, rep.verdict, rep.counterexample) == ("verified", "fails", ["1", "2", "3"])
    forged = {**v.certificate, "verdict": "holds"}
    assert verify(forged).problems == ["verdict: claimed 'holds', kernel finds 'fails'"]


def test_a_strict_fraction_does_not_count_ties_and_a_weak_one_does():
    # r = (2, 2, 1): gt = 1 (B better at (1, 2, 2)), ties = 2, orbit 3: 1/3 < 1/2 <= 3/3
    strict = check_statement(own((Copies(of="ND(A)"),), StrictFraction("1/2")), CANDY, [(2, 2, 1)])
    weak = check_statement(own((Copies(of="ND(A)"),), WeakFraction("1/2")), CANDY, [(2, 2, 1)])
    assert (strict.status, weak.status) == ("fails", "holds")
    assert [(verify(v.certificate).status, verify(v.certificate).verdict) for v in (strict, weak)] == \
        [("verified", "fails"), ("verified", "holds")]
    assert verify({**strict.certificate, "verdict": "holds"}).problems == \
        ["verdict: claimed 'holds', kernel finds 'fails'"]


def _disjoint_supports_certificate(involutions):
    """A = {e0, e1} inside B: the swap (0 1) and one on 2, 3 each fix A, so each is a copy of A in B."""
    statement = own((Copies(of="A", fixing="disjoint_supports"),), WeakFraction("0"))
    inst = Instance(A=[[1, 0, 0, 0], [0, 1, 0, 0]], B=[[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], name="inside")
    v = check_statement(statement, inst, [(1, 2, 3, 4)])
    assert v.status == "holds" and v.certificate["involutions"] == [[0, 1, 2, 3]]
    return {**v.certificate, "involutions": involutions}


def test_involutions_with_disjoint_supports_are_accepted():
    rep = verify(_disjoint_supports_certificate([[1, 0, 2, 3], [0, 1, 3, 2]]))
    assert (rep.status, rep.problems) == ("verified", [])
    assert rep.hypotheses == ["B contains n = 2 copies of A (Def. A.7: involutive, into B, fixing the other copies)",
                              "the involutions have pairwise disjoint supports"]


def test_involutions_whose_supports_meet_are_refuted():
    # (0 1) and (0 1)(2 3) both fix A, but both move 0 and 1 (their fixed points {2, 3} and {} are disjoint)
    rep = verify(_disjoint_supports_certificate([[1, 0, 2, 3], [1, 0, 3, 2]]))
    assert (rep.status, rep.problems) == ("refuted", ["the involutions' supports are not pairwise disjoint"])


@pytest.mark.parametrize("name, source", [
    ("scaling_law_raw", "PR Lemma D.3"), ("scaling_law_relative", "PR Lemma D.5"),
    ("strict_scaling_conjecture", "the post"), ("more_options_more_power", "OPTS Prop. 6.6"),
    ("decision_rule_best_of_k", "PR Prop. A.11"), ("fractional_conjecture+fix_C", "PR Conjecture D.13"),
])
def test_the_builtin_statements_name_their_sources(name, source):
    """What `symorbit verify` prints as a statement's source, for the kernel's own declarations."""
    from test_kernel_hostile import RAW

    assert builtin(name)["source"] == source
    if name == "scaling_law_raw":
        assert verify(copy.deepcopy(RAW)).source == source


def test_a_statement_name_of_1000_characters_is_read_and_1001_refused():
    from symorbit.kernel.declarations import declaration

    with pytest.raises(Malformed, match="is not a built-in name, so the certificate needs its declaration"):
        declaration({"statement": "x" * 1000})
    for name in ("x" * 1001, ""):
        with pytest.raises(Malformed) as err:
            declaration({"statement": name})
        assert str(err.value) == "statement: must name a statement (at most 1000 characters)"


@pytest.mark.parametrize("name", ["orbit_counts", "orbit_counts+x", "decision_rule", "scaling_law_raw+x"])
def test_a_built_in_name_misused_is_refused_by_its_message(name):
    from symorbit.kernel.declarations import declaration

    with pytest.raises(Malformed) as err:
        declaration({"statement": name})
    assert str(err.value) == f"statement: {name!r} misuses a built-in name (unknown added hypotheses, or no rule)"


def test_a_decision_rule_statement_takes_its_rule_from_the_certificate_and_the_others_have_none():
    assert builtin("decision_rule_best_of_k")["rule"] == ""
    assert all(builtin(n)["rule"] is None for n in ("scaling_law_raw", "scaling_law_relative", "more_options_more_power"))


@pytest.mark.parametrize("kinds", [["copies", "common_copies"], ["copies", "power_copy"], ["disjoint", "disjoint"],
                                   ["n_at_least_m", "disjoint", "n_at_least_m"]])
def test_two_copy_hypotheses_or_one_kind_twice_are_refused_before_any_is_checked(kinds):
    """White box (the field check of a whole certificate comes first): the hypotheses' kinds, read alone."""
    from fractions import Fraction

    from symorbit.kernel.certificate import _hypotheses
    from symorbit.kernel.check import Budget
    from symorbit.kernel.report import Report

    decl = {"hypotheses": [{"kind": k} for k in kinds]}
    with pytest.raises(Malformed) as err:
        _hypotheses({}, decl, [(Fraction(1),)], [(Fraction(1),)], None, Report(), Budget())
    assert str(err.value) == ("declaration.hypotheses: each kind at most once, and one of copies, common_copies, "
                              "power_copy at most")


def test_a_user_name_with_a_plus_needs_its_own_declaration():
    from symorbit.kernel.declarations import declaration

    with pytest.raises(Malformed) as err:
        declaration({"statement": "mine+x"})
    assert str(err.value) == "statement: 'mine+x' is not a built-in name, so the certificate needs its declaration"


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(mode="sideways"), "declaration: mode must be 'raw' or 'relative' and generic true or false"),
    (lambda d: d.update(generic=1), "declaration: mode must be 'raw' or 'relative' and generic true or false"),
    (lambda d: d.update(rule=5), "declaration.rule: must be null, or a decision rule with mode 'relative'"),
    (lambda d: d.update(hypotheses=5), "declaration.hypotheses: must be a list of at most 16 hypotheses"),
    (lambda d: d["hypotheses"].extend([{"kind": "disjoint"}] * 15),      # 16 are read (and one kind is twice)
     "declaration.hypotheses: each kind at most once, and one of copies, common_copies, power_copy at most"),
    (lambda d: d["hypotheses"].extend([{"kind": "disjoint"}] * 16), "declaration.hypotheses: must be a list of at most 16 hypotheses"),
    (lambda d: d["hypotheses"].append({"kind": "n_at_least_m"}),
     "declaration.hypotheses: n_at_least_m needs a common_copies hypothesis before it"),
    (lambda d: d.update(claim={"kind": "magic"}),
     "declaration.claim: must be an object whose kind is one of ['most', 'pointwise', 'strict_fraction', 'weak_fraction']"),
    (lambda d: d.update(claim={"kind": "most", "ratio": "n", "extra": 1}),
     "declaration.claim: a most claim has exactly the fields ['kind', 'ratio']"),
    (lambda d: d.update(claim={"kind": "most"}), "declaration.claim: a most claim has exactly the fields ['kind', 'ratio']"),
    (lambda d: d.update(mode="relative", rule="is_optimal"),     # a rule with mode relative is read: C is then needed
     "fields: mine needs ['A', 'B', 'C', 'family', 'format', 'involutions', 'nd_A', 'rewards', 'statement', 'verdict']; "
     "missing ['C'], unexpected []"),
])
def test_a_declarations_fields_are_refused_by_their_exact_messages(change, message):
    v = check_statement(own((Copies(of="ND(A)"),), Most("n")), CANDY, [(1, 2, 3)])
    bad = copy.deepcopy(v.certificate)
    change(bad["declaration"])
    with pytest.raises(Malformed) as err:
        verify(bad)
    assert str(err.value) == message


def test_the_report_lists_the_hypotheses_it_checked_by_name():
    from symorbit.theorems import resolve

    st = resolve("fractional_conjecture+n_at_least_m+fix_C")
    v = check_statement(st, Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], C=[[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
                        [(0, 1, 2)])
    report = verify(v.certificate)
    assert (report.status, report.problems) == ("verified", [])
    assert report.hypotheses == ["m = 1 parts of A, n = 2 common copies in B (PR D.13 table); every phi_ji fixes C",
                                 "n_at_least_m"]


def test_a_nondominated_a_is_reported_by_name_and_a_dominated_vector_by_its_problem():
    v = check_statement(own((Copies(of="A"), ANondominated()), Most("n")), CANDY, [(1, 2, 3)])
    report = verify(v.certificate)
    assert report.hypotheses == ["B contains n = 2 copies of A (Def. A.7: involutive, into B, fixing the other copies)",
                                 "ND(A) = A"] and report.problems == []
    forged = copy.deepcopy(v.certificate)          # the witness of A's one vector made a combination of itself
    x = forged["A"][0]
    forged["nd_A"] = [{"vector": x, "combination": [[x, 1]]}]
    assert "hypothesis a_nondominated fails: A has a dominated vector" in verify(forged).problems


def test_a_built_in_name_may_carry_its_own_pin_and_nothing_else():
    from test_kernel_hostile import RAW

    pin = {**builtin("scaling_law_raw"), "title": "t", "status": "proved", "text": "the pin, restated"}
    assert verify({**copy.deepcopy(RAW), "declaration": pin}).status == "verified"
    other = {**copy.deepcopy(pin), "claim": {"kind": "most", "ratio": "n+1"}}
    with pytest.raises(Malformed) as err:
        verify({**copy.deepcopy(RAW), "declaration": other})
    assert str(err.value) == ("declaration: differs from the kernel's built-in 'scaling_law_raw' (a built-in name "
                              "stands for the papers' statement; rename yours)")


def test_a_claim_kind_without_a_field_is_refused_by_its_exact_message():
    v = check_statement(own((Copies(of="ND(A)"),), Most("n")), CANDY, [(1, 2, 3)])
    bad = copy.deepcopy(v.certificate)
    bad["declaration"]["claim"] = {"kind": "pointwise", "extra": 1}
    with pytest.raises(Malformed) as err:
        verify(bad)
    assert str(err.value) == "declaration.claim: a pointwise claim has exactly the fields ['kind']"


def test_a_power_copy_gives_a_users_claim_n_equal_to_1():
    """OPTS Prop. 6.6's hypothesis in a user's statement: one copy, so "most n" reads gt >= 1 * lt (it holds on
    OPTS Figure 1) and "most 2n" gt >= 2 * lt (it fails there); the kernel verifies both verdicts."""
    from symorbit.mdp.library import opts_figure1
    from symorbit.proofs.vocabulary import PowerCopy
    from symorbit.theorems import more_options_more_power as mp

    inst = mp.instance(opts_figure1(), "r_mid", "l_mid", "1/2")
    d = len(inst.A.vectors[0])
    rewards = [tuple([0] * (d - 1) + [1]), tuple(range(d))]
    for claim, status, shown in (("n", "holds", "gt >= 1 * lt"), ("2*n", "fails", "gt >= 2 * lt")):
        v = check_statement(own((PowerCopy(),), Most(claim)), inst, rewards)
        report = verify(v.certificate)
        assert (v.status, report.status, report.claim, report.problems) == (status, "verified", shown, [])


@pytest.mark.parametrize("name", ["fractional_conjecture+n_at_least_m+n_at_least_m",
                                  "fractional_conjecture+disjoint+fix_C+disjoint"])
def test_a_hypothesis_given_twice_is_refused_by_name(name):
    # it was checked, and its certificates were called malformed by the kernel, which reads each hypothesis once
    from symorbit.errors import InvalidArgument
    from symorbit.kernel.declarations import builtin
    from theorems import resolve

    assert builtin(name) is None                    # the kernel knows no such statement
    with pytest.raises(InvalidArgument, match=r"the hypothesis '(n_at_least_m|disjoint)' is given twice; give it once"):
        resolve(name)
