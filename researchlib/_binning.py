"""Binned views for plots: an ordered column of many documents in, a few labelled bins (years, months) out.

Used by :mod:`researchlib.plots` when a plot has too many documents to draw one by
one: dates are binned by month (by year when they span more than three years),
a column with few values keeps one bin per value, anything else is cut into
equal runs of documents in order.  :func:`draw_binned_dispersion` draws a
dispersion plot's hits per document per bin on a given Axes; :func:`tick_labels`
and :func:`legend_columns` are the axis labels and legend layout the plots share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["order_bins", "draw_binned_dispersion", "tick_labels", "legend_columns"]

#: Dates spanning more than this many years are binned by year, otherwise by month.
_MONTHS_UP_TO_YEARS = 3


def order_bins(values: pd.Series, *, max_bins: int = 60) -> tuple[np.ndarray, list[str], str]:
    """Bin ``values`` (already in plotting order) into at most about ``max_bins`` ordered bins.

    Parameters
    ----------
    values : Series
        The ordering column of the documents, sorted (dates, years, names...).
    max_bins : int, default=60
        Bins wanted at most (dates by year may give more when they span more years).

    Returns
    -------
    (ndarray of int, list of str, str)
        The bin number of each value (0, 1, ... in order), each bin's label, and
        the unit (``"year"``, ``"month"``, the column's values, or ``"run of
        documents"``).  Missing values get a last bin labelled ``"n/a"``.
    """
    values = values.reset_index(drop=True)
    missing = values.isna().to_numpy()
    if pd.api.types.is_datetime64_any_dtype(values):
        present = values.dropna()
        span_years = (present.max() - present.min()).days / 365.25 if len(present) else 0.0
        unit, fmt = ("year", "%Y") if span_years > _MONTHS_UP_TO_YEARS else ("month", "%Y-%m")
        keys = values.dt.strftime(fmt)
    elif values.nunique(dropna=True) <= max_bins:
        unit, keys = "value", values.astype("string")
    else:
        size = int(np.ceil(len(values) / max_bins))
        runs = np.arange(len(values)) // size
        first = values.groupby(runs).first().astype(str)
        last = values.groupby(runs).last().astype(str)
        labels = [a if a == b else f"{a} to {b}" for a, b in zip(first, last)]
        return runs.astype(int), labels, "run of documents"
    keys = keys.where(~missing, None)
    labels = list(pd.unique(keys.dropna()))
    code = {k: i for i, k in enumerate(labels)}
    bins = np.array([code[k] if k is not None and not pd.isna(k) else len(labels) for k in keys], dtype=int)
    if missing.any():
        labels.append("n/a")
    return bins, labels, unit


def draw_binned_dispersion(ax, docs, doc_ids, label_values, terms_key, colors, by: str, what: str) -> str:
    """Draw each label's hits per document per bin of ``docs[by]`` on ``ax``; return a default title.

    ``docs`` are the documents in plotting order (``doc_id`` and ``by``); ``doc_ids`` and
    ``label_values`` the hits' documents and labels; ``terms_key`` the labels drawn, one
    row each from the top, in ``colors``.  Each row's bars are scaled to its largest
    bin, written at the right.
    """
    bins, bin_labels, unit = order_bins(docs[by])
    doc_bin = dict(zip(docs["doc_id"], bins))
    n_bins = len(bin_labels)
    per_bin = np.bincount(bins, minlength=n_bins).astype(float)
    hit_bins = np.array([doc_bin[d] for d in doc_ids], dtype=int)
    x = np.arange(n_bins)
    for i, key in enumerate(terms_key):
        counts = np.bincount(hit_bins[label_values == key], minlength=n_bins)
        rate = np.divide(counts, per_bin, out=np.zeros(n_bins), where=per_bin > 0)
        top = float(rate.max()) if n_bins else 0.0
        ax.bar(x, -0.8 * (rate / top if top else rate), bottom=i + 0.4, width=0.9, color=colors[i])
        ax.annotate(f"max {top:.2g}/doc", xy=(1.0, i), xycoords=("axes fraction", "data"),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize="small",
                    color="dimgray", annotation_clip=False)
    ax.set_xlim(-0.5, n_bins - 0.5)
    ticks = np.unique(np.linspace(0, max(n_bins - 1, 0), num=min(n_bins, 12)).astype(int))
    ax.set_xticks(ticks, labels=[bin_labels[t] for t in ticks], rotation=30, ha="right")
    unit_name = by if unit == "value" else unit
    ax.set_xlabel(f"{len(docs):,} documents by {unit_name} ({by}); bar height: hits per document, "
                  "scaled to the row's largest")
    return f"{what} hits per document by {unit_name}"


def tick_labels(values: pd.Series) -> list[str]:
    """Axis labels for a column: dates without a midnight time, missing values as "n/a"."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return [v.strftime("%Y-%m-%d") if pd.notna(v) else "n/a" for v in values]
    return [str(v) if pd.notna(v) else "n/a" for v in values]


def legend_columns(labels: list[str], ax) -> int:
    """Columns of a legend above the plot that fit the figure's width (at most 4)."""
    chars = int(float(ax.figure.get_size_inches()[0]) * 72 / 6.0)  # small text, with the swatch
    return max(1, min(4, len(labels), chars // (max(map(len, labels), default=1) + 6)))
