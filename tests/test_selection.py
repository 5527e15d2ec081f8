"""select: consistent filtering of the processed tables by speaker, country, dates and metadata."""

from __future__ import annotations

import datetime as dt
from collections import namedtuple

import pandas as pd
import pytest

from researchlib.exceptions import ParameterError, SchemaError
from researchlib.selection import select

# The same four fields as researchlib.pipeline.Tables; select only needs the attributes.
Tables = namedtuple("Tables", ["documents", "sentences", "quotes", "frames"])


@pytest.fixture
def tables() -> Tables:
    documents = pd.DataFrame(
        {
            "doc_id": ["L1", "N1", "N2", "S1"],
            "text": ["a", "b", "c", "d"],
            "date": pd.to_datetime(["2021-01-01", "2022-06-26", "2023-05-10", None]),
            "speaker": ["Idris Valko", None, None, "Maren Solvik"],
            "country": ["Varnia", "Varnia", "Oskar", "Oskar"],
            "genre": ["letter", "news", "news", "speech"],
            "year": [2021, 2022, 2023, 2024],
        }
    )
    sentences = pd.DataFrame(
        {
            "doc_id": ["L1", "L1", "N1", "N1", "N2", "N2", "N2", "S1"],
            "sent_id": [0, 1, 0, 1, 0, 1, 2, 0],
            "speaker": [
                "Idris Valko",
                "Idris Valko",
                "narrator",
                "Idris Valko",
                "narrator",
                "Maren Solvik",
                "Idris Valko",
                "Maren Solvik",
            ],
            "n_words": [10, 12, 8, 9, 7, 11, 6, 20],
        }
    )
    quotes = pd.DataFrame(
        {
            "doc_id": ["N1", "N2", "N2"],
            "quote_id": [0, 0, 1],
            "speaker": ["Idris Valko", "Maren Solvik", "Idris Valko"],
            "text": ["q1", "q2", "q3"],
        }
    )
    frames = pd.DataFrame(
        {
            "doc_id": ["L1", "N1", "N2", "N2", "S1"],
            "sent_id": [0, 1, 1, 2, 0],
            "category": ["kinship", "war", "kinship", "war", "goodwill"],
            "speaker": ["Idris Valko", "Idris Valko", "Maren Solvik", "Idris Valko", "Maren Solvik"],
        }
    )
    return Tables(documents, sentences, quotes, frames)


def test_no_filter_keeps_everything_and_type(tables):
    out = select(tables)
    assert type(out) is Tables
    for name in Tables._fields:
        pd.testing.assert_frame_equal(getattr(out, name), getattr(tables, name))


def test_speaker_selects_what_the_speaker_says(tables):
    out = select(tables, speaker="Idris Valko")
    assert set(out.sentences["speaker"]) == {"Idris Valko"}
    assert len(out.sentences) == 4
    assert list(out.quotes["text"]) == ["q1", "q3"]
    assert list(out.frames["category"]) == ["kinship", "war", "war"]
    # documents where Valko speaks (quoted in news, author of the letter), not Solvik's speech
    assert list(out.documents["doc_id"]) == ["L1", "N1", "N2"]


def test_speaker_list(tables):
    out = select(tables, speaker=["Idris Valko", "Maren Solvik"])
    assert "narrator" not in set(out.sentences["speaker"])
    assert len(out.sentences) == 6
    assert len(out.quotes) == 3
    assert list(out.documents["doc_id"]) == ["L1", "N1", "N2", "S1"]


def test_country_filters_documents_and_the_rest_follow(tables):
    out = select(tables, country="Oskar")
    assert list(out.documents["doc_id"]) == ["N2", "S1"]
    assert set(out.sentences["doc_id"]) == {"N2", "S1"}
    assert set(out.quotes["doc_id"]) == {"N2"}
    assert set(out.frames["doc_id"]) == {"N2", "S1"}
    # all voices of the selected documents, narrator included
    assert "narrator" in set(out.sentences["speaker"])


