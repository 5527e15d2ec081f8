"""Frames stage, lookup: lexicon patterns found in sentences (or documents) -> the frames table.

:func:`lookup_frames` reads a sentences frame (``doc_id``, ``sent_id``, ``start``,
``text``, ``speaker``) or a documents frame (``doc_id``, ``text``), plus optionally a
quotes frame (``doc_id``, ``start``, ``end``, ``speaker``), and writes the frames
table: ``doc_id``, ``sent_id``, ``category``, ``pattern``, ``matched``, ``start``,
``end``, ``speaker``, ``quote_speaker``, ``lexicon`` (offsets into the document text).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from .._schema import require_columns as _require
from ..exceptions import ParameterError, SchemaError
from ..lexicon import Lexicon
from ..quotes import extract_quotes
from ..sentences import split_sentences
from ..tables import COLUMNS
from ._compile import _Compiled, _compiled
from ._match import _drop_exceptions, _match_chunk
from ._tokens import _slices, _words

__all__ = ["lookup_frames", "FRAME_COLUMNS", "SENTENCE_COLUMNS"]

#: The frames table's columns (the contract in researchlib.tables).
FRAME_COLUMNS = list(COLUMNS["frames"])
SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "text", "speaker"]


def _empty_frames() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype=object),
            "sent_id": pd.Series([], dtype="int64"),
            "category": pd.Series([], dtype=object),
            "pattern": pd.Series([], dtype=object),
            "matched": pd.Series([], dtype=object),
            "start": pd.Series([], dtype="int64"),
            "end": pd.Series([], dtype="int64"),
            "speaker": pd.Series([], dtype=object),
            "quote_speaker": pd.Series([], dtype=object),
            "lexicon": pd.Series([], dtype=object),
        }
    )


_CHUNK_CHARS = 2_000_000


def _scan(comps: list[_Compiled], texts: list[str]):
    """Match every lexicon in every text, a chunk of texts at a time.

    A chunk's texts are joined with NUL, which is neither a word character, white
    space nor a quote mark, so no word and no multi-word match crosses from one
    text into the next.  Returns arrays (text index, local start, local end, lexicon
    index, entry id) and the list of matched strings, or None when nothing matched.
    """
    if not texts:
        return None
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    ends = np.cumsum(lengths)
    out: list[tuple] = []
    matched: list[pa.Array] = []
    i = 0
    while i < len(texts):
        base = int(ends[i - 1]) if i else 0
        j = max(i + 1, int(np.searchsorted(ends, base + _CHUNK_CHARS, side="right")))
        joined = "\x00".join(texts[i:j])
        sent_starts = np.concatenate(([0], ends[i : j - 1] - base))
        words = _words(joined)
        types = words.types
        for lex_i, comp in enumerate(comps):
            tok = comp.ids(types)[words.index]
            positions = np.flatnonzero(comp.t_flags[tok] & 1)
            if not len(positions):
                continue
            first, last, eids = _match_chunk(comp, words, tok, positions)
            if comp.exceptions is not None:
                first, last, eids = _drop_exceptions(comp, words, (first, last, eids))
            if not len(eids):
                continue
            starts = words.starts[first]
            stops = words.ends[last]
            local = np.searchsorted(sent_starts, starts, side="right") - 1
            out.append(
                (
                    local + i,
                    starts - sent_starts[local],
                    stops - sent_starts[local],
                    np.full(len(eids), lex_i, dtype=np.int64),
                    eids,
                )
            )
            matched.append(_slices(joined, words.codes, starts, stops))
        i = j
    if not out:
        return None
    columns = [np.concatenate([o[k] for o in out]).astype(np.int64) for k in range(5)]
    return (*columns, pa.concat_arrays(matched))


def lookup_frames(
    data: pd.DataFrame,
    lexicon: Lexicon | Sequence[Lexicon],
    *,
    quotes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Find every lexicon pattern in the sentences of a corpus.

    Parameters
    ----------
    data : DataFrame
        A sentences frame (``doc_id``, ``sent_id``, ``start``, ``text``, ``speaker``),
        or a documents frame (``doc_id``, ``text``, optional ``speaker``; no ``sent_id``),
        which is first split with :func:`researchlib.sentences.split_sentences` using
        ``quotes`` (found with :func:`researchlib.quotes.extract_quotes` when not given,
        as :func:`researchlib.pipeline.prepare` does), so the hits carry the same
        ``speaker`` and ``quote_speaker`` as the prepared frames table.
    lexicon : Lexicon or list of Lexicon
        One or several lexicons; each hit names its lexicon.
    quotes : DataFrame, optional
        Quotations (``doc_id``, ``start``, ``end``, ``speaker``), e.g. the output of
        :func:`researchlib.quotes.extract_quotes`.  A hit lying inside a quotation
        records that quotation's speaker in ``quote_speaker``.

    Returns
    -------
    DataFrame
        One row per hit: ``doc_id``, ``sent_id``, ``category``, ``pattern``,
        ``matched``, ``start``, ``end`` (offsets into the document text, so
        ``documents.text[start:end] == matched``), ``speaker`` (the sentence's, so
        that rates and sentiment per speaker share one denominator),
        ``quote_speaker`` (the speaker of the quotation holding the hit, e.g. a
        scare quote inside narration; NA outside quotations, and everywhere when
        ``data`` is sentences and no ``quotes`` are given), ``lexicon``; in sentence order, then by position.

    Raises
    ------
    SchemaError
        If ``data`` or ``quotes`` lacks a required column.
    ParameterError
        If ``lexicon`` is not a Lexicon or a non-empty list of them.

    Examples
    --------
    >>> import researchlib as rl
    >>> frames = rl.lookup_frames(sentences, rl.default_lexicon())  # doctest: +SKIP
    """
    lexicons = _as_lexicons(lexicon)
    if not isinstance(data, pd.DataFrame):
        raise SchemaError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if "sent_id" not in data.columns:
        _require(data, ["doc_id", "text"], "data (documents)")
        if quotes is None:
            # The quotations prepare finds, used both for the sentences' speakers and for
            # quote_speaker, so that documents give the voices the prepared tables give.
            quotes = extract_quotes(data if "speaker" in data.columns else data.assign(speaker=None))
        data = split_sentences(data, quotes=quotes)
    _require(data, SENTENCE_COLUMNS, "data (sentences)")
    if quotes is not None:
        _require(quotes, ["doc_id", "start", "end", "speaker"], "quotes")

    comps = [_compiled(lex) for lex in lexicons]
    texts = [t if isinstance(t, str) else "" for t in data["text"].tolist()]
    hits = _scan(comps, texts)
    if hits is None:
        return _empty_frames()
    sent_idx, local_start, local_end, lex_idx, eids, matched = hits
    order = np.lexsort((eids, lex_idx, local_end, local_start, sent_idx))
    sent_idx, local_start, local_end = sent_idx[order], local_start[order], local_end[order]
    lex_idx, eids = lex_idx[order], eids[order]
    # String columns are Arrow takes from small tables (no Python object per hit).
    cat_codes = np.empty(len(eids), dtype=np.int64)
    pat_codes = np.empty(len(eids), dtype=np.int64)
    cat_table: list[str] = []
    pat_table: list[str] = []
    for lex_i, comp in enumerate(comps):
        sel = lex_idx == lex_i
        ids = eids[sel]
        cat_codes[sel] = comp.entry_cat[ids] + len(cat_table)
        pat_codes[sel] = ids + len(pat_table)
        cat_table += comp.categories
        pat_table += comp.patterns
    offset = data["start"].to_numpy(dtype=np.int64)[sent_idx]
    frames = pd.DataFrame(
        {
            "doc_id": _take_strings(data["doc_id"], sent_idx),
            "sent_id": data["sent_id"].to_numpy(dtype=np.int64)[sent_idx],
            "category": _strings(pa.array(cat_table, pa.large_string()).take(cat_codes)),
            "pattern": _strings(pa.array(pat_table, pa.large_string()).take(pat_codes)),
            "matched": _strings(matched.take(order)),
            "start": offset + local_start,
            "end": offset + local_end,
            "speaker": _take_strings(data["speaker"], sent_idx),
            "quote_speaker": np.full(len(eids), None, dtype=object),
            "lexicon": _strings(
                pa.array([c.name for c in comps], pa.large_string()).take(lex_idx)
            ),
        }
    )
    if quotes is not None and len(quotes):
        frames["quote_speaker"] = _quote_speakers(frames, quotes)
    return frames


