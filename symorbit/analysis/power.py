"""Exact POWER and optimality probability (OPTS Def. 5.2 and 4.3).

POWER_D(s, γ) = ((1−γ)/γ) E_{r∼D}[max_{f∈F(s)} (f(γ) − e_s)ᵀ r]
P_D(F′, γ)    = P_{r∼D}(max_{F′} fᵀr ≥ max_{F(s)} fᵀr)

Distributions
-------------
* a :class:`FiniteDistribution` (any finite weighted set of rewards), e.g.
  :func:`orbit_distribution` (uniform over the distinct orbit of a reward): exact
  rational sums;
* :data:`IID_UNIFORM` (OPTS's default, iid uniform on [0, 1]^d): exact sums of
  polytope volumes. With g_f = f − e_s ≥ 0, E[max_f g_fᵀr] = Σ_f ∫_{P_f} g_fᵀr dr over
  the regions P_f where f is optimal, and each integral is the (k+1)-volume of
  {(r, y) : r ∈ P_f, 0 ≤ y ≤ g_fᵀr}; volumes come from Normaliz (PyNormaliz), exact
  rationals. Only coordinates in the supports enter (the rest integrate to 1).

A Monte Carlo estimator is provided only as a cross-check, with its standard error.

Examples
--------
OPTS Fig. 3 values under iid uniform rewards: POWER(∅) = 1/2, POWER(r↘) = 2/3,
POWER(ℓ↙) = (2/3 + γ/2)/(1+γ), here at γ = 1/2 (= 11/18):

>>> from symorbit.mdp.library import opts_figure1
>>> env = opts_figure1()
>>> [power(env, s, "1/2") for s in ("empty", "r_down", "l_down")]
[Fraction(1, 2), Fraction(2, 3), Fraction(11, 18)]
>>> power(env, "empty", "1/2", distribution=orbit_distribution(range(8)))
Fraction(7, 2)
"""

from __future__ import annotations

import math
import operator
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Iterable, Sequence

from more_itertools import distinct_permutations

from symorbit.errors import InvalidArgument, InvariantViolation, MissingExtra, TooLarge
from symorbit.exact.numbers import check_gamma, format_count, to_fraction, to_vector
from symorbit.exact.scaling import scaled_rows
from symorbit.mdp.environment import MDP, check_mdp
from symorbit.mdp.visits import minus_start, visit_distributions
from symorbit.orbits.engines.problem import sums_dtype_of
from symorbit.outcomes.groups import orbit_size
from symorbit.outcomes.nondominated import (
    _dot,
    _integer_row,
    _integer_weights,
    _keep_basis,
    _kept_weights,
    _phase_one,
    _probed_vertices,
)
from symorbit.outcomes.outcome_sets import OutcomeSet

__all__ = ["FiniteDistribution", "IID_UNIFORM", "MAX_WORK", "orbit_distribution", "power", "optimality_probability",
           "expected_max", "region_volumes", "power_monte_carlo", "estimate_work"]

#: OPTS's default reward distribution: iid uniform on [0, 1]^d.
IID_UNIFORM = "iid-uniform"
MAX_ORBIT = 2_000_000

Vector = tuple[Fraction, ...]


def _normaliz_cone() -> Any:
    """PyNormaliz's ``Cone`` (exact volumes), an optional dependency: the ``[power]`` extra."""
    try:
        from PyNormaliz import Cone
    except ImportError:
        raise MissingExtra("exact POWER under iid-uniform rewards needs PyNormaliz: pip install 'symorbit[power]'") from None
    return Cone


@dataclass(frozen=True)
class FiniteDistribution:
    """A finite distribution over reward vectors: ``((reward, probability), ...)``, probabilities summing to 1.

    Build one with :meth:`weighted`, :meth:`uniform` or :func:`orbit_distribution`
    (which normalise and validate); the constructor takes the pairs as they are.

    Parameters
    ----------
    outcomes : tuple of (tuple of Fraction, Fraction)
        The rewards and their probabilities.

    Examples
    --------
    POWER of the post's candy MDP under the uniform distribution over the orbit of
    r = (0, 1, 2, 3, 4) (OPTS Def. 6.3: a distribution's orbit):

    >>> from symorbit.mdp.library import candy
    >>> D = orbit_distribution([0, 1, 2, 3, 4])
    >>> len(D.outcomes), power(candy(), "start", "1/2", distribution=D)
    (120, Fraction(46, 15))

    References
    ----------
    OPTS Def. 4.2 (reward distributions), Def. 5.2 (POWER under D).
    """

    outcomes: tuple[tuple[Vector, Fraction], ...]

    @classmethod
    def weighted(cls, items: Iterable[tuple[Sequence[Any], Any]]) -> "FiniteDistribution":
        """A distribution from ``(reward, weight)`` pairs; weights are normalised to sum to 1.

        Parameters
        ----------
        items : iterable of (reward, weight)
            Exact rewards and non-negative exact weights (not all 0).

        Returns
        -------
        FiniteDistribution

        Raises
        ------
        InvalidArgument
            No pairs, a negative weight, or weights summing to 0.
        NotExact
            A float reward entry or weight.

        Examples
        --------
        >>> D = FiniteDistribution.weighted([((0, 1), 1), ((1, 0), 3)])
        >>> [w for _, w in D.outcomes]
        [Fraction(1, 4), Fraction(3, 4)]

        References
        ----------
        OPTS Def. 4.2 (𝔇_bound: distributions with bounded support).
        """
        pairs = [(to_vector(r, name="reward"), to_fraction(w, name="weight")) for r, w in items]
        if not pairs or any(w < 0 for _, w in pairs):
            raise InvalidArgument("a finite distribution needs at least one reward and non-negative weights")
        total = sum((w for _, w in pairs), Fraction(0))
        if total == 0:
            raise InvalidArgument("the weights sum to 0")
        return cls(tuple((r, w / total) for r, w in pairs))

    @classmethod
    def uniform(cls, rewards: Iterable[Sequence[Any]]) -> "FiniteDistribution":
        """The uniform distribution over the given rewards (a reward listed twice counts twice).

        Parameters
        ----------
        rewards : iterable of sequences
            Exact reward vectors, at least one.

        Returns
        -------
        FiniteDistribution

        Raises
        ------
        InvalidArgument
            No rewards.
        NotExact
            A float entry.

        Examples
        --------
        >>> [w for _, w in FiniteDistribution.uniform([(0, 1), (1, 0)]).outcomes]
        [Fraction(1, 2), Fraction(1, 2)]

        References
        ----------
        OPTS Def. 4.2.
        """
        return cls.weighted((r, 1) for r in rewards)


