# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # OPTS Figure 1: first-action optimality against the discount
#
# From ⋆ the agent goes up (to the terminal ∅), left or right. Over the orbit of
# r = (0, 1, …, 7) under S_8 we count, exactly, how often each first action is optimal.

# %%
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import symorbit
from symorbit.mdp.library import opts_figure1
from symorbit.tour import opts_figure1_table

print(opts_figure1_table().markdown())

# %%
env = opts_figure1()
gammas = [Fraction(k, 20) for k in range(1, 20)]
series = {a: [] for a in env.actions("star")}
for g in gammas:
    F = symorbit.visit_distributions(env, "star", g)
    c = symorbit.optimality_counts({a: F.restrict(a) for a in env.actions("star")}, list(range(8)))
    for a in series:
        series[a].append(Fraction(c.weak[a], c.orbit_size))
# More options on the right: "right" is weakly optimal at least as often as "left" at every discount here.
assert all(right >= left for right, left in zip(series["r_mid"], series["l_mid"]))

fig, ax = plt.subplots(figsize=(6, 3.5))
for a, ys in series.items():
    ax.plot([float(g) for g in gammas], [float(y) for y in ys], marker="o", label=a)
ax.set_xlabel("γ")
ax.set_ylabel("weakly optimal fraction of the orbit")
ax.legend()
fig.tight_layout()

# %% [markdown]
# POWER under iid uniform rewards, exact (OPTS Fig. 3 values):

# %%
for s in ("empty", "r_down", "l_down", "star"):
    print(s, symorbit.power(env, s, "9/10"))
assert symorbit.power(env, "r_down", "9/10") == Fraction(2, 3)
