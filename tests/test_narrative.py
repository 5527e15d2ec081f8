"""describe: a markdown narrative built from the numbers, with every data value escaped."""

from __future__ import annotations

from collections import namedtuple

import pandas as pd
import pytest

from researchlib.exceptions import ParameterError, SchemaError
from researchlib.narrative import describe, escape_markdown

Tables = namedtuple("Tables", ["documents", "sentences", "quotes", "frames"])

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(2))"


def make_tables(speaker_a: str = "Idris Valko", speaker_b: str = "Maren Solvik") -> Tables:
    documents = pd.DataFrame(
        {
            "doc_id": ["d1", "d2"],
            "date": pd.to_datetime(["2021-01-01", "2024-08-16"]),
            "title": ["Letter", "News"],
        }
    )
    speakers = [speaker_a] * 5 + [speaker_b] * 3 + ["narrator"] * 2
    sentences = pd.DataFrame(
        {
            "doc_id": ["d1"] * 5 + ["d2"] * 5,
            "sent_id": [0, 1, 2, 3, 4, 0, 1, 2, 3, 4],
            "speaker": speakers,
            "n_words": [10] * 10,
            "compound": [0.5, 0.7, 0.6, 0.4, 0.3, -0.6, -0.2, -0.4, 0.0, 0.1],
            "text": ["x"] * 10,
        }
    )
    quotes = pd.DataFrame(
        {"doc_id": ["d2", "d2", "d2"], "quote_id": [0, 1, 2], "speaker": [speaker_a, speaker_b, speaker_b]}
    )
    frames = pd.DataFrame(
        {
            "doc_id": ["d1"] * 4 + ["d2"],
            "sent_id": [0, 1, 2, 3, 0],
            "category": ["kinship", "kinship", "kinship", "war", "goodwill"],
            "speaker": [speaker_a] * 4 + [speaker_b],
            "lexicon": ["default"] * 5,
        }
    )
    return Tables(documents, sentences, quotes, frames)


def test_corpus_speakers_frames_and_tone_from_the_tables():
    text = describe(make_tables(), title="Report", min_sentences=3)
    assert text.startswith("## Report\n")
    assert "2 documents dated 2021-01-01 to 2024-08-16" in text
    assert "10 sentences; 3 quotations; 5 frame hits" in text
    assert "Idris Valko speaks most (5 sentences, 1 quotation)" in text
    assert "followed by Maren Solvik (3 sentences, 2 quotations)" in text
    assert "2 of 10 sentences (20%) are narration" in text
    # 3 kinship hits in 100 words -> 30 per 1,000; war and goodwill 10 each
    assert "*kinship* (30.00 per 1,000 words, 3 hits)" in text
    assert text.index("*kinship*") < text.index("*goodwill*") < text.index("*war*")
    assert "most positive speaker is Idris Valko (mean VADER compound +0.50 over 5 sentences)" in text
    assert "most negative is Maren Solvik (mean VADER compound -0.40 over 3 sentences)" in text
    assert "r = 0.49" in text


def test_rates_pooled_over_groups():
    rates = pd.DataFrame(
        {
            "speaker": ["A", "A", "B", "B"],
            "lexicon": ["default"] * 4,
            "category": ["kinship", "war", "kinship", "war"],
            "n": [4, 1, 0, 5],
            "n_words": [100, 100, 400, 400],
            "per_1000": [40.0, 10.0, 0.0, 12.5],
        }
    )
    text = describe(make_tables(), rates=rates, top=2)
    # pooled: war 6 / 500 words = 12.00, kinship 4 / 500 = 8.00
    assert "*war* (12.00 per 1,000 words, 6 hits) and *kinship* (8.00 per 1,000 words, 4 hits)" in text


def test_sentiment_table_and_min_sentences():
    sentiment = pd.DataFrame(
        {"speaker": ["A", "B", "C", "narrator"], "mean_compound": [0.2, -0.3, 0.9, 0.95], "n": [10, 4, 1, 50]}
    )
    text = describe(make_tables(), sentiment=sentiment, min_sentences=3)
    assert "most positive speaker is A (mean VADER compound +0.20 over 10 sentences)" in text
    assert "most negative is B (mean VADER compound -0.30 over 4 sentences)" in text
    assert " C (" not in text and "narrator (mean" not in text


def test_keyness_names_significant_target_terms():
    keyness = pd.DataFrame(
        {
            "term": ["blood", "peace", "trench", "the"],
            "G2": [20.0, 15.0, 8.0, 1.0],
            "p": [0.0001, 0.0002, 0.004, 0.3],
            "direction": ["target", "reference", "target", "target"],
        }
    )
    text = describe(make_tables(), keyness=keyness)
    assert "over-uses “blood” (G² = 20.0) and “trench” (G² = 8.0)." in text
    assert "peace" not in text and "“the”" not in text


