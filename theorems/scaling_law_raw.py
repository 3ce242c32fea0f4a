"""Scaling law, raw comparison (PR Lemma D.3, point-mass case).

Statement
---------
A, B finite. If B contains n copies of ND(A), then for every reward r,
#{r′ ∈ S_d·r : max_B bᵀr′ > max_A aᵀr′} ≥ n · #{r′ : max_B bᵀr′ < max_A aᵀr′}.
No condition on any set of all options C.

Source: PR (arXiv 2206.13477 v2), Lemma D.3 with D a point mass and g the identity.
Status: proved.

>>> from symorbit import Instance, check_statement
>>> v = check_statement(STATEMENT, Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]]), [(0, 1, 1)])
>>> v.status, v.per_reward[0][1].b_better, v.per_reward[0][1].ties
('holds', 1, 2)
"""

from symorbit.proofs.statements import Statement
from symorbit.proofs.vocabulary import Copies, Most

STATEMENT = Statement(
    name="scaling_law_raw",
    title="n copies of ND(A) in B ⇒ max_B ≥ⁿ_most max_A",
    source="PR Lemma D.3",
    status="proved",
    text="If B contains n copies of ND(A), then for every reward the number of orbit elements where "
         "max_B > max_A is at least n times the number where max_B < max_A.",
    mode="raw",
    hypotheses=(Copies(of="ND(A)"),),
    claim=Most("n"),
)
