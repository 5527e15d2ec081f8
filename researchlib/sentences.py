"""Sentences stage: split the documents table into the sentences table, with who speaks each one.

Reads the *documents* table (``doc_id``, ``text``, optional ``speaker`` and
``is_empty``) and, optionally, the *quotes* table (``doc_id``, ``quote_id``,
``start``, ``end``, ``speaker``). Writes the *sentences* table of
``docs/design.md``: ``doc_id``, ``sent_id``, ``start``, ``end``, ``text``,
``n_words``, ``speaker``, ``in_quote``, ``quote_id``.

The splitter is rule based and offline (no punkt model): compiled regular
expressions find candidate ends (``.``, ``!``, ``?``, ellipses spaced or not,
optionally followed by closing quote marks or brackets and footnote markers, then
whitespace) and a few rules reject the candidates that follow abbreviations,
initials and the like, or move the end past a smiley or a footnote number; list
items written inside one paragraph ("1. ... 2. ...") are cut at their markers.
Paragraph breaks (a blank line) always end a sentence, and so do the ends that no mark
shows but the structure does (an e-mail header's date and time, a sign-off, a web
address, a separator line, a caption, a picture credit, speech broken off at a dash;
``_sentence_breaks``). On the labelled set in
``tests/data/sentences_gold.jsonl`` (103 hand-written hard cases: abbreviations,
dates, initials, decimals, quotes, ellipses, lists, footnotes, KCNA and UN-speech
style, informal web text; development data, the rules were written with them in
view) it gets 102 sentence lists exactly right (boundary precision 1.000, recall
0.995, F1 0.998; the miss is "moved to the U.S. Kim stayed", where a name follows
a sentence-final abbreviation). ``benchmarks/bench_sentences.py`` prints these
figures, pySBD's English golden rules when given pySBD's test file (48 of 48), and
the splitter's speed; ``benchmarks/eval_sentences_ud.py`` scores it on Universal
Dependencies treebanks (held-out gold). The word lists live in ``_sentence_tables``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

import numpy as np
import pandas as pd

from . import _sentence_tables as T
from ._compiled import compiled
from ._schema import str_series
from ._sentence_breaks import TRAILING, _prev_token, structural_breaks, trigger_offsets
from ._sentence_breaks import is_opener as _is_opener
from ._text import word_spans
from .exceptions import SchemaError
from .tables import COLUMNS

# The same rules in C (researchlib/_speedups.c) where it was built and not switched off.
_compiled_spans = compiled("sentence_spans")

__all__ = ["split_sentences"]

#: Columns of the sentences table, in order (the contract in researchlib.tables).
SENTENCE_COLUMNS = list(COLUMNS["sentences"])

_CLOSERS = T.CLOSERS
_OPENERS = "\"“‘'«(["
#: Bullets that open the items of a list written inside one paragraph.
_BULLETS = "•‣⁃◦▪"
#: What ``word.rstrip`` removes before a word is looked up in a word list.
_TRAILING = TRAILING
#: A candidate end: terminal punctuation (group 1; a spaced ellipsis ". . ." is one run),
#: closing quotes and brackets (group 2; a wrong-way “ or ‘ closes too), footnote markers
#: such as "[1]" and omission marks "[...]" (group 3), then whitespace or the end; group 4
#: looks ahead at the next token, opening marks skipped.
_CANDIDATE_RE = re.compile(
    r"([.!?…]+(?: \.)*)([" + re.escape(_CLOSERS) + r"]*)"
    r"((?: ?\[(?:[0-9]{1,3}|[a-z]|\.\.\.|…)\])*)"
    r"(?=\s|\Z)(?=\s*[" + re.escape(_OPENERS) + r"]*(\S*))"
)
#: After a closing quotation mark: a short parenthesis, then ".", ";" or ":", is a citation.
_CITATION_RE = re.compile(r"\s+\([^().!?…]{1,40}\)[.;:]")
#: A period after a lower-case word, one space, then a letter: counted to tell whether
#: a text opens its sentences in lower case.
_PLAIN_END_RE = re.compile(r"(?<![^\s" + re.escape(_OPENERS) + r"])([a-z]{2,})\. (?=([A-Za-z]))")
#: Up to five words (group 1: the first), white space before and between them.
_FIVE_WORDS_RE = re.compile(r"\s*(\S+)(?:\s+\S+){0,4}")
#: A list item's label after its optional bullet: "1.", "12.)", "3)", "a.", "b)".
_LABEL_RE = re.compile(r"([0-9]{1,2}|[a-z])(\.\)|\.|\))(?=\s)")
_PARAGRAPH_RE = re.compile(r"\n[^\S\n]*\n\s*")
_SPACE_RE = re.compile(r"\s+")
_WORD_CHARS_RE = re.compile(r"[^\W_]+")
_ROMAN_RE = re.compile(r"[IVXLC]+\b")
_DOTTED_RE = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
#: A smiley closing the sentence before it ("Great! :)", "=)", ">:(", "^_^"): the
#: sentence ends after it.
_EMOTICON_RE = re.compile(r">?[:;=]-?[()DPpOo]{1,3}|\^_*\^")
#: A footnote number after "[" carrying the sentence's own mark ("days. [1]."): no end yet.
_NOTE_MARK_RE = re.compile(r"[0-9]{1,3}\][.,;:]")
#: A section number ("2.1", "*4"): a sentence holding nothing else does not end at its period.
_SECTION_RE = re.compile(r"[*#]?[0-9]{1,2}(?:\.[0-9]{1,2})*")
#: A footnote number after a sentence end ("rights. 4 Even though"): up to three digits,
#: then white space and the next token (group 1), which must be a typical opener.
_NUMBER_NOTE_RE = re.compile(r"\s+[0-9]{1,3}(?=\s+(\S+))")
#: A number as a token: digits, no letters ("555-0199", "(3-3264)").
_NUMBER_TOKEN_RE = re.compile(r"[^a-zA-Z]*[0-9][^a-zA-Z]*")
#: A web address opening the next sentence: judged as a capitalised word would be.
_URL_STARTS = ("http://", "https://", "www.")
_ATTRIBUTION_RE = T.ATTRIBUTION_RE
_LOWER_ATTRIBUTION_RE = T.LOWER_ATTRIBUTION_RE
_TITLES, _NUMBERED, _SOMETIMES = T.TITLES, T.NUMBERED, T.SOMETIMES
_OPENERS_WORDS, _PHRASE_OPENERS, _LOWER_ABBREVIATIONS = T.OPENERS_WORDS, T.PHRASE_OPENERS, T.LOWER_ABBREVIATIONS
_DAYS, _MONTHS, _CONTRACTIONS = T.DAYS, T.MONTHS, T.CONTRACTIONS
#: What the compiled splitter takes after the text: the word lists and the two attribution
#: matchers, in the order of _speedups.sentence_spans' arguments.
#: What a paragraph that may open with a caption (``Figure 1.4 ...``) starts with.
_CAPTION_STARTS = (*sorted(T.CAPTION_WORDS), " ", "\t", "\n", "\r", "\f", "\v")
_C_TABLES = (
    _TITLES, _NUMBERED, _SOMETIMES, _OPENERS_WORDS, _PHRASE_OPENERS, _LOWER_ABBREVIATIONS,
    _DAYS, _MONTHS, _CONTRACTIONS, _ATTRIBUTION_RE.match, _LOWER_ATTRIBUTION_RE.match,
    T.SIGNOFFS, T.ADDRESS_WORDS, T.STAMP_KEEPERS, T.CAPTION_WORDS, T.CREDIT_WORDS,
    T.FUNCTION_WORDS,
)


def _end_at(text: str, match: re.Match, begin: int, limit: int, lower: list) -> int:
    """Where the candidate ``match`` ends a sentence, or -1 when it does not.

    ``begin`` is where the current sentence starts, ``limit`` the paragraph's end;
    ``lower`` caches :func:`_writes_lower` for ``text`` (empty until asked).
    """
    end = match.end()
    word = match.group(4)
    if not word:
        return end
    if _EMOTICON_RE.fullmatch(word):
        return match.end(4)  # "Great! :)": the smiley closes the sentence
    first = word[0]
    pos = match.start()
    if text[pos] == "?" and pos and text[pos - 1] in ":,":
        return -1  # "Fax:? 203", "shippers,? banks": the "?" stands for a lost character
    if text[match.start(4) - 1] == "[" and _NOTE_MARK_RE.fullmatch(word):
        return -1  # "days. [1].": the footnote and the period after it end the sentence
    marks = match.group(1)
    if " " in marks and marks.count(".") >= 3 and not ("!" in marks or "?" in marks or "…" in marks):
        return _ellipsis_end(text, match, first.islower())
    if first.islower() and not word.startswith(_URL_STARTS):
        return end if _ends_before_lower(text, match, limit, lower) else -1
    closed = match.end(2) > match.start(2)
    if closed and _CITATION_RE.match(text, end, limit):
        return -1
    ellipsis = marks.endswith(("...", "…"))
    if "!" in marks or "?" in marks or (closed and ellipsis):
        return -1 if closed and _ATTRIBUTION_RE.match(text, match.start(4), limit) else end
    if closed or ellipsis:
        return end
    if marks == ".." and pos and not text[pos - 1].isspace():
        return end  # "Corp.. Next": the abbreviation's period, then the sentence's
    # The run of non-space characters before the marks (at most 40 of them).
    window = text[max(0, pos - 40) : pos]
    if not window or window[-1].isspace():
        return end
    piece = window.rsplit(None, 1)[-1]
    token = piece.lstrip(_OPENERS)
    if not token:
        return end
    if token in _TITLES:
        return -1
    if len(token) == 1 and "a" <= token <= "z":
        return -1  # "(b. 1950)", "c. 1420", "for c. IRR 200"
    if token in _NUMBERED:
        return -1 if first.isdigit() or _ROMAN_RE.match(word) else end
    if first.isdigit() and token in _LOWER_ABBREVIATIONS:
        return -1  # "div. 1964", "approx. 3750"
    if token in _DAYS:
        return -1 if first.isdigit() or word.rstrip(_TRAILING) in _MONTHS else end
    if marks == "." and _SECTION_RE.fullmatch(token):
        before = text[begin : pos - len(piece)]
        if not before.strip() or (token.lstrip("*#") == "1" and before.rstrip().endswith(":")):
            return -1  # "2.1. Data", "*4. The", "problems: 1. I"
    if token == "etc" and first.isupper() and text[match.start(4) - 1] not in "([":
        return end  # "schools, etc. Flowers were laid"
    if (
        token in _SOMETIMES
        or (len(token) == 1 and token.isupper())
        or ("." in token and _DOTTED_RE.fullmatch(token))
    ):
        if token == "I" and _after_lower(text, begin, pos - len(piece)):
            return end  # the pronoun: "you and I. Did you"
        if _is_phrase(text, begin, pos):
            return -1
        return end if _is_opener(word) else -1
    return end


def _note_end(text: str, end: int, limit: int) -> int:
    """Where a sentence ending at ``end`` ends once a bare footnote number joins it.

    "rights. 4 Even though": a number of one to three digits between a sentence end and
    a typical sentence opener is the previous sentence's footnote marker.
    """
    note = _NUMBER_NOTE_RE.match(text, end, limit)
    if note and _is_opener(note.group(1)):
        return note.end()
    return end


def _ellipsis_end(text: str, match: re.Match, lower: bool) -> int:
    """:func:`_end_at` for a spaced ellipsis (". . ." or ". . . ." in group 1)."""
    if lower:
        return -1
    start = match.start()
    marks = match.group(1)
    if start == 0 or text[start - 1].isspace():
        # Detached: three dots leave words out inside the sentence, four end it.
        return -1 if marks.count(".") == 3 else match.end()
    if marks.count(".") >= 4 and match.end(1) == match.end():
        return start + marks.index(" ")  # "done. . . . Next": the period, then an ellipsis opening the next
    return match.end()


def _ends_before_lower(text: str, match: re.Match, limit: int, lower: list) -> bool:
    """Does the candidate ``match`` end a sentence before a lower-case word?

    Yes after marks ending in "!" or "?" outside a quotation (but not "Yahoo! and":
    one "!" after a capitalised word); after a period that follows an ordinary
    lower-case word (no abbreviation), yes when the next word is the pronoun "i" or
    the text opens its sentences in lower case; after a period that follows a number
    ("at 555-0199. they"), yes in a text that opens its sentences in lower case.
    """
    marks = match.group(1)
    if match.end(1) != match.end():
        return False
    pos = match.start()
    window = text[max(0, pos - 40) : pos]
    token = ""
    if window and not window[-1].isspace():
        token = window.rsplit(None, 1)[-1].lstrip(_OPENERS)
    if marks[-1] in "!?":
        if marks == "!" and token[:1].isupper():
            return False
        return not _LOWER_ATTRIBUTION_RE.match(text, match.start(4), limit)
    if marks != ".":
        return False
    if _NUMBER_TOKEN_RE.fullmatch(token):
        return _writes_lower_cached(text, lower)
    if len(token) < 2 or not (token.isascii() and token.isalpha() and token.islower()):
        return False
    if token in _LOWER_ABBREVIATIONS:
        return False
    if text[match.start(4) - 1] == "(":
        return True  # "a young one. (the younger the better)": a parenthesis opens a sentence
    word = match.group(4)
    if word == "i" or word.startswith(("i'", "i’")):
        return True
    return _writes_lower_cached(text, lower)


def _writes_lower_cached(text: str, lower: list) -> bool:
    if not lower:
        lower.append(_writes_lower(text))
    return lower[0]


def _writes_lower(text: str) -> bool:
    """Does ``text`` open sentences in lower case ("we got home. then we ate.")?

    Counts the periods after a lower-case word (not an abbreviation) followed by one
    space and a letter: yes when at least half of those letters are lower case. Edited
    prose capitalises nearly all of them, so a stray "so. we" there (often a comma
    typed as a period) stays inside its sentence.
    """
    lower = upper = 0
    for match in _PLAIN_END_RE.finditer(text):
        if match.group(1) not in _LOWER_ABBREVIATIONS:
            if match.group(2).islower():
                lower += 1
            else:
                upper += 1
    return lower > 0 and lower >= upper


def _after_lower(text: str, begin: int, pos: int) -> bool:
    """Does the word before ``pos`` (within the sentence from ``begin``) start in lower case?"""
    token = _prev_token(text, begin, pos)
    return token is not None and text[token[0]].islower()


def _is_phrase(text: str, begin: int, pos: int) -> bool:
    """Is ``text[begin:pos]`` at most five words, the first in :data:`_PHRASE_OPENERS`?"""
    words = _FIVE_WORDS_RE.match(text, begin, pos)
    return words is not None and words.end() == pos and words.group(1) in _PHRASE_OPENERS


def _list_marker(text: str, pos: int, limit: int) -> tuple[int, tuple | None]:
    """The list marker opening the sentence at ``pos`` (white space skipped), if any.

    Returns ``(end, following)``: where the marker ends (-1 without one) and the
    ``(bullet, label)`` of the marker that opens the next item ("2." after "1.", "b)"
    after "a)", the same bullet after a bare bullet), None when there is none.
    """
    while pos < limit and text[pos].isspace():
        pos += 1
    bullet = ""
    if pos < limit and text[pos] in _BULLETS:
        bullet = text[pos]
        pos += 1
    at = pos + 1 if bullet and pos < limit and text[pos] == " " else pos
    label = _LABEL_RE.match(text, at, limit)
    if label:
        value = label.group(1)
        if value.isdigit():
            following = str(int(value) + 1)
        else:
            following = chr(ord(value) + 1) if value != "z" else ""
        return label.end(), (bullet, following + label.group(2)) if following else None
    if bullet and pos < limit and text[pos].isspace():
        return pos, (bullet, "")
    return -1, None


def _find_marker(text: str, lo: int, hi: int, limit: int, marker: tuple) -> int:
    """Start of the first list marker ``marker`` starting in ``text[lo:hi]``, or -1.

    The marker must follow white space and be followed by white space before ``limit``.
    """
    bullet, label = marker
    key = bullet or label
    j = text.find(key, lo, min(hi - 1 + len(key), limit))
    while j >= 0:
        k = j
        if j > 0 and text[j - 1].isspace():
            if bullet:
                k += 1
                if label and k < limit and text[k] == " ":
                    k += 1
            if not label or text.startswith(label, k, limit):
                k += len(label)
                if k < limit and text[k].isspace():
                    return j
        j = text.find(key, j + 1, min(hi - 1 + len(key), limit))
    return -1


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence of ``text``, stripped of surrounding whitespace."""
    cuts: list = []
    lower: list = []
    triggers = trigger_offsets(text)
    pos = k = j = 0
    for para in _PARAGRAPH_RE.finditer(text):
        end = para.start()
        if triggers:
            j = bisect_left(triggers, end, k)
        if k < j or text.startswith(_CAPTION_STARTS, pos):
            pos = _cut_structure(text, pos, end, cuts, lower, triggers[k:j])
        _cut_piece(text, pos, end, cuts, lower)
        pos, k = para.end(), j
    if k < len(triggers) or text.startswith(_CAPTION_STARTS, pos):
        pos = _cut_structure(text, pos, len(text), cuts, lower, triggers[k:])
    _cut_piece(text, pos, len(text), cuts, lower)
    return cuts


