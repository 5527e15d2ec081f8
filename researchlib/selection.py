"""Selection: processed tables in; the same tables narrowed (or two selections stacked), and who speaks in them, out.

Reads
-----
documents
    ``doc_id``; ``country`` when ``country`` is given; ``language`` when ``language`` is;
    ``date`` when ``date_from`` or ``date_to`` is given; every column that ``where``
    names; ``duplicate_of`` and ``is_empty`` when present (left out by default).
sentences, quotes, frames
    ``doc_id``; ``speaker`` when ``speaker`` is given (and for :func:`count_speakers`);
    frames: ``lexicon`` when ``lexicons`` is given, ``category`` when ``categories`` is.

Writes
------
:func:`select`: the same four tables (``documents``, ``sentences``, ``quotes``,
``frames``), rows filtered, columns and row order unchanged, returned as the same
named-tuple type that came in (:class:`researchlib.pipeline.Tables` from
``load_processed``).  :func:`stack_selections`: the same tables, several
selections one after the other with a column naming each.  :func:`count_speakers`:
sentences and quotations per speaker.

The filters combine with AND.  Document filters (``country``, dates, ``where``)
choose documents; the other tables keep only rows of the chosen documents.  A
speaker filter means *what that speaker says*: sentences, quotations and frame
hits attributed to the speaker, and the documents in which the speaker speaks.

A selection explains itself: values match exactly; a value found nowhere, or a filter
that leaves nothing, raises :class:`~researchlib.exceptions.ParameterError` naming the
filter, the values available with their counts and the nearest spelling.  In a report
notebook the same error stops the run, and the batch shows it: a report on an empty
selection would only fail later with a less helpful message.
:func:`reference_selection` gives the keyness reference of a selection.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ._suggest import did_you_mean
from .corpus.countries import canonical_country, load_country_aliases
from .exceptions import ParameterError, ResearchlibWarning, SchemaError
from .quotes import load_aliases

__all__ = ["select", "reference_selection", "SUBJECT_FILTERS", "stack_selections", "count_speakers", "speaker_counts"]

_TABLES = ("documents", "sentences", "quotes", "frames")
_SHOWN_VALUES = 20


def _require(table: pd.DataFrame, columns: Iterable[str], name: str, argument: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise SchemaError(
            f"select: the {name} table lacks column(s) {missing} needed by {argument}; "
            f"it has {list(table.columns)}"
        )


def _as_list(value, argument: str) -> list:
    """A scalar or a list-like of scalars as a list (strings are scalars)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable) or isinstance(value, Mapping):
        values = [value]
    else:
        values = list(value)
    if not values:
        raise ParameterError(f"select: {argument} is an empty list; give a value or None for no filter")
    return values


def _match(column: pd.Series, values: list) -> pd.Series:
    """Rows of ``column`` equal to one of ``values`` (text columns compare as text)."""
    if pd.api.types.is_string_dtype(column) or column.dtype == object:
        wanted = {str(v) for v in values if v is not None}
        mask = column.astype("string").isin(wanted).fillna(False).astype(bool)
        if any(v is None for v in values):
            mask |= column.isna()
        return mask
    if pd.api.types.is_datetime64_any_dtype(column):
        try:
            stamps = [pd.Timestamp(v) for v in values]
        except (TypeError, ValueError) as err:
            raise ParameterError(f"select: {values!r} cannot be compared with dates: {err}") from err
        return column.isin(stamps)
    return column.isin(values)


def _counted(values: pd.Series, top: int = _SHOWN_VALUES) -> str:
    """The most frequent values with their counts: ``'a' (12), 'b' (3) and 40 more``."""
    counts = values.dropna().astype(str).value_counts(sort=False)
    if counts.empty:
        return "none"
    counts = counts.sort_index(kind="mergesort").sort_values(ascending=False, kind="mergesort")
    text = ", ".join(f"{value!r} ({count:,})" for value, count in counts.head(top).items())
    more = len(counts) - top
    return text + (f" and {more:,} more" if more > 0 else "")


def _known(values: list, present: pd.Series, argument: str) -> None:
    """Raise when one of ``values`` occurs nowhere in ``present`` (likely a typo)."""
    present_text = set(present.dropna().astype(str))
    unknown = [v for v in values if v is not None and str(v) not in present_text]
    if unknown:
        raise ParameterError(
            f"select: {argument}={unknown[0]!r} occurs nowhere in the tables (values match "
            f"exactly){did_you_mean(unknown[0], present_text)}; values there: {_counted(present)}"
        )


