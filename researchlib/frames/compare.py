"""Frames stage, comparison: two groups' rates per category, the interval of their difference and a test.

:func:`compare_rates` reads frames (``doc_id``, ``category``, optional ``lexicon``)
and sentences (``doc_id``, ``n_words``), the grouping column from either or from
documents, and writes one row per (lexicon,) category: ``lexicon``, ``category``,
``a``, ``b``, ``n_docs_a``, ``n_docs_b``, ``n_a``, ``n_b``, ``n_words_a``,
``n_words_b``, ``rate_a``, ``rate_b``, ``ratio``, ``diff``, ``ci_low``, ``ci_high``,
``p``, ``p_adjusted``, ``correction``, ``distinguishable``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import stats
from .._schema import require_columns as _require
from ..exceptions import ParameterError
from .rates import _lexicon_keys, _Units, _units, _with_columns

__all__ = ["compare_rates"]


def _check_group(units: _Units, by: str, value, argument: str, present: list) -> np.ndarray:
    """Which units belong to ``value``; at least two documents, or a ParameterError."""
    mask = (units.table[by] == value).to_numpy(dtype=bool)
    n_docs = int(mask.sum())
    if n_docs == 0:
        shown = ", ".join(map(repr, present[:20])) + (" ..." if len(present) > 20 else "")
        raise ParameterError(f"{argument}={value!r} is not a value of column {by!r}; values: {shown}")
    if n_docs < 2:
        raise ParameterError(
            f"{argument}={value!r} has {n_docs} document in column {by!r}; a comparison needs at "
            "least two documents per group (the spread between documents is what the interval "
            "and the test measure)"
        )
    return mask


def compare_rates(
    frames: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    by: str,
    a,
    b,
    documents: pd.DataFrame | None = None,
    ci: float | None = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
    correction: str | None = None,
) -> pd.DataFrame:
    """Compare two groups' frame rates, category by category, with documents as the unit.

    Parameters
    ----------
    frames : DataFrame
        Output of :func:`lookup_frames` (``doc_id``, ``category``, optional ``lexicon``).
    sentences : DataFrame
        ``doc_id``, ``n_words``; the words of each group are summed from here.
    by : str
        The grouping column (in frames and sentences, or joined from ``documents``
        on ``doc_id``; ``year`` is derived from ``date``).
    a, b
        The two values of ``by`` to compare (e.g. two speakers, two years).
    documents : DataFrame, optional
        Documents table to join ``by`` from.
    ci : float or None, default=0.95
        Confidence level of the interval of ``diff``; None leaves ``ci_low`` and
        ``ci_high`` out.  ``distinguishable`` uses ``1 - ci`` (0.05 with None) as the
        significance level.
    n_boot : int, default=1000
        Bootstrap resamples of each group's documents, and permutations of the test.
    seed : int, default=0
    correction : {"holm", "bh"} or None, default=None
        Adjust ``p`` for the number of rows (categories of every lexicon): Holm's
        family-wise correction or Benjamini-Hochberg's false discovery rate.

    Returns
    -------
    DataFrame
        One row per (lexicon,) category of ``frames``, sorted: ``lexicon`` (when frames
        have it), ``category``, ``a``, ``b`` (the values compared), ``n_docs_a``,
        ``n_docs_b`` (documents with words or hits in the group), ``n_a``, ``n_b``
        (hits), ``n_words_a``, ``n_words_b``, ``rate_a``, ``rate_b`` (per 1,000
        words), ``ratio`` (``rate_a / rate_b``; inf when only ``rate_b`` is 0, NaN when
        both are), ``diff`` (``rate_a - rate_b``), ``ci_low``, ``ci_high`` (interval
        of ``diff``; NaN for a category found in neither group), ``p`` (two-sided
        permutation test), ``p_adjusted`` (``p`` after ``correction``; equal to ``p``
        without one), ``correction`` (``"holm"``, ``"bh"`` or ``"none"``),
        ``distinguishable`` (``p_adjusted`` below the level and, with ``ci``, an
        interval that excludes 0: only then is the difference more than chance).

    Raises
    ------
    SchemaError
        If a required column is missing and cannot be joined.
    ParameterError
        If ``by`` is not a column name, ``a`` or ``b`` is not one of its values, has
        fewer than two documents, or equals the other; ``ci`` is not in (0, 1) or
        None; ``correction``, ``n_boot`` or ``seed`` is not allowed.

    Notes
    -----
    Hits within a document are not independent, so both the interval and the test
    treat documents (the part of each document in the group) as the unit.  The
    interval is a studentized bootstrap of the difference of the two ratios
    ``sum(hits) / sum(words)``, resampling each group's documents separately.  The
    test shuffles whole documents between the two groups ``n_boot`` times (group sizes
    kept) and counts how often the absolute difference is at least the observed one;
    it is exact under the null that the documents of both groups come from one
    population, however overdispersed they are.  ``tests/test_stats.py`` checks that
    with no true difference ``p < 0.05`` in 3-7% of simulated comparisons.
    """
    if not isinstance(by, str):
        raise ParameterError(f"by must be one column name, got {by!r}")
    ci = stats.check_ci(ci)
    n_boot = stats.check_count(n_boot, "n_boot", minimum=10)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed={seed!r} is not allowed; use a non-negative integer")
    if correction is not None and correction not in stats.CORRECTIONS:
        raise ParameterError(
            f"correction={correction!r} is not allowed; use one of {list(stats.CORRECTIONS)} or None"
        )
    if a == b:
        raise ParameterError(f"a and b are both {a!r}; compare two different values of {by!r}")
    _require(frames, ["doc_id", "category"], "frames")
    _require(sentences, ["doc_id", "n_words"], "sentences")
    frames = _with_columns(frames, [by], documents, "frames")
    sentences = _with_columns(sentences, [by], documents, "sentences")
    cat_keys = _lexicon_keys(frames)
    cats = frames[cat_keys].drop_duplicates().sort_values(cat_keys).reset_index(drop=True)
    present = pd.unique(pd.concat([sentences[by], frames[by]], ignore_index=True)).tolist()

    keep_f = frames[by].isin([a, b]).to_numpy(dtype=bool)
    keep_s = sentences[by].isin([a, b]).to_numpy(dtype=bool)
    units = _units(frames[keep_f], sentences[keep_s], [by], cat_keys, cats)
    in_a = _check_group(units, by, a, "a", present)
    in_b = _check_group(units, by, b, "b", present)
    hits, words = units.hits, units.words

    rate_a, _ = stats.ratio_se(hits[in_a], words[in_a])
    rate_b, _ = stats.ratio_se(hits[in_b], words[in_b])
    out = cats.copy()
    out["a"], out["b"] = [a] * len(out), [b] * len(out)
    out["n_docs_a"], out["n_docs_b"] = int(in_a.sum()), int(in_b.sum())
    out["n_a"] = hits[in_a].sum(axis=0).astype(np.int64)
    out["n_b"] = hits[in_b].sum(axis=0).astype(np.int64)
    out["n_words_a"] = np.int64(words[in_a].sum())
    out["n_words_b"] = np.int64(words[in_b].sum())
    out["rate_a"], out["rate_b"] = rate_a * 1000.0, rate_b * 1000.0
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ratio"] = out["rate_a"] / out["rate_b"]
    out["diff"] = out["rate_a"] - out["rate_b"]
    if ci is not None:
        lo, hi = _diff_interval(hits, words, in_a, in_b, ci=ci, n_boot=n_boot, seed=seed, a=a, b=b)
        out["ci_low"], out["ci_high"] = lo * 1000.0, hi * 1000.0
    both = in_a | in_b
    rng = stats.group_rng(seed, f"permute\x1f{a}\x1f{b}")
    p = stats.permutation_p(hits[both], words[both], in_a[both], n_perm=n_boot, rng=rng)
    out["p"] = p
    out["p_adjusted"] = stats.adjust_p(p, correction)
    out["correction"] = correction or "none"
    level = 1.0 - ci if ci is not None else 0.05
    distinct = out["p_adjusted"].to_numpy() < level
    if ci is not None:
        distinct &= (out["ci_low"].to_numpy() > 0) | (out["ci_high"].to_numpy() < 0)
    out["distinguishable"] = distinct
    return out.reset_index(drop=True)


def _diff_interval(hits, words, in_a, in_b, *, ci, n_boot, seed, a, b):
    """Studentized bootstrap interval of ``rate_a - rate_b``, each group's documents resampled."""
    est_a, se_a = stats.ratio_se(hits[in_a], words[in_a], counts=True)
    est_b, se_b = stats.ratio_se(hits[in_b], words[in_b], counts=True)
    rep_a, rep_se_a = stats.bootstrap_ratio(
        hits[in_a], words[in_a], n_boot=n_boot, rng=stats.group_rng(seed, f"a\x1f{a}"), counts=True
    )
    rep_b, rep_se_b = stats.bootstrap_ratio(
        hits[in_b], words[in_b], n_boot=n_boot, rng=stats.group_rng(seed, f"b\x1f{b}"), counts=True
    )
    return stats.studentized_interval(
        est_a - est_b,
        np.sqrt(se_a**2 + se_b**2),
        rep_a - rep_b,
        np.sqrt(rep_se_a**2 + rep_se_b**2),
        ci,
    )
