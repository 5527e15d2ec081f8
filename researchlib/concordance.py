"""Concordance stage: documents and their sentences in, a keyword-in-context concordance out.

Reads
-----
documents: ``doc_id``, ``text`` and, when present, ``speaker``.
sentences (the sentences stage's output, always given: this stage never splits
sentences itself): ``doc_id``, ``sent_id``, ``start``, ``end`` (or ``text``), ``speaker``.

Writes
------
The concordance: ``doc_id``, ``start``, ``end`` (offsets into the document text,
``text[start:end] == match``), ``left``, ``match``, ``right`` (the context as
slices of the original text), ``speaker``.  :func:`kwic_html` renders it as an
HTML table with every piece of text escaped.

Matching uses the lexicon pattern language (see :mod:`researchlib.lexicon`)
through :func:`researchlib.frames.lookup_frames`, so a concordance line exists
exactly where a frame hit does.
"""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._schema import require_columns as _require
from ._text import WORD_RE
from .exceptions import ParameterError
from .frames import lookup_frames
from .lexicon import Lexicon

__all__ = ["kwic", "frames_in_context", "kwic_html", "KWIC_COLUMNS"]

KWIC_COLUMNS = ["doc_id", "start", "end", "left", "match", "right", "speaker"]

_KWIC_CATEGORY = "kwic"
_SPACE_RE = re.compile(r"\s+")



def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype=object),
            "start": pd.Series([], dtype="int64"),
            "end": pd.Series([], dtype="int64"),
            "left": pd.Series([], dtype=object),
            "match": pd.Series([], dtype=object),
            "right": pd.Series([], dtype=object),
            "speaker": pd.Series([], dtype=object),
        }
    )


def _left_start(text: str, lo: int, start: int, window: int) -> int:
    """Start of the ``window``-th word before ``start`` (not before ``lo``), else ``lo``."""
    if window == 0:
        return start
    size = 16 * (window + 1)
    while True:
        chunk_lo = max(lo, start - size)
        starts = [m.start() for m in WORD_RE.finditer(text, chunk_lo, start)]
        # With more words than needed, the first (possibly cut) word is never the one taken.
        if len(starts) > window or chunk_lo == lo:
            return starts[-window] if len(starts) >= window else lo
        size *= 4


def _right_end(text: str, end: int, hi: int, window: int) -> int:
    """End of the ``window``-th word after ``end`` (not after ``hi``), else ``hi``."""
    if window == 0:
        return end
    size = 16 * (window + 1)
    while True:
        chunk_hi = min(hi, end + size)
        ends = []
        for m in WORD_RE.finditer(text, end, chunk_hi):
            ends.append(m.end())
            if len(ends) > window:
                break
        if len(ends) > window or chunk_hi == hi:
            return ends[window - 1] if len(ends) >= window else hi
        size *= 4


def _pattern_lexicon(pattern, lexicon) -> tuple[Lexicon, str | None]:
    """A one-category Lexicon for a pattern (or patterns), or the given lexicon and category."""
    if lexicon is not None:
        if not isinstance(lexicon, Lexicon):
            raise ParameterError(
                f"lexicon must be a researchlib Lexicon, got {type(lexicon).__name__}"
            )
        known = lexicon.categories()
        if not isinstance(pattern, str) or (
            pattern not in known and not any(k.startswith(pattern + ".") for k in known)
        ):
            raise ParameterError(
                f"pattern={pattern!r} is not a category of lexicon {lexicon.name!r}; "
                f"categories: {list(known)}"
            )
        return lexicon, pattern
    if isinstance(pattern, str):
        patterns = [pattern]
    elif isinstance(pattern, Sequence) and all(isinstance(p, str) for p in pattern):
        patterns = list(pattern)
    else:
        raise ParameterError(
            f"pattern must be a string or a list of strings, got {type(pattern).__name__} "
            f"{pattern!r:.60}"
        )
    if not patterns or any(not p.strip() for p in patterns):
        raise ParameterError(
            f"pattern={pattern!r} is empty; give a word, a phrase or a glob like 'fratern*'"
        )
    return Lexicon("kwic", {_KWIC_CATEGORY: patterns}), None


