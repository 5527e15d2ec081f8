"""Tests for researchlib.corpus: formats, cleaning, bad input, the shared corpora."""

from __future__ import annotations

import codecs
import hashlib
import json
import warnings

import pandas as pd
import pytest
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from researchlib.corpus import clean_text, list_input_files, load_corpus
from researchlib.exceptions import (
    DateParseError,
    DecodingError,
    DuplicateDocumentWarning,
    DuplicateIdError,
    EmptyDocumentWarning,
    EncodingFallbackWarning,
    FrontMatterError,
    InputFileError,
    ParameterError,
    SchemaError,
)

CORE = [
    "doc_id",
    "text",
    "title",
    "date",
    "source",
    "speaker",
    "language",
    "path",
    "sha256",
    "n_chars",
    "is_empty",
    "duplicate_of",
    "repairs",
]


def write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


# --- clean_text ---------------------------------------------------------------------------


def test_clean_text_hyphenation_and_wrapping():
    text = "The sol-\ndiers of the\nSecretary-\nGeneral were\nthere.\n\n\n\nNext para-\ngraph."
    assert clean_text(text) == (
        "The soldiers of the Secretary-General were there.\n\nNext paragraph."
    )


def test_clean_text_keeps_hyphen_of_compound_spelled_elsewhere():
    text = "They did mine-\nclearing work. The mine-clearing units left."
    assert clean_text(text) == "They did mine-clearing work. The mine-clearing units left."


def test_clean_text_line_endings_controls_and_spaces():
    raw = "a\r\nb\rc\u200b\u00add\x07\te   f\u00a0g"
    assert clean_text(raw) == "a b cd e f g"


def test_clean_text_kcna_scrape_joins():
    raw = "the Republic., ,  The message said:, ,  I extend greetings. , , ,  , , , , , ,"
    assert clean_text(raw) == "the Republic.\n\nThe message said:\n\nI extend greetings."


def test_clean_text_one_paragraph_per_line_text():
    line = "This is a long paragraph line that goes on " * 4
    cleaned = clean_text(f"{line}end.\n{line}again.\n")
    assert cleaned.count("\n\n") == 1
    assert "\n" not in cleaned.replace("\n\n", "")


def test_clean_text_indented_line_starts_paragraph():
    text = "I should like\nto thank you.\n I also thank\nthe others."
    assert clean_text(text) == "I should like to thank you.\n\nI also thank the others."


def test_clean_text_nfc_and_curly_quotes_kept():
    assert clean_text("Cafe\u0301 “shared blood” it’s") == "Café “shared blood” it’s"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_total_and_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\r" not in once and "\t" not in once and "\n\n\n" not in once
    assert once == once.strip(" \n")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab -,.\n\t\r  \u200bÉ’"))))
def test_clean_text_idempotent_on_layout_characters(text):
    once = clean_text(text)
    assert clean_text(once) == once


# --- formats --------------------------------------------------------------------------------


def test_text_file_with_front_matter(tmp_path):
    path = write(
        tmp_path / "letter.md",
        "---\nid: kim-2026\ntitle: New Year letter\ndate: 2025-12-18\nsource: KCNA\n"
        "speaker: Kim Jong Un\nurl: https://example.org/x\ntags: [a, b]\n---\n"
        "My dear comrade!\nI extend greetings.\n",
    )
    docs = load_corpus(path)
    assert list(docs.columns[: len(CORE)]) == CORE
    row = docs.iloc[0]
    assert row.doc_id == "kim-2026"
    assert row.title == "New Year letter"
    assert row.date == pd.Timestamp("2025-12-18")
    assert docs["date"].dtype == "datetime64[ns]"
    assert (row.source, row.speaker, row.url) == ("KCNA", "Kim Jong Un", "https://example.org/x")
    assert row.text == "My dear comrade! I extend greetings."
    assert row.path == "letter.md"
    assert row.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert row.n_chars == len(row.text)
    assert not row.empty and pd.isna(row.duplicate_of)


def test_text_file_without_front_matter_uses_stem(tmp_path):
    docs = load_corpus(write(tmp_path / "speech.txt", "Hello world."))
    assert docs.doc_id.tolist() == ["speech"]
    assert pd.isna(docs.title.iloc[0]) and pd.isna(docs.date.iloc[0])


