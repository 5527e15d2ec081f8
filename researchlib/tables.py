"""The processed tables' contract: their columns in order, their types, the check, and the reader.

One place says what ``prepare`` writes and every stage reads:

========== ==================================================================
table      columns (in order; ``docs/design.md`` explains each, and a test
           keeps the two in step)
========== ==================================================================
documents  ``doc_id``, ``text``, ``title``, ``date``, ``source``, ``speaker``,
           ``language``, ``path``, ``sha256``, ``n_chars``, ``is_empty``, ``duplicate_of``,
           ``repairs``, then every extra metadata field (a ``country`` or
           ``iso3`` field gives ``country``, one canonical name per country,
           and ``country_raw``, the value as given: ``corpus/countries.py``;
           ``speaker_raw`` after ``speaker`` when any name was made canonical:
           ``corpus/speakers.py``)
sentences  ``doc_id``, ``sent_id``, ``start``, ``end``, ``text``, ``n_words``,
           ``speaker``, ``in_quote``, ``quote_id`` (+ ``neg``, ``neu``, ``pos``,
           ``compound`` when scored)
quotes     ``doc_id``, ``quote_id``, ``start``, ``end``, ``text``, ``speaker``, ``cue``, ``kind``,
           ``confidence``
frames     ``doc_id``, ``sent_id``, ``category``, ``pattern``, ``matched``,
           ``start``, ``end``, ``speaker``, ``quote_speaker``, ``lexicon``
========== ==================================================================

:func:`load_processed` reads a folder ``prepare`` wrote and refuses tables its
manifest does not record (two runs' tables are never read together).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ._manifest import mismatched_outputs, read_manifest
from ._schema import require_columns
from .exceptions import InputFileError, ParameterError

__all__ = [
    "TABLES", "COLUMNS", "SENTIMENT_COLUMNS", "ARROW_TYPES", "Tables", "check_table",
    "arrow_schema", "load_processed",
]

#: The tables ``prepare`` writes, in the order it writes them.
TABLES = ("documents", "sentences", "quotes", "frames")

_STR = pa.large_string()
_I64 = pa.int64()
_F64 = pa.float64()

#: Arrow type of every contracted column (a column's type is the same in every table).
ARROW_TYPES: dict[str, pa.DataType] = {
    "doc_id": _STR, "text": _STR, "title": _STR, "source": _STR, "speaker": _STR,
    "path": _STR, "sha256": _STR, "duplicate_of": _STR, "repairs": _STR, "language": _STR, "cue": _STR, "kind": _STR, "confidence": _STR, "category": _STR,
    "pattern": _STR, "matched": _STR, "lexicon": _STR, "quote_speaker": _STR,
    "sent_id": _I64, "quote_id": _I64, "start": _I64, "end": _I64, "n_words": _I64,
    "n_chars": _I64,
    "in_quote": pa.bool_(), "is_empty": pa.bool_(),
    "neg": _F64, "neu": _F64, "pos": _F64, "compound": _F64,
    "date": pa.timestamp("ns"),
}

#: Each table's own columns, in order (documents may carry extra metadata columns after them).
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "text", "title", "date", "source", "speaker", "language", "path",
                  "sha256", "n_chars", "is_empty", "duplicate_of", "repairs"),
    "sentences": ("doc_id", "sent_id", "start", "end", "text", "n_words", "speaker", "in_quote",
                  "quote_id"),
    "quotes": ("doc_id", "quote_id", "start", "end", "text", "speaker", "cue", "kind",
               "confidence"),
    "frames": ("doc_id", "sent_id", "category", "pattern", "matched", "start", "end", "speaker",
               "quote_speaker", "lexicon"),
}

#: VADER's scores, appended to sentences when ``prepare`` scores them.
SENTIMENT_COLUMNS = ("neg", "neu", "pos", "compound")


class Tables(NamedTuple):
    """The processed tables, as written by ``prepare``."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    quotes: pd.DataFrame
    frames: pd.DataFrame


def _table_name(name: str) -> str:
    if name not in COLUMNS:
        raise ParameterError(f"table={name!r} is not a processed table; allowed: {list(TABLES)}")
    return name


def check_table(frame, name: str, *, argument: str | None = None) -> None:
    """Raise :class:`~researchlib.exceptions.SchemaError` unless ``frame`` has table ``name``'s columns.

    Parameters
    ----------
    frame : pandas.DataFrame
    name : {"documents", "sentences", "quotes", "frames"}
    argument : str, optional
        The argument's name for the message (default: the table's name).
    """
    require_columns(frame, COLUMNS[_table_name(name)], argument or name)


def arrow_schema(name: str, *, sentiment: bool = False, with_doc_id: bool = True) -> pa.Schema:
    """The Arrow schema of table ``name`` (the one an empty table is written with)."""
    columns = COLUMNS[_table_name(name)]
    if name == "sentences" and sentiment:
        columns = columns + SENTIMENT_COLUMNS
    return pa.schema([pa.field(c, ARROW_TYPES[c]) for c in columns if with_doc_id or c != "doc_id"])


def load_processed(folder="data/processed") -> Tables:
    """Read the tables ``prepare`` wrote.

    Parameters
    ----------
    folder : str or path, default="data/processed"

    Returns
    -------
    Tables
        Named tuple of DataFrames: ``documents``, ``sentences``, ``quotes``, ``frames``.

    Raises
    ------
    InputFileError
        If the folder or one of the parquet files is missing or unreadable (naming it),
        or if the folder's ``manifest.json`` records other tables than those present:
        tables from two runs of ``prepare`` (one interrupted while it moved its
        tables into place, say) are never read together.
    """
    base = Path(folder)
    manifest = read_manifest(base / "manifest.json")
    if manifest is not None and manifest.get("kind") == "prepare":
        names = [f"{name}.parquet" for name in TABLES]
        mismatched = [m for m in mismatched_outputs(base, manifest, names) if (base / m).is_file()]
        if mismatched:
            raise InputFileError(
                f"{str(base)!r}: {', '.join(mismatched)} {'is' if len(mismatched) == 1 else 'are'} "
                f"not what its manifest.json records (written by another prepare run, or left "
                f"by one interrupted while moving its tables into place); run `researchlib "
                f"prepare` again"
            )
    frames = {}
    for name in TABLES:
        path = base / f"{name}.parquet"
        if not path.is_file():
            raise InputFileError(
                f"{str(base)!r} has no {name}.parquet; run `make run` or "
                f"`researchlib prepare` first"
            )
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException) as err:
            raise InputFileError(f"{path}: not a readable parquet file ({err})") from err
        frame = table.to_pandas()
        for fld in table.schema:  # integer columns with NA (quote_id) as nullable Int64
            if pa.types.is_integer(fld.type) and table.column(fld.name).null_count:
                frame[fld.name] = table.column(fld.name).to_pandas(types_mapper=pd.ArrowDtype).astype("Int64")
        if name == "documents" and "empty" in frame.columns and "is_empty" not in frame.columns:
            frame = frame.rename(columns={"empty": "is_empty"})  # tables written before the rename
        frames[name] = frame
    return Tables(**frames)
