"""Exactness at the boundary: turn user input into ``Fraction`` or refuse it.

Every public function passes its numeric arguments through these helpers, so a
float never enters a computation and never gets silently rounded.
"""

from __future__ import annotations

import math
import numbers
import re
from collections import abc
from decimal import Decimal
from fractions import Fraction
from typing import Any, Iterable

from symorbit.errors import InvalidArgument, NotExact

__all__ = ["to_fraction", "to_vector", "check_gamma", "fraction_str", "format_count", "MAX_DIGITS"]

#: The most digits a numerator or denominator written as text may have (Python's own
#: int-from-string limit). Checked on the string, before any conversion runs.
MAX_DIGITS = 4300

_INTEGER = re.compile(r"[+-]?[0-9]+")
_FRACTION = re.compile(r"([+-]?[0-9]+)\s*/\s*([0-9]+)")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?")
_NON_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def _float_hint(value: float) -> str:
    exact = Fraction(value).limit_denominator(10**6)
    return f'"{exact.numerator}/{exact.denominator}"' if exact.denominator != 1 else f'"{exact.numerator}"'


def _short(value: Any) -> str:
    """``repr(value)``, cut to 60 characters so a hostile input never floods a message."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}...({len(text)} characters)"


def _from_text(value: str, name: str) -> Fraction:
    """An exact number from text; every limit is checked on the string before any conversion."""
    text = value.strip()
    if text.lower() in _NON_FINITE:
        raise NotExact(f"{name}={_short(value)} is not a finite number; symorbit takes exact rationals only")
    m = _INTEGER.fullmatch(text) or _FRACTION.fullmatch(text)
    if m is not None:
        parts = m.groups() or (text,)
        if any(len(p.lstrip("+-")) > MAX_DIGITS for p in parts):
            raise InvalidArgument(f"{name}={_short(value)} has more than {MAX_DIGITS} digits; "
                                  "write a smaller number (rescale the reward or the probabilities)")
        try:
            return Fraction(text.replace(" ", ""))
        except ZeroDivisionError:
            raise InvalidArgument(f"{name}={_short(value)} divides by zero") from None
    m = _DECIMAL.fullmatch(text)
    if m is not None:
        exponent = m.group(1)
        mantissa = text if exponent is None else text[: text.lower().index("e")]
        if len(mantissa) > MAX_DIGITS or (exponent is not None and
                                          (len(exponent) > 6 or abs(int(exponent)) > MAX_DIGITS)):
            raise NotExact(f"{name}={_short(value)} is a decimal (and too large to spell out); "
                           "write an exact integer or fraction such as \"1/3\"")
        exact = Fraction(text)
        spelled = str(exact.numerator) if exact.denominator == 1 else f"{exact.numerator}/{exact.denominator}"
        raise NotExact(f'{name}={_short(value)} is a decimal; write it as an exact fraction such as "{spelled}"')
    raise InvalidArgument(
        f'{name}={_short(value)} is not an exact number; write an integer or a fraction such as "1/3"'
    )


def to_fraction(value: Any, *, name: str = "value") -> Fraction:
    """Convert an exact number (int, Fraction, sympy Rational, ``"p/q"`` string) to ``Fraction``.

    Parameters
    ----------
    value : int, Fraction, sympy.Rational or str
        The number. Strings are integers or fractions: ``"3"``, ``"-2/7"``.
        Decimal strings such as ``"0.9"`` are refused like floats, with the exact
        spelling in the message ("0.333" would otherwise silently mean 333/1000).
    name : str
        What the value is, for the error message.

    Returns
    -------
    Fraction

    Raises
    ------
    NotExact
        If ``value`` is a float; the message shows how to write it exactly.
    InvalidArgument
        If ``value`` is not a number.

    Examples
    --------
    >>> to_fraction("9/10")
    Fraction(9, 10)
    >>> to_fraction(0.9, name="gamma")
    Traceback (most recent call last):
    ...
    symorbit.errors.NotExact: gamma=0.9 is a float, which is not exact; write it as "9/10" or Fraction(9, 10)
    """
    if type(value) is int:  # the common case, first
        return Fraction(value)
    if isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} is a bool, not a number")
    if isinstance(value, bytes):
        raise InvalidArgument(f"{name}={_short(value)} is bytes; decode it to text first")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):  # numpy.float64 too (it subclasses float)
        if not math.isfinite(value):
            raise NotExact(f"{name}={value!r} is not a finite number; symorbit takes exact rationals only")
        raise NotExact(
            f"{name}={value!r} is a float, which is not exact; write it as "
            f"{_float_hint(value)} or Fraction({Fraction(value).limit_denominator(10**6).numerator}, "
            f"{Fraction(value).limit_denominator(10**6).denominator})"
        )
    if isinstance(value, str):
        return _from_text(value, name)
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    # sympy Rational / Integer register as numbers.Rational; anything else is refused.
    try:
        import sympy

        if isinstance(value, sympy.Basic) and value.is_Rational:
            return Fraction(int(value.p), int(value.q))
        if isinstance(value, sympy.Float):
            raise NotExact(f"{name}={value!r} is a sympy Float, which is not exact; use sympy.Rational")
    except ImportError:  # pragma: no cover - sympy is a dependency
        pass
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, Decimal):     # an exact decimal: its value, as written ("is not a number" before)
        if not value.is_finite():
            raise NotExact(f"{name}={value!r} is not a finite number; symorbit takes exact rationals only")
        return Fraction(value)
    if isinstance(value, numbers.Real):
        raise NotExact(f"{name}={_short(value)} is not exact; write it as a fraction string such as \"1/3\"")
    raise InvalidArgument(f"{name}={_short(value)} is not a number")


_ORDERED = (list, tuple, range)


def unordered(values: Any, name: str) -> None:
    """Refuse a mapping or a set where a vector is meant: iterating one gives a dict's keys, or a set's values once
    each in no fixed order (``{0: 5, 1: 5, 2: 1}`` was counted as the reward (0, 1, 2)).

    >>> unordered({0: 5, 1: 5}, "reward")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: reward is a dict: give the vector as a list, one number per coordinate in order (a mapping gives its keys, a set loses repeated values and the order)
    """
    if type(values) in _ORDERED:        # the common case: no ABC check on a hot path
        return
    if isinstance(values, (abc.Mapping, abc.Set)):
        raise InvalidArgument(f"{name} is a {type(values).__name__}: give the vector as a list, one number per "
                              "coordinate in order (a mapping gives its keys, a set loses repeated values and the "
                              "order)")


def to_vector(values: Iterable[Any], *, name: str = "vector") -> tuple[Fraction, ...]:
    """Convert an iterable of exact numbers to a tuple of ``Fraction``.

    Examples
    --------
    >>> to_vector([1, "1/2", 0])
    (Fraction(1, 1), Fraction(1, 2), Fraction(0, 1))
    """
    if isinstance(values, (str, bytes)):
        raise InvalidArgument(f"{name}={values!r} must be a list of numbers, not a string")
    unordered(values, name)
    try:
        items = list(values)
    except TypeError:
        raise InvalidArgument(f"{name}={values!r} must be a list of numbers") from None
    kinds = set(map(type, items))
    if kinds == {Fraction}:
        # Already exact (a vector converted before, e.g. an outcome set's): no hashing, no copy of a tuple.
        return values if type(values) is tuple else tuple(items)
    if kinds <= {int, Fraction}:
        # Fast path (long sparse vectors): plain ints need no validation, each distinct int is converted
        # once (hashing ints is C-speed; Fractions, hashed in Python, are kept as they are).
        exact = {x: Fraction(x) for x in set(items if kinds == {int} else (x for x in items if type(x) is int))}
        if kinds == {int}:
            return tuple(map(exact.__getitem__, items))
        return tuple(x if type(x) is Fraction else exact[x] for x in items)
    return tuple(to_fraction(v, name=f"{name}[{i}]") for i, v in enumerate(items))


def check_gamma(gamma: Any, *, name: str = "gamma") -> Fraction:
    """Validate a discount rate: an exact rational strictly between 0 and 1.

    Examples
    --------
    >>> check_gamma("1/2")
    Fraction(1, 2)
    >>> check_gamma(1)
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: gamma=1 is outside (0, 1); the discount must satisfy 0 < gamma < 1 (gamma = 1 is the separate average-reward mode)
    """
    if type(gamma) is str and (g := _GAMMAS.get(gamma)) is not None:    # a spelling read before
        return g
    g = to_fraction(gamma, name=name)
    if not 0 < g < 1:
        raise InvalidArgument(
            f"{name}={g} is outside (0, 1); the discount must satisfy 0 < gamma < 1 "
            "(gamma = 1 is the separate average-reward mode)"
        )
    if type(gamma) is str and len(_GAMMAS) < 256:
        _GAMMAS[gamma] = g
    return g


#: Discounts given as text and found valid, by their spelling (reading "9/10" took 4 µs, a lookup in a loop that
#: asks for F(s) at every reward); at most 256, the first ones read.
_GAMMAS: dict[str, Fraction] = {}


def fraction_str(value: Any) -> str:
    """Write an exact number as ``"p/q"`` (or ``"p"`` for integers).

    Examples
    --------
    >>> fraction_str(Fraction(2, 4)), fraction_str(3)
    ('1/2', '3')
    """
    f = value if isinstance(value, Fraction) else Fraction(value)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def format_count(n: int) -> str:
    """Write an exact count compactly for messages: digits below a million, ``d.dde+kk`` above.

    Unlike ``f"{n:.3g}"`` this never converts to a float, so it works for counts beyond
    10^308 (a d = 171 orbit has 171! > 10^308 elements).

    Examples
    --------
    >>> format_count(5040), format_count(479001600), format_count(10**400)
    ('5040', '4.79e+08', '1.00e+400')
    """
    n = int(n)
    if abs(n) < 10**6:
        return str(n)
    mantissa, exponent = f"{Decimal(n):.2e}".split("e")
    return f"{mantissa}e{int(exponent):+03d}"