def test_jsonl(tmp_path):
    lines = [
        {"id": "a", "text": "First.", "date": "December 18, 2025", "outlet": "X"},
        {"id": "b", "text": "Second.", "date": "18 December 2025"},
        {"id": "c", "text": "Third.", "date": "2025-12-18T10:00"},
    ]
    raw = "\n".join(json.dumps(x) for x in lines) + "\n\n"
    path = write(tmp_path / "news.jsonl", raw)
    docs = load_corpus(path)
    assert docs.doc_id.tolist() == ["a", "b", "c"]
    assert docs.date.tolist()[:2] == [pd.Timestamp("2025-12-18")] * 2
    assert docs.date.iloc[2] == pd.Timestamp("2025-12-18 10:00")
    assert docs.outlet.iloc[0] == "X" and pd.isna(docs.outlet.iloc[1])
    first_line = raw.split("\n")[0].encode()
    assert docs.sha256.iloc[0] == hashlib.sha256(first_line).hexdigest()
    assert "id" not in docs.columns


def test_csv_with_embedded_newlines_and_generated_ids(tmp_path):
    raw = 'date,title,story\r\n2011-12-01,One,"Line one\r\nline two."\r\n2011-12-02,Two,Short.\r\n'
    path = write(tmp_path / "kcna.csv", raw)
    docs = load_corpus(path, text_column="story")
    assert docs.doc_id.tolist() == ["kcna-1", "kcna-2"]
    assert docs.text.iloc[0] == "Line one line two."
    assert docs.title.tolist() == ["One", "Two"]
    record = b'2011-12-01,One,"Line one\r\nline two."\r\n'
    assert docs.sha256.iloc[0] == hashlib.sha256(record).hexdigest()


def test_csv_id_column_and_numeric_columns(tmp_path):
    path = write(tmp_path / "t.csv", "key,year,code,text\nx1,1991,007,Alpha.\nx2,1992,12,Beta.\n")
    docs = load_corpus(path, id_column="key")
    assert docs.doc_id.tolist() == ["x1", "x2"]
    assert docs.year.tolist() == [1991, 1992] and str(docs.year.dtype) == "Int64"
    assert docs.code.tolist() == ["007", "12"]
    assert "key" not in docs.columns


def test_folder_with_metadata(tmp_path):
    write(tmp_path / "speeches" / "b.txt", "Second speech.")
    write(tmp_path / "speeches" / "a.txt", "First speech.")
    write(
        tmp_path / "metadata.csv",
        "path,iso3,year,speaker,n_chars\nspeeches/b.txt,USA,2001,Mr B,99\n"
        "speeches/a.txt,PRK,2000,Mr A,98\n",
    )
    write(tmp_path / "notes.txt", "not listed, not loaded")
    docs = load_corpus(tmp_path)
    assert docs.doc_id.tolist() == ["a", "b"]
    assert docs.path.tolist() == ["speeches/a.txt", "speeches/b.txt"]
    assert docs.speaker.tolist() == ["A", "B"]  # courtesy titles dropped
    assert docs.speaker_raw.tolist() == ["Mr A", "Mr B"]
    assert docs.year.tolist() == [2000, 2001]
    assert docs.date.tolist() == [pd.Timestamp("2000-01-01"), pd.Timestamp("2001-01-01")]
    assert docs.iso3.tolist() == ["PRK", "USA"]
    assert docs.meta_n_chars.tolist() == [98, 99]
    assert docs.n_chars.tolist() == [13, 14]


def test_plain_folder_sorted_and_nested(tmp_path):
    write(tmp_path / "z.txt", "Zed.")
    write(tmp_path / "sub" / "a.md", "Aye.")
    write(tmp_path / "m.jsonl", '{"text": "One."}\n{"text": "Two."}\n')
    write(tmp_path / ".hidden" / "x.txt", "hidden")
    write(tmp_path / "ignored.pdf", "%PDF")
    docs = load_corpus(tmp_path)
    assert docs.path.tolist() == ["m.jsonl", "m.jsonl", "sub/a.md", "z.txt"]
    assert docs.doc_id.tolist() == ["m-1", "m-2", "a", "z"]


def test_metadata_argument_joined_on_doc_id(tmp_path):
    write(tmp_path / "a.txt", "Alpha.")
    write(tmp_path / "b.txt", "Beta.")
    meta = pd.DataFrame({"doc_id": ["b"], "speaker": ["Putin"], "country": ["RUS"]})
    docs = load_corpus(tmp_path, metadata=meta)
    assert docs.speaker.isna().tolist() == [True, False]
    assert docs.speaker.iloc[1] == "Putin" and docs.country.iloc[1] == "Russia"  # canonical
    assert docs.country_raw.iloc[1] == "RUS"
    assert meta.columns.tolist() == ["doc_id", "speaker", "country"]  # not mutated


