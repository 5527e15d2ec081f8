"""Batch driver: a notebook and a grid in; executed notebooks, HTML pages, index.html and manifest.json out.

:func:`run_batch` reads the grid, checks it against the notebooks, skips runs
whose outputs are up to date, hands the others to an executor, writes each
run's outputs as it finishes, then the index and the manifest.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from .._env import environment_fingerprint
from .._io import (
    ensure_output_dir,
    inside,
    sha256_bytes,
    sha256_file,
    write_bytes_atomic,
    write_text_atomic,
)
from .._manifest import new_manifest, now, read_manifest, write_manifest
from .._parallel import renamed, resolve_executor, resolve_workers
from .._progress import progress_bar
from ..exceptions import ParameterError
from .executors import EXECUTORS
from .grid import load_grid, validate_runs
from .index import index_html
from .kernel import STATUS_FAILED, STATUS_UP_TO_DATE
from .records import (
    BatchResult,
    RunRecord,
    display_path,
    effective_parameters,
    input_hashes,
    ordered_parameters,
    up_to_date,
)

__all__ = ["run_batch"]


def _check_timeouts(**timeouts) -> None:
    for label, value in timeouts.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or value <= 0):
            raise ParameterError(f"{label}={value!r} must be a positive number of seconds or None")


def run_batch(
    notebook: str | os.PathLike | None = None,
    *,
    grid,
    out: str | os.PathLike = "reports",
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    no_input: bool = False,
    cell_timeout: float | None = None,
    run_timeout: float | None = None,
    force: bool = False,
    progress: bool = True,
    kernel_retries: int = 1,
    strict: bool = True,
    jobs: int | None = None,
) -> BatchResult:
    """Run a notebook (or the notebooks a grid names) over a grid of parameters.

    Parameters
    ----------
    notebook : str or Path, optional
        The notebook of runs whose grid entry names none (relative to the current folder).
    grid : str, Path, list or dict
        See :func:`researchlib.batch.load_grid`.
    out : str or Path, default="reports"
        Output folder: ``<run>.ipynb``, ``<run>.html``, ``index.html``, ``manifest.json``.
    workers : int, optional
        Runs executed at once (default: one per core).
    executor : {"local", "dask"}, default="local"
        Local worker processes, or a Dask cluster (``scheduler`` address, or a LocalCluster
        of ``workers`` processes).
    scheduler : str, optional
        Address of a running Dask scheduler (with ``executor="dask"``).
    no_input : bool, default=False
        Hide code cells in the HTML.
    cell_timeout, run_timeout : float, optional
        Seconds allowed per cell / per run (a run over time is killed with its kernel).
    force : bool, default=False
        Re-run runs that are up to date.
    progress : bool, default=True
        A progress bar (:func:`researchlib._progress.progress_bar`: a widget in
        JupyterLab, a bar on a terminal, plain lines in a log).
    kernel_retries : int, default=1
        Extra attempts when a kernel fails to start (never when a cell fails).
    strict : bool, default=True
        Unknown parameters and parameters for a notebook without a ``parameters``
        cell are errors; with False they are warnings and papermill injects them.
    jobs : int, optional
        Deprecated name of ``workers`` (removed in the next release).

    Returns
    -------
    BatchResult
        ``ok`` is False when any run failed; every output is written either way.

    Raises
    ------
    GridError, NotebookError
        Bad grid or parameters, before anything runs or is written.
    OutputError
        ``out`` cannot be written.
    ParameterError
        Bad ``workers``, ``executor`` or timeouts, or both ``workers`` and ``jobs``.
    WorkerError
        Local worker processes keep dying before their first run (a broken install).
    """
    workers = resolve_workers(renamed("workers", "jobs", workers, jobs),
                              argument="jobs" if jobs is not None else "workers")
    execute = EXECUTORS[resolve_executor(executor)]
    _check_timeouts(cell_timeout=cell_timeout, run_timeout=run_timeout)

    runs = load_grid(grid, notebook=notebook)
    notebooks = validate_runs(runs, strict=strict)
    out = ensure_output_dir(out)
    started = now()
    t0 = time.monotonic()
    manifest_path = out / "manifest.json"
    previous = read_manifest(manifest_path) or {}
    previous_runs = {r.get("name"): r for r in previous.get("runs", []) if isinstance(r, dict)}
    fingerprint = environment_fingerprint()

    records: list[RunRecord] = []
    tasks: list[dict] = []
    scratch = Path(tempfile.mkdtemp(prefix="researchlib-batch-"))
    by_name: dict[str, RunRecord] = {}
    bar = progress_bar(len(runs), desc="batch", unit="run", enabled=progress)

    def done(record: RunRecord) -> None:
        bar.update(1)
        failed = sum(r.status == STATUS_FAILED for r in records)
        if failed:
            bar.set_postfix(failed=failed)

    def on_result(task: dict, result: dict) -> None:
        record = by_name[task["name"]]
        record.status = result["status"]
        record.error_name, record.error_message = result.get("error_name"), result.get("error_message")
        record.started, record.duration = result.get("started"), result.get("duration")
        record.attempts, record.volatile = result.get("attempts", 1), result.get("volatile", {})
        for kind in ("ipynb", "html"):
            text = result.get(kind)
            if text is None:
                continue
            target = inside(out, f"{record.name}.{kind}", argument="run name")
            data = text.encode("utf-8")
            write_bytes_atomic(target, data)
            record.outputs[kind] = {"path": target.name, "sha256": sha256_bytes(data)}
        done(record)

    try:
        for run in runs:
            cwd = run.notebook.resolve().parent
            record = RunRecord(
                name=run.name, notebook=display_path(run.notebook),
                notebook_sha256=sha256_file(run.notebook),
                parameters=json.loads(json.dumps(run.parameters, default=str)),
                inputs=input_hashes(effective_parameters(run, notebooks), cwd),
            )
            records.append(record)
            by_name[run.name] = record
            prev = previous_runs.get(run.name)
            if not force and up_to_date(record, prev, out, no_input, fingerprint,
                                        previous.get("fingerprint")):
                record.status = STATUS_UP_TO_DATE
                record.started, record.duration = prev.get("started"), prev.get("duration")
                record.outputs, record.volatile = prev.get("outputs", {}), prev.get("volatile", {})
                record.attempts = prev.get("attempts", 0)
                done(record)
                continue
            tasks.append({
                "name": run.name, "notebook": str(run.notebook.resolve()),
                "parameters": ordered_parameters(run, notebooks), "cwd": str(cwd),
                "cell_timeout": cell_timeout, "no_input": bool(no_input),
                "kernel_retries": kernel_retries, "partial_path": str(scratch / f"{run.name}.ipynb"),
            })
        if tasks:
            execute(tasks, workers=workers, run_timeout=run_timeout, scheduler=scheduler,
                    on_result=on_result)
    finally:
        bar.close()
        shutil.rmtree(scratch, ignore_errors=True)

    index_path = out / "index.html"
    if not tasks and index_path.is_file() and [r.name for r in records] == list(previous_runs):
        # Everything was up to date: leave index.html and manifest.json untouched, so an
        # unchanged re-run changes no file.
        return BatchResult(runs=records, out=out, index_path=index_path, manifest_path=manifest_path)
    finished = now()
    write_text_atomic(index_path, index_html(records, started, finished))
    write_manifest(manifest_path, new_manifest(
        "batch",
        started=started,
        finished=finished,
        duration=round(time.monotonic() - t0, 3),
        options={"no_input": bool(no_input), "cell_timeout": cell_timeout,
                 "run_timeout": run_timeout, "executor": executor,
                 "kernel_cwd": "the notebook's folder"},
        runs=[{**r.to_json(), "no_input": bool(no_input)} for r in records],
    ))
    return BatchResult(runs=records, out=out, index_path=index_path, manifest_path=manifest_path)
