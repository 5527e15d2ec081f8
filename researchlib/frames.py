"""Frames stage: find lexicon patterns in sentences (or documents) and turn the hits into rates.

:func:`lookup_frames` reads a sentences frame (``doc_id``, ``sent_id``, ``start``,
``text``, ``speaker``) or a documents frame (``doc_id``, ``text``; split with
:func:`researchlib.sentences.split_sentences`), plus optionally a quotes frame
(``doc_id``, ``start``, ``end``, ``speaker``), and writes the frames table:
``doc_id``, ``sent_id``, ``category``, ``pattern``, ``matched``, ``start``, ``end``,
``speaker``, ``lexicon`` (offsets into the document text).

:func:`frame_rates` reads frames and sentences (``doc_id``, ``n_words`` and the
grouping columns, or documents to join them from) and writes ``<by...>``,
``lexicon``, ``category``, ``n``, ``n_words``, ``per_1000``.
:func:`frame_sentiment` reads frames and sentences (``doc_id``, ``sent_id``,
``compound``) and writes ``<by...>``, ``lexicon``, ``category``, ``n``,
``mean_compound``.  :func:`lexicon_diagnostics` writes one row per pattern:
``lexicon``, ``category``, ``pattern``, ``n_hits``, ``in_categories``,
``never_matched``.

The pattern language is documented in :mod:`researchlib.lexicon`.  Matching
costs grow with the text and the number of hits, not with the lexicon: a lexicon
is compiled once into a table from surface word to candidate patterns; the words
of a chunk of sentences are found and numbered in one compiled pass (``word_types``)
and told apart by Arrow's hash table, so Python sees each distinct word once
(classified once per lexicon and process) and then only the hits.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Sequence
from itertools import repeat
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import _text
from ._compiled import compiled
from ._inflections import inflections
from ._schema import require_columns as _require
from .exceptions import ParameterError, SchemaError
from .lexicon import Lexicon

__all__ = ["lookup_frames", "frame_rates", "frame_sentiment", "lexicon_diagnostics"]

FRAME_COLUMNS = [
    "doc_id",
    "sent_id",
    "category",
    "pattern",
    "matched",
    "start",
    "end",
    "speaker",
    "quote_speaker",
    "lexicon",
]
SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "text", "speaker"]




# ---------------------------------------------------------------------------
# Compiling a lexicon


_NORMS: dict[str, str] = {}


def _norm(word: str) -> str:
    """Lower case with the typographic apostrophe folded (cached per surface word)."""
    key = _NORMS.get(word)
    if key is None:
        key = word.lower().replace("’", "'")
        if len(_NORMS) < 2_000_000:
            _NORMS[word] = key
    return key


class _Compiled:
    """A lexicon compiled for lookup.

    Each new surface word (as written, so no per-token lower-casing) is classified
    once: which single-word entries it is (at most one per category: the first
    listed, since identical spans in one category count once), which multi-word
    entries it can start, and which multi-word entries it can continue.  Each
    classified word gets an id, and numpy tables per id hold what the scan needs
    per token, so a corpus pays Python time once per distinct word (see :meth:`ids`).
    """

    __slots__ = (
        "name",
        "categories",
        "patterns",
        "entry_cat",
        "entry_rest",
        "entry_multi",
        "exact",
        "prefixes",
        "prefix_lengths",
        "stems",
        "cont_exact",
        "cont_prefixes",
        "has_multi",
        "single",
        "multi",
        "cont_ids",
        "lock",
        "type_id",
        "t_words",
        "t_flags",
        "t_first",
        "t_nsingle",
        "pairs",
    )

    def __init__(self, lexicon: Lexicon) -> None:
        self.name = lexicon.name
        self.categories = list(lexicon.categories())
        cat_index = {c: i for i, c in enumerate(self.categories)}
        self.patterns: list[str] = []
        entry_cat: list[int] = []
        self.entry_rest: list[tuple] = []
        self.exact: dict[str, list[int]] = {}
        self.prefixes: dict[str, list[int]] = {}
        # Continuations: surface form or prefix -> the (entry, word number) it can be.
        self.cont_exact: dict[str, list[tuple[int, int]]] = {}
        self.cont_prefixes: dict[str, list[tuple[int, int]]] = {}
        for category, pattern in lexicon.entries():
            eid = len(self.patterns)
            self.patterns.append(pattern)
            entry_cat.append(cat_index[category])
            matchers = []
            for word in pattern.split(" "):
                if word.endswith("*"):
                    matchers.append((True, word[:-1]))
                else:
                    matchers.append((False, inflections(word)))
            first_is_prefix, first = matchers[0]
            if first_is_prefix:
                self.prefixes.setdefault(first, []).append(eid)
            else:
                for form in first:
                    self.exact.setdefault(form, []).append(eid)
            for k, (is_prefix, value) in enumerate(matchers[1:], start=1):
                if is_prefix:
                    self.cont_prefixes.setdefault(value, []).append((eid, k))
                else:
                    for form in value:
                        self.cont_exact.setdefault(form, []).append((eid, k))
            self.entry_rest.append(tuple(matchers[1:]))
        self.entry_cat = np.asarray(entry_cat, dtype=np.int64)
        self.entry_multi = [bool(rest) for rest in self.entry_rest]
        self.has_multi = any(self.entry_multi)
        self.prefix_lengths = sorted(
            {len(p) for p in self.prefixes | self.cont_prefixes}
        )
        # Every beginning of every wildcard prefix: once a word's first n letters are none of
        # them, no longer prefix can match either, so classifying stops looking.
        self.stems = frozenset(
            p[:k] for p in self.prefixes | self.cont_prefixes for k in range(1, len(p) + 1)
        )
        # Per classified surface word: its single-word entries (one per category), the
        # multi-word entries it starts, the (entry, word number) places it can continue.
        self.single: dict[str, tuple[int, ...]] = {}
        self.multi: dict[str, tuple[int, ...]] = {}
        self.cont_ids: dict[str, frozenset[tuple[int, int]]] = {}
        # Per word id: flags (1 starts an entry, 2 starts a multi-word entry, 4 continues
        # one), the first single-word entry and the number of them.
        self.type_id: dict[str, int] = {}
        self.t_words: list[str] = []
        self.t_flags = np.zeros(0, dtype=np.uint8)
        self.t_first = np.zeros(0, dtype=np.int64)
        self.t_nsingle = np.zeros(0, dtype=np.int64)
        self.pairs: dict[int, tuple[tuple[int, int], ...]] = {}  # (head id << 32 | next id)
        self.lock = threading.Lock()

    def classify(self, words: set[str]) -> None:
        """Classify every surface word not seen before and give it an id.

        Ids become visible (in ``type_id``) only once the tables cover them, so
        threads sharing a lexicon may look words up while another classifies.
        """
        with self.lock:
            self._classify([w for w in words if w not in self.type_id])

    def _classify(self, words: list[str]) -> None:
        exact, prefixes, lengths, stems = self.exact, self.prefixes, self.prefix_lengths, self.stems
        cont_exact, cont_prefixes = self.cont_exact, self.cont_prefixes
        entry_cat, entry_multi = self.entry_cat, self.entry_multi
        new_flags: list[int] = []
        new_first: list[int] = []
        new_n: list[int] = []
        for word in words:
            flag, first_single, n_single = 0, -1, 0
            key = _norm(word)
            ids = list(exact.get(key, ()))
            conts = list(cont_exact.get(key, ()))
            for n in lengths:
                if n > len(key):
                    break
                head = key[:n]
                if head not in stems:
                    break
                hit = prefixes.get(head)
                if hit:
                    ids.extend(hit)
                hit = cont_prefixes.get(head)
                if hit:
                    conts.extend(hit)
            if conts:
                self.cont_ids[word] = frozenset(conts)
                flag |= 4
            if ids:
                single: dict[int, int] = {}
                multi = []
                for eid in sorted(set(ids)):
                    if entry_multi[eid]:
                        multi.append(eid)
                    else:
                        single.setdefault(int(entry_cat[eid]), eid)
                if single:
                    self.single[word] = tuple(single.values())
                    first_single, n_single = self.single[word][0], len(single)
                if multi:
                    self.multi[word] = tuple(multi)
                    flag |= 2
                flag |= 1
            new_flags.append(flag)
            new_first.append(first_single)
            new_n.append(n_single)
        if not words:
            return
        first_id = len(self.t_words)
        self.t_words.extend(words)
        self.t_flags = np.concatenate([self.t_flags, np.asarray(new_flags, dtype=np.uint8)])
        self.t_first = np.concatenate([self.t_first, np.asarray(new_first, dtype=np.int64)])
        self.t_nsingle = np.concatenate([self.t_nsingle, np.asarray(new_n, dtype=np.int64)])
        self.type_id.update(zip(words, range(first_id, first_id + len(words))))

    def ids(self, types: list[str]) -> np.ndarray:
        """The id of each word in ``types``, classifying the words not seen before."""
        get = self.type_id.get
        ids = np.fromiter(map(get, types, repeat(-1)), dtype=np.int64, count=len(types))
        missing = np.flatnonzero(ids < 0)
        if len(missing):
            self.classify({types[i] for i in missing.tolist()})
            ids[missing] = [self.type_id[types[i]] for i in missing.tolist()]
        return ids


def _compiled(lexicon: Lexicon) -> _Compiled:
    comp = lexicon._compiled
    if comp is None:
        comp = _Compiled(lexicon)
        lexicon._compiled = comp
    return comp


def _match_chunk(comp: _Compiled, words: _Words, tok: np.ndarray, positions: np.ndarray):
    """Matches of one lexicon in one chunk: arrays (first word, last word, entry).

    ``tok`` is each word's id in ``comp`` (:meth:`_Compiled.ids`); ``positions`` are
    the words that can start an entry.
    """
    g_pos = tok[positions]
    counts = comp.t_nsingle[g_pos]
    first = np.repeat(positions, counts)
    eids = np.empty(len(first), dtype=np.int64)
    slot = np.cumsum(counts) - counts
    has = counts > 0
    eids[slot[has]] = comp.t_first[g_pos[has]]
    for i in np.flatnonzero(counts > 1).tolist():  # a word in several categories
        eids[slot[i] : slot[i] + counts[i]] = comp.single[comp.t_words[g_pos[i]]]
    last = first
    if not comp.has_multi or not len(positions):
        return first, last, eids
    n = len(tok)
    flags = comp.t_flags
    starters = positions[((flags[g_pos] & 2) > 0) & (positions + 1 < n)]
    starters = starters[(flags[tok[starters + 1]] & 4) > 0]
    starters = starters[words.gaps_ok(starters)]
    if not len(starters):
        return first, last, eids
    t_words, pairs = comp.t_words, comp.pairs
    m_first, m_last, m_eid = [], [], []
    multi, rest_of, cont_ids = comp.multi, comp.entry_rest, comp.cont_ids
    none: frozenset = frozenset()
    # The entries whose first two words these are, cached per pair of word ids; each
    # distinct pair is looked up once per chunk, and only starters with entries go on.
    codes = (tok[starters] << 32) | tok[starters + 1]
    unique, inverse = np.unique(codes, return_inverse=True)
    found = []
    for code in unique.tolist():
        cands = pairs.get(code)
        if cands is None:
            head, nxt = code >> 32, code & 0xFFFFFFFF
            after = cont_ids.get(t_words[nxt], none)
            cands = pairs[code] = tuple(
                (eid, len(rest_of[eid])) for eid in multi[t_words[head]] if (eid, 1) in after
            )
        found.append(cands)
    has = np.fromiter(map(bool, found), dtype=bool, count=len(found))[inverse]
    heads, kinds = starters[has].tolist(), inverse[has].tolist()
    # Entries of three or more words test the gaps after their second word on: all such
    # gaps of this chunk in one vectorised call.
    longest = {u: max(length for _, length in found[u]) for u in set(kinds)}
    reach = [(p, min(longest[u], n - 1 - p)) for p, u in zip(heads, kinds) if longest[u] > 1]
    gap_ok: dict[int, bool] = {}
    if reach:
        after = np.asarray([j for p, r in reach for j in range(p + 1, p + r)], dtype=np.int64)
        after = np.unique(after)
        gap_ok = dict(zip(after.tolist(), words.gaps_ok(after).tolist()))
    for p, u in zip(heads, kinds):
        for eid, length in found[u]:
            end = p + length
            if end >= n:
                continue
            for j in range(p + 2, end + 1):
                if not gap_ok[j - 1] or (eid, j - p) not in cont_ids.get(t_words[tok[j]], none):
                    break
            else:
                m_first.append(p)
                m_last.append(end)
                m_eid.append(eid)
    if not m_eid:
        return first, last, eids
    return _resolve(
        comp,
        words,
        (first, last, eids),
        (np.asarray(m_first), np.asarray(m_last), np.asarray(m_eid)),
    )


def _resolve(comp: _Compiled, words: _Words, singles: tuple, multis: tuple):
    """Overlaps inside a category: the longest span wins, then the earliest, then the first entry.

    Single-word matches never overlap each other inside a category (at most one per
    word and category), and a multi-word span is always longer than a single word
    inside it, so only multi-word matches compete with each other, and each kept one
    removes the single-word matches of its category that it covers.
    """
    first, last, eids = singles
    m_first, m_last, m_eid = multis
    cats = comp.entry_cat
    m_chars = words.ends[m_last] - words.starts[m_first]
    order = sorted(
        range(len(m_eid)),
        key=lambda i: (cats[m_eid[i]], -m_chars[i], m_first[i], m_eid[i]),
    )
    kept: list[int] = []
    # Per category, the kept spans (disjoint, so sorted by start they are sorted by end
    # too): a new span overlaps one of them exactly when it overlaps the last kept span
    # starting at or before its own end.
    taken: dict[int, tuple[list[int], list[int]]] = {}
    for i in order:
        starts, ends = taken.setdefault(int(cats[m_eid[i]]), ([], []))
        a, b = int(m_first[i]), int(m_last[i])
        k = bisect_right(starts, b)
        if k and ends[k - 1] >= a:
            continue
        starts.insert(k, a)
        ends.insert(k, b)
        kept.append(i)
    kept_arr = np.asarray(sorted(kept), dtype=np.int64)
    m_first, m_last, m_eid = m_first[kept_arr], m_last[kept_arr], m_eid[kept_arr]
    # Drop single-word matches covered by a kept multi-word match of their category.
    if len(eids):
        width = int(max(first.max(initial=0), m_last.max(initial=0))) + 1
        key = cats[eids] * width + first
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        lo = np.searchsorted(sorted_key, cats[m_eid] * width + m_first, side="left")
        hi = np.searchsorted(sorted_key, cats[m_eid] * width + m_last, side="right")
        drop = np.zeros(len(eids), dtype=bool)
        for a, b in zip(lo.tolist(), hi.tolist()):
            drop[order[a:b]] = True
        keep = ~drop
        first, last, eids = first[keep], last[keep], eids[keep]
    return (
        np.concatenate([first, m_first]),
        np.concatenate([last, m_last]),
        np.concatenate([eids, m_eid]),
    )


def _empty_frames() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype=object),
            "sent_id": pd.Series([], dtype="int64"),
            "category": pd.Series([], dtype=object),
            "pattern": pd.Series([], dtype=object),
            "matched": pd.Series([], dtype=object),
            "start": pd.Series([], dtype="int64"),
            "end": pd.Series([], dtype="int64"),
            "speaker": pd.Series([], dtype=object),
            "quote_speaker": pd.Series([], dtype=object),
            "lexicon": pd.Series([], dtype=object),
        }
    )


_CHUNK_CHARS = 2_000_000


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


def _scan(comps: list[_Compiled], texts: list[str]):
    """Match every lexicon in every text, a chunk of texts at a time.

    A chunk's texts are joined with NUL, which is neither a word character, white
    space nor a quote mark, so no word and no multi-word match crosses from one
    text into the next.  Returns arrays (text index, local start, local end, lexicon
    index, entry id) and the list of matched strings, or None when nothing matched.
    """
    if not texts:
        return None
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    ends = np.cumsum(lengths)
    out: list[tuple] = []
    matched: list[pa.Array] = []
    i = 0
    while i < len(texts):
        base = int(ends[i - 1]) if i else 0
        j = max(i + 1, int(np.searchsorted(ends, base + _CHUNK_CHARS, side="right")))
        joined = "\x00".join(texts[i:j])
        sent_starts = np.concatenate(([0], ends[i : j - 1] - base))
        words = _words(joined)
        types = words.types
        for lex_i, comp in enumerate(comps):
            tok = comp.ids(types)[words.index]
            positions = np.flatnonzero(comp.t_flags[tok] & 1)
            if not len(positions):
                continue
            first, last, eids = _match_chunk(comp, words, tok, positions)
            if not len(eids):
                continue
            starts = words.starts[first]
            stops = words.ends[last]
            local = np.searchsorted(sent_starts, starts, side="right") - 1
            out.append(
                (
                    local + i,
                    starts - sent_starts[local],
                    stops - sent_starts[local],
                    np.full(len(eids), lex_i, dtype=np.int64),
                    eids,
                )
            )
            matched.append(_slices(joined, words.codes, starts, stops))
        i = j
    if not out:
        return None
    columns = [np.concatenate([o[k] for o in out]).astype(np.int64) for k in range(5)]
    return (*columns, pa.concat_arrays(matched))


def lookup_frames(
    data: pd.DataFrame,
    lexicon: Lexicon | Sequence[Lexicon],
    *,
    quotes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Find every lexicon pattern in the sentences of a corpus.

    Parameters
    ----------
    data : DataFrame
        A sentences frame (``doc_id``, ``sent_id``, ``start``, ``text``, ``speaker``),
        or a documents frame (``doc_id``, ``text``, no ``sent_id``), which is first
        split with :func:`researchlib.sentences.split_sentences` (given ``quotes``).
    lexicon : Lexicon or list of Lexicon
        One or several lexicons; each hit names its lexicon.
    quotes : DataFrame, optional
        Quotations (``doc_id``, ``start``, ``end``, ``speaker``).  A hit lying inside
        a quotation records that quotation's speaker in ``quote_speaker``.

    Returns
    -------
    DataFrame
        One row per hit: ``doc_id``, ``sent_id``, ``category``, ``pattern``,
        ``matched``, ``start``, ``end`` (offsets into the document text, so
        ``documents.text[start:end] == matched``), ``speaker`` (the sentence's, so
        that rates and sentiment per speaker share one denominator),
        ``quote_speaker`` (the speaker of the quotation holding the hit, e.g. a
        scare quote inside narration; NA outside quotations or without
        ``quotes``), ``lexicon``; in sentence order, then by position.

    Raises
    ------
    SchemaError
        If ``data`` or ``quotes`` lacks a required column.
    ParameterError
        If ``lexicon`` is not a Lexicon or a non-empty list of them.

    Examples
    --------
    >>> import researchlib as rl
    >>> frames = rl.lookup_frames(sentences, rl.default_lexicon())  # doctest: +SKIP
    """
    lexicons = _as_lexicons(lexicon)
    if not isinstance(data, pd.DataFrame):
        raise SchemaError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if "sent_id" not in data.columns:
        _require(data, ["doc_id", "text"], "data (documents)")
        from .sentences import split_sentences

        data = split_sentences(data, quotes=quotes)
    _require(data, SENTENCE_COLUMNS, "data (sentences)")
    if quotes is not None:
        _require(quotes, ["doc_id", "start", "end", "speaker"], "quotes")

    comps = [_compiled(lex) for lex in lexicons]
    texts = [t if isinstance(t, str) else "" for t in data["text"].tolist()]
    hits = _scan(comps, texts)
    if hits is None:
        return _empty_frames()
    sent_idx, local_start, local_end, lex_idx, eids, matched = hits
    order = np.lexsort((eids, lex_idx, local_end, local_start, sent_idx))
    sent_idx, local_start, local_end = sent_idx[order], local_start[order], local_end[order]
    lex_idx, eids = lex_idx[order], eids[order]
    # String columns are Arrow takes from small tables (no Python object per hit).
    cat_codes = np.empty(len(eids), dtype=np.int64)
    pat_codes = np.empty(len(eids), dtype=np.int64)
    cat_table: list[str] = []
    pat_table: list[str] = []
    for lex_i, comp in enumerate(comps):
        sel = lex_idx == lex_i
        ids = eids[sel]
        cat_codes[sel] = comp.entry_cat[ids] + len(cat_table)
        pat_codes[sel] = ids + len(pat_table)
        cat_table += comp.categories
        pat_table += comp.patterns
    offset = data["start"].to_numpy(dtype=np.int64)[sent_idx]
    frames = pd.DataFrame(
        {
            "doc_id": _take_strings(data["doc_id"], sent_idx),
            "sent_id": data["sent_id"].to_numpy(dtype=np.int64)[sent_idx],
            "category": _strings(pa.array(cat_table, pa.large_string()).take(cat_codes)),
            "pattern": _strings(pa.array(pat_table, pa.large_string()).take(pat_codes)),
            "matched": _strings(matched.take(order)),
            "start": offset + local_start,
            "end": offset + local_end,
            "speaker": _take_strings(data["speaker"], sent_idx),
            "quote_speaker": np.full(len(eids), None, dtype=object),
            "lexicon": _strings(
                pa.array([c.name for c in comps], pa.large_string()).take(lex_idx)
            ),
        }
    )
    if quotes is not None and len(quotes):
        frames["quote_speaker"] = _quote_speakers(frames, quotes)
    return frames


