"""Tests of researchlib.lexicon: the three formats, their errors, and the default lexicon."""

from __future__ import annotations

import pickle
import re
from collections import Counter

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


# --- which word rule applies ---------------------------------------------------

LAVER_GARRY = ("corpora", "dictionaries", "laver_garry", "Laver_and_Garry_2000.cat")
MFD2 = ("corpora", "dictionaries", "moral_foundations", "mfd2.0.dic")


def _one_sentence(text: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"doc_id": ["d"], "sent_id": [0], "start": [0], "text": [text], "speaker": ["x"]}
    )


@pytest.mark.parametrize(
    ("suffix", "text", "inflect"),
    [
        ("dic", "%\n1 state\n%\ntax\t1\njob\t1\nnation*\t1\nhealth care\t1\n", False),
        ("cat", "STATE\n\tTAX (1)\n\tJOB (1)\n\tNATION* (1)\n\tHEALTH_CARE (1)\n", False),
        ("yaml", "state: [tax, job, 'nation*', health care]\n", True),
    ],
)
def test_each_format_has_its_own_word_rule(tmp_path, suffix, text, inflect):
    path = _write(tmp_path, f"lex.{suffix}", text)
    lex = load_lexicon(path)
    assert lex.inflect is inflect
    assert lex.matching == ("inflect" if inflect else "exact")
    assert lex.to_frame().attrs["inflect"] is inflect
    sentence = _one_sentence("Taxes, a tax, TAXES; jobs and a job; nationalism; health care.")
    matched = lookup_frames(sentence, lex)["matched"].tolist()
    exact = ["tax", "job", "nationalism", "health care"]
    if inflect:
        assert matched == ["Taxes", "tax", "TAXES", "jobs", "job", "nationalism", "health care"]
    else:
        assert matched == exact
    # the opposite rule, asked for explicitly
    other = load_lexicon(path, inflect=not inflect)
    assert other.inflect is (not inflect) and other != lex
    flipped = lookup_frames(sentence, other)["matched"].tolist()
    assert (flipped == exact) is inflect


def test_inflect_must_be_a_bool(tmp_path):
    path = _write(tmp_path, "x.yaml", "a: [x]\n")
    with pytest.raises(rl.exceptions.ParameterError, match=r"inflect='yes' is not allowed"):
        load_lexicon(path, inflect="yes")
    with pytest.raises(rl.exceptions.ParameterError, match=r"inflect=1 is not allowed"):
        Lexicon("demo", {"a": ["x"]}, inflect=1)


def test_word_rule_survives_pickling_and_shows_in_repr():
    lex = Lexicon("demo", {"a": ["taxes"]}, inflect=False)
    copy = pickle.loads(pickle.dumps(lex))
    assert copy.inflect is False and copy == lex
    assert "exact words" in repr(lex)
    assert lookup_frames(_one_sentence("tax taxes"), copy)["matched"].tolist() == ["taxes"]
    assert Lexicon("demo", {"a": ["taxes"]}) != lex  # same patterns, other rule


def test_laver_garry_keeps_the_authors_word_forms():
    exact = load_lexicon(shared_path(*LAVER_GARRY))
    inflected = load_lexicon(shared_path(*LAVER_GARRY), inflect=True)
    text = "Taxes and a tax; jobs, a job; the media, a medium; dealing, a deal; rights, a right."
    sentence = _one_sentence(text)
    authors = ["Taxes", "jobs", "media", "dealing", "rights"]
    assert lookup_frames(sentence, exact)["matched"].tolist() == authors
    # Inflection runs forward from the form written: the authors listed inflected forms
    # (TAXES, MEDIA, DEALING), and inflecting never takes them back to tax, medium, deal.
    assert lookup_frames(sentence, inflected)["matched"].tolist() == authors


# --- counts equal to a plain counter written here, on the UN speeches ----------------

_PLAIN_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_PLAIN_GAP_OK = re.compile("[\\s\"“”„‟«»‘’']*")


