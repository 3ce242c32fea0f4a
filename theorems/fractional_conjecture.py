"""The fractional scaling conjecture, exactly as PR Conjecture D.13 states it.

Statement (PR Conj. D.13)
---------
A, B, C ⊊ ℝ^d finite. Suppose A = ∪_{j=1}^m A_j and ∪_{i=1}^n B_i ⊆ B are such that,
for each A_j, B contains n copies (B_1, …, B_n) of A_j via involutions φ_{ji} that
also satisfy φ_{ji}·A_{j′} = A_{j′} for j′ ≠ j. Then p(B ≥ C) ≥^{n/m}_most p(A ≥ C).

As stated it puts no condition on C and does not require n ≥ m. The same B_i serve
every j. C defaults to A ∪ B.

The formalisation of "things" is a definition hole (docs/style.md#engine-certificate-kernel): the parts
A_1..A_m come from ``instance.parts`` when given, else from :func:`one_hot_things`
(each vector of A is one thing: the one-hot base case of the post). Users add
hypotheses by name with :func:`statement`:

* ``"n_at_least_m"`` — n ≥ m (the post's m ≤ n);
* ``"fix_C"`` — every φ_{ji} also fixes C (as PR Prop. A.11 asks);
* ``"disjoint"`` — A ∩ B = ∅.

Source: PR Conjecture D.13; the post's "fractional scaling law". Status: conjectured.

>>> from symorbit import Instance, check_statement
>>> e = lambda j: [int(i == j) for i in range(5)]
>>> inst = Instance(A=[e(0), e(1)], B=[e(2), e(3), e(4)])
>>> v = check_statement(STATEMENT, inst, [(1, 2, 3, 4, 5)])
>>> v.status, v.bound, v.per_reward[0][1].strict_fraction
('holds', Fraction(3, 2), Fraction(3, 5))
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from symorbit.orbits.copies import common_copies
from symorbit.proofs.statements import Instance, Statement
from symorbit.proofs.vocabulary import CommonCopies, Disjoint, Hypothesis, Most, NAtLeastM, one_hot_things

EXTRA_HYPOTHESES = ("n_at_least_m", "fix_C", "disjoint")

__all__ = ["EXTRA_HYPOTHESES", "STATEMENT", "common_copies", "hypotheses", "one_hot_things", "statement"]


def hypotheses(extra: tuple[str, ...] = (),
               things: Callable[[Instance], list[frozenset]] = one_hot_things) -> tuple[Hypothesis, ...]:
    """D.13's hypotheses with the added ones named in ``extra`` (see :data:`EXTRA_HYPOTHESES`)."""
    unknown = set(extra) - set(EXTRA_HYPOTHESES)
    if unknown:
        raise ValueError(f"unknown extra hypotheses {sorted(unknown)}; choose from {EXTRA_HYPOTHESES}")
    added = {"n_at_least_m": NAtLeastM(), "disjoint": Disjoint()}
    return (CommonCopies(fixing="C" if "fix_C" in extra else "none", things=things),) + \
        tuple(added[x] for x in extra if x != "fix_C")


def statement(extra: tuple[str, ...] = (), *,
              things: Callable[[Instance], list[frozenset]] = one_hot_things) -> Statement:
    """D.13 with extra hypotheses (names in :data:`EXTRA_HYPOTHESES`) and a formalisation of "things"."""
    suffix = "" if not extra else "+" + "+".join(extra)
    return replace(STATEMENT, name=STATEMENT.name + suffix, hypotheses=hypotheses(tuple(extra), things))


STATEMENT = Statement(
    name="fractional_conjecture",
    title="n common copies of m things ⇒ p(B ≥ C) ≥^{n/m}_most p(A ≥ C)",
    source="PR Conjecture D.13; the post (fractional scaling law)",
    status="conjectured",
    text="If A splits into m things A_j and B holds n sets B_i, each a copy of every A_j via involutions that fix "
         "the other A_j′ and B_i′, then B is optimal among C (and A not) at least n/m times as often as the reverse.",
    mode="relative",
    hypotheses=hypotheses(),
    claim=Most("n/m"),
)
