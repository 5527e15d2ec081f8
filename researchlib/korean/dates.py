"""The date of a Korean address: its date line, or the year its file is named after.

Reads one document's text (and its ``path``) and returns a date; nothing else.

The New Year addresses in ``shared/corpora/dprk_new_year_addresses_ko`` are named
by year (``data/1987.txt``) and most open with a title and a date line
(``- 1946년 01월 01일``; ``[ 2012-01-01 오전 11:52:56 ]`` or ``2005/01/01 08:17송고``
in the files taken from news agencies).  :func:`address_date_ko` reads that line;
:func:`address_year_ko` gives the year an address is filed under, which is the
year it greets: the 1987 address was given on 30 December 1986.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pandas as pd

from ..exceptions import ParameterError
from .front_matter import MAX_FRONT_LINES, _is_heading, _lines, locate_front_matter_ko

__all__ = ["address_date_ko", "address_year_ko"]

_DATE_RES = (
    re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일"),
    re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
)
_YEAR_STEM_RE = re.compile(r"\d{4}")


def address_date_ko(text: str) -> pd.Timestamp | None:
    """The date on an address's date line, read from its front matter.

    Parameters
    ----------
    text : str
        A document's text (cleaned or raw).

    Returns
    -------
    pandas.Timestamp or None
        The first valid date written as ``YYYY년 MM월 DD일`` or ``YYYY-MM-DD``
        (``/`` and ``.`` also) on a heading line (a title, date or stamp line, not a
        sentence) among the first :data:`~researchlib.korean.front_matter.MAX_FRONT_LINES`
        lines before the address begins; None when there is none.  Dates inside
        sentences of the address are never taken.

    Raises
    ------
    ParameterError
        If ``text`` is not a str.

    Examples
    --------
    >>> address_date_ko("신년사\\n- 1986년 12월 30일\\n동지들!")
    Timestamp('1986-12-30 00:00:00')
    >>> address_date_ko("친애하는 동지들! 2016년 1월 1일에 ...") is None
    True
    """
    if not isinstance(text, str):
        raise ParameterError(f"text must be a str (a document's text), got {type(text).__name__}")
    body = locate_front_matter_ko(text).body_start
    for start, end, squeezed in _lines(text)[:MAX_FRONT_LINES]:
        if start >= body:
            break
        if not _is_heading(squeezed):
            continue
        for pattern in _DATE_RES:
            for match in pattern.finditer(text, start, end):
                year, month, day = (int(g) for g in match.groups())
                try:
                    return pd.Timestamp(year, month, day)
                except ValueError:
                    continue
    return None


def address_year_ko(path: str | None, date: pd.Timestamp | None = None) -> int | None:
    """The year an address is filed under: its file name, else its date's year.

    Parameters
    ----------
    path : str or None
        The document's ``path`` (relative, as in the documents table).
    date : pandas.Timestamp or None, default=None
        Its date (:func:`address_date_ko`), used when the file is not named by a year.

    Returns
    -------
    int or None
        The four-digit year of a file named ``YYYY.<ext>``, else ``date.year``, else None.

    Examples
    --------
    >>> address_year_ko("data/1987.txt", pd.Timestamp(1986, 12, 30))
    1987
    >>> address_year_ko("speech.txt", pd.Timestamp(1986, 12, 30))
    1986
    """
    stem = PurePosixPath(path).stem if isinstance(path, str) and path else ""
    if _YEAR_STEM_RE.fullmatch(stem):
        return int(stem)
    if date is not None and not pd.isna(date):
        return int(date.year)
    return None
