"""Decision rules with φ_i·C = C: IsOptimal (PR Prop. A.11, item 1).

Statement
---------
A, B ⊆ C finite; B contains n copies of A via φ_i with φ_i·C = C. Then
IsOptimal(B|C, ·) ≥ⁿ_most IsOptimal(A|C, ·) over every orbit.

Source: PR Prop. A.11 (items 2–7 extend it to FracOptimal, AntiOpt, Boltzmann,
best-of-k, satisficers and quantilizers). Status: proved. Only IsOptimal is
checked here.

>>> from symorbit.verdicts import Instance, check_statement
>>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]])
>>> check_statement(STATEMENT, inst, [(1, 2, 3)]).status
'holds'
"""

from symorbit.verdicts import Hypotheses, Instance, Statement

from ._common import copies_hypothesis


def hypotheses(instance: Instance) -> Hypotheses:
    C = frozenset(instance.C)
    if not (frozenset(instance.A) <= C and frozenset(instance.B) <= C):
        return Hypotheses(False, "A and B must be subsets of C")
    return copies_hypothesis(instance, of_nd=False, fixing=lambda inst, fam: [C], fix_tag="C")


STATEMENT = Statement(
    name="decision_rule_is_optimal",
    title="n copies of A fixing C ⇒ IsOptimal(B|C) ≥ⁿ_most IsOptimal(A|C)",
    source="PR Prop. A.11(1)",
    status="proved",
    text="If A, B ⊆ C and B contains n copies of A via involutions with φ_i·C = C, then B is optimal among C "
         "(and A not) for at least n times as many orbit elements as the reverse.",
    mode="relative",
    hypotheses=hypotheses,
    conclusion=lambda data: {"kind": "most", "ratio": data["n"]},
)
