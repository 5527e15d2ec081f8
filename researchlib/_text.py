"""Shared low-level text primitives: the word pattern every stage counts with.

A *word* is a run of letters or digits, optionally joined by an inner apostrophe
or hyphen ("don't", "mine-clearing", "Korea’s").  Punctuation and quote marks are
not words.  Token counts for rates, KWIC windows, keyness and frame matching all
use this one definition, so their numbers agree.
"""

from __future__ import annotations

import re

WORD_PATTERN = r"[^\W_]+(?:['’\-][^\W_]+)*"
WORD_RE = re.compile(WORD_PATTERN)

#: Characters treated as quotation marks (straight and typographic).
QUOTE_CHARS = "\"“”„‟«»‘’'"
OPEN_QUOTES = "\"“„‟«"
CLOSE_QUOTES = "\"”»"


def iter_words(text: str):
    """Yield ``(start, end, lower_word)`` for every word of ``text``."""
    for m in WORD_RE.finditer(text):
        yield m.start(), m.end(), m.group().lower()


def count_words(text: str) -> int:
    """Number of words in ``text`` under :data:`WORD_PATTERN`."""
    return len(WORD_RE.findall(text))
