"""Tests of researchlib.lexicon: the three formats, their errors, and the default lexicon."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest
from conftest import shared_path

import researchlib as rl
from researchlib.exceptions import LexiconError
from researchlib.frames import lookup_frames
from researchlib.lexicon import Lexicon, default_lexicon, load_lexicon

MFD_SIZES = {
    "care.virtue": 182,
    "care.vice": 288,
    "fairness.virtue": 115,
    "fairness.vice": 236,
    "loyalty.virtue": 142,
    "loyalty.vice": 49,
    "authority.virtue": 301,
    "authority.vice": 130,
    "sanctity.virtue": 272,
    "sanctity.vice": 388,
}


def _write(tmp_path, name: str, text: str, newline: str = "\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


# --- YAML --------------------------------------------------------------------


def test_yaml_nested_and_descriptions(tmp_path):
    path = _write(
        tmp_path,
        "war.yaml",
        """
kinship:
  - Share  Blood
  - brother*
war:
  sacrifice: [shed blood, martyr*]
  victory:
    final: [victory]
_descriptions:
  kinship: Family ties.
""",
    )
    lex = load_lexicon(path)
    assert lex.name == "war"
    assert lex.source == path
    assert lex.categories() == ("kinship", "war.sacrifice", "war.victory.final")
    assert lex.patterns("kinship") == ("share blood", "brother*")
    assert lex.patterns("war.victory.final") == ("victory",)
    assert len(lex) == 5
    assert lex.descriptions == {"kinship": "Family ties."}
    frame = lex.to_frame()
    assert list(frame.columns) == ["lexicon", "category", "pattern", "description"]
    assert frame["pattern"].tolist() == [
        "share blood",
        "brother*",
        "shed blood",
        "martyr*",
        "victory",
    ]
    assert load_lexicon(path, name="other").name == "other"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a:\n  - ok\nb: just text\n", r"line 3: category 'b' has the value 'just text'"),
        ("a:\n  - ok\n  - ''\n", r"line 3: empty pattern"),
        ("a:\n  - frat*ernal\n", r"line 2: invalid glob"),
        ("a:\n  - '*'\n", r"line 2: invalid glob"),
        ("a:\n  - [nested, list]\n", r"line 2: bad nesting"),
        ("a:\n  b: 3\n", r"line 2: category 'a.b' has the value '3'"),
        ("a: [x]\na: [y]\n", r"line 2: category 'a' appears twice"),
        ("- x\n- y\n", r"line 1: the top level must be a mapping"),
        ("a: [x\n", r"line \d+: not valid YAML"),
        ("a:\n", r"line 1: category 'a' has the value ''"),
    ],
)
def test_yaml_errors_name_file_and_line(tmp_path, text, message):
    path = _write(tmp_path, "bad.yaml", text)
    with pytest.raises(LexiconError, match=message) as info:
        load_lexicon(path)
    assert str(path) in str(info.value)


def test_unknown_suffix_and_missing_file(tmp_path):
    with pytest.raises(LexiconError, match=r"unknown lexicon format '\.txt'"):
        load_lexicon(_write(tmp_path, "x.txt", "a"))
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon(tmp_path / "absent.yaml")


# --- LIWC .dic ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["mfd2.0.dic", "mfd2.0_quanteda-copy_CR-line-endings.dic"])
def test_mfd2_both_line_endings(name):
    lex = load_lexicon(shared_path("corpora", "dictionaries", "moral_foundations", name))
    assert {c: len(lex.patterns(c)) for c in lex.categories()} == MFD_SIZES
    assert len(lex) == 2103
    assert "civil rights" in lex.patterns("fairness.virtue")
    assert "protect" in lex.patterns("care.virtue") and "protect" in lex.patterns(
        "authority.virtue"
    )


def test_mfd2_copies_are_identical():
    base = ("corpora", "dictionaries", "moral_foundations")
    lf = load_lexicon(shared_path(*base, "mfd2.0.dic"), name="mfd")
    cr = load_lexicon(shared_path(*base, "mfd2.0_quanteda-copy_CR-line-endings.dic"), name="mfd")
    assert lf == cr


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("moral_foundations_dictionary_original.dic", "HarmVirtue", "MoralityGeneral"),
        ("mft_original.dic", "care.virtue", "moral"),
    ],
)
def test_original_mfd_padded_ids_and_multiple_ids(name, first, last):
    lex = load_lexicon(shared_path("corpora", "dictionaries", "moral_foundations", name))
    cats = lex.categories()
    assert len(cats) == 11 and cats[0] == first and cats[-1] == last
    assert "safe*" in lex.patterns(first)
    assert "benefit*" in lex.patterns(first)  # "benefit*<spaces><TAB>01"
    # 'fair-*' sits in fairness virtue; several ids on one line put a word in several categories
    multi = [p for p in lex.mapping[cats[0]] if sum(p in lex.patterns(c) for c in cats) > 1]
    assert multi, "entries with several category ids should appear in several categories"
    assert len(lex) == 359


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_dic_line_endings_spaces_and_padding(tmp_path, newline):
    text = "%\n01   kin\n2\tunity\n%\n\nbrother*\t01\t\nshare blood\t1 02\nally 2\n\n"
    lex = load_lexicon(_write(tmp_path, "x.dic", text, newline))
    assert lex.mapping == {"kin": ("brother*", "share blood"), "unity": ("share blood", "ally")}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("%\n1 a\n%\nword\t3\n", r"line 4: unknown category id '3'"),
        ("%\n1 a\n%\n\t1\n", r"line 4: empty pattern"),
        ("%\n1 a\n%\nfr*at\t1\n", r"line 4: invalid glob"),
        ("%\n1 a\n%\nword\n", r"line 4: entry 'word' has no category id"),
        ("1 a\n%\n", r"line 1: a LIWC \.dic file must open with a '%' line"),
        ("%\n1 a\nword\t1\n", r"never closed"),
        ("%\n1 a\n1 b\n%\n", r"line 3: category id '1' is defined twice"),
    ],
)
def test_dic_errors(tmp_path, text, message):
    path = _write(tmp_path, "bad.dic", text)
    with pytest.raises(LexiconError, match=message) as info:
        load_lexicon(path)
    assert str(path) in str(info.value)


# --- WordStat .cat -----------------------------------------------------------


def test_laver_garry_cat():
    lex = load_lexicon(
        shared_path("corpora", "dictionaries", "laver_garry", "Laver_and_Garry_2000.cat")
    )
    assert len(lex) == 418
    assert lex.patterns("CULTURE") == ("people", "war in iraq", "civil war")
    assert "galler*" in lex.patterns("CULTURE.CULTURE-HIGH")
    assert "ECONOMY.+STATE+" in lex.categories()
    assert "VALUES.LIBERAL" in lex.categories()
    assert "ECONOMY" not in lex.categories()  # a heading with only sub-categories
    assert len(lex.patterns("ECONOMY.+STATE+")) == 50


def test_cat_errors(tmp_path):
    path = _write(tmp_path, "a.cat", "TOP\n\t\tDEEP\n", "\r\n")
    with pytest.raises(LexiconError, match=r"a\.cat, line 2: bad nesting"):
        load_lexicon(path)
    path = _write(tmp_path, "b.cat", "WORD (1)\n")
    with pytest.raises(LexiconError, match=r"line 1: bad nesting: entry 'WORD \(1\)'"):
        load_lexicon(path)
    path = _write(tmp_path, "c.cat", "TOP\n\t (1)\n")
    with pytest.raises(LexiconError, match=r"line 2: empty pattern"):
        load_lexicon(path)
    path = _write(tmp_path, "d.cat", "TOP\n\tA*B (1)\n")
    with pytest.raises(LexiconError, match=r"line 2: invalid glob"):
        load_lexicon(path)


# --- the Lexicon object and the default lexicon --------------------------------


def test_lexicon_object():
    lex = Lexicon("demo", {"a": ["X", "x", "y*"], "b": ["x"]})
    assert lex.patterns("a") == ("x", "y*")  # duplicates inside a category drop
    assert len(lex) == 3
    with pytest.raises(KeyError, match="categories: a, b"):
        lex.patterns("c")
    with pytest.raises(TypeError):
        lex.mapping["a"] = ("z",)
    with pytest.raises(LexiconError, match="invalid glob"):
        Lexicon("bad", {"a": ["*x"]})


def test_default_lexicon():
    lex = rl.default_lexicon()
    assert lex is default_lexicon()
    cats = set(lex.categories())
    assert {
        "kinship_blood",
        "comradeship_unity",
        "war_sacrifice",
        "righteousness_victory",
        "goodwill_greeting",
    } <= cats
    assert set(lex.descriptions) == cats
    assert all(lex.descriptions[c].strip() for c in cats)
    for category, pattern in [
        ("kinship_blood", "share blood"),
        ("kinship_blood", "brother*"),
        ("kinship_blood", "fraternal"),
        ("kinship_blood", "blood ties"),
        ("comradeship_unity", "same trench"),
        ("comradeship_unity", "alliance"),
        ("righteousness_victory", "justice"),
        ("goodwill_greeting", "congratulat*"),
    ]:
        assert pattern in lex.patterns(category)


def test_lexicon_pickles_for_worker_processes():
    lex = Lexicon("demo", {"a": ["share blood"]}, descriptions={"a": "why"})
    sentences = pd.DataFrame(
        {
            "doc_id": ["d"],
            "sent_id": [0],
            "start": [0],
            "text": ["We shared blood."],
            "speaker": ["x"],
        }
    )
    assert len(lookup_frames(sentences, lex)) == 1  # compiles and caches the index
    copy = pickle.loads(pickle.dumps(lex))
    assert copy == lex and copy.descriptions == {"a": "why"}
    assert lookup_frames(sentences, copy)["matched"].tolist() == ["shared blood"]
