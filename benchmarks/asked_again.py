"""What a loop asks again: each call on fresh objects beside the same call asked again of the same objects.

    python benchmarks/asked_again.py            # about 30 s on the 2-core machine (needs the [power] extra)

A researcher's loop over rewards, actions or states asks the library for the same sets and facts at every step:
F(s) and its parts, F_nd(s), copies of ND(A) in B (every hypothesis check), POWER, the optimality regions, the
comparison numerators over γ, the ND certificates. Each row times one such call twice in the same run: first on
objects made afresh (nothing kept: what every call cost before those facts were kept with their immutable objects,
docs/performance.md#kept-sets), then again on the same objects (the best of three); "again / first" is the ratio.
Loops over rewards (check_statement, counts_over_gamma) time each further reward, whose reward-dependent part is
still computed: "again" there is the median of three new rewards. Every value asked again is compared with the
fresh one (the script stops with AssertionError otherwise).

rand:7:3:1 is ``MDP.deterministic({str(s): [str(t) for t in rng.sample(range(7), 3)] for s in range(7)})`` with
``rng = random.Random(1)``, state "0", γ = 9/10, A = F(s | 1), B = F(s | 4); rand:5:2:3 likewise with 5 states, 2
actions, seed 3; die_live(2, 80) at the average reward (82 vectors in d = 85).
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symorbit import (  # noqa: E402
    MDP,
    Instance,
    check_statement,
    copies,
    counts_over_gamma,
    nondominated,
    nondomination_certificates,
    optimality_probability,
    power,
    visit_distributions,
)
from symorbit.mdp.library import die_live  # noqa: E402
from symorbit.theorems import scaling_law_raw, scaling_law_relative  # noqa: E402


def rand_mdp(seed: int, d: int, k: int) -> MDP:
    rng = random.Random(seed)
    return MDP.deterministic({str(s): [str(t) for t in rng.sample(range(d), k)] for s in range(d)})


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    value = fn()
    return (time.perf_counter() - t) * 1e3, value


def row(label: str, first: float, again: float) -> None:
    print(f"{label:64s} {first:11.2f} {again:11.3f} {again / first:9.4f}", flush=True)


def same_objects(label: str, make: Callable[[], Any], call: Callable[[Any], Any]) -> None:
    """``call(make())`` on fresh objects, then on the same objects again (best of three)."""
    objects = make()
    first, value = timed(lambda: call(objects))
    again = []
    for _ in range(3):
        t, v = timed(lambda: call(objects))
        assert v == value, label
        again.append(t)
    row(label, first, min(again))


def each_reward(label: str, make: Callable[[], Any], call: Callable[[Any, Any], Any], rewards: list) -> None:
    """``call(objects, r)``: the first reward on fresh objects, then three new rewards on the same objects, each
    compared with the same reward on fresh objects."""
    objects = make()
    first, _ = timed(lambda: call(objects, rewards[0]))
    again = []
    for r in rewards[1:4]:
        t, v = timed(lambda: call(objects, r))
        assert v == call(make(), r), label
        again.append(t)
    row(label, first, statistics.median(again))


def main() -> None:
    print(f"{'call':64s} {'first ms':>11s} {'again ms':>11s} {'again/first':>9s}")
    env_of = lambda: rand_mdp(1, 7, 3)      # noqa: E731 - a fresh environment each time: nothing kept

    def parts(env: MDP) -> tuple[Any, Any]:
        F = visit_distributions(env, "0", "9/10")
        return F.restrict("1"), F.restrict("4")

    same_objects("visit_distributions(env, s, γ, first_action=a)", env_of,
                 lambda env: visit_distributions(env, "0", "9/10", first_action="1").vectors)
    same_objects("nondominated(A)", lambda: parts(env_of())[0], lambda A: nondominated(A).vectors)
    same_objects("copies(ND(A), B)", lambda: (lambda A, B: (nondominated(A), B))(*parts(env_of())),
                 lambda ab: copies(*ab))
    rewards7 = [tuple(random.Random(i).choices(range(4), k=7)) for i in range(4)]
    for module in (scaling_law_raw, scaling_law_relative):
        name = module.__name__.rsplit(".", 1)[-1]
        each_reward(f"check_statement({name}, inst, [r]), a new reward",
                    lambda: Instance.from_mdp(env_of(), "0", "1", "4", gamma="9/10"),
                    lambda inst, r, m=module: check_statement(m.STATEMENT, inst, [r]).status, rewards7)
    same_objects("power(env, s, γ)", env_of, lambda env: power(env, "0", "9/10"))
    each_reward("optimality_probability(env, s, a, γ), a new action", env_of,
                lambda env, a: optimality_probability(env, "0", a, "9/10"), ["1", "4", "0", "1"])
    env5_of = lambda: rand_mdp(3, 5, 2)      # noqa: E731
    F5 = visit_distributions(env5_of(), "0", "9/10")
    a5, b5 = [x for x in sorted(F5.actions())][:2]
    rewards5 = [tuple(random.Random(i).choices(range(3), k=5)) for i in range(4)]
    each_reward("counts_over_gamma(env, s, [a], [b], r) (rand:5:2:3), a new reward", env5_of,
                lambda env, r: counts_over_gamma(env, "0", [a5], [b5], r), rewards5)
    same_objects("nondomination_certificates(C), die_live(2, 80) average",
                 lambda: Instance.from_mdp(die_live(2, 80), "start", "dying", "living", gamma="average").C,
                 nondomination_certificates)


if __name__ == "__main__":
    main()
