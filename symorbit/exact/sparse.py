"""Long exact vectors without per-entry work: sparse vectors, integer arrays, and reward multisets.

A one-hot vector at d = 10^6 written as a Python list has a million entries to read; as a
:class:`SparseVector` it has one. numpy integer arrays are read with vectorised checks
(float, complex and bool arrays are refused, as float entries are everywhere). A reward
given as a ``range`` or an integer array is reduced to its multiset of values without
making a ``Fraction`` per entry.

Examples
--------
>>> e = SparseVector(6, {4: 1})
>>> e, len(e), tuple(map(int, e))
(SparseVector(6, {4: 1}), 6, (0, 0, 0, 0, 1, 0))
>>> reward_multiset(range(5))
RewardMultiset(denominator=1, values=(0, 1, 2, 3, 4), multiplicities=(1, 1, 1, 1, 1))
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain, compress
from math import lcm
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

from symorbit.errors import InvalidArgument, NotExact
from symorbit.exact.numbers import to_fraction, to_vector, unordered

__all__ = ["SparseVector", "RewardMultiset", "exact_rows", "reward_multiset", "short_int_rows",
           "short_rows", "sparse_int_rows"]

#: A numpy row of at least this length becomes a :class:`SparseVector` when at most one entry
#: in :data:`SPARSE_FILL` is nonzero (shorter or denser rows become tuples).
SPARSE_FROM = 256
SPARSE_FILL = 4


@dataclass(frozen=True, slots=True)
class SparseVector:
    """An exact vector of length ``length`` stored by its nonzero entries.

    Parameters
    ----------
    length : int
        The number of coordinates d (at least 1).
    entries : mapping or iterable of (int, number) pairs
        The nonzero entries ``{coordinate: value}``; values are ints, ``Fraction`` or
        ``"p/q"`` strings (floats refused); zeros are dropped. Stored canonically as
        ``((coordinate, Fraction), ...)`` with coordinates ascending, so equal vectors
        compare and hash equal.

    Raises
    ------
    InvalidArgument
        A coordinate outside ``0 .. length - 1``, a coordinate given twice, a non-number.
    NotExact
        A float value.

    Examples
    --------
    The post's candy example, B = {e_chocolate, e_hug} over [candy, chocolate, hug]; iterating
    gives the dense entries, so a sparse vector goes wherever a list of numbers does:

    >>> B = [SparseVector(3, {1: 1}), SparseVector(3, {2: 1})]
    >>> [tuple(map(int, v)) for v in B]
    [(0, 1, 0), (0, 0, 1)]
    >>> SparseVector(10**6, {7: "1/2", 8: 0}).entries
    ((7, Fraction(1, 2)),)
    >>> SparseVector(3, {3: 1})
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: SparseVector(3, ...): coordinate 3 is outside 0 .. 2

    References
    ----------
    OPTS Def. 3.2 (e_s, the one-hot visit distributions these store in O(1)).
    """

    length: int
    entries: tuple[tuple[int, Fraction], ...]

    def __post_init__(self) -> None:
        d = self.length
        if type(d) is not int or d < 1:
            raise InvalidArgument(f"SparseVector(length={d!r}): the length must be a positive integer")
        raw = self.entries
        if isinstance(raw, (str, bytes)):
            raise InvalidArgument(f"SparseVector({d}, {raw!r}): give the entries as {{coordinate: value}}")
        items = list(raw.items()) if isinstance(raw, Mapping) else list(raw)
        seen: dict[int, Fraction] = {}
        for item in items:
            if not isinstance(item, tuple) or len(item) != 2:
                raise InvalidArgument(f"SparseVector({d}, ...): {item!r} is not a (coordinate, value) pair")
            j, x = item
            if type(j) is not int:
                raise InvalidArgument(f"SparseVector({d}, ...): coordinate {j!r} is not an integer")
            if not 0 <= j < d:
                raise InvalidArgument(f"SparseVector({d}, ...): coordinate {j} is outside 0 .. {d - 1}")
            if j in seen:
                raise InvalidArgument(f"SparseVector({d}, ...): coordinate {j} is given twice")
            seen[j] = to_fraction(x, name=f"SparseVector[{j}]")
        object.__setattr__(self, "entries", tuple((j, seen[j]) for j in sorted(seen) if seen[j]))

    @classmethod
    def _trusted(cls, length: int, entries: tuple[tuple[int, Fraction], ...]) -> "SparseVector":
        """Built from entries already canonical (ascending coordinates, nonzero Fractions)."""
        out = object.__new__(cls)
        object.__setattr__(out, "length", length)
        object.__setattr__(out, "entries", entries)
        return out

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[Fraction]:
        return iter(self.dense())

    def __getitem__(self, j: int) -> Fraction:
        if not -self.length <= j < self.length:
            raise IndexError(f"coordinate {j} of a vector of length {self.length}")
        j %= self.length
        return next((x for i, x in self.entries if i == j), Fraction(0))

    @property
    def support(self) -> tuple[int, ...]:
        """The coordinates of the nonzero entries, ascending."""
        return tuple(j for j, _ in self.entries)

    def dense(self) -> tuple[Fraction, ...]:
        """Every entry, as a tuple of ``Fraction`` (one shared zero object).

        Returns
        -------
        tuple of Fraction
            The ``length`` entries in coordinate order.

        Examples
        --------
        >>> SparseVector(3, {1: "1/2"}).dense()
        (Fraction(0, 1), Fraction(1, 2), Fraction(0, 1))

        References
        ----------
        OPTS Def. 3.2 (e_s written out).
        """
        out = [Fraction(0)] * self.length
        for j, x in self.entries:
            out[j] = x
        return tuple(out)

    def __repr__(self) -> str:
        inner = ", ".join(f"{j}: {x}" for j, x in self.entries[:8])
        more = f", ... ({len(self.entries)} nonzero)" if len(self.entries) > 8 else ""
        return f"SparseVector({self.length}, {{{inner}{more}}})"


def _numpy() -> Any:
    """numpy if the caller has imported it (an array can only exist then), else None."""
    return sys.modules.get("numpy")


def _is_array(value: Any) -> bool:
    np = _numpy()
    return np is not None and isinstance(value, np.ndarray)


def _check_dtype(arr: Any, name: str) -> bool:
    """True for integer arrays (read vectorised); False for those read entry by entry (object, text)."""
    kind = arr.dtype.kind
    if kind in "iu":
        return True
    if kind == "b":
        raise InvalidArgument(f"{name} is a bool array, not numbers; convert it with .astype(int)")
    if kind in "fc":
        raise NotExact(f"{name} is a {arr.dtype} array, which is not exact; give an integer array "
                       "(dtype=int) or exact entries such as Fraction(1, 3) or \"1/3\"")
    if kind in "OUS":
        return False
    raise InvalidArgument(f"{name} is a numpy array of dtype {arr.dtype}; give integers or exact fractions")


def _int_row(row: Any) -> SparseVector | tuple[Fraction, ...]:
    """One integer numpy row: a SparseVector when long and mostly zero, else a tuple of Fractions."""
    np = _numpy()
    d = int(row.shape[0])
    if d >= SPARSE_FROM:
        idx = np.flatnonzero(row)
        if SPARSE_FILL * len(idx) <= d:
            vals = row[idx].tolist()
            shared = {x: Fraction(x) for x in set(vals)}
            return SparseVector._trusted(d, tuple(zip(idx.tolist(), map(shared.__getitem__, vals))))
    return to_vector(row.tolist())


def exact_rows(value: Any, *, name: str = "vectors") -> tuple[SparseVector | tuple[Fraction, ...], ...]:
    """The distinct vectors of a set given as a 2-D integer array or a list of vectors, each a
    :class:`SparseVector` or a tuple of ``Fraction`` (first occurrence order kept).

    Parameters
    ----------
    value : 2-D numpy array, or iterable of vectors
        Each vector a :class:`SparseVector`, a 1-D numpy array, or a list or tuple of exact
        numbers. Integer arrays are checked and converted vectorised; long, mostly-zero rows
        become :class:`SparseVector`.
    name : str, keyword-only
        The argument's name in error messages.

    Returns
    -------
    tuple
        The distinct vectors.

    Raises
    ------
    InvalidArgument
        An empty set, vectors of different lengths, a bool array, a non-number.
    NotExact
        A float array or a float entry.

    Examples
    --------
    >>> import numpy as np
    >>> rows = exact_rows(np.eye(3, 1000, dtype=int), name="outcomes_a")
    >>> rows[0], len(rows)
    (SparseVector(1000, {0: 1}), 3)
    >>> exact_rows(np.zeros((2, 3)), name="outcomes_a")
    Traceback (most recent call last):
    ...
    symorbit.errors.NotExact: outcomes_a is a float64 array, which is not exact; give an integer array (dtype=int) or exact entries such as Fraction(1, 3) or "1/3"

    References
    ----------
    docs/style.md#point-8 (exact at the boundary: floats refused).
    """
    if _is_array(value):
        if value.ndim != 2:
            raise InvalidArgument(f"{name} is a {value.ndim}-D array; give a set as a 2-D array, one vector per row")
        items: list[Any] = list(value) if _check_dtype(value, name) else value.tolist()
    elif isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InvalidArgument(f"{name}={str(value)[:60]!r} must be a list of vectors")
    else:
        items = list(value)
    if not items:
        raise InvalidArgument(f"{name} is empty; an outcome set needs at least one vector")
    rows: dict[Any, None] = {}
    d = None
    for i, v in enumerate(items):
        row: SparseVector | tuple[Fraction, ...]
        if isinstance(v, SparseVector):
            row = v
        elif _is_array(v):
            if v.ndim != 1:
                raise InvalidArgument(f"{name}[{i}] is a {v.ndim}-D array; a vector is 1-D")
            row = _int_row(v) if _check_dtype(v, f"{name}[{i}]") else to_vector(v.tolist(), name=f"{name}[{i}]")
        else:
            row = to_vector(v, name=f"{name}[{i}]")
        if d is None:
            d = len(row)
        elif len(row) != d:
            raise InvalidArgument(f"{name}[{i}] has {len(row)} entries but {name}[0] has {d}")
        rows.setdefault(row, None)
    return tuple(rows)


def sparse_int_rows(value: Any) -> tuple[SparseVector, ...] | None:
    """Long, mostly-zero vectors of plain ints (lists or tuples of at least :data:`SPARSE_FROM`
    entries, at most one in :data:`SPARSE_FILL` nonzero) as distinct :class:`SparseVector`,
    read at C speed (a type scan, a zero count and ``itertools.compress`` per vector); None for
    anything else, which the general path then reads entry by entry.

    Examples
    --------
    >>> e = [0] * 1000
    >>> e[3] = 2
    >>> sparse_int_rows([e, e])
    (SparseVector(1000, {3: 2}),)
    >>> sparse_int_rows([[0, 1]]) is None          # short: the general path
    True
    """
    if not isinstance(value, (list, tuple)) or not value:
        return None
    d = len(value[0]) if type(value[0]) in (list, tuple) else 0
    if d < SPARSE_FROM:
        return None
    rows: dict[SparseVector, None] = {}
    shared: dict[int, Fraction] = {}
    for v in value:
        if type(v) not in (list, tuple) or len(v) != d or SPARSE_FILL * (d - v.count(0)) > d \
                or set(map(type, v)) != {int}:
            return None
        idx = list(compress(range(d), v))
        entries = tuple((j, shared.get(x) or shared.setdefault(x, Fraction(x))) for j in idx for x in (v[j],))
        rows.setdefault(SparseVector._trusted(d, entries), None)
    return tuple(rows)


def short_rows(value: Any) -> tuple[tuple[tuple[Any, ...], ...], bool] | None:
    """Short exact vectors read as they are, and whether they are all plain ints.

    Short vectors are a list or tuple of lists or tuples, each shorter than :data:`SPARSE_FROM` and all
    of one length, or a 2-D integer numpy array of such rows. Plain ints come back as distinct tuples,
    first occurrence first, with True; ``Fraction`` and int entries as tuples as given (not
    deduplicated, since hashing a ``Fraction`` costs a modular inverse: visit distributions at
    γ = 9/10, 1.4 ms of a 5 ms count at d = 8; a repeated vector changes no maximum), with False.
    Anything else (other entry types, ragged or empty sets) gives None, and the general path then reads
    it and reports on it. Three scans at C speed, of the rows' types, their lengths and their entries'
    types: no ``Fraction`` and no outcome set is built, which at d ≤ 8 cost more than the count itself.

    Examples
    --------
    >>> from fractions import Fraction
    >>> short_rows([[1, 0], (0, 1), [1, 0]])
    (((1, 0), (0, 1)), True)
    >>> short_rows([[Fraction(1, 2), 0], (1, Fraction(3))])
    (((Fraction(1, 2), 0), (1, Fraction(3, 1))), False)
    >>> short_rows([[1, 0], [0, "1/2"]]), short_rows([[True, 0]]), short_rows([[0.5, 0]]), short_rows([[1], [1, 2]])
    (None, None, None, None)
    """
    if type(value) not in _SEQUENCES:
        if not _is_array(value):
            return None
        # a 2-D integer array of short rows: its Python ints (bool arrays are refused later)
        if value.ndim != 2 or value.dtype.kind not in "iu" or not value.size or value.shape[1] >= SPARSE_FROM:
            return None
        return tuple(dict.fromkeys(map(tuple, value.tolist()))), True
    if not value or type(value[0]) not in _SEQUENCES:
        return None
    d = len(value[0])
    if not 0 < d < SPARSE_FROM or not set(map(type, value)) <= _SEQUENCES or set(map(len, value)) != {d}:
        return None
    types = set(map(type, chain.from_iterable(value)))
    if types <= _INTS:
        return tuple(dict.fromkeys(map(tuple, value))), True
    if types <= _RATIONALS:
        return tuple(map(tuple, value)), False    # ints stand for Fractions: exact rationals alike
    return None


_SEQUENCES, _INTS, _RATIONALS = {list, tuple}, {int}, {int, Fraction}


def short_int_rows(value: Any) -> tuple[tuple[int, ...], ...] | None:
    """:func:`short_rows` of plain ints only: their distinct tuples, else None.

    Examples
    --------
    >>> short_int_rows([[1, 0], (0, 1), [1, 0]])
    ((1, 0), (0, 1))
    >>> short_int_rows([[1, 0], [0, "1/2"]]) is None, short_int_rows([[True, 0]]) is None
    (True, True)
    >>> import numpy as np
    >>> short_int_rows(np.array([[2, 0], [2, 0]])), short_int_rows(np.eye(2, dtype=bool)) is None
    (((2, 0),), True)
    """
    short = short_rows(value)
    return short[0] if short is not None and short[1] else None


def has_sparse_form(value: Any) -> bool:
    """True when a set argument is a numpy array or lists a :class:`SparseVector` or an array
    (the forms :func:`exact_rows` reads without per-entry work)."""
    if _is_array(value):
        return True
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, SparseVector) or _is_array(v) for v in value)
    return False


class RewardMultiset(NamedTuple):
    """A reward's values as a multiset, scaled to integers: the i-th distinct value is
    ``values[i] / denominator`` (ascending) and occurs ``multiplicities[i]`` times.

    Examples
    --------
    >>> m = reward_multiset([0, "1/2", "1/2"])
    >>> m, m.d, m.exact_values
    (RewardMultiset(denominator=2, values=(0, 1), multiplicities=(1, 2)), 3, (Fraction(0, 1), Fraction(1, 2)))
    """

    denominator: int
    values: tuple[int, ...]
    multiplicities: tuple[int, ...]

    @property
    def d(self) -> int:
        """The reward's length."""
        return sum(self.multiplicities)

    @property
    def exact_values(self) -> tuple[Fraction, ...]:
        """The distinct values as ``Fraction``, ascending."""
        return tuple(Fraction(v, self.denominator) for v in self.values)


