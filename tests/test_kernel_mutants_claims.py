"""Kernel claims and rule arguments pinned by the full mutation run (docs/mutation.md, open survivors).

Each test is a user-visible answer: the verdict the kernel finds for a forged strict-conjecture
certificate, a Boltzmann comparison at temperature 2, and the refusal of malformed rule arguments.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from symorbit.kernel import FORMAT, Malformed
from symorbit.kernel.check import _compare, _rule_value
from symorbit.testing import kernel_problems


def test_strict_conjecture_claim_is_the_strict_fraction_not_the_ratio():
    # Two "involutions" claim n = 2 copies of A = {e0} in B = {e1}: the claim is strict fraction >= 2/3.
    # At r = (1, 2, 3) B is strictly better on 3 of 6 orbit elements: 1/2 < 2/3, so the kernel finds "fails"
    # (while gt >= (2/3) lt would say "holds").
    cert = {"format": FORMAT, "statement": "strict_scaling_conjecture", "verdict": "holds", "family": "list",
            "A": [[1, 0, 0]], "B": [[0, 1, 0]],
            "rewards": [{"reward": [1, 2, 3], "b_better": 3, "a_better": 3, "ties": 0, "orbit_size": 6}],
            "involutions": [[1, 0, 2], [1, 0, 2]],
            "nd_A": [{"vector": [1, 0, 0], "witness": [1, 0, 0]}]}
    problems = kernel_problems(cert)
    assert "verdict: claimed 'holds', kernel finds 'fails'" in problems


def test_boltzmann_divides_by_the_temperature():
    A, B = [(Fraction(1), Fraction(0), Fraction(0)), (Fraction(0), Fraction(1), Fraction(0))], \
        [(Fraction(0), Fraction(0), Fraction(1))]
    r = (Fraction(0), Fraction(0), Fraction(1))
    # e^0 + e^0 = 2 > e^(1/2) ~ 1.65 at T = 2: A is better; at T = 1/2, e^2 ~ 7.4 > 2: B is.
    assert _compare(A, B, None, r, "boltzmann:2") == -1
    assert _compare(A, B, None, r, "boltzmann:1/2") == 1
    # both sides scaled by the same 1/T: two options worth 1 beat one option worth 1 at every temperature
    ones = (Fraction(1), Fraction(1), Fraction(1))
    assert _compare(A, B, None, ones, "boltzmann:1/2") == _compare(A, B, None, ones, "boltzmann:3") == -1


def test_a_temperature_with_a_second_colon_is_malformed():
    A, B = [(Fraction(1), Fraction(0))], [(Fraction(0), Fraction(1))]
    with pytest.raises(Malformed, match="rule temperature"):
        _compare(A, B, None, (Fraction(0), Fraction(1)), "boltzmann:1:2")


def test_best_of_k_refuses_k_over_64_even_with_one_option():
    one = [(Fraction(1), Fraction(0))]
    with pytest.raises(Malformed, match="best_of_k:65 needs an integer k from 1 to 64"):
        _rule_value("best_of_k:65", one, one, (Fraction(1), Fraction(2)))
    assert _rule_value("best_of_k:64", one, one, (Fraction(1), Fraction(2))) == 1


CANDY_COUNTS = {"format": FORMAT, "statement": "orbit_counts", "verdict": "counted", "family": "list",
                "A": [[1, 0, 0]], "B": [[0, 1, 0], [0, 0, 1]],
                "rewards": [{"reward": [1, 2, 3], "b_better": 4, "a_better": 2, "ties": 0, "orbit_size": 6}]}


def test_report_names_the_statement_source():
    from symorbit.kernel import verify
    assert verify(CANDY_COUNTS).source == "PR Def. 3.2 (orbit counts)"


def test_counted_over_a_family_with_no_reward_listed_says_so():
    cert = {**CANDY_COUNTS, "family": "patterns:0,1", "rewards": []}
    assert "rewards: no reward is listed" in kernel_problems(cert)


@pytest.mark.parametrize("entry", [5, "reward", None])
def test_a_reward_entry_that_is_not_an_object_is_malformed(entry):
    with pytest.raises(Malformed, match=r"rewards\[0\]: needs exactly"):
        kernel_problems({**CANDY_COUNTS, "rewards": [entry]})


@pytest.mark.parametrize("blocks", [[[0, 1], []], [[True], [1], [2]], [[0, 1, 2], 3], "012", [[0, 0], [1, 2]]])
def test_malformed_blocks_are_refused(blocks):
    entry = {**CANDY_COUNTS["rewards"][0], "blocks": blocks}
    with pytest.raises(Malformed, match="blocks: must partition"):
        kernel_problems({**CANDY_COUNTS, "rewards": [entry]})


def test_a_malformed_nd_entry_of_family_all_names_its_field():
    from symorbit.proofs.all_rewards import check_all_rewards
    from symorbit.proofs.statements import Instance
    from symorbit.theorems import resolve

    cert = dict(check_all_rewards(resolve("scaling_law_raw"), Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]]))
                .certificate)
    cert["nd_B"] = [{"vector": [0, 1, 0]}] + cert["nd_B"][1:]
    with pytest.raises(Malformed, match=r"^nd_B\[0\]: must be"):
        kernel_problems(cert)


@pytest.mark.parametrize("expr, message", [
    ("(1", "claim: unbalanced parentheses in '(1'"), ("(n+1", "claim: unbalanced parentheses in '(n+1'"),
    ("1+", "claim: cannot read '1+' at position 2"), ("2*", "claim: cannot read '2*' at position 2"),
])
def test_a_ratio_that_ends_early_is_malformed_by_its_message(expr, message):
    """The parser reads past the end of the text only through its bounds checks (issue 23: bounded loops)."""
    from symorbit.kernel.declarations import ratio_value

    with pytest.raises(Malformed) as err:
        ratio_value(expr, {"n": Fraction(3)})
    assert str(err.value) == message


SHAPE = "claim: a ratio or bound is a string of at most 64 characters over integers, n, m, + - * / and parentheses"


@pytest.mark.parametrize("expr, message", [
    ("1" * 65, SHAPE), ("X", SHAPE), (5, SHAPE), ("", SHAPE), ("n^2", SHAPE),
    ("(" * 17 + "1" + ")" * 17, "claim: at most 16 parentheses in a ratio or bound"),
    ("1)", "claim: cannot read '1)' at position 1"),
])
def test_a_ratio_of_the_wrong_shape_is_refused_by_its_message(expr, message):
    from symorbit.kernel.declarations import ratio_value

    with pytest.raises(Malformed) as err:
        ratio_value(expr, {"n": Fraction(3)})
    assert str(err.value) == message


def test_a_ratio_at_its_size_limits_is_read():
    from symorbit.kernel.declarations import ratio_value

    assert ratio_value("1" * 64, {}) == int("1" * 64)
    assert ratio_value("(" * 16 + "n" + ")" * 16, {"n": Fraction(3)}) == 3


def test_a_ratio_with_spaces_and_every_allowed_character_is_read():
    from symorbit.kernel.declarations import ratio_value

    assert ratio_value("n / (n + 1)", {"n": Fraction(3)}) == Fraction(3, 4)
    assert ratio_value("(0+1+2+3+4+5+6+7+8+9)*n/m - 1", {"n": Fraction(3), "m": Fraction(2)}) == Fraction(133, 2)


# --- a user's declaration: every refusal by its exact message (docs/mutation.md, second pass) ---------------

def _declared(**change):
    decl = {"title": "t", "source": "s", "status": "conjectured", "text": "x", "mode": "raw", "rule": None,
            "generic": False, "hypotheses": [{"kind": "copies", "of": "ND(A)", "fixing": "none"}],
            "claim": {"kind": "most", "ratio": "n"}}
    decl.update(change)
    return {"statement": "mine", "declaration": decl}


def _refusal(cert):
    from symorbit.kernel.declarations import declaration

    with pytest.raises(Malformed) as err:
        declaration(cert)
    return str(err.value)


TEXT = ": must be a string of at most 4000 characters"


def test_declaration_texts_are_strings_of_at_most_4000_characters():
    from symorbit.kernel.declarations import declaration

    decl, built_in = declaration(_declared(title="t" * 4000, text="x" * 4000))
    assert (decl["title"], built_in) == ("t" * 4000, False)
    assert _refusal(_declared(title="t" * 4001)) == "declaration.title" + TEXT
    assert _refusal(_declared(text=5)) == "declaration.text" + TEXT
    assert _refusal(_declared(source=["s"] * 4001)) == "declaration.source" + TEXT


KINDS = "['a_nondominated', 'common_copies', 'copies', 'disjoint', 'n_at_least_m', 'power_copy', 'python']"


@pytest.mark.parametrize("hyp", [{}, {"of": "A"}, [], "copies", {"kind": 5}, {"kind": "magic"}])
def test_a_hypothesis_without_a_known_kind_is_refused_by_its_message(hyp):
    assert _refusal(_declared(hypotheses=[{"kind": "disjoint"}, hyp])) == \
        f"declaration.hypotheses[1]: must be an object whose kind is one of {KINDS}"


@pytest.mark.parametrize("hyp, kind, fields", [
    ({"kind": "copies", "of": "A"}, "copies", "['fixing', 'kind', 'of']"),
    ({"kind": "disjoint", "of": "A"}, "disjoint", "['kind']"),
    ({"kind": "python"}, "python", "['description', 'kind']"),
])
def test_a_hypothesis_with_other_fields_is_refused_by_its_message(hyp, kind, fields):
    assert _refusal(_declared(hypotheses=[hyp])) == \
        f"declaration.hypotheses[0]: a {kind} hypothesis has exactly the fields {fields}"


def test_a_hypothesis_field_is_checked_by_its_kind():
    assert _refusal(_declared(hypotheses=[{"kind": "copies", "of": "B", "fixing": "none"}])) == \
        "declaration.hypotheses[0].of: must be one of ['A', 'ND(A)']"
    python = {"kind": "python", "description": "d" * 4000}
    from symorbit.kernel.declarations import declaration

    assert declaration(_declared(hypotheses=[python]))[0]["hypotheses"] == [python]
    assert _refusal(_declared(hypotheses=[{"kind": "python", "description": 5}])) == \
        "declaration.hypotheses[0].description" + TEXT
    assert _refusal(_declared(hypotheses=[{"kind": "python", "description": "d" * 4001}])) == \
        "declaration.hypotheses[0].description" + TEXT
