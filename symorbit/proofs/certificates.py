"""Certificates: the JSON a verdict carries for the kernel to re-check.

A certificate lists the outcome sets, the claim, the involutions and the rewards with
their exact counts. Large orbits carry the engine's symmetry blocks, which the kernel
proves before it uses them, so that it recounts block classes instead of elements.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Iterable, Mapping

from symorbit.exact.numbers import fraction_str
from symorbit.kernel import KERNEL_ENUMERATION_LIMIT
from symorbit.orbits.counting import OrbitCounts
from symorbit.orbits.engines.blocks import coordinate_classes
from symorbit.orbits.engines.problem import make_problem
from symorbit.outcomes.outcome_sets import OutcomeSet

__all__ = ["vectors_json", "certificate_rewards", "kernel_work", "kernel_feasible"]

Vector = tuple[Fraction, ...]


def vectors_json(X: Iterable[Vector]) -> list[list[str]]:
    return [[fraction_str(x) for x in v] for v in X]


def certificate_rewards(A: OutcomeSet, B: OutcomeSet, C: OutcomeSet | None,
                        items: Iterable[tuple[Vector, OrbitCounts]]) -> list[dict[str, Any]]:
    """Reward entries for a certificate; large orbits carry the engine's symmetry blocks."""
    out = []
    for r, c in items:
        entry: dict[str, Any] = {"reward": [fraction_str(x) for x in r], "b_better": c.b_better,
                                 "a_better": c.a_better, "ties": c.ties, "orbit_size": c.orbit_size}
        vectors = list(A) + list(B) + (list(C) if C is not None else [])
        groups = [list(range(len(A))), list(range(len(A), len(A) + len(B)))]
        if C is not None:
            groups.append(list(range(len(A) + len(B), len(vectors))))
        blocks = [sorted(b) for b in coordinate_classes(make_problem(vectors, groups, [], r))]
        with_blocks = {**entry, "blocks": blocks}
        # Symmetry classes spare the kernel work when they merge at least four orbit elements each,
        # and are required past its enumeration limit.
        if c.orbit_size > KERNEL_ENUMERATION_LIMIT or 4 * kernel_work(with_blocks) <= c.orbit_size:
            entry = with_blocks
        out.append(entry)
    return out


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
