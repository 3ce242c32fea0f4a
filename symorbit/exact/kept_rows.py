"""Sets of tuple rows counted again: their exact read, and their integer rows, kept by the rows' identity.

A count reads each set argument exactly (every entry's type checked, so that a float is refused) and scales
Fraction rows to integers (:func:`~symorbit.exact.scaling.scaled_rows`): at d = 7 that is a quarter of a warm
count of ten visit distributions. An :class:`~symorbit.outcomes.outcome_sets.OutcomeSet` keeps its integer
rows for the next count; a list of vectors cannot, but a row given as a ``tuple`` of ints and Fractions is
immutable, so what was read from it once holds for as long as the tuple lives.

:func:`read_short_rows` reads a set as :func:`~symorbit.exact.sparse.short_rows` does and remembers a set
whose rows are all tuples (the set itself may be a list), by the identities of its rows in order: a set of
the same row objects read again is not read again, and from its second read on its integer rows are kept
too (a set read once pays nothing for scaling it at the read). The memo holds a reference to every row it
remembers, so no other object can take a remembered row's identity while it is kept; it keeps at most
:data:`KEEP_SETS` sets (the oldest go first) of at most :data:`KEEP_ENTRIES` entries each. A 2-D integer numpy
array of at most :data:`KEEP_ARRAY_ENTRIES` entries is remembered by its content (dtype, shape and bytes, read from
those bytes), so an array changed in place between two counts is a different key. Rows given as lists, which can
change between two counts, are read afresh every time; where they are plain ints, the read (their distinct rows,
in order) is then remembered by that content, so equal rows read again give the same kept rows. Lists of Fraction
rows are not kept (hashing a Fraction costs a modular inverse).

Examples
--------
>>> from fractions import Fraction
>>> A = [(Fraction(1, 2), 0), (Fraction(1, 3), 1)]
>>> read_short_rows(A)          # first read: the rows, not all plain ints, not yet scaled
(((Fraction(1, 2), 0), (Fraction(1, 3), 1)), False, None)
>>> read_short_rows(A)[2]       # the same row objects again: scaled once, and kept
(((3, 0), (2, 6)), 6)
>>> read_short_rows([[1, 0], [1, 0], [0, 1]])      # plain ints: distinct rows, their own integer rows
(((1, 0), (0, 1)), True, (((1, 0), (0, 1)), 1))
"""

from __future__ import annotations

import threading
from typing import Any

from symorbit.exact.scaling import forget_combined, scaled_rows
from symorbit.exact.sparse import _is_array, short_rows

__all__ = ["KEEP_ARRAY_ENTRIES", "KEEP_ENTRIES", "KEEP_SETS", "KEEP_TOGETHER", "forget_kept_rows", "is_kept",
           "keep_sets", "kept_sets", "read_short_rows"]

IntRows = tuple[tuple[int, ...], ...]
Read = tuple[tuple[tuple[Any, ...], ...], bool, tuple[IntRows, int] | None]

#: How many sets of tuple rows are kept (the oldest go first).
KEEP_SETS = 64
#: A set of more entries (rows × length) than this is read afresh at every count.
KEEP_ENTRIES = 1 << 16
#: An integer array of at most this many entries is kept by its content (its bytes, shape and dtype).
KEEP_ARRAY_ENTRIES = 1 << 12
#: How many groups of sets counted together are kept (:func:`keep_sets`; the oldest go first).
KEEP_TOGETHER = 16

# key: the rows' ids in order; value: [the given rows (held, so that their ids stay theirs), the rows read,
# whether all plain ints, their integer rows and scale (Fraction rows: None until the set is read a second time),
# whether it has been read a second time]
_KEPT: dict[tuple[int, ...], list[Any]] = {}
# id of the rows read of a kept set read at least twice: those rows (held by their entry too), so that is_kept is
# one lookup
_ROWS: dict[int, tuple[tuple[Any, ...], ...]] = {}
# key: the kind, then the sets' ids; value: (per set: (the set, its rows held (tuple rows) or None (a fixed set),
# the rows' ids or None), what is kept for the sets)
_TOGETHER: dict[tuple[Any, ...], tuple[tuple[tuple[Any, Any, Any], ...], Any]] = {}
_LOCK = threading.Lock()


