"""Front matter of a Korean address: where the editor's summary lies and where the address begins.

Reads one document's text (cleaned or raw: the rules work on its lines) and returns
offsets into it: :func:`locate_front_matter_ko` gives the editor's summary span and the
start of the address itself; :func:`find_address_start_ko` gives only the latter.

The New Year addresses in ``shared/corpora/dprk_new_year_addresses_ko`` open with a
title and a date line; those of 1946-2003 and 2006 then have an editor's summary
between a line ``해 제`` ("explanatory note") and a line ``원 문`` ("original text").
Several later files come from South Korean news agencies and open with the agency's
note instead ("다음은 ... 공동사설 ... 전문이다": "what follows is the full text of ...").
Neither is the speaker's voice; the sentences inside ``[summary_start, summary_end)``
are the editor's, and the rest of ``[0, body_start)`` is headings (title, date,
agency stamp).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..exceptions import ParameterError

__all__ = ["KoreanFrontMatter", "locate_front_matter_ko", "find_address_start_ko"]

#: How many non-blank lines from the top may hold the summary marker or an agency's note.
MAX_FRONT_LINES = 12

_LINE_RE = re.compile(r"[^\n]+")
_SPACES_RE = re.compile(r"\s+")
#: The agency's note: "다음은 ... 전문이다/전문임", "전문은 다음과 같다", "... 사설을 발표했다".
_NOTE_RE = re.compile(
    r"다음은.{0,200}(?:전문|全文)|전문은\s*다음과\s*같다|"
    r"(?:사설|신년사|공동\s*사설)[을를].{0,20}발표(?:하였|했)다"
)
#: A line that ends a sentence: final punctuation, then closing marks or a separator.
_FINAL_RE = re.compile(r"[.!?。！？…][\s'\"”’』」》〉)\]*]*$")
#: What is left of a date or time line once these go: digits, punctuation, date words.
_DATE_PARTS_RE = re.compile(r"[\d\W_]+|년|월|일|시|분|오전|오후|주체")


class KoreanFrontMatter(NamedTuple):
    """Where the front matter of one text ends.

    Attributes
    ----------
    body_start : int
        Offset of the first character of the address itself (0 when the text has no
        front matter).
    summary_start, summary_end : int or None
        The editor's summary or agency note, ``text[summary_start:summary_end]``
        (stripped); None when there is none.
    rule : str
        Which rule found it: ``"summary"`` (a ``해 제`` ... ``원 문`` block),
        ``"agency_note"`` (a news agency's "다음은 ... 전문" note), ``"headings"``
        (title or date lines only, no summary) or ``"none"``.
    """

    body_start: int
    summary_start: int | None
    summary_end: int | None
    rule: str


def _lines(text: str) -> list[tuple[int, int, str]]:
    """Non-blank lines as ``(start, end, squeezed text)``, stripped of outer white space."""
    out = []
    for match in _LINE_RE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        out.append((start, start + len(stripped), _SPACES_RE.sub("", stripped)))
    return out


def _is_heading(line: str) -> bool:
    """A title, date, stamp or separator line: no sentence end, or nothing but a date."""
    return _FINAL_RE.search(line) is None or not _DATE_PARTS_RE.sub("", line)


def _first_body(lines: list, i: int) -> int | None:
    """Index of the first line from ``i`` on that is not a heading."""
    while i < len(lines) and _is_heading(lines[i][2]):
        i += 1
    return i if i < len(lines) else None


def locate_front_matter_ko(text: str) -> KoreanFrontMatter:
    """Find the editor's summary (or agency note) and the start of the address in one text.

    Parameters
    ----------
    text : str
        A document's text (cleaned or raw).

    Returns
    -------
    KoreanFrontMatter
        ``(body_start, summary_start, summary_end, rule)``, offsets into ``text``.

    Raises
    ------
    ParameterError
        If ``text`` is not a str.

    Notes
    -----
    The rules, in order (lines are non-blank lines, compared without their spaces):

    1. **Summary block**: a line ``해제`` among the first :data:`MAX_FRONT_LINES`
       lines and a later line ``원문``: the summary is every line between them; the
       address begins after ``원문``.
    2. **Agency note**: otherwise, the last of the first :data:`MAX_FRONT_LINES`
       lines that reads like a news agency's note ("다음은 ... 전문", "전문은 다음과
       같다", "... 사설을 발표했다"), with the notes right before it: that is the
       summary; the address begins after it.
    3. **Headings**: from there (or from the top), lines that end without a sentence
       end (``.``, ``!``, ``?`` and their full-width forms, an ellipsis, then closing
       marks) and lines made only of a date and time are skipped: titles, date
       lines, stamps such as ``[ 2012-01-01 오전 11:52:56 ]``. The address begins at
       the first other line.

    A text whose first line already ends a sentence has no front matter
    (``body_start == 0``, rule ``"none"``). A text with no sentence end at all keeps
    ``body_start == 0`` too: nothing is taken away on a guess.

    Examples
    --------
    >>> text = "신년사\\n\\n- 1960년 01월 01일\\n\\n해 제\\n\\n요약이다.\\n\\n원 문\\n\\n동지들!"
    >>> fm = locate_front_matter_ko(text)
    >>> text[fm.summary_start:fm.summary_end], text[fm.body_start:], fm.rule
    ('요약이다.', '동지들!', 'summary')
    """
    if not isinstance(text, str):
        raise ParameterError(f"text must be a str (a document's text), got {type(text).__name__}")
    lines = _lines(text)
    front = lines[:MAX_FRONT_LINES]
    opening = next((i for i, line in enumerate(front) if line[2] == "해제"), None)
    if opening is not None:
        closing = next((j for j in range(opening + 1, len(lines)) if lines[j][2] == "원문"), None)
        if closing is not None:
            body = _first_body(lines, closing + 1)
            if body is not None:
                has_summary = closing > opening + 1
                return KoreanFrontMatter(
                    lines[body][0],
                    lines[opening + 1][0] if has_summary else None,
                    lines[closing - 1][1] if has_summary else None,
                    "summary",
                )
    notes = [i for i, line in enumerate(front) if _NOTE_RE.search(line[2])]
    if notes:
        last = notes[-1]
        first = last
        while first - 1 in notes:
            first -= 1
        body = _first_body(lines, last + 1)
        if body is not None:
            return KoreanFrontMatter(lines[body][0], lines[first][0], lines[last][1], "agency_note")
    body = _first_body(lines, 0)
    if body is None or body == 0:
        return KoreanFrontMatter(0, None, None, "none")
    return KoreanFrontMatter(lines[body][0], None, None, "headings")


def find_address_start_ko(text: str) -> int:
    """Offset where the address itself begins, after title, date and editor's summary.

    Parameters
    ----------
    text : str
        A document's text (cleaned or raw).

    Returns
    -------
    int
        ``locate_front_matter_ko(text).body_start`` (0 when there is no front matter).

    Raises
    ------
    ParameterError
        If ``text`` is not a str.

    Examples
    --------
    >>> find_address_start_ko("신년사\\n\\n해 제\\n\\n요약.\\n\\n원 문\\n\\n동지들!")
    20
    """
    return locate_front_matter_ko(text).body_start
