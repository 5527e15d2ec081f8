"""Tests for researchlib.keyness: G-squared, Log Ratio, references, collocations."""

from __future__ import annotations

import math
import re as _re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

from researchlib.exceptions import ParameterError, SchemaError
from researchlib.frames import lookup_frames
from researchlib.keyness import (
    ENGLISH_STOPWORDS,
    KEYNESS_COLUMNS,
    compute_keyness,
    find_collocations,
)
from researchlib.lexicon import Lexicon
from researchlib.sentences import split_sentences


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


def _g2(cells, expected) -> float:
    return 2 * sum(o * math.log(o / e) for o, e in zip(cells, expected, strict=True) if o > 0)


def test_g2_and_chi2_match_a_hand_computed_two_by_two(sentences):
    # "blood": a = 4 of Kim's c = 10 words, b = 1 of Putin's d = 10 words.
    # The table [[4, 1], [6, 9]] has margins 5, 15 (rows) and 10, 10 (columns), N = 20,
    # so every expectation is row * column / N: [[2.5, 2.5], [7.5, 7.5]].
    cells, expected = (4, 1, 6, 9), (2.5, 2.5, 7.5, 7.5)
    g2 = _g2(cells, expected)
    chi2 = 20 * (4 * 9 - 1 * 6) ** 2 / (5 * 15 * 10 * 10)  # N (ad - bc)^2 / margins = 2.4
    chi2_yates = 20 * (abs(4 * 9 - 1 * 6) - 20 / 2) ** 2 / (5 * 15 * 10 * 10)
    g2_yates = _g2((3.5, 1.5, 6.5, 8.5), expected)  # each count 0.5 nearer its expectation
    q = 1 + (20 / 5 + 20 / 15 - 1) * (20 / 10 + 20 / 10 - 1) / (6 * 20)  # Williams
    assert chi2 == pytest.approx(2.4)

    def row(**options):
        out = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1, **options)
        return out.set_index("term").loc["blood"]

    plain = row(correction="none")
    assert plain["G2"] == pytest.approx(g2)
    assert plain["chi2"] == pytest.approx(chi2)
    assert plain["p"] == pytest.approx(math.erfc(math.sqrt(g2 / 2)))
    assert plain["n_target"] == 4 and plain["n_reference"] == 1
    assert plain["total_target"] == 10 and plain["total_reference"] == 10
    assert plain["rate_target"] == pytest.approx(400.0)  # 4 per 10 words = 400 per 1,000
    assert plain["rate_reference"] == pytest.approx(100.0)
    assert plain["log_ratio"] == pytest.approx(math.log2((4 / 10) / (1 / 10)))
    assert plain["pct_diff"] == pytest.approx(300.0)  # (0.4 - 0.1) / 0.1
    assert plain["direction"] == "target" and plain["keyness"] == pytest.approx(g2)

    yates = row(correction="yates")
    assert yates["G2"] == pytest.approx(g2_yates) and yates["chi2"] == pytest.approx(chi2_yates)
    williams = row(correction="williams")
    assert williams["G2"] == pytest.approx(g2 / q) and williams["chi2"] == pytest.approx(chi2 / q)
    default = row()  # Williams for G2, Yates for chi-squared
    assert default["G2"] == pytest.approx(g2 / q) and default["chi2"] == pytest.approx(chi2_yates)
    assert default["p"] == pytest.approx(math.erfc(math.sqrt(g2 / q / 2)))

    by_chi2 = row(measure="chi2", correction="none")
    assert by_chi2["keyness"] == pytest.approx(chi2)
    assert by_chi2["p"] == pytest.approx(math.erfc(math.sqrt(chi2 / 2)))
    assert row(measure="log_ratio")["keyness"] == pytest.approx(2.0)
    assert row(measure="pct_diff")["keyness"] == pytest.approx(300.0)


def test_reference_terms_carry_a_negative_sign_and_zero_counts(sentences):
    out = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1, correction="none")
    war = out.set_index("term").loc["war"]  # 0 in Kim's 10 words, 1 in Putin's 10
    assert war["n_target"] == 0 and war["direction"] == "reference"
    assert war["log_ratio"] == pytest.approx(math.log2((0.5 / 10) / (1 / 10)))
    assert war["pct_diff"] == pytest.approx(-100.0)
    g2 = _g2((0, 1, 10, 9), (0.5, 0.5, 9.5, 9.5))
    assert war["G2"] == pytest.approx(g2)
    assert war["keyness"] == pytest.approx(-g2)
    # a term only in the target: %DIFF takes the missing reference count as 0.5
    ties = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1, measure="pct_diff")
    ties = ties.set_index("term").loc["ties"]
    assert ties["pct_diff"] == pytest.approx(100 * (1 / 10 - 0) / (0.5 / 10))


