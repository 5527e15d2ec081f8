"""'Did you mean ...?': the nearest allowed values to a misspelt one, for error messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(value, allowed: Iterable, *, n: int = 3) -> str:
    """``" (did you mean 'text'?)"`` for the allowed values closest to ``value``, else ``""``.

    Case is ignored when comparing, and the allowed values are shown as written.  Besides
    the spellings closest to ``value`` (difflib's ratio of at least 0.6), an allowed value
    holding all of ``value``'s words in a row is offered ("Lavrov" -> "Sergei Lavrov").
    """
    choices = [str(a) for a in allowed if a is not None]
    if value is None or not choices:
        return ""
    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(choice.lower(), choice)
    wanted = str(value).lower()
    close = difflib.get_close_matches(wanted, list(by_lower), n=n, cutoff=0.6)
    words = wanted.split()
    if words and len(close) < n:  # a part of a longer name: "Lavrov" -> "Sergei Lavrov"
        longer = sorted((c for c in by_lower if c != wanted and c not in close
                         and _holds_words(c.split(), words)), key=lambda c: (len(c), c))
        close += longer[: n - len(close)]
    close = [by_lower[c] for c in close if by_lower[c] != value]
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


def _holds_words(words: list[str], part: list[str]) -> bool:
    """``part`` occurs in ``words`` as consecutive whole words."""
    size = len(part)
    return any(words[i : i + size] == part for i in range(len(words) - size + 1))
