"""How many processes and where work runs: the options ``prepare`` and ``run_batch`` share.

``workers`` is how many processes do the work; ``executor`` is where they run:
``"local"`` (processes on this machine) or ``"dask"`` (a dask.distributed
cluster, at ``scheduler`` or a LocalCluster started for the call).  Both names
mean the same in :func:`researchlib.pipeline.prepare`, :func:`researchlib.batch.run_batch`
and on the command line.
"""

from __future__ import annotations

import os
import warnings
from contextlib import contextmanager

from .exceptions import ParameterError

__all__ = ["EXECUTORS", "resolve_workers", "resolve_executor", "renamed", "dask_client"]

#: Where work can run.
EXECUTORS = ("local", "dask")


def resolve_workers(workers, *, argument: str = "workers") -> int:
    """``workers`` checked, with None meaning one per core.

    Raises
    ------
    ParameterError
        ``workers`` is not a whole number of at least 1.
    """
    if workers is None:
        return os.cpu_count() or 1
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ParameterError(f"{argument}={workers!r}: must be a whole number >= 1 (or None: one per core)")
    return workers


def resolve_executor(executor: str, *, argument: str = "executor") -> str:
    """``executor`` checked against :data:`EXECUTORS`."""
    if executor not in EXECUTORS:
        allowed = " and ".join(repr(e) for e in EXECUTORS)
        raise ParameterError(f"{argument}={executor!r}: allowed values are {allowed}")
    return executor


def renamed(new: str, old: str, new_value, old_value, *, default=None):
    """The value of option ``new``, taking a deprecated ``old`` spelling for one release.

    Raises
    ------
    ParameterError
        Both spellings were given.
    """
    if old_value is None:
        return new_value
    if new_value is not default:
        raise ParameterError(f"{old}={old_value!r} and {new}={new_value!r}: give only {new} "
                             f"({old} is its deprecated old name)")
    warnings.warn(f"{old}= is deprecated; use {new}= (it will be removed in the next release)",
                  FutureWarning, stacklevel=3)
    return old_value


@contextmanager
def dask_client(*, workers: int, scheduler: str | None = None):
    """A dask.distributed ``Client``, closed (with its LocalCluster) on exit.

    Parameters
    ----------
    workers : int
        Single-threaded worker processes of the LocalCluster started when no
        ``scheduler`` is given.
    scheduler : str, optional
        Address of a running scheduler (``"tcp://host:8786"``); every worker
        there needs researchlib and the same lock installed.

    Raises
    ------
    ParameterError
        The scheduler cannot be reached, or dask.distributed is not installed.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - part of the lock
        raise ParameterError(
            "executor='dask' needs dask.distributed: pip install 'dask[distributed]'"
        ) from err
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
    except OSError as err:
        if cluster is not None:
            cluster.close()
        raise ParameterError(f"scheduler={scheduler!r}: cannot reach the Dask scheduler ({err})") from err
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
