"""Pure-Python number crunching in worker processes, so that it never holds the UI's GIL.

A worker *thread* running Python (a sweep of tipping points, a chart drawn by
matplotlib, a scenario parsed and validated) holds the interpreter lock for up to
``sys.getswitchinterval()`` at a time, and the UI thread waits for it at every Python
call it makes: measured, the window stalled for 350 ms (2.2 s at worst) on a scenario
switch while its tipping points were swept in a thread. Work of that kind runs here
instead, in a small pool of processes started with ``spawn`` (never ``fork``: a forked
Qt process is not safe). The caller's worker thread waits for the result without
holding the lock, so the UI thread runs on.

``run(function, *args)`` is what a ``RenderService`` job calls: the function must be
importable from the core (no Qt) and its arguments and result picklable. When no
process can be started (a sandbox, a frozen app without multiprocessing support), the
function runs in the calling thread, as before.
"""

from __future__ import annotations

import atexit
import importlib
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

_T = TypeVar("_T")
WORKERS = 2

#: The longest a job waits for :func:`start` after :func:`hold` (a safety net).
HOLD_LIMIT_S = 5.0

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_unavailable = False
_started = False
_released = threading.Event()
_released.set()


def hold() -> None:
    """Start no worker until :func:`start`: the app holds them while it starts, since
    spawning them (each imports the core) would take the CPU its window needs to come up.
    Jobs asked for meanwhile wait in their own threads."""
    _released.clear()


def _get_pool() -> ProcessPoolExecutor | None:
    global _pool, _unavailable
    with _lock:
        if _pool is None and not _unavailable:
            try:
                # Nothing of this module (whose package imports Qt) is sent to the workers:
                # only core functions, by name.
                _pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"))
            # No process can be made here: OSError (a sandbox), ValueError (no spawn), or the
            # platform's lack of working semaphores, which multiprocessing reports as
            # NotImplementedError. The work then runs in the calling thread, as it used to.
            except (OSError, ValueError, NotImplementedError):
                _unavailable = True
        return _pool


def start() -> None:
    """Start the workers now, importing what their jobs need (the app does this once its
    window is on screen), rather than at the first job; jobs held since :func:`hold` go.
    Calling it again does nothing more."""
    global _started
    _released.set()
    with _lock:
        if _started:
            return
        _started = True
    pool = _get_pool()
    if pool is not None:
        for module in ("explorer.domain.sweep", "explorer.library.source"):
            pool.submit(importlib.import_module, module)


def run(function: Callable[..., _T], *args: Any) -> _T:
    """``function(*args)`` in a worker process (or here, when there is none); waits."""
    global _pool, _unavailable
    _released.wait(HOLD_LIMIT_S)
    pool = _get_pool()
    if pool is not None:
        try:
            future: Future[_T] = pool.submit(function, *args)
        except (OSError, RuntimeError):  # no process can be started here, or shutting down
            with _lock:
                _unavailable = True
        else:
            try:
                return future.result()  # the job's own exceptions come through as they are
            except BrokenProcessPool:  # a worker died (killed, out of memory): start afresh next time
                with _lock:
                    _pool = None
    return function(*args)


def shutdown() -> None:
    global _pool, _started
    with _lock:
        pool, _pool, _started = _pool, None, False
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


atexit.register(shutdown)
