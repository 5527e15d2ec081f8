"""Keyness: sentences or documents (``text``) in, a table of key terms out.

Reads
-----
``text`` from a sentences or documents frame, plus whatever columns a ``target``
or ``reference`` mapping names (``speaker``, ``country``, ...).

Writes
------
:func:`compute_keyness`
    ``term``, ``n_target``, ``n_reference``, ``rate_target``, ``rate_reference``,
    ``G2``, ``p``, ``log_ratio``, ``direction``, ``keyness``, ``chi2``,
    ``pct_diff``, ``p_adjusted``, ``p_adjust``, ``total_target``, ``total_reference``.
:func:`compute_key_terms`
    the same, single words and multi-word terms in one table, plus ``n_words``.

Terms are lowercased words under :data:`researchlib._text.WORD_RE` (or two or
three consecutive ones), the same definition that frame rates and KWIC windows
count with; a typographic apostrophe (’) is read as a straight one (') as in
lexicon patterns.  Rows of Korean text (mostly Hangul,
:func:`researchlib.korean.terms.is_korean_text`) count Korean terms instead: the
lemmas of their content morphemes (혈맹으로 -> 혈맹, 희생하였다 -> 희생하다), so
particles and endings are never key terms; Kiwi is loaded only when such a row is
met.  :func:`find_collocations` lives in
:mod:`researchlib.collocations` and is importable from here too.
"""

from __future__ import annotations

import importlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ._schema import require_columns as _require
from ._text import QUOTE_CHARS, WORD_PATTERN, WORD_RE
from .collocations import COLLOCATION_COLUMNS, find_collocations
from .exceptions import ParameterError
from .stats import adjust_p

__all__ = ["compute_keyness", "compute_key_terms", "find_collocations", "ENGLISH_STOPWORDS", "COLLOCATION_COLUMNS"]

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
    "keyness",
    "chi2",
    "pct_diff",
    "p_adjusted",
    "p_adjust",
    "total_target",
    "total_reference",
]
# ---------------------------------------------------------------------------
# helpers

_SPLIT_RE = re.compile(f"({WORD_PATTERN})")
#: What may stand between two words of one multi-word term: white space and quote marks
#: (the rule of multi-word lexicon patterns); any other punctuation, or a row end, breaks it.
_GAP_OK_RE = re.compile(f"[\\s{re.escape(QUOTE_CHARS)}]*")
_ROW_BREAK = "\x00"  # joins rows: neither a word nor white space, so it breaks every n-gram


def _korean_terms():
    return importlib.import_module("researchlib.korean.terms")


def _count_terms(texts: Iterable[str], ngram: int = 1) -> tuple[Counter, int]:
    """Counts of terms over ``texts`` and the number of running terms, Korean rows apart.

    Rows of Korean text count their content lemmas (:func:`_count_korean`); the
    other rows, lowercased terms (:func:`_count_words`).
    """
    texts = [t for t in texts if isinstance(t, str)]
    terms_ko = _korean_terms()
    korean = [t for t in texts if terms_ko.is_korean_text(t)]
    if not korean:
        return _count_words(texts, ngram)
    counts, total = _count_words([t for t in texts if not terms_ko.is_korean_text(t)], ngram)
    for text in korean:
        found = terms_ko.terms_ko(text, ngram=ngram)
        counts.update(found)
        total += len(found)
    return counts, total


