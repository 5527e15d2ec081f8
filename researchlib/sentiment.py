"""Sentiment stage: VADER scores per sentence (NLTK's analyzer) and their aggregation per group.

:func:`score_sentiment` reads a sequence of strings or any frame with a ``text``
column and writes ``neg``, ``neu``, ``pos``, ``compound``.
:func:`aggregate_sentiment` reads sentences (``compound``, or ``text`` to score,
plus the grouping columns, and ``doc_id`` for the interval) and writes ``<by...>``,
``n``, ``mean``, ``std``, ``median``, ``q25``, ``q75``, ``share_positive``,
``share_negative``, ``ci_low``, ``ci_high`` (interval of the mean, resampling documents).

Why per sentence: VADER's compound is a normalised sum of the valence of every
word, ``x / sqrt(x**2 + 15)``, so it saturates: a long text with many mildly
positive words scores close to +1 whatever its balance, and a whole speech
scored in one call says little.  researchlib therefore scores sentences (or
quotations) and aggregates their scores; it never scores a whole document in one
call.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from . import stats
from ._parallel import renamed
from ._suggest import did_you_mean
from .exceptions import ParameterError, SchemaError
from .voices import voice_segments

__all__ = ["score_sentiment", "aggregate_sentiment", "SCORE_COLUMNS"]

SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]
POSITIVE = 0.05
NEGATIVE = -0.05


#: VADER implementations: both give NLTK VADER's scores exactly (tests/test_vader_engine.py).
IMPLEMENTATIONS = ("fast", "nltk")
ENGINES = IMPLEMENTATIONS  # the former name, kept for one release


@lru_cache(maxsize=2)
def _analyzer(implementation: str = "fast"):
    """A VADER analyzer on researchlib's offline copy of VADER's lexicon.

    ``"nltk"`` is NLTK's own ``SentimentIntensityAnalyzer``; ``"fast"`` is
    :class:`researchlib._vader.FastVader`, NLTK's analyzer with a linear-time
    tokeniser, whose scores equal NLTK's on every sentence of VADER's ground truth.
    """
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    from ._resources import VADER_RESOURCE, nltk_data_dir
    from ._vader import FastVader

    nltk_data_dir()
    cls = FastVader if implementation == "fast" else SentimentIntensityAnalyzer
    return cls(lexicon_file=VADER_RESOURCE)


def _check_implementation(implementation: str) -> str:
    if implementation not in IMPLEMENTATIONS:
        raise ParameterError(
            f"implementation={implementation!r} is not a VADER implementation; use one of "
            f"{IMPLEMENTATIONS}{did_you_mean(implementation, IMPLEMENTATIONS)}"
        )
    return implementation


def _scores(texts: list, where: str, implementation: str = "fast") -> np.ndarray:
    polarity = _analyzer(_check_implementation(implementation)).polarity_scores
    cache: dict[str, tuple[float, float, float, float]] = {}
    out = np.empty((len(texts), 4), dtype=np.float64)
    for i, text in enumerate(texts):
        row = cache.get(text) if isinstance(text, str) else None
        if row is None:
            if not isinstance(text, str):
                raise ParameterError(
                    f"{where}[{i}] is {text!r} ({type(text).__name__}); every text must be a str"
                )
            s = polarity(text)
            row = cache[text] = (s["neg"], s["neu"], s["pos"], s["compound"])
        out[i] = row
    return out


def score_sentiment(
    data: Sequence[str] | pd.DataFrame, *, implementation: str = "fast", engine: str | None = None
) -> pd.DataFrame:
    """VADER scores of each text, exactly as NLTK's ``SentimentIntensityAnalyzer`` gives them.

    Parameters
    ----------
    data : sequence of str or DataFrame
        Texts to score (sentences or quotations, not whole documents: see the
        module docstring), or a frame with a ``text`` column.
    implementation : {"fast", "nltk"}, default="fast"
        Which VADER runs: ``"nltk"`` is NLTK's analyzer itself; ``"fast"`` runs
        NLTK's rules behind a linear-time tokeniser (about 4x faster) and gives the
        same scores, as the tests prove on VADER's four ground-truth sets.
    engine : {"fast", "nltk"}, optional
        Deprecated name of ``implementation`` (kept for one release; ``engine``
        now names nothing else than where ``prepare`` runs, ``executor``).

    Returns
    -------
    DataFrame
        For a sequence: a new frame with ``neg``, ``neu``, ``pos``, ``compound``, one
        row per text in input order (RangeIndex).  For a frame: a copy with those four
        columns added (replacing any of the same name); the input is not modified.

    Raises
    ------
    SchemaError
        If a frame has no ``text`` column.
    ParameterError
        If ``data`` is a single string, or a text is not a string (e.g. missing).

    Examples
    --------
    >>> score_sentiment(["A truly wonderful day.", "This is terrible."])["compound"].tolist()
    [0.765, -0.4767]
    """
    implementation = renamed("implementation", "engine", implementation, engine, default="fast")
    if isinstance(data, pd.DataFrame):
        if "text" not in data.columns:
            raise SchemaError(
                "data lacks column(s) text; present: " + ", ".join(map(str, data.columns))
            )
        scores = _scores(data["text"].tolist(), "data.text", implementation)
        out = data.copy()
        for j, name in enumerate(SCORE_COLUMNS):
            out[name] = scores[:, j]
        return out
    if isinstance(data, (str, bytes)):
        raise ParameterError(
            "data is a single string; pass a list of texts (e.g. [text]) or a frame with 'text'"
        )
    if isinstance(data, pd.Series):
        texts = data.tolist()
    else:
        try:
            texts = list(data)
        except TypeError as err:
            raise ParameterError(
                f"data must be a sequence of strings or a DataFrame, got {type(data).__name__}"
            ) from err
    scores = _scores(texts, "data", implementation)
    return pd.DataFrame(scores, columns=SCORE_COLUMNS)


def aggregate_sentiment(
    sentences: pd.DataFrame,
    *,
    by: str | Sequence[str] = "speaker",
    ci: float | None = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
    quotes: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Distribution of sentence compound scores per group, with an interval for the mean.

    Parameters
    ----------
    sentences : DataFrame
        ``compound`` (or ``text``, then scored first) and the ``by`` columns.
    by : str or list of str, default="speaker"
        Grouping column(s): speaker, doc_id, quote_id, country, ...
    ci : float or None, default=0.95
        Confidence level of ``ci_low``/``ci_high`` (the interval of ``mean``); None
        leaves them out (the table before intervals, byte for byte).
    n_boot : int, default=1000
        Bootstrap resamples of the documents of each group.
    seed : int, default=0
        Seed of the resampling (a group's interval depends on the seed, its key and
        its sentences only).
    quotes : DataFrame, optional
        ``extract_quotes`` output. Given, the unit scored is the voice segment, not the
        sentence (:func:`researchlib.voices.voice_segments`): a fragment quoted inside
        narration is scored as its speaker's words and the rest of the sentence as the
        document's own voice, the same voices ``frame_rates(..., quotes=)`` counts; the
        sentences then need ``start``, ``end`` and ``text`` (scores are recomputed), and
        ``n`` counts segments.
    documents : DataFrame, optional
        ``doc_id``, ``speaker``: each document's own voice, with ``quotes``.

    Returns
    -------
    DataFrame
        ``<by...>``, ``n`` (scored sentences: a sentence VADER did not score, such as a
        non-English one, has no ``compound`` and is not counted), ``mean``, ``std`` (NaN for one sentence),
        ``median``, ``q25``, ``q75`` of compound, ``share_positive`` (share with
        compound >= 0.05) and ``share_negative`` (compound <= -0.05), and with
        ``ci``: ``ci_low``, ``ci_high`` (interval of ``mean``); one row per group,
        sorted by the groups.

    Raises
    ------
    SchemaError
        If a ``by`` column, or both ``compound`` and ``text``, are missing, or ``ci``
        is given and ``doc_id`` is missing.
    ParameterError
        If ``by`` is not a column name or list of names, ``ci`` is not in (0, 1) or
        None, ``n_boot`` or ``seed`` is not allowed.

    Notes
    -----
    Sentences of one document are not independent, so the interval resamples
    documents (``doc_id``), not sentences: a studentized bootstrap of the mean as
    ``sum(compound) / n`` over the group's documents, as :func:`researchlib.frame_rates`
    does for rates.  A group with fewer than two documents (e.g. ``by="doc_id"``)
    gets NaN.
    """
    if isinstance(by, str):
        keys = [by]
    elif isinstance(by, Sequence) and by and all(isinstance(b, str) for b in by):
        keys = list(by)
    else:
        raise ParameterError(f"by must be a column name or a non-empty list of names, got {by!r}")
    if not isinstance(sentences, pd.DataFrame):
        raise SchemaError(f"sentences must be a pandas DataFrame, got {type(sentences).__name__}")
    need = [*keys, "compound" if "compound" in sentences.columns else "text"]
    missing = [c for c in need if c not in sentences.columns]
    if missing:
        raise SchemaError(
            f"sentences lacks column(s) {', '.join(missing)} (compound or text is needed); "
            f"present: {', '.join(map(str, sentences.columns))}"
        )
    ci = stats.check_ci(ci)
    n_boot = stats.check_count(n_boot, "n_boot", minimum=10)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed={seed!r} is not allowed; use a non-negative integer")
    if ci is not None and "doc_id" not in sentences.columns:
        raise SchemaError(
            "sentences lacks column doc_id, needed for the interval (it resamples documents); "
            f"pass ci=None for no interval; present: {', '.join(map(str, sentences.columns))}"
        )
    if quotes is not None:
        sentences = score_sentiment(voice_segments(sentences, quotes, documents=documents))
    elif "compound" not in sentences.columns:
        sentences = score_sentiment(sentences)
    frame = sentences[keys].copy()
    compound = sentences["compound"].astype("float64")
    frame["compound"] = compound
    frame["_pos"] = (compound >= POSITIVE).astype("float64")
    frame["_neg"] = (compound <= NEGATIVE).astype("float64")
    groups = frame.groupby(keys, dropna=False, sort=True)
    out = groups["compound"].agg(
        n="count",  # scored sentences: VADER leaves non-English ones NaN
        mean="mean",
        std="std",
        median="median",
    )
    out["q25"] = groups["compound"].quantile(0.25)
    out["q75"] = groups["compound"].quantile(0.75)
    out["share_positive"] = groups["_pos"].mean()
    out["share_negative"] = groups["_neg"].mean()
    out["n"] = out["n"].astype("int64")
    out = out.reset_index()
    if ci is None:
        return out
    return out.merge(
        _mean_intervals(sentences, keys, ci=ci, n_boot=n_boot, seed=seed),
        on=keys,
        how="left",
        validate="one_to_one",
    )


