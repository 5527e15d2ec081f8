"""A Korean document in an English corpus changes no English figure."""

from __future__ import annotations

import pandas as pd
import pytest

from researchlib import load_processed
from researchlib.corpus import load_corpus
from researchlib.exceptions import LanguageWarning
from researchlib.pipeline import prepare
from researchlib.timeline import timeline_rates

KOREAN = (
    "신년사\n\n- 2019년 01월 01일\n\n"
    "친애하는 동지들! 우리는 혈맹의 형제들과 함께 원쑤들의 침략을 물리치고 승리하였다. "
    "김정은동지께서는 「우리 인민은 반드시 승리할것이다.」라고 말씀하시였다. "
    "로동자들은 조국을 위하여 희생하였다. 새해를 축하합니다!"
)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    english = load_corpus("data/raw")[["doc_id", "text", "title", "date", "speaker"]]
    english = english.loc[english["text"].str.len() > 0].reset_index(drop=True)
    korean = pd.DataFrame({"doc_id": ["ko-2019"], "text": [KOREAN], "title": ["신년사"],
                           "date": [pd.Timestamp(2019, 1, 1)], "speaker": [None]})
    mixed = pd.concat([english.iloc[:3], korean, english.iloc[3:]], ignore_index=True)
    base = tmp_path_factory.mktemp("mixed")
    prepare(english, out=base / "en", progress=False, workers=1)
    with pytest.warns(LanguageWarning, match="ko: 1"):
        prepare(mixed, out=base / "mixed", progress=False, workers=1)
    return load_processed(base / "en"), load_processed(base / "mixed"), set(english["doc_id"])


@pytest.mark.slow
def test_english_rows_are_identical_with_a_korean_document(both):
    alone, mixed, english_ids = both
    assert set(mixed.documents["doc_id"]) == english_ids | {"ko-2019"}
    assert mixed.documents.set_index("doc_id").loc["ko-2019", "language"] == "ko"
    for name in ("sentences", "frames", "quotes"):
        a = getattr(alone, name).reset_index(drop=True)
        m = getattr(mixed, name)
        m = m.loc[m["doc_id"] != "ko-2019"].reset_index(drop=True)
        assert len(a) > 0, name
        pd.testing.assert_frame_equal(a, m, check_dtype=True, obj=name)
    assert "compound" in alone.sentences.columns  # sentiment rows compared above
    korean = mixed.sentences.loc[mixed.sentences["doc_id"] == "ko-2019"]
    assert len(korean) >= 4 and korean["compound"].isna().all()
    assert mixed.frames.loc[mixed.frames["doc_id"] == "ko-2019", "category"].nunique() >= 3


@pytest.mark.slow
def test_english_rates_are_identical_with_a_korean_document(both):
    alone, mixed, _ = both
    en = mixed._replace(
        documents=mixed.documents.loc[mixed.documents["language"] != "ko"],
        sentences=mixed.sentences.loc[mixed.sentences["doc_id"] != "ko-2019"],
        frames=mixed.frames.loc[mixed.frames["doc_id"] != "ko-2019"],
    )
    pd.testing.assert_frame_equal(timeline_rates(alone, ci=0.95, n_boot=200),
                                  timeline_rates(en, ci=0.95, n_boot=200))
