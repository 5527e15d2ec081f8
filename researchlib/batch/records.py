"""Batch records: what happened to each run, and whether a previous run's outputs are still current.

A :class:`RunRecord` is one row of ``index.html`` and one entry of the
manifest's ``runs``; :class:`BatchResult` is what :func:`researchlib.batch.run_batch`
returns.  :func:`input_hashes` hashes the files a run's parameters name, and
:func:`freshness` compares a planned run with the manifest of the last batch
written into the same folder (read with :func:`researchlib._manifest.read_manifest`):
the execution inputs (notebook, parameters, input files, environment) decide whether
the run executes again; the rendering options (``show_code``) only whether its HTML
is rendered again from the executed notebook already there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .._env import repo_relative
from .._io import inside, sha256_file
from ..exceptions import ResearchlibError
from .grid import Run
from .kernel import STATUS_FAILED, STATUS_OK, STATUS_RERENDERED, STATUS_UP_TO_DATE

__all__ = ["RunRecord", "BatchResult", "display_path", "ordered_parameters",
           "effective_parameters", "input_hashes", "freshness", "recorded_show_code", "one_line",
           "FRESH", "RENDER", "EXECUTE"]

#: :func:`freshness` answers: outputs current; only the HTML to render again; execute again.
FRESH, RENDER, EXECUTE = "fresh", "render", "execute"

#: Files of an input folder hashed at most (a folder of thousands of files is not a report input).
_MAX_INPUT_FILES = 200
#: Files in an input folder that describe a run rather than feed it (volatile times inside).
_NOT_INPUTS = frozenset({"manifest.json"})


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
        return self.status in (STATUS_OK, STATUS_UP_TO_DATE, STATUS_RERENDERED)

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
                  for s in (STATUS_OK, STATUS_UP_TO_DATE, STATUS_RERENDERED, STATUS_FAILED)}
        rerendered = (f"{counts[STATUS_RERENDERED]} re-rendered (not executed), "
                      if counts[STATUS_RERENDERED] else "")
        lines = [f"batch: {len(self.runs)} runs: {counts[STATUS_OK]} ok, "
                 f"{counts[STATUS_UP_TO_DATE]} up to date, {rerendered}{counts[STATUS_FAILED]} failed"]
        for r in self.failed:
            lines.append(f"  FAILED {r.name}: {r.error_name}: {one_line(r.error_message)}")
        lines.append(f"index: {self.index_path}")
        return "\n".join(lines)


def one_line(text: str | None, limit: int = 300) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_path(path: Path) -> str:
    """``path`` relative to the project checkout when inside it, else absolute (POSIX)."""
    return repo_relative(path) or path.resolve().as_posix()


def ordered_parameters(run: Run, notebooks: dict) -> dict:
    """The run's parameters in the notebook's order (then by name), whatever order the grid used.

    The injected cell is then the same for a grid entry and for its manifest record,
    which keeps re-executions (``researchlib verify``) byte-identical.
    """
    _, params = notebooks.get(run.notebook.resolve(), (False, {}))
    order = {name: i for i, name in enumerate(params)}
    keys = sorted(run.parameters, key=lambda k: (order.get(k, len(order)), k))
    return {k: run.parameters[k] for k in keys}


def effective_parameters(run: Run, notebooks: dict) -> dict:
    """The notebook's literal defaults overlaid with the run's parameters."""
    _, params = notebooks.get(run.notebook.resolve(), (False, {}))
    defaults = {name: p.default for name, p in params.items() if p.has_literal_default}
    return {**defaults, **run.parameters}


def _hash_named(value, cwd: Path, found: dict) -> None:
    if isinstance(value, (list, tuple)):
        for v in value:
            _hash_named(v, cwd, found)
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


def input_hashes(parameters: dict, cwd: Path) -> dict:
    """sha256 of the files that string parameters name (a folder: the files directly inside it).

    ``parameters`` should include the notebook's defaults, so that a report reading
    its default data folder re-runs when that data changes.
    """
    found: dict[str, str] = {}
    for v in parameters.values():
        _hash_named(v, cwd, found)
    return dict(sorted(found.items()))


def recorded_show_code(entry: dict | None) -> bool | None:
    """The ``show_code`` a manifest entry (or its ``options``) was rendered with, None when unknown.

    Manifests written before ``show_code`` existed say ``no_input`` instead (its opposite).
    """
    if not entry:
        return None
    if "show_code" in entry:
        return bool(entry["show_code"])
    if "no_input" in entry:
        return not entry["no_input"]
    return None


def _current_file(out: Path, entry: dict | None) -> bool:
    entry = entry or {}
    try:
        target = inside(out, str(entry.get("path", "")))
    except (ResearchlibError, OSError, ValueError):
        return False
    return target.is_file() and sha256_file(target) == entry.get("sha256")


def freshness(record: RunRecord, previous: dict | None, out: Path, show_code: bool,
              fingerprint: dict, old_fingerprint) -> str:
    """What ``record`` needs, given ``previous`` (the last manifest's entry for the same run name).

    Returns
    -------
    str
        :data:`FRESH` when the executed notebook and its HTML are both current;
        :data:`RENDER` when the executed notebook is current (same notebook,
        parameters, input files and environment, file unchanged) but the HTML is
        not (rendered with another ``show_code``, missing or edited); else
        :data:`EXECUTE`.
    """
    if not previous or previous.get("status") not in (STATUS_OK, STATUS_UP_TO_DATE, STATUS_RERENDERED):
        return EXECUTE
    if old_fingerprint != fingerprint:
        return EXECUTE
    same = (previous.get("notebook_sha256") == record.notebook_sha256
            and previous.get("parameters") == json.loads(json.dumps(record.parameters, default=str))
            and previous.get("inputs") == record.inputs)
    outputs = previous.get("outputs") or {}
    if not same or not _current_file(out, outputs.get("ipynb")):
        return EXECUTE
    if recorded_show_code(previous) is not bool(show_code) or not _current_file(out, outputs.get("html")):
        return RENDER
    return FRESH
