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
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from tqdm import tqdm

from symorbit.counterexamples.checkpoints import (
    done_records,
    instance_digest,
    lock,
    make_header,
    open_checkpoint,
    unlock,
)
from symorbit.counterexamples.families import Family, family
from symorbit.counterexamples.worker import check_instance_spec
from symorbit.errors import InvalidArgument, SymorbitError
from symorbit.exact.display import ResultDisplay
from symorbit.exact.limits import CLI_CONNECT_TIMEOUT
from symorbit.kernel import KERNEL_WORK_LIMIT
from symorbit.orbits.engines.distributed import connect
from symorbit.orbits.rewards import reward_family
from symorbit.theorems import statement_spec

__all__ = ["SearchResult", "check_workers", "search", "certificate_name", "write_certificate"]


def _watch_parent(parent: int, interval: float = 0.5) -> None:
    """Worker initializer: end this process as soon as the searching process is gone.

    A daemon thread polls the parent; when the parent ends by any signal, SIGKILL included,
    the worker is re-parented (``os.getppid()`` changes) or the parent's pid disappears,
    and the worker exits at once instead of running on.
    """
    original = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != original:
                os._exit(1)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pragma: no cover - the pid was reused by another user's process
                os._exit(1)

    threading.Thread(target=watch, name="symorbit-parent-watchdog", daemon=True).start()


#: With ``oversubscribe``, at most this many worker processes per core (issue 23: 10**9 spawned without end).
MAX_OVERSUBSCRIBE = 4


def check_workers(workers: int | None, *, oversubscribe: bool = False) -> int:
    """The number of local worker processes to use: validated, and at most the core count.

    Parameters
    ----------
    workers : int or None
        A positive integer, or None for every core.
    oversubscribe : bool, keyword-only
        Allow more processes than cores (raising the cap explicitly), up to
        :data:`MAX_OVERSUBSCRIBE` per core.

    Returns
    -------
    int

    Raises
    ------
    InvalidArgument
        ``workers`` is not a positive integer, or exceeds the core count without ``oversubscribe``.

    Examples
    --------
    >>> check_workers(1)
    1
    >>> check_workers(0)
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: workers=0 must be a positive integer

    References
    ----------
    Issue 17 (hostile input): a search never starts more processes than cores unless asked.
    """
    from symorbit.exact.limits import check_limit

    cores = os.cpu_count() or 1
    if workers is None:
        return cores
    check_limit(workers, name="workers")
    if workers > cores and not oversubscribe:
        raise InvalidArgument(f"workers={workers} exceeds the {cores} cores of this machine; use at most {cores}, "
                              "or allow it explicitly with oversubscribe=True (CLI: --oversubscribe)")
    if workers > MAX_OVERSUBSCRIBE * cores:
        raise InvalidArgument(f"workers={workers} exceeds {MAX_OVERSUBSCRIBE} x the {cores} cores of this machine, "
                              f"the most even with oversubscribe; use at most {MAX_OVERSUBSCRIBE * cores}")
    return workers


