"""Outcome sets: finite sets of exact vectors indexed by coordinates (states).

An :class:`OutcomeSet` is immutable and canonical: its vectors are distinct and
sorted, each tagged with the first actions that produce it (empty tags for plain
vector sets). Iterating yields the vectors as tuples in coordinate order.

Examples
--------
>>> A = OutcomeSet.from_vectors([[1, 0, 0], [0, "1/2", 0], [1, 0, 0]])
>>> len(A), list(A)[0]
(2, (Fraction(0, 1), Fraction(1, 2), Fraction(0, 1)))
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from fractions import Fraction
from itertools import chain, repeat
from operator import floordiv
from typing import Any, Iterable, Iterator, Literal, Mapping, overload

from symorbit.errors import InvalidArgument, TooLarge
from symorbit.exact.numbers import format_count, to_fraction, to_vector
from symorbit.exact.scaling import scaled_rows
from symorbit.exact.sparse import SparseVector, exact_rows, has_sparse_form

__all__ = ["OutcomeSet", "as_outcome_set", "one_hot"]

Vector = tuple[Any, ...]


def _sort_key(vec: Vector) -> tuple:
    return tuple((0, x) if isinstance(x, Fraction) else (1, str(x)) for x in vec)


@dataclass(frozen=True, slots=True)
class OutcomeSet:
    """An immutable set of exact outcome vectors.

    Parameters
    ----------
    coordinates : tuple of str
        Names of the coordinates (the MDP's states), in vector order.
    vectors : tuple of tuple
        The distinct vectors, sorted. Entries are ``Fraction`` (at a rational
        discount) or sympy expressions (as functions of a symbolic discount).
    first_actions : tuple of frozenset of str
        For each vector, the first actions that produce it (OPTS Def. 3.4).
    gamma : Fraction, sympy.Symbol, str or None
        The discount the vectors are taken at; ``"average"`` for the γ → 1
        average-reward limit (recurrent state distributions); None for plain sets.

    The vectors' integer rows (:meth:`integer_rows`) are computed at the first count that reads
    them and kept with the set, so counting many rewards against the same sets reads their
    Fraction entries once; restrictions and subsets taken later derive theirs from this set's.

    Examples
    --------
    The post's candy example (docs/theory.md#candy) at the outcome level: A = {candy},
    B = {chocolate, hug} on the coordinates [candy, chocolate, hug].

    >>> B = OutcomeSet.from_vectors([[0, 0, 1], [0, 1, 0]], coordinates=["candy", "chocolate", "hug"])
    >>> B
    OutcomeSet(2 vectors in Q^3, gamma=None)
    >>> (Fraction(0), Fraction(1), Fraction(0)) in B, B.dimension
    (True, 3)

    With first-action tags, from the candy MDP's visit distributions (OPTS Def. 3.4):

    >>> from symorbit.mdp.library import candy
    >>> from symorbit.mdp.visits import visit_distributions
    >>> F = visit_distributions(candy(), "start", "1/2")
    >>> sorted(F.actions()), len(F.restrict("wait"))
    (['candy', 'wait'], 2)

    References
    ----------
    OPTS Def. 3.3, 3.4 (F(s), F(s | π(s) = a)), Def. 6.10 (RSD); docs/theory.md#mdps and docs/theory.md#p12
    (vectors are deduplicated at the evaluation γ).
    """

    coordinates: tuple[str, ...]
    vectors: tuple[Vector, ...]
    first_actions: tuple[frozenset[str], ...]
    gamma: Any = None
    #: (integer rows, scale) once :meth:`integer_rows` has read the vectors; not part of the value.
    _integer_rows: Any = field(default=None, init=False, repr=False, compare=False)
    #: {first action: :meth:`restrict`'s set}, as each is first taken; not part of the value.
    _restricted: Any = field(default=None, init=False, repr=False, compare=False)
    #: What functions of this set alone have worked out, by name (:meth:`kept`); not part of the value.
    _kept: Any = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        coordinates: Iterable[str],
        tagged: Mapping[Vector, Iterable[str]] | Iterable[tuple[Vector, Iterable[str]]],
        *,
        gamma: Any = None,
    ) -> "OutcomeSet":
        """Canonicalise ``{vector: actions}`` (or pairs): merge duplicates, sort.

        Parameters
        ----------
        coordinates : iterable of str
            The coordinate names, in vector order.
        tagged : mapping or iterable of pairs
            ``{vector: first actions}`` or ``(vector, first actions)`` pairs; a vector
            listed twice gets the union of its tags.
        gamma : optional, keyword-only
            Stored as :attr:`gamma` (see the class).

        Returns
        -------
        OutcomeSet
            Distinct vectors in sorted order, each with its merged tags.

        Raises
        ------
        InvalidArgument
            A vector whose length differs from the number of coordinates.

        Examples
        --------
        The candy MDP's two Wait! outcomes, one listed twice (merged):

        >>> one = Fraction(1)
        >>> F = OutcomeSet.build(["candy", "chocolate", "hug"],
        ...                      [((0, 0, one), ["wait"]), ((0, one, 0), ["wait"]), ((0, 0, one), ["hug"])])
        >>> len(F), sorted(F.tags((0, 0, one)))
        (2, ['hug', 'wait'])

        References
        ----------
        OPTS Def. 3.4 (first-action tags); docs/theory.md#p12.
        """
        coords = tuple(coordinates)
        merged: dict[Vector, set[str]] = {}
        items = tagged.items() if isinstance(tagged, Mapping) else tagged
        for vec, acts in items:
            vec = tuple(vec)
            if len(vec) != len(coords):
                raise InvalidArgument(f"vector {vec} has {len(vec)} entries, expected {len(coords)}")
            merged.setdefault(vec, set()).update(acts)
        exact = all(type(x) is Fraction for v in merged for x in v)
        order = sorted(merged) if exact else sorted(merged, key=_sort_key)
        return cls(coords, tuple(order), tuple(frozenset(merged[v]) for v in order), gamma)

    @classmethod
    def from_vectors(cls, vectors: Iterable[Iterable[Any]], *, coordinates: Iterable[str] | None = None,
                     name: str = "vectors") -> "OutcomeSet":
        """An outcome set from plain vectors (ints, Fractions or ``"p/q"`` strings).

        Parameters
        ----------
        vectors : iterable of vectors, 2-D integer numpy array, or OutcomeSet
            The vectors (duplicates are merged); each a list or tuple of exact numbers, a
            1-D integer numpy array or a :class:`~symorbit.exact.sparse.SparseVector` (stored
            densely here; :func:`~symorbit.orbits.counting.orbit_counts` reads sparse vectors
            and arrays without a dense copy). An :class:`OutcomeSet` is returned as is.
        coordinates : iterable of str, keyword-only, optional
            Coordinate names; default ``"0", "1", ...``.
        name : str, keyword-only
            The argument's name in error messages (default ``"vectors"``).

        Returns
        -------
        OutcomeSet
            With empty first-action tags and ``gamma=None``.

        Raises
        ------
        InvalidArgument
            On an empty set, vectors of different lengths, a non-number, a string
            instead of a list, or a wrong number of coordinate names.
        NotExact
            On a float entry or a float array.

        Examples
        --------
        B = {chocolate, hug} of the post's candy example (docs/theory.md#candy):

        >>> B = OutcomeSet.from_vectors([[0, 1, 0], [0, 0, 1]], coordinates=["candy", "chocolate", "hug"])
        >>> [tuple(map(int, v)) for v in B]
        [(0, 0, 1), (0, 1, 0)]
        >>> import numpy as np
        >>> OutcomeSet.from_vectors(np.array([[0, 1, 0], [0, 0, 1]])) == OutcomeSet.from_vectors([[0, 1, 0], [0, 0, 1]])
        True
        >>> OutcomeSet.from_vectors([[0.5, 0]])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        symorbit.errors.NotExact: vectors[0][0]=0.5 is a float, ... "1/2" or Fraction(1, 2)

        References
        ----------
        docs/theory.md#candy (outcome-level instances); docs/style.md#point-8 (exact at the boundary).
        """
        if isinstance(vectors, OutcomeSet):
            return vectors
        if has_sparse_form(vectors):    # a numpy array, or SparseVector / array members: checked vectorised
            vectors = [v.dense() if isinstance(v, SparseVector) else v for v in exact_rows(vectors, name=name)]
        if isinstance(vectors, (str, bytes)) or not isinstance(vectors, Iterable):
            raise InvalidArgument(f"{name}={str(vectors)[:60]!r} must be a list of vectors")
        raw = list(vectors)
        fast = _from_int_vectors(cls, raw, coordinates, name)
        if fast is not None:
            return fast
        vecs = [to_vector(v, name=f"{name}[{i}]") for i, v in enumerate(raw)]
        if not vecs:
            raise InvalidArgument(f"{name} is empty; an outcome set needs at least one vector")
        d = len(vecs[0])
        for i, v in enumerate(vecs):
            if len(v) != d:
                raise InvalidArgument(f"{name}[{i}] has {len(v)} entries but {name}[0] has {d}")
        coords = tuple(coordinates) if coordinates is not None else tuple(str(i) for i in range(d))
        if len(coords) != d:
            raise InvalidArgument(f"{name}: {len(coords)} coordinate names for vectors of length {d}")
        return cls.build(coords, [(v, ()) for v in vecs])

    # -------------------------------------------------------------- container
    def __iter__(self) -> Iterator[Vector]:
        return iter(self.vectors)

    def __len__(self) -> int:
        return len(self.vectors)

    def __contains__(self, vec: object) -> bool:
        return isinstance(vec, tuple) and vec in self.vectors

    @property
    def dimension(self) -> int:
        """The number of coordinates d."""
        return len(self.coordinates)

    def actions(self) -> frozenset[str]:
        """Every first action that tags some vector.

        Returns
        -------
        frozenset of str
            The union of the first-action tags (empty for a plain vector set).

        Examples
        --------
        >>> from symorbit.mdp.library import candy
        >>> from symorbit.mdp.visits import visit_distributions
        >>> sorted(visit_distributions(candy(), "start", "1/2").actions())
        ['candy', 'wait']

        References
        ----------
        OPTS Def. 3.4.
        """
        return frozenset().union(*self.first_actions) if self.first_actions else frozenset()

    def restrict(self, first_action: str) -> "OutcomeSet":
        """F(s | π(s) = a): the vectors produced with first action ``first_action``.

        Parameters
        ----------
        first_action : str
            The action a taken in the start state.

        Returns
        -------
        OutcomeSet
            The tagged vectors that some policy with π(s) = a produces (tags kept). The same object each
            time it is asked of this set (both are immutable), so that counts that take ``F.restrict(a)``
            afresh at every reward read it once (docs/performance.md#restrict-kept).

        Raises
        ------
        InvalidArgument
            If no vector carries that action; the message lists the available ones.

        Examples
        --------
        The post's candy MDP: Wait! leads to two visit distributions, candy to one.

        >>> from symorbit.mdp.library import candy
        >>> from symorbit.mdp.visits import visit_distributions
        >>> F = visit_distributions(candy(), "start", "1/2")
        >>> len(F.restrict("wait")), len(F.restrict("candy")), F.restrict("wait") is F.restrict("wait")
        (2, 1, True)

        References
        ----------
        OPTS Def. 3.4.
        """
        if not isinstance(first_action, str):      # ["candy"] raised "unhashable type: 'list'"
            raise InvalidArgument(f"first_action={first_action!r:.60} must be one action's name (a string)")
        parts = self._restricted
        if parts is None:
            parts = {}
            object.__setattr__(self, "_restricted", parts)
        part = parts.get(first_action)
        if part is None:
            keep = [i for i, t in enumerate(self.first_actions) if first_action in t]
            if not keep:
                raise InvalidArgument(f"first_action={first_action!r} produces no vector here; available: "
                                      f"{', '.join(sorted(self.actions()))}")
            part = parts[first_action] = self._part(keep)
        elif part._integer_rows is None and self._integer_rows is not None:      # this set has read its rows since
            part.integer_rows(within=self)
        return part

    def __getstate__(self) -> list[Any]:
        # pickle and copy (every field's value, as the dataclass's own __setstate__ reads them): the value, its integer
        # rows and restrictions (cheap to carry, costly to redo), not the store of :meth:`kept`, whose entries may be
        # keyed by other objects' identities
        return [None if f.name == "_kept" else getattr(self, f.name) for f in fields(self)]

    def kept(self) -> dict[Any, Any]:
        """Where functions of this set keep what they work out from it, so that asking again costs a lookup.

        :func:`~symorbit.outcomes.nondominated.nondominated` keeps its set (``"nondominated"``) and its
        certificates (``"certificates"``), :func:`~symorbit.orbits.copies.copies` its results (``"copies"``),
        and for F(s) :func:`~symorbit.analysis.power.power` and
        :func:`~symorbit.analysis.power.optimality_probability` their values and regions. The set is
        immutable, so what is kept stays true; it is not part of the set's value (equality, hash, repr and
        JSON ignore it), and copies, pickles and ``dataclasses.replace`` start without it.

        Returns
        -------
        dict
            The store, by name (made empty on first use).

        Examples
        --------
        >>> from symorbit.outcomes.nondominated import nondominated
        >>> F = OutcomeSet.from_vectors([[1, 0], [0, 1], ["1/4", "1/4"]])
        >>> F.kept()
        {}
        >>> nondominated(F) is nondominated(F), sorted(F.kept())
        (True, ['certificates', 'nondominated'])

        References
        ----------
        docs/performance.md#kept-sets.
        """
        kept = self._kept
        if kept is None:
            kept = {}
            object.__setattr__(self, "_kept", kept)
        return kept

    def subset(self, vectors: Iterable[Vector]) -> "OutcomeSet":
        """The sub-outcome-set of the given vectors (tags kept).

        Parameters
        ----------
        vectors : iterable of tuple
            Vectors of this set; others are ignored.

        Returns
        -------
        OutcomeSet
            The vectors of this set that are listed, with their tags and ``gamma``.

        Examples
        --------
        >>> from symorbit.mdp.library import candy
        >>> from symorbit.mdp.visits import visit_distributions
        >>> F = visit_distributions(candy(), "start", "1/2")
        >>> sorted(F.subset(F.restrict("candy")).actions())
        ['candy']

        References
        ----------
        OPTS Def. 3.6 (ND(F) is such a subset).
        """
        wanted = set(vectors)
        return self._part([i for i, v in enumerate(self.vectors) if v in wanted])

    def _part(self, keep: list[int]) -> "OutcomeSet":
        """The vectors at the ascending positions ``keep``, with their tags and ``gamma``: still distinct and in
        this set's order, so canonical as they are (:meth:`build` would hash and sort them again), and with this
        set's integer rows where it has read them."""
        part = OutcomeSet(self.coordinates, tuple(map(self.vectors.__getitem__, keep)),
                          tuple(map(self.first_actions.__getitem__, keep)), self.gamma)
        if self._integer_rows is not None:      # this set's rows, at the part's own least scale
            object.__setattr__(part, "_integer_rows", _rows_at(self._integer_rows, keep))
        return part

    def integer_rows(self, *, name: str = "outcomes",
                     within: "OutcomeSet | None" = None) -> tuple[tuple[tuple[int, ...], ...], int]:
        """The vectors as integer rows at a common scale L, and L: each exact entry is its integer / L.

        Computed at the first call (:func:`~symorbit.exact.scaling.scaled_rows`, L the least common
        denominator of the entries) and kept with the set, which is immutable; a restriction or subset
        taken after that takes its rows from this set's, divided down to its own least L.

        Parameters
        ----------
        name : str, keyword-only
            The set's name in error messages (default ``"outcomes"``).
        within : OutcomeSet, keyword-only, optional
            A set whose kept rows this set's may be taken from, where every vector of this set is one of
            its vector objects (a restriction or subset of it, however taken): a count relative to F(s)
            reads F(s) first, and the actions' F(s | a) take their rows from it, reading no entry again.

        Returns
        -------
        (tuple of tuple of int, int)
            One integer row per vector, in the set's order, and L.

        Raises
        ------
        InvalidArgument
            An entry that is a function of a symbolic discount (evaluate the set at a rational γ
            first), or another entry that is not an int or a Fraction.
        NotExact
            A float entry (in a set made by :meth:`build`, which takes its vectors as given).

        Examples
        --------
        >>> F = OutcomeSet.from_vectors([["1/2", 0], [0, "2/3"]])
        >>> F.integer_rows()
        (((0, 4), (3, 0)), 6)
        >>> F.subset([(Fraction(1, 2), Fraction(0))]).integer_rows()     # its own least denominator
        (((1, 0),), 2)
        >>> G = OutcomeSet.from_vectors([["1/2", 0], [0, "2/3"]])
        >>> part = G.subset([(0, Fraction(2, 3))])                      # taken before G has read its rows
        >>> G.integer_rows(), part.integer_rows(within=G)               # the part's from G's
        ((((0, 4), (3, 0)), 6), (((0, 2),), 3))

        References
        ----------
        docs/performance.md#kept-rows (why an outcome set keeps them), docs/performance.md#fraction-keys
        (why counts read integer rows).
        """
        kept = self._integer_rows
        if kept is None and within is not None and within._integer_rows is not None:
            at = {id(v): i for i, v in enumerate(within.vectors)}     # live objects: the same id, the same vector
            keep = list(map(at.get, map(id, self.vectors)))
            if None not in keep:
                kept = _rows_at(within._integer_rows, keep)      # type: ignore[arg-type]
                object.__setattr__(self, "_integer_rows", kept)
        if kept is None:
            if not set(map(type, chain.from_iterable(self.vectors))) <= {Fraction, int}:    # one scan at C speed
                for x in chain.from_iterable(self.vectors):
                    _exact_entry(x, name)
            kept = scaled_rows(self.vectors)
            object.__setattr__(self, "_integer_rows", kept)
        return kept

    def tags(self, vec: Vector) -> frozenset[str]:
        """The first actions that produce ``vec``.

        Parameters
        ----------
        vec : tuple
            A vector of this set.

        Returns
        -------
        frozenset of str
            Its first-action tags.

        Raises
        ------
        ValueError
            If ``vec`` is not in the set.

        Examples
        --------
        >>> from symorbit.mdp.library import candy
        >>> from symorbit.mdp.visits import visit_distributions
        >>> F = visit_distributions(candy(), "start", "1/2")
        >>> [sorted(F.tags(v)) for v in F]
        [['wait'], ['wait'], ['candy']]

        References
        ----------
        OPTS Def. 3.4.
        """
        return self.first_actions[self.vectors.index(vec)]

    def __repr__(self) -> str:
        return f"OutcomeSet({len(self)} vectors in Q^{self.dimension}, gamma={self.gamma})"


def _exact_entry(x: Any, name: str) -> None:
    """Refuse an entry of an outcome set that is not an int or a Fraction, saying what it is: a function of γ, a
    float (with its exact spelling) or another number (:meth:`OutcomeSet.build` takes its vectors as given).

    >>> _exact_entry(Fraction(1, 2), "F")
    >>> _exact_entry(0.5, "F")
    Traceback (most recent call last):
    ...
    symorbit.errors.NotExact: F entry=0.5 is a float, which is not exact; write it as "1/2" or Fraction(1, 2)
    """
    if isinstance(x, (Fraction, int)) and not isinstance(x, bool):
        return
    if getattr(x, "free_symbols", None):
        raise InvalidArgument(f"{name} has the entry {x}, a function of gamma; evaluate the outcome set at a "
                              "rational gamma first")
    to_fraction(x, name=f"{name} entry")      # raises for a float, a bool or a non-number, saying so
    raise InvalidArgument(f"{name} has the entry {x!r} of type {type(x).__name__}; make the set with "
                          "OutcomeSet.from_vectors, which reads every entry as a Fraction")


def _rows_at(rows_and_scale: tuple[tuple[tuple[int, ...], ...], int],
             keep: list[int]) -> tuple[tuple[tuple[int, ...], ...], int]:
    """The integer rows at positions ``keep`` of a set's kept rows, divided down to their own least scale (the gcd
    of the scale and every entry), as :meth:`OutcomeSet.integer_rows` would compute them from the vectors.

    >>> _rows_at((((2, 4), (3, 0)), 6), [0])
    (((1, 2),), 3)
    """
    rows, scale = rows_and_scale
    kept = tuple(map(rows.__getitem__, keep))
    common = math.gcd(scale, *chain.from_iterable(kept))
    if common > 1:
        kept = tuple(tuple(map(floordiv, row, repeat(common))) for row in kept)
    return kept, scale // common


def _from_int_vectors(cls: type[OutcomeSet], raw: list[Any], coordinates: Iterable[str] | None,
                      name: str) -> OutcomeSet | None:
    """The fast path of :meth:`OutcomeSet.from_vectors` for lists of plain-int vectors (one-hot,
    block-structured, any sparse integer set): duplicates are merged and the vectors sorted
    as int tuples (cheap to hash and compare, same order as the Fractions), and each vector
    is converted once with its distinct values shared. None when the input is anything else
    (the general path then validates every entry)."""
    if not raw or not all(type(v) in (list, tuple) for v in raw):
        return None
    d = len(raw[0])
    for v in raw:
        if len(v) != d or not set(map(type, v)) <= {int}:
            return None
    coords = tuple(coordinates) if coordinates is not None else tuple(str(i) for i in range(d))
    if len(coords) != d:
        return None                      # the general path words the error
    order = sorted(set(map(tuple, raw)))
    exact = {x: Fraction(x) for x in set().union(*order)}      # every distinct value once, shared by all vectors
    vectors = tuple(tuple(map(exact.__getitem__, v)) for v in order)
    return cls(coords, vectors, (frozenset(),) * len(order), None)


def as_outcome_set(value: Any, *, name: str = "outcomes") -> OutcomeSet:
    """Accept an :class:`OutcomeSet` or a list of vectors; return an :class:`OutcomeSet`.

    Parameters
    ----------
    value : OutcomeSet or iterable of vectors
        An outcome set (returned as is) or plain vectors (ints, ``Fraction``, ``"p/q"``).
    name : str, keyword-only
        The argument's name in error messages (default ``"outcomes"``).

    Returns
    -------
    OutcomeSet

    Raises
    ------
    InvalidArgument
        An empty set, vectors of different lengths, or a non-number.
    NotExact
        A float entry.

    Examples
    --------
    A = {candy} of the post's candy example (docs/theory.md#candy):

    >>> A = as_outcome_set([[1, 0, 0]], name="outcomes_a")
    >>> A, as_outcome_set(A) is A
    (OutcomeSet(1 vectors in Q^3, gamma=None), True)
    >>> as_outcome_set([], name="outcomes_a")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: outcomes_a is empty; an outcome set needs at least one vector

    References
    ----------
    docs/theory.md#candy; docs/style.md#point-11 (one spelling of outcome-set arguments).
    """
    if isinstance(value, OutcomeSet):
        return value
    return OutcomeSet.from_vectors(value, name=name)


@overload
def one_hot(d: int, j: int, *, sparse: Literal[False] = ...) -> tuple[int, ...]: ...
@overload
def one_hot(d: int, j: int, *, sparse: Literal[True]) -> SparseVector: ...
def one_hot(d: int, j: int, *, sparse: bool = False) -> tuple[int, ...] | SparseVector:
    """The standard basis vector e_j of length ``d`` (OPTS Def. 3.2), as exact integers.

    Parameters
    ----------
    d : int
        The number of coordinates (states).
    j : int
        The coordinate that holds the 1, ``0 <= j < d``.
    sparse : bool, keyword-only
        Return a :class:`~symorbit.exact.sparse.SparseVector` (one stored entry) instead of a
        tuple of ``d`` ints: the form :func:`~symorbit.orbits.counting.orbit_counts` reads in
        O(1) at any ``d``.

    Returns
    -------
    tuple of int, or SparseVector

    Raises
    ------
    InvalidArgument
        When ``j`` is not a coordinate of a length-``d`` vector.
    TooLarge
        A dense vector (``sparse=False``) of more than :data:`MAX_DENSE` entries.

    Examples
    --------
    The post's candy example: A = {e_candy}, B = {e_chocolate, e_hug} over [candy, chocolate, hug].

    >>> [one_hot(3, 0)], [one_hot(3, 1), one_hot(3, 2)]
    ([(1, 0, 0)], [(0, 1, 0), (0, 0, 1)])
    >>> one_hot(10**6, 2, sparse=True)
    SparseVector(1000000, {2: 1})

    References
    ----------
    OPTS Def. 3.2 (e_s); the post, "candy, chocolate, hug".
    """
    if not isinstance(d, int) or not isinstance(j, int) or isinstance(d, bool) or isinstance(j, bool) \
            or d < 1 or not 0 <= j < d:
        raise InvalidArgument(f"one_hot(d={d!r}, j={j!r}): need integers with 0 <= j < d")
    if sparse:
        return SparseVector._trusted(d, ((j, Fraction(1)),))
    if d > MAX_DENSE:       # one_hot(10**9, 1) took 252 s and gigabytes
        raise TooLarge(f"one_hot(d={format_count(d)}): a dense vector of more than {format_count(MAX_DENSE)} entries; "
                       "pass sparse=True (orbit_counts reads it at any d)")
    return tuple(int(i == j) for i in range(d))


#: The longest vector :func:`one_hot` writes out densely (a tuple of 10^7 ints is 80 MB).
MAX_DENSE = 10**7
