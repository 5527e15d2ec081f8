"""researchlib's fast VADER front end gives exactly NLTK's scores."""

from __future__ import annotations

import pytest
from conftest import shared_path
from nltk.sentiment.vader import SentimentIntensityAnalyzer

from researchlib._resources import VADER_RESOURCE, nltk_data_dir
from researchlib._vader import FastVader

SETS = ["tweets", "nytEditorialSnippets", "movieReviewSnippets", "amazonReviewSnippets"]


@pytest.fixture(scope="module")
def engines():
    nltk_data_dir()
    return SentimentIntensityAnalyzer(VADER_RESOURCE), FastVader(VADER_RESOURCE)


def _texts(name):
    path = shared_path("corpora", "vader_ground_truth", "hutto_ICWSM_2014", f"{name}_GroundTruth.txt")
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    return [r[2] for r in rows]


@pytest.mark.parametrize("name", SETS)
def test_equal_to_nltk_on_ground_truth(engines, name):
    nltk_engine, fast = engines
    texts = _texts(name)
    assert len(texts) > 3000
    mismatches = [t for t in texts if nltk_engine.polarity_scores(t) != fast.polarity_scores(t)]
    assert mismatches == []


@pytest.mark.parametrize(
    "text",
    [
        "", " ", "!!!", "GREAT!!! but not really :( ...", "kind of good", "never so good",
        "at least it is not bad", "'quoted' \"words\" -dash- word-", "The BEST, the WORST?!?",
        "x y z", "no no NO", "“curly” ‘quotes’ and émojis 😀", "a.b! !ab ab!! ??ab",
    ],
)
def test_equal_to_nltk_on_edge_cases(engines, text):
    nltk_engine, fast = engines
    assert fast.polarity_scores(text) == nltk_engine.polarity_scores(text)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from(
    ["good", "bad", "not", "very", "BAD", "GOOD", "but", "kind", "of", "never", "so", "least", "at",
     "the", "bomb", "!", "?", ",", ".", "'", '"', "-", ":)", "love", "hate", "n't", "ab", "x"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_WORDS, st.sampled_from(["", "!", "?!", ",", "'", "-", "."]),
                          st.sampled_from(["", "'", '"', "-", "!!"])), max_size=25))
def test_equal_to_nltk_on_generated_text(engines, parts):
    nltk_engine, fast = engines
    text = " ".join(pre + word + post for word, post, pre in parts)
    assert fast.polarity_scores(text) == nltk_engine.polarity_scores(text)


@pytest.mark.slow
def test_equal_to_nltk_on_un_speech_sentences(engines):
    import researchlib as rl

    corpus = shared_path("corpora", "ungdc")
    docs = rl.load_corpus(corpus).iloc[::40]  # 121 speeches across countries and years
    sentences = rl.split_sentences(docs)["text"].tolist()
    assert len(sentences) > 8000
    nltk_engine, fast = engines
    assert [fast.polarity_scores(s) for s in sentences] == [nltk_engine.polarity_scores(s) for s in sentences]


def test_benchmark_script_runs_small(capsys):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_vader.py"
    spec = importlib.util.spec_from_file_location("bench_vader", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "skipped" in out or "speed-up" in out
