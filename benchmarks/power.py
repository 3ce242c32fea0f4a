"""Exact POWER against the Monte Carlo estimator and a value-iteration sampler (issue 10).

Run from the repository root:

    python -m benchmarks.power [--samples N] [--limit SECONDS] [--calibrate | --typical STATES [--seeds N]
                                | --facets [--rows NAME,...] [--repeat N]]

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

--facets instead times facet detection as exact POWER runs it (symorbit.analysis.power._live_vectors:
the method choice included), each call in a child process stopped at --limit, the median CPU seconds of
--repeat calls (default 3), on the rows named by --rows (default: all), with how many vectors the
certified LPs decided before the dual description took over (n: the LPs decided all).

--calibrate instead times the stages the cost model adds up (facet detection by Normaliz's dual
description and by certified LPs; the epigraph volume after pulling out the coordinates in which
every live vector has the same entry, k′ coordinates left; the per-region volumes of
optimality_probability, on the live vectors, without facet detection), and facet detection as run
(the LPs under their budget, then the dual description), each in a child process: CPU seconds beside
the model, to refit _FACET_COST, _LP_COST, _VOLUME_COST and _REGIONS_FACTOR in
symorbit/analysis/power.py. The dual description is started only where modelled under 2 × --limit
and stopped at --limit; the LPs get 6 × --limit; the epigraph runs where modelled under
--volume-limit (default 20 × --limit) and is stopped there; the regions where modelled under --limit.
--rows names the instances (default: the table's rows).

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


def named_cases(names: list[str] | None) -> list[tuple[MDP, str]]:
    """:func:`cases`, or the instances named like its rows: ``grid3x3:00``, ``random12-5:s0`` (any size, seed, state)."""
    if names is None:
        return cases()
    out = []
    for name in names:
        env_name, state = name.split(":")
        if env_name.startswith("grid"):
            n, m = env_name[4:].split("x")
            out.append((gridworld(int(n), int(m)), state))
        else:
            size, seed = env_name[6:].split("-")
            out.append((random_mdp(int(seed), int(size)), state))
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


def recorded_live_vectors(vecs: list[P.Vector]) -> tuple[list[int], int | None]:
    """(P._live_vectors(vecs), how many vectors its certified LPs decided; None in code before the LP budget)."""
    decided: list[int] = []
    if hasattr(P, "_lp_verdicts"):
        inner = P._lp_verdicts

        def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
            out = inner(*args, **kwargs)
            decided.append(len(out))
            return out
        P._lp_verdicts = recording
        try:
            live = P._live_vectors(vecs)
        finally:
            P._lp_verdicts = inner
    else:
        live = P._live_vectors(vecs)
    return live, decided[0] if decided else None


def _facets(env: MDP, state: str, queue: mp.Queue) -> None:
    _, vecs = shape(env, state)
    t, w = time.process_time(), time.perf_counter()
    out = recorded_live_vectors(vecs)
    queue.put(((len(out[0]), out[1]), time.process_time() - t, time.perf_counter() - w))


def exact_with_limit(env: MDP, state: str, limit: float, target=_exact) -> tuple[Fraction | None, float, float]:  # type: ignore[no-untyped-def]
    """(exact POWER, CPU and wall seconds of the call in the child), or (None, wall, wall) when stopped at ``limit``.

    ``target`` is the child's function (default: exact POWER); it puts (value, CPU, wall) on the queue.
    """
    ctx = mp.get_context("spawn")   # a forked child would inherit Normaliz's OpenMP state and can hang
    queue = ctx.Queue()
    child = ctx.Process(target=target, args=(env, state, queue))
    t = time.perf_counter()
    child.start()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return None, time.perf_counter() - t, time.perf_counter() - t
    if child.exitcode != 0:   # it died without an answer: waiting on the queue would block forever
        raise RuntimeError(f"the child for {env.name}:{state} exited with code {child.exitcode}")
    return queue.get()


def facets(limit: float, rows: list[str] | None, repeat: int) -> None:
    """Facet detection as exact POWER runs it: the median CPU seconds of ``repeat`` child processes per row."""
    print("| instance | k | n | live | decided by LPs | dual model s | CPU s (median) | CPU s (all) |")
    print("|---|---|---|---|---|---|---|---|")
    for env, s in named_cases(rows):
        name = f"{env.name}:{s}"
        k, vecs = shape(env, s)
        runs = [exact_with_limit(env, s, limit, _facets) for _ in range(repeat)]
        if any(value is None for value, _, _ in runs):
            print(f"| {name} | {k} | {len(vecs)} | ? | ? | {P._facet_costs(k, len(vecs))[0]:.2f} | > {limit:g} | |",
                  flush=True)
            continue
        (live, decided), _, _ = runs[0]
        cpu = sorted(t for _, t, _ in runs)
        print(f"| {name} | {k} | {len(vecs)} | {live} | {'-' if decided is None else decided} | "
              f"{P._facet_costs(k, len(vecs))[0]:.2f} | {cpu[len(cpu) // 2]:.2f} | "
              f"{', '.join(f'{t:.2f}' for t in cpu)} |", flush=True)


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


def _stage(stage: str, vecs: list[P.Vector], queue: mp.Queue) -> None:
    """One stage of the cost model on ``vecs``, timed in this (child) process: puts (result, CPU, wall)."""
    t, w = time.process_time(), time.perf_counter()
    if stage == "dual":
        out: object = P._facet_vectors(vecs) if len(vecs) > 1 else [0]
    elif stage == "lp":
        out = P._live_by_lp(vecs) if len(vecs) > 1 else [0]
    elif stage == "chosen":
        out = recorded_live_vectors(vecs)
    elif stage == "epigraph":
        out = P._epigraph_expected_max(vecs)
    else:   # "regions": the per-region volumes alone, on vectors already known to be live
        P._live_vectors = lambda v: list(range(len(v)))
        out = P._regions(vecs, integrand=False, function="calibrate", instance="", max_work=float("inf"))[0]
    queue.put((out, time.process_time() - t, time.perf_counter() - w))


def stage_with_limit(stage: str, vecs: list[P.Vector], limit: float) -> tuple[object, float] | None:
    """(result, CPU seconds) of one stage in a child process, or None when it was stopped at ``limit`` wall seconds."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_stage, args=(stage, vecs, queue))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    if child.exitcode != 0:
        raise RuntimeError(f"the {stage} child exited with code {child.exitcode}")
    out, cpu, _ = queue.get()
    return out, cpu


