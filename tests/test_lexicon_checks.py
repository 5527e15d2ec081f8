"""The default lexicon checked against names and false friends: exception phrases,
inflection only forward from the written word, and the forms behind each category."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest
from conftest import shared_path

import researchlib as rl
from researchlib import Lexicon, default_lexicon, lexicon_diagnostics, load_lexicon, lookup_frames
from researchlib.exceptions import LexiconError, ParameterError


def _hits(text: str, lexicon: Lexicon) -> pd.DataFrame:
    sentence = pd.DataFrame(
        {"doc_id": ["d"], "sent_id": [0], "start": [0], "text": [text], "speaker": [None]}
    )
    return lookup_frames(sentence, lexicon)


def _matched(text: str, lexicon: Lexicon, category: str | None = None) -> list[str]:
    hits = _hits(text, lexicon)
    if category is not None:
        hits = hits[hits["category"] == category]
    return hits["matched"].tolist()


# --- exception phrases --------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "the United States",
        "the United Nations",
        "the UNITED NATIONS",
        "the United Arab Emirates",
        "the United Kingdom",
        "the United Republic of Tanzania",
    ],
)
def test_united_names_are_no_comradeship_hit(name):
    text = f"A delegation of {name} arrived."
    assert _matched(text, default_lexicon(), "comradeship_unity") == []


def test_united_outside_a_name_still_counts():
    text = "The united people stand united with the United Nations and unite."
    assert _matched(text, default_lexicon(), "comradeship_unity") == ["united", "united", "unite"]


def test_an_exception_drops_only_hits_wholly_inside_it_and_only_in_its_category():
    lex = Lexicon(
        "t",
        {"unity": ["united", "united nations day"], "world": ["nations"]},
        exceptions={"unity": ["united nations"]},
    )
    hits = _hits("The United Nations met; United Nations Day came.", lex)
    got = list(zip(hits["category"], hits["matched"]))
    # "nations" counts for "world" (no exception there); the longer "United Nations Day"
    # reaches past the exception's match, so it stays.
    assert got == [("world", "Nations"), ("unity", "United Nations Day"), ("world", "Nations")]


def test_exception_phrases_follow_the_pattern_language():
    lex = Lexicon("t", {"war": ["defen*", "war"]}, exceptions={"war": ["minist* of defence", "war crimes tribunal"]})
    text = "The Minister of Defence spoke of defence; the War Crimes Tribunal and a war."
    assert _matched(text, lex) == ["defence", "war"]
    # a quote mark between the words is allowed, a comma breaks the phrase
    assert _matched('The "Ministry" of Defence; the ministry, of defence.', lex) == ["defence"]
    # the exception inflects like the patterns: "tribunals" is a form of "tribunal"
    assert _matched("war crimes tribunals", lex) == []


def test_yaml_except_section(tmp_path):
    path = tmp_path / "lex.yaml"
    path.write_text(
        "unity: [united, ally]\nwar: [war]\n_except:\n  unity:\n    - United Nations\n    - 'united  states'\n",
        encoding="utf-8",
    )
    lex = load_lexicon(path)
    assert lex.exceptions == {"unity": ("united nations", "united states")}
    assert lex.exception_entries() == [("unity", "united nations"), ("unity", "united states")]
    assert lex.to_frame().attrs["exceptions"] == {"unity": ["united nations", "united states"]}
    assert _matched("Allies of the United States, united.", lex) == ["Allies", "united"]


def test_exceptions_are_part_of_the_lexicon_identity_and_survive_pickling():
    plain = Lexicon("t", {"unity": ["united"]})
    named = Lexicon("t", {"unity": ["united"]}, exceptions={"unity": ["united nations"]})
    assert plain != named
    again = pickle.loads(pickle.dumps(named))
    assert again == named and again.exceptions == named.exceptions
    assert _matched("the United Nations", again) == []
    assert _matched("the United Nations", plain) == ["United"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [x]\n_except:\n  b: [y]\n", r"_except names categories that do not exist: b"),
        ("a: [x]\n_except: [y]\n", r"line 2: '_except' must map category names"),
        ("a: [x]\n_except:\n  a: y\n", r"line 3: the exceptions of 'a' must be a list"),
        ("a: [x]\n_except:\n  a: [[y]]\n", r"line 3: an exception of 'a' is a list or mapping"),
        ("a: [x]\n_except:\n  a: ['*y']\n", r"line 3: invalid glob"),
    ],
)
def test_bad_except_sections_name_the_line(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_lexicon(path)


def test_bad_exceptions_in_code():
    with pytest.raises(LexiconError, match="category 'nope', which does not exist; categories: a"):
        Lexicon("t", {"a": ["x"]}, exceptions={"nope": ["y"]})
    with pytest.raises(LexiconError, match="must be a list of phrases, got the text 'y'"):
        Lexicon("t", {"a": ["x"]}, exceptions={"a": "y"})
    with pytest.raises(LexiconError, match="exceptions must map category names"):
        Lexicon("t", {"a": ["x"]}, exceptions=["y"])


# --- inflection: the written word's own regular inflections -------------------------


def test_the_issues_three_false_friends_are_gone():
    lex = default_lexicon()
    assert _matched("The wall fell.", lex, "war_sacrifice") == []
    assert _matched("He won a medal and paid ten thousand won.", lex, "righteousness_victory") == []
    assert _matched("A warm welcome.", lex, "goodwill_greeting") == []
    # the written forms themselves still count
    assert _matched("The fallen will win; warmest greetings.", lex) == [
        "fallen",
        "win",
        "warmest",
        "greetings",
    ]


def test_base_words_get_their_regular_inflections():
    lex = Lexicon("t", {"war": ["martyr", "sacrifice", "win", "ally", "enemy"]})
    text = (
        "A martyr, martyrs, the martyr's grave; sacrifices sacrificed, sacrificing; "
        "wins, winning, won; allies allied; the enemy's enemies."
    )
    assert _matched(text, lex) == [
        "martyr",
        "martyrs",
        "martyr's",
        "sacrifices",
        "sacrificed",
        "sacrificing",
        "wins",
        "winning",
        "allies",
        "allied",
        "enemy's",
        "enemies",
    ]


def test_a_written_inflected_form_matches_only_itself():
    lex = Lexicon("t", {"a": ["fallen", "warmest", "enemies", "killed"]})
    assert _matched("fall fell fallen warm warmer warmest enemy enemies kill kills killed", lex) == [
        "fallen",
        "warmest",
        "enemies",
        "killed",
    ]


def test_exact_formats_are_unchanged_by_the_rule(tmp_path):
    path = tmp_path / "lex.dic"
    path.write_text("%\n1 war\n%\nmartyr\t1\nwin\t1\n", encoding="utf-8")
    assert _matched("martyr martyrs win wins won", load_lexicon(path)) == ["martyr", "win"]


# --- diagnostics: the forms behind each category ------------------------------------


@pytest.fixture
def name_heavy():
    lex = Lexicon("t", {"unity": ["united", "ally"], "war": ["war", "peace"]})
    texts = ["United we stand, United they fall.", "United again; allies, united.", "A war."]
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "sent_id": [0, 0, 0],
            "start": [0, 0, 0],
            "text": texts,
            "speaker": [None, None, None],
        }
    )
    return lex, lookup_frames(sentences, lex)


def test_diagnostics_show_each_patterns_forms_and_share(name_heavy):
    lex, frames = name_heavy
    diag = lexicon_diagnostics(frames, lex).set_index(["category", "pattern"])
    assert diag.loc[("unity", "united"), "n_hits"] == 4
    assert diag.loc[("unity", "united"), "share"] == pytest.approx(4 / 5)
    assert diag.loc[("unity", "united"), "top_forms"] == "United (60%); united (20%)"
    assert diag.loc[("unity", "ally"), "top_forms"] == "allies (20%)"
    assert diag.loc[("war", "war"), "share"] == pytest.approx(1.0)
    assert diag.loc[("war", "peace"), "top_forms"] == ""
    assert diag.loc[("war", "peace"), "share"] == pytest.approx(0.0)
    one = lexicon_diagnostics(frames, lex, top=1).set_index(["category", "pattern"])
    assert one.loc[("unity", "united"), "top_forms"] == "United (60%)"


def test_diagnostics_by_form(name_heavy):
    lex, frames = name_heavy
    forms = lexicon_diagnostics(frames, lex, by="form")
    assert list(forms.columns) == ["lexicon", "category", "matched", "pattern", "n_hits", "share", "rank"]
    rows = list(zip(forms["category"], forms["matched"], forms["n_hits"], forms["rank"]))
    assert rows == [
        ("unity", "United", 3, 1),
        ("unity", "allies", 1, 2),
        ("unity", "united", 1, 3),
        ("war", "war", 1, 1),
    ]
    assert forms["share"].tolist() == pytest.approx([0.6, 0.2, 0.2, 1.0])
    assert len(lexicon_diagnostics(frames, lex, by="form", top=1)) == 2
    empty = lexicon_diagnostics(frames.iloc[:0], lex, by="form")
    assert len(empty) == 0 and list(empty.columns) == list(forms.columns)


def test_diagnostics_bad_options(name_heavy):
    lex, frames = name_heavy
    with pytest.raises(ParameterError, match="by='forms' is not allowed; use 'pattern' or 'form'"):
        lexicon_diagnostics(frames, lex, by="forms")
    with pytest.raises(ParameterError, match="top=0 is not allowed"):
        lexicon_diagnostics(frames, lex, top=0)
    with pytest.raises(rl.exceptions.SchemaError, match="matched"):
        lexicon_diagnostics(frames.drop(columns="matched"), lex, by="form")


# --- exceptions on real text: equal to a plain filter written here -------------------


def test_exceptions_drop_exactly_the_hits_inside_their_matches_on_un_speeches():
    folder = shared_path("corpora", "ungdc", "speeches", "Session 67 - 2012")
    files = sorted(folder.glob("*.txt"))[:40]
    docs = pd.DataFrame(
        {
            "doc_id": [p.stem for p in files],
            "text": [rl.clean_text(p.read_text(encoding="utf-8-sig")) for p in files],
            "speaker": None,
        }
    )
    sentences = rl.split_sentences(docs)
    lex = default_lexicon()
    with_exceptions = lookup_frames(sentences, lex)
    plain = lookup_frames(sentences, Lexicon("default", lex.mapping))
    phrases = lookup_frames(sentences, Lexicon("x", lex.exceptions))
    # A hit goes when a match of an exception phrase of its category spans it.
    spans = phrases.merge(plain, on=["doc_id", "category"], suffixes=("_x", ""))
    inside = spans[(spans["start_x"] <= spans["start"]) & (spans["end"] <= spans["end_x"])]
    dropped = set(zip(inside["doc_id"], inside["start"], inside["end"], inside["category"]))
    assert len(dropped) > 50  # "United Nations" alone is in every speech
    key = ["doc_id", "start", "end", "category"]
    expected = [row for row in plain[key].itertuples(index=False, name=None) if row not in dropped]
    assert list(with_exceptions[key].itertuples(index=False, name=None)) == expected