def _plain_dic(path) -> dict[str, list[str]]:
    """category -> patterns of a LIWC .dic file, read without researchlib."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    names = dict(line.split(None, 1) for line in lines[marks[0] + 1 : marks[1]] if line.strip())
    cats: dict[str, list[str]] = {name.strip(): [] for name in names.values()}
    for line in lines[marks[1] + 1 :]:
        if line.strip():
            term, *ids = line.strip().split("\t")
            for code in " ".join(ids).split():
                cats[names[code].strip()].append(term.strip().lower())
    return cats


def _plain_cat(path) -> dict[str, list[str]]:
    """category -> patterns of a WordStat .cat file, read without researchlib."""
    cats: dict[str, list[str]] = {}
    heads: list[str] = []
    for line in path.read_text(encoding="ascii").splitlines():
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        body = line.strip()
        if body.endswith(")") and "(" in body:
            term = body[: body.rindex("(")].strip().replace("_", " ").lower()
            cats.setdefault(".".join(heads[:depth]), []).append(term)
        else:
            heads[depth:] = [body]
    return cats


def _plain_counts(sentences: pd.DataFrame, cats: dict[str, list[str]]) -> Counter:
    """(doc_id, category) -> hits: exact words, ``*`` prefixes, phrases over plain gaps.

    Inside a category overlapping hits count once, the longest first, then the earliest.
    """
    by_first: dict[str, list[tuple[str, list]]] = {}  # first word -> (category, pattern)
    by_prefix: dict[str, list[tuple[str, list]]] = {}  # prefix -> (category, pattern)
    for cat, patterns in cats.items():
        for p in dict.fromkeys(patterns):
            pattern = [(w[:-1], True) if w.endswith("*") else (w, False) for w in p.split()]
            first, glob = pattern[0]
            if glob:
                by_prefix.setdefault(first, []).append((cat, pattern))
            else:
                by_first.setdefault(first, []).append((cat, pattern))
    lengths = sorted({len(prefix) for prefix in by_prefix})
    counts: Counter = Counter()
    for doc_id, text in zip(sentences["doc_id"], sentences["text"], strict=True):
        found = list(_PLAIN_WORD.finditer(text))
        words = [m.group().lower().replace("’", "'") for m in found]
        joins = [
            _PLAIN_GAP_OK.fullmatch(text[a.end() : b.start()]) is not None
            for a, b in zip(found, found[1:])
        ]
        spans: dict[str, set] = {}
        for i, word in enumerate(words):
            candidates = list(by_first.get(word, ()))
            for n in lengths:
                candidates += by_prefix.get(word[:n], ()) if n <= len(word) else ()
            for cat, pattern in candidates:
                n = len(pattern)
                if i + n > len(words) or not all(joins[i : i + n - 1]):
                    continue
                if all(
                    words[i + k].startswith(w) if glob else words[i + k] == w
                    for k, (w, glob) in enumerate(pattern)
                ):
                    spans.setdefault(cat, set()).add((i, i + n))
        for cat, found_spans in spans.items():
            taken: list[tuple[int, int]] = []
            for start, end in sorted(found_spans, key=lambda s: (s[0] - s[1], s[0])):
                if all(end <= a or start >= b for a, b in taken):
                    taken.append((start, end))
            counts[(doc_id, cat)] += len(taken)
    return counts


@pytest.fixture(scope="module")
def un_sample_sentences() -> pd.DataFrame:
    """Every 20th UN General Debate speech (about 240 speeches, 500,000 words)."""
    speeches = shared_path("corpora", "ungdc", "speeches")
    files = sorted(speeches.rglob("*.txt"))[::20]
    documents = pd.DataFrame(
        {
            "doc_id": [f.stem for f in files],
            "text": [f.read_text(encoding="utf-8-sig") for f in files],
            "speaker": [f.stem[:3] for f in files],
        }
    )
    return rl.split_sentences(documents)


@pytest.mark.parametrize(("parts", "reader"), [(MFD2, _plain_dic), (LAVER_GARRY, _plain_cat)])
def test_dictionary_counts_equal_a_plain_counter_on_un_speeches(un_sample_sentences, parts, reader):
    path = shared_path(*parts)
    lex = load_lexicon(path)
    assert not lex.inflect
    plain = reader(path)
    assert {c: list(dict.fromkeys(p)) for c, p in plain.items()} == {
        c: list(p) for c, p in lex.mapping.items()
    }
    expected = _plain_counts(un_sample_sentences, plain)
    frames = lookup_frames(un_sample_sentences, lex)
    got = Counter(zip(frames["doc_id"], frames["category"], strict=True))
    assert sum(expected.values()) > 1000
    assert got == expected