_STR_DTYPE = pd.Series([], dtype="str").dtype


def _strings(array: pa.Array) -> pd.Series:
    """A pandas ``str`` column over an Arrow string array (no copy through Python)."""
    return array.to_pandas(types_mapper={pa.large_string(): _STR_DTYPE, pa.string(): _STR_DTYPE}.get)


def _take_strings(column: pd.Series, idx: np.ndarray):
    """``column``'s values at ``idx``: an Arrow take for ``str`` columns, else an object array."""
    if column.dtype == _STR_DTYPE:
        return _strings(pa.array(column.array).take(idx))
    return column.to_numpy(dtype=object)[idx]


def _as_lexicons(lexicon) -> list[Lexicon]:
    items = [lexicon] if isinstance(lexicon, Lexicon) else lexicon
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence) or not items:
        raise ParameterError(
            f"lexicon must be a Lexicon or a non-empty list of Lexicon objects, got {lexicon!r}"
        )
    for item in items:
        if not isinstance(item, Lexicon):
            raise ParameterError(
                f"lexicon list holds {type(item).__name__} {item!r}; allowed: Lexicon objects "
                "(see researchlib.load_lexicon)"
            )
    names = [lex.name for lex in items]
    if len(set(names)) != len(names):
        raise ParameterError(f"lexicon names must differ inside one lookup, got {names}")
    return list(items)


