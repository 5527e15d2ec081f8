"""Keyness and collocations: sentences or documents (``text``) in, key-term and collocation tables out.

Reads
-----
``text`` from a sentences or documents frame, plus whatever columns a ``target``
or ``reference`` mapping names (``speaker``, ``country``, ...).  Collocations for
a lexicon category also read ``doc_id``, ``sent_id`` and ``start`` of a sentences
frame (through :func:`researchlib.frames.lookup_frames`).

Writes
------
:func:`compute_keyness`
    ``term``, ``n_target``, ``n_reference``, ``rate_target``, ``rate_reference``,
    ``G2``, ``p``, ``log_ratio``, ``direction``.
:func:`find_collocations`
    ``w1``, ``w2``, ``count``, ``score``.

Terms are lowercased words under :data:`researchlib._text.WORD_RE`, the same
definition that frame rates and KWIC windows count with; a typographic apostrophe
(’) is read as a straight one (') as in lexicon patterns.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ._schema import require_columns as _require
from ._text import WORD_RE
from .exceptions import ParameterError

__all__ = ["compute_keyness", "find_collocations", "ENGLISH_STOPWORDS"]

#: A small English stop-word list (function words), used when ``stopwords="english"``.
ENGLISH_STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    s t don't it's i'm he's she's that's there's they're we're you're isn't aren't wasn't
    weren't hasn't haven't hadn't doesn't didn't won't wouldn't can't cannot couldn't shouldn't
    """.split()
)

KEYNESS_COLUMNS = [
    "term",
    "n_target",
    "n_reference",
    "rate_target",
    "rate_reference",
    "G2",
    "p",
    "log_ratio",
    "direction",
]
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


# ---------------------------------------------------------------------------
# helpers



def _count_terms(texts: Iterable[str]) -> Counter:
    """Counter of lowercased WORD_RE words over ``texts`` (one regex pass over the joined text).

    A typographic apostrophe counts as a straight one, so "people’s" and "people's" are one term.
    """
    joined = "\n".join(t for t in texts if isinstance(t, str))
    return Counter(WORD_RE.findall(joined.replace("’", "'").lower()))


def _mask(data: pd.DataFrame, spec, argument: str) -> pd.Series:
    """Turn a boolean Series/array or a ``{column: value(s)}`` mapping into a row mask."""
    if isinstance(spec, Mapping):
        if not spec:
            raise ParameterError(f"{argument} is an empty mapping; give {{column: value(s)}}")
        _require(data, list(spec), "data")
        mask = pd.Series(True, index=data.index)
        for column, values in spec.items():
            if isinstance(values, str) or not isinstance(values, Iterable):
                values = [values]
            mask &= data[column].isin(list(values)).fillna(False).astype(bool)
        return mask
    if isinstance(spec, pd.Series):
        if not spec.index.equals(data.index):
            if len(spec) == len(data) and spec.index.sort_values().equals(
                data.index.sort_values()
            ):
                spec = spec.reindex(data.index)
            else:
                raise ParameterError(
                    f"{argument} is a Series whose index does not match data's index "
                    f"({len(spec)} vs {len(data)} rows); build it from data, e.g. "
                    "data['speaker'] == 'Kim Jong Un'"
                )
        values = spec.to_numpy()
    else:
        values = np.asarray(spec)
        if values.ndim != 1 or len(values) != len(data):
            raise ParameterError(
                f"{argument} must be a boolean mask of length {len(data)} or a "
                f"{{column: value(s)}} mapping, got shape {values.shape}"
            )
    if values.dtype != bool:
        if pd.isna(values).any() or not np.isin(values, [0, 1, True, False]).all():
            raise ParameterError(
                f"{argument} must hold booleans only, got dtype {values.dtype}"
            )
        values = values.astype(bool)
    return pd.Series(values, index=data.index, dtype=bool)


