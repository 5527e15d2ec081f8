"""Collocations: sentences (``text``) in, a table of word pairs that keep company out.

Reads
-----
``text`` of a sentences or documents frame; for a lexicon category also ``doc_id``,
``sent_id`` and ``start`` of a sentences frame, and the category's hits
(``doc_id``, ``sent_id``, ``category``, ``start``, ``end``) from a frames table.

Writes
------
:func:`find_collocations`
    ``w1``, ``w2``, ``count``, ``score``.

Words are lowercased :data:`researchlib._text.WORD_RE` words, as in
:mod:`researchlib.keyness`; in rows of Korean text they are the lemmas of content
morphemes (:func:`researchlib.korean.terms.terms_ko`: no particle or ending).  Pairs are counted with numpy; the scores are the
formulas of NLTK's ``BigramAssocMeasures`` (equal to NLTK's finder, tested).
"""

from __future__ import annotations

import importlib
from itertools import chain

import numpy as np
import pandas as pd

from ._schema import require_columns as _require
from ._text import WORD_RE
from .exceptions import ParameterError
from .frames import lookup_frames

__all__ = ["find_collocations", "COLLOCATION_COLUMNS"]

COLLOCATION_COLUMNS = ["w1", "w2", "count", "score"]

_MEASURES = {
    "llr": "likelihood_ratio",
    "likelihood_ratio": "likelihood_ratio",
    "pmi": "pmi",
    "chi_sq": "chi_sq",
    "student_t": "student_t",
    "dice": "dice",
    "jaccard": "jaccard",
    "phi_sq": "phi_sq",
    "poisson_stirling": "poisson_stirling",
    "mi_like": "mi_like",
    "raw_freq": "raw_freq",
}


def _words(text: str) -> list[str]:
    terms = importlib.import_module("researchlib.korean.terms")
    if terms.is_korean_text(text):
        return terms.terms_ko(text)
    return WORD_RE.findall(text.replace("’", "'").lower())


def _category_token(category: str) -> str:
    return f"[{category}]"


def _in_category(categories: pd.Series, category: str) -> pd.Series:
    return (categories == category) | categories.str.startswith(category + ".")


def _token_streams(data: pd.DataFrame, category: str | None, hits) -> list[list[str]]:
    """One lowercased token list per row; a category's hits become one token ``[category]``."""
    texts = data["text"].tolist()
    if category is None:
        return [_words(t) if isinstance(t, str) else [] for t in texts]
    hits = hits.loc[_in_category(hits["category"], category), ["doc_id", "sent_id", "start", "end"]]
    spans: dict[tuple, list[tuple[int, int]]] = {}
    for doc_id, sent_id, start, end in hits.itertuples(index=False, name=None):
        spans.setdefault((doc_id, int(sent_id)), []).append((int(start), int(end)))

    token = _category_token(category)
    streams = []
    for doc_id, sent_id, offset, text in zip(
        data["doc_id"], data["sent_id"], data["start"], texts, strict=True
    ):
        if not isinstance(text, str):
            streams.append([])
            continue
        row_spans = spans.get((doc_id, int(sent_id)))
        if not row_spans:
            streams.append(_words(text))
            continue
        words: list[str] = []
        cursor = 0
        for start, end in sorted(row_spans):
            start, end = start - int(offset), end - int(offset)
            if start < cursor:  # overlapping hit: already covered
                continue
            words.extend(_words(text[cursor:start]))
            words.append(token)
            cursor = end
        words.extend(_words(text[cursor:]))
        streams.append(words)
    return streams


def _pair_counts(
    streams: list[list[str]], window: int, node: str | None, *, prefix: bool = False
) -> tuple:
    """Codes, vocabulary, word counts and windowed pair counts of the token streams.

    A pair ``(w1, w2)`` is counted once per position of ``w1`` and each of the
    next ``window`` words of the same stream (NLTK's ``from_words`` with
    ``window_size=window + 1`` over streams padded apart).  A ``node`` keeps only
    pairs holding that word (any word starting with it when ``prefix``).
    Returns ``(vocab, word_counts, w1, w2, pair_counts)``.
    """
    lengths = np.fromiter(map(len, streams), dtype=np.int64, count=len(streams))
    words = pd.Series(list(chain.from_iterable(streams)), dtype=object)
    codes, vocab = pd.factorize(words)
    vocab = np.asarray(vocab, dtype=object)
    word_counts = np.bincount(codes, minlength=len(vocab)).astype(np.int64)
    row = np.repeat(np.arange(len(streams), dtype=np.int64), lengths)
    if node is None:
        is_node = None
    elif prefix:
        is_node = pd.Series(vocab, dtype=object).str.startswith(node).to_numpy(dtype=bool)
    else:
        is_node = vocab == node
    size = np.int64(max(len(vocab), 1))
    keys = []
    for k in range(1, window + 1):
        same = row[:-k] == row[k:]
        first, second = codes[:-k][same], codes[k:][same]
        if is_node is not None:
            held = is_node[first] | is_node[second]
            first, second = first[held], second[held]
        keys.append(first.astype(np.int64) * size + second)
    pairs, counts = np.unique(
        np.concatenate(keys) if keys else np.zeros(0, np.int64), return_counts=True
    )
    return vocab, word_counts, pairs // size, pairs % size, counts.astype(np.int64)


