"""Running on a Dask cluster: connect to a scheduler, prepare its workers, hand out executors.

Counting and searching accept ``executor=``: any :class:`concurrent.futures.Executor`
(a ``ProcessPoolExecutor``, a Dask ``Client.get_executor()``), a Dask ``Client``, or a
scheduler address ``"tcp://host:port"``. A large orbit count is split into independent
blocks (the meet-in-the-middle engine's splits of the reward multiset, :mod:`.mitm`),
each block is one task, and the tallies are added up exactly (Python integers), so the
answer does not depend on how the blocks are spread.

Starting a cluster the way users do::

    dask scheduler --host 127.0.0.1 --port 8786
    dask worker tcp://127.0.0.1:8786 --nworkers 2 --nthreads 1

Workers run tasks in threads. A native dependency whose import installs signal handlers
(pplpy through cysignals: ``ValueError: signal only works in main thread of the main
interpreter``) cannot be imported first inside a task. :func:`connect` therefore
registers a worker plugin that imports :data:`PREIMPORT` (and the caller's modules) on
every worker's main thread when the worker starts or joins, before any task runs.

``distributed`` is the optional ``[dask]`` extra; it is imported only here, and only when
a cluster is asked for (:class:`~symorbit.errors.MissingExtra` when it is missing).
"""

from __future__ import annotations

import importlib
import threading
from concurrent.futures import Executor
from typing import Any, Sequence

from symorbit.errors import InvalidArgument, MissingExtra

__all__ = ["PREIMPORT", "connect", "preimport", "resolve_executor"]

#: Modules imported on each worker's main thread before tasks run (missing optional ones are skipped).
#: ``ppl`` is the one that must be: cysignals installs signal handlers when it is first imported.
PREIMPORT = ("numpy", "sympy", "ppl", "PyNormaliz", "symorbit.orbits.engines.mitm",
             "symorbit.orbits.counting")

_HINT = "pip install 'symorbit[dask]'"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingExtra(f"running on a Dask cluster needs dask.distributed: {_HINT}") from None
    return distributed


def preimport(modules: Sequence[str] = PREIMPORT) -> dict[str, bool]:
    """Import ``modules`` in this process (on a worker: its main thread); report which loaded.

    Missing optional modules are skipped (False), never an error: a worker without
    pplpy simply cannot run the tasks that need it, and says so when it tries.

    Examples
    --------
    >>> preimport(("fractions", "no_such_module_here"))
    {'fractions': True, 'no_such_module_here': False}
    """
    loaded = {}
    for name in modules:
        try:
            importlib.import_module(name)
            loaded[name] = True
        except ImportError:
            loaded[name] = False
    return loaded


def _plugin(modules: tuple[str, ...]) -> Any:
    """A ``distributed.WorkerPlugin`` running :func:`preimport` when a worker starts (in its event
    loop: the main thread of a ``dask worker`` process)."""
    distributed = _distributed()

    class SymorbitPreimport(distributed.WorkerPlugin):  # type: ignore[misc,name-defined]
        name = "symorbit-preimport"

        def __init__(self, names: tuple[str, ...]) -> None:
            self.names = names

        def setup(self, worker: Any) -> None:
            preimport(self.names)

    return SymorbitPreimport(modules)


def connect(scheduler: str, *, preload: Sequence[str] = (), timeout: float = 30) -> Any:
    """A Dask ``Client`` for the scheduler at ``scheduler``, with every worker prepared.

    Parameters
    ----------
    scheduler : str
        The scheduler's address, ``"tcp://host:port"`` (as printed by ``dask scheduler``).
    preload : sequence of str, keyword-only
        More modules to import on each worker's main thread (besides :data:`PREIMPORT`).
    timeout : float, keyword-only
        Seconds to wait for the scheduler.

    Returns
    -------
    distributed.Client
        Close it (``client.close()``) when done.

    Raises
    ------
    MissingExtra
        dask.distributed is not installed (the ``[dask]`` extra).
    InvalidArgument
        ``scheduler`` is not an address, or no scheduler answers there within ``timeout``.

    Examples
    --------
    >>> connect(8786)
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: scheduler=8786 must be an address such as "tcp://127.0.0.1:8786"
    >>> connect("tcp://[::1:80")                                              # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: scheduler='tcp://[::1:80' is not an address Dask can read (invalid address ...
    """
    if not isinstance(scheduler, str) or "://" not in scheduler and ":" not in scheduler:
        raise InvalidArgument(f'scheduler={scheduler!r} must be an address such as "tcp://127.0.0.1:8786"')
    distributed = _distributed()
    modules = tuple(dict.fromkeys((*PREIMPORT, *preload)))
    if threading.current_thread() is threading.main_thread():
        preimport(modules)       # in-process workers (LocalCluster(processes=False)) share these
    try:
        client = distributed.Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise InvalidArgument(f"no Dask scheduler answers at {scheduler} ({type(exc).__name__}: {exc})") from None
    except ValueError as exc:      # an address Dask cannot parse: "tcp://[::1:80", "inproc://foo"
        raise InvalidArgument(f'scheduler={scheduler!r} is not an address Dask can read ({str(exc)[:120]}); '
                              'write one such as "tcp://127.0.0.1:8786"') from None
    try:
        client.register_plugin(_plugin(modules))
    except Exception:
        client.close()
        raise
    return client


def resolve_executor(executor: Any, *, preload: Sequence[str] = ()) -> tuple[Any, Any]:
    """Turn ``executor=`` into (something with ``submit``, a client to close or None).

    Accepts None, a :class:`concurrent.futures.Executor`, a Dask ``Client`` (its workers are
    prepared as in :func:`connect`), or a scheduler address (a client is opened and returned
    for closing).

    Examples
    --------
    >>> resolve_executor(None)
    (None, None)
    >>> resolve_executor(3)
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: executor=3 must be a concurrent.futures.Executor, a Dask Client or a scheduler address "tcp://host:port"
    """
    if executor is None or isinstance(executor, Executor):
        return executor, None
    if isinstance(executor, str):
        client = connect(executor, preload=preload)
        return client, client
    if type(executor).__name__ == "Client" and hasattr(executor, "register_plugin"):
        executor.register_plugin(_plugin(tuple(dict.fromkeys((*PREIMPORT, *preload)))))
        return executor, None
    raise InvalidArgument(f'executor={executor!r} must be a concurrent.futures.Executor, a Dask Client or a '
                          'scheduler address "tcp://host:port"')
