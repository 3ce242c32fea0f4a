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

from symorbit.exact.numbers import fraction_str, to_fraction
from symorbit.mdp.environment import MDP
from symorbit.mdp.visits import minus_start, visit_distributions
from symorbit.orbits.copies import check_copies, copies
from symorbit.outcomes.nondominated import nondominated
from symorbit.proofs.statements import Hypotheses, Instance, Statement


def instance(env: MDP, state: Any, other: Any, gamma: Any) -> Instance:
    """B = {f − e_s : f ∈ F(s)} against A = {f − e_{s′} : f ∈ F(s′)} at discount γ."""
    Fs, Fo = visit_distributions(env, state, gamma), visit_distributions(env, other, gamma)
    return Instance(A=minus_start(Fo, env.index(other)), B=minus_start(Fs, env.index(state)),
                    name=f"POWER({state}) vs POWER({other}) at gamma={gamma}",
                    context={"F_s": Fs, "F_other": Fo,
                             "environment": {"mdp": env.to_dict(), "state": env.states[env.index(state)],
                                             "other": env.states[env.index(other)], "discount": fraction_str(to_fraction(gamma))}})


def hypotheses(inst: Instance) -> Hypotheses:
    if not inst.context or "F_s" not in inst.context:
        return Hypotheses(False, "build the instance with more_options_more_power.instance(env, s, s', gamma)")
    Fs, Fo = inst.context["F_s"], inst.context["F_other"]
    nd = nondominated(Fo)
    res = copies(nd, Fs)
    if res.vacuous:
        return Hypotheses(True, "F_nd(s') ⊆ F(s): a copy via the identity", {"n": 1, "witness": ()})
    if not res.n:
        return Hypotheses(False, "F(s) contains no copy of F_nd(s') (as vectors at this gamma)")
    phi = res.involutions[0]
    if check_copies(set(nd), set(Fs), [phi]):  # pragma: no cover - copies() certifies its involutions
        return Hypotheses(False, "internal: the copy's involution does not verify")
    return Hypotheses(True, f"F(s) contains a copy of F_nd(s') via phi = {list(phi)}", {"n": 1, "witness": phi})


STATEMENT = Statement(
    name="more_options_more_power",
    title="F(s) ⊇ copy of F_nd(s′) ⇒ POWER(s) ≥_most POWER(s′)",
    source="OPTS Prop. 6.6",
    status="proved",
    text="If F(s) contains a copy of F_nd(s') via an involution, then over every orbit of point-mass reward "
         "distributions POWER(s) is at least POWER(s') at least as often as the reverse.",
    mode="raw",
    hypotheses=hypotheses,
    conclusion=lambda data: {"kind": "most", "ratio": 1},
)
