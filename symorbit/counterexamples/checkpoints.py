"""JSONL checkpoints of a search: torn-line repair after a kill, and the records already done."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from symorbit.errors import SymorbitError

__all__ = ["repair", "done_records"]


def repair(path: Path) -> None:
    """Cut a record torn by a kill (a last line without its newline) so appends start clean."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb+") as fh:
        data = fh.read()
        if data.endswith(b"\n"):
            return
        fh.truncate(data.rfind(b"\n") + 1)


def done_records(path: Path) -> dict[str, dict[str, Any]]:
    done: dict[str, dict[str, Any]] = {}
    repair(path)
    if not path.exists():
        return done
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                raise SymorbitError(f"{path}:{line_no}: not a symorbit checkpoint record; "
                                    "pass a new --checkpoint file") from None
            if "key" in rec:
                done[rec["key"]] = rec
    return done