def _count_words(texts: list[str], ngram: int = 1) -> tuple[Counter, int]:
    """Counts of lowercased terms over ``texts`` and the number of running terms.

    A term is a WORD_RE word (``ngram=1``) or ``ngram`` consecutive words joined by
    one space, inside one row, with only white space and quote marks between them.
    A typographic apostrophe counts as a straight one ("people’s" is "people's").
    """
    joined = _ROW_BREAK.join(texts).replace("’", "'").lower()
    if ngram == 1:
        words = WORD_RE.findall(joined)
        return Counter(words), len(words)
    parts = _SPLIT_RE.split(joined)
    words = parts[1::2]
    if len(words) < ngram:
        return Counter(), 0
    gaps = np.array(parts[2:-1:2], dtype=object)
    link = gaps == " "
    rest = np.flatnonzero(~link)
    link[rest] = [_GAP_OK_RE.fullmatch(gap) is not None for gap in gaps[rest].tolist()]
    codes, vocab = pd.factorize(pd.Series(words, dtype=object))
    starts = len(words) - ngram + 1
    valid = np.ones(starts, dtype=bool)
    for k in range(ngram - 1):
        valid &= link[k : k + starts]
    size = len(vocab)
    if size**ngram < 2**62:  # one int64 key per n-gram: a one-dimensional unique
        keys = np.zeros(int(valid.sum()), dtype=np.int64)
        for k in range(ngram):
            keys = keys * size + codes[k : k + starts][valid]
        keys, counts = np.unique(keys, return_counts=True)
        grams = np.empty((len(keys), ngram), dtype=np.int64)
        for k in range(ngram - 1, -1, -1):
            keys, grams[:, k] = np.divmod(keys, size)
    else:
        columns = np.stack([codes[k : k + starts][valid] for k in range(ngram)], axis=1)
        grams, counts = np.unique(columns, axis=0, return_counts=True)
    vocab = np.asarray(vocab, dtype=object)
    terms = [" ".join(row) for row in vocab[grams].tolist()]
    return Counter(dict(zip(terms, counts.tolist(), strict=True))), int(valid.sum())


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
            if len(spec) == len(data) and spec.index.sort_values().equals(data.index.sort_values()):
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
            raise ParameterError(f"{argument} must hold booleans only, got dtype {values.dtype}")
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
    normal = terms.astype(str).str.replace("’", "'").str.lower().str.split().str.join(" ")
    for term, count in zip(normal, counts, strict=True):
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


def _two_by_two(a, b, c, d, correction: str):
    """G2 and chi-squared of each term's 2x2 table, with a continuity or Williams correction.

    The table holds the term's counts ``a`` (target) and ``b`` (reference) and the
    other running terms ``c - a`` and ``d - b``; ``c``, ``d`` are the totals.  Returns
    ``(g2, chi2)``, both unsigned.
    """
    n = c + d
    row = a + b
    rest = n - row
    e11, e12 = c * row / n, d * row / n
    e21, e22 = c * rest / n, d * rest / n
    dev = a - e11  # every cell of a 2x2 table is this far from its expectation
    shift = np.zeros_like(dev)
    if correction == "yates":
        # move each observed count 0.5 towards its expectation, never past it
        shift = np.sign(dev) * np.minimum(np.abs(dev), 0.5)
    cells = ((a - shift, e11), (b + shift, e12), (c - a + shift, e21), (d - b - shift, e22))
    g2 = 2.0 * sum(_xlogy_ratio(obs, exp) for obs, exp in cells)
    g2 = np.maximum(g2, 0.0)  # rounding can give -1e-16 for equal rates
    left = dev - shift
    with np.errstate(divide="ignore", invalid="ignore"):
        # a cell expected empty is observed empty too: it adds nothing
        inverse = sum(np.where(e > 0, 1.0 / e, 0.0) for e in (e11, e12, e21, e22))
        chi2 = left * left * inverse
        if correction == "williams":
            rows = np.where(row > 0, n / row, 0.0) + np.where(rest > 0, n / rest, 0.0)
            q = 1.0 + (rows - 1.0) * (n / c + n / d - 1.0) / (6.0 * n)
            g2, chi2 = g2 / q, chi2 / q
    return g2, chi2


_KEYNESS_MEASURES = ("G2", "chi2", "log_ratio", "pct_diff")
_CORRECTIONS = ("default", "none", "yates", "williams")
_P_ADJUST = ("holm", "bh", "none")


