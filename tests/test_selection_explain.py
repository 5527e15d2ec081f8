"""select explains itself: language, duplicates, canonical countries, empty selections, the keyness reference."""

from __future__ import annotations

import json
from collections import namedtuple

import pandas as pd
import pytest
from conftest import shared_path

from researchlib import compute_key_terms, load_corpus, load_processed, prepare, verify
from researchlib.batch import load_grid, validate_runs
from researchlib.corpus.countries import canonical_countries, load_country_aliases
from researchlib.exceptions import GridError, ParameterError
from researchlib.selection import reference_selection, select

Tables = namedtuple("Tables", ["documents", "sentences", "quotes", "frames"])


@pytest.fixture
def tables() -> Tables:
    documents = pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "a3", "b1", "b2", "e1"],
            "date": pd.to_datetime(["2011-03-01", "2012-05-01", "2012-07-01", "2012-01-09",
                                    "2011-02-02", None]),
            "language": ["en", "en", "en", "es", "en", "und"],
            "country": ["North Korea", "North Korea", "South Korea", "North Korea", "Russia", None],
            "is_empty": [False, False, False, False, False, True],
            "duplicate_of": [None, None, None, None, "a1", None],
        }
    )
    sentences = pd.DataFrame(
        {
            "doc_id": ["a1", "a1", "a2", "a3", "a3", "b1", "b2"],
            "sent_id": [0, 1, 0, 0, 1, 0, 0],
            "speaker": ["Sergei Lavrov", "narrator", "Kim Jong Un", "narrator", "Kim Jong Un",
                        "narrator", "Sergei Lavrov"],
            "n_words": [5, 6, 7, 8, 9, 10, 5],
            "text": ["w"] * 7,
        }
    )
    quotes = pd.DataFrame({"doc_id": ["a1"], "quote_id": [0], "speaker": ["Sergei Lavrov"]})
    frames = pd.DataFrame({"doc_id": ["a1", "b2"], "category": ["war", "war"],
                           "speaker": ["Sergei Lavrov", "Sergei Lavrov"]})
    return Tables(documents, sentences, quotes, frames)


def test_language_filters_documents_and_their_rows(tables):
    out = select(tables, language="es")
    assert list(out.documents["doc_id"]) == ["b1"]
    assert list(out.sentences["doc_id"]) == ["b1"]
    assert out.quotes.empty and out.frames.empty
    assert list(select(tables, language=["en", "es"]).documents["doc_id"]) == ["a1", "a2", "a3", "b1"]


def test_duplicates_and_empty_documents_are_left_out_unless_kept(tables):
    assert list(select(tables).documents["doc_id"]) == ["a1", "a2", "a3", "b1"]
    # the duplicate's sentence and frame hit are gone too, so rates count the text once
    assert "b2" not in set(select(tables).sentences["doc_id"])
    assert "b2" not in set(select(tables).frames["doc_id"])
    assert "b2" in set(select(tables, keep_duplicates=True).documents["doc_id"])
    assert "e1" in set(select(tables, keep_empty=True).documents["doc_id"])
    everything = select(tables, keep_duplicates=True, keep_empty=True)
    pd.testing.assert_frame_equal(everything.documents, tables.documents)


def test_the_filter_that_empties_the_selection_is_named_with_the_values_there(tables):
    with pytest.raises(ParameterError) as info:
        select(tables, language="es", country="South Korea")
    message = str(info.value)
    # language alone keeps b1; country is the filter that took the count to zero
    assert "country='South Korea' left no document" in message
    assert "of the 1 document after" in message and "language='es')" in message
    assert "did you mean" not in message  # 'South Korea' is a country of the corpus
    assert "'North Korea' (1)" in message
    with pytest.raises(ParameterError, match=r"date_from='2013' left no document.*2011-03-01 to 2012-07-01"):
        select(tables, date_from="2013")


def test_values_match_exactly_and_a_near_miss_gets_did_you_mean(tables):
    with pytest.raises(ParameterError, match=r"country='North Korae'.*did you mean 'North Korea'") as info:
        select(tables, country="North Korae")
    assert "'North Korea' (3)" in str(info.value)  # the values there, with counts
    with pytest.raises(ParameterError, match=r"speaker='Lavrov'.*did you mean 'Sergei Lavrov'"):
        select(tables, speaker="Lavrov")
    # one unknown value in a list is an error too, not silently ignored
    with pytest.raises(ParameterError, match="language='fr'"):
        select(tables, language=["en", "fr"])


