"""Frames stage, rates: hits per 1,000 words and the sentiment of framed sentences, per group.

:func:`frame_rates` reads frames and sentences (``doc_id``, ``n_words`` and the
grouping columns, or documents to join them from) and writes ``<by...>``,
``lexicon``, ``category``, ``n``, ``n_words``, ``per_1000``, ``ci_low``, ``ci_high``
(a bootstrap interval over documents, see :mod:`researchlib.stats`).
:func:`frame_sentiment` reads frames and sentences (``doc_id``, ``sent_id``,
``compound``) and writes ``<by...>``, ``lexicon``, ``category``, ``n``,
``mean_compound``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import stats
from .._schema import require_columns as _require
from ..exceptions import ParameterError, SchemaError
from ..voices import hit_voices, own_voices, voice_words

__all__ = ["frame_rates", "frame_sentiment"]


def _as_list(by, argument: str = "by") -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    if isinstance(by, Sequence) and all(isinstance(b, str) for b in by):
        return list(by)
    raise ParameterError(f"{argument} must be a column name or a list of names, got {by!r}")


def _with_columns(
    table: pd.DataFrame, columns: list[str], documents: pd.DataFrame | None, argument: str
) -> pd.DataFrame:
    """``table`` with the ``columns`` it lacks joined from ``documents`` on ``doc_id``."""
    missing = [c for c in columns if c not in table.columns]
    if not missing:
        return table
    if documents is None:
        raise SchemaError(
            f"{argument} lacks column(s) {', '.join(missing)} and no documents were given to "
            f"join them from; present: {', '.join(map(str, table.columns))}"
        )
    _require(documents, ["doc_id"], "documents")
    docs = documents
    if "year" in missing and "year" not in docs.columns and "date" in docs.columns:
        docs = docs.assign(year=pd.to_datetime(docs["date"]).dt.year.astype("Int64"))
    absent = [c for c in missing if c not in docs.columns]
    if absent:
        raise SchemaError(
            f"column(s) {', '.join(absent)} are in neither {argument} nor documents "
            f"('year' can be derived from 'date'); documents has: "
            f"{', '.join(map(str, documents.columns))}"
        )
    extra = docs[["doc_id", *missing]].drop_duplicates("doc_id")
    return table.merge(extra, on="doc_id", how="left", validate="many_to_one")


def _lexicon_keys(frames: pd.DataFrame) -> list[str]:
    return ["lexicon", "category"] if "lexicon" in frames.columns else ["category"]


class _Units(NamedTuple):
    """Per (group, document) unit: its key columns, its words and its hits per category."""

    table: pd.DataFrame  # <keys...>, doc_id; sorted by the keys, then doc_id
    words: np.ndarray  # (n_units,)
    hits: np.ndarray  # (n_units, n_categories), categories in the order of ``cats``


def _units(
    frames: pd.DataFrame,
    sentences: pd.DataFrame,
    keys: list[str],
    cat_keys: list[str],
    cats: pd.DataFrame,
) -> _Units:
    """Words and hits per category of each document within each group (the resampling units)."""
    unit_keys = [*keys, "doc_id"]
    words = sentences.groupby(unit_keys, dropna=False, sort=False)["n_words"].sum()
    words = words.rename("_words").reset_index()
    hits = frames.groupby([*unit_keys, *cat_keys], dropna=False, sort=False).size()
    hits = hits.rename("_n").reset_index()
    table = pd.concat([words[unit_keys], hits[unit_keys]], ignore_index=True)
    table = table.drop_duplicates(unit_keys).sort_values(unit_keys, kind="stable")
    table = table.reset_index(drop=True)
    table["_u"] = np.arange(len(table), dtype=np.int64)
    unit_words = table.merge(words, on=unit_keys, how="left")["_words"].fillna(0)
    located = hits.merge(table, on=unit_keys, how="inner").merge(
        cats.assign(_c=np.arange(len(cats), dtype=np.int64)), on=cat_keys, how="inner"
    )
    matrix = np.zeros((len(table), len(cats)), dtype=np.float64)
    matrix[located["_u"].to_numpy(), located["_c"].to_numpy()] = located["_n"].to_numpy(dtype=float)
    return _Units(table[unit_keys], unit_words.to_numpy(dtype=np.float64), matrix)


def _group_label(key) -> str:
    """The text a group's random draws are seeded with (its key values, joined)."""
    values = key if isinstance(key, tuple) else (key,)
    return "\x1f".join(map(str, values))


