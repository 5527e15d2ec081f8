"""Helpers every stage shares for its DataFrames (researchlib._schema)."""

from __future__ import annotations

import pandas as pd
import pytest

from researchlib._schema import str_series


@pytest.mark.parametrize(
    "values",
    [
        ["a", None, "Ünïcödé ’quotes’", ""],
        [],
        ["x" * 100_000, "y"],
        [1, "a", None],  # not all str: pandas' own conversion
        [float("nan"), "b"],
    ],
)
def test_str_series_is_pandas_str_series(values):
    got, expected = str_series(values), pd.Series(values, dtype="str")
    assert got.dtype == expected.dtype
    pd.testing.assert_series_equal(got, expected)
