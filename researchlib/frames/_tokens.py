"""Frames stage, words: every word of a text with its type, and text slices as Arrow strings."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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

    The compiled word finder numbers the distinct words as it finds them; without
    it, the words are found with :func:`researchlib._text.word_runs` and told apart
    by Arrow's hash table (``dictionary_encode`` over their UTF-32 bytes). Either
    way no Python object is made per word: only one string per distinct word, the
    types numbered in order of first appearance.
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
    return _words_arrow(text, codes)


def _words_arrow(text: str, codes: np.ndarray) -> _Words:
    """:func:`_words` with numpy and Arrow (the reference, and the fallback)."""
    starts, ends, data = _text.word_runs(text, codes)
    if not len(starts):
        return _Words(starts, ends, starts, [], codes)
    offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum((ends - starts) * 4, out=offsets[1:])
    array = pa.Array.from_buffers(
        pa.large_binary(), len(starts), [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )
    encoded = pc.dictionary_encode(array)
    index = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    # The distinct words' UTF-32 bytes lie end to end: decode them at once, then slice.
    dictionary = encoded.dictionary
    bounds = np.frombuffer(dictionary.buffers()[1], dtype=np.int64)
    bounds = bounds[dictionary.offset : dictionary.offset + len(dictionary) + 1]
    blob = dictionary.buffers()[2].to_pybytes()[int(bounds[0]) : int(bounds[-1])]
    chars = (bounds - bounds[0]) // 4
    decoded = blob.decode("utf-32-le", "surrogatepass")
    types = list(map(decoded.__getitem__, map(slice, chars[:-1].tolist(), chars[1:].tolist())))
    return _Words(starts, ends, index, types, codes)


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
