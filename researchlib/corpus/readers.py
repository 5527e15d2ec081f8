"""Readers: files on disk -> records (one per document), through a registry keyed by file type.

Each reader of :data:`READERS` turns one file into a list of records (text,
metadata fields, origin for error messages, sha256 of the raw bytes); a folder
with ``metadata.csv`` is read as one unit.  :func:`list_input_files` names every
file a corpus path would be read from, for ``prepare``'s run key and ``verify``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .._io import sha256_file
from .._suggest import did_you_mean
from ..exceptions import (
    DecodingError,
    EncodingFallbackWarning,
    FrontMatterError,
    InputFileError,
    SchemaError,
)

__all__ = ["READERS", "list_input_files", "frame_jsonl", "read_jsonl_bytes"]

def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``. See :func:`load_corpus` for the rules."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        try:
            return data[2:].decode(encoding), encoding
        except UnicodeDecodeError as err:
            raise DecodingError(
                f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                f"(byte {err.start + 2}); save it as UTF-8"
            ) from err
    else:
        encoding, body = "utf-8", data
    if b"\0" in body:
        raise InputFileError(
            f"{name}: contains NUL bytes (at byte {data.index(0)}) and no UTF-16 byte-order "
            "mark, so it looks like a binary file; give a text file (UTF-8, UTF-16 with BOM "
            "or cp1252)"
        )
    try:
        return body.decode("utf-8"), encoding
    except UnicodeDecodeError as err:
        utf8_error = err
    try:
        text = body.decode("cp1252")
    except UnicodeDecodeError as err:
        raise DecodingError(
            f"{name}: not UTF-8 (bad byte at {utf8_error.start}) and not cp1252 (byte "
            f"0x{body[err.start]:02x} at {err.start} is undefined); save it as UTF-8"
        ) from err
    warnings.warn(
        f"{name}: not valid UTF-8 (bad byte at {utf8_error.start}); decoded as cp1252",
        EncodingFallbackWarning,
        stacklevel=3,
    )
    return text, "cp1252"


# ---------------------------------------------------------------------------
# Readers: one file -> a list of records
# ---------------------------------------------------------------------------


@dataclass
class Record:
    """One document before assembly."""

    doc_id: str | None
    text: str
    fields: dict
    rel_path: str
    sha256: str
    origin: str  # "file", "file line 3", "file row 2 (line 3)" for error messages
    id_given: bool = False
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Options:
    text_column: str
    id_column: str | None
    #: Called with each record as soon as it is read (prepare starts cleaning early).
    on_read: Callable | None = None
    #: Bytes and sha256 of files already read, by ``os.path.abspath`` (prepare hashes the
    #: raw files for its run key first; their text is then taken from that same read).
    known: Mapping[str, tuple[bytes, str]] | None = None

    def read(self, records: list) -> list:
        if self.on_read is not None:
            for record in records:
                self.on_read(record)
        return records


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_FENCE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def _split_front_matter(text: str, name: str) -> tuple[dict, str]:
    if not (text.startswith("---") and text[:4].rstrip(" \t\r\n") == "---"):
        return {}, text
    first_break = text.find("\n")
    if first_break < 0 or text[:first_break].strip() != "---":
        return {}, text
    closing = _FENCE_RE.search(text, first_break + 1)
    if closing is None:
        raise FrontMatterError(
            f"{name}: line 1: front matter opens with '---' but has no closing '---' line"
        )
    block = text[first_break + 1 : closing.start()]
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        last = block.count("\n") + (not block.endswith("\n")) + 1  # last line of the block
        line = min(mark.line + 2, last) if mark is not None else 2
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise FrontMatterError(
            f"{name}: line {line}: front matter is not valid YAML: {problem}"
        ) from err
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(
            f"{name}: line 2: front matter must be a mapping of keys to values "
            f"(key: value), got {type(meta).__name__}"
        )
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    return {str(k): v for k, v in meta.items()}, text[body_start:]


def _read_text_file(path: Path, rel: str, options: Options) -> list[Record]:
    seen = options.known.get(os.path.abspath(path)) if options.known else None
    data, digest = seen if seen is not None else (path.read_bytes(), None)
    text, _ = _decode(data, rel)
    meta, body = _split_front_matter(text, rel)
    doc_id = meta.pop("id", None)
    return [
        Record(
            doc_id=None if doc_id is None else str(doc_id),
            text=body,
            fields=meta,
            rel_path=rel,
            sha256=digest or _sha(data),
            origin=rel,
            id_given=doc_id is not None,
        )
    ]


def _pick_id_column(columns, options: Options, name: str) -> str | None:
    if options.id_column is not None:
        if options.id_column not in columns:
            raise SchemaError(
                f"{name}: id_column={options.id_column!r} is not a column"
                f"{did_you_mean(options.id_column, map(str, columns))}; "
                f"columns present: {sorted(map(str, columns))}"
            )
        return options.id_column
    for candidate in ("doc_id", "id"):
        if candidate in columns and candidate != options.text_column:
            return candidate
    return None


def _record_from_row(row: dict, *, rel, stem, number, origin, raw, options, id_col) -> Record:
    text = row.pop(options.text_column)
    if text is None:
        text = ""
    elif not isinstance(text, str):
        raise InputFileError(
            f"{origin}: field {options.text_column!r} must be a string, "
            f"got {type(text).__name__} {text!r:.40}"
        )
    doc_id = None
    if id_col is not None:
        value = row.pop(id_col)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise InputFileError(f"{origin}: id column {id_col!r} is empty")
        doc_id = str(value)
    return Record(
        doc_id=doc_id if doc_id is not None else f"{stem}-{number}",
        text=text,
        fields=row,
        rel_path=rel,
        sha256=_sha(raw),
        origin=origin,
        id_given=doc_id is not None,
    )


def _read_jsonl(path: Path, rel: str, options: Options) -> list[Record]:
    return read_jsonl_bytes(path.read_bytes(), rel, path.stem, options)


def read_jsonl_bytes(data: bytes, rel: str, stem: str, options: Options) -> list[Record]:
    """Records of JSONL ``data`` (named ``rel`` in messages; default ids ``<stem>-<n>``)."""
    text, encoding = _decode(data, rel)
    records = []
    id_col = "unset"
    for line_no, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        origin = f"{rel} line {line_no}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputFileError(
                f"{origin}: not valid JSON ({err.msg} at column {err.colno}); each line of a "
                ".jsonl file must be one JSON object"
            ) from err
        if not isinstance(obj, dict):
            raise InputFileError(f"{origin}: expected a JSON object, got {type(obj).__name__}")
        if options.text_column not in obj:
            raise SchemaError(
                f"{origin}: no text field {options.text_column!r}"
                f"{did_you_mean(options.text_column, obj)} (pass text_column=...); "
                f"fields present: {sorted(obj)}"
            )
        if id_col == "unset":
            id_col = _pick_id_column(obj, options, origin)
        elif id_col is not None and id_col not in obj:
            raise SchemaError(f"{origin}: no id field {id_col!r}; fields present: {sorted(obj)}")
        records.append(
            _record_from_row(
                obj,
                rel=rel,
                stem=stem,
                number=len(records) + 1,
                origin=origin,
                raw=line.encode(encoding),
                options=options,
                id_col=id_col,
            )
        )
    return records


class _LineTap:
    """Iterate over lines while remembering the ones consumed since the last ``take``."""

    def __init__(self, text: str):
        self._lines = iter(io.StringIO(text, newline=""))
        self._taken: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._taken.append(line)
        return line

    def take(self) -> str:
        raw, self._taken = "".join(self._taken), []
        return raw


def _raise_field_limit(size: int) -> None:
    if csv.field_size_limit() < size:
        csv.field_size_limit(min(size, 2**31 - 1))


def read_csv_rows(path: Path, rel: str):
    """Yield ``(header, row_dict, line_no, raw_bytes)`` of a CSV file; check its shape."""
    data = path.read_bytes()
    text, encoding = _decode(data, rel)
    _raise_field_limit(len(text) + 1)
    tap = _LineTap(text)
    reader = csv.reader(tap)
    try:
        header = next(reader)
    except StopIteration:
        raise InputFileError(f"{rel}: empty CSV file; expected a header row") from None
    except csv.Error as err:
        raise InputFileError(f"{rel} line 1: malformed CSV header: {err}") from err
    tap.take()
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise SchemaError(f"{rel}: duplicated column names {duplicated}; columns: {header}")
    line_no = 2
    last = ("", line_no)  # raw text and first line of the latest record
    while True:
        try:
            row = next(reader)
        except StopIteration:
            _check_closed(last[0], rel, last[1])
            return
        except csv.Error as err:
            raise InputFileError(f"{rel} line {line_no}: malformed CSV: {err}") from err
        raw = tap.take()
        last = (raw, line_no)
        if row:
            if len(row) > len(header):
                raise InputFileError(
                    f"{rel} line {line_no}: {len(row)} fields but the header has "
                    f"{len(header)} ({header})"
                )
            values = dict(zip(header, row))
            for column in header[len(row) :]:
                values[column] = None
            yield header, values, line_no, raw.encode(encoding)
        line_no = reader.line_num + 1


def _check_closed(raw: str, rel: str, line_no: int) -> None:
    """Raise if the last CSV record ends inside a quoted field.

    Python's lenient CSV reader takes an opening quote that never closes as a field
    running to the end of the file, which would silently swallow every later record.
    """
    if '"' not in raw:
        return
    try:
        for _ in csv.reader(io.StringIO(raw, newline=""), strict=True):
            pass
    except csv.Error as err:
        if "unexpected end of data" in str(err):
            raise InputFileError(
                f"{rel} line {line_no}: a quoted field opened in this record never closes "
                "(a '\"' is missing), so the rest of the file would be read as one field"
            ) from err


def _read_csv(path: Path, rel: str, options: Options) -> list[Record]:
    records = []
    id_col = "unset"
    for header, row, line_no, raw in read_csv_rows(path, rel):
        if id_col == "unset":
            if options.text_column not in header:
                raise SchemaError(
                    f"{rel}: no text column {options.text_column!r}"
                    f"{did_you_mean(options.text_column, header)} (pass text_column=...); "
                    f"columns present: {header}"
                )
            id_col = _pick_id_column(header, options, rel)
        number = len(records) + 1
        records.append(
            _record_from_row(
                row,
                rel=rel,
                stem=path.stem,
                number=number,
                origin=f"{rel} row {number} (line {line_no})",
                raw=raw,
                options=options,
                id_col=id_col,
            )
        )
    if id_col == "unset":  # header only: still check the text column
        header = next(iter(_peek_header(path, rel)))
        if options.text_column not in header:
            raise SchemaError(
                f"{rel}: no text column {options.text_column!r}"
                f"{did_you_mean(options.text_column, header)} (pass text_column=...); "
                f"columns present: {header}"
            )
    return records


def _peek_header(path: Path, rel: str):
    text, _ = _decode(path.read_bytes(), rel)
    yield next(csv.reader(io.StringIO(text, newline="")), [])


#: Registry of readers by file extension: each turns one file into records.
READERS = {
    ".txt": _read_text_file,
    ".md": _read_text_file,
    ".jsonl": _read_jsonl,
    ".csv": _read_csv,
}


def _reader_for(path: Path, name: str):
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputFileError(
            f"{name}: unsupported file type {path.suffix or '(no extension)'!r}; "
            f"supported: {sorted(READERS)} or a folder"
        )
    return reader


# ---------------------------------------------------------------------------
# Metadata folders
# ---------------------------------------------------------------------------


def _read_metadata_folder(root: Path, options: Options) -> list[Record]:
    meta_path = root / "metadata.csv"
    records = []
    id_col = "unset"
    for header, row, line_no, _raw in read_csv_rows(meta_path, "metadata.csv"):
        origin = f"metadata.csv line {line_no}"
        if id_col == "unset":
            if "path" not in header:
                raise SchemaError(
                    f"metadata.csv: needs a 'path' column naming each text file; "
                    f"columns present: {header}"
                )
            id_col = _pick_id_column(header, options, "metadata.csv")
        rel = (row.pop("path") or "").strip()
        if not _is_inside(rel):
            raise InputFileError(
                f"{origin}: path {rel!r} must name a file inside {root} (relative, no '..')"
            )
        target = root / rel  # links the user made inside the folder are followed
        if not target.is_file():
            raise InputFileError(f"{origin}: file {rel!r} named in metadata.csv does not exist")
        if target.suffix.lower() not in _ONE_DOCUMENT:
            raise InputFileError(f"{origin}: {rel!r} must be one of {sorted(_ONE_DOCUMENT)}")
        rel_posix = Path(rel).as_posix()
        (record,) = _read_text_file(target, rel_posix, options)
        record.origin = f"{rel_posix} ({origin})"
        if id_col is not None:
            value = row.pop(id_col)
            if not value or not value.strip():
                raise InputFileError(f"{origin}: id column {id_col!r} is empty")
            record.doc_id, record.id_given = value, True
        row.update(record.fields)  # front matter of the file itself wins over metadata.csv
        record.fields = row
        records.append(record)
        options.read([record])
    records.sort(key=lambda r: r.rel_path)
    return records


def _is_inside(rel: str) -> bool:
    """Whether ``rel`` names a path below its folder, judged by its words alone.

    Absolute paths and ``..`` are refused; symbolic links inside the folder are not
    resolved here, so a corpus whose user linked a folder of texts into it is read.
    """
    if not rel or rel.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", rel):
        return False
    parts = re.split(r"[/\\]", rel)
    return ".." not in parts and parts[-1] not in ("", ".")


#: File names that document a folder rather than belong to the corpus (case-insensitive stems).
_DOC_FILE_STEMS = frozenset({"readme", "source", "license", "licence"})


def _is_doc_file(path: Path) -> bool:
    """A folder's README, SOURCE or LICENSE (also ``UPSTREAM_README`` and the like)."""
    stem = path.stem.lower()
    return stem in _DOC_FILE_STEMS or any(stem.endswith(f"_{s}") for s in _DOC_FILE_STEMS)