def _sentences_for(corpus: pd.DataFrame, sentences) -> pd.DataFrame:
    if sentences is None:
        raise ParameterError(
            "sentences=None: kwic needs the corpus's sentences (split_sentences(corpus, "
            "quotes=...) or load_processed(...).sentences), so that its speakers are the "
            "prepared tables' speakers"
        )
    _require(sentences, ["doc_id", "sent_id", "start", "text"], "sentences")
    sentences = sentences.loc[sentences["doc_id"].isin(corpus["doc_id"])]
    if "end" not in sentences.columns:
        sentences = sentences.assign(end=sentences["start"] + sentences["text"].str.len())
    if "speaker" not in sentences.columns:
        speaker = dict(zip(corpus["doc_id"], _doc_speakers(corpus)))
        sentences = sentences.assign(speaker=sentences["doc_id"].map(speaker))
    return sentences


def _korean_doc_ids(corpus: pd.DataFrame) -> set:
    """Documents read as Korean: ``language == "ko"``, else (no column) mostly Hangul text."""
    if "language" in corpus.columns:
        return set(corpus.loc[corpus["language"].eq("ko"), "doc_id"])
    terms = importlib.import_module("researchlib.korean.terms")
    return {d for d, t in zip(corpus["doc_id"], corpus["text"]) if terms.is_korean_text(t)}


