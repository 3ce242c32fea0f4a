"""Certificates: the JSON a verdict carries for the kernel to re-check.

A certificate lists the outcome sets, the claim, the involutions and the rewards with
their exact counts. Large orbits carry the engine's symmetry blocks, which the kernel
proves before it uses them, so that it recounts block classes instead of elements.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from typing import Any, Iterable, Mapping

from symorbit.exact.numbers import fraction_str
from symorbit.kernel import FORMAT, KERNEL_ENUMERATION_LIMIT
from symorbit.orbits.counting import OrbitCounts
from symorbit.orbits.engines.blocks import coordinate_blocks
from symorbit.orbits.engines.problem import make_problem
from symorbit.outcomes.nondominated import nondomination_certificates
from symorbit.outcomes.outcome_sets import OutcomeSet

__all__ = ["vectors_json", "certificate_rewards", "kernel_work", "kernel_feasible", "nondomination_json",
           "counts_certificate", "FORMAT"]

Vector = tuple[Fraction, ...]


def vectors_json(X: Iterable[Vector]) -> list[list[str]]:
    """Vectors as lists of exact ``"p/q"`` strings."""
    return [[fraction_str(x) for x in v] for v in X]


def nondomination_json(X: Any) -> list[dict[str, Any]]:
    """ND(X) as the kernel checks it: a strict witness reward per non-dominated vector, a convex
    combination of the other vectors per dominated one (OPTS Def. 3.6; exact LP certificates)."""
    out: list[dict[str, Any]] = []
    for c in nondomination_certificates(X):
        vec = [fraction_str(x) for x in c.vector]
        if c.nondominated:
            out.append({"vector": vec, "witness": [fraction_str(x) for x in c.witness or ()]})
        else:
            out.append({"vector": vec, "combination": [[[fraction_str(x) for x in v], fraction_str(w)]
                                                       for v, w in c.combination or ()]})
    return out


def counts_certificate(A: OutcomeSet, B: OutcomeSet, C: OutcomeSet | None,
                       entries: list[dict[str, Any]]) -> dict[str, Any]:
    """A certificate of the statement ``orbit_counts``: these counts, for these listed rewards."""
    cert: dict[str, Any] = {"format": FORMAT, "statement": "orbit_counts", "verdict": "counted", "family": "list",
                            "A": vectors_json(A), "B": vectors_json(B), "rewards": entries}
    if C is not None:
        cert["C"] = vectors_json(C)
    return cert


def certificate_rewards(A: OutcomeSet, B: OutcomeSet, C: OutcomeSet | None,
                        items: Iterable[tuple[Vector, OrbitCounts]]) -> list[dict[str, Any]]:
    """Reward entries for a certificate; large orbits carry the engine's symmetry blocks.

    The blocks (coordinates whose transposition maps every compared set to itself) are a fact of the sets
    alone, so they are found once for all the rewards, and remembered per compared sets for small d (a search
    meets the same sets many times).

    >>> from symorbit.orbits.counting import orbit_counts
    >>> from symorbit.outcomes.outcome_sets import as_outcome_set
    >>> A, B = as_outcome_set([[1, 0, 0, 0, 0]]), as_outcome_set([[0, 1, 0, 0, 0]])
    >>> r = (Fraction(1), Fraction(2), Fraction(3), Fraction(4), Fraction(5))
    >>> [entry["blocks"] for entry in certificate_rewards(A, B, None, [(r, orbit_counts(A, B, r))])]
    [[[2, 3, 4], [0], [1]]]
    """
    out = []
    sets = (tuple(A), tuple(B)) + ((tuple(C),) if C is not None else ())
    blocks: tuple[tuple[int, ...], ...] | None = None
    for r, c in items:
        entry: dict[str, Any] = {"reward": [fraction_str(x) for x in r], "b_better": c.b_better,
                                 "a_better": c.a_better, "ties": c.ties, "orbit_size": c.orbit_size}
        if blocks is None:
            blocks = _set_blocks(sets, len(r)) if len(r) <= 16 else _blocks(sets, len(r))
        with_blocks = {**entry, "blocks": [list(b) for b in blocks]}
        # Symmetry classes spare the kernel work when they merge at least four orbit elements each,
        # and are required past its enumeration limit.
        if c.orbit_size > KERNEL_ENUMERATION_LIMIT or 4 * kernel_work(with_blocks) <= c.orbit_size:
            entry = with_blocks
        out.append(entry)
    return out


def _blocks(sets: tuple[tuple[Vector, ...], ...], d: int) -> tuple[tuple[int, ...], ...]:
    """The engine's symmetry blocks of these compared sets in R^d, each sorted: classes of coordinates whose
    transposition maps every set to itself (:func:`~symorbit.orbits.engines.blocks.coordinate_blocks`), which
    read the vectors alone (scaled by their own common denominator), never the reward."""
    vectors = [v for X in sets for v in X]
    starts = [sum(map(len, sets[:k])) for k in range(len(sets) + 1)]
    groups = [list(range(starts[k], starts[k + 1])) for k in range(len(sets))]
    return tuple(tuple(sorted(b)) for b in coordinate_blocks(make_problem(vectors, groups, [], (Fraction(0),) * d)))


#: :func:`_blocks` remembered per compared sets and d (small d only: the key holds the sets).
_set_blocks = functools.lru_cache(maxsize=4096)(_blocks)


def kernel_work(entry: Mapping[str, Any]) -> int:
    """About how many evaluations the kernel needs for one reward entry (orbit elements, or block classes)."""
    if "blocks" not in entry:
        return entry["orbit_size"]
    return max(1, entry["orbit_size"] // math.prod(math.factorial(len(b)) for b in entry["blocks"]))


def kernel_feasible(entry: Mapping[str, Any], max_classes: int) -> bool:
    """Can the kernel recount this entry in reasonable time (by enumeration or by its blocks)?"""
    return kernel_work(entry) <= max_classes


def _orbit_key(r: Vector) -> tuple:
    return (len(set(r)), sorted(r))
