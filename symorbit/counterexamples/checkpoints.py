"""JSONL checkpoints of a search: a header that names the run, a lock, torn-line repair, re-checked records.

The first line is a header: the statement (with its added hypotheses), the family, the
reward family, the discounts, and the symorbit and kernel versions. Resuming under
anything different is refused with a one-line error. A file that does not start with
such a header is never modified (the project did not create it). A lock file
(``PATH.lock``, holding the owner's process id) keeps two runs off one checkpoint; a lock
left by a process that no longer exists is taken over. Records read back are re-checked:
each key must belong to the family, and each counterexample certificate is re-verified
by the kernel against the header's statement.
"""

from __future__ import annotations

import json
import os
from importlib.metadata import version
from pathlib import Path
from typing import Any

from symorbit.errors import InvalidArgument, SymorbitError
from symorbit.kernel import KERNEL_VERSION, Malformed, check_certificate
from symorbit.theorems import resolve

__all__ = ["SYMORBIT_VERSION", "done_records", "lock", "make_header", "open_checkpoint", "repair", "unlock"]

SYMORBIT_VERSION = version("symorbit")
_MAGIC = "symorbit_checkpoint"


def make_header(statement: str, family: Any, rewards: str) -> dict[str, Any]:
    """The header line of a checkpoint for this run."""
    base, *extra = statement.split("+")
    discounts = sorted({str(s["gamma"]) for s in family.specs if "gamma" in s})
    return {_MAGIC: 1, "statement": base, "hypotheses": extra, "family": family.name, "rewards": rewards,
            "discount": discounts, "symorbit_version": SYMORBIT_VERSION, "kernel_version": KERNEL_VERSION}


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lock(path: Path) -> Path:
    """Take ``PATH.lock`` for this process, or refuse when another live run holds it."""
    lk = path.with_name(path.name + ".lock")
    for _ in range(2):
        try:
            fd = os.open(lk, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid = int(lk.read_text().strip() or "0")
            except (OSError, ValueError):
                pid = 0
            if pid and _pid_alive(pid):
                raise SymorbitError(f"{path}: another search (process {pid}) is using this checkpoint; "
                                    f"wait for it or remove {lk} if it is gone") from None
            lk.unlink(missing_ok=True)      # a stale lock: its process is gone
            continue
        with os.fdopen(fd, "w") as fh:
            fh.write(str(os.getpid()))
        return lk
    raise SymorbitError(f"{path}: could not take the lock {lk}")


def unlock(lk: Path) -> None:
    """Release a lock taken by :func:`lock`."""
    lk.unlink(missing_ok=True)


def _read_header(path: Path) -> dict[str, Any] | None:
    with path.open("rb") as fh:
        first = fh.readline()
    try:
        head = json.loads(first)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return head if isinstance(head, dict) and head.get(_MAGIC) == 1 else None


def repair(path: Path) -> None:
    """Cut a record torn by a kill (a last line without its newline) of a symorbit checkpoint.

    Files that do not start with a checkpoint header are left untouched.
    """
    if not path.exists() or path.stat().st_size == 0 or _read_header(path) is None:
        return
    with path.open("rb+") as fh:
        data = fh.read()
        if data.endswith(b"\n"):
            return
        fh.truncate(data.rfind(b"\n") + 1)


def open_checkpoint(path: Path, header: dict[str, Any], *, resume: bool) -> None:
    """Check (or write) the header; refuse a missing file on resume and any other run's checkpoint."""
    if not path.exists() or path.stat().st_size == 0:
        if resume:
            raise InvalidArgument(f"--resume {path}: no such checkpoint; start one with --checkpoint")
        with path.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps(header) + "\n")
        return
    found = _read_header(path)
    if found is None:
        raise SymorbitError(f"{path}: not a symorbit checkpoint (no header); pass a new --checkpoint file")
    diff = [k for k in header if found.get(k) != header[k]]
    if diff:
        k = diff[0]
        raise SymorbitError(f"{path}: checkpoint of a different run ({k}: {found.get(k)!r}, now {header[k]!r}); "
                            "refusing to resume")


def done_records(path: Path, header: dict[str, Any] | None = None,
                 keys: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """The records already in a checkpoint, each re-checked (key in the family, certificates by the kernel)."""
    done: dict[str, dict[str, Any]] = {}
    repair(path)
    if not path.exists():
        return done
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line_no == 1 and _MAGIC in line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                raise SymorbitError(f"{path}:{line_no}: not a symorbit checkpoint record; "
                                    "pass a new --checkpoint file") from None
            _recheck(rec, path, line_no, header, keys)
            if rec["status"] == "holds":     # not re-checked here: a resumed "holds" keeps no kernel label
                rec.pop("provenance", None)
            done[rec["key"]] = rec
    return done


def _statement_name(header: dict[str, Any]) -> str:
    """The name a counterexample certificate of this run carries: a user's ``module:attr`` resolves to its name."""
    spec = "+".join([header["statement"], *header["hypotheses"]])
    if ":" in str(header["statement"]):
        return str(resolve(header["statement"]).name)
    return spec


def _recheck(rec: Any, path: Path, line_no: int, header: dict[str, Any] | None, keys: set[str] | None) -> None:
    where = f"{path}:{line_no}"
    if not isinstance(rec, dict) or not isinstance(rec.get("key"), str) or \
            rec.get("status") not in ("holds", "fails", "hypotheses not met", "vacuous", "too large"):
        raise SymorbitError(f"{where}: not a symorbit checkpoint record")
    if keys is not None and rec["key"] not in keys:
        raise SymorbitError(f"{where}: instance {rec['key']!r} is not in the family")
    if rec["status"] == "fails":
        cert = rec.get("certificate")
        if not isinstance(cert, dict):
            raise SymorbitError(f"{where}: the counterexample record has no certificate")
        name = _statement_name(header) if header else None
        counts_only = cert.get("statement") == "orbit_counts"    # a certificate of counts only
        if counts_only:
            name = "orbit_counts"
        try:
            problems = check_certificate(cert)
        except Malformed as exc:
            problems = [str(exc)]
        wanted = "counted" if counts_only else "fails"
        if problems or cert.get("verdict") != wanted or (name is not None and cert.get("statement") != name):
            raise SymorbitError(f"{where}: the counterexample record does not re-check "
                                f"({problems[0] if problems else 'statement or verdict differs'})")
