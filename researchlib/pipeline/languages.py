"""Language-specific work in ``prepare``: the stages Korean documents go through.

English documents (and undetermined ones) take the English stages of
:mod:`.worker`.  Korean documents take :mod:`researchlib.korean`: sentences from
the Korean splitter, frames from the default Korean lexicon matched on lemmas,
no VADER (an English tool: their sentiment is NaN), and the front matter before
an address (title, date, the editor's summary) marked as the ``editor``'s voice,
so that rates by speaker count the address only.  Other languages keep their
quotations and the sentences of the general splitter, with no sentiment and no
frames.

:mod:`researchlib.korean` (and kiwipiepy, its analyser) is imported only when a
Korean document is met: documented lazy loading, since the analyser's model takes
a second to load and an English corpus never needs it.

Dates: :func:`korean_dates` gives Korean documents without a date the one on their
date line (``- 1946년 01월 01일``), and a ``year``: the year their file is named
after (the year the address greets), else the year of their date.
"""

from __future__ import annotations

import importlib
import warnings

import numpy as np
import pandas as pd

from .._schema import str_series
from .._text import count_words
from ..exceptions import ResearchlibWarning
from ..tables import COLUMNS

__all__ = ["KOREAN", "EDITOR", "korean_tables", "korean_dates"]

#: The language code routed to the Korean stages.
KOREAN = "ko"
#: The voice of an address's front matter (title, date line, editor's summary).
EDITOR = "editor"


def _korean():
    return importlib.import_module("researchlib.korean")


