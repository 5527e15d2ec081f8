"""Lexicon validation: sampling hits to code, precision from the coding, suggested terms."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import researchlib as rl
from researchlib.exceptions import ParameterError, SchemaError
from researchlib.frames import (
    hit_precision,
    load_coded_hits,
    lookup_frames,
    sample_hits,
    save_hit_sample,
    suggest_terms,
)
from researchlib.lexicon import Lexicon
from researchlib.sentences import split_sentences

LEX = Lexicon("kin", {"kinship": ["brother*", "blood"], "war": ["war"]})


@pytest.fixture
def corpus():
    texts = [
        "Our brothers in the north are comrades in arms. The blood of comrades unites us.",
        "His blood pressure was high. The doctor checked his blood pressure again.",
        "The war ended. Brothers and comrades in arms rebuilt the land.",
        "Blood pressure rose again. The Brothers Karamazov is a novel. War is over.",
        "We honour our brotherly comrades in arms and the blood they shed.",
    ]
    documents = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts, "speaker": "Kim"}
    )
    sentences = split_sentences(documents)
    return documents, sentences, lookup_frames(sentences, LEX)


def test_sample_hits_is_stratified_reproducible_and_in_context(corpus):
    _, sentences, frames = corpus
    sample = sample_hits(frames, sentences, n=2, seed=0)
    counts = frames.groupby(["category", "pattern"]).size()
    got = sample.groupby(["category", "pattern"]).size()
    for key, total in counts.items():
        assert got[key] == min(2, total)
        assert (sample.set_index(["category", "pattern"]).loc[[key], "stratum_hits"] == total).all()
    pd.testing.assert_frame_equal(sample, sample_hits(frames, sentences, n=2, seed=0))
    others = [sample_hits(frames, sentences, n=2, seed=s) for s in range(1, 6)]
    assert any(not o[["doc_id", "start"]].equals(sample[["doc_id", "start"]]) for o in others)
    text = dict(zip(zip(sentences["doc_id"], sentences["sent_id"]), sentences["text"]))
    for row in sample.itertuples():
        assert row.left + row.matched + row.right in text[(row.doc_id, row.sent_id)]
    assert sample["correct"].isna().all() and str(sample["correct"].dtype) == "boolean"
    with pytest.raises(ParameterError, match="categories holds \\['peace'\\]"):
        sample_hits(frames, sentences, categories=["peace"])
    with pytest.raises(ParameterError, match="n=0"):
        sample_hits(frames, sentences, n=0)
    with pytest.raises(SchemaError, match="party"):
        sample_hits(frames, sentences, per="party")


def test_coding_round_trip_and_precision(corpus, tmp_path):
    _, sentences, frames = corpus
    sample = sample_hits(frames, sentences, n=50)
    path = save_hit_sample(sample, tmp_path / "hits.csv")
    coded = pd.read_csv(path, dtype={"correct": object}, keep_default_na=False)
    # A person codes: "blood" is wrong before "pressure", "Brothers" wrong in the novel's title.
    wrong = coded["right"].str.startswith(" pressure") | coded["right"].str.startswith(" Karamazov")
    coded["correct"] = ["no" if w else "yes" for w in wrong]
    coded.to_csv(path, index=False)
    loaded = load_coded_hits(path)
    assert loaded["correct"].dtype == bool and (~loaded["correct"]).sum() == wrong.sum()
    table = hit_precision(loaded, lexicon=LEX)
    patterns = table[table["level"] == "pattern"].set_index("pattern")
    n_blood = int((frames["pattern"] == "blood").sum())
    assert patterns.loc["blood", "n_coded"] == n_blood
    assert patterns.loc["blood", "n_correct"] == 2  # "blood of comrades", "the blood they shed"
    assert patterns.loc["blood", "precision"] == pytest.approx(2 / n_blood)
    assert bool(patterns.loc["blood", "mostly_wrong"]) and not patterns.loc["war", "mostly_wrong"]
    assert patterns.loc["war", "precision"] == 1.0
    assert patterns.loc["war", "ci_low"] < 1.0 and patterns.loc["war", "ci_high"] == 1.0
    cats = table[table["level"] == "category"].set_index("category")
    kin = frames[frames["category"] == "kinship"]
    assert cats.loc["kinship", "n_coded"] == len(kin)
    # Every hit coded (no sampling), so the weighted precision is the plain one.
    assert cats.loc["kinship", "precision"] == pytest.approx(
        loaded.loc[loaded["category"] == "kinship", "correct"].mean()
    )


def test_bad_coding_is_named(corpus, tmp_path):
    _, sentences, frames = corpus
    sample = sample_hits(frames, sentences, n=50)
    path = save_hit_sample(sample, tmp_path / "hits.csv")
    with pytest.raises(SchemaError, match=r"hits.csv line 2: correct is empty"):
        load_coded_hits(path)
    coded = sample.assign(correct=["yes"] * len(sample))
    coded.loc[2, "correct"] = "maybe"
    with pytest.raises(SchemaError, match="row 3: correct is 'maybe'"):
        hit_precision(coded)
    with pytest.raises(SchemaError, match="correct"):
        hit_precision(sample.drop(columns="correct"))
    good = sample.assign(correct=True)
    with pytest.raises(ParameterError, match="pattern 'blood' is not in category 'kinship'"):
        hit_precision(good, lexicon=Lexicon("kin", {"kinship": ["brother*"], "war": ["war"]}))
    with pytest.raises(ParameterError, match="category 'war' is not in lexicon"):
        hit_precision(good, lexicon=Lexicon("kin", {"kinship": ["brother*", "blood"]}))
    with pytest.raises(ParameterError, match="ci=2"):
        hit_precision(good, ci=2)


def test_suggest_terms_finds_company_and_leaves_out_the_lexicon(corpus):
    _, sentences, frames = corpus
    out = suggest_terms(frames, sentences, category="kinship", min_count=2)
    terms = out["term"].tolist()
    assert "comrades" in terms and "arms" in terms
    # Phrases that begin or end with a function word are noise ("comrades in", "in arms").
    assert not [t for t in terms if t.split()[0] in {"in", "the", "of", "and"} or t.split()[-1] in {"in", "of"}]
    # Already in the category: brother* and blood (in any form) never come back.
    assert not [t for t in terms if t.startswith("brother") or "blood" in t.split()]
    assert not [t for t in terms if all(w in {"the", "in", "of", "and"} for w in t.split())]
    row = out.set_index("term").loc["comrades"]
    assert row["n_target"] == 4 and row["n_reference"] == 0 and row["n_sentences"] == 4
    assert row["n_near"] == 4  # within 5 words of a hit in each of its sentences
    tight = suggest_terms(frames, sentences, category="kinship", min_count=2, window=1).set_index("term")
    assert tight.loc["comrades", "n_near"] == 1  # only "brotherly comrades" is adjacent
    assert all("comrades" in s for s in row["examples"]) and len(row["examples"]) == 2
    assert (out["G2"].diff().dropna() <= 0).all()
    with_lex = suggest_terms(frames, sentences, category="kinship", lexicon=LEX, min_count=2)
    assert with_lex["term"].tolist() == terms
    with pytest.raises(ParameterError, match="category='peace'"):
        suggest_terms(frames, sentences, category="peace")
    with pytest.raises(ParameterError, match="category='peace' is not in lexicon"):
        suggest_terms(frames, sentences, category="peace", lexicon=LEX)


def test_suggest_terms_finds_two_word_phrases():
    texts = [
        "Our brothers stand in iron solidarity.",
        "Iron solidarity binds brothers.",
        "The brothers showed iron solidarity again.",
        "Iron ore prices fell.",
        "Solidarity funds were raised.",
    ]
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(5)], "text": texts, "speaker": "K"})
    sentences = split_sentences(documents)
    out = suggest_terms(lookup_frames(sentences, LEX), sentences, category="kinship", min_count=3)
    row = out.set_index("term").loc["iron solidarity"]
    assert row["n_words"] == 2 and row["n_target"] == 3 and row["n_reference"] == 0
    assert out.set_index("term").loc["iron", "n_reference"] == 1


def test_public_names():
    assert rl.frame_rates is rl.frames.frame_rates
    for name in ("compare_rates", "sample_hits", "hit_precision", "suggest_terms"):
        assert callable(getattr(rl.frames, name))


@pytest.mark.slow
def test_validate_lexicon_notebook_runs_on_the_prepared_demo_corpus(tmp_path, monkeypatch):
    import nbformat
    import papermill

    from researchlib.pipeline import prepare

    root = Path(__file__).resolve().parents[1]
    processed = tmp_path / "processed"
    prepare(root / "data" / "raw", out=processed, sentiment=False, workers=1, progress=False)
    tables = rl.load_processed(processed)
    sample = sample_hits(tables.frames, tables.sentences, categories=["kinship_blood"])
    coded = tmp_path / "coded.csv"
    save_hit_sample(sample.assign(correct=True), coded)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(root / "notebooks" / "validate_lexicon.ipynb"),
        str(out),
        parameters={"processed_dir": str(processed), "coded_file": str(coded)},
        kernel_name="python3",
        cwd=str(root / "notebooks"),
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "\n".join(o.data["text/html"] for o in outputs if "text/html" in o.get("data", {}))
    assert "mostly_wrong" in html and "stratum_hits" in html and "ci_high" in html
    assert [o for o in outputs if "image/png" in o.get("data", {})]
