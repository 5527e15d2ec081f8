"""Batch index page: the run records in, ``index.html`` (one table row per run, linking its outputs) out.

The page is static and script-free (the same Content-Security-Policy as the
reports); every value from the grid or a notebook is escaped.
"""

from __future__ import annotations

import html
import json
from urllib.parse import quote

from .notebook import CSP
from .records import RunRecord, one_line

__all__ = ["index_html"]

_INDEX_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.ok { color: #1a7f37; } td.failed { color: #b42318; font-weight: bold; } td.uptodate { color: #555; }
code { white-space: pre-wrap; word-break: break-word; }
"""


def _row(r: RunRecord) -> str:
    e = html.escape
    params = json.dumps(r.parameters, sort_keys=True, ensure_ascii=False, default=str)
    links = []
    for kind in ("html", "ipynb"):
        entry = r.outputs.get(kind)
        if entry:
            links.append(f'<a href="{e(quote(entry["path"]))}">{kind}</a>')
    error = f"{r.error_name}: {one_line(r.error_message)}" if r.error_name else ""
    duration = "" if r.duration is None else f"{r.duration:.1f} s"
    css = r.status.replace(" ", "")
    return (
        f"<tr><td>{e(r.name)}</td><td>{e(r.notebook)}</td><td><code>{e(params)}</code></td>"
        f'<td class="{e(css)}">{e(r.status)}</td><td>{e(duration)}</td>'
        f"<td><code>{e(error)}</code></td><td>{' '.join(links)}</td></tr>"
    )


def index_html(records: list[RunRecord], started: str, finished: str) -> str:
    """The batch's ``index.html``: a table of runs (name, notebook, parameters, status,
    duration, error, links to the HTML and notebook), with the batch's start and end times."""
    e = html.escape
    n_failed = sum(not r.ok for r in records)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">\n'
        "<title>researchlib batch</title>\n"
        f"<style>{_INDEX_CSS}</style>\n</head>\n<body>\n<h1>researchlib batch</h1>\n"
        f"<p>{len(records)} runs, {n_failed} failed; started {e(started)}, finished {e(finished)}.</p>\n"
        "<table>\n<thead><tr><th>run</th><th>notebook</th><th>parameters</th><th>status</th>"
        "<th>duration</th><th>error</th><th>outputs</th></tr></thead>\n<tbody>\n"
        + "\n".join(_row(r) for r in records)
        + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )
