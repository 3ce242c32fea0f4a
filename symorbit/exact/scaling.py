"""Exact rows as integer rows at one common scale, the form every counting engine reads.

A row of Fractions times a common multiple L of its entries' denominators is a row of integers, and two
rows at the same scale are equal exactly when the exact rows are: integer tuples hash and compare without
the modular inverse that hashing a ``Fraction`` costs. :class:`~symorbit.outcomes.outcome_sets.OutcomeSet`
keeps its own rows in this form once read (:meth:`~symorbit.outcomes.outcome_sets.OutcomeSet.integer_rows`),
and :func:`at_common_scale` puts several such parts on one scale; with ``keep=True`` the same kept parts are
combined once, and what the engines work out about the combined rows alone is kept with them (:func:`row_facts`).

Examples
--------
>>> from fractions import Fraction
>>> scaled_rows([(Fraction(1, 2), 1), (Fraction(2, 3), 0)])
(((3, 6), (4, 0)), 6)
>>> at_common_scale([(((1, 2),), 2), (((1, 1),), 3)])     # (1/2, 1) and (1/3, 1/3) at scale 6
(((3, 6), (2, 2)), 6)
"""

from __future__ import annotations

import math
import threading
from fractions import Fraction
from itertools import chain, islice
from operator import itemgetter, methodcaller, mul
from typing import Any, Callable, Sequence

from symorbit.errors import InvariantViolation

__all__ = ["KEEP_COMBINED", "at_common_scale", "forget_combined", "keep_derived", "row_facts", "scaled_rows"]

IntRows = tuple[tuple[int, ...], ...]

