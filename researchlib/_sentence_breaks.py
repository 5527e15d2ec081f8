"""Sentence breaks without a final mark: the structure of e-mail, web pages and captions.

Part of the sentences stage (researchlib.sentences): given one paragraph of a text, the
offsets where a sentence ends although no ``.``, ``!`` or ``?`` says so, because the
original had a line break there that a paragraph joined into running text no longer
shows. The paragraph is cut at these offsets before the marked ends are looked for.
Tokens are runs of non-space characters; the word lists live in ``_sentence_tables``.
The C twin in ``_speedups.c`` applies the same rules (``structural_breaks``).

- A date and time (``10/27/2000 06:20 PM``, the header of a forwarded e-mail) ends a
  sentence (not before a lower-case word), and one starts before it after a name or
  address (not after ``on``, ``at`` and the other words of ``STAMP_KEEPERS``). A greeting
  right after it (``Rhonda:``, ``Kay -``, ``Dear Mr. Lee,``: up to four capitalised words
  ending in ``:`` or a dash, or in ``,`` after ``Dear``) ends one too, before anything but
  a lower-case word.
- An e-mail address in angle brackets (``<ana@example.org>``) before a capitalised word
  or a number ends a sentence.
- A sign-off (``Regards,``, ``Thank you,``) before a capitalised name ends a sentence,
  unless the name ends in ``.``, ``!`` or ``?`` (``Thanks, Kim.``) or is a title or
  address (``Thank you, Mr President``, ``Thank you, Madam Speaker``).
- A web address (``http://``, ``https://``, ``www.``) before a capitalised word or
  another address ends a sentence.
- A separator line (``-----``, ``=====``, ``*****``, ``~~~~~``: four or more of one
  character) stands alone between sentences.
- A caption label and number opening a paragraph (``Figure 1.4 The harbour``) end a
  sentence before a capitalised word or a parenthesis.
- A picture credit (``Image: A. Lee``) starts a sentence after a word.
- A dash after a function word before a typical sentence opener (``she can — She
  can't``): the speaker broke off; not before ``I`` or the same word (``I — I``, ``the —
  The``), and an appositive (``we — Member States — agree``) opens with no such word.
"""

from __future__ import annotations

import re

from . import _sentence_tables as T

_SIGNOFF_WORDS = T.SIGNOFFS_LAST | T.SIGNOFF_ENDS
#: A comma before a capitalised word: a sign-off's when the word before it is one (its last
#: letter, one of a few, is looked at first).
_COMMA_RE = re.compile(r",(?=\s+[A-Z])")
_SIGNOFF_LAST_LETTERS = frozenset(w[-1] for w in _SIGNOFF_WORDS)
_LONGEST_WORD = max(map(len, _SIGNOFF_WORDS | T.CREDIT_WORDS))
#: Marks that count when they end a token (a dash standing alone, an address's ">"), and
#: strings that count wherever they stand (a separator's start, a web address's).
_ENDING_MARKS = ("—", "–", ">")
_TRIGGER_LITERALS = ("==", "**", "~~")
_DOUBLE_HYPHEN_RE = re.compile("--")  # the pattern engine finds it faster than str.find


_STAMP_RE = re.compile(
    r"[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2}),?\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?"
    r"(?:[ ]?(?:AM|PM|am|pm)(?!\S))?(?!\S)"
)
#: A comma, white space, then a capitalised word (group 1) and the character after it (group 2).
_SIGNOFF_RE = re.compile(r",(?=\s+([A-Z][A-Za-z'’-]*)(\S?))")
_URL_STARTS = ("http://", "https://", "www.")
_SEPARATOR_RE = re.compile(r"-{4,}|={4,}|\*{4,}|~{4,}")
_CAPTION_RE = re.compile(r"\s*(\S+)\s+[0-9]+(?:\.[0-9]+)*(?=\s+[A-Z(“\"])")
_CREDIT_RE = re.compile(r"([A-Z][a-z]+):")
_DASHES = ("—", "–", "--")
_LEAD_RE = re.compile(r"[A-Za-z]*")
_TOKEN_RE = re.compile(r"\S*")
#: What ``word.rstrip`` removes before a word is looked up in a word list.
TRAILING = ".,;:!?" + T.CLOSERS


def is_opener(word: str) -> bool:
    """Is ``word`` (trailing marks stripped) a typical sentence opener, "It's" and "I've" too?"""
    stem = word.rstrip(TRAILING)
    if stem in T.OPENERS_WORDS:
        return True
    head, mark, tail = stem.partition("'" if "'" in stem else "’")
    return bool(mark) and tail in T.CONTRACTIONS and head in T.OPENERS_WORDS


