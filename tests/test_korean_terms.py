"""Korean terms in keyness, KWIC and collocations: content lemmas, never particles or endings."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import shared_path

from researchlib.collocations import find_collocations
from researchlib.concordance import kwic
from researchlib.exceptions import ParameterError
from researchlib.keyness import compute_keyness
from researchlib.korean import morphemes_ko, split_sentences_ko
from researchlib.korean.terms import is_korean_text, terms_ko

#: Particles and endings that carry no meaning of their own (a few of the commonest).
FUNCTION_FORMS = {"의", "을", "를", "이", "가", "은", "는", "에", "으로", "로", "과", "와", "다", "고",
                  "며", "였", "었", "하", "자", "들", "도", "에서", "."}


def _sentences(doc_id: str, text: str) -> pd.DataFrame:
    spans = split_sentences_ko(text)
    return pd.DataFrame({
        "doc_id": doc_id, "sent_id": range(len(spans)),
        "start": [a for a, _ in spans], "end": [b for _, b in spans],
        "text": [text[a:b] for a, b in spans],
    })


def test_terms_are_content_lemmas():
    assert terms_ko("혈맹으로 뭉친 형제들이 원쑤를 물리쳤다.") == ["혈맹", "뭉치다", "형제", "원쑤", "물리치다"]
    assert terms_ko("로동자들이 희생하였다.") == ["노동자", "희생하다"]  # North Korean spelling read
    assert terms_ko("혈맹의 형제. 원쑤를 쳤다.", ngram=2) == ["혈맹 형제", "원쑤 치다"]  # not across sentences
    assert terms_ko("") == []
    with pytest.raises(ParameterError, match="ngram must be a positive integer"):
        terms_ko("혈맹", ngram=0)


def test_is_korean_text():
    assert is_korean_text("혈맹으로 뭉치자!")
    assert not is_korean_text("We are brothers in blood (혈맹).")
    assert not is_korean_text("")
    assert not is_korean_text(None)


def test_keyness_counts_lemmas_in_korean_rows():
    data = pd.DataFrame({
        "text": ["원쑤들을 물리치자.", "원쑤들과 싸우자.", "원쑤를 쳐부시자.",
                 "혈맹의 형제들이여.", "혈맹으로 뭉치자.", "혈맹은 영원하다."],
        "era": ["war"] * 3 + ["kin"] * 3,
    })
    out = compute_keyness(data, {"era": "war"}, min_count=1, p_adjust=None)
    by_term = out.set_index("term")
    assert by_term.loc["원쑤", "n_target"] == 3 and by_term.loc["원쑤", "n_reference"] == 0
    assert by_term.loc["혈맹", "n_reference"] == 3
    assert not set(out["term"]) & FUNCTION_FORMS
    assert by_term.loc["원쑤", "direction"] != by_term.loc["혈맹", "direction"]


def test_keyness_of_english_rows_is_unchanged_by_korean_rows():
    english = pd.DataFrame({"text": ["We share blood.", "Blood ties bind us.", "The enemy attacks.",
                                     "The enemy threatens."], "side": ["a", "a", "b", "b"]})
    mixed = pd.concat([english, pd.DataFrame({"text": ["혈맹의 형제들이여."], "side": ["k"]})],
                      ignore_index=True)
    alone = compute_keyness(english, {"side": "a"}, min_count=1)
    with_korean = compute_keyness(mixed, {"side": "a"}, reference={"side": "b"}, min_count=1)
    pd.testing.assert_frame_equal(alone, with_korean)


def test_collocations_pair_lemmas():
    data = pd.DataFrame({"text": ["원쑤들을 물리치자.", "원쑤들과 싸우자.", "원쑤를 물리쳤다.",
                                  "원쑤의 침략을 물리치였다."]})
    out = find_collocations(data, min_count=2, window=3)
    assert list(zip(out["w1"], out["w2"])) == [("원쑤", "물리치다")]
    assert out["count"].iloc[0] == 3


def test_kwic_finds_every_particle_attached_form():
    text = "우리 인민은 혈맹의 형제들과 함께 싸웠다. 혈맹으로 맺어진 우정은 영원하다. 그들은 희생하였다."
    corpus = pd.DataFrame({"doc_id": ["k"], "text": [text], "speaker": ["김일성"]})
    out = kwic(corpus, ["혈맹", "희생하다"], sentences=_sentences("k", text), window=2)
    assert out["match"].tolist() == ["혈맹", "혈맹", "희생하"]
    for start, end, left, match in zip(out["start"], out["end"], out["left"], out["match"]):
        assert text[start:end] == match and text[start - len(left):start] == left
    assert set(out["speaker"]) == {"김일성"}
    assert kwic(corpus, "형제", sentences=_sentences("k", text))["match"].tolist() == ["형제"]


def test_keyness_on_real_addresses_has_no_particle_or_ending():
    folder = shared_path("corpora", "dprk_new_year_addresses_ko", "data")
    from researchlib.corpus import load_corpus

    docs = load_corpus(folder)
    docs = docs.loc[docs["doc_id"].isin(["1966", "1967", "2018", "2019"])].reset_index(drop=True)
    target = docs["doc_id"].isin(["2018", "2019"]).to_numpy()
    out = compute_keyness(docs, pd.Series(target, index=docs.index), min_count=5, top=40)
    assert len(out) == 40
    assert not set(out["term"]) & FUNCTION_FORMS
    # Every term is the lemma of a content morpheme, with the count the analyser gives.
    lemmas = pd.concat([morphemes_ko(t) for t in docs.loc[target, "text"]])
    content = lemmas.loc[lemmas["content"], "lemma"].value_counts()
    for term, n in zip(out["term"], out["n_target"]):
        assert content.get(term, 0) == n, term
