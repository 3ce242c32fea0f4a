"""JSONL checkpoints of a search: a header that names the run, a lock, torn-line repair, re-checked records.

The first line is a header: the statement (with its added hypotheses), the family, the
reward family, the discounts, and the symorbit and kernel versions; and ``kernel_work``, the
kernel's budget of a ``rewards="all"`` search, where it is not the default. Resuming under
anything different (a budget too: an absent one is the default) is refused with a one-line error. A file that does not start with
such a header is never modified (the project did not create it). A lock file
(``PATH.lock``, holding the owner's process id) keeps two runs off one checkpoint; a lock
left by a process that no longer exists is taken over. Records read back are re-checked:
each key must belong to the family, and each counterexample certificate is re-verified
by the kernel against the header's statement.

Records are bound to their instance: each carries ``instance``, a digest of its key's
instance spec (:func:`instance_digest`); on resume a record whose digest is not its key's,
or whose counterexample certificate is not about its key's instance (its A and B are not
the instance's outcome sets), is refused with the line it is on. For a user statement
(``package.module:attribute``) the header carries a digest of the module's source, so the
same name with other code is refused on resume.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Mapping
from fractions import Fraction
from importlib.metadata import version
from pathlib import Path
from typing import Any

from symorbit.errors import InvalidArgument, SymorbitError
from symorbit.exact.documents import STRICT_NUMBERS, Refused
from symorbit.kernel import KERNEL_VERSION, KERNEL_WORK_LIMIT, Malformed, check_certificate
from symorbit.kernel.check import Budget
from symorbit.theorems import resolve

__all__ = ["SYMORBIT_VERSION", "done_records", "instance_digest", "lock", "make_header", "open_checkpoint", "repair",
           "unlock"]

SYMORBIT_VERSION = version("symorbit")
_MAGIC = "symorbit_checkpoint"


def instance_digest(spec: Mapping[str, Any]) -> str:
    """A digest of one family instance's spec (its key, vectors or MDP, state, actions, discount).

    Examples
    --------
    >>> a = instance_digest({"key": "k", "A": [[1, 0]], "B": [[0, 1]]})
    >>> a == instance_digest({"B": [[0, 1]], "A": [[1, 0]], "key": "k"}), a == instance_digest({"key": "k", "A": [[0, 1]], "B": [[1, 0]]})
    (True, False)
    """
    text = json.dumps(spec, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "backslashreplace")).hexdigest()[:32]


def _statement_code(statement: str) -> str | None:
    """A digest of the source file of a user statement ``package.module:attribute`` (None for registry names)."""
    module = statement.split("+")[0].partition(":")[0] if ":" in statement else ""
    if not module:
        return None
    try:
        found = importlib.util.find_spec(module)
        origin = found.origin if found is not None else None
        with open(origin, "rb") as fh:     # type: ignore[arg-type]
            return hashlib.sha256(fh.read()).hexdigest()[:32]
    except (ImportError, ValueError, TypeError, OSError):
        return None


def make_header(statement: str, family: Any, rewards: str, *, kernel_work: int | None = None) -> dict[str, Any]:
    """The header line of a checkpoint for this run (``kernel_work`` only where it is not None: the default budget).

    Examples
    --------
    >>> from symorbit.counterexamples.families import family
    >>> fam = family("one-hot:3")
    >>> "kernel_work" in make_header("scaling_law_raw", fam, "all"), make_header("scaling_law_raw", fam, "all",
    ...                                                                         kernel_work=10**7)["kernel_work"]
    (False, 10000000)
    """
    base, *extra = statement.split("+")
    discounts = sorted({str(s["gamma"]) for s in family.specs if "gamma" in s})
    header = {_MAGIC: 1, "statement": base, "hypotheses": extra, "family": family.name, "rewards": rewards,
              "discount": discounts, "symorbit_version": SYMORBIT_VERSION, "kernel_version": KERNEL_VERSION,
              "statement_code": _statement_code(statement)}
    if kernel_work is not None:
        header["kernel_work"] = kernel_work
    return header


#: Header fields written only away from their default (an older checkpoint, or one at the default, has none).
_DEFAULTS: dict[str, Any] = {"kernel_work": KERNEL_WORK_LIMIT}


def _budget(header: Mapping[str, Any] | None) -> Budget | None:
    """The kernel budget a checkpoint's header records (None: the default)."""
    work = (header or {}).get("kernel_work")
    return Budget(work) if isinstance(work, int) and not isinstance(work, bool) and work > 0 else None


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
        head = json.loads(first, **STRICT_NUMBERS)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    except Refused as exc:          # NaN, Infinity, 1e999 or an over-long integer: symorbit never writes one
        if _MAGIC.encode() in first:
            raise SymorbitError(f"{path}:1: {exc}; this header was not written by symorbit") from None
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
            what = "the file is empty, not a checkpoint" if path.exists() else "no such checkpoint"
            raise InvalidArgument(f"--resume {path}: {what}; start one with --checkpoint")
        with path.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps(header) + "\n")
        return
    found = _read_header(path)
    if found is None:
        raise SymorbitError(f"{path}: not a symorbit checkpoint (no header); pass a new --checkpoint file")
    keys = [*header, *(k for k in _DEFAULTS if k in found and k not in header)]
    diff = [k for k in keys if found.get(k, _DEFAULTS.get(k)) != header.get(k, _DEFAULTS.get(k))]
    if diff:
        k = diff[0]
        raise SymorbitError(f"{path}: checkpoint of a different run ({k}: {found.get(k, _DEFAULTS.get(k))!r}, "
                            f"now {header.get(k, _DEFAULTS.get(k))!r}); refusing to resume")


