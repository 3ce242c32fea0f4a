"""Input classes beyond benchmarks/side_by_side.py: orbit_counts and optimality_counts beside a numba brute force.

    python benchmarks/input_classes.py                        # the first batch of classes, d = 7..12 (about 20 min)
    python benchmarks/input_classes.py --more                 # optimality over many labels, MDP visit distributions,
                                                              # numpy inputs
    python benchmarks/input_classes.py --classes mdp3 mdpopt3 --dims 7 8 9 10 11
    python benchmarks/input_classes.py --classes mdp2 mdprel3 --dims 7 --first 40   # first calls on fresh inputs

Each class (``_make_instance``; seeded by d) is a question a researcher would pass: many vectors (``B50``:
|A| = 1 against |B| = 50), negative entries, 0/1 and sparse vectors, a shared coordinate sum, visit-like
rational rows, few distinct reward values, overlapping or nested sets, ``relative_to=C``, ``optimality_counts``
over 2-10 labels, the exact visit distributions of random deterministic MDPs at γ = 9/10 (``mdpK``: the first two
of K actions from state 0; ``mdpoptK``: optimality over all K; ``mdprelK``: the first two relative to all K, as
Conj. D.13 compares them; a suffix ``-r``, as in ``mdp2-r``: ours takes each F(s | a) with ``F.restrict(a)`` inside
every call, as a loop over rewards writes it; ``-v``, as in ``mdp2-v``: with ``visit_distributions(env, s, γ,
first_action=a)`` inside every call; ``-nd``, as in ``mdp3-nd``: the non-dominated parts F_nd(s | a), which ours
takes with ``nondominated(F.restrict(a))`` inside every call), and inputs as numpy arrays.

The baseline is the brute force by hand in numba (Heap's algorithm, every dot product updated incrementally; the
raw loop of benchmarks/unstructured.py, and here one relative to C and one for optimality), on the entries
scaled to integers beforehand (that scaling is reported, not timed). Where int64 would overflow (the MDP classes:
60-200-bit entries) it runs in float64: a loop a user might write, not an exact one, and its counts are
compared all the same. d ≤ 10: warm calls (5 first, then the best of ``timeit`` batches), CPU seconds; d ≥ 11:
the median of 3 (one where the first takes over 20 s); at d = 12 the numba loop runs in full where the d = 11
time × 12 is under ``--nb12-max`` seconds, else on ``--sample`` permutations, extrapolated ("~"). "goal" is issue
24's: at least the loop's speed at d ≤ 10 and 3 times it from d = 11. Counts are compared wherever both ran in
full; a mismatch is printed on its row and makes the script exit with status 1.

Written by a helper for the eighteenth session's hunt (docs/performance.md#input-classes).
"""
from __future__ import annotations

import os

for _v in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import timeit  # noqa: E402
from collections import Counter  # noqa: E402
from fractions import Fraction  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numba  # noqa: E402
import numpy as np  # noqa: E402
from optimality import make_numba as make_optimality  # noqa: E402
from unstructured import heap_steps, make_numba  # noqa: E402

from symorbit import nondominated, optimality_counts, orbit_counts, visit_distributions  # noqa: E402

NEG = -(1 << 62)
OPTIMALITY: list = []       # the optimality loop of benchmarks/optimality.py, compiled in main()
REL: list = []              # the loop relative to C (make_rel), compiled in main()


# ------------------------------------------------------------------ numba baselines (Heap's algorithm, incremental)
def make_rel():
    """The loop relative to C, on the steps of benchmarks/unstructured.py (``heap_steps``)."""
    set_dots, next_swap, step_set = heap_steps()

    @numba.njit(cache=False)
    def heap_rel(VA, VB, VC, r0, limit):
        """relative_to=C: B better iff max_B >= max_C > max_A; A better iff max_A >= max_C > max_B."""
        r = r0.copy()
        da = set_dots(VA, r)
        db = set_dots(VB, r)
        dc = set_dots(VC, r)
        ma, mb, mc = da.max(), db.max(), dc.max()
        c = np.zeros(r.shape[0], np.int64)
        gt = lt = eq = done = 0
        while True:
            if mb >= mc and ma < mc:
                gt += 1
            elif ma >= mc and mb < mc:
                lt += 1
            else:
                eq += 1
            done += 1
            i, j = next_swap(c)
            if i == r.shape[0] or done >= limit:
                return gt, lt, eq, done
            dr = r[j] - r[i]
            ma = step_set(VA, da, i, j, dr)
            mb = step_set(VB, db, i, j, dr)
            mc = step_set(VC, dc, i, j, dr)
            r[i], r[j] = r[j], r[i]

    heap_rel(np.ones((2, 3), np.int64), np.ones((2, 3), np.int64), np.ones((2, 3), np.int64),
             np.arange(3, dtype=np.int64), 10)
    return heap_rel