def _collect_folder(root: Path, folder: Path, options: Options, seen: frozenset) -> list[Record]:
    """Every document below ``folder``: a sub-folder with ``metadata.csv`` is one unit.

    Linked folders are followed; ``seen`` (real paths) stops a link that loops back.
    """
    real = os.path.realpath(folder)
    if real in seen:
        return []
    seen = seen | {real}
    prefix = folder.relative_to(root)
    if (folder / "metadata.csv").is_file():
        records = _read_metadata_folder(folder, options)
        if prefix.parts:
            for record in records:
                record.rel_path = (prefix / record.rel_path).as_posix()
                record.origin = f"{prefix.as_posix()}/{record.origin}"
        return records
    records: list[Record] = []
    for child in sorted(folder.iterdir(), key=lambda p: p.name):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            records.extend(_collect_folder(root, child, options, seen))
        elif child.is_file() and child.suffix.lower() in READERS and not _is_doc_file(child):
            rel = child.relative_to(root).as_posix()
            records.extend(options.read(READERS[child.suffix.lower()](child, rel, options)))
    return records


def collect(root: Path, options: Options) -> list[Record]:
    if not root.exists():
        raise InputFileError(f"{root}: no such file or folder")
    if root.is_file():
        return options.read(_reader_for(root, str(root))(root, root.name, options))
    if not root.is_dir():
        raise InputFileError(f"{root}: neither a regular file nor a folder")
    records = _collect_folder(root, root, options, frozenset())
    records.sort(key=lambda r: r.rel_path)
    return records