def _korean_hits(corpus: pd.DataFrame, sents: pd.DataFrame, lex: Lexicon, ids: set) -> pd.DataFrame:
    """Hits of ``lex`` in the Korean documents, matched on lemmas; each in the sentence holding it."""
    korean = importlib.import_module("researchlib.korean")
    parts = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        if doc_id not in ids or not isinstance(text, str):
            continue
        hits = korean.lookup_frames_ko(text, lex)
        doc_sents = sents.loc[sents["doc_id"] == doc_id].sort_values("start", kind="mergesort")
        if hits.empty or doc_sents.empty:
            continue
        starts = doc_sents["start"].to_numpy(dtype=np.int64)
        at = np.searchsorted(starts, hits["start"].to_numpy(dtype=np.int64), side="right") - 1
        inside = at >= 0
        at = np.clip(at, 0, None)
        inside &= hits["start"].to_numpy() < doc_sents["end"].to_numpy(dtype=np.int64)[at]
        parts.append(pd.DataFrame({
            "doc_id": doc_id,
            "sent_id": doc_sents["sent_id"].to_numpy()[at][inside],
            "start": hits["start"].to_numpy()[inside],
            "end": hits["end"].to_numpy()[inside],
            "category": hits["category"].to_numpy(dtype=object)[inside],
            "speaker": doc_sents["speaker"].to_numpy(dtype=object)[at][inside],
        }))
    columns = ["doc_id", "sent_id", "start", "end", "category", "speaker"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def _doc_speakers(corpus: pd.DataFrame) -> list:
    if "speaker" not in corpus.columns:
        return ["narrator"] * len(corpus)
    return [s if isinstance(s, str) and s else "narrator" for s in corpus["speaker"]]


def kwic(
    corpus: pd.DataFrame,
    pattern: str | Sequence[str],
    *,
    sentences: pd.DataFrame,
    window: int = 8,
    within_sentence: bool = True,
    lexicon: Lexicon | None = None,
    quotes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context: every match of a pattern with the words around it.

    Parameters
    ----------
    corpus : pandas.DataFrame
        Documents: ``doc_id``, ``text`` (``load_corpus`` output), optionally ``speaker``.
    pattern : str or list of str
        A pattern in the lexicon pattern language: words are case-insensitive, a
        word without ``*`` matches its inflections ("share blood" finds "shared
        blood"), a trailing ``*`` is a prefix glob ("fratern*"), several words
        match consecutive words inside one sentence.  A list gives several
        patterns.  With ``lexicon``, the name of a category (its nested
        sub-categories included).  In Korean documents (``language`` ``"ko"``, or
        mostly Hangul when ``corpus`` has no ``language`` column) patterns are
        Korean and match lemmas (:func:`researchlib.korean.lookup_frames_ko`: 혈맹
        finds 혈맹으로, 희생하다 finds 희생하였다).
    sentences : pandas.DataFrame
        The corpus's sentences (``doc_id``, ``sent_id``, ``start``, ``end`` or
        ``text``, ``speaker``): ``split_sentences`` or ``load_processed`` output.
    window : int, default=8
        Words of context on each side.
    within_sentence : bool, default=True
        Stop the context at the sentence's bounds; ``False`` lets it run over
        neighbouring sentences of the same document.
    lexicon : researchlib.lexicon.Lexicon or None, default=None
        When given, ``pattern`` names one of its categories and every hit of that
        category is listed.
    quotes : pandas.DataFrame or None, default=None
        Quotations, passed to ``lookup_frames``.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``start``, ``end`` (document offsets, ``text[start:end] ==
        match``), ``left`` (the text from the ``window``-th word before the match,
        or from the sentence start, up to the match), ``match``, ``right`` (from
        the match to the end of the ``window``-th word after it, or to the
        sentence end), ``speaker`` (the quotation's or sentence's speaker, else
        the document's, else ``"narrator"``).  ``left`` and ``right`` are exact
        slices of the text: ``text[start - len(left):start] == left``.  Rows in
        corpus order, then by ``start``; a span found by several sub-categories
        appears once.

    Raises
    ------
    SchemaError
        If ``corpus`` or ``sentences`` lacks a required column.
    ParameterError
        If ``sentences`` is None, ``window`` is negative, the pattern is empty, or
        ``pattern`` is not a category of ``lexicon``.
    LexiconError
        If the pattern is malformed (a ``*`` inside a word).

    Examples
    --------
    >>> kwic(documents, "share blood", sentences=sentences, window=5)  # doctest: +SKIP
    """
    _require(corpus, ["doc_id", "text"], "corpus")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 0:
        raise ParameterError(f"window must be a non-negative integer, got {window!r}")
    lex, category = _pattern_lexicon(pattern, lexicon)
    sents = _sentences_for(corpus, sentences)

    korean_ids = _korean_doc_ids(corpus)
    hits = lookup_frames(sents.loc[~sents["doc_id"].isin(korean_ids)], lex, quotes=quotes)
    if korean_ids:  # Korean documents: the pattern matches lemmas (researchlib.korean)
        hits = pd.concat([hits, _korean_hits(corpus, sents, lex, korean_ids)], ignore_index=True)
    if category is not None:
        keep = (hits["category"] == category) | hits["category"].str.startswith(category + ".")
        hits = hits.loc[keep]
    hits = hits.drop_duplicates(["doc_id", "start", "end"])
    if hits.empty:
        return _empty()

    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    doc_speaker = dict(zip(corpus["doc_id"], _doc_speakers(corpus)))
    doc_rank = {d: i for i, d in enumerate(corpus["doc_id"])}
    bounds = {
        (d, int(s)): (int(a), int(b))
        for d, s, a, b in zip(sents["doc_id"], sents["sent_id"], sents["start"], sents["end"])
    }

    rows = []
    for doc_id, sent_id, start, end, speaker in zip(
        hits["doc_id"], hits["sent_id"], hits["start"], hits["end"], hits["speaker"]
    ):
        text = texts[doc_id]
        start, end = int(start), int(end)
        if within_sentence:
            lo, hi = bounds[(doc_id, int(sent_id))]
        else:
            lo, hi = 0, len(text)
        left_at = _left_start(text, lo, start, window)
        right_at = _right_end(text, end, hi, window)
        if not isinstance(speaker, str) or not speaker:
            speaker = doc_speaker[doc_id]
        rows.append(
            (
                doc_rank[doc_id],
                doc_id,
                start,
                end,
                text[left_at:start],
                text[start:end],
                text[end:right_at],
                speaker,
            )
        )
    out = pd.DataFrame(rows, columns=["_rank", *KWIC_COLUMNS])
    out = out.sort_values(["_rank", "start", "end"], kind="mergesort").drop(columns="_rank")
    return out.astype({"start": "int64", "end": "int64"}).reset_index(drop=True)


def frames_in_context(
    corpus: pd.DataFrame,
    frames: pd.DataFrame,
    *,
    categories: Sequence[str] | None = None,
    top: int | None = None,
    window: int = 8,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context of frame hits: the patterns behind ``frames`` found in ``corpus``.

    Parameters
    ----------
    corpus : pandas.DataFrame
        Documents, as for :func:`kwic`.
    frames : pandas.DataFrame
        Frame hits (:func:`researchlib.frames.lookup_frames` output or a selection of
        it): ``pattern``, and ``category`` when ``categories`` is given.
    categories : list of str, optional
        Keep only the hits of these categories.
    top : int, optional
        Look up only the ``top`` patterns with the most hits; default every pattern,
        in the order of their first hit.
    window : int, default=8
        Words of context on each side.
    sentences : pandas.DataFrame, optional
        The corpus's sentences, as for :func:`kwic`.

    Returns
    -------
    pandas.DataFrame
        :func:`kwic`'s columns (``doc_id``, ``start``, ``end``, ``left``, ``match``,
        ``right``, ``speaker``); no rows, rather than an error, when no hit is left
        (a selection where no frame matches), so a report can say so.

    Raises
    ------
    SchemaError
        If ``frames`` lacks ``pattern`` (or ``category``), or ``corpus`` a column
        :func:`kwic` needs.
    ParameterError
        If ``top`` is not a positive integer, or (with a pattern to look up)
        ``window`` is negative.
    """
    _require(frames, ["pattern"] + (["category"] if categories is not None else []), "frames")
    if top is not None and (isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1):
        raise ParameterError(f"top must be None or a positive integer, got {top!r}")
    hits = frames if categories is None else frames.loc[frames["category"].isin(list(categories))]
    if top is None:
        patterns = hits["pattern"].unique().tolist()
    else:
        patterns = hits["pattern"].value_counts().index[:top].tolist()
    if not patterns:
        _require(corpus, ["doc_id", "text"], "corpus")
        return _empty()
    return kwic(corpus, patterns, window=window, sentences=sentences)


_CELL_STYLE = {
    "left": ' style="text-align:right;white-space:nowrap"',
    "match": ' style="white-space:nowrap"',
    "right": ' style="text-align:left;white-space:nowrap"',
}


def _cell(value, css_class: str, *, mark: bool = False) -> str:
    text = "" if value is None or (np.ndim(value) == 0 and pd.isna(value)) else str(value)
    text = html.escape(_SPACE_RE.sub(" ", text), quote=True)
    if mark:
        text = f"<mark>{text}</mark>"
    return f'<td class="{css_class}"{_CELL_STYLE.get(css_class, "")}>{text}</td>'


def kwic_html(
    concordance: pd.DataFrame,
    *,
    max_rows: int | None = None,
    caption: str | None = None,
) -> str:
    """An HTML table of a concordance, the match highlighted in ``<mark>``.

    Every piece of text (document ids, speakers, context, caption) is escaped
    with :func:`html.escape`, so markup in a document is shown, never run.  Runs
    of white space (line breaks) inside a cell are shown as one space.  The
    output depends only on the rows given (no ids, no dates).

    Parameters
    ----------
    concordance : pandas.DataFrame
        :func:`kwic` output (``doc_id``, ``left``, ``match``, ``right``, ``speaker``).
    max_rows : int or None, default=None
        Show only the first ``max_rows`` rows; the caption then says how many of
        how many are shown.
    caption : str or None, default=None

    Returns
    -------
    str
        ``<table class="researchlib-kwic">...</table>`` with columns document,
        speaker, left context (right-aligned), match, right context; an empty
        concordance gives one row saying that nothing matched.

    Raises
    ------
    SchemaError
        If a needed column is missing.
    ParameterError
        If ``max_rows`` is negative.
    """
    _require(concordance, ["doc_id", "left", "match", "right", "speaker"], "concordance")
    if max_rows is not None and (
        isinstance(max_rows, bool) or not isinstance(max_rows, (int, np.integer)) or max_rows < 0
    ):
        raise ParameterError(f"max_rows must be None or a non-negative integer, got {max_rows!r}")
    total = len(concordance)
    shown = concordance if max_rows is None else concordance.head(max_rows)
    note = f"{len(shown)} of {total} lines" if len(shown) < total else ""
    caption_text = " ".join(p for p in (caption or "", f"({note})" if note else "") if p)

    lines = ['<table class="researchlib-kwic">']
    if caption_text:
        lines.append(f"<caption>{html.escape(caption_text, quote=True)}</caption>")
    lines.append(
        "<thead><tr><th>document</th><th>speaker</th>"
        '<th style="text-align:right">left</th><th>match</th>'
        '<th style="text-align:left">right</th></tr></thead>'
    )
    lines.append("<tbody>")
    if not total:
        lines.append('<tr><td class="empty" colspan="5">No lines to show: nothing matched.</td></tr>')
    for doc_id, speaker, left, match, right in zip(
        shown["doc_id"], shown["speaker"], shown["left"], shown["match"], shown["right"]
    ):
        lines.append(
            "<tr>"
            + _cell(doc_id, "doc")
            + _cell(speaker, "speaker")
            + _cell(left, "left")
            + _cell(match, "match", mark=True)
            + _cell(right, "right")
            + "</tr>"
        )
    lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)
