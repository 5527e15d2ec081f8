"""Dates and years of Korean addresses: the date line, the file name, and what metadata gives."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from conftest import shared_path

from researchlib.corpus import load_corpus
from researchlib.exceptions import ParameterError, ResearchlibWarning
from researchlib.korean.dates import address_date_ko, address_year_ko
from researchlib.pipeline.languages import korean_dates


def test_date_line_forms():
    assert address_date_ko("신년사\n\n- 1960년 01월 01일\n\n동지들!") == pd.Timestamp(1960, 1, 1)
    assert address_date_ko("신년사\n1986년 12월 30일\n동지들!") == pd.Timestamp(1986, 12, 30)
    assert address_date_ko("북한 신년사  2005/01/01 08:17송고\n동지들!") == pd.Timestamp(2005, 1, 1)
    assert address_date_ko("전문\n[ 2012-01-01 오전 11:52:56 ]\n동지들!") == pd.Timestamp(2012, 1, 1)


def test_dates_inside_the_address_are_not_taken():
    assert address_date_ko("친애하는 동지들! 2016년 1월 1일을 맞이합니다.") is None
    assert address_date_ko("신년사\n동지들! 1950년 6월 25일에 전쟁이 일어났다.") is None
    assert address_date_ko("") is None
    assert address_date_ko("신년사\n- 1960년 13월 45일\n동지들!") is None  # no such day
    with pytest.raises(ParameterError, match="text must be a str"):
        address_date_ko(None)


def test_year_from_the_file_name_then_the_date():
    assert address_year_ko("data/1987.txt", pd.Timestamp(1986, 12, 30)) == 1987
    assert address_year_ko("speech.txt", pd.Timestamp(1986, 12, 30)) == 1986
    assert address_year_ko("speech.txt") is None
    assert address_year_ko(None) is None


def _docs(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["doc_id", "text", "language", "path", "date"])
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    return frame


def test_korean_dates_fill_korean_documents_only():
    docs = _docs([
        ("a", "신년사\n- 1986년 12월 30일\n동지들!", "ko", "1987.txt", None),
        ("b", "친애하는 동지들!", "ko", "2015.txt", None),
        ("c", "신년사\n- 1990년 01월 01일\n동지들!", "ko", "x.txt", "1991-05-05"),
        ("d", "Dear friends. 1990년 01월 01일", "en", "1999.txt", None),
    ])
    before = docs.copy()
    out = korean_dates(docs)
    pd.testing.assert_frame_equal(docs, before)  # input untouched
    assert out["date"].tolist()[:3] == [pd.Timestamp(1986, 12, 30), pd.Timestamp(2015, 1, 1),
                                        pd.Timestamp(1991, 5, 5)]
    assert pd.isna(out["date"].iloc[3])
    assert out["year"].tolist()[:3] == [1987, 2015, 1991]
    assert pd.isna(out["year"].iloc[3])
    assert str(out["year"].dtype) == "Int64"


def test_a_contradicting_date_line_warns_and_the_file_name_wins():
    docs = _docs([("2011", "공동사설\n2010.1.1.\n오늘 우리는 새해를 맞이한다.", "ko", "2011.txt", None)])
    with pytest.warns(ResearchlibWarning, match=r"2011 \(2010-01-01 in a file named 2011\)"):
        out = korean_dates(docs)
    assert out["date"].iloc[0] == pd.Timestamp(2011, 1, 1) and out["year"].iloc[0] == 2011


def test_an_english_corpus_is_returned_as_it_is():
    docs = _docs([("d", "Dear friends.", "en", "1999.txt", None)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert korean_dates(docs) is docs


def test_every_address_gets_its_year():
    folder = shared_path("corpora", "dprk_new_year_addresses_ko", "data")
    with pytest.warns(ResearchlibWarning, match="named 2011"):
        docs = korean_dates(load_corpus(folder))
    years = sorted(int(p.stem) for p in folder.glob("*.txt"))
    assert sorted(docs["year"].tolist()) == years
    assert docs["date"].notna().all()
    by_id = docs.set_index("doc_id")
    assert by_id.loc["1987", "date"] == pd.Timestamp(1986, 12, 30)
    assert by_id.loc["1946", "date"] == pd.Timestamp(1946, 1, 1)
    assert by_id.loc["2019", "date"] == pd.Timestamp(2019, 1, 1)  # no date line: the file name
