"""Korean: sentences, morphemes and lemmas (Kiwi), North Korean spelling, lexicon matching, front matter.

Unit tests use short sentences written for them; the corpus tests read the New Year
addresses from ../shared (skipped when absent) and never copy them.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys

import pytest
from conftest import shared_path

import researchlib
from researchlib.exceptions import LexiconError, ParameterError
from researchlib.korean import (
    HIT_COLUMNS,
    MORPHEME_COLUMNS,
    NK_WORDS,
    default_lexicon_ko,
    find_address_start_ko,
    locate_front_matter_ko,
    lookup_frames_ko,
    morphemes_ko,
    nk_spelling,
    split_sentences_ko,
)
from researchlib.lexicon import Lexicon, default_lexicon

needs_kiwi = pytest.mark.skipif(
    importlib.util.find_spec("kiwipiepy") is None, reason="kiwipiepy is not installed"
)

TEXTS = [
    "우리는 승리하였다. 동지들!",
    "신년사\n\n우리 인민은 원쑤들을 물리쳤다 그리고 새해를 맞이하였습니다",
    "“원쑤들은 반드시 패망한다” 하고 그는 말하였다.   녀성들과 로동자들이 함께 나섰다?!",
    "  앞뒤에 공백이 있는 글이다.  \n\n\n  둘째 문단… 셋째 문장이다.  ",
    "A mixed line with English. 그리고 한국어 문장이다.",
]


def _check_cover(text: str, spans: list) -> None:
    """Spans cover the text's non-space characters in order, without overlap, stripped."""
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text)
        assert not text[position:start].strip(), text[position:start]
        assert text[start:end] == text[start:end].strip()
        position = end
    assert not text[position:].strip()


# ---------------------------------------------------------------------------
# North Korean spelling (no analyser needed)


def test_nk_spelling_undoes_the_initial_sound_rule_and_keeps_ryeol():
    assert nk_spelling("노동") == "로동"
    assert nk_spelling("이용") == "리용"
    assert nk_spelling("역사") == "력사"
    assert nk_spelling("낙관") == "락관"
    assert nk_spelling("여성", initial="ㄴ") == "녀성"
    assert nk_spelling("분열") == "분렬"
    assert nk_spelling("규율") == "규률"
    # 열 after a consonant other than ㄴ keeps its ㅇ; words without the rule are unchanged.
    assert nk_spelling("정열") == "정열"
    assert nk_spelling("승리") == "승리"
    assert nk_spelling("") == ""


# ---------------------------------------------------------------------------
# Sentences


@needs_kiwi
@pytest.mark.parametrize("text", TEXTS)
def test_sentences_cover_the_text_in_order_without_overlap(text):
    _check_cover(text, split_sentences_ko(text))


@needs_kiwi
def test_sentences_end_at_final_punctuation_endings_and_paragraphs():
    text = TEXTS[1]
    sentences = [text[a:b] for a, b in split_sentences_ko(text)]
    assert sentences[0] == "신년사"  # a title line: the paragraph break ends it
    assert sentences[-1].endswith("맞이하였습니다")
    assert len(split_sentences_ko(TEXTS[0])) == 2
    assert split_sentences_ko("") == [] and split_sentences_ko(" \n ") == []


# ---------------------------------------------------------------------------
# Morphemes


@needs_kiwi
def test_morphemes_have_offsets_into_the_text_and_dictionary_lemmas():
    text = "전사들이 희생하였다. 우리는 혈맹으로 뭉쳤고 원쑤를 물리쳤다."
    m = morphemes_ko(text)
    assert list(m.columns) == MORPHEME_COLUMNS
    assert (m["start"] < m["end"]).all() and (m["end"] <= len(text)).all()
    assert m["start"].is_monotonic_increasing
    for start, end in zip(m["start"], m["end"]):
        assert text[start:end].strip() == text[start:end]
    lemmas = dict(zip(m["form"], m["lemma"]))
    assert lemmas["희생하"] == "희생하다"
    assert lemmas["혈맹"] == "혈맹"
    assert lemmas["물리치"] == "물리치다"
    assert lemmas["뭉치"] == "뭉치다"
    content = m[m["content"]]
    assert not content["pos"].str.match(r"^(J|E)").any()
    assert set(m.loc[~m["content"], "pos"].str[0]) <= {"J", "E", "S", "X", "Z", "W"}
    # Sentence ids agree with split_sentences_ko.
    spans = split_sentences_ko(text)
    for sent_id, start in zip(m["sent_id"], m["start"]):
        assert spans[sent_id][0] <= start < spans[sent_id][1]