def test_encodings(tmp_path):
    text = "Korea’s “alliance” – café"
    utf8_bom = tmp_path / "bom.txt"
    utf8_bom.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes((text + " 2").encode("utf-16"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        docs = load_corpus(tmp_path)
    assert docs.text.tolist() == [text, text + " 2"]


def test_cp1252_fallback_warns_naming_file(tmp_path):
    write(tmp_path / "old.txt", "Korea’s “alliance”", encoding="cp1252")
    with pytest.warns(EncodingFallbackWarning, match="old.txt"):
        docs = load_corpus(tmp_path / "old.txt")
    assert docs.text.iloc[0] == "Korea’s “alliance”"


# --- bad input -----------------------------------------------------------------------------


def test_binary_file_named_txt(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputFileError, match="image.txt.*NUL"):
        load_corpus(path)


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"abc \x81\x8d\x90 def")
    with pytest.raises(DecodingError, match="bad.txt"):
        load_corpus(path)


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("---\ntitle: [unclosed\n---\nBody", "line 2"),
        ("---\ntitle: ok\nbad: : :\n  - x\n---\nBody", "line"),
        ("---\n- a list\n- not a mapping\n---\nBody", "line 2"),
        ("---\ntitle: never closed\nBody text", "line 1"),
    ],
)
def test_malformed_front_matter(tmp_path, content, line):
    path = write(tmp_path / "fm.md", content)
    with pytest.raises(FrontMatterError, match=f"fm.md: {line}"):
        load_corpus(path)


def test_unparsable_date_names_file_and_value(tmp_path):
    path = write(tmp_path / "d.md", "---\ndate: the day after tomorrow\n---\nBody")
    with pytest.raises(DateParseError, match="d.md.*'the day after tomorrow'"):
        load_corpus(path)


def test_csv_without_text_column_names_columns(tmp_path):
    path = write(tmp_path / "k.csv", "date,title,story\n2011-01-01,T,Body\n")
    with pytest.raises(SchemaError, match=r"k.csv.*'text'.*\['date', 'title', 'story'\]"):
        load_corpus(path)


def test_csv_duplicated_columns(tmp_path):
    path = write(tmp_path / "k.csv", "text,title,title\nA,B,C\n")
    with pytest.raises(SchemaError, match="k.csv.*duplicated.*title"):
        load_corpus(path)


def test_csv_row_with_too_many_fields(tmp_path):
    path = write(tmp_path / "k.csv", "text,title\nA,B\nC,D,E\n")
    with pytest.raises(InputFileError, match="k.csv line 3"):
        load_corpus(path)


def test_broken_jsonl_line(tmp_path):
    path = write(tmp_path / "n.jsonl", '{"text": "ok"}\n\n{"text": "broken\n')
    with pytest.raises(InputFileError, match="n.jsonl line 3"):
        load_corpus(path)


def test_jsonl_without_text_field(tmp_path):
    path = write(tmp_path / "n.jsonl", '{"body": "x"}\n')
    with pytest.raises(SchemaError, match=r"n.jsonl line 1.*\['body'\]"):
        load_corpus(path)


def test_duplicate_ids_name_both_sources(tmp_path):
    write(tmp_path / "a.md", "---\nid: same\n---\nOne.")
    write(tmp_path / "b.jsonl", '{"id": "x", "text": "t"}\n{"id": "same", "text": "u"}\n')
    with pytest.raises(DuplicateIdError, match=r"'same'.*a\.md.*b\.jsonl line 2"):
        load_corpus(tmp_path)


def test_missing_path_and_unsupported_extension(tmp_path):
    with pytest.raises(InputFileError, match="nope"):
        load_corpus(tmp_path / "nope")
    path = write(tmp_path / "doc.pdf", "x")
    with pytest.raises(InputFileError, match="doc.pdf.*unsupported"):
        load_corpus(path)


def test_unknown_id_column(tmp_path):
    path = write(tmp_path / "t.csv", "text\nA\n")
    with pytest.raises(SchemaError, match="id_column='key'"):
        load_corpus(path, id_column="key")


def test_metadata_path_escaping_folder(tmp_path):
    write(tmp_path / "metadata.csv", "path,year\n../secret.txt,2000\n")
    with pytest.raises(InputFileError, match="metadata.csv line 2"):
        load_corpus(tmp_path)
    write(tmp_path / "metadata.csv", f"path,year\n{tmp_path / 'a.txt'},2000\n")
    with pytest.raises(InputFileError, match="must name a file inside"):
        load_corpus(tmp_path)  # absolute paths are refused by their words alone


