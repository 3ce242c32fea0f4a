"""Kernel reading: strict JSON (duplicate keys, floats, NaN and over-deep nesting are malformed).

Memory is bounded before parsing: a file of at most :data:`MAX_BYTES` bytes holding at most
:data:`MAX_VALUES` JSON values (a few hundred MB of Python objects at most), read only
from a regular file (a FIFO or a device is refused, never waited on).
"""

from __future__ import annotations

import json
import os
import stat
from typing import Any

from .check import Malformed

__all__ = ["load_file", "loads"]

MAX_BYTES = 20_000_000
#: The most JSON values (counted as commas and opening brackets) one certificate may hold.
MAX_VALUES = 2_000_000


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise Malformed(f"duplicate JSON key {k!r}")
        out[k] = v
    return out


def _no_float(text: str) -> Any:
    raise Malformed(f"{text} is a float, which is not exact; write it as a 'p/q' string")


def loads(text: str) -> Any:
    """Parse a certificate's JSON text strictly."""
    if text.count(",") + text.count("[") + text.count("{") > MAX_VALUES:
        raise Malformed(f"too large: more than {MAX_VALUES} JSON values")
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_float=_no_float, parse_constant=_no_float)
    except (ValueError, RecursionError) as exc:    # JSONDecodeError, over-long integers
        raise Malformed(f"not valid JSON ({str(exc)[:120]})") from None


def load_file(path: str) -> Any:
    """Read and parse one certificate file (UTF-8, at most :data:`MAX_BYTES`)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))    # a FIFO opens without a writer
        with os.fdopen(fd, "rb") as fh:
            mode = os.fstat(fh.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise Malformed(f"cannot read ({'Is a directory' if stat.S_ISDIR(mode) else 'not a regular file'})")
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise Malformed(f"cannot read ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise Malformed(f"too large: over {MAX_BYTES} bytes")
    try:
        return loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise Malformed("not UTF-8 text") from None