@needs_kiwi
def test_north_korean_spelling_is_read_as_the_standard_word_with_offsets_kept():
    from researchlib.korean import analyser

    text = "로동자들은 자원을 리용하여 력사적인 승리를 이룩하였다."
    m = morphemes_ko(text)
    rows = {f: (lemma, variant, text[s:e]) for f, lemma, variant, s, e in
            zip(m["form"], m["lemma"], m["variant"], m["start"], m["end"])}
    assert rows["로동자"] == ("노동자", True, "로동자")
    assert rows["리용하"][0] == "이용하다" and rows["리용하"][1]
    assert m.loc[m["form"].str.startswith("력사"), "lemma"].str.startswith("역사").all()
    # Kiwi as it ships reads 리용하여 as the name 리 plus 용하다; the registered
    # spellings are what makes the difference.
    plain = {(t.form, t.tag) for t in analyser(north_korean=False).tokenize(text)}
    assert ("리", "NNP") in plain or ("리용", "NNP") in plain or any(
        f.startswith("리") and tag.startswith("NNP") for f, tag in plain)
    assert not any(lemma.startswith("리") for lemma in m.loc[m["content"], "lemma"])


@needs_kiwi
def test_the_analyser_loads_and_runs_with_no_network(tmp_path):
    """Kiwi's model ships in a package: analysis works in a namespace with no network."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not available")
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("cannot create a network namespace here")
    code = (
        "import json, socket\n"
        "from researchlib.korean import morphemes_ko\n"
        "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2); online = True\n"
        "except OSError:\n    online = False\n"
        "m = morphemes_ko('로동자들이 희생하였다.')\n"
        "print(json.dumps({'online': online, 'lemmas': m['lemma'].tolist()}))\n"
    )
    home = tmp_path / "home"
    home.mkdir()
    proc = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", code], capture_output=True, text=True,
        timeout=300, env={"HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["online"] is False
    assert "노동자" in result["lemmas"] and "희생하다" in result["lemmas"]


@needs_kiwi
def test_morphemes_reject_a_non_string():
    with pytest.raises(ParameterError, match="text must be a str"):
        morphemes_ko(None)
    with pytest.raises(ParameterError, match="got int"):
        split_sentences_ko(3)


# ---------------------------------------------------------------------------
# Lexicon matching


LEX = {
    "kin": ["혈맹", "피를 흘리다"],
    "war": ["희생하다", "전투"],
    "foe": ["적", "원쑤*"],
    "work": ["노동"],
}


@needs_kiwi
def test_a_noun_pattern_matches_every_particle_attached_form():
    text = "혈맹의 정은 깊다. 혈맹으로 맺어졌다. 혈맹을 지킨다. 혈맹이다. 혈맹과 함께."
    hits = lookup_frames_ko(text, LEX)
    assert list(hits.columns) == HIT_COLUMNS
    kin = hits[hits["category"] == "kin"]
    assert kin["matched"].tolist() == ["혈맹"] * 5
    assert (kin["matched"] == [text[a:b] for a, b in zip(kin["start"], kin["end"])]).all()
    assert kin["sent_id"].tolist() == [0, 1, 2, 3, 4]
    assert set(hits["lexicon"]) == {"custom"}


@needs_kiwi
def test_a_verb_pattern_matches_its_conjugations_and_not_the_noun():
    text = "그들은 희생하였다. 희생한 전사들. 조국을 위해 희생해 왔다. 희생은 크다."
    war = lookup_frames_ko(text, LEX).query("category == 'war'")
    assert war["pattern"].tolist() == ["희생하다"] * 3
    assert all(m.startswith("희생") for m in war["matched"])
    assert 3 not in set(war["sent_id"])  # 희생은: the noun is not the verb


@needs_kiwi
def test_no_word_is_matched_inside_another():
    text = "혁명적 기치를 들고 적들을 물리치는 전투적 기상. 목적과 적극성."
    foe = lookup_frames_ko(text, LEX).query("category == 'foe'")
    assert foe["matched"].tolist() == ["적"]  # not 혁명적, 전투적, 목적, 적극
    assert text.count("적") == 5
    war = lookup_frames_ko(text, LEX).query("category == 'war'")
    assert war.empty  # 전투적 is its own word, not 전투


@needs_kiwi
def test_north_korean_and_standard_spellings_match_each_other():
    text = "로동계급의 노동은 힘차다."
    work = lookup_frames_ko(text, LEX).query("category == 'work'")
    assert work["matched"].tolist() == ["로동", "노동"]
    nk = lookup_frames_ko(text, {"work": ["로동"]})
    assert nk["matched"].tolist() == ["로동", "노동"]


@needs_kiwi
def test_globs_multi_word_patterns_and_sentence_limits():
    text = "원쑤놈들을 쳐부수자. 그들은 피를 흘렸다. 피와 땀을 흘렸다. 피. 흘렸다."
    hits = lookup_frames_ko(text, LEX)
    foe = hits.query("category == 'foe'")
    assert foe["matched"].tolist() == ["원쑤놈"]
    kin = hits.query("category == 'kin'")
    assert kin["pattern"].tolist() == ["피를 흘리다"]
    assert kin["matched"].iloc[0].startswith("피를 흘")
    assert kin["sent_id"].tolist() == [1]


@needs_kiwi
def test_overlapping_matches_in_one_category_count_once_longest_first():
    text = "일심단결의 위력. 조국통일을 이룩하자."
    hits = lookup_frames_ko(text, {"unity": ["단결", "일심단결"], "goal": ["통일", "조국통일"]})
    assert hits["pattern"].tolist() == ["일심단결", "조국통일"]
    both = lookup_frames_ko(text, {"a": ["단결"], "b": ["일심단결"]})
    assert both["category"].tolist() == ["b", "a"]  # one span may count in several categories


@needs_kiwi
def test_lookup_takes_a_lexicon_a_file_or_a_mapping(tmp_path):
    path = tmp_path / "ko.yaml"
    path.write_text("foe:\n  - 원쑤\n", encoding="utf-8")
    text = "원쑤를 쳐부수자."
    from_file = lookup_frames_ko(text, path)
    from_lexicon = lookup_frames_ko(text, Lexicon("mine", {"foe": ["원쑤"]}))
    assert from_file["matched"].tolist() == from_lexicon["matched"].tolist() == ["원쑤"]
    assert from_file["lexicon"].tolist() == ["ko"]
    assert from_lexicon["lexicon"].tolist() == ["mine"]


@needs_kiwi
def test_empty_text_gives_empty_tables_with_their_columns():
    m, hits = morphemes_ko(""), lookup_frames_ko("", LEX)
    assert list(m.columns) == MORPHEME_COLUMNS and m.empty
    assert list(hits.columns) == HIT_COLUMNS and hits.empty
    assert str(hits["start"].dtype) == "int64" and str(m["content"].dtype) == "bool"


@needs_kiwi
def test_results_do_not_depend_on_the_cache():
    from researchlib.korean import analysis

    text = "우리는 원쑤들과 싸워 승리하였다. 로동계급의 단결은 굳건하다."
    first = lookup_frames_ko(text, LEX), morphemes_ko(text)
    analysis._STATE.cache = None
    second = morphemes_ko(text), lookup_frames_ko(text, LEX)
    assert first[0].equals(second[1]) and first[1].equals(second[0])


@needs_kiwi
def test_lookup_errors_name_the_bad_value():
    with pytest.raises(ParameterError, match="text must be a str"):
        lookup_frames_ko(b"bytes", LEX)
    with pytest.raises(ParameterError, match="got int"):
        lookup_frames_ko("원쑤", 5)
    with pytest.raises(LexiconError, match="'원쑤 놈\\*'.*one word"):
        lookup_frames_ko("원쑤", {"foe": ["원쑤 놈*"]})
    with pytest.raises(LexiconError, match="수령님.*outside any word"):
        lookup_frames_ko("원쑤", {"leader": ["수령님"]})


@needs_kiwi
def test_default_korean_lexicon_has_the_english_categories_each_described():
    ko, en = default_lexicon_ko(), default_lexicon()
    assert ko.name == "default_lexicon_ko"
    assert list(ko.categories()) == list(en.categories())
    assert set(ko.descriptions) == set(ko.categories())
    for category in ko.categories():
        assert ko.patterns(category), category
    hits = lookup_frames_ko("우리는 원쑤들과 싸워 승리하였고 동포들에게 새해 인사를 드린다.", ko)
    assert set(hits["category"]) == {
        "hostility_threat", "war_sacrifice", "righteousness_victory", "kinship_blood",
        "goodwill_greeting",
    }


# ---------------------------------------------------------------------------
# Front matter (no analyser needed)


def test_front_matter_summary_block():
    text = "새해를 맞으며\n\n- 1950년 01월 01일\n\n해 제\n\n편집자의 요약이다.\n\n둘째 줄.\n\n원 문\n\n동지들!\n\n본문이다."
    fm = locate_front_matter_ko(text)
    assert fm.rule == "summary"
    assert text[fm.summary_start:fm.summary_end] == "편집자의 요약이다.\n\n둘째 줄."
    assert text[fm.body_start:] == "동지들!\n\n본문이다."
    assert find_address_start_ko(text) == fm.body_start


def test_front_matter_agency_note_headings_and_none():
    note = "2008년 공동사설\n\n다음은 신문들의 공동사설 전문이다.\n\n제목 줄\n\n오늘 우리는 새해를 맞이한다."
    fm = locate_front_matter_ko(note)
    assert fm.rule == "agency_note"
    assert note[fm.summary_start:fm.summary_end] == "다음은 신문들의 공동사설 전문이다."
    assert note[fm.body_start:] == "오늘 우리는 새해를 맞이한다."
    headings = "신 년 사\n\n2013년 01월 01일 09시 37분\n\n주체102(2013)년 1월 1일\n\n친애하는 동지들!"
    fm = locate_front_matter_ko(headings)
    assert (fm.rule, fm.summary_start) == ("headings", None)
    assert headings[fm.body_start:] == "친애하는 동지들!"
    plain = "친애하는 동지들!\n\n우리는 새해를 맞이합니다."
    assert locate_front_matter_ko(plain) == (0, None, None, "none")
    assert locate_front_matter_ko("") == (0, None, None, "none")
    assert locate_front_matter_ko("제목만 있다") == (0, None, None, "none")


def test_front_matter_rejects_a_non_string():
    with pytest.raises(ParameterError, match="got NoneType"):
        locate_front_matter_ko(None)


# ---------------------------------------------------------------------------
# The New Year addresses 1946-2019 (../shared)


def _corpus_texts() -> dict[str, str]:
    from researchlib.corpus.cleaning import clean_text

    folder = shared_path("corpora", "dprk_new_year_addresses_ko", "data")
    return {p.stem: clean_text(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))}


def test_front_matter_on_the_addresses():
    texts = _corpus_texts()
    assert len(texts) == 73
    rules = {}
    for year, text in texts.items():
        fm = locate_front_matter_ko(text)
        rules[year] = fm.rule
        head, body = text[:fm.body_start], text[fm.body_start:]
        has_marker = re.search(r"^\s*해\s*제\s*$", text[:2000], re.M) is not None
        if has_marker:
            assert fm.rule == "summary", year
            assert re.search(r"^\s*원\s*문\s*$", head, re.M), year
            summary = text[fm.summary_start:fm.summary_end]
            lines = {re.sub(r"\s", "", line) for line in summary.split("\n")}
            assert summary and not lines & {"해제", "원문"}, year
            assert fm.summary_end < fm.body_start
        first_line = body.split("\n", 1)[0]
        if fm.body_start:
            assert re.search(r"[.!?！]\s*$", first_line) or first_line.startswith("『"), year
    assert sum(r == "summary" for r in rules.values()) >= 50
    assert all(rules[str(y)] == "none" for y in range(2014, 2020))
    assert rules["2007"] == rules["2008"] == "agency_note"


@pytest.fixture(scope="module")
def analysed():
    """Each address split, tagged and matched once (one analysis per text)."""
    if importlib.util.find_spec("kiwipiepy") is None:
        pytest.skip("kiwipiepy is not installed")
    texts = _corpus_texts()
    lexicon = default_lexicon_ko()
    words = _single_words(lexicon)
    per_word = Lexicon("per_word", {w: [w] for w in words})
    out = {}
    for year, text in texts.items():
        out[year] = (text, split_sentences_ko(text), morphemes_ko(text),
                     lookup_frames_ko(text, lexicon), lookup_frames_ko(text, per_word))
    return out


def _single_words(lexicon) -> list[str]:
    """The lexicon's one-word noun patterns (no glob, not a dictionary form in 다)."""
    return [p for c in lexicon.categories() for p in lexicon.patterns(c)
            if " " not in p and not p.endswith(("*", "다"))]


