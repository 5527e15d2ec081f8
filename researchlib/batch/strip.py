"""Notebook hygiene: source notebooks in, the same notebooks without outputs or editor noise out.

The notebooks in ``notebooks/`` are the source of the reports, edited in
JupyterLab.  A save there writes outputs, execution counts, timings, widget
state and the interpreter's version; :func:`strip_notebook` removes them so the
file in git changes only when a cell or a parameter does.  ``make lint`` runs::

    python -m researchlib.batch.strip notebooks/*.ipynb

(``--check`` only reports the notebooks that would change, and exits 1 if any would.)
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
from collections.abc import Sequence

import nbformat

from .._io import write_text_atomic
from ..exceptions import ResearchlibError
from .notebook import read_notebook

__all__ = ["strip_notebook", "strip_notebook_file", "main"]

#: Notebook metadata worth keeping in git; the rest (widgets, papermill, editor state) goes.
_KEEP_NOTEBOOK = ("kernelspec", "language_info", "title", "authors")
#: Keys of ``language_info`` that do not change with the interpreter's version.
_KEEP_LANGUAGE = ("name", "file_extension", "mimetype")
#: Cell metadata worth keeping: tags (the ``parameters`` cell) and authoring choices.
_KEEP_CELL = ("tags", "editable", "deletable", "slideshow")


def strip_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without outputs, execution counts and metadata noise.

    Parameters
    ----------
    nb : NotebookNode
        A notebook (nbformat 4); not modified.

    Returns
    -------
    NotebookNode
        Code cells with no outputs and no execution count; cell metadata reduced
        to ``tags``, ``editable``, ``deletable`` and ``slideshow``; notebook
        metadata reduced to ``kernelspec``, ``title``, ``authors`` and the
        version-free part of ``language_info`` (``name``, ``file_extension``,
        ``mimetype``).  Sources and cell ids are untouched.
    """
    nb = copy.deepcopy(nb)
    meta = {k: nb.metadata[k] for k in _KEEP_NOTEBOOK if k in nb.metadata}
    if isinstance(meta.get("language_info"), dict):
        meta["language_info"] = {k: v for k, v in meta["language_info"].items() if k in _KEEP_LANGUAGE}
    nb.metadata = nbformat.from_dict(meta)
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.get("metadata", {}).items() if k in _KEEP_CELL})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def strip_notebook_file(path: str | os.PathLike, *, check: bool = False) -> bool:
    """Strip the notebook at ``path`` in place; True when it changed (or, with ``check``, would).

    Raises
    ------
    NotebookError
        The file is not a readable Jupyter notebook.
    """
    nb = read_notebook(path)
    text = nbformat.writes(strip_notebook(nb)) + "\n"
    with open(path, encoding="utf-8", newline="") as fh:
        before = fh.read()
    if text == before:
        return False
    if not check:
        write_text_atomic(path, text)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m researchlib.batch.strip [--check] NOTEBOOK...``: 0 when clean, 1 if --check found work."""
    parser = argparse.ArgumentParser(prog="python -m researchlib.batch.strip",
                                     description="strip outputs and metadata noise from notebooks")
    parser.add_argument("notebooks", nargs="+", help="notebook files to clean in place")
    parser.add_argument("--check", action="store_true", help="only list the notebooks that would change")
    args = parser.parse_args(argv)
    changed = []
    try:
        for path in args.notebooks:
            if strip_notebook_file(path, check=args.check):
                changed.append(path)
                print(f"{'would strip' if args.check else 'stripped'} {path}")
    except ResearchlibError as err:
        print(f"strip: error: {err}", file=sys.stderr)
        return 2
    return 1 if args.check and changed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