def frame_jsonl(frame, *, text_column: str = "text", id_column: str | None = None) -> bytes:
    """A DataFrame of documents as JSONL bytes: one object per row, in row order.

    Missing values become ``null``, timestamps ISO 8601 strings, numpy numbers
    Python numbers.  When the frame has no id column (``id_column``, ``doc_id`` or
    ``id``), each object gets ``"doc_id": "doc-<n>"`` (1-based), so that the
    documents of a frame have the same ids whether it is loaded in memory or
    written first (``prepare`` keeps this copy as ``input.jsonl``).

    Raises
    ------
    SchemaError
        ``frame`` has no ``text_column`` (with the nearest column names).
    """
    columns = [str(c) for c in frame.columns]
    if text_column not in columns:
        raise SchemaError(
            f"data: no text column {text_column!r}{did_you_mean(text_column, columns)} "
            f"(pass text_column=...); columns present: {columns}"
        )
    if id_column is not None and id_column not in columns:
        raise SchemaError(
            f"data: id_column={id_column!r} is not a column{did_you_mean(id_column, columns)}; "
            f"columns present: {columns}"
        )
    add_ids = id_column is None and not ({"doc_id", "id"} & set(columns) - {text_column})
    lines = []
    for n, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        obj = {"doc_id": f"doc-{n}"} if add_ids else {}
        for name, value in zip(columns, row):
            if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value)
                                 and pd.isna(value)):
                obj[name] = None
            elif isinstance(value, pd.Timestamp):
                obj[name] = value.isoformat()
            elif hasattr(value, "item") and not isinstance(value, str):
                obj[name] = value.item()
            else:
                obj[name] = value
        lines.append(json.dumps(obj, ensure_ascii=False, default=str))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