def trigger_offsets(text: str) -> list[int]:
    """Offsets, sorted, inside every token of ``text`` that one of the rules of
    :func:`structural_breaks` could cut before or after (and inside some others): the ":" of
    a web address or of a picture credit's label, a date's "9/1", a dash or a ">" ending a
    token, a separator's first characters, "www.", and a sign-off word's comma before a
    capital. Each is found by a plain search for a rare character (or a short pattern), so
    that running text costs next to nothing."""
    out: list[int] = []
    n = len(text)
    find = text.find
    i = find(":")
    while i >= 0:
        if text.startswith("//", i + 1) or _word_before(text, i) in T.CREDIT_WORDS:
            out.append(i)
        i = find(":", i + 1)
    i = find("/")
    while i >= 0:
        if 0 < i < n - 1 and "0" <= text[i - 1] <= "9" and "0" <= text[i + 1] <= "9":
            out.append(i)
        i = find("/", i + 1)
    for mark in _ENDING_MARKS:
        i = find(mark)
        while i >= 0:
            if i + 1 == n or text[i + 1].isspace():
                out.append(i)
            i = find(mark, i + 1)
    for literal in _TRIGGER_LITERALS:
        if literal[0] in text:  # a rare first character is looked for fastest alone
            i = find(literal)
            while i >= 0:
                out.append(i)
                i = find(literal, i + 1)
    out.extend(m.start() for m in _DOUBLE_HYPHEN_RE.finditer(text))
    i = find("www.")
    while i >= 0:
        out.append(i)
        i = find("www.", i + 1)
    for m in _COMMA_RE.finditer(text):
        i = m.start()
        if text[i - 1] in _SIGNOFF_LAST_LETTERS and _word_before(text, i) in _SIGNOFF_WORDS:
            out.append(i)
    if len(out) > 1:
        out.sort()
    return out


def _word_before(text: str, i: int) -> str:
    """The token that ends at ``i`` (none when longer than any word looked up)."""
    a = i
    while a > 0 and not text[a - 1].isspace():
        a -= 1
        if i - a > _LONGEST_WORD:
            return ""
    return text[a:i]


def structural_breaks(text: str, start: int, end: int, triggers: list[int] | None = None) -> list[int]:
    """Offsets in ``text[start:end]`` (one paragraph) where a sentence ends without a mark.

    ``triggers`` are the offsets of :func:`trigger_offsets` (of the whole text) inside the
    paragraph, found here when None. Each offset returned is the end of a sentence's last
    token; sorted, without duplicates.
    """
    found: list[int] = []
    caption = _CAPTION_RE.match(text, start, end)
    if caption and caption.group(1) in T.CAPTION_WORDS:
        found.append(caption.end())
    if triggers is None:
        triggers = [i for i in trigger_offsets(text) if start <= i < end]
    done = start  # the tokens before this were judged
    for i in triggers:
        if i < done:
            continue
        a = i
        while a > start and not text[a - 1].isspace():
            a -= 1
        done = _TOKEN_RE.match(text, i, end).end()
        _token_breaks(text, start, a, done, end, found)
    return sorted(set(found)) if len(found) > 1 else found


def _token_breaks(text: str, start: int, a: int, b: int, end: int, found: list) -> None:
    """The rules for the token ``text[a:b]``: the offsets they give go to ``found``."""
    first, last = text[a], text[b - 1]
    stamp = _STAMP_RE.match(text, a, end) if "0" <= first <= "9" else None
    if stamp:
        after = _next_token(text, stamp.end(), end)
        if after >= 0 and not text[after].islower():
            found.append(stamp.end())
            greeting = _greeting_end(text, after, end)
            if greeting >= 0:
                found.append(greeting)
        prev = _prev_token(text, start, a)
        if prev is not None:
            p0, p1 = prev
            if (text[p1 - 1].isalnum() or text[p1 - 1] == ">") and text[p0:p1] not in T.STAMP_KEEPERS:
                found.append(p1)
    if last == ",":
        signoff = _SIGNOFF_RE.match(text, b - 1, end)
        if signoff and _is_signoff(text, start, a, b - 1, signoff.group(1), signoff.group(2)):
            found.append(b)
    if text.startswith(_URL_STARTS, a, b):
        after = _next_token(text, b, end)
        if after >= 0 and ("A" <= text[after] <= "Z" or text.startswith(_URL_STARTS, after, end)):
            found.append(b)
    if first in "-=*~" and _SEPARATOR_RE.fullmatch(text, a, b):
        prev = _prev_token(text, start, a)
        if prev is not None and not _SEPARATOR_RE.fullmatch(text, *prev):
            found.append(prev[1])
        after = _next_token(text, b, end)
        if after >= 0 and not _SEPARATOR_RE.fullmatch(text, after, _TOKEN_RE.match(text, after, end).end()):
            found.append(b)
    credit = _CREDIT_RE.match(text, a, b) if "A" <= first <= "Z" else None
    if credit and credit.group(1) in T.CREDIT_WORDS:
        prev = _prev_token(text, start, a)
        if prev is not None and (text[prev[1] - 1].isalnum() or text[prev[1] - 1] in "_)"):
            found.append(prev[1])
    if text[a:b] in _DASHES and _broke_off(text, start, a, b, end):
        found.append(b)
    if last == ">" and _is_address(text, a, b):
        after = _next_token(text, b, end)
        if after >= 0 and ("A" <= text[after] <= "Z" or "0" <= text[after] <= "9"):
            found.append(b)


