"""Intervals and tests over documents: simulated corpora with a known truth, and the helpers by hand."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from researchlib.exceptions import ParameterError, SchemaError
from researchlib.frames import compare_rates, frame_rates
from researchlib.stats import adjust_p, check_ci, wilson_interval

_SPEC = importlib.util.spec_from_file_location(
    "eval_intervals", Path(__file__).resolve().parents[1] / "benchmarks" / "eval_intervals.py"
)
eval_intervals = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(eval_intervals)
_corpus = eval_intervals.simulate


def test_intervals_cover_a_known_rate_in_95_percent_of_overdispersed_corpora():
    rng = np.random.default_rng(20260101)
    true = 4.0 / 1000
    # 3,000 corpora of 40 documents each (lengths 300-4,000 words, gamma shape 1: the
    # documents' own rates vary with a coefficient of variation of 1), one rate interval
    # each, all in one call (each corpus is a group).
    frames, sentences = _corpus(rng, groups=3000, docs=40, rates=[true], shape=1.0)
    rates = frame_rates(frames, sentences, by="corpus", ci=0.95, n_boot=1000, seed=0)
    assert len(rates) == 3000 and rates["ci_low"].notna().all()
    covered = ((rates["ci_low"] <= true * 1000) & (true * 1000 <= rates["ci_high"])).mean()
    # A pooled Poisson interval (hits as independent) is far too narrow here.
    half = 1.96 * np.sqrt(rates["n"]) / rates["n_words"] * 1000
    poisson = ((rates["per_1000"] - half <= true * 1000) & (true * 1000 <= rates["per_1000"] + half)).mean()
    print(f"coverage {covered:.4f}, pooled Poisson {poisson:.4f}")
    assert 0.93 <= covered <= 0.97, covered
    assert poisson < 0.8, poisson


def test_no_true_difference_gives_p_below_005_in_5_percent_of_comparisons():
    rng = np.random.default_rng(7)
    ps = []
    for _ in range(8):
        # 500 categories = 500 independent comparisons of two groups of 25 documents each,
        # with one true rate per category (0.5 to 8 per 1,000) shared by both groups.
        true = rng.uniform(0.5, 8.0, 500) / 1000
        frames, sentences = _corpus(rng, groups=2, docs=25, rates=true, shape=1.0, group_column="side")
        out = compare_rates(frames, sentences, by="side", a="g0000", b="g0001", n_boot=999, seed=1)
        assert len(out) == 500
        ps.append(out["p"].to_numpy())
    rejected = (np.concatenate(ps) < 0.05).mean()
    print(f"rejected {rejected:.4f} of {len(np.concatenate(ps))}")
    assert 0.03 <= rejected <= 0.07, rejected


def test_a_real_difference_is_found_and_its_interval_holds_the_truth():
    rng = np.random.default_rng(11)
    true_a, true_b = np.array([6.0, 3.0, 2.0]) / 1000, np.array([3.0, 3.0, 2.0]) / 1000
    frames, sentences = _corpus(
        rng, groups=2, docs=60, rates=true_a, rate_b=true_b, shape=2.0, group_column="side"
    )
    out = compare_rates(frames, sentences, by="side", a="g0000", b="g0001", correction="holm")
    out = out.set_index("category")
    assert out.loc["c000", "p"] < 0.01 and bool(out.loc["c000", "distinguishable"])
    assert out.loc["c000", "ci_low"] <= 3.0 <= out.loc["c000", "ci_high"]
    assert not out.loc[["c001", "c002"], "distinguishable"].any()
    assert (out["p_adjusted"] >= out["p"]).all() and (out["correction"] == "holm").all()
    row = out.loc["c000"]
    assert row["diff"] == pytest.approx(row["rate_a"] - row["rate_b"])
    assert row["ratio"] == pytest.approx(row["rate_a"] / row["rate_b"])
    assert row["rate_a"] == pytest.approx(row["n_a"] / row["n_words_a"] * 1000)
    assert row["n_docs_a"] == 60 and row["n_docs_b"] == 60


def test_compare_rates_is_reproducible_and_errors_name_the_argument():
    rng = np.random.default_rng(5)
    frames, sentences = _corpus(rng, groups=3, docs=5, rates=[0.004], shape=1.0, group_column="side")
    one = compare_rates(frames, sentences, by="side", a="g0000", b="g0001")
    two = compare_rates(frames, sentences, by="side", a="g0000", b="g0001")
    pd.testing.assert_frame_equal(one, two)
    with pytest.raises(ParameterError, match="a='nobody'.*'side'"):
        compare_rates(frames, sentences, by="side", a="nobody", b="g0001")
    lone = sentences.iloc[:11]  # g0001 keeps one document
    with pytest.raises(ParameterError, match="b='g0002' has 1 document"):
        compare_rates(frames[frames["doc_id"].isin(lone["doc_id"])], lone, by="side", a="g0000", b="g0002")
    with pytest.raises(ParameterError, match="ci=1.5"):
        compare_rates(frames, sentences, by="side", a="g0000", b="g0001", ci=1.5)
    with pytest.raises(ParameterError, match="correction='bonferroni'"):
        compare_rates(frames, sentences, by="side", a="g0000", b="g0001", correction="bonferroni")
    with pytest.raises(ParameterError, match="both 'g0000'"):
        compare_rates(frames, sentences, by="side", a="g0000", b="g0000")
    with pytest.raises(SchemaError, match="party"):
        compare_rates(frames, sentences, by="party", a="x", b="y")


def test_frame_rates_interval_depends_on_the_group_not_on_the_others():
    rng = np.random.default_rng(9)
    frames, sentences = _corpus(rng, groups=4, docs=10, rates=[0.003, 0.001], shape=1.0)
    full = frame_rates(frames, sentences, by="corpus").set_index(["corpus", "category"])
    keep = sentences["corpus"].isin(["g0000", "g0003"])
    part = frame_rates(frames[frames["corpus"].isin(["g0000", "g0003"])], sentences[keep], by="corpus")
    part = part.set_index(["corpus", "category"])
    pd.testing.assert_frame_equal(part, full.loc[part.index])
    assert (full["ci_low"] <= full["per_1000"]).all() and (full["per_1000"] <= full["ci_high"]).all()
    assert not full.equals(frame_rates(frames, sentences, by="corpus", seed=3).set_index(["corpus", "category"]))


def test_frame_rates_interval_edge_cases():
    frames = pd.DataFrame({"doc_id": ["a", "a", "b"], "category": ["kin", "kin", "war"], "speaker": ["K", "K", "P"]})
    sentences = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "speaker": ["K", "P", "K"], "n_words": [100, 100, 300]}
    )
    rates = frame_rates(frames, sentences).set_index(["speaker", "category"])
    # P has one document: no spread between documents can be seen.
    assert rates.loc[("P", "war"), ["ci_low", "ci_high"]].isna().all()
    # K has two documents and no "war" hit: [0, exact Poisson upper bound of a zero count].
    assert rates.loc[("K", "war"), "ci_low"] == 0
    assert rates.loc[("K", "war"), "ci_high"] == pytest.approx(-np.log(0.025) / 400 * 1000)
    for bad in (0, 1.0, -1, "high", float("nan")):
        with pytest.raises(ParameterError, match="ci="):
            frame_rates(frames, sentences, ci=bad)
    with pytest.raises(ParameterError, match="n_boot"):
        frame_rates(frames, sentences, n_boot=2.5)
    with pytest.raises(ParameterError, match="seed"):
        frame_rates(frames, sentences, seed=-1)


def test_adjust_p_by_hand():
    p = [0.01, 0.04, 0.03, np.nan, 0.005]
    holm = adjust_p(p, "holm")
    # sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 -> 0.02, 0.03, 0.06, 0.06 (monotone)
    np.testing.assert_allclose(holm, [0.03, 0.06, 0.06, np.nan, 0.02])
    bh = adjust_p(p, "bh")
    # 0.04*4/4=0.04, 0.03*4/3=0.04, 0.01*4/2=0.02, 0.005*4/1=0.02
    np.testing.assert_allclose(bh, [0.02, 0.04, 0.04, np.nan, 0.02])
    np.testing.assert_allclose(adjust_p(p, None), p)
    with pytest.raises(ParameterError, match="correction='fdr'"):
        adjust_p(p, "fdr")


def test_wilson_interval_by_hand():
    lo, hi = wilson_interval([8, 0], [10, 0])
    # Wilson (1927) for 8/10 at z=1.96: 0.4902 to 0.9433
    assert lo[0] == pytest.approx(0.4902, abs=1e-4) and hi[0] == pytest.approx(0.9433, abs=1e-4)
    assert np.isnan(lo[1]) and np.isnan(hi[1])


def test_check_ci():
    assert check_ci(None) is None and check_ci(0.9) == 0.9
    with pytest.raises(ParameterError, match="ci=0"):
        check_ci(0)


def test_poisson_interval_against_garwood_limits():
    from researchlib.stats import poisson_interval

    # Garwood's exact 95% limits (chi-square quantiles / 2), from published tables.
    lo, hi = poisson_interval([0, 1, 5, 20], 0.95)
    np.testing.assert_allclose(lo, [0.0, 0.0253, 1.6235, 12.217], rtol=2e-3, atol=1e-4)
    np.testing.assert_allclose(hi, [3.6889, 5.5716, 11.668, 30.888], rtol=2e-3)


def test_eval_intervals_prints_coverage_by_corpus_size(capsys):
    assert eval_intervals.main(["--corpora", "60", "--docs", "10", "--shapes", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = lines[lines.index(next(x for x in lines if x.startswith("95%"))) + 2].split()
    assert row[:2] == ["1", "10"] and 0.7 <= float(row[2]) <= 1.0
    assert any(x.startswith("compare_rates") for x in lines)


def test_bench_intervals_runs_on_a_small_sample(capsys):
    from conftest import shared_path

    corpus = shared_path("corpora", "ungdc")
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_intervals.py"
    spec = importlib.util.spec_from_file_location("bench_intervals", script)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--limit", "40", "--repeat", "1", "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "documents: 40" in out and "interval cost ratio:" in out


def test_a_single_hit_gives_a_finite_honest_interval():
    sentences = pd.DataFrame({"doc_id": list("abcd"), "side": list("KKPP"), "n_words": [10, 20, 30, 0]})
    frames = pd.DataFrame({"doc_id": ["a"], "side": ["K"], "category": ["x"]})
    out = compare_rates(frames, sentences, by="side", a="K", b="P").iloc[0]
    # One hit in 30 words: the difference is not told from 0, and its interval is finite.
    assert np.isfinite([out["ci_low"], out["ci_high"]]).all()
    assert out["ci_low"] < 0 < out["ci_high"] and not out["distinguishable"]
    rates = frame_rates(frames, sentences, by="side").set_index("side")
    # Never narrower than the exact Poisson interval of one hit in 30 words (0.0253 to 5.5716).
    assert rates.loc["K", "ci_low"] <= 0.0253 / 30 * 1000 + 1e-9
    assert rates.loc["K", "ci_high"] >= 5.5716 / 30 * 1000 - 1e-3


def test_sentiment_mean_intervals_cover_the_true_mean():
    rng = np.random.default_rng(4)
    groups, docs = 1000, 20
    n_sent = rng.integers(5, 40, groups * docs)
    doc_mean = rng.normal(0.1, 0.3, groups * docs)
    doc = np.repeat(np.arange(groups * docs), n_sent)
    sentences = pd.DataFrame(
        {
            "doc_id": doc,
            "corpus": doc // docs,
            "compound": rng.normal(doc_mean[doc], 0.3),
        }
    )
    from researchlib.sentiment import aggregate_sentiment

    out = aggregate_sentiment(sentences, by="corpus")
    covered = ((out["ci_low"] <= 0.1) & (0.1 <= out["ci_high"])).mean()
    print(f"sentiment coverage {covered:.4f}")
    assert 0.93 <= covered <= 0.97, covered
