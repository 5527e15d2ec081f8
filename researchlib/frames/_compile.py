"""Frames stage, compiling: a lexicon turned into the tables the scan reads (one per lexicon)."""

from __future__ import annotations

import threading
from itertools import repeat

import numpy as np

from .._inflections import inflections
from ..lexicon import Lexicon

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
        "exceptions",
        "exception_cat",
        "max_words",
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
                    forms = inflections(word) if lexicon.inflect else frozenset((word,))
                    matchers.append((False, forms))
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
        self.max_words = 1 + max((len(rest) for rest in self.entry_rest), default=0)
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
        # The exception phrases, compiled the same way as a lexicon of their own whose
        # categories map back to this lexicon's (exception_cat); None without any.
        self.exceptions: _Compiled | None = None
        self.exception_cat = np.zeros(0, dtype=np.int64)
        if lexicon.exceptions:
            phrases = Lexicon(f"{lexicon.name} exceptions", lexicon.exceptions, inflect=lexicon.inflect)
            self.exceptions = _Compiled(phrases)
            self.exception_cat = np.asarray(
                [cat_index[c] for c in self.exceptions.categories], dtype=np.int64
            )

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
