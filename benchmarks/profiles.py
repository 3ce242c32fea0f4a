"""Time count_profiles per instance (issue 13): d = 4 outcome sets and d = 5 deterministic MDPs.

    python benchmarks/profiles.py            # the fixed instances below
    python benchmarks/profiles.py --random 5 # plus 5 random 5-state deterministic MDPs (seeded)
    python benchmarks/profiles.py --worst [--limit S]   # worst_cases against the minima over the profile list
    python benchmarks/profiles.py --worst --classes     # the same on the orbit-count input classes at d = 6
    python benchmarks/profiles.py --claims [--limit S]  # check_all_rewards("B >=_most A") on every d = 6 instance
    python benchmarks/profiles.py --interiors [--limit S] [--relative none|union|larger] [--only TEXT]
                                             # relative interiors, no pruning, against count_profiles' tree

--worst times symorbit.orbits.extremes.worst_cases (the three minima over every reward by branch and bound)
beside the baseline it replaces, the minima over count_profiles' complete list (its enumeration alone, no
recount; stopped after --limit CPU seconds, default 60), on the five random 5-state MDPs, random 6-state
deterministic MDPs (seeds 1-12, the first state with two actions, gamma = 1/2) and 2 + 2 random vectors in
{0..3}^6 (seeds 0-3); where both finish the three minima are compared. With --classes, instead, the input
classes of benchmarks/side_by_side.py as outcome vectors at d = 6, seeds 0-2: 4 + 4 vectors with entries from
[0, 10^6) ("int"), |A| = |B| = 20 vectors with entries in [0, 9] ("20 + 20"), and 4 + 4 vectors with entries from {0, 1, 2}
("ties"); worst_cases is then stopped after --worst-limit CPU seconds (default 120).

--claims checks the claim "B >=_most A" (#B-better >= #A-better at every reward) with check_all_rewards on every
d = 6 instance of --worst and --worst --classes, each stopped after --limit CPU seconds: the status, the provenance,
whether the worst values are the minima (worst_exact) and the least ratio, CPU seconds of the call.

--interiors measures the partition worst_cases searches (relative interiors of cones; a split gives the
upper, lower and middle pieces) cut until every piece is a leaf, without the branch-and-bound pruning, on
count_profiles' instances (MDPs #1-#5, the d = 6 MDPs of --worst, its 2 + 2 vectors, and 4 + 4 random vectors
in [0, 9]^4, seeds 0-4), against count_profiles' own enumeration (_enumerate(problem, replayable=False)):
leaves, distinct profiles at the leaves, CPU seconds, and whether the profile sets are identical. Two leaf
tests: "plain" (worst_cases': no relevant hyperplane cuts the piece) and "constant" (also a leaf when every
permutation's count provably keeps one value on the relative interior, :func:`_unsettled`). --relative union
adds C = A u B (compared without C, see profiles._c_is_a_or_b), larger C = A u B plus two coordinate
permutations of compared vectors (the same coordinate sums). Both are stopped after --limit CPU seconds.

--split RULES (a comma-separated list of profiles.SPLIT_RULES; docs/performance.md#split-choice) compares the split
rules of profiles._split_normal on count_profiles' instances: the five MDPs, 4 + 4 random vectors in [0, 9]^4 (seeds
0-4) and, with --relative larger, the vectors of seeds 0-2 and MDP #4 relative to C larger than A u B (as in
--interiors). Per instance and rule: count_profiles' enumeration (_enumerate(problem, replayable=False): leaves, CPU
median of --repeat runs) and profile_trees' (replayable: leaves, CPU of one run; with --kernel the kernel replays
its trees, chamber_profiles, which must give the profile set with no problem: slow, minutes on MDP #2). Every rule must list the same profiles,
each witness recounted with orbit_counts on the sets; the script stops with AssertionError otherwise. --split-worst
RULES instead compares the rules inside worst_cases (pieces, CPU, the same three minima) and bound_trees (nodes,
leaves, CPU; the tight claim "(#B-better + #ties) / |orbit| >= w" with w the minimum weak fraction).

Each line: the instance, |ND(A)|, |ND(B)|, the relevant hyperplanes cutting the chamber slice, the
cell bound used for refusal, the leaves of the partition, the witnesses evaluated, the distinct
profiles, and the CPU time (time.process_time). Instances over the refusal threshold print the TooLarge message.

Measured on this project's 2-core machine (one process, nothing else running), before and after
the issue-13 changes (witnesses Σ c_k instead of centroids over a common denominator, a witness
only for faces lying on a relevant hyperplane or chamber wall, splits by the hyperplane shared by
the most relevant comparisons):

    instance                                   before     after
    Q^4 examples, candy MDP (d = 5)            < 0.11 s   < 0.07 s
    random det. MDP #1 (d = 5, 206 planes)       8.49 s     3.16 s
    random det. MDP #2 (d = 5, 2008 planes)     51.98 s    43.95 s

Issue 24 (CPU seconds, same profiles; docs/performance.md#every-reward): the per-node bookkeeping
(vertices once per node as int64 rows, distinct indices by masks) gives about 1.2-1.5x; the split
trees are unchanged. Second pass (the double description step on rays with bit sets instead of PPL,
same profiles, witnesses and trees; medians of 3 in one run): MDP #1 1.95 -> 0.54 s, #2 33.3 -> 5.6 s,
#3 11.4 -> 2.6 s, #4 5.31 -> 1.00 s, #5 1.56 -> 0.38 s.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symorbit import MDP, TooLarge, visit_distributions
from symorbit.kernel import KERNEL_WORK_LIMIT
from symorbit.kernel.chambers import chamber_profiles
from symorbit.kernel.check import Budget
from symorbit.mdp.library import candy
from symorbit.orbits.extremes import worst_cases
from symorbit.orbits.profiles import (
    _any_chunk,
    _canonical_nd,
    _enumerate,
    _evaluate,
    _face_sums,
    _layout,
    _prepare,
    _problem,
    _relevant_cuts,
    _root_cone,
    _roots,
    _rows,
    _split,
    _split_normal,
    _validated,
)


def random_mdp(rng: random.Random, n: int = 5) -> MDP:
    states = [f"s{i}" for i in range(n)]
    return MDP.deterministic({s: rng.sample(states, rng.randint(1, 3)) for s in states})


def instances(n_random: int):
    yield "Q^4: A={(4,1,0,0),(0,3,2,0)} B={(2,0,0,3),(0,2,3,0)}", [(4, 1, 0, 0), (0, 3, 2, 0)], \
        [(2, 0, 0, 3), (0, 2, 3, 0)]
    yield "Q^4: one vs two, unequal sums", [(1, 0, 0, 0)], [(0, 1, 0, 0), (0, 0, 2, 0)]
    F = visit_distributions(candy(), "start", "1/2")
    yield "candy MDP (d=5), gamma=1/2", F.restrict("candy"), F.restrict("wait")
    rng = random.Random(0)
    made = 0
    while made < n_random:
        env = random_mdp(rng)
        acts = env.actions("s0")
        if len(acts) < 2:
            continue
        made += 1
        F = visit_distributions(env, "s0", "1/2")
        yield f"random det. MDP #{made} (d=5), gamma=1/2, a={acts[0]} vs {acts[1]}", F.restrict(acts[0]), \
            F.restrict(acts[1])


def six_state(seed: int):
    env = random_mdp(random.Random(seed), 6)
    s0 = next(s for s in env.states if len(env.actions(s)) >= 2)
    a, b = env.actions(s0)[:2]
    F = visit_distributions(env, s0, "1/2")
    return F.restrict(a), F.restrict(b)


def _minima(found: dict, T: int) -> tuple:
    ratios = [Fraction(b, a) for b, a, t, o in found if a]
    return (min(ratios) if ratios else None, min(Fraction(b, o) for b, a, t, o in found),
            min(Fraction(b + t, o) for b, a, t, o in found))


def vectors_2_2(seed: int) -> tuple[list, list]:
    rng = random.Random(seed)
    A, B = ([tuple(rng.randint(0, 3) for _ in range(6)) for _ in range(2)] for _ in range(2))
    return A, B


def worst_instances() -> list:
    cases = [(name, A, B) for name, A, B in instances(5) if "MDP #" in name]
    cases += [(f"random det. MDP (d=6) seed {seed}", *six_state(seed)) for seed in range(1, 13)]
    cases += [(f"2 + 2 random vectors in {{0..3}}^6, seed {seed}", *vectors_2_2(seed)) for seed in range(4)]
    return cases


def class_instances(d: int = 6) -> list:
    """The orbit-count input classes of benchmarks/side_by_side.py as outcome vectors, seeds 0-2."""
    cases = []
    for label, n, values in (("4 + 4 vectors in [0, 10^6)^6", 4, 10**6), ("20 + 20 vectors in [0, 9]^6", 20, 10),
                             ("4 + 4 vectors in {0, 1, 2}^6 (ties)", 4, 3)):
        for seed in range(3):
            rng = random.Random(seed)
            A, B = ([tuple(rng.randrange(values) for _ in range(d)) for _ in range(n)] for _ in range(2))
            cases.append((f"{label}, seed {seed}", A, B))
    return cases


def worst(limit: float, cases: list, worst_limit: float | None = None) -> None:
    print("| instance | worst ratio / strict / weak | worst_cases | pieces | minima over count_profiles | ratio |")
    print("|---|---|---|---|---|---|")
    for name, A, B in cases:
        if worst_limit:
            signal.setitimer(signal.ITIMER_PROF, worst_limit)
        t = time.process_time()
        try:
            w = worst_cases(A, B)
            values: tuple | None = (w.ratio.value, w.strict.value, w.weak.value)
            shown, pieces = " / ".join("none" if v is None else str(v) for v in values), f"{w.pieces:,}"
        except (TooLarge, _Stop) as e:
            values, shown, pieces = None, "-", "-"
            if isinstance(e, TooLarge):
                shown = f"refused: {e}"
        signal.setitimer(signal.ITIMER_PROF, 0)
        mine = time.process_time() - t
        timing = f"{mine:.2f} s" if values is not None else f"> {worst_limit:g} s"
        problem, _ = _prepare(A, B, None)        # after the timing: ND(A), ND(B) are remembered per set
        if worst_limit:
            name = f"{name} (ND {'/'.join(str(len(g)) for g in problem.groups)})"
        signal.setitimer(signal.ITIMER_PROF, limit)
        t = time.process_time()
        try:
            found, stats = _enumerate(problem, replayable=False)
            base = time.process_time() - t
            signal.setitimer(signal.ITIMER_PROF, 0)
            same = values is None or _minima(found, problem.px.shape[0]) == values
            baseline = f"{base:.2f} s ({stats['leaves']:,} leaves){'' if same else ' DIFFERENT MINIMA'}"
            ratio = f"{base / max(mine, 1e-3):.0f}x" if values is not None else f"< {base / max(mine, 1e-3):.2f}x"
        except (TooLarge, _Stop) as e:
            signal.setitimer(signal.ITIMER_PROF, 0)
            baseline = "refused (cell bound)" if isinstance(e, TooLarge) else f"> {limit:g} s"
            ratio = "-" if isinstance(e, TooLarge) or values is None else f"> {limit / max(mine, 1e-3):.0f}x"
        print(f"| {name} | {shown} | {timing} | {pieces} | {baseline} | {ratio} |", flush=True)


def claims(limit: float) -> None:
    """--claims: "B >=_most A" over every reward on every d = 6 instance, by check_all_rewards."""
    from symorbit.proofs.all_rewards import check_all_rewards
    from symorbit.proofs.statements import Instance, Statement
    from symorbit.proofs.vocabulary import Most

    most = Statement(name="most_1", title="B >=_most A", source="benchmark", status="conjectured", text="",
                     mode="raw", hypotheses=(), claim=Most("1"))
    print("| instance | status | provenance | worst_exact | least ratio | CPU |")
    print("|---|---|---|---|---|---|")
    for name, A, B in [c for c in worst_instances() if "d=5" not in c[0]] + class_instances():
        signal.setitimer(signal.ITIMER_PROF, limit)
        t = time.process_time()
        try:
            v = check_all_rewards(most, Instance(A=A, B=B, name=name))
            row = f"{v.status} | {v.provenance} | {v.worst_exact} | {v.worst_ratio.value} | " \
                  f"{time.process_time() - t:.2f} s"
        except _Stop:
            row = f"- | - | - | - | > {limit:g} s"
        signal.setitimer(signal.ITIMER_PROF, 0)
        print(f"| {name} | {row} |", flush=True)


# ----------------------------------------------------------------------------------------------------------------
# --interiors: the relative-interior partition without pruning (issue 24, a measurement; not the library's path)


def _unsettled(problem, layout, cone) -> int:
    """The permutations (bits τ) whose count may vary on the relative interior of the cone.

    IsOptimal-style "∃x ∀l: τx ≥ τl" (x ∈ B, l ∈ A for max_B ≥ max_A; X ∈ {A, B}, l ∈ C relative to C) keeps one
    value on the relative interior when every l has an x ≥ it at every ray (always true), or when each x is
    strictly beaten there by some l or some other x (≥ at every ray, > at one: x is never the decisive one, or
    never optimal) or is cut against no l (its answer is constant). The count of τ is a function of two such
    answers.
    """
    chunk, members = layout.chunk, layout.members
    some_up = some_down = 0
    for r in cone:
        some_up |= r.up
        some_down |= r.down
    geq = layout.universe ^ some_down
    geq_rows, strict_rows = _rows(geq, layout), _rows(geq & some_up, layout)
    cut_rows = _rows(some_up & some_down, layout)

    def constant(X, L, kx: int, kl: int) -> int:
        mx, ml = chunk * members[kx], chunk * members[kl]
        cover = each = chunk
        for low in L:
            cover &= _any_chunk(geq_rows[low] & mx, layout)
        for x in X:
            each &= _any_chunk(strict_rows[x] & (ml | mx), layout) | (chunk ^ _any_chunk(cut_rows[x] & ml, layout))
        return cover | each

    g = problem.groups
    if problem.relative:
        return chunk ^ (constant(g[0], g[2], 0, 2) & constant(g[1], g[2], 1, 2))
    return chunk ^ (constant(g[1], g[0], 1, 0) & constant(g[0], g[1], 0, 1))


def interior_partition(problem, constant_test: bool):
    """({profile: witness}, leaves): every piece cut until no relevant hyperplane cuts it (``constant_test``: or
    until every permutation's count is constant on it), each leaf's witness the sum of its rays."""
    import itertools

    layout, normals = _layout(problem)
    rep = layout.universe // layout.chunk
    witnesses = {tuple([0] * problem.d)}
    leaves = 0
    for number, root in enumerate(_roots(problem)):
        k = len(root)
        base = _root_cone(problem, layout, root)
        faces = [f for size in range(1, k + 1) for f in itertools.combinations(range(k), size)]
        if number == 1:
            faces = [f for f in faces if 0 in f]       # the faces without ±1 lie in r_1 = 0: the first slice's
        stack = [([base[j] for j in f], layout.candidates, k) for f in faces]
        while stack:
            cone, cand, depth = stack.pop()
            cand, cuts = _relevant_cuts(problem, layout, cone, cand, replayable=False)
            if constant_test and any(cuts):
                live = _unsettled(problem, layout, cone) * rep
                cand = cuts = tuple(c & live for c in cuts)    # a permutation settled here stays so on every part
            if not any(cuts):
                leaves += 1
                witnesses.add(_face_sums(cone, [(1 << len(cone)) - 1])[0])
                continue
            bit = 1 << depth
            upper, lower = _split(problem, layout, cone, _split_normal(layout, normals, cuts), bit)
            middle = [r for r in upper if r.tight & bit]
            stack += [(middle, cand, depth + 1), (lower, cand, depth + 1), (upper, cand, depth + 1)]
    return _evaluate(problem, sorted(witnesses)), leaves


def _limited(fn, limit: float):
    """(result or "refused" / "> limit", CPU seconds)."""
    signal.setitimer(signal.ITIMER_PROF, limit)
    t = time.process_time()
    try:
        out = fn()
    except (TooLarge, _Stop) as e:
        out = "refused" if isinstance(e, TooLarge) else f"> {limit:g} s"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    return out, time.process_time() - t


def interiors(limit: float, relative: str, only: str | None = None) -> None:
    cases = [(name.split(", gamma")[0], A, B) for name, A, B in worst_instances()]
    for seed in range(5):
        rng = random.Random(seed)
        A, B = ([tuple(rng.randint(0, 9) for _ in range(4)) for _ in range(4)] for _ in range(2))
        cases.append((f"4 + 4 random vectors in [0, 9]^4, seed {seed}", A, B))
    cases = [case for case in cases if only is None or only in case[0]]
    print(f"relative_to: {relative}")
    print("| instance | count_profiles: leaves, profiles, CPU | interiors, plain | interiors, constant test |")
    print("|---|---|---|---|")
    for name, A, B in cases:
        A, B = ([tuple(Fraction(x) for x in v) for v in getattr(X, "vectors", X)] for X in (A, B))
        C = None
        if relative == "union":
            C = A + B
        elif relative == "larger":
            rng = random.Random(len(name))
            C = A + B + [tuple(rng.sample(v, len(v))) for v in rng.sample(A + B, 2)]
        sets, _ = _validated(A, B, C)
        key, rel = _canonical_nd(tuple(X.vectors for X in sets))
        problem = _problem([[tuple(Fraction(x) for x in v) for v in X] for X in key], rel)
        runs = [_limited(lambda: (lambda f, s: (f, s["leaves"]))(*_enumerate(problem, replayable=False)), limit)]
        runs += [_limited(lambda c=c: interior_partition(problem, c), limit) for c in (False, True)]
        cells = []
        for out, cpu in runs:
            if isinstance(out, str):
                cells.append(f"{out} ({cpu:.2f} s)" if out == "refused" else out)
                continue
            found, leaves = out
            same = "" if isinstance(runs[0][0], str) or out is runs[0][0] else \
                (", same" if set(found) == set(runs[0][0][0]) else ", DIFFERENT PROFILES")
            cells.append(f"{leaves:,}, {len(found)}, {cpu:.2f} s{same}")
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


# ----------------------------------------------------------------------------------------------------------------
# --split: the split rules of profiles._split_normal (issue 24, ninth session)


def split_instances(relative: str) -> list:
    """(name, A, B, C): the five MDPs and 4 + 4 vectors in [0, 9]^4 (seeds 0-4); with ``relative="larger"`` the
    vectors of seeds 0-2 and MDP #4, each relative to A u B plus two coordinate permutations of compared vectors."""
    cases = [(name.split(", gamma")[0], A, B) for name, A, B in instances(5) if "MDP #" in name]
    for seed in range(5):
        rng = random.Random(seed)
        A, B = ([tuple(rng.randint(0, 9) for _ in range(4)) for _ in range(4)] for _ in range(2))
        cases.append((f"4 + 4 vectors in [0, 9]^4, seed {seed}", A, B))
    out = []
    for name, A, B in cases:
        A, B = ([tuple(Fraction(x) for x in v) for v in getattr(X, "vectors", X)] for X in (A, B))
        if relative == "larger":
            if not ("MDP #4" in name or any(f"seed {k}" in name for k in range(3))):
                continue
            rng = random.Random(len(name))
            out.append((f"{name}, C larger", A, B, A + B + [tuple(rng.sample(v, len(v))) for v in rng.sample(A + B, 2)]))
        else:
            out.append((name, A, B, None))
    return out


def _median_cpu(fn, repeat: int):
    """(the first result, the median CPU seconds of ``repeat`` runs)."""
    times, first = [], None
    for k in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
        first = out if k == 0 else first
    return first, sorted(times)[len(times) // 2]


def split_rules(rules: list[str], relative: str, repeat: int, only: str | None, kernel: bool) -> None:
    from symorbit.orbits.profiles import _listed, recount_witnesses

    print(f"relative_to: {relative}; count_profiles: CPU median of {repeat}; profile_trees: one run"
          + ("; the kernel's replay of the trees (CPU)" if kernel else ""))
    print("| instance | profiles | " + " | ".join(f"{r}: leaves, CPU (trees: leaves, CPU)" for r in rules) + " |")
    print("|---|---|" + "---|" * len(rules))
    for name, A, B, C in split_instances(relative):
        if only is not None and only not in name:
            continue
        sets, _ = _validated(A, B, C)
        key, rel = _canonical_nd(tuple(X.vectors for X in sets))
        problem = _problem([[tuple(Fraction(x) for x in v) for v in X] for X in key], rel)
        compared = [[problem.vectors[i] for i in g] for g in problem.groups]
        cells, reference = [], None
        for rule in rules:
            (found, stats), cpu = _median_cpu(lambda: _enumerate(problem, replayable=False, rule=rule), repeat)
            t = time.process_time()
            tree_found, tree_stats = _enumerate(problem, rule=rule)
            tree_cpu = time.process_time() - t
            for listed in (found, tree_found):       # every witness recounts to its profile on the compared sets
                recount_witnesses(_listed(listed), compared[0], compared[1], compared[2] if rel else None)
            replay = ""
            if kernel:
                problems: list[str] = []
                t = time.process_time()
                replayed = chamber_profiles(compared[0], compared[1], compared[2] if rel else None,
                                            tree_stats["trees"], Budget(10**12), problems)
                replay = f", kernel {time.process_time() - t:.1f} s"
                assert problems == [] and replayed == set(found) == set(tree_found), (name, rule, problems)
            reference = set(found) if reference is None else reference
            assert set(found) == set(tree_found) == reference, (name, rule, "different profiles")
            cells.append(f"{stats['leaves']:,}, {cpu:.2f} s ({tree_stats['leaves']:,}, {tree_cpu:.2f} s{replay})")
        print(f"| {name} | {len(reference)} | " + " | ".join(cells) + " |", flush=True)


def split_worst(rules: list[str], repeat: int) -> None:
    from symorbit.kernel import KERNEL_WORK_LIMIT
    from symorbit.orbits.extremes import MAX_PIECES, _search
    from symorbit.proofs.bound_trees import _build

    cases = [(name.split(", gamma")[0], A, B) for name, A, B in instances(5) if "MDP #" in name]
    cases += [(f"random det. MDP (d=6) seed {seed}", *six_state(seed)) for seed in (1, 2, 3, 5, 7, 8)]
    cases += [("2 + 2 random vectors in {0..3}^6, seed 1", *vectors_2_2(1))]
    print(f"worst_cases: pieces, CPU median of {repeat}; bound_trees: tree nodes, leaves, CPU median of {repeat}")
    print("| instance | minima | " + " | ".join(f"{r}: pieces, CPU; nodes, leaves, CPU" for r in rules) + " |")
    print("|---|---|" + "---|" * len(rules))
    for name, A, B in cases:
        sets, _ = _validated(A, B, None)
        key, rel = _canonical_nd(tuple(X.vectors for X in sets))
        problem = _problem([[tuple(Fraction(x) for x in v) for v in X] for X in key], rel)
        cells, reference = [], None
        for rule in rules:
            search, cpu = _median_cpu(lambda: _search(problem, False, MAX_PIECES, rule), repeat)
            minima = tuple(None if search.best[q] is None else search.best[q][0] for q in ("ratio", "strict", "weak"))
            reference = minima if reference is None else reference
            assert minima == reference, (name, rule, minima, reference)

            def holds(b: int, a: int, n: int, w: Fraction = minima[2]) -> bool:
                return n - a >= w * n          # the weak fraction's minimum: a tight claim
            trees, tree_cpu = _median_cpu(lambda: _build(key, rel, holds, KERNEL_WORK_LIMIT, 10**6, rule), repeat)
            shape = "over the limits" if trees is None else \
                f"{sum(map(len, trees)):,}, {sum(n == 0 for t in trees for n in t):,}"
            cells.append(f"{search.pieces:,}, {cpu:.2f} s; {shape}, {tree_cpu:.2f} s")
        shown = " / ".join("none" if v is None else str(v) for v in reference)
        print(f"| {name} | {shown} | " + " | ".join(cells) + " |", flush=True)


class _Stop(Exception):
    pass


def _stop(*_: object) -> None:
    raise _Stop


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--random", type=int, default=2)
    ap.add_argument("--worst", action="store_true")
    ap.add_argument("--limit", type=float, default=60.0)
    ap.add_argument("--classes", action="store_true", help="with --worst: the orbit-count input classes at d = 6")
    ap.add_argument("--worst-limit", type=float, default=120.0, help="with --classes: worst_cases' CPU seconds")
    ap.add_argument("--claims", action="store_true", help='check_all_rewards("B >=_most A") at d = 6')
    ap.add_argument("--interiors", action="store_true", help="relative interiors without pruning (issue 24)")
    ap.add_argument("--relative", choices=("none", "union", "larger"), default="none")
    ap.add_argument("--only", help="with --interiors or --split: the instances whose name contains this")
    ap.add_argument("--split", help="compare these split rules (comma-separated profiles.SPLIT_RULES)")
    ap.add_argument("--split-worst", help="compare these split rules inside worst_cases and bound_trees")
    ap.add_argument("--repeat", type=int, default=3, help="with --split: CPU medians of this many runs")
    ap.add_argument("--kernel", action="store_true", help="with --split: the kernel replays every rule's trees")
    args = ap.parse_args()
    if args.split:
        split_rules(args.split.split(","), args.relative, args.repeat, args.only, args.kernel)
        return
    if args.split_worst:
        split_worst(args.split_worst.split(","), args.repeat)
        return
    if args.worst or args.interiors or args.claims:
        signal.signal(signal.SIGPROF, _stop)
    if args.claims:
        claims(args.limit)
        return
    if args.worst:
        if args.classes:
            worst(args.limit, class_instances(), args.worst_limit)
        else:
            worst(args.limit, worst_instances())
        return
    if args.interiors:
        interiors(args.limit, args.relative, args.only)
        return
    for name, A, B in instances(args.random):
        t = time.process_time()
        try:
            problem, _ = _prepare(A, B, None)
            _, stats = _enumerate(problem)
        except TooLarge as e:
            print(f"{name}: refused after {time.process_time() - t:.2f}s: {e}")
            continue
        engine = time.process_time() - t
        nd = [len(g) for g in problem.groups]
        print(f"{name}: |ND(A)|={nd[0]} |ND(B)|={nd[1]} hyperplanes={stats['hyperplanes']} "
              f"bound={stats['cell_bound']:.3g} leaves={stats['leaves']} witnesses={stats['witnesses']} "
              f"profiles={stats['profiles']} time={engine:.2f}s", flush=True)
        # The kernel replaying the engine's split tree (the completeness certificate of family "all").
        sets = [[problem.vectors[i] for i in g] for g in problem.groups]
        nodes = sum(len(tree) for tree in stats["trees"])
        budget = Budget(10**12)      # one replay, with the work counted past the kernel's bound
        t = time.process_time()
        chamber_profiles(sets[0], sets[1], None, stats["trees"], budget, [])
        work = 10**12 - budget.left
        print(f"    kernel replay: {nodes} tree nodes, {time.process_time() - t:.2f}s, {work} work units "
              f"({'within' if work <= KERNEL_WORK_LIMIT else 'OVER'} the kernel's bound of {KERNEL_WORK_LIMIT})",
              flush=True)


if __name__ == "__main__":
    main()