def _mean_intervals(
    sentences: pd.DataFrame, keys: list[str], *, ci: float, n_boot: int, seed: int
) -> pd.DataFrame:
    """``<keys...>``, ``ci_low``, ``ci_high`` of the mean compound, resampling documents."""
    unit_keys = keys if "doc_id" in keys else [*keys, "doc_id"]
    scored = sentences.loc[sentences["compound"].notna(), [*unit_keys, "compound"]]
    units = (
        scored.assign(compound=scored["compound"].astype("float64"))
        .groupby(unit_keys, dropna=False, sort=True)["compound"]
        .agg(["sum", "size"])
        .reset_index()
    )
    rows = []
    for key, at in units.groupby(keys, dropna=False, sort=False).indices.items():
        key = key if isinstance(key, tuple) else (key,)
        part = units.iloc[at]
        rng = stats.group_rng(seed, "\x1f".join(map(str, key)))
        lo, hi = stats.ratio_interval(
            part[["sum"]].to_numpy(dtype=np.float64),
            part["size"].to_numpy(dtype=np.float64),
            ci=ci,
            n_boot=n_boot,
            rng=rng,
            counts=False,
        )
        # compound lies in [-1, 1]: a bootstrap-t over a handful of documents can reach millions
        rows.append((*key, float(np.clip(lo[0], -1.0, 1.0)), float(np.clip(hi[0], -1.0, 1.0))))
    return pd.DataFrame(rows, columns=[*keys, "ci_low", "ci_high"])
