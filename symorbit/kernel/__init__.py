"""The kernel: a small, independent checker of symorbit certificates (standard library only).

It imports nothing of symorbit's engine, no numpy and no sympy (tested in a subprocess).
Line budget: 1380 lines over ``symorbit/kernel/*.py`` (tested; 1000 before the completeness check of
family "all" in :mod:`symorbit.kernel.chambers`). See
:mod:`symorbit.kernel.certificate` for the format and what each statement must show.

The kernel always answers: :func:`verify` returns a :class:`Report` or raises
:class:`Malformed`, nothing else. Every loop is charged, before its work, to one
:class:`~symorbit.kernel.check.Budget` of :data:`KERNEL_WORK_LIMIT` units (about one exact
multiply-add each, 1-3 microseconds: a few seconds in all); a certificate that needs more is
refused as "too large". Raise it with ``verify(cert, Budget(limit))`` or
``symorbit verify --max-work N``. Numbers are bounded on their text before expansion (at most
200 characters, no exponent), files must be regular and small (:mod:`.document`).

>>> from symorbit.kernel import check_certificate, FORMAT
>>> check_certificate({"format": FORMAT, "statement": "orbit_counts", "verdict": "counted", "family": "list",
...                    "A": [[1, 0]], "B": [[0, 1]],
...                    "rewards": [{"reward": [1, 2], "b_better": 1, "a_better": 1, "ties": 0, "orbit_size": 2}]}).status
'verified'
"""

from .certificate import (
           FORMAT,
           Report,
           check_certificate,
           known_statement,
)
from .check import KERNEL_ENUMERATION_LIMIT, KERNEL_WORK_LIMIT, Budget, Malformed
from .declarations import builtin
from .document import load_file, loads
from .polynomials import PARAMETRIC_FORMAT, ParametricReport, check_parametric


def verify(cert: object, budget: Budget | None = None) -> Report | ParametricReport:
    """Re-check ``cert``: the same as :func:`check_certificate` (the name ``symorbit verify`` uses)."""
    return check_certificate(cert, budget=budget)


#: The kernel's version, written into checkpoint headers next to symorbit's.
KERNEL_VERSION = "2"

__all__ = [
           "FORMAT",
           "KERNEL_ENUMERATION_LIMIT",
           "KERNEL_VERSION",
           "KERNEL_WORK_LIMIT",
           "builtin",
           "Malformed",
           "PARAMETRIC_FORMAT",
           "Report",
           "check_certificate",
           "check_parametric",
           "known_statement",
           "load_file",
           "loads",
           "verify",
]