def read_short_rows(value: Any) -> Read | None:
    """:func:`~symorbit.exact.sparse.short_rows` of ``value`` with the rows' integer rows where at hand:
    (rows, all plain ints, (integer rows, scale) or None), or None where ``value`` is not short exact rows.

    Plain-int rows are their own integer rows at scale 1. Fraction rows are scaled at the second read of the
    same row objects (tuples), and kept from then on; see the module's docstring.

    Examples
    --------
    >>> from fractions import Fraction
    >>> row = (Fraction(2, 3), Fraction(1, 6))
    >>> [read_short_rows([row])[2] for _ in range(2)]
    [None, (((4, 1),), 6)]
    >>> read_short_rows([[0.5, 0]]) is None, read_short_rows([]) is None
    (True, True)
    """
    key: Any = None
    if type(value) in _SEQUENCES and value:
        key = tuple(map(id, value))
    elif _is_array(value) and value.ndim == 2 and value.dtype.kind in "iu" and 0 < value.size <= KEEP_ARRAY_ENTRIES:
        key = (value.dtype.str, value.shape, value.tobytes())       # an array's content, not its identity
    if key is not None and (kept := _recall(key)) is not None:
        return kept
    if key is not None and type(key[0]) is str:       # read from the bytes of the key: the rows are the key's
        import numpy as np

        value = np.frombuffer(key[2], dtype=key[0]).reshape(key[1])
    short = short_rows(value)
    if short is None:
        return None
    rows, plain = short
    scaled = (rows, 1) if plain else None
    if key is None:
        return rows, plain, scaled
    if type(key[0]) is str:                           # an array's key is its content
        _keep(key, None, rows, plain, scaled)
    elif set(map(type, value)) == _TUPLE:             # tuple rows held, so that their ids, the key, stay theirs
        if len(key) * len(rows[0]) <= KEEP_ENTRIES:
            _keep(key, tuple(value), rows, plain, scaled)
    elif plain and len(rows) * len(rows[0]) <= KEEP_ENTRIES:     # rows that may change: kept by their content
        key = (_INT_ROWS, rows)          # plain ints read: the distinct rows in order, all the read depends on
        if (kept := _recall(key)) is not None:
            return kept
        _keep(key, None, rows, plain, scaled)
    return rows, plain, scaled


def _recall(key: Any) -> Read | None:
    """The read kept under ``key``, named kept (:func:`is_kept`) and, for Fraction rows, scaled at its second read;
    None where nothing is kept under it."""
    kept = _KEPT.get(key)
    if kept is None:
        return None
    if not kept[4]:         # read a second time: scaled once, and named kept, for every count from now on
        if not kept[2]:
            kept[3] = scaled_rows(kept[1])
        with _LOCK:
            if _KEPT.get(key) is kept:       # not dropped meanwhile
                _ROWS[id(kept[1])] = kept[1]
        kept[4] = True
    return kept[1], kept[2], kept[3]


def _keep(key: Any, held: Any, rows: Any, plain: bool, scaled: Any) -> None:
    """Keep a first read under ``key`` (``held``: the given tuple rows, whose ids the key is), the oldest dropped."""
    entry = [held, rows, plain, scaled, False]
    with _LOCK:
        old = _KEPT.pop(key, None)
        if old is not None:
            _ROWS.pop(id(old[1]), None)
        _KEPT[key] = entry
        while len(_KEPT) > KEEP_SETS:
            _ROWS.pop(id(_KEPT.pop(next(iter(_KEPT)))[1]), None)


