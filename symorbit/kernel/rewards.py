"""Kernel reward families: the rewards a certificate covers, re-generated from its family spec.

* ``patterns:V1,V2,...``: one reward per orbit, every multiset of d values, ascending
  (``itertools.combinations_with_replacement`` over the sorted distinct values);
* ``random:COUNT:SEED``: ``random.Random(SEED)``, COUNT rewards of d integers ``randint(0, 10**6)``;
* ``list``: the listed rewards themselves (the claim is about exactly them);
* ``all``: every reward in R^d, one listed reward per count profile, completeness by the
  ``chamber`` subdivision (:mod:`symorbit.kernel.chambers`).
"""

from __future__ import annotations

import itertools
import math
import random

from .check import Malformed, Vec, _num, _short, charge

__all__ = ["ALL", "MAX_FAMILY", "family_rewards"]

#: The family spec of every reward (returned as is by :func:`family_rewards`).
ALL = "all"

#: The most rewards a family may hold for the kernel to re-generate it.
MAX_FAMILY = 100_000


def family_rewards(spec: str, d: int) -> list[Vec] | str | None:
    """The family's rewards in order, None for ``list`` (the certificate's own list), ALL for ``all``."""
    kind, _, rest = spec.partition(":")
    if spec == "list":
        return None
    if spec == ALL:
        return ALL
    if kind == "patterns" and rest:
        charge(2 * rest.count(",") + 2)
        vals = sorted({_num(v, "family value") for v in rest.split(",")})
        if math.comb(len(vals) + d - 1, d) > MAX_FAMILY:
            raise Malformed(f"too large: family {_short(spec)} has more than {MAX_FAMILY} rewards")
        charge(math.comb(len(vals) + d - 1, d) * d)
        return [tuple(c) for c in itertools.combinations_with_replacement(vals, d)]
    parts = rest.split(":")
    if kind == "random" and len(parts) == 2 and all(p.isascii() and p.isdigit() and len(p) < 12 for p in parts):
        count, seed = int(parts[0]), int(parts[1])
        if count > MAX_FAMILY:
            raise Malformed(f"too large: family {_short(spec)} has more than {MAX_FAMILY} rewards")
        charge(2 * count * d)
        rng = random.Random(seed)
        return [tuple(_num(rng.randint(0, 10**6), "random") for _ in range(d)) for _ in range(count)]
    raise Malformed(f"family: {_short(spec)} must be patterns:V1,V2,..., random:COUNT:SEED, list or all")
