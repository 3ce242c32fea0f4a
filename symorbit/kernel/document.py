"""Kernel reading: strict JSON (duplicate keys, floats, NaN and over-deep nesting are malformed)."""

from __future__ import annotations

import json
from typing import Any

from .check import Malformed

__all__ = ["load_file", "loads"]

MAX_BYTES = 50_000_000


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
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_float=_no_float, parse_constant=_no_float)
    except (ValueError, RecursionError) as exc:    # JSONDecodeError, over-long integers
        raise Malformed(f"not valid JSON ({str(exc)[:120]})") from None


def load_file(path: str) -> Any:
    """Read and parse one certificate file (UTF-8, at most :data:`MAX_BYTES`)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise Malformed(f"cannot read ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise Malformed(f"too large: over {MAX_BYTES} bytes")
    try:
        return loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise Malformed("not UTF-8 text") from None
