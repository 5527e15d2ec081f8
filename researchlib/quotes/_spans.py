"""Quotation spans: quote marks, paragraphs, multi-paragraph runs (one job: where the quotes are)."""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Quote marks and paragraphs
# ---------------------------------------------------------------------------------------------
# 「 」 and 『 』 are the quotation marks of Korean (and Japanese and Chinese) text.
_MARKS = "\"“”„‟«»「」『』"
_MARK_RE = re.compile(f"[{_MARKS}]")
_OPENERS = "“‟„«「『"
_CLOSERS_FOR = {'"': '"”', "“": "”\"", "‟": "”\"", "„": "“”\"", "«": "»", "「": "」", "『": "』"}
_NEST_FOR = {"“": "“", "‟": "‟", "«": "«", "「": "「", "『": "『"}
_PARA_BREAK_RE = re.compile(
    # every match begins with a space, tab or line break; the lookahead says so to the engine
    r"(?=[ \t\n])(?:(?:(?<=[.!?:;])|(?<=[.!?:;][\"”’»)\]]))[ \t]*\n|[ \t]*\n[ \t]*\n)"
)
#: Feet and inches before a mark ("he’s like 6’2”"): the mark is an inch sign, not a quote mark.
_INCHES_RE = re.compile(r"(?<![\w.])\d[’']\d{1,2}$")
_NEXT_OPENS_RE = re.compile(r"\s*[\"“„‟«「『]")
_HAS_WORD_RE = re.compile(r"[^\W_]")
_SPACE = frozenset(" \t\n\r\f\v\u00a0\u2009\u202f")
# The New York Times' archive writes quotation marks as two apostrophes (''I love it,'' he said).
# An opening pair follows a space, a bracket or the start of a line and precedes a non-space; a
# closing pair follows a non-space. Either is rewritten, keeping every offset, as a curly mark
# and a space: `` “I love it,”  he said``. A single quote nested at either end makes three
# apostrophes (``''I said 'no,''' he said``): the pair is the outer two.
_DOUBLED_OPEN_RE = re.compile(r"(?:(?<=[\s(\[—–-])|^)''(?='?[^\s'])", re.M)
_DOUBLED_CLOSE_RE = re.compile(r"(?<=[^\s'])('?)''(?![\w'])")


def _doubled_apostrophes_as_marks(text: str) -> str:
    """``text`` with doubled-apostrophe quotation marks as curly marks (same length)."""
    if "''" not in text or _DOUBLED_OPEN_RE.search(text) is None:
        return text  # no opening pair, so no quotation written this way
    text = _DOUBLED_OPEN_RE.sub(" “", text)
    return _DOUBLED_CLOSE_RE.sub(r"\1” ", text)


# ---------------------------------------------------------------------------------------------
# Finding quotation spans
# ---------------------------------------------------------------------------------------------
class _Quote:
    __slots__ = ("open", "start", "end", "after", "closed", "chain_prev", "opens_para",
                 "para_no", "speaker", "cue", "subject_pos", "subject_person",
                 "starts_sentence", "rule", "cue_after", "speech_like", "pronoun_cue")  # starts_sentence: or continues the previous quote's

    def __init__(self, open_, start, end, after, closed, chain_prev, opens_para, para_no):
        self.open = open_
        self.start = start
        self.end = end
        self.after = after
        self.closed = closed
        self.chain_prev = chain_prev
        self.opens_para = opens_para
        self.para_no = para_no
        self.speaker: str | None = None
        self.cue: str | None = None
        self.subject_pos = -1
        self.subject_person = False
        self.starts_sentence = False
        self.rule = "none"
        self.cue_after = False  # its speaker was found after it ('"...," Kim said')
        self.speech_like: bool | None = None  # judged once (see _kinds._speech_like)
        self.pronoun_cue = False  # a cue beside it whose he/she/they names nobody in the text


def has_mark(text: str) -> bool:
    """Whether ``text`` holds a quote mark (``_MARK_RE.search(text) is not None``, faster: a
    ``str`` search per mark skips the marks a narrow string cannot hold)."""
    return any(mark in text for mark in _MARKS)