def _cut_structure(text: str, start: int, end: int, out: list, lower: list, triggers: list) -> int:
    """Cut the paragraph ``text[start:end]`` at the ends no mark shows (e-mail headers,
    sign-offs, captions ...: ``_sentence_breaks``) and return where its last piece starts.
    Only a paragraph with a trigger, or opening with a caption's word, is looked at."""
    for cut in structural_breaks(text, start, end, triggers):
        _cut_piece(text, start, cut, out, lower)
        start = cut
    return start


def _cut_piece(text: str, start: int, end: int, out: list, lower: list) -> None:
    begin = start
    marker_end, following = _list_marker(text, begin, end)
    scan = marker_end
    for match in _CANDIDATE_RE.finditer(text, start, end):
        # A list item opening the sentence ends where the next item's marker starts.
        while following is not None:
            at = _find_marker(text, scan, match.start(), end, following)
            if at < 0:
                scan = max(scan, match.start())
                break
            _emit(text, begin, at, out)
            begin = at
            marker_end, following = _list_marker(text, begin, end)
            scan = marker_end
        if match.start() < marker_end or match.end() >= end:
            continue
        cut = _end_at(text, match, begin, end, lower)
        if cut == match.end():
            cut = _note_end(text, cut, end)
        if cut >= 0:
            _emit(text, begin, cut, out)
            begin = cut
            marker_end, following = _list_marker(text, begin, end)
            scan = marker_end
    while following is not None:
        at = _find_marker(text, scan, end, end, following)
        if at < 0:
            break
        _emit(text, begin, at, out)
        begin = at
        marker_end, following = _list_marker(text, begin, end)
        scan = marker_end
    _emit(text, begin, end, out)


