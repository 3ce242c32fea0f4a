""""B contains n copies of A" (PR Def. A.7), found with the involutions as a certificate.

Involutions φ_1..φ_n ∈ S_d with (1) φ_i·A =: B_i ⊆ B and (2) φ_i·B_j = B_j for j ≠ i.
Nothing else is required (docs/theory.md#copies, docs/theory.md#p4): copies may overlap A, need not be disjoint
from each other, and φ_i need not fix A. When A ⊆ B every n holds vacuously via
identities (PR footnote 8); that case is reported as ``vacuous``, not as a number.

Structure
---------
When A is one-hot with one common value (vectors c·e_j) and A ∩ B = ∅, the answer is
⌊|pool|/|A|⌋ (pool: B's vectors c·e_j, whose coordinates are interchangeable with A's),
certified by swapping supp A with disjoint blocks of the pool; no search is needed
(|A| = 5, |B| = 60 takes milliseconds). Other sets go to the search.

Search
------
Only coordinates in the supports of the sets involved can matter: an involution
that swaps such a coordinate with one outside can be replaced by one that fixes
both. Candidate images B_i ⊆ B are the |A|-subsets similar to A via an involution;
the involutions are found by a small backtracking solver whose domains are
filtered by column profiles (φ(j) = k needs column j of X and column k of Y to hold
the same multiset). Families of candidates are grown depth-first; each family is
re-solved jointly (every φ_i must fix every other B_j). When A ∩ B = ∅ copies are
pairwise disjoint (φ_i maps B_i ∩ B_j into A ∩ B_j), which bounds the search by
⌊|B|/|A|⌋. A node budget makes the search bounded; the result says whether it
was exhaustive.

Examples
--------
The post's candy example and PR §A's ghost example:

>>> res = copies([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])
>>> res.n, sorted(res.involutions), res.exhaustive
(2, [(1, 0, 2), (2, 1, 0)], True)
>>> copies([[1, 0]], [[1, 0], [0, 1]]).vacuous
True
"""

from __future__ import annotations

import functools
import itertools
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Iterable, Sequence

from symorbit.errors import CertificateRejected, InvalidArgument, InvariantViolation
from symorbit.exact.display import ResultDisplay
from symorbit.outcomes.groups import apply_to_set, check_permutation, is_involution
from symorbit.outcomes.outcome_sets import OutcomeSet, as_outcome_set

__all__ = ["CopiesResult", "copies", "similar", "find_involution", "check_copies", "common_copies"]

Vector = tuple[Any, ...]
Perm = tuple[int, ...]
Requirement = tuple[frozenset, frozenset]