_TINY = 1e-20  # as in NLTK's association measures


def _association(measure: str, n_ii, n_ix, n_xi, n_xx):
    """NLTK's ``BigramAssocMeasures`` scores, for arrays of marginals."""
    if measure == "raw_freq":
        return n_ii / n_xx
    if measure == "student_t":
        return (n_ii - n_ix * n_xi / n_xx) / np.sqrt(n_ii + _TINY)
    if measure == "mi_like":
        return n_ii**3 / (n_ix * n_xi)
    if measure == "pmi":
        return np.log2(n_ii * n_xx) - np.log2(n_ix * n_xi)
    if measure == "poisson_stirling":
        return n_ii * (np.log2(n_ii / (n_ix * n_xi / n_xx)) - 1)
    if measure == "dice":
        return 2 * n_ii / (n_ix + n_xi)
    n_oi, n_io = n_xi - n_ii, n_ix - n_ii
    n_oo = n_xx - n_ii - n_oi - n_io
    if measure == "jaccard":
        return n_ii / (n_ii + n_oi + n_io)
    if measure in ("phi_sq", "chi_sq"):
        phi = (n_ii * n_oo - n_io * n_oi) ** 2 / (
            (n_ii + n_io) * (n_ii + n_oi) * (n_io + n_oo) * (n_oi + n_oo)
        )
        return phi if measure == "phi_sq" else n_xx * phi
    # likelihood_ratio over the cells (n_ii, n_oi, n_io, n_oo)
    cells = (n_ii, n_oi, n_io, n_oo)
    total = 0.0
    for i, obs in enumerate(cells):
        exp = (obs + cells[i ^ 1]) * (obs + cells[i ^ 2]) / n_xx
        with np.errstate(divide="ignore", invalid="ignore"):
            term = obs * np.log(obs / (exp + _TINY) + _TINY)
        total = total + np.where(obs == 0, 0.0, term)
    return 2 * total