def _greeting_end(text: str, p: int, end: int) -> int:
    """The end of a greeting starting at the token at ``p`` (after a header's date and
    time), or -1: up to four tokens opening in a capital, the last ending in ``:`` or ``-``
    (or followed by a ``-`` or ``--`` token), or in ``,`` when the first is ``Dear``; then
    a token that does not open in lower case."""
    words, first = 0, ""
    while p >= 0:
        q = _TOKEN_RE.match(text, p, end).end()
        token = text[p:q]
        if token in ("-", "--"):
            if not words:
                return -1
            mark = "-"
        elif "A" <= token[0] <= "Z":
            words += 1
            if words > 4:
                return -1
            first = first or token
            mark = token[-1] if token[-1] in ",:-" else ""
            if not mark:
                p = _next_token(text, q, end)
                continue
        else:
            return -1
        if mark == "," and first != "Dear":
            return -1
        after = _next_token(text, q, end)
        return q if after >= 0 and not text[after].islower() else -1
    return -1


def _is_address(text: str, a: int, b: int) -> bool:
    """Is the token ``text[a:b]`` (ending in ``>``) an e-mail address in angle brackets:
    after its last ``@``, a ``.`` and no ``>`` before the last character?"""
    at = text.rfind("@", a, b)
    if at < 0:
        return False
    inner = text[at + 1 : b - 1]
    return "." in inner and ">" not in inner


def _is_signoff(text: str, start: int, a: int, comma: int, name: str, after: str) -> bool:
    """Is the comma at ``comma``, ending the token from ``a``, a sign-off's before the
    capitalised word ``name`` (followed by ``after``)?"""
    if after in (".", "!", "?") or name in T.ADDRESS_WORDS or name in T.TITLES:
        return False
    word = text[a:comma]
    if word in T.SIGNOFFS:
        return True
    if word not in T.SIGNOFF_ENDS:
        return False
    first = _prev_token(text, start, a)
    return first is not None and f"{text[first[0]:first[1]]} {word}" in T.SIGNOFFS


def _broke_off(text: str, start: int, a: int, b: int, end: int) -> bool:
    """Does the dash ``text[a:b]`` end speech that broke off after a function word?"""
    prev = _prev_token(text, start, a)
    after = _next_token(text, b, end)
    if prev is None or after < 0 or not is_opener(_TOKEN_RE.match(text, after, end).group()):
        return False
    word = text[prev[0] : prev[1]]
    if not (word.isascii() and word.isalpha() and word.lower() in T.FUNCTION_WORDS):
        return False
    lead = _LEAD_RE.match(text, after, end).group()
    return lead != "I" and lead.lower() != word.lower()


def _prev_token(text: str, start: int, pos: int) -> tuple[int, int] | None:
    """``(start, end)`` of the last token ending at or before ``pos`` (white space before ``pos``
    skipped), not before ``start``; None when there is none."""
    p1 = pos
    while p1 > start and text[p1 - 1].isspace():
        p1 -= 1
    p0 = p1
    while p0 > start and not text[p0 - 1].isspace():
        p0 -= 1
    return (p0, p1) if p0 < p1 else None


def _next_token(text: str, pos: int, end: int) -> int:
    """Start of the first token at or after ``pos`` before ``end``, or -1."""
    while pos < end and text[pos].isspace():
        pos += 1
    return pos if pos < end else -1
