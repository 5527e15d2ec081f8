"""Sentence breaks without a final mark: the structure of e-mail, web pages and captions.

Part of the sentences stage (researchlib.sentences): given one paragraph of a text, the
offsets where a sentence ends although no ``.``, ``!`` or ``?`` says so, because the
original had a line break there that a paragraph joined into running text no longer
shows. The paragraph is cut at these offsets before the marked ends are looked for.
Tokens are runs of non-space characters; the word lists live in ``_sentence_tables``.
The C twin in ``_speedups.c`` applies the same rules (``structural_breaks``).

- A date and time (``10/27/2000 06:20 PM``, the header of a forwarded e-mail) ends a
  sentence (not before a lower-case word), and one starts before it after a name or address (not after ``on``, ``at``
  and the other words of ``STAMP_KEEPERS``).
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

_STAMP_RE = re.compile(
    r"(?<!\S)[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2}),?\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?"
    r"(?:[ ]?(?:AM|PM|am|pm)(?!\S))?(?!\S)"
)
#: A comma, white space, then a capitalised word (group 1) and the character after it (group 2).
_SIGNOFF_RE = re.compile(r",(?=\s+([A-Z][A-Za-z'’-]*)(\S?))")
_URL_RE = re.compile(r"(?<!\S)(?:https?://|www\.)\S*(?=\s+(?:[A-Z]|https?://|www\.))")
_SEPARATOR_RE = re.compile(r"(?<!\S)(?:-{4,}|={4,}|\*{4,}|~{4,})(?!\S)")
_CAPTION_RE = re.compile(r"\s*(\S+)\s+[0-9]+(?:\.[0-9]+)*(?=\s+[A-Z(“\"])")
_CREDIT_RE = re.compile(r"(?<!\S)([A-Z][a-z]+):")
_DASH_RE = re.compile(r"(?<!\S)(?:—|–|--)(?!\S)")
_LEAD_RE = re.compile(r"[A-Za-z]*")
#: What ``word.rstrip`` removes before a word is looked up in a word list.
TRAILING = ".,;:!?" + T.CLOSERS


def is_opener(word: str) -> bool:
    """Is ``word`` (trailing marks stripped) a typical sentence opener, "It's" and "I've" too?"""
    stem = word.rstrip(TRAILING)
    if stem in T.OPENERS_WORDS:
        return True
    head, mark, tail = stem.partition("'" if "'" in stem else "’")
    return bool(mark) and tail in T.CONTRACTIONS and head in T.OPENERS_WORDS


def structural_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``text[start:end]`` (one paragraph) where a sentence ends without a mark.

    Each offset is the end of a sentence's last token; sorted, without duplicates.
    """
    found = []
    for match in _STAMP_RE.finditer(text, start, end):
        after = _next_token(text, match.end(), end)
        if after >= 0 and not text[after].islower():
            found.append(match.end())
        prev = _prev_token(text, start, match.start())
        if prev is not None:
            p0, p1 = prev
            if (text[p1 - 1].isalnum() or text[p1 - 1] == ">") and text[p0:p1] not in T.STAMP_KEEPERS:
                found.append(p1)
    for match in _SIGNOFF_RE.finditer(text, start, end):
        if _is_signoff(text, start, match.start(), match.group(1), match.group(2)):
            found.append(match.end())
    for match in _URL_RE.finditer(text, start, end):
        found.append(match.end())
    for match in _SEPARATOR_RE.finditer(text, start, end):
        prev = _prev_token(text, start, match.start())
        if prev is not None and not _SEPARATOR_RE.fullmatch(text, *prev):
            found.append(prev[1])
        after = _next_token(text, match.end(), end)
        if after >= 0 and not _SEPARATOR_RE.match(text, after, _token_end(text, after, end)):
            found.append(match.end())
    caption = _CAPTION_RE.match(text, start, end)
    if caption and caption.group(1) in T.CAPTION_WORDS:
        found.append(caption.end())
    for match in _CREDIT_RE.finditer(text, start, end):
        if match.group(1) in T.CREDIT_WORDS:
            prev = _prev_token(text, start, match.start())
            if prev is not None and (text[prev[1] - 1].isalnum() or text[prev[1] - 1] in "_)"):
                found.append(prev[1])
    for match in _DASH_RE.finditer(text, start, end):
        if _broke_off(text, start, end, match):
            found.append(match.end())
    return sorted(set(found))


def _is_signoff(text: str, start: int, comma: int, name: str, after: str) -> bool:
    """Is the comma at ``comma`` a sign-off's, before the capitalised word ``name``?"""
    if after in (".", "!", "?") or name in T.ADDRESS_WORDS or name in T.TITLES:
        return False
    last = _prev_token(text, start, comma + 1)
    if last is None or last[1] != comma + 1:
        return False
    word = text[last[0] : comma]
    if word in T.SIGNOFFS:
        return True
    first = _prev_token(text, start, last[0])
    return first is not None and f"{text[first[0]:first[1]]} {word}" in T.SIGNOFFS


def _broke_off(text: str, start: int, end: int, dash: re.Match) -> bool:
    """Does the dash ``dash`` end speech that broke off after a function word?"""
    prev = _prev_token(text, start, dash.start())
    after = _next_token(text, dash.end(), end)
    if prev is None or after < 0 or not is_opener(text[after : _token_end(text, after, end)]):
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


def _token_end(text: str, pos: int, end: int) -> int:
    while pos < end and not text[pos].isspace():
        pos += 1
    return pos
