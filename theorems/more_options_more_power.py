"""More options, more POWER (OPTS Prop. 6.6), over orbits of point-mass reward distributions.

Statement (OPTS Prop. 6.6)
---------
If F(s) contains a copy of F_nd(s′) via an involution φ, then for all γ,
POWER(s, γ) ≥_most POWER(s′, γ).

Here each orbit element is a point mass on a reward r, so
POWER(s, γ) = ((1−γ)/γ) max_{f∈F(s)} (f(γ) − e_s)ᵀ r (OPTS Def. 5.2); the positive factor
is common to both sides, so the comparison is an orbit count between the shifted sets
B = {f − e_s : f ∈ F(s)} and A = {f − e_{s′} : f ∈ F(s′)}. Build instances with
:func:`instance`. The copy is of vectors at the given γ (similarity "for all γ" is
stronger; see docs/theory.md#p5). Source: OPTS Prop. 6.6. Status: proved.

>>> from symorbit.mdp.library import opts_figure1
>>> from symorbit import check_statement
>>> inst = instance(opts_figure1(), "r_mid", "l_mid", "1/2")
>>> check_statement(STATEMENT, inst, [tuple(range(8))]).status
'holds'
"""

from __future__ import annotations

from typing import Any

from symorbit.errors import InvalidArgument
from symorbit.exact.values import Discount
from symorbit.mdp.environment import MDP
from symorbit.mdp.visits import minus_start, visit_distributions
from symorbit.proofs.statements import Instance, MDPContext, Statement
from symorbit.proofs.vocabulary import Most, PowerCopy


def instance(env: MDP, state: Any, other: Any, gamma: Any) -> Instance:
    """B = {f − e_s : f ∈ F(s)} against A = {f − e_{s′} : f ∈ F(s′)} at discount γ."""
    discount = Discount.parse(gamma)
    if discount.is_average:
        raise InvalidArgument("POWER (OPTS Prop. 6.6) needs a discount in (0, 1), not 'average'")
    Fs, Fo = visit_distributions(env, state, discount.spec), visit_distributions(env, other, discount.spec)
    return Instance(A=minus_start(Fo, env.index(other)), B=minus_start(Fs, env.index(state)),
                    name=f"POWER({state}) vs POWER({other}) at gamma={discount}",
                    context=MDPContext(env, env.states[env.index(state)], discount, other=env.states[env.index(other)],
                                       outcomes={"F_s": Fs, "F_other": Fo}))


STATEMENT = Statement(
    name="more_options_more_power",
    title="F(s) ⊇ copy of F_nd(s′) ⇒ POWER(s) ≥_most POWER(s′)",
    source="OPTS Prop. 6.6",
    status="proved",
    text="If F(s) contains a copy of F_nd(s') via an involution, then over every orbit of point-mass reward "
         "distributions POWER(s) is at least POWER(s') at least as often as the reverse.",
    mode="raw",
    hypotheses=(PowerCopy(),),
    claim=Most(1),
)
