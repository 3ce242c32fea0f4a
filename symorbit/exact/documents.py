"""Reading JSON and TOML documents with one-line errors that name the file (private)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from symorbit.errors import InvalidArgument

__all__ = ["load_document"]


def load_document(path: str | Path, *, error: type[InvalidArgument] = InvalidArgument, what: str = "",
                  json_fallback: bool = False) -> Any:
    """Parse ``path`` as TOML (``.toml``) or JSON (``.json``; any other suffix too when ``json_fallback``).

    Every failure raises ``error`` with one line naming the file: unreadable, malformed (with
    the place), or an unknown suffix.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{p}: cannot read {what + ' ' if what else ''}({exc.strerror})") from None
    suffix = p.suffix.lower()
    if suffix == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise error(f"{p}: malformed TOML ({exc})") from None
    if suffix == ".json" or json_fallback:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise error(f"{p}: malformed JSON at line {exc.lineno} column {exc.colno} ({exc.msg})") from None
    raise error(f"{p}: unknown file type {suffix!r}; use .toml or .json")
