"""Tests for researchlib.concordance (kwic): offsets, windows, sentence trimming, speakers, escaped HTML."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from researchlib._text import WORD_RE
from researchlib.concordance import KWIC_COLUMNS, frames_in_context, kwic, kwic_html
from researchlib.exceptions import LexiconError, ParameterError, SchemaError
from researchlib.lexicon import Lexicon

TEXT_A = (
    "Our two peoples shared blood in the trench. "
    "Comrades will keep sharing blood, life and death together for ever and ever. "
    "The fraternal alliance stands."
)
TEXT_B = "He said: “We share blood.” Nothing else."


def _sentences(documents: pd.DataFrame, speakers: dict | None = None) -> pd.DataFrame:
    """Sentences cut after '.', '!' or '?' (plus closing quote), as split_sentences would."""
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        for i, m in enumerate(re.finditer(r"\S.*?(?:[.!?][”\"]?(?=\s|$)|$)", text)):
            speaker = (speakers or {}).get((doc_id, i), "narrator")
            rows.append((doc_id, i, m.start(), m.end(), m.group(), speaker))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "end", "text", "speaker"])


@pytest.fixture
def documents() -> pd.DataFrame:
    return pd.DataFrame(
        {"doc_id": ["a", "b"], "text": [TEXT_A, TEXT_B], "speaker": [None, "Kim Jong Un"]}
    )


@pytest.fixture
def sentences(documents) -> pd.DataFrame:
    return _sentences(documents, {("b", 0): "Kim Jong Un", ("b", 1): "Kim Jong Un"})


def test_offsets_slices_and_inflections(documents, sentences):
    out = kwic(documents, "share blood", sentences=sentences)
    assert list(out.columns) == KWIC_COLUMNS
    assert list(out["match"]) == ["shared blood", "sharing blood", "share blood"]
    texts = dict(zip(documents["doc_id"], documents["text"]))
    for row in out.itertuples():
        text = texts[row.doc_id]
        assert text[row.start : row.end] == row.match
        assert text[row.start - len(row.left) : row.start] == row.left
        assert text[row.end : row.end + len(row.right)] == row.right


def test_window_counts_words(documents, sentences):
    out = kwic(documents, "share blood", sentences=sentences, window=3)
    # "share" is the base form: the pattern finds its inflections too.
    assert list(out["match"]) == ["shared blood", "sharing blood", "share blood"]
    row = out.iloc[1]
    assert row.left == "Comrades will keep "
    assert row.right == ", life and death"
    assert len(WORD_RE.findall(row.left)) == 3
    assert len(WORD_RE.findall(row.right)) == 3
    zero = kwic(documents, "sharing blood", sentences=sentences, window=0)
    assert (zero["left"] == "").all() and (zero["right"] == "").all()


def test_within_sentence_trims_and_can_be_turned_off(documents, sentences):
    inside = kwic(documents, "share blood", sentences=sentences, window=8)
    row = inside.iloc[1]
    assert row["left"] == "Comrades will keep "  # fewer than 8 words: stops at sentence start
    assert row["right"] == ", life and death together for ever and ever"  # 8 words, no "."
    across = kwic(documents, "share blood", sentences=sentences, window=8, within_sentence=False)
    left = across.iloc[1]["left"]
    assert left == "shared blood in the trench. Comrades will keep "
    assert len(WORD_RE.findall(left)) == 8
    # At a sentence end, the right context is the rest of the sentence only.
    end = kwic(documents, "alliance", sentences=sentences, window=5).iloc[0]
    assert end["right"] == " stands."
    assert end["left"] == "The fraternal "


def test_right_context_stops_at_document_end(documents, sentences):
    out = kwic(documents, "stand*", sentences=sentences, window=8, within_sentence=False)
    row = out.iloc[0]
    assert row["match"] == "stands"
    assert row["right"] == "."
    assert len(WORD_RE.findall(row["left"])) == 8


def test_speakers_from_sentences_and_documents(documents, sentences):
    out = kwic(documents, "share blood", sentences=sentences)
    assert list(out["speaker"]) == ["narrator", "narrator", "Kim Jong Un"]
    # Sentences without a speaker column: the document's speaker, else "narrator".
    bare = sentences.drop(columns="speaker")
    out2 = kwic(documents, "share blood", sentences=bare)
    assert list(out2["speaker"]) == ["narrator", "narrator", "Kim Jong Un"]


def test_glob_multiword_and_several_patterns(documents, sentences):
    out = kwic(documents, ["fratern*", "life and death"], sentences=sentences)
    assert list(out["match"]) == ["life and death", "fraternal"]
    assert list(out["doc_id"]) == ["a", "a"]
    assert out["start"].is_monotonic_increasing


def test_lexicon_category_lists_all_hits_once(documents, sentences):
    lex = Lexicon(
        "demo",
        {"kinship": ["share blood"], "kinship.fraternal": ["fratern*"], "unity": ["alliance"]},
    )
    out = kwic(documents, "kinship", lexicon=lex, sentences=sentences)
    assert list(out["match"]) == ["shared blood", "sharing blood", "fraternal", "share blood"]
    unity = kwic(documents, "unity", lexicon=lex, sentences=sentences)
    assert list(unity["match"]) == ["alliance"]
    with pytest.raises(ParameterError, match="not a category"):
        kwic(documents, "war", lexicon=lex, sentences=sentences)


def test_no_match_gives_empty_frame_with_columns(documents, sentences):
    out = kwic(documents, "missile", sentences=sentences)
    assert out.empty and list(out.columns) == KWIC_COLUMNS


def test_inputs_not_mutated(documents, sentences):
    before_d, before_s = documents.copy(), sentences.copy()
    kwic(documents, "share blood", sentences=sentences.drop(columns="end"))
    pd.testing.assert_frame_equal(documents, before_d)
    pd.testing.assert_frame_equal(sentences, before_s)


def test_sentences_are_an_explicit_input(documents):
    """kwic never re-runs the sentences stage: without sentences it says what to pass."""
    with pytest.raises(ParameterError, match="sentences=None"):
        kwic(documents, "share blood", sentences=None)
    with pytest.raises(TypeError):
        kwic(documents, "share blood")  # a required keyword


def test_errors(documents, sentences):
    with pytest.raises(SchemaError, match="text"):
        kwic(documents.drop(columns="text"), "blood", sentences=sentences)
    with pytest.raises(SchemaError, match="sent_id"):
        kwic(documents, "blood", sentences=sentences.drop(columns="sent_id"))
    with pytest.raises(ParameterError, match="window"):
        kwic(documents, "blood", sentences=sentences, window=-1)
    with pytest.raises(ParameterError, match="empty"):
        kwic(documents, [], sentences=sentences)
    with pytest.raises(LexiconError, match="glob"):
        kwic(documents, "bl*od", sentences=sentences)


# ---------------------------------------------------------------------------
# HTML

EVIL_TEXT = 'Before <script>alert("x")</script> we share blood <img src=x onerror=alert(1)> after.'
EVIL_SPEAKER = "<img src=x onerror=alert(1)>"


@pytest.fixture
def evil():
    documents = pd.DataFrame({"doc_id": ["<b>d</b>"], "text": [EVIL_TEXT], "speaker": [EVIL_SPEAKER]})
    sentences = _sentences(documents, {("<b>d</b>", 0): EVIL_SPEAKER})
    return kwic(documents, "share blood", sentences=sentences, window=6)


def test_html_escapes_text_speaker_and_ids(evil):
    assert evil.loc[0, "speaker"] == EVIL_SPEAKER
    assert "<script>" in evil.loc[0, "left"]
    page = kwic_html(evil, caption="Blood <i>ties</i>")
    assert "<script" not in page
    assert "<img" not in page
    assert "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<mark>share blood</mark>" in page
    assert page.count("<mark>") == len(evil)
    assert "Blood &lt;i&gt;ties&lt;/i&gt;" in page
    assert 'style="text-align:right' in page
    assert page == kwic_html(evil, caption="Blood <i>ties</i>")


def test_html_max_rows(documents, sentences):
    out = kwic(documents, "share blood", sentences=sentences)
    page = kwic_html(out, max_rows=2)
    assert page.count("<tr>") == 3  # header + 2
    assert "(2 of 3 lines)" in page
    assert page.count("<mark>") == 2
    with pytest.raises(ParameterError, match="max_rows"):
        kwic_html(out, max_rows=-1)
    with pytest.raises(SchemaError, match="match"):
        kwic_html(out.drop(columns="match"))


# --------------------------------------------------------------------------- frames_in_context


@pytest.fixture
def hits() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "a", "b", "a"],
        "category": ["kinship", "kinship", "kinship", "alliance"],
        "pattern": ["share blood", "share blood", "share blood", "fratern*"],
    })


def test_frames_in_context_looks_up_the_hits_patterns(documents, sentences, hits):
    out = frames_in_context(documents, hits, sentences=sentences)
    pd.testing.assert_frame_equal(out, kwic(documents, ["share blood", "fratern*"], sentences=sentences))
    kin = frames_in_context(documents, hits, categories=["kinship"], sentences=sentences)
    assert list(kin["match"]) == ["shared blood", "sharing blood", "share blood"]
    top = frames_in_context(documents, hits, top=1, sentences=sentences, window=2)
    pd.testing.assert_frame_equal(top, kwic(documents, "share blood", sentences=sentences, window=2))


def test_frames_in_context_without_hits_is_empty_and_says_so(documents, sentences, hits):
    """A selection where no frame matches: nothing to show, not an error (kwic([]) is one)."""
    for frames, options in ((hits.iloc[:0], {}), (hits, {"categories": ["war"]})):
        out = frames_in_context(documents, frames, sentences=sentences, **options)
        assert out.empty and list(out.columns) == KWIC_COLUMNS
    page = kwic_html(out, caption="Strongest frames: ")
    assert "No lines to show: nothing matched." in page
    assert "nothing matched" not in kwic_html(kwic(documents, "blood", sentences=sentences))


def test_frames_in_context_errors(documents, sentences, hits):
    with pytest.raises(SchemaError, match="pattern"):
        frames_in_context(documents, hits.drop(columns="pattern"), sentences=sentences)
    with pytest.raises(SchemaError, match="category"):
        frames_in_context(documents, hits.drop(columns="category"), categories=["x"])
    with pytest.raises(ParameterError, match="top must be"):
        frames_in_context(documents, hits, top=0, sentences=sentences)