def test_a_folder_of_texts_linked_into_the_corpus_is_read(tmp_path):
    """`ln -s ~/corpora/ungdc/speeches data/raw/speeches`: the user's link is followed."""
    elsewhere = tmp_path / "elsewhere" / "speeches"
    write(elsewhere / "s1.txt", "First speech.")
    write(elsewhere / "s2.txt", "Second speech.")
    corpus = tmp_path / "raw"
    corpus.mkdir()
    (corpus / "speeches").symlink_to(elsewhere, target_is_directory=True)
    write(corpus / "metadata.csv", "path,year\nspeeches/s1.txt,2001\nspeeches/s2.txt,2002\n")
    docs = load_corpus(corpus)
    assert docs["text"].tolist() == ["First speech.", "Second speech."]
    assert docs["path"].tolist() == ["speeches/s1.txt", "speeches/s2.txt"]
    listed = [f["path"] for f in list_input_files(corpus)]
    assert listed == ["metadata.csv", "speeches/s1.txt", "speeches/s2.txt"]


def test_input_files_follow_links_once_and_skip_hidden(tmp_path):
    write(tmp_path / "a" / "x.txt", "x")
    write(tmp_path / "a" / ".hidden.txt", "h")
    write(tmp_path / "a" / "notes.pdf", "not a corpus file type")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    assert [f["path"] for f in list_input_files(tmp_path)] == ["a/x.txt"]


def test_empty_documents_warned_and_kept(tmp_path):
    write(tmp_path / "a.txt", "Real text.")
    write(tmp_path / "b.txt", "   \n\t\n")
    write(tmp_path / "c.txt", "")
    with pytest.warns(EmptyDocumentWarning, match=r"2 empty.*b \(b\.txt\).*c \(c\.txt\)"):
        docs = load_corpus(tmp_path)
    assert docs["is_empty"].tolist() == [False, True, True]
    assert docs.text.tolist()[1:] == ["", ""]


def test_exact_and_near_duplicates_flagged_not_dropped(tmp_path):
    write(tmp_path / "a.txt", "Kim met Putin in Moscow.")
    write(tmp_path / "b.txt", "Kim met Putin in Moscow.")
    write(tmp_path / "c.txt", "KIM met  putin, in “Moscow”")
    write(tmp_path / "d.txt", "Something else.")
    with pytest.warns(DuplicateDocumentWarning, match=r"2 documents.*1 exactly, 1 nearly"):
        docs = load_corpus(tmp_path)
    assert len(docs) == 4
    assert docs.duplicate_of.fillna("-").tolist() == ["-", "a", "a", "-"]


# --- shared material -------------------------------------------------------------------------


def test_seed_article_loads():
    docs = load_corpus(shared_path("seed", "kim-putin-new-year-2026.txt"))
    text = docs.text.iloc[0]
    assert docs.doc_id.tolist() == ["kim-putin-new-year-2026"]
    assert text.count("\n\n") == 11  # twelve paragraphs, one per line in the file
    assert "“shared blood”" in text and "mine-clearing" in text


@pytest.mark.slow
def test_ungdc_whole_folder():
    docs = load_corpus(shared_path("corpora", "ungdc"))
    assert len(docs) == 4802 and docs.doc_id.is_unique
    assert {"iso3", "year", "country", "session"} <= set(docs.columns)
    prk = docs.set_index("doc_id").loc["PRK_46_1991"]
    assert prk.speaker == "Yon Hyong Muk" and prk.year == 1991
    assert prk.speaker_raw == "YON HYONG MUK"
    assert (docs.date.dt.year == docs.year).all() and (docs.date.dt.dayofyear == 1).all()
    assert docs.path.is_monotonic_increasing
    assert not docs.text.str.contains("\r").any()


@pytest.mark.slow
def test_us_sotu_folder():
    docs = load_corpus(shared_path("corpora", "us_sotu"))
    assert len(docs) == 233
    row = docs.set_index("doc_id").loc["1790_george_washington_n"]
    assert row.speaker == "George Washington" and row.year == 1790


