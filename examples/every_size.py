"""Every size at once: the post's examples as formulas, with kernel-checked proofs for all sizes.

Run ``python examples/every_size.py`` (docs/parametric.md explains each step). It prints the
count formulas of m ways to die against n ways to live, proves the corrected fractional bound
and the scaling law for every m, n, d and each tie size t ≤ 4, re-checks the certificates
with the kernel alone, and shows a claim refuted with its smallest counterexample.
"""

import json

import sympy as sp

from symorbit.kernel import loads, verify
from symorbit.parametric import (
    GT,
    LT,
    Claim,
    RewardPattern,
    count_formula,
    fractional_bound,
    one_hot_family,
    prove,
    scaling_law,
)

m, n, w, t = sp.symbols("m n w t")

# 1. Counts as closed forms: A = m one-hot outcomes, B = n one-hot outcomes, w outside states.
fam = one_hot_family(m, n, rest=w)
generic = count_formula(fam, RewardPattern.generic())
print("generic reward, decided fraction gt/(gt + lt) =", generic.decided_fraction(), "for every w >= 0")
tie = count_formula(one_hot_family(m, n), RewardPattern.top_tie(t))
print("top value tied t ways, d = m + n: gt/lt =", tie.simplify(tie.b_better / tie.a_better))
for a, b, label in ((2, 51, "2 vs 51"), (1, 10**53, "1 vs 10^53")):
    frac = count_formula(one_hot_family(a, b, rest=w), RewardPattern.generic()).decided_fraction()
    print(f"{label}: gt/(gt + lt) = {frac} whatever d is" if a == 2 else f"{label}: gt/(gt + lt) = 1 - {1 - frac}")

# 2. Proofs for every size, with certificates the kernel re-checks from JSON alone.
for claim in (fractional_bound(fam), scaling_law(fam)):
    proof = prove(claim, fam, RewardPattern.top_tie(t), max_level=4)
    report = verify(loads(json.dumps(proof.certificate)))
    print(proof.summary().split("; for every t (paper proof")[0])
    print("  kernel:", report.status, "for", report.family)

# 3. A claim refuted for some size, with the smallest counterexample found exactly.
ratio = Claim(GT * sp.binomial(m, t) - LT * sp.binomial(n, t), {}, "tie_ratio",
              "gt·C(m, t) ≥ lt·C(n, t) (the ratio C(n, t) : C(m, t)) whatever d is")
print(prove(ratio, one_hot_family(m, n), RewardPattern.top_tie(t), max_level=4).summary())
print(prove(ratio, fam, RewardPattern.top_tie(t), max_level=3, bound=7).summary())