@dataclass(frozen=True, slots=True, repr=False)
class CopiesResult(ResultDisplay):
    """The largest n found such that B contains n copies of A, with a certificate.

    Attributes
    ----------
    n : int or None
        The number of copies; None when ``vacuous``.
    vacuous : bool
        A ⊆ B, so every n holds via identities (PR footnote 8).
    involutions : tuple of permutations
        φ_1..φ_n in array form (``phi[j]`` is the image of coordinate j).
    copies : tuple of frozenset
        B_i = φ_i·A.
    exhaustive : bool
        True when the search proved n maximal; False when it stopped at its budget.
    nodes : int
        Search nodes explored.

    Examples
    --------
    The post's candy example: A = {candy}, B = {chocolate, hug} (coordinates
    candy, chocolate, hug), two copies via candy↔chocolate and candy↔hug.

    >>> res = copies([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])
    >>> res.n, res.vacuous, res.exhaustive
    (2, False, True)

    References
    ----------
    PR Def. A.7 and footnote 8; docs/theory.md#copies.
    """

    n: int | None
    vacuous: bool
    involutions: tuple[Perm, ...]
    copies: tuple[frozenset, ...]
    exhaustive: bool
    nodes: int

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (the CLI's ``copies --json`` output).

        Returns
        -------
        dict
            Keys ``n``, ``vacuous``, ``involutions`` (lists of ints), ``exhaustive``, ``nodes``.

        Examples
        --------
        The post's candy example, A = {candy}, B = {chocolate, hug}:

        >>> d = copies([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]]).to_dict()
        >>> d["n"], d["vacuous"], sorted(d["involutions"])
        (2, False, [[1, 0, 2], [2, 1, 0]])

        References
        ----------
        PR Def. A.7.
        """
        return {
            "n": self.n,
            "vacuous": self.vacuous,
            "involutions": [list(p) for p in self.involutions],
            "exhaustive": self.exhaustive,
            "nodes": self.nodes,
        }


def _key(x: Any) -> tuple[int, Any]:
    """A total order on entries: numbers by value, sympy expressions (functions of γ) by their canonical text."""
    return (0, x) if isinstance(x, (int, Fraction)) else (1, str(x))


def _certifies(A: Iterable[Vector], B: Iterable[Vector], involutions: Sequence[Sequence[int]]) -> bool:
    try:
        check_copies(A, B, involutions)
    except CertificateRejected:
        return False
    return True


def _vkey(v: Sequence[Any]) -> tuple[tuple[int, Any], ...]:
    return tuple(_key(x) for x in v)


def _rank_coder(vectors: frozenset[Vector]) -> tuple[Callable[[Vector], tuple[int, ...]], dict[Any, Vector]] | None:
    """(code, decoded): ``code`` replaces each rational entry of a vector by its rank among the entries of
    ``vectors`` (0 for 0, negative below it, positive above; an entry they do not hold gets a new rank above them
    all), ``decoded`` maps each coded vector of ``vectors`` back; None where an entry is not a number.
    Ranks keep equality, ``!= 0`` and order, all a copies search reads (see :func:`_ranked`)."""
    values = {x for v in vectors for x in v}
    if not all(type(x) is int or type(x) is Fraction for x in values):
        return None
    ordered = sorted(values)
    below = sum(1 for x in ordered if x < 0)
    shift = 0 if 0 in values else 1
    rank: dict[Any, int] = {x: i - below + (shift if x > 0 else 0) for i, x in enumerate(ordered)}
    rank[0] = 0
    top = [max(rank.values())]

    def code(v: Vector) -> tuple[int, ...]:
        out = []
        for x in v:
            r = rank.get(x)
            if r is None:           # an entry only a fixing set holds
                top[0] += 1
                r = rank[x] = top[0]
            out.append(r)
        return tuple(out)

    return code, {code(v): v for v in vectors}


def _ranked(A: frozenset[Vector], B: frozenset[Vector],
            fixing: Callable[[list[frozenset]], list[frozenset]] | None) -> tuple[Any, ...] | None:
    """(A, B, fixing, decoded): A and B with each rational entry replaced by its rank among the entries (0 for 0,
    negative below it, positive above), ``fixing`` reading and answering in those ranks, and each ranked vector's
    rational one; None where an entry is not a number (a function of γ).

    The search reads entries only through equality, ``!= 0`` (supports) and their order (:func:`_key`, to sort
    candidates and profiles), and ranks keep all three, so it takes the same steps in the same order and finds the
    same family and involutions; on small ints instead of Fractions, whose comparisons and hashes were most of its
    time (100 s for two 31- and 45-vector parts at d = 7, 3.6 s on ranks sorted as they are). The sets ``fixing``
    returns may hold other entries: they get new nonzero ranks (only their equality and support matter there).
    """
    coded = _rank_coder(A | B)
    if coded is None:
        return None
    code, decoded = coded
    ranked_fixing = None
    if fixing is not None:
        user = fixing

        def ranked_fixing(family: list[frozenset]) -> list[frozenset]:
            return [frozenset(map(code, X)) for X in user([frozenset(map(decoded.__getitem__, S)) for S in family])]
    return frozenset(map(code, A)), frozenset(map(code, B)), ranked_fixing, decoded


def _vectors(X: Any, name: str) -> frozenset[Vector]:
    return frozenset(as_outcome_set(X, name=name).vectors)


def check_copies(A: Iterable[Vector], B: Iterable[Vector], involutions: Sequence[Sequence[int]]) -> int:
    """Re-check that the involutions certify len(involutions) copies of A in B (PR Def. A.7).

    Parameters
    ----------
    A, B : iterable of vectors
        The outcome sets, as tuples of length d.
    involutions : sequence of permutations
        φ_1..φ_n in array form (``phi[j]`` is the image of coordinate j).

    Returns
    -------
    int
        n = len(involutions), the number of copies certified.

    Raises
    ------
    CertificateRejected
        With ``problems``: one message per failed condition (not an involution, φ_i·A ⊄ B,
        or φ_i not fixing some B_j with j ≠ i).

    Examples
    --------
    The post's candy example, A = {candy}, B = {chocolate, hug}:

    >>> A, B = {(1, 0, 0)}, {(0, 1, 0), (0, 0, 1)}
    >>> check_copies(A, B, [(1, 0, 2), (2, 1, 0)])
    2
    >>> try:
    ...     check_copies(A, B, [(1, 0, 2), (1, 0, 2)])
    ... except CertificateRejected as exc:
    ...     exc.problems
    ('phi_0 does not fix B_1 = phi_1·A', 'phi_1 does not fix B_0 = phi_0·A')

    References
    ----------
    PR Def. A.7 (conditions 1 and 2); docs/theory.md#copies.
    """
    A, B = frozenset(map(tuple, A)), frozenset(map(tuple, B))      # lists of lists too (they are unhashable)
    d = len(next(iter(A | B), ()))
    for i, p in enumerate(involutions):       # a permutation of 0..d-1 before anything is applied (an IndexError)
        try:
            check_permutation(p, d=d)
        except InvalidArgument:
            raise CertificateRejected(f"phi_{i} is not a permutation of 0..{d - 1}", step="copies",
                                      problems=(f"phi_{i} is not a permutation of 0..{d - 1}",)) from None
    problems = []
    images = [apply_to_set(p, A) for p in involutions]
    for i, p in enumerate(involutions):
        if not is_involution(p):
            problems.append(f"phi_{i} is not an involution")
        if not images[i] <= B:
            problems.append(f"phi_{i}·A is not a subset of B")
    for i, p in enumerate(involutions):
        for j, Bj in enumerate(images):
            if i != j and apply_to_set(p, Bj) != Bj:
                problems.append(f"phi_{i} does not fix B_{j} = phi_{j}·A")
    if problems:
        raise CertificateRejected(problems[0], step="copies", problems=tuple(problems))
    return len(involutions)


def _support(sets: Iterable[frozenset[Vector]]) -> list[int]:
    return sorted({j for X in sets for v in X for j, x in enumerate(v) if x != 0})


def find_involution(requirements: Sequence[Requirement], d: int, *, involution: bool = True,
                    budget: list[int] | None = None, deadline: float | None = None,
                    ranked: bool = False) -> Perm | None:
    """A permutation φ (an involution by default) with φ·X = Y for every (X, Y) given.

    Coordinates outside the supports of all the sets are fixed. Returns None when
    no such φ exists (or ``budget[0]`` search nodes are spent, or ``time.monotonic()`` passes
    ``deadline``, which then sets ``budget[0]`` to -1; the caller checks). A node is charged
    by the size of its consistency check (1 + Σ|X|·|Y|·|support|/100) and setting up the
    column profiles one per coordinate, so the budget bounds the time, not just the count.
    ``ranked``: every entry is an int (:func:`copies` searches on ranks), so entries and vectors
    sort as they are, in the order :func:`_key` would give.

    Examples
    --------
    >>> X, Y = frozenset({(1, 0, 0)}), frozenset({(0, 0, 1)})
    >>> find_involution([(X, Y), (Y, X)], 3)
    (2, 1, 0)
    """
    coords = _support([X for X, _ in requirements] + [Y for _, Y in requirements])
    if budget is not None:
        budget[0] -= len(coords)
        if budget[0] < 0:
            return None
    if any(len(X) != len(Y) for X, Y in requirements):
        return None
    vkey, key = (None, None) if ranked else (_vkey, _key)     # ints (copies' ranks) sort as they are
    req = [(sorted(X, key=vkey), Y) for X, Y in requirements]
    profiles_from = {j: tuple(tuple(sorted((x[j] for x in X), key=key)) for X, _ in req) for j in coords}
    profiles_to = {k: tuple(tuple(sorted((y[k] for y in Y), key=key)) for _, Y in req) for k in coords}
    domain = {j: [k for k in coords if profiles_from[j] == profiles_to[k]] for j in coords}
    if involution:
        domain = {j: [k for k in ks if j in domain[k]] for j, ks in domain.items()}
    if any(not ks for ks in domain.values()):
        return None
    phi: dict[int, int] = {}
    used: set[int] = set()

    def consistent() -> bool:
        for X, Y in req:
            for x in X:
                if not any(all(y[phi[j]] == x[j] for j in phi) for y in Y):
                    return False
        return True

    order = sorted(coords, key=lambda j: len(domain[j]))
    # A node costs one consistency check: every vector pair, over the coordinates fixed so far.
    cost = 1 + sum(len(X) * len(Y) for X, Y in req) * len(coords) // 100

    def solve(i: int) -> bool:
        if budget is not None:
            budget[0] -= cost
            if budget[0] < 0:
                return False
            if deadline is not None and budget[0] % 64 < cost and time.monotonic() > deadline:
                _time_out(budget)
                return False
        while i < len(order) and order[i] in phi:
            i += 1
        if i == len(order):
            return True
        j = order[i]
        for k in domain[j]:
            if k in used or (involution and k != j and k in phi):
                continue
            phi[j] = k
            used.add(k)
            if involution and k != j:
                phi[k] = j
                used.add(j)
            if consistent() and solve(i + 1):
                return True
            del phi[j]
            used.discard(k)
            if involution and k != j:
                del phi[k]
                used.discard(j)
        return False

    if not solve(0):
        return None
    perm = tuple(phi.get(j, j) for j in range(d))
    if all(apply_to_set(perm, X) == Y for X, Y in requirements):
        return perm
    return None  # pragma: no cover - consistent() checks every vector, so this cannot happen


def _time_out(budget: list[int]) -> None:
    """Spend the rest of ``budget`` at a deadline, remembering what was really used (``budget[1]``)."""
    if len(budget) > 1 and budget[1] is None:
        budget[1] = max(budget[0], 0)
    budget[0] = -1


def similar(outcomes_a: Any, outcomes_b: Any) -> Perm | None:
    """A permutation φ with φ·A = B (OPTS Def. 6.1 "similar"), or None if A and B are not similar.

    Parameters
    ----------
    outcomes_a, outcomes_b : OutcomeSet or list of vectors
        The sets A and B, of the same dimension d.

    Returns
    -------
    tuple of int or None
        φ in array form (``phi[j]`` is the image of coordinate j), or None.

    Examples
    --------
    The post's candy example: {candy} is similar to {chocolate}, but not to B = {chocolate, hug}.

    >>> similar([[1, 0, 0]], [[0, 1, 0]])
    (1, 0, 2)
    >>> similar([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]]) is None
    True

    >>> A, B = [(1, 0, 0), (0, 1, 0)], [(0, 0, 1), (0, 1, 0)]
    >>> phi = similar(A, B)
    >>> apply_to_set(phi, A) == frozenset(B)
    True
    >>> similar([[1, 0]], [[2, 0]]) is None
    True

    References
    ----------
    OPTS Def. 6.1 (PR Def. A.6); docs/theory.md#orbits.
    """
    A, B = _vectors(outcomes_a, "outcomes_a"), _vectors(outcomes_b, "outcomes_b")
    d = len(next(iter(A)))
    return find_involution([(A, B)], d, involution=False)


def _one_hot_coordinate(v: Vector) -> tuple[int, Any] | None:
    """(j, c) when v = c·e_j with c ≠ 0, else None."""
    nz = [(j, x) for j, x in enumerate(v) if x != 0]
    return nz[0] if len(nz) == 1 else None


def _one_hot_support(X: Iterable[Vector]) -> tuple[list[int], Any] | None:
    """(the sorted j, c) where every vector of X is c·e_j with one common value c ≠ 0, else None."""
    coords = [_one_hot_coordinate(v) for v in X]
    values = {x[1] for x in coords if x is not None}
    if any(x is None for x in coords) or len(values) != 1:
        return None
    return sorted(x[0] for x in coords if x is not None), values.pop()


def _one_hot_pool(B: Iterable[Vector], c: Any) -> list[int]:
    """The sorted j of B's vectors c·e_j (the coordinates a copy of a one-hot set of value c can use)."""
    return sorted(j for j, x in (_one_hot_coordinate(v) or (None, None) for v in B) if j is not None and x == c)


