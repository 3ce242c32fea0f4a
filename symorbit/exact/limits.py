"""Work limits: every command estimates its work before it starts and refuses above a limit.

A limit is a plain keyword argument (and a CLI flag) with a documented default; raising
it is always explicit. docs/guide.md#limits ("What is refused, and how to raise each limit")
lists them all.

Examples
--------
>>> refuse_above(10, 100, what="visit distributions", shrink="use fewer states", raise_with="max_outcomes=...")
>>> refuse_above(10**60, 100, what="visit distributions", shrink="use fewer states", raise_with="max_outcomes=...")
Traceback (most recent call last):
...
symorbit.errors.TooLarge: visit distributions: about 1.00e+60, over the limit 100; use fewer states, or raise the limit with max_outcomes=...
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from symorbit.errors import InvalidArgument, TooLarge
from symorbit.exact.numbers import format_count, to_fraction

__all__ = ["CLI_CONNECT_TIMEOUT", "check_limit", "check_seconds", "refuse_above"]


def check_limit(value: Any, *, name: str, allow_none: bool = False) -> int | None:
    """Validate a limit or a size given by the user: a positive integer (None when ``allow_none``).

    Parameters
    ----------
    value : int or None
        The limit.
    name : str
        The keyword or flag, for the message.
    allow_none : bool
        Accept None (meaning "no limit" or "the default").

    Returns
    -------
    int or None

    Raises
    ------
    InvalidArgument
        On a bool, a non-integer, zero or a negative number.

    Examples
    --------
    >>> check_limit(5, name="max_nodes")
    5
    >>> check_limit(0, name="max_nodes")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: max_nodes=0 must be a positive integer
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgument(f"{name}={value!r} must be a positive integer")
    return value


def check_seconds(value: Any, *, name: str = "max_seconds") -> Fraction | None:
    """A time limit given by the user, read exactly: a positive number of seconds, or None (no limit).

    Parameters
    ----------
    value : int, Fraction, str or None
        The limit (``"1/2"`` is half a second; a float is refused as not exact).
    name : str
        The keyword, for the message.

    Returns
    -------
    Fraction or None

    Raises
    ------
    InvalidArgument
        Zero, a negative number or not a number.
    NotExact
        A float.

    Examples
    --------
    >>> check_seconds("1/2")
    Fraction(1, 2)
    >>> check_seconds(0)
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: max_seconds=0: give a positive number of seconds
    """
    if value is None:
        return None
    seconds = to_fraction(value, name=name)     # "1/2" once passed a check and failed as float("1/2") later
    if not seconds > 0:
        raise InvalidArgument(f"{name}={seconds}: give a positive number of seconds")
    return seconds


def refuse_above(estimate: int, limit: int, *, what: str, shrink: str, raise_with: str,
                 at_least: bool = False) -> None:
    """Raise :class:`~symorbit.errors.TooLarge` when ``estimate`` exceeds ``limit``.

    Parameters
    ----------
    estimate : int
        The work the command would do (exact, an upper bound, or with ``at_least`` a lower bound).
    limit : int
        The largest amount allowed.
    what : str
        What is being counted, for the message.
    shrink : str
        What would make the instance smaller.
    raise_with : str
        The keyword or flag that raises the limit.
    at_least : bool
        Say "at least" instead of "about" (the estimate stopped counting at the limit).

    Raises
    ------
    TooLarge
        With one line: the estimate, the limit, how to shrink, how to raise.
    """
    if estimate > limit:
        raise TooLarge(f"{what}: {'at least' if at_least else 'about'} {format_count(estimate)}, over the limit "
                       f"{format_count(limit)}; {shrink}, or raise the limit with {raise_with}")


#: Seconds ``symorbit search`` and ``symorbit count`` wait for a Dask scheduler (``--connect-timeout``; the guide's
#: limit); :func:`symorbit.orbits.engines.distributed.connect` called from Python waits 30 s unless told.
CLI_CONNECT_TIMEOUT = 10
