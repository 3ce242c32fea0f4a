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
# # OPTS Figure 1: first-action optimality against the discount
#
# The running example of "Optimal Policies Tend to Seek Power" (OPTS Fig. 1), in the
# reconstruction (docs/theory.md#opts-theorems) with the edge ℓ◁ → ℓ↖: from ⋆ the agent goes up (to the terminal ∅), left
# (ℓ◁, then ℓ↙ or ℓ↖) or right (r▷, then r↘ or r↗). The involution ℓ◁↔r▷, ℓ↙↔r↘, ℓ↖↔r↗ maps
# every left edge onto a right edge, and the right side has one edge more: the self-loop at r↗.
# So "right" keeps strictly more options open than "left", and the theorems say it should be
# optimal for most rewards. We check that exactly, over the orbit of r = (0, 1, …, 7) under S_8.

# %%
# %matplotlib inline
from fractions import Fraction

import symorbit
from symorbit.mdp.library import opts_figure1
from symorbit.plots import mdp_figure, power_figure
from symorbit.tour import opts_figure1_table

env = opts_figure1()
mdp_figure(env, state="star", compare=["l_mid", "r_mid"])

# %% [markdown]
# The compared first actions are drawn in red (left) and blue (right). Every vector of
# F(⋆) is an exact rational function of γ; at γ = 9/10 there are 11 visit distributions, of
# which 5 are non-dominated (the alternations and detours on both sides are dominated):

# %%
F = symorbit.visit_distributions(env, "star", "9/10")
ND = symorbit.nondominated(F)
print(len(F), "visit distributions,", len(ND), "non-dominated")
assert (len(F), len(ND)) == (11, 5)

# %% [markdown]
# The table counts, for each first action a, the orbit elements r′ of r for which some
# policy starting with a is optimal (weakly: possibly tied; strictly: a alone is optimal):

# %%
table = opts_figure1_table()
from IPython.display import Markdown  # noqa: E402

Markdown(table.markdown())

# %% [markdown]
# Now every discount at once (19 rational values of γ): "right" is weakly optimal at least
# as often as "left" at each of them, as the more-options theorem (OPTS Prop. 6.9) predicts.

# %%
from matplotlib.figure import Figure  # noqa: E402

gammas = [Fraction(k, 20) for k in range(1, 20)]
series = {a: [] for a in env.actions("star")}
for g in gammas:
    F = symorbit.visit_distributions(env, "star", g)
    c = symorbit.optimality_counts({a: F.restrict(a) for a in env.actions("star")}, list(range(8)))
    for a in series:
        series[a].append(Fraction(c.weak[a], c.orbit_size))
assert all(right >= left for right, left in zip(series["r_mid"], series["l_mid"]))

fig = Figure(figsize=(6.4, 3.8), layout="constrained")
ax = fig.add_subplot()
# The counts are constant between breakpoints of γ, so the 19 samples are drawn as points, not
# joined (a joining line would invent values between them); distinct markers keep coinciding
# points visible. The exact step function over every γ is counts_over_gamma's (symorbit.plots).
for (a, ys), marker in zip(series.items(), "o^sDvP<>"):
    ax.plot([float(g) for g in gammas], [float(y) for y in ys], linestyle="none", marker=marker,
            markerfacecolor="none", label=a)
ax.set_xlabel("γ")
ax.set_ylabel("weakly optimal fraction of the orbit")
ax.set_title("OPTS Fig. 1: first-action optimality over the orbit of (0, 1, …, 7)", fontsize=9)
ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
fig

# %% [markdown]
# POWER under iid uniform rewards, exact (OPTS Fig. 3's values: POWER(∅) = 1/2,
# POWER(r↘) = 2/3 at every γ, and POWER(ℓ↙) = (2/3 + γ/2)/(1 + γ), which falls with γ):

# %%
for s in ("empty", "r_down", "l_down", "star"):
    print(s, symorbit.power(env, s, "9/10"))
assert symorbit.power(env, "r_down", "9/10") == Fraction(2, 3)
assert symorbit.power(env, "l_down", "1/2") == (Fraction(2, 3) + Fraction(1, 4)) / Fraction(3, 2)
power_figure(env, ["empty", "l_down", "r_down"], gammas=[Fraction(k, 10) for k in range(1, 10)])
