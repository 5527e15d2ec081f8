"""Batch execution: one run's task in, its executed, normalised notebook and HTML page out (as text).

Each run executes in a fresh IPython kernel of *this* interpreter
(``sys.executable``) through a private kernelspec (nothing is registered outside a
temporary folder), with ``PYTHONHASHSEED=0``, matplotlib's headless inline
backend and ``SOURCE_DATE_EPOCH=0``.  The kernel's working folder is the
notebook's own folder, so report notebooks can read ``../data/processed``.

:func:`execute_run` is what a worker process (local or Dask) calls; it never
raises for a failing notebook, it returns a failed result.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm
from papermill.exceptions import PapermillExecutionError

from .._manifest import now
from .notebook import normalise_notebook, notebook_json, read_notebook, render_html, source_cell_ids

__all__ = ["KERNEL_NAME", "STATUS_OK", "STATUS_FAILED", "STATUS_UP_TO_DATE", "STATUS_RERENDERED",
           "execute_run",
           "finish_notebook", "failed_result", "private_kernel"]

KERNEL_NAME = "researchlib-batch"
STATUS_OK, STATUS_FAILED, STATUS_UP_TO_DATE = "ok", "failed", "up to date"
#: A run whose executed notebook was current and whose HTML was rendered again (no kernel).
STATUS_RERENDERED = "re-rendered"

#: ``Name: message``, the last line IPython writes to stderr for some failures.
_ERROR_LINE_RE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit)): ?(.*)$")

_KERNEL_DIR: str | None = None


def _warm_font_cache() -> None:
    """Load (on a fresh machine: build) matplotlib's font cache before any kernel starts.

    A kernel that has to build the cache itself and takes over five seconds
    doing it logs "Matplotlib is building the font cache" to stderr, and that
    line would land in the first reports of a fresh machine but not in the
    next ones.  The kernels inherit this process's environment, so they read
    the same cache.  Imported here, on purpose: importing the module is what
    loads or builds the cache, which is work for the first run, not for import.
    """
    with contextlib.suppress(ImportError):
        import matplotlib.font_manager  # noqa: F401


def private_kernel() -> str:
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


def _kernel_started(nb) -> bool:
    """Whether any cell of a (partial) papermill notebook began to execute.

    A cell's ``start_time`` tells, not its ``status``: when the kernel fails to start,
    papermill's final clean-up still marks every pending cell ``"completed"``.
    """
    if nb is None:
        return False
    return any(
        c.get("metadata", {}).get("papermill", {}).get("start_time") is not None
        or c.get("execution_count") is not None
        for c in nb.cells
        if c.get("cell_type") == "code"
    )


def _mark_error(nb, ename: str, evalue: str) -> None:
    """Show a failure that produced no error output (timeout, dead kernel) in the running cell."""
    code = [c for c in nb.cells if c.get("cell_type") == "code"]
    running = [c for c in code if c.get("metadata", {}).get("papermill", {}).get("status") == "running"]
    # the last cell that began; a cell marked "completed" by papermill's clean-up never did
    target = running[-1] if running else next(
        (c for c in reversed(code) if c.get("metadata", {}).get("papermill", {}).get("start_time")
         is not None), None)
    if target is None and code:
        target = code[0]
    if target is None:
        return
    if any(o.get("output_type") == "error" for o in target.get("outputs", [])):
        return
    target.setdefault("outputs", []).append(nbformat.v4.new_output(
        "error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]))
    target.setdefault("metadata", {}).setdefault("papermill", {})["status"] = "failed"


def _error_from_stderr(nb) -> tuple[str, str] | None:
    """``(name, message)`` from the last ``Name: message`` line a failed cell wrote to stderr.

    IPython reports some failures (``UsageError`` of an unknown magic) on stderr only.
    """
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
        "html": render_html(normal, show_code=task["show_code"], title=task["name"]),
        "volatile": volatile,
    }


def _read_partial(path) -> nbformat.NotebookNode | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return nbformat.read(fh, as_version=4)
    except (OSError, ValueError, TypeError):
        return None


def failed_result(task: dict, ename: str, message: str) -> dict:
    """The result of a run stopped from outside (killed worker, run timeout), from its partial notebook."""
    nb = _read_partial(task["partial_path"]) if task.get("partial_path") else None
    try:
        return finish_notebook(task, nb, (ename, message))
    except Exception as err:  # the notebook itself may be what failed: still a result
        return {"name": task["name"], "status": STATUS_FAILED, "error_name": ename,
                "error_message": f"{message} (rendering also failed: {err})",
                "ipynb": None, "html": None, "volatile": {}}


def execute_run(task: dict) -> dict:
    """Execute one run in a fresh kernel and return its normalised notebook and HTML as text.

    Runs in a worker process (local pool or Dask worker).  Never raises for a
    failing notebook: the result's ``status`` is ``"failed"`` with ``error_name``
    and ``error_message``.  The kernel is started again once when it fails to
    start (``kernel_retries``), never when a cell fails.
    """
    logging.getLogger("papermill").setLevel(logging.ERROR)
    started, t0 = now(), time.monotonic()
    kernel = private_kernel()
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
            nb = _read_partial(partial)
            if error and attempts <= task.get("kernel_retries", 1) and not _kernel_started(nb):
                continue
            break
        if error and not error[1].strip() and nb is not None:
            error = _error_from_stderr(nb) or error
        if error and not _kernel_started(nb):
            error = (error[0], f"the kernel did not start (attempts: {attempts}): {error[1]}")
        result = finish_notebook(task, nb, error)
    except Exception as err:  # rendering or reading failed: still a result, never a crash
        result = {"name": task["name"], "status": STATUS_FAILED, "error_name": type(err).__name__,
                  "error_message": str(err), "ipynb": None, "html": None, "volatile": {}}
    finally:
        if own_tmp:
            shutil.rmtree(own_tmp, ignore_errors=True)
    result.update(started=started, duration=round(time.monotonic() - t0, 3), attempts=attempts)
    return result
