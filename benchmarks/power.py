"""Exact POWER against the Monte Carlo estimator and a value-iteration sampler (issue 10).

Run from the repository root: python -m benchmarks.power [--samples N]

Instances: random deterministic 10-state MDPs (random.Random(seed), 1-3 successors per state),
3×3 gridworlds (moves to 4-neighbours and stay) from the centre and the corner, γ = 9/10, iid
uniform rewards. Each row: exact POWER and its time; power_monte_carlo (mean ± se, time); the
value-iteration sampler users run today (sample r, value iteration, average (1−γ)/γ·(V*(s) − r(s))).
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np

from symorbit import MDP
from symorbit.orbits.power import power, power_monte_carlo


def random_mdp(seed: int, n: int = 10, degree: int = 3) -> MDP:
    rng = random.Random(seed)
    names = [f"s{i}" for i in range(n)]
    return MDP.deterministic({s: rng.sample(names, rng.randint(1, degree)) for s in names}, name=f"random{seed}")


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=10000)
    args = ap.parse_args()
    cases = [(random_mdp(s), "s0") for s in (0, 6, 16, 22)] + [(gridworld(3, 3), "11"), (gridworld(3, 3), "00")]
    print(f"{'instance':<14} {'exact POWER':>12} {'time':>7}   {'MC mean ± se':>20} {'time':>7}   "
          f"{'VI mean ± se':>20} {'time':>7}")
    for env, s in cases:
        t = time.perf_counter()
        exact = power(env, s, "9/10")
        te = time.perf_counter() - t
        t = time.perf_counter()
        m, se = power_monte_carlo(env, s, "9/10", samples=args.samples, seed=0)
        tm = time.perf_counter() - t
        t = time.perf_counter()
        vm, vse = vi_sampler(env, s, 0.9, args.samples, 0)
        tv = time.perf_counter() - t
        print(f"{env.name + ':' + s:<14} {float(exact):>12.6f} {te:>6.2f}s   {m:>11.6f} ± {se:.6f} {tm:>6.2f}s   "
              f"{vm:>11.6f} ± {vse:.6f} {tv:>6.2f}s", flush=True)


if __name__ == "__main__":
    main()