def _frequency_list(reference, argument: str = "reference") -> Counter:
    if isinstance(reference, pd.DataFrame):
        _require(reference, ["term", "count"], argument)
        terms, counts = reference["term"], reference["count"]
    else:
        terms, counts = pd.Series(reference.index), pd.Series(reference.to_numpy())
    counts = pd.to_numeric(counts, errors="coerce")
    if counts.isna().any() or (counts < 0).any():
        raise ParameterError(
            f"{argument} frequency list must hold non-negative counts; "
            f"bad values: {list(counts[counts.isna() | (counts < 0)].head(3))}"
        )
    out: Counter = Counter()
    for term, count in zip(terms.astype(str).str.replace("’", "'").str.lower(), counts):
        out[term] += int(count)
    return out


def _stopword_set(stopwords) -> frozenset:
    if stopwords is None or stopwords is False:
        return frozenset()
    if isinstance(stopwords, str):
        if stopwords.lower() == "english":
            return ENGLISH_STOPWORDS
        raise ParameterError(
            f"stopwords={stopwords!r} is not allowed; use None, 'english' or a list of words"
        )
    return frozenset(str(w).replace("’", "'").lower() for w in stopwords)


def _chi2_sf_1df(x: np.ndarray) -> np.ndarray:
    """Survival function of chi-square with one degree of freedom: erfc(sqrt(x / 2))."""
    return np.array([math.erfc(math.sqrt(v / 2.0)) if v > 0 else 1.0 for v in x], dtype=float)


def _xlogy_ratio(obs: np.ndarray, exp: np.ndarray) -> np.ndarray:
    """obs * ln(obs / exp), with 0 * ln 0 taken as 0."""
    out = np.zeros_like(obs, dtype=float)
    positive = obs > 0
    out[positive] = obs[positive] * np.log(obs[positive] / exp[positive])
    return out


# ---------------------------------------------------------------------------
# keyness


