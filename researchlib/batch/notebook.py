"""Batch notebooks: a notebook in; its parameters, a normalised executed copy and its HTML page out.

Reads a notebook's ``parameters`` cell (names, defaults, expected types), strips the
volatile metadata that papermill and nbclient write (times, durations, paths,
widget views) so an executed notebook is byte-identical from run to run, and
renders a self-contained, script-free HTML page with nbconvert.
"""

from __future__ import annotations

import ast
import copy
import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter
from papermill.translators import PythonTranslator

from .._figures import hangul_font_css
from ..exceptions import NotebookError

__all__ = [
    "NotebookParameter",
    "read_notebook",
    "notebook_parameters",
    "has_parameters_cell",
    "check_value",
    "normalise_notebook",
    "notebook_json",
    "source_cell_ids",
    "render_html",
    "warm_exporters",
    "CSP",
]

#: Content-Security-Policy of every page researchlib writes: nothing may run or load.
CSP = (
    "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"
)

_NO_VALUE = object()

#: Per-notebook papermill metadata that changes from run to run.
_VOLATILE_NB_KEYS = ("start_time", "end_time", "duration", "input_path", "output_path")
#: Per-cell papermill metadata that changes from run to run.
_VOLATILE_CELL_KEYS = ("start_time", "end_time", "duration")
_CELL_ID_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
#: Output and metadata keys of Jupyter widgets (random model ids; nothing to see in a static page).
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


@dataclass(frozen=True)
class NotebookParameter:
    """One name of a notebook's ``parameters`` cell.

    ``default`` is the literal default value (``_NO_VALUE`` when it is an expression
    that cannot be read without running code); ``type_name`` is the annotation
    papermill found, or ``"None"``.
    """

    name: str
    default: Any
    type_name: str
    help: str

    @property
    def has_literal_default(self) -> bool:
        return self.default is not _NO_VALUE

    def expected(self) -> tuple[type, ...] | None:
        """Types a value may have, or None for anything."""
        if self.has_literal_default and self.default is not None:
            return _types_for(type(self.default))
        by_name = {"int": (int,), "float": (int, float), "str": (str,), "bool": (bool,),
                   "list": (list, tuple), "dict": (dict,)}
        base = self.type_name.split("[", 1)[0].strip().strip("'\"").lower()
        return by_name.get(base)


def _types_for(kind: type) -> tuple[type, ...]:
    if kind is bool:
        return (bool,)
    if kind is int:
        return (int,)
    if kind is float:
        return (int, float)
    if kind in (list, tuple):
        return (list, tuple)
    return (kind,)