def find_collocations(
    data: pd.DataFrame,
    term: str | None = None,
    *,
    category: str | None = None,
    frames: pd.DataFrame | None = None,
    lexicon=None,
    window: int = 5,
    min_count: int = 3,
    measure: str = "llr",
    top: int | None = 20,
) -> pd.DataFrame:
    """Word pairs that occur together more often than chance (NLTK's bigram measures).

    Each row of ``data`` (a sentence, ideally) is its own token stream: pairs never
    span two rows.  A pair ``(w1, w2)`` is counted when ``w2`` follows ``w1`` at
    most ``window`` words later (``window=1``: adjacent bigrams), as NLTK's
    ``BigramCollocationFinder.from_words(window_size=window + 1)`` counts it; the
    counting is done with numpy, and the scores are NLTK's formulas.

    Parameters
    ----------
    data : pandas.DataFrame
        Sentences (or documents) with a ``text`` column.  With ``category``, a
        sentences frame (``doc_id``, ``sent_id``, ``start``, ``text``).
    term : str or None, default=None
        Keep only pairs containing this word (lowercased; a trailing ``*`` makes it
        a prefix); ``None`` keeps every pair.
    category : str or None, default=None
        A lexicon category: each of its hits (one or several words) is replaced by
        the single token ``"[category]"``, and only pairs containing it are kept.
        Nested sub-categories (``category.sub``) count too.  The hits come from
        ``frames``, or else are looked up with ``lexicon`` in these sentences.
    frames : pandas.DataFrame or None, default=None
        :func:`researchlib.frames.lookup_frames` output for these sentences
        (``doc_id``, ``sent_id``, ``category``, ``start``, ``end``; only rows of
        ``lexicon`` when both are given and it has a ``lexicon`` column), e.g. the
        prepared ``frames`` table.  No lookup is run when it is given.
    lexicon : researchlib.lexicon.Lexicon or None, default=None
        The lexicon ``category`` comes from; without ``frames``, its hits are found
        in ``data`` with :func:`researchlib.frames.lookup_frames` (``data`` must be
        sentences: nothing is split again).
    window : int, default=5
        Largest distance in words from ``w1`` to ``w2``.
    min_count : int, default=3
        Drop pairs seen fewer times than this.
    measure : str, default="llr"
        An NLTK ``BigramAssocMeasures`` score: ``"llr"`` (likelihood ratio),
        ``"pmi"``, ``"chi_sq"``, ``"student_t"``, ``"dice"``, ``"jaccard"``,
        ``"phi_sq"``, ``"poisson_stirling"``, ``"mi_like"``, ``"raw_freq"``.
    top : int or None, default=20
        Keep the first ``top`` rows.

    Returns
    -------
    pandas.DataFrame
        ``w1``, ``w2`` (in text order), ``count`` (raw co-occurrences within the
        window), ``score`` (NLTK's, with counts scaled by ``1 / window`` as Church
        and Hanks do for windows wider than a bigram); sorted by ``score``
        descending, then ``w1``, ``w2``.

    Raises
    ------
    SchemaError
        If ``data`` or ``frames`` lacks a needed column.
    ParameterError
        If ``measure``, ``window``, ``min_count`` or ``top`` is not allowed;
        ``category`` comes without ``frames`` or ``lexicon``, or either comes
        without ``category``; ``category`` is not in the lexicon (or, with
        ``frames`` only, has no hit there); or both ``term`` and ``category`` are given.
    """
    _require(data, ["text"], "data")
    if measure not in _MEASURES:
        raise ParameterError(f"measure={measure!r} is not allowed; use one of {sorted(_MEASURES)}")
    if not isinstance(window, (int, np.integer)) or window < 1:
        raise ParameterError(f"window must be an integer >= 1, got {window!r}")
    if not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ParameterError(f"min_count must be an integer >= 1, got {min_count!r}")
    if top is not None and (not isinstance(top, (int, np.integer)) or top < 0):
        raise ParameterError(f"top must be None or a non-negative integer, got {top!r}")
    if (category is None) != (lexicon is None and frames is None):
        raise ParameterError(
            "category goes with frames or lexicon: give category and its hits (frames=) or "
            f"lexicon, or none of them; got category={category!r}, "
            f"frames={'given' if frames is not None else None}, "
            f"lexicon={'given' if lexicon is not None else None}"
        )
    if term is not None and category is not None:
        raise ParameterError("give term or category, not both")
    hits = None
    if category is not None:
        _require(data, ["doc_id", "sent_id", "start", "text"], "data (sentences)")
        hits = _category_hits(data, category, frames, lexicon)

    streams = _token_streams(data, category, hits)
    node = _category_token(category) if category is not None else term
    if node is not None:
        node = node.lower().replace("’", "'")
    prefix = category is None and node is not None and node.endswith("*")
    vocab, word_counts, first, second, counts = _pair_counts(
        streams, int(window), node[:-1] if prefix else node, prefix=prefix
    )
    keep = counts >= min_count
    first, second, counts = first[keep], second[keep], counts[keep]
    score = _association(
        _MEASURES[measure],
        counts / float(window),
        word_counts[first].astype(float),
        word_counts[second].astype(float),
        float(word_counts.sum()),
    )
    out = pd.DataFrame(
        {
            "w1": vocab[first] if len(first) else np.array([], dtype=object),
            "w2": vocab[second] if len(second) else np.array([], dtype=object),
            "count": counts.astype(np.int64),
            "score": np.asarray(score, dtype=float),
        },
        columns=COLLOCATION_COLUMNS,
    )
    out = out.sort_values(["score", "w1", "w2"], ascending=[False, True, True], kind="mergesort")
    if top is not None:
        out = out.head(top)
    return out.reset_index(drop=True)


def _category_hits(data, category: str, frames, lexicon) -> pd.DataFrame:
    """The hits ``category`` collocations need: from ``frames``, or looked up with ``lexicon``."""
    if lexicon is not None:
        known = list(lexicon.categories())
        if category not in known and not any(k.startswith(category + ".") for k in known):
            raise ParameterError(
                f"category={category!r} is not in lexicon {lexicon.name!r}; categories: {known}"
            )
    if frames is None:
        return lookup_frames(data, lexicon)
    _require(frames, ["doc_id", "sent_id", "category", "start", "end"], "frames")
    if lexicon is not None and "lexicon" in frames.columns:
        frames = frames.loc[frames["lexicon"] == lexicon.name]
    elif lexicon is None and not _in_category(frames["category"].astype(str), category).any():
        present = sorted(frames["category"].astype(str).unique())[:20]
        raise ParameterError(
            f"category={category!r} has no hit in frames; its categories: {present}"
        )
    return frames
