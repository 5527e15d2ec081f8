"""'Did you mean ...?': the nearest allowed values to a misspelt one, for error messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(value, allowed: Iterable, *, n: int = 3) -> str:
    """``" (did you mean 'text'?)"`` for the allowed values closest to ``value``, else ``""``.

    Case is ignored when comparing, and the allowed values are shown as written.
    """
    choices = [str(a) for a in allowed if a is not None]
    if value is None or not choices:
        return ""
    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(choice.lower(), choice)
    close = difflib.get_close_matches(str(value).lower(), list(by_lower), n=n, cutoff=0.6)
    close = [by_lower[c] for c in close if by_lower[c] != value]
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"
