"""The compiled cleaning steps (researchlib/_speedups.c) against their Python reference.

``clean_text`` steps 1-2 (``clean_chars``), step 5 (``paragraphs``) and the bytes the
near-duplicate key hashes (``near_key_data``) run in C where the extension is built; the
Python functions in :mod:`researchlib.corpus.cleaning` are the rules.  Equal on real corpora, on
every code point and on generated text, or the compiled path is wrong.
"""

from __future__ import annotations

import csv
import sys

import pytest
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from researchlib._compiled import compiled
from researchlib.corpus import cleaning as corpus

if compiled("clean_chars") is None:  # not built (no C compiler) or RESEARCHLIB_PURE_PYTHON=1
    pytest.skip("the compiled module is not in use here", allow_module_level=True)
speedups = pytest.importorskip("researchlib._speedups")

LAYOUT = list("ab é,.-\n\n\r\t\x0b\x0c\x85\u2028\u2029\u00a0\u3000\u200b\u00ad\ufeff\x1c\x1f\x7f“Σİ\U0001f600")


def assert_same(text: str) -> None:
    assert speedups.clean_chars(text) == corpus._clean_chars_py(text), repr(text[:200])
    stepped = corpus._clean_chars_py(text)
    assert speedups.paragraphs(stepped) == corpus._paragraphs_py(stepped), repr(text[:200])
    data = speedups.near_key_data(text)
    if data is None:  # only these send the key to the Python path
        assert any(c in text for c in "\u0130\u03a3") or any(
            0xD800 <= ord(c) <= 0xDFFF for c in text
        ), repr(text[:200])
    else:
        assert data == corpus._near_key_data_py(text), repr(text[:200])


def test_compiled_cleaning_is_the_one_in_use():
    assert corpus._clean_chars is speedups.clean_chars
    assert corpus._paragraphs is speedups.paragraphs
    assert corpus._compiled_near_key_data is speedups.near_key_data


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "   \n\n  ",
        "a\r\nb\rc\r\r\nd",
        "a\r\u200b\nb",  # CRLF once the zero-width space is gone
        "a\u200b\r\u00ad\n\x0c\u2029b",
        "x" * 150 + "\n" + "y" * 150,  # one paragraph per line
        "short\nlines\n\n  indented\nnext",
        "\u4e00\u200b",  # the result is narrower than the input
        "Ünïcödé\u00a0space\u3000wide",
        "\udcff lone surrogate",
    ],
)
def test_edge_cases(text):
    assert_same(text)


def test_every_code_point():
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    everything = "".join(points)
    assert speedups.clean_chars(everything) == corpus._clean_chars_py(everything)
    for invisible in (c for c in points if corpus._INVISIBLE_RE.fullmatch(c)):
        assert_same(f"a\r{invisible}\nb")
    for k in range(0, len(points), 4096):
        block = "A" + "".join(points[k : k + 4096]) + "b"
        data = speedups.near_key_data(block)
        if data is None:  # İ or Σ: only those may send the key to Python
            assert "\u0130" in block or "\u03a3" in block
            block = block.replace("\u0130", "").replace("\u03a3", "")
            data = speedups.near_key_data(block)
        assert data == corpus._near_key_data_py(block), hex(k)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(LAYOUT)))
def test_generated_layout_text(text):
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_generated_any_text(text):
    assert_same(text)


def test_real_corpora():
    csv.field_size_limit(sys.maxsize)
    un = sorted(shared_path("corpora", "ungdc", "speeches").rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in un[::3]]
    with open(shared_path("corpora", "kcna", "kcna_stories_2012.csv"), encoding="utf-8",
              errors="replace", newline="") as f:
        texts += [row["story"] for row in csv.DictReader(f)]
    assert len(texts) > 5000
    for text in texts:
        assert_same(text)