def reward_multiset(reward: Any, *, name: str = "reward") -> RewardMultiset:
    """The multiset of a reward's values, with no per-entry ``Fraction`` for integer rewards.

    Parameters
    ----------
    reward : range, 1-D numpy array, or sequence of exact numbers
        A ``range`` and an integer array are read at C speed (a range's values are distinct);
        a list of plain ints is counted at C speed; anything else is converted entry by entry
        (floats refused).
    name : str, keyword-only
        The argument's name in error messages.

    Returns
    -------
    RewardMultiset

    Raises
    ------
    InvalidArgument
        An empty reward, a bool array, a 2-D array, a non-number.
    NotExact
        A float array or entry.

    Examples
    --------
    >>> reward_multiset([3, 1, 3])
    RewardMultiset(denominator=1, values=(1, 3), multiplicities=(1, 2))
    >>> reward_multiset(range(4, 0, -2))
    RewardMultiset(denominator=1, values=(2, 4), multiplicities=(1, 1))
    >>> import numpy as np
    >>> reward_multiset(np.array([2, 0, 2]))
    RewardMultiset(denominator=1, values=(0, 2), multiplicities=(1, 2))

    References
    ----------
    PR Def. 3.2 (the orbit of r depends only on this multiset); docs/theory.md#p1.
    """
    if type(reward) is tuple:           # a tuple of ints and Fractions is immutable: its multiset kept by identity
        kept = _TUPLE_MULTISETS.get(id(reward))
        if kept is not None and kept[0] is reward:
            return kept[1]
        multiset = _multiset_of_items(reward, name)
        if set(map(type, reward)) <= _IMMUTABLE_ENTRIES:
            if len(_TUPLE_MULTISETS) >= TUPLE_MULTISETS:
                _TUPLE_MULTISETS.clear()
            _TUPLE_MULTISETS[id(reward)] = (reward, multiset)      # the tuple held, so that its id stays its own
        return multiset
    if type(reward) is list:            # the common case first: no array or iterable checks
        return _multiset_of_items(reward, name)
    if isinstance(reward, range):
        if not reward:
            raise InvalidArgument(f"{name} is empty; give one number per coordinate")
        values = tuple(reward if reward.step > 0 else reversed(reward))
        return RewardMultiset(1, values, (1,) * len(values))
    if _is_array(reward):
        if reward.ndim != 1:
            raise InvalidArgument(f"{name} is a {reward.ndim}-D array; a reward is 1-D")
        if _check_dtype(reward, name):
            if reward.size == 0:
                raise InvalidArgument(f"{name} is empty; give one number per coordinate")
            if reward.size <= SORTED_COUNT:     # a short array as its Python ints: 1.7 µs where np.unique takes 8
                return _multiset_of_items(reward.tolist(), name)
            vals, counts = _numpy().unique(reward, return_counts=True)
            return RewardMultiset(1, tuple(vals.tolist()), tuple(counts.tolist()))
        reward = reward.tolist()
    if isinstance(reward, (str, bytes)) or not isinstance(reward, Iterable):
        raise InvalidArgument(f"{name} must be a list of exact numbers such as [0, \"1/2\", 2]")
    unordered(reward, name)
    return _multiset_of_items(reward if isinstance(reward, (list, tuple)) else list(reward), name)