def test_no_sentiment_without_scores():
    tables = make_tables()
    tables = tables._replace(sentences=tables.sentences.drop(columns=["compound"]))
    text = describe(tables)
    assert "**Tone.**" not in text and "**Frames.**" in text


def test_empty_selection():
    tables = make_tables()
    empty = Tables(*(t.iloc[0:0] for t in tables))
    assert "holds no documents" in describe(empty)


def test_hostile_names_are_escaped_everywhere():
    mistune = pytest.importorskip("mistune")
    tables = make_tables(speaker_a=HOSTILE, speaker_b="[click](javascript:evil())")
    frames = tables.frames.assign(category=["<img src=x onerror=alert(3)>"] * 5)
    keyness = pd.DataFrame(
        {"term": ["<b>bold</b>"], "G2": [9.0], "p": [0.001], "direction": ["target"]}
    )
    text = describe(tables._replace(frames=frames), keyness=keyness, title="<h1>[t](javascript:x)</h1>")
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text
    rendered = mistune.html(text)
    assert "<script" not in rendered and "<img" not in rendered
    assert "<a " not in rendered and "href" not in rendered and "<h1" not in rendered


def test_escape_markdown_renders_as_plain_text():
    mistune = pytest.importorskip("mistune")
    for value in [HOSTILE, "**bold** _it_ `code` # h | t |", "a\n\n# heading", "Dr. O'Neil & Co."]:
        rendered = mistune.html(escape_markdown(value)).strip()
        assert rendered.startswith("<p>") and rendered.endswith("</p>")
        for tag in ("<a ", "<script", "<strong", "<em", "<code", "<h1", "<table"):
            assert tag not in rendered
    assert mistune.html(escape_markdown("Dr. O'Neil & Co.")).strip() == "<p>Dr. O'Neil &amp; Co.</p>"


@pytest.mark.parametrize("kwargs", [{"top": 0}, {"min_sentences": -1}, {"top": "3"}])
def test_bad_options(kwargs):
    with pytest.raises(ParameterError, match=next(iter(kwargs))):
        describe(make_tables(), **kwargs)


def test_sentiment_without_mean_column():
    with pytest.raises(SchemaError, match="mean compound"):
        describe(make_tables(), sentiment=pd.DataFrame({"speaker": ["A"], "score": [0.1]}))


def test_rates_missing_columns():
    with pytest.raises(SchemaError, match="n_words"):
        describe(make_tables(), rates=pd.DataFrame({"category": ["k"], "n": [1]}))


def test_single_speaker_and_singular_counts():
    tables = make_tables()
    one = Tables(
        tables.documents.iloc[:1],
        tables.sentences.iloc[:5],
        tables.quotes.iloc[:1],
        tables.frames.iloc[:1],
    )
    text = describe(one, min_sentences=1)
    assert "1 document dated 2021-01-01; 5 sentences; 1 quotation; 1 frame hit." in text
    assert "Idris Valko is the only named speaker (5 sentences, 1 quotation)." in text
    assert "Only one speaker to compare: Idris Valko" in text


def test_no_tone_sentence_rests_on_a_handful_of_sentences():
    """KCNA's 'most positive speaker' came from 4 sentences; the default needs 10."""
    text = describe(make_tables())
    assert "**Tone.** No speaker has 10 or more scored sentences" in text


def test_describe_comparison_never_calls_an_interval_through_zero_a_difference():
    from researchlib.narrative import describe_comparison

    comparison = pd.DataFrame({
        "category": ["kinship", "war", "hostility"], "a": "Kim", "b": "Putin",
        "rate_a": [3.1, 1.0, 0.4], "rate_b": [0.9, 1.2, 0.3],
        "ci_low": [1.2, -0.9, -0.5], "ci_high": [3.0, 0.5, 0.6],
        "p_adjusted": [0.003, 0.4, 0.04], "correction": "holm",
        # hostility: p below 0.05 but an interval through zero, so not distinguishable
        "distinguishable": [True, False, False],
    })
    text = describe_comparison(comparison)
    first, second = text.split("\n\n")
    assert first.startswith("**Differences.** Beyond chance: kinship: Kim more (3.10 vs 0.90")
    assert "holm-adjusted for 3 categories" in first
    assert "war" not in first and "hostility" not in first
    assert second.startswith("**Not distinguishable from chance** (2): hostility, war.")
    none = describe_comparison(comparison.assign(distinguishable=False))
    assert none.startswith("**Differences.** No frame category differs between Kim and Putin")
    with pytest.raises(SchemaError, match="distinguishable"):
        describe_comparison(comparison.drop(columns="distinguishable"))