#: An entry's (numerator, denominator): ``Fraction.as_integer_ratio`` for Fraction entries, called unbound (a
#: method read per entry, as ``methodcaller`` does, costs twice as much), else the method of each entry's type.
_RATIO: Callable[[Any], tuple[int, int]] = Fraction.as_integer_ratio
_AS_RATIO = methodcaller("as_integer_ratio")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def scaled_rows(vectors: Sequence[Sequence[Fraction | int]]) -> tuple[IntRows, int]:
    """Exact rows times the least common denominator L of their entries, as integer tuples, and L.

    Each entry x becomes numerator(x) · (L / denominator(x)), one integer division per distinct
    denominator; every pass over the entries is a ``map`` at C speed (a dictionary of entries by
    identity, then a ``Fraction`` attribute read and a product per distinct entry, cost 2.2 times
    as much on visit distributions at d = 7).

    Parameters
    ----------
    vectors : sequence of sequences of Fraction or int
        Exact rows (ints and Fractions only; callers validate their input first).

    Returns
    -------
    (tuple of tuple of int, int)
        The integer rows, each as long as its exact row, and L.

    Examples
    --------
    >>> from fractions import Fraction
    >>> scaled_rows([(Fraction(1, 2), 1), (Fraction(2, 3), 0)])
    (((3, 6), (4, 0)), 6)
    >>> scaled_rows([(Fraction(1, 2),), (1, 2)])      # rows of different lengths stay as they are
    (((1,), (2, 4)), 2)
    """
    try:        # every entry a Fraction: both halves in one call each (1.2-1.6 times faster than two reads)
        flat = list(map(_RATIO, chain.from_iterable(vectors)))
    except (AttributeError, TypeError):      # some plain ints, whose ratio is a method of int, not of Fraction
        flat = list(map(_AS_RATIO, chain.from_iterable(vectors)))
    denominators = list(map(_SECOND, flat))
    distinct = set(denominators)
    lv = math.lcm(*distinct)
    factor = {q: lv // q for q in distinct}
    scaled = map(mul, map(_FIRST, flat), map(factor.__getitem__, denominators))
    lengths = set(map(len, vectors))
    if len(lengths) == 1 and 0 not in lengths:
        return tuple(zip(*[scaled] * lengths.pop())), lv      # consecutive runs of one length, at C speed
    return tuple(tuple(islice(scaled, len(v))) for v in vectors), lv


def at_common_scale(parts: Sequence[tuple[Sequence[tuple[int, ...]], int]], *,
                    keep: bool = False) -> tuple[IntRows, int]:
    """Several parts' integer rows, each part ``(rows, L_i)`` with exact entry = integer / L_i, as one tuple of
    rows (the parts' rows in order) at the least common multiple L of the L_i, and L.

    A part already at scale L is taken as it is; any other has each entry multiplied by L / L_i (an integer
    product, where scaling a Fraction entry again reads its numerator and denominator).

    With ``keep=True`` the parts are rows kept from one count to the next (an outcome set's, or a set of tuple
    rows read before): the same part objects met a second time are combined once and kept, so later counts get
    the same rows object back, and what the engines work out about those rows alone (:func:`row_facts`) is kept
    with it. At most :data:`KEEP_COMBINED` combinations are kept (the oldest go first), each holding its parts.

    Parameters
    ----------
    parts : sequence of (sequence of int tuples, int)
        The parts' integer rows and their scales (positive).

    Returns
    -------
    (tuple of tuple of int, int)

    Examples
    --------
    >>> at_common_scale([(((1, 2), (0, 4)), 4), (((3, 0),), 6)])
    (((3, 6), (0, 12), (6, 0)), 12)
    >>> at_common_scale([(((5,),), 1)])
    (((5,),), 1)
    >>> at_common_scale([(((1, 2), (3,)), 2), (((1,),), 3)])      # rows of different lengths stay as they are
    (((3, 6), (9,), (2,)), 6)
    """
    if keep:
        key = tuple([(id(part), s) for part, s in parts])
        kept = _COMBINED.get(key)
        if kept is not None:        # the parts are held, so parts with their ids are those parts
            held, at = kept[1]
            if len(held) != kept[2] or at != kept[3]:      # their row count and scale, noted when combined
                raise InvariantViolation(f"at_common_scale: kept rows ({len(held)} at scale {at}) are not these "
                                         f"parts' ({kept[2]} at scale {kept[3]})")
            return kept[1]
    if keep and all(type(part) is tuple for part, _ in parts):      # tuples of int tuples: immutable
        with _LOCK:
            again = _SEEN.pop(key, _ONCE) is not _ONCE
            if not again:                        # met once: remembered without holding the parts (ids may go stale)
                _SEEN[key] = None
                if len(_SEEN) > 4 * KEEP_COMBINED:
                    del _SEEN[next(iter(_SEEN))]
        if again:                                # met twice: combined once, held with its parts (their ids stay theirs)
            combined = at_common_scale(parts)
            with _LOCK:
                _COMBINED[key] = [tuple(parts), combined, sum(len(part) for part, _ in parts), combined[1]]
                _FACTS[id(combined[0])] = (combined[0], {})
                while len(_COMBINED) > KEEP_COMBINED:
                    old = _COMBINED.pop(next(iter(_COMBINED)))
                    _, facts = _FACTS.pop(id(old[1][0]))
                    for child in facts.get(_DERIVED, ()):      # rows derived from them go with them
                        _FACTS.pop(id(child), None)
            return combined
    scale = math.lcm(*(s for _, s in parts))
    rows: list[tuple[int, ...]] = []
    for part, s in parts:
        if s == scale:
            rows.extend(part)
        elif len(lengths := set(map(len, part))) == 1 and 0 not in lengths:     # one product pass at C speed
            rows.extend(zip(*[map((scale // s).__mul__, chain.from_iterable(part))] * lengths.pop()))
        else:
            rows.extend(tuple(map((scale // s).__mul__, row)) for row in part)
    return tuple(rows), scale


#: How many combinations of kept parts :func:`at_common_scale` keeps (``keep=True``).
KEEP_COMBINED = 64
# key: each part's (id of its rows, scale); value: [the parts, held, the combined (rows, scale), its row count and
# scale as combined (checked at each hit)]
_COMBINED: dict[tuple[tuple[int, int], ...], list[Any]] = {}
_SEEN: dict[tuple[tuple[int, int], ...], None] = {}
# id of kept combined rows: (those rows, held; what the engines have worked out about them)
_FACTS: dict[int, tuple[IntRows, dict[Any, Any]]] = {}
_LOCK = threading.Lock()
_ONCE = object()
_DERIVED = "derived rows"       # the facts' key listing rows kept through keep_derived


def forget_combined() -> None:
    """Drop every combination :func:`at_common_scale` keeps, the rows derived from them and every fact kept with
    them (:func:`row_facts`: largest entries, shifted copies, machine arrays, the selection's remembered choices),
    and the parts met once. Counts after it work everything out afresh (and keep it again).

    >>> parts = [(((1, 2),), 2), (((1, 1),), 3)]
    >>> rows = [at_common_scale(parts, keep=True)[0] for _ in range(2)][1]
    >>> row_facts(rows) is not None, forget_combined(), row_facts(rows) is None
    (True, None, True)
    """
    with _LOCK:
        _COMBINED.clear()
        _SEEN.clear()
        _FACTS.clear()


def keep_derived(parent: Any, rows: IntRows) -> IntRows:
    """``rows`` (integer rows worked out from the kept rows ``parent`` alone, e.g. their distinct rows) kept for as
    long as ``parent`` is, with facts of their own (:func:`row_facts`); ``rows`` as they are, kept by nothing,
    where ``parent`` is not kept.

    >>> parts = [(((1, 2), (1, 2)), 2), (((1, 1),), 3)]
    >>> for _ in range(2):
    ...     rows, scale = at_common_scale(parts, keep=True)
    >>> distinct = keep_derived(rows, tuple(dict.fromkeys(rows)))
    >>> distinct, row_facts(distinct)
    (((3, 6), (2, 2)), {})
    """
    facts = row_facts(parent)
    if facts is None:
        return rows
    with _LOCK:
        if id(parent) in _FACTS:            # not dropped meanwhile
            _FACTS[id(rows)] = (rows, {})
            facts.setdefault(_DERIVED, []).append(rows)
    return rows


def row_facts(rows: Any) -> dict[Any, Any] | None:
    """What the engines have worked out about integer rows kept by :func:`at_common_scale` (``keep=True``), kept
    with them: a dictionary to read and fill, or None for rows that are not kept (work those out afresh).

    Only facts of the rows alone belong here (their largest entry, their shifted copies, their machine arrays), or
    facts keyed by everything else they depend on (the selection's choice of engine and plan, by question and
    reward shape: ``symorbit.orbits.engines.select``); never one of a particular reward or question unkeyed.

    >>> parts = [(((1, 2),), 2), (((1, 1),), 3)]
    >>> rows, scale = at_common_scale(parts, keep=True)         # met once: combined, not kept
    >>> row_facts(rows) is None
    True
    >>> rows, scale = at_common_scale(parts, keep=True)         # met twice: kept, with room for facts
    >>> row_facts(rows), at_common_scale(parts, keep=True)[0] is rows
    ({}, True)
    """
    got = _FACTS.get(id(rows))
    return got[1] if got is not None and got[0] is rows else None