_STR_DTYPE = pd.Series([], dtype="str").dtype


def _strings(array: pa.Array) -> pd.Series:
    """A pandas ``str`` column over an Arrow string array (no copy through Python)."""
    return array.to_pandas(types_mapper={pa.large_string(): _STR_DTYPE, pa.string(): _STR_DTYPE}.get)


def _take_strings(column: pd.Series, idx: np.ndarray):
    """``column``'s values at ``idx``: an Arrow take for ``str`` columns, else an object array."""
    if column.dtype == _STR_DTYPE:
        return _strings(pa.array(column.array).take(idx))
    return column.to_numpy(dtype=object)[idx]


def _as_lexicons(lexicon) -> list[Lexicon]:
    items = [lexicon] if isinstance(lexicon, Lexicon) else lexicon
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence) or not items:
        raise ParameterError(
            f"lexicon must be a Lexicon or a non-empty list of Lexicon objects, got {lexicon!r}"
        )
    for item in items:
        if not isinstance(item, Lexicon):
            raise ParameterError(
                f"lexicon list holds {type(item).__name__} {item!r}; allowed: Lexicon objects "
                "(see researchlib.load_lexicon)"
            )
    names = [lex.name for lex in items]
    if len(set(names)) != len(names):
        raise ParameterError(f"lexicon names must differ inside one lookup, got {names}")
    return list(items)


def _quote_speakers(frames: pd.DataFrame, quotes: pd.DataFrame) -> np.ndarray:
    """Speaker per hit of the enclosing quotation, None outside quotations.

    The quotation is the last one (by start, then table order) of the hit's
    document that starts at or before the hit; the hit is inside when that
    quotation ends at or after the hit's end.
    """
    speakers = np.full(len(frames), None, dtype=object)
    if not len(frames):
        return speakers
    q_doc = quotes["doc_id"].astype(object).to_numpy(dtype=object)
    f_doc = frames["doc_id"].astype(object).to_numpy(dtype=object)
    codes, _ = pd.factorize(np.concatenate([q_doc, f_doc]))
    q_code, f_code = codes[: len(q_doc)].astype(np.int64), codes[len(q_doc) :].astype(np.int64)
    q_start = quotes["start"].to_numpy(dtype=np.int64)
    q_end = quotes["end"].to_numpy(dtype=np.int64)
    f_start = frames["start"].to_numpy(dtype=np.int64)
    f_end = frames["end"].to_numpy(dtype=np.int64)
    width = int(max(q_start.max(initial=0), f_start.max(initial=0))) + 1
    q_key = q_code * width + q_start
    order = np.argsort(q_key, kind="stable")
    at = np.searchsorted(q_key[order], f_code * width + f_start, side="right") - 1
    found = at >= 0
    q_row = order[np.where(found, at, 0)]
    inside = found & (q_code[q_row] == f_code) & (q_end[q_row] >= f_end)
    speakers[inside] = quotes["speaker"].to_numpy(dtype=object)[q_row[inside]]
    return speakers
