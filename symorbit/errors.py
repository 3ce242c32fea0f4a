"""The exceptions symorbit raises.

Every error carries a one-line message in ``name=value`` style that names the
problem, where it is, and how to fix it. The CLI prints that line and exits 2.

Examples
--------
>>> from symorbit.errors import NotExact, InvalidArgument
>>> issubclass(NotExact, InvalidArgument) and issubclass(NotExact, TypeError)
True
"""

from __future__ import annotations

__all__ = [
    "SymorbitError",
    "InvalidArgument",
    "NotExact",
    "InvalidEnvironment",
    "TooLarge",
    "CertificateRejected",
    "SearchExhausted",
    "InvariantViolation",
    "MissingExtra",
    "raised_at",
]


class SymorbitError(Exception):
    """Base class of every error symorbit raises on purpose.

    Parameters
    ----------
    message : str
        One line in ``name=value`` style: what is wrong, where, and how to fix it.

    Examples
    --------
    Catch every deliberate refusal at once (the CLI does this, prints the line and
    exits 2):

    >>> from symorbit import orbit_counts
    >>> try:
    ...     orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [1, 2])
    ... except SymorbitError as e:
    ...     print(type(e).__name__, "-", e)
    InvalidArgument - outcomes_a has vectors of length 3 but reward has 2 entries

    References
    ----------
    docs/style.md#point-10 (a small error hierarchy, messages in ``name=value`` style).
    """


class InvalidArgument(SymorbitError, ValueError):
    """An argument is malformed or out of range.

    Also a ``ValueError``, so generic callers can catch it as one.

    Parameters
    ----------
    message : str
        One line naming the argument, showing its value, and saying how to fix it.

    Examples
    --------
    >>> from symorbit import orbit_counts
    >>> orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [1, 2, 3], count="orbits")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: count='orbits' must be 'elements' or 'permutations'
    >>> issubclass(InvalidArgument, ValueError)
    True

    References
    ----------
    docs/style.md#point-10.
    """


class NotExact(InvalidArgument, TypeError):
    """A float (or another inexact number) was given where an exact one is needed.

    The message shows the exact spelling to use instead (``"1/3"``, ``Fraction(1, 3)``).

    Parameters
    ----------
    message : str
        One line with the argument, its value, and the exact spelling.

    Examples
    --------
    >>> from symorbit import orbit_counts
    >>> orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [0.5, 2, 3])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symorbit.errors.NotExact: reward[0]=0.5 is a float, ... "1/2" or Fraction(1, 2)

    References
    ----------
    docs/theory.md#p16 (exactness); docs/style.md#point-8 (exact at the boundary).
    """


class InvalidEnvironment(InvalidArgument):
    """An MDP description is inconsistent (bad probabilities, unknown states, ...).

    Parameters
    ----------
    message : str
        One line naming the state or action at fault and what is wrong with it.

    Examples
    --------
    >>> from symorbit import MDP
    >>> MDP.deterministic({"start": ["nowhere"]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidEnvironment: ...nowhere...

    References
    ----------
    OPTS Def. 3.1 (a rewardless MDP: T : S × A → Δ(S)); docs/theory.md#mdps.
    """


class TooLarge(SymorbitError):
    """An instance is too large to enumerate; the message says how large and what would help.

    Parameters
    ----------
    message : str
        One line with the size, the limit, and what would make the instance smaller.

    Examples
    --------
    Decision rules other than argmax enumerate the orbit, whose size is d!/∏ m_v!
    (docs/theory.md#p1); twelve distinct values are refused:

    >>> from symorbit import decision_counts
    >>> e = [[int(i == j) for i in range(12)] for j in range(12)]
    >>> decision_counts("frac_optimal", e[:1], e[1:3], e, list(range(12)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symorbit.errors.TooLarge: decision rule counts enumerate the orbit: |orbit|=... exceeds ...

    References
    ----------
    docs/theory.md#p1 (orbit sizes); docs/style.md#point-10.
    """


