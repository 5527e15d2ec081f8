"""Where ``prepare``'s units of work run: a registry of engines with one interface.

=========  ==============================================================
``inline`` this process (``workers=1``)
``local``  a pool of worker processes on this machine (forkserver, else spawn)
``dask``   a dask.distributed cluster (a scheduler address, or a LocalCluster)
=========  ==============================================================

Each engine has ``submit(records, specs, sentiment, cache) -> future``,
``stores_cache`` (whether whoever computes a unit can write its cache entries,
i.e. shares this file system) and ``close()``.  :func:`start_engine` picks one
from ``executor`` and ``workers``.  The local pool also cleans texts while the
corpus is still being read (:class:`CleanStream`).
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack

from .._parallel import dask_client
from ..exceptions import WorkerError
from .worker import analyse_chunk, clean_batch, ping, start_worker

__all__ = ["ENGINES", "start_engine", "worker_died", "InlineEngine", "PoolEngine", "DaskEngine",
           "CleanStream"]

#: What the forkserver imports once, before it forks the workers: pandas, pyarrow and
#: every stage module, shared by all of them. Importing it does no work.
FORKSERVER_PRELOAD = ["researchlib.pipeline.worker"]


class Deferred:
    """A future computed when its result is asked for (the in-process engine)."""

    def __init__(self, fn, args):
        self._fn, self._args = fn, args

    def result(self):
        return self._fn(*self._args)


class InlineEngine:
    #: Results can be cached by whoever computes them (same file system as the parent).
    stores_cache = True

    def __init__(self, workers, specs, sentiment, scheduler=None):
        start_worker(specs, sentiment)

    def submit(self, records, specs, sentiment, cache=None):
        return Deferred(analyse_chunk, (records, specs, sentiment, cache))

    def close(self):
        pass


class PoolEngine:
    """A local process pool, started in a background thread.

    Starting the workers blocks until the forkserver has imported pandas, pyarrow
    and the stage modules (about a second); a thread takes that wait so the caller
    can read and hash the corpus meanwhile, and each worker then builds its
    lexicons and analyser (:func:`~.worker.start_worker`). Everything that needs the
    pool waits for it (:meth:`pool`).
    """

    def __init__(self, workers, specs, sentiment, scheduler=None):
        self._ready = threading.Event()
        self._pool = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._start, args=(workers, specs, sentiment),
            name="researchlib-pool-start", daemon=True,
        )
        self._thread.start()

    def _start(self, workers, specs, sentiment) -> None:
        try:
            methods = multiprocessing.get_all_start_methods()
            if "forkserver" in methods:
                context = multiprocessing.get_context("forkserver")
                # pandas, pyarrow and the stage modules imported once, in the process that
                # forks the workers; each worker then builds its own lexicons and analyser
                # (start_worker), so a second prepare with other options gets its own
                context.set_forkserver_preload(FORKSERVER_PRELOAD)
            else:
                context = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=start_worker,
                initargs=(specs, sentiment),
            )
            self._pool = pool
            # Start every worker now: they import and compile while the parent loads the corpus.
            for _ in range(workers):
                pool.submit(ping)
        except BaseException as err:  # noqa: BLE001 - re-raised in the caller's thread by pool()
            self._error = err
        finally:
            self._ready.set()

    def ready(self) -> bool:
        """Whether the workers have been started (never blocks)."""
        return self._ready.is_set()

    def pool(self) -> ProcessPoolExecutor:
        """The started pool; waits for it, and raises what starting it raised."""
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self._pool

    stores_cache = True

    def submit(self, records, specs, sentiment, cache=None):
        return self.pool().submit(analyse_chunk, records, specs, sentiment, cache)

    def clean_stream(self, *, repairs: str = "auto", language: str | None = None) -> CleanStream:
        """A stream that cleans texts on the workers while the corpus is still being read."""
        return CleanStream(self, repairs=repairs, language=language)

    def close(self):
        self._ready.wait()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


#: Characters per cleaning task sent to a worker (large enough to amortise pickling).
_CLEAN_BATCH_CHARS = 2_000_000


def worker_died(what: str) -> WorkerError:
    """The error for a pool whose worker process died while doing ``what``."""
    return WorkerError(
        f"a worker process died while {what} (killed, out of memory, or a script calling "
        f"prepare(workers>1) without `if __name__ == '__main__':`); rerun with workers=1 "
        f"to see the error"
    )


class _Done:
    """A finished future's result (a batch this process cleaned itself)."""

    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


