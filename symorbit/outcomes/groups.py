"""Permutations of coordinates and orbits of reward vectors (OPTS Def. 6.1, PR Def. 3.1).

Convention (stated once, used everywhere)
-----------------------------------------
A permutation φ ∈ S_d is a tuple in *array form*: ``phi[j]`` is the image of
coordinate j. It acts on vectors in the papers' row representation,
(P_φ x)_{φ(j)} = x_j: the entry at coordinate j moves to coordinate φ(j). On a
set, φ·X := {P_φ x : x ∈ X}. Composition ``compose(p, q)`` is "first q, then p",
so that ``apply(compose(p, q), x) == apply(p, apply(q, x))``.

>>> phi = (1, 2, 0)                      # 0 → 1, 1 → 2, 2 → 0
>>> apply(phi, ("a", "b", "c"))
('c', 'a', 'b')
>>> p, q, x = (1, 0, 2), (0, 2, 1), (7, 8, 9)
>>> apply(compose(p, q), x) == apply(p, apply(q, x))
True

The orbit S_d·r is the **set** of distinct images of r (PR Def. 3.1); the papers
count its distinct elements (docs/theory.md#p1), of which there are d!/∏ m_v!.

>>> from itertools import permutations
>>> r = (0, 1, 1, 2)
>>> orbit_size(r) == len(set(permutations(r))) == 12
True
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from typing import Any, Iterable, Iterator, Sequence

from more_itertools import distinct_permutations

from symorbit.errors import InvalidArgument, TooLarge
from symorbit.exact.numbers import format_count, to_vector

__all__ = [
    "apply",
    "apply_to_set",
    "compose",
    "inverse",
    "identity",
    "transposition",
    "is_involution",
    "check_permutation",
    "orbit",
    "orbit_size",
    "stabilizer_order",
    "multiplicities",
]

Perm = tuple[int, ...]


def check_permutation(phi: Sequence[int], *, d: int | None = None, name: str = "phi") -> Perm:
    """Validate and return ``phi`` as an array-form tuple.

    Parameters
    ----------
    phi : sequence of int
        A permutation in array form: ``phi[j]`` is the image of coordinate j.
    d : int, optional
        The expected degree (the number of coordinates); None accepts any length.
    name : str, keyword-only
        The argument's name in error messages (default ``"phi"``).

    Returns
    -------
    tuple of int
        ``phi`` as an array-form tuple of Python ints.

    Raises
    ------
    InvalidArgument
        If ``phi`` is not a permutation of 0..d-1, or has a length other than ``d``.

    Examples
    --------
    The involution candy ↔ chocolate of the post's candy example (docs/theory.md#candy), on the
    coordinates [candy, chocolate, hug]:

    >>> check_permutation([1, 0, 2], d=3)
    (1, 0, 2)
    >>> check_permutation([1, 1, 2])
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: phi=[1, 1, 2] is not a permutation of 0..2

    References
    ----------
    OPTS Def. 6.1; PR Def. A.6; docs/theory.md#orbits.
    """
    try:
        p = tuple(int(i) for i in phi)
    except (TypeError, ValueError):
        raise InvalidArgument(f"{name}={phi!r} must be a list of integers 0..d-1") from None
    if any(not isinstance(i, int) or isinstance(i, bool) for i in phi):
        raise InvalidArgument(f"{name}={phi!r} must contain integers")
    if sorted(p) != list(range(len(p))):
        raise InvalidArgument(f"{name}={list(p)} is not a permutation of 0..{len(p) - 1}")
    if d is not None and len(p) != d:
        raise InvalidArgument(f"{name} has length {len(p)}, expected d={d}")
    return p


def identity(d: int) -> Perm:
    """The identity of S_d.

    Parameters
    ----------
    d : int
        The number of coordinates.

    Returns
    -------
    tuple of int
        ``(0, 1, ..., d-1)``.

    Examples
    --------
    >>> identity(3)
    (0, 1, 2)
    >>> is_involution(identity(3))       # the identity counts as an involution
    True

    References
    ----------
    OPTS Def. 6.1 (the identity is an involution); PR Def. A.7, footnote 8.
    """
    return tuple(range(_degree(d)))


#: The most coordinates a permutation is written out for (a tuple of 10^7 ints is 80 MB).
MAX_DEGREE = 10**7


def _degree(d: Any) -> int:
    """``d`` as a number of coordinates: an integer from 0 to :data:`MAX_DEGREE` (identity(-1) was (), and
    identity(10**12) a MemoryError)."""
    if isinstance(d, bool) or not isinstance(d, int) or d < 0:
        raise InvalidArgument(f"d={d!r} must be a number of coordinates (an integer >= 0)")
    if d > MAX_DEGREE:
        raise TooLarge(f"d={format_count(d)}: a permutation of more than {format_count(MAX_DEGREE)} coordinates is "
                       "not written out; sparse vectors (one_hot(d, j, sparse=True)) and orbit_counts need none")
    return d


def transposition(d: int, i: int, j: int) -> Perm:
    """The permutation of S_d that swaps i and j.

    Parameters
    ----------
    d : int
        The number of coordinates.
    i, j : int
        The two coordinates to swap (0-based).

    Returns
    -------
    tuple of int
        The transposition (i j) in array form.

    Raises
    ------
    InvalidArgument
        d is not an integer >= 0, or i or j is not a coordinate 0..d-1.
    TooLarge
        d is above :data:`MAX_DEGREE`.

    Examples
    --------
    The two copies of candy in the post's candy example (docs/theory.md#candy), on [candy,
    chocolate, hug], are the involutions (candy chocolate) and (candy hug):

    >>> transposition(3, 0, 1), transposition(3, 0, 2)
    ((1, 0, 2), (2, 1, 0))

    References
    ----------
    PR Def. A.7 (copies are given by involutions); docs/theory.md#candy.
    """
    p = list(range(_degree(d)))
    for k in (i, j):                    # transposition(3, 0, -1) swapped 0 with the last coordinate
        if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < d:
            raise InvalidArgument(f"transposition(d={d}, i={i!r}, j={j!r}): i and j must be coordinates 0..{d - 1}")
    p[i], p[j] = p[j], p[i]
    return tuple(p)


def apply(phi: Sequence[int], x: Sequence[Any]) -> tuple[Any, ...]:
    """P_φ x in row representation: the result has x_j at coordinate φ(j).

    Parameters
    ----------
    phi : sequence of int
        A permutation in array form (not validated; see :func:`check_permutation`).
    x : sequence
        A vector with one entry per coordinate.

    Returns
    -------
    tuple
        P_φ x, with ``result[phi[j]] == x[j]``.

    Examples
    --------
    In the post's candy example (docs/theory.md#candy), the involution (candy chocolate) maps
    A = {e_candy} onto e_chocolate, a copy inside B = {e_chocolate, e_hug}:

    >>> apply((1, 0, 2), (1, 0, 0))
    (0, 1, 0)
    >>> apply((1, 2, 0), ("a", "b", "c"))     # 0 → 1, 1 → 2, 2 → 0
    ('c', 'a', 'b')

    References
    ----------
    OPTS Def. 6.1; PR Def. A.6; docs/theory.md#orbits and docs/theory.md#p13 (the row representation).
    """
    out: list[Any] = [None] * len(x)
    for j, v in enumerate(x):
        out[phi[j]] = v
    return tuple(out)


def apply_to_set(phi: Sequence[int], vectors: Iterable[Sequence[Any]]) -> frozenset[tuple[Any, ...]]:
    """φ·X = {P_φ x : x ∈ X}.

    Parameters
    ----------
    phi : sequence of int
        A permutation in array form.
    vectors : iterable of sequences
        The set X.

    Returns
    -------
    frozenset of tuple
        The image φ·X.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): (candy hug) maps A = {e_candy} into
    B = {e_chocolate, e_hug} and fixes B's other copy {e_chocolate}:

    >>> apply_to_set((2, 1, 0), [(1, 0, 0)]) == {(0, 0, 1)}
    True
    >>> apply_to_set((2, 1, 0), [(0, 1, 0)]) == {(0, 1, 0)}
    True

    References
    ----------
    OPTS Def. 6.1 (φ·X); PR Def. A.6, A.7.
    """
    return frozenset(apply(phi, x) for x in vectors)


def compose(p: Sequence[int], q: Sequence[int]) -> Perm:
    """p ∘ q (first q, then p).

    Parameters
    ----------
    p, q : sequence of int
        Permutations of the same degree, in array form.

    Returns
    -------
    tuple of int
        The composition, with ``apply(compose(p, q), x) == apply(p, apply(q, x))``.

    Raises
    ------
    InvalidArgument
        p or q is not a permutation, or their degrees differ.

    Examples
    --------
    >>> p, q = (1, 0, 2), (2, 1, 0)           # (candy chocolate), (candy hug)
    >>> compose(p, q)
    (2, 0, 1)
    >>> apply(compose(p, q), (1, 0, 0)) == apply(p, apply(q, (1, 0, 0)))
    True

    References
    ----------
    OPTS Def. 6.1; docs/theory.md#orbits and docs/theory.md#p13 (one convention, stated in this module).
    """
    p, q = check_permutation(p, name="p"), check_permutation(q, name="q")   # (1, 1) composed to (1, 1)
    if len(p) != len(q):
        raise InvalidArgument(f"compose: p has {len(p)} coordinates but q has {len(q)}")
    return tuple(p[q[j]] for j in range(len(q)))


def inverse(p: Sequence[int]) -> Perm:
    """φ⁻¹.

    Parameters
    ----------
    p : sequence of int
        A permutation in array form.

    Returns
    -------
    tuple of int
        The inverse, with ``compose(p, inverse(p)) == identity(len(p))``.

    Examples
    --------
    >>> inverse((1, 2, 0))
    (2, 0, 1)
    >>> compose((1, 2, 0), inverse((1, 2, 0)))
    (0, 1, 2)

    References
    ----------
    OPTS Def. 6.1; docs/theory.md#p13 (for an involution the two conventions agree).
    """
    p = check_permutation(p, name="p")      # inverse((1, 1)) was (0, 1)
    out = [0] * len(p)
    for j, i in enumerate(p):
        out[i] = j
    return tuple(out)


def is_involution(p: Sequence[int]) -> bool:
    """φ = φ⁻¹ (the identity counts).

    Parameters
    ----------
    p : sequence of int
        A permutation in array form.

    Returns
    -------
    bool
        True when p ∘ p is the identity.

    Examples
    --------
    The post's candy copies (candy chocolate) and (candy hug) are involutions; a
    3-cycle is not:

    >>> is_involution((1, 0, 2)), is_involution((2, 1, 0)), is_involution((1, 2, 0))
    (True, True, False)

    References
    ----------
    OPTS Def. 6.1 (involutions); PR Def. A.7; docs/theory.md#orbits.
    """
    return all(p[p[j]] == j for j in range(len(p)))


def factorial(n: int) -> int:
    """n! as a Python int: GMP's when gmpy2 is installed (the ``profiles`` extra; 10^6! in tens
    of milliseconds), else ``math.factorial`` (seconds at 10^6).

    >>> factorial(5)
    120
    """
    gmp = _gmpy2() if n > GMP_FROM else None
    return int(gmp.fac(n)) if gmp is not None else math.factorial(n)


#: From this n on, n! and a multinomial's quotient are computed in GMP where gmpy2 is installed.
GMP_FROM = 20_000


def _gmpy2() -> Any:
    """gmpy2 (the ``profiles`` extra), or None: GMP's factorial, and a division that is not quadratic in the digits."""
    try:
        import gmpy2
    except ImportError:
        return None
    return gmpy2