@pytest.mark.slow
def test_sentences_on_the_addresses(analysed):
    total = 0
    for year, (text, spans, _, _, _) in analysed.items():
        _check_cover(text, spans)
        assert spans, year
        total += len(spans)
        # The front matter ends between sentences, so a sentence has one voice.
        fm = locate_front_matter_ko(text)
        starts, ends = {a for a, _ in spans}, {b for _, b in spans}
        assert fm.body_start == 0 or fm.body_start in starts, year
        if fm.summary_start is not None:
            assert fm.summary_start in starts and fm.summary_end in ends, year
    assert 8000 <= total <= 9000, total


@pytest.mark.slow
def test_default_lexicon_covers_every_year_and_category(analysed):
    lexicon = default_lexicon_ko()
    years_per_category = {c: 0 for c in lexicon.categories()}
    for year, (text, _, _, hits, _) in analysed.items():
        assert len(hits), year
        assert (hits["matched"] == [text[a:b] for a, b in zip(hits["start"], hits["end"])]).all()
        for category in set(hits["category"]):
            years_per_category[category] += 1
    assert min(years_per_category.values()) >= 60, years_per_category


_PARTICLES = ("은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "으로", "로",
              "와", "과", "도", "만", "들", "들은", "들이", "들을", "들의", "들과", "들에게")


