"""Manifests: the one writer and the one reader of ``manifest.json`` (prepare's and batch's).

A manifest records what went into a folder of artefacts and what came out,
with every volatile fact (times, durations, absolute paths, the platform) kept
here and never inside the artefacts.  :func:`new_manifest` gives the part every
manifest shares; each writer adds its own entries and calls :func:`write_manifest`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from ._env import environment_fingerprint, environment_info
from ._io import sha256_file, write_json_atomic

__all__ = ["MANIFEST_VERSION", "now", "new_manifest", "write_manifest", "read_manifest",
           "warning_records", "mismatched_outputs", "file_entry"]

#: Version of the manifest layout.
MANIFEST_VERSION = 1


def now() -> str:
    """The current UTC time, ISO 8601 to the second (for manifests only)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def warning_records(caught) -> list[dict]:
    """``{"category", "message"}`` of each warning (``warnings.WarningMessage`` or such a dict)."""
    out = []
    for w in caught:
        if isinstance(w, dict):
            out.append({"category": w.get("category"), "message": w.get("message")})
        else:
            out.append({"category": w.category.__name__, "message": str(w.message)})
    return out


def file_entry(path: str | Path, *, rows: int | None = None) -> dict:
    """``{"sha256", "bytes"}`` (and ``rows`` when given) of one output file."""
    path = Path(path)
    entry = {"sha256": sha256_file(path)}
    if rows is not None:
        entry["rows"] = rows
    entry["bytes"] = path.stat().st_size
    return entry


def new_manifest(kind: str, **entries) -> dict:
    """The entries every manifest starts with, then ``entries`` in the order given.

    Parameters
    ----------
    kind : {"prepare", "batch"}
        What wrote it; :func:`researchlib.provenance.verify` dispatches on it.
    **entries
        The writer's own entries (inputs, parameters, outputs, ...).

    Returns
    -------
    dict
        ``kind``, ``manifest_version``, then ``entries``, then ``environment``
        (:func:`researchlib._env.environment_info`) and ``fingerprint``.
    """
    return {
        "kind": kind,
        "manifest_version": MANIFEST_VERSION,
        **entries,
        "environment": environment_info(),
        "fingerprint": environment_fingerprint(),
    }


def write_manifest(path: str | Path, manifest: dict) -> None:
    """Write ``manifest`` atomically as ``path`` (UTF-8 JSON)."""
    write_json_atomic(path, manifest)


def read_manifest(path: str | Path) -> dict | None:
    """The manifest at ``path``, or None when it is missing or not a JSON object."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def mismatched_outputs(folder: str | Path, manifest: dict, names) -> list[str]:
    """Those of ``names`` (files in ``folder``) that are missing or differ from the manifest's record."""
    outputs = manifest.get("outputs") or {}
    folder = Path(folder)
    mismatched = []
    for name in names:
        entry = outputs.get(name)
        path = folder / name
        if not entry or not path.is_file() or sha256_file(path) != entry.get("sha256"):
            mismatched.append(name)
    return mismatched