def read_notebook(path: str | Path) -> nbformat.NotebookNode:
    """Read a notebook file as nbformat 4, raising NotebookError naming the file."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8") as fh:
            return nbformat.read(fh, as_version=4)
    except FileNotFoundError as err:
        raise NotebookError(f"notebook {str(path)!r} does not exist") from err
    except (OSError, ValueError, UnicodeDecodeError, nbformat.reader.NotJSONError) as err:
        raise NotebookError(f"notebook {str(path)!r} cannot be read as a Jupyter notebook: {err}") from err


def has_parameters_cell(nb: nbformat.NotebookNode) -> bool:
    """Whether a cell of ``nb`` is tagged ``parameters``."""
    return any("parameters" in cell.get("metadata", {}).get("tags", []) for cell in nb.cells)


def notebook_parameters(nb: nbformat.NotebookNode) -> dict[str, NotebookParameter]:
    """The names of the cell tagged ``parameters``, in order (empty when there is none).

    Uses papermill's Python translator to find names, annotations and comments,
    then reads each default with :func:`ast.literal_eval`.
    """
    cell = next((c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return {}
    logger = logging.getLogger("papermill")
    previous = logger.level
    logger.setLevel(logging.ERROR)  # papermill logs every line it cannot parse
    try:
        found = PythonTranslator.inspect(cell)
    finally:
        logger.setLevel(previous)
    params: dict[str, NotebookParameter] = {}
    for p in found:
        try:
            default = ast.literal_eval(p.default)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            default = _NO_VALUE
        params[p.name] = NotebookParameter(p.name, default, p.inferred_type_name or "None", p.help or "")
    return params


def check_value(param: NotebookParameter, value: Any) -> str | None:
    """None when ``value`` fits ``param``, else the name of the expected type."""
    expected = param.expected()
    if expected is None:
        return None
    if isinstance(value, bool) and bool not in expected:
        return " or ".join(t.__name__ for t in expected)
    if isinstance(value, expected):
        return None
    return " or ".join(t.__name__ for t in expected)


# --------------------------------------------------------------------------- normalise


def normalise_notebook(
    nb: nbformat.NotebookNode, *, source_ids: list[str] | None = None, kernelspec: dict | None = None
) -> tuple[nbformat.NotebookNode, dict]:
    """Strip run-to-run metadata from an executed notebook.

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook (not modified).
    source_ids : list of str, optional
        Cell ids of the source notebook; cells whose id is not among them (ids
        nbformat invented at random, papermill's injected cell) get ids made from
        their position.
    kernelspec : dict, optional
        The source notebook's kernelspec, restored in place of the private one
        the batch runner used.

    Returns
    -------
    (NotebookNode, dict)
        The normalised copy and the ``volatile`` facts removed from it
        (``notebook``: papermill times and paths, the number of widget models
        whose state was dropped; ``cells``: index -> timings and the number of
        widget views dropped).  A widget view (a tqdm progress bar, say) carries
        a random model id and shows nothing in a static report, so it is dropped.
    """
    nb = copy.deepcopy(nb)
    volatile: dict = {"notebook": {}, "cells": {}}
    pm = nb.metadata.get("papermill")
    if isinstance(pm, dict):
        for key in _VOLATILE_NB_KEYS:
            if key in pm:
                volatile["notebook"][key] = pm.pop(key)
    widgets = nb.metadata.pop("widgets", None)
    if widgets is not None:
        state = widgets.get(_WIDGET_STATE, {}) if isinstance(widgets, dict) else {}
        volatile["notebook"]["widget_models"] = len(state.get("state", {}) or {})
    if kernelspec is not None:
        nb.metadata["kernelspec"] = copy.deepcopy(kernelspec)
    known = set(source_ids or [])
    used: set[str] = set()
    for index, cell in enumerate(nb.cells):
        cell_vol: dict = {}
        meta = cell.get("metadata", {})
        if "execution" in meta:
            cell_vol["execution"] = meta.pop("execution")
        cpm = meta.get("papermill")
        if isinstance(cpm, dict):
            for key in _VOLATILE_CELL_KEYS:
                if key in cpm:
                    cell_vol[key] = cpm.pop(key)
        if "outputs" in cell:
            kept = [o for o in cell["outputs"] if _WIDGET_VIEW not in o.get("data", {})]
            if len(kept) < len(cell["outputs"]):
                cell_vol["widget_views"] = len(cell["outputs"]) - len(kept)
            cell["outputs"] = _coalesce_streams(kept)
        if cell_vol:
            volatile["cells"][str(index)] = cell_vol
        cid = cell.get("id")
        if cid is not None:
            if cid not in known or cid in used or not _CELL_ID_RE.match(str(cid)):
                tags = meta.get("tags", [])
                base = "injected-parameters" if "injected-parameters" in tags else f"cell-{index}"
                cid = base
                n = 1
                while cid in used or cid in known:
                    n += 1
                    cid = f"{base}-{n}"
                cell["id"] = cid
            used.add(cid)
    return nb, volatile


def _coalesce_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same stream into one.

    The kernel sends what a cell prints in pieces as its output buffer is
    flushed, so one ``print`` may arrive as one stream output or as two
    depending on timing; joined, the same cell always gives the same outputs.
    Streams are never moved past other outputs (or each other).
    """
    joined: list = []
    for output in outputs:
        output.get("metadata", {}).pop("execution", None)
        if output.get("output_type") == "stream":
            text = output["text"]
            output["text"] = "".join(text) if isinstance(text, list) else text
            last = joined[-1] if joined else None
            if last is not None and last.get("output_type") == "stream" and last.get("name") == output.get("name"):
                last["text"] += output["text"]
                continue
        joined.append(output)
    return joined


def notebook_json(nb: nbformat.NotebookNode) -> str:
    """The notebook as canonical JSON text (sorted keys, one-space indent, final newline)."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def source_cell_ids(nb: nbformat.NotebookNode) -> list[str]:
    """Ids of ``nb``'s cells as written in the file (nbformat 4.5+), else []."""
    return [c["id"] for c in nb.cells if "id" in c]


# --------------------------------------------------------------------------- HTML

_TEMPLATE = """\
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}
<meta http-equiv="Content-Security-Policy" content="{{ resources.researchlib_csp }}">
{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block data_javascript scoped -%}
<div class="jp-RenderedText jp-OutputArea-output {{ extra_class }}" data-mime-type="text/plain">
<pre>[JavaScript output not shown in researchlib reports]</pre>
</div>
{%- endblock data_javascript -%}
{%- block data_widget_view scoped -%}
<div class="jp-RenderedText jp-OutputArea-output {{ extra_class }}" data-mime-type="text/plain">
<pre>[interactive widget not shown in researchlib reports]</pre>
</div>
{%- endblock data_widget_view -%}
{%- block footer_js -%}{%- endblock footer_js -%}
"""


@lru_cache(maxsize=2)
def _exporter(show_code: bool):
    hide = not show_code
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"researchlib_report.html.j2": _TEMPLATE})],
        template_file="researchlib_report.html.j2",
        embed_images=True,
        exclude_input=hide,
        exclude_input_prompt=hide,
        exclude_output_prompt=hide,
    )
    return exporter


def warm_exporters() -> None:
    """Build the HTML exporter of the default page (code hidden) now (a worker does this once)."""
    _exporter(False)


def render_html(
    nb: nbformat.NotebookNode,
    *,
    show_code: bool = True,
    title: str | None = None,
    no_input: bool | None = None,
) -> str:
    """Self-contained HTML of a notebook, the same bytes for the same notebook.

    Images are embedded as data URIs; nothing is loaded from the network
    (no require.js, MathJax or mermaid); the page carries a Content-Security-Policy
    that forbids every script, so HTML in outputs cannot run code in a reader's
    browser.  JavaScript and widget outputs are replaced by a note.  A page with
    Hangul embeds the NanumGothic glyphs it uses (:func:`researchlib.plots.hangul_font_css`),
    so its Korean tables read on a machine without a Hangul font.

    Parameters
    ----------
    nb : NotebookNode
        An (executed, normalised) notebook; not modified.
    show_code : bool, default=True
        Show code cells and their prompts (False: only the outputs and the prose).
    title : str, optional
        Page title (escaped by nbconvert); default the notebook's own title or "report".
    no_input : bool, optional
        Deprecated opposite of ``show_code`` (kept for one release).
    """
    if no_input is not None:
        show_code = not no_input
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    resources = {
        "metadata": {"name": title or "report"},
        "researchlib_csp": CSP,
    }
    body, _ = _exporter(bool(show_code)).from_notebook_node(nb, resources=resources)
    css = hangul_font_css(body)
    if css:
        body = body.replace("</head>", f"<style>\n{css}</style>\n</head>", 1)
    return body
