"""Reports that hide their code still say what they were run on: describe_parameters."""

from __future__ import annotations

import pytest

from researchlib.exceptions import ParameterError
from researchlib.narrative import describe_parameters


def test_describe_parameters_names_every_value_and_escapes_them():
    line = describe_parameters({"speaker": "Idris <b>Valko</b>", "country": None,
                                "where": {"genre": ["letter", "speech"]}, "categories": []})
    assert line.startswith("**Parameters of this report.** speaker: Idris &lt;b&gt;Valko&lt;/b&gt;;")
    assert "country: not set;" in line and "where: genre = letter, speech;" in line
    assert "categories: none." in line and "<b>" not in line
    sides = describe_parameters({"DPRK": {"where": {"iso3": "PRK"}}}, label="The two sides")
    assert sides == "**The two sides.** DPRK: where (iso3 = PRK).\n"


def test_describe_parameters_needs_a_dict():
    with pytest.raises(ParameterError, match="got list"):
        describe_parameters(["speaker"])


def test_tone_counts_only_scored_sentences_even_when_the_table_counts_more():
    """KCNA: aggregate_sentiment's n counts Spanish sentences, which VADER leaves unscored."""
    import pandas as pd

    from researchlib.narrative import describe
    from researchlib.tables import Tables

    sentences = pd.DataFrame({
        "doc_id": ["d1"] * 24, "speaker": ["Ana"] * 12 + ["Ben"] * 12,
        "compound": [0.5] * 3 + [float("nan")] * 9 + [-0.2] * 12, "n_words": 10,
    })
    documents = pd.DataFrame({"doc_id": ["d1"]})
    table = pd.DataFrame({"speaker": ["Ana", "Ben"], "n": [12, 12], "mean": [0.5, -0.2]})
    text = describe(Tables(documents, sentences, None, None), sentiment=table)
    assert "Ana" not in text.split("**Tone.**")[1]
    assert "Only one speaker to compare: Ben (mean VADER compound -0.20 over 12 sentences)" in text


def test_year_only_dates_and_small_shares_are_not_overstated():
    """UN General Debate: dates made from years read "dated 1991-01-01"; 889 of 414,555 read "0%"."""
    import pandas as pd

    from researchlib.narrative import describe
    from researchlib.tables import Tables

    documents = pd.DataFrame({"doc_id": ["a", "b"], "year": [1991, 2024],
                              "date": pd.to_datetime(["1991-01-01", "2024-01-01"])})
    sentences = pd.DataFrame({"doc_id": ["a"] * 300, "speaker": ["Ana"] * 299 + [None],
                              "n_words": 10})
    text = describe(Tables(documents, sentences, None, None))
    assert "2 documents from 1991 to 2024;" in text and "01-01" not in text
    assert "1 of 300 sentences (under 1%) are narration" in text
    dated = describe(Tables(documents.drop(columns="year"), sentences, None, None))
    assert "dated 1991-01-01 to 2024-01-01" in dated


def test_aggregate_sentiment_counts_the_sentences_it_averages():
    """KCNA 2011 vs 2012: the table said n=72,337 and the boxplot n=59,546 (Spanish left unscored)."""
    import pandas as pd

    import researchlib as rl

    sentences = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "speaker": ["Ana"] * 4,
                              "compound": [0.5, float("nan"), -0.1, float("nan")]})
    table = rl.aggregate_sentiment(sentences, ci=None)
    assert table["n"].tolist() == [2] and table["mean"].tolist() == [0.2]
