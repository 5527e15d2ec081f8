"""Assembly: records read and cleaned -> the documents table (dates, ids, duplicates, metadata).

:func:`load_corpus` is the stage's public entry: it reads (:mod:`.readers`),
cleans (:mod:`.cleaning`) and assembles.  ``prepare`` uses the two halves,
:func:`load_texts` and :func:`assemble`, so that cleaning can run in its worker
processes while files are still being read.
"""

from __future__ import annotations

import re
import warnings
from datetime import date as _date
from datetime import datetime as _datetime
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .._schema import str_series
from ..exceptions import (
    DateParseError,
    DuplicateDocumentWarning,
    DuplicateIdError,
    EmptyDocumentWarning,
    InputFileError,
    LanguageWarning,
    SchemaError,
)
from ..tables import COLUMNS
from .cleaning import check_repairs, clean_document, near_key
from .countries import canonical_countries
from .language import check_language, detect_language, normalise_language, second_script_share
from .readers import Options, Record, collect, frame_jsonl, read_csv_rows, read_jsonl_bytes
from .speakers import canonical_speakers

__all__ = ["DOCUMENT_COLUMNS", "load_corpus", "load_texts", "assemble", "Loaded"]

#: Columns every documents table starts with, in this order (the contract in researchlib.tables).
DOCUMENT_COLUMNS = list(COLUMNS["documents"])
_META_FIELDS = ("title", "date", "source", "speaker")
#: Computed columns; a metadata field with one of these names is kept as ``meta_<name>``.
_COMPUTED = ("text", "language", "path", "sha256", "n_chars", "is_empty", "duplicate_of", "repairs")
#: Fields that name a document's speaker when it has no ``speaker`` field.
_SPEAKER_ALIASES = ("author", "president", "signatory")


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


def _dates(records: list[Record]) -> pd.Series:
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



def _listing(items: list[str], limit: int = 10) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items) - limit} more)" if len(items) > limit else "")


def _check_ids(records: list[Record]) -> None:
    seen: dict[str, Record] = {}
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
            key = near_key(text) if near_keys is None else near_keys[len(out)]
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


