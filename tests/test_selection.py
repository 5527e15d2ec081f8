"""select: consistent filtering of the processed tables by speaker, country, dates and metadata."""

from __future__ import annotations

import datetime as dt
from collections import namedtuple

import pandas as pd
import pytest

from researchlib.exceptions import ParameterError, ResearchlibWarning, SchemaError
from researchlib.selection import count_speakers, select, stack_selections

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


# --------------------------------------------------------------------------- lexicons, categories


@pytest.fixture
def with_lexicons(tables) -> Tables:
    frames = tables.frames.assign(lexicon=["default", "default", "mine", "default", "mine"])
    return tables._replace(frames=frames)


def test_categories_and_lexicons_narrow_frames_only(with_lexicons):
    out = select(with_lexicons, categories="war")
    assert list(out.frames["category"]) == ["war", "war"]
    assert list(out.frames.index) == [1, 3]  # the full table's rows, as every selection
    pd.testing.assert_frame_equal(out.sentences, with_lexicons.sentences)
    pd.testing.assert_frame_equal(out.documents, with_lexicons.documents)
    out = select(with_lexicons, lexicons=["mine"], categories=["kinship", "goodwill"])
    assert list(out.frames["doc_id"]) == ["N2", "S1"]
    # with a speaker: what the speaker says, in those categories
    out = select(with_lexicons, speaker="Idris Valko", lexicons="default", categories="kinship")
    assert list(out.frames["doc_id"]) == ["L1"]


def test_a_category_without_hits_leaves_no_hit(with_lexicons):
    with pytest.warns(ResearchlibWarning, match="categories='sacrifice' has no frame hit"):
        out = select(with_lexicons, categories=["sacrifice"])
    with pytest.warns(ResearchlibWarning, match="did you mean 'kinship'"):
        select(with_lexicons, categories="kinshp")
    assert out.frames.empty and list(out.frames.columns) == list(with_lexicons.frames.columns)
    assert len(out.sentences) == len(with_lexicons.sentences)


def test_frame_filters_errors(tables, with_lexicons):
    with pytest.raises(ParameterError, match="categories is an empty list"):
        select(with_lexicons, categories=[])
    with pytest.raises(SchemaError, match="lexicon.*lexicons"):
        select(tables, lexicons=["default"])  # this frames table has no lexicon column
    assert select(tables._replace(frames=None), categories=["war"]).frames is None


# --------------------------------------------------------------------------- stack_selections


def test_stack_selections_marks_each_side(tables):
    a = select(tables, speaker="Idris Valko")
    b = select(tables, speaker="Maren Solvik")
    both = stack_selections([a, b], labels=["Valko", "Solvik"])
    assert type(both) is Tables
    assert list(both.sentences["side"]) == ["Valko"] * 4 + ["Solvik"] * 2
    assert list(both.sentences.index) == list(range(6))
    assert list(both.frames.columns) == [*tables.frames.columns, "side"]
    assert list(both.quotes["text"]) == ["q1", "q3", "q2"]
    # N2 is in both selections: once per side
    assert list(both.documents.loc[both.documents["doc_id"] == "N2", "side"]) == ["Valko", "Solvik"]
    assert "side" not in a.sentences.columns  # inputs not mutated
    custom = stack_selections([a], labels=["only"], column="who")
    assert set(custom.frames["who"]) == {"only"}


def test_stack_selections_errors(tables):
    a = select(tables, speaker="Idris Valko")
    with pytest.raises(ParameterError, match="2 selections but 1 labels"):
        stack_selections([a, a], labels=["x"])
    with pytest.raises(ParameterError, match=r"labels \['x'\] repeat"):
        stack_selections([a, a], labels=["x", "x"])
    with pytest.raises(ParameterError, match="already has a column 'genre'"):
        stack_selections([a], labels=["x"], column="genre")
    with pytest.raises(ParameterError, match="selections is empty"):
        stack_selections([], labels=[])
    with pytest.raises(ParameterError, match="Tables"):
        stack_selections([a.sentences], labels=["x"])
    assert stack_selections([a, a._replace(frames=None)], labels=["x", "y"]).frames is None


# --------------------------------------------------------------------------- count_speakers


def test_count_speakers_counts_sentences_and_quotations(tables):
    table = count_speakers(tables)
    assert table.index.name == "speaker"
    assert list(table.columns) == ["sentences", "quotations"]
    assert table.to_dict("index") == {
        "Idris Valko": {"sentences": 4, "quotations": 2},
        "Maren Solvik": {"sentences": 2, "quotations": 1},
        "narrator": {"sentences": 2, "quotations": 0},
    }
    # most sentences first, ties by name
    assert list(table.index) == ["Idris Valko", "Maren Solvik", "narrator"]
    assert list(count_speakers(tables, top=1).index) == ["Idris Valko"]
    sub = count_speakers(select(tables, country="Oskar"))
    assert sub.loc["Maren Solvik"].tolist() == [2, 1] and sub.loc["narrator"].tolist() == [1, 0]


def test_count_speakers_ties_are_ordered_by_name_whatever_the_row_order(tables):
    names = [f"speaker {i:02d}" for i in range(40)]  # over numpy's insertion-sort cut-off
    sentences = pd.DataFrame({"doc_id": "L1", "speaker": names[::-1] * 2 + ["speaker 07"]})
    table = count_speakers(tables._replace(sentences=sentences, quotes=None))
    assert list(table.index) == ["speaker 07"] + [n for n in names if n != "speaker 07"]
    assert (table["quotations"] == 0).all() and table["quotations"].dtype.kind == "i"


def test_speaker_tables_count_reported_speech_only(tables):
    """A scare quote or a title keeps its row in quotes but is nobody's words in a speaker count."""
    from researchlib.narrative import describe

    quotes = tables.quotes.assign(kind=["speech", "title", "scare"])
    table = count_speakers(tables._replace(quotes=quotes))
    assert table["quotations"].to_dict() == {"Idris Valko": 1, "Maren Solvik": 0, "narrator": 0}
    assert "Idris Valko speaks most (4 sentences, 1 quotation)" in describe(tables._replace(quotes=quotes))


def test_count_speakers_errors(tables):
    with pytest.raises(ParameterError, match="top=0"):
        count_speakers(tables, top=0)
    with pytest.raises(SchemaError, match="speaker"):
        count_speakers(tables._replace(quotes=tables.quotes.drop(columns="speaker")))
    with pytest.raises(ParameterError, match="Tables"):
        count_speakers(tables.sentences)
