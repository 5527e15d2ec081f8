"""Korean terms for keyness, KWIC and collocations: a text in, its content lemmas out.

Reads a string; returns the terms that :mod:`researchlib.keyness` counts and
:mod:`researchlib.collocations` pairs in Korean text.  An English term is a word;
a Korean written word carries its particles and endings (혈맹으로, 희생하였다), so a
Korean term is the lemma of a content morpheme (:func:`morphemes_ko` rows with
``content``): nouns without their particles, verbs and adjectives in their
dictionary form (희생하다), North Korean spellings read as the standard word
(로동 -> 노동).  Particles, endings and punctuation are never terms.

:func:`is_korean_text` decides which rows take this path: Hangul makes up most of
their letters.  It needs no analyser, so an English corpus never loads Kiwi.
"""

from __future__ import annotations

import re

from ..exceptions import ParameterError
from .analysis import _analysis, _check_text

__all__ = ["is_korean_text", "terms_ko"]

_HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def is_korean_text(text) -> bool:
    """Whether most letters of ``text`` are Hangul.

    Parameters
    ----------
    text : object
        A row's text; anything but a str is not Korean.

    Returns
    -------
    bool
        True when Hangul letters outnumber all other letters together.

    Examples
    --------
    >>> is_korean_text("로동당 만세!"), is_korean_text("Long live the Party (로동당)!")
    (True, False)
    """
    if not isinstance(text, str):
        return False
    hangul = len(_HANGUL_RE.findall(text))
    return hangul > 0 and 2 * hangul > len(_LETTER_RE.findall(text))


def terms_ko(text: str, *, ngram: int = 1) -> list[str]:
    """The terms of a Korean text: lemmas of its content morphemes, in order.

    Parameters
    ----------
    text : str
        A sentence's or document's text.
    ngram : int, default=1
        Terms of ``ngram`` consecutive content lemmas of one sentence, joined by a
        space (the particles and endings between them are skipped).

    Returns
    -------
    list of str
        The terms in text order.

    Raises
    ------
    ParameterError
        If ``text`` is not a str or ``ngram`` is not a positive integer.
    ResourceError
        If kiwipiepy or its model is not installed.

    Examples
    --------
    >>> terms_ko("로동자들이 원쑤를 물리쳤다.")
    ['노동자', '원쑤', '물리치다']
    >>> terms_ko("로동자들이 원쑤를 물리쳤다.", ngram=2)
    ['노동자 원쑤', '원쑤 물리치다']
    """
    if isinstance(ngram, bool) or not isinstance(ngram, int) or ngram < 1:
        raise ParameterError(f"ngram must be a positive integer, got {ngram!r}")
    rows = _analysis(_check_text(text)).rows
    lemmas, sents = [], []
    for lemma, content, sent_id in zip(rows["lemma"], rows["content"], rows["sent_id"]):
        if content:
            lemmas.append(lemma)
            sents.append(sent_id)
    if ngram == 1:
        return lemmas
    return [
        " ".join(lemmas[i:i + ngram])
        for i in range(len(lemmas) - ngram + 1)
        if sents[i] == sents[i + ngram - 1]
    ]