# ------------------------------------------------------------------ instances
def vec(rng, d, lo=0, hi=9):
    return tuple(rng.randint(lo, hi) for _ in range(d))


def distinct_vectors(rng, n, make):
    out, seen = [], set()
    while len(out) < n:
        v = make()
        if v not in seen and any(v):
            seen.add(v)
            out.append(v)
    return out


def ints(rng, d, lo=0, hi=10**6):
    return [rng.randrange(lo, hi) for _ in range(d)]


def few_values(rng, d, k):
    vals = rng.sample(range(10**6), k)
    r = [vals[i % k] for i in range(d)]
    rng.shuffle(r)
    return r


def sparse_vec(rng, d, nz, hi=9):
    v = [0] * d
    for j in rng.sample(range(d), nz):
        v[j] = rng.randint(1, hi)
    return tuple(v)


def composition(rng, d, total):
    cuts = sorted(rng.randint(0, total) for _ in range(d - 1))
    return tuple(b - a for a, b in zip([0] + cuts, cuts + [total]))


def visit_vec(rng, d, length=5, g=Fraction(9, 10)):
    """Discounted visits of a random path of `length` states, then absorbed (rational entries)."""
    v = [Fraction(0)] * d
    path = [rng.randrange(d) for _ in range(length + 1)]
    for t, s in enumerate(path[:-1]):
        v[s] += g ** t
    v[path[-1]] += g ** length / (1 - g)
    return tuple(v)


def raw(A, B, r):
    return {"kind": "raw", "A": A, "B": B, "r": r}


def make_instance(cls: str, d: int, seed: int = 0):
    inst = _make_instance(cls, d, seed)
    vals = inst["r"] + [x for v in (inst.get("A", []) + inst.get("B", []) + inst.get("C", [])
                                    + [w for S in inst.get("sets", {}).values() for w in S]) for x in v]
    inst["frac"] = any(isinstance(x, Fraction) and x.denominator > 1 for x in vals)
    return inst