def is_kept(rows: Any) -> bool:
    """Whether ``rows`` are the rows read of a set kept by :func:`read_short_rows` and read at least twice (the same
    object): a count given them again gets the same object back, so what is worked out from them alone may be kept
    too (:func:`~symorbit.exact.scaling.at_common_scale` with ``keep=True``). A set read once is not named kept: a
    set counted once (a search's fresh instance) pays nothing for what later counts would keep.

    >>> from fractions import Fraction
    >>> A, L = [(1, 0), (0, 1)], [[Fraction(1, 2), 0], [0, 1]]
    >>> [is_kept(read_short_rows(A)[0]) for _ in range(2)], [is_kept(read_short_rows(L)[0]) for _ in range(2)]
    ([False, True], [False, False])
    """
    return _ROWS.get(id(rows)) is rows


def keep_sets(kind: str, sets: tuple[Any, ...], value: Any, *, fixed: tuple[bool, ...] | None = None) -> bool:
    """Keep ``value`` of ``kind`` (what the caller keeps: its name) for the ``sets`` counted together (in this
    order), where their objects alone say what they hold: a set that never changes (``fixed``, one flag per set:
    an :class:`~symorbit.outcomes.outcome_sets.OutcomeSet`), or a list or tuple of tuple rows, whose rows are held
    so that their identities stay theirs (a tuple is immutable, and the caller has read its entries as exact
    numbers).
    Returns whether it was kept: not for a set of any other form, nor for one of more than :data:`KEEP_ENTRIES`
    entries, nor where ``fixed`` does not name every set.

    A count asked again on the same sets (:func:`kept_sets`) then finds what it worked out from them without
    reading them: ``symorbit.orbits.counting`` keeps the sets' integer rows and its question this way.

    >>> A, B = [(1, 0), (0, 1)], ((2, 2),)
    >>> keep_sets("doc", (A, B), "rows of A and B"), kept_sets("doc", (A, B)), kept_sets("doc", (B, A))
    (True, 'rows of A and B', None)
    >>> kept_sets("another kind", (A, B)) is None
    True
    >>> A[0] = tuple([1, 0])          # another row object, equal or not: not the set that was kept
    >>> kept_sets("doc", (A, B)) is None, keep_sets("doc", ([[1, 0]], B), "list rows")
    (True, False)
    """
    flags = fixed if fixed is not None else (False,) * len(sets)
    if len(flags) != len(sets):          # every set named fixed or not, or none kept (a set left unchecked)
        return False
    held: list[Any] = []
    for value_set, is_fixed in zip(sets, flags):
        if is_fixed:
            held.append((value_set, None, None))
        elif type(value_set) in _SEQUENCES and value_set and set(map(type, value_set)) == _TUPLE \
                and len(value_set) * len(value_set[0]) <= KEEP_ENTRIES:
            rows = tuple(value_set)
            held.append((value_set, rows, tuple(map(id, rows))))
        else:
            return False
    key = (kind, *map(id, sets))
    with _LOCK:
        _TOGETHER.pop(key, None)
        _TOGETHER[key] = (tuple(held), value)
        while len(_TOGETHER) > KEEP_TOGETHER:
            del _TOGETHER[next(iter(_TOGETHER))]
    return True


def kept_sets(kind: str, sets: tuple[Any, ...]) -> Any:
    """What :func:`keep_sets` kept of ``kind`` for ``sets``, where they are the same objects holding the same row
    objects as then; else None."""
    kept = _TOGETHER.get((kind, *map(id, sets)))
    if kept is None:
        return None
    for value_set, (held, _, ids) in zip(sets, kept[0]):
        if held is not value_set or ids is not None and tuple(map(id, value_set)) != ids:
            return None
    return kept[1]


def forget_kept_rows() -> None:
    """Drop everything the counts keep about sets given before: every kept set and group of sets counted together
    (and the references to their rows), and every combination of kept rows with what is kept with it
    (:func:`~symorbit.exact.scaling.forget_combined`: largest entries, machine arrays, the selection's remembered
    choices). Counts after it read and work out everything afresh, and keep it again.

    >>> forget_kept_rows()
    """
    with _LOCK:
        _KEPT.clear()
        _ROWS.clear()
        _TOGETHER.clear()
    forget_combined()


_SEQUENCES, _TUPLE = (list, tuple), {tuple}
_INT_ROWS = object()        # the first item of a key of plain-int rows kept by their content