def test_williams_shrinks_rare_terms_most():
    # "rare" 3 times only in the target, "common" 300 vs 150: similar uncorrected G2.
    target = ["rare"] * 3 + ["common"] * 300 + ["filler"] * 9697
    reference = ["common"] * 150 + ["filler"] * 9850
    frame = pd.DataFrame({"text": [" ".join(target), " ".join(reference)], "g": [1, 2]})
    none = compute_keyness(frame, {"g": 1}, min_count=1, correction="none").set_index("term")
    williams = compute_keyness(frame, {"g": 1}, min_count=1).set_index("term")
    shrink = williams["G2"] / none["G2"]
    assert shrink["rare"] < shrink["common"] < 1.0
    assert williams.attrs["correction"] == "williams"


def test_p_value_of_critical_g2_is_five_percent():
    assert math.erfc(math.sqrt(3.84 / 2)) == pytest.approx(0.05, abs=0.001)
    words_t = ["alpha"] * 20 + ["filler"] * 980
    words_r = ["alpha"] * 10 + ["filler"] * 990
    frame = pd.DataFrame({"text": [" ".join(words_t), " ".join(words_r)], "g": [1, 2]})
    out = compute_keyness(frame, {"g": 1}, min_count=1, correction="none").set_index("term")
    g2 = _g2((20, 10, 980, 990), (15, 15, 985, 985))
    assert out.loc["alpha", "G2"] == pytest.approx(g2)
    assert out.loc["alpha", "p"] == pytest.approx(math.erfc(math.sqrt(g2 / 2)))
    assert (g2 > 3.84) == (out.loc["alpha", "p"] < 0.05)


def _holm(p: list[float]) -> list[float]:
    order = sorted(range(len(p)), key=lambda i: p[i])
    out, running = [0.0] * len(p), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p) - rank) * p[i]))
        out[i] = running
    return out


def _bh(p: list[float]) -> list[float]:
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out, running = [0.0] * m, 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p[i] * m / rank)
        out[i] = running
    return out


@pytest.mark.parametrize(("method", "reference"), [("holm", _holm), ("bh", _bh)])
def test_p_adjusted_over_every_term(sentences, method, reference):
    out = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1, p_adjust=method)
    assert out["p_adjusted"].tolist() == pytest.approx(reference(out["p"].tolist()))
    assert (out["p_adjusted"] >= out["p"]).all()
    assert set(out["p_adjust"]) == {method} and out.attrs["p_adjust"] == method
    none = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1, p_adjust=None)
    assert (none["p_adjusted"] == none["p"]).all() and set(none["p_adjust"]) == {"none"}


def test_output_columns_sorting_and_types(sentences):
    out = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1)
    assert list(out.columns) == KEYNESS_COLUMNS
    is_target = (out["direction"] == "target").to_numpy()
    n = int(is_target.sum())
    assert is_target[:n].all() and not is_target[n:].any()  # target terms first
    assert (out["keyness"][:n] > 0).all() and (out["keyness"][n:] <= 0).all()
    assert out["keyness"][:n].is_monotonic_decreasing  # most key first on each side
    assert out["keyness"][n:].is_monotonic_increasing
    ties = out.groupby(["direction", "keyness"], sort=False)["term"].apply(list)
    assert all(terms == sorted(terms) for terms in ties)
    assert ((out["p"] >= 0) & (out["p"] <= 1)).all()
    assert out["n_target"].dtype == np.int64
    assert out.index.equals(pd.RangeIndex(len(out)))
    assert out.attrs == {
        "measure": "G2",
        "correction": "williams",
        "p_adjust": "holm",
        "ngram": 1,
        "total_target": 10,
        "total_reference": 10,
    }


