"""The word definition shared by every stage: numpy word spans equal WORD_RE's matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from researchlib import _text

SHARED = Path(__file__).resolve().parents[2] / "shared"

# Letters, digits, joiners, underscores, spaces, marks and a few scripts.
ALPHABET = st.sampled_from(
    list("aZ9_ -'’‐.,\"“”\n\t\u00a0") + ["é", "ß", "김", "٣", "\u0301", "\U0001d400", "\ud800", "\x00"]
)


def _regex_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _text.WORD_RE.finditer(text)]


def _numpy_spans(text: str) -> list[tuple[int, int]]:
    starts, ends = _text.word_spans(text)
    return list(zip(starts.tolist(), ends.tolist()))


@pytest.mark.parametrize(
    "text",
    ["", " ", "-", "a", "don't", "mine-clearing", "Korea’s", "a--b", "a-'b", "-a-", "a_b", "x'", "'x",
     "1-2-3 go", "\ud800abc", "김정은 동지", "e\u0301te"],
)
def test_word_spans_equal_the_regex_on_edge_cases(text):
    assert _numpy_spans(text) == _regex_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_word_spans_equal_the_regex_on_arbitrary_text(text):
    assert _numpy_spans(text) == _regex_spans(text)


def test_word_spans_equal_the_regex_on_real_speeches():
    folder = SHARED / "corpora" / "ungdc"
    files = sorted(folder.rglob("*.txt"))[:150] if folder.is_dir() else []
    if not files:
        pytest.skip(f"UN speeches not available in {folder}")
    for path in files:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        assert _numpy_spans(text) == _regex_spans(text), path.name