def _make_instance(cls: str, d: int, seed: int = 0):
    rng = random.Random(seed * 1000 + d)
    V = lambda n, lo=0, hi=9: [vec(rng, d, lo, hi) for _ in range(n)]  # noqa: E731
    if cls.startswith("B") and cls[1:].isdigit():             # |A| = 1 vs |B| = n
        return raw(V(1), V(int(cls[1:])), ints(rng, d))
    if cls == "AB60":
        return raw(V(60), V(60), ints(rng, d))
    if cls == "AB40-ties":
        return raw(V(40), V(40), [rng.randrange(3) for _ in range(d)])
    if cls == "negvec":
        return raw(V(4, -9, 9), V(4, -9, 9), ints(rng, d))
    if cls == "negrew":
        return raw(V(4), V(4), ints(rng, d, -10**6, 10**6))
    if cls == "negboth":
        return raw(V(4, -9, 9), V(4, -9, 9), ints(rng, d, -10**6, 10**6))
    if cls == "negvec20":
        return raw(V(20, -9, 9), V(20, -9, 9), ints(rng, d, -1000, 1000))
    if cls == "bin4":
        return raw(V(4, 0, 1), V(4, 0, 1), ints(rng, d))
    if cls == "bin20":
        return raw(distinct_vectors(rng, 20, lambda: vec(rng, d, 0, 1)),
                   distinct_vectors(rng, 20, lambda: vec(rng, d, 0, 1)), ints(rng, d))
    if cls == "bin4-r1d":
        return raw(V(4, 0, 1), V(4, 0, 1), list(range(1, d + 1)))
    if cls == "sparse2":
        return raw([sparse_vec(rng, d, 2) for _ in range(4)], [sparse_vec(rng, d, 2) for _ in range(4)], ints(rng, d))
    if cls == "sparse3":
        return raw([sparse_vec(rng, d, 3) for _ in range(4)], [sparse_vec(rng, d, 3) for _ in range(4)], ints(rng, d))
    if cls == "sparse3x10":
        return raw([sparse_vec(rng, d, 3) for _ in range(10)], [sparse_vec(rng, d, 3) for _ in range(10)],
                   ints(rng, d))
    if cls == "sparse2x30":
        return raw([sparse_vec(rng, d, 2) for _ in range(30)], [sparse_vec(rng, d, 2) for _ in range(30)],
                   ints(rng, d))
    if cls == "sum20":          # integer compositions of 20 (shared coordinate sum)
        return raw([composition(rng, d, 20) for _ in range(4)], [composition(rng, d, 20) for _ in range(4)],
                   ints(rng, d))
    if cls == "sum20x15":
        return raw([composition(rng, d, 20) for _ in range(15)], [composition(rng, d, 20) for _ in range(15)],
                   ints(rng, d))
    if cls == "visit":          # discounted visit distributions of random paths, gamma = 9/10 (rational)
        return raw([visit_vec(rng, d) for _ in range(4)], [visit_vec(rng, d) for _ in range(6)], ints(rng, d))
    if cls == "visit-r1d":
        return raw([visit_vec(rng, d) for _ in range(4)], [visit_vec(rng, d) for _ in range(6)],
                   list(range(1, d + 1)))
    if cls == "few3":
        return raw(V(4), V(4), few_values(rng, d, 3))
    if cls == "few4":
        return raw(V(4), V(4), few_values(rng, d, 4))
    if cls == "few2x20":
        return raw(V(20), V(20), few_values(rng, d, 2))
    if cls == "r0-20":          # rewards from a small range [0, 20): some ties
        return raw(V(4), V(4), ints(rng, d, 0, 20))
    if cls == "halves":         # small-denominator rationals
        return raw(V(4), V(4), [Fraction(rng.randrange(100), rng.choice((2, 3, 5))) for _ in range(d)])
    if cls == "fracvec":        # Fraction vector entries
        return raw([tuple(Fraction(rng.randint(0, 9), rng.choice((1, 2, 3))) for _ in range(d)) for _ in range(4)],
                   [tuple(Fraction(rng.randint(0, 9), rng.choice((1, 2, 3))) for _ in range(d)) for _ in range(4)],
                   ints(rng, d))
    if cls == "nearconst":      # constant 5 plus a few bumps
        mk = lambda: tuple(5 + (rng.randint(-3, 3) if rng.random() < 0.3 else 0) for _ in range(d))  # noqa: E731
        return raw([mk() for _ in range(4)], [mk() for _ in range(4)], ints(rng, d))
    if cls == "overlap":        # A and B share 2 of their 4 vectors
        S = V(6)
        return raw(S[:4], S[2:], ints(rng, d))
    if cls == "subset":         # A (2 vectors) inside B (6)
        B = V(6)
        return raw(B[:2], B, ints(rng, d))
    if cls == "subset20":
        B = V(20)
        return raw(B[:5], B, ints(rng, d))
    if cls == "dupA":           # A lists vectors twice
        A = V(3)
        return raw(A + A, V(4), ints(rng, d))
    if cls == "scaled":         # B = 2*A + noise-free copies, and A with a shift
        A = V(4)
        return raw(A, [tuple(2 * x for x in a) for a in A[:2]] + V(2), ints(rng, d))
    if cls == "rel":            # relative_to C = A + B + 3 extra
        A, B = V(4), V(4)
        return {"kind": "rel", "A": A, "B": B, "C": A + B + V(3), "r": ints(rng, d)}
    if cls == "rel-ties":
        A, B = V(4), V(4)
        return {"kind": "rel", "A": A, "B": B, "C": A + B + V(3), "r": [rng.randrange(3) for _ in range(d)]}
    if cls == "rel10":
        A, B = V(10), V(10)
        return {"kind": "rel", "A": A, "B": B, "C": A + B + V(10), "r": ints(rng, d)}
    if cls == "relsep":         # C disjoint from A, B
        return {"kind": "rel", "A": V(4), "B": V(4), "C": V(4), "r": ints(rng, d)}
    m = re.fullmatch(r"(mdp|mdpopt|mdprel)(\d)(-r|-v|-nd)?", cls)
    if m or cls in ("dielive", "dielive-opt"):   # visit distributions of a random deterministic MDP / die_live
        from symorbit.mdp.environment import MDP
        from symorbit.mdp.library import die_live
        from symorbit.mdp.visits import visit_distributions
        if m:
            k = int(m.group(2))
            adj = {str(s): [str(t) for t in rng.sample(range(d), k)] for s in range(d)}
            env = MDP.deterministic(adj)
            F = visit_distributions(env, "0", "9/10")
            acts = adj["0"]
        else:
            mm = (d - 3) // 2
            F = visit_distributions(die_live(mm, d - 3 - mm), "start", "9/10")
            acts = ["dying", "living"]
        r = ints(rng, d)
        if m and m.group(1) == "mdprel":        # D.13's question: the first two actions relative to F(s)
            A, B = list(map(tuple, F.restrict(acts[0]))), list(map(tuple, F.restrict(acts[1])))
            return {"kind": "rel", "A": A, "B": B, "C": list(map(tuple, F)), "r": r, "objA": F.restrict(acts[0]),
                    "objB": F.restrict(acts[1]), "objC": F}
        # "-r": ours takes F.restrict(a) inside every call, as a user's loop over rewards writes it
        taken = {"restrict": (F, acts)} if m and m.group(3) == "-r" else {}
        if m and m.group(3) == "-v":     # "-v": F(s | a) = visit_distributions(env, s, γ, first_action=a) at every call
            taken = {"visits": (env, acts)}
        if m and m.group(3) == "-nd":    # "-nd": F_nd(s | a) = nondominated(F.restrict(a)) at every call
            part = {a: nondominated(F.restrict(a)) for a in acts}
            taken = {"nondominated": (F, acts)}
            if m.group(1) == "mdpopt":
                return {"kind": "opt", "sets": {a: list(map(tuple, part[a])) for a in acts}, "r": r, **taken}
            return {"kind": "raw", "A": list(map(tuple, part[acts[0]])), "B": list(map(tuple, part[acts[1]])), "r": r,
                    **taken}
        if (m and m.group(1) == "mdpopt") or cls == "dielive-opt":
            return {"kind": "opt", "sets": {a: list(map(tuple, F.restrict(a))) for a in acts}, "r": r,
                    "obj_sets": {a: F.restrict(a) for a in acts}, **taken}
        return {"kind": "raw", "A": list(map(tuple, F.restrict(acts[0]))), "B": list(map(tuple, F.restrict(acts[1]))),
                "r": r, "objA": F.restrict(acts[0]), "objB": F.restrict(acts[1]), **taken}
    if cls in ("int-np", "AB20-np"):     # side_by_side's int / |A|=|B|=20 inputs as numpy arrays
        n = 20 if cls == "AB20-np" else 4
        A, B, r = V(n), V(n), ints(rng, d)
        return {"kind": "raw", "A": A, "B": B, "r": r, "objA": np.array(A, np.int64), "objB": np.array(B, np.int64),
                "objr": np.array(r, np.int64)}
    m = re.fullmatch(r"opt(\d+)x(\d+)", cls)
    if m:
        L, per = int(m.group(1)), int(m.group(2))
        allv = distinct_vectors(rng, L * per, lambda: vec(rng, d))
        return {"kind": "opt", "sets": {f"L{k}": allv[k * per:(k + 1) * per] for k in range(L)}, "r": ints(rng, d)}
    if cls.startswith("opt"):   # opt3, opt5, opt5x10, opt4-ties, opt3-bin
        L = int(cls[3])
        per = 10 if "x10" in cls else 4
        mk = (lambda: vec(rng, d, 0, 1)) if "bin" in cls else (lambda: vec(rng, d))
        allv = distinct_vectors(rng, L * per, mk)
        sets = {f"L{k}": allv[k * per:(k + 1) * per] for k in range(L)}
        r = [rng.randrange(3) for _ in range(d)] if "ties" in cls else ints(rng, d)
        return {"kind": "opt", "sets": sets, "r": r}
    raise SystemExit(f"unknown class {cls}")


