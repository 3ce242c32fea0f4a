"""Scaling law relative to all options C, with the Z condition (PR Lemma D.5, point masses).

Statement
---------
A, B, C finite, ND(C) ⊆ Z ⊆ C. B contains n copies of ND(A) via φ_i, and with
B_extra := B ∖ ∪_i φ_i·ND(A), every φ_i fixes Z ∖ B_extra. Then
p(B ≥ C) ≥ⁿ_most p(A ≥ C): counting orbit elements where B is optimal among C and A
is not, against the reverse.

Source: PR Lemma D.5. Status: proved. Z defaults to C (the instance may set Z).

>>> from symorbit import Instance, check_statement
>>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]])
>>> check_statement(STATEMENT, inst, [(1, 2, 3)]).status
'holds'
"""

from symorbit.outcomes.nondominated import nondominated
from symorbit.proofs.statements import Hypotheses, Instance, Statement

from ._common import copies_hypothesis


def _z(instance: Instance) -> frozenset:
    return frozenset(instance.Z if instance.Z is not None else instance.C)


def _fixing(instance: Instance, family: list[frozenset]) -> list[frozenset]:
    covered = frozenset().union(*family) if family else frozenset()
    extra = frozenset(instance.B) - covered
    return [_z(instance) - extra]


def hypotheses(instance: Instance) -> Hypotheses:
    Z, C = _z(instance), frozenset(instance.C)
    if not Z <= C:
        return Hypotheses(False, "Z is not a subset of C")
    if not frozenset(nondominated(instance.C)) <= Z:
        return Hypotheses(False, "ND(C) is not a subset of Z")
    return copies_hypothesis(instance, of_nd=True, fixing=_fixing, fix_tag="Z_minus_extra",
                             extra={"Z": tuple(sorted(Z))})


STATEMENT = Statement(
    name="scaling_law_relative",
    title="n copies of ND(A), φ_i fix Z∖B_extra ⇒ p(B ≥ C) ≥ⁿ_most p(A ≥ C)",
    source="PR Lemma D.5",
    status="proved",
    text="With ND(C) ⊆ Z ⊆ C, if B contains n copies of ND(A) via involutions that fix Z ∖ B_extra, then "
         "B is optimal among C and A is not for at least n times as many orbit elements as the reverse.",
    mode="relative",
    hypotheses=hypotheses,
    conclusion=lambda data: {"kind": "most", "ratio": data["n"]},
)