def compute_keyness(
    data: pd.DataFrame,
    target,
    *,
    reference=None,
    measure: str = "G2",
    correction: str = "default",
    p_adjust: str | None = "holm",
    ngram: int = 1,
    min_count: int = 5,
    top: int | None = None,
    stopwords=None,
) -> pd.DataFrame:
    """Terms that distinguish a target group of texts from a reference.

    Each term gets the 2x2 table of its count and the other running terms in the
    target and in the reference, a test statistic (G2 or chi-squared) with a p-value
    adjusted for testing every term, and effect sizes (Log Ratio, %DIFF).

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
        external frequency list (terms are lowercased and merged; its total is the
        sum of its counts).
    measure : {"G2", "chi2", "log_ratio", "pct_diff"}, default="G2"
        The statistic that ranks the terms (signed, in the ``keyness`` column): the
        log-likelihood G2, Pearson's chi-squared, Hardie's Log Ratio or Gabrielatos
        and Marchi's %DIFF.  G2 is the default because it stays accurate for the
        small counts and very unequal corpus sizes typical of keyness, where
        chi-squared overstates rare terms (Dunning 1993; Rayson and Garside 2000).
        Log Ratio and %DIFF are effect sizes with no test of their own: rank by them
        only among terms whose ``p_adjusted`` is small.
    correction : {"default", "none", "yates", "williams"}, default="default"
        Correction of G2 and chi-squared for small expected counts.  ``"default"``
        applies Williams's correction to G2 and Yates's continuity correction to
        chi-squared.  Without one, a term seen two or three times and only on one
        side looks far more significant than its counts can show; Williams's
        factor shrinks G2 most for such rare terms and hardly at all for frequent ones.
        ``"yates"`` moves each observed count 0.5 towards its expectation;
        ``"williams"`` divides by ``q = 1 + (N/R1 + N/R2 - 1)(N/C1 + N/C2 - 1) / (6N)``
        (R: term and other running terms, C: target and reference totals, N: all).
    p_adjust : {"holm", "bh", "none"} or None, default="holm"
        Multiple-comparison adjustment in ``p_adjusted``, over every term that passes
        ``min_count`` (before ``top``): Holm's step-down (controls the chance of any
        false key term) or Benjamini-Hochberg (controls the expected share of false
        key terms); ``None`` or ``"none"`` leaves ``p_adjusted`` equal to ``p``.
        Thousands of terms are tested at once, so an unadjusted ``p < 0.05`` lets
        through about one in twenty terms that differ by chance.
    ngram : {1, 2, 3}, default=1
        Words per term.  Two- and three-word terms are consecutive words of one row
        with only white space or quote marks between them (as in multi-word lexicon
        patterns); totals count n-grams too.
    min_count : int, default=5
        Keep terms whose count over target and reference together is at least this.
    top : int or None, default=None
        Keep only the ``top`` terms most key to the target (the first ``top`` rows
        with ``direction == "target"``); ``None`` keeps every row, both directions.
    stopwords : None, "english" or iterable of str, default=None
        Words to drop after lowercasing (a multi-word term is dropped when it starts
        or ends with one); ``"english"`` uses :data:`ENGLISH_STOPWORDS`, a small
        built-in list.  Totals still count every term, so rates stay per 1,000
        running terms.

    Returns
    -------
    pandas.DataFrame
        ``term``; ``n_target``, ``n_reference`` (counts); ``rate_target``,
        ``rate_reference`` (per 1,000 running terms of each side); ``G2`` (the
        log-likelihood ``2 * sum(O * ln(O / E))`` over the four cells of the 2x2
        table, corrected as ``correction`` says); ``p`` (chi-square with one
        degree of freedom, of chi-squared when ``measure="chi2"``, else of G2);
        ``log_ratio`` (``log2`` of the ratio of relative frequencies, zero counts
        taken as 0.5); ``direction`` (``"target"`` when the term is relatively more
        frequent in the target, else ``"reference"``; it follows the counts: where a
        zero count's 0.5 makes Log Ratio or %DIFF point the other way, the term's
        expected count on that side is below 0.5 and it is far from significant);
        ``keyness`` (the ``measure``'s value, signed: G2 and chi-squared take the
        sign of ``direction``, + for the target; Log Ratio and %DIFF carry their
        own); ``chi2`` (Pearson's, corrected); ``pct_diff`` (``100 * (rate_target
        - rate_reference) / rate_reference``, a zero reference count taken as 0.5);
        ``p_adjusted``; ``p_adjust`` (the method, on every row); ``total_target``,
        ``total_reference`` (running terms of each side, on every row).
        Target terms come first, most key first, then reference terms, most key
        first (ties by ``term``).  ``attrs`` holds ``measure``, ``correction`` (as
        applied to the ranking statistic, or to the G2 behind ``p``), ``p_adjust``,
        ``ngram``, ``total_target`` and ``total_reference``.

    Raises
    ------
    SchemaError
        If ``data`` lacks ``text`` or a column a mapping names.
    ParameterError
        If a mask is misaligned or not boolean, target and reference overlap,
        either side has no terms, ``measure``, ``correction``, ``p_adjust`` or
        ``ngram`` is not one of the allowed values, ``min_count`` or ``top`` is negative.

    Examples
    --------
    >>> compute_keyness(sentences, {"speaker": "Kim Jong Un"}, min_count=3, top=10)  # doctest: +SKIP
    """
    _require(data, ["text"], "data")
    for argument, value, allowed in (
        ("measure", measure, _KEYNESS_MEASURES),
        ("correction", correction, _CORRECTIONS),
        ("p_adjust", "none" if p_adjust is None else p_adjust, _P_ADJUST),
    ):
        if not isinstance(value, str) or value not in allowed:
            raise ParameterError(
                f"{argument}={value!r} is not allowed; use one of {', '.join(map(repr, allowed))}"
            )
    p_adjust = "none" if p_adjust is None else p_adjust
    if isinstance(ngram, bool) or ngram not in (1, 2, 3):
        raise ParameterError(f"ngram={ngram!r} is not allowed; use 1, 2 or 3 (words per term)")
    if not isinstance(min_count, (int, np.integer)) or min_count < 0:
        raise ParameterError(f"min_count must be a non-negative integer, got {min_count!r}")
    if top is not None and (not isinstance(top, (int, np.integer)) or top < 0):
        raise ParameterError(f"top must be None or a non-negative integer, got {top!r}")
    stop = _stopword_set(stopwords)

    target_mask = _mask(data, target, "target")
    target_counts, n_target_total = _count_terms(data.loc[target_mask.to_numpy(), "text"], ngram)
    if isinstance(reference, pd.DataFrame) or (
        isinstance(reference, pd.Series) and reference.dtype != bool
    ):
        reference_counts = _frequency_list(reference)
        n_reference_total = sum(reference_counts.values())
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
        reference_counts, n_reference_total = _count_terms(
            data.loc[reference_mask.to_numpy(), "text"], ngram
        )
    unit = "words" if ngram == 1 else f"{ngram}-word terms"
    if n_target_total == 0:
        raise ParameterError(
            f"target selects {int(target_mask.sum())} row(s) holding no {unit}; "
            "check the target mask or mapping"
        )
    if n_reference_total == 0:
        raise ParameterError(f"reference holds no {unit}; check the reference argument")

    terms = sorted(
        t for t in set(target_counts) | set(reference_counts) if not _is_stopped(t, stop)
    )
    a = np.fromiter((target_counts.get(t, 0) for t in terms), dtype=float, count=len(terms))
    b = np.fromiter((reference_counts.get(t, 0) for t in terms), dtype=float, count=len(terms))
    keep = (a + b) >= min_count
    terms_arr = np.array(terms, dtype=object)[keep]
    a, b = a[keep], b[keep]

    c, d = float(n_target_total), float(n_reference_total)
    g2_correction = "williams" if correction == "default" else correction
    chi2_correction = "yates" if correction == "default" else correction
    g2, _ = _two_by_two(a, b, c, d, g2_correction)
    _, chi2 = _two_by_two(a, b, c, d, chi2_correction)
    sign = np.sign(a * d - b * c)  # exact for counts: +1 relatively more frequent in the target
    rate_t, rate_r = a / c, b / d
    log_ratio = np.log2((np.where(a == 0, 0.5, a) / c) / (np.where(b == 0, 0.5, b) / d))
    pct_diff = 100.0 * (rate_t - rate_r) / (np.where(b == 0, 0.5, b) / d)
    tested = chi2 if measure == "chi2" else g2
    p = _chi2_sf_1df(tested)
    keyness = {
        "G2": sign * g2,
        "chi2": sign * chi2,
        "log_ratio": log_ratio,
        "pct_diff": pct_diff,
    }[measure]
    n_rows = len(terms_arr)
    out = pd.DataFrame(
        {
            "term": terms_arr,
            "n_target": a.astype(np.int64),
            "n_reference": b.astype(np.int64),
            "rate_target": rate_t * 1000.0,
            "rate_reference": rate_r * 1000.0,
            "G2": g2,
            "p": p,
            "log_ratio": log_ratio,
            "direction": np.where(sign > 0, "target", "reference"),
            "keyness": keyness,
            "chi2": chi2,
            "pct_diff": pct_diff,
            "p_adjusted": adjust_p(p, None if p_adjust == "none" else p_adjust),
            "p_adjust": np.full(n_rows, p_adjust, dtype=object),
            "total_target": np.full(n_rows, n_target_total, dtype=np.int64),
            "total_reference": np.full(n_rows, n_reference_total, dtype=np.int64),
        },
        columns=KEYNESS_COLUMNS,
    )
    out = _ranked(out, top)
    out.attrs.update(
        {
            "measure": measure,
            "correction": chi2_correction if measure == "chi2" else g2_correction,
            "p_adjust": p_adjust,
            "ngram": int(ngram),
            "total_target": int(n_target_total),
            "total_reference": int(n_reference_total),
        }
    )
    return out