CLASSES = ["B50", "B100", "B200", "AB60", "AB40-ties", "negvec", "negrew", "negboth", "negvec20", "bin4", "bin20",
           "bin4-r1d", "sparse2", "sparse3", "sparse3x10", "sparse2x30", "sum20", "sum20x15", "visit", "visit-r1d",
           "few3", "few4", "few2x20", "r0-20", "halves", "fracvec", "nearconst", "overlap", "subset", "subset20",
           "dupA", "scaled", "rel", "rel-ties", "rel10", "relsep", "opt3", "opt5", "opt5x10", "opt4-ties", "opt3-bin"]
MORE = ["opt2x4", "opt8x2", "opt10x3", "opt5x2", "mdp2", "mdp3", "mdpopt2", "mdpopt3", "mdprel2", "mdprel3",
        "mdp2-r", "mdpopt3-r", "mdp2-v", "mdpopt3-v", "mdp3-nd", "mdpopt3-nd",
        "dielive", "dielive-opt", "int-np", "AB20-np"]


# ------------------------------------------------------------------ runners
def scale_rows(rows):
    den = math.lcm(*[Fraction(x).denominator for v in rows for x in v])
    return np.array([[int(Fraction(x) * den) for x in v] for v in rows], dtype=np.int64)


def scale_r(r):
    den = math.lcm(*[Fraction(x).denominator for x in r])
    return np.array([int(Fraction(x) * den) for x in r], dtype=np.int64)


