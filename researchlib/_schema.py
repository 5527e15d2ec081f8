"""Column checks shared by every stage that takes a DataFrame."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

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
            f"{argument} lacks required column(s) {missing}; present: {list(frame.columns)}"
        )
