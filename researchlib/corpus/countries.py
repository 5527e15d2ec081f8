"""Canonical country names: the documents' ``country`` spellings in; one name per country out.

A country is spelt many ways in real metadata (the UN General Debate's North Korea is
"North Korea", "Democratic People's Republic of Korea", "Korea, Democratic People's
Republic of", "People's Republic of Korea", ...).  The packaged table
``researchlib/data/country_aliases.json`` gives each country one ``name``, its ISO 3166-1
alpha-3 code and the spellings that mean it; ``aliases=`` (a mapping, or a ``.json`` /
``.csv`` file with the columns ``alias`` and ``canonical``) adds entries, which win.

Spellings are compared after :func:`country_key` (case, curly apostrophes, a leading
"the", repeated spaces and trailing punctuation do not count); anything else must match
exactly, so an unknown spelling is kept as written.  Where the documents carry an ISO
code (an ``iso3`` column, as the UN corpus does), the code decides, since it is the more
reliable of the two.

Reads ``documents.country`` and an ISO code column when present (``iso3``,
``iso_code``, ``country_code``); writes ``country`` (canonical) and ``country_raw``
(the value as given).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .._io import read_alias_file
from ..exceptions import ParameterError

__all__ = ["CODE_COLUMNS", "country_key", "load_country_aliases", "canonical_countries",
           "canonical_country"]

_PACKAGED = Path(__file__).resolve().parents[1] / "data" / "country_aliases.json"

#: Columns of ``documents`` read as ISO 3166-1 alpha-3 codes, in this order of preference.
CODE_COLUMNS = ("iso3", "iso_code", "country_code")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def country_key(value) -> str:
    """The form two spellings are compared in: lower case, straight apostrophes, no leading "the"."""
    text = " ".join(str(value).translate(_APOSTROPHES).split()).strip(" ,;.").casefold()
    if text.startswith("the "):
        text = text[4:]
    return text


def load_country_aliases(aliases=None) -> dict[str, str]:
    """The packaged country table updated with ``aliases``: ``{country_key(spelling): name}``.

    Parameters
    ----------
    aliases : mapping, str, pathlib.Path or None, default=None
        Extra ``{spelling: canonical}`` entries (an ISO code is a spelling too), or a
        ``.json`` file holding such an object, or a ``.csv`` file with the columns
        ``alias`` and ``canonical``.  They win over the packaged entries; a canonical name
        that is itself a key of ``aliases`` is followed once (``{"North Korea": "DPRK"}``
        renames the packaged name).

    Returns
    -------
    dict
        Every spelling's key (including each name's own and its ISO code's) -> canonical name.

    Raises
    ------
    ParameterError
        ``aliases`` of another type, a missing or malformed file, or an entry that does
        not map a non-empty string to a non-empty string.
    """
    packaged = json.loads(_PACKAGED.read_text(encoding="utf-8"))["countries"]
    table: dict[str, str] = {}
    for entry in packaged:
        for spelling in [entry["name"], entry["iso3"], *entry["aliases"]]:
            table[country_key(spelling)] = entry["name"]
    extra = _extra(aliases)
    for alias, canonical in extra.items():
        if not (isinstance(alias, str) and isinstance(canonical, str) and alias.strip()
                and canonical.strip()):
            raise ParameterError(
                f"country_aliases: entry {alias!r} -> {canonical!r} must map a non-empty string "
                "to a non-empty string"
            )
    renamed = {country_key(a): " ".join(c.split()) for a, c in extra.items()}
    for key, name in table.items():
        table[key] = renamed.get(country_key(name), name)
    table.update(renamed)
    return table


def _extra(aliases) -> dict:
    if aliases is None:
        return {}
    if isinstance(aliases, Mapping):
        return dict(aliases)
    if not isinstance(aliases, str | Path):
        raise ParameterError(
            "country_aliases must be a mapping, a path to a .json or .csv file, or None; "
            f"got {type(aliases).__name__}"
        )
    return read_alias_file(aliases, argument="country_aliases")


def canonical_country(value, table: Mapping[str, str]):
    """``value``'s canonical name under ``table`` (from :func:`load_country_aliases`), else as written."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    return table.get(country_key(text), text)


def canonical_countries(documents: pd.DataFrame, *, aliases=None) -> pd.DataFrame:
    """Documents with one name per country: ``country`` canonical, ``country_raw`` as given.

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents table; nothing happens without a ``country`` column or an ISO code
        column (:data:`CODE_COLUMNS`).
    aliases : mapping, str, pathlib.Path or None, default=None
        Extra entries (see :func:`load_country_aliases`).

    Returns
    -------
    pandas.DataFrame
        A copy with ``country`` (the canonical name: from the ISO code where the
        documents have one the table knows, else from the spelling, else the spelling
        with its spaces tidied; NA where neither is known) and ``country_raw`` (the
        ``country`` given, NA where none; placed right after ``country``).  The input
        unchanged when it has neither column.

    Raises
    ------
    ParameterError
        From :func:`load_country_aliases`.
    """
    code_column = next((c for c in CODE_COLUMNS if c in documents.columns), None)
    if "country" not in documents.columns and code_column is None:
        return documents
    table = load_country_aliases(aliases)
    raw = (documents["country"] if "country" in documents.columns
           else pd.Series(pd.NA, index=documents.index, dtype="string"))
    names = [canonical_country(v, table) for v in raw]
    if code_column is not None:
        for i, code in enumerate(documents[code_column]):
            if isinstance(code, str) and country_key(code) in table:
                names[i] = table[country_key(code)]
    out = documents.copy()
    raw = raw.astype("string").where(raw.notna(), pd.NA)
    country = pd.Series(names, index=documents.index, dtype="string")
    if "country" in out.columns:
        position = list(out.columns).index("country")
        out = out.drop(columns=["country"] + (["country_raw"] if "country_raw" in out.columns else []))
    else:
        position = len(out.columns)
    out.insert(position, "country", country)
    out.insert(position + 1, "country_raw", raw)
    return out
