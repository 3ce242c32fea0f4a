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

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterable, Iterator, Mapping

from symorbit.errors import InvalidArgument
from symorbit.exact.numbers import to_vector

__all__ = ["OutcomeSet", "as_outcome_set"]

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
    """

    coordinates: tuple[str, ...]
    vectors: tuple[Vector, ...]
    first_actions: tuple[frozenset[str], ...]
    gamma: Any = None

    @classmethod
    def build(
        cls,
        coordinates: Iterable[str],
        tagged: Mapping[Vector, Iterable[str]] | Iterable[tuple[Vector, Iterable[str]]],
        *,
        gamma: Any = None,
    ) -> "OutcomeSet":
        """Canonicalise ``{vector: actions}`` (or pairs): merge duplicates, sort."""
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

        Raises
        ------
        InvalidArgument
            On an empty set, vectors of different lengths, or a non-number.
        NotExact
            On a float entry.
        """
        if isinstance(vectors, OutcomeSet):
            return vectors
        if isinstance(vectors, (str, bytes)) or not isinstance(vectors, Iterable):
            raise InvalidArgument(f"{name}={str(vectors)[:60]!r} must be a list of vectors")
        vecs = [to_vector(v, name=f"{name}[{i}]") for i, v in enumerate(vectors)]
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
        """Every first action that tags some vector."""
        return frozenset().union(*self.first_actions) if self.first_actions else frozenset()

    def restrict(self, first_action: str) -> "OutcomeSet":
        """F(s | π(s) = a): the vectors produced with first action ``first_action``."""
        keep = [(v, t) for v, t in zip(self.vectors, self.first_actions) if first_action in t]
        if not keep:
            raise InvalidArgument(
                f"first_action={first_action!r} produces no vector here; available: {', '.join(sorted(self.actions()))}"
            )
        return OutcomeSet.build(self.coordinates, keep, gamma=self.gamma)

    def subset(self, vectors: Iterable[Vector]) -> "OutcomeSet":
        """The sub-outcome-set of the given vectors (tags kept)."""
        wanted = set(vectors)
        return OutcomeSet.build(
            self.coordinates,
            [(v, t) for v, t in zip(self.vectors, self.first_actions) if v in wanted],
            gamma=self.gamma,
        )

    def tags(self, vec: Vector) -> frozenset[str]:
        """The first actions that produce ``vec``."""
        return self.first_actions[self.vectors.index(vec)]

    def __repr__(self) -> str:
        return f"OutcomeSet({len(self)} vectors in Q^{self.dimension}, gamma={self.gamma})"


def as_outcome_set(value: Any, *, name: str = "outcomes") -> OutcomeSet:
    """Accept an :class:`OutcomeSet` or a list of vectors; return an :class:`OutcomeSet`."""
    if isinstance(value, OutcomeSet):
        return value
    return OutcomeSet.from_vectors(value, name=name)
