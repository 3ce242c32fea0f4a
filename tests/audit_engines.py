"""A randomised audit of the counting engines, longer than the test suite runs: every engine against the naive
brute force of :mod:`symorbit.testing.naive`, on random small instances below and past int64, with the engines'
limits drawn at random too so that their fallbacks run.

    python tests/audit_engines.py --seed 11 --seconds 480

Each instance: d = 2-6, a pool of 2-9 vectors (entries small, or shifted past int64 with near-ties one unit
apart), 1-7 labels each holding 1-3 pool vectors, a reward with small entries or entries past int64, the sets
written as lists of ints, an int64 numpy array or lists of Fractions. It checks ``optimality_counts`` over the
labels (by atoms, pairs of atoms, chunks or label pairs, as the selection goes), and ``orbit_counts`` of the
first label against the last, raw and relative to every label's vectors plus one more. In 40 % of the instances
(a stream of its own) the sets are tuple rows, the same objects at every count, and ``engine="auto"`` counts three
times more, so that the counts read kept rows and, from the third on, the selection's remembered choice. A
differing count or an exception other than ``TooLarge`` is printed with its instance, and the exit status is 1.

Run in the eighteenth session on two seeds for 8 minutes each: 11,456 instances, none differing (the
instances of the session's first such audit found the empty-Y bug of maxima past int64; see CHANGELOG.md).
Not collected by pytest (its name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from fractions import Fraction

import numpy as np

from symorbit import OutcomeSet, TooLarge, optimality_counts, orbit_counts
from symorbit.orbits.engines import compiled as C
from symorbit.orbits.engines import maxima as X
from symorbit.orbits.engines import problem as E
from symorbit.testing.naive import naive_optimality_counts, naive_orbit_counts

ENGINES = ("auto", "maxima", "mitm", "reference", "pruning", "blocks")


#: Per instance: each pool vector as one tuple of Fractions (every entry divided by 3, which leaves every count as it
#: is), the same object at every count, as "fractuples" writes it.
_THIRDS: dict[tuple[int, ...], tuple[Fraction, ...]] = {}


def written(S, how):
    """The set ``S`` as lists of ints, an int64 array (where it fits), lists of Fractions, or tuple rows that are the
    same objects at every count of the instance ("tuples": the pool's own int tuples; "fractuples": the pool's
    vectors divided by 3), which the counts keep (their integer rows, their combination, the selection's choice)."""
    if how == "numpy" and all(abs(x) < 2**62 for v in S for x in v):
        return np.array(S, dtype=np.int64)
    if how == "frac":
        return [[Fraction(x) for x in v] for v in S]
    if how == "tuples":
        return list(S)
    if how == "fractuples":
        return [_THIRDS.setdefault(v, tuple(Fraction(x, 3) for x in v)) for v in S]
    return [list(v) for v in S]


def instance(rng):
    d = rng.randint(2, 6)
    shift = rng.choice([0, 0, 62, 70])
    pool = [tuple((rng.randint(-3, 5) << shift) + rng.randint(-1, 1) * (shift > 0) for _ in range(d))
            for _ in range(rng.randint(2, 9))]
    sets = {f"s{i}": rng.sample(pool, rng.randint(1, min(3, len(pool)))) for i in range(rng.randint(1, 7))}
    r = [rng.randint(-4, 6) for _ in range(d)]
    if rng.random() < 0.3:
        r = [x << rng.choice([40, 66]) for x in r]
    return pool, sets, r


def audit(seed: int, seconds: float) -> tuple[int, int]:
    """(instances, failures) within ``seconds``."""
    engines = ENGINES + (("compiled",) if C.numba_installed() else ())
    rng = random.Random(seed)
    side_kept = random.Random(seed + 7)
    deadline = time.time() + seconds
    n = bad = 0

    def check(label, run, want, inst):
        nonlocal bad
        try:
            got = run()
        except TooLarge:
            return
        except Exception as err:      # any other exception is a failure of the engine
            bad += 1
            print("EXCEPTION", label, repr(err)[:200], inst, flush=True)
            return
        if got != want:
            bad += 1
            print("DIFFERS", label, got, want, inst, flush=True)

    while time.time() < deadline:
        pool, sets, r = instance(rng)
        X.BIG_MAX_SHARE = rng.choice([1 / 64, 1.0, 0.0])
        C.SPILL_ROWS = rng.choice([1 << 16, 3, 0])
        E.RECOUNT_WORK = rng.choice([1 << 25, 50, 0])
        how = rng.choice(["list", "numpy", "frac"])
        _THIRDS.clear()
        if side_kept.random() < 0.4:      # a third stream: rows kept from count to count, auto counted 3 times more
            how = side_kept.choice(["tuples", "fractuples"])
        given = {k: written(v, how) for k, v in sets.items()}
        # a second stream (the first one's instances stay as they were): the sets as parts of one tagged outcome
        # set F, the same objects for every engine, so the later counts read the integer rows kept by the first
        side = random.Random(seed * 1_000_003 + n)
        parts = side.random() < 0.3
        if parts:
            F = OutcomeSet.build([str(j) for j in range(len(r))],
                                 [(tuple(map(Fraction, v)), {k for k, S in sets.items() if v in S} or {"extra"})
                                  for v in pool])
            if side.random() < 0.5:
                F.integer_rows()        # read before the parts are taken: they divide its rows down
            given = {k: F.restrict(k) for k in sets}
        want = {k: tuple(v) for k, v in naive_optimality_counts(sets, r).items()}
        kept = ("auto",) * 3 if how in ("tuples", "fractuples") else ()     # the third: the remembered choice
        for engine in engines + kept:
            def optimality(engine=engine):
                o = optimality_counts(given, r, engine=engine)
                return {k: (o.weak[k], o.strict[k]) for k in sets}
            check(("optimality", engine), optimality, want, (sets, r))
        A, B = list(sets.values())[0], list(sets.values())[-1]
        C_ = [v for S in sets.values() for v in S] + rng.sample(pool, 1)
        if parts:           # F holds the whole pool: relative to F, and A, B its parts
            C_ = pool
            forms = {"A": given[list(sets)[0]], "B": given[list(sets)[-1]], "C": F}
        for rel in (None, C_):
            w = naive_orbit_counts(A, B, r, C=rel)
            for engine in engines + kept:
                def raw(engine=engine, rel=rel):
                    if parts:
                        c = orbit_counts(forms["A"], forms["B"], r, engine=engine,
                                         relative_to=None if rel is None else forms["C"])
                    else:
                        c = orbit_counts(written(A, how), written(B, how), r, engine=engine,
                                         relative_to=None if rel is None else written(rel, how))
                    return c.b_better, c.a_better, c.ties
                check(("orbit", engine, rel is not None), raw, w, (A, B, r, rel))
        n += 1
    return n, bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=300)
    args = ap.parse_args()
    n, bad = audit(args.seed, args.seconds)
    print(f"instances {n}, failures {bad}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
