"""Korean analysis: one document's text -> its sentences and its morphemes with lemmas (Kiwi).

Reads a string (a document's cleaned ``text``) and writes two things, both with
character offsets into that string: sentence spans (:func:`split_sentences_ko`) and
a morphemes frame (:func:`morphemes_ko`: ``sent_id``, ``start``, ``end``, ``form``,
``lemma``, ``pos``, ``content``, ``oov``, ``variant``).

The analyser is Kiwi (``kiwipiepy``; its model ships in the ``kiwipiepy_model``
package, so nothing is downloaded). It is created on first use and kept per
process; one analysis of a text serves both functions (the last few texts are
cached), so splitting and tagging a document costs one pass of the analyser.

North Korean spelling
---------------------
Kiwi's dictionary is South Korean. The addresses write Sino-Korean words without
the South's initial-sound rule (로동 for 노동, 리용 for 이용, 녀성 for 여성, 력사 for
역사) and keep 렬/률 after a vowel or ㄴ (분렬 for 분열, 규률 for 규율). Without help
Kiwi reads 리용하여 as the name 리 plus the adjective 용하다. :func:`analyser`
therefore registers, for every common noun, root and adverb of the dictionary,
its North Korean spelling as a variant of the standard word (a dictionary entry
with a small penalty; the text itself is never changed, so offsets stay those of
the document), and a short table of North Korean loanword spellings
(:data:`NK_WORDS`). A variant keeps its written ``form`` and gets the standard
``lemma`` (리용 -> 이용), so a lexicon in either spelling matches both.
``benchmarks/bench_korean.py`` prints the share of tokens Kiwi marks unknown with
and without this on the New Year addresses.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._schema import str_series
from ..exceptions import ParameterError, ResourceError

__all__ = [
    "analyser",
    "split_sentences_ko",
    "morphemes_ko",
    "nk_spelling",
    "MORPHEME_COLUMNS",
    "NK_WORDS",
]

#: Columns of :func:`morphemes_ko`, in order.
MORPHEME_COLUMNS = [
    "sent_id", "start", "end", "form", "lemma", "pos", "content", "oov", "variant",
]

#: North Korean spellings of loanwords and words that the initial-sound rule does not
#: explain: written form -> (standard form, tag). A standard form missing from the
#: dictionary makes the written form a word of its own. 돐 (anniversary) stays itself:
#: its standard form 돌 is also "stone".
NK_WORDS = {
    "돐": ("돐", "NNG"),
    "파쑈": ("파쇼", "NNG"),
    "뜨락또르": ("트랙터", "NNG"),
    "쁠럭": ("블록", "NNG"),
    "인테리": ("인텔리", "NNG"),
    "세멘트": ("시멘트", "NNG"),
    "두리": ("둘레", "NNG"),
    "쏘련": ("소련", "NNP"),
    "윁남": ("베트남", "NNP"),
    "맑스": ("마르크스", "NNP"),
    "리승만": ("이승만", "NNP"),
    "영용": ("영용", "XR"),  # 영용하다 (brave); Kiwi reads 영 + 용하다
}

#: Tags whose dictionary entries get North Korean variants (nouns, roots, adverbs).
_VARIANT_TAGS = ("NNG", "XR", "MAG")
#: Penalty of a variant against the standard word (Kiwi recommends -3 or lower).
_VARIANT_SCORE = -3.0
#: Analyses kept per process (one document is usually split, tagged and matched in a row).
_CACHE_SIZE = 4

_PARAGRAPH_RE = re.compile(r"\n[^\S\n]*\n\s*")
_SPACE_RE = re.compile(r"\s+")

# Hangul syllables: 0xAC00 + (initial * 21 + vowel) * 28 + final.
_HANGUL0, _N_SYLLABLES = 0xAC00, 11172
_NIEUN, _RIEUL, _IEUNG = 2, 5, 11
#: Vowels after which the South writes ㄴ for an etymological ㄹ (라 래 로 뢰 루 르).
_VOWELS_N = frozenset({0, 1, 8, 11, 13, 18})
#: Vowels after which the South drops an initial ㄹ or ㄴ (랴 려 례 료 류 리, 냐 녀 ...).
_VOWELS_Y = frozenset({2, 6, 7, 12, 17, 20})
_YEO, _YU, _FINAL_L = 6, 17, 8

_NOUN_TAGS = frozenset({"NNG", "NNP", "NNB", "NR", "NP", "XR", "SL", "SH"})
_DERIVING = frozenset({"XSV", "XSA", "XSM"})
#: Noun suffixes that do not make a new word (plural, honorific): never joined to the noun.
_INFLECTING = frozenset({"들", "님"})

_STATE = threading.local()
_LOCK = threading.Lock()
_SHARED: dict = {}


def _syllable(char: str):
    code = ord(char) - _HANGUL0
    if 0 <= code < _N_SYLLABLES:
        return code // 588, (code % 588) // 28, code % 28
    return None


def _compose(initial: int, vowel: int, final: int) -> str:
    return chr(_HANGUL0 + initial * 588 + vowel * 28 + final)


def nk_spelling(word: str, *, initial: str = "ㄹ") -> str:
    """The North Korean spelling of a standard (South Korean) word.

    Undoes the initial-sound rule on the first syllable (노동 -> 로동, 역사 -> 력사;
    with ``initial="ㄴ"``, 여성 -> 녀성) and writes 렬/률 for 열/율 after a vowel or
    ㄴ (분열 -> 분렬, 규율 -> 규률).

    Parameters
    ----------
    word : str
        A word in standard spelling.
    initial : {"ㄹ", "ㄴ"}, default="ㄹ"
        The initial to restore where the South writes ㅇ before ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ
        (etymological ㄹ in 역사, ㄴ in 여성). Before ㅏ ㅐ ㅗ ㅚ ㅜ ㅡ the South's ㄴ
        always stands for ㄹ, so ``"ㄴ"`` leaves those alone.

    Returns
    -------
    str
        The word as North Korean spelling writes it; the word itself when no rule applies.

    Examples
    --------
    >>> nk_spelling("노동"), nk_spelling("이용"), nk_spelling("여성", initial="ㄴ")
    ('로동', '리용', '녀성')
    >>> nk_spelling("분열"), nk_spelling("나라")
    ('분렬', '라라')
    """
    chars = list(word)
    if not chars:
        return word
    first = _syllable(chars[0])
    if first is not None:
        ini, vowel, final = first
        if initial == "ㄹ" and ((ini == _NIEUN and vowel in _VOWELS_N)
                               or (ini == _IEUNG and vowel in _VOWELS_Y)):
            chars[0] = _compose(_RIEUL, vowel, final)
        elif initial == "ㄴ" and ini == _IEUNG and vowel in _VOWELS_Y:
            chars[0] = _compose(_NIEUN, vowel, final)
    previous = first
    for i in range(1, len(chars)):
        current = _syllable(chars[i])
        if (current is not None and previous is not None and current[0] == _IEUNG
                and current[1] in (_YEO, _YU) and current[2] == _FINAL_L
                and previous[2] in (0, 4)):  # no final consonant, or ㄴ
            chars[i] = _compose(_RIEUL, current[1], _FINAL_L)
        previous = current
    return "".join(chars)


def _nk_rieul(form: str) -> str:
    return nk_spelling(form, initial="ㄹ")


def _nk_nieun(form: str) -> str:
    return nk_spelling(form, initial="ㄴ")


def _build(north_korean: bool):
    """A Kiwi analyser, with North Korean spellings registered when asked."""
    try:
        from kiwipiepy import Kiwi
    except ImportError as err:  # pragma: no cover - the lock installs it
        raise ResourceError(
            "Korean analysis needs kiwipiepy and kiwipiepy_model (pinned in requirements.lock); "
            "install them with `pip install -r requirements.lock`"
        ) from err
    try:
        kiwi = Kiwi()
    except Exception as err:  # the model package is missing or damaged
        raise ResourceError(
            f"Kiwi's model could not be loaded ({err}); install kiwipiepy_model, "
            "pinned in requirements.lock"
        ) from err
    if north_korean:
        for tag in _VARIANT_TAGS:
            kiwi.add_rule(tag, _nk_rieul, _VARIANT_SCORE)
            kiwi.add_rule(tag, _nk_nieun, _VARIANT_SCORE)
        for form, (standard, tag) in NK_WORDS.items():
            try:
                kiwi.add_user_word(form, tag, 0.0, orig_word=None if form == standard else standard)
            except ValueError:  # the standard form is not in this dictionary
                kiwi.add_user_word(form, tag, 0.0)
    kiwi.tokenize("")  # finish Kiwi's lazy initialisation here, not inside a timed call
    return kiwi


def analyser(*, north_korean: bool = True):
    """The process's Kiwi analyser, created on first use.

    Parameters
    ----------
    north_korean : bool, default=True
        With North Korean spellings registered (see the module docstring); ``False``
        gives Kiwi as it ships (used to measure what the spellings change).

    Returns
    -------
    kiwipiepy.Kiwi

    Raises
    ------
    ResourceError
        If kiwipiepy or its model package is not installed.
    """
    key = (os.getpid(), bool(north_korean))  # a forked child builds its own
    kiwi = _SHARED.get(key)
    if kiwi is None:
        with _LOCK:
            kiwi = _SHARED.get(key)
            if kiwi is None:
                kiwi = _SHARED[key] = _build(bool(north_korean))
    return kiwi


class _Analysis(NamedTuple):
    """One text analysed: sentence spans and morpheme rows (see :data:`MORPHEME_COLUMNS`)."""

    spans: np.ndarray  # int64 (n, 2)
    rows: dict  # column -> list
    cls: list  # per row: word class for matching ("N", "V", "M", ...) or None


def _word_class(tag: str) -> str | None:
    """Coarse class under which a lexicon element and a text morpheme must agree."""
    base = tag.split("-", 1)[0]
    if base in _NOUN_TAGS:
        return "N"
    if base.startswith("V"):
        return "V"
    if base in ("MAG", "MAJ"):
        return "M"
    if base == "MM":
        return "D"
    if base == "IC":
        return "I"
    if base == "XPN":
        return "P"
    if base == "SN":
        return "S"
    return None


def _lemma(token, tag: str) -> str:
    base = token.base_form or token.form
    return base + "다" if tag.startswith("V") else base


def _sentence_cuts(text: str, sentences: list) -> list[int]:
    cuts = {0}
    for tokens in sentences:
        if tokens:
            cuts.add(tokens[0].start)
    for para in _PARAGRAPH_RE.finditer(text):
        cuts.add(para.end())
    return sorted(cuts)


def _spans(text: str, cuts: list[int]) -> np.ndarray:
    bounds = cuts + [len(text)]
    out = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        lead = _SPACE_RE.match(text, a, b)
        if lead:
            a = lead.end()
        if a >= b:
            continue
        out.append((a, a + len(text[a:b].rstrip())))
    return np.asarray(out, dtype=np.int64).reshape(-1, 2)


def _analyse_uncached(text: str, kiwi) -> _Analysis:
    sentences = kiwi.tokenize(text, split_sents=True) if text.strip() else []
    spans = _spans(text, _sentence_cuts(text, sentences))
    rows: dict[str, list] = {c: [] for c in MORPHEME_COLUMNS}
    cls: list = []
    last_noun = -1  # index of the previous row when it is a noun or root a suffix can join
    for tokens in sentences:
        for tk in tokens:
            tag = tk.tag
            base_tag = tag.split("-", 1)[0]
            start, end = tk.start, tk.end
            if base_tag in _DERIVING or (base_tag == "XSN" and tk.form not in _INFLECTING):
                if last_noun >= 0 and rows["end"][last_noun] >= start:
                    i = last_noun  # 희생 + 하 -> 희생하다; 혁명 + 적 -> 혁명적; 굳건 + 히
                    verbal = base_tag in ("XSV", "XSA")
                    rows["end"][i] = max(rows["end"][i], end)
                    rows["form"][i] += tk.form
                    rows["lemma"][i] += _lemma(tk, "V" if verbal else tag)
                    rows["pos"][i] += "+" + tag
                    cls[i] = "V" if verbal else ("M" if base_tag == "XSM" else "N")
                    last_noun = i if base_tag == "XSN" else -1  # 련대 + 성 + 적 -> 연대성적
                    continue
            variant = bool(tk.base_form) and tk.id != tk.base_id
            word_class = _word_class(tag)
            rows["start"].append(start)
            rows["end"].append(end)
            rows["form"].append(tk.form)
            rows["lemma"].append(_lemma(tk, tag))
            rows["pos"].append(tag)
            rows["content"].append(word_class is not None)
            rows["oov"].append(bool(tk.oov))
            rows["variant"].append(variant)
            cls.append(word_class)
            last_noun = len(cls) - 1 if base_tag in ("NNG", "NNP", "XR", "NR") else -1
    starts = np.asarray(rows["start"], dtype=np.int64)
    if len(spans):
        sent_ids = np.searchsorted(spans[:, 0], starts, side="right") - 1
        rows["sent_id"] = np.maximum(sent_ids, 0).tolist()
    else:
        rows["sent_id"] = []
    return _Analysis(spans, rows, cls)


def _analysis(text: str) -> _Analysis:
    """The analysis of ``text``, from the per-thread cache when it was just analysed."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    cache = getattr(_STATE, "cache", None)
    if cache is None:
        cache = _STATE.cache = OrderedDict()
    found = cache.get(text)
    if found is not None:
        cache.move_to_end(text)
        return found
    found = _analyse_uncached(text, analyser())
    cache[text] = found
    if len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)
    return found


