"""The selection policy: which engine answers a question, and the refusal of oversized ones.

``engine="auto"`` picks topwalk for one-hot sets whose pairs cover the same coordinates,
else the cheapest of blocks (coordinates interchangeable in every group), mitm (meet in
the middle with bitsets), maxima (each set's maximum formed vector by vector with numpy)
and, when numba is installed, compiled (the same as a compiled loop), each on its own cost
estimate in nanoseconds of one core; pruning where
none of them applies. Before any engine but reference and topwalk runs, every vector that
never changes its group's maximum over the orbit is dropped (:mod:`.dominance`; exact).
Every engine's estimate of its own work is checked against :data:`MAX_EVALUATIONS`
before it starts, and every answer must account for the whole orbit before it is returned.

A choice of the compiled loop or of maxima for a small count on rows kept from count to count is remembered with the
rows, per question and reward shape (:func:`_choice_key`), so the same question asked again at another reward of that
shape runs the engine from its kept set-up. A choice is taken only while the selection would make it again:
everything it read is unchanged, or, for maxima chosen over a compiled plan, that plan made afresh (about 4 µs, where
the whole selection took 100) still costs more; such a count notes its regret against it as the selection does, so
the ski-rental rule loads the loop at the same count as without the memo.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, NamedTuple, Sequence, cast

from symorbit.errors import InvalidArgument, InvariantViolation, MissingExtra
from symorbit.exact.scaling import row_facts
from symorbit.exact.sparse import RewardMultiset, SparseVector
from symorbit.orbits.engines import compiled as compiled_engine
from symorbit.orbits.engines import maxima as maxima_engine
from symorbit.orbits.engines import mitm
from symorbit.orbits.engines.blocks import (
    blocks,
    coordinate_blocks,
    estimate_distributions,
    row_length,
)
from symorbit.orbits.engines.dominance import prune
from symorbit.orbits.engines.prefixes import enumerate_prefixes
from symorbit.orbits.engines.problem import (
    MAX_CONTAINED_PAIRS,
    Problem,
    against_the_rest,
    densify,
    kept_max_abs,
    make_problem,
    multinomial,
    refuse_if_too_large,
    sums_dtype_of,
    with_question,
    with_reward,
)
from symorbit.orbits.engines.reference import reference
from symorbit.orbits.engines.topwalk import (
    common_union,
    one_hot_supports,
    topwalk,
    topwalk_atoms,
)

__all__ = ["ENGINES", "MAX_EVALUATIONS", "recount", "solve", "sums_dtype_at"]

ENGINES = ("auto", "reference", "vectorised", "pruning", "blocks", "topwalk", "mitm", "maxima", "compiled")

#: Work limits per engine (orbit elements or evaluations the engine itself performs).
MAX_EVALUATIONS = {"reference": 2 * 10**6, "vectorised": 6 * 10**8, "pruning": 6 * 10**8, "blocks": 5 * 10**7,
                   "mitm": 15 * 10**10, "maxima": 15 * 10**10, "compiled": 15 * 10**10}
#: The unit of each engine's work estimate (mitm: 64-bit word operations, see :mod:`.mitm`;
#: maxima and compiled: nanoseconds of one core, see :mod:`.maxima` and :mod:`.compiled`).
WORK_UNITS = {"mitm": "word operations", "maxima": "nanoseconds (estimated)", "compiled": "nanoseconds (estimated)"}
#: The engines over the meet-in-the-middle splits, each a module with ``applicable``, ``plan`` and a
#: function of the engine's name that counts.
SPLIT_ENGINES = {"mitm": mitm, "maxima": maxima_engine, "compiled": compiled_engine}


def pair_limit(engine: str, contained: bool = False) -> int | None:
    """The most compared pairs one count with ``engine`` should hold: a split engine's own limit (its tally has
    3^pairs codes), for ``"auto"`` the largest of theirs; None for the engines without one. With ``contained``
    (every pair's first set lies in its second, and the sums fit int64) the compiled and maxima engines take
    :data:`~.problem.MAX_CONTAINED_PAIRS` (one bit a pair, 2^pairs codes).

    >>> pair_limit("mitm"), pair_limit("auto"), pair_limit("reference"), pair_limit("maxima", contained=True)
    (3, 10, None, 16)
    """
    if engine in SPLIT_ENGINES:
        own = SPLIT_ENGINES[engine].MAX_PAIRS
        return MAX_CONTAINED_PAIRS if contained and engine in ("compiled", "maxima") else own
    if engine != "auto":
        return None
    return MAX_CONTAINED_PAIRS if contained else max(module.MAX_PAIRS for module in SPLIT_ENGINES.values())

#: Word operations that one row of the blocks engine costs (Python loop, matrix product, tally), and
#: each coordinate in it (measured: about 1.7 µs a row of 2 coordinates, 92 µs a row of 400).
BLOCKS_ROW_COST, BLOCKS_ENTRY_COST = 1000, 230
#: A count the split engines estimate below this many ns of one core runs as it is: dropping
#: dominated vectors and finding symmetry blocks (about 20–80 µs each on small instances, measured
#: with benchmarks/side_by_side.py's classes) could not save more than they cost.
SMALL_COUNT = 200_000
#: Above SMALL_COUNT they run only when the cheapest count is estimated at this many times their own
#: cost (:func:`reduction_cost`) or more: on 4 + 4 random vectors at d = 8 they cost 60 µs and saved
#: 20 µs of a 0.2 ms count; on 20 + 20 they cost 160 µs and halved a 0.8 ms count.
PAYBACK = 4
#: Estimated ns of dropping dominated vectors per group of two or more vectors (a fixed part and one
#: per pair of vectors and coordinate) and of finding symmetry blocks (fixed, and per vector);
#: measured at d = 8 with benchmarks/side_by_side.py's classes (4 + 4: 40 and 19 µs; 20 + 20: 122 and 35 µs).
PRUNE_GROUP, PRUNE_ENTRY, BLOCKS_FIXED, BLOCKS_VECTOR = 15_000, 12, 15_000, 500


def reduction_cost(problem: Any) -> float:
    """What :func:`~.dominance.prune` and :func:`~.blocks.coordinate_blocks` are estimated to cost (ns).

    >>> from fractions import Fraction
    >>> from symorbit.orbits.engines.problem import make_problem
    >>> p = make_problem([(Fraction(1), Fraction(0))] * 4, [[0, 1], [2, 3]], [(1, 0)], (Fraction(1), Fraction(2)))
    >>> reduction_cost(p)
    47192.0
    """
    d = problem.d
    groups = sum(PRUNE_GROUP + PRUNE_ENTRY * len(g) ** 2 * d for g in problem.groups if len(g) > 1)
    return float(groups + BLOCKS_FIXED + BLOCKS_VECTOR * len(problem.vectors))


#: What a refusal of an oversized count suggests (:func:`~.problem.refuse_if_too_large`).
HINT = ("pass fewer coordinates (coordinates outside every support are free), a reward with more repeated values, or "
        "outcome sets with more symmetry; engine='auto' uses symmetry and pruning")


#: The split engines' plans and costs by problem shape (:func:`_split_costs`), at most :data:`PLANS_MEMO`.
_PLANS: dict[tuple[Any, ...], tuple[dict[str, Any], list[tuple[float, str]]]] = {}
PLANS_MEMO = 4096


def _split_costs(problem: Any, executor: Any) -> tuple[dict[str, Any], list[tuple[float, str]]]:
    """The plans of the split engines that take ``problem`` and their costs (ns of one core); with an
    executor only mitm, which sends its blocks there, unless mitm cannot take the problem.

    Without an executor they are remembered by the problem's shape, everything the plans read (the
    multiplicities, groups, pairs, vector count and sums' integer type) and whether the coarse loop is loaded,
    once the compiled plan is settled (:func:`~.compiled.plan_settled`; checked again at each reuse): planning
    three engines cost about 7 µs of a 40 µs count at d = 6.
    """
    key = None
    if executor is None:
        key = _plans_key(problem)
        kept = _PLANS.get(key)
        if kept is not None and compiled_engine.plan_settled(kept[0].get("compiled"), problem):
            return dict(kept[0]), list(kept[1])
    plans: dict[str, Any] = {}
    local = executor is None or mitm.applicable(problem) is not None
    for name, module in SPLIT_ENGINES.items():
        if module.applicable(problem) is None and (name == "mitm" or local) \
                and (name != "compiled" or compiled_engine.numba_installed()):
            plans[name] = module.plan(problem)
    costs = [(q.work, name) for name, q in plans.items()]
    if key is not None and compiled_engine.plan_settled(plans.get("compiled"), problem):
        if len(_PLANS) >= PLANS_MEMO:
            _PLANS.clear()
        _PLANS[key] = (dict(plans), list(costs))
    return plans, costs


#: The selection's choices remembered with rows kept from count to count (:func:`_choice_key`), at most this many
#: per rows (all dropped when full), and only for counts estimated below :data:`REMEMBER_BELOW` ns: the choice saves
#: about 10 µs a count (the problem, its sums' type, the plans, the loop's set-up), nothing next to larger counts,
#: and what it holds (the loop's arrays, the splits' arrangements) stays small.
CHOICES_PER_ROWS = 64
REMEMBER_BELOW = 1_000_000
_CHOICES = "choices"      # the rows' facts key (symorbit.exact.scaling.row_facts)


class _Choice(NamedTuple):
    """A count's choice of the compiled loop, of ``maxima`` or of ``topwalk`` for its question on kept rows at rewards
    of one shape: the problem it was made on (its reward aside, :func:`~.problem.with_reward`), the plans' memo entry
    it was chosen from (:data:`_PLANS`), the engine's plan, and the orbit's size. The walk has no plans or plan: the
    selection takes it for one-hot sets whatever the costs (:func:`_remember_walk`)."""

    problem: Problem
    plans: Any
    plan: Any
    orbit: int
    #: The engine's set-up apart from the reward's values (:func:`.compiled.prepare`, :func:`.maxima.prepare`), or
    #: None where the plan's set-up reads them (maxima's coarse int32 tables: their shift depends on the reward's
    #: size). The compiled coarse loop keeps its set-up and makes only its int32 inputs at each reward
    #: (:func:`.compiled.recount`). For the walk: the groups' supports and their union.
    prepared: Any
    engine: str = "compiled"
    #: For ``maxima``: whether it was chosen over a compiled plan (False where none was weighed, as in a core
    #: install). The choice then stands while the compiled plan, made afresh at each count, costs more, and each
    #: count notes its regret against that fresh plan (:func:`~.compiled.note_regret`) as the selection does.
    over_compiled: bool = False
    #: The plans' memo key of ``problem`` (:func:`_plans_key`), under which ``plans`` was found: the choice key's
    #: own, except where a weak question past int64 is asked of each pair's second set less its first
    #: (:func:`~.problem.against_the_rest`), whose groups and pairs are not the question's.
    plans_key: tuple[Any, ...] = ()


def _plans_key(problem: Any) -> tuple[Any, ...]:
    """The plans' memo key of ``problem`` (:func:`_split_costs`): everything the plans read."""
    vmax, rmax = problem.magnitudes
    return _plans_key_of(problem.multiplicities, problem.groups, problem.pairs, len(problem.vectors),
                         problem.sums_dtype, maxima_engine.side_sums_in_doubles(vmax, rmax, problem.d))


def _plans_key_of(multiplicities: tuple[int, ...], groups: tuple[tuple[int, ...], ...],
                  pairs: tuple[tuple[int, int], ...], n_vectors: int, dtype: str | None,
                  doubles: bool) -> tuple[Any, ...]:
    """:func:`_plans_key` from its parts: the question's shape, the sums' integer type and whether maxima's side
    sums are exact in doubles (:func:`~.maxima.cost_dtype` prices the two ways apart), and the compiled engine's
    switches."""
    return (multiplicities, groups, pairs, n_vectors, dtype, doubles, compiled_engine.numba_installed(),
            compiled_engine.MAX_TABLE_ENTRIES, compiled_engine.COARSE, compiled_engine.coarse_loaded())


#: How many leading items of a choice's key (:func:`_choice_key`) are its plans' memo key.
_PLANS_KEY_LEN = 10


def _choice_key(rows: Any, facts: dict[str, Any], groups: Sequence[Sequence[int]],
                pairs: Sequence[tuple[int, int]], reward: RewardMultiset, weak: bool,
                base: Problem | None) -> tuple[Any, ...] | None:
    """What the selection's choice for a question on the kept ``rows`` depends on besides the rows: the plans'
    memo key of the problem :func:`solve` would make (:func:`_plans_key`: the groups, pairs, the reward's
    multiplicities and sums' integer type, None past int64, ...), then ``weak`` and the selection's thresholds. The
    reward's values enter only through the sums' type and whether maxima's side sums are exact in doubles: the plans
    read the multiplicities, never the values."""
    if base is not None:
        dtype, (vmax, rmax) = base.sums_dtype, base.magnitudes
    else:
        vmax, rmax = _magnitudes_at(rows, facts, reward)
        dtype = sums_dtype_of(reward.d, vmax, rmax)
    return _plans_key_of(reward.multiplicities, tuple(map(tuple, groups)), tuple(pairs), len(rows), dtype,
                         maxima_engine.side_sums_in_doubles(vmax, rmax, reward.d)) + (weak, SMALL_COUNT, PAYBACK)


def sums_dtype_at(rows: Any, facts: dict[str, Any], reward: RewardMultiset) -> str | None:
    """The sums' integer type (:func:`~.problem.sums_dtype_of`) of a count on the kept ``rows`` (their ``facts``,
    :func:`~symorbit.exact.scaling.row_facts`) at ``reward``: the one fact of the reward's values that a remembered
    choice is keyed by (:func:`_choice_key`)."""
    return sums_dtype_of(reward.d, *_magnitudes_at(rows, facts, reward))


def _magnitudes_at(rows: Any, facts: dict[str, Any], reward: RewardMultiset) -> tuple[int, int]:
    """(max |entry| of the kept ``rows``, max |value| of ``reward``): what a problem on them would read as its
    :attr:`~.problem.Problem.magnitudes`, without making it."""
    values = reward.values
    return kept_max_abs(rows, facts), max(-values[0], values[-1])


def _recalled(facts: dict[str, Any], key: tuple[Any, ...], reward: RewardMultiset,
              progress: Callable[[int], None] | None) -> tuple[dict[tuple[int, ...], int], str, int] | None:
    """The count of a question whose choice is remembered (:func:`_remember`) with the engine and plan the selection
    would take again: the plans' memo still holds the entry it was chosen from, and a compiled plan is still
    settled (:func:`~.compiled.plan_settled`), or, for maxima chosen over a compiled plan, that plan made now still
    costs more (the count then notes its regret against it). Else None."""
    choice = facts.get(_CHOICES, {}).get(key)
    if choice is None:
        return None
    if choice.engine == "topwalk":      # one-hot sets: the walk over the reward's sorted values, at any reward
        walked = _walked(choice, with_reward(choice.problem, reward, key[4]))
        if walked is not None and progress is not None:     # the walk is one step: the whole orbit at once
            progress(choice.orbit)
        return walked
    if choice.over_compiled:     # maxima over a compiled plan: while that plan, made now, is the dearer
        rival = compiled_engine.plan(choice.problem)
        if rival.work <= choice.plan.work:
            return None
        compiled_engine.note_regret(choice.plan.work, rival)
    elif _PLANS.get(choice.plans_key) is not choice.plans \
            or choice.engine == "compiled" and not compiled_engine.plan_settled(choice.plan, choice.problem):
        return None
    dtype = key[4]                  # the sums' type, in the plans' memo key (None past int64)
    engine = choice.engine
    module = SPLIT_ENGINES[engine]
    if choice.prepared is not None and choice.plan.coarse:     # the compiled coarse loop: inputs at this reward
        tally, evals = compiled_engine.recount(choice.prepared, with_reward(choice.problem, reward, dtype), progress)
    elif choice.prepared is not None:
        tally, evals = module.count_prepared(choice.prepared, reward.values, progress)
    else:       # maxima's coarse tables, and past int64, set up at each reward
        problem = with_reward(choice.problem, reward, dtype)
        try:
            tally, evals = getattr(module, engine)(problem, choice.plan, progress=progress)
        except maxima_engine.CoarseGaveUp:    # as the selection does (solve)
            engine = "mitm"
            tally, evals = _given_up(problem, progress)
    if sum(tally.values()) != choice.orbit:  # pragma: no cover - an engine bug; never return wrong counts
        raise InvariantViolation(f"engine={engine} accounted for {sum(tally.values())} of {choice.orbit} "
                                 "orbit elements; no counts are returned")
    return tally, engine, evals


#: Engines that count without reporting ``progress`` as they go (the walk is one step; the reference enumeration
#: is capped small): :func:`solve` reports their whole orbit once their tally is checked.
_SILENT_ENGINES = frozenset({"topwalk", "reference"})


def _given_up(problem: Problem, progress: Callable[[int], None] | None,
              executor: Any = None) -> tuple[dict[tuple[int, ...], int], int]:
    """The count of ``problem`` with :mod:`.mitm` (Python integers, under its own work limit), where a count past
    int64 on the machine tables gave up (:class:`~.problem.CoarseGaveUp`: too many elements in their band)."""
    the_plan = mitm.plan(problem)
    refuse_if_too_large(the_plan.work, MAX_EVALUATIONS["mitm"], "mitm", problem, HINT, WORK_UNITS["mitm"])
    return mitm.mitm(problem, the_plan, progress=progress, executor=executor)


def recount(rows: Any, groups: Sequence[Sequence[int]], pairs: Sequence[tuple[int, int]], reward: RewardMultiset,
            weak: bool = False) -> tuple[dict[tuple[int, ...], int], str, int] | None:
    """:func:`solve`'s answer, without its set-up, for a question on integer rows kept from count to count
    (:func:`~symorbit.exact.scaling.row_facts`) whose choice of engine it remembers at rewards of this shape
    (:func:`_recalled`, under the same tests); None where the rows are no longer kept or nothing is remembered
    for the question, and the caller then asks :func:`solve`."""
    facts, key = _facts_and_key(rows, groups, pairs, reward, weak, None)
    return None if key is None else _recalled(facts, key, reward, None)     # type: ignore[arg-type]


def _facts_and_key(rows: Any, groups: Sequence[Sequence[int]], pairs: Sequence[tuple[int, int]],
                   reward: RewardMultiset, weak: bool, base: Problem | None) -> tuple[Any, tuple[Any, ...] | None]:
    """The kept rows' facts (:func:`~symorbit.exact.scaling.row_facts`) and the question's choice key
    (:func:`_choice_key`), each None where the rows are not kept (or, for the key, past int64)."""
    facts = row_facts(rows)
    return facts, _choice_key(rows, facts, groups, pairs, reward, weak, base) if facts is not None else None


def _remember(facts: dict[str, Any], key: tuple[Any, ...], problem: Problem, the_plan: Any, orbit: int,
              engine: str = "compiled", over_compiled: bool = False) -> None:
    """Keep the choice of ``engine`` (the compiled loop, or maxima) and its plan for ``key``'s question on these
    rows, where the plans' memo holds the plans it was chosen from under the same key, or (maxima) it was chosen
    over a compiled plan, ``over_compiled``, which each remembered count makes afresh (see :func:`solve`)."""
    plans_key = _plans_key(problem)
    plans = _PLANS.get(plans_key)
    if plans is None and not over_compiled or the_plan.work >= REMEMBER_BELOW \
            or key[:_PLANS_KEY_LEN] != plans_key and not (key[4] is None and key[_PLANS_KEY_LEN]):
        return      # (past int64 a weak question is asked against the rest: its plans' key is not the question's)
    prepared = None if the_plan.coarse and engine == "maxima" or the_plan.dtype == "big" \
        else SPLIT_ENGINES[engine].prepare(problem, the_plan)
    _keep_choice(facts, key, _Choice(problem, plans, the_plan, orbit, prepared, engine, over_compiled, plans_key))


def _keep_choice(facts: dict[str, Any], key: tuple[Any, ...], choice: _Choice) -> None:
    """Keep ``choice`` for ``key`` with the rows' facts, at most :data:`CHOICES_PER_ROWS` of them (all dropped when
    full)."""
    choices = facts.setdefault(_CHOICES, {})
    if len(choices) >= CHOICES_PER_ROWS:
        choices.clear()
    choices[key] = choice


def _remember_walk(facts: dict[str, Any], key: tuple[Any, ...], problem: Problem, walk: list[frozenset[int]],
                   union: frozenset[int] | None, orbit: int) -> None:
    """Keep the choice of topwalk for ``key``'s question on these rows: the selection takes the walk for one-hot sets
    whatever the reward (it reads the groups' supports and their union, facts of the rows alone), so a count asked
    again walks at once. Without it, one-hot sets counted again read the sets, made the problem and planned at every
    count: 56-68 µs a count where the remembered walk takes 21-32 µs on det-mdp:4:3 at average reward, whose visit
    distributions are mostly one-hot (docs/performance.md#listed-search)."""
    _keep_choice(facts, key, _Choice(problem, None, None, orbit, (walk, union), "topwalk"))


def _walked(choice: _Choice, problem: Problem) -> tuple[dict[tuple[int, ...], int], str, int] | None:
    """The remembered walk (:func:`_remember_walk`) at ``problem``'s reward; None where it has too many atoms (it
    had not when it was remembered: the atoms are the supports', so this is only a guard)."""
    walk, union = choice.prepared
    result = topwalk(problem, walk) if len(problem.pairs) == 1 else topwalk_atoms(problem, walk, union)
    if result is None:
        return None
    tally, evals = result
    if sum(tally.values()) != choice.orbit:  # pragma: no cover - an engine bug; never return wrong counts
        raise InvariantViolation(f"engine=topwalk accounted for {sum(tally.values())} of {choice.orbit} "
                                 "orbit elements; no counts are returned")
    return tally, "topwalk", evals


def scaled_problem(vectors: Sequence[Any], reward: tuple[Fraction, ...] | RewardMultiset, ints: bool = False,
                   groups: Sequence[Sequence[int]] = (), pairs: Sequence[tuple[int, int]] = (),
                   scaled: tuple[Sequence[tuple[int, ...]], int] | None = None) -> Problem:
    """The integer-scaled problem of ``vectors`` at ``reward`` (:func:`~.problem.make_problem`, ``scaled``: the
    vectors already scaled), with no question unless ``groups`` and ``pairs`` are given: callers that ask several
    questions of the same vectors scale them once and pass it to :func:`solve` as ``base``."""
    if isinstance(reward, RewardMultiset):
        return make_problem(vectors, groups, pairs, None, reward, ints=ints, scaled=scaled)
    return make_problem(vectors, groups, pairs, reward, ints=ints, scaled=scaled)


def solve(vectors: Sequence[tuple[Fraction, ...] | tuple[int, ...] | SparseVector], groups: list[list[int]],
          pairs: list[tuple[int, int]], reward: tuple[Fraction, ...] | RewardMultiset, engine: str,
          progress: Callable[[int], None] | None,
          executor: Any = None, *, ints: bool = False,
          weak: bool = False, base: Problem | None = None,
          scaled: tuple[Sequence[tuple[int, ...]], int] | None = None,
          recall: bool = True) -> tuple[dict[tuple[int, ...], int], str, int]:
    if engine not in ENGINES:
        raise InvalidArgument(f"engine={engine!r} is unknown; choose one of {', '.join(ENGINES)}")
    engine_requested = engine
    sym_blocks: list[list[int]] | None = None
    # rows kept from count to count (their facts: symorbit.exact.scaling.row_facts) remember the selection's choice
    # of the compiled loop per question and reward shape, so a count asked again goes straight to the loop
    rows = base.vectors if base is not None else scaled[0] if scaled is not None else None
    facts, key = _facts_and_key(rows, groups, pairs, reward, weak, base) \
        if engine == "auto" and executor is None and rows is not None and type(reward) is RewardMultiset \
        else (None, None)
    # (``recall`` False: the caller has just asked :func:`recount` the same question on the same rows, in vain)
    if recall and key is not None and (recalled := _recalled(facts, key, reward, progress)) is not None:  # type: ignore
        return recalled
    reduced = False
    if base is not None:        # the same vectors and reward already scaled (scaled_problem): only the question differs
        problem = with_question(base, groups, pairs)
    else:       # ``scaled``: the vectors' integer rows and scale, already at hand
        problem = scaled_problem(vectors, reward, ints, groups, pairs, scaled=scaled)
    orbit = multinomial(problem.multiplicities)
    supports = one_hot_supports(problem)
    union = common_union(problem, supports) if supports is not None else None
    walkable = supports is not None and (len(pairs) == 1 or union is not None)
    if engine == "topwalk" and not walkable:
        raise InvalidArgument("engine='topwalk' needs one-hot outcome sets (vectors c·e_j, one c > 0) whose compared "
                              "pairs all cover the same coordinates")
    if engine == "auto" and walkable:
        engine = "topwalk"
    if engine != "topwalk":
        problem = densify(problem)     # sparse vectors: only topwalk reads them as they are
        if weak and problem.sums_dtype is None:
            problem = against_the_rest(problem)     # no tie wherever X holds Y's maximum: rounded sums decide
    if engine not in ("reference", "topwalk", "auto"):
        problem = prune(problem)       # same maxima, so the same tally (see .dominance)
    if engine in SPLIT_ENGINES and (reason := SPLIT_ENGINES[engine].applicable(problem)) is not None:
        raise InvalidArgument(reason)
    if engine == "compiled" and not compiled_engine.numba_installed():
        raise MissingExtra("engine='compiled' needs numba: pip install 'symorbit[fast]'")
    plans: dict[str, Any] = {}
    if engine == "auto":
        # the cheapest engine on its own cost estimate (nanoseconds of one core)
        plans, costs = _split_costs(problem, executor)
        cheapest = min(costs)[0] if costs else 0
        if not costs or cheapest >= SMALL_COUNT and cheapest >= PAYBACK * reduction_cost(problem):
            # pruning and symmetry pay only where the count costs more than finding them
            reduced = True
            pruned = prune(problem)    # same maxima, so the same tally (see .dominance)
            if pruned is not problem:
                problem = pruned
                plans, costs = _split_costs(problem, executor)
            sym_blocks = coordinate_blocks(problem)
            if max(len(c) for c in sym_blocks) > 1:
                row = BLOCKS_ROW_COST + BLOCKS_ENTRY_COST * row_length(problem, sym_blocks)
                costs.append((estimate_distributions(problem, sym_blocks) * row, "blocks"))
        chosen_work, engine = min(costs) if costs else (0, "pruning")
        if "compiled" in plans and engine != "compiled":
            compiled_engine.note_regret(chosen_work, plans["compiled"])
    tally: dict[tuple[int, ...], int] | None = None
    if engine == "topwalk":
        walk = cast(list[frozenset[int]], supports)  # walkable: the sets are one-hot
        result = topwalk(problem, walk) if len(pairs) == 1 else \
            topwalk_atoms(problem, walk, union)  # type: ignore[arg-type]
        if result is None:
            if engine_requested == "topwalk":
                raise InvalidArgument("engine='topwalk': too many distinct coordinate atoms (more than 12)")
            engine = "blocks"      # too many atoms for the walk: symmetry reduction instead
            problem = densify(problem)
        else:
            tally, evals = result
            if key is not None and engine_requested == "auto" and problem.vectors is rows:
                _remember_walk(facts, key, problem, walk, union, orbit)     # type: ignore[arg-type]
    if tally is None and engine == "reference":
        refuse_if_too_large(orbit, MAX_EVALUATIONS["reference"], engine, problem, HINT)
        tally, evals = reference(problem)
    elif tally is None and engine == "blocks":
        if sym_blocks is None:
            sym_blocks = coordinate_blocks(problem)
        refuse_if_too_large(estimate_distributions(problem, sym_blocks), MAX_EVALUATIONS["blocks"], engine,
                              problem, HINT)
        tally, evals = blocks(problem, sym_blocks, progress)
    elif tally is None and engine in SPLIT_ENGINES:
        module = SPLIT_ENGINES[engine]
        the_plan = plans[engine] if engine in plans else module.plan(problem)
        refuse_if_too_large(the_plan.work, MAX_EVALUATIONS[engine], engine, problem, HINT, WORK_UNITS[engine])
        spread = {"executor": executor} if engine == "mitm" else {}    # only mitm sends its blocks to an executor
        try:
            tally, evals = getattr(module, engine)(problem, the_plan, progress=progress, **spread)
            # the compiled loop once its plan is settled; maxima with the compiled plan it was chosen over, if any,
            # against which a remembered count notes its regret as this one did (note_regret above)
            if key is not None and engine_requested == "auto" and not reduced and problem.vectors is rows and (
                    engine == "compiled" and compiled_engine.plan_settled(the_plan, problem) or engine == "maxima"):
                _remember(facts, key, problem, the_plan, orbit, engine,     # type: ignore[arg-type]
                          engine == "maxima" and "compiled" in plans)
        except maxima_engine.CoarseGaveUp:    # sums past int64 with a wide band: the Python-integer engine
            engine = "mitm"
            tally, evals = _given_up(problem, progress, executor)
    elif tally is None:
        refuse_if_too_large(orbit, MAX_EVALUATIONS[engine], engine, problem, HINT)
        tally, evals, _pruned = enumerate_prefixes(problem, prune=(engine == "pruning"), progress=progress)
    if sum(tally.values()) != orbit:  # pragma: no cover - an engine bug; never return wrong counts
        raise InvariantViolation(f"engine={engine} accounted for {sum(tally.values())} of {orbit} orbit elements; "
                                 "no counts are returned")
    if progress is not None and engine in _SILENT_ENGINES:  # they count in one step: the whole orbit, once checked
        progress(orbit)
    return tally, engine, evals
