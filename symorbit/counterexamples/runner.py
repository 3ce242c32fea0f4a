"""Counterexample search over families of small instances, with checkpoints and parallel backends.

A search checks one statement (a name from ``theorems.REGISTRY``, optionally with
``+extra`` hypotheses for the fractional conjecture) on every instance of a family,
over a family of rewards. Results are appended to a JSONL checkpoint as they
arrive; an interrupted search resumes from it without redoing or losing work.
Each counterexample is saved as a kernel-checkable certificate.

Families are built by :func:`symorbit.counterexamples.families.family` (see there).

Examples
--------
>>> from symorbit.counterexamples.families import family
>>> fam = family("one-hot:3")
>>> fam.size
13
>>> res = search("scaling_law_raw", fam, "patterns:0,1,2", workers=1, progress=False)
>>> res.checked, res.counterexamples
(13, [])

PR Conjecture D.13 as stated fails on 2 things against 1 (n < m):

>>> res = search("fractional_conjecture", fam, "patterns:0,1", workers=1, progress=False)
>>> res.counterexamples[0]["counterexample"], res.counterexamples[0]["instance"]["A"]
(['0', '1', '1'], [[1, 0, 0], [0, 1, 0]])
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from tqdm import tqdm

from symorbit.counterexamples.checkpoints import done_records
from symorbit.counterexamples.families import Family, family
from symorbit.counterexamples.worker import check_instance_spec
from symorbit.errors import InvalidArgument, SymorbitError
from symorbit.theorems import resolve

__all__ = ["SearchResult", "search"]


@dataclass
class SearchResult:
    """What a search did: how many instances, with which outcome, and the counterexamples."""

    statement: str
    family: str
    checked: int = 0
    resumed: int = 0
    holds: int = 0
    hypotheses_not_met: int = 0
    duplicates_skipped: int = 0
    counterexamples: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    too_large: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"statement": self.statement, "family": self.family, "checked": self.checked,
                "resumed_from_checkpoint": self.resumed, "holds": self.holds,
                "hypotheses_not_met": self.hypotheses_not_met, "duplicates_skipped": self.duplicates_skipped,
                "counterexamples": self.counterexamples, "seconds": round(self.seconds, 3),
                "too_large": self.too_large}


def search(statement: str, fam: Family | str, rewards: str, *, checkpoint: str | Path | None = None,
           workers: int | None = None, executor: Executor | None = None, progress: bool = True,
           expect: str | None = None, chunk: int = 8) -> SearchResult:
    """Check ``statement`` on every instance of ``fam`` (exhaustive mode).

    Parameters
    ----------
    statement : str
        A name from ``theorems.REGISTRY`` (``fractional_conjecture+n_at_least_m`` adds hypotheses).
    fam : Family or str
        The instance family (or its spec).
    rewards : str
        ``patterns:V1,V2,...`` (every orbit over these values) or ``random:COUNT:SEED``.
    checkpoint : path, keyword-only
        JSONL file; results are appended as they arrive and an existing file is resumed.
    workers : int, keyword-only
        Local processes (default: the machine's cores); 1 runs in this process.
    executor : concurrent.futures.Executor, keyword-only
        Any executor (e.g. a Dask ``Client(...).get_executor()``); overrides ``workers``.
    expect : {"none", "found"}, keyword-only
        Declare the expected outcome; :class:`SymorbitError` is raised when it differs.

    Returns
    -------
    SearchResult
    """
    fam = family(fam) if isinstance(fam, str) else fam
    resolve(statement)  # validate before work starts
    if expect not in (None, "none", "found"):
        raise InvalidArgument(f"expect={expect!r} must be 'none' or 'found'")
    t0 = time.perf_counter()
    result = SearchResult(statement, fam.name, duplicates_skipped=fam.duplicates)
    path = Path(checkpoint) if checkpoint else None
    done = done_records(path) if path else {}
    for rec in done.values():
        _tally(result, rec)
    result.resumed = len(done)
    todo = [s for s in fam if s["key"] not in done]
    bar = None
    if progress:
        bar = tqdm(total=fam.size, initial=len(done), unit="inst", desc=statement, mininterval=0.5)
    out = path.open("a", encoding="utf-8") if path else None
    own = None
    try:
        if executor is None and (workers or os.cpu_count() or 1) > 1 and len(todo) > chunk:
            own = executor = ProcessPoolExecutor(max_workers=workers or os.cpu_count())
        if executor is None:
            records: Iterator[dict[str, Any]] = (check_instance_spec(statement, s, rewards) for s in todo)
        else:
            extra = {"chunksize": chunk} if isinstance(executor, ProcessPoolExecutor) else {}
            records = executor.map(check_instance_spec, [statement] * len(todo), todo, [rewards] * len(todo),
                                   **extra)
        for rec in records:
            _tally(result, rec)
            if out is not None:
                out.write(json.dumps(rec) + "\n")
                out.flush()
            if bar is not None:
                bar.update(1)
    finally:
        if out is not None:
            out.close()
        if bar is not None:
            bar.close()
        if own is not None:
            own.shutdown(cancel_futures=True)
    result.seconds = time.perf_counter() - t0
    if expect == "none" and result.counterexamples:
        raise SymorbitError(f"expected no counterexample but found {len(result.counterexamples)} "
                            f"(first: {result.counterexamples[0]['key']})")
    if expect == "found" and not result.counterexamples:
        raise SymorbitError(f"expected a counterexample but none was found in {result.checked} instances")
    return result


def _tally(result: SearchResult, rec: dict[str, Any]) -> None:
    result.checked += 1
    if rec["status"] == "holds":
        result.holds += 1
    elif rec["status"] == "hypotheses not met":
        result.hypotheses_not_met += 1
    elif rec["status"] == "too large":   # rewards="all": refused up front by count_profiles (undecided)
        result.too_large += 1
    else:
        result.counterexamples.append(rec)