def done_records(path: Path, header: dict[str, Any] | None = None,
                 keys: set[str] | Mapping[str, Mapping[str, Any]] | None = None, *,
                 read_only: bool = False) -> dict[str, dict[str, Any]]:
    """The records already in a checkpoint, each re-checked (key in the family, certificates by the kernel).

    With ``keys`` a mapping ``{key: instance spec}``, each record must also carry its key's
    :func:`instance_digest`, and a counterexample's certificate must be about that instance. A record torn
    by a kill (a last line without its newline) is cut from the file (:func:`repair`), or with ``read_only``
    (a reader such as ``symorbit table``, while a search may still be writing) left in the file and not read.
    An instance recorded twice is refused.
    """
    done: dict[str, dict[str, Any]] = {}
    if not read_only:
        repair(path)
    if not path.exists():
        return done
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if read_only and not line.endswith("\n"):     # torn, or still being written: not a record yet
                break
            line = line.strip()
            if not line or line_no == 1 and _MAGIC in line:
                continue
            try:
                rec = json.loads(line, **STRICT_NUMBERS)
            except json.JSONDecodeError:
                raise SymorbitError(f"{path}:{line_no}: not a symorbit checkpoint record; "
                                    "pass a new --checkpoint file") from None
            except Refused as exc:      # symorbit writes exact numbers only: this record was edited or forged
                raise SymorbitError(f"{path}:{line_no}: not a symorbit checkpoint record ({exc}); "
                                    "pass a new --checkpoint file") from None
            _recheck(rec, path, line_no, header, keys)
            if rec["key"] in seen:          # a run writes each instance once: the file was edited or concatenated
                raise SymorbitError(f"{path}:{line_no}: instance {rec['key'][:80]!r} is recorded twice (first on line "
                                    f"{seen[rec['key']]}); not a checkpoint symorbit wrote")
            seen[rec["key"]] = line_no
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


def _recheck(rec: Any, path: Path, line_no: int, header: dict[str, Any] | None,
             keys: set[str] | Mapping[str, Mapping[str, Any]] | None) -> None:
    where = f"{path}:{line_no}"
    if not isinstance(rec, dict) or not isinstance(rec.get("key"), str) or \
            rec.get("status") not in ("holds", "fails", "hypotheses not met", "vacuous", "too large"):
        raise SymorbitError(f"{where}: not a symorbit checkpoint record")
    if unknown := sorted(set(rec) - _RECORD_FIELDS):
        raise SymorbitError(f"{where}: not a symorbit checkpoint record (unknown field {unknown[0][:40]!r})")
    for size in ("m", "n"):         # D.13's things and copies: counts symorbit writes as integers >= 1
        if size in rec and (type(rec[size]) is not int or rec[size] < 1):
            raise SymorbitError(f"{where}: not a symorbit checkpoint record ({size} = {str(rec[size])[:40]}, not an "
                                "integer >= 1)")
    if ("m" in rec) != ("n" in rec) or "m" in rec and rec["status"] not in ("holds", "fails", "vacuous"):
        raise SymorbitError(f"{where}: not a symorbit checkpoint record (m and n come together, with a verdict on "
                            "the instance)")
    if keys is not None and rec["key"] not in keys:
        raise SymorbitError(f"{where}: instance {rec['key']!r} is not in the family")
    spec = keys[rec["key"]] if isinstance(keys, Mapping) else None
    if spec is not None and "instance" not in rec:
        raise SymorbitError(f"{where}: the record of {rec['key']!r} has no instance digest (written before issue 23's "
                            "checkpoint format); start a new checkpoint")
    if spec is not None and rec.get("instance") != instance_digest(spec):
        raise SymorbitError(f"{where}: the record of {rec['key']!r} is not about that instance (its instance digest "
                            "differs: a record copied from another run or key); refusing to resume")
    if rec["status"] == "fails":
        cert = rec.get("certificate")
        if not isinstance(cert, dict):
            raise SymorbitError(f"{where}: the counterexample record has no certificate")
        name = _statement_name(header) if header else None
        counts_only = cert.get("statement") == "orbit_counts"    # a certificate of counts only
        if counts_only:
            name = "orbit_counts"
        try:
            problems = check_certificate(cert, budget=_budget(header)).problems
        except Malformed as exc:
            problems = [str(exc)]
        wanted = "counted" if counts_only else "fails"
        if problems or cert.get("verdict") != wanted or (name is not None and cert.get("statement") != name):
            raise SymorbitError(f"{where}: the counterexample record does not re-check "
                                f"({problems[0] if problems else 'statement or verdict differs'})")
        if spec is not None and not _about(cert, spec):
            raise SymorbitError(f"{where}: the counterexample certificate of {rec['key']!r} is not about that instance "
                                "(its A and B are not the instance's outcome sets); refusing to resume")


#: The fields of the records :func:`~symorbit.counterexamples.worker.check_instance_spec` writes.
_RECORD_FIELDS = frozenset({"key", "status", "m", "n", "worst", "provenance", "certificate", "counterexample",
                            "instance", "reason"})


def _about(cert: dict[str, Any], spec: Mapping[str, Any]) -> bool:
    """Are the certificate's A and B the outcome sets of the family instance ``spec``?"""
    from symorbit.counterexamples.worker import instance_from_spec

    inst = instance_from_spec(dict(spec))

    def vectors(X: Any) -> set[tuple[Fraction, ...]]:
        return {tuple(Fraction(x) for x in v) for v in X}

    try:
        A, B = vectors(cert["A"]), vectors(cert["B"])
        # an optimal-fraction claim is certified as B against A' = C ∪ B (see proofs.statements.reduce_claim)
        return B == vectors(inst.B.vectors) and A in (vectors(inst.A.vectors), vectors(inst.C.vectors) | B)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return False
