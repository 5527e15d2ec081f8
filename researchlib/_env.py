"""Facts about the running code and environment, for manifests and cache keys (a leaf module).

Nothing here runs at import.  :func:`code_version` hashes researchlib's own
files when first asked (and again only when one of them changed on disk);
:func:`project_root` finds the checkout researchlib runs from, if any, by
looking upward for its ``pyproject.toml``; :func:`environment_info` and
:func:`environment_fingerprint` describe the interpreter, the tracked packages
and the lock for every manifest.
"""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

__all__ = [
    "TRACKED_PACKAGES", "PACKAGE_DIR", "code_version", "project_root", "git_state",
    "environment_info", "environment_fingerprint", "repo_relative",
]

#: Packages whose versions every manifest records.
TRACKED_PACKAGES = (
    "researchlib", "pandas", "numpy", "pyarrow", "nltk", "vaderSentiment", "lemminflect",
    "matplotlib", "papermill", "nbclient", "nbconvert", "nbformat", "ipykernel", "dask",
    "distributed", "pyyaml",
)

#: The installed package's folder (a path computation, no I/O).
PACKAGE_DIR = Path(__file__).resolve().parent

#: Files of the package that decide its results: sources, the C twin, packaged data.
_CODE_SUFFIXES = (".py", ".c", ".h", ".yaml", ".json", ".txt", ".dic", ".cat")


def _package_files() -> list[tuple[str, str]]:
    """``(relative path, absolute path)`` of every code or data file of the package, sorted."""
    found = []
    top = str(PACKAGE_DIR)
    for folder, subfolders, names in os.walk(top):
        subfolders[:] = sorted(d for d in subfolders
                               if not d.startswith((".", "__pycache__")) and d != "_nltk_data")
        rel_folder = os.path.relpath(folder, top).replace(os.sep, "/")
        for name in names:
            if name.endswith(_CODE_SUFFIXES) and not name.startswith("."):
                rel = name if rel_folder == "." else f"{rel_folder}/{name}"
                found.append((rel, os.path.join(folder, name)))
    return sorted(found)


_CODE_CACHE: dict = {}


def code_version() -> str:
    """A short hash of every source file, the C source and the packaged data of researchlib.

    Part of every cache key and of ``prepare``'s up-to-date check: editing any
    module (cleaning rules included) makes the next ``prepare`` recompute.  The
    files are hashed on first use and again only when their sizes or
    modification times change.
    """
    files = _package_files()
    signature = tuple((rel, os.stat(path).st_mtime_ns, os.stat(path).st_size) for rel, path in files)
    if _CODE_CACHE.get("signature") != signature:
        h = hashlib.sha256()
        for rel, path in files:
            h.update(rel.encode() + b"\x00")
            with open(path, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
        _CODE_CACHE["signature"] = signature
        _CODE_CACHE["version"] = h.hexdigest()[:16]
    return _CODE_CACHE["version"]


def project_root(start: str | os.PathLike | None = None) -> Path | None:
    """The researchlib checkout above ``start`` (default: the package's folder), or None.

    A folder counts when it holds a ``pyproject.toml`` naming the project
    ``researchlib``; an installed wheel has none above it, so the answer is None.
    """
    here = Path(start).resolve() if start is not None else PACKAGE_DIR
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if 'name = "researchlib"' in text:
                return folder
    return None


def repo_relative(path: str | os.PathLike) -> str | None:
    """``path`` relative to :func:`project_root` (POSIX separators), or None outside it."""
    root = project_root()
    if root is None:
        return None
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def git_state(root: str | os.PathLike | None = None) -> dict:
    """``{"commit": sha or None, "dirty": bool or None}`` of the repository at ``root``.

    ``root`` defaults to :func:`project_root`; with no checkout both are None.
    """
    root = project_root() if root is None else root
    if root is None:
        return {"commit": None, "dirty": None}

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


def _sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=1)
def environment_info() -> dict:
    """Code and environment facts for a manifest (computed once per process).

    Returns
    -------
    dict
        ``python``, ``implementation``, ``platform``, ``researchlib``, ``packages``
        (name -> version), ``lock_sha256`` (of the checkout's requirements.lock,
        None for an installed wheel), ``git`` (commit, dirty).
    """
    root = project_root()
    lock = root / "requirements.lock" if root is not None else None
    return {
        "python": platform.python_version(),
        "implementation": sys.implementation.name,
        "platform": platform.platform(),
        "researchlib": _version("researchlib"),
        "packages": {name: _version(name) for name in TRACKED_PACKAGES},
        "lock_sha256": _sha256_of(lock) if lock is not None and lock.is_file() else None,
        "git": git_state(root) if root is not None else {"commit": None, "dirty": None},
    }


def environment_fingerprint() -> dict:
    """The stable part of :func:`environment_info` (no platform string, no git state), and
    :func:`code_version`.

    Two runs whose fingerprints are equal are expected to give identical artefacts; so a
    batch re-executes its reports when any file of the package changed (a plot's new
    layout, a new cleaning rule), not only when the version number does.
    """
    info = environment_info()
    return {
        "python": info["python"],
        "researchlib": info["researchlib"],
        "code": code_version(),
        "packages": info["packages"],
        "lock_sha256": info["lock_sha256"],
    }