def compute_keyness(
    data: pd.DataFrame,
    target,
    *,
    reference=None,
    min_count: int = 5,
    top: int | None = None,
    stopwords=None,
) -> pd.DataFrame:
    """Terms that distinguish a target group of texts from a reference.

    Parameters
    ----------
    data : pandas.DataFrame
        Sentences or documents with a ``text`` column.
    target : pandas.Series of bool, array-like of bool, or mapping
        The target rows: a boolean mask aligned with ``data`` (same index), or a
        mapping of column to value or values, e.g. ``{"speaker": "Kim Jong Un"}``.
    reference : None, mask, mapping, pandas.Series or pandas.DataFrame, default=None
        ``None`` compares against the rest of ``data``; a mask or mapping selects
        the reference rows (they may not overlap the target rows); a Series
        (term -> count) or a DataFrame with ``term`` and ``count`` columns is an
        external frequency list (terms are lowercased and merged).
    min_count : int, default=5
        Keep terms whose count over target and reference together is at least this.
    top : int or None, default=None
        Keep only the first ``top`` rows after sorting.
    stopwords : None, "english" or iterable of str, default=None
        Words to drop before counting (after lowercasing); ``"english"`` uses
        :data:`ENGLISH_STOPWORDS`, a small built-in list.  Totals still count
        every word, so rates stay per 1,000 running words.

    Returns
    -------
    pandas.DataFrame
        ``term``; ``n_target``, ``n_reference`` (counts); ``rate_target``,
        ``rate_reference`` (per 1,000 words of each side); ``G2`` (log-likelihood,
        Rayson's form ``2 * sum(O * ln(O / E))`` over the two observed counts with
        ``E_i = N_i * (n_target + n_reference) / (N_target + N_reference)``);
        ``p`` (chi-square, one degree of freedom); ``log_ratio`` (Hardie's Log
        Ratio, ``log2`` of the ratio of relative frequencies, zero counts taken
        as 0.5); ``direction`` (``"target"`` when the term is relatively more
        frequent in the target, else ``"reference"``).  Sorted by ``G2``
        descending, then ``term``.

    Raises
    ------
    SchemaError
        If ``data`` lacks ``text`` or a column a mapping names.
    ParameterError
        If a mask is misaligned or not boolean, target and reference overlap,
        either side has no words, ``min_count`` or ``top`` is negative.

    Examples
    --------
    >>> compute_keyness(sentences, {"speaker": "Kim Jong Un"}, min_count=3)  # doctest: +SKIP
    """
    _require(data, ["text"], "data")
    if not isinstance(min_count, (int, np.integer)) or min_count < 0:
        raise ParameterError(f"min_count must be a non-negative integer, got {min_count!r}")
    if top is not None and (not isinstance(top, (int, np.integer)) or top < 0):
        raise ParameterError(f"top must be None or a non-negative integer, got {top!r}")
    stop = _stopword_set(stopwords)

    target_mask = _mask(data, target, "target")
    target_texts = data.loc[target_mask.to_numpy(), "text"]
    target_counts = _count_terms(target_texts)
    n_target_total = sum(target_counts.values())

    if isinstance(reference, pd.DataFrame) or (
        isinstance(reference, pd.Series) and reference.dtype != bool
    ):
        reference_counts = _frequency_list(reference)
    else:
        if reference is None:
            reference_mask = ~target_mask
        else:
            reference_mask = _mask(data, reference, "reference")
            overlap = int((reference_mask & target_mask).sum())
            if overlap:
                raise ParameterError(
                    f"target and reference share {overlap} row(s); keyness needs two "
                    "disjoint groups (leave reference=None to compare with the rest)"
                )
        reference_counts = _count_terms(data.loc[reference_mask.to_numpy(), "text"])
    n_reference_total = sum(reference_counts.values())

    if n_target_total == 0:
        raise ParameterError(
            f"target selects {int(target_mask.sum())} row(s) holding no words; "
            "check the target mask or mapping"
        )
    if n_reference_total == 0:
        raise ParameterError("reference holds no words; check the reference argument")

    terms = sorted((set(target_counts) | set(reference_counts)) - stop)
    a = np.fromiter((target_counts.get(t, 0) for t in terms), dtype=float, count=len(terms))
    b = np.fromiter((reference_counts.get(t, 0) for t in terms), dtype=float, count=len(terms))
    keep = (a + b) >= min_count
    terms_arr = np.array(terms, dtype=object)[keep]
    a, b = a[keep], b[keep]

    c, d = float(n_target_total), float(n_reference_total)
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g2 = 2.0 * (_xlogy_ratio(a, e1) + _xlogy_ratio(b, e2))
    g2 = np.maximum(g2, 0.0)  # rounding can give -1e-16 for equal rates
    rate_t = a / c
    rate_r = b / d
    log_ratio = np.log2((np.where(a == 0, 0.5, a) / c) / (np.where(b == 0, 0.5, b) / d))

    out = pd.DataFrame(
        {
            "term": terms_arr,
            "n_target": a.astype(np.int64),
            "n_reference": b.astype(np.int64),
            "rate_target": rate_t * 1000.0,
            "rate_reference": rate_r * 1000.0,
            "G2": g2,
            "p": _chi2_sf_1df(g2),
            "log_ratio": log_ratio,
            "direction": np.where(rate_t > rate_r, "target", "reference"),
        },
        columns=KEYNESS_COLUMNS,
    )
    out = out.sort_values(["G2", "term"], ascending=[False, True], kind="mergesort")
    if top is not None:
        out = out.head(top)
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------
# collocations


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text.replace("’", "'").lower())


def _category_token(category: str) -> str:
    return f"[{category}]"


def _token_streams(data: pd.DataFrame, category: str | None, lexicon) -> list[list[str]]:
    """One lowercased token list per row; a category's hits become one token ``[category]``."""
    texts = data["text"].tolist()
    if category is None:
        return [_words(t) if isinstance(t, str) else [] for t in texts]

    from .frames import lookup_frames  # local import: frames depends on the lexicon stage

    _require(data, ["doc_id", "sent_id", "start", "text"], "data")
    hits = lookup_frames(data, lexicon)
    in_category = (hits["category"] == category) | hits["category"].str.startswith(
        category + "."
    )
    hits = hits.loc[in_category, ["doc_id", "sent_id", "start", "end"]]
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
        row_spans = sorted(spans.get((doc_id, int(sent_id)), []))
        words: list[str] = []
        cursor = 0
        for start, end in row_spans:
            start, end = start - int(offset), end - int(offset)
            if start < cursor:  # overlapping hit: already covered
                continue
            words.extend(_words(text[cursor:start]))
            words.append(token)
            cursor = end
        words.extend(_words(text[cursor:]))
        streams.append(words)
    return streams


