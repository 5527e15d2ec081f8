"""Provenance: what went into an artefact (inputs, code, environment) and re-checking it.

``environment_info()`` describes the code and environment; manifests written by
``prepare`` and ``batch`` embed it.  Volatile facts (times, durations, absolute
paths) live only in manifests, never inside the artefacts themselves.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ._io import sha256_file

#: Packages whose versions every manifest records.
TRACKED_PACKAGES = (
    "researchlib", "pandas", "numpy", "pyarrow", "nltk", "vaderSentiment", "lemminflect",
    "matplotlib", "papermill", "nbclient", "nbconvert", "nbformat", "ipykernel", "dask",
    "distributed", "pyyaml",
)

REPO_ROOT = Path(__file__).resolve().parents[1]


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def git_state(root: str | Path = REPO_ROOT) -> dict:
    """``{"commit": sha or None, "dirty": bool or None}`` of the repository at ``root``."""
    def _git(*args: str) -> str | None:
        try:
            out = subprocess.run(
                ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, check=True
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip()

    commit = _git("rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "dirty": None}
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


@lru_cache(maxsize=1)
def environment_info() -> dict:
    """Code and environment facts for a manifest (cached per process).

    Returns
    -------
    dict
        ``python``, ``platform``, ``researchlib``, ``packages`` (name -> version),
        ``lock_sha256`` (of requirements.lock when found), ``git`` (commit, dirty).
    """
    lock = REPO_ROOT / "requirements.lock"
    return {
        "python": platform.python_version(),
        "implementation": sys.implementation.name,
        "platform": platform.platform(),
        "researchlib": _version("researchlib"),
        "packages": {name: _version(name) for name in TRACKED_PACKAGES},
        "lock_sha256": sha256_file(lock) if lock.is_file() else None,
        "git": git_state(),
    }


def environment_fingerprint() -> dict:
    """The stable part of :func:`environment_info` (no platform string, no git dirty flag).

    Two runs whose fingerprints are equal are expected to give identical artefacts.
    """
    info = environment_info()
    return {
        "python": info["python"],
        "researchlib": info["researchlib"],
        "packages": info["packages"],
        "lock_sha256": info["lock_sha256"],
    }
