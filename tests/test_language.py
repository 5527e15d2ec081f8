"""Each document's language (researchlib.corpus.language) and the steps it decides."""

from __future__ import annotations

import csv
import math
import warnings

import pandas as pd
import pytest
from conftest import shared_path

from researchlib.corpus import detect_language, load_corpus
from researchlib.exceptions import LanguageWarning, ParameterError
from researchlib.pipeline import load_processed, prepare

ENGLISH = ("The delegation of the Republic said on Monday that it was ready to talk with "
           "the United States about the peace treaty and the future of the region.")
SPANISH = ("La delegación de la República dijo el lunes que estaba lista para hablar con los "
           "Estados Unidos sobre el tratado de paz y el futuro de la región.")
FRENCH = ("La délégation de la République a déclaré lundi qu'elle était prête à discuter avec "
          "les États-Unis du traité de paix et de l'avenir de la région.")
KOREAN = "우리 인민은 혈맹의 정을 안고 새해를 맞이하였다. 모든 전선에서 승리를 이룩하자."


@pytest.mark.parametrize(
    ("text", "expected"),
    [(ENGLISH, "en"), (SPANISH, "es"), (FRENCH, "fr"), (KOREAN, "ko"),
     ("Москва заявила о поддержке договора.", "ru"), ("", "und"), ("12 345 ...", "und"),
     ("Kim Jong Un, Kim Yong Nam, Choe Yong Rim, Ri Yong Ho, Pak Pong Ju", "und")],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_language_column_metadata_kept_beside_it_and_disagreements_named(tmp_path):
    _write(tmp_path / "a.md", f"---\nlanguage: English\n---\n{ENGLISH}")
    _write(tmp_path / "b.md", f"---\nlanguage: en\n---\n{SPANISH}")  # mislabelled, as in KCNA
    _write(tmp_path / "c.txt", KOREAN)
    with pytest.warns(LanguageWarning, match=r"1 documents' language differs.*b \(en in the "
                                             r"metadata, es by its text\)"):
        docs = load_corpus(tmp_path)
    assert docs["language"].tolist() == ["en", "es", "ko"]
    assert docs["meta_language"].tolist()[:2] == ["English", "en"]
    assert list(docs.columns).index("language") == list(docs.columns).index("speaker") + 1
    forced = load_corpus(tmp_path, language="ko")
    assert set(forced["language"]) == {"ko"}


def test_mixed_scripts_are_named(tmp_path):
    _write(tmp_path / "mixed.txt", ENGLISH + " " + KOREAN * 2)
    with pytest.warns(LanguageWarning, match=r"mix scripts.*mixed \(en\)"):
        load_corpus(tmp_path)


def test_unknown_language_is_refused_with_the_allowed_codes(tmp_path):
    _write(tmp_path / "a.txt", ENGLISH)
    with pytest.raises(ParameterError, match=r"language='klingon'.*en, es"):
        load_corpus(tmp_path, language="klingon")
    with pytest.raises(ParameterError, match=r"language='xx'"):
        prepare(tmp_path, out=tmp_path / "out", language="xx", workers=1, progress=False)


@pytest.mark.parametrize("workers", [1, 2])
def test_other_languages_skip_vader_and_english_frames_with_one_warning(tmp_path, workers):
    raw = tmp_path / "raw"
    _write(raw / "en.txt", ENGLISH + ' "We share blood with our brothers," the minister said.')
    _write(raw / "es.txt", SPANISH + " Compartimos sangre con nuestros hermanos, dijo el ministro.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        prepare(raw, out=tmp_path / "out", workers=workers, progress=False)
    notes = [str(w.message) for w in caught if issubclass(w.category, LanguageWarning)]
    assert len(notes) == 1 and notes[0].startswith("1 documents are not in English (es: 1)")
    tables = load_processed(tmp_path / "out")
    sents = tables.sentences
    assert sents.loc[sents["doc_id"] == "es", "compound"].isna().all()
    assert sents.loc[sents["doc_id"] == "en", "compound"].notna().all()
    assert set(tables.frames["doc_id"]) == {"en"}
    assert not any(math.isnan(v) for v in sents.loc[sents["doc_id"] == "en", "neu"])


def test_kcna_spanish_stories_are_found_labelled_or_not():
    path = shared_path("corpora", "kcna", "kcna_stories_2011.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["story"].strip()]
    found = pd.Series([detect_language(r["story"]) for r in rows])
    labels = pd.Series([r["language"] for r in rows])
    table = pd.crosstab(labels, found)
    # Every story labelled Spanish is found Spanish, and the Spanish stories labelled
    # English are found too (read by hand: they are Spanish).
    assert table.loc["es"].get("en", 0) == 0
    mislabelled = [r["story"][:200] for r, f in zip(rows, found) if r["language"] == "en" and f == "es"]
    spanish = {"de", "la", "el", "los", "del", "que", "en", "y"}
    assert len(mislabelled) > 500  # about 830 in 2011 by the count
    assert all(len(spanish & set(s.lower().split())) >= 2 for s in mislabelled)
    assert (found[labels == "en"] == "en").mean() > 0.9


def test_korean_documents_take_the_korean_route_through_prepare(tmp_path):
    pytest.importorskip("kiwipiepy")
    raw = tmp_path / "raw"
    _write(raw / "en.txt", ENGLISH + ' "We share blood with our brothers," the minister said.')
    _write(raw / "ko.txt", "신년사\n\n해 제\n\n편집자의 요약이다.\n\n원 문\n\n"
                           "동지들! 우리는 형제로 뭉쳤다. 전사들이 희생하였다.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prepare(raw, out=tmp_path / "out", workers=1, progress=False)
    tables = load_processed(tmp_path / "out")
    ko = tables.sentences.loc[tables.sentences["doc_id"] == "ko"]
    assert ko["compound"].isna().all()
    assert "editor" in set(ko["speaker"]) and "narrator" in set(ko["speaker"])
    assert ko.loc[ko["text"].str.contains("형제"), "speaker"].tolist() == ["narrator"]
    frames = tables.frames.set_index("doc_id")
    assert set(frames.loc[["ko"], "lexicon"]) == {"default_lexicon_ko"}
    assert {"kinship_blood", "war_sacrifice"} <= set(frames.loc[["ko"], "category"])
    assert set(frames.loc[["en"], "lexicon"]) == {"default"}