class CleanStream:
    """Sends records' texts to the worker pool for cleaning, about 2 MB at a time.

    Batches made before the pool has started wait in a backlog; if the corpus is
    read before then, this process cleans backlog batches itself rather than wait.
    """

    def __init__(self, engine: PoolEngine, *, repairs: str = "auto", language: str | None = None):
        self._engine = engine
        self._options = (repairs, language)
        self._pending: list = []
        self._size = 0
        self._batches: list[list] = []  # [records, future or None]
        self._backlog: list[list] = []

    def add(self, record) -> None:
        self._pending.append(record)
        self._size += len(record.text)
        if self._size >= _CLEAN_BATCH_CHARS:
            self._submit()

    def _submit(self) -> None:
        if self._pending:
            entry = [self._pending, None]
            self._pending, self._size = [], 0
            self._batches.append(entry)
            self._backlog.append(entry)
        if self._engine.ready():
            pool = self._engine.pool()
            for entry in self._backlog:
                try:
                    entry[1] = pool.submit(clean_batch, [r.text for r in entry[0]], *self._options)
                except BrokenProcessPool as err:
                    raise worker_died(f"cleaning texts ({entry[0][0].origin} onwards)") from err
            self._backlog = []

    def cleaned(self, records: list) -> tuple[list, list, list, list]:
        """Cleaned text, near-duplicate key, repairs applied and language of each record, in order."""
        self._submit()
        # Until the workers exist, clean the latest waiting batches here (the workers
        # take the earliest ones first once they start).
        while self._backlog and not self._engine.ready():
            entry = self._backlog.pop()
            entry[1] = _Done(clean_batch([r.text for r in entry[0]], *self._options))
        self._engine.pool()
        self._submit()
        done: dict[int, tuple] = {}
        for batch, future in self._batches:
            try:
                columns = future.result()
            except BrokenProcessPool as err:
                raise worker_died(f"cleaning texts ({batch[0].origin} onwards)") from err
            for record, row in zip(batch, zip(*columns)):
                done[id(record)] = row
        rows = [done[id(r)] for r in records]
        return tuple([row[k] for row in rows] for k in range(4))


class DaskEngine:
    """Units of work sent to a dask.distributed cluster (see :func:`researchlib._parallel.dask_client`)."""

    #: Dask workers may sit on other machines: the parent writes the cache entries.
    stores_cache = False

    def __init__(self, workers, specs, sentiment, scheduler=None):
        self._stack = ExitStack()
        self._client = self._stack.enter_context(dask_client(workers=workers, scheduler=scheduler))

    def submit(self, records, specs, sentiment, cache=None):
        return self._client.submit(analyse_chunk, records, specs, sentiment, pure=False)

    def close(self):
        self._stack.close()


#: The engines by name (see the module's docstring).
ENGINES = {"inline": InlineEngine, "local": PoolEngine, "dask": DaskEngine}


def start_engine(executor: str, workers: int, specs: tuple, sentiment: bool, *,
                 scheduler: str | None = None):
    """The engine for ``executor`` (``"local"`` or ``"dask"``) and ``workers``.

    ``executor="local"`` with one worker runs in this process (``inline``).
    """
    name = "inline" if executor == "local" and workers == 1 else executor
    return ENGINES[name](workers, specs, sentiment, scheduler)
