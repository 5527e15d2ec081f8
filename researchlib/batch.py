"""Batch stage: run a parameterised notebook over a grid -> executed notebooks, HTML, index, manifest.

Reads a notebook (its cell tagged ``parameters``) and a grid (YAML file or Python
object); writes into ``out`` one ``<run>.ipynb`` (executed, normalised) and one
``<run>.html`` (self-contained, script-free) per run, ``index.html`` (a table of
runs: name, notebook, parameters, status, duration, error, links) and
``manifest.json`` (per run: notebook path and sha256, parameters, input hashes,
status, error, timings, output sha256s, the volatile metadata removed from the
notebook; for the batch: the environment and start/end times).

Each run executes in a fresh IPython kernel of *this* interpreter
(``sys.executable``) through a private kernelspec (nothing is registered outside a
temporary folder), with ``PYTHONHASHSEED=0``, matplotlib's headless inline
backend and ``SOURCE_DATE_EPOCH=0``.  The kernel's working folder is the
notebook's own folder, so report notebooks can read ``../data/processed``.
Runs are spread over long-lived worker processes (one per job, each importing
papermill and nbconvert once) or over a Dask cluster.
"""

from __future__ import annotations

import atexit
import contextlib
import html
import itertools
import json
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ._env import environment_fingerprint, environment_info, repo_relative
from ._io import (
    ensure_output_dir,
    inside,
    safe_name,
    sha256_bytes,
    sha256_file,
    write_json_atomic,
    write_text_atomic,
)
from .exceptions import GridError, NotebookError, ParameterError, ResearchlibWarning

__all__ = ["Run", "RunRecord", "BatchResult", "load_grid", "run_batch", "execute_run"]

KERNEL_NAME = "researchlib-batch"
STATUS_OK, STATUS_FAILED, STATUS_UP_TO_DATE = "ok", "failed", "up to date"
_RESERVED = ("name", "notebook", "parameters")
_MAX_INPUT_FILES = 200


# --------------------------------------------------------------------------- grid


@dataclass
class Run:
    """One planned run: its unique file-safe ``name``, the ``notebook`` and its ``parameters``."""

    name: str
    notebook: Path
    parameters: dict = field(default_factory=dict)


def _read_grid(grid) -> tuple[Any, Path | None]:
    if isinstance(grid, (str, os.PathLike)):
        import yaml

        path = Path(grid)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as err:
            raise GridError(f"grid file {str(path)!r} does not exist") from err
        except (OSError, UnicodeDecodeError) as err:
            raise GridError(f"grid file {str(path)!r} cannot be read: {err}") from err
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise GridError(f"grid file {str(path)!r} is not valid YAML: {err}") from err
        return data, path
    return grid, None


