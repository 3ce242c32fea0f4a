"""Reading JSON and TOML documents with one-line errors that name the file (private).

Hostile files are refused before any work: bytes that are not UTF-8, a file over
:data:`MAX_DOCUMENT_BYTES`, NaN or Infinity, integers over
:data:`~symorbit.exact.numbers.MAX_DIGITS` digits, nesting deeper than
:data:`MAX_NESTING`, and a key given twice in one JSON object (JSON parsers usually
keep the last silently; TOML already refuses it).
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from symorbit.errors import InvalidArgument
from symorbit.exact.numbers import MAX_DIGITS

__all__ = ["MAX_DOCUMENT_BYTES", "MAX_NESTING", "STRICT_NUMBERS", "Refused", "load_document", "parse_json",
           "read_regular_file"]

#: The largest document read (bytes); ``load_document(..., max_bytes=...)`` raises it.
MAX_DOCUMENT_BYTES = 64 * 2**20
#: The deepest nesting of lists and objects accepted (symorbit documents need 4).
MAX_NESTING = 64


class Refused(Exception):
    """Raised inside a parser hook with a one-line reason; the caller turns it into its own error naming the file."""


def _nesting(text: str, quotes: str = "\"") -> int:
    """The deepest nesting of ``[``/``{`` outside strings (a linear scan, no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    quote = ""
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
                in_string = False
        elif ch in quotes:
            in_string, quote = True, ch
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def read_regular_file(path: str | Path, max_bytes: int) -> bytes:
    """The first ``max_bytes + 1`` bytes of a regular file; ``OSError`` for anything else.

    A FIFO, a device or a directory is refused from its ``stat`` without being opened for
    reading (opening a FIFO waits for a writer; /dev/zero never ends).

    Examples
    --------
    >>> read_regular_file("/dev/null", 10)
    Traceback (most recent call last):
    ...
    IsADirectoryError: [Errno 21] not a regular file (a device): '/dev/null'
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device"
        raise IsADirectoryError(21, f"not a regular file ({kind})", str(path))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):   # replaced between stat and open
            raise IsADirectoryError(21, "not a regular file", str(path))
        return fh.read(max_bytes + 1)


def _lone_surrogate(doc: Any) -> str | None:
    """The first string (key or value) holding a lone UTF-16 surrogate, which no UTF-8 text can hold."""
    stack = [doc]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            if any("\ud800" <= c <= "\udfff" for c in x):
                return x
        elif isinstance(x, dict):
            stack += list(x.keys()) + list(x.values())
        elif isinstance(x, list):
            stack += x
    return None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise Refused(f"the key {key[:60]!r} is given twice in one object; give each key once")
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise Refused(f"{name} is not a finite number; symorbit takes exact rationals only (write \"1/3\")")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise Refused(f"an integer of {len(text)} digits exceeds the {MAX_DIGITS}-digit limit")
    return int(text)


def _float(text: str) -> float:
    if text.lstrip("+-") in ("nan", "inf"):
        _constant(text)
    value = float(text) if len(text) <= 100 else float("inf")
    if value in (float("inf"), float("-inf")):
        raise Refused(f"the number {text[:40]} is too large for a float and is not exact; "
                       "write an exact integer or fraction such as \"1/3\"")
    return value  # refused later, with its exact spelling, by to_fraction


#: :func:`parse_json`'s number hooks as ``json.loads`` keyword arguments, for a reader that keeps its own words for
#: malformed text (``symorbit table``): NaN and Infinity, a float past a double's range and an integer of more than
#: :data:`~symorbit.exact.numbers.MAX_DIGITS` digits raise :class:`Refused` with a one-line reason.
STRICT_NUMBERS: dict[str, Any] = {"parse_constant": _constant, "parse_int": _integer, "parse_float": _float}


def parse_json(text: str, *, where: str = "input", error: type[InvalidArgument] = InvalidArgument) -> Any:
    """Parse JSON text strictly: unique keys, finite numbers, bounded integers and nesting.

    Parameters
    ----------
    text : str
        The document.
    where : str
        The file name (or another label) for the message.
    error : subclass of InvalidArgument
        The exception raised, with one line that names ``where``.

    Returns
    -------
    Any
        The parsed document (floats stay floats; :func:`~symorbit.exact.numbers.to_fraction`
        refuses them later with their exact spelling).

    Raises
    ------
    InvalidArgument
        (or ``error``) on malformed JSON, NaN/Infinity, a duplicated key, an integer over
        4300 digits, or nesting deeper than :data:`MAX_NESTING`.

    Examples
    --------
    >>> parse_json('{"a": [1, "1/2"]}')
    {'a': [1, '1/2']}
    >>> parse_json('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: input: the key 'a' is given twice in one object; give each key once
    >>> parse_json('[NaN]')
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: input: NaN is not a finite number; symorbit takes exact rationals only (write "1/3")
    """
    if _nesting(text) > MAX_NESTING:
        raise error(f"{where}: nested deeper than {MAX_NESTING} levels; a symorbit document needs at most 4")
    try:
        doc = json.loads(text, object_pairs_hook=_unique_keys, **STRICT_NUMBERS)
        bad = _lone_surrogate(doc) if _SURROGATE.search(text) else None
        if bad is not None:
            raise Refused(f"the string {ascii(bad)[:60]} holds a lone surrogate, which is not text; "
                           "write the character itself (UTF-8)")
        return doc
    except Refused as exc:
        raise error(f"{where}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise error(f"{where}: malformed JSON at line {exc.lineno} column {exc.colno} ({exc.msg})") from None
    except (ValueError, RecursionError) as exc:
        raise error(f"{where}: malformed JSON ({str(exc)[:100]})") from None


def load_document(path: str | Path, *, error: type[InvalidArgument] = InvalidArgument, what: str = "",
                  json_fallback: bool = False, max_bytes: int = MAX_DOCUMENT_BYTES) -> Any:
    """Parse ``path`` as TOML (``.toml``) or JSON (``.json``; any other suffix too when ``json_fallback``).

    A leading UTF-8 byte-order mark is dropped. Every failure raises ``error`` with one line naming the file:
    unreadable, over ``max_bytes``, not UTF-8, malformed (with the place), hostile (see the module docs), or an
    unknown suffix.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".toml", ".json") and not json_fallback:
        raise error(f"{p}: unknown file type {suffix!r}; use .toml or .json")
    try:
        raw = read_regular_file(p, max_bytes)
    except OSError as exc:
        raise error(f"{p}: cannot read {what + ' ' if what else ''}({exc.strerror})") from None
    if len(raw) > max_bytes:
        raise error(f"{p}: larger than {max_bytes} bytes; symorbit documents are small "
                    "(pass max_bytes=... to load_document to read a larger one)")
    try:
        text = raw.decode("utf-8-sig")       # a byte-order mark (Windows editors write one) is read and dropped
    except UnicodeDecodeError as exc:
        raise error(f"{p}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    if suffix == ".toml":
        if _nesting(text, "\"'") > MAX_NESTING:
            raise error(f"{p}: nested deeper than {MAX_NESTING} levels; a symorbit document needs at most 4")
        try:
            return tomllib.loads(text, parse_float=_float)
        except Refused as exc:
            raise error(f"{p}: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise error(f"{p}: malformed TOML ({exc})") from None
        except (ValueError, RecursionError) as exc:
            raise error(f"{p}: malformed TOML ({str(exc)[:100]})") from None
    return parse_json(text, where=str(p), error=error)
