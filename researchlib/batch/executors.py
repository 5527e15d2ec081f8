"""Batch executors: a list of run tasks in, one result per task handed to a callback as each finishes.

Two executors, chosen by name through :data:`EXECUTORS`:

``"local"``
    Long-lived worker processes on this machine (one per worker, each importing
    papermill and nbconvert once, started with ``spawn``).  A worker gets its
    first run once it says it is ready, so ``run_timeout`` counts a run's own
    time, not the worker's start; a run over ``run_timeout`` or whose worker dies
    is killed with its kernel and reported as failed, and its worker replaced.
``"dask"``
    A dask.distributed cluster (``scheduler`` address, or a LocalCluster started
    for the batch through :func:`researchlib._parallel.dask_client`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import wait

import psutil

from .._manifest import now
from .._parallel import dask_client
from ..exceptions import WorkerError
from .kernel import execute_run, failed_result, private_kernel
from .notebook import warm_exporters

__all__ = ["EXECUTORS", "run_local", "run_dask"]

OnResult = Callable[[dict, dict], None]

#: What a worker sends once it has loaded papermill, the exporter and the kernelspec.
_READY = "ready"
#: Workers that may die while starting before the batch gives up.
_MAX_START_FAILURES = 3


def _worker_main(conn) -> None:  # pragma: no cover - runs in a child process
    """Long-lived local worker: load the exporters and the kernelspec once, then serve runs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):  # a failure here shows again, as a result, in the run
        warm_exporters()
        private_kernel()
    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(execute_run(task))


class _Worker:
    """One local worker process and the pipe to it."""

    def __init__(self, ctx):
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child,), daemon=True,
                                   name="researchlib-batch-worker")
        self.process.start()
        child.close()
        self.conn = parent
        self.task: dict | None = None
        self.started = 0.0
        self.deadline: float | None = None

    def kill(self) -> None:
        """Kill the worker and every process below it (its kernel)."""
        try:
            proc = psutil.Process(self.process.pid)
            family = proc.children(recursive=True) + [proc]
        except psutil.Error:
            family = []
        for p in family:
            with contextlib.suppress(psutil.Error):
                p.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


def _stopped(worker: _Worker, ename: str, message: str, at: float) -> dict:
    result = failed_result(worker.task, ename, message)
    result.update(started=now(), duration=round(at - worker.started, 3), attempts=1)
    return result


def _started(booting: list[_Worker], idle: list[_Worker], ready: list, ctx, failures: list) -> None:
    """Move workers that said they are ready to ``idle``; replace those that died starting."""
    for w in list(booting):
        if w.conn in ready:
            try:
                if w.conn.recv() == _READY:
                    booting.remove(w)
                    idle.append(w)
                    continue
            except (EOFError, OSError):
                pass
        if w.conn in ready or w.process.sentinel in ready or not w.process.is_alive():
            code = w.process.exitcode
            w.kill()
            booting.remove(w)
            failures.append(code)
            if len(failures) > _MAX_START_FAILURES:
                raise WorkerError(f"batch worker processes die while starting (exit codes "
                                  f"{failures}); run `python -c 'import researchlib.batch'` "
                                  "to see why")
            booting.append(_Worker(ctx))


def run_local(tasks: list[dict], *, workers: int, run_timeout: float | None,
              scheduler: str | None, on_result: OnResult) -> None:
    """Run ``tasks`` on ``workers`` local processes; ``scheduler`` is ignored.

    Raises
    ------
    WorkerError
        Worker processes keep dying before they are ready (a broken install).
    """
    ctx = multiprocessing.get_context("spawn")
    pending = deque(tasks)
    booting = [_Worker(ctx) for _ in range(min(workers, len(tasks)))]
    idle: list[_Worker] = []
    busy: list[_Worker] = []
    failures: list = []
    try:
        while pending or busy:
            while pending and idle:
                w = idle.pop()
                w.task = pending.popleft()
                w.started = time.monotonic()
                w.deadline = w.started + run_timeout if run_timeout else None
                w.conn.send(w.task)
                busy.append(w)
            watched = booting + busy
            ready = wait([w.conn for w in watched] + [w.process.sentinel for w in watched], timeout=0.5)
            _started(booting, idle, ready, ctx, failures)
            at = time.monotonic()
            for w in list(busy):
                result = None
                if w.conn in ready:
                    try:
                        result = w.conn.recv()
                    except (EOFError, OSError):
                        result = None
                if result is None and (w.conn in ready or w.process.sentinel in ready
                                       or not w.process.is_alive()):
                    code = w.process.exitcode
                    w.kill()
                    result = _stopped(w, "WorkerDied", "the worker process running this notebook "
                                      f"died (exit code {code})", at)
                    busy.remove(w)
                    booting.append(_Worker(ctx))
                elif result is None and w.deadline is not None and at > w.deadline:
                    w.kill()
                    result = _stopped(w, "RunTimeoutError",
                                      f"run exceeded run_timeout={run_timeout:g} s and was stopped", at)
                    busy.remove(w)
                    booting.append(_Worker(ctx))
                elif result is not None:
                    busy.remove(w)
                    idle.append(w)
                if result is not None:
                    on_result(w.task, result)
    finally:
        for w in busy:
            w.kill()
        for w in idle + booting:
            w.stop()


def run_dask(tasks: list[dict], *, workers: int, run_timeout: float | None,
             scheduler: str | None, on_result: OnResult) -> None:
    """Run ``tasks`` on a Dask cluster (``scheduler``, or a LocalCluster of ``workers`` processes)."""
    from dask.distributed import as_completed  # optional dependency, as in _parallel.dask_client

    with dask_client(workers=workers, scheduler=scheduler) as client:
        remote = [{**t, "partial_path": None} for t in tasks]
        futures = {client.submit(execute_run, t, pure=False): t for t in remote}
        by_local = {t["name"]: t for t in tasks}
        timeout = None if run_timeout is None else run_timeout * len(tasks)
        try:
            for fut in as_completed(futures, timeout=timeout):
                task = futures[fut]
                try:
                    result = fut.result()
                except Exception as err:
                    result = failed_result(by_local[task["name"]], type(err).__name__, str(err))
                    result.update(started=now(), duration=0.0, attempts=1)
                on_result(by_local[task["name"]], result)
        except TimeoutError:
            for fut, task in futures.items():
                if not fut.done():
                    fut.cancel()
                    result = failed_result(by_local[task["name"]], "RunTimeoutError",
                                           "run did not finish within run_timeout")
                    result.update(started=now(), duration=float(run_timeout), attempts=1)
                    on_result(by_local[task["name"]], result)


#: Where runs execute: executor name -> function(tasks, *, workers, run_timeout, scheduler, on_result).
EXECUTORS = {"local": run_local, "dask": run_dask}