def _value_label(value) -> str:
    if isinstance(value, (list, tuple)):
        return "+".join(_value_label(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def _cartesian(mapping: dict, where: str) -> list[dict]:
    if not mapping:
        return [{}]
    keys = sorted(mapping)
    axes = []
    for key in keys:
        if not isinstance(key, str):
            raise GridError(f"{where}: parameter name {key!r} is not a string")
        values = mapping[key]
        if isinstance(values, (list, tuple)):
            if not values:
                raise GridError(f"{where}: parameter {key!r} has an empty list of values")
            axes.append(list(values))
        else:
            axes.append([values])
    return [dict(zip(keys, combo)) for combo in itertools.product(*axes)]


def _entry(item, where: str, notebook, base: Path, shared: dict) -> tuple[str | None, Path | None, dict]:
    if not isinstance(item, dict):
        raise GridError(f"{where}: expected a mapping of parameter names to values, got {item!r}")
    name = item.get("name")
    nb = item.get("notebook", notebook)
    if "parameters" in item:
        params = item["parameters"] or {}
        if not isinstance(params, dict):
            raise GridError(f"{where}: 'parameters' must be a mapping, got {params!r}")
        extra = sorted(set(item) - set(_RESERVED))
        if extra:
            raise GridError(f"{where}: unexpected keys {extra} beside 'parameters'; "
                            f"allowed: {list(_RESERVED)}")
    else:
        params = {k: v for k, v in item.items() if k not in ("name", "notebook")}
    for key in params:
        if not isinstance(key, str):
            raise GridError(f"{where}: parameter name {key!r} is not a string")
    return name, _resolve_nb(nb, base) if nb is not None else None, {**shared, **params}


def _resolve_nb(nb, base: Path) -> Path:
    if not isinstance(nb, (str, os.PathLike)) or not str(nb):
        raise GridError(f"notebook entry {nb!r} is not a path")
    path = Path(nb)
    return path if path.is_absolute() else base / path


def load_grid(grid, *, notebook: str | os.PathLike | None = None) -> list[Run]:
    """Read a grid into a list of runs with unique, file-safe names.

    Parameters
    ----------
    grid : str, Path, list or dict
        A YAML file (read with ``yaml.safe_load``) or the same structure in Python:

        * a list of parameter sets, each optionally with ``name`` and ``notebook``
          (or with the parameters under a ``parameters`` key);
        * a mapping parameter -> list of values: the Cartesian product, parameters in
          sorted name order, values in the order given;
        * a mapping with ``notebook``, ``runs`` (a list as above), ``grid`` (a mapping
          as above) and ``parameters`` (values shared by every run).

        Notebook paths inside a grid file are relative to the grid file's folder.
    notebook : str or Path, optional
        The notebook of runs that name none (the command line's NOTEBOOK).

    Returns
    -------
    list of Run
        In grid order.  Names are the ``name`` given or
        ``<notebook stem>__<param>-<value>_...``, made file-safe by
        :func:`researchlib._io.safe_name`; repeated names get ``-2``, ``-3``.

    Raises
    ------
    GridError
        If the grid is malformed or a run has no notebook.
    """
    data, path = _read_grid(grid)
    base = path.parent if path is not None else Path.cwd()
    label = repr(str(path)) if path is not None else "grid"
    default_nb = Path(notebook) if notebook is not None else None
    planned: list[tuple[str | None, Path | None, dict]] = []
    if data is None:
        raise GridError(f"{label} is empty; give a list of parameter sets or a mapping of lists")
    if isinstance(data, list):
        for i, item in enumerate(data):
            planned.append(_entry(item, f"{label} run {i}", default_nb, base, {}))
    elif isinstance(data, dict) and set(data) & {"runs", "grid", "notebook"}:
        unknown = sorted(set(data) - {"runs", "grid", "notebook", "parameters"})
        if unknown:
            raise GridError(f"{label}: unknown top-level keys {unknown}; "
                            "allowed: notebook, runs, grid, parameters")
        nb = _resolve_nb(data["notebook"], base) if data.get("notebook") is not None else default_nb
        shared = data.get("parameters") or {}
        if not isinstance(shared, dict):
            raise GridError(f"{label}: 'parameters' must be a mapping, got {shared!r}")
        runs = data.get("runs") or []
        if not isinstance(runs, list):
            raise GridError(f"{label}: 'runs' must be a list of parameter sets, got {runs!r}")
        for i, item in enumerate(runs):
            planned.append(_entry(item, f"{label} run {i}", nb, base, shared))
        if data.get("grid") is not None:
            if not isinstance(data["grid"], dict):
                raise GridError(f"{label}: 'grid' must be a mapping of parameter -> list of values")
            for combo in _cartesian(data["grid"], label):
                planned.append((None, nb, {**shared, **combo}))
        if not planned:
            planned.append((None, nb, dict(shared)))
    elif isinstance(data, dict):
        for combo in _cartesian(data, label):
            planned.append((None, default_nb, combo))
    else:
        raise GridError(f"{label}: expected a list of parameter sets or a mapping, "
                        f"got {type(data).__name__}")

    runs: list[Run] = []
    used: set[str] = set()
    for i, (name, nb, params) in enumerate(planned):
        if nb is None:
            raise GridError(f"{label} run {i}: no notebook; pass NOTEBOOK or add 'notebook:' to the grid")
        if name is None:
            parts = [nb.stem] + [f"{k}-{_value_label(v)}" for k, v in sorted(params.items())]
            raw = "__".join(parts)
        else:
            raw = str(name)
        try:
            safe = safe_name(raw, argument=f"{label} run {i} name")
        except Exception as err:
            raise GridError(str(err)) from err
        safe = safe.lstrip("._") or "run"  # never a hidden file, whatever safe_name leaves
        unique, n = safe, 1
        while unique.lower() in used or unique.lower() in {"index", "manifest"}:
            n += 1
            unique = f"{safe}-{n}"
        used.add(unique.lower())
        runs.append(Run(unique, nb, params))
    return runs


def _validate(runs: list[Run], *, strict: bool) -> dict[Path, Any]:
    """Check every run against its notebook's parameters cell; return notebook -> parameters."""
    from ._notebooks import check_value, has_parameters_cell, notebook_parameters, read_notebook

    cache: dict[Path, Any] = {}
    for run in runs:
        key = run.notebook.resolve()
        if key not in cache:
            if not run.notebook.is_file():
                raise NotebookError(f"run {run.name!r}: notebook {str(run.notebook)!r} does not exist")
            nb = read_notebook(run.notebook)
            cache[key] = (has_parameters_cell(nb), notebook_parameters(nb))
        has_cell, params = cache[key]
        if not run.parameters:
            continue
        if not has_cell:
            message = (f"run {run.name!r}: notebook {str(run.notebook)!r} has no cell tagged "
                       f"'parameters', so parameters {sorted(run.parameters)} cannot be checked")
            if strict:
                raise NotebookError(message + "; tag its parameters cell, or pass strict=False "
                                    "to let papermill inject them at the top")
            warnings.warn(message + "; papermill injects them at the top", ResearchlibWarning,
                          stacklevel=3)
            continue
        for pname, value in run.parameters.items():
            if pname not in params:
                message = (f"run {run.name!r}: unknown parameter {pname!r} for notebook "
                           f"{str(run.notebook)!r}; allowed: {sorted(params)}")
                if strict:
                    raise GridError(message)
                warnings.warn(message, ResearchlibWarning, stacklevel=3)
                continue
            expected = check_value(params[pname], value)
            if expected is not None:
                raise GridError(f"run {run.name!r}: parameter {pname!r} = {value!r} "
                                f"({type(value).__name__}) does not fit notebook "
                                f"{str(run.notebook)!r}; expected {expected}")
    return cache


# --------------------------------------------------------------------------- worker side

_KERNEL_DIR: str | None = None


def _warm_font_cache() -> None:
    """Load (on a fresh machine: build) matplotlib's font cache before any kernel starts.

    A kernel that has to build the cache itself and takes over five seconds
    doing it logs "Matplotlib is building the font cache" to stderr, and that
    line would land in the first reports of a fresh machine but not in the
    next ones.  The kernels inherit this process's environment, so they read
    the same cache.
    """
    with contextlib.suppress(ImportError):
        import matplotlib.font_manager  # noqa: F401  (importing it loads or builds the cache)


def _private_kernel() -> str:
    """Write a kernelspec for this interpreter into a private temp folder (once per process)."""
    global _KERNEL_DIR
    if _KERNEL_DIR is not None and Path(_KERNEL_DIR).is_dir():
        return KERNEL_NAME
    _warm_font_cache()
    root = tempfile.mkdtemp(prefix="researchlib-kernel-")
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    spec_dir = Path(root, "kernels", KERNEL_NAME)
    spec_dir.mkdir(parents=True)
    Path(root, "ipython").mkdir()
    Path(root, "runtime").mkdir()
    rc = Path(root, "matplotlibrc")
    rc.write_text("svg.hashsalt: researchlib\n", encoding="utf-8")
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.log_level=CRITICAL"],
        "display_name": "researchlib (this environment)",
        "language": "python",
        "env": {
            "PYTHONHASHSEED": "0",
            # matplotlib's Agg-based inline backend: headless, figures land in outputs
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            "MATPLOTLIBRC": str(rc),
            "SOURCE_DATE_EPOCH": "0",
            "IPYTHONDIR": str(Path(root, "ipython")),
            "JUPYTER_RUNTIME_DIR": str(Path(root, "runtime")),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        },
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (root, os.environ.get("JUPYTER_PATH", "")) if p
    )
    os.environ["JUPYTER_RUNTIME_DIR"] = str(Path(root, "runtime"))
    _KERNEL_DIR = root
    return KERNEL_NAME


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _kernel_started(nb) -> bool:
    if nb is None:
        return False
    return any(
        c.get("metadata", {}).get("papermill", {}).get("status", "pending") != "pending"
        for c in nb.cells
        if c.get("cell_type") == "code"
    )


def _mark_error(nb, ename: str, evalue: str) -> None:
    """Show a failure that produced no error output (timeout, dead kernel) in the running cell."""
    code = [c for c in nb.cells if c.get("cell_type") == "code"]
    running = [c for c in code if c.get("metadata", {}).get("papermill", {}).get("status") == "running"]
    target = running[-1] if running else next(
        (c for c in reversed(code) if c.get("metadata", {}).get("papermill", {}).get("status")
         not in (None, "pending")), None)
    if target is None and code:
        target = code[0]
    if target is None:
        return
    if any(o.get("output_type") == "error" for o in target.get("outputs", [])):
        return
    import nbformat

    target.setdefault("outputs", []).append(nbformat.v4.new_output(
        "error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]))
    target.setdefault("metadata", {}).setdefault("papermill", {})["status"] = "failed"


_ERROR_LINE_RE = None


def _error_from_stderr(nb) -> tuple[str, str] | None:
    """``(name, message)`` from the last ``Name: message`` line a failed cell wrote to stderr.

    IPython reports some failures (``UsageError`` of an unknown magic) on stderr only.
    """
    import re

    global _ERROR_LINE_RE
    if _ERROR_LINE_RE is None:
        _ERROR_LINE_RE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit)): ?(.*)$")
    for cell in reversed(nb.cells):
        if cell.get("metadata", {}).get("papermill", {}).get("status") != "failed":
            continue
        for output in reversed(cell.get("outputs", [])):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                for line in reversed(str(output.get("text", "")).splitlines()):
                    match = _ERROR_LINE_RE.match(line.strip())
                    if match:
                        return match.group(1), match.group(2)
    return None


def finish_notebook(task: dict, nb, error: tuple[str, str] | None) -> dict:
    """Normalise and render an executed (or partial) notebook into a result dict."""
    from ._notebooks import (
        normalise_notebook,
        notebook_json,
        read_notebook,
        render_html,
        source_cell_ids,
    )

    source = read_notebook(task["notebook"])
    if nb is None:
        nb = source
    if error is not None:
        _mark_error(nb, *error)
    normal, volatile = normalise_notebook(
        nb, source_ids=source_cell_ids(source), kernelspec=source.metadata.get("kernelspec")
    )
    return {
        "name": task["name"],
        "status": STATUS_FAILED if error else STATUS_OK,
        "error_name": error[0] if error else None,
        "error_message": error[1] if error else None,
        "ipynb": notebook_json(normal),
        "html": render_html(normal, no_input=task["no_input"], title=task["name"]),
        "volatile": volatile,
    }


def execute_run(task: dict) -> dict:
    """Execute one run in a fresh kernel and return its normalised notebook and HTML as text.

    Runs in a worker process (local pool or Dask worker).  Never raises for a
    failing notebook: the result's ``status`` is ``"failed"`` with ``error_name``
    and ``error_message``.  The kernel is started again once when it fails to
    start (``kernel_retries``), never when a cell fails.
    """
    import logging

    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.ERROR)
    started, t0 = _now(), time.monotonic()
    kernel = _private_kernel()
    partial = task.get("partial_path")
    own_tmp = None
    if partial is None:
        own_tmp = tempfile.mkdtemp(prefix="researchlib-run-")
        partial = str(Path(own_tmp, "run.ipynb"))
    attempts, error, nb = 0, None, None
    try:
        while True:
            attempts += 1
            error = None
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
            try:
                pm.execute_notebook(
                    task["notebook"], partial, parameters=task["parameters"] or None,
                    kernel_name=kernel, cwd=task["cwd"], progress_bar=False, log_output=False,
                    execution_timeout=task["cell_timeout"], start_timeout=60,
                )
            except PapermillExecutionError as err:
                error = (err.ename, str(err.evalue))
            except Exception as err:  # kernel death, cell timeout, kernel start failure
                error = (type(err).__name__, str(err) or type(err).__name__)
            try:
                with open(partial, encoding="utf-8") as fh:
                    nb = nbformat.read(fh, as_version=4)
            except (OSError, ValueError):
                nb = None
            if error and attempts <= task.get("kernel_retries", 1) and not _kernel_started(nb):
                continue
            break
        if error and not error[1].strip() and nb is not None:
            error = _error_from_stderr(nb) or error
        result = finish_notebook(task, nb, error)
    except Exception as err:  # rendering or reading failed: still a result, never a crash
        result = {"name": task["name"], "status": STATUS_FAILED, "error_name": type(err).__name__,
                  "error_message": str(err), "ipynb": None, "html": None, "volatile": {}}
    finally:
        if own_tmp:
            shutil.rmtree(own_tmp, ignore_errors=True)
    result.update(started=started, duration=round(time.monotonic() - t0, 3), attempts=attempts)
    return result