def test_speaker_and_country_combine(tables):
    out = select(tables, speaker="Idris Valko", country="Oskar")
    assert list(out.documents["doc_id"]) == ["N2"]
    assert list(out.sentences["sent_id"]) == [2]
    assert list(out.quotes["text"]) == ["q3"]


def test_date_range_inclusive_and_drops_undated(tables):
    out = select(tables, date_from="2022-06-26", date_to="2023-05-10")
    assert list(out.documents["doc_id"]) == ["N1", "N2"]
    # a year as the end covers the whole year
    assert list(select(tables, date_to="2022").documents["doc_id"]) == ["L1", "N1"]
    assert list(select(tables, date_from=2023).documents["doc_id"]) == ["N2"]
    assert list(select(tables, date_to=dt.date(2021, 1, 1)).documents["doc_id"]) == ["L1"]
    assert list(select(tables, date_from=pd.Timestamp("2022-01-01")).documents["doc_id"]) == [
        "N1",
        "N2",
    ]
    assert set(select(tables, date_to="2021-06").sentences["doc_id"]) == {"L1"}


def test_where_scalar_list_and_numbers(tables):
    assert list(select(tables, where={"genre": "news"}).documents["doc_id"]) == ["N1", "N2"]
    out = select(tables, where={"genre": ["letter", "speech"]})
    assert list(out.documents["doc_id"]) == ["L1", "S1"]
    assert set(out.frames["doc_id"]) == {"L1", "S1"}
    assert list(select(tables, where={"year": 2022}).documents["doc_id"]) == ["N1"]
    assert list(select(tables, where={"year": [2021, 2024]}).documents["doc_id"]) == ["L1", "S1"]


def test_inputs_not_mutated_and_outputs_independent(tables):
    before = {name: getattr(tables, name).copy() for name in Tables._fields}
    out = select(tables, speaker="Maren Solvik", country="Oskar")
    out.sentences.loc[:, "n_words"] = 0
    for name in Tables._fields:
        pd.testing.assert_frame_equal(getattr(tables, name), before[name])


def test_frames_none_passes_through(tables):
    out = select(tables._replace(frames=None), country="Varnia")
    assert out.frames is None
    assert list(out.documents["doc_id"]) == ["L1", "N1"]


def test_unknown_where_column_lists_columns(tables):
    with pytest.raises(ParameterError, match="'party'") as info:
        select(tables, where={"party": "x"})
    assert "genre" in str(info.value) and "country" in str(info.value)


def test_where_must_be_mapping(tables):
    with pytest.raises(ParameterError, match="mapping"):
        select(tables, where=["genre"])


@pytest.mark.parametrize("argument", ["date_from", "date_to"])
def test_bad_date_names_parameter(tables, argument):
    with pytest.raises(ParameterError, match=f"{argument}='last spring'"):
        select(tables, **{argument: "last spring"})


def test_date_from_after_date_to(tables):
    with pytest.raises(ParameterError, match="after"):
        select(tables, date_from="2024", date_to="2022")


def test_unknown_speaker_lists_known(tables):
    with pytest.raises(ParameterError, match="Idris Valk'") as info:
        select(tables, speaker="Idris Valk")
    assert "'Idris Valko'" in str(info.value)


def test_unknown_country(tables):
    with pytest.raises(ParameterError, match="country='Oskr'"):
        select(tables, country="Oskr")


def test_empty_list_is_an_error(tables):
    with pytest.raises(ParameterError, match="speaker is an empty list"):
        select(tables, speaker=[])


def test_missing_column_is_schema_error(tables):
    docs = tables.documents.drop(columns=["country"])
    with pytest.raises(SchemaError, match="country") as info:
        select(tables._replace(documents=docs), country="Varnia")
    assert "doc_id" in str(info.value)


def test_not_tables(tables):
    with pytest.raises(ParameterError, match="Tables"):
        select(tables.documents)


def test_row_index_kept_so_the_selection_marks_the_full_table(tables):
    out = select(tables, speaker="Maren Solvik")
    mask = tables.sentences.index.isin(out.sentences.index)
    assert list(tables.sentences.loc[mask, "speaker"]) == ["Maren Solvik", "Maren Solvik"]