def test_min_count_filters_over_both_corpora(sentences):
    out = compute_keyness(sentences, {"speaker": "Kim"}, min_count=3)
    assert (out["n_target"] + out["n_reference"] >= 3).all()
    assert list(out["term"]) == ["blood"]  # "and" has 2, everything else 1
    none = compute_keyness(sentences, {"speaker": "Kim"}, min_count=99)
    assert none.empty and list(none.columns) == KEYNESS_COLUMNS


@pytest.mark.parametrize("measure", ["G2", "chi2", "log_ratio", "pct_diff"])
def test_top_keeps_the_terms_most_key_to_the_target(sentences, measure):
    full = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1, measure=measure)
    n_target = int((full["direction"] == "target").sum())
    assert 3 < n_target < len(full)
    top = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1, measure=measure, top=3)
    pd.testing.assert_frame_equal(top, full.head(3))
    assert (top["direction"] == "target").all()
    expected = full.loc[full["direction"] == "target", "keyness"].nlargest(3)
    assert top["keyness"].tolist() == expected.tolist()
    # more than there are target terms: only target terms, never the other side's
    many = compute_keyness(sentences, {"speaker": "Kim"}, min_count=1, measure=measure, top=99)
    assert len(many) == n_target and (many["direction"] == "target").all()


def test_boolean_mask_equals_mapping_and_input_not_mutated(sentences):
    before = sentences.copy()
    by_map = compute_keyness(sentences, {"speaker": ["Kim"]}, min_count=1)
    by_mask = compute_keyness(sentences, sentences["speaker"] == "Kim", min_count=1)
    by_array = compute_keyness(sentences, (sentences["speaker"] == "Kim").to_numpy(), min_count=1)
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
    assert row["total_reference"] == 1000
    # [[4, 2], [6, 998]], N = 1010: expectations row * column / N
    expected = (10 * 6 / 1010, 1000 * 6 / 1010, 10 * 1004 / 1010, 1000 * 1004 / 1010)
    plain = compute_keyness(
        sentences, {"speaker": "Kim"}, reference=ref, min_count=1, correction="none"
    )
    assert plain.set_index("term").loc["blood", "G2"] == pytest.approx(
        _g2((4, 2, 6, 998), expected)
    )
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


# ---------------------------------------------------------------------------
# multi-word key terms and option errors


def test_bigrams_and_trigrams_stay_inside_rows_and_plain_gaps():
    frame = pd.DataFrame(
        {
            "text": [
                "Shared blood ties. Shared blood, ties",  # ". " and ", " break a term
                "blood ties “shared blood”",  # quote marks do not
                "Ties shared",  # row ends never join: no "shared ties"
                "shared blood ties",
            ],
            "g": [1, 1, 2, 2],
        }
    )
    two = compute_keyness(frame, {"g": 1}, ngram=2, min_count=1).set_index("term")
    # target bigrams: shared blood, blood ties | shared blood | blood ties, ties shared,
    # shared blood -> 6 running bigrams; reference: ties shared, shared blood, blood ties -> 3
    assert two["total_target"].iloc[0] == 6 and two["total_reference"].iloc[0] == 3
    assert two.loc["shared blood", "n_target"] == 3
    assert two.loc["blood ties", "n_target"] == 2
    assert two.loc["ties shared", "n_target"] == 1
    assert two.loc["shared blood", "n_reference"] == 1
    assert two.loc["ties shared", "n_reference"] == 1
    assert "blood shared" not in two.index and "ties ties" not in two.index
    three = compute_keyness(frame, {"g": 1}, ngram=3, min_count=1).set_index("term")
    assert three.loc["shared blood ties", "n_target"] == 1
    assert three.loc["blood ties shared", "n_target"] == 1
    assert three.loc["ties shared blood", "n_target"] == 1
    assert three.loc["shared blood ties", "n_reference"] == 1
    assert three["total_target"].iloc[0] == 3 and three["total_reference"].iloc[0] == 1
    assert three.attrs["ngram"] == 3