def compute_key_terms(
    data: pd.DataFrame,
    target,
    *,
    reference=None,
    ngrams=(1, 2, 3),
    nested: float = 0.8,
    top: int | None = None,
    p_adjust: str | None = "holm",
    **options,
) -> pd.DataFrame:
    """Key single words and multi-word terms in one table, a name such as "Lee Myung Bak" once.

    :func:`compute_keyness` runs once per length in ``ngrams``; the rows are pooled, the
    p-values adjusted again over all of them, and a shorter term is left out where a
    longer key term of the same direction holds it in (nearly) all its target
    occurrences: "lee myung bak" keeps "myung bak", "lee" and "bak" from appearing
    as terms of their own when they occur almost only inside the name.

    Parameters
    ----------
    data, target, reference
        As :func:`compute_keyness`.
    ngrams : sequence of {1, 2, 3}, default=(1, 2, 3)
        The term lengths (words per term) to test.
    nested : float, default=0.8
        A shorter term is dropped when a longer term containing its words in a row has at
        least this share of the shorter term's count on the side it is key to (1.0: only
        when every occurrence is inside the longer term; above 1: never dropped).
    top : int or None, default=None
        Keep only the ``top`` terms most key to the target (after dropping nested terms).
    p_adjust : {"holm", "bh", "none"} or None, default="holm"
        Adjustment over the terms of every length together.
    **options
        ``measure``, ``correction``, ``min_count``, ``stopwords`` of :func:`compute_keyness`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`compute_keyness` plus ``n_words`` (1, 2 or 3); ``rate_*``
        and ``total_*`` count running terms of the row's own length.  Target terms
        first, most key first (by ``keyness``), then reference terms.

    Raises
    ------
    ParameterError
        ``ngrams`` empty or holding another length, ``nested`` not a number >= 0, and
        whatever :func:`compute_keyness` raises.
    """
    lengths = [ngrams] if isinstance(ngrams, (int, np.integer)) else list(ngrams)
    if not lengths or any(isinstance(n, bool) or n not in (1, 2, 3) for n in lengths):
        raise ParameterError(f"ngrams={ngrams!r}: give a non-empty list of 1, 2 and/or 3")
    if isinstance(nested, bool) or not isinstance(nested, (int, float)) or nested < 0:
        raise ParameterError(f"nested={nested!r} must be a number >= 0 (a share of counts)")
    p_adjust = "none" if p_adjust is None else p_adjust
    tables = [
        compute_keyness(data, target, reference=reference, ngram=n, p_adjust=p_adjust, **options)
        .assign(n_words=n)
        for n in sorted(set(int(n) for n in lengths))
    ]
    out = pd.concat(tables, ignore_index=True)
    out["p_adjusted"] = adjust_p(out["p"].to_numpy(), None if p_adjust == "none" else p_adjust)
    if len(out) and nested <= 1:
        out = out.loc[~_nested_terms(out, nested)]
    out = _ranked(out, top)
    out.attrs.update({"ngrams": sorted(set(int(n) for n in lengths)), "p_adjust": p_adjust,
                      "nested": nested})
    return out


