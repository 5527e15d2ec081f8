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
costs grow with the text, not with the lexicon: a lexicon is compiled once into a
table from surface word to candidate patterns, each sentence is split into words
once, and only the words that can start a pattern are looked at further.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate, compress

import numpy as np
import pandas as pd

from . import _text
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
    "lexicon",
]
SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "text", "speaker"]

_SPLIT_RE = re.compile(f"({_text.WORD_PATTERN})")
_GAP_RE = re.compile(r"[\s" + re.escape(_text.QUOTE_CHARS) + r"]*")


def _require(frame: pd.DataFrame, columns: Sequence[str], argument: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"{argument} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SchemaError(
            f"{argument} lacks column(s) {', '.join(missing)}; "
            f"present: {', '.join(map(str, frame.columns))}"
        )


# ---------------------------------------------------------------------------
# Compiling a lexicon


_INFLECTIONS: dict[str, frozenset[str]] = {}


def _inflections(word: str) -> frozenset[str]:
    """The word plus every inflection of each of its lemmas (lemminflect), lower case."""
    forms = _INFLECTIONS.get(word)
    if forms is None:
        from lemminflect import getAllInflections, getAllLemmas

        found = {word}
        for lemmas in getAllLemmas(word).values():
            for lemma in lemmas:
                found.add(lemma.lower())
                for inflected in getAllInflections(lemma).values():
                    found.update(f.lower() for f in inflected)
        forms = _INFLECTIONS[word] = frozenset(found)
    return forms


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


class _Compiled:
    """A lexicon compiled for lookup: surface word -> candidate entries."""

    __slots__ = (
        "name",
        "categories",
        "patterns",
        "entry_cat",
        "entry_rest",
        "exact",
        "prefixes",
        "prefix_lengths",
        "cache",
        "known",
        "triggers",
    )

    def __init__(self, lexicon: Lexicon) -> None:
        self.name = lexicon.name
        self.categories = list(lexicon.categories())
        cat_index = {c: i for i, c in enumerate(self.categories)}
        self.patterns: list[str] = []
        self.entry_cat: list[int] = []
        self.entry_rest: list[tuple] = []
        self.exact: dict[str, list[int]] = {}
        self.prefixes: dict[str, list[int]] = {}
        for category, pattern in lexicon.entries():
            eid = len(self.patterns)
            self.patterns.append(pattern)
            self.entry_cat.append(cat_index[category])
            matchers = []
            for word in pattern.split(" "):
                if word.endswith("*"):
                    matchers.append((True, word[:-1]))
                else:
                    matchers.append((False, _inflections(word)))
            first_is_prefix, first = matchers[0]
            if first_is_prefix:
                self.prefixes.setdefault(first, []).append(eid)
            else:
                for form in first:
                    self.exact.setdefault(form, []).append(eid)
            self.entry_rest.append(tuple(matchers[1:]))
        self.prefix_lengths = sorted({len(p) for p in self.prefixes})
        self.cache: dict[str, tuple[int, ...]] = {}
        self.known: set[str] = set()
        self.triggers: set[str] = set()

    def classify(self, words) -> None:
        """Add the candidate entries of every new surface word to the cache."""
        exact, prefixes, lengths = self.exact, self.prefixes, self.prefix_lengths
        for word in set(words).difference(self.known):
            key = _norm(word)
            ids = list(exact.get(key, ()))
            for n in lengths:
                if n > len(key):
                    break
                hit = prefixes.get(key[:n])
                if hit:
                    ids.extend(hit)
            self.known.add(word)
            if ids:
                self.cache[word] = tuple(sorted(set(ids)))
                self.triggers.add(word)


def _compiled(lexicon: Lexicon) -> _Compiled:
    comp = lexicon._compiled
    if comp is None:
        comp = _Compiled(lexicon)
        lexicon._compiled = comp
    return comp


def _word_matches(matcher, word: str) -> bool:
    is_prefix, value = matcher
    key = _norm(word)
    return key.startswith(value) if is_prefix else key in value


_GAP_OK: dict[str, bool] = {}


def _gap_ok(gap: str) -> bool:
    ok = _GAP_OK.get(gap)
    if ok is None:
        ok = _GAP_RE.fullmatch(gap) is not None
        if len(_GAP_OK) < 10_000:
            _GAP_OK[gap] = ok
    return ok


