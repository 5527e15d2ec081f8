"""Canonical speaker names: courtesy titles, the quotation rules and the alias table, in every table."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from researchlib.corpus import load_corpus
from researchlib.corpus.speakers import canonical_name, metadata_name, speaker_namer
from researchlib.exceptions import ParameterError
from researchlib.pipeline import prepare
from researchlib.quotes import load_aliases
from researchlib.tables import load_processed


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("Mr. Sergey V. Lavrov", "Sergei Lavrov"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("H.E. Mr. Kim Song", "Kim Song"),
        ("His Royal Highness Prince Zeid", "Prince Zeid"),
        ("Traitor Lee Myung Bak Group", "Lee Myung Bak"),
        ("Sheikh Tamim bin Hamad Al-Thani", "Sheikh Tamim bin Hamad Al-Thani"),
        ("President Ilham Aliyev", "President Ilham Aliyev"),
        ("Mr.", "Mr."),
        ("  Dr.   Ana   Ruiz ", "Ana Ruiz"),
    ],
)
def test_canonical_name(given, canonical):
    assert canonical_name(given, load_aliases()) == canonical


def _corpus(tmp_path):
    rows = [
        {"doc_id": "a", "speaker": "Mr. Ivo Marek", "text": 'We met. "Our ties are fraternal," Mr. Ivo Marek said.'},
        {"doc_id": "b", "speaker": "Ivo Marek", "text": 'He spoke again. "We are comrades," said Marek.'},
        {"doc_id": "c", "speaker": "Ana Ruiz", "text": "A statement on trade, with no quotation at all."},
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_documents_keep_the_names_as_given_beside_the_canonical_ones(tmp_path):
    docs = load_corpus(_corpus(tmp_path))
    assert list(docs["speaker"]) == ["Ivo Marek", "Ivo Marek", "Ana Ruiz"]
    assert list(docs["speaker_raw"]) == ["Mr. Ivo Marek", "Ivo Marek", "Ana Ruiz"]
    assert list(docs.columns).index("speaker_raw") == list(docs.columns).index("speaker") + 1
    same = load_corpus(_corpus(tmp_path), speaker_aliases={"Ivo Marek": "Ivo Marek"})
    pd.testing.assert_frame_equal(docs, same)


def test_names_that_differ_only_in_case_are_one_name(tmp_path):
    path = tmp_path / "un.jsonl"
    rows = [("a", "Mr. Abdullah GUL"), ("b", "Abdullah Gul"), ("c", "DPRK Foreign Ministry")]
    path.write_text("".join(json.dumps({"doc_id": d, "speaker": s, "text": "Peace talks."}) + "\n"
                            for d, s in rows), encoding="utf-8")
    docs = load_corpus(path)
    assert list(docs["speaker"]) == ["Abdullah Gul", "Abdullah Gul", "DPRK Foreign Ministry"]


def test_names_written_differently_are_one_name_and_quoted_speakers_follow(tmp_path):
    path = tmp_path / "un.jsonl"
    rows = [("a", "Ivo W Marek"), ("b", "Ivo W. Marek"), ("c", "Ivo W. Marek"),
            ("d", "Ban Ki Moon"), ("e", "Ban Ki-moon"), ("f", "Suga Yoshihide"),
            ("g", "Yoshihide Suga"), ("h", "Yoshihide Suga"), ("i", "Ana Ruiz")]
    path.write_text("".join(json.dumps({"doc_id": d, "speaker": s, "text": f"Peace talks, part {d}."})
                            + "\n" for d, s in rows), encoding="utf-8")
    docs = load_corpus(path)
    # the form most documents use; the fewest capitals first; names stay apart when they differ
    assert list(docs["speaker"]) == ["Ivo W. Marek"] * 3 + ["Ban Ki-moon"] * 2 + ["Yoshihide Suga"] * 3 + [
        "Ana Ruiz"]
    name_of = speaker_namer(names=[s for _, s in rows])
    assert name_of("Ivo W Marek") == name_of("IVO W. MAREK") == "Ivo W. Marek"
    assert name_of("Ana Ruiz-Marek") == "Ana Ruiz-Marek"


def test_a_name_of_the_alias_table_is_kept_among_its_variants():
    name_of = speaker_namer(names=["Lee Myung bak", "Lee Myung bak", "Lee Myung Bak"])
    assert name_of("Lee Myung bak") == name_of("Lee Myung-Bak") == "Lee Myung Bak"


@pytest.mark.parametrize(
    ("given", "tidy"),
    [
        ("YON HYONG MUK", "Yon Hyong Muk"),
        ("SONG Won Ho", "SONG Won Ho"),  # a short word in capitals may be an acronym
        ("Mamadou BAMBA", "Mamadou Bamba"),
        ("DPRK Foreign Ministry", "DPRK Foreign Ministry"),
        ("Choe Su Hon,", "Choe Su Hon"),
        ("Abubakr AL-QIRBI", "Abubakr Al-Qirbi"),
        ("Mohammed VI", "Mohammed VI"),
        ("DPRK", "DPRK"),
    ],
)
def test_a_documents_own_speaker_is_tidied_as_metadata(given, tidy):
    assert metadata_name(given) == tidy


def test_metadata_capitals_are_lowered_only_for_the_documents_own_speakers(tmp_path):
    path = tmp_path / "un.jsonl"
    rows = [("a", "YON HYONG MUK", '"We want peace," said DPRK Foreign Ministry.'),
            ("b", "Choe Su Hon,", "Peace talks.")]
    path.write_text("".join(json.dumps({"doc_id": d, "speaker": s, "text": t}) + "\n"
                            for d, s, t in rows), encoding="utf-8")
    out = tmp_path / "out"
    prepare(path, out=out, workers=1, progress=False, sentiment=False)
    tables = load_processed(out)
    assert list(tables.documents["speaker"]) == ["Yon Hyong Muk", "Choe Su Hon"]
    assert set(tables.sentences["speaker"]) >= {"Yon Hyong Muk", "Choe Su Hon"}
    assert "YON HYONG MUK" not in set(tables.sentences["speaker"])


def test_a_corpus_whose_names_are_canonical_gets_no_raw_column(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"doc_id": "x", "speaker": "Ana Ruiz", "text": "Trade talks."}) + "\n")
    assert "speaker_raw" not in load_corpus(path).columns


def test_prepare_applies_a_users_aliases_to_every_table_and_records_them(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical\nIvo Marek,Ivo J. Marek\nMarek,Ivo J. Marek\n", encoding="utf-8")
    out = tmp_path / "out"
    prepare(_corpus(tmp_path), out=out, workers=1, progress=False, sentiment=False,
            speaker_aliases=aliases)
    tables = load_processed(out)
    assert set(tables.documents["speaker"]) == {"Ivo J. Marek", "Ana Ruiz"}
    speech = tables.quotes[tables.quotes["kind"] == "speech"]
    assert set(speech["speaker"]) == {"Ivo J. Marek"}
    assert "Ivo Marek" not in set(tables.sentences["speaker"])
    assert "Ivo J. Marek" in set(tables.sentences["speaker"])
    hits = tables.frames
    assert not hits.empty and set(hits["speaker"]) <= {"Ivo J. Marek", "Ana Ruiz"}
    manifest = json.loads((out / "manifest.json").read_text())
    record = manifest["parameters"]["speaker_aliases"]
    assert record["file"] == "aliases.csv" and len(record["sha256"]) == 64
    # A changed table is a changed run: the next prepare recomputes, with the new names.
    aliases.write_text("alias,canonical\nIvo Marek,Ivo Marek-Novak\n", encoding="utf-8")
    result = prepare(_corpus(tmp_path), out=out, workers=1, progress=False, sentiment=False,
                     speaker_aliases=aliases)
    assert not result.skipped
    assert "Ivo Marek-Novak" in set(load_processed(out).documents["speaker"])


def test_a_bad_alias_table_fails_before_any_work(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ParameterError, match="aliases"):
        prepare(_corpus(tmp_path), out=out, workers=1, progress=False,
                speaker_aliases=tmp_path / "missing.csv")
    assert not out.exists()