@dataclass(repr=False)
class SearchResult(ResultDisplay):
    """What a search did: how many instances, with which outcome, and the counterexamples.

    Attributes
    ----------
    statement : str
        The statement's spec (a registry name or ``"pkg.mod:attr"``).
    family : str
        The instance family's name.
    checked : int
        Instances checked, those read back from a checkpoint included.
    resumed : int
        Instances read back from the checkpoint instead of being checked again.
    holds, hypotheses_not_met : int
        Instances on which the statement holds, and those outside its hypotheses.
    duplicates_skipped : int
        Isomorphic instances the family skipped.
    counterexamples : list of dict
        One record per failing instance: ``key``, ``counterexample``, ``certificate``,
        ``provenance`` and ``instance`` (its spec).
    seconds : float
        Wall-clock time of the search.
    too_large : int
        Instances refused as too large (``rewards="all"``): undecided.
    holds_kernel_checked : int
        Of ``holds``, those whose completeness over every reward the kernel re-checked
        (``rewards="all"``: the chamber subdivision); the others are engine-only.
    vacuous : int
        Instances that meet the hypotheses but where no reward was counted (a statement over generic rewards
        whose listed rewards all tie on the instance): neither a "holds" nor a counterexample.

    Examples
    --------
    >>> res = search("scaling_law_raw", "one-hot:3", "patterns:0,1,2", workers=1, progress=False)
    >>> res.checked, res.holds, res.hypotheses_not_met, res.counterexamples
    (13, 9, 4, [])

    References
    ----------
    PR Lemma D.3; docs/theory.md#proven.
    """

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
    holds_kernel_checked: int = 0
    vacuous: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (what ``symorbit search --json`` prints).

        Returns
        -------
        dict
            ``statement``, ``family``, ``checked``, ``resumed_from_checkpoint``, ``holds``,
            ``hypotheses_not_met``, ``duplicates_skipped``, ``counterexamples``, ``seconds``
            (rounded to milliseconds), ``too_large``, ``holds_kernel_checked`` and ``vacuous``.

        Examples
        --------
        >>> d = search("scaling_law_raw", "one-hot:3", "patterns:0,1,2", workers=1, progress=False).to_dict()
        >>> d["checked"], d["holds"], d["counterexamples"]
        (13, 9, [])

        References
        ----------
        docs/theory.md#proven.
        """
        return {"statement": self.statement, "family": self.family, "checked": self.checked,
                "resumed_from_checkpoint": self.resumed, "holds": self.holds,
                "hypotheses_not_met": self.hypotheses_not_met, "duplicates_skipped": self.duplicates_skipped,
                "counterexamples": self.counterexamples, "seconds": round(self.seconds, 3),
                "too_large": self.too_large, "holds_kernel_checked": self.holds_kernel_checked,
                "vacuous": self.vacuous}


def search(statement: Any, fam: Family | str, rewards: str, *, checkpoint: str | Path | None = None,
           workers: int | None = None, executor: Executor | None = None, progress: bool = True,
           expect: str | None = None, chunk: int | None = None, scheduler: str | None = None, resume: bool = False,
           certificates: str | Path | None = None, oversubscribe: bool = False,
           kernel_work: int | None = None, on_start: Callable[[int], None] | None = None,
           connect_timeout: float = CLI_CONNECT_TIMEOUT) -> SearchResult:
    """Check ``statement`` on every instance of ``fam`` (exhaustive mode).

    Parameters
    ----------
    statement : str or Statement
        A name from ``theorems.REGISTRY`` (``fractional_conjecture+n_at_least_m`` adds hypotheses),
        ``"package.module:attribute"`` for a statement in the user's own module, or a
        Statement object defined in an importable module. Workers receive the string and
        resolve it themselves, so local processes (fork or spawn) and Dask workers need
        nothing registered; Dask workers must be able to import the user's module.
    fam : Family or str
        The instance family (or its spec).
    rewards : str
        ``patterns:V1,V2,...`` (every orbit over these values) or ``random:COUNT:SEED``.
    checkpoint : path, keyword-only
        JSONL file; results are appended as they arrive and an existing file is resumed.
    workers : int, keyword-only
        Local processes (default: the machine's cores); 1 runs in this process. At most the
        core count unless ``oversubscribe``; each worker ends when this process ends, by any
        signal (a parent-death watchdog).
    executor : concurrent.futures.Executor, keyword-only
        Any executor (e.g. a Dask ``Client(...).get_executor()``); overrides ``workers``.
    progress : bool, keyword-only
        Show a progress bar (instances), and one while an MDP family is built.
    expect : {"none", "found"}, keyword-only
        Declare the expected outcome; :class:`SymorbitError` is raised when it differs.
    chunk : int or None, keyword-only
        Instances sent to a local worker process at a time (``chunksize``); with no more
        instances to do than this, the search runs in this process. Default: 8; with
        ``rewards="all"``, runs of neighbouring instances (an eighth of each worker's share,
        8 to 512), whose outcome sets and canonical forms repeat, so that each worker's
        memos of them (profiles, ND sets, chamber replays) are hit instead of each worker
        recomputing every one.
    scheduler : str, keyword-only
        A Dask scheduler address ``"tcp://host:port"`` (``dask scheduler`` / ``dask worker``
        processes): the instances run on its workers, which are prepared first
        (:func:`symorbit.orbits.engines.distributed.connect`); overrides ``workers``.
    connect_timeout : float, keyword-only
        Seconds to wait for ``scheduler`` to answer (default 10).
    resume : bool, keyword-only
        The checkpoint must already exist (a missing file is an error).
    certificates : path, keyword-only
        Folder to write each counterexample's certificate into, as soon as it is found
        (file names from the instance key, sanitised).
    oversubscribe : bool, keyword-only
        Allow ``workers`` above the core count.
    kernel_work : int, keyword-only, optional
        With ``rewards="all"`` only: the kernel's budget in work units for each instance's certificate
        (:func:`~symorbit.proofs.all_rewards.check_all_rewards`; default ``KERNEL_WORK_LIMIT``). The checkpoint's
        header records a value other than the default, and resuming it with another value is refused.
    on_start : callable, keyword-only, optional
        Called with the number of instances resumed from the checkpoint once every argument and the checkpoint
        have been read and accepted, before any instance is checked (the CLI prints its family line there, so
        that a refused checkpoint is one line of error and nothing else).

    Returns
    -------
    SearchResult

    Raises
    ------
    InvalidArgument
        A bad ``workers``, ``expect``, family, reward family or statement, ``resume``
        without an existing checkpoint, or a ``kernel_work`` that is not a positive integer or
        comes without ``rewards="all"``.
    SymorbitError
        The outcome differs from ``expect``.

    Examples
    --------
    >>> res = search("scaling_law_raw", "one-hot:3", "patterns:0,1,2", workers=1, progress=False)
    >>> res.checked, res.counterexamples
    (13, [])
    >>> res = search("fractional_conjecture", "one-hot:3", "patterns:0,1", workers=1, progress=False)
    >>> res.counterexamples[0]["key"], res.counterexamples[0]["counterexample"]
    ('one-hot:3:2:1:0', ['0', '1', '1'])

    References
    ----------
    PR Lemma D.3, Conj. D.13; docs/theory.md#proven.
    """
    n_workers = check_workers(workers, oversubscribe=oversubscribe)
    if not isinstance(fam, (str, Family)):      # None raised "'NoneType' object is not iterable"
        raise InvalidArgument(f"fam={fam!r:.60} must be a family spec such as \"det-mdp:4:3\" or a Family")
    if checkpoint and Path(checkpoint).is_dir():        # it raised IsADirectoryError when the search began writing
        raise InvalidArgument(f"checkpoint={str(checkpoint)!r}: a folder; name a file (such as run.jsonl)")
    fam = family(fam, progress=progress, workers=n_workers) if isinstance(fam, str) else fam
    statement = statement_spec(statement)  # validate (and name a Statement object) before work starts
    dims = [len(spec["A"][0]) if "A" in spec else len(spec.get("mdp") or spec.get("stochastic") or ())
            for spec in fam]
    if rewards != "all":
        reward_family(rewards, max(dims, default=1))  # the rewards' spec and size, before any worker starts
    if kernel_work is not None and rewards != "all":
        raise InvalidArgument("kernel_work (--kernel-work) applies to rewards='all' (--rewards all) only: over a "
                              "reward family, instances that hold are not kernel-checked")
    kernel_work = _kernel_work(kernel_work)
    if expect not in (None, "none", "found"):
        raise InvalidArgument(f"expect={expect!r} must be 'none' or 'found'")
    t0 = time.perf_counter()
    result = SearchResult(statement, fam.name, duplicates_skipped=fam.duplicates)
    path = Path(checkpoint) if checkpoint else None
    header = make_header(statement, fam, rewards, kernel_work=kernel_work)
    folder = Path(certificates) if certificates else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    held = None
    if path is not None:
        if resume and not path.exists():
            raise InvalidArgument(f"--resume {path}: no such checkpoint; start one with --checkpoint")
        held = lock(path)
    try:
        if path is not None:
            open_checkpoint(path, header, resume=resume)
        done = done_records(path, header, {s["key"]: s for s in fam}) if path else {}
    except BaseException:
        if held is not None:
            unlock(held)
        raise
    for rec in done.values():
        _tally(result, rec)
    result.resumed = len(done)
    if on_start is not None:
        on_start(len(done))
    if folder is not None:
        for rec in done.values():
            if rec["status"] == "fails":
                write_certificate(folder, rec)
    todo = [s for s in fam if s["key"] not in done]
    by_key = {s["key"]: s for s in fam}
    bar = None
    if progress:
        bar = tqdm(total=fam.size, initial=len(done), unit="inst", desc=statement, mininterval=0.5)
    out = path.open("a", encoding="utf-8") if path else None
    own = None
    client = None
    try:
        if scheduler is not None:
            client = connect(scheduler, preload=("symorbit.counterexamples.worker",), timeout=connect_timeout)
            executor = client.get_executor()
        if chunk is None:
            chunk = 8 if rewards != "all" else max(8, min(512, len(todo) // (8 * n_workers)))
        if executor is None and n_workers > 1 and len(todo) > chunk:
            own = executor = ProcessPoolExecutor(max_workers=n_workers, initializer=_watch_parent,
                                                 initargs=(os.getpid(),))
        if executor is None:
            records: Iterator[dict[str, Any]] = (check_instance_spec(statement, s, rewards, kernel_work) for s in todo)
        else:
            extra = {"chunksize": chunk} if isinstance(executor, ProcessPoolExecutor) else {}
            records = executor.map(check_instance_spec, [statement] * len(todo), todo, [rewards] * len(todo),
                                   [kernel_work] * len(todo), **extra)
        for rec in records:
            _tally(result, rec)
            if folder is not None and rec["status"] == "fails":
                write_certificate(folder, rec)
            if out is not None:     # the record bound to its instance (checked on resume)
                out.write(json.dumps({**rec, "instance": instance_digest(by_key[rec["key"]])}) + "\n")
                out.flush()
            if bar is not None:
                bar.update(1)
    except InvalidArgument as exc:
        if client is None or "cannot import" not in str(exc):
            raise
        # Importable here but not on the cluster: say where it must be importable (one line, no traceback).
        raise InvalidArgument(f"{exc} [on a Dask worker of {scheduler}: start `dask worker` with the module's "
                              "folder on PYTHONPATH]") from None
    finally:
        if out is not None:
            out.close()
        if bar is not None:
            bar.close()
        if own is not None:
            own.shutdown(cancel_futures=True)
        if client is not None:
            client.close()
        if held is not None:
            unlock(held)
    result.seconds = time.perf_counter() - t0
    if expect == "none" and result.counterexamples:
        raise SymorbitError(f"expected no counterexample but found {len(result.counterexamples)} "
                            f"(first: {result.counterexamples[0]['key']})")
    if expect == "found" and not result.counterexamples:
        raise SymorbitError(f"expected a counterexample but none was found in {result.checked} instances")
    return result


def _kernel_work(kernel_work: int | None) -> int | None:
    """``kernel_work`` checked (a positive integer), and None for the default budget (KERNEL_WORK_LIMIT).

    >>> _kernel_work(3_000_000), _kernel_work(10**7)
    (None, 10000000)
    """
    from symorbit.proofs.all_rewards import _work

    return None if kernel_work is None or _work(kernel_work) == KERNEL_WORK_LIMIT else kernel_work


def certificate_name(key: str) -> str:
    """A safe file name for an instance key: letters, digits, ``-``, ``_`` and ``.`` only, never a path.

    >>> certificate_name("one-hot:3:0:0:1"), certificate_name("../../etc/passwd")
    ('one-hot_3_0_0_1.json', '_.._etc_passwd.json')
    """
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in key).lstrip(".") or "instance"
    return safe[:200] + ".json"


def write_certificate(folder: Path, rec: dict[str, Any]) -> Path:
    """Write one counterexample's certificate into ``folder`` (atomically, by rename)."""
    target = folder / certificate_name(rec["key"])
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(rec["certificate"], indent=2), encoding="utf-8")
    os.replace(tmp, target)
    return target


def _tally(result: SearchResult, rec: dict[str, Any]) -> None:
    result.checked += 1
    if rec["status"] == "holds":
        result.holds += 1
        result.holds_kernel_checked += str(rec.get("provenance", "")).startswith(("kernel-checked", "counts kernel"))
    elif rec["status"] == "hypotheses not met":
        result.hypotheses_not_met += 1
    elif rec["status"] == "too large":   # rewards="all": refused up front by count_profiles (undecided)
        result.too_large += 1
    elif rec["status"] == "vacuous":     # no reward counted (generic rewards only, every listed one tied): no verdict
        result.vacuous += 1
    else:
        result.counterexamples.append(rec)
