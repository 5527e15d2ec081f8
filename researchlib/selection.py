"""Selection: processed tables in, the same tables narrowed to a speaker, country, period or metadata value out.

Reads
-----
documents
    ``doc_id``; ``country`` when ``country`` is given; ``date`` when ``date_from`` or
    ``date_to`` is given; every column that ``where`` names.
sentences, quotes, frames
    ``doc_id``; ``speaker`` when ``speaker`` is given.

Writes
------
The same four tables (``documents``, ``sentences``, ``quotes``, ``frames``), rows
filtered, columns and row order unchanged, returned as the same named-tuple type
that came in (:class:`researchlib.pipeline.Tables` from ``load_processed``).

The filters combine with AND.  Document filters (``country``, dates, ``where``)
choose documents; the other tables keep only rows of the chosen documents.  A
speaker filter means *what that speaker says*: sentences, quotations and frame
hits attributed to the speaker, and the documents in which the speaker speaks.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .exceptions import ParameterError, SchemaError

__all__ = ["select"]

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


def _shown(values: Iterable) -> str:
    values = sorted({str(v) for v in values if not pd.isna(v)})
    more = len(values) - _SHOWN_VALUES
    text = ", ".join(repr(v) for v in values[:_SHOWN_VALUES])
    return text + (f" and {more} more" if more > 0 else "")


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


def _known(values: list, present: pd.Series, argument: str) -> None:
    """Raise when none of ``values`` occurs anywhere in ``present`` (likely a typo)."""
    present_text = set(present.dropna().astype(str))
    unknown = [v for v in values if str(v) not in present_text]
    if unknown:
        raise ParameterError(
            f"select: {argument}={unknown[0]!r} occurs nowhere in the tables; "
            f"known values: {_shown(present_text)}"
        )


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


def select(tables, *, speaker=None, country=None, date_from=None, date_to=None, where=None):
    """Narrow the processed tables to a speaker, country, period or metadata value.

    Parameters
    ----------
    tables : Tables
        The named tuple that :func:`researchlib.load_processed` returns (any object with
        ``documents``, ``sentences``, ``quotes`` and ``frames`` attributes and a
        ``_replace`` method).  ``frames`` may be None.
    speaker : str or list of str, optional
        Keep what these speakers say: sentences, quotations and frame hits whose
        ``speaker`` is one of them, and the documents in which they speak (or which
        they authored).  A name found nowhere in the tables raises ParameterError.
    country : str or list of str, optional
        Keep documents whose ``country`` is one of these.
    date_from, date_to : str, int, date or datetime, optional
        Keep documents dated inside the range, both ends included.  A string may be a
        year (``"2023"``), a month (``"2023-05"``) or a day; as an end, it covers the
        whole year, month or day.  Documents without a date are dropped when either
        bound is given.
    where : dict, optional
        Column of ``documents`` -> value or list of values to keep
        (``{"genre": ["letter", "message"]}``).

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
        A ``where`` column that ``documents`` does not have (the message lists the
        columns it has), an unparsable date (naming the parameter), ``date_from`` after
        ``date_to``, a speaker or country found nowhere, or an empty list.
    SchemaError
        A table lacks a column that the requested filter needs.

    Examples
    --------
    >>> sub = select(tables, speaker="Idris Valko", date_from="2022", date_to="2024")
    >>> sub.quotes[["doc_id", "text"]]  # doctest: +SKIP
    """
    missing = [name for name in _TABLES if not hasattr(tables, name)]
    if missing or not hasattr(tables, "_replace"):
        raise ParameterError(
            f"select: tables must be the Tables tuple from load_processed "
            f"(attributes {list(_TABLES)}); got {type(tables).__name__} lacking {missing}"
        )
    documents = tables.documents
    _require(documents, ["doc_id"], "documents", "select")

    keep = pd.Series(True, index=documents.index)
    if country is not None:
        _require(documents, ["country"], "documents", "country")
        values = _as_list(country, "country")
        _known(values, documents["country"], "country")
        keep &= _match(documents["country"], values)

    start = _parse_date(date_from, "date_from", end=False)
    stop = _parse_date(date_to, "date_to", end=True)
    if start is not None and stop is not None and start > stop:
        raise ParameterError(f"select: date_from={date_from!r} is after date_to={date_to!r}")
    if start is not None or stop is not None:
        _require(documents, ["date"], "documents", "date_from/date_to")
        keep &= _date_mask(documents["date"], start, stop)

    if where is not None:
        if not isinstance(where, Mapping):
            raise ParameterError(
                f"select: where must be a mapping of column -> value(s), got {type(where).__name__}"
            )
        for column, value in where.items():
            if column not in documents.columns:
                raise ParameterError(
                    f"select: where names column {column!r}, which documents does not have; "
                    f"available columns: {list(documents.columns)}"
                )
            keep &= _match(documents[column], _as_list(value, f"where[{column!r}]"))

    doc_ids = set(documents.loc[keep, "doc_id"])
    parts = {"documents": documents.loc[keep]}
    speakers = None
    if speaker is not None:
        speakers = _as_list(speaker, "speaker")
        everywhere = [documents["speaker"]] if "speaker" in documents.columns else []
    for name in ("sentences", "quotes", "frames"):
        table = getattr(tables, name)
        if table is None:
            parts[name] = None
            continue
        _require(table, ["doc_id"], name, "select")
        mask = table["doc_id"].isin(doc_ids)
        if speakers is not None:
            _require(table, ["speaker"], name, "speaker")
            everywhere.append(table["speaker"])
            mask &= _match(table["speaker"], speakers)
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
        parts["documents"] = docs.loc[docs["doc_id"].isin(speaking) | authored]

    return tables._replace(**{name: (None if t is None else t.copy()) for name, t in parts.items()})
