"""Safe file output: atomic writes, hashing and output-folder checks shared by every stage.

Outputs are written to a temporary file in the target folder and renamed into
place, so a run killed at any moment leaves either the old file or the new one,
never half of one.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .exceptions import OutputError, ParameterError

_CHUNK = 1 << 20


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: the only portable read sets it, so set it straight back
    os.umask(mask)
    return mask


def sha256_file(path: str | os.PathLike) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@contextmanager
def atomic_path(path: str | os.PathLike):
    """Yield a temporary path beside ``path``; rename it onto ``path`` on success.

    On an exception the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared like any other file
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def dumps_json(obj) -> str:
    """Canonical JSON: sorted keys, two-space indent, trailing newline, UTF-8 kept."""
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def write_json_atomic(path: str | os.PathLike, obj) -> None:
    """Write ``obj`` as canonical JSON to ``path`` atomically."""
    write_text_atomic(path, dumps_json(obj))


def ensure_output_dir(path: str | os.PathLike, *, argument: str = "out", min_free_bytes: int = 0) -> Path:
    """Create ``path`` if needed and check it is a writable folder with room.

    Raises
    ------
    OutputError
        If the folder cannot be created or written, or has less than
        ``min_free_bytes`` free, naming the argument and the folder.
    """
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{argument}={str(folder)!r}: cannot create the output folder ({err.strerror})") from err
    if not folder.is_dir():
        raise OutputError(f"{argument}={str(folder)!r} exists and is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{argument}={str(folder)!r}: the output folder is not writable")
    if min_free_bytes:
        free = shutil.disk_usage(folder).free
        if free < min_free_bytes:
            raise OutputError(
                f"{argument}={str(folder)!r}: only {free // 2**20} MiB free, "
                f"need at least {min_free_bytes // 2**20} MiB"
            )
    return folder


def safe_name(name: str, *, argument: str = "name", max_length: int = 120) -> str:
    """A file-name-safe version of ``name`` that cannot escape its folder.

    Letters, digits, ``-``, ``_`` and ``.`` are kept; everything else becomes
    ``_``; leading dots are removed.  NUL bytes and path separators can never
    survive, so ``../../x`` becomes ``x`` and ``a/b`` becomes ``a_b``: names stay inside.

    Raises
    ------
    OutputError
        If nothing usable is left.
    """
    if not isinstance(name, str):
        name = str(name)
    cleaned = "".join(ch if (ch.isascii() and (ch.isalnum() or ch in "-_.")) else "_" for ch in name)
    cleaned = cleaned.lstrip("._")[:max_length].rstrip("_")
    if not cleaned or cleaned in {".", ".."}:
        raise OutputError(f"{argument}={name!r} gives no usable file name; use letters, digits, '-', '_' or '.'")
    return cleaned


def inside(folder: str | os.PathLike, name: str, *, argument: str = "name") -> Path:
    """``folder / name`` after checking the result stays inside ``folder``."""
    base = Path(folder).resolve()
    if "\x00" in name:
        raise OutputError(f"{argument}={name!r} contains a NUL byte")
    candidate = (base / name).resolve()
    if candidate != base and base not in candidate.parents:
        raise OutputError(f"{argument}={name!r} would write outside {str(folder)!r}")
    return candidate


def read_alias_file(path: str | os.PathLike, *, argument: str) -> dict:
    """``{alias: canonical}`` from a ``.json`` object or a ``.csv`` with ``alias,canonical`` columns.

    Used for the speaker and country alias tables a user adds; ``argument`` names the
    parameter in error messages.

    Raises
    ------
    ParameterError
        A missing file, another suffix, a JSON value that is not an object, a CSV without
        the two columns, or bytes that are not UTF-8 (the message names ``argument`` and
        the path).
    """
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"{argument}={str(path)!r}: no such file")
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("the file must hold one JSON object {alias: canonical}")
            return data
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                if reader.fieldnames is None or not {"alias", "canonical"} <= set(reader.fieldnames):
                    raise ValueError(f"columns {reader.fieldnames} lack 'alias' and 'canonical'")
                return {row["alias"]: row["canonical"] for row in reader}
    except (ValueError, UnicodeDecodeError) as err:
        raise ParameterError(f"{argument}={str(path)!r}: cannot read it: {err}") from err
    raise ParameterError(f"{argument}={str(path)!r}: must end in .json or .csv")