class CertificateRejected(SymorbitError):
    """A certificate did not verify.

    Parameters
    ----------
    message : str
        One line saying which check failed and on what.
    step : str, keyword-only
        The check that failed (e.g. ``"involution"``, ``"counts"``); default ``"unknown"``.

    Attributes
    ----------
    step : str
        The check that failed (e.g. ``"involution"``, ``"counts"``).
    problems : tuple of str
        Every failed condition (the message is the first, or a summary).

    Examples
    --------
    >>> e = CertificateRejected("phi[0]=(1, 2, 0) is not an involution", step="involution")
    >>> e.step, str(e)
    ('involution', 'phi[0]=(1, 2, 0) is not an involution')

    References
    ----------
    PR Def. A.7 (what a copies certificate must satisfy); docs/style.md#engine-certificate-kernel and docs/style.md#point-14
    (the kernel rejects a certificate with the failing step).
    """

    def __init__(self, message: str, *, step: str = "unknown", problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems) or (message,)
        self.step = step


class SearchExhausted(SymorbitError):
    """A search ran out of its budget.

    This does **not** mean that no counterexample exists: only that none was found
    within the stated budget.

    Parameters
    ----------
    message : str
        One line with the budget that ran out and how to enlarge it.

    Examples
    --------
    >>> raise SearchExhausted("no counterexample in 100 instances (max_states=3); raise max_states")
    Traceback (most recent call last):
    ...
    symorbit.errors.SearchExhausted: no counterexample in 100 instances (max_states=3); raise max_states

    References
    ----------
    docs/style.md#point-10 (after hypothesis's ``NoSuchExample``) and docs/style.md#point-15.
    """


class InvariantViolation(SymorbitError):
    """An internal consistency check failed: the result would have been wrong, so none is returned.

    Raised by the engines' own re-checks (for example :func:`~symorbit.counts_over_gamma`
    and :func:`~symorbit.power` check bounds and tilings before they return). It
    signals a bug in symorbit, never bad input.

    Parameters
    ----------
    message : str
        One line with the function, the instance, and the invariant that failed.

    Examples
    --------
    >>> issubclass(InvariantViolation, SymorbitError), issubclass(InvariantViolation, ValueError)
    (True, False)

    References
    ----------
    docs/style.md#avoid-2 (never a quiet wrong answer); OPTS Prop. 5.4 (one of the bounds
    POWER is checked against).
    """


class MissingExtra(SymorbitError, ImportError):
    """An optional dependency is not installed; the message names the extra that brings it.

    Also an ``ImportError``.

    Parameters
    ----------
    message : str
        One line naming the missing package and the ``pip install 'symorbit[extra]'`` line.

    Examples
    --------
    >>> e = MissingExtra("exact POWER needs PyNormaliz (exact volumes): pip install 'symorbit[power]'")
    >>> isinstance(e, ImportError), "symorbit[power]" in str(e)
    (True, True)

    References
    ----------
    pyproject.toml's ``[project.optional-dependencies]``; docs/style.md#point-10.
    """


def raised_at(exc: BaseException) -> str | None:
    """``"file:line"`` of the innermost frame of ``exc``'s traceback (where a user's code raised), else None.

    Parameters
    ----------
    exc : BaseException
        A raised exception (one with a traceback).

    Returns
    -------
    str or None
        The file's name (not its folder) and the line number; None when the exception has no traceback.

    Examples
    --------
    >>> try:
    ...     1 // 0
    ... except ZeroDivisionError as e:
    ...     raised_at(e).startswith("<doctest")
    True
    >>> raised_at(ValueError("never raised")) is None
    True

    References
    ----------
    docs/style.md#point-10 (messages that say where); the command line's one-line errors and user statements.
    """
    import traceback
    from pathlib import Path

    frames = traceback.extract_tb(exc.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else None
