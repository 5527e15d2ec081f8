"""Shared low-level text primitives: the word pattern every stage counts with.

A *word* is a run of letters or digits, optionally joined by an inner apostrophe
or hyphen ("don't", "mine-clearing", "Korea’s").  Punctuation and quote marks are
not words.  Token counts for rates, KWIC windows, keyness and frame matching all
use this one definition, so their numbers agree.
"""

from __future__ import annotations

import re

import numpy as np

WORD_PATTERN = r"[^\W_]+(?:['’\-][^\W_]+)*"
WORD_RE = re.compile(WORD_PATTERN)

#: Characters treated as quotation marks (straight and typographic).
QUOTE_CHARS = "\"“”„‟«»‘’'"


def count_words(text: str) -> int:
    """Number of words in ``text`` under :data:`WORD_PATTERN`."""
    return len(WORD_RE.findall(text))


# ---------------------------------------------------------------------------
# Vectorised word spans (the same words as WORD_RE, found with numpy)

_ALNUM: np.ndarray | None = None
#: The joiners of WORD_PATTERN: apostrophe, typographic apostrophe, hyphen.
_JOINERS = (0x27, 0x2019, 0x2D)


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as a uint32 array (index i is ``text[i]``)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _alnum_table() -> np.ndarray:
    """``str.isalnum`` of every code point: what ``[^\\W_]`` matches in ``re``."""
    global _ALNUM
    if _ALNUM is None:
        _ALNUM = np.fromiter(map(str.isalnum, map(chr, range(0x110000))), dtype=bool, count=0x110000)
    return _ALNUM


def word_spans(text: str, codes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)`` of every word of ``text``: the spans of ``WORD_RE.finditer``.

    The one fast word finder in Python: a word is a maximal run of characters that
    are letters or digits, or joiners (``'``, ``’``, ``-``) with a letter or digit
    on both sides, which is exactly what :data:`WORD_PATTERN` matches, computed with
    numpy over the whole text instead of one match object per word.  The tests
    compare it with the regex; the compiled ``word_types`` is its C twin.
    """
    if codes is None:
        codes = code_points(text)
    if not len(codes):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    word = _alnum_table()[codes]
    if len(codes) > 2:
        mid = codes[1:-1]
        joiner = (mid == _JOINERS[0]) | (mid == _JOINERS[1]) | (mid == _JOINERS[2])
        word[1:-1] |= joiner & word[:-2] & word[2:]
    edges = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
