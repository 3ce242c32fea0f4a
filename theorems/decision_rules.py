"""Decision rules with φ_i·C = C (PR Prop. A.11): IsOptimal, FracOptimal, AntiOpt, best-of-k,
satisficers, and the ½-best-½-random mixture.

Statement (PR Prop. A.11)
---------
A, B ⊆ C ⊊ ℝ^d finite; B contains n copies of A via involutions φ_i with φ_i·C = C.
Then f(B|·) ≥ⁿ_most f(A|·) over every orbit, for f = IsOptimal, FracOptimal, AntiOpt,
Boltzmann_T, best-of-k, Satisfice_t, and the uniform quantilizer.

Checked here: every rule of :mod:`symorbit.analysis.decisions` (Boltzmann is not rational-valued
and the quantilizer is not implemented). The mixture ½ best + ½ random is covered by
PR Lemma B.6. Source: PR Prop. A.11, Lemma B.6. Status: proved.

>>> from symorbit import Instance, check_statement
>>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]])
>>> {check_statement(s, inst, [(1, 2, 2)]).status for s in STATEMENTS.values()}
{'holds'}
"""

from __future__ import annotations

from dataclasses import replace

from symorbit.analysis.decisions import rule as decision_rule
from symorbit.proofs.statements import Statement
from symorbit.proofs.vocabulary import Copies, Most

STATEMENT = Statement(
    name="decision_rule_is_optimal",
    title="n copies of A fixing C ⇒ IsOptimal(B|C) ≥ⁿ_most IsOptimal(A|C)",
    source="PR Prop. A.11(1)",
    status="proved",
    text="If A, B ⊆ C and B contains n copies of A via involutions with φ_i·C = C, then B is optimal among C "
         "(and A not) for at least n times as many orbit elements as the reverse.",
    mode="relative",
    hypotheses=(Copies(of="A", fixing="C"),),
    claim=Most("n"),
    rule="is_optimal",
)

_ITEMS = {
    "frac_optimal": ("PR Prop. A.11(2)", "FracOptimal: the share of C's optimal options in X"),
    "anti_opt": ("PR Prop. A.11(3)", "AntiOpt: X contains a worst option of C"),
    "best_of_k:2": ("PR Prop. A.11(5)", "best-of-2: the best of two uniform draws from C"),
    "satisfice:1": ("PR Prop. A.11(6)", "Satisfice_1: uniform among options worth at least 1"),
    "half_best_half_random": ("PR Lemma B.6", "½ FracOptimal + ½ uniform over C"),
    "boltzmann:1": ("PR Prop. A.11(4)", "Boltzmann-rational choice at temperature 1 (compared exactly)"),
    "top_k:2": ("PR Thm. A.13 (EU-determined)", "uniform among the 2 best options of C"),
}


def statement(rule: str) -> Statement:
    """Prop. A.11 for the decision rule ``rule`` (any name accepted by :func:`symorbit.decisions.rule`)."""
    decision_rule(rule)  # validate the name early
    source, what = _ITEMS.get(rule, ("PR Prop. A.11", rule))
    tag = rule.replace(":", "_").replace("/", "_")
    return replace(STATEMENT, name=f"decision_rule_{tag}", title=f"n copies of A fixing C ⇒ {rule}(B|C) ≥ⁿ_most "
                   f"{rule}(A|C)", source=source, text=f"{what}; otherwise as IsOptimal.", rule=rule)


STATEMENTS = {STATEMENT.name: STATEMENT}
STATEMENTS.update({s.name: s for s in (statement(r) for r in _ITEMS)})
