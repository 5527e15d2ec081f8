"""Language of a document: detected from its text by a small, deterministic rule.

The rule, in two steps, on the first :data:`SAMPLE` characters of the cleaned text:

1. **Script.** Letters are counted by script.  When most of them are not Latin,
   the script names the language: Hangul -> ``ko``, kana -> ``ja``, Han without
   kana -> ``zh``, Cyrillic -> ``ru``, Arabic -> ``ar``, Greek -> ``el``,
   Hebrew -> ``he``, Thai -> ``th``, Devanagari -> ``hi``.
2. **Function words.** For Latin script, the share of the words that are among
   the twenty commonest function words of English, Spanish, French, German,
   Portuguese and Italian decides, when one language leads clearly; otherwise
   the document is ``und`` (undetermined).

Why a rule and not a statistical detector: researchlib's corpora are long,
edited documents in a handful of languages, where function words settle the
question at once, and a rule costs microseconds per document (a character
n-gram model cost 1.6 ms per KCNA story, more than the rest of ``prepare``).
``benchmarks/eval_language.py`` measures the rule against KCNA's own language
labels and reads the disagreements.

The codes are ISO 639-1.  :func:`normalise_language` maps metadata spellings
("English", "eng", "EN") to them, so a metadata value can be compared with the
detected one.
"""

from __future__ import annotations

import re

from ..exceptions import ParameterError

__all__ = ["SAMPLE", "LANGUAGES", "detect_language", "normalise_language", "check_language",
           "second_script_share"]

#: Characters of a document the rule reads (the script step).
SAMPLE = 1500
#: Characters the function-word step reads (about 130 words of prose).
WORD_SAMPLE = 800

_FUNCTION_WORDS = {
    "en": "the of and to in is that for it with as was on be by this are from at have",
    "es": "de la que el en y los del se las por un para con una su al lo como más",
    "fr": "de la le et les des en un une du est que pour dans qui sur au par pas plus",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine",
    "pt": "de a o que e do da em um para com não uma os no se na por mais as dos",
    "it": "di e il la che in un per è del non una con sono da si le dei nel alla",
}
_WORD_SETS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}

#: Languages the rule can name (and ``und``), by ISO 639-1 code.
LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "ko", "ja", "zh", "ru", "ar", "el", "he", "th",
             "hi", "und")

_NAMES = {
    "english": "en", "eng": "en", "spanish": "es", "spa": "es", "español": "es", "espanol": "es",
    "french": "fr", "fra": "fr", "fre": "fr", "german": "de", "deu": "de", "ger": "de",
    "portuguese": "pt", "por": "pt", "italian": "it", "ita": "it", "korean": "ko", "kor": "ko",
    "japanese": "ja", "jpn": "ja", "chinese": "zh", "zho": "zh", "chi": "zh", "russian": "ru",
    "rus": "ru", "arabic": "ar", "ara": "ar", "greek": "el", "ell": "el", "hebrew": "he",
    "heb": "he", "thai": "th", "tha": "th", "hindi": "hi", "hin": "hi",
}

_LATIN_WORD_RE = re.compile(r"[^\W\d_]+")
#: Each function word -> the languages it belongs to.
_LOOKUP: dict[str, tuple[str, ...]] = {}
for _lang, _words in _WORD_SETS.items():
    for _word in _words:
        _LOOKUP[_word] = (*_LOOKUP.get(_word, ()), _lang)

# Letters of each script, by Unicode block (the blocks these languages are written in).
_SCRIPT_RES = {
    "latin": re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "ko": re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff]"),
    "kana": re.compile("[\u3040-\u30ff\u31f0-\u31ff]"),
    "han": re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"),
    "ru": re.compile("[\u0400-\u04ff]"),
    "ar": re.compile("[\u0600-\u06ff\u0750-\u077f]"),
    "el": re.compile("[\u0370-\u03ff]"),
    "he": re.compile("[\u0590-\u05ff]"),
    "th": re.compile("[\u0e00-\u0e7f]"),
    "hi": re.compile("[\u0900-\u097f]"),
}
_ASCII_LETTERS_RE = re.compile("[A-Za-z]")
#: Any letter of a script other than Latin (Greek onwards).
_BEYOND_LATIN_RE = re.compile("[\u0370-\uffff]")


def _script_counts(sample: str) -> dict[str, int]:
    """Letters of the sample by script (scripts with none left out)."""
    if sample.isascii():
        return {"latin": len(_ASCII_LETTERS_RE.findall(sample))}
    counts = {}
    for name, pattern in _SCRIPT_RES.items():
        n = len(pattern.findall(sample))
        if n:
            counts[name] = n
    return counts


def second_script_share(text: str) -> float:
    """Share of the sample's letters written in its second most common script (0 for one script)."""
    counts = sorted(_script_counts(text[:SAMPLE]).values(), reverse=True)
    total = sum(counts)
    return counts[1] / total if len(counts) > 1 and total else 0.0


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language by the rule of this module, or ``"und"``.

    Parameters
    ----------
    text : str
        A cleaned document text.

    Returns
    -------
    str
        One of :data:`LANGUAGES`.

    Examples
    --------
    >>> detect_language("The delegation of the Republic said that it was ready.")
    'en'
    >>> detect_language("La delegación de la República dijo que estaba lista para el diálogo.")
    'es'
    >>> detect_language("우리 인민의 혈맹의 정을 노래한다.")
    'ko'
    """
    sample = text[:SAMPLE]
    if not sample.isascii() and _BEYOND_LATIN_RE.search(sample) is not None:
        counts = _script_counts(sample)
        total = sum(counts.values())
        if not total:
            return "und"
        script, top = max(counts.items(), key=lambda item: item[1])
        if script != "latin" and top * 2 > total:
            if script == "han":
                return "ja" if counts.get("kana") else "zh"
            if script == "kana":
                return "ja"
            return script
    words = _LATIN_WORD_RE.findall(sample[:WORD_SAMPLE].lower())
    if not words:
        return "und"
    hits = dict.fromkeys(_WORD_SETS, 0)
    for word in words:
        for lang in _LOOKUP.get(word, ()):
            hits[lang] += 1
    scores = sorted(((n, lang) for lang, n in hits.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    # Two function words of the leader at least ("Kim Il Sung" is no Italian), one word in
    # twelve, and a clear lead.
    if best < 2 or best * 12 < len(words) or best < 1.25 * second:
        return "und"
    return lang


def normalise_language(value) -> str | None:
    """A metadata language value as an ISO 639-1 code (``"English"`` -> ``"en"``), None if empty."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip().lower().replace("_", "-")
    if not text:
        return None
    base = text.split("-")[0]
    return _NAMES.get(base, base)


def check_language(language, *, argument: str = "language") -> str | None:
    """``language`` (None: detect) checked against :data:`LANGUAGES`, as an ISO 639-1 code.

    Raises
    ------
    ParameterError
        A language the rule does not know.
    """
    if language is None:
        return None
    code = normalise_language(language)
    if code not in LANGUAGES:
        raise ParameterError(
            f"{argument}={language!r}: not a language researchlib knows; allowed: "
            f"{', '.join(LANGUAGES)} (ISO 639-1 codes, or None to detect each document's)"
        )
    return code