def orbit_distribution(reward: Iterable[Any]) -> FiniteDistribution:
    """The uniform distribution over the distinct orbit elements of ``reward``.

    Parameters
    ----------
    reward : iterable
        An exact reward vector r.

    Returns
    -------
    FiniteDistribution
        Probability 1/|S_d·r| on each distinct orbit element.

    Raises
    ------
    NotExact
        A float entry.
    TooLarge
        The orbit has more than two million elements.

    Examples
    --------
    The candy table's tied reward (0, 1, 1) (docs/theory.md#candy) has three orbit elements:

    >>> D = orbit_distribution([0, 1, 1])
    >>> len(D.outcomes), D.outcomes[0][1]
    (3, Fraction(1, 3))

    References
    ----------
    PR Def. 3.1 (the orbit as a set); OPTS Def. 6.3, 6.4; docs/theory.md#p1.
    """
    r = to_vector(reward, name="reward")
    if orbit_size(r) > MAX_ORBIT:
        raise TooLarge(f"the orbit of reward has {format_count(orbit_size(r))} elements (> {format_count(MAX_ORBIT)}) to list")
    return FiniteDistribution.uniform(distinct_permutations(sorted(r)))


#: Default limit on the estimated work of exact volumes under IID_UNIFORM, in *work units*: one unit is
#: about one second of Normaliz on the 2-core machine where the cost model was calibrated
#: (benchmarks/power.py --calibrate). Raise it per call with ``max_work=``.
MAX_WORK = 60.0

#: The cost model (see :func:`estimate_work`), fitted in benchmarks/power.py --calibrate (docs/performance.md,
#: "What exact POWER finishes"). _FACET_COST is also the budget of the certified LPs in :func:`_live_vectors`.
_FACET_COST = (1.7e-10, 1.61, 3.6)  # c, b, p: c · b^k · n^p for facet detection over n vectors (Normaliz)
_LP_COST = (0.06, 0.69)             # c, p: c · n^p for facet detection by certified LPs (_live_by_lp)
_VOLUME_COST = (1.1e-7, 2.7, 2.4)   # c, b, p: c · b^k · live^p for the epigraph volume (E[max], POWER)
_REGIONS_FACTOR = 2.5               # all the regions of optimality_probability, against one epigraph


#: From this dimension on, volumes use Normaliz's signed decomposition (it triangulates the dual, whose
#: vertices are the few facets, instead of the 2^dim-ish vertices of a cut cube: 3.3 s instead of 130 s for
#: a 10-state MDP's epigraph); below it the fixed cost of the dual computation dominates.
SIGNED_FROM_DIMENSION = 8


def _volume(inequalities: list[list[Fraction]], dim: int, *, signed: bool | None = None) -> Fraction:
    """Euclidean volume of {x ∈ R^dim : a·x + b ≥ 0 for each row [a..., b]}, exact (0 if not full-dimensional).

    Normaliz's ``Volume`` is the lattice-normalised volume (dim! × Euclidean for a full-dimensional
    polytope). It is computed with ``BigInt``: Normaliz's default machine-integer (``long long``)
    path overflows silently on the large integer rows that visit distributions at γ = 9/10 produce
    (denominators like 10^6·3439), which gave the negative and nondeterministic POWER of issue 10.
    """
    Cone = _normaliz_cone()

    cone = Cone(inhom_inequalities=[_integer_row(row) for row in inequalities])
    if cone.AffineDim(BigInt=True) < dim:
        return Fraction(0)
    if signed is None:
        signed = dim >= SIGNED_FROM_DIMENSION
    if signed:
        return Fraction(cone.Volume(BigInt=True, SignedDec=True)) / math.factorial(dim)
    return Fraction(cone.Volume(BigInt=True)) / math.factorial(dim)


def _cube_rows(k: int, extra: int) -> list[list[Fraction]]:
    """Rows 0 ≤ r_j ≤ 1 (j < k) in a space with ``extra`` further coordinates before the constant."""
    rows = []
    for j in range(k):
        unit = [Fraction(int(t == j)) for t in range(k)] + [Fraction(0)] * extra
        rows.append(unit + [Fraction(0)])
        rows.append([-u for u in unit] + [Fraction(1)])
    return rows


def _support(vectors: Sequence[Sequence[Fraction]]) -> tuple[list[int], list[Vector]]:
    coords = sorted({j for v in vectors for j, x in enumerate(v) if x != 0})
    return coords, [tuple(v[j] for j in coords) for v in vectors]


def _epigraph_rows(vecs: Sequence[Vector]) -> tuple[Fraction, list[list[Fraction]]]:
    """M and the rows of E = {(r, y) : r ∈ [0,1]^k, max_x xᵀr ≤ y ≤ M}, M = max over the cube of max_x xᵀr."""
    k = len(vecs[0])
    top = max(sum((a for a in x if a > 0), Fraction(0)) for x in vecs)
    rows = _cube_rows(k, 1)
    rows.append([Fraction(0)] * k + [Fraction(-1), top])                  # y ≤ M
    rows += [[-a for a in x] + [Fraction(1), Fraction(0)] for x in vecs]   # y ≥ xᵀr
    return top, rows


def _epigraph_expected_max(vecs: Sequence[Vector]) -> Fraction:
    """E[max_x xᵀr] for r iid uniform on [0,1]^k: max is convex, so E[max] = M − vol(E) (one polytope)."""
    top, rows = _epigraph_rows(vecs)
    return top - _volume(rows, len(vecs[0]) + 1)


