"""Tests of researchlib.sentiment: NLTK equality, validity on VADER's ground truth, offline use."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

from researchlib.exceptions import ParameterError, SchemaError
from researchlib.sentiment import aggregate_sentiment, score_sentiment

DOMAINS = {
    # domain: (file stem, published r in Hutto & Gilbert 2014, band asserted on our measurement)
    "tweets": ("tweets", 0.88, (0.83, 0.93)),
    "nyt": ("nytEditorialSnippets", 0.49, (0.44, 0.55)),
    "movie": ("movieReviewSnippets", 0.45, (0.37, 0.50)),
    "amazon": ("amazonReviewSnippets", 0.61, (0.52, 0.66)),
}


def _ground_truth(stem: str) -> tuple[list[str], np.ndarray]:
    path = shared_path(
        "corpora", "vader_ground_truth", "hutto_ICWSM_2014", f"{stem}_GroundTruth.txt"
    )
    raw = path.read_bytes().decode("utf-8")
    rows = [line.split("\t", 2) for line in raw.split("\r\n") if line]
    assert all(len(r) == 3 for r in rows)
    return [r[2] for r in rows], np.array([float(r[1]) for r in rows])


@pytest.fixture(scope="module")
def nltk_analyzer():
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    from researchlib._resources import VADER_RESOURCE, nltk_data_dir

    nltk_data_dir()
    return SentimentIntensityAnalyzer(lexicon_file=VADER_RESOURCE)


@pytest.mark.parametrize("engine", ["fast", "nltk"])
@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_scores_equal_nltk_on_ground_truth(domain, engine, nltk_analyzer):
    texts, _ = _ground_truth(DOMAINS[domain][0])
    ours = score_sentiment(texts, implementation=engine)
    expected = pd.DataFrame([nltk_analyzer.polarity_scores(t) for t in texts])
    assert list(ours.columns) == ["neg", "neu", "pos", "compound"]
    assert len(ours) == len(texts)
    pd.testing.assert_frame_equal(ours, expected[["neg", "neu", "pos", "compound"]])


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_correlation_with_human_ratings(domain, capsys):
    stem, published, (low, high) = DOMAINS[domain]
    texts, human = _ground_truth(stem)
    r = float(np.corrcoef(score_sentiment(texts)["compound"], human)[0, 1])
    with capsys.disabled():
        print(f"\nVADER vs human ratings, {domain}: r = {r:.3f} (paper: {published})")
    assert low < r < high


def test_frame_input_is_copied_and_keeps_index():
    frame = pd.DataFrame(
        {"text": ["I love this.", "I hate this.", "I love this."], "speaker": list("abc")},
        index=[10, 20, 30],
    )
    before = frame.copy()
    out = score_sentiment(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(out.index) == [10, 20, 30]
    assert list(out.columns) == ["text", "speaker", "neg", "neu", "pos", "compound"]
    assert out["compound"].iloc[0] > 0.05 > -0.05 > out["compound"].iloc[1]
    assert out["compound"].iloc[0] == out["compound"].iloc[2]


def test_sequence_input_order_and_rangeindex():
    texts = ("Terrible, awful news.", "", "Great success!")
    out = score_sentiment(texts)
    assert isinstance(out.index, pd.RangeIndex) and len(out) == 3
    assert out["compound"].iloc[0] < 0 < out["compound"].iloc[2]
    assert out.iloc[1].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_unknown_engine_is_named():
    with pytest.raises(ParameterError, match="implementation='vader2'"):
        score_sentiment(["fine"], implementation="vader2")
    with pytest.warns(FutureWarning, match="engine= is deprecated"):  # the old name, one release
        old = score_sentiment(["fine"], engine="nltk")
    assert old.equals(score_sentiment(["fine"], implementation="nltk"))


def test_errors():
    with pytest.raises(ParameterError, match="single string"):
        score_sentiment("just one text")
    with pytest.raises(ParameterError, match=r"data\[1\]"):
        score_sentiment(["fine", None])
    with pytest.raises(SchemaError, match="text"):
        score_sentiment(pd.DataFrame({"body": ["x"]}))
    with pytest.raises(SchemaError, match="party"):
        aggregate_sentiment(pd.DataFrame({"compound": [0.1]}), by="party")
    with pytest.raises(ParameterError, match="by"):
        aggregate_sentiment(pd.DataFrame({"compound": [0.1]}), by=3)


def test_aggregate_against_hand_computation():
    sentences = pd.DataFrame(
        {
            "speaker": ["Kim", "Kim", "Kim", "Putin", "Putin"],
            "country": ["PRK", "PRK", "PRK", "RUS", "RUS"],
            "compound": [0.5, -0.2, 0.0, 0.05, -0.05],
        }
    )
    out = aggregate_sentiment(sentences, ci=None)
    assert list(out.columns) == [
        "speaker",
        "n",
        "mean",
        "std",
        "median",
        "q25",
        "q75",
        "share_positive",
        "share_negative",
    ]
    kim = out.set_index("speaker").loc["Kim"]
    assert kim["n"] == 3
    assert kim["mean"] == pytest.approx(0.1)
    assert kim["std"] == pytest.approx(np.std([0.5, -0.2, 0.0], ddof=1))
    assert kim["median"] == pytest.approx(0.0)
    assert kim["q25"] == pytest.approx(-0.1)
    assert kim["q75"] == pytest.approx(0.25)
    assert kim["share_positive"] == pytest.approx(1 / 3)
    assert kim["share_negative"] == pytest.approx(1 / 3)
    putin = out.set_index("speaker").loc["Putin"]
    assert putin["share_positive"] == 0.5 and putin["share_negative"] == 0.5
    two = aggregate_sentiment(sentences, by=["country", "speaker"], ci=None)
    assert list(two[["country", "speaker"]].itertuples(index=False, name=None)) == [
        ("PRK", "Kim"),
        ("RUS", "Putin"),
    ]


def test_aggregate_scores_text_when_compound_absent():
    sentences = pd.DataFrame({"doc_id": ["a", "a", "b"], "text": ["Good.", "Bad.", "Great!"]})
    out = aggregate_sentiment(sentences, by="doc_id")
    scored = score_sentiment(sentences)
    assert out.set_index("doc_id").loc["a", "mean"] == pytest.approx(
        scored["compound"].iloc[:2].mean()
    )
    assert "compound" not in sentences.columns


def test_works_with_sockets_blocked_in_a_fresh_interpreter(tmp_path):
    code = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network disabled by the test")

        socket.socket.connect = refuse
        socket.create_connection = refuse

        from researchlib.sentiment import score_sentiment
        out = score_sentiment(["What a wonderful, happy day!", "A horrible disaster."])
        print(out["compound"].round(4).tolist())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    expected = score_sentiment(["What a wonderful, happy day!", "A horrible disaster."])
    assert result.stdout.strip() == str(expected["compound"].round(4).tolist())


def _documents_of_sentences(n_docs, per_doc, seed):
    rng = np.random.default_rng(seed)
    doc_means = rng.normal(0.1, 0.3, n_docs)
    rows = [
        (f"d{d:03d}", "A" if d % 2 else "B", float(np.clip(rng.normal(doc_means[d], 0.2), -1, 1)))
        for d in range(n_docs)
        for _ in range(per_doc)
    ]
    return pd.DataFrame(rows, columns=["doc_id", "speaker", "compound"])


def test_aggregate_interval_resamples_documents():
    sentences = _documents_of_sentences(40, 30, seed=3)
    out = aggregate_sentiment(sentences).set_index("speaker")
    again = aggregate_sentiment(sentences).set_index("speaker")
    pd.testing.assert_frame_equal(out, again)  # same seed, same interval
    assert (out["ci_low"] < out["mean"]).all() and (out["mean"] < out["ci_high"]).all()
    # The documents differ far more than their sentences: an interval that took the 600
    # sentences of a group as independent would be about sqrt(30 * 0.3**2 / 0.2**2) ~ 5x
    # narrower than one over its 20 documents.
    width = out["ci_high"] - out["ci_low"]
    naive = 2 * 1.96 * out["std"] / np.sqrt(out["n"])
    assert (width > 2.5 * naive).all()
    other = aggregate_sentiment(sentences, seed=1).set_index("speaker")
    assert not np.allclose(other["ci_low"], out["ci_low"])
    one_doc = aggregate_sentiment(sentences, by="doc_id")
    assert one_doc["ci_low"].isna().all() and one_doc["mean"].notna().all()
    pd.testing.assert_frame_equal(
        aggregate_sentiment(sentences, ci=None), out.reset_index().drop(columns=["ci_low", "ci_high"])
    )


def test_aggregate_interval_errors():
    sentences = _documents_of_sentences(4, 2, seed=0)
    for bad in (0, 1, 1.5, -0.1, "95%", True):
        with pytest.raises(ParameterError, match="ci="):
            aggregate_sentiment(sentences, ci=bad)
    with pytest.raises(ParameterError, match="n_boot=0"):
        aggregate_sentiment(sentences, n_boot=0)
    with pytest.raises(SchemaError, match="doc_id.*ci=None"):
        aggregate_sentiment(sentences.drop(columns="doc_id"))