def find_collocations(
    data: pd.DataFrame,
    term: str | None = None,
    *,
    category: str | None = None,
    lexicon=None,
    window: int = 5,
    min_count: int = 3,
    measure: str = "llr",
    top: int | None = 20,
) -> pd.DataFrame:
    """Word pairs that occur together more often than chance (NLTK's bigram finder).

    Each row of ``data`` (a sentence, ideally) is its own token stream: pairs never
    span two rows.  A pair ``(w1, w2)`` is counted when ``w2`` follows ``w1`` at
    most ``window`` words later (``window=1``: adjacent bigrams), as NLTK's
    ``BigramCollocationFinder.from_words(window_size=window + 1)`` counts it.

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
        Needs ``lexicon``.  Nested sub-categories (``category.sub``) count too.
    lexicon : researchlib.lexicon.Lexicon or None, default=None
        The lexicon ``category`` comes from.
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
        If ``data`` lacks a needed column.
    ParameterError
        If ``measure``, ``window``, ``min_count`` or ``top`` is not allowed, both
        or neither of ``category`` and ``lexicon`` are given together, or both
        ``term`` and ``category`` are given.
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    _require(data, ["text"], "data")
    if measure not in _MEASURES:
        raise ParameterError(f"measure={measure!r} is not allowed; use one of {sorted(_MEASURES)}")
    if not isinstance(window, (int, np.integer)) or window < 1:
        raise ParameterError(f"window must be an integer >= 1, got {window!r}")
    if not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ParameterError(f"min_count must be an integer >= 1, got {min_count!r}")
    if top is not None and (not isinstance(top, (int, np.integer)) or top < 0):
        raise ParameterError(f"top must be None or a non-negative integer, got {top!r}")
    if (category is None) != (lexicon is None):
        raise ParameterError(
            "category and lexicon go together: give both (collocates of a category's hits) "
            f"or neither; got category={category!r}, lexicon={'given' if lexicon else None}"
        )
    if term is not None and category is not None:
        raise ParameterError("give term or category, not both")
    if category is not None:
        known = list(lexicon.categories())
        if category not in known and not any(k.startswith(category + ".") for k in known):
            raise ParameterError(
                f"category={category!r} is not in lexicon {lexicon.name!r}; categories: {known}"
            )

    streams = _token_streams(data, category, lexicon)
    padding = [None] * window
    words: list = []
    for stream in streams:
        words.extend(stream)
        words.extend(padding)
    finder = BigramCollocationFinder.from_words(words, window_size=window + 1)
    finder.apply_freq_filter(min_count)

    node = _category_token(category) if category is not None else term
    if node is not None:
        node = node.lower()
        if category is None and node.endswith("*"):
            prefix = node[:-1]
            finder.apply_ngram_filter(
                lambda w1, w2: not (w1.startswith(prefix) or w2.startswith(prefix))
            )
        else:
            finder.apply_ngram_filter(lambda w1, w2: node not in (w1, w2))

    score_fn = getattr(BigramAssocMeasures, _MEASURES[measure])
    rows = [
        (w1, w2, int(finder.ngram_fd[(w1, w2)]), float(score))
        for (w1, w2), score in finder.score_ngrams(score_fn)
    ]
    out = pd.DataFrame(rows, columns=COLLOCATION_COLUMNS)
    out = out.astype({"count": np.int64, "score": float})
    out = out.sort_values(
        ["score", "w1", "w2"], ascending=[False, True, True], kind="mergesort"
    )
    if top is not None:
        out = out.head(top)
    return out.reset_index(drop=True)