def stabilizer(r):
    return math.prod(math.factorial(m) for m in Counter(Fraction(x) for x in r).values())


def ours_fn(inst):
    k = inst["kind"]
    A, B, r = inst.get("objA", inst.get("A")), inst.get("objB", inst.get("B")), inst.get("objr", inst["r"])
    if "nondominated" in inst:  # the "-nd" classes: F_nd(s | a) taken at every call
        F, acts = inst["nondominated"]
        if k == "raw":
            return lambda: orbit_counts(nondominated(F.restrict(acts[0])), nondominated(F.restrict(acts[1])), r)
        return lambda: optimality_counts({a: nondominated(F.restrict(a)) for a in acts}, r)
    if "visits" in inst:        # the "-v" classes: F(s | a) asked of the environment at every call
        env, acts = inst["visits"]

        def part(a):
            return visit_distributions(env, "0", "9/10", first_action=a)
        if k == "raw":
            return lambda: orbit_counts(part(acts[0]), part(acts[1]), r)
        return lambda: optimality_counts({a: part(a) for a in acts}, r)
    if "restrict" in inst:      # the "-r" classes: F(s | a) taken at every call
        F, acts = inst["restrict"]
        if k == "raw":
            return lambda: orbit_counts(F.restrict(acts[0]), F.restrict(acts[1]), r)
        return lambda: optimality_counts({a: F.restrict(a) for a in acts}, r)
    if k == "raw":
        return lambda: orbit_counts(A, B, r)
    if k == "rel":
        return lambda: orbit_counts(A, B, r, relative_to=inst.get("objC", inst["C"]))
    S = inst.get("obj_sets", inst.get("sets"))
    return lambda: optimality_counts(S, r)


def ours_perm_counts(inst, c):
    if inst["kind"] == "opt":
        s = stabilizer(inst["r"])
        return tuple(w * s for w in c.weak_counts) + tuple(x * s for x in c.strict_counts)
    op = c.over_permutations()
    return (op.b_better, op.a_better, op.ties)


def overflows(rows, r):
    den = math.lcm(*[Fraction(x).denominator for v in rows for x in v])
    rden = math.lcm(*[Fraction(x).denominator for x in r])
    vmax = max(sum(abs(int(Fraction(x) * den)) for x in v) for v in rows)
    return vmax * max(abs(int(Fraction(x) * rden)) for x in r) * 2 >= 2**62