def _find(comp: _Compiled, lex_i: int, parts: list[str], words: list[str], out: list) -> None:
    """Append ``(lex_i, cat, start_word, end_word, entry)`` for every match in one sentence."""
    if not comp.known.issuperset(words):
        comp.classify(words)
    triggers = comp.triggers
    if triggers.isdisjoint(words):
        return
    cache, entry_cat, entry_rest = comp.cache, comp.entry_cat, comp.entry_rest
    n_words = len(words)
    for k in compress(range(n_words), map(triggers.__contains__, words)):
        for eid in cache[words[k]]:
            rest = entry_rest[eid]
            last = k + len(rest)
            if rest:
                if last >= n_words:
                    continue
                ok = True
                for j, matcher in enumerate(rest, start=k + 1):
                    if not _gap_ok(parts[2 * j]) or not _word_matches(matcher, words[j]):
                        ok = False
                        break
                if not ok:
                    continue
            out.append((lex_i, entry_cat[eid], k, last, eid))


def _resolve(found: list, cum: list[int]) -> list:
    """Drop overlaps inside one (lexicon, category): longest span, then earliest, then first entry."""
    spans = [
        (lex_i, cat, cum[2 * k], cum[2 * last + 1], eid) for lex_i, cat, k, last, eid in found
    ]
    if len(spans) == 1:
        return spans
    spans.sort(key=lambda m: (m[0], m[1], m[2] - m[3], m[2], m[4]))
    kept = []
    group = None
    taken: list[tuple[int, int]] = []
    for m in spans:
        if (m[0], m[1]) != group:
            group, taken = (m[0], m[1]), []
        s, e = m[2], m[3]
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        kept.append(m)
    kept.sort(key=lambda m: (m[2], m[3], m[0], m[1]))
    return kept


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
            "lexicon": pd.Series([], dtype=object),
        }
    )


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
        a quotation takes the quotation's speaker; other hits take the sentence's.

    Returns
    -------
    DataFrame
        One row per hit: ``doc_id``, ``sent_id``, ``category``, ``pattern``,
        ``matched``, ``start``, ``end`` (offsets into the document text, so
        ``documents.text[start:end] == matched``), ``speaker``, ``lexicon``; in
        sentence order, then by position.

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
    texts = data["text"].tolist()
    split = _SPLIT_RE.split
    rows: list[int] = []
    lex_col: list[int] = []
    eid_col: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    matched: list[str] = []
    for si, text in enumerate(texts):
        if not isinstance(text, str) or not text:
            continue
        parts = split(text)
        words = parts[1::2]
        found: list = []
        for lex_i, comp in enumerate(comps):
            _find(comp, lex_i, parts, words, found)
        if not found:
            continue
        for lex_i, _cat, s, e, eid in _resolve(found, list(accumulate(map(len, parts)))):
            rows.append(si)
            lex_col.append(lex_i)
            eid_col.append(eid)
            starts.append(s)
            ends.append(e)
            matched.append(text[s:e])
    if not rows:
        return _empty_frames()

    idx = np.asarray(rows, dtype=np.int64)
    offset = data["start"].to_numpy(dtype=np.int64)[idx]
    categories, patterns, names = [], [], []
    for lex_i, eid in zip(lex_col, eid_col):
        comp = comps[lex_i]
        categories.append(comp.categories[comp.entry_cat[eid]])
        patterns.append(comp.patterns[eid])
        names.append(comp.name)
    frames = pd.DataFrame(
        {
            "doc_id": data["doc_id"].to_numpy(dtype=object)[idx],
            "sent_id": data["sent_id"].to_numpy(dtype=np.int64)[idx],
            "category": categories,
            "pattern": patterns,
            "matched": matched,
            "start": offset + np.asarray(starts, dtype=np.int64),
            "end": offset + np.asarray(ends, dtype=np.int64),
            "speaker": data["speaker"].to_numpy(dtype=object)[idx],
            "lexicon": names,
        }
    )
    if quotes is not None and len(quotes):
        frames["speaker"] = _quote_speakers(frames, quotes)
    return frames


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
    """Speaker per hit: the enclosing quotation's speaker, else the sentence's."""
    q = pd.DataFrame(
        {
            "doc_id": quotes["doc_id"].astype(object),
            "q_start": quotes["start"].astype("int64"),
            "q_end": quotes["end"].astype("int64"),
            "q_speaker": quotes["speaker"].astype(object),
        }
    ).sort_values("q_start", kind="stable")
    left = pd.DataFrame(
        {
            "doc_id": frames["doc_id"].astype(object),
            "start": frames["start"],
            "end": frames["end"],
            "row": np.arange(len(frames)),
        }
    ).sort_values("start", kind="stable")
    merged = pd.merge_asof(
        left, q, left_on="start", right_on="q_start", by="doc_id", direction="backward"
    ).sort_values("row")
    inside = (merged["q_end"] >= merged["end"]).fillna(False).to_numpy(dtype=bool)
    speakers = frames["speaker"].to_numpy(dtype=object).copy()
    speakers[inside] = merged["q_speaker"].to_numpy(dtype=object)[inside]
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

