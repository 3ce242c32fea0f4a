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
# # Searching for counterexamples to the fractional conjecture
#
# PR Conjecture D.13 as stated: if A splits into m things and B holds n common copies of each,
# then p(B ≥ C) ≥^{n/m}_most p(A ≥ C). We search small instance families exhaustively.

# %%
import warnings

warnings.filterwarnings("ignore")

from symorbit import family, search
from symorbit.kernel import check_certificate

fam = family("one-hot:5")
print(fam.name, fam.size, "instances")
res = search("fractional_conjecture", fam, "patterns:0,1,2", workers=1, progress=False)
print(res.checked, "checked;", len(res.counterexamples), "counterexamples")
first = res.counterexamples[0]
print(first["key"], "r =", first["counterexample"])
assert check_certificate(first["certificate"]).status == "verified"     # the kernel agrees: a real counterexample

# %% [markdown]
# The smallest one is 2 things against 1 (n < m): with r = (0, 1, 1), one orbit element makes A
# optimal and B not, the other two tie, so 0 ≥ ½·1 fails. Adding the post's n ≥ m:

# %%
res2 = search("fractional_conjecture+n_at_least_m", fam, "patterns:0,1,2", workers=1, progress=False)
assert res2.counterexamples == []

# %% [markdown]
# On MDPs, n ≥ m alone is not enough: C (all options) must also be fixed by the involutions.

# %%
mdps = family("det-mdp:3:3")
a = search("fractional_conjecture+n_at_least_m", mdps, "patterns:0,1,2", workers=1, progress=False)
b = search("fractional_conjecture+n_at_least_m+fix_C", mdps, "patterns:0,1,2", workers=1, progress=False)
print("n>=m:", len(a.counterexamples), "counterexamples;  n>=m and phi.C = C:", len(b.counterexamples))
assert a.counterexamples and not b.counterexamples
