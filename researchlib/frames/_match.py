"""Frames stage, matching: the hits of one compiled lexicon in one chunk of words."""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

from ._compile import _Compiled
from ._tokens import _Words


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


def _drop_exceptions(comp: _Compiled, words: _Words, hits: tuple):
    """The hits that lie wholly inside no match of an exception phrase of their category.

    The exception phrases are matched as a compiled lexicon of their own (see
    :class:`_Compiled`); ``hits`` are arrays (first word, last word, entry) from
    :func:`_match_chunk`.
    """
    first, last, eids = hits
    exc = comp.exceptions
    if exc is None or not len(eids):
        return hits
    cats = comp.entry_cat[eids]
    concerned = np.isin(cats, comp.exception_cat)
    if not concerned.any():
        return hits
    # Only the words an exception holding a concerned hit can cover are looked up (the
    # others get the id of a word that matches nothing): a hit is inside an exception
    # match only if that match starts at most ``reach`` words before it and ends as far after.
    n = len(words.index)
    reach = exc.max_words - 1
    mark = np.zeros(n + 1, dtype=np.int64)
    np.add.at(mark, np.maximum(first[concerned] - reach, 0), 1)
    np.add.at(mark, np.minimum(last[concerned] + reach, n - 1) + 1, -1)
    covered = np.flatnonzero(np.cumsum(mark[:n]) > 0)
    kinds, inverse = np.unique(words.index[covered], return_inverse=True)
    types = words.types
    tok = np.full(n, exc.ids([""])[0], dtype=np.int64)
    tok[covered] = exc.ids([types[k] for k in kinds.tolist()])[inverse]
    positions = covered[(exc.t_flags[tok[covered]] & 1) > 0]
    if not len(positions):
        return hits
    x_first, x_last, x_eids = _match_chunk(exc, words, tok, positions)
    if not len(x_eids):
        return hits
    x_cat = comp.exception_cat[exc.entry_cat[x_eids]]
    # A hit goes when an exception match of its category starts at or before its first
    # word and ends at or after its last.  Matches sorted by (category, first word): the
    # running maximum of (category, last word) up to the last match starting at or before
    # a hit is the furthest any of them reaches (earlier categories' keys are smaller, so
    # they never win), which decides it without a loop over the matches.
    width = int(max(last.max(initial=0), x_last.max(initial=0))) + 1
    x_key = x_cat * width + x_first
    order = np.argsort(x_key, kind="stable")
    x_key, reach_end = x_key[order], np.maximum.accumulate((x_cat * width + x_last)[order])
    at = np.searchsorted(x_key, cats * width + first, side="right") - 1
    found = at >= 0
    at = np.maximum(at, 0)
    drop = found & (x_key[at] // width == cats) & (reach_end[at] >= cats * width + last)
    keep = ~drop
    return first[keep], last[keep], eids[keep]