#: How many reward tuples :func:`reward_multiset` keeps by identity (all dropped when full): a family's rewards,
#: counted against instance after instance (a search), are read once. Only tuples of ints and Fractions, which
#: cannot change.
TUPLE_MULTISETS = 256
_TUPLE_MULTISETS: dict[int, tuple[tuple[Any, ...], "RewardMultiset"]] = {}
_IMMUTABLE_ENTRIES = {int, Fraction}

#: Rewards up to this length are counted by sorting (a Counter cost 1 µs of a 30 µs count at d = 6); longer
#: ones by a Counter, linear in the length where ``list.count`` per distinct value would be quadratic.
SORTED_COUNT = 64


def _multiset_of_items(items: Sequence[Any], name: str) -> RewardMultiset:
    """:func:`reward_multiset` of a list or tuple of numbers."""
    if not items:
        raise InvalidArgument(f"{name} is empty; give one number per coordinate")
    types = set(map(type, items))
    if types == {int}:
        den, scaled = 1, items          # plain ints: counted at C speed
    else:
        # counted and sorted as integers over the common denominator (hashing and comparing Fractions is slow)
        exact = items if types == {Fraction} else to_vector(items, name=name)
        den = lcm(*{x.denominator for x in exact})
        scaled = [x.numerator * (den // x.denominator) for x in exact]
    if len(scaled) > SORTED_COUNT:
        cnt = Counter(scaled)
        values = tuple(sorted(cnt))
        return RewardMultiset(den, values, tuple(map(cnt.__getitem__, values)))
    ordered = sorted(scaled)          # a short reward: sorted, its distinct values read off in order
    values = tuple(dict.fromkeys(ordered))
    if len(values) == len(ordered):
        return RewardMultiset(den, values, (1,) * len(values))
    return RewardMultiset(den, values, tuple(map(ordered.count, values)))
