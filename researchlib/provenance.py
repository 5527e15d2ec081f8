"""Provenance: re-executing what a manifest describes and saying how the outputs differ.

:func:`verify` reads ``manifest.json`` in a folder written by ``prepare``
(``kind: prepare``) or ``run_batch`` (``kind: batch``), re-executes the run in
a temporary folder and compares every output byte for byte; when they differ,
it says which table, rows and columns (or which run, cell and output) changed,
and which inputs changed since the manifest.  The facts manifests record about
the environment come from :mod:`researchlib._env`; this module sits on top of
the pipeline and the batch runner and nothing below imports it.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from ._env import project_root
from ._io import sha256_file
from ._manifest import read_manifest
from .batch import run_batch
from .batch.records import recorded_show_code
from .corpus import list_input_files
from .exceptions import VerifyError
from .pipeline import prepare
from .pipeline.run import recorded_aliases
from .tables import TABLES

__all__ = ["verify", "VerifyReport"]


# ---------------------------------------------------------------------------
# verify
# ---------------------------------------------------------------------------

_MAX_LISTED = 5


@dataclass
class VerifyReport:
    """Outcome of :func:`verify`.

    Attributes
    ----------
    run_dir : pathlib.Path
    kind : str
        The manifest's kind (``"prepare"`` or ``"batch"``).
    identical : bool
        Every re-executed output equals the recorded one, byte for byte.
    differences : list of str
        One readable line per difference (outputs, then changed inputs).
    checked : list of str
        The outputs compared.
    changed_inputs : list of str
        Input files whose sha256 differs from the manifest's (or that are missing).
    """

    run_dir: Path
    kind: str
    identical: bool
    differences: list = field(default_factory=list)
    checked: list = field(default_factory=list)
    changed_inputs: list = field(default_factory=list)

    def summary(self) -> str:
        """A short human-readable report."""
        head = (
            f"verify {self.run_dir} ({self.kind}): "
            + ("identical" if self.identical else f"{len(self.differences)} difference(s)")
            + f"; {len(self.checked)} output(s) compared"
        )
        lines = [head]
        lines += [f"  - {d}" for d in self.differences]
        if self.changed_inputs and self.identical:
            lines += [f"  note: {c}" for c in self.changed_inputs]
        return "\n".join(lines)


def _load_manifest(run_dir: Path) -> dict:
    path = run_dir / "manifest.json"
    if not run_dir.is_dir():
        raise VerifyError(f"run_dir={str(run_dir)!r}: no such folder")
    if not path.is_file():
        raise VerifyError(
            f"run_dir={str(run_dir)!r} has no manifest.json; verify needs a folder written "
            f"by `researchlib prepare` or `researchlib batch`"
        )
    manifest = read_manifest(path)
    if manifest is None:
        raise VerifyError(f"{path}: manifest is not readable JSON (a JSON object)")
    if manifest.get("kind") not in ("prepare", "batch"):
        kind = manifest.get("kind")
        raise VerifyError(f"{path}: unknown manifest kind {kind!r}; allowed: 'prepare', 'batch'")
    return manifest


def _resolve_recorded(entry: dict) -> Path:
    """A recorded path: repo-relative against this checkout first, else as given, else absolute."""
    rel, root = entry.get("repo_relative"), project_root()
    if rel and root is not None and (root / rel).exists():
        return root / rel
    given = entry.get("given")
    if given and Path(given).exists():
        return Path(given)
    return Path(entry.get("absolute") or given or "")


def verify(run_dir) -> VerifyReport:
    """Re-execute what ``run_dir/manifest.json`` describes in a temporary folder and compare.

    Parameters
    ----------
    run_dir : str or path
        A folder written by :func:`researchlib.pipeline.prepare` (``kind: prepare``) or
        by :func:`researchlib.batch.run_batch` (``kind: batch``).

    Returns
    -------
    VerifyReport
        ``identical`` is True when every output is reproduced byte for byte;
        ``differences`` says which table, rows and columns (or which run, cell and
        output) differ, and which input files changed since the manifest.

    Raises
    ------
    VerifyError
        If ``run_dir`` has no readable manifest.
    """
    run_dir = Path(run_dir)
    manifest = _load_manifest(run_dir)
    if manifest["kind"] == "prepare":
        return _verify_prepare(run_dir, manifest)
    return _verify_batch(run_dir, manifest)


def _verify_prepare(run_dir: Path, manifest: dict) -> VerifyReport:
    raw_entry = manifest.get("raw") or {}
    raw = _resolve_recorded(raw_entry)
    lexicons = [_resolve_recorded(entry) for entry in manifest.get("lexicons", [])]
    params = manifest.get("parameters", {})
    changed = _changed_inputs(raw, raw_entry, manifest.get("lexicons", []), lexicons)
    differences: list[str] = []
    checked: list[str] = []
    with tempfile.TemporaryDirectory(prefix="researchlib-verify-") as tmp:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            prepare(
                raw, out=tmp, text_column=params.get("text_column", "text"),
                id_column=params.get("id_column"), lexicons=lexicons,
                sentiment=params.get("sentiment", True), repairs=params.get("repairs", "auto"),
                language=params.get("language"), inflect=params.get("inflect"),
                country_aliases=recorded_aliases(params.get("country_aliases")),
                speaker_aliases=recorded_aliases(params.get("speaker_aliases")),
                cache=False, progress=False,
            )
        for name in TABLES:
            recorded = run_dir / f"{name}.parquet"
            fresh = Path(tmp) / f"{name}.parquet"
            checked.append(f"{name}.parquet")
            if not recorded.is_file():
                differences.append(f"{name}.parquet: missing from {run_dir}")
                continue
            if sha256_file(recorded) == sha256_file(fresh):
                continue
            differences.extend(_table_differences(name, recorded, fresh))
    differences.extend(changed)
    return VerifyReport(
        run_dir=run_dir, kind="prepare", identical=not differences,
        differences=differences, checked=checked, changed_inputs=changed,
    )


def _changed_inputs(raw: Path, raw_entry: dict, lexicon_entries: list, lexicons: list) -> list[str]:
    shown = raw_entry.get("repo_relative") or raw_entry.get("given") or str(raw)
    notes = []
    recorded = {f["path"]: f["sha256"] for f in raw_entry.get("files", [])}
    current = {}
    if raw.is_file():
        current = {raw.name: sha256_file(raw)}
    elif raw.is_dir():
        current = {f["path"]: f["sha256"] for f in list_input_files(raw)}
    else:
        notes.append(f"input {shown} no longer exists")

    def label(rel: str) -> str:
        return shown if raw_entry.get("is_file") else f"{shown.rstrip('/')}/{rel}"

    for rel, sha in recorded.items():
        if rel not in current:
            if raw.exists():
                notes.append(f"input {label(rel)} was removed")
        elif current[rel] != sha:
            notes.append(f"input {label(rel)} changed")
    for rel in current.keys() - recorded.keys():
        notes.append(f"input {label(rel)} was added")
    for entry, path in zip(lexicon_entries, lexicons):
        name = entry.get("repo_relative") or entry.get("given")
        if not path.is_file():
            notes.append(f"lexicon {name} no longer exists")
        elif sha256_file(path) != entry.get("sha256"):
            notes.append(f"lexicon {name} changed")
    return sorted(notes)


_ROW_KEYS = {"documents": ("doc_id",), "sentences": ("doc_id", "sent_id"),
             "quotes": ("doc_id", "quote_id"), "frames": ("doc_id", "sent_id", "start", "category")}


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _table_differences(name: str, recorded: Path, fresh: Path) -> list[str]:
    """Readable lines saying how two versions of one table differ."""
    try:
        old = pq.read_table(recorded).to_pandas()
    except Exception as err:  # noqa: BLE001 - any unreadable file is a difference
        return [f"{name}.parquet: recorded file unreadable ({err})"]
    new = pq.read_table(fresh).to_pandas()
    lines = []
    head = f"{name}.parquet differs"
    if len(old) != len(new):
        head += f": {len(old)} rows recorded, {len(new)} re-computed"
    cols_old, cols_new = list(old.columns), list(new.columns)
    if cols_old != cols_new:
        gone = [c for c in cols_old if c not in cols_new]
        added = [c for c in cols_new if c not in cols_old]
        head += f"; columns removed {gone}, added {added}" if gone or added else "; column order differs"
    lines.append(head)
    if "doc_id" not in old.columns or "doc_id" not in new.columns:
        return lines
    common = [c for c in cols_old if c in cols_new]

    def row_hashes(frame: pd.DataFrame) -> pd.Series:
        sub = frame[common].astype("string").fillna("\x00<NA>")
        return pd.util.hash_pandas_object(sub, index=False)

    old_groups = pd.Series(row_hashes(old).to_numpy()).groupby(old["doc_id"].to_numpy(), sort=False)
    new_groups = pd.Series(row_hashes(new).to_numpy()).groupby(new["doc_id"].to_numpy(), sort=False)
    old_sig = old_groups.agg(tuple)
    new_sig = new_groups.agg(tuple)
    docs_old, docs_new = list(old_sig.index), set(new_sig.index)
    missing = [d for d in docs_old if d not in docs_new]
    added = [d for d in new_sig.index if d not in set(docs_old)]
    changed = [d for d in docs_old if d in docs_new and old_sig[d] != new_sig[d]]
    if missing:
        lines.append(f"{name}: rows of doc_id {_listing(missing)} no longer produced")
    if added:
        lines.append(f"{name}: new rows for doc_id {_listing(added)}")
    for doc in changed[:_MAX_LISTED]:
        a = old[old["doc_id"] == doc][common].reset_index(drop=True)
        b = new[new["doc_id"] == doc][common].reset_index(drop=True)
        detail = f"{name}: doc_id {doc!r}"
        if len(a) != len(b):
            detail += f" has {len(a)} rows recorded, {len(b)} re-computed"
        n = min(len(a), len(b))
        cols = []
        first = None
        for col in common:
            x, y = a[col].iloc[:n].astype("string"), b[col].iloc[:n].astype("string")
            diff = ~((x == y).fillna(False) | (x.isna() & y.isna()))
            if diff.any():
                cols.append(col)
                if first is None:
                    row = int(diff.to_numpy().nonzero()[0][0])
                    keys = ", ".join(
                        f"{k}={a[k].iloc[row]}" for k in _ROW_KEYS.get(name, ()) if k in common and k != "doc_id"
                    )
                    first = (
                        f"first at row {row}{f' ({keys})' if keys else ''}: {col} "
                        f"{_short(a[col].iloc[row])} -> {_short(b[col].iloc[row])}"
                    )
        if cols:
            detail += f"; columns differ: {', '.join(cols)}; {first}"
        lines.append(detail)
    if len(changed) > _MAX_LISTED:
        lines.append(f"{name}: and {len(changed) - _MAX_LISTED} more documents differ")
    if len(lines) == 1 and not missing and not added and not changed:
        lines[0] += " (same values, different bytes: types, order or encoding)"
    return lines


def _listing(items: list, limit: int = _MAX_LISTED) -> str:
    shown = ", ".join(repr(i) for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _resolve_notebook(recorded: str) -> Path:
    path = Path(recorded)
    if path.is_absolute():
        return path
    root = project_root()
    return (root if root is not None else Path.cwd()) / path


def _notebook_differences(run: str, recorded: Path, fresh: Path) -> list[str]:
    """Which cells and outputs of two executed notebooks differ."""
    try:
        old = json.loads(recorded.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return [f"run {run}: recorded notebook unreadable ({err})"]
    new = json.loads(fresh.read_text(encoding="utf-8"))
    old_cells, new_cells = old.get("cells", []), new.get("cells", [])
    lines = []
    if len(old_cells) != len(new_cells):
        lines.append(f"run {run}: {len(old_cells)} cells recorded, {len(new_cells)} re-executed")
    for i, (a, b) in enumerate(zip(old_cells, new_cells)):
        if a == b:
            continue
        source = "".join(a.get("source", "")) if isinstance(a.get("source"), list) else a.get("source", "")
        first = source.strip().splitlines()[0] if source.strip() else ""
        where = f"run {run}: cell {i}" + (f" ({_short(first)})" if first else "")
        if a.get("source") != b.get("source"):
            lines.append(f"{where}: source differs")
            continue
        outs_a, outs_b = a.get("outputs", []), b.get("outputs", [])
        if len(outs_a) != len(outs_b):
            lines.append(f"{where}: {len(outs_a)} outputs recorded, {len(outs_b)} re-executed")
            continue
        for k, (x, y) in enumerate(zip(outs_a, outs_b)):
            if x != y:
                text_x = json.dumps(x.get("text") or x.get("data") or x, sort_keys=True)
                text_y = json.dumps(y.get("text") or y.get("data") or y, sort_keys=True)
                lines.append(f"{where}: output {k} differs: {_short(text_x)} -> {_short(text_y)}")
        if a.get("metadata") != b.get("metadata") and outs_a == outs_b:
            lines.append(f"{where}: cell metadata differs")
    if not lines and old.get("metadata") != new.get("metadata"):
        lines.append(f"run {run}: notebook metadata differs")
    return lines or [f"run {run}: notebook bytes differ (same cells: formatting)"]


def _html_difference(run: str, recorded: Path, fresh: Path) -> str:
    a = recorded.read_bytes().splitlines()
    b = fresh.read_bytes().splitlines()
    for n, (x, y) in enumerate(zip(a, b), start=1):
        if x != y:
            return (f"run {run}: HTML differs from line {n}: "
                    f"{_short(x.decode('utf-8', 'replace'))} -> {_short(y.decode('utf-8', 'replace'))}")
    return f"run {run}: HTML has {len(a)} lines recorded, {len(b)} re-rendered"


def _verify_batch(run_dir: Path, manifest: dict) -> VerifyReport:
    options = manifest.get("options") or {}
    runs = [r for r in manifest.get("runs", []) if isinstance(r, dict) and r.get("outputs")]
    differences, changed, checked = [], [], []
    grid = []
    for r in runs:
        nb = _resolve_notebook(r["notebook"])
        if not nb.is_file():
            differences.append(f"run {r['name']}: notebook {r['notebook']} not found")
            continue
        if sha256_file(nb) != r.get("notebook_sha256"):
            changed.append(f"run {r['name']}: notebook {r['notebook']} changed")
        cwd = nb.resolve().parent
        for name, sha in (r.get("inputs") or {}).items():
            path = Path(name) if Path(name).is_absolute() else cwd / name
            if not path.is_file():
                changed.append(f"run {r['name']}: input {name} is missing")
            elif sha256_file(path) != sha:
                changed.append(f"run {r['name']}: input {name} changed")
        grid.append({"name": r["name"], "notebook": str(nb), "parameters": r.get("parameters", {})})
    if grid:
        with tempfile.TemporaryDirectory(prefix="researchlib-verify-") as tmp:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = run_batch(
                    grid=grid, out=tmp, force=True, progress=False,
                    show_code=bool(recorded_show_code(options)),
                    cell_timeout=options.get("cell_timeout"), run_timeout=options.get("run_timeout"),
                )
            statuses = {rec.name: rec for rec in result.runs}
            for r in runs:
                rec = statuses.get(r["name"])
                if rec is None:
                    continue
                if not rec.ok:
                    differences.append(
                        f"run {r['name']}: failed on re-execution ({rec.error_name}: "
                        f"{_short(rec.error_message)})"
                    )
                for kind, entry in sorted(r["outputs"].items()):
                    recorded = run_dir / entry["path"]
                    fresh = Path(tmp) / entry["path"]
                    checked.append(entry["path"])
                    if not recorded.is_file():
                        differences.append(f"run {r['name']}: {entry['path']} missing from {run_dir}")
                    elif not fresh.is_file():
                        differences.append(f"run {r['name']}: {entry['path']} was not re-created")
                    elif recorded.read_bytes() != fresh.read_bytes():
                        if kind == "ipynb":
                            differences.extend(_notebook_differences(r["name"], recorded, fresh))
                        else:
                            differences.append(_html_difference(r["name"], recorded, fresh))
    changed = sorted(set(changed))
    differences.extend(changed)
    return VerifyReport(
        run_dir=run_dir, kind="batch", identical=not differences,
        differences=differences, checked=checked, changed_inputs=changed,
    )