def test_multi_word_terms_drop_stopwords_only_at_the_edges():
    frame = pd.DataFrame(
        {
            "text": [
                "the axis of evil",
                "axis of evil and the axis of evil",
                "peace and quiet now",
            ],
            "g": [1, 1, 2],
        }
    )
    out = compute_keyness(
        frame, {"g": 1}, reference={"g": 2}, ngram=3, min_count=1, stopwords="english"
    )
    assert out["term"].tolist() == ["axis of evil", "peace and quiet"]
    assert out["n_target"].tolist() == [3, 0]
    assert out["total_target"].iloc[0] == 2 + 6  # stopped terms still count in the totals


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"measure": "dice"}, r"measure='dice' is not allowed; use one of 'G2', 'chi2'"),
        ({"correction": "yates!"}, r"correction='yates!' is not allowed"),
        ({"p_adjust": "bonferroni"}, r"p_adjust='bonferroni' is not allowed; use one of 'holm'"),
        ({"ngram": 4}, r"ngram=4 is not allowed; use 1, 2 or 3"),
        ({"ngram": True}, r"ngram=True is not allowed"),
        ({"top": -1}, r"top must be None or a non-negative integer, got -1"),
    ],
)
def test_option_errors_name_the_argument_and_the_allowed_values(sentences, options, message):
    with pytest.raises(ParameterError, match=message):
        compute_keyness(sentences, {"speaker": "Kim"}, **options)


def test_no_bigrams_on_a_side_is_an_error():
    frame = pd.DataFrame({"text": ["blood", "shared blood ties"], "g": [1, 2]})
    with pytest.raises(ParameterError, match="holding no 2-word terms"):
        compute_keyness(frame, {"g": 1}, ngram=2, min_count=1)


# ---------------------------------------------------------------------------
# collocations: equal to NLTK's finder, and the hits they are given


def _nltk_collocations(texts, window, min_count, measure, node=None) -> pd.DataFrame:
    """NLTK's windowed bigram finder over one padded word stream per text."""
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    words: list = []
    for text in texts:
        text = text.lower().replace("’", "'")  # one apostrophe, as everywhere
        words += _re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", text.lower()) + [None] * window
    finder = BigramCollocationFinder.from_words(words, window_size=window + 1)
    finder.apply_freq_filter(min_count)
    if node is not None:
        finder.apply_ngram_filter(lambda w1, w2: node not in (w1, w2))
    score_fn = getattr(BigramAssocMeasures, measure)
    rows = [
        (w1, w2, finder.ngram_fd[(w1, w2)], score)
        for (w1, w2), score in finder.score_ngrams(score_fn)
    ]
    return pd.DataFrame(rows, columns=["w1", "w2", "count", "score"])


@pytest.fixture(scope="module")
def random_sentences() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    vocab = np.array(["blood", "shared", "ties", "war", "the", "of", "people", "peace", "and"])
    weights = np.linspace(1, 3, len(vocab))
    weights /= weights.sum()
    texts = [" ".join(rng.choice(vocab, size=rng.integers(1, 15), p=weights)) for _ in range(400)]
    return pd.DataFrame({"text": texts})


@pytest.mark.parametrize(
    ("measure", "nltk_name"),
    [
        ("llr", "likelihood_ratio"),
        ("pmi", "pmi"),
        ("chi_sq", "chi_sq"),
        ("student_t", "student_t"),
        ("dice", "dice"),
        ("jaccard", "jaccard"),
        ("phi_sq", "phi_sq"),
        ("poisson_stirling", "poisson_stirling"),
        ("mi_like", "mi_like"),
        ("raw_freq", "raw_freq"),
    ],
)
@pytest.mark.parametrize(("window", "node"), [(1, None), (5, None), (3, "blood")])
def test_collocations_equal_nltk_finder(random_sentences, measure, nltk_name, window, node):
    texts = random_sentences["text"].tolist()
    expected = _nltk_collocations(texts, window, 2, nltk_name, node)
    got = find_collocations(
        random_sentences, node, window=window, min_count=2, measure=measure, top=None
    )
    assert len(expected) > 10
    key = ["w1", "w2"]
    expected = expected.sort_values(key).reset_index(drop=True)
    got = got.sort_values(key).reset_index(drop=True)
    assert got[key].equals(expected[key])
    assert got["count"].tolist() == expected["count"].tolist()
    assert got["score"].to_numpy() == pytest.approx(expected["score"].to_numpy(), rel=1e-9)