def _mark_positions(text: str) -> list[tuple[int, str]]:
    """``(position, mark)`` of every quote mark in ``text``, in text order: what
    ``_MARK_RE.finditer`` finds, found faster (a ``str.find`` scan per mark the text holds)."""
    found = []
    for mark in _MARKS:
        pos = text.find(mark)
        while pos >= 0:
            found.append((pos, mark))
            pos = text.find(mark, pos + 1)
    found.sort()
    return found


def _next_para_break(text: str, pos: int) -> re.Match | None:
    """``_PARA_BREAK_RE.search(text, pos)``, found faster: every match is spaces or tabs then a
    line break (then more), so only the starts from the spaces before each line break on are
    tried, line break by line break, instead of every position."""
    newline = text.find("\n", pos)
    while newline >= 0:
        start = newline
        while start > pos and text[start - 1] in " \t":
            start -= 1
        for at in range(start, newline + 1):
            m = _PARA_BREAK_RE.match(text, at)
            if m is not None:
                return m
        newline = text.find("\n", newline + 1)
    return None


def _opens_straight(text: str, pos: int) -> bool:
    nxt = text[pos + 1] if pos + 1 < len(text) else " "
    if nxt in _SPACE:
        return False
    prev = text[pos - 1] if pos > 0 else " "
    return not prev.isalnum()


def _closes(kind: str, mark: str, text: str, pos: int) -> bool:
    if mark == kind == "“":
        # written the wrong way round, an opening mark closes: after a word and before a space
        # or the end ('“It is fine,“ she said')
        return text[pos - 1] not in _SPACE and (pos + 1 == len(text) or text[pos + 1] in _SPACE)
    if mark not in _CLOSERS_FOR[kind]:
        return False
    if mark == '"' and kind != '"':
        return pos > 0 and text[pos - 1] not in _SPACE
    return True


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return start, end


def _find_spans(text: str) -> list[_Quote]:
    marks = [
        (pos, mark) for pos, mark in _mark_positions(text)
        if not (
            text[pos - 1:pos].isdigit() and mark in "”\""
            and _INCHES_RE.search(text, max(0, pos - 4), pos)
        )
    ]
    quotes: list[_Quote] = []
    chain_next = False
    sep = "\n\n" if "\n\n" in text else "\n"
    para_count, counted_to = 0, 0  # paragraphs before `counted_to`, kept as a running count
    i, n = 0, len(marks)
    brk: re.Match | None | bool = None  # False: no paragraph break after the last search
    while i < n:
        pos, mark = marks[i]
        i += 1
        if not (mark in _OPENERS or (mark == '"' and _opens_straight(text, pos))):
            continue  # a stray closing mark
        if brk is None or brk is not False and brk.start() < pos:
            # the next paragraph break after pos; the one found from an earlier mark still is
            # when it lies at or after pos (a search from there finds the same match)
            brk = _next_para_break(text, pos) or False
        para_end = brk.start() if brk else len(text)
        depth, close = 1, -1
        nest = _NEST_FOR.get(mark)
        while i < n and marks[i][0] < para_end:
            p, m = marks[i]
            i += 1
            if _closes(mark, m, text, p):
                depth -= 1
                if depth == 0:
                    close = p
                    break
            elif m == nest:
                depth += 1
        line_start = text.rfind("\n", 0, pos) + 1
        opens_para = not text[line_start:pos].strip()
        para_count += text.count(sep, counted_to, pos)
        counted_to = pos
        para_no = para_count
        if close >= 0:
            start, end = _trimmed(text, pos + 1, close)
            after, closed = close + 1, True
        else:
            start, end = _trimmed(text, pos + 1, para_end)
            after, closed = para_end, False
            while i < n and marks[i][0] < para_end:
                i += 1
        prev = len(quotes) - 1 if chain_next and quotes else None
        chain_next = False
        if end > start and _HAS_WORD_RE.search(text, start, end):
            quotes.append(_Quote(pos, start, end, after, closed, prev, opens_para, para_no))
            if not closed and brk and _NEXT_OPENS_RE.match(text, brk.end()):
                chain_next = True
    return quotes
