"""Exact POWER against the Monte Carlo estimator and a value-iteration sampler (issue 10).

Run from the repository root:

    python -m benchmarks.power [--samples N] [--limit SECONDS] [--calibrate | --typical STATES [--seeds N]]

Instances: 3×3 and 4×3 gridworlds (moves to 4-neighbours and stay) from a corner and an inner
cell, and random deterministic MDPs with 10, 11 and 12 states (random.Random(seed), 1-3
successors per state; of seeds 0-39 the 3 with the most visit distributions) from s0; γ = 9/10, iid uniform rewards. Each row: the support size k,
the distinct vectors n, the live ones (positive-volume regions, after facet detection), the
up-front work estimate (symorbit.analysis.power.estimate_work, ≈ seconds here), then exact
POWER and its CPU time (each exact call runs in a child process killed after --limit
seconds, default 60; "refused" when the estimate is above the default max_work, which is
then raised to run it anyway), power_monte_carlo (mean ± se, time), and the value-iteration
sampler users run today (sample r, value iteration, average (1−γ)/γ·(V*(s) − r(s))).

--typical STATES [--seeds N] instead runs exact POWER alone on the first N (default 20) random MDPs of that
size, not the hardest: what a user meets on an ordinary instance.

--calibrate instead times the stages the cost model adds up (facet detection by Normaliz's dual
description and by certified LPs; the epigraph volume after pulling out the coordinates in which
every live vector has the same entry, k′ coordinates left; the per-region volumes of
optimality_probability), in CPU seconds, and prints them beside the model, to refit _FACET_COST,
_LP_COST and _VOLUME_COST in symorbit/analysis/power.py.

Times are CPU seconds of the process (all threads); a "timeout" is the wall time at which the
child was stopped.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import time
from fractions import Fraction

import numpy as np

from symorbit import MDP
from symorbit.analysis import power as P
from symorbit.mdp.visits import minus_start, visit_distributions

GAMMA = Fraction(9, 10)


def random_mdp(seed: int, n: int = 10, degree: int = 3) -> MDP:
    rng = random.Random(seed)
    names = [f"s{i}" for i in range(n)]
    return MDP.deterministic({s: rng.sample(names, rng.randint(1, degree)) for s in names}, name=f"random{n}-{seed}")


def gridworld(n: int, m: int) -> MDP:
    adj = {}
    for i in range(n):
        for j in range(m):
            nb = [(i, j)] + [(i + a, j + b) for a, b in ((1, 0), (-1, 0), (0, 1), (0, -1))
                             if 0 <= i + a < n and 0 <= j + b < m]
            adj[f"{i}{j}"] = [f"{a}{b}" for a, b in nb]
    return MDP.deterministic(adj, name=f"grid{n}x{m}")


def vi_sampler(env: MDP, state: str, gamma: float, samples: int, seed: int) -> tuple[float, float]:
    n = env.n_states
    rng = np.random.default_rng(seed)
    r = rng.random((samples, n))
    mats = [np.array([[float(dict(t).get(s, 0)) for s in env.states] for _, t in env.transitions[i]])
            for i in range(n)]
    v = r / (1 - gamma)
    while True:
        new = np.stack([(r[:, [i]] + gamma * v @ mats[i].T).max(axis=1) for i in range(n)], axis=1)
        if np.abs(new - v).max() < 1e-10:
            break
        v = new
    s = env.index(state)
    vals = (1 - gamma) / gamma * (v[:, s] - r[:, s])
    return float(vals.mean()), float(vals.std(ddof=1) / np.sqrt(samples))


def cases() -> list[tuple[MDP, str]]:
    """Gridworlds, and per size the 3 random MDPs (of seeds 0-39) with the most vectors from s0."""
    out = [(gridworld(3, 3), "00"), (gridworld(3, 3), "11"), (gridworld(4, 3), "00"), (gridworld(4, 3), "11")]
    for n in (10, 11, 12):
        envs = [random_mdp(seed, n) for seed in range(40)]
        envs.sort(key=lambda e: -len(visit_distributions(e, "s0", GAMMA).vectors))
        out += [(e, "s0") for e in envs[:3]]
    return out


def shape(env: MDP, state: str) -> tuple[int, list[P.Vector]]:
    """(k, the distinct support vectors of F(s) − e_s) as POWER sees them."""
    F = visit_distributions(env, state, GAMMA)
    G = sorted({tuple(v) for v in minus_start(F, env.index(state))})
    _, vecs = P._support(G)
    return len(vecs[0]), vecs


def _exact(env: MDP, state: str, queue: mp.Queue) -> None:
    t, w = time.process_time(), time.perf_counter()   # CPU: all threads (Normaliz's OpenMP ones included)
    value = P.power(env, state, GAMMA, max_work=float("inf"))
    queue.put((value, time.process_time() - t, time.perf_counter() - w))


def exact_with_limit(env: MDP, state: str, limit: float) -> tuple[Fraction | None, float, float]:
    """(exact POWER, CPU and wall seconds of the call in the child), or (None, wall, wall) when stopped at ``limit``."""
    ctx = mp.get_context("spawn")   # a forked child would inherit Normaliz's OpenMP state and can hang
    queue = ctx.Queue()
    child = ctx.Process(target=_exact, args=(env, state, queue))
    t = time.perf_counter()
    child.start()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return None, time.perf_counter() - t, time.perf_counter() - t
    return queue.get()


def table(samples: int, limit: float) -> None:
    print("| instance | k | n | live | estimate | exact POWER | CPU s | MC mean ± se | time | VI mean ± se | time |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for env, s in cases():
        k, vecs = shape(env, s)
        live = len(P._live_vectors(vecs)) if len(vecs) > 8 and P.estimate_work(k, len(vecs)) < limit else None
        est = P.estimate_work(k, len(vecs))
        if live is not None:
            est = max(est, P.estimate_work(k, len(vecs), live=live))
        refused = est > P.MAX_WORK
        value, te, _ = exact_with_limit(env, s, limit)
        exact = "timeout" if value is None else f"{float(value):.6f}"
        if refused:
            exact += " (refused by default)"
        t = time.perf_counter()
        m, se = P.power_monte_carlo(env, s, GAMMA, samples=samples, seed=0)
        tm = time.perf_counter() - t
        t = time.perf_counter()
        vm, vse = vi_sampler(env, s, 0.9, samples, 0)
        tv = time.perf_counter() - t
        print(f"| {env.name}:{s} | {k} | {len(vecs)} | {live if live is not None else '?'} | {est:.3g} | {exact} | "
              f"{'>' if value is None else ''}{te:.1f} s | {m:.6f} ± {se:.6f} | {tm:.1f} s | {vm:.6f} ± {vse:.6f} | "
              f"{tv:.1f} s |", flush=True)


def calibrate(limit: float) -> None:
    print("| instance | k | n | live | k′ | dual s (model) | LP s (model) | epigraph s (model) | regions s (model) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for env, s in cases():
        k, vecs = shape(env, s)
        dual_model, lp_model = P._facet_costs(k, len(vecs))
        if dual_model < 2 * limit:
            t = time.process_time()
            live = P._facet_vectors(vecs) if len(vecs) > 1 else [0]
            td = f"{time.process_time() - t:.2f}"
        else:
            td = "skipped"
        t = time.process_time()
        live = P._live_by_lp(vecs) if len(vecs) > 1 else [0]
        tl = time.process_time() - t
        vl = [vecs[i] for i in live]
        _, reduced = P._pulled_coordinates(vl)
        k2 = len(reduced[0])
        epi_model = P.estimate_work(k2, len(vecs), live=len(live))
        if epi_model < 20 * limit:
            t = time.process_time()
            P._epigraph_expected_max(reduced)
            tv = f"{time.process_time() - t:.2f}"
        else:
            tv = "skipped"
        reg_model = P.estimate_work(k, len(vecs), live=len(live), regions=True)
        if reg_model < limit:
            t = time.process_time()
            P.region_volumes(vl, max_work=float("inf"))
            tr = f"{time.process_time() - t:.2f}"
        else:
            tr = "skipped"
        print(f"| {env.name}:{s} | {k} | {len(vecs)} | {len(live)} | {k2} | {td} ({dual_model:.2f}) | {tl:.2f} "
              f"({lp_model:.2f}) | {tv} ({epi_model:.2f}) | {tr} ({reg_model:.2f}) |", flush=True)


def typical(n: int, seeds: int, limit: float) -> None:
    """Exact POWER from s0 of ``random_mdp(seed, n)`` for the first ``seeds`` seeds (not the hardest of 40)."""
    print("| seed | k | n | exact POWER | CPU s | wall s |")
    print("|---|---|---|---|---|---|")
    cpu, wall = [], []
    for seed in range(seeds):
        env = random_mdp(seed, n)
        k, vecs = shape(env, "s0")
        value, tc, tw = exact_with_limit(env, "s0", limit)
        if value is not None:
            cpu.append(tc)
            wall.append(tw)
        exact = "timeout" if value is None else f"{float(value):.6f}"
        mark = ">" if value is None else ""
        print(f"| {seed} | {k} | {len(vecs)} | {exact} | {mark}{tc:.1f} s | {mark}{tw:.1f} s |", flush=True)
    print(f"\n{n} states: {sum(t < 10 for t in cpu)} of {seeds} under 10 s CPU, {sum(t < 10 for t in wall)} under "
          f"10 s wall")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=10000)
    ap.add_argument("--limit", type=float, default=60.0, help="seconds allowed per exact call")
    ap.add_argument("--calibrate", action="store_true")
    ap.add_argument("--typical", type=int, metavar="STATES", help="exact POWER only, on the first --seeds random MDPs")
    ap.add_argument("--seeds", type=int, default=20)
    args = ap.parse_args()
    if args.calibrate:
        calibrate(args.limit)
    elif args.typical:
        typical(args.typical, args.seeds, args.limit)
    else:
        table(args.samples, args.limit)


if __name__ == "__main__":
    main()
