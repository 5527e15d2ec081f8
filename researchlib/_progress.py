"""Progress of long work, through tqdm: a widget in JupyterLab, a bar on a terminal, lines in a log.

Every long loop in researchlib (``prepare``, ``run_batch``, collocations) asks
:func:`progress_bar` for its bar, so the three places a researcher meets one
look and behave alike:

- in a Jupyter kernel with ipywidgets installed, tqdm's notebook widget;
- on a terminal, tqdm's text bar on stderr;
- anywhere else (a log file, CI, papermill's captured stderr), one plain line
  at most every ``log_every`` seconds, each on its own line rather than a
  stream of carriage returns.
"""

from __future__ import annotations

import io
import sys

from tqdm import std as _tqdm_std

__all__ = ["progress_bar"]


class _Lines(io.TextIOBase):
    """A file that writes each of tqdm's status updates as one line."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        line = text.replace("\r", "").strip()
        if line:
            self._stream.write(line + "\n")
            self._stream.flush()
        return len(text)

    def flush(self) -> None:
        self._stream.flush()


def _in_kernel() -> bool:
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _widget_class():
    """tqdm's notebook class when widgets can be shown here, else None."""
    if not _in_kernel():
        return None
    try:
        import ipywidgets  # noqa: F401 - optional: tqdm draws the widget with it
        from tqdm import notebook
    except ImportError:
        return None
    return notebook.tqdm


def progress_bar(
    total: int | float | None,
    *,
    desc: str,
    unit: str = "it",
    enabled: bool = True,
    unit_scale: bool = False,
    log_every: float = 30.0,
):
    """A tqdm progress bar suited to where the code runs.

    Parameters
    ----------
    total : int or float or None
        Units of work expected (documents, bytes, runs).
    desc : str
        Label shown before the bar ("prepare", "batch").
    unit : str, default="it"
        Name of one unit.
    enabled : bool, default=True
        False gives a bar that shows nothing (it still counts).
    unit_scale : bool, default=False
        Show large totals with SI prefixes (bytes: ``unit="B", unit_scale=True``).
    log_every : float, default=30.0
        Seconds between lines when stderr is neither a terminal nor a notebook.

    Returns
    -------
    tqdm.tqdm
        Use ``update(n)``, ``set_postfix(...)`` and ``close()`` (or ``with``).
    """
    options = {"total": total, "desc": desc, "unit": unit, "unit_scale": unit_scale,
               "disable": not enabled, "leave": False}
    if enabled:
        widget = _widget_class()
        if widget is not None:
            return widget(**options)
        stderr = sys.stderr
        if not (hasattr(stderr, "isatty") and stderr.isatty()):
            return _tqdm_std.tqdm(file=_Lines(stderr), mininterval=log_every, ascii=True,
                                  dynamic_ncols=False, ncols=100, **{**options, "leave": True})
    return _tqdm_std.tqdm(file=sys.stderr, **options)