def numba_fn(inst, heap, limit):
    """A callable running the brute force. Scaling rationals to integers happens outside (as side_by_side
    scales r outside); the np.array conversions happen inside, as run_numba does. Where int64 would
    overflow, float64 arrays of the exact values (inexact; inst["float"] is set)."""
    k = inst["kind"]
    rows_all = (inst.get("A", []) + inst.get("B", []) + inst.get("C", [])
                + [v for lb in inst.get("sets", {}) for v in inst["sets"][lb]])
    flt = inst["float"] = overflows(rows_all, inst["r"])
    if flt:
        T = np.float64
        ri = [float(x) for x in inst["r"]]
        conv = lambda rows: [[float(x) for x in v] for v in rows]  # noqa: E731
    else:
        T = np.int64
        ri = scale_r(inst["r"]).tolist()
        conv = lambda rows: scale_rows(rows).tolist()  # noqa: E731
    if k == "raw":
        A, B = inst["A"], inst["B"]
        sc = conv(A + B)
        Ai, Bi = sc[:len(A)], sc[len(A):]
        return lambda: heap(np.array(Ai, T), np.array(Bi, T), np.array(ri, T), limit)
    if k == "rel":
        A, B, C = inst["A"], inst["B"], inst["C"]
        sc = conv(A + B + C)
        na, nb = len(A), len(B)
        Ai, Bi, Ci = sc[:na], sc[na:na + nb], sc[na + nb:]
        return lambda: REL[0](np.array(Ai, T), np.array(Bi, T), np.array(Ci, T), np.array(ri, T), limit)
    sets = inst["sets"]
    labels = list(sets)
    rows = conv([v for lb in labels for v in sets[lb]])
    lab = [i for i, lb in enumerate(labels) for _ in sets[lb]]
    return lambda: OPTIMALITY[0](np.array(rows, T), np.array(lab, np.int64), len(labels), np.array(ri, T), limit,
                                 -np.inf if flt else NEG)


def nb_counts(inst, out):
    if inst["kind"] == "opt":
        w, s, done = out
        return tuple(int(x) for x in w) + tuple(int(x) for x in s), int(done)
    return tuple(int(x) for x in out[:3]), int(out[3])


def warm_time(fn, target=0.1):
    """min over repeats of a batch, CPU seconds per call (process_time)."""
    t0 = time.process_time()
    fn()
    one = max(time.process_time() - t0, 1e-6)
    number = max(1, int(target / one))
    repeat = 5 if one < 0.3 else 3
    timer = timeit.Timer(fn, timer=time.process_time)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def cold_time(fn, reps=3):
    times, out = [], None
    for _ in range(reps):
        t0 = time.process_time()
        out = fn()
        times.append(time.process_time() - t0)
        if times[0] > 20:
            break
    return out, statistics.median(times), times