def _emit(text: str, start: int, end: int, out: list) -> None:
    lead = _SPACE_RE.match(text, start, end)
    if lead:
        start = lead.end()
    if start >= end:
        return
    stripped = text[start:end].rstrip()
    out.append((start, start + len(stripped)))


def _sentences_py(text: str) -> tuple[np.ndarray, list[str]]:
    """The rules above in Python: ``(bounds, texts)`` as :func:`_sentences` returns them."""
    cuts = _sentence_spans(text)
    # Words per sentence: no word crosses a sentence boundary (a sentence ends
    # before white space), so count the document's word starts in each span.
    word_starts, _ = word_spans(text)
    bounds = np.zeros((len(cuts), 3), dtype=np.int64)
    if cuts:
        bounds[:, :2] = cuts
        bounds[:, 2] = np.searchsorted(word_starts, bounds[:, 1]) - np.searchsorted(
            word_starts, bounds[:, 0]
        )
    return bounds, [text[a:b] for a, b in cuts]


def _sentences(text: str) -> tuple[np.ndarray, list[str]]:
    """Every sentence of ``text``: an int64 array of ``(start, end, n_words)`` rows and the texts.

    Uses the compiled splitter when it was built; both give the same result
    (``tests/test_sentences.py`` compares them on real corpora and generated text).
    """
    if _compiled_spans is None:
        return _sentences_py(text)
    raw, texts = _compiled_spans(text, *_C_TABLES)
    return np.frombuffer(raw, dtype=np.int64).reshape(-1, 3), texts


