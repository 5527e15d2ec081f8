"""Column checks shared by every stage that takes a DataFrame."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import pyarrow as pa

from ._suggest import did_you_mean
from .exceptions import SchemaError


def require_columns(frame, columns: Iterable[str], argument: str) -> None:
    """Raise :class:`SchemaError` unless ``frame`` is a DataFrame with every column in ``columns``.

    The message names the argument, the missing columns and the columns present.
    """
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"{argument} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SchemaError(
            f"{argument} lacks required column(s) {missing}"
            f"{did_you_mean(missing[0], map(str, frame.columns)) if len(missing) == 1 else ''}; "
            f"present: {list(frame.columns)}"
        )


def str_series(values) -> pd.Series:
    """``pd.Series(values, dtype="str")``, built through Arrow when ``values`` are str or None.

    Same Series (pandas keeps ``str`` columns as Arrow large strings), at about half the
    cost on long texts; any other value (numbers, NaN) takes pandas' own conversion.
    """
    try:
        array = pa.array(values, type=pa.large_string())
    except (pa.ArrowException, TypeError, ValueError):
        return pd.Series(values, dtype="str")
    return pd.Series(array, dtype="str")
