"""Inflections of lexicon words, with the default lexicon's shipped precomputed.

In a lexicon that inflects (YAML lexicons, unless loaded with ``inflect=False``),
a word without a wildcard matches itself plus its own regular inflections (see
:mod:`researchlib.lexicon`); ``.dic`` and ``.cat`` lexicons match the exact word and
never ask for these forms.

Which forms a written word gets (:func:`lemminflect_forms`)
------------------------------------------------------------
Inflection runs **forward from the form the author wrote, never back to a lemma**:

1. Only a word that is itself a lemma (a base form) is inflected, and only in the
   parts of speech where lemminflect lists it as a lemma.  A written inflected form
   matches itself only: ``warmest`` (the superlative of *warm*) does not give *warm*
   or *warmer*; ``fallen`` (a participle, and an adjective and noun in its own right)
   does not give *fall* or *fell*; ``enemies`` does not give *enemy*.
2. Of the base's inflections only the **regular, suffixed** ones count: the written
   word plus ``-s``/``-es``, ``-ed``/``-d``, ``-ing``, ``-er``/``-est``, allowing the
   usual spelling changes (a final *e* dropped: *sacrifice* -> *sacrificing*; *y* to
   *i*: *ally* -> *allies*, *allied*; a doubled final consonant: *win* -> *winning*;
   *ie* to *y*: *die* -> *dying*).  Irregular forms (*win* -> *won*, *fight* ->
   *fought*, *good* -> *better*) are left out: they are often other words too (the
   Korean currency *won*), and an author who means them lists them as patterns.
3. A noun also matches its possessive with ``'s`` (*martyr's*, *children's*), which
   the word rule (``_text.WORD_RE``) reads as one word; a plural in *-s* takes a bare
   apostrophe, which is not part of the word, so the plural itself matches.

So ``martyr`` matches *martyr, martyrs, martyr's, martyred, martyring*; ``sacrifice``
matches *sacrifice, sacrifices, sacrificed, sacrificing, sacrifice's*; ``win`` matches
*win, wins, winning, win's*, never *won*.  A word lemminflect does not know matches
only itself.

The shipped table
-----------------
Loading lemminflect's tables costs about half a second per process, which every
``prepare`` worker and every notebook kernel would pay for the default lexicon
alone.  ``data/inflections.json`` holds those forms for the default lexicon's
words (patterns and exception phrases), computed with the lemminflect version it
names; it is used only when that same version is installed, and any other word is
asked of lemminflect itself.

After editing ``data/default_lexicon.yaml``, changing the rule above or upgrading
lemminflect, regenerate it with ``python -m researchlib._inflections`` (a test
fails until it is current).
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "data" / "inflections.json"

_cache: dict[str, frozenset[str]] = {}
_shipped_loaded = False


#: Suffixes of regular English inflection (after the stem's spelling change, if any).
_SUFFIXES = frozenset({"s", "es", "d", "ed", "ing", "r", "er", "st", "est"})
_VOWELS = frozenset("aeiou")


def _stems(word: str) -> set[str]:
    """The stems a regular suffix may follow: the word, and its usual spelling changes."""
    stems = {word, word + word[-1]}  # as written; a doubled final consonant (win -> winn)
    if word.endswith("e"):
        stems.add(word[:-1])  # sacrifice -> sacrific(ing)
    if word.endswith("ie"):
        stems.add(word[:-2] + "y")  # die -> dy(ing)
    if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
        stems.add(word[:-1] + "i")  # ally -> alli(es), alli(ed)
    return stems


def is_regular_inflection(word: str, form: str) -> bool:
    """True when ``form`` is ``word`` itself or ``word`` plus a regular inflectional suffix."""
    if form == word:
        return True
    return any(
        form.startswith(stem) and form[len(stem) :] in _SUFFIXES for stem in _stems(word)
    )


def lemminflect_forms(word: str) -> frozenset[str]:
    """The forms a pattern word matches, lower case: itself and its own regular inflections.

    See the module docstring for the rule: only a base form is inflected, only with
    regular suffixes, and a noun adds its possessive in ``'s``.
    """
    from lemminflect import getAllInflections, getAllLemmas

    found = {word}
    for upos, lemmas in getAllLemmas(word).items():
        if word not in (lemma.lower() for lemma in lemmas):
            continue  # the written word is an inflected form in this part of speech
        for tag, inflected in getAllInflections(word, upos=upos).items():
            for form in (f.lower() for f in inflected):
                if not is_regular_inflection(word, form):
                    continue
                found.add(form)
                if upos in ("NOUN", "PROPN") and not form.endswith("s"):
                    found.add(form + "'s")
                elif upos in ("NOUN", "PROPN") and tag == "NN":
                    found.add(form + "'s")
    return frozenset(found)


def _lemminflect_version() -> str | None:
    try:
        return metadata.version("lemminflect")
    except metadata.PackageNotFoundError:
        return None


def _load_shipped() -> None:
    global _shipped_loaded
    _shipped_loaded = True
    try:
        table = json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if table.get("lemminflect") != _lemminflect_version():
        return
    for word, forms in table.get("forms", {}).items():
        _cache.setdefault(word, frozenset(forms))


def inflections(word: str) -> frozenset[str]:
    """The forms a lexicon word without a wildcard matches (cached per process)."""
    forms = _cache.get(word)
    if forms is None:
        if not _shipped_loaded:
            _load_shipped()
            forms = _cache.get(word)
        if forms is None:
            forms = _cache[word] = lemminflect_forms(word)
    return forms


def default_lexicon_table() -> dict:
    """What ``data/inflections.json`` should hold, computed now with lemminflect."""
    from .lexicon import default_lexicon

    lexicon = default_lexicon()
    phrases = [p for _c, p in lexicon.entries()] + [p for _c, p in lexicon.exception_entries()]
    words = sorted({word for phrase in phrases for word in phrase.split(" ") if not word.endswith("*")})
    return {
        "lemminflect": _lemminflect_version(),
        "forms": {word: sorted(lemminflect_forms(word)) for word in words},
    }


def write_shipped(path: Path = SHIPPED) -> Path:
    """Regenerate ``data/inflections.json`` from the installed lemminflect."""
    text = json.dumps(default_lexicon_table(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_shipped())
