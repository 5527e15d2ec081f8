"""Corpus stage: read text files, JSONL, CSV or a metadata folder into the documents table.

Reads files from disk; writes the *documents* table of ``docs/design.md``:
``doc_id``, ``text``, ``title``, ``date``, ``source``, ``speaker``, ``path``,
``sha256``, ``n_chars``, ``empty``, ``duplicate_of``, then every extra metadata
field as its own column.

Reading is a dispatcher over a small registry of readers keyed by file
extension (:data:`_READERS`); each reader turns one file into a list of
records, and :func:`load_corpus` cleans, dates, checks and assembles them.
All offsets in later tables refer to the cleaned ``text`` returned here (see
:func:`clean_text`).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date as _date
from datetime import datetime as _datetime
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import yaml

from ._schema import str_series
from ._text import WORD_RE
from .exceptions import (
    DateParseError,
    DecodingError,
    DuplicateDocumentWarning,
    DuplicateIdError,
    EmptyDocumentWarning,
    EncodingFallbackWarning,
    FrontMatterError,
    InputFileError,
    SchemaError,
)

__all__ = ["load_corpus", "clean_text"]

#: Columns every documents table starts with, in this order.
DOCUMENT_COLUMNS = [
    "doc_id",
    "text",
    "title",
    "date",
    "source",
    "speaker",
    "path",
    "sha256",
    "n_chars",
    "empty",
    "duplicate_of",
]
_META_FIELDS = ("title", "date", "source", "speaker")
#: Computed columns; a metadata field with one of these names is kept as ``meta_<name>``.
_COMPUTED = ("text", "path", "sha256", "n_chars", "empty", "duplicate_of")
#: Fields that name a document's speaker when it has no ``speaker`` field.
_SPEAKER_ALIASES = ("author", "president", "signatory")

# ---------------------------------------------------------------------------
# Cleaning
# ---------------------------------------------------------------------------

# C0/C1 controls except \t \n \v \f \r and NEL; zero-width and bidi format characters,
# the soft hyphen, the BOM and U+FFFE/U+FFFF non-characters.
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufffe\uffff]+"
)
_LINE_BREAK_RE = re.compile("\r\n|[\r\x0b\x1c-\x1e\x85\u2028]")
# Any character that steps 1-2 of clean_text would change (most texts have none).
_RARE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f"
    "\u205f-\u2064\u2066-\u206f\u3000\ufeff\ufffe\uffff\t]"
)
_PARA_SEP_RE = re.compile("[\x0c\u2029]")
_SPACE_CHARS_RE = re.compile("[\t\x1f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# KCNA scrape joins: two or more commas separated only by whitespace stand for a paragraph break.
_SCRAPE_JOIN_RE = re.compile(r",(?:[ \n]*,)+[ \n]*")
# A word broken at a line end: "sol-\ndiers", "Secretary-\nGeneral" (the head is found
# by looking back from the hyphen, which keeps the scan fast).
_HYPHEN_BREAK_RE = re.compile(r"-[ ]*\n[ ]*([^\W_]+)")
_HEAD_RE = re.compile(r"[^\W\d_]+$")
_SPACES_RE = re.compile(r" {2,}")
#: Mean characters per line above which a text is one paragraph per line, not hard-wrapped.
_WRAPPED_LINE_LENGTH = 100


class _HyphenRepair:
    """``re.sub`` callback for :data:`_HYPHEN_BREAK_RE` (see :func:`clean_text`, step 4)."""

    #: Above this length, spellings are looked up in a word set rather than by substring search.
    LARGE = 200_000

    def __init__(self, text: str):
        self.text = text
        self.words = None
        if len(text) > self.LARGE:
            self.words = set(WORD_RE.findall(text.lower()))

    def _occurs(self, word: str) -> bool:
        if self.words is None:
            return word in self.text
        return word.lower() in self.words

    def __call__(self, match: re.Match) -> str:
        text, start, tail = self.text, match.start(), match.group(1)
        head = _HEAD_RE.search(text, max(0, start - 64), start)
        if head is None or not tail[0].islower():
            return f"-{tail}"  # "Secretary-\nGeneral", "2011-\n12", "COVID-\n19"
        joined, hyphenated = head.group() + tail, f"{head.group()}-{tail}"
        if self._occurs(hyphenated) and not self._occurs(joined):
            return f"-{tail}"  # the compound is spelled with a hyphen elsewhere
        return tail


def clean_text(text: str) -> str:
    """Clean one document's text; every offset in researchlib refers to this output.

    Steps, in order:

    1. remove control characters (keeping line breaks and tabs), zero-width and
       bidirectional format characters, soft hyphens and byte-order marks;
    2. line breaks: CRLF, CR, NEL, VT and U+2028 become ``\\n``; form feed and
       U+2029 become a paragraph break; tabs and Unicode spaces become a space;
    3. KCNA's scrape joins (``"., ,  Next"``, trailing ``", , , ,"``): two or more
       commas separated only by whitespace become a paragraph break;
    4. line-end hyphenation: ``"sol-\\ndiers"`` -> ``"soldiers"``; the hyphen is
       kept when the second half does not start with a lowercase letter
       (``"Secretary-\\nGeneral"``) or when the hyphenated compound occurs
       elsewhere in the text and the joined form does not (``"mine-\\nclearing"``);
    5. paragraphs: a blank line separates paragraphs (runs of blank lines become
       one); an indented line starts a paragraph; in a text whose lines average
       more than 100 characters (one paragraph per line, like the seed article)
       every line break is a paragraph break; otherwise the text is hard-wrapped
       and a single line break becomes a space;
    6. runs of spaces become one space; the text is stripped; NFC normalisation.

    Curly quotes, dashes and apostrophes are kept as they are (``_text.QUOTE_CHARS``
    lists the quote marks every stage understands). The result has no ``\\r``, no
    tabs, no trailing spaces, and paragraphs separated by exactly ``"\\n\\n"``;
    cleaning is idempotent: ``clean_text(clean_text(x)) == clean_text(x)``.

    Parameters
    ----------
    text : str
        Raw document text.

    Returns
    -------
    str
        The cleaned text.

    Examples
    --------
    >>> clean_text("The sol-\\ndiers were\\nthere.\\n\\n\\nNext , ,  para")
    'The soldiers were there.\\n\\nNext\\n\\npara'
    """
    if not isinstance(text, str):
        raise TypeError(f"clean_text expects a str, got {type(text).__name__}")
    text = _clean_chars(text)
    if "," in text:
        text = _SCRAPE_JOIN_RE.sub("\n\n", text)
    if "\n" in text:
        if "-" in text:
            text = _HYPHEN_BREAK_RE.sub(_HyphenRepair(text), text)
        text = _paragraphs(text)
    if "  " in text:
        text = _SPACES_RE.sub(" ", text)
    text = text.strip(" \n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def _clean_chars_py(text: str) -> str:
    """Steps 1-2 of :func:`clean_text` (the reference for ``_speedups.clean_chars``)."""
    if _RARE_RE.search(text) is not None:  # one scan decides whether steps 1-2 have work
        text = _INVISIBLE_RE.sub("", text)
        text = _LINE_BREAK_RE.sub("\n", text)
        text = _PARA_SEP_RE.sub("\n\n", text)
        text = _SPACE_CHARS_RE.sub(" ", text)
    return text


def _paragraphs_py(text: str) -> str:
    """Step 5 of :func:`clean_text`: paragraphs joined by ``"\\n\\n"``, no single line breaks.

    A blank line (spaces only) ends a paragraph; a line indented with spaces starts
    one; lines inside a paragraph are joined with a space, or each is its own
    paragraph when the text's lines average more than ``_WRAPPED_LINE_LENGTH``
    characters (one paragraph per line rather than hard-wrapped).
    """
    paragraphs: list[list[str]] = []
    current: list[str] | None = None
    gap = False
    for i, line in enumerate(text.split("\n")):
        stripped = line.strip(" ")
        if not stripped:
            gap = True
            continue
        if current is None or gap or (i and line[0] == " "):
            current = [stripped]
            paragraphs.append(current)
        else:
            current.append(stripped)
        gap = False
    n_joins = sum(len(p) for p in paragraphs) - len(paragraphs)
    n_chars = sum(len(line) for p in paragraphs for line in p) + n_joins
    n_chars += 2 * max(len(paragraphs) - 1, 0)
    if n_chars / (n_joins + 1) > _WRAPPED_LINE_LENGTH:
        return "\n\n".join(line for p in paragraphs for line in p)
    return "\n\n".join(" ".join(p) for p in paragraphs)


# Steps 1-2 and 5 in C (researchlib/_speedups.c), where the extension was built at install;
# the Python functions above are the reference, and the fallback without a C compiler.
try:
    from ._speedups import clean_chars as _clean_chars
    from ._speedups import near_key_data as _compiled_near_key_data
    from ._speedups import paragraphs as _paragraphs
except ImportError:  # pragma: no cover - exercised by installs without a C compiler
    _clean_chars, _paragraphs, _compiled_near_key_data = _clean_chars_py, _paragraphs_py, None


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------


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
class _Record:
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
class _Options:
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


def _read_text_file(path: Path, rel: str, options: _Options) -> list[_Record]:
    seen = options.known.get(os.path.abspath(path)) if options.known else None
    data, digest = seen if seen is not None else (path.read_bytes(), None)
    text, _ = _decode(data, rel)
    meta, body = _split_front_matter(text, rel)
    doc_id = meta.pop("id", None)
    return [
        _Record(
            doc_id=None if doc_id is None else str(doc_id),
            text=body,
            fields=meta,
            rel_path=rel,
            sha256=digest or _sha(data),
            origin=rel,
            id_given=doc_id is not None,
        )
    ]


def _pick_id_column(columns, options: _Options, name: str) -> str | None:
    if options.id_column is not None:
        if options.id_column not in columns:
            raise SchemaError(
                f"{name}: id_column={options.id_column!r} is not a column; "
                f"columns present: {sorted(map(str, columns))}"
            )
        return options.id_column
    for candidate in ("doc_id", "id"):
        if candidate in columns and candidate != options.text_column:
            return candidate
    return None


def _record_from_row(row: dict, *, rel, stem, number, origin, raw, options, id_col) -> _Record:
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
    return _Record(
        doc_id=doc_id if doc_id is not None else f"{stem}-{number}",
        text=text,
        fields=row,
        rel_path=rel,
        sha256=_sha(raw),
        origin=origin,
        id_given=doc_id is not None,
    )


def _read_jsonl(path: Path, rel: str, options: _Options) -> list[_Record]:
    data = path.read_bytes()
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
                f"{origin}: no text field {options.text_column!r} (pass text_column=...); "
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
                stem=path.stem,
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


def _read_csv_rows(path: Path, rel: str):
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


def _read_csv(path: Path, rel: str, options: _Options) -> list[_Record]:
    records = []
    id_col = "unset"
    for header, row, line_no, raw in _read_csv_rows(path, rel):
        if id_col == "unset":
            if options.text_column not in header:
                raise SchemaError(
                    f"{rel}: no text column {options.text_column!r} (pass text_column=...); "
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
                f"{rel}: no text column {options.text_column!r} (pass text_column=...); "
                f"columns present: {header}"
            )
    return records


def _peek_header(path: Path, rel: str):
    text, _ = _decode(path.read_bytes(), rel)
    yield next(csv.reader(io.StringIO(text, newline="")), [])


#: Registry of readers by file extension: each turns one file into records.
_READERS = {
    ".txt": _read_text_file,
    ".md": _read_text_file,
    ".jsonl": _read_jsonl,
    ".csv": _read_csv,
}


def _reader_for(path: Path, name: str):
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise InputFileError(
            f"{name}: unsupported file type {path.suffix or '(no extension)'!r}; "
            f"supported: {sorted(_READERS)} or a folder"
        )
    return reader


# ---------------------------------------------------------------------------
# Metadata folders
# ---------------------------------------------------------------------------


def _read_metadata_folder(root: Path, options: _Options) -> list[_Record]:
    meta_path = root / "metadata.csv"
    records = []
    id_col = "unset"
    real_root = root.resolve()
    real_dirs: dict[str, Path] = {}  # resolved once per folder, not once per file
    for header, row, line_no, _raw in _read_csv_rows(meta_path, "metadata.csv"):
        origin = f"metadata.csv line {line_no}"
        if id_col == "unset":
            if "path" not in header:
                raise SchemaError(
                    f"metadata.csv: needs a 'path' column naming each text file; "
                    f"columns present: {header}"
                )
            id_col = _pick_id_column(header, options, "metadata.csv")
        rel = (row.pop("path") or "").strip()
        target = _resolved(root, rel, real_dirs)
        if not rel or Path(rel).is_absolute() or not target.is_relative_to(real_root):
            raise InputFileError(
                f"{origin}: path {rel!r} must name a file inside {root} (relative, no '..')"
            )
        if not target.is_file():
            raise InputFileError(f"{origin}: file {rel!r} named in metadata.csv does not exist")
        if target.suffix.lower() not in (".txt", ".md"):
            raise InputFileError(f"{origin}: {rel!r} must be a .txt or .md file")
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


def _resolved(root: Path, rel: str, real_dirs: dict[str, Path]) -> Path:
    """``(root / rel).resolve()``, resolving each folder once (symbolic links followed)."""
    path = Path(rel)
    if path.name in ("", ".", "..") or path.is_absolute():
        return (root / rel).resolve()
    key = str(path.parent)
    folder = real_dirs.get(key)
    if folder is None:
        folder = real_dirs[key] = (root / path.parent).resolve()
    target = folder / path.name
    return target.resolve() if target.is_symlink() else target


#: File names that document a folder rather than belong to the corpus (case-insensitive stems).
_DOC_FILE_STEMS = frozenset({"readme", "source", "license", "licence"})


def _is_doc_file(path: Path) -> bool:
    return path.stem.lower() in _DOC_FILE_STEMS


def _collect_folder(root: Path, folder: Path, options: _Options) -> list[_Record]:
    """Every document below ``folder``: a sub-folder with ``metadata.csv`` is one unit."""
    prefix = folder.relative_to(root)
    if (folder / "metadata.csv").is_file():
        records = _read_metadata_folder(folder, options)
        if prefix.parts:
            for record in records:
                record.rel_path = (prefix / record.rel_path).as_posix()
                record.origin = f"{prefix.as_posix()}/{record.origin}"
        return records
    records: list[_Record] = []
    for child in sorted(folder.iterdir(), key=lambda p: p.name):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            records.extend(_collect_folder(root, child, options))
        elif child.is_file() and child.suffix.lower() in _READERS and not _is_doc_file(child):
            rel = child.relative_to(root).as_posix()
            records.extend(options.read(_READERS[child.suffix.lower()](child, rel, options)))
    return records


def _collect(root: Path, options: _Options) -> list[_Record]:
    if not root.exists():
        raise InputFileError(f"{root}: no such file or folder")
    if root.is_file():
        return options.read(_reader_for(root, str(root))(root, root.name, options))
    if not root.is_dir():
        raise InputFileError(f"{root}: neither a regular file nor a folder")
    records = _collect_folder(root, root, options)
    records.sort(key=lambda r: r.rel_path)
    return records


# ---------------------------------------------------------------------------
# Assembly: dates, duplicates, frame
# ---------------------------------------------------------------------------

_DATE_FORMATS = (
    "%B %d, %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%A, %B %d, %Y",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%B %Y",
)


def _parse_date(value, origin: str):
    if value is None or (isinstance(value, float) and value != value):
        return pd.NaT
    if isinstance(value, _datetime | _date | pd.Timestamp):
        stamp = pd.Timestamp(value)
        return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp
    raw = str(value).strip()
    if not raw:
        return pd.NaT
    try:
        stamp = pd.Timestamp(_datetime.fromisoformat(raw.replace("Z", "+00:00")))
        return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}", raw):
        return pd.Timestamp(int(raw), 1, 1)
    for fmt in _DATE_FORMATS:
        try:
            return pd.Timestamp(_datetime.strptime(raw, fmt))
        except ValueError:
            continue
    raise DateParseError(
        f"{origin}: cannot parse date {raw!r}; use ISO 8601 (2025-12-18, "
        "2025-12-18T10:00) or a form like 'December 18, 2025' or '18 December 2025'"
    )


def _dates(records: list[_Record]) -> pd.Series:
    cache: dict = {}
    out = []
    for record in records:
        value = record.fields.get("date")
        key = value if isinstance(value, str | None) else None
        if key is not None and key in cache:
            out.append(cache[key])
            continue
        parsed = _parse_date(value, record.origin)
        if key is not None:
            cache[key] = parsed
        out.append(parsed)
    return pd.Series(out, dtype="datetime64[ns]")


_NEAR_STRIP = "“”„‟«»‘’‚‛–—―…·•"
_NEAR_DELETE = (
    bytes(range(0, 48)) + bytes(range(58, 65)) + bytes(range(91, 97)) + bytes(range(123, 128))
)


def _near_key_data_py(text: str) -> bytes:
    """What :func:`_near_key` hashes: the lower-cased text without punctuation or spaces."""
    lowered = text.lower()
    for char in _NEAR_STRIP:
        if char in lowered:
            lowered = lowered.replace(char, "")
    return lowered.encode("utf-8").translate(None, _NEAR_DELETE)


def _near_key(text: str) -> bytes:
    """Key under which near-duplicates agree: see :func:`load_corpus`."""
    data = None if _compiled_near_key_data is None else _compiled_near_key_data(text)
    if data is None:
        data = _near_key_data_py(text)
    return hashlib.blake2b(data, digest_size=16).digest()


def _listing(items: list[str], limit: int = 10) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items) - limit} more)" if len(items) > limit else "")


def _check_ids(records: list[_Record]) -> None:
    seen: dict[str, _Record] = {}
    for record in records:
        first = seen.setdefault(record.doc_id, record)
        if first is not record:
            raise DuplicateIdError(
                f"doc_id {record.doc_id!r} is used twice: by {first.origin} and by "
                f"{record.origin}; ids must be unique (set id_column=... or fix the ids)"
            )


def _flag_duplicates(ids: list[str], texts: list[str], empty: list[bool], near_keys=None) -> list:
    """``duplicate_of`` per document; ``near_keys`` (one per text) may be computed elsewhere."""
    exact: dict[str, str] = {}
    near: dict[bytes, str] = {}
    out: list = []
    pairs, n_exact = [], 0
    for doc_id, text, is_empty in zip(ids, texts, empty):
        if is_empty:
            out.append(None)
            continue
        first = exact.get(text)
        if first is None:
            key = _near_key(text) if near_keys is None else near_keys[len(out)]
            first = near.get(key)
            if first is None:
                near[key] = exact[text] = doc_id
            else:
                exact[text] = first
        else:
            n_exact += 1
        out.append(first)
        if first is not None:
            pairs.append(f"{doc_id} -> {first}")
    if pairs:
        warnings.warn(
            f"{len(pairs)} documents duplicate earlier ones ({n_exact} exactly, "
            f"{len(pairs) - n_exact} nearly); kept, with duplicate_of set: {_listing(pairs)}",
            DuplicateDocumentWarning,
            stacklevel=4,
        )
    return out


def _infer_column(values: list) -> pd.Series:
    """Build a column; all-numeric strings (CSV fields) become numbers, unless zero-padded."""
    series = pd.Series(values, dtype=object)
    present = series.dropna()
    if len(present) and all(isinstance(v, str) for v in present):
        stripped = present.str.strip()
        if (stripped != "").all() and not stripped.str.match(r"[-+]?0\d").any():
            numbers = pd.to_numeric(stripped, errors="coerce")
            if numbers.notna().all():
                if (numbers == numbers.round()).all() and stripped.str.fullmatch(r"[-+]?\d+").all():
                    return pd.to_numeric(series, errors="coerce").astype("Int64")
                return pd.to_numeric(series, errors="coerce").astype("float64")
        return series.astype("str")
    return series


def _extras(records: list[_Record]) -> dict[str, list]:
    names: dict[str, None] = {}
    for record in records:
        for key in record.fields:
            names.setdefault(key, None)
    out = {}
    for name in names:
        if name in _META_FIELDS:
            continue
        column = f"meta_{name}" if name in _COMPUTED or name == "doc_id" else name
        out[column] = [record.fields.get(name) for record in records]
    return out


def _join_metadata(frame: pd.DataFrame, metadata) -> pd.DataFrame:
    if isinstance(metadata, str | Path):
        path = Path(metadata)
        if not path.is_file():
            raise InputFileError(f"metadata={str(metadata)!r}: no such file")
        rows = [row for _h, row, _l, _r in _read_csv_rows(path, str(path))]
        table = pd.DataFrame(
            {k: _infer_column([r.get(k) for r in rows]) for k in (rows[0] if rows else {})}
        )
        name = str(path)
    elif isinstance(metadata, pd.DataFrame):
        table, name = metadata, "metadata"
    else:
        raise TypeError(
            f"metadata must be a DataFrame or a CSV path, got {type(metadata).__name__}"
        )
    if "doc_id" not in table.columns:
        raise SchemaError(
            f"{name}: needs a 'doc_id' column to join on; columns present: {list(table.columns)}"
        )
    table = table.copy()
    table["doc_id"] = table["doc_id"].astype(str)
    if table["doc_id"].duplicated().any():
        dups = table.loc[table["doc_id"].duplicated(), "doc_id"].tolist()
        raise DuplicateIdError(f"{name}: doc_id repeated in metadata: {_listing(dups)}")
    protected = [c for c in table.columns if c in _COMPUTED]
    if protected:
        table = table.rename(columns={c: f"meta_{c}" for c in protected})
    if "date" in table.columns:
        table["date"] = pd.Series(
            [_parse_date(v, f"{name} doc_id {d}") for v, d in zip(table["date"], table["doc_id"])],
            index=table.index,
            dtype="datetime64[ns]",
        )
    joined = frame.merge(table, on="doc_id", how="left", suffixes=("", "__meta"), sort=False)
    for column in [c for c in joined.columns if c.endswith("__meta")]:
        base = column[: -len("__meta")]
        joined[base] = joined[column].where(joined[column].notna(), joined[base])
        joined = joined.drop(columns=column)
    return joined


def load_corpus(
    path, *, text_column="text", id_column=None, metadata=None
) -> pd.DataFrame:
    """Load documents from a file or folder into the documents table.

    Parameters
    ----------
    path : str or pathlib.Path
        One file or a folder:

        - ``.txt`` / ``.md``: one document; optional YAML front matter between
          ``---`` lines (read with ``yaml.safe_load``). ``id`` becomes ``doc_id``
          (else the file stem); ``title``, ``date``, ``source``, ``speaker`` fill
          those columns; every other key (``url`` ...) becomes a column.
        - ``.jsonl``: one JSON object per line (blank lines skipped).
        - ``.csv``: a header row, then one document per record (Python's csv
          parser; fields may hold newlines).
        - a folder with ``metadata.csv``: its ``path`` column names ``.txt``/``.md``
          files relative to the folder; every other column is joined onto the
          file's document (front matter inside the file wins).
        - any other folder: every supported file below it (hidden ones skipped),
          sorted by relative path.
    text_column : str, default="text"
        Field holding the text in JSONL and CSV files (``"story"`` for KCNA).
    id_column : str, optional
        Field holding the document id in JSONL/CSV files and ``metadata.csv``.
        When omitted a ``doc_id`` or ``id`` field is used if present, else ids
        are ``<file stem>-<n>`` with ``n`` the 1-based record number (or the
        file stem for text files). The id field is not kept as a column.
    metadata : pandas.DataFrame or str or pathlib.Path, optional
        Extra metadata (a frame or a CSV path) with a ``doc_id`` column, left-joined
        on ``doc_id``; its non-missing values replace the documents' own.

    Returns
    -------
    pandas.DataFrame
        The documents table: ``doc_id``, ``text`` (:func:`clean_text` output),
        ``title``, ``date`` (datetime64[ns], NaT when unknown), ``source``,
        ``speaker``, ``path`` (relative to ``path``, POSIX; the file name for a
        single file), ``sha256``, ``n_chars``, ``empty``, ``duplicate_of``, then
        the extra fields in order of first appearance. Rows are sorted by
        ``path``, then record order.

    Notes
    -----
    - **Decoding**: UTF-8 with or without BOM, UTF-16 with a BOM, else cp1252 with
      an :class:`EncodingFallbackWarning` naming the file. NUL bytes without a
      UTF-16 BOM mean a binary file (:class:`InputFileError`).
    - **sha256**: of the file's bytes for text files; of the record's line as
      encoded on disk (without its line break) for JSONL; of the record's physical
      lines (with their line breaks, re-encoded from the decoded text in the file's
      encoding, which is byte-exact for UTF-8 and cp1252) for CSV.
    - **Dates**: ISO 8601 dates and datetimes, a bare year, and forms like
      "December 18, 2025", "Dec. 18, 2025", "18 December 2025"; timezones are
      dropped keeping the local wall time. A ``year`` field without ``date`` stays
      a column and ``date`` is NaT.
    - **Speaker**: a ``speaker`` field; else an ``author``, ``president`` or
      ``signatory`` field (which also stays a column).
    - **Column names**: CSV fields whose values are all integers (or all numbers)
      become ``Int64`` (``float64``) columns. A field named like a computed column
      (``text``, ``path``, ``sha256``, ``n_chars``, ``empty``, ``duplicate_of``) is
      kept as ``meta_<name>``.
    - **Empty documents** (empty or whitespace text) are kept with ``empty=True``
      and listed in an :class:`EmptyDocumentWarning`.
    - **Duplicates**: a document whose cleaned text equals an earlier one's
      (exact), or does so after lowercasing and deleting whitespace, ASCII
      punctuation and typographic quotes, dashes and ellipses (near), gets
      ``duplicate_of`` = the first such ``doc_id``; one
      :class:`DuplicateDocumentWarning` gives the count. Nothing is dropped.
      Detection is one hash per document, O(total text).

    Raises
    ------
    InputFileError
        Missing path, unsupported extension, binary file, broken JSONL line
        (with its line number), malformed CSV record.
    DecodingError
        Bytes that are neither UTF-8 nor cp1252.
    FrontMatterError
        Bad YAML, a non-mapping, or no closing ``---`` (file and line).
    DateParseError
        An unparsable date (file, record and value).
    SchemaError
        No text column (names the columns present), duplicated CSV columns,
        unknown ``id_column``.
    DuplicateIdError
        Two documents with one ``doc_id`` (names both sources).

    Examples
    --------
    >>> docs = load_corpus("data/raw")  # doctest: +SKIP
    >>> kcna = load_corpus("kcna_stories_2011.csv", text_column="story")  # doctest: +SKIP
    """
    loaded = _load_texts(path, text_column=text_column, id_column=id_column)
    return _assemble(loaded, metadata=metadata)


class _Loaded(NamedTuple):
    """Documents read and cleaned, before the table is built (see :func:`_assemble`)."""

    records: list
    ids: list[str]
    texts: list[str]
    empty: list[bool]
    speakers: list[str | None]
    #: ``_near_key`` of each cleaned text when already computed (by prepare's workers).
    near_keys: list[bytes] | None = None


def _load_texts(path, *, text_column="text", id_column=None, stream=None, known=None) -> _Loaded:
    """Read and clean every document of ``path``: the first half of :func:`load_corpus`.

    ``stream``, if given, is sent each record as it is read (``stream.add(record)``)
    and then gives the cleaned texts and their near-duplicate keys
    (``stream.cleaned(records)``), so that cleaning runs while files are still read.
    ``known`` maps ``os.path.abspath`` of text files already read to their bytes and
    sha256, which are used instead of reading and hashing them again.
    """
    root = Path(path)
    options = _Options(
        text_column=text_column, id_column=id_column,
        on_read=stream.add if stream is not None else None, known=known,
    )
    records = _collect(root, options)
    for record in records:
        if record.doc_id is None:
            record.doc_id = Path(record.rel_path).stem
        if "speaker" not in record.fields:
            for alias in _SPEAKER_ALIASES:
                if record.fields.get(alias) not in (None, ""):
                    record.extra["speaker"] = record.fields[alias]
                    break
    _check_ids(records)

    near_keys = None
    if stream is not None:  # cleaned elsewhere (prepare's workers), as clean_text would
        texts, near_keys = stream.cleaned(records)
    else:
        texts = [clean_text(record.text) for record in records]
    ids = [record.doc_id for record in records]
    empty = [not text for text in texts]
    if any(empty):
        listed = [f"{r.doc_id} ({r.origin})" for r, e in zip(records, empty) if e]
        warnings.warn(
            f"{len(listed)} empty or whitespace-only documents kept with empty=True and "
            f"left out of analysis: {_listing(listed)}",
            EmptyDocumentWarning,
            stacklevel=3,
        )

    speakers = [_meta_value(r, "speaker") for r in records]
    return _Loaded(records, ids, texts, empty, speakers, near_keys)


def _meta_value(record, name: str) -> str | None:
    value = record.fields.get(name, record.extra.get(name))
    return None if value is None or value == "" else str(value)


def _assemble(loaded: _Loaded, *, metadata=None) -> pd.DataFrame:
    """The documents table of loaded texts: the second half of :func:`load_corpus`."""
    records, ids, texts, empty = loaded.records, loaded.ids, loaded.texts, loaded.empty

    def meta(name):
        values = loaded.speakers if name == "speaker" else [_meta_value(r, name) for r in records]
        return str_series(values)

    columns = {
        "doc_id": str_series(ids),
        "text": str_series(texts),
        "title": meta("title"),
        "date": _dates(records),
        "source": meta("source"),
        "speaker": meta("speaker"),
        "path": str_series([r.rel_path for r in records]),
        "sha256": str_series([r.sha256 for r in records]),
        "n_chars": pd.Series([len(t) for t in texts], dtype="int64"),
        "empty": pd.Series(empty, dtype="bool"),
        "duplicate_of": str_series(_flag_duplicates(ids, texts, empty, loaded.near_keys)),
    }
    for name, values in _extras(records).items():
        columns[name] = _infer_column(values)
    frame = pd.DataFrame(columns)
    if metadata is not None:
        frame = _join_metadata(frame, metadata)
    return frame