def _primitive(row: Sequence[int]) -> tuple[int, ...]:
    g = 0
    for a in row:
        g = math.gcd(g, a)
    return tuple(a // g for a in row) if g else tuple(row)


def _facet_vectors(vecs: Sequence[Vector]) -> list[int]:
    """Indices of the vectors whose optimality region in [0,1]^k has positive volume.

    max_x xᵀr is positively homogeneous, so a region {r ∈ [0,1]^k : x optimal} is full-dimensional
    exactly when the cone {r ≥ 0 : x optimal} is, that is when y ≥ xᵀr is a facet of the cone
    {(r, y) : r ≥ 0, y ≥ xᵀr for every x}. That cone has no cube corners (the 2^k vertices
    that made the polytope version slow); any other vector is optimal only on a null set and
    never changes the maximum. If the cone is not full-dimensional every vector is returned.
    """
    Cone = _normaliz_cone()

    k = len(vecs[0])
    orthant = [[int(t == j) for t in range(k)] + [0] for j in range(k)]
    rows = [_integer_row([-a for a in x] + [Fraction(1)]) for x in vecs]
    cone = Cone(inequalities=orthant + rows)
    if cone.Rank(BigInt=True) < k + 1:
        return list(range(len(vecs)))
    facets = {_primitive(h) for h in cone.SupportHyperplanes(BigInt=True)}
    return [i for i, r in enumerate(rows) if _primitive(r) in facets]


def _live_by_lp(vecs: Sequence[Vector]) -> list[int]:
    """The same indices as :func:`_facet_vectors`, by one certified exact LP per vector instead of a dual description.

    x is live exactly when some r ≥ 0 puts it strictly above every other vector (strict
    inequalities are open, so a neighbourhood of r inside the orthant, scaled into the cube,
    is a region of positive volume; distinct vectors tie only on hyperplanes). By Farkas'
    lemma the alternative is weights λ ≥ 0, Σλ = 1, with Σ λ_j x_j ≥ x over the others (then
    rᵀx ≤ max_j rᵀx_j for every r ≥ 0). The exact Phase-I simplex of ND(X) decides which,
    on the system Σ λ_j (x_j, 1) − Σ s_i (e_i, 0) = (x, 1) over the live vectors found so far
    (column generation: a Farkas reward that some other vector ties or beats brings those
    vectors in), and each answer is re-checked by substitution. The dual description's
    cost grows with the cone's extreme rays (a 4×3 gridworld's 615 vectors: over 120 s);
    this one with the number of vectors and of live ones (about 3 s there).
    """
    verdicts = _lp_verdicts(vecs)
    return [i for i in range(len(vecs)) if verdicts[i]]


def _lp_verdicts(vecs: Sequence[Vector], *, budget: float = math.inf,
                 clock: Callable[[], float] = time.process_time) -> dict[int, bool]:
    """Certified verdicts of :func:`_live_by_lp` (index → live), stopping once ``budget`` seconds of ``clock`` are spent.

    Every verdict returned is certified (a witness reward or dominating weights, re-checked in
    integers); without a budget every vector gets one. The clock is read before each vector
    that the kept bases (:func:`~symorbit.outcomes.nondominated._basis_weights`) or an LP
    decides, so ``budget=0`` decides only the vectors that are the unique largest in some
    coordinate or under one of the random rewards r ≥ 0. The LPs also stop early once their
    average so far, times the vectors still open, already exceeds what is left of the budget
    (the per-LP cost grows with the live vectors found, so that projection is low) after at
    least a tenth of the vectors.

    Examples
    --------
    >>> from fractions import Fraction as Fr
    >>> X = [(Fr(1), Fr(0)), (Fr(0), Fr(1)), (Fr(1, 3), Fr(1, 3)), (Fr(2, 3), Fr(2, 3))]
    >>> sorted(_lp_verdicts(X).items())
    [(0, True), (1, True), (2, False), (3, True)]
    >>> sorted(_lp_verdicts(X, budget=0).items())      # (2/3, 2/3) is the largest under some random r ≥ 0
    [(0, True), (1, True), (3, True)]
    """
    start = clock()
    k = len(vecs[0])
    ints, _ = scaled_rows(vecs)     # the LPs, scores and re-checks on integers at one common scale
    slack = [tuple(-int(t == j) for t in range(k)) + (0,) for j in range(k)]
    # the unique largest under a random reward r ≥ 0 (checked exactly) is strictly best there
    live: dict[int, bool] = dict.fromkeys(_probed_vertices(ints, nonnegative=True), True) if len(vecs) > 1 else {}
    for j in range(k):   # a unique largest x_j is strictly best at r = e_j
        top = max(v[j] for v in ints)
        best = [i for i, v in enumerate(ints) if v[j] == top]
        if len(best) == 1:
            live[best[0]] = True
    known = list(live)
    bases: list[Any] = []
    order = [i for i in sorted(range(len(vecs)), key=lambda t: -sum(ints[t])) if i not in live]
    for done, i in enumerate(order):
        spent = clock() - start
        if spent >= budget or (10 * done >= len(order) and spent / done * (len(order) - done) > budget - spent):
            break
        cols = [t for t in known if t != i]
        # a basis another dead vector's LP ended with often holds this one too (slack columns as negative indices)
        pairs = _kept_weights(bases, ints[i] + (1,), i)
        while pairs is None:
            found: list[Any] = []
            feasible, sol = _phase_one([ints[t] + (1,) for t in cols] + slack, ints[i] + (1,), basis_out=found)
            if feasible:
                _keep_basis(bases, found[0], cols)
                pairs = [(t, w) for t, w in zip(cols, sol) if w]
                break
            r, _ = _integer_weights(sol[:k])
            if any(a < 0 for a in r):   # pragma: no cover - the slack columns make the Farkas reward ≥ 0
                raise _violation("expected_max", _short([vecs[i]]), "a Farkas reward has a negative entry")
            rx = sum(map(operator.mul, r, ints[i]))
            scored = ((sum(map(operator.mul, r, v)), t) for t, v in enumerate(ints) if t != i)
            rivals = [t for value, t in sorted((s for s in scored if s[0] >= rx), reverse=True)]
            if not rivals:   # r ≥ 0 puts vecs[i] strictly above every other vector: checked, in integers
                live[i] = True
                known.append(i)
                break
            cols += [t for t in rivals[:k + 1] if t not in cols]
        if pairs is not None:
            # Re-check in integers: weights w_t / W with Σ w_t = W and Σ_t w_t x_t ≥ W x componentwise.
            pairs = [(t, w) for t, w in pairs if t >= 0]        # the slack columns' weights are the surplus
            weights, den = _integer_weights([w for _, w in pairs])
            mix = [sum(w * ints[t][j] for (t, _), w in zip(pairs, weights)) for j in range(k)]
            if (sum(weights) != den or any(w < 0 for w in weights)
                    or any(m < den * a for m, a in zip(mix, ints[i]))):
                raise _violation("expected_max", _short([vecs[i]]), "a convex combination that dominates the "
                                 "vector failed re-checking")   # pragma: no cover - an LP solver bug
            live[i] = False
    return live


def _pulled_coordinates(vecs: Sequence[Vector]) -> tuple[Fraction, list[Vector]]:
    """(Σ_j c_j / 2, the vectors without j) over the coordinates j where every vector has the same entry c_j.

    max_x xᵀr = Σ_j c_j r_j + max_x x′ᵀr′ there, and E[r_j] = 1/2: one dimension less per coordinate.
    """
    k = len(vecs[0])
    same = [j for j in range(k) if all(v[j] == vecs[0][j] for v in vecs)]
    if not same:
        return Fraction(0), list(vecs)
    rest = [j for j in range(k) if j not in same]
    return sum((vecs[0][j] for j in same), Fraction(0)) / 2, [tuple(v[j] for j in rest) for v in vecs]


def _facet_costs(k: int, n: int) -> tuple[float, float]:
    """Modelled seconds of facet detection: (Normaliz's dual description, the certified LPs)."""
    c1, b1, p1 = _FACET_COST
    c3, p3 = _LP_COST
    return c1 * b1**k * n**p1, c3 * n**p3


def _live_vectors(vecs: Sequence[Vector], *, budget: float | None = None,
                  clock: Callable[[], float] = time.process_time) -> list[int]:
    """The indices of :func:`_facet_vectors` and :func:`_live_by_lp`: certified LPs first, the dual description if they run long.

    The LPs' cost follows the number of live vectors, which is not known in advance (a 3×3
    gridworld's 211 vectors with 25 live: 0.36 s; a random 10-state MDP's 80 with 67 live:
    2.5 s), the dual description's mostly k and n. So the LPs run under a budget of the
    dual description's modelled seconds (``budget``, default from :func:`_facet_costs`),
    and when it is spent the dual description finishes the job on the vectors not
    certified dead. The cost is then at most about the better method's plus the budget.

    Dropping the certified-dead vectors is sound. The regions {r ≥ 0 : x optimal} are closed;
    the part of the orthant outside the live vectors' regions is relatively open and lies in
    the dead vectors' regions, a null set, so it is empty: max over all vectors = max over the
    live ones on all of r ≥ 0. Hence the cone C(S) = {(r, y) : r ≥ 0, y ≥ xᵀr for x ∈ S} is the
    same for every S between the live vectors and all of them (C(all) ⊆ C(S) ⊆ C(live) =
    C(all)), so it has the same facets, the rows y ≥ xᵀr of the live vectors (distinct
    vectors give distinct rows), and every one of them is in S: the dual description over S
    returns exactly the live vectors.

    Examples
    --------
    (1, 1, 1) ties the mean of the axes' vectors and (1, 2, 0) is dominated by (2, 2, 0). A
    budget that runs out at once (no LP: the dual description decides all but the unique
    coordinatewise maxima), none (LPs only), and a clock that counts its readings (one LP,
    then the dual description on the rest) give the same live set:

    >>> from fractions import Fraction as Fr
    >>> X = [tuple(map(Fr, v)) for v in [(3, 0, 0), (0, 3, 0), (0, 0, 3), (1, 1, 1), (2, 2, 0), (1, 2, 0)]]
    >>> ticks = iter(range(100))
    >>> _live_vectors(X, budget=0), _live_vectors(X, budget=math.inf), _live_vectors(X, budget=2, clock=lambda: next(ticks))
    ([0, 1, 2, 4], [0, 1, 2, 4], [0, 1, 2, 4])
    """
    k, n = len(vecs[0]), len(vecs)
    if budget is None:
        budget = _facet_costs(k, n)[0]
    verdicts = _lp_verdicts(vecs, budget=budget, clock=clock)
    if len(verdicts) == n:
        return [i for i in range(n) if verdicts[i]]
    rest = [i for i in range(n) if verdicts.get(i, True)]
    return [rest[j] for j in _facet_vectors([vecs[i] for i in rest])]


def _short(vectors: Sequence[Sequence[Any]], limit: int = 3) -> str:
    shown = ", ".join("(" + ", ".join(str(x) for x in v) + ")" for v in list(vectors)[:limit])
    more = f", ... ({len(vectors)} vectors)" if len(vectors) > limit else ""
    return f"[{shown}{more}]"


def _violation(function: str, instance: str, message: str) -> InvariantViolation:
    return InvariantViolation(f"{function}({instance}): {message}; this is a bug, please report it")


def estimate_work(k: int, n: int, *, live: int | None = None, regions: bool = False) -> float:
    """Estimated work (≈ seconds on the calibration machine) of the exact volumes over ``n`` vectors in k coordinates.

    The model, fitted on random MDPs and gridworlds at γ = 9/10 (``python -m benchmarks.power
    --calibrate``), is the sum of

    * facet detection (only for n > 8), the smaller of c₁ · b₁^k · n^p₁ for one Normaliz
      dual description of the cone {(r, y) : r ≥ 0, y ≥ xᵀr} and c₃ · n^p₃ for one
      certified exact LP per vector (what runs: the LPs under a budget of the first, then
      the dual description on the vectors they left open; the LPs' cost follows the live
      count, unknown here, so c₃ · n^p₃ is only a guide);
    * the volumes: c₂ · b₂^k · live^p₂ for the epigraph of E[max] (POWER; from dimension
      8 on, Normaliz's signed decomposition triangulates the dual, whose vertices are the
      live + 2k + 1 facets), and a constant factor more for the live regions of
      optimality probability.

    ``live`` is the number of vectors left after facet detection, and ``k`` then the coordinates
    left once those in which every live vector has the same entry are pulled out (each adds
    its entry / 2 to E[max]). Before it (None) the volumes
    are estimated for min(n, k + 1) live vectors (n when n ≤ 8, where facet detection is
    skipped), so the check is made twice: up front (facet detection and a low estimate of the
    volumes) and again, before any volume, with the live count. The estimate is a guide for
    refusing before the work starts, not a bound: instances with the same (k, live) differ by
    factors of several.

    Parameters
    ----------
    k : int
        Coordinates in the support (the dimension before lifting).
    n : int
        Distinct vectors.
    live : int, optional
        Vectors whose optimality region has positive volume, when known.
    regions : bool
        True for per-vector regions (optimality probability), False for E[max] (POWER).

    Returns
    -------
    float

    Examples
    --------
    >>> estimate_work(2, 3) < 0.1
    True
    >>> estimate_work(12, 871) < MAX_WORK < estimate_work(12, 871, live=57)   # a 4×3 gridworld from a corner
    True

    References
    ----------
    OPTS Def. 4.3, 5.2 (the quantities); benchmarks/power.py (the calibration).
    """
    c2, b2, p2 = _VOLUME_COST
    facets = min(_facet_costs(k, n)) if n > 8 and live is None else 0.0
    if live is None:   # before facet detection: at most min(n, k + 1) live vectors are certain to be needed
        live = n if n <= 8 else min(n, k + 1)
    volumes = c2 * b2**k * live**p2 * (_REGIONS_FACTOR if regions else 1.0)
    return facets + volumes


def _check_work(k: int, n: int, function: str, instance: str, max_work: float, *,
                live: int | None = None, regions: bool = False) -> None:
    if isinstance(max_work, bool) or not isinstance(max_work, (int, float, Fraction)) or not max_work > 0:
        raise InvalidArgument(f"max_work={max_work!r} must be a positive number of work units (float('inf') for "
                              "no limit)")      # NaN passed every comparison and ran; None raised a TypeError
    work = estimate_work(k, n, live=live, regions=regions)
    if work > max_work:
        stage = "the volumes" if live is not None else "facet detection and volumes"
        sampler = ("power_monte_carlo(env, state, gamma, samples=N, seed=...) estimates POWER with its standard "
                   "error (at most 1/(2·√N), since POWER lies in [0, 1])")
        raise TooLarge(
            f"{function}({instance}): {stage} in dimension {k + 1} over {live if live is not None else n} vectors "
            f"need an estimated {work:.3g} work units (≈ seconds on 2 cores), above max_work={max_work:g}; "
            f"pass a larger max_work= to run it anyway, or use the sampler: {sampler}")


def _regions(vecs: list[Vector], *, integrand: bool, function: str, instance: str, max_work: float
             ) -> tuple[list[Fraction], list[Fraction] | None]:
    """Per vector: P(x optimal) and, with ``integrand``, E[xᵀr ; x optimal]; invariants checked."""
    k = len(vecs[0])
    if k == 0:
        return [Fraction(1, len(vecs))] * len(vecs), ([Fraction(0)] * len(vecs) if integrand else None)
    _check_work(k, len(vecs), function, instance, max_work, regions=True)
    # Facet detection pays off only with many vectors (the others get 0 anyway: a region that is
    # not full-dimensional has volume 0, and the tiling check below still applies).
    live = _live_vectors(vecs) if len(vecs) > 8 else list(range(len(vecs)))
    _check_work(k, len(vecs), function, instance, max_work, live=len(live), regions=True)
    probs = [Fraction(0)] * len(vecs)
    ints: list[Fraction] | None = [Fraction(0)] * len(vecs) if integrand else None
    for i in live:
        x = vecs[i]
        rows = _cube_rows(k, 0) + [[a - b for a, b in zip(x, vecs[t])] + [Fraction(0)] for t in live if t != i]
        probs[i] = _volume(rows, k)
        if ints is not None and probs[i]:
            lifted = [r[:k] + [Fraction(0), r[k]] for r in rows]
            lifted.append([Fraction(0)] * k + [Fraction(1), Fraction(0)])   # y ≥ 0
            lifted.append(list(x) + [Fraction(-1), Fraction(0)])             # y ≤ xᵀr
            ints[i] = _volume(lifted, k + 1)
    # Invariants (cheap next to the volumes): the regions tile the unit cube, and each integral
    # of xᵀr over its region lies between 0 and (Σ_j x_j)·volume.
    if sum(probs) != 1:
        raise _violation(function, instance, f"the optimality regions have total volume {sum(probs)}, not 1 "
                         "(the volume of the cube)")
    if ints is not None:
        for x, p, integral in zip(vecs, probs, ints):
            if not 0 <= integral <= sum(x) * p:
                raise _violation(function, instance, f"E[xᵀr; x optimal] = {integral} for x = {_short([x])} lies outside "
                                 f"[0, {sum(x) * p}]")
    return probs, ints


def region_volumes(vectors: Sequence[Vector], *, integrand: bool = False, max_work: float = MAX_WORK) -> list[Fraction]:
    """For r iid uniform on [0,1]^d: per vector x, P(x is optimal) or, with ``integrand``,
    E[xᵀr ; x optimal] (requires every vector ≥ 0). Vectors must be distinct.

    Vectors optimal only on a null set (dominated ones, and those whose region misses the cube)
    get 0. The regions are checked to tile the cube before anything is returned.

    Parameters
    ----------
    vectors : sequence of vectors
        Distinct exact vectors.
    integrand : bool, keyword-only
        False (default): the probabilities; True: the integrals E[xᵀr ; x optimal].
    max_work : float, keyword-only
        Refuse (:class:`~symorbit.errors.TooLarge`) when :func:`estimate_work` (≈ seconds on
        2 cores) exceeds this; default :data:`MAX_WORK`.

    Returns
    -------
    list of Fraction
        One value per vector, in the given order.

    Raises
    ------
    InvalidArgument
        Repeated vectors, or a negative entry with ``integrand``.
    NotExact
        A float entry.
    TooLarge
        Too many coordinates or vectors for exact volumes.
    MissingExtra
        PyNormaliz is not installed (the ``[power]`` extra).
    InvariantViolation
        The regions do not tile the cube (a bug; nothing is returned).

    Examples
    --------
    The post's candy outcomes (docs/theory.md#candy) under iid uniform rewards: each of candy,
    chocolate and hug is optimal with probability 1/3, so Wait! with 2/3.

    >>> e = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> region_volumes(e)
    [Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)]
    >>> region_volumes([(Fraction(1), Fraction(0)), (Fraction(0), Fraction(1))])
    [Fraction(1, 2), Fraction(1, 2)]

    References
    ----------
    OPTS Def. 4.3, Lemma E.35.
    """
    vecs_in = [tuple(to_fraction(x, name="vector entry") for x in v) for v in vectors]
    if len(set(vecs_in)) != len(vecs_in):
        raise InvalidArgument("region_volumes needs distinct vectors")
    _, vecs = _support(vecs_in)
    if integrand and any(x < 0 for v in vecs for x in v):
        raise InvalidArgument("integrals need non-negative vectors")
    probs, ints = _regions(vecs, integrand=integrand, function="region_volumes", instance=_short(vecs_in),
                           max_work=max_work)
    return ints if ints is not None else probs


def _products(X: Sequence[Vector], rewards: Sequence[Vector]) -> tuple[Any, int]:
    """Every xᵀr for the vectors ``X`` and the ``rewards``, exactly: (an m × n integer array, one per reward and vector,
    and the positive scale L with xᵀr = array / L). The entries are scaled to integers once (by the least common
    denominator of the vectors', and of the rewards'); the products are one matrix product, in int64 where every sum
    fits (:func:`~symorbit.orbits.engines.problem.sums_dtype_of`), else in Python integers.

    >>> P, L = _products([(Fraction(1, 2), 0), (0, 1)], [(2, 3), (4, 1)])
    >>> P.tolist(), L
    ([[2, 6], [4, 2]], 2)
    """
    import numpy as np

    def scaled(rows: Sequence[Vector]) -> tuple[list[list[int]], int]:
        fractions = [[x if type(x) is Fraction else Fraction(x) for x in row] for row in rows]
        scale = math.lcm(*(x.denominator for row in fractions for x in row))
        return [[x.numerator * (scale // x.denominator) for x in row] for row in fractions], scale

    (xs, lx), (rs, lr) = scaled(X), scaled(rewards)
    top_x = max((abs(v) for row in xs for v in row), default=0)
    top_r = max((abs(v) for row in rs for v in row), default=0)
    dtype: Any = object if sums_dtype_of(len(xs[0]) if xs else 1, top_x, top_r) is None else np.int64
    return np.array(rs, dtype=dtype) @ np.array(xs, dtype=dtype).T, lx * lr


def _expected_max(X: list[Vector], distribution: Any, function: str, instance: str, max_work: float) -> Fraction:
    if isinstance(distribution, FiniteDistribution):      # one matrix product of integers, summed by weight
        products, scale = _products(X, [r for r, _ in distribution.outcomes])
        by_weight: dict[Fraction, int] = {}
        for (_, w), best in zip(distribution.outcomes, products.max(axis=1).tolist()):
            by_weight[w] = by_weight.get(w, 0) + best
        return sum((w * Fraction(total, scale) for w, total in by_weight.items()), Fraction(0))
    if distribution != IID_UNIFORM:
        raise InvalidArgument(f"distribution={distribution!r}: use IID_UNIFORM or a FiniteDistribution")
    _, vecs = _support(X)
    if not vecs[0]:
        return Fraction(0)
    k = len(vecs[0])
    _check_work(k, len(vecs), function, instance, max_work)
    if len(vecs) > 8:   # vectors optimal only on a null set never change the maximum
        vecs = [vecs[i] for i in _live_vectors(vecs)]
    pulled, reduced = _pulled_coordinates(vecs)
    value = pulled
    if reduced[0]:
        _check_work(len(reduced[0]), len(X), function, instance, max_work, live=len(reduced))
        value += _epigraph_expected_max(reduced)
    # Jensen below, the sum of the coordinatewise maxima above: E[max] ∈ [max_x Σx/2, Σ_j max_x x_j / 2].
    low = max(sum(x) for x in vecs) / 2
    high = sum(max(x[j] for x in vecs) for j in range(len(vecs[0]))) / 2
    if not low <= value <= high:
        raise _violation(function, instance, f"E[max] = {value} lies outside its bounds [{low}, {high}]")
    return value


def expected_max(vectors: Iterable[Sequence[Any]], *, distribution: Any = IID_UNIFORM,
                 max_work: float = MAX_WORK) -> Fraction:
    """E_{r∼D}[max_x xᵀr], exact.

    Under IID_UNIFORM the maximum is convex, so E[max] = M − vol{(r, y) : r ∈ [0,1]^d,
    max_x xᵀr ≤ y ≤ M}: one exact polytope volume (Normaliz, BigInt), checked against
    Jensen's lower bound and the coordinatewise upper bound before it is returned. Before
    it, vectors optimal only on a null set are dropped (certified exact LPs under a budget,
    then a Normaliz dual description if they run long), and a coordinate in
    which every remaining vector has the same entry c contributes c/2 and leaves the volume.

    Parameters
    ----------
    vectors : iterable of vectors
        Exact vectors, at least one.
    distribution : IID_UNIFORM or FiniteDistribution
        The distribution of r (default :data:`IID_UNIFORM`).
    max_work : float, keyword-only
        Refuse (:class:`~symorbit.errors.TooLarge`) when :func:`estimate_work` (≈ seconds on
        2 cores) exceeds this; default :data:`MAX_WORK`.

    Returns
    -------
    Fraction

    Raises
    ------
    InvalidArgument
        No vectors, or an unknown distribution.
    NotExact
        A float entry.
    TooLarge
        Under IID_UNIFORM, too many coordinates or vectors for exact volumes.
    MissingExtra
        Under IID_UNIFORM, PyNormaliz is not installed (the ``[power]`` extra).
    InvariantViolation
        The value is outside its bounds (a bug; nothing is returned).

    Examples
    --------
    The post's Wait! outcomes {chocolate, hug}: E[max of two iid uniforms] = 2/3.

    >>> expected_max([[1, 0], [0, 1]])          # E[max of two iid uniforms]
    Fraction(2, 3)

    References
    ----------
    OPTS Def. 5.2 (the expectation inside POWER).
    """
    X = sorted({to_vector(v, name="vector") for v in vectors})
    if not X:
        raise InvalidArgument("expected_max needs at least one vector")
    return _expected_max(X, distribution, "expected_max", _short(X), max_work)


def power(env: MDP, state: Any, gamma: Any, *, distribution: Any = IID_UNIFORM,
          max_work: float = MAX_WORK) -> Fraction:
    """POWER_D(s, γ) (OPTS Def. 5.2), exact.

    Parameters
    ----------
    env : MDP
        The environment.
    state : str
        The state s whose POWER is computed.
    gamma : int, Fraction or str
        A rational discount in (0, 1), such as ``"9/10"``.
    distribution : IID_UNIFORM or FiniteDistribution
        The reward distribution D: :data:`IID_UNIFORM` (default; iid uniform on
        [0, 1]^d, exact volumes by Normaliz) or a :class:`FiniteDistribution` (an
        exact rational sum).
    max_work : float, keyword-only
        Under IID_UNIFORM, refuse when :func:`estimate_work` (≈ seconds on 2 cores) exceeds
        this; default :data:`MAX_WORK` (60). ``float("inf")`` never refuses.

    Returns
    -------
    Fraction
        POWER_D(s, γ) = ((1−γ)/γ) E_{r∼D}[max_{f∈F(s)} (f(γ) − e_s)ᵀr], checked against
        the bounds of OPTS Prop. 5.4 and Jensen before it is returned.

    Raises
    ------
    InvalidArgument
        Unknown state, γ outside (0, 1), a reward of the distribution with the wrong
        length, or an unknown distribution.
    NotExact
        A float discount.
    TooLarge
        Under IID_UNIFORM, the work estimate exceeds ``max_work``; the message names
        :func:`power_monte_carlo` and its standard error.
    MissingExtra
        Under IID_UNIFORM, PyNormaliz is not installed (the ``[power]`` extra).
    InvariantViolation
        The value is outside its bounds (a bug; nothing is returned).

    Notes
    -----
    Under IID_UNIFORM the value is kept with F(s) (which is kept with the environment,
    :func:`~symorbit.mdp.visits.visit_distributions`), so asking again costs a lookup; a
    ``max_work`` below the one it passed is checked again, as on a fresh environment.

    Examples
    --------
    OPTS Fig. 3 under iid uniform rewards: POWER(∅) = 1/2 and POWER(r↘) = 2/3 at every
    γ; POWER(ℓ↙) = (2/3 + γ/2)/(1 + γ), which is 11/18 at γ = 1/2.

    >>> from symorbit.mdp.library import opts_figure1
    >>> env = opts_figure1()
    >>> power(env, "empty", "1/2"), power(env, "r_down", "1/2"), power(env, "l_down", "1/2")
    (Fraction(1, 2), Fraction(2, 3), Fraction(11, 18))

    The post's candy MDP: waiting keeps two options open, so ``wait`` has more POWER
    than ``candy``:

    >>> from symorbit.mdp.library import candy
    >>> power(candy(), "wait", "1/2"), power(candy(), "candy", "1/2")
    (Fraction(2, 3), Fraction(1, 2))

    References
    ----------
    OPTS Def. 5.2, Prop. 5.4, Fig. 3; docs/theory.md#mdps.
    """
    check_mdp(env, "power")
    g = check_gamma(gamma)
    if isinstance(distribution, FiniteDistribution):
        for r, _ in distribution.outcomes:
            if len(r) != env.n_states:
                raise InvalidArgument(f"a reward of the distribution has {len(r)} entries; {env.name} has "
                                      f"{env.n_states} states")
    F = visit_distributions(env, state, g)
    uniform = not isinstance(distribution, FiniteDistribution) and distribution == IID_UNIFORM
    if uniform and (kept := _kept_within(F, "power", max_work)) is not None:
        return kept
    G = sorted({tuple(v) for v in minus_start(F, env.index(state))})
    instance = f"env={env.name!r}, state={state!r}, gamma={g}"
    value = (1 - g) / g * _expected_max(G, distribution, "power", instance, max_work)
    # Bounds (OPTS Prop. 5.4 and Jensen): (1−γ)/γ·(f − e_s) is a probability vector on the support J,
    # so max_f (1−γ)/γ·(f − e_s)ᵀE[r] ≤ POWER ≤ E[max_{j∈J} r_j] (= 1/2 and |J|/(|J|+1) under iid uniform).
    support = [j for j in range(env.n_states) if any(v[j] for v in G)]
    if isinstance(distribution, FiniteDistribution):
        mean = [sum((w * r[j] for r, w in distribution.outcomes), Fraction(0)) for j in range(env.n_states)]
        low = (1 - g) / g * max(_dot(v, tuple(mean)) for v in G)
        high = sum((w * max(r[j] for j in support) for r, w in distribution.outcomes), Fraction(0))
    else:
        low, high = Fraction(1, 2), Fraction(len(support), len(support) + 1)
    if not low <= value <= high:
        raise _violation("power", instance, f"POWER = {value} lies outside its bounds [{low}, {high}]")
    if uniform:     # F(s) is kept with the environment and determines POWER under iid uniform rewards
        F.kept()["power"] = (value, max_work)
    return value


def _kept_within(F: OutcomeSet, name: str, max_work: float) -> Any:
    """What ``F.kept()[name]`` holds (POWER, or the optimality regions, under iid uniform rewards), where the call
    asks with a ``max_work`` at least the one it was worked out under; else None, and the caller works it out again,
    estimate first, and keeps it under this smaller ``max_work``. The refusal is monotone in ``max_work``, so the
    kept one is the least that passed, and a call refuses exactly where a fresh one would."""
    kept = F.kept().get(name)
    return kept[0] if kept is not None and max_work >= kept[1] else None


def optimality_probability(env: MDP, state: Any, outcome_subset: Any, gamma: Any,
                           *, distribution: Any = IID_UNIFORM, max_work: float = MAX_WORK) -> Fraction:
    """P_D(F′, γ): the probability that some f ∈ F′ ⊆ F(s) is optimal (OPTS Def. 4.3), exact.

    ``outcome_subset`` is a first action (F′ = F(s | π(s) = a), OPTS Def. 4.4) or a set of
    vectors of F(s). Under IID_UNIFORM one exact volume per live region is computed, and
    the call is refused with :class:`~symorbit.errors.TooLarge` when :func:`estimate_work`
    (``regions=True``) exceeds ``max_work`` (keyword-only, default :data:`MAX_WORK`). The
    regions are F(s)'s alone and are kept with it, so the other actions (or subsets) of the
    same state cost a sum; a smaller ``max_work`` is checked again, as on a fresh environment.

    Parameters
    ----------
    env : MDP
        The environment.
    state : str
        The state s.
    outcome_subset : str or list of vectors
        A first action a (F′ = F(s | π(s) = a)) or vectors of F(s) at this γ.
    gamma : int, Fraction or str
        A rational discount in (0, 1).
    distribution : IID_UNIFORM or FiniteDistribution
        The reward distribution D (default :data:`IID_UNIFORM`).
    max_work : float, keyword-only
        Refuse (:class:`~symorbit.errors.TooLarge`) when :func:`estimate_work` (≈ seconds on
        2 cores) exceeds this; default :data:`MAX_WORK`.

    Returns
    -------
    Fraction
        P_{r∼D}(max_{F′} fᵀr ≥ max_{F(s)} fᵀr); checked to be a probability, and the
        first actions' probabilities to add up to 1 once tie mass is subtracted.

    Raises
    ------
    InvalidArgument
        Unknown state or action, γ outside (0, 1), ``outcome_subset`` not inside F(s),
        or an unknown distribution.
    NotExact
        A float discount or entry.
    TooLarge
        Under IID_UNIFORM, too many coordinates or vectors for exact volumes.
    MissingExtra
        Under IID_UNIFORM, PyNormaliz is not installed (the ``[power]`` extra).
    InvariantViolation
        A consistency check failed (a bug; nothing is returned).

    Examples
    --------
    The post's candy MDP at γ = 1/2 under iid uniform rewards, and uniform over the
    orbit of r = (0, 1, 2, 3, 4):

    >>> from symorbit.mdp.library import candy
    >>> optimality_probability(candy(), "start", "wait", "1/2")
    Fraction(7, 12)
    >>> optimality_probability(candy(), "start", "candy", "1/2")
    Fraction(5, 12)
    >>> optimality_probability(candy(), "start", "wait", "1/2", distribution=orbit_distribution([0, 1, 2, 3, 4]))
    Fraction(13, 20)

    References
    ----------
    OPTS Def. 4.3, 4.4, Lemma E.35, E.48; docs/theory.md#p14 (POWER-seeking is not
    optimality-probability-seeking).
    """
    g = check_gamma(gamma)
    F = visit_distributions(env, state, g)
    sub = F.restrict(outcome_subset) if isinstance(outcome_subset, str) else OutcomeSet.from_vectors(outcome_subset)
    chosen = set(sub)
    if not chosen <= set(F):
        raise InvalidArgument("outcome_subset must be a subset of F(state) at this gamma")
    instance = f"env={env.name!r}, state={state!r}, outcome_subset={outcome_subset!r}, gamma={g}"
    vectors = list(F)
    if isinstance(distribution, FiniteDistribution):       # every fᵀr by one matrix product of integers
        products, _ = _products(vectors, [r for r, _ in distribution.outcomes])
        weights: list[Fraction] = [w for _, w in distribution.outcomes]
        winners: list[list[Vector]] = [[] for _ in weights]
        for at, which in zip(*(products == products.max(axis=1, keepdims=True)).nonzero()):
            winners[at].append(vectors[which])
    elif distribution == IID_UNIFORM:
        # Distinct vectors of F tie only on null sets, so each region is one "winner" with its volume. The regions
        # are F(s)'s alone: kept with it (itself kept with the environment) for every subset
        weights = _kept_within(F, "regions", max_work)
        if weights is None:
            _, projected = _support(vectors)
            weights, _ = _regions(projected, integrand=False, function="optimality_probability", instance=instance,
                                  max_work=max_work)
            F.kept()["regions"] = (weights, max_work)
        winners = [[f] for f in vectors]
    else:
        raise InvalidArgument(f"distribution={distribution!r}: use IID_UNIFORM or a FiniteDistribution")
    total = sum((w for w, win in zip(weights, winners) if any(f in chosen for f in win)), Fraction(0))
    # Invariants: a probability; and the first actions' optimality probabilities add up to 1 once the
    # mass where several first actions are optimal together (ties, shared vectors) is subtracted.
    tags = dict(zip(F.vectors, F.first_actions))
    by_action: dict[str, Fraction] = {}
    overlap = Fraction(0)
    for w, win in zip(weights, winners):
        acts = set().union(*(tags[f] for f in win))
        for a in acts:
            by_action[a] = by_action.get(a, Fraction(0)) + w
        overlap += w * (len(acts) - 1)
    if not 0 <= total <= 1 or sum(by_action.values()) - overlap != 1:
        raise _violation("optimality_probability", instance,
                         f"P = {total}; first-action probabilities {by_action} minus the tie mass {overlap} "
                         f"do not add up to 1")
    return total


#: Rewards drawn per matrix product in :func:`power_monte_carlo`.
MC_BATCH = 8192


def power_monte_carlo(env: MDP, state: Any, gamma: Any, *, samples: int, seed: int) -> tuple[float, float]:
    """A sampling estimate of POWER under iid uniform rewards: (mean, standard error), in floats.

    For instances exact POWER refuses (:class:`~symorbit.errors.TooLarge`). POWER's samples
    lie in [0, 1], so the standard error is at most 1/(2√samples).

    Parameters
    ----------
    env : MDP
        The environment.
    state : str
        The state s.
    gamma : int, Fraction or str
        A rational discount in (0, 1).
    samples : int, keyword-only
        The number of rewards drawn.
    seed : int, keyword-only
        The seed of numpy's ``default_rng`` (PCG64): the same seed and number of samples
        give the same result.

    Returns
    -------
    (float, float)
        The sample mean and its standard error; floats, the only inexact output of
        symorbit, for cross-checking :func:`power`.

    Raises
    ------
    InvalidArgument
        Unknown state, or γ outside (0, 1).
    NotExact
        A float discount.

    Examples
    --------
    The post's candy MDP: the exact POWER of ``wait`` at γ = 1/2 is 2/3.

    >>> from symorbit.mdp.library import candy
    >>> mean, se = power_monte_carlo(candy(), "wait", "1/2", samples=2000, seed=0)
    >>> abs(mean - 2 / 3) < 4 * se
    True

    References
    ----------
    OPTS Def. 5.2.
    """
    check_mdp(env, "power_monte_carlo")
    import numpy as np

    g = check_gamma(gamma)
    if samples < 1:
        raise InvalidArgument(f"samples={samples!r}: draw at least one reward")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidArgument(f"seed={seed!r}: give an integer >= 0 (numpy's generators take no other)")
    F = visit_distributions(env, state, g)
    s = env.index(state)
    shifted = np.array([[float(x) for x in v] for v in F], dtype=np.float64).reshape(len(F), env.n_states)
    shifted[:, s] -= 1.0
    rng = np.random.default_rng(seed)
    scale = float((1 - g) / g)
    # One matrix product per batch; the stream of uniforms is the same whatever the batch size
    # (each double takes one draw), and batch means and sums of squares are merged exactly as
    # in Chan et al.'s parallel variance, so the result depends on (seed, samples) only.
    n_done, mean, m2 = 0, 0.0, 0.0
    for lo in range(0, samples, MC_BATCH):
        b = min(MC_BATCH, samples - lo)
        vals = scale * (rng.random((b, env.n_states)) @ shifted.T).max(axis=1)
        b_mean = float(vals.mean())
        b_m2 = float(((vals - b_mean) ** 2).sum())
        total = n_done + b
        delta = b_mean - mean
        mean += delta * b / total
        m2 += b_m2 + delta * delta * n_done * b / total
        n_done = total
    var = m2 / max(1, samples - 1)
    return mean, math.sqrt(var / samples)
