"""Tests for researchlib.keyness: G-squared, Log Ratio, references, collocations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from researchlib.exceptions import ParameterError, SchemaError
from researchlib.keyness import (
    ENGLISH_STOPWORDS,
    KEYNESS_COLUMNS,
    compute_keyness,
    find_collocations,
)


@pytest.fixture
def sentences() -> pd.DataFrame:
    # Kim: 10 words, 4 of them "blood"; Putin: 10 words, 1 "blood".
    return pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "sent_id": [0, 1, 0, 1],
            "text": [
                "Blood, blood and blood ties.",  # 5 words
                "Shared blood with our allies.",  # 5 words
                "The war is long and hard.",  # 6 words
                "Blood was shed there.",  # 4 words
            ],
            "speaker": ["Kim", "Kim", "Putin", "Putin"],
        }
    )


def test_g2_matches_hand_computed_two_by_two(sentences):
    out = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1)
    row = out.set_index("term").loc["blood"]
    # Observed: a = 4 "blood" in 10 target words, b = 1 in 10 reference words.
    a, b, c, d = 4, 1, 10, 10
    e1 = c * (a + b) / (c + d)  # 10 * 5 / 20 = 2.5
    e2 = d * (a + b) / (c + d)  # 2.5
    g2 = 2 * (a * math.log(a / e1) + b * math.log(b / e2))  # 2 * (4 ln 1.6 + ln 0.4)
    assert e1 == 2.5 and e2 == 2.5
    assert row["G2"] == pytest.approx(g2)
    assert row["G2"] == pytest.approx(2 * (4 * math.log(1.6) + math.log(0.4)))
    assert row["n_target"] == 4 and row["n_reference"] == 1
    assert row["rate_target"] == pytest.approx(400.0)  # 4 per 10 words = 400 per 1,000
    assert row["rate_reference"] == pytest.approx(100.0)
    assert row["log_ratio"] == pytest.approx(math.log2((4 / 10) / (1 / 10)))
    assert row["direction"] == "target"
    assert row["p"] == pytest.approx(math.erfc(math.sqrt(g2 / 2)))


def test_zero_count_uses_half_in_log_ratio_and_zero_log_term(sentences):
    out = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1).set_index("term")
    war = out.loc["war"]  # 0 in Kim's 10 words, 1 in Putin's 10
    assert war["n_target"] == 0 and war["direction"] == "reference"
    assert war["log_ratio"] == pytest.approx(math.log2((0.5 / 10) / (1 / 10)))
    e2 = 10 * 1 / 20
    assert war["G2"] == pytest.approx(2 * (1 * math.log(1 / e2)))


def test_p_value_of_critical_g2_is_five_percent():
    # a = 20 in 1000 words vs b = 10 in 1000 words: G2 = 2 (20 ln(20/15) + 10 ln(10/15)).
    words_t = ["alpha"] * 20 + ["filler"] * 980
    words_r = ["alpha"] * 10 + ["filler"] * 990
    frame = pd.DataFrame({"text": [" ".join(words_t), " ".join(words_r)], "g": [1, 2]})
    out = compute_keyness(frame, {"g": 1}, min_count=1).set_index("term")
    g2 = 2 * (20 * math.log(20 / 15) + 10 * math.log(10 / 15))
    assert out.loc["alpha", "G2"] == pytest.approx(g2)
    assert out.loc["alpha", "p"] == pytest.approx(math.erfc(math.sqrt(g2 / 2)))
    # The chi-square(1) critical value 3.84 gives p close to 0.05.
    assert math.erfc(math.sqrt(3.84 / 2)) == pytest.approx(0.05, abs=0.001)
    near = out.loc["alpha"]
    assert (near["G2"] > 3.84) == (near["p"] < 0.05)


def test_output_columns_sorting_and_types(sentences):
    out = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1)
    assert list(out.columns) == KEYNESS_COLUMNS
    assert out["G2"].is_monotonic_decreasing
    ties = out.groupby("G2", sort=False)["term"].apply(list)
    assert all(terms == sorted(terms) for terms in ties)
    assert set(out["direction"]) <= {"target", "reference"}
    assert ((out["p"] >= 0) & (out["p"] <= 1)).all()
    assert out["n_target"].dtype == np.int64
    assert out.index.equals(pd.RangeIndex(len(out)))


def test_min_count_filters_over_both_corpora(sentences):
    out = compute_keyness(sentences, {"speaker": "Kim"}, min_count=3)
    assert (out["n_target"] + out["n_reference"] >= 3).all()
    assert list(out["term"]) == ["blood"]  # "and" has 2, everything else 1
    none = compute_keyness(sentences, {"speaker": "Kim"}, min_count=99)
    assert none.empty and list(none.columns) == KEYNESS_COLUMNS


def test_top_keeps_first_rows(sentences):
    full = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1)
    top = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1, top=3)
    pd.testing.assert_frame_equal(top, full.head(3))


def test_boolean_mask_equals_mapping_and_input_not_mutated(sentences):
    before = sentences.copy()
    by_map = compute_keyness(sentences, {"speaker": ["Kim"]}, min_count=1)
    by_mask = compute_keyness(sentences, sentences["speaker"] == "Kim", min_count=1)
    by_array = compute_keyness(
        sentences, (sentences["speaker"] == "Kim").to_numpy(), min_count=1
    )
    pd.testing.assert_frame_equal(by_map, by_mask)
    pd.testing.assert_frame_equal(by_map, by_array)
    pd.testing.assert_frame_equal(sentences, before)


def test_reference_mask_selects_other_group(sentences):
    extra = pd.concat(
        [sentences, pd.DataFrame({"text": ["war war war war"], "speaker": ["Xi"]})],
        ignore_index=True,
    )
    rest = compute_keyness(extra, {"speaker": "Kim"}, min_count=1).set_index("term")
    vs_putin = compute_keyness(
        extra, {"speaker": "Kim"}, reference={"speaker": "Putin"}, min_count=1
    ).set_index("term")
    assert rest.loc["war", "n_reference"] == 5
    assert vs_putin.loc["war", "n_reference"] == 1


def test_external_frequency_list_series_and_frame(sentences):
    ref = pd.Series({"Blood": 2, "war": 50, "the": 900, "peace": 48})  # 1,000 words
    out = compute_keyness(sentences, {"speaker": "Kim"}, reference=ref, min_count=1)
    row = out.set_index("term").loc["blood"]
    assert row["n_reference"] == 2
    assert row["rate_reference"] == pytest.approx(2.0)
    e1 = 10 * 6 / 1010
    e2 = 1000 * 6 / 1010
    assert row["G2"] == pytest.approx(2 * (4 * math.log(4 / e1) + 2 * math.log(2 / e2)))
    assert "peace" in set(out["term"])  # reference-only terms are kept
    frame_ref = pd.DataFrame({"term": list(ref.index), "count": list(ref.to_numpy())})
    out2 = compute_keyness(sentences, {"speaker": "Kim"}, reference=frame_ref, min_count=1)
    pd.testing.assert_frame_equal(out, out2)


def test_stopwords_drop_terms_but_keep_totals(sentences):
    out = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1, stopwords="english")
    assert not set(out["term"]) & ENGLISH_STOPWORDS
    row = out.set_index("term").loc["blood"]
    assert row["rate_target"] == pytest.approx(400.0)
    custom = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1, stopwords=["blood"])
    assert "blood" not in set(custom["term"])


def test_errors(sentences):
    with pytest.raises(SchemaError, match="text"):
        compute_keyness(sentences.drop(columns="text"), {"speaker": "Kim"})
    with pytest.raises(SchemaError, match="country"):
        compute_keyness(sentences, {"country": "KP"})
    with pytest.raises(ParameterError, match="share 2 row"):
        compute_keyness(sentences, {"speaker": "Kim"}, reference=sentences["doc_id"] == "a")
    with pytest.raises(ParameterError, match="no words"):
        compute_keyness(sentences, {"speaker": "Nobody"})
    with pytest.raises(ParameterError, match="length"):
        compute_keyness(sentences, [True, False])
    with pytest.raises(ParameterError, match="index"):
        compute_keyness(sentences, pd.Series([True], index=[7]))
    with pytest.raises(ParameterError, match="min_count"):
        compute_keyness(sentences, {"speaker": "Kim"}, min_count=-1)
    with pytest.raises(ParameterError, match="stopwords"):
        compute_keyness(sentences, {"speaker": "Kim"}, stopwords="klingon")
    with pytest.raises(ParameterError, match="non-negative"):
        compute_keyness(sentences, {"speaker": "Kim"}, reference=pd.Series({"a": -1}))


# ---------------------------------------------------------------------------
# collocations

TINY = pd.DataFrame(
    {
        "text": [
            "Shared blood binds the two nations.",
            "Shared blood and shared trench.",
            "The nations share blood.",
            "Blood ties hold.",
        ]
    }
)


def test_collocations_adjacent_bigrams_counts():
    out = find_collocations(TINY, window=1, min_count=2, top=None)
    assert list(out.columns) == ["w1", "w2", "count", "score"]
    pairs = dict(zip(zip(out["w1"], out["w2"]), out["count"]))
    assert pairs == {("shared", "blood"): 2}


def test_collocations_do_not_cross_sentences():
    # "nations." ends sentence 0 and "shared" opens sentence 1: never a pair.
    out = find_collocations(TINY, window=3, min_count=1, top=None)
    pairs = set(zip(out["w1"], out["w2"]))
    assert ("nations", "shared") not in pairs
    assert ("blood", "ties") in pairs  # sentence 3 only
    assert ("hold", "shared") not in pairs


def test_collocations_for_term_and_window():
    out = find_collocations(TINY, "blood", window=2, min_count=1, top=None)
    assert len(out) > 0
    assert ((out["w1"] == "blood") | (out["w2"] == "blood")).all()
    pairs = dict(zip(zip(out["w1"], out["w2"]), out["count"]))
    assert pairs[("blood", "binds")] == 1
    assert pairs[("blood", "the")] == 1  # two words apart: inside window=2
    assert ("blood", "two") not in pairs  # three words apart
    assert out["score"].is_monotonic_decreasing


def test_collocation_score_is_nltk_likelihood_ratio():
    from nltk.collocations import BigramAssocMeasures

    out = find_collocations(TINY, window=1, min_count=1, top=None).set_index(["w1", "w2"])
    n_words = 18  # 6 + 5 + 4 + 3
    # shared: 3, blood: 4, (shared, blood): 2
    expected = BigramAssocMeasures.likelihood_ratio(2, (3, 4), n_words)
    assert out.loc[("shared", "blood"), "score"] == pytest.approx(expected)
    pmi = find_collocations(TINY, window=1, min_count=1, top=None, measure="pmi")
    row = pmi.set_index(["w1", "w2"]).loc[("shared", "blood")]
    assert row["score"] == pytest.approx(math.log2(2 * n_words / (3 * 4)))


def test_collocations_prefix_term_and_top():
    out = find_collocations(TINY, "shar*", window=1, min_count=1, top=2)
    assert len(out) == 2
    assert out.apply(lambda r: r.w1.startswith("shar") or r.w2.startswith("shar"), axis=1).all()


def test_collocations_errors():
    with pytest.raises(ParameterError, match="measure"):
        find_collocations(TINY, measure="magic")
    with pytest.raises(ParameterError, match="window"):
        find_collocations(TINY, window=0)
    with pytest.raises(ParameterError, match="lexicon"):
        find_collocations(TINY, category="kinship")
    with pytest.raises(SchemaError, match="text"):
        find_collocations(TINY.rename(columns={"text": "body"}))


def test_collocations_of_a_lexicon_category():
    from researchlib.lexicon import Lexicon

    sentences = pd.DataFrame(
        {
            "doc_id": ["d", "d", "d"],
            "sent_id": [0, 1, 2],
            "start": [0, 20, 40],
            "text": ["Shared blood binds.", "Sharing blood binds.", "Fraternal ties bind."],
            "speaker": ["Kim", "Kim", "Kim"],
        }
    )
    lex = Lexicon("demo", {"kinship": ["share blood"], "kinship.brotherhood": ["fratern*"]})
    out = find_collocations(
        sentences, category="kinship", lexicon=lex, window=1, min_count=1, top=None
    )
    pairs = dict(zip(zip(out["w1"], out["w2"]), out["count"]))
    # Both "shared blood" and "sharing blood" become one "[kinship]" token, as does "Fraternal".
    assert pairs == {("[kinship]", "binds"): 2, ("[kinship]", "ties"): 1}
    with pytest.raises(ParameterError, match="not in lexicon"):
        find_collocations(sentences, category="war", lexicon=lex)


def test_typographic_apostrophe_is_one_term():
    data = pd.DataFrame({"text": ["the people’s will", "the people's will"], "g": [1, 2]})
    out = compute_keyness(data, {"g": 1}, min_count=1).set_index("term")
    assert "people’s" not in out.index
    assert out.loc["people's", "n_target"] == 1 and out.loc["people's", "n_reference"] == 1
