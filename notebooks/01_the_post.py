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
# # The post, example by example
#
# *The More Power At Stake, The Stronger Instrumental Convergence Gets For Optimal Policies*
# (Turner, 2021), each claim computed exactly and checked with `assert`.

# %%
from fractions import Fraction

from IPython.display import Markdown, display

import symorbit
from symorbit.mdp.library import candy
from symorbit.tour import candy_outcome_table, two_vs_fifty_one_table


def e(d, j):
    return [int(i == j) for i in range(d)]


# %% [markdown]
# ## Candy, chocolate, hug
# "Wait!" leads to two terminal outcomes, candy to one. At the outcome level B = {chocolate, hug}
# contains two copies of A = {candy}, so at least 2/3 of every orbit makes Wait! (weakly) optimal.

# %%
res = symorbit.copies([e(3, 0)], [e(3, 1), e(3, 2)])
assert res.n == 2
display(Markdown(candy_outcome_table().markdown()))
for row in candy_outcome_table().rows:
    assert row[6] >= Fraction(2, 3)          # the weak fraction meets n/(n+1)

# %% [markdown]
# The *strict* fraction can be far lower when rewards tie (docs/theory.md#p2): (1, 2, 2) gives 1/3.

# %%
c = symorbit.orbit_counts([e(3, 0)], [e(3, 1), e(3, 2)], (1, 2, 2))
assert c.strict_fraction == Fraction(1, 3) and c.weak_fraction == 1

# %% [markdown]
# In the MDP itself the claim is about average reward; at a discount the tendency can reverse.

# %%
env = candy()
R = symorbit.recurrent_state_distributions(env, "start")
F = symorbit.visit_distributions(env, "start", "1/2")
avg = symorbit.orbit_counts(R.restrict("candy"), R.restrict("wait"), (0, 2, 3, 3, 3))
half = symorbit.orbit_counts(F.restrict("candy"), F.restrict("wait"), (0, 2, 3, 3, 3))
print("average:", avg.b_better, avg.a_better, avg.ties, "  gamma=1/2:", half.b_better, half.a_better, half.ties)
assert avg.weak_fraction >= Fraction(2, 3) and half.b_better < half.a_better

# %% [markdown]
# ## "3 disjoint copies give at least 3/4", and 10^53 choices against 1
# With n one-hot copies the exact generic fraction is n/(n+1); the closed-form engine counts
# one-hot instances of any size exactly (here up to n = 999).

# %%
for n in (3, 10, 100, 999):
    d = n + 1
    c = symorbit.orbit_counts([e(d, 0)], [e(d, j) for j in range(1, d)], list(range(d)))
    assert c.strict_fraction == Fraction(n, n + 1)
print("n/(n+1) exactly, up to n = 999")

# %% [markdown]
# ## The fractional conjecture's example: 2 ways to die, 51 to live
# Copies must be disjoint, so only 25 exist: the proven bound is 25/26. The exact generic
# fraction is 51/53, which the fractional conjecture predicts; with a tie the strict fraction
# drops below both.

# %%
t = two_vs_fifty_one_table()
display(Markdown(t.markdown()))
generic, tied = t.rows
assert generic[5] == Fraction(51, 53) and tied[5] == Fraction(1275, 1378) and tied[6] == Fraction(1377, 1378)
assert symorbit.copies([e(53, 0), e(53, 1)], [e(53, j) for j in range(2, 53)]).n == 25

# %% [markdown]
# ## Invariances
# 1 vs n and 2 vs 2n give the same bound; refining only one side does not.

# %%
from symorbit.theorems import refinement_invariance as ri

assert ri.both_sides(1, 3, 2).status == "holds"
assert ri.one_side(1, 3, 2).status == "holds"
print(ri.both_sides(1, 3, 2))
