"""Testing aids: naive brute-force references written from docs/theory.md, independent of the engine.

:func:`kernel_problems` is the kernel's list of problems with a certificate, the form most
kernel tests compare against.
"""

from __future__ import annotations

from typing import Any

from symorbit.kernel import check_certificate

__all__ = ["kernel_problems"]


def kernel_problems(cert: Any) -> list[str]:
    """The problems the kernel finds with ``cert`` (empty: verified or vacuous).

    Parameters
    ----------
    cert : dict
        A certificate, as for :func:`symorbit.kernel.check_certificate`.

    Returns
    -------
    list of str
        ``check_certificate(cert).problems``.

    Raises
    ------
    Malformed
        As :func:`symorbit.kernel.check_certificate`.

    Examples
    --------
    >>> from symorbit.kernel import FORMAT
    >>> cert = {"format": FORMAT, "statement": "orbit_counts", "verdict": "counted", "family": "list",
    ...         "A": [[1, 0]], "B": [[0, 1]],
    ...         "rewards": [{"reward": [1, 2], "b_better": 2, "a_better": 0, "ties": 0, "orbit_size": 2}]}
    >>> kernel_problems(cert)[0]
    'rewards[0]: claimed b_better=2, kernel counts 1'
    """
    return check_certificate(cert).problems