def _word_chars(text: str) -> int:
    return sum(map(len, _WORD_CHARS_RE.findall(text)))


def _quotes_by_doc(quotes: pd.DataFrame) -> dict:
    needed = ["doc_id", "quote_id", "start", "end", "speaker"]
    missing = [c for c in needed if c not in quotes.columns]
    if missing:
        raise SchemaError(
            f"quotes: missing columns {missing}; columns present: {list(quotes.columns)}"
        )
    out: dict = {}
    for doc_id, start, end, quote_id, speaker in zip(
        quotes["doc_id"].tolist(), quotes["start"].tolist(), quotes["end"].tolist(),
        quotes["quote_id"].tolist(), quotes["speaker"].tolist(),
    ):
        out.setdefault(str(doc_id), []).append((int(start), int(end), int(quote_id), speaker))
    for spans in out.values():
        spans.sort(key=_span_key)  # stable: equal spans keep table order
    return out


def _span_key(span: tuple) -> tuple[int, int]:
    return span[0], span[1]


def _attribute(text: str, a: int, b: int, spans: list, starts: list):
    """``(quote_id, speaker)`` when most word characters of ``text[a:b]`` are quoted, else None."""
    i = max(bisect_right(starts, a) - 1, 0)
    inside, best, best_chars = 0, None, 0
    while i < len(spans) and spans[i][0] < b:
        q_start, q_end, quote_id, speaker = spans[i]
        lo, hi = max(a, q_start), min(b, q_end)
        if lo < hi:
            chars = _word_chars(text[lo:hi])
            inside += chars
            if chars > best_chars:
                best, best_chars = (quote_id, speaker), chars
        i += 1
    if best is None:
        return None
    total = _word_chars(text[a:b])
    return best if 2 * inside > total else None


