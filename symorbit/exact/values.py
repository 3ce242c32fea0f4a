"""Typed values parsed once at the edge: a discount and a reward vector.

User input (a CLI argument, a file field, a Python argument) becomes one of these small
immutable values as soon as it enters; everything after that, the certificate included,
uses its canonical form, so ``" 1/2"``, ``"2/4"`` and ``Fraction(1, 2)`` all become the
discount ``1/2`` and are written ``"1/2"``.

Examples
--------
>>> str(Discount.parse(" 1/2")), str(Discount.parse("average"))
('1/2', 'average')
>>> Reward.parse(["1/2", 3]).values
(Fraction(1, 2), Fraction(3, 1))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from symorbit.errors import InvalidArgument
from symorbit.exact.numbers import check_gamma, fraction_str, to_vector

__all__ = ["AVERAGE", "Discount", "Reward"]

#: The average-reward mode (γ → 1, OPTS Def. 6.10), spelled as in files and on the command line.
AVERAGE = "average"


@dataclass(frozen=True)
class Discount:
    """A discount: an exact γ in (0, 1), or the average-reward limit.

    Attributes
    ----------
    gamma : Fraction or None
        γ, or None for ``"average"``.

    References
    ----------
    OPTS Def. 3.3 (F(s) at γ), Def. 6.10 (the average-reward limit).

    Examples
    --------
    >>> d = Discount.parse("3/6")
    >>> d.gamma, d.is_average, str(d), d.spec
    (Fraction(1, 2), False, '1/2', Fraction(1, 2))
    >>> Discount.parse("0.9")
    Traceback (most recent call last):
    ...
    symorbit.errors.NotExact: gamma='0.9' is a decimal; write it as an exact fraction such as "9/10"
    """

    gamma: Fraction | None

    @classmethod
    def parse(cls, value: Any, *, name: str = "gamma") -> Discount:
        """The discount ``value`` names: ``"average"`` or an exact number in (0, 1) (spaces around it ignored).

        Parameters
        ----------
        value : Discount, str, int or Fraction
        name : str, keyword-only
            What the value is, for messages.

        Returns
        -------
        Discount

        Raises
        ------
        NotExact
            A float or a decimal string.
        InvalidArgument
            Anything else that is not ``"average"`` or a number in (0, 1).

        Examples
        --------
        >>> Discount.parse(" 9/10 ").gamma
        Fraction(9, 10)

        References
        ----------
        OPTS Def. 3.3, Def. 6.10.
        """
        if isinstance(value, Discount):
            return value
        if isinstance(value, str):
            value = value.strip()
            if value == AVERAGE:
                return cls(None)
            if len(value) > 200:
                raise InvalidArgument(f"{name}: a discount of {len(value)} characters is not accepted (at most 200)")
        return cls(check_gamma(value, name=name))

    @property
    def is_average(self) -> bool:
        """True for the average-reward limit."""
        return self.gamma is None

    @property
    def spec(self) -> Fraction | str:
        """What the engine's functions take: the Fraction γ, or ``"average"``."""
        return AVERAGE if self.gamma is None else self.gamma

    def __str__(self) -> str:
        return AVERAGE if self.gamma is None else fraction_str(self.gamma)


@dataclass(frozen=True)
class Reward:
    """A reward vector of exact rationals.

    Attributes
    ----------
    values : tuple of Fraction

    References
    ----------
    PR Def. 3.2 (a reward vector and its orbit).

    Examples
    --------
    >>> r = Reward.parse([0, "1/2", 2])
    >>> len(r), str(r)
    (3, '(0, 1/2, 2)')
    """

    values: tuple[Fraction, ...]

    @classmethod
    def parse(cls, value: Any, *, name: str = "reward") -> Reward:
        """A reward from a sequence of exact numbers (floats and decimal strings refused).

        Parameters
        ----------
        value : Reward or sequence of int, Fraction or str
        name : str, keyword-only

        Returns
        -------
        Reward

        Raises
        ------
        NotExact, InvalidArgument
            A float, a decimal string, or an empty or non-numeric entry.

        Examples
        --------
        >>> Reward.parse(("1", "2/3")).values
        (Fraction(1, 1), Fraction(2, 3))

        References
        ----------
        PR Def. 3.2.
        """
        if isinstance(value, Reward):
            return value
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise InvalidArgument(f"{name} must be a list of exact numbers such as [0, \"1/2\", 2]")
        values = to_vector(list(value), name=name)
        if not values:
            raise InvalidArgument(f"{name} is empty; give one number per coordinate")
        return cls(values)

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Any:
        return iter(self.values)

    def __str__(self) -> str:
        return "(" + ", ".join(fraction_str(x) for x in self.values) + ")"
