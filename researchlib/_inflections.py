"""Inflections of lexicon words, with the default lexicon's shipped precomputed.

In a lexicon that inflects (YAML lexicons, unless loaded with ``inflect=False``),
a word without a wildcard matches itself plus every inflection of every lemma
lemminflect knows for it (see :mod:`researchlib.lexicon`); ``.dic`` and ``.cat``
lexicons match the exact word and never ask for these forms.  Loading
lemminflect's tables costs about half a second per process, which every
``prepare`` worker and every notebook kernel would pay for the default lexicon
alone.  ``data/inflections.json`` holds those forms for the default lexicon's
words, computed with the lemminflect version it names; it is used only when that
same version is installed, and any other word is asked of lemminflect itself.

After editing ``data/default_lexicon.yaml`` or upgrading lemminflect, regenerate it
with ``python -m researchlib._inflections`` (a test fails until it is current).
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "data" / "inflections.json"

_cache: dict[str, frozenset[str]] = {}
_shipped_loaded = False


def lemminflect_forms(word: str) -> frozenset[str]:
    """The word plus every inflection of each of its lemmas, lower case, from lemminflect."""
    from lemminflect import getAllInflections, getAllLemmas

    found = {word}
    for lemmas in getAllLemmas(word).values():
        for lemma in lemmas:
            found.add(lemma.lower())
            for inflected in getAllInflections(lemma).values():
                found.update(f.lower() for f in inflected)
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

    words = sorted(
        {
            word
            for _category, pattern in default_lexicon().entries()
            for word in pattern.split(" ")
            if not word.endswith("*")
        }
    )
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
