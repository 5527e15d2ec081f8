"""Canonical speaker names in every table: one name per person, whatever the metadata or the text wrote.

The UN General Debate's metadata names one foreign minister "Sergey Lavrov", "Mr. Sergey
Lavrov", "Sergey V. Lavrov" and "Sergei Lavrov"; KCNA's quotations name one president
"Lee Myung Bak", "Traitor Lee Myung Bak" and "Lee Myung-bak".  :func:`canonical_name`
turns each into one name:

1. courtesy titles in front are dropped ("Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "H.E.",
   "His Excellency", "Her Majesty", "His Royal Highness", ...), as quotation attribution
   already drops them from the names it reads; ranks and offices ("President", "King",
   "Sheikh") stay, since they can be part of how a person is known;
2. the quotation rules of :mod:`researchlib.quotes` follow (a word of abuse in front and a
   trailing collective are dropped: "Traitor Lee Myung Bak Group" -> "Lee Myung Bak");
3. the alias table maps whole names, case-insensitively: the packaged
   ``researchlib/data/speaker_aliases.json`` and any ``aliases=`` a user adds (a mapping,
   or a ``.json`` / ``.csv`` file with ``alias,canonical``), whose entries win;
4. a document's own speaker (its metadata, not a name read from the text) is tidied as
   metadata tends to need: trailing commas, semicolons and colons go ("Choe Su Hon,"), and
   words in capitals are written as a name: every word of a name all in capitals ("YON
   HYONG MUK" -> "Yon Hyong Muk"), in a mixed name only words of five letters or more
   ("Mamadou BAMBA" -> "Mamadou Bamba", "AL-QIRBI" -> "Al-Qirbi"), since a shorter one may
   be an acronym ("DPRK Foreign Ministry"); never Roman numerals ("Mohammed VI") or a
   lone word;
5. names of one corpus's documents that differ only in how they are written are one name:
   in case (the UN writes surnames in capitals in some years: "Abdullah GUL" and "Abdullah
   Gul"), in full stops ("George W. Bush", "George W Bush"), in hyphens ("Ban Ki-moon",
   "Ban Ki Moon") or in the order of their words ("Yoshihide Suga", "Suga Yoshihide").
   The variant kept is a name of the alias table if one of them is; else the one with the
   fewest capital letters, so the capitals of an acronym in a quoted speaker ("DPRK") are
   never lowered unless a document's own speaker spells it so; then the one most documents
   use.  A quoted speaker written as one of the variants becomes the kept one too.

``prepare`` applies it to ``documents.speaker`` (keeping the value as given in
``speaker_raw`` when any name changes) and to every ``speaker`` and ``quote_speaker`` of
the other tables, and records a user's table in the manifest.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..quotes import load_aliases
from ..quotes._aliases import canonical_speaker

__all__ = ["canonical_name", "metadata_name", "speaker_namer", "canonical_speakers", "rename_speakers"]

_COURTESY = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|dr|messrs)\.?\s+|h\.\s?e\.\s*|(?:his|her)\s+(?:royal\s+)?"
    r"(?:excellency|majesty|highness)\s*,?\s+)+",
    re.IGNORECASE,
)

_TRAILING = re.compile(r"[\s,;:]+$")
_CAPS_WORD = re.compile(r"(?<![\w'’])[^\W\d_]{2,}(?:[-'’][^\W\d_]+)*(?![\w'’])")
_ROMAN = re.compile(r"[IVXLC]+")
_VARIANT_SPLIT = re.compile(r"[\s\-‐‑]+")

#: Speaker columns of the per-document tables that :func:`rename_speakers` maps.
SPEAKER_COLUMNS = ("speaker", "quote_speaker")


def canonical_name(name: str, table: Mapping[str, str]) -> str:
    """One speaker name after the courtesy titles, the quotation rules and the alias table.

    Parameters
    ----------
    name : str
        A speaker name as written.
    table : mapping
        ``{alias.lower(): canonical}``, as :func:`researchlib.quotes.load_aliases` returns.

    Returns
    -------
    str
        The canonical name (``name`` with its spaces tidied when no rule applies).

    Examples
    --------
    >>> canonical_name("Mr. Sergey V. Lavrov", load_aliases())
    'Sergei Lavrov'
    """
    tidy = " ".join(str(name).split())
    bare = _COURTESY.sub("", tidy)
    return canonical_speaker(bare or tidy, table)


def metadata_name(name: str) -> str:
    """A document's own speaker tidied (rule 4 of the module docstring), before the other rules.

    Examples
    --------
    >>> metadata_name("Mamadou BAMBA,")
    'Mamadou Bamba'
    """
    tidy = _TRAILING.sub("", " ".join(str(name).split()))
    words = tidy.split()
    if len(words) < 2:
        return tidy

    # A name all in capitals is a name; in a mixed one a short word in capitals may be an
    # acronym ("DPRK Foreign Ministry"), so only words of five letters or more are lowered.
    shortest = 2 if tidy.isupper() else 5

    def title(match: re.Match) -> str:
        word = match.group(0)
        if (not word.isupper() or _ROMAN.fullmatch(word)
                or sum(c.isalpha() for c in word) < shortest):
            return word
        return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), word)

    return _CAPS_WORD.sub(title, tidy)


def speaker_namer(aliases=None, *, names=()) -> Callable[[str], str]:
    """A cached ``name -> canonical name`` function over the alias table with ``aliases`` added.

    ``names`` are the documents' own speakers, one per document: they are tidied as metadata
    (rule 4 of the module docstring), and their variants, and any name written as one of
    them, become one form (rule 5).

    Raises
    ------
    ParameterError
        From :func:`researchlib.quotes.load_aliases` (a bad mapping or file).
    """
    table = load_aliases(aliases)
    listed = set(table.values())
    own: dict[str, str] = {}
    uses: Counter[str] = Counter()
    for name, n in Counter(v for v in names if isinstance(v, str) and v.strip()).items():
        form = own[name] = canonical_name(metadata_name(name), table)
        uses[form] += n
    variants: dict[str, list[str]] = {}
    for form in sorted(uses):
        variants.setdefault(_variant_key(form), []).append(form)
    kept = {key: min(forms, key=lambda f: (f not in listed, sum(c.isupper() for c in f), -uses[f], f))
            for key, forms in variants.items() if len(forms) > 1}
    seen: dict[str, str] = {}

    def name_of(name: str) -> str:
        out = seen.get(name)
        if out is None:
            out = own.get(name) or canonical_name(name, table)
            out = seen[name] = kept.get(_variant_key(out), out) if kept else out
        return out

    return name_of


def canonical_speakers(documents: pd.DataFrame, *, aliases=None) -> pd.DataFrame:
    """Documents whose ``speaker`` is canonical (see the module docstring).

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents table (nothing happens without a ``speaker`` column).
    aliases : mapping, str, pathlib.Path or None, default=None
        Extra ``{alias: canonical}`` entries or a file of them.

    Returns
    -------
    pandas.DataFrame
        A copy with ``speaker`` canonical and, when any name changed, ``speaker_raw``
        (the value as given) right after it; the input itself when no name changes.
    """
    if "speaker" not in documents.columns:
        return documents
    raw = documents["speaker"]
    name_of = speaker_namer(aliases, names=raw)
    names = [name_of(v) if isinstance(v, str) and v.strip() else v for v in raw]
    changed = [a != b for a, b in zip(raw, names) if isinstance(a, str)]
    if not any(changed):
        return documents
    out = documents.copy()
    out["speaker"] = pd.Series(names, index=documents.index, dtype=raw.dtype)
    out.insert(list(out.columns).index("speaker") + 1, "speaker_raw", raw)
    return out


def _variant_key(name: str) -> tuple[str, ...]:
    """What the written forms of one name share (rule 5): its words without case, full stops or hyphens, sorted."""
    return tuple(sorted(w for w in _VARIANT_SPLIT.split(name.casefold().replace(".", " ")) if w))


def rename_speakers(table: pa.Table, name_of: Callable[[str], str]) -> pa.Table:
    """``table`` with its :data:`SPEAKER_COLUMNS` mapped through ``name_of`` (an Arrow table in, one out).

    Each distinct name is mapped once; the table comes back as it was when no name changes.
    """
    for column in SPEAKER_COLUMNS:
        if column not in table.column_names:
            continue
        values = table[column]
        distinct = pc.unique(values)
        names = distinct.to_pylist()
        mapped = [None if v is None else name_of(v) for v in names]
        if mapped == names:
            continue
        new = pc.take(pa.array(mapped, type=distinct.type), pc.index_in(values, value_set=distinct))
        table = table.set_column(table.column_names.index(column), column, new)
    return table
