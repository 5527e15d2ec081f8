"""Sentiment by voice: aggregate_sentiment(..., quotes=) scores the voice segments of sentences.

Examples are written for this file (invented people).
"""

from __future__ import annotations

import pandas as pd
import pytest

from researchlib.quotes import extract_quotes
from researchlib.sentences import split_sentences
from researchlib.sentiment import aggregate_sentiment
from researchlib.voices import voice_segments, voice_words

DOCS = pd.DataFrame({
    "doc_id": ["d1", "d2"],
    "speaker": [None, None],
    "text": [
        'Ada Brook called the deal "a wonderful, happy partnership" in a dull and gloomy speech. '
        '"We are proud," Ada Brook said.',
        'Tom Reed called the plan "a terrible, ugly disaster." The weather was "fine" today.',
    ],
})


@pytest.fixture(scope="module")
def tables():
    quotes = extract_quotes(DOCS)
    return split_sentences(DOCS, quotes=quotes), quotes


def test_a_fragment_quoted_in_narration_is_its_speakers_segment(tables):
    sentences, quotes = tables
    seg = voice_segments(sentences, quotes)
    first = seg.loc[seg["doc_id"] == "d1"]
    assert first["text"].iloc[0] == "a wonderful, happy partnership"
    assert first["speaker"].iloc[0] == "Ada Brook"
    # the rest of that sentence is the narrator's, without the quotation
    assert first["speaker"].iloc[1] == "narrator"
    assert "wonderful" not in first["text"].iloc[1] and "gloomy" in first["text"].iloc[1]


def test_a_scare_quote_stays_with_the_documents_voice(tables):
    sentences, quotes = tables
    seg = voice_segments(sentences, quotes)
    weather = seg.loc[seg["text"].str.contains("weather")]
    assert weather["speaker"].tolist() == ["narrator"]
    assert "fine" in weather["text"].iloc[0]


def test_segments_hold_the_same_words_per_voice_as_voice_words(tables):
    sentences, quotes = tables
    seg = voice_segments(sentences, quotes)
    seg_words = seg.assign(n=seg["text"].str.findall(r"\w+").str.len()).groupby(
        ["doc_id", "speaker"])["n"].sum()
    words = voice_words(sentences, quotes).set_index(["doc_id", "speaker"])["n_words"]
    for key, n in words.items():
        assert seg_words.get(key, 0) == pytest.approx(n, abs=2), key


def test_sentiment_by_speaker_scores_the_quoted_fragment_as_the_speakers(tables):
    sentences, quotes = tables
    by_voice = aggregate_sentiment(sentences, by="speaker", quotes=quotes, ci=None)
    row = by_voice.set_index("speaker")
    assert row.loc["Ada Brook", "n"] == 2 and row.loc["Ada Brook", "mean"] > 0.5
    assert row.loc["Tom Reed", "mean"] < -0.5
    # per sentence, the narration holding Ada Brook's fragment was not hers at all
    per_sentence = aggregate_sentiment(sentences, by="speaker", ci=None)
    assert "Ada Brook" not in set(per_sentence["speaker"])


def test_sentiment_by_voice_keeps_the_interval_and_does_not_mutate(tables):
    sentences, quotes = tables
    before = sentences.copy()
    out = aggregate_sentiment(sentences, by="speaker", quotes=quotes, n_boot=50)
    assert {"ci_low", "ci_high"} <= set(out.columns)
    pd.testing.assert_frame_equal(sentences, before)


def test_sentences_without_offsets_raise_a_schema_error(tables):
    from researchlib.exceptions import SchemaError

    sentences, quotes = tables
    with pytest.raises(SchemaError, match="start"):
        aggregate_sentiment(sentences.drop(columns=["start"]), quotes=quotes, ci=None)