def _groups(units: _Units, keys: list[str]) -> list[tuple[tuple, np.ndarray]]:
    """(key values, unit positions) per group, in unit order."""
    if not keys:
        return [((), np.arange(len(units.table)))]
    found = units.table.groupby(keys, dropna=False, sort=False).indices
    return [((k if isinstance(k, tuple) else (k,)), np.asarray(v)) for k, v in found.items()]


def _rate_intervals(
    units: _Units, keys: list[str], cat_keys: list[str], cats: pd.DataFrame, *, ci, n_boot, seed
) -> pd.DataFrame:
    """``<keys...>``, ``<cat_keys...>``, ``ci_low``, ``ci_high`` (per 1,000 words) per group and category."""
    group_keys, lows, highs = [], [], []
    for key, rows in _groups(units, keys):
        rng = stats.group_rng(seed, _group_label(key))
        lo, hi = stats.ratio_interval(
            units.hits[rows], units.words[rows], ci=ci, n_boot=n_boot, rng=rng
        )
        group_keys.append(key)
        lows.append(lo)
        highs.append(hi)
    n_cats = len(cats)
    out = {}
    for j, name in enumerate(keys):
        values = pd.Series([key[j] for key in group_keys], dtype=units.table[name].dtype)
        out[name] = values.repeat(n_cats).to_numpy()
    for name in cat_keys:
        out[name] = np.tile(cats[name].to_numpy(), len(group_keys))
    out["ci_low"] = np.concatenate(lows) * 1000.0 if lows else np.zeros(0)
    out["ci_high"] = np.concatenate(highs) * 1000.0 if highs else np.zeros(0)
    return pd.DataFrame(out, columns=[*keys, *cat_keys, "ci_low", "ci_high"])


