"""The post's strict conjecture: for almost all rewards, strictly optimal for ≥ n/(n+1).

Statement (the post, "Conjecture which I think I see how to prove")
---------
If B contains n copies of A, then for almost all reward functions B is *strictly*
better than A for at least n/(n+1) of the orbit.

Formalisation: raw comparison; hypotheses: B contains n copies of ND(A), A ∩ B = ∅,
and the rewards checked are generic (their orbit has no ties; docs/theory.md#proven: with A ∩ B
= ∅ ties occur only on a null set). Rewards whose orbit ties are skipped and
counted: distinct entries do not rule out ties (docs/theory.md#p2).

Source: the post. Status: conjectured (it follows from PR Lemma D.3 for generic r).

>>> from symorbit import Instance, check_statement
>>> v = check_statement(STATEMENT, Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]]), [(1, 2, 3), (0, 1, 1)])
>>> v.status, v.skipped
('holds', 1)
"""

from symorbit.proofs.statements import Statement
from symorbit.proofs.vocabulary import Copies, Disjoint, StrictFraction

STATEMENT = Statement(
    name="strict_scaling_conjecture",
    title="for almost all r, B strictly better for ≥ n/(n+1) of the orbit",
    source="the post (Turner 2021)",
    status="conjectured",
    text="If B contains n copies of A (A ∩ B = ∅), then for almost all rewards B is strictly better than A "
         "for at least n/(n+1) of the orbit elements.",
    mode="raw",
    hypotheses=(Copies(of="ND(A)"), Disjoint()),
    claim=StrictFraction("n/(n+1)"),
    generic_only=True,
)
