"""Batch driver: a notebook and a grid in; executed notebooks, HTML pages, index.html and manifest.json out.

:func:`run_batch` reads the grid, checks it against the notebooks, skips runs
whose outputs are up to date, hands the others to an executor, writes each
run's outputs as it finishes, then the index and the manifest.  A run whose
execution inputs are unchanged but whose rendering options are not (``show_code``)
is not executed: its HTML is rendered again from the executed notebook in ``out``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import warnings
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
from .kernel import STATUS_FAILED, STATUS_RERENDERED, STATUS_UP_TO_DATE
from .notebook import read_notebook, render_html
from .records import (
    EXECUTE,
    FRESH,
    BatchResult,
    RunRecord,
    display_path,
    effective_parameters,
    freshness,
    input_hashes,
    ordered_parameters,
)

__all__ = ["run_batch"]


def _check_timeouts(**timeouts) -> None:
    for label, value in timeouts.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or value <= 0):
            raise ParameterError(f"{label}={value!r} must be a positive number of seconds or None")


def _show_code(show_code: bool, no_input: bool | None) -> bool:
    """``show_code``, or the opposite of the deprecated ``no_input`` (with a FutureWarning)."""
    if not isinstance(show_code, bool):
        raise ParameterError(f"show_code={show_code!r} must be True or False")
    if no_input is None:
        return show_code
    if show_code and no_input:
        raise ParameterError("show_code=True and no_input=True contradict each other: give only "
                             "show_code (no_input is its deprecated opposite)")
    warnings.warn("no_input is deprecated: code is hidden by default now; pass show_code=True to "
                  "show it (no_input goes in the next release)", FutureWarning, stacklevel=3)
    return not no_input


def _copy_previous(record: RunRecord, prev: dict) -> None:
    record.started, record.duration = prev.get("started"), prev.get("duration")
    record.outputs, record.volatile = dict(prev.get("outputs", {})), prev.get("volatile", {})
    record.attempts = prev.get("attempts", 0)


def _render_again(record: RunRecord, out: Path, show_code: bool) -> None:
    """Render ``record``'s HTML from the executed notebook in ``out`` (no kernel starts)."""
    executed = read_notebook(out / record.outputs["ipynb"]["path"])
    data = render_html(executed, show_code=show_code, title=record.name).encode("utf-8")
    target = inside(out, f"{record.name}.html", argument="run name")
    write_bytes_atomic(target, data)
    record.outputs["html"] = {"path": target.name, "sha256": sha256_bytes(data)}
    record.status = STATUS_RERENDERED


def run_batch(
    notebook: str | os.PathLike | None = None,
    *,
    grid,
    out: str | os.PathLike = "reports",
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    show_code: bool = False,
    no_input: bool | None = None,
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
    show_code : bool, default=False
        Show code cells in the HTML pages (by default a page shows the prose and the
        outputs only).  Changing only this re-renders the pages of runs that are
        otherwise up to date from their executed notebooks, without executing them
        (their status is ``"re-rendered"``).
    no_input : bool, optional
        Deprecated opposite of ``show_code`` (removed in the next release).
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
        Bad ``workers``, ``executor`` or timeouts, both ``workers`` and ``jobs``, or
        ``show_code=True`` with ``no_input=True``.
    WorkerError
        Local worker processes keep dying before their first run (a broken install).
    """
    workers = resolve_workers(renamed("workers", "jobs", workers, jobs),
                              argument="jobs" if jobs is not None else "workers")
    execute = EXECUTORS[resolve_executor(executor)]
    show_code = _show_code(show_code, no_input)
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
            state = EXECUTE if force else freshness(
                record, prev, out, show_code, fingerprint, previous.get("fingerprint"))
            if state != EXECUTE:
                _copy_previous(record, prev)
                if state == FRESH:
                    record.status = STATUS_UP_TO_DATE
                else:
                    _render_again(record, out, show_code)
                done(record)
                continue
            tasks.append({
                "name": run.name, "notebook": str(run.notebook.resolve()),
                "parameters": ordered_parameters(run, notebooks), "cwd": str(cwd),
                "cell_timeout": cell_timeout, "show_code": show_code,
                "kernel_retries": kernel_retries, "partial_path": str(scratch / f"{run.name}.ipynb"),
            })
        if tasks:
            execute(tasks, workers=workers, run_timeout=run_timeout, scheduler=scheduler,
                    on_result=on_result)
    finally:
        bar.close()
        shutil.rmtree(scratch, ignore_errors=True)

    index_path = out / "index.html"
    if (not tasks and index_path.is_file() and [r.name for r in records] == list(previous_runs)
            and all(r.status == STATUS_UP_TO_DATE for r in records)):
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
        options={"show_code": show_code, "cell_timeout": cell_timeout,
                 "run_timeout": run_timeout, "executor": executor,
                 "kernel_cwd": "the notebook's folder"},
        runs=[{**r.to_json(), "show_code": show_code} for r in records],
    ))
    return BatchResult(runs=records, out=out, index_path=index_path, manifest_path=manifest_path)