def _warn_without_hits(values: list, present: pd.Series, argument: str) -> None:
    """Warn about lexicon or category names with no hit in the whole frames table (a typo?)."""
    found = set(present.dropna().astype(str))
    for value in values:
        if value is not None and str(value) not in found:
            warnings.warn(
                f"select: {argument}={value!r} has no frame hit anywhere in the tables, so the "
                f"selection has none{did_you_mean(value, found)}",
                ResearchlibWarning, stacklevel=3,
            )


def _speaker_values(values: list, columns: list) -> list:
    """Each speaker as the tables spell it: as given when present, else through the alias table."""
    present = set()
    for column in columns:
        present.update(column.dropna().astype(str).unique())
    if all(v is None or str(v) in present for v in values):
        return values
    table = load_aliases()
    return [v if v is None or str(v) in present else table.get(" ".join(str(v).split()).lower(), v)
            for v in values]


def _country_values(values: list, column: pd.Series) -> list:
    """Each value as the documents spell it: as given when present, else its canonical name."""
    present = set(column.dropna().astype(str))
    if all(v is None or str(v) in present for v in values):
        return values
    table = load_country_aliases()
    return [v if v is None or str(v) in present else canonical_country(v, table) for v in values]


def _parse_date(value, argument: str, *, end: bool):
    """The first (``end=False``) or last (``end=True``) instant a date parameter covers."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            period = pd.Period(text)
        except (ValueError, TypeError):
            period = None
        if period is not None and period.freqstr[0] in "YQMD":
            return period.end_time if end else period.start_time
        try:
            stamp = pd.Timestamp(text)
        except (ValueError, TypeError) as err:
            raise ParameterError(
                f"select: {argument}={value!r} is not a date; "
                "use 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or a datetime"
            ) from err
    elif isinstance(value, (int, np.integer)) and not isinstance(value, bool) and 1 <= value <= 9999:
        period = pd.Period(year=int(value), freq="Y")
        return period.end_time if end else period.start_time
    elif isinstance(value, (_dt.date, pd.Timestamp, np.datetime64)):
        stamp = pd.Timestamp(value)
        if end and isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return stamp + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    else:
        raise ParameterError(
            f"select: {argument}={value!r} is not a date; "
            "use 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', a year number or a datetime"
        )
    if pd.isna(stamp):
        raise ParameterError(f"select: {argument}={value!r} is not a date")
    return stamp


def _date_mask(dates: pd.Series, start, stop) -> pd.Series:
    dates = pd.to_datetime(dates, errors="coerce")
    if dates.dt.tz is not None:
        dates = dates.dt.tz_localize(None)
    mask = dates.notna()
    if start is not None:
        mask &= dates >= start.tz_localize(None) if start.tz else dates >= start
    if stop is not None:
        mask &= dates <= stop.tz_localize(None) if stop.tz else dates <= stop
    return mask


def _check_tables(tables, function: str) -> None:
    missing = [name for name in _TABLES if not hasattr(tables, name)]
    if missing or not hasattr(tables, "_replace"):
        raise ParameterError(
            f"{function}: tables must be the Tables tuple from load_processed "
            f"(attributes {list(_TABLES)}); got {type(tables).__name__} lacking {missing}"
        )


#: select's filters that say *which part of the corpus* a selection is about (the subject),
#: left out of the keyness reference by default; the others (language, period, duplicates
#: and empty documents, lexicons and categories) say *on what terms*, and the reference keeps them.
SUBJECT_FILTERS = ("speaker", "country", "where")
_FILTERS = ("speaker", "country", "language", "date_from", "date_to", "where", "lexicons",
            "categories", "keep_duplicates", "keep_empty")


class _Narrowing:
    """The documents kept so far, and which filters kept them (for the message of an empty selection)."""

    def __init__(self, documents: pd.DataFrame):
        self.documents = documents
        self.keep = pd.Series(True, index=documents.index)
        self.applied: list[str] = []

    def apply(self, label: str, mask: pd.Series, column: str | None, value=None, *,
              default: bool = False) -> None:
        """Narrow by ``mask``; raise when this filter is the one that leaves no document.

        A ``default`` filter (one the caller did not set) is named in later messages only
        when it left documents out.
        """
        before = self.keep
        self.keep = before & mask
        if before.any() and not self.keep.any():
            raise ParameterError(
                f"select: {label} left no document{self.context(before)}; "
                + self.available(before, column, value)
            )
        if not default or (self.keep != before).any():
            self.applied.append(label)

    def context(self, before: pd.Series) -> str:
        count = int(before.sum())
        after = f" after {', '.join(self.applied)}" if self.applied else ""
        return f" (of the {count:,} document{'s' if count != 1 else ''}{after})"

    def available(self, before: pd.Series, column: str | None, value) -> str:
        if column is None:
            return "set the filter to None to keep them"
        values = self.documents.loc[before, column]
        if column == "date":
            dates = pd.to_datetime(values, errors="coerce")
            if dates.notna().any():
                return (f"their dates run from {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d} "
                        f"({int(dates.isna().sum()):,} undated)")
            return "none of them has a date (the documents table has no date or year)"
        present = self.documents[column].dropna().astype(str)
        hint = ("" if value is None or str(value) in set(present)  # a value found elsewhere
                else did_you_mean(value, values.dropna().astype(str).unique()))
        return f"documents.{column} there: {_counted(values)}{hint}"


def _document_filters(documents, narrowing: _Narrowing, *, country, language, date_from,
                      date_to, where, keep_duplicates, keep_empty) -> None:
    if not keep_duplicates and "duplicate_of" in documents.columns:
        narrowing.apply("keep_duplicates=False (documents with a duplicate_of)",
                        documents["duplicate_of"].isna(), None, default=True)
    if not keep_empty and "is_empty" in documents.columns:
        narrowing.apply("keep_empty=False (documents with is_empty)",
                        ~documents["is_empty"].fillna(False).astype(bool), None, default=True)
    if language is not None:
        _require(documents, ["language"], "documents", "language")
        values = _as_list(language, "language")
        _known(values, documents["language"], "language")
        narrowing.apply(f"language={language!r}", _match(documents["language"], values),
                        "language", values[0])
    if country is not None:
        _require(documents, ["country"], "documents", "country")
        values = _country_values(_as_list(country, "country"), documents["country"])
        _known(values, documents["country"], "country")
        narrowing.apply(f"country={country!r}", _match(documents["country"], values),
                        "country", values[0])
    start = _parse_date(date_from, "date_from", end=False)
    stop = _parse_date(date_to, "date_to", end=True)
    if start is not None and stop is not None and start > stop:
        raise ParameterError(f"select: date_from={date_from!r} is after date_to={date_to!r}")
    if start is not None or stop is not None:
        _require(documents, ["date"], "documents", "date_from/date_to")
        label = ", ".join(f"{name}={value!r}" for name, value in
                          (("date_from", date_from), ("date_to", date_to)) if value is not None)
        narrowing.apply(label, _date_mask(documents["date"], start, stop), "date")
    if where is not None:
        if not isinstance(where, Mapping):
            raise ParameterError(
                f"select: where must be a mapping of column -> value(s), got {type(where).__name__}"
            )
        for column, value in where.items():
            if column not in documents.columns:
                raise ParameterError(
                    f"select: where names column {column!r}, which documents does not have"
                    f"{did_you_mean(column, documents.columns)}; available columns: "
                    f"{list(documents.columns)}"
                )
            values = _as_list(value, f"where[{column!r}]")
            if pd.api.types.is_string_dtype(documents[column]) or documents[column].dtype == object:
                _known(values, documents[column], f"where[{column!r}]")
            narrowing.apply(f"where={{{column!r}: {value!r}}}", _match(documents[column], values),
                            column, values[0])


def select(tables, *, speaker=None, country=None, language=None, date_from=None, date_to=None,
           where=None, lexicons=None, categories=None, keep_duplicates=False, keep_empty=False):
    """Narrow the processed tables to a speaker, country, language, period or metadata value.

    Parameters
    ----------
    tables : Tables
        The named tuple that :func:`researchlib.load_processed` returns (any object with
        ``documents``, ``sentences``, ``quotes`` and ``frames`` attributes and a
        ``_replace`` method).  ``frames`` may be None.
    speaker : str or list of str, optional
        Keep what these speakers say: sentences, quotations and frame hits whose
        ``speaker`` is one of them, and the documents in which they speak (or which
        they authored).  A name the tables do not hold is looked up in the speaker
        alias table (``"Lee Myung-bak"`` selects ``"Lee Myung Bak"``).
    country : str or list of str, optional
        Keep documents whose ``country`` is one of these.  ``prepare`` gives each
        country one name (:mod:`researchlib.corpus.countries`); a value the documents
        do not hold is looked up in the packaged country table first, so ``"DPRK"``,
        ``"PRK"`` and ``"Democratic People's Republic of Korea"`` all select
        ``"North Korea"``.
    language : str or list of str, optional
        Keep documents whose ``language`` (ISO 639-1, detected by ``prepare``) is one of
        these, e.g. ``"en"``.
    date_from, date_to : str, int, date or datetime, optional
        Keep documents dated inside the range, both ends included.  A string may be a
        year (``"2023"``), a month (``"2023-05"``) or a day; as an end, it covers the
        whole year, month or day.  Documents without a date are dropped when either
        bound is given.  A corpus that knows only years (a ``year`` column) has the
        1 January of its year as each document's ``date``.
    where : dict, optional
        Column of ``documents`` -> value or list of values to keep
        (``{"genre": ["letter", "message"]}``).
    lexicons : str or list of str, optional
        Keep only the frame hits of these lexicons (``frames.lexicon``, e.g.
        ``"default"``).  Narrows ``frames`` only; a name without hits leaves no hit
        (a :class:`~researchlib.exceptions.ResearchlibWarning` says so, with "did you
        mean": a category of the lexicon may have no hit at all, so this is no error).
    categories : str or list of str, optional
        Keep only the frame hits of these categories (``frames.category``).  Narrows
        ``frames`` only; a name without any hit is warned about as for ``lexicons``.
    keep_duplicates : bool, default=False
        Keep documents with a ``duplicate_of`` (the same text as an earlier document).
        By default they are left out, so that rates, sentiment and key terms count
        each text once.
    keep_empty : bool, default=False
        Keep documents with ``is_empty`` (no text; they have no sentences either).

    Returns
    -------
    Tables
        The same type as ``tables``, every table filtered consistently; row order,
        row index and columns unchanged (so ``tables.sentences.index.isin(
        sub.sentences.index)`` marks the selection in the full table, e.g. as the
        target of :func:`researchlib.keyness.compute_keyness`); inputs not mutated.

    Raises
    ------
    ParameterError
        A selection left empty: the message names the first filter that left no
        document (or, for ``speaker``, no sentence or quotation), the filters before
        it, and the values available there with their counts, with "did you mean"
        for a near miss.  Values match exactly: a ``speaker``, ``country``,
        ``language`` or text ``where`` value found nowhere raises too (with the
        nearest values), even when the other values of its list match.  Also a
        ``where`` column that ``documents`` does not have, an unparsable date (naming
        the parameter), ``date_from`` after ``date_to``, or an empty list (give None
        for no filter).
    SchemaError
        A table lacks a column that the requested filter needs.

    Examples
    --------
    >>> sub = select(tables, speaker="Idris Valko", date_from="2022", date_to="2024")
    >>> sub.quotes[["doc_id", "text"]]  # doctest: +SKIP
    """
    _check_tables(tables, "select")
    documents = tables.documents
    _require(documents, ["doc_id"], "documents", "select")
    narrowing = _Narrowing(documents)
    _document_filters(documents, narrowing, country=country, language=language,
                      date_from=date_from, date_to=date_to, where=where,
                      keep_duplicates=keep_duplicates, keep_empty=keep_empty)
    keep = narrowing.keep

    doc_ids = set(documents.loc[keep, "doc_id"])
    parts = {"documents": documents.loc[keep]}
    speakers = None
    frame_filters = [(column, argument, _as_list(value, argument))
                     for column, argument, value in (("lexicon", "lexicons", lexicons),
                                                     ("category", "categories", categories))
                     if value is not None]
    if speaker is not None:
        everywhere = [documents["speaker"]] if "speaker" in documents.columns else []
        everywhere += [getattr(tables, name)["speaker"] for name in ("sentences", "quotes", "frames")
                       if getattr(tables, name) is not None
                       and "speaker" in getattr(tables, name).columns]
        speakers = _speaker_values(_as_list(speaker, "speaker"), everywhere)
    for name in ("sentences", "quotes", "frames"):
        table = getattr(tables, name)
        if table is None:
            parts[name] = None
            continue
        _require(table, ["doc_id"], name, "select")
        mask = table["doc_id"].isin(doc_ids)
        if speakers is not None:
            _require(table, ["speaker"], name, "speaker")
            mask &= _match(table["speaker"], speakers)
        if name == "frames":
            for column, argument, values in frame_filters:
                _require(table, [column], name, argument)
                _warn_without_hits(values, table[column], argument)
                mask &= _match(table[column], values)
        parts[name] = table.loc[mask]

    if speakers is not None:
        _known(speakers, pd.concat(everywhere, ignore_index=True), "speaker")
        speaking = set()
        for name in ("sentences", "quotes"):
            if parts[name] is not None:
                speaking.update(parts[name]["doc_id"])
        docs = parts["documents"]
        authored = (
            _match(docs["speaker"], speakers)
            if "speaker" in docs.columns
            else pd.Series(False, index=docs.index)
        )
        chosen = docs["doc_id"].isin(speaking) | authored
        if len(docs) and not chosen.any():
            voices = tables.sentences.loc[tables.sentences["doc_id"].isin(doc_ids), "speaker"]
            raise ParameterError(
                f"select: speaker={speaker!r} says nothing{narrowing.context(keep)}; speakers "
                f"there (sentences): {_counted(voices)}{did_you_mean(speakers[0], voices.unique())}"
            )
        parts["documents"] = docs.loc[chosen]

    return tables._replace(**{name: (None if t is None else t.copy()) for name, t in parts.items()})


def reference_selection(tables, *, studied=None, reference=None, **filters):
    """The keyness reference of a selection: the same filters without the studied ones.

    A report on ``select(tables, speaker="Kim Jong Un", language="en", date_from="2012")``
    compares Kim's words with the other English 2012 texts, not with the whole corpus:
    the reference keeps the filters that set the terms (language, period, duplicates,
    lexicons) and drops those that pick the subject (:data:`SUBJECT_FILTERS`:
    ``speaker``, ``country``, ``where``), or those named in ``studied``.

    Parameters
    ----------
    tables : Tables
        The whole ``load_processed`` tables.
    studied : str or list of str, optional
        The filters whose effect the key terms study, left out of the reference
        (default: those of :data:`SUBJECT_FILTERS` that are set).
    reference : dict, optional
        :func:`select` options of a reference the user names (e.g.
        ``{"country": "South Korea", "language": "en"}``); ``studied`` and ``filters``
        are then not used.
    **filters
        The :func:`select` options of the studied selection.

    Returns
    -------
    Tables
        ``select(tables, **reference)``, or :func:`select` with ``filters`` minus the
        studied ones.  The studied selection's own rows are in it too: take them out
        when using it as a reference (``ref.sentences.index.difference(sub.sentences.index)``).

    Raises
    ------
    ParameterError
        ``studied`` names something that is not a :func:`select` filter (with "did you
        mean"), a filter name in ``filters`` or ``reference`` that :func:`select` does
        not take, or anything :func:`select` raises for the reference.
    """
    for name in [*filters, *(reference or {})]:
        if name not in _FILTERS:
            raise ParameterError(
                f"reference_selection: {name!r} is not a select() filter{did_you_mean(name, _FILTERS)}; "
                f"filters: {list(_FILTERS)}"
            )
    if reference is not None:
        if not isinstance(reference, Mapping):
            raise ParameterError(
                f"reference_selection: reference must be a dict of select() options or None, "
                f"got {type(reference).__name__}"
            )
        return select(tables, **reference)
    names = (_as_list(studied, "studied") if studied is not None
             else [name for name in SUBJECT_FILTERS if filters.get(name) is not None])
    for name in names:
        if name not in _FILTERS:
            raise ParameterError(
                f"reference_selection: studied={name!r} is not a select() filter"
                f"{did_you_mean(name, _FILTERS)}; filters: {list(_FILTERS)}"
            )
    return select(tables, **{k: v for k, v in filters.items() if k not in names})


def stack_selections(selections, *, labels, column: str = "side"):
    """Several selections one after the other, each row marked with its selection's label.

    Two sides of a comparison become one set of tables, so every comparison is one
    call grouped by ``column`` (``frame_rates(stacked.frames, stacked.sentences,
    by="side")``, ``compute_keyness(stacked.sentences, {"side": left})``).

    Parameters
    ----------
    selections : list of Tables
        :func:`select` results (or the whole ``load_processed`` tables).
    labels : list of str
        One distinct label per selection (``["Idris Valko", "Maren Solvik"]``).
    column : str, default="side"
        Name of the label column added to every table.

    Returns
    -------
    Tables
        The type of the first selection; each table is the selections' tables
        concatenated in order with ``column`` added last and a new 0..n-1 index
        (``frames`` is None when any selection's is).  A document in two
        selections appears once per selection.  Inputs are not mutated.

    Raises
    ------
    ParameterError
        No selection, a count of labels that differs from the count of selections,
        repeated labels, a table that already has ``column``, or an object that is
        not a Tables tuple.
    """
    selections = list(selections)
    labels = list(labels) if not isinstance(labels, str) else [labels]
    if not selections:
        raise ParameterError("stack_selections: selections is empty; give two selections or more")
    for selection in selections:
        _check_tables(selection, "stack_selections")
    if len(labels) != len(selections):
        raise ParameterError(
            f"stack_selections: {len(selections)} selections but {len(labels)} labels {labels!r}; "
            "give one label per selection"
        )
    repeated = sorted({str(label) for label in labels if labels.count(label) > 1})
    if repeated:
        raise ParameterError(
            f"stack_selections: labels {repeated} repeat; each selection needs its own label"
        )
    parts = {}
    for name in _TABLES:
        tables = [getattr(selection, name) for selection in selections]
        if any(table is None for table in tables):
            parts[name] = None
            continue
        for table in tables:
            if column in table.columns:
                raise ParameterError(
                    f"stack_selections: the {name} table already has a column {column!r}; "
                    "pass another column="
                )
        parts[name] = pd.concat(
            [table.assign(**{column: label}) for table, label in zip(tables, labels)],
            ignore_index=True,
        )
    return selections[0]._replace(**parts)


def speaker_counts(sentences: pd.DataFrame, quotes: pd.DataFrame | None, *,
                   caller: str = "speaker_counts") -> pd.DataFrame:
    """Sentences and quotations of reported speech per speaker, unsorted.

    Parameters
    ----------
    sentences : DataFrame
        With ``speaker``; a sentence without one counts for ``narrator``.
    quotes : DataFrame or None
        With ``speaker``; a quotation without one counts for ``unattributed``.  Where
        the table has ``kind``, only ``speech`` rows count: a scare quote or a title is
        nobody's words.
    caller : str, default="speaker_counts"
        The function named in errors.

    Returns
    -------
    pandas.DataFrame
        Index ``speaker`` (str); columns ``sentences`` and ``quotations`` (int64).

    Raises
    ------
    SchemaError
        ``sentences`` or ``quotes`` lacks ``speaker``.
    """
    _require(sentences, ["speaker"], "sentences", caller)
    counts = {"sentences": sentences["speaker"].astype("string").fillna("narrator").value_counts()}
    if quotes is not None:
        _require(quotes, ["speaker"], "quotes", caller)
        if "kind" in quotes.columns:
            quotes = quotes.loc[quotes["kind"].astype("string") == "speech"]
        counts["quotations"] = quotes["speaker"].astype("string").fillna("unattributed").value_counts()
    else:
        counts["quotations"] = pd.Series(dtype="int64")
    table = pd.DataFrame(counts).fillna(0).astype("int64")
    table.index = pd.Index(table.index.astype(str), name="speaker")
    return table


def count_speakers(tables, *, top: int | None = None) -> pd.DataFrame:
    """Who speaks: sentences and quotations per speaker of a selection.

    Parameters
    ----------
    tables : Tables
        :func:`select` result or the whole ``load_processed`` tables (``sentences``
        and ``quotes`` with a ``speaker`` column; ``quotes`` may be None).
    top : int, optional
        Keep only the ``top`` speakers with the most sentences.

    Returns
    -------
    pandas.DataFrame
        Index ``speaker`` (``narrator`` is the document's own voice, ``unattributed``
        a quotation without a speaker); columns ``sentences`` and ``quotations``
        (int; :func:`speaker_counts`: reported speech only, never a scare quote or a
        title).  Sorted by ``sentences``, most first, ties by name.

    Raises
    ------
    ParameterError
        ``tables`` is not a Tables tuple, or ``top`` is not a positive integer.
    SchemaError
        ``sentences`` or ``quotes`` lacks ``speaker``.
    """
    _check_tables(tables, "count_speakers")
    if top is not None and (isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1):
        raise ParameterError(f"count_speakers: top={top!r} must be None or a positive integer")
    table = speaker_counts(tables.sentences, tables.quotes, caller="count_speakers")
    table = table.sort_index(kind="mergesort").sort_values("sentences", ascending=False,
                                                           kind="mergesort")
    return table if top is None else table.head(top)
