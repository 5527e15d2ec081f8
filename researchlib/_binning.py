"""Binning for plots: an ordered column of many documents in, a few labelled bins (years, months) out.

Used by :mod:`researchlib.plots` when a plot has too many documents to draw one by
one: dates are binned by month (by year when they span more than three years),
a column with few values keeps one bin per value, anything else is cut into
equal runs of documents in order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["order_bins"]

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
