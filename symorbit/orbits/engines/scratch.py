"""Scratch buffers the counting engines keep per thread between counts.

A count at small d makes tables of a few hundred KB to a few MB: the side sums and block buffers of
:mod:`.maxima`, the dot products of the compiled loop's table mode (:func:`.compiled.workspace`).
glibc maps an array past its mmap threshold afresh, and each 4 KB page faults on first touch, which
cost more than the arithmetic itself: a 280 KB table at d = 7 took 233 µs fresh and 57 µs kept
(docs/performance.md#core-small-d), a count at d = 10 in the table mode 5.4-5.8 ms fresh and 3.9 ms
kept. So each engine asks for its buffers by name here, and gets a view of a buffer this thread
keeps under that name (and type) from count to count.

Each name is one buffer: a caller holds a view only until its next request of that name in the same
thread. Buffers are per thread, so counts in several threads never share one. They live as long as
their thread, or until :func:`release`.

Examples
--------
>>> a = kept("doc", 1000, "int32"); b = kept("doc", 10, "int32")
>>> a.shape, b.shape, bool(np.shares_memory(a, b)), kept("doc", 10**9, "int32", limit=2**20) is None
((1000,), (10,), True, True)
>>> held() >= 4000, release() >= 4000, held()
(True, True, 0)
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

__all__ = ["held", "kept", "release"]

_LOCAL = threading.local()
# each type as callers name it (a string, a type object, a dtype), and its dtype
_DTYPES: dict[Any, np.dtype] = {}


def _pool() -> dict[tuple[str, np.dtype], np.ndarray]:
    pool: dict[tuple[str, np.dtype], np.ndarray] | None = getattr(_LOCAL, "pool", None)
    if pool is None:
        pool = _LOCAL.pool = {}
    return pool


def kept(name: str, entries: int, dtype: Any, *, limit: int | None = None, align: int = 0) -> np.ndarray | None:
    """An uninitialised 1-D view of ``entries`` items of ``dtype``, from the buffer this thread keeps under
    ``name`` (grown where it is smaller); None where that is more than ``limit`` bytes.

    Parameters
    ----------
    name : str
        The buffer's name; one buffer per name and type in each thread.
    entries : int
        How many items the view holds.
    dtype : numpy dtype or its name
    limit : int, optional
        The most bytes kept under one name; past it, None (the caller makes its own array).
    align : int, optional
        Where given, a buffer made here starts on a multiple of ``align`` bytes (a power of two, at least the
        item size): the compiled loop's 64-byte lines.

    Returns
    -------
    numpy.ndarray or None
    """
    dt = _DTYPES.get(dtype)
    if dt is None:                  # a type named by a string or a type object: its dtype once (0.5 µs a call)
        if len(_DTYPES) > 64:
            _DTYPES.clear()
        dt = _DTYPES[dtype] = np.dtype(dtype)
    dtype = dt
    if limit is not None and entries * dtype.itemsize > limit:
        return None
    pool = _pool()
    key = (name, dtype)
    buf = pool.get(key)
    if buf is None or buf.size < entries:
        if align:
            raw = np.empty(entries + align // dtype.itemsize, dtype=dtype)
            skip = (-raw.ctypes.data % align) // dtype.itemsize
            buf = raw[skip:skip + entries]
        else:
            buf = np.empty(entries, dtype=dtype)
        pool[key] = buf
    return buf if buf.size == entries else buf[:entries]


def held() -> int:
    """The bytes this thread keeps in scratch buffers."""
    return sum(buf.nbytes for buf in _pool().values())


def release() -> int:
    """Drop this thread's scratch buffers (the next count makes them again); returns the bytes they held.

    A long-lived thread that counted at small d holds up to a few MB under each name of :mod:`.maxima`
    (at most :data:`.maxima.KEPT_BYTES` each) and up to :data:`.compiled.WORKSPACE_BYTES` of the compiled
    loop's workspace per integer type.
    """
    pool = _pool()
    freed = sum(buf.nbytes for buf in pool.values())
    pool.clear()
    return freed