def _worker_main(conn) -> None:  # pragma: no cover - runs in a child process
    """Long-lived local worker: import the heavy parts once, then serve runs."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import papermill  # noqa: F401

        from ._notebooks import _exporter

        _exporter(False)
        _private_kernel()
    except Exception:
        pass
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(execute_run(task))


# --------------------------------------------------------------------------- driver side


class _Worker:
    def __init__(self, ctx):
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child,), daemon=True,
                                   name="researchlib-batch-worker")
        self.process.start()
        child.close()
        self.conn = parent
        self.task: dict | None = None
        self.deadline: float | None = None

    def kill(self) -> None:
        import psutil

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


def _failed_after_kill(task: dict, ename: str, message: str) -> dict:
    import nbformat

    nb = None
    try:
        with open(task["partial_path"], encoding="utf-8") as fh:
            nb = nbformat.read(fh, as_version=4)
    except (OSError, ValueError, TypeError):
        nb = None
    try:
        return finish_notebook(task, nb, (ename, message))
    except Exception as err:
        return {"name": task["name"], "status": STATUS_FAILED, "error_name": ename,
                "error_message": f"{message} (rendering also failed: {err})",
                "ipynb": None, "html": None, "volatile": {}}


def _run_local(tasks: list[dict], jobs: int, run_timeout: float | None, on_result) -> None:
    import multiprocessing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("spawn")
    pending = deque(tasks)
    idle = [_Worker(ctx) for _ in range(min(jobs, len(tasks)))]
    busy: list[_Worker] = []
    try:
        while pending or busy:
            while pending and idle:
                w = idle.pop()
                w.task = pending.popleft()
                w.started = time.monotonic()
                w.deadline = w.started + run_timeout if run_timeout else None
                w.conn.send(w.task)
                busy.append(w)
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.5)
            now = time.monotonic()
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
                    result = _failed_after_kill(
                        w.task, "WorkerDied", f"the worker process running this notebook died "
                        f"(exit code {code})")
                    result.update(started=_now(), duration=round(now - w.started, 3), attempts=1)
                    busy.remove(w)
                    idle.append(_Worker(ctx))
                elif result is None and w.deadline is not None and now > w.deadline:
                    w.kill()
                    result = _failed_after_kill(
                        w.task, "RunTimeoutError",
                        f"run exceeded run_timeout={run_timeout:g} s and was stopped")
                    result.update(started=_now(), duration=round(now - w.started, 3), attempts=1)
                    busy.remove(w)
                    idle.append(_Worker(ctx))
                elif result is not None:
                    busy.remove(w)
                    idle.append(w)
                if result is not None:
                    on_result(w.task, result)
    finally:
        for w in busy:
            w.kill()
        for w in idle:
            w.stop()


def _run_dask(tasks, jobs, run_timeout, scheduler, on_result) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as err:  # pragma: no cover - distributed is a dependency
        raise ParameterError("executor='dask' needs dask.distributed: pip install distributed") from err

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, processes=True, threads_per_worker=1,
                               dashboard_address=None)
        client = Client(cluster)
    try:
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
                    result = _failed_after_kill(task, type(err).__name__, str(err))
                    result.update(started=_now(), duration=0.0, attempts=1)
                on_result(by_local[task["name"]], result)
        except TimeoutError:
            for fut, task in futures.items():
                if not fut.done():
                    fut.cancel()
                    result = _failed_after_kill(task, "RunTimeoutError",
                                                "run did not finish within run_timeout")
                    result.update(started=_now(), duration=float(run_timeout), attempts=1)
                    on_result(by_local[task["name"]], result)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------- records


@dataclass
class RunRecord:
    """What happened to one run (one row of index.html and of the manifest's ``runs``)."""

    name: str
    notebook: str
    notebook_sha256: str
    parameters: dict
    inputs: dict
    status: str = "pending"
    error_name: str | None = None
    error_message: str | None = None
    started: str | None = None
    duration: float | None = None
    attempts: int = 0
    outputs: dict = field(default_factory=dict)
    volatile: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in (STATUS_OK, STATUS_UP_TO_DATE)

    def to_json(self) -> dict:
        return {
            "name": self.name, "notebook": self.notebook, "notebook_sha256": self.notebook_sha256,
            "parameters": self.parameters, "inputs": self.inputs, "status": self.status,
            "error": ({"name": self.error_name, "message": self.error_message}
                      if self.error_name else None),
            "started": self.started, "duration": self.duration, "attempts": self.attempts,
            "outputs": self.outputs, "volatile": self.volatile,
        }


@dataclass
class BatchResult:
    """Outcome of :func:`run_batch`: per-run records and where the index is."""

    runs: list[RunRecord]
    out: Path
    index_path: Path
    manifest_path: Path

    @property
    def failed(self) -> list[RunRecord]:
        return [r for r in self.runs if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        counts = {s: sum(r.status == s for r in self.runs)
                  for s in (STATUS_OK, STATUS_UP_TO_DATE, STATUS_FAILED)}
        lines = [f"batch: {len(self.runs)} runs: {counts[STATUS_OK]} ok, "
                 f"{counts[STATUS_UP_TO_DATE]} up to date, {counts[STATUS_FAILED]} failed"]
        for r in self.failed:
            lines.append(f"  FAILED {r.name}: {r.error_name}: {_one_line(r.error_message)}")
        lines.append(f"index: {self.index_path}")
        return "\n".join(lines)


def _one_line(text: str | None, limit: int = 300) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _display_path(path: Path) -> str:
    rel = repo_relative(path)
    return rel if rel is not None else path.resolve().as_posix()


def _ordered(run: Run, notebooks: dict) -> dict:
    """The run's parameters in the notebook's order (then by name), whatever order the grid used.

    The injected cell is then the same for a grid entry and for its manifest record,
    which keeps re-executions (``researchlib verify``) byte-identical.
    """
    _, params = notebooks.get(run.notebook.resolve(), (False, {}))
    order = {name: i for i, name in enumerate(params)}
    keys = sorted(run.parameters, key=lambda k: (order.get(k, len(order)), k))
    return {k: run.parameters[k] for k in keys}


def _effective_parameters(run: Run, notebooks: dict) -> dict:
    """The notebook's literal defaults overlaid with the run's parameters."""
    _, params = notebooks.get(run.notebook.resolve(), (False, {}))
    defaults = {name: p.default for name, p in params.items() if p.has_literal_default}
    return {**defaults, **run.parameters}


#: Files in an input folder that describe a run rather than feed it (volatile times inside).
_NOT_INPUTS = frozenset({"manifest.json"})


def _input_hashes(parameters: dict, cwd: Path) -> dict:
    """sha256 of the files that string parameters name (a folder: the files directly inside it).

    ``parameters`` should include the notebook's defaults, so that a report reading
    its default data folder re-runs when that data changes.
    """
    found: dict[str, str] = {}

    def visit(value) -> None:
        if isinstance(value, (list, tuple)):
            for v in value:
                visit(v)
            return
        if not isinstance(value, str) or not value or len(value) > 4096 or "\x00" in value:
            return
        try:
            path = Path(value) if Path(value).is_absolute() else cwd / value
            if path.is_file():
                found[value] = sha256_file(path)
            elif path.is_dir():
                files = sorted(p for p in path.iterdir() if p.is_file()
                               and not p.name.startswith(".") and p.name not in _NOT_INPUTS)
                for p in files[:_MAX_INPUT_FILES]:
                    found[f"{value.rstrip('/')}/{p.name}"] = sha256_file(p)
        except (OSError, ValueError):
            return

    for v in parameters.values():
        visit(v)
    return dict(sorted(found.items()))


def _load_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _up_to_date(record: RunRecord, previous: dict | None, out: Path, no_input: bool,
                fingerprint: dict, old_fingerprint) -> bool:
    if not previous or previous.get("status") not in (STATUS_OK, STATUS_UP_TO_DATE):
        return False
    if old_fingerprint != fingerprint or previous.get("no_input", no_input) != no_input:
        return False
    same = (previous.get("notebook_sha256") == record.notebook_sha256
            and previous.get("parameters") == json.loads(json.dumps(record.parameters, default=str))
            and previous.get("inputs") == record.inputs)
    if not same:
        return False
    outputs = previous.get("outputs") or {}
    for kind in ("ipynb", "html"):
        entry = outputs.get(kind) or {}
        try:
            target = inside(out, str(entry.get("path", "")))
        except Exception:
            return False
        if not target.is_file() or sha256_file(target) != entry.get("sha256"):
            return False
    return True


# --------------------------------------------------------------------------- index

_INDEX_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.ok { color: #1a7f37; } td.failed { color: #b42318; font-weight: bold; } td.uptodate { color: #555; }
code { white-space: pre-wrap; word-break: break-word; }
"""


def _index_html(records: list[RunRecord], started: str, finished: str) -> str:
    from ._notebooks import CSP

    e = html.escape
    rows = []
    for r in records:
        params = json.dumps(r.parameters, sort_keys=True, ensure_ascii=False, default=str)
        links = []
        for kind in ("html", "ipynb"):
            entry = r.outputs.get(kind)
            if entry:
                links.append(f'<a href="{e(quote(entry["path"]))}">{kind}</a>')
        error = f"{r.error_name}: {_one_line(r.error_message)}" if r.error_name else ""
        duration = "" if r.duration is None else f"{r.duration:.1f} s"
        css = r.status.replace(" ", "")
        rows.append(
            f"<tr><td>{e(r.name)}</td><td>{e(r.notebook)}</td><td><code>{e(params)}</code></td>"
            f'<td class="{e(css)}">{e(r.status)}</td><td>{e(duration)}</td>'
            f"<td><code>{e(error)}</code></td><td>{' '.join(links)}</td></tr>"
        )
    n_failed = sum(not r.ok for r in records)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">\n'
        "<title>researchlib batch</title>\n"
        f"<style>{_INDEX_CSS}</style>\n</head>\n<body>\n<h1>researchlib batch</h1>\n"
        f"<p>{len(records)} runs, {n_failed} failed; started {e(started)}, finished {e(finished)}.</p>\n"
        "<table>\n<thead><tr><th>run</th><th>notebook</th><th>parameters</th><th>status</th>"
        "<th>duration</th><th>error</th><th>outputs</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- progress


class _Progress:
    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.failed = total, 0, 0
        self.enabled = enabled and total > 0
        self.t0 = time.monotonic()
        self.bar = None
        self.last = 0.0
        if self.enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="batch", unit="run", file=sys.stderr)

    def update(self, record: RunRecord) -> None:
        self.done += 1
        self.failed += not record.ok
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.set_postfix(failed=self.failed)
            self.bar.update(1)
            return
        now = time.monotonic()
        if not record.ok or now - self.last >= 5 or self.done == self.total:
            self.last = now
            print(f"batch: {self.done}/{self.total} done, {self.failed} failed, "
                  f"{now - self.t0:.1f} s elapsed (last: {record.name} {record.status})",
                  file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# --------------------------------------------------------------------------- run_batch


def run_batch(
    notebook: str | os.PathLike | None = None,
    *,
    grid,
    out: str | os.PathLike = "reports",
    jobs: int | None = None,
    no_input: bool = False,
    cell_timeout: float | None = None,
    run_timeout: float | None = None,
    force: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    progress: bool = True,
    kernel_retries: int = 1,
    strict: bool = True,
) -> BatchResult:
    """Run a notebook (or the notebooks a grid names) over a grid of parameters.

    Parameters
    ----------
    notebook : str or Path, optional
        The notebook of runs whose grid entry names none.
    grid : str, Path, list or dict
        See :func:`load_grid`.
    out : str or Path, default="reports"
        Output folder: ``<run>.ipynb``, ``<run>.html``, ``index.html``, ``manifest.json``.
    jobs : int, optional
        Parallel runs (default: ``os.cpu_count()``).
    no_input : bool, default=False
        Hide code cells in the HTML.
    cell_timeout, run_timeout : float, optional
        Seconds allowed per cell / per run (a run over time is killed with its kernel).
    force : bool, default=False
        Re-run runs that are up to date.
    executor : {"local", "dask"}, default="local"
        Local worker processes, or a Dask cluster (``scheduler`` address, or a LocalCluster).
    progress : bool, default=True
        A progress bar on stderr (plain lines when stderr is not a terminal).
    kernel_retries : int, default=1
        Extra attempts when a kernel fails to start (never when a cell fails).
    strict : bool, default=True
        Unknown parameters and parameters for a notebook without a ``parameters``
        cell are errors; with False they are warnings and papermill injects them.

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
        Bad ``jobs``, ``executor`` or timeouts.
    """
    if executor not in ("local", "dask"):
        raise ParameterError(f"executor={executor!r} is not allowed; use 'local' or 'dask'")
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ParameterError(f"jobs={jobs!r} must be a whole number of at least 1")
    for label, value in (("cell_timeout", cell_timeout), ("run_timeout", run_timeout)):
        if value is not None and (not isinstance(value, (int, float)) or value <= 0):
            raise ParameterError(f"{label}={value!r} must be a positive number of seconds or None")

    runs = load_grid(grid, notebook=notebook)
    notebooks = _validate(runs, strict=strict)
    out = ensure_output_dir(out)
    started = _now()
    t0 = time.monotonic()
    manifest_path = out / "manifest.json"
    previous = _load_manifest(manifest_path)
    previous_runs = {r.get("name"): r for r in previous.get("runs", []) if isinstance(r, dict)}
    fingerprint = environment_fingerprint()

    records: list[RunRecord] = []
    tasks: list[dict] = []
    scratch = Path(tempfile.mkdtemp(prefix="researchlib-batch-"))
    by_name: dict[str, RunRecord] = {}
    progress_ = _Progress(len(runs), progress)

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
            from ._io import write_bytes_atomic

            write_bytes_atomic(target, data)
            record.outputs[kind] = {"path": target.name, "sha256": sha256_bytes(data)}
        progress_.update(record)

    try:
        for run in runs:
            cwd = run.notebook.resolve().parent
            record = RunRecord(
                name=run.name, notebook=_display_path(run.notebook),
                notebook_sha256=sha256_file(run.notebook),
                parameters=json.loads(json.dumps(run.parameters, default=str)),
                inputs=_input_hashes(_effective_parameters(run, notebooks), cwd),
            )
            records.append(record)
            by_name[run.name] = record
            prev = previous_runs.get(run.name)
            if not force and _up_to_date(record, prev, out, no_input, fingerprint,
                                         previous.get("fingerprint")):
                record.status = STATUS_UP_TO_DATE
                record.started, record.duration = prev.get("started"), prev.get("duration")
                record.outputs, record.volatile = prev.get("outputs", {}), prev.get("volatile", {})
                record.attempts = prev.get("attempts", 0)
                progress_.update(record)
                continue
            tasks.append({
                "name": run.name, "notebook": str(run.notebook.resolve()),
                "parameters": _ordered(run, notebooks), "cwd": str(cwd), "cell_timeout": cell_timeout,
                "no_input": bool(no_input), "kernel_retries": kernel_retries,
                "partial_path": str(scratch / f"{run.name}.ipynb"),
            })
        if tasks:
            if executor == "dask":
                _run_dask(tasks, jobs, run_timeout, scheduler, on_result)
            else:
                _run_local(tasks, jobs, run_timeout, on_result)
    finally:
        progress_.close()
        shutil.rmtree(scratch, ignore_errors=True)

    index_path = out / "index.html"
    if not tasks and index_path.is_file() and [r.name for r in records] == list(previous_runs):
        # Everything was up to date: leave index.html and manifest.json untouched, so an
        # unchanged re-run changes no file.
        return BatchResult(runs=records, out=out, index_path=index_path, manifest_path=manifest_path)
    finished = _now()
    write_text_atomic(index_path, _index_html(records, started, finished))
    write_json_atomic(manifest_path, {
        "kind": "batch",
        "started": started,
        "finished": finished,
        "duration": round(time.monotonic() - t0, 3),
        "environment": environment_info(),
        "fingerprint": fingerprint,
        "options": {"no_input": bool(no_input), "cell_timeout": cell_timeout,
                    "run_timeout": run_timeout, "executor": executor,
                    "kernel_cwd": "the notebook's folder"},
        "runs": [{**r.to_json(), "no_input": bool(no_input)} for r in records],
    })
    return BatchResult(runs=records, out=out, index_path=index_path, manifest_path=manifest_path)