def frame_rates(
    frames: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    by: str | Sequence[str] = "speaker",
    documents: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    ci: float | None = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Hits and hits per 1,000 words per group and category, with an interval over documents.

    Parameters
    ----------
    frames : DataFrame
        Output of :func:`lookup_frames` (``doc_id``, ``category``, optional ``lexicon``).
    sentences : DataFrame
        ``doc_id``, ``n_words``; the words of each group are summed from here.
    by : str or list of str, default="speaker"
        Grouping columns.  A column absent from ``frames`` or ``sentences`` is joined
        from ``documents`` on ``doc_id`` (``year`` is derived from ``date`` when absent).
    documents : DataFrame, optional
        Documents table to join grouping columns from (and each document's own voice).
    quotes : DataFrame, optional
        The quotations (``extract_quotes`` output).  With them, grouping by
        ``speaker`` groups by voice (:mod:`researchlib.voices`): a hit and its words
        belong to the speaker of the quotation of reported speech that holds them
        (a fragment quoted inside narration too), every other word to its
        document's own voice, so hits and words share one denominator.  Without
        them, each sentence counts whole for its sentence's speaker.
    ci : float or None, default=0.95
        Confidence level of ``ci_low``/``ci_high``; None leaves both columns out (the
        table of researchlib before intervals, byte for byte).
    n_boot : int, default=1000
        Bootstrap resamples of the documents of each group.
    seed : int, default=0
        Seed of the resampling; a group's interval depends on the seed, the group's
        key and its documents only (not on the other groups).

    Returns
    -------
    DataFrame
        ``<by...>``, ``lexicon`` (when frames have it), ``category``, ``n`` (hits),
        ``n_words`` (the group's words), ``per_1000`` (``n / n_words * 1000``; NaN
        when the group has no words), and with ``ci``: ``ci_low``, ``ci_high`` (per
        1,000 words).  Every group of ``sentences`` appears with every category of
        ``frames``, with ``n = 0`` where it has no hit.

    Raises
    ------
    SchemaError
        If a required column is missing and cannot be joined.
    ParameterError
        If ``by`` is not a column name or list of names, ``ci`` is not in (0, 1) or
        None, or ``n_boot`` is not a positive integer.

    Notes
    -----
    The interval resamples the documents of each group (hits within a document are not
    independent, so a pooled Poisson interval is far too narrow): a studentized
    bootstrap of the ratio ``sum(hits) / sum(words)`` over the group's documents
    (the part of each document in the group, when ``by`` splits documents, e.g. by
    speaker).  A group with fewer than two documents gets NaN (no spread between
    documents can be seen); a category with no hit in the group gets
    ``[0, -ln((1 - ci) / 2) / n_words * 1000]``.  The simulation in
    ``tests/test_stats.py`` checks that 95% intervals cover a known rate 93-97% of
    the time on overdispersed (gamma-Poisson) documents.
    """
    keys = _as_list(by)
    ci = stats.check_ci(ci)
    n_boot = stats.check_count(n_boot, "n_boot", minimum=10)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed={seed!r} is not allowed; use a non-negative integer")
    _require(frames, ["doc_id", "category"], "frames")
    _require(sentences, ["doc_id", "n_words"], "sentences")
    if quotes is not None and "speaker" in keys:
        _require(frames, ["start", "end"], "frames")
        own = own_voices(sentences, documents)
        frames = frames.assign(speaker=hit_voices(frames, quotes, own))
        sentences = voice_words(sentences, quotes, documents=documents)
    frames = _with_columns(frames, keys, documents, "frames")
    sentences = _with_columns(sentences, keys, documents, "sentences")
    cat_keys = _lexicon_keys(frames)

    if keys:
        words = sentences.groupby(keys, dropna=False, sort=False)["n_words"].sum()
        hits = frames.groupby([*keys, *cat_keys], dropna=False, sort=False).size()
        groups = words.index.union(hits.index.droplevel(cat_keys).unique())
        groups = pd.MultiIndex.from_frame(groups.to_frame(index=False)) if len(keys) > 1 else groups
    else:
        words = pd.Series([sentences["n_words"].sum()], index=pd.Index([0], name="_all"))
        hits = frames.groupby(cat_keys, dropna=False, sort=False).size()
        groups = words.index
    cats = frames[cat_keys].drop_duplicates()
    grid = groups.to_frame(index=False).merge(cats, how="cross")
    if keys:
        counts = hits.rename("n").reset_index()
        out = grid.merge(counts, on=[*keys, *cat_keys], how="left")
        out = out.merge(words.rename("n_words").reset_index(), on=keys, how="left")
    else:
        counts = hits.rename("n").reset_index()
        out = grid.merge(counts, on=cat_keys, how="left").drop(columns="_all")
        out["n_words"] = int(words.iloc[0])
    out["n"] = out["n"].fillna(0).astype("int64")
    out["n_words"] = out["n_words"].fillna(0).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = out["n"].to_numpy(dtype=float) / out["n_words"].to_numpy(dtype=float) * 1000.0
    out["per_1000"] = np.where(out["n_words"].to_numpy() > 0, rate, np.nan)
    out = out.sort_values([*keys, *cat_keys], kind="stable").reset_index(drop=True)
    out = out[[*keys, *cat_keys, "n", "n_words", "per_1000"]]
    if ci is None:
        return out
    cats = cats.reset_index(drop=True)
    units = _units(frames, sentences, keys, cat_keys, cats)
    bounds = _rate_intervals(units, keys, cat_keys, cats, ci=ci, n_boot=n_boot, seed=seed)
    out = out.merge(bounds, on=[*keys, *cat_keys], how="left", validate="one_to_one")
    return out


def frame_sentiment(
    frames: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Mean VADER compound of the sentences that carry each category.

    A sentence counts once per category, however many hits it has.

    Parameters
    ----------
    frames : DataFrame
        ``doc_id``, ``sent_id``, ``category`` (optional ``lexicon``).
    sentences : DataFrame
        ``doc_id``, ``sent_id``, ``compound`` (the output of
        :func:`researchlib.sentiment.score_sentiment`; this function never scores),
        plus the ``by`` columns.
    by : str or list of str, optional
        Grouping columns of ``sentences`` (e.g. ``"speaker"``); default: none.

    Returns
    -------
    DataFrame
        ``<by...>``, ``lexicon`` (when frames have it), ``category``, ``n``
        (sentences), ``mean_compound``.

    Raises
    ------
    SchemaError
        If a required column is missing (``compound`` included: score first).
    """
    keys = _as_list(by)
    _require(frames, ["doc_id", "sent_id", "category"], "frames")
    _require(sentences, ["doc_id", "sent_id", *keys], "sentences")
    if "compound" not in sentences.columns:
        raise SchemaError(
            "sentences lacks column compound; score the sentences first "
            "(researchlib.score_sentiment(sentences), or the prepared sentences of "
            f"prepare(), which scores them by default); present: {', '.join(map(str, sentences.columns))}"
        )
    cat_keys = _lexicon_keys(frames)
    carried = frames[["doc_id", "sent_id", *cat_keys]].drop_duplicates()
    joined = carried.merge(
        sentences[["doc_id", "sent_id", "compound", *keys]], on=["doc_id", "sent_id"], how="inner"
    )
    out = (
        joined.groupby([*keys, *cat_keys], dropna=False, sort=True)["compound"]
        .agg(n="size", mean_compound="mean")
        .reset_index()
    )
    out["n"] = out["n"].astype("int64")
    return out
