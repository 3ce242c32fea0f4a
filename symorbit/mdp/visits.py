"""State visit distributions F(s), exact (OPTS Def. 3.3).

f^{π,s}(γ) = Σ_t γ^t E[e_{s_t}], including the t = 0 term e_s. For a rational γ
the vectors are exact ``Fraction`` tuples; for a sympy symbol they are rational
functions of γ. Deterministic MDPs are enumerated by *lassos* (a simple path
followed by a simple cycle), never by policies; stochastic MDPs enumerate only the
policies' restrictions to the states they reach from s, merging equivalent actions.

Examples
--------
The post's candy environment at γ = 1/2 from the start state:

>>> from symorbit.mdp.library import candy
>>> from symorbit.exact.numbers import fraction_str
>>> F = visit_distributions(candy(), "start", "1/2")
>>> len(F)
3
>>> [fraction_str(x) for x in F.restrict("candy").vectors[0]]
['1', '1', '0', '0', '0']
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Iterator

import sympy

from symorbit.errors import InvalidArgument
from symorbit.exact.limits import check_limit
from symorbit.exact.numbers import check_gamma, format_count
from symorbit.mdp.environment import MDP, check_mdp
from symorbit.outcomes.outcome_sets import OutcomeSet

__all__ = [
    "visit_distributions",
    "recurrent_state_distributions",
    "lassos",
    "minus_start",
    "GAMMA",
    "MAX_WORK", "outcomes_at"]

#: The sympy symbol to pass as ``gamma`` to get visit distributions as rational functions.
GAMMA = sympy.Symbol("gamma", positive=True)


def _discount(gamma: Any) -> Fraction | sympy.Symbol:
    if isinstance(gamma, sympy.Symbol):
        return gamma
    return check_gamma(gamma)


def lassos(env: MDP, state: Any) -> Iterator[tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]]:
    """The lassos of a deterministic MDP from ``state``: (prefix, cycle, first actions).

    Each stationary deterministic policy, followed from ``state``, walks a simple
    path (the prefix) and then repeats a simple cycle forever; every such lasso is
    realised by some policy. Distinct lassos are distinct functions of γ.

    Parameters
    ----------
    env : MDP
        A deterministic environment.
    state : str
        The start state s.

    Yields
    ------
    tuple
        ``(prefix, cycle, first_actions)``: the states visited once (starting with s),
        the states then repeated forever, and the actions in s that start this lasso.

    Raises
    ------
    InvalidArgument
        A stochastic MDP, or an unknown state.

    Examples
    --------
    The post's candy MDP: candy, or wait and then chocolate or hug, each terminal
    (a 1-cycle, docs/theory.md#p8):

    >>> from symorbit.mdp.library import candy
    >>> sorted((p, c) for p, c, _ in lassos(candy(), "start"))
    [(('start',), ('candy',)), (('start', 'wait'), ('chocolate',)), (('start', 'wait'), ('hug',))]

    References
    ----------
    OPTS Def. 3.3 (and the deterministic closed form in docs/theory.md#mdps); docs/theory.md#p12.
    """
    check_mdp(env, "lassos")
    if not env.is_deterministic:
        raise InvalidArgument(f"{env.name} is stochastic; lassos exist only for deterministic MDPs")
    yield from _walk(env, env.states[env.index(state)])


def _walk(env: MDP, start: str) -> Iterator[tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]]:
    """The lassos from ``start`` by an explicit stack (no recursion, so long paths are fine)."""
    succ: dict[str, dict[str, list[str]]] = {}
    for s, row in zip(env.states, env.transitions):
        by_next: dict[str, list[str]] = {}
        for a, dist in row:
            by_next.setdefault(dist[0][0], []).append(a)
        succ[s] = by_next
    path = [start]
    pos = {start: 0}
    stack = [iter(succ[start])]
    while stack:
        t = next(stack[-1], None)
        if t is None:
            stack.pop()
            if len(path) > 1:
                del pos[path.pop()]
            continue
        first = frozenset(succ[start][path[1] if len(path) > 1 else t])
        if t in pos:
            i = pos[t]
            yield tuple(path[:i]), tuple(path[i:]), first
        else:
            pos[t] = len(path)
            path.append(t)
            stack.append(iter(succ[t]))


#: The default work limit of :func:`visit_distributions` and :func:`recurrent_state_distributions`:
#: vector entries to compute (a symbolic entry counts 100, a stochastic policy its reached states
#: cubed). 10^6 exact entries take about ten seconds.
MAX_WORK = 10**6
_RAISE = "max_work=... (CLI: --max-work N, or max_work = N in an instance file)"


def _count_lassos(env: MDP, start: str, cap: int) -> int:
    """The number of lassos from ``start``, counted without building them, stopping above ``cap``."""
    succ = {s: list(dict.fromkeys(dist[0][0] for _, dist in row)) for s, row in zip(env.states, env.transitions)}
    path, pos, count = [start], {start}, 0
    stack = [iter(succ[start])]
    while stack:
        t = next(stack[-1], None)
        if t is None:
            stack.pop()
            if len(path) > 1:
                pos.discard(path.pop())
        elif t in pos:
            count += 1
            if count > cap:
                return count
        else:
            pos.add(t)
            path.append(t)
            stack.append(iter(succ[t]))
    return count


def _estimate(env: MDP, start: str, symbolic: bool, max_work: int) -> None:
    """Refuse before enumerating when F(s) would cost more than ``max_work`` (counted up to the limit)."""
    from itertools import islice

    from symorbit.exact.limits import refuse_above

    check_limit(max_work, name="max_work")
    reach = env.reachable(start)
    policies = 1  # an upper bound on the lassos / policy restrictions: distinct choices per reached state
    for s in reach:
        policies *= len({tuple(sorted(dist)) for _, dist in env.transitions[env.index(s)]})
    where = f"visit distributions of {env.name} from {start}"
    if env.is_deterministic:
        per = env.n_states * (100 if symbolic else 1)
        if policies * per <= max_work:
            return
        cap = max_work // per
        seen = _count_lassos(env, start, cap)
        refuse_above(seen * per, max_work, at_least=True,
                     what=f"{where}: more than {format_count(cap)} lassos (up to {format_count(policies)} "
                          f"policies) of {env.n_states} states, work",
                     shrink="use fewer states or fewer actions per state", raise_with=_RAISE)
        return
    per = len(reach) ** 3 * (100 if symbolic else 1) + env.n_states
    refuse_above(per, max_work, what=f"{where}: one exact solve over {len(reach)} reached states, work",
                 shrink="use fewer states", raise_with=_RAISE)
    if policies * per <= max_work:
        return
    cap = max_work // per
    seen = sum(1 for _ in islice(_policy_restrictions(env, start), cap + 1))
    refuse_above(seen * per, max_work, at_least=True,
                 what=f"{where}: more than {format_count(cap)} policies (up to {format_count(policies)}) over "
                      f"{len(reach)} reached states, work",
                 shrink="use fewer states or fewer distinct actions", raise_with=_RAISE)


def _lasso_vector(env: MDP, prefix: tuple[str, ...], cycle: tuple[str, ...], g: Any) -> tuple[Any, ...]:
    vec: list[Any] = [0] * env.n_states
    k, length = len(prefix), len(cycle)
    for t, s in enumerate(prefix):
        vec[env.index(s)] = g**t
    scale = g**k / (1 - g**length)
    for j, s in enumerate(cycle):
        vec[env.index(s)] = scale * g**j
    if isinstance(g, Fraction):
        return tuple(Fraction(x) for x in vec)
    return tuple(sympy.cancel(sympy.sympify(x)) for x in vec)


def _policy_restrictions(env: MDP, start: str) -> Iterator[dict[str, tuple[tuple[str, Fraction], ...]]]:
    """Each policy restricted to the states it reaches from ``start``, equivalent actions merged."""
    rows = {s: row for s, row in zip(env.states, env.transitions)}

    def distinct(s: str) -> list[tuple[tuple[str, Fraction], ...]]:
        seen: dict[tuple, None] = {}
        for _, dist in rows[s]:
            seen.setdefault(tuple(sorted(dist)), None)
        return list(seen)

    def extend(chosen: dict[str, tuple], frontier: list[str]) -> Iterator[dict[str, tuple]]:
        while frontier and frontier[-1] in chosen:
            frontier.pop()
        if not frontier:
            yield dict(chosen)
            return
        s = frontier[-1]
        for dist in distinct(s):
            chosen[s] = dist
            new = frontier[:-1] + [t for t, _ in dist if t not in chosen]
            yield from extend(chosen, new)
            del chosen[s]

    yield from extend({}, [start])


def _solve_visits(env: MDP, start: str, policy: dict[str, tuple], g: Any) -> tuple[Any, ...]:
    """Solve (I − γ P_πᵀ) f = e_s exactly on the reached states."""
    from sympy import QQ
    from sympy.polys.matrices import DomainMatrix

    reached = list(policy)
    where = {s: i for i, s in enumerate(reached)}
    n = len(reached)
    symbolic = not isinstance(g, Fraction)
    dom = QQ.frac_field(g) if symbolic else QQ
    gd = dom.from_sympy(g) if symbolic else QQ(g.numerator, g.denominator)
    rows = [[dom.zero] * n for _ in range(n)]
    for i in range(n):
        rows[i][i] = dom.one
    for s, dist in policy.items():
        j = where[s]
        for t, p in dist:
            rows[where[t]][j] -= gd * dom.convert(QQ(p.numerator, p.denominator))
    rhs = [[dom.one if s == start else dom.zero] for s in reached]
    sol = DomainMatrix(rows, (n, n), dom).lu_solve(DomainMatrix(rhs, (n, 1), dom)).to_Matrix()
    vec: list[Any] = [Fraction(0) if not symbolic else sympy.Integer(0)] * env.n_states
    for s, i in where.items():
        val = sol[i, 0]
        vec[env.index(s)] = sympy.cancel(val) if symbolic else Fraction(int(val.p), int(val.q))
    return tuple(vec)


def visit_distributions(env: MDP, state: Any, gamma: Any, *, first_action: str | None = None,
                        max_work: int = MAX_WORK) -> OutcomeSet:
    """F(s) (or F(s | π(s) = a)): the exact state visit distributions from ``state``.

    Parameters
    ----------
    env : MDP
        The environment (deterministic or stochastic).
    state : str
        The start state s.
    gamma : Fraction, int, str or sympy.Symbol
        A rational discount in (0, 1) such as ``"9/10"``, or :data:`GAMMA` (any
        sympy symbol) for rational functions of the discount.
    first_action : str, optional
        Keep only the distributions of policies taking this action in ``state``.
    max_work : int, keyword-only
        The work limit (:data:`MAX_WORK` by default): vector entries to compute, with a
        symbolic entry counting 100 and a stochastic policy its reached states cubed.
        The work is estimated from the lassos (or policies) before any vector is built.

    Returns
    -------
    OutcomeSet
        Distinct vectors indexed by ``env.states``, each tagged with the first
        actions that produce it.

    Raises
    ------
    InvalidArgument
        Unknown state or action, discount outside (0, 1).
    NotExact
        A float discount.
    TooLarge
        The estimated work exceeds ``max_work``; the message says by how much and what to shrink.

    Notes
    -----
    Deterministic MDPs: one vector per lasso (OPTS Def. 3.3, closed form
    Σ_{t<k} γ^t e_{p_t} + γ^k/(1−γ^L) Σ_l γ^l e_{c_l}). Stochastic MDPs: one linear
    solve per policy restricted to the states it reaches from s.

    Asked again with the same environment object, state and discount, it returns the same
    set, kept with the environment (which is immutable): milliseconds become microseconds,
    and ``first_action=a`` gives the same part ``F.restrict(a)`` each time, so a loop that
    calls it at every reward counts on rows read once. An environment keeps at most
    :data:`KEPT_SETS` sets and :data:`KEPT_ENTRIES` vector entries in all, the oldest
    going first; copies and pickles of it keep none. A ``max_work`` below what the set
    was built under is checked again, so a call refuses exactly when it would without them.

    Examples
    --------
    The post's candy MDP at γ = 1/2: candy is visited forever after one step, so its
    visit distribution is e_start + e_candy·γ/(1 − γ):

    >>> from symorbit.mdp.library import candy
    >>> from symorbit.exact.numbers import fraction_str
    >>> F = visit_distributions(candy(), "start", "1/2")
    >>> [fraction_str(x) for x in F.restrict("candy").vectors[0]], len(F.restrict("wait"))
    (['1', '1', '0', '0', '0'], 2)

    As rational functions of the discount:

    >>> F = visit_distributions(candy(), "start", GAMMA, first_action="candy")
    >>> F.vectors[0][:2]
    (1, -gamma/(gamma - 1))

    Asked again, the same set (kept with the environment):

    >>> env = candy()
    >>> visit_distributions(env, "start", "1/2") is visit_distributions(env, "start", "1/2")
    True

    References
    ----------
    OPTS Def. 3.3, Def. 3.4, Prop. E.3.
    """
    check_mdp(env, "visit_distributions")
    g = _discount(gamma)
    start = env.states[env.index(state)]
    if first_action is not None and first_action not in env.actions(start):
        raise InvalidArgument(
            f"first_action={first_action!r} is not available in state {start!r}; "
            f"available: {', '.join(env.actions(start))}"
        )
    F = _kept_or_built(env, "visit_distributions", start, g, not isinstance(g, Fraction), max_work, _build)
    return F.restrict(first_action) if first_action is not None else F


#: How many sets of visit distributions an environment keeps (:func:`visit_distributions`), and how many vector
#: entries in all (exact Fractions at γ = 9/10 take about 100-150 bytes each): past either, the oldest go first.
KEPT_SETS = 64
KEPT_ENTRIES = 250_000


def _kept_or_built(env: MDP, kind: str, start: str, g: Any, symbolic: bool, max_work: int,
                   build: Callable[[MDP, str, Any], OutcomeSet]) -> OutcomeSet:
    """The outcome set ``build(env, start, g)`` of ``kind``, kept with the environment (its ``_memo``: the MDP is
    immutable) by start state and discount, and built only where none is kept. :func:`_estimate` refuses as it would
    without the memo: a kept set is returned without it only where ``max_work`` is at least a limit it passed
    before, since its refusal is monotone in the limit (it refuses exactly when the lassos, or policies, times a cost
    per vector exceed it)."""
    kept = env._memo.setdefault(kind, {})
    F, passed = kept.get((start, g), (None, 0))
    if F is None or check_limit(max_work, name="max_work") < passed:
        _estimate(env, start, symbolic, max_work)
        F = F if F is not None else build(env, start, g)
        if len(F) * F.dimension <= KEPT_ENTRIES:
            kept[(start, g)] = (F, max_work)
            while len(kept) > KEPT_SETS or sum(len(v) * v.dimension for v, _ in list(kept.values())) > KEPT_ENTRIES:
                kept.pop(next(iter(kept)), None)
    return F


def _build(env: MDP, start: str, g: Any) -> OutcomeSet:
    """F(start) at the discount ``g`` (a Fraction or a sympy symbol), every vector computed."""
    tagged: list[tuple[tuple[Any, ...], frozenset[str]]] = []
    if env.is_deterministic:
        for prefix, cycle, first in lassos(env, start):
            tagged.append((_lasso_vector(env, prefix, cycle, g), first))
    else:
        start_row = dict(env.transitions[env.index(start)])
        for policy in _policy_restrictions(env, start):
            chosen = policy[start]
            first = frozenset(a for a, dist in start_row.items() if tuple(sorted(dist)) == chosen)
            tagged.append((_solve_visits(env, start, policy, g), first))
    return OutcomeSet.build(env.states, tagged, gamma=g)


def recurrent_state_distributions(env: MDP, state: Any, *, first_action: str | None = None,
                                  max_work: int = MAX_WORK) -> OutcomeSet:
    """RSD(s): the average-reward limits lim_{γ→1} (1−γ) f^{π,s}(γ) (OPTS Def. 6.10).

    Parameters
    ----------
    env : MDP
        The environment (deterministic or stochastic).
    state : str
        The start state s.
    first_action : str, optional
        Keep only the distributions of policies taking this action in ``state``.
    max_work : int, keyword-only
        The work limit of :func:`visit_distributions` (checked before any work).

    Returns
    -------
    OutcomeSet
        Distinct probability vectors indexed by ``env.states``, tagged with first
        actions, with ``gamma="average"``.

    Raises
    ------
    InvalidArgument
        Unknown state, or a first action that produces no distribution.

    Examples
    --------
    The post's candy MDP: the RSDs are one-hot, candy against chocolate and hug, so
    average-reward counts are the outcome-level counts of docs/theory.md#candy ("2 copies",
    docs/theory.md#p5):

    >>> from symorbit.mdp.library import candy
    >>> R = recurrent_state_distributions(candy(), "start")
    >>> sorted(sorted(R.tags(v)) for v in R)
    [['candy'], ['wait'], ['wait']]
    >>> [tuple(map(int, v)) for v in recurrent_state_distributions(candy(), "start", first_action="candy")]
    [(0, 1, 0, 0, 0)]

    References
    ----------
    OPTS Def. 6.10, Prop. E.50; docs/theory.md#mdps and docs/theory.md#pitfalls P5, P7.
    """
    start = env.states[env.index(state)]
    R = _kept_or_built(env, "recurrent_state_distributions", start, "average", not env.is_deterministic, max_work,
                       lambda env, start, _: _recurrent(env, start, max_work))
    return R.restrict(first_action) if first_action is not None else R


def _recurrent(env: MDP, start: str, max_work: int) -> OutcomeSet:
    """RSD(start), every vector computed (for a stochastic MDP, from F(start) as rational functions of γ)."""
    tagged: list[tuple[tuple[Fraction, ...], frozenset[str] | set[str]]] = []
    if env.is_deterministic:
        # a lasso's limit is uniform on its cycle: lassos with one cycle give one vector, made once (hashing a
        # vector of Fractions, to merge it, costs a modular inverse an entry: most of a search's instance set-up)
        first_by_cycle: dict[tuple[frozenset[int], int], set[str]] = {}
        for _prefix, cycle, first in lassos(env, start):
            first_by_cycle.setdefault((frozenset(map(env.index, cycle)), len(cycle)), set()).update(first)
        zero = Fraction(0)
        for (on_cycle, length), first_actions in first_by_cycle.items():
            share = Fraction(1, length)
            tagged.append((tuple(share if i in on_cycle else zero for i in range(env.n_states)), first_actions))
    else:
        symbolic = visit_distributions(env, start, GAMMA, max_work=max_work)
        for vec, first in zip(symbolic.vectors, symbolic.first_actions):
            lim = []
            for x in vec:
                val = sympy.cancel((1 - GAMMA) * x).subs(GAMMA, 1)
                lim.append(Fraction(int(val.p), int(val.q)))
            tagged.append((tuple(lim), first))
    return OutcomeSet.build(env.states, tagged, gamma="average")


def minus_start(F: OutcomeSet, index: int) -> OutcomeSet:
    """{f − e_s : f ∈ F}: the visits after the start state s = coordinate ``index`` (OPTS Def. 5.2), tags kept.

    Parameters
    ----------
    F : OutcomeSet
        Visit distributions from s.
    index : int
        The coordinate of s.

    Returns
    -------
    OutcomeSet
        The shifted vectors, with the same tags and ``gamma``.

    Examples
    --------
    The post's candy MDP at γ = 1/2 (the Wait!-then-hug distribution):

    >>> from symorbit.mdp.library import candy
    >>> from symorbit.exact.numbers import fraction_str
    >>> [fraction_str(x) for x in minus_start(visit_distributions(candy(), "start", "1/2"), 0).vectors[0]]
    ['0', '0', '1/2', '0', '1/2']

    References
    ----------
    OPTS Def. 5.2 (POWER subtracts e_s); docs/theory.md#p8.
    """
    kept = F.kept().setdefault("minus_start", {}) if type(index) is int else None
    if kept is not None and (found := kept.get(index)) is not None:
        return found        # kept with F (immutable): two instances of one state share their sets and what they keep
    vecs = []
    for v, tags in zip(F.vectors, F.first_actions):      # F.tags(v) would search the vectors for each v
        w = list(v)
        w[index] -= 1
        vecs.append((tuple(w), tags))
    shifted = OutcomeSet.build(F.coordinates, vecs, gamma=F.gamma)
    if kept is not None:
        kept[index] = shifted
    return shifted


def outcomes_at(env: MDP, state: Any, gamma: Any, *, first_action: str | None = None,
                max_work: int = MAX_WORK) -> OutcomeSet:
    """The outcome set of ``state`` at a discount spec: F(s) at a rational γ, RSD(s) for ``"average"``.

    The one place that reads a discount spec, so every command, instance file and family
    spells it the same way: a rational in (0, 1) such as ``"9/10"``, ``GAMMA`` (the symbol,
    for rational functions of γ), or ``"average"`` (the average-reward limit, OPTS Def. 6.10).

    Parameters
    ----------
    env : MDP
        The environment.
    state : str
        The start state s.
    gamma : int, Fraction, str or GAMMA
        The discount spec.
    first_action : str, optional
        Keep only the outcomes of policies taking this action in ``state``.
    max_work : int, keyword-only
        The work limit of :func:`visit_distributions` / :func:`recurrent_state_distributions`.

    Returns
    -------
    OutcomeSet

    Raises
    ------
    InvalidArgument
        Unknown state or action, or γ outside (0, 1).
    NotExact
        A float discount.
    TooLarge
        The enumeration would exceed ``max_work``.

    Examples
    --------
    The post's candy MDP: Wait! has two outcomes at γ = 1/2 and two recurrent ones on average.

    >>> from symorbit.mdp.library import candy
    >>> len(outcomes_at(candy(), "start", "1/2", first_action="wait")), len(outcomes_at(candy(), "start", "average", first_action="wait"))
    (2, 2)

    References
    ----------
    OPTS Def. 3.3 (F(s)), Def. 6.10 (RSD(s)); docs/theory.md#p7 (γ = 1 has two meanings).
    """
    check_mdp(env, "outcomes_at")
    if isinstance(gamma, str) and gamma == "average":
        return recurrent_state_distributions(env, state, first_action=first_action, max_work=max_work)
    return visit_distributions(env, state, gamma, first_action=first_action, max_work=max_work)