def _nested_terms(table: pd.DataFrame, share: float) -> np.ndarray:
    """Rows whose term lies inside a longer term of the same direction holding ``share`` of its count."""
    count = np.where(table["direction"] == "target", table["n_target"], table["n_reference"])
    longest: dict[tuple, int] = {}
    for words, direction, n in zip(table["term"], table["direction"], count):
        parts = words.split(" ")
        for size in range(1, len(parts)):
            for i in range(len(parts) - size + 1):
                key = (" ".join(parts[i : i + size]), direction)
                longest[key] = max(longest.get(key, 0), int(n))
    return np.array([
        longest.get((term, direction), 0) >= share * n > 0
        for term, direction, n in zip(table["term"], table["direction"], count)
    ], dtype=bool)


def _is_stopped(term: str, stop: frozenset) -> bool:
    if not stop:
        return False
    if " " not in term:
        return term in stop
    words = term.split(" ")
    return words[0] in stop or words[-1] in stop


def _ranked(out: pd.DataFrame, top: int | None) -> pd.DataFrame:
    """Key terms to the target first, strongest first (ties by term), then the reference's;
    with ``top``, the ``top`` strongest of the target only.  A new 0-based index."""
    is_target = out["direction"] == "target"
    strength = np.where(is_target, -out["keyness"], out["keyness"])
    order = np.lexsort((out["term"].to_numpy(), strength, ~is_target.to_numpy()))
    out = out.iloc[order]
    if top is not None:
        out = out.loc[out["direction"] == "target"].head(top)
    return out.reset_index(drop=True)
