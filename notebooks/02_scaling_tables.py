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
# # Scaling-law tables: exact fractions against the bounds
#
# m one-hot ways to die against n ways to live. The proven bound uses k = ⌊n/m⌋ disjoint copies
# (k/(k+1)); the fractional conjecture predicts n/(n+m); the exact generic fraction is computed.

# %%
from fractions import Fraction

# %matplotlib inline
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import symorbit
from symorbit.tour import die_live_table

table = die_live_table()
display(Markdown(table.markdown()))
for m, n, exact, proved, conjectured, _ in table.rows:
    assert exact >= proved
    assert exact == conjectured            # one-hot, generic reward: exactly n/(n+m)

# %% [markdown]
# The same table for LaTeX:

# %%
print(table.latex())

# %% [markdown]
# ## As n grows (m = 2)

# %%
def e(d, j):
    return [int(i == j) for i in range(d)]


ns = list(range(1, 41))
exact, proved, conj = [], [], []
for n in ns:
    d = n + 2
    c = symorbit.orbit_counts([e(d, 0), e(d, 1)], [e(d, j) for j in range(2, d)], list(range(d)))
    k = n // 2
    exact.append(c.strict_fraction)
    proved.append(Fraction(k, k + 1))
    conj.append(Fraction(n, n + 2))
assert exact == conj
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(ns, [float(x) for x in exact], "o", label="exact (generic r)")
ax.step(ns, [float(x) for x in proved], where="post", label="proved k/(k+1), k=⌊n/2⌋")
ax.plot(ns, [float(x) for x in conj], "--", label="conjectured n/(n+2)")
ax.set_xlabel("n ways to live (2 ways to die)")
ax.set_ylabel("fraction of the orbit")
ax.legend()
fig.tight_layout()
