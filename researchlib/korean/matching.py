"""Korean lexicon matching: one document's text and a lexicon -> hits on lemmas, offsets into the text.

Reads a string (a document's cleaned ``text``) and a :class:`researchlib.lexicon.Lexicon`
(or a lexicon file, or a mapping of category to patterns) and writes a hits frame:
``sent_id``, ``start``, ``end``, ``category``, ``pattern``, ``matched``, ``lexicon``
(the columns of the frames table that come from the text; the pipeline adds
``doc_id``, ``speaker`` and ``quote_speaker``).

Pattern language in Korean
--------------------------
The English pattern language of :mod:`researchlib.lexicon`, applied to lemmas:

* **A word matches its lemma, never a string inside another word.** A pattern is
  analysed once by the same analyser as the text (:func:`researchlib.korean.morphemes_ko`),
  and its words (nouns, verbs, adjectives, adverbs; not its particles or endings)
  must equal the lemmas of consecutive words of the text. A noun pattern matches
  the noun with any particle (혈맹 matches 혈맹의, 혈맹으로); a verb or adjective
  pattern matches its conjugations (희생하다 matches 희생하였다, 희생한, 희생해);
  the noun 희생 does not match the verb 희생하다, nor 적 (enemy) the suffix of
  혁명적. Within a compound written as one word (조국통일, 반파쑈) each part is a
  word. North Korean and standard spellings are the same lemma (로동 = 노동).
* **A trailing ``*`` is a prefix glob on the written form**: ``원쑤*`` matches where a
  word part of the text starts with 원쑤 (원쑤, 원쑤놈들); the match runs over the
  following parts of the same written word (원쑤놈 in 원쑤놈들은), its particles,
  endings and plural suffix left out. Only a one-word pattern may carry ``*``.
* **A noun pattern also matches as written** where its letters start a word part,
  end where a morpheme ends and are followed by a particle, an ending or the end of
  the word: the analyser sometimes reads a noun in context as other parts (새해의 as
  새 + 해, 기쁨과 as 기쁘 + ㅁ), and a researcher's word should still count there.
* **Several words** (피를 흘리다, 어깨를 겯다) match consecutive words of one
  sentence: their particles and endings may differ, nothing else may stand between
  them, and punctuation breaks the match.
* **Overlaps**: inside one category overlapping matches count once (the longest span,
  then the earliest, then the pattern listed first); the same span may count for
  several categories.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .._schema import str_series
from ..exceptions import LexiconError, ParameterError
from ..lexicon import Lexicon, load_lexicon
from .analysis import _analyse_uncached, _analysis, analyser

__all__ = ["lookup_frames_ko", "default_lexicon_ko", "HIT_COLUMNS"]

#: Columns of :func:`lookup_frames_ko`, in order.
HIT_COLUMNS = ["sent_id", "start", "end", "category", "pattern", "matched", "lexicon"]

_DEFAULT_FILE = "default_lexicon_ko.yaml"


class _Entry(NamedTuple):
    category: str
    rank: int  # position of the pattern in its category (ties go to the first listed)
    pattern: str
    words: tuple  # ((lemma, class), ...) for a lemma pattern; () for a glob
    prefix: str  # the glob's prefix; "" for a lemma pattern


class _CompiledKo(NamedTuple):
    name: str
    categories: tuple
    by_first: dict  # (lemma, class) of the first word -> entries
    globs: dict  # first character of the prefix -> entries
    surface: dict  # first character of a noun pattern -> entries (its written form)


_COMPILED: dict = {}


def default_lexicon_ko() -> Lexicon:
    """The default Korean lexicon (``researchlib/data/default_lexicon_ko.yaml``).

    Returns
    -------
    Lexicon
        Named ``"default_lexicon_ko"``: the six categories of the English default
        lexicon, in Korean lemmas drawn from the New Year addresses, with a one-line
        description per category.

    Raises
    ------
    ResourceError
        Never in a complete install; the file ships with the package.
    """
    with resources.as_file(resources.files("researchlib") / "data" / _DEFAULT_FILE) as path:
        return load_lexicon(path, name="default_lexicon_ko")


def _as_lexicon(lexicon) -> Lexicon:
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, (str, Path)):
        return load_lexicon(lexicon)
    if isinstance(lexicon, Mapping):
        return Lexicon("custom", lexicon)
    raise ParameterError(
        f"lexicon must be a Lexicon, a lexicon file path or a mapping of category to patterns, "
        f"got {type(lexicon).__name__}"
    )


def _final_consonant(word: str) -> bool:
    code = ord(word[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def _reading(pattern: str, context: str):
    """``(words, read)`` of ``pattern + context``; words is None when a letter is left out."""
    verbal = not context and pattern.endswith("다")
    analysis = _analyse_uncached(pattern + context, analyser())  # uncached: keeps the documents'
    rows = analysis.rows
    covered = [ch.isspace() for ch in pattern]
    for i, cls in enumerate(analysis.cls):
        pos = rows["pos"][i]
        if cls is not None or pos.startswith("J") or (verbal and pos.startswith("E")):
            for j in range(rows["start"][i], min(rows["end"][i], len(pattern))):
                covered[j] = True
    words = tuple((lemma, cls) for lemma, cls in zip(rows["lemma"], analysis.cls) if cls is not None)
    read = " + ".join(f"{f}/{p}" for f, p in zip(rows["form"], rows["pos"]))
    if words and not pattern.endswith("다") and words[-1][1] == "V":
        return None, read  # a noun read as a verb made a noun (기쁨 as 기쁘 + ㅁ)
    return (words if words and all(covered) else None), read


def _pattern_words(pattern: str, where: str) -> tuple:
    """The pattern's words as ``(lemma, class)`` pairs, by the analyser.

    A word on its own can be read several ways (주구 alone reads as the verb 주다
    plus an ending; 단합 followed by 의 as 단 + 합의), so the pattern is read on its
    own and followed by a particle (의, 을/를), and the reading with the fewest words
    wins among those in which every letter of the pattern belongs to a word, to a
    particle between words or, for a dictionary form ending in 다, to its ending, and
    in which a pattern not ending in 다 does not end in a verb or adjective (기쁨
    alone reads as 기쁘다 + ㅁ). No such reading is an error: the analyser would
    match something else.
    """
    contexts = ["", "의", "을" if _final_consonant(pattern) else "를"]
    best, reads = None, []
    for context in contexts:
        words, read = _reading(pattern, context)
        reads.append(read)
        if words is not None and (best is None or len(words) < len(best)):
            best = words
    if best is None:
        raise LexiconError(
            f"{where}: the Korean analyser reads pattern {pattern!r} as {reads[0]}, which leaves "
            "part of it outside any word; write the word's dictionary form, or a prefix glob "
            f"such as {pattern.split()[0] + '*'!r}"
        )
    return best


def _compile(lexicon: Lexicon) -> _CompiledKo:
    key = (lexicon.name, tuple((c, lexicon.patterns(c)) for c in lexicon.categories()))
    found = _COMPILED.get(key)
    if found is not None:
        return found
    by_first: dict = {}
    globs: dict = {}
    surface: dict = {}
    for category in lexicon.categories():
        for rank, pattern in enumerate(lexicon.patterns(category)):
            where = f"lexicon {lexicon.name!r}, category {category!r}"
            if pattern.endswith("*"):
                prefix = pattern[:-1]
                if " " in prefix:
                    raise LexiconError(
                        f"{where}: pattern {pattern!r}: in Korean a '*' glob must be one word "
                        "(e.g. '원쑤*')"
                    )
                entry = _Entry(category, rank, pattern, (), prefix)
                globs.setdefault(prefix[0], []).append(entry)
                continue
            words = _pattern_words(pattern, where)
            entry = _Entry(category, rank, pattern, words, "")
            by_first.setdefault(words[0], []).append(entry)
            if not pattern.endswith("다"):
                surface.setdefault(pattern[0], []).append(entry)
    compiled = _CompiledKo(lexicon.name, tuple(lexicon.categories()), by_first, globs, surface)
    if len(_COMPILED) > 32:
        _COMPILED.clear()
    _COMPILED[key] = compiled
    return compiled


def _candidates(text: str, comp: _CompiledKo, analysis) -> list:
    """Every match before overlaps are resolved: ``(start, end, sent_id, entry)``."""
    rows, cls = analysis.rows, analysis.cls
    # The text's words: rows with a class, in order (particles and endings dropped);
    # punctuation stays in the sequence as a word that matches nothing.
    idx = [i for i, c in enumerate(cls) if c is not None or rows["pos"][i].startswith("S")]
    keys = [(rows["lemma"][i], cls[i]) for i in idx]
    starts = [rows["start"][i] for i in idx]
    ends = [rows["end"][i] for i in idx]
    sents = [rows["sent_id"][i] for i in idx]
    out = []
    n = len(idx)
    for k in range(n):
        for entry in comp.by_first.get(keys[k], ()):
            words = entry.words
            stop = k + len(words)
            if stop > n or sents[stop - 1] != sents[k]:
                continue
            if all(keys[k + j] == words[j] for j in range(1, len(words))):
                out.append((starts[k], max(ends[k:stop]), sents[k], entry))
        if comp.globs and cls[idx[k]] is not None:
            start = starts[k]
            for entry in comp.globs.get(text[start], ()):
                if not text.startswith(entry.prefix, start):
                    continue
                end = max(ends[k], start + len(entry.prefix))
                j = k + 1  # the following word parts of the same written word
                while (j < n and cls[idx[j]] is not None and starts[j] <= end
                       and not any(ch.isspace() for ch in text[end:starts[j]])):
                    end = max(end, ends[j])
                    j += 1
                out.append((start, end, sents[k], entry))
    if comp.surface:
        out.extend(_surface_matches(text, comp, analysis))
    return out


def _surface_matches(text: str, comp: _CompiledKo, analysis) -> list:
    """Noun patterns found as written: whole morphemes, then a particle, ending or word end.

    The analyser sometimes reads a noun in context as other parts (새해의 as 새 + 해,
    기쁨과 as 기쁘 + ㅁ); where the pattern's letters start a word part and end
    exactly where a morpheme ends, with no word part of the same word after it, the
    pattern matches there too.
    """
    rows, cls = analysis.rows, analysis.cls
    starts, ends, sents = rows["start"], rows["end"], rows["sent_id"]
    n = len(starts)
    out = []
    for k in range(n):
        if cls[k] is None:
            continue
        start = starts[k]
        for entry in comp.surface.get(text[start], ()):
            if not text.startswith(entry.pattern, start):
                continue
            stop = start + len(entry.pattern)
            j = k  # the last morpheme starting inside the pattern's letters
            while j + 1 < n and starts[j + 1] < stop:
                j += 1
            if ends[j] != stop or sents[j] != sents[k]:
                continue
            if j + 1 < n and cls[j + 1] is not None and starts[j + 1] == stop:
                continue  # the word goes on with another word part
            out.append((start, stop, sents[k], entry))
    return out


def _resolve(found: list) -> list:
    """Inside a category keep the longest span, then the earliest, then the first listed."""
    found.sort(key=lambda m: (m[3].category, -(m[1] - m[0]), m[0], m[3].rank))
    kept: list = []
    taken: dict = {}
    for match in found:
        spans = taken.setdefault(match[3].category, [])
        if any(a < match[1] and match[0] < b for a, b in spans):
            continue
        spans.append((match[0], match[1]))
        kept.append(match)
    return kept


def lookup_frames_ko(text: str, lexicon) -> pd.DataFrame:
    """Find a lexicon's patterns in one Korean text by lemma.

    Parameters
    ----------
    text : str
        A document's (cleaned) text.
    lexicon : Lexicon, str, path or mapping
        A :class:`~researchlib.lexicon.Lexicon`, a lexicon file (YAML, ``.dic``,
        ``.cat``) or a mapping of category name to a list of patterns, in the Korean
        pattern language of this module.

    Returns
    -------
    pandas.DataFrame
        One row per hit, ordered by ``start``, then ``end``, then category order:
        ``sent_id`` (the sentence of :func:`researchlib.korean.split_sentences_ko`),
        ``start``, ``end`` (offsets into ``text``), ``category``, ``pattern`` (as
        listed), ``matched`` (``text[start:end]``: the word's written form without its
        particle or ending, e.g. 혈맹 in 혈맹으로, 희생하 in 희생하였다),
        ``lexicon`` (its name).

    Raises
    ------
    ParameterError
        If ``text`` is not a str or ``lexicon`` is of another type.
    LexiconError
        If a pattern has no word the analyser can match, or a multi-word pattern
        carries ``*``; a lexicon file's own errors name its file and line.
    ResourceError
        If kiwipiepy or its model is not installed.

    Examples
    --------
    >>> hits = lookup_frames_ko("우리는 혈맹으로 뭉쳤다. 전사들이 희생하였다.",
    ...                         {"kinship_blood": ["혈맹"], "war_sacrifice": ["희생하다"]})
    >>> hits[["category", "matched"]].values.tolist()
    [['kinship_blood', '혈맹'], ['war_sacrifice', '희생하']]
    """
    if not isinstance(text, str):
        raise ParameterError(f"text must be a str (a document's text), got {type(text).__name__}")
    lex = _as_lexicon(lexicon)
    comp = _compile(lex)
    kept = _resolve(_candidates(text, comp, _analysis(text)))
    order = {c: i for i, c in enumerate(comp.categories)}
    kept.sort(key=lambda m: (m[0], m[1], order[m[3].category], m[3].rank))
    return pd.DataFrame(
        {
            "sent_id": pd.Series([m[2] for m in kept], dtype="int64"),
            "start": pd.Series([m[0] for m in kept], dtype="int64"),
            "end": pd.Series([m[1] for m in kept], dtype="int64"),
            "category": str_series([m[3].category for m in kept]),
            "pattern": str_series([m[3].pattern for m in kept]),
            "matched": str_series([text[m[0]:m[1]] for m in kept]),
            "lexicon": str_series([comp.name] * len(kept)),
        }
    )
