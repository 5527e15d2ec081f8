"""What a ``prepare`` run depends on: raw files, lexicon files, parameters, code, environment.

:func:`run_key` hashes all of it; when the key and the outputs match the folder's
manifest, ``prepare`` has nothing to do (:func:`up_to_date`).  The code's part is
:func:`researchlib._env.code_version`, which covers every file of the package, so an
edit to any module (cleaning rules included) makes the next run recompute.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from pathlib import Path

from .. import __version__, exceptions
from .._env import code_version, environment_fingerprint, repo_relative
from .._manifest import mismatched_outputs, read_manifest
from ..exceptions import InputFileError, ResearchlibWarning
from ..lexicon import load_lexicon
from ..tables import TABLES

__all__ = ["lexicon_specs", "run_key", "up_to_date", "space_needed", "clear_stale_temp", "reemit"]


def lexicon_specs(lexicons, *, inflect: bool | None = None) -> tuple:
    """Each extra lexicon file checked (loaded once, here) and described with its bytes.

    ``inflect`` is the word rule asked for (None: each file's format's own rule);
    each spec records it and the rule that applies (``matching``).

    Raises
    ------
    InputFileError
        A path that is not a file.
    LexiconError
        A lexicon that does not load (its file and line).
    """
    if isinstance(lexicons, str | os.PathLike):
        lexicons = [lexicons]
    specs = []
    for given in lexicons:
        path = Path(given)
        if not path.is_file():
            raise InputFileError(f"lexicons: {str(given)!r} is not a file (a .yaml, .dic or .cat lexicon)")
        loaded = load_lexicon(path, inflect=inflect)  # fail early, here, with the file and line
        content = path.read_bytes()
        specs.append(
            {
                "given": str(given),
                "repo_relative": repo_relative(path),
                "absolute": str(path.resolve()),
                "filename": path.name,
                "content": content,
                "sha256": hashlib.sha256(content).hexdigest(),
                "inflect": inflect,
                "matching": loaded.matching,
            }
        )
    return tuple(specs)


def run_key(raw_files: list[dict], specs: tuple, parameters: dict) -> str:
    """The hash of everything the run's outputs depend on."""
    return hashlib.sha256(
        json.dumps(
            {
                "raw_files": [[f["path"], f["sha256"]] for f in raw_files],
                "lexicons": [[s["filename"], s["sha256"], s["matching"]] for s in specs],
                "parameters": parameters,
                "code_version": code_version(),
                "fingerprint": environment_fingerprint(),
                "researchlib": __version__,
            },
            sort_keys=True,
        ).encode()
    ).hexdigest()


def up_to_date(out_dir: Path, key: str) -> dict | None:
    """The folder's manifest when it records run ``key`` and its tables are unchanged, else None."""
    old = read_manifest(out_dir / "manifest.json")
    if (old and old.get("kind") == "prepare" and old.get("run_key") == key
            and not mismatched_outputs(out_dir, old, [f"{name}.parquet" for name in TABLES])):
        return old
    return None


def space_needed(raw_files: list[dict], cache: bool) -> int:
    """Bytes of free space a prepare run needs in ``out`` (a generous estimate)."""
    raw_bytes = sum(f["bytes"] for f in raw_files)
    return (3 if cache else 2) * raw_bytes + 16 * 2**20


def clear_stale_temp(out: Path) -> None:
    """Remove temporary folders left in ``out`` by prepare runs whose process is gone."""
    for tmp in out.glob(".prepare-*.tmp"):
        try:
            pid = int(tmp.name.split("-")[1].split(".")[0])
        except (IndexError, ValueError):
            continue
        if pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(tmp, ignore_errors=True)
        except PermissionError:
            pass


def _warning_class(name: str) -> type[Warning]:
    cls = getattr(exceptions, name, None)
    if isinstance(cls, type) and issubclass(cls, Warning):
        return cls
    return ResearchlibWarning if name.endswith("Warning") else UserWarning


def reemit(records: list[dict]) -> None:
    """Raise again, in this process, the warnings recorded as ``{"category", "message"}``."""
    for record in records:
        warnings.warn(record["message"], _warning_class(record["category"]), stacklevel=3)
