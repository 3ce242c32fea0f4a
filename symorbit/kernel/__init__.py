"""The kernel: a small, independent checker of symorbit certificates (standard library only).

>>> from symorbit.kernel import check_certificate
>>> check_certificate({"A": [[1, 0]], "B": [[0, 1]], "involutions": [[1, 0]], "n": 1})
[]
"""

from .check import KERNEL_ENUMERATION_LIMIT, Malformed, check_certificate

__all__ = ["check_certificate", "Malformed", "KERNEL_ENUMERATION_LIMIT"]