def korean_tables(docs: pd.DataFrame, quotes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sentences and frames of Korean documents.

    Parameters
    ----------
    docs : DataFrame
        ``doc_id``, ``text``, ``speaker`` of Korean documents.
    quotes : DataFrame
        Their quotations (``extract_quotes``), for ``in_quote`` and ``quote_id``.

    Returns
    -------
    tuple of DataFrame
        ``(sentences, frames)`` with the columns of the contract
        (:data:`researchlib.tables.COLUMNS`).
    """
    korean = _korean()
    lexicon = korean.default_lexicon_ko()
    sentence_rows, frame_parts = [], []
    for doc_id, text, speaker in zip(docs["doc_id"], docs["text"], docs["speaker"]):
        own = speaker if isinstance(speaker, str) and speaker else "narrator"
        body = korean.find_address_start_ko(text)
        spans = korean.split_sentences_ko(text)
        doc_quotes = quotes.loc[quotes["doc_id"] == doc_id]
        q_start = doc_quotes["start"].to_numpy(dtype=np.int64)
        q_end = doc_quotes["end"].to_numpy(dtype=np.int64)
        speakers = []
        for sent_id, (start, end) in enumerate(spans):
            voice = EDITOR if start < body else own
            inside = np.flatnonzero((q_start <= start) & (q_end >= end - 1)) if len(q_start) else []
            quote_id = int(doc_quotes["quote_id"].iloc[inside[0]]) if len(inside) else None
            if quote_id is not None:
                voice = str(doc_quotes["speaker"].iloc[inside[0]])
            speakers.append(voice)
            sentence = text[start:end]
            sentence_rows.append((doc_id, sent_id, start, end, sentence, count_words(sentence),
                                  voice, quote_id is not None, quote_id))
        hits = korean.lookup_frames_ko(text, lexicon)
        if len(hits):
            voice_of = np.asarray(speakers, dtype=object)
            frame_parts.append(pd.DataFrame({
                "doc_id": doc_id,
                "sent_id": hits["sent_id"].to_numpy(dtype=np.int64),
                "category": hits["category"].to_numpy(dtype=object),
                "pattern": hits["pattern"].to_numpy(dtype=object),
                "matched": hits["matched"].to_numpy(dtype=object),
                "start": hits["start"].to_numpy(dtype=np.int64),
                "end": hits["end"].to_numpy(dtype=np.int64),
                "speaker": voice_of[hits["sent_id"].to_numpy(dtype=np.int64)],
                "quote_speaker": None,
                "lexicon": hits["lexicon"].to_numpy(dtype=object),
            }))
    columns = list(zip(*sentence_rows)) if sentence_rows else [[] for _ in COLUMNS["sentences"]]
    sentences = pd.DataFrame({
        "doc_id": str_series(list(columns[0])),
        "sent_id": pd.Series(columns[1], dtype="int64"),
        "start": pd.Series(columns[2], dtype="int64"),
        "end": pd.Series(columns[3], dtype="int64"),
        "text": str_series(list(columns[4])),
        "n_words": pd.Series(columns[5], dtype="int64"),
        "speaker": str_series(list(columns[6])),
        "in_quote": pd.Series(columns[7], dtype="bool"),
        "quote_id": pd.Series(columns[8], dtype="Int64"),
    })
    if frame_parts:
        frames = pd.concat(frame_parts, ignore_index=True)[list(COLUMNS["frames"])]
    else:
        frames = pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS["frames"]})
    return sentences, frames


def _fits(date: pd.Timestamp, year: int) -> bool:
    """Whether an address of ``year`` can carry ``date``: that year, or December before it."""
    return date.year == year or (date.year == year - 1 and date.month == 12)


def korean_dates(documents: pd.DataFrame) -> pd.DataFrame:
    """Dates and years of Korean documents from their date lines and file names.

    Parameters
    ----------
    documents : DataFrame
        The documents table (``doc_id``, ``text``, ``language``, ``path``, ``date``,
        and ``year`` when known).

    Returns
    -------
    DataFrame
        A copy in which each Korean document with no ``date`` has the date of its
        date line (:func:`researchlib.korean.dates.address_date_ko`), or 1 January
        of the year its file is named after when it has no date line; and a
        ``year`` column (Int64) in which each Korean document without one has the
        year of its file name (``1987.txt``: the 1987 address, given on 30 December
        1986), else the year of its date; other documents get the year of their
        date when the column is new.  Documents that are not Korean keep their
        dates; a date from the metadata is never replaced.  The same table (not a
        copy) when there is no Korean document.

    Warns
    -----
    ResearchlibWarning
        Once, naming the documents whose date line contradicts their file name
        (a date outside that year and the December before it; the file name is
        kept and the date set to 1 January of it).
    """
    is_ko = documents["language"].eq(KOREAN).to_numpy(dtype=bool) if "language" in documents else None
    if is_ko is None or not is_ko.any():
        return documents
    dates_ko = importlib.import_module("researchlib.korean.dates")
    out = documents.copy()
    if "year" not in out.columns:
        out["year"] = out["date"].dt.year.astype("Int64")
    dates = out["date"].copy()
    years = out["year"].astype("Int64").copy()
    contradicted = []
    for i in np.flatnonzero(is_ko):
        text, path, date = out["text"].iat[i], out["path"].iat[i], dates.iat[i]
        if pd.isna(date):
            line = dates_ko.address_date_ko(text if isinstance(text, str) else "")
            named = dates_ko.address_year_ko(path)
            if line is not None and named is not None and not _fits(line, named):
                contradicted.append(f"{out['doc_id'].iat[i]} ({line.date()} in a file named {named})")
                line = None
            if line is None and named is not None:
                line = pd.Timestamp(named, 1, 1)
            if line is not None:
                dates.iat[i] = line
                date = line
        if pd.isna(years.iat[i]):
            year = dates_ko.address_year_ko(path, None if pd.isna(date) else date)
            if year is not None:
                years.iat[i] = year
    if contradicted:
        warnings.warn(
            f"{len(contradicted)} Korean document(s) have a date line that contradicts the year of "
            f"their file name; the file name's year is kept (date 1 January): {', '.join(contradicted)}",
            ResearchlibWarning, stacklevel=2,
        )
    out["date"] = dates.astype(documents["date"].dtype)
    out["year"] = years
    return out