def _quote_speakers(frames: pd.DataFrame, quotes: pd.DataFrame) -> np.ndarray:
    """Speaker per hit of the enclosing quotation, None outside quotations.

    The quotation is the last one (by start, then table order) of the hit's
    document that starts at or before the hit; the hit is inside when that
    quotation ends at or after the hit's end.
    """
    speakers = np.full(len(frames), None, dtype=object)
    if not len(frames):
        return speakers
    q_doc = quotes["doc_id"].astype(object).to_numpy(dtype=object)
    f_doc = frames["doc_id"].astype(object).to_numpy(dtype=object)
    codes, _ = pd.factorize(np.concatenate([q_doc, f_doc]))
    q_code, f_code = codes[: len(q_doc)].astype(np.int64), codes[len(q_doc) :].astype(np.int64)
    q_start = quotes["start"].to_numpy(dtype=np.int64)
    q_end = quotes["end"].to_numpy(dtype=np.int64)
    f_start = frames["start"].to_numpy(dtype=np.int64)
    f_end = frames["end"].to_numpy(dtype=np.int64)
    width = int(max(q_start.max(initial=0), f_start.max(initial=0))) + 1
    q_key = q_code * width + q_start
    order = np.argsort(q_key, kind="stable")
    at = np.searchsorted(q_key[order], f_code * width + f_start, side="right") - 1
    found = at >= 0
    q_row = order[np.where(found, at, 0)]
    inside = found & (q_code[q_row] == f_code) & (q_end[q_row] >= f_end)
    speakers[inside] = quotes["speaker"].to_numpy(dtype=object)[q_row[inside]]
    return speakers