def _check_text(text, argument: str = "text") -> str:
    if not isinstance(text, str):
        raise ParameterError(
            f"{argument} must be a str (a document's text), got {type(text).__name__}"
        )
    return text


def split_sentences_ko(text: str) -> list[tuple[int, int]]:
    """Korean sentence spans of one text.

    Parameters
    ----------
    text : str
        A document's (cleaned) text.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` character offsets, so ``text[start:end]`` is a sentence,
        stripped of surrounding white space. The spans cover the text's non-space
        characters in order without overlap (the contract of the English splitter).

    Raises
    ------
    ParameterError
        If ``text`` is not a str.
    ResourceError
        If kiwipiepy or its model is not installed.

    Notes
    -----
    Sentences are Kiwi's (which ends a sentence at final punctuation and at a
    sentence-final ending such as ``-다``, ``-자``, ``-ㅂ니다`` even without a full
    stop); a paragraph break (a blank line) always ends one.

    Examples
    --------
    >>> split_sentences_ko("우리는 승리하였다. 동지들!")
    [(0, 10), (11, 15)]
    """
    spans = _analysis(_check_text(text)).spans
    return [(int(a), int(b)) for a, b in spans]


def morphemes_ko(text: str) -> pd.DataFrame:
    """Every morpheme of one text, with its lemma and part of speech.

    Parameters
    ----------
    text : str
        A document's (cleaned) text.

    Returns
    -------
    pandas.DataFrame
        One row per morpheme, in text order:

        - ``sent_id`` (int): the sentence of :func:`split_sentences_ko` holding it;
        - ``start``, ``end`` (int): offsets into ``text``; ``text[start:end]`` is the
          written form it came from (a contracted syllable such as 였 in 희생하였다
          belongs to both morphemes written in it);
        - ``form`` (str): the morpheme as the analyser gives it (희생하, 었, 다);
        - ``lemma`` (str): its dictionary form in standard spelling: verbs and
          adjectives with 다 (희생하였다 -> 희생하다, 물리쳤다 -> 물리치다), nouns
          without particles, North Korean spellings read as the standard word
          (로동 -> 노동);
        - ``pos`` (str): Kiwi's tag (Sejong tag set: NNG common noun, VV verb, JKO
          object particle, EF final ending ...); a noun or root joined with its
          derivational suffix is one row tagged ``"NNG+XSV"`` (희생하다), ``"XR+XSA"``
          (위대하다), ``"NNG+XSN"`` (혁명적, 연대성, 승리자: every noun suffix but the
          plural 들 and the honorific 님) or ``"XR+XSM"`` (굳건히);
        - ``content`` (bool): a word (noun, verb, adjective, adverb, determiner,
          interjection, prefix, number, foreign word) rather than a particle,
          ending, other suffix or punctuation;
        - ``oov`` (bool): Kiwi did not know the word and guessed it;
        - ``variant`` (bool): read through a North Korean spelling (see the module
          docstring).

    Raises
    ------
    ParameterError
        If ``text`` is not a str.
    ResourceError
        If kiwipiepy or its model is not installed.

    Examples
    --------
    >>> m = morphemes_ko("로동자들이 희생하였다.")
    >>> m[m["content"]][["form", "lemma", "pos"]].values.tolist()
    [['로동자', '노동자', 'NNG'], ['희생하', '희생하다', 'NNG+XSV']]
    """
    rows = _analysis(_check_text(text)).rows
    return pd.DataFrame(
        {
            "sent_id": pd.Series(rows["sent_id"], dtype="int64"),
            "start": pd.Series(rows["start"], dtype="int64"),
            "end": pd.Series(rows["end"], dtype="int64"),
            "form": str_series(rows["form"]),
            "lemma": str_series(rows["lemma"]),
            "pos": str_series(rows["pos"]),
            "content": pd.Series(rows["content"], dtype="bool"),
            "oov": pd.Series(rows["oov"], dtype="bool"),
            "variant": pd.Series(rows["variant"], dtype="bool"),
        }
    )