def _block_swaps(src: list[int], pool: list[int], d: int) -> list[Perm]:
    """⌊|pool|/|src|⌋ involutions: the i-th swaps ``src`` with the i-th block of |src| coordinates of ``pool``."""
    k, perms = len(src), []
    for i in range(len(pool) // k):
        phi = list(range(d))
        for a, b in zip(src, pool[i * k:(i + 1) * k]):
            phi[a], phi[b] = b, a
        perms.append(tuple(phi))
    return perms


def _one_hot_blocks(A: frozenset[Vector], B: frozenset[Vector], d: int,
                    fixing: Callable[[list[frozenset]], list[frozenset]] | None) -> CopiesResult | None:
    """Structure instead of search: A one-hot with one common value c, A ∩ B = ∅.

    The coordinates of B's vectors c·e_j are interchangeable with A's: deal them into
    ⌊|pool|/|A|⌋ disjoint blocks B_i of |A| coordinates and let φ_i swap supp A with
    supp B_i (|A| transpositions). Then φ_i·A = B_i and φ_i fixes every other block
    pointwise, so this is a certificate (re-checked by :func:`check_copies`). It is maximal:
    a copy of A is |A| vectors c·e_j of B, and with A ∩ B = ∅ copies are pairwise disjoint
    (φ_i maps B_i ∩ B_j into A ∩ B_j = ∅), so n ≤ ⌊|pool|/|A|⌋ (docs/theory.md#copies, docs/theory.md#p4). None when the
    sets are not of this shape, or when some φ_i fails to fix the sets ``fixing`` asks for
    (the general search decides those).
    """
    if A & B:
        return None
    one = _one_hot_support(A)
    if one is None:
        return None
    src, c = one
    perms = _block_swaps(src, _one_hot_pool(B, c), d)
    family = [apply_to_set(p, A) for p in perms]
    if fixing is not None:
        extra = [frozenset(X) for X in fixing(family)]
        if any(apply_to_set(p, X) != X for p in perms for X in extra):
            return None
    if not _certifies(A, B, perms):  # pragma: no cover - the blocks are disjoint by construction
        raise InvariantViolation("copies: the one-hot block certificate does not verify (PR Def. A.7); no answer is returned")
    return CopiesResult(len(perms), False, tuple(perms), tuple(family), True, len(perms))


#: :func:`copies`' default search budget in nodes, which the statement vocabulary's hypotheses search with too.
MAX_NODES = 200_000


def copies(outcomes_a: Any, outcomes_b: Any, *, max_nodes: int = MAX_NODES, max_seconds: Any = None,
           fixing: Callable[[list[frozenset]], list[frozenset]] | None = None) -> CopiesResult:
    """The largest n such that B contains n copies of A (PR Def. A.7), with involutions.

    Parameters
    ----------
    outcomes_a, outcomes_b : OutcomeSet or list of vectors
    max_nodes : int, keyword-only
        Search budget in nodes (each backtracking step, and each coordinate of each
        involution problem set up); past it the best family found is returned with
        ``exhaustive=False``. A positive integer.
    max_seconds : int, Fraction or str, keyword-only, optional
        A time budget: past it the best family found is returned with ``exhaustive=False``.
    fixing : callable, keyword-only, optional
        The extra condition of a theorem: given a family B_1..B_n, the sets every
        φ_i must also fix (e.g. ``lambda fam: [C]`` for PR Prop. A.11, or
        Z ∖ B_extra for PR Lemma D.5).

    Returns
    -------
    CopiesResult

    Raises
    ------
    InvalidArgument
        Sets of different dimensions or empty sets; ``max_nodes`` not a positive integer;
        ``max_seconds`` not a positive exact number.
    InvariantViolation
        If the involutions found do not pass :func:`check_copies` (a bug, never a wrong answer).

    Notes
    -----
    The number found is always certified (:func:`check_copies` passes on the
    involutions); maximality is proved only when ``exhaustive`` is True. For two
    :class:`~symorbit.outcomes.outcome_sets.OutcomeSet` arguments without ``max_seconds``
    or ``fixing`` the result is kept with A (:meth:`~symorbit.outcomes.outcome_sets.
    OutcomeSet.kept`; at most :data:`KEPT_COPIES`), so asking again costs a lookup.

    Examples
    --------
    The post's 2-vs-51 example: copies must be disjoint, so only 25.

    >>> d = 53
    >>> e = lambda j: tuple(int(i == j) for i in range(d))
    >>> res = copies([e(0), e(1)], [e(j) for j in range(2, 53)])
    >>> res.n, res.exhaustive
    (25, True)

    References
    ----------
    PR Def. A.7 and footnote 8; docs/theory.md#copies, docs/theory.md#p4.
    """
    from symorbit.exact.limits import check_limit, check_seconds

    check_limit(max_nodes, name="max_nodes")
    seconds = check_seconds(max_seconds)
    deadline = None if seconds is None else time.monotonic() + float(seconds)
    if deadline is None:       # deterministic: kept for two outcome sets (never with a callable alone)
        return kept_copies(outcomes_a, outcomes_b, max_nodes, fixing)
    return _search(outcomes_a, outcomes_b, max_nodes, deadline, fixing)


#: How many results of :func:`copies` an outcome set keeps (by the B object, the node budget and the condition), the
#: oldest going first.
KEPT_COPIES = 16


def kept_copies(outcomes_a: Any, outcomes_b: Any, max_nodes: int = MAX_NODES,
                fixing: Callable[[list[frozenset]], list[frozenset]] | None = None,
                condition: tuple[Any, ...] = ()) -> CopiesResult:
    """:func:`copies` without a deadline (``max_nodes`` checked by the caller), kept with A where A and B are outcome
    sets (immutable, and the search is deterministic): by the B object (held, so its id is not reused), the budget
    and ``condition``, which names ``fixing`` and lists the outcome sets it reads (held, compared by identity), for a
    caller whose condition is a function of those sets alone (the hypotheses of :mod:`symorbit.proofs.vocabulary`).
    With a ``fixing`` and no ``condition`` nothing is kept."""
    held = (outcomes_b, *condition[1:])
    kept = outcomes_a.kept().setdefault("copies", {}) if (fixing is None or condition) \
        and type(outcomes_a) is OutcomeSet and all(type(X) is OutcomeSet for X in held) else None
    key = (max_nodes, condition[:1], *map(id, held))
    if kept is not None and (found := kept.get(key)) is not None and all(x is y for x, y in zip(found[0], held)):
        return found[1]
    result = _search(outcomes_a, outcomes_b, max_nodes, None, fixing)
    if kept is not None:
        kept[key] = (held, result)
        while len(kept) > KEPT_COPIES:
            kept.pop(next(iter(kept)), None)
    return result


def _search(outcomes_a: Any, outcomes_b: Any, max_nodes: int, deadline: float | None,
            fixing: Callable[[list[frozenset]], list[frozenset]] | None) -> CopiesResult:
    """:func:`copies`' search, its arguments checked."""
    A, B = _vectors(outcomes_a, "outcomes_a"), _vectors(outcomes_b, "outcomes_b")
    d = len(next(iter(A)))
    if len(next(iter(B))) != d:
        raise InvalidArgument(f"outcomes_a has dimension {d} but outcomes_b has {len(next(iter(B)))}")
    if A <= B:
        return CopiesResult(None, True, (), (), True, 0)
    fast = _one_hot_blocks(A, B, d, fixing)
    if fast is not None:
        return fast
    given = A, B
    ranked = _ranked(A, B, fixing)
    if ranked is not None:      # the search on small integers, the same steps in the same order (see _ranked)
        A, B, fixing, decoded = ranked
    k = len(A)
    budget: list[Any] = [max_nodes, None]  # [remaining, remaining when the deadline passed]
    disjoint = not (A & B)
    # Candidate images: |A|-subsets of B similar to A via an involution.
    on_ranks = ranked is not None
    entries = (lambda v: v) if on_ranks else _vkey         # ranks sort as they are, in the order _key gives
    profiles = {tuple(sorted(entries(v))) for v in A}          # entry multisets any image must have
    pool = [v for v in B if tuple(sorted(entries(v))) in profiles]
    cands: list[tuple[frozenset, Perm]] = []
    exhaustive = True
    for S in itertools.combinations(sorted(pool, key=None if on_ranks else _vkey), k):
        budget[0] -= 1
        if deadline is not None and budget[0] % 64 == 0 and time.monotonic() > deadline:
            _time_out(budget)
        if budget[0] <= 0:
            exhaustive = False
            break
        Sf = frozenset(S)
        phi = find_involution([(A, Sf), (Sf, A)], d, budget=budget, deadline=deadline, ranked=on_ranks)
        if phi is not None:
            cands.append((Sf, phi))
    best: list[tuple[frozenset, Perm]] = []
    nodes = 0

    def joint(family: list[frozenset], perms: list[Perm]) -> list[Perm] | None:
        """Involutions for ``family``; ``perms`` solve all but its last member and are reused when still valid."""
        out = []
        extra = [frozenset(X) for X in fixing(family)] if fixing is not None else []
        for i, Bi in enumerate(family):
            others = [Bj for j, Bj in enumerate(family) if j != i] + extra
            if i < len(perms) and all(apply_to_set(perms[i], Bj) == Bj for Bj in others):
                out.append(perms[i])
                continue
            phi = find_involution([(A, Bi), (Bi, A)] + [(Bj, Bj) for Bj in others if Bj], d, budget=budget,
                                  deadline=deadline, ranked=on_ranks)
            if phi is None:
                return None
            out.append(phi)
        return out

    def grow(start: int, family: list[frozenset], perms: list[Perm], used: frozenset) -> None:
        nonlocal best, nodes, exhaustive
        nodes += 1
        if deadline is not None and time.monotonic() > deadline:
            _time_out(budget)
        if len(family) > len(best):
            best = list(zip(family, perms))
        if budget[0] <= 0:
            exhaustive = False
            return
        if disjoint:
            free = sum(1 for S, _ in cands[start:] if not (S & used))
            if len(family) + min(free, len([v for v in B if v not in used]) // k) <= len(best):
                return
        elif len(family) + len(cands) - start <= len(best):
            return
        for idx in range(start, len(cands)):
            S, _ = cands[idx]
            if disjoint and S & used:
                continue
            if disjoint and len(family) + 1 + (len(B) - len(used) - k) // k <= len(best):
                break  # no child can beat the best family (the bound is the same for every child)
            new_perms = joint(family + [S], perms)
            if new_perms is None:
                if budget[0] <= 0:
                    exhaustive = False
                    return
                continue
            grow(idx + 1, family + [S], new_perms, used | S)
            if budget[0] <= 0:
                exhaustive = False
                return

    grow(0, [], [], frozenset())
    fam = tuple(S if ranked is None else frozenset(map(decoded.__getitem__, S)) for S, _ in best)
    invs = tuple(p for _, p in best)
    if not _certifies(*given, invs):  # pragma: no cover - every family was solved jointly
        raise InvariantViolation("copies: the involutions found do not verify (PR Def. A.7); no answer is returned")
    left = budget[1] if budget[1] is not None else max(budget[0], 0)
    return CopiesResult(len(best), False, invs, fam, exhaustive, nodes + max_nodes - left)


def common_copies(parts: list[frozenset], B: frozenset, d: int, *, fixed: Iterable[frozenset] = (),
                  max_nodes: int = 100_000) -> tuple[list[frozenset], dict[tuple[int, int], tuple[int, ...]], bool]:
    """The largest family B_1..B_n ⊆ B of common copies of the parts A_1..A_m (PR Conj. D.13).

    Each B_i is a copy of every A_j via an involution φ_{ji} that maps A_j onto B_i and fixes
    every other B_{i′}, every other A_{j′} and every set of ``fixed``.

    Parameters
    ----------
    parts : list of frozenset
        A_1..A_m, all of one size.
    B : frozenset
    d : int
        The dimension.
    fixed : iterable of frozenset, keyword-only
        Sets every φ_{ji} must also fix (e.g. C).
    max_nodes : int, keyword-only
        Search budget; past it the best family found is returned, not exhaustive.

    Returns
    -------
    tuple
        (B_i list, {(j, i): φ_{ji}}, exhaustive).

    Examples
    --------
    >>> e = lambda j: (Fraction(int(j == 0)), Fraction(int(j == 1)), Fraction(int(j == 2)), Fraction(int(j == 3)))
    >>> fam, phis, exhaustive = common_copies([frozenset([e(0)]), frozenset([e(1)])], frozenset([e(2), e(3)]), 4)
    >>> len(fam), len(phis), exhaustive
    (2, 4, True)
    """
    fam, phis, exhaustive = _common_copies(tuple(frozenset(P) for P in parts), frozenset(B), d,
                                           tuple(frozenset(X) for X in fixed), max_nodes)
    return list(fam), dict(phis), exhaustive


def _one_hot_common_blocks(parts: list[frozenset], B: frozenset, d: int, fixed: list[frozenset]
                           ) -> tuple[tuple[frozenset, ...], tuple[tuple[tuple[int, int], tuple[int, ...]], ...], bool] | None:
    """:func:`_one_hot_blocks` for common copies: structure instead of search where the parts are pairwise disjoint
    sets of one-hot vectors with one common value c, and A = ∪ A_j is disjoint from B or there are m ≥ 2 parts.

    The pool is B's vectors c·e_j outside A. It is dealt into ⌊|pool|/k⌋ blocks B_i of k = |A_j| coordinates, and
    φ_{ji} swaps supp A_j with supp B_i: it maps A_j onto B_i and fixes every other part and block pointwise (their
    supports are disjoint from both). Maximal:

    * with m ≥ 2 no B_i meets A: x ∈ B_i ∩ A_j′ and j ≠ j′ give φ_{ji}·x ∈ A_j (φ_{ji} maps B_i onto A_j) and
      φ_{ji}·x ∈ A_j′ (it fixes A_j′), and the parts are disjoint; with m = 1, A ∩ B = ∅ is asked;
    * so the B_i are pairwise disjoint: x ∈ B_i ∩ B_i′ gives φ_{1i}·x ∈ A_1 ∩ B_i′;
    * a permutation maps c·e_j to some c·e_j′, so each B_i is k vectors of the pool, and n ≤ ⌊|pool|/k⌋.

    None where the sets are not of this shape or some φ_{ji} moves a set of ``fixed`` (the general search decides
    those).
    """
    A_all = frozenset().union(*parts)
    if (len(parts) < 2 and A_all & B) or sum(map(len, parts)) != len(A_all):
        return None
    srcs, values = [], set()
    for P in parts:
        one = _one_hot_support(P)
        if one is None:
            return None
        srcs.append(one[0])
        values.add(one[1])
    if len(values) != 1:
        return None
    pool = _one_hot_pool(B - A_all, values.pop())
    table = [_block_swaps(src, pool, d) for src in srcs]      # the same blocks for every part
    family = tuple(apply_to_set(p, parts[0]) for p in table[0])
    phis = tuple(((j, i), p) for j, row in enumerate(table) for i, p in enumerate(row))
    if any(apply_to_set(p, X) != X for _, p in phis for X in fixed):
        return None
    if not all(is_involution(p) and apply_to_set(p, parts[j]) == family[i] for (j, i), p in phis):
        raise InvariantViolation("common_copies: a block swap does not map its part onto its copy (PR Conj. D.13); "
                                 "no answer is returned")      # pragma: no cover - by construction
    return family, phis, True


@functools.lru_cache(maxsize=4096)
def _common_copies(parts_: tuple[frozenset, ...], B: frozenset, d: int, fixed_: tuple[frozenset, ...],
                   max_nodes: int) -> tuple[tuple[frozenset, ...], tuple[tuple[tuple[int, int], tuple[int, ...]], ...], bool]:
    """:func:`common_copies` over hashable arguments, remembered (a search meets the same sets many times)."""
    parts, fixed = list(parts_), list(fixed_)
    fast = _one_hot_common_blocks(parts, B, d, fixed)
    if fast is not None:
        return fast
    # On ranks, as copies() searches (see _ranked): the same steps in the same order, on small ints instead of
    # Fractions, whose comparisons were 95 % of a search over one-hot:10 (6.2 million of them).
    coded = _rank_coder(frozenset().union(B, *parts, *fixed))
    decoded: dict[Any, Vector] | None = None
    if coded is not None:
        code, decoded = coded
        parts = [frozenset(map(code, P)) for P in parts]
        B = frozenset(map(code, B))
        fixed = [frozenset(map(code, X)) for X in fixed]
    on_ranks = decoded is not None
    entries = (lambda v: v) if on_ranks else _vkey          # ranks sort as they are, in the order _key gives
    budget = [max_nodes]
    k = len(parts[0])
    A_all = frozenset().union(*parts)
    disjoint = not (A_all & B)

    def solve(j: int, i: int, fam: list[frozenset]) -> tuple[int, ...] | None:
        reqs = [(parts[j], fam[i]), (fam[i], parts[j])]
        reqs += [(X, X) for t, X in enumerate(fam) if t != i]
        reqs += [(X, X) for t, X in enumerate(parts) if t != j]
        reqs += [(X, X) for X in fixed]
        return find_involution(reqs, d, budget=budget, ranked=on_ranks)

    # φ·x has the entries of x, so a copy of A_j has A_j's multiset of sorted vectors: a cheap necessary
    # condition that spares the involution search on most subsets of B (it cannot add a candidate).
    shape = [sorted(entries(sorted(x, key=_key)) for x in P) for P in parts]
    cands = []
    for S in itertools.combinations(sorted(B), k):
        Sf = frozenset(S)
        seen = sorted(entries(sorted(x, key=_key)) for x in S)
        if all(seen == sh for sh in shape) and all(solve(j, 0, [Sf]) is not None for j in range(len(parts))):
            cands.append(Sf)
    best: tuple[list[frozenset], dict] = ([], {})
    exhaustive = True

    def joint(fam: list[frozenset], old: dict) -> dict | None:
        out = {}
        for j in range(len(parts)):
            for i in range(len(fam)):
                phi = old.get((j, i))
                others = [X for t, X in enumerate(fam) if t != i]
                if phi is None or any(apply_to_set(phi, X) != X for X in others):
                    phi = solve(j, i, fam)
                    if phi is None:
                        return None
                out[(j, i)] = phi
        return out

    def grow(start: int, fam: list[frozenset], phis: dict, used: frozenset) -> None:
        nonlocal best, exhaustive
        if len(fam) > len(best[0]):
            best = (list(fam), dict(phis))
        for idx in range(start, len(cands)):
            if budget[0] <= 0:
                exhaustive = False
                return
            S = cands[idx]
            if disjoint and (S & used):
                continue
            if disjoint and len(fam) + 1 + (len(B) - len(used) - k) // k <= len(best[0]):
                break
            new = joint(fam + [S], phis)
            if new is not None:
                grow(idx + 1, fam + [S], new, used | S)

    grow(0, [], {}, frozenset())
    fam = tuple(best[0]) if decoded is None else tuple(frozenset(map(decoded.__getitem__, S)) for S in best[0])
    return fam, tuple(best[1].items()), exhaustive and budget[0] > 0
