"""Voices (researchlib.voices) and frame rates by voice: every word belongs to one speaker."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import shared_path

import researchlib as rl
from researchlib.exceptions import SchemaError
from researchlib.voices import hit_voices, own_voices, voice_words

NEWS = ('Kim called the alliance "shared blood" between the two armies. '
        '"We stand together in the same trench," Kim said. The talks ended.')


def _tables(text: str, speaker=None):
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text], "speaker": [speaker]})
    quotes = rl.extract_quotes(docs)
    sentences = rl.split_sentences(docs, quotes=quotes)
    frames = rl.lookup_frames(sentences, rl.default_lexicon(), quotes=quotes)
    return docs, quotes, sentences, frames


def test_every_word_has_one_voice_and_the_voices_sum_to_the_document():
    docs, quotes, sentences, _ = _tables(NEWS)
    words = voice_words(sentences, quotes, documents=docs)
    assert words["n_words"].sum() == sentences["n_words"].sum()
    assert dict(zip(words["speaker"], words["n_words"])) == {
        "narrator": sentences["n_words"].sum() - 2 - 7, "Kim": 2 + 7}


def test_a_fragment_quoted_in_narration_is_the_quoted_speakers():
    docs, quotes, sentences, frames = _tables(NEWS)
    voices = hit_voices(frames, quotes, own_voices(sentences, docs))
    assert dict(zip(frames["matched"], voices)) == {
        "alliance": "narrator", "shared blood": "Kim", "stand together": "Kim",
        "same trench": "Kim", "trench": "Kim"}
    rates = rl.frame_rates(frames, sentences, by="speaker", quotes=quotes, documents=docs, ci=None)
    kim = rates.loc[rates["speaker"] == "Kim"].set_index("category")
    assert kim.loc["kinship_blood", "n"] == 1 and kim.loc["kinship_blood", "n_words"] == 9
    narrator = rates.loc[rates["speaker"] == "narrator"].set_index("category")
    assert narrator.loc["kinship_blood", "n"] == 0 and narrator.loc["comradeship_unity", "n"] == 1


def test_scare_quotes_stay_with_the_documents_voice():
    docs, quotes, sentences, frames = _tables(NEWS)
    scare = quotes.assign(kind=["scare"] + ["speech"] * (len(quotes) - 1))
    voices = hit_voices(frames, scare, own_voices(sentences, docs))
    assert voices[frames["matched"] == "shared blood"].tolist() == ["narrator"]


def test_a_letters_own_words_are_its_signatorys():
    docs, quotes, sentences, _ = _tables("We share blood with our brothers.", speaker="Idris Valko")
    words = voice_words(sentences, quotes, documents=docs)
    assert words.to_dict("records") == [
        {"doc_id": "d", "speaker": "Idris Valko", "n_words": 6}]


def test_the_sample_articles_kinship_hits_are_all_kims():
    path = shared_path("seed", "kim-putin-new-year-2026.txt")
    docs = rl.load_corpus(path)
    quotes = rl.extract_quotes(docs)
    sentences = rl.split_sentences(docs, quotes=quotes)
    for data in (sentences, docs):  # the same voices from sentences or from documents
        frames = rl.lookup_frames(data, rl.default_lexicon(), quotes=quotes if data is sentences else None)
        rates = rl.frame_rates(frames, sentences, by="speaker", quotes=quotes, documents=docs, ci=None)
        kin = rates.loc[rates["category"] == "kinship_blood"].set_index("speaker")["n"]
        assert kin.get("Kim Jong Un") == 3, rates
        assert kin.get("narrator", 0) == 0
        assert rates.groupby("speaker")["n_words"].first().sum() == sentences["n_words"].sum()


def test_without_quotes_rates_stay_by_sentence_speaker():
    docs, quotes, sentences, frames = _tables(NEWS)
    rates = rl.frame_rates(frames, sentences, by="speaker", ci=None)
    narrator = rates.loc[rates["speaker"] == "narrator"].set_index("category")
    assert narrator.loc["kinship_blood", "n"] == 1  # the fragment counts for the sentence
    with pytest.raises(SchemaError, match="start"):
        rl.frame_rates(frames.drop(columns=["start"]), sentences, by="speaker", quotes=quotes)