# ---------------------------------------------------------------------------
# Rates, sentiment, diagnostics


def _as_list(by, argument: str = "by") -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    if isinstance(by, Sequence) and all(isinstance(b, str) for b in by):
        return list(by)
    raise ParameterError(f"{argument} must be a column name or a list of names, got {by!r}")


def _with_columns(
    table: pd.DataFrame, columns: list[str], documents: pd.DataFrame | None, argument: str
) -> pd.DataFrame:
    """``table`` with the ``columns`` it lacks joined from ``documents`` on ``doc_id``."""
    missing = [c for c in columns if c not in table.columns]
    if not missing:
        return table
    if documents is None:
        raise SchemaError(
            f"{argument} lacks column(s) {', '.join(missing)} and no documents were given to "
            f"join them from; present: {', '.join(map(str, table.columns))}"
        )
    _require(documents, ["doc_id"], "documents")
    docs = documents
    if "year" in missing and "year" not in docs.columns and "date" in docs.columns:
        docs = docs.assign(year=pd.to_datetime(docs["date"]).dt.year.astype("Int64"))
    absent = [c for c in missing if c not in docs.columns]
    if absent:
        raise SchemaError(
            f"column(s) {', '.join(absent)} are in neither {argument} nor documents "
            f"('year' can be derived from 'date'); documents has: "
            f"{', '.join(map(str, documents.columns))}"
        )
    extra = docs[["doc_id", *missing]].drop_duplicates("doc_id")
    return table.merge(extra, on="doc_id", how="left", validate="many_to_one")