def test_a_speaker_who_says_nothing_in_the_selection_is_explained(tables):
    with pytest.raises(ParameterError, match=r"speaker='Kim Jong Un' says nothing.*'narrator' \(1\)"):
        select(tables, language="es", speaker="Kim Jong Un")


def test_country_spellings_and_codes_select_the_canonical_name(tables):
    for spelling in ["DPRK", "PRK", "Democratic People's Republic of Korea",
                     "Korea, Democratic People\u2019s Republic of"]:
        assert list(select(tables, country=spelling).documents["doc_id"]) == ["a1", "a2", "b1"]


def test_canonical_countries_code_first_then_spelling_raw_kept():
    docs = pd.DataFrame({
        "doc_id": ["1", "2", "3", "4", "5"],
        "country": ["Korea, Democratic People's Republic of", "", "Swaziland",
                    "the  Russian Federation", "Atlantis"],
        "iso3": ["PRK", "PRK", "SWE", None, None],
    })
    out = canonical_countries(docs)
    assert list(out["country"]) == ["North Korea", "North Korea", "Sweden", "Russia", "Atlantis"]
    assert list(out["country_raw"])[:3] == list(docs["country"])[:3]
    assert list(out.columns) == ["doc_id", "country", "country_raw", "iso3"]
    assert list(docs.columns) == ["doc_id", "country", "iso3"]  # input not mutated


def test_country_aliases_a_user_extends(tmp_path):
    docs = pd.DataFrame({"doc_id": ["1", "2"], "country": ["Atlantis", "DPRK"]})
    csv_file = tmp_path / "countries.csv"
    csv_file.write_text("alias,canonical\nAtlantis,Lost Land\nNorth Korea,DPR Korea\n", encoding="utf-8")
    out = canonical_countries(docs, aliases=csv_file)
    assert list(out["country"]) == ["Lost Land", "DPR Korea"]
    assert load_country_aliases({"Ruritania": "Ruritania"})["ruritania"] == "Ruritania"
    with pytest.raises(ParameterError, match="countries.txt.*must end in .json or .csv"):
        (tmp_path / "countries.txt").write_text("x", encoding="utf-8")
        load_country_aliases(tmp_path / "countries.txt")
    with pytest.raises(ParameterError, match="non-empty string"):
        load_country_aliases({"Ruritania": ""})


def test_load_corpus_gives_canonical_countries_and_dates_from_years(tmp_path):
    folder = tmp_path / "un"
    folder.mkdir()
    rows = [("PRK_1.txt", "PRK", "Democratic People's Republic of Korea", 2009),
            ("PRK_2.txt", "PRK", "North Korea", 2010), ("KOR_1.txt", "KOR", "Republic of Korea", 2011)]
    for name, _code, _country, year in rows:
        (folder / name).write_text(f"A speech of {year} about peace and the world.", encoding="utf-8")
    lines = ["path,iso3,country,year"] + [f'{p},{c},"{n}",{y}' for p, c, n, y in rows]
    (folder / "metadata.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = load_corpus(folder, country_aliases={"South Korea": "Republic of Korea"})
    assert list(docs["country"]) == ["Republic of Korea", "North Korea", "North Korea"]
    assert list(docs["country_raw"]) == ["Republic of Korea", "Democratic People's Republic of Korea",
                                         "North Korea"]
    empty = pd.DataFrame({"doc_id": pd.Series(dtype=str), "speaker": pd.Series(dtype=str)})
    tabs = Tables(docs, empty.assign(text=""), empty, None)
    assert sorted(select(tabs, date_from="2010").documents["year"]) == [2010, 2011]


def test_reference_selection_drops_the_subject_keeps_the_terms(tables):
    filters = {"speaker": "Kim Jong Un", "language": "en", "date_from": "2012"}
    ref = reference_selection(tables, **filters)
    assert list(ref.documents["doc_id"]) == ["a2", "a3"]  # English 2012, every voice
    ref = reference_selection(tables, studied="date_from", **filters)
    assert set(ref.sentences["speaker"]) == {"Kim Jong Un"}
    ref = reference_selection(tables, reference={"country": "Russia", "keep_duplicates": True},
                              **filters)
    assert list(ref.documents["doc_id"]) == ["b2"]
    with pytest.raises(ParameterError, match="studied='speakers'.*did you mean 'speaker'"):
        reference_selection(tables, studied="speakers", **filters)
    with pytest.raises(ParameterError, match="'langauge' is not a select"):
        reference_selection(tables, langauge="en")


def test_key_terms_join_a_name_into_one_term():
    target = ["Traitor Lee Myung Bak said war.", "Lee Myung Bak again.", "Lee Myung Bak lies.",
              "Lee said no."] * 4
    reference = ["The harvest was good.", "Lee went home.", "Peace and work."] * 4
    sentences = pd.DataFrame({"text": target + reference})
    mask = pd.Series([True] * len(target) + [False] * len(reference))
    keys = compute_key_terms(sentences, mask, min_count=3)
    terms = set(keys.loc[keys["direction"] == "target", "term"])
    assert "lee myung bak" in terms
    assert not {"myung", "bak", "myung bak", "lee myung"} & terms  # only inside the name
    assert "lee" in terms  # a quarter of its uses are outside the name: a term of its own
    assert set(keys["n_words"]) <= {1, 2, 3}
    with pytest.raises(ParameterError, match="ngrams"):
        compute_key_terms(sentences, mask, ngrams=[4])


def test_grid_unknown_parameter_gets_did_you_mean(tmp_path):
    notebook = tmp_path / "nb.ipynb"
    cell = {"cell_type": "code", "execution_count": None, "id": "p", "outputs": [],
            "metadata": {"tags": ["parameters"]}, "source": 'speaker = None\ncountry = None\n'}
    notebook.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                    "nbformat_minor": 5}), encoding="utf-8")
    runs = load_grid([{"speakr": "Kim"}], notebook=notebook)
    with pytest.raises(GridError, match=r"unknown parameter 'speakr'.*did you mean 'speaker'"):
        validate_runs(runs, strict=True)


