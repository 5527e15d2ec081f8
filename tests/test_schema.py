"""The tables' contract (researchlib.tables, docs/design.md) and the helpers every stage shares (researchlib._schema)."""

from __future__ import annotations

import re

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import ROOT

from researchlib._schema import str_series
from researchlib.exceptions import SchemaError
from researchlib.tables import COLUMNS, SENTIMENT_COLUMNS, TABLES, check_table


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


def _documented_columns(section: str) -> list[str]:
    """The column names listed in docs/design.md's table for ``section`` (in order)."""
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    start = text.index(f"### {section} (")
    end = text.find("\n### ", start + 1)
    body = text[start:end if end >= 0 else None]
    names = []
    for line in body.splitlines():
        if not line.startswith("| `"):
            continue
        first = line.split("|")[1]
        names.extend(re.findall(r"`([a-z_0-9]+)`", first))
    return names


@pytest.mark.parametrize("table", TABLES)
def test_design_doc_lists_the_contracts_columns(table):
    documented = _documented_columns(table)
    expected = list(COLUMNS[table]) + (list(SENTIMENT_COLUMNS) if table == "sentences" else [])
    assert documented == expected, f"docs/design.md's {table} table drifted from researchlib.tables"


def test_prepared_tables_follow_the_contract(tmp_path):
    from researchlib.pipeline import prepare
    from researchlib.tables import ARROW_TYPES, load_processed

    prepare(ROOT / "data" / "raw", out=tmp_path, workers=1, progress=False)
    tables = load_processed(tmp_path)
    for name in TABLES:
        frame = getattr(tables, name)
        check_table(frame, name)
        own = list(frame.columns[: len(COLUMNS[name])])
        assert own == list(COLUMNS[name]), name
        schema = pq.read_schema(tmp_path / f"{name}.parquet")
        for column in COLUMNS[name]:
            assert schema.field(column).type == ARROW_TYPES[column], (name, column)
    with pytest.raises(SchemaError, match=r"sentences lacks required column\(s\) \['sent_id'\]"):
        check_table(tables.sentences.drop(columns="sent_id"), "sentences")
