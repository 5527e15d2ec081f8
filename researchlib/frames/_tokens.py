"""Frames stage, words: every word of a text with its type, and text slices as Arrow strings."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pyarrow as pa

from .. import _text
from .._compiled import compiled


class _Words(NamedTuple):
    """The words of a text: offsets, and each word's type (its index into ``types``)."""

    starts: np.ndarray
    ends: np.ndarray
    index: np.ndarray
    types: list[str]
    codes: np.ndarray

    def gaps_ok(self, at: np.ndarray) -> np.ndarray:
        """Per word index in ``at``: only white space and quote marks lie between that
        word and the next (the words of a multi-word entry may be that far apart)."""
        lo, hi = self.ends[at], self.starts[at + 1]
        length = hi - lo
        table, codes = _gap_table(), self.codes
        ok = np.ones(len(at), dtype=bool)
        for k in range(4):  # most gaps are one to three characters long
            sel = np.flatnonzero(length > k)
            if not len(sel):
                break
            ok[sel] &= table[codes[lo[sel] + k]]
        for i in np.flatnonzero(ok & (length > 4)).tolist():
            ok[i] = bool(table[codes[lo[i] : hi[i]]].all())
        return ok

    def gap_ok_at(self, i: int) -> bool:
        """:meth:`gaps_ok` for one word."""
        return bool(_gap_table()[self.codes[self.ends[i] : self.starts[i + 1]]].all())


_GAP_TABLE: np.ndarray | None = None


def _gap_table() -> np.ndarray:
    """Per code point: may it stand between the words of a multi-word entry (white space or a quote mark)."""
    global _GAP_TABLE
    if _GAP_TABLE is None:
        table = np.fromiter(map(str.isspace, map(chr, range(0x110000))), dtype=bool, count=0x110000)
        table[[ord(c) for c in _text.QUOTE_CHARS]] = True
        _GAP_TABLE = table
    return _GAP_TABLE


# Words and their types in one compiled pass (researchlib/_speedups.c), where built.
_compiled_word_types = compiled("word_types")


def _words(text: str) -> _Words:
    """Every word of ``text`` (as ``_text.WORD_RE`` finds them) with its type.

    Types are the distinct written forms, numbered in order of first appearance.
    The compiled word finder (``_speedups.word_types``) does it in one pass without
    a Python object per word; without it (no compiler, or ``RESEARCHLIB_PURE_PYTHON=1``)
    :func:`_words_regex`, the reference, does the same with the word pattern itself.
    """
    codes = _text.code_points(text)
    if _compiled_word_types is not None:
        starts, ends, index, types = _compiled_word_types(text)
        return _Words(
            np.frombuffer(starts, dtype=np.int64),
            np.frombuffer(ends, dtype=np.int64),
            np.frombuffer(index, dtype=np.int64),
            types,
            codes,
        )
    return _words_regex(text, codes)


def _words_regex(text: str, codes: np.ndarray) -> _Words:
    """:func:`_words` with ``_text.WORD_RE`` (the reference, and the path without the C twin)."""
    number: dict[str, int] = {}
    types: list[str] = []
    starts, ends, index = [], [], []
    for match in _text.WORD_RE.finditer(text):
        word = match.group()
        k = number.get(word)
        if k is None:
            k = number[word] = len(types)
            types.append(word)
        starts.append(match.start())
        ends.append(match.end())
        index.append(k)
    return _Words(np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64),
                  np.array(index, dtype=np.int64), types, codes)


def _slices(text: str, codes: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> pa.Array:
    """``text[a:b]`` for every ``(a, b)`` as an Arrow string array, cut from the UTF-8 bytes."""
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    wide = np.flatnonzero(codes >= 0x80)
    if len(wide):  # byte offset = code point offset + extra bytes of the wider characters before
        extra = np.cumsum(1 + (codes[wide] >= 0x800) + (codes[wide] >= 0x10000), dtype=np.int64)
        extra = np.concatenate(([0], extra))
        b_starts = starts + extra[np.searchsorted(wide, starts)]
        b_stops = stops + extra[np.searchsorted(wide, stops)]
    else:
        b_starts, b_stops = starts, stops
    lengths = b_stops - b_starts
    offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    # Byte k of the output comes from b_starts[span] + (k - offsets[span]).
    take = np.arange(offsets[-1], dtype=np.int64) + np.repeat(b_starts - offsets[:-1], lengths)
    return pa.Array.from_buffers(
        pa.large_string(), len(starts), [None, pa.py_buffer(offsets), pa.py_buffer(data[take])]
    )