def _cell(run: tuple[object, float] | None, limit: float, model: float) -> str:
    return f"{'> %g' % limit if run is None else '%.2f' % run[1]} ({model:.3g})"


def calibrate(limit: float, volume_limit: float, rows: list[str] | None) -> None:
    """Times of the stages the cost model adds up, each in a child process (see the module docstring)."""
    print("| instance | k | n | live | k′ | dual s (model) | LP s (model) | as run s (model, decided by LPs) | epigraph s "
          "(model) | regions s (model) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for env, s in named_cases(rows):
        k, vecs = shape(env, s)
        dual_model, lp_model = P._facet_costs(k, len(vecs))
        dual = stage_with_limit("dual", vecs, limit) if dual_model < 2 * limit else None
        lp = stage_with_limit("lp", vecs, 6 * limit)
        chosen = stage_with_limit("chosen", vecs, 6 * limit)
        if lp is None:
            print(f"| {env.name}:{s} | {k} | {len(vecs)} | ? | ? | {_cell(dual, limit, dual_model)} | "
                  f"{_cell(lp, 6 * limit, lp_model)} | | | |", flush=True)
            continue
        live = lp[0]
        assert isinstance(live, list) and (dual is None or dual[0] == live)
        assert chosen is None or chosen[0][0] == live   # type: ignore[index]
        decided = "" if chosen is None else f", {chosen[0][1]} by LPs"   # type: ignore[index]
        vl = [vecs[i] for i in live]
        _, reduced = P._pulled_coordinates(vl)
        k2 = len(reduced[0])
        epi_model = P.estimate_work(k2, len(vecs), live=len(live))
        epi = stage_with_limit("epigraph", reduced, volume_limit) if k2 and epi_model < volume_limit else None
        reg_model = P.estimate_work(k, len(vecs), live=len(live), regions=True)
        reg = stage_with_limit("regions", vl, limit) if reg_model < limit else None
        print(f"| {env.name}:{s} | {k} | {len(vecs)} | {len(live)} | {k2} | "
              f"{_cell(dual, limit, dual_model) if dual_model < 2 * limit else f'skipped ({dual_model:.3g})'} | "
              f"{_cell(lp, 6 * limit, lp_model)} | {_cell(chosen, 6 * limit, min(dual_model, lp_model))[:-1]}{decided}) | "
              f"{_cell(epi, volume_limit, epi_model) if epi_model < volume_limit else f'skipped ({epi_model:.3g})'} | "
              f"{_cell(reg, limit, reg_model) if reg_model < limit else f'skipped ({reg_model:.3g})'} |", flush=True)


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
    ap.add_argument("--facets", action="store_true", help="time facet detection as exact POWER runs it")
    ap.add_argument("--rows", help="with --facets or --calibrate: comma-separated instances, such as grid3x3:00 or "
                    "random12-5:s0 (default: the table's rows)")
    ap.add_argument("--volume-limit", type=float, help="with --calibrate: seconds allowed for the epigraph volume, "
                    "which is skipped when modelled above it (default: 20 × --limit)")
    ap.add_argument("--repeat", type=int, default=3, help="with --facets: child processes per row (median)")
    args = ap.parse_args()
    rows = args.rows.split(",") if args.rows else None
    if args.facets:
        facets(args.limit, rows, args.repeat)
    elif args.calibrate:
        calibrate(args.limit, args.volume_limit or 20 * args.limit, rows)
    elif args.typical:
        typical(args.typical, args.seeds, args.limit)
    else:
        table(args.samples, args.limit)


if __name__ == "__main__":
    main()