def _extras(records: list[Record]) -> dict[str, list]:
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
        rows = [row for _h, row, _l, _r in read_csv_rows(path, str(path))]
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
    path, *, text_column="text", id_column=None, metadata=None, repairs="auto", language=None,
    country_aliases=None, speaker_aliases=None,
) -> pd.DataFrame:
    """Load documents from a file or folder into the documents table.

    Parameters
    ----------
    path : str or pathlib.Path or pandas.DataFrame
        A DataFrame of documents (a ``text_column`` and any metadata columns, e.g.
        a table filtered in pandas; ids ``doc-<n>`` unless it has an id column),
        or one file or a folder:

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
    repairs : {"auto", "all", "none"}, default="auto"
        Source-specific cleaning repairs (KCNA's scrape joins, see
        :func:`~researchlib.corpus.clean_text`): only where a document shows that
        source's damage, to every document, or never.  Each document's ``repairs``
        column names those it received.
    language : str, optional
        Force every document's language (an ISO 639-1 code such as ``"en"`` or
        ``"ko"``); by default each document's is detected from its text
        (:func:`researchlib.corpus.detect_language`).  A ``language`` metadata
        field is kept beside it as ``meta_language``, with a warning naming the
        documents where the two disagree.
    country_aliases : mapping, str or pathlib.Path, optional
        Extra country spellings -> canonical name (a mapping, or a ``.json`` / ``.csv``
        file with ``alias,canonical``), added to the packaged table
        ``researchlib/data/country_aliases.json`` (see :mod:`researchlib.corpus.countries`).
    speaker_aliases : mapping, str or pathlib.Path, optional
        Extra speaker spellings -> canonical name, in the same forms, added to the packaged
        ``researchlib/data/speaker_aliases.json``.  Every ``speaker`` is made canonical
        (courtesy titles such as "Mr." and "H.E." dropped, then the alias table: see
        :mod:`researchlib.corpus.speakers`); when any name changes, ``speaker_raw`` keeps
        the values as given.

    Returns
    -------
    pandas.DataFrame
        The documents table: ``doc_id``, ``text`` (:func:`clean_text` output),
        ``title``, ``date`` (datetime64[ns], NaT when unknown), ``source``,
        ``speaker``, ``path`` (relative to ``path``, POSIX; the file name for a
        single file), ``sha256``, ``n_chars``, ``is_empty`` (not ``empty``, which
        pandas' own ``DataFrame.empty`` would shadow), ``duplicate_of``,
        ``language`` (after ``speaker``: ISO 639-1, detected or forced),
        ``repairs`` (comma-separated names of the source-specific repairs applied,
        ``""`` for none), then
        the extra fields in order of first appearance.  A ``country`` field (or an
        ISO code field ``iso3``) gives ``country``, one canonical name per country,
        and ``country_raw``, the value as given. Rows are sorted by
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
      dropped keeping the local wall time. A ``year`` field stays a column and
      gives the ``date`` (1 January of that year) of a document without one; a
      corpus with dates and no ``year`` field gets a ``year`` column from them.
    - **Speaker**: a ``speaker`` field; else an ``author``, ``president`` or
      ``signatory`` field (which also stays a column).
    - **Column names**: CSV fields whose values are all integers (or all numbers)
      become ``Int64`` (``float64``) columns. A field named like a computed column
      (``text``, ``path``, ``sha256``, ``n_chars``, ``is_empty``, ``duplicate_of``) is
      kept as ``meta_<name>``.
    - **Empty documents** (empty or whitespace text) are kept with ``is_empty=True``
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
    loaded = load_texts(path, text_column=text_column, id_column=id_column, repairs=repairs,
                        language=language)
    return assemble(loaded, metadata=metadata, country_aliases=country_aliases,
                    speaker_aliases=speaker_aliases)


class Loaded(NamedTuple):
    """Documents read and cleaned, before the table is built (see :func:`assemble`)."""

    records: list
    ids: list[str]
    texts: list[str]
    empty: list[bool]
    speakers: list[str | None]
    #: ``near_key`` of each cleaned text when already computed (by prepare's workers).
    near_keys: list[bytes] | None = None
    #: Source-specific repairs applied to each text (names from ``cleaning.REPAIRS``).
    repairs: list[tuple[str, ...]] | None = None
    #: Each text's language (ISO 639-1, detected or forced).
    languages: list[str] | None = None


def load_texts(path, *, text_column="text", id_column=None, repairs="auto", language=None,
               stream=None, known=None) -> Loaded:
    """Read and clean every document of ``path``: the first half of :func:`load_corpus`.

    ``stream``, if given, is sent each record as it is read (``stream.add(record)``)
    and then gives the cleaned texts, their near-duplicate keys and the repairs
    applied (``stream.cleaned(records)``; the stream was made with the same
    ``repairs`` mode), so that cleaning runs while files are still read.
    ``known`` maps ``os.path.abspath`` of text files already read to their bytes and
    sha256, which are used instead of reading and hashing them again.
    """
    check_repairs(repairs)
    language = check_language(language)
    root = None if isinstance(path, pd.DataFrame) else Path(path)
    options = Options(
        text_column=text_column, id_column=id_column,
        on_read=stream.add if stream is not None else None, known=known,
    )
    if isinstance(path, pd.DataFrame):  # a frame the researcher built or filtered in pandas
        data = frame_jsonl(path, text_column=text_column, id_column=id_column)
        records = options.read(read_jsonl_bytes(data, "<DataFrame>", "doc", options))
    else:
        records = collect(root, options)
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
        texts, near_keys, applied, languages = stream.cleaned(records)
    else:
        cleaned = [clean_document(record.text, repairs=repairs) for record in records]
        texts, applied = [c[0] for c in cleaned], [c[1] for c in cleaned]
        languages = [language or detect_language(text) for text in texts]
    ids = [record.doc_id for record in records]
    empty = [not text for text in texts]
    if any(empty):
        listed = [f"{r.doc_id} ({r.origin})" for r, e in zip(records, empty) if e]
        warnings.warn(
            f"{len(listed)} empty or whitespace-only documents kept with is_empty=True and "
            f"left out of analysis: {_listing(listed)}",
            EmptyDocumentWarning,
            stacklevel=3,
        )

    speakers = [_meta_value(r, "speaker") for r in records]
    _check_languages(records, texts, languages, empty, forced=language is not None)
    return Loaded(records, ids, texts, empty, speakers, near_keys, list(applied), list(languages))


#: Share of letters in a second script above which a document is reported as mixed.
_MIXED_SCRIPTS = 0.2


def _check_languages(records, texts, languages, empty, *, forced: bool) -> None:
    """Warn about documents whose metadata names another language, and about mixed scripts.

    A language the caller forced is their decision: nothing to report then.
    """
    if forced:
        return
    disagree, mixed = [], []
    for record, text, lang, is_empty in zip(records, texts, languages, empty):
        if is_empty:
            continue
        given = normalise_language(record.fields.get("language"))
        if given is not None and given != lang:
            disagree.append(f"{record.doc_id} ({given} in the metadata, {lang} by its text)")
        if second_script_share(text) > _MIXED_SCRIPTS:
            mixed.append(f"{record.doc_id} ({lang})")
    if disagree:
        warnings.warn(
            f"{len(disagree)} documents' language differs from their metadata's (kept as "
            f"meta_language; the language column is the one detected from the text, which "
            f"decides the steps they get): {_listing(disagree)}",
            LanguageWarning, stacklevel=4,
        )
    if mixed:
        warnings.warn(
            f"{len(mixed)} documents mix scripts (over {_MIXED_SCRIPTS:.0%} of their letters in a "
            f"second script); each is analysed as its main language: {_listing(mixed)}",
            LanguageWarning, stacklevel=4,
        )


def _meta_value(record, name: str) -> str | None:
    value = record.fields.get(name, record.extra.get(name))
    return None if value is None or value == "" else str(value)


def assemble(loaded: Loaded, *, metadata=None, country_aliases=None, speaker_aliases=None) -> pd.DataFrame:
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
        "language": str_series(loaded.languages or [detect_language(t) for t in texts]),
        "path": str_series([r.rel_path for r in records]),
        "sha256": str_series([r.sha256 for r in records]),
        "n_chars": pd.Series([len(t) for t in texts], dtype="int64"),
        "is_empty": pd.Series(empty, dtype="bool"),
        "duplicate_of": str_series(_flag_duplicates(ids, texts, empty, loaded.near_keys)),
        "repairs": str_series([",".join(r) for r in loaded.repairs or [()] * len(ids)]),
    }
    for name, values in _extras(records).items():
        columns[name] = _infer_column(values)
    frame = pd.DataFrame(columns)
    if metadata is not None:
        frame = _join_metadata(frame, metadata)
    frame = canonical_countries(_dates_and_years(frame), aliases=country_aliases)
    return canonical_speakers(frame, aliases=speaker_aliases)


def _dates_and_years(frame: pd.DataFrame) -> pd.DataFrame:
    """``date`` from a ``year`` field where the date is unknown (1 January), ``year`` from ``date``.

    A corpus that knows only years (the UN General Debate) can then be selected by
    date, and one that knows dates can be grouped by year, with the same columns.
    """
    if "year" in frame.columns:
        years = pd.to_numeric(frame["year"], errors="coerce")
        fill = frame["date"].isna() & years.notna() & years.between(1, 9999) & (years % 1 == 0)
        if fill.any():
            frame = frame.copy()
            derived = pd.to_datetime(
                years[fill].astype("int64").astype(str).str.zfill(4) + "-01-01", format="%Y-%m-%d"
            )
            frame.loc[fill, "date"] = derived.astype(frame["date"].dtype)
        return frame
    if frame["date"].notna().any():
        frame = frame.assign(year=frame["date"].dt.year.astype("Int64"))
    return frame