@pytest.fixture(scope="module")
def un_tables():
    docs = load_corpus(shared_path("corpora", "ungdc"))
    empty = pd.DataFrame({"doc_id": pd.Series(dtype=str), "speaker": pd.Series(dtype=str)})
    return Tables(docs, empty, empty, None)


def test_un_north_korea_in_seven_spellings_is_one_country(un_tables):
    docs = un_tables.documents
    assert docs.loc[docs["iso3"] == "PRK", "country_raw"].nunique() >= 5
    for spelling in ["North Korea", "DPRK", "Democratic People's Republic of Korea"]:
        assert len(select(un_tables, country=spelling).documents) == (docs["iso3"] == "PRK").sum() == 34
    # one name per code and one code per name
    assert (docs.groupby("iso3")["country"].nunique() == 1).all()
    assert (docs.groupby("country")["iso3"].nunique() == 1).all()


def test_un_year_only_corpus_filters_by_date(un_tables):
    docs = un_tables.documents
    kept = select(un_tables, date_from="2010", date_to="2012").documents
    assert len(kept) == docs["year"].between(2010, 2012).sum() > 500
    assert set(kept["year"]) == {2010, 2011, 2012}


def test_prepare_applies_and_records_user_country_aliases(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("We stand for peace. We stand for friendship.", encoding="utf-8")
    (raw / "b.txt").write_text("The harvest was good this year.", encoding="utf-8")
    (raw / "metadata.csv").write_text("path,country\na.txt,Atlantis\nb.txt,D.P.R.K.\n", encoding="utf-8")
    aliases = tmp_path / "countries.csv"
    aliases.write_text("alias,canonical\nAtlantis,Lost Land\n", encoding="utf-8")
    out = tmp_path / "out"
    prepare(raw, out=out, workers=1, progress=False, country_aliases=aliases)
    docs = load_processed(out).documents
    assert list(docs["country"]) == ["Lost Land", "North Korea"]
    assert list(docs["country_raw"]) == ["Atlantis", "D.P.R.K."]
    recorded = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["parameters"]
    assert recorded["country_aliases"]["file"] == "countries.csv"
    assert len(recorded["country_aliases"]["sha256"]) == 64
    report = verify(out)  # prepare again with the recorded table: the same bytes
    assert report.identical, report.differences


def test_a_speaker_spelling_of_the_alias_table_selects_the_canonical_name(tables):
    assert len(select(tables, speaker="Serguei Lavrov").sentences) == 1  # "Sergei Lavrov", b2 a duplicate
    with pytest.raises(ParameterError, match="speaker='Sergei Lavrow'"):
        select(tables, speaker="Sergei Lavrow")