#: File types read as one document per file (their bytes can be kept, see list_input_files).
_ONE_DOCUMENT = frozenset(s for s, reader in READERS.items() if reader is _read_text_file)


def list_input_files(path, *, keep: dict | None = None, keep_bytes: int = 256 * 2**20) -> list[dict]:
    """Every file :func:`researchlib.corpus.load_corpus` may read under ``path``, with its digest.

    The file types are those of the reader registry (:data:`READERS`); hidden files
    and folders are skipped; linked folders are followed (once each).  A superset of
    what is read (a folder's README is listed too), so that any change to the
    corpus changes the list.

    Parameters
    ----------
    path : str or path
        A corpus file or folder.
    keep : dict, optional
        Receives the bytes and sha256 of one-document files read for hashing (up to
        ``keep_bytes`` in all), by ``os.path.abspath``, so that loading need not
        read and hash them again.
    keep_bytes : int, default=256 MiB

    Returns
    -------
    list of dict
        ``{"path": relative POSIX path (the file name for a file), "sha256", "bytes"}``,
        sorted by path.
    """
    root = Path(path)
    if root.is_file():
        paths = [(str(root), root.name)]
    else:  # os.walk rather than Path.rglob: a corpus has thousands of files
        paths, seen = [], set()
        top = str(root)
        for folder, subfolders, names in os.walk(top, followlinks=True):
            real = os.path.realpath(folder)
            if real in seen:
                subfolders[:] = []
                continue
            seen.add(real)
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            prefix = os.path.relpath(folder, top).replace(os.sep, "/")
            for name in names:
                if name.startswith(".") or os.path.splitext(name)[1].lower() not in READERS:
                    continue
                file = os.path.join(folder, name)
                if os.path.isfile(file):  # not a broken link
                    paths.append((file, name if prefix == "." else f"{prefix}/{name}"))
        paths.sort(key=lambda p: p[1])
    files, kept = [], 0
    for file, rel in paths:
        size = os.stat(file).st_size
        suffix = os.path.splitext(file)[1].lower()
        if keep is not None and suffix in _ONE_DOCUMENT and kept + size <= keep_bytes:
            with open(file, "rb") as fh:
                data = fh.read()
            digest = hashlib.sha256(data).hexdigest()
            keep[os.path.abspath(file)] = (data, digest)
            kept += len(data)
            size = len(data)
        else:  # streamed: a large CSV is never held whole just to be hashed
            digest = sha256_file(file)
        files.append({"path": rel, "sha256": digest, "bytes": size})
    return files

