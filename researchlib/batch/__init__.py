"""Batch stage: run a parameterised notebook over a grid -> executed notebooks, HTML, index, manifest.

Reads a notebook (its cell tagged ``parameters``) and a grid (YAML file or Python
object); writes into ``out`` one ``<run>.ipynb`` (executed, normalised) and one
``<run>.html`` (self-contained, script-free) per run, ``index.html`` (a table of
runs: name, notebook, parameters, status, duration, error, links) and
``manifest.json`` (per run: notebook path and sha256, parameters, input hashes,
status, error, timings, output sha256s, the volatile metadata removed from the
notebook; for the batch: the environment and start/end times).

One job per module:

========== ==========================================================================
grid       :func:`load_grid`, :class:`Run`, :func:`validate_runs` (grid -> planned runs)
notebook   parameters cell, normalisation of executed notebooks, HTML rendering
kernel     the private kernelspec and :func:`execute_run` (one run, in a fresh kernel)
executors  local worker processes and Dask (:data:`EXECUTORS`)
records    :class:`RunRecord`, :class:`BatchResult`, input hashes, the up-to-date check
           (execute again, or only render the HTML again)
index      the ``index.html`` page
run        :func:`run_batch`, the driver
strip      source notebooks without outputs or editor metadata (``make lint``)
========== ==========================================================================
"""

from .executors import EXECUTORS
from .grid import Run, load_grid, validate_runs
from .kernel import (
    KERNEL_NAME,
    STATUS_FAILED,
    STATUS_OK,
    STATUS_RERENDERED,
    STATUS_UP_TO_DATE,
    execute_run,
)
from .records import BatchResult, RunRecord
from .run import run_batch

__all__ = [
    "Run", "RunRecord", "BatchResult", "load_grid", "validate_runs", "run_batch", "execute_run",
    "EXECUTORS", "KERNEL_NAME", "STATUS_OK", "STATUS_FAILED", "STATUS_UP_TO_DATE", "STATUS_RERENDERED",
]
