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

from symorbit.proofs.statements import Statement
from symorbit.proofs.vocabulary import Copies, Most

STATEMENT = Statement(
    name="scaling_law_relative",
    title="n copies of ND(A), φ_i fix Z∖B_extra ⇒ p(B ≥ C) ≥ⁿ_most p(A ≥ C)",
    source="PR Lemma D.5",
    status="proved",
    text="With ND(C) ⊆ Z ⊆ C, if B contains n copies of ND(A) via involutions that fix Z ∖ B_extra, then "
         "B is optimal among C and A is not for at least n times as many orbit elements as the reverse.",
    mode="relative",
    hypotheses=(Copies(of="ND(A)", fixing="Z_minus_extra"),),
    claim=Most("n"),
)