def product(xs: Sequence[int]) -> int:
    """∏ xs by a balanced product tree: subquadratic for many large factors (a left fold
    multiplies an ever longer integer by each factor in turn, quadratic in the result's size).

    >>> product([2, 3, 5, 7]), product([])
    (210, 1)
    """
    items = [x for x in xs if x != 1]
    if not items:
        return 1
    while len(items) > 1:
        items = [items[i] * items[i + 1] if i + 1 < len(items) else items[i] for i in range(0, len(items), 2)]
    return items[0]


def multinomial(counts: Sequence[int]) -> int:
    """(Σ c)! / ∏ c!: distinct arrangements of a multiset with these multiplicities.

    :func:`factorial` and a product tree of the denominators: one-hot vectors at d = 10^6 with
    distinct reward values take milliseconds (a running product of binomials is quadratic in
    the number of distinct values). Above :data:`GMP_FROM` the quotient is taken in GMP when
    gmpy2 is installed (Python's long division is quadratic in the digits).

    >>> multinomial([1, 2, 2]), multinomial([3]), multinomial([])
    (30, 1, 1)
    """
    if isinstance(counts, tuple) and counts.count(1) == len(counts):
        return factorial(len(counts))           # every value distinct (a C-speed test): d!
    counts = [c for c in counts if c]
    if len(counts) <= 1:
        return 1
    total, denominator = sum(counts), product([factorial(c) for c in counts if c > 1])
    gmp = _gmpy2() if total > GMP_FROM else None
    if gmp is not None:
        return int(gmp.fac(total) // gmp.mpz(denominator))
    return math.factorial(total) // denominator


def stabilizer_of(counts: Sequence[int]) -> int:
    """∏ c!: |Stab(r)| of a reward whose values have these multiplicities (1 where every value is distinct, a
    C-speed test on a tuple).

    >>> stabilizer_of((1, 2, 2)), stabilizer_of((1, 1, 1)), stabilizer_of([])
    (4, 1, 1)
    """
    if isinstance(counts, tuple) and counts.count(1) == len(counts):
        return 1
    return product([factorial(c) for c in counts if c > 1])


def multiplicities(reward: Iterable[Any]) -> Counter:
    """The multiset of the reward's values, as ``Counter({value: multiplicity})``.

    Parameters
    ----------
    reward : iterable
        A reward vector r (ints, ``Fraction`` or ``"p/q"`` strings).

    Returns
    -------
    collections.Counter
        ``{value: m_v}``, values as ``Fraction``.

    Raises
    ------
    NotExact
        A float entry.

    Examples
    --------
    The candy table's tied reward r = (0, 1, 1) (docs/theory.md#candy):

    >>> sorted((str(v), m) for v, m in multiplicities([0, 1, 1]).items())
    [('0', 1), ('1', 2)]

    References
    ----------
    docs/theory.md#p1 (|S_d·r| = d!/∏ m_v!).
    """
    tally = _tally(reward)
    return tally if all(type(v) is Fraction for v in tally) else Counter({Fraction(v): m for v, m in tally.items()})


def _tally(reward: Iterable[Any]) -> Counter:
    """The reward's values counted: plain ints as they are (counted at C speed, and the multiplicities are
    all that orbit_size and stabilizer_order need), anything else as ``Fraction``."""
    items = reward if isinstance(reward, (list, tuple)) else None
    if items and set(map(type, items)) == {int}:
        return Counter(items)
    return Counter(to_vector(reward, name="reward"))


def stabilizer_order(reward: Iterable[Any]) -> int:
    """|Stab(r)| = ∏ m_v!: how many permutations fix r.

    Parameters
    ----------
    reward : iterable
        A reward vector r.

    Returns
    -------
    int
        ∏ m_v! over the multiplicities m_v of r's values.

    Raises
    ------
    NotExact
        A float entry.

    Examples
    --------
    In the candy table (docs/theory.md#candy), counting all 3! permutations of r = (0, 1, 1)
    doubles the element counts: |Stab(r)| = 2. By brute force:

    >>> from itertools import permutations
    >>> stabilizer_order([0, 1, 1])
    2
    >>> r = (0, 1, 1, 2)
    >>> stabilizer_order(r) == sum(1 for p in permutations(range(4)) if apply(p, r) == r) == 2
    True

    References
    ----------
    docs/theory.md#most ("elements versus permutations") and docs/theory.md#p1.
    """
    return stabilizer_of(list(_tally(reward).values()))


def orbit_size(reward: Iterable[Any]) -> int:
    """|S_d·r| = d!/∏ m_v!, the number of distinct orbit elements.

    Parameters
    ----------
    reward : iterable
        A reward vector r.

    Returns
    -------
    int
        The number of distinct vectors in the orbit S_d·r.

    Raises
    ------
    NotExact
        A float entry.

    Examples
    --------
    The orbit sizes of the candy table (docs/theory.md#candy), and the same by brute force:

    >>> from itertools import permutations
    >>> orbit_size([1, 2, 3]), orbit_size([1, 2, 2]), orbit_size([1, 1, 1])
    (6, 3, 1)
    >>> orbit_size([0, 1, 1, 2]) == len(set(permutations([0, 1, 1, 2]))) == 12
    True

    References
    ----------
    PR Def. 3.1; docs/theory.md#p1.
    """
    return multinomial(list(_tally(reward).values()))


def orbit(reward: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """The distinct elements of the orbit S_d·r, each once, as tuples of ``Fraction``.

    Parameters
    ----------
    reward : iterable
        A reward vector r (ints, ``Fraction`` or ``"p/q"`` strings).

    Yields
    ------
    tuple of Fraction
        Each distinct vector of S_d·r once, in lexicographic order.

    Raises
    ------
    InvalidArgument
        An empty reward.
    NotExact
        A float entry.

    Notes
    -----
    O(|orbit| · d) time (more-itertools' ``distinct_permutations``).

    Examples
    --------
    The candy table's reward (1, 2, 2) (docs/theory.md#candy) has three orbit elements, not 3! = 6:

    >>> [tuple(map(int, x)) for x in orbit([1, 2, 2])]
    [(1, 2, 2), (2, 1, 2), (2, 2, 1)]
    >>> from itertools import permutations
    >>> set(orbit([1, 2, 2])) == set(permutations([Fraction(1), Fraction(2), Fraction(2)]))
    True

    References
    ----------
    PR Def. 3.1 (the orbit is a set); OPTS Def. 6.3, 6.4; docs/theory.md#p1.
    """
    r = to_vector(reward, name="reward")
    if not r:
        raise InvalidArgument("reward=() is empty; a reward has one entry per state")
    return distinct_permutations(sorted(r))