def _lexicon_keys(frames: pd.DataFrame) -> list[str]:
    return ["lexicon", "category"] if "lexicon" in frames.columns else ["category"]


def frame_rates(
    frames: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    by: str | Sequence[str] = "speaker",
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Hits and hits per 1,000 words per group and category.

    Parameters
    ----------
    frames : DataFrame
        Output of :func:`lookup_frames` (``doc_id``, ``category``, optional ``lexicon``).
    sentences : DataFrame
        ``doc_id``, ``n_words``; the words of each group are summed from here.
    by : str or list of str, default="speaker"
        Grouping columns.  A column absent from ``frames`` or ``sentences`` is joined
        from ``documents`` on ``doc_id`` (``year`` is derived from ``date`` when absent).
    documents : DataFrame, optional
        Documents table to join grouping columns from.

    Returns
    -------
    DataFrame
        ``<by...>``, ``lexicon`` (when frames have it), ``category``, ``n`` (hits),
        ``n_words`` (the group's words), ``per_1000`` (``n / n_words * 1000``; NaN
        when the group has no words).  Every group of ``sentences`` appears with every
        category of ``frames``, with ``n = 0`` where it has no hit.

    Raises
    ------
    SchemaError
        If a required column is missing and cannot be joined.
    ParameterError
        If ``by`` is not a column name or list of names.
    """
    keys = _as_list(by)
    _require(frames, ["doc_id", "category"], "frames")
    _require(sentences, ["doc_id", "n_words"], "sentences")
    frames = _with_columns(frames, keys, documents, "frames")
    sentences = _with_columns(sentences, keys, documents, "sentences")
    cat_keys = _lexicon_keys(frames)

    if keys:
        words = sentences.groupby(keys, dropna=False, sort=False)["n_words"].sum()
        hits = frames.groupby([*keys, *cat_keys], dropna=False, sort=False).size()
        groups = words.index.union(hits.index.droplevel(cat_keys).unique())
        groups = pd.MultiIndex.from_frame(groups.to_frame(index=False)) if len(keys) > 1 else groups
    else:
        words = pd.Series([sentences["n_words"].sum()], index=pd.Index([0], name="_all"))
        hits = frames.groupby(cat_keys, dropna=False, sort=False).size()
        groups = words.index
    cats = frames[cat_keys].drop_duplicates()
    grid = groups.to_frame(index=False).merge(cats, how="cross")
    if keys:
        counts = hits.rename("n").reset_index()
        out = grid.merge(counts, on=[*keys, *cat_keys], how="left")
        out = out.merge(words.rename("n_words").reset_index(), on=keys, how="left")
    else:
        counts = hits.rename("n").reset_index()
        out = grid.merge(counts, on=cat_keys, how="left").drop(columns="_all")
        out["n_words"] = int(words.iloc[0])
    out["n"] = out["n"].fillna(0).astype("int64")
    out["n_words"] = out["n_words"].fillna(0).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = out["n"].to_numpy(dtype=float) / out["n_words"].to_numpy(dtype=float) * 1000.0
    out["per_1000"] = np.where(out["n_words"].to_numpy() > 0, rate, np.nan)
    out = out.sort_values([*keys, *cat_keys], kind="stable").reset_index(drop=True)
    return out[[*keys, *cat_keys, "n", "n_words", "per_1000"]]


def frame_sentiment(
    frames: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Mean VADER compound of the sentences that carry each category.

    A sentence counts once per category, however many hits it has.

    Parameters
    ----------
    frames : DataFrame
        ``doc_id``, ``sent_id``, ``category`` (optional ``lexicon``).
    sentences : DataFrame
        ``doc_id``, ``sent_id``, and ``compound`` (or ``text``, then scored with
        :func:`researchlib.sentiment.score_sentiment`), plus the ``by`` columns.
    by : str or list of str, optional
        Grouping columns of ``sentences`` (e.g. ``"speaker"``); default: none.

    Returns
    -------
    DataFrame
        ``<by...>``, ``lexicon`` (when frames have it), ``category``, ``n``
        (sentences), ``mean_compound``.

    Raises
    ------
    SchemaError
        If a required column is missing.
    """
    keys = _as_list(by)
    _require(frames, ["doc_id", "sent_id", "category"], "frames")
    _require(sentences, ["doc_id", "sent_id", *keys], "sentences")
    if "compound" not in sentences.columns:
        _require(sentences, ["text"], "sentences (no 'compound' column, so 'text' to score)")
        from .sentiment import score_sentiment

        sentences = score_sentiment(sentences)
    cat_keys = _lexicon_keys(frames)
    carried = frames[["doc_id", "sent_id", *cat_keys]].drop_duplicates()
    joined = carried.merge(
        sentences[["doc_id", "sent_id", "compound", *keys]], on=["doc_id", "sent_id"], how="inner"
    )
    out = (
        joined.groupby([*keys, *cat_keys], dropna=False, sort=True)["compound"]
        .agg(n="size", mean_compound="mean")
        .reset_index()
    )
    out["n"] = out["n"].astype("int64")
    return out


def lexicon_diagnostics(
    frames: pd.DataFrame,
    lexicon: Lexicon,
    *,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per-pattern hit counts of a lexicon on a corpus: what never matches, what is shared.

    Parameters
    ----------
    frames : DataFrame
        Output of :func:`lookup_frames` (``category``, ``pattern``; rows of other
        lexicons are ignored when it has a ``lexicon`` column).
    lexicon : Lexicon
        The lexicon to diagnose.
    sentences : DataFrame, optional
        ``doc_id``, ``sent_id``: when given, the coverage (share of sentences with at
        least one hit of this lexicon) is stored in ``result.attrs["coverage"]``
        (with ``attrs["n_sentences"]``).

    Returns
    -------
    DataFrame
        One row per (category, pattern) of the lexicon, in lexicon order:
        ``lexicon``, ``category``, ``pattern``, ``n_hits``, ``in_categories``
        (number of categories listing the same pattern), ``never_matched``.

    Raises
    ------
    SchemaError
        If a required column is missing.
    ParameterError
        If ``lexicon`` is not a Lexicon.
    """
    if not isinstance(lexicon, Lexicon):
        raise ParameterError(
            f"lexicon must be a Lexicon, got {type(lexicon).__name__}; note the order "
            "lexicon_diagnostics(frames, lexicon)"
        )
    _require(frames, ["category", "pattern"], "frames")
    if "lexicon" in frames.columns:
        frames = frames[frames["lexicon"] == lexicon.name]
    out = lexicon.to_frame()[["lexicon", "category", "pattern"]]
    counts = frames.groupby(["category", "pattern"]).size().rename("n_hits").reset_index()
    out = out.merge(counts, on=["category", "pattern"], how="left")
    out["n_hits"] = out["n_hits"].fillna(0).astype("int64")
    out["in_categories"] = out.groupby("pattern")["category"].transform("nunique").astype("int64")
    out["never_matched"] = out["n_hits"] == 0
    if sentences is not None:
        _require(sentences, ["doc_id", "sent_id"], "sentences")
        n_sent = len(sentences[["doc_id", "sent_id"]].drop_duplicates())
        if {"doc_id", "sent_id"} <= set(frames.columns):
            hit = frames[["doc_id", "sent_id"]].drop_duplicates()
            n_hit = len(hit.merge(sentences[["doc_id", "sent_id"]], on=["doc_id", "sent_id"]))
        else:
            raise SchemaError(
                "frames lacks doc_id/sent_id, needed for coverage; present: "
                f"{', '.join(map(str, frames.columns))}"
            )
        out.attrs["coverage"] = n_hit / n_sent if n_sent else float("nan")
        out.attrs["n_sentences"] = n_sent
    return out