def _touching(bounds: np.ndarray, spans: list, starts: list) -> np.ndarray:
    """Indices of the sentences for which :func:`_attribute` can find a quotation.

    ``_attribute`` looks at the spans from the last one starting at or before the
    sentence's start up to the last one starting before its end; a sentence where
    that range is empty, or holds only that first span and it ends at or before the
    sentence's start, gets None without counting anything, so it is skipped here.
    """
    a, b = bounds[:, 0], bounds[:, 1]
    begin = np.maximum(np.searchsorted(starts, a, side="right") - 1, 0)
    stop = np.searchsorted(starts, b, side="left")
    ends = np.asarray([span[1] for span in spans], dtype=np.int64)
    untouched = (stop <= begin) | ((stop == begin + 1) & (ends[begin] <= a))
    return np.flatnonzero(~untouched)


def split_sentences(corpus: pd.DataFrame, *, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Split every document into sentences and give each its speaker.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The documents table; needs ``doc_id`` and ``text``; uses ``speaker`` and
        ``is_empty`` when present. Empty documents give no sentences.
    quotes : pandas.DataFrame, optional
        The quotes table (``doc_id``, ``quote_id``, ``start``, ``end``,
        ``speaker``). When omitted, :func:`researchlib.quotes.extract_quotes`
        computes it.

    Returns
    -------
    pandas.DataFrame
        The sentences table: ``doc_id``, ``sent_id`` (0-based in the document),
        ``start``, ``end`` (offsets into the document's ``text``, so
        ``text[start:end]`` is the sentence), ``text``, ``n_words`` (words under
        ``_text.WORD_RE``), ``speaker``, ``in_quote``, ``quote_id`` (Int64, NA
        outside quotations). Sentences cover each document's non-space text in
        order without overlap.

    Notes
    -----
    A sentence ends at ``.``, ``!``, ``?`` or an ellipsis followed by whitespace
    (closing quote marks and brackets, a wrong-way ``“`` among them, and footnote
    markers such as ``[1]`` stay with the sentence they close), and at every paragraph
    break. Before a lowercase word it ends after ``!`` or ``?`` (or marks ending in
    them, ``...?``) outside a quotation (``Really? yes.``; not ``“Go!” he said.``, nor
    ``Yahoo! and``, one ``!`` after a capitalised word), and after a period only when
    the word before it is no abbreviation and either the next word is the pronoun ``i``
    or the text opens at least half of its sentences in lower case (informal writing),
    and in such a text also after a number (``at 555-0199. we``); a web address
    (``http://``, ``www.``) after a period counts as a capitalised word. It does not end
    after a title or month (``Dr.``, ``Gen.``, ``GEN.``, ``Dec.``, ``P.S.``), after
    ``No.``/``Art.``/``Op.``/``pop.``/``c.``/``ext.`` before a number, or after
    ``U.S.``, ``a.m.``, ``etc.``, ``Jr.``, other dotted acronyms and initials (``J.
    Smith``) unless a typical sentence opener (``The``, ``He``, ``In`` ...) follows and
    the sentence so far is more than a short phrase opened by a preposition (``At 5 a.m.
    Mr. Smith left.`` is one sentence); a doubled period (``Corp.. Next``) always ends
    it; ``I`` after a lowercase word is the pronoun and ends the sentence (``you and I.
    Did``), as does ``etc.`` before a capitalised word; ``It's``, ``I've`` count as the
    openers they start with. It does not end after a single lower-case letter (``(b.
    1950)``, ``c. 1420``), ``eg.``, ``esp.``, ``Attn.``, a lower-case abbreviation before
    a number (``div. 1964``), a day before a date (``Wed. Oct. 5``), a section number
    alone (``2.1.``, ``*4.``) or a first label after a colon (``notes: 1.``). It does not
    end after ``!``/``?`` or an ellipsis in a closed quotation followed by a capitalised
    attribution (``“Go!” Kim said.``, ``“Why?” I ask.``; not ``Nobody answered``), after
    an unquoted ``!``/``?`` followed by a lower-case one (``Millions? thought Kim.``,
    ``Sold? she asks.``), after a closed quotation followed by a short citation (``“...”
    (Lee 2015, 32).``), at a ``?`` right after a colon or comma (``Fax:? 203``, a
    character lost in conversion), nor before a footnote carrying its own mark
    (``rose. [3].``). A smiley (``:)``, ``:-P``, ``=)``, ``^_^``), an
    omission mark (``[...]``) or a bare footnote number before a typical opener
    (``rights. 4 Even``) after the end stays with the sentence it follows. A spaced
    ellipsis of three dots (``. . .``) stays inside its sentence; four dots end it, and
    after a word's own period (``close. . . . Nobody``) the ellipsis opens the next one.
    A sentence opening with a list marker (``1.``, ``2.)``, ``a.``, ``b)``, a bullet
    ``•``) ends where the next item's marker (``2.``, ``3.)``, ``b.``, ...) starts.
    Before a parenthesis opening in lower case (``twice a day. (they like oats)``) a
    period after a plain word ends the sentence. Without a mark a sentence ends after
    the date and time of an e-mail header (``03/14/2002 09:15 AM``), before it after a
    name and after a greeting that follows it (``Omar:``), after an address in angle
    brackets (``<omar@example.net>``), after a sign-off's comma before a name (``Kind
    regards, Hana``), after a web address before a capitalised word, around a separator
    line (``-----``), after a caption's label and number opening a paragraph (``Figure
    3.1 The mill``), before a picture credit (``Image: Lena Cho``) and at a dash after a
    function word before a typical opener (``to the — It's late``);
    ``researchlib._sentence_breaks`` gives the exact rules.

    A sentence is ``in_quote`` when more than half of its word characters
    (letters and digits) lie inside quotation spans; it then takes the speaker
    and ``quote_id`` of the quotation holding most of them. Otherwise its
    speaker is the document's ``speaker``, or ``"narrator"`` when that is missing.

    Raises
    ------
    SchemaError
        If ``corpus`` is not a DataFrame, or it or ``quotes`` lacks a required column.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Dr. Kim spoke. He left."]})
    >>> split_sentences(docs, quotes=pd.DataFrame(
    ...     columns=["doc_id", "quote_id", "start", "end", "speaker"]))["text"].tolist()
    ['Dr. Kim spoke.', 'He left.']
    """
    if not isinstance(corpus, pd.DataFrame):
        raise SchemaError(
            f"corpus must be a documents DataFrame (doc_id, text), got {type(corpus).__name__}"
        )
    missing = [c for c in ("doc_id", "text") if c not in corpus.columns]
    if missing:
        raise SchemaError(
            f"corpus: missing columns {missing}; columns present: {list(corpus.columns)}"
        )
    if quotes is None:
        from .quotes import extract_quotes

        # extract_quotes needs a speaker column; a corpus without one has no known speakers.
        quotes = extract_quotes(corpus if "speaker" in corpus.columns else corpus.assign(speaker=None))
    by_doc = _quotes_by_doc(quotes)

    n = len(corpus)
    speakers = corpus["speaker"] if "speaker" in corpus.columns else pd.Series([None] * n)
    flag = "is_empty" if "is_empty" in corpus.columns else "empty"  # "empty": tables before 0.2
    empties = corpus[flag] if flag in corpus.columns else pd.Series([False] * n)
    rows: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
    for doc_id, text, doc_speaker, is_empty in zip(
        corpus["doc_id"], corpus["text"], speakers, empties
    ):
        if not isinstance(text, str) or (pd.notna(is_empty) and bool(is_empty)):
            continue
        if not text.strip():
            continue
        doc_id = str(doc_id)
        default = doc_speaker if isinstance(doc_speaker, str) and doc_speaker else "narrator"
        spans = by_doc.get(doc_id, [])
        starts = [s[0] for s in spans]
        bounds, texts = _sentences(text)
        k = len(texts)
        rows["doc_id"].extend([doc_id] * k)
        rows["sent_id"].extend(range(k))
        rows["start"].extend(bounds[:, 0].tolist())
        rows["end"].extend(bounds[:, 1].tolist())
        rows["text"].extend(texts)
        rows["n_words"].extend(bounds[:, 2].tolist())
        if not spans:
            rows["speaker"].extend([default] * k)
            rows["in_quote"].extend([False] * k)
            rows["quote_id"].extend([None] * k)
            continue
        speaker, in_quote, quote_id = [default] * k, [False] * k, [None] * k
        for i in _touching(bounds, spans, starts).tolist():
            found = _attribute(text, int(bounds[i, 0]), int(bounds[i, 1]), spans, starts)
            if found is not None:
                speaker[i], in_quote[i], quote_id[i] = str(found[1]), True, found[0]
        rows["speaker"].extend(speaker)
        rows["in_quote"].extend(in_quote)
        rows["quote_id"].extend(quote_id)
    return pd.DataFrame(
        {
            "doc_id": str_series(rows["doc_id"]),
            "sent_id": pd.Series(rows["sent_id"], dtype="int64"),
            "start": pd.Series(rows["start"], dtype="int64"),
            "end": pd.Series(rows["end"], dtype="int64"),
            "text": str_series(rows["text"]),
            "n_words": pd.Series(rows["n_words"], dtype="int64"),
            "speaker": str_series(rows["speaker"]),
            "in_quote": pd.Series(rows["in_quote"], dtype="bool"),
            "quote_id": pd.Series(rows["quote_id"], dtype="Int64"),
        }
    )
