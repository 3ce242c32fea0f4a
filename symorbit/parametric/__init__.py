"""Every size at once: orbit counts as closed forms in the block sizes, and claims proved for all sizes.

A block family (:class:`BlockFamily`, :func:`one_hot_family`) has blocks of symbolic size; a
reward is a value pattern with symbolic multiplicities (:class:`RewardPattern`).
:func:`count_formula` gives #B-better, #A-better, #ties and |orbit| as sympy expressions;
:func:`prove` reduces a claim linear in those counts to a polynomial inequality over the
integers, certifies it with a binomial-basis positivity certificate that the kernel
re-expands (:mod:`symorbit.kernel.polynomials`), or else checks every size up to a bound
and reports the smallest counterexample. See docs/parametric.md.

Examples
--------
>>> import sympy as sp
>>> m, n, w = sp.symbols("m n w")
>>> f = count_formula(one_hot_family(m, n, rest=w), RewardPattern.generic())
>>> f.decided_fraction()
n/(m + n)
>>> prove(fractional_bound(one_hot_family(m, n, rest=w)), one_hot_family(m, n, rest=w), RewardPattern.top_tie(2)).status
'proved'
"""

from symorbit.parametric.claims import (
    GT,
    LT,
    ORBIT,
    TIES,
    Claim,
    ParametricProof,
    fractional_bound,
    prove,
    scaling_law,
    weak_fraction_bound,
)
from symorbit.parametric.families import BlockFamily, RewardPattern, one_hot_family
from symorbit.parametric.formulas import CountFormula, count_formula, normalized_counts

__all__ = ["BlockFamily", "Claim", "CountFormula", "GT", "LT", "ORBIT", "ParametricProof", "RewardPattern", "TIES",
           "count_formula", "fractional_bound", "normalized_counts", "one_hot_family", "prove", "scaling_law",
           "weak_fraction_bound"]