def first_calls(classes, dims, seeds):
    """The median CPU time of symorbit's first call on each of ``seeds`` - 1 freshly built instances per class and d,
    in a session that has counted seed 1's instance 2,000 times (so the loop is loaded and the shape planned, as in a
    long session meeting new sets); then the same instance's later calls, for comparison."""
    print(f"{'class':11s} {'d':>3s} {'first call µs (median)':>24s} {'later calls µs':>16s}", flush=True)
    for cls in classes:
        for d in dims:
            warm = ours_fn(make_instance(cls, d, 1))
            for _ in range(2000):
                warm()
            times = []
            for seed in range(2, seeds + 1):
                fo = ours_fn(make_instance(cls, d, seed))
                t0 = time.process_time()
                fo()
                times.append(time.process_time() - t0)
            print(f"{cls:11s} {d:3d} {statistics.median(times) * 1e6:24.1f} {warm_time(fo) * 1e6:16.1f}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dims", type=int, nargs="+", default=[7, 8, 9, 10, 11, 12])
    ap.add_argument("--classes", nargs="+", default=CLASSES)
    ap.add_argument("--more", action="store_true", help="the second batch of classes (MORE)")
    ap.add_argument("--nb12-max", type=float, default=12.0, help="run numba at d=12 only if estimated below this")
    ap.add_argument("--sample", type=int, default=40_000_000, help="permutations timed when extrapolating d=12")
    ap.add_argument("--ours12-max", type=float, default=40.0, help="skip d=12 ours if d=11 x 15 is above this")
    ap.add_argument("--out", help="also append each row as JSON to this file")
    ap.add_argument("--first", type=int, metavar="SEEDS",
                    help="instead: symorbit's first call on freshly built inputs (seeds 2..SEEDS, after 2,000 on seed "
                         "1), the median in CPU µs: what an outcome set's kept integer rows do not save")
    args = ap.parse_args()
    if args.more:
        args.classes = MORE
    if args.first:
        return first_calls(args.classes, args.dims, args.first)
    import subprocess
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    print(f"symorbit at {head}", flush=True)
    heap = make_numba()
    # compile the extra kernels
    REL.append(make_rel())
    OPTIMALITY.append(make_optimality())
    OPTIMALITY[0](np.ones((4, 3), np.int64), np.array([0, 0, 1, 1], np.int64), 2, np.arange(3, dtype=np.int64), 10, NEG)
    OPTIMALITY[0](np.ones((4, 3)), np.array([0, 0, 1, 1], np.int64), 2, np.arange(3.0), 10, -np.inf)
    heap(np.ones((4, 3)), np.ones((4, 3)), np.arange(3.0), 10)
    print(f"{'class':11s} {'d':>3s} {'engine':9s} {'ours s':>10s} {'numba s':>10s} {'ratio':>7s} {'goal':>4s}  note",
          flush=True)
    out = open(args.out, "a") if args.out else None
    mismatches = 0
    for cls in args.classes:
        prev = {}
        for d in args.dims:
            inst = make_instance(cls, d)
            total = math.factorial(d)
            note = []
            fo = ours_fn(inst)
            if d <= 10:
                for _ in range(5):
                    c = fo()
                t_ours = warm_time(fo)
                fn = numba_fn(inst, heap, total)
                nbc, done = nb_counts(inst, fn())
                t_nb = warm_time(fn)
                full = True
            else:
                if d == 12 and prev.get(11, (0, 0))[0] * 15 > args.ours12_max:
                    print(f"{cls:11s} {d:3d} skipped (d=11 ours {prev[11][0]:.2f} s x 15 > {args.ours12_max})",
                          flush=True)
                    continue
                fo()        # one warm-up call (the numba loop is compiled before timing too)
                c, t_ours, _ = cold_time(fo)
                est = prev.get(11, (0, 0))[1] * 12 if d == 12 else 0
                if d >= 12 and est > args.nb12_max:
                    lim = args.sample
                    o, t_s, _ = cold_time(numba_fn(inst, heap, lim), reps=1)
                    _, done_s = nb_counts(inst, o)
                    t_nb, full = t_s * total / done_s, False
                    note.append(f"numba sampled {done_s:.2g} perms, x{total / done_s:.1f} (x12 from d=11: {est:.3g})")
                else:
                    o, t_nb, _ = cold_time(numba_fn(inst, heap, total), reps=3 if d <= 11 else 1)
                    nbc, done = nb_counts(inst, o)
                    full = True
            if inst.get("frac"):
                t0 = time.process_time()
                numba_fn(inst, heap, total)
                note.append(f"(numba side excludes Fraction->int scaling: {time.process_time() - t0:.2g} s)")
            ours = ours_perm_counts(inst, c)
            agree = None
            if full:
                assert done == total, (done, total)
                agree = ours == nbc
                if not agree:
                    mismatches += 1
                    note.append(f"COUNT MISMATCH ours={ours} numba={nbc}")
            if inst.get("float"):
                note.append("float64 baseline (int64 would overflow)")
            prev[d] = (t_ours, t_nb)
            ratio = t_nb / t_ours
            ok = ratio >= (3 if d >= 11 else 1)
            print(f"{cls:11s} {d:3d} {c.engine:9s} {t_ours:10.3g} {('~' if not full else '') + format(t_nb, '.3g'):>10s} "
                  f"{ratio:7.2f} {'ok' if ok else 'FAIL':>4s}  {' '.join(note)}", flush=True)
            if out is not None:
                out.write(json.dumps({"class": cls, "d": d, "engine": c.engine, "ours": t_ours, "numba": t_nb,
                                      "numba_full": full, "ratio": ratio, "ok": ok, "agree": agree,
                                      "counts": list(ours)}) + "\n")
                out.flush()
    if mismatches:
        sys.exit(f"{mismatches} rows whose counts differ from the numba loop's")


if __name__ == "__main__":
    main()