def test_collocations_on_kcna_sentences_equal_nltk():
    path = shared_path("corpora", "kcna", "kcna_stories_2012.csv")
    stories = pd.read_csv(path, nrows=300)
    stories = stories[stories["language"].eq("en") & stories["story"].notna()]
    documents = pd.DataFrame(
        {"doc_id": [str(i) for i in stories.index], "text": stories["story"], "speaker": "KCNA"}
    )
    sentences = split_sentences(documents)
    expected = _nltk_collocations(sentences["text"].tolist(), 5, 3, "likelihood_ratio")
    got = find_collocations(sentences, top=None)
    assert len(expected) > 1000
    merged = got.merge(expected, on=["w1", "w2"], suffixes=("", "_nltk"))
    assert len(merged) == len(expected) == len(got)
    assert merged["score"].to_numpy() == pytest.approx(merged["score_nltk"].to_numpy(), rel=1e-9)


@pytest.fixture
def kin_sentences() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["d", "d", "d"],
            "sent_id": [0, 1, 2],
            "start": [0, 20, 41],
            "text": ["Shared blood binds.", "Sharing blood binds.", "Fraternal ties bind."],
            "speaker": ["Kim", "Kim", "Kim"],
        }
    )


def test_collocations_use_the_hits_they_are_given(kin_sentences):
    lex = Lexicon("demo", {"kinship": ["share blood"], "kinship.brotherhood": ["fratern*"]})
    frames = lookup_frames(kin_sentences, lex)
    looked_up = find_collocations(
        kin_sentences, category="kinship", lexicon=lex, window=1, min_count=1, top=None
    )
    given = find_collocations(
        kin_sentences, category="kinship", frames=frames, window=1, min_count=1, top=None
    )
    pd.testing.assert_frame_equal(looked_up, given)
    # only the hits in frames count: drop the "Fraternal" hit and its pair goes
    fewer = frames[frames["category"] == "kinship"]
    out = find_collocations(
        kin_sentences, category="kinship", frames=fewer, window=1, min_count=1, top=None
    )
    assert dict(zip(zip(out["w1"], out["w2"]), out["count"])) == {("[kinship]", "binds"): 2}
    with pytest.raises(ParameterError, match=r"category='war' has no hit in frames"):
        find_collocations(kin_sentences, category="war", frames=frames)
    with pytest.raises(SchemaError, match="frames"):
        find_collocations(kin_sentences, category="kinship", frames=frames.drop(columns="end"))


def test_collocations_never_split_documents_again(kin_sentences):
    lex = Lexicon("demo", {"kinship": ["share blood"]})
    documents = pd.DataFrame({"doc_id": ["d"], "text": ["Shared blood binds."]})
    with pytest.raises(SchemaError, match="sent_id"):
        find_collocations(documents, category="kinship", lexicon=lex)
    with pytest.raises(ParameterError, match="category goes with frames or lexicon"):
        find_collocations(kin_sentences, frames=lookup_frames(kin_sentences, lex))


@pytest.mark.parametrize("ngram", [2, 3])
def test_ngram_counts_equal_a_plain_counter(ngram):
    rng = np.random.default_rng(11)
    vocab = ["blood", "Shared", "ties", "war", "the", "of", "people’s", "peace", "and"]
    gaps = [" ", " ", " ", "  ", ", ", ". ", ' "', "\n", " — "]
    texts = []
    for _ in range(300):
        n = int(rng.integers(1, 25))
        words = rng.choice(vocab, size=n)
        between = rng.choice(gaps, size=n)
        texts.append("".join(w + g for w, g in zip(words, between, strict=True)).strip())
    frame = pd.DataFrame({"text": texts, "g": rng.integers(0, 2, size=len(texts))})
    expected: dict[int, Counter] = {0: Counter(), 1: Counter()}
    for text, group in zip(frame["text"], frame["g"], strict=True):
        # a term's words are separated by white space and quote marks only
        for run in _re.split(r"[^\w\s\"“”'’]+", text.lower()):
            words = [w.replace("’", "'") for w in _re.findall(r"\w+(?:['’]\w+)*", run)]
            for i in range(len(words) - ngram + 1):
                expected[group][" ".join(words[i : i + ngram])] += 1
    out = compute_keyness(
        frame, frame["g"] == 1, ngram=ngram, min_count=1, p_adjust=None
    ).set_index("term")
    assert dict(out["n_target"][out["n_target"] > 0]) == dict(expected[1])
    assert dict(out["n_reference"][out["n_reference"] > 0]) == dict(expected[0])
    assert out["total_target"].iloc[0] == sum(expected[1].values())
    assert out["total_reference"].iloc[0] == sum(expected[0].values())
