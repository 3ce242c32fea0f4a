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
]


class SymorbitError(Exception):
    """Base class of every error symorbit raises on purpose."""


class InvalidArgument(SymorbitError, ValueError):
    """An argument is malformed or out of range."""


class NotExact(InvalidArgument, TypeError):
    """A float (or another inexact number) was given where an exact one is needed."""


class InvalidEnvironment(InvalidArgument):
    """An MDP description is inconsistent (bad probabilities, unknown states, ...)."""


class TooLarge(SymorbitError):
    """An instance is too large to enumerate; the message says how large and what would help."""


class CertificateRejected(SymorbitError):
    """A certificate did not verify.

    Attributes
    ----------
    step : str
        The check that failed (e.g. ``"involution"``, ``"counts"``).
    """

    def __init__(self, message: str, *, step: str = "unknown") -> None:
        super().__init__(message)
        self.step = step


class SearchExhausted(SymorbitError):
    """A search ran out of its budget.

    This does **not** mean that no counterexample exists: only that none was found
    within the stated budget.
    """


class InvariantViolation(SymorbitError):
    """A computed result failed a cheap mathematical check and was not returned.

    The message names the function, the instance and the invariant. It signals a bug
    (in symorbit or in a library it calls), never bad input: please report it.
    """
