"""Invariance under refinement (the post, "Invariances").

Claims (the post)
------
1. Refining every option k-fold on both sides leaves the bound: 1 vs n and 2 vs 2n give
   the same bound (copies: ⌊kn/km⌋ = ⌊n/m⌋; exact generic fraction n/(n+m) unchanged).
2. Refining one side changes it: splitting each of A's m outcomes into k changes the
   generic fraction from n/(n+m) to n/(n+km) (docs/theory.md#p9: granularity sets n).

Instances here are one-hot blocks: A = m terminal outcomes, B = n, d = m + n + extra
coordinates. A check compares the exact counts of the original and the refined instance
over the given rewards (rewards of the right length are drawn by the caller).

Source: the post. Status: claimed (checked on instances).

>>> both_sides(1, 3, 2).status, one_side(1, 3, 2).status
('holds', 'holds')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from symorbit.orbits.copies import copies
from symorbit.orbits.counting import orbit_counts
from symorbit.orbits.rewards import random_rewards

NAME = "refinement_invariance"
SOURCE = "the post (Invariances)"
STATUS = "claimed"


@dataclass(frozen=True)
class RefinementVerdict:
    claim: str
    status: str                    # "holds" | "fails"
    original: tuple[int, frozenset[Fraction]]   # (copies, exact generic fractions seen)
    refined: tuple[int, frozenset[Fraction]]
    rewards_checked: int


def _one_hot(m: int, n: int) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    d = m + n
    e = lambda j: tuple(int(i == j) for i in range(d))  # noqa: E731
    return [e(j) for j in range(m)], [e(j) for j in range(m, d)]


def _profile(m: int, n: int, samples: int, seed: int) -> tuple[int, frozenset[Fraction]]:
    """(copies of A in B, the set of exact strict fractions over random generic rewards)."""
    A, B = _one_hot(m, n)
    res = copies(A, B)
    rewards = random_rewards(m + n, count=samples, seed=seed)
    return res.n or 0, frozenset(orbit_counts(A, B, r).strict_fraction for r in rewards)


def both_sides(m: int, n: int, k: int, *, samples: int = 3, seed: int = 0) -> RefinementVerdict:
    """Claim 1: m vs n and km vs kn give the same copies bound and the same generic fraction."""
    c0, f0 = _profile(m, n, samples, seed)
    c1, f1 = _profile(k * m, k * n, samples, seed)
    holds = c0 == c1 and f0 == f1 == {Fraction(n, n + m)}
    return RefinementVerdict(f"{m} vs {n} ~ {k * m} vs {k * n}", "holds" if holds else "fails", (c0, f0), (c1, f1),
                             2 * samples)


def one_side(m: int, n: int, k: int, *, samples: int = 3, seed: int = 0) -> RefinementVerdict:
    """Claim 2: refining only A (m → km) moves the generic fraction to n/(n+km)."""
    c0, f0 = _profile(m, n, samples, seed)
    c1, f1 = _profile(k * m, n, samples, seed)
    holds = f0 == {Fraction(n, n + m)} and f1 == {Fraction(n, n + k * m)}
    return RefinementVerdict(f"{m} vs {n} → {k * m} vs {n}", "holds" if holds else "fails", (c0, f0), (c1, f1),
                             2 * samples)
