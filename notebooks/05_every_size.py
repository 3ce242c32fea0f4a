# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version,-jupytext.text_representation.format_version
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Every size at once: the post's examples as formulas, proved for all sizes
#
# m one-hot ways to die against n ways to live, with w more states (d = m + n + w). Instead of
# counting one size at a time, `count_formula` gives the orbit counts as closed forms in m, n, w
# and the reward's tie pattern; `prove` turns a claim into a polynomial inequality and has the
# kernel check a positivity certificate for every size (docs/parametric.md).

# %%
import json

import sympy as sp
from IPython.display import Markdown, display

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
from symorbit.tour import every_size_table

m, n, w, t = sp.symbols("m n w t")
fam = one_hot_family(m, n, rest=w)

# %% [markdown]
# ## 51 vs 2, and 10^53 vs 1, whatever d is
#
# A generic reward (all values distinct): B is strictly better on n/(n + m) of the decided orbit
# elements for every w. For the post's numbers that is 51/53 and 10^53/(10^53 + 1), at every d.

# %%
generic = count_formula(fam, RewardPattern.generic())
print("gt/(gt + lt) =", generic.decided_fraction())
for a, b in ((2, 51), (1, 10**53)):
    f = count_formula(one_hot_family(a, b, rest=w), RewardPattern.generic()).decided_fraction()
    assert f == sp.Rational(b, a + b)
print("51 vs 2:", count_formula(one_hot_family(2, 51, rest=w), RewardPattern.generic()).decided_fraction(), "for every w")

# %% [markdown]
# ## Ties at the top: gt : lt = C(n, t) : C(m, t) when d = m + n
#
# The formula agrees with the exact engine at every size tried (tests/test_parametric.py); here
# is one spot check against `orbit_counts`.

# %%
tie = count_formula(one_hot_family(m, n), RewardPattern.top_tie(t))
print("gt/lt =", tie.simplify(tie.b_better / tie.a_better))
from symorbit.orbits.counting import orbit_counts

A, B = one_hot_family(m, n).instance({"m": 2, "n": 3})
c = orbit_counts(A, B, RewardPattern.top_tie(t).reward(5, {"t": 2}))
assert tie.at({"m": 2, "n": 3, "t": 2}) == (c.b_better, c.a_better, c.ties, c.orbit_size)
(c.b_better, c.a_better, c.ties, c.orbit_size)

# %% [markdown]
# ## The corrected fractional bound and the scaling law, for every m, n, d
#
# m·gt ≥ n·lt whenever n ≥ m, and gt ≥ k·lt whenever n ≥ k·m, with the top value tied
# t = 1..4 ways. Each proof carries a `symorbit-parametric/1` certificate; the kernel
# (standard library only) re-checks it from JSON.

# %%
for claim in (fractional_bound(fam), scaling_law(fam)):
    proof = prove(claim, fam, RewardPattern.top_tie(t), max_level=4)
    report = verify(loads(json.dumps(proof.certificate)))
    assert proof.status == "proved" and report.status == "verified"
    print(proof.summary().split("; for every t (paper proof")[0], "\n")

# %% [markdown]
# ## A claim refuted at a size, with the smallest counterexample
#
# The ratio C(n, t) : C(m, t) holds at d = m + n, but not "whatever d is": the smallest
# counterexample, found exactly and recounted by the engine, has one outside state.

# %%
ratio = Claim(GT * sp.binomial(m, t) - LT * sp.binomial(n, t), {}, "tie_ratio", "gt·C(m, t) ≥ lt·C(n, t) whatever d is")
refuted = prove(ratio, fam, RewardPattern.top_tie(t), max_level=3, bound=7)
assert refuted.status == "refuted" and refuted.counterexample["d"] == 4
print(refuted.summary())

# %% [markdown]
# ## The table for a write-up, with its symbolic row (`symorbit table every-size`)

# %%
display(Markdown(every_size_table().markdown()))