@pytest.mark.slow
def test_lexicon_counts_lie_between_a_morphological_and_a_substring_count(analysed):
    """Per noun of the default lexicon: standalone forms <= lemma hits <= substrings.

    The lower count is the written words that are the noun alone or with a common
    particle (혈맹, 혈맹의, 혈맹으로 ...), found with a regular expression: every one
    must be a hit (no particle-attached form missed). The upper count is every
    occurrence of the noun's letters, in any spelling and with or without a space
    inside (a compound's parts may be written apart): hits can only be fewer
    (no word matched inside another: 적 in 혁명적 is no hit).
    """
    words = _single_words(default_lexicon_ko())
    lower = dict.fromkeys(words, 0)
    upper = dict.fromkeys(words, 0)
    found = dict.fromkeys(words, 0)
    for text, _, _, _, per_word in analysed.values():
        counts = per_word["category"].value_counts()
        for word in words:
            spellings = {word, nk_spelling(word), nk_spelling(word, initial="ㄴ")}
            spellings |= {nk for nk, (standard, _) in NK_WORDS.items() if standard == word}
            # letters of the word in either spelling, a space allowed inside (무장 투쟁)
            spaced = "|".join(r"\s?".join(map(re.escape, s)) for s in spellings)
            upper[word] += len(re.findall(spaced, text))
            alone = rf"(?<![가-힣]){re.escape(word)}(?:{'|'.join(_PARTICLES)})?(?![가-힣])"
            lower[word] += len(re.findall(alone, text))
            found[word] += int(counts.get(word, 0))
    bad = {w: (lower[w], found[w], upper[w]) for w in words
           if not lower[w] <= found[w] <= upper[w]}
    assert not bad, f"(standalone, hits, substrings) out of order: {bad}"
    # The bounds are not the same count: lemmas add compounds (조국통일's 통일) and leave
    # out letters inside other words (혁명적's 적).
    assert sum(found.values()) > sum(lower.values())
    assert sum(found.values()) < sum(upper.values())
    assert found["적"] < upper["적"] / 10


def test_korean_is_not_exported_at_the_top_level():
    # The coordinator wires Korean into the pipeline; importing researchlib loads no analyser.
    assert "lookup_frames_ko" not in researchlib.__all__
