"""Kinds of quotation, from their words: ``speech`` (reported words), ``scare`` quotes, ``title``."""

from __future__ import annotations

import re

_WORD_RE = re.compile(r"[^\W_][\w’'\-]*")
#: Nouns and verbs that introduce a title, a slogan or an inscription just before its quote mark
#: ("the song “...”", "an article titled “...”", "placards reading “...”").
_TITLE_BEFORE = frozenset(
    """song songs chorus solo duet trio quartet quintet sextet pangchang music work works film
    films movie drama opera play poem novel book books article articles essay editorial column
    headline headlines titled entitled title titles slogan slogans watchword motto poster posters
    placard placards banner banners letters inscription reading painting mosaic concert
    documentary symphony series show program programme magazine newspaper paper theme album
    exhibition seminar lecture lectures""".split()
)
#: Words that may stand between such a noun and the quote mark ("the slogan of “...”", "such
#: works as “...”", "posters reading “...”", "books including “...”").
_TITLE_LINKS = frozenset(
    """of as like including include includes included such under read reads reading bearing
    called named titled entitled""".split()
)
#: What stands between the quotations of a list, on one line: the closing mark, then a comma,
#: "and" or "or" (or only spaces after a comma inside the first quotation).
_LIST_GAP_RE = re.compile(r"[\"”’'»]{0,2}[ \t]*(,[ \t]*)?(?:(and|or)[ \t]+)?")
#: Words a title leaves in lower case ("Death of a Salesman", "Make America Great Again").
_MINOR_WORDS = frozenset(
    "a an the of and or but nor for to in on at by with from as into vs via de la le von van".split()
)


def _speech_like(text: str, q) -> bool:
    """Whether quotation ``q``, judged without a cue, reads as speech (not a title or a scare
    quote): only such a quotation takes its speaker from the sentences around it (judged once
    per quotation)."""
    if q.speech_like is None:
        q.speech_like = _kind(text, q.start, q.end, False, 1) == "speech"
    return q.speech_like


def _word_before(text: str, pos: int) -> str:
    """The word just before ``pos``, lower-cased, past spaces and one comma or colon."""
    before = text[max(0, pos - 24):pos].rstrip()
    if before[-1:] in (",", ":"):
        before = before[:-1]
    if not before or not before[-1].isalpha():
        return ""
    return before.rsplit(None, 1)[-1].lower()


def _title_before(text: str, pos: int, *, capital: bool = True) -> bool:
    """Whether a noun that introduces a title stands before the quote mark at ``pos``: right
    before it ("the song “...”"), or through up to three linking words when the quotation opens
    with a capital or a digit (``capital``): "under the slogan of “Let Us ...”", "such works as
    “On the ...”" (but not 'such work as "a different cup of tea"')."""
    lo = max(0, pos - 60)
    tokens = text[lo:pos].split()
    if lo and tokens and not text[lo - 1].isspace() and not text[lo].isspace():
        tokens = tokens[1:]  # a word cut by the window
    for token in reversed(tokens[-4:]):
        word = token.rstrip(",:")
        if not word[-1:].isalpha() or not word[:1].isalpha():
            return False
        word = word.lower()
        if word in _TITLE_BEFORE:
            return True
        if word not in _TITLE_LINKS or not capital:
            return False
    return False


def _in_list(text: str, before, after) -> bool:
    """Whether two quotations are neighbours in a list ('“A”, “B” and “C”', '"A," "B"'): only a
    comma, "and" or "or" between the first one's closing mark and the second one's opening mark."""
    if not before.closed:
        return False
    gap = _LIST_GAP_RE.match(text, before.end, after.open)
    return gap.end() == after.open and bool(
        gap.group(1) or gap.group(2) or text[before.end - 1] == ","
    )


def _kind(text: str, start: int, end: int, attributed: bool, paragraphs: int) -> str:
    """``speech``, ``scare`` or ``title`` for the quotation ``text[start:end]``.

    Two or more words, every one capitalised but the minor ones, and no question or exclamation
    mark, are a title or slogan ("Make America Great Again", "Meet the Press." with the comma or
    period American style puts inside). Otherwise words with a cue of their own, or continuing a
    quotation that has one, are speech (so a fragment quoted inside paraphrase is too: ``He
    called the deal "a disaster"``); without a cue, up to four words that do not end a sentence
    are scare quotes ("naive"), and anything else is speech whose speaker is unknown.
    """
    if paragraphs > 1 or end - start > 80 or text[end - 1] in "?!" or (
        attributed and not text[start].isupper()
    ):
        return "speech"  # long, a question or an exclamation, or cued and not capitalised
    words = _WORD_RE.findall(text, start, end)
    if not words:
        return "scare"
    first = words[0][0]
    if (first.isupper() or first.isdigit()) and len(words) >= 2:
        content = [w for w in words if w.lower() not in _MINOR_WORDS]
        if content and all(w[0].isupper() or w[0].isdigit() for w in content) and (
            len(content) >= 2 or len(content) < len(words)
        ):
            return "title"  # "Meet the Press.", "The Revenant.", "Make America Great Again,"
    if len(words) == 1 and first.isupper() and words[0] != "I" and text[end - 1] not in ".!?…":
        return "title"  # one capitalised word, no sentence: a name, a show, a nickname
    if attributed or text[end - 1] in ".…" or (text[end - 1] == "," and len(words) > 3):
        return "speech"
    return "scare" if len(words) <= 4 else "speech"