@pytest.mark.slow
def test_kcna_2011_stories_flags_empty_and_duplicates():
    path = shared_path("corpora", "kcna", "kcna_stories_2011.csv")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = load_corpus(path, text_column="story")
    kinds = {type(w.message) for w in caught}
    assert {EmptyDocumentWarning, DuplicateDocumentWarning} <= kinds
    assert len(docs) == 13907
    assert docs["is_empty"].sum() > 0 and docs.duplicate_of.notna().sum() > 0
    assert docs.loc[docs["is_empty"], "text"].eq("").all()
    assert not docs.text.str.contains(", ,", regex=False).any()
    assert docs.date.notna().all()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"One line.\rTwo line.\r\nThree.\n", "One line. Two line. Three."),
        (b"Para one.\r\rPara two.", "Para one.\n\nPara two."),
        ("مرحبا بالعالم. 你好，世界。 🇰🇵🤝🇷🇺".encode(), "مرحبا بالعالم. 你好，世界。 🇰🇵🤝🇷🇺"),
        ("zero\u200bwidth\u2060 and\ufeff bom".encode(), "zerowidth and bom"),
    ],
)
def test_line_endings_scripts_and_invisible_characters(tmp_path, raw, expected):
    path = tmp_path / "odd.txt"
    path.write_bytes(raw)
    assert load_corpus(path).text.iloc[0] == expected


def test_many_tiny_documents(tmp_path):
    lines = "".join(json.dumps({"text": f"Document number {i}."}) + "\n" for i in range(20_000))
    docs = load_corpus(write(tmp_path / "many.jsonl", lines))
    assert len(docs) == 20_000 and docs.doc_id.is_unique
    assert docs.duplicate_of.isna().all()


def test_folder_with_metadata_subfolder_and_readme(tmp_path):
    from researchlib import load_corpus

    (tmp_path / "README.md").write_text("# about this corpus\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A plain document.", encoding="utf-8")
    speeches = tmp_path / "speeches"
    speeches.mkdir()
    (speeches / "s1.txt").write_text("We stand together.", encoding="utf-8")
    (speeches / "metadata.csv").write_text("path,speaker,year\ns1.txt,Ada Vane,2024\n", encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert list(docs["path"]) == ["a.txt", "speeches/s1.txt"]
    row = docs.set_index("path").loc["speeches/s1.txt"]
    assert row["speaker"] == "Ada Vane" and row["year"] == 2024


# --------------------------------------------------------------------------- source-specific repairs


def test_kcna_scrape_joins_are_repaired_only_where_the_document_shows_them(tmp_path):
    kcna = "Kim Jong Il inspected the unit., , He praised the soldiers., , , , "
    news = '"It is a big issue,,,,it is," he said. Prices rose, , , and fell.'
    write(tmp_path / "kcna.txt", kcna)
    write(tmp_path / "news.txt", news)
    docs = load_corpus(tmp_path).set_index("doc_id")
    assert docs.loc["kcna", "text"] == "Kim Jong Il inspected the unit.\n\nHe praised the soldiers."
    assert docs.loc["kcna", "repairs"] == "scrape_joins"
    assert docs.loc["news", "text"] == news  # ordinary news keeps its commas
    assert docs.loc["news", "repairs"] == ""
    forced = load_corpus(tmp_path, repairs="all").set_index("doc_id")
    assert forced.loc["news", "text"].startswith('"It is a big issue\n\nit is," he said.')
    assert forced.loc["news", "repairs"] == "scrape_joins"
    never = load_corpus(tmp_path, repairs="none").set_index("doc_id")
    assert never.loc["kcna", "text"].startswith("Kim Jong Il inspected the unit., , He")
    assert set(never["repairs"]) == {""}


def test_unknown_repairs_mode_names_the_allowed_ones(tmp_path):
    write(tmp_path / "a.txt", "Text.")
    with pytest.raises(ParameterError, match=r"repairs='kcna'.*'auto', 'all', 'none'"):
        load_corpus(tmp_path, repairs="kcna")
    with pytest.raises(ParameterError, match="repairs='x'"):
        clean_text("Text.", repairs="x")


def test_a_year_only_corpus_gets_dates_and_a_dated_corpus_gets_years(tmp_path):
    """UN speeches know only their year: select(date_from="2010") found nothing."""
    un = tmp_path / "un"
    write(un / "a.txt", "First speech.")
    write(un / "b.txt", "Second speech.")
    write(un / "metadata.csv", "path,year\na.txt,1991\nb.txt,2012\n")
    docs = load_corpus(un)
    assert docs["date"].tolist() == [pd.Timestamp("1991-01-01"), pd.Timestamp("2012-01-01")]
    assert docs["year"].tolist() == [1991, 2012]
    dated = tmp_path / "dated"
    write(dated / "a.md", "---\ndate: 2021-06-25\n---\nText.")
    write(dated / "b.md", "Undated text.")
    docs = load_corpus(dated)
    assert docs["year"].isna().tolist() == [False, True]
    assert str(docs["year"].dtype) == "Int64" and docs["year"].iloc[0] == 2021
