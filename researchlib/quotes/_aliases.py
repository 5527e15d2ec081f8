"""Canonical speaker names across documents: rules, then an alias table a user can extend.

Rules (applied to every speaker name): words of abuse or description that state media put before
a name are dropped ("Traitor Lee Myung Bak" -> "Lee Myung Bak"), and so is a trailing collective
after a person's name ("Lee Myung Bak Group" -> "Lee Myung Bak"). Then the alias table maps whole
names, case-insensitively ("Serguei Lavrov" -> "Sergei Lavrov"). The packaged table is
``researchlib/data/speaker_aliases.json``; ``extract_quotes(..., aliases=...)`` adds a mapping or
a file (JSON object, or CSV with the columns ``alias`` and ``canonical``), whose entries win.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .._io import read_alias_file
from ..exceptions import ParameterError

_PACKAGED = Path(__file__).resolve().parents[1] / "data" / "speaker_aliases.json"

#: Words of abuse or description written before a name, dropped from the front of a speaker.
LEADING_DESCRIPTORS = frozenset(
    """traitor traitors traitorous puppet puppets dictator warmonger warmongers fascist stooge
    stooges gangster gangsters villain renegade sycophant flunkey flunkeys lackey lackeys
    confrontation-minded despicable notorious so-called wicked reptile ring-leader ringleader
    hooligan hooligans fellow""".split()
)
#: Collective nouns after a person's name ("the Lee group"): the person speaks for them.
TRAILING_COLLECTIVES = frozenset(("group", "clique", "gang", "regime", "camp", "crew", "ilk"))


def load_aliases(aliases=None) -> dict[str, str]:
    """The packaged alias table updated with ``aliases``, keyed by lower-cased alias.

    Parameters
    ----------
    aliases : mapping, str, pathlib.Path or None, default=None
        Extra ``{alias: canonical}`` entries, or a ``.json`` file holding such an object, or a
        ``.csv`` file with the columns ``alias`` and ``canonical``.

    Returns
    -------
    dict
        ``{alias.lower(): canonical}``.

    Raises
    ------
    ParameterError
        If ``aliases`` is of another type, the file is missing or malformed, or an entry is not a
        pair of non-empty strings.
    """
    table = _read(_PACKAGED) if _PACKAGED.is_file() else {}
    if aliases is None:
        extra = {}
    elif isinstance(aliases, Mapping):
        extra = dict(aliases)
    elif isinstance(aliases, str | Path):
        extra = _read(Path(aliases))
    else:
        raise ParameterError(
            f"aliases must be a mapping, a path to a .json or .csv file, or None; "
            f"got {type(aliases).__name__}"
        )
    out = {}
    for alias, canonical in [*table.items(), *extra.items()]:
        if not (isinstance(alias, str) and isinstance(canonical, str) and alias.strip()
                and canonical.strip()):
            raise ParameterError(
                f"aliases: entry {alias!r} -> {canonical!r} must map a non-empty string to a "
                f"non-empty string"
            )
        out[" ".join(alias.split()).lower()] = " ".join(canonical.split())
    return out


def _read(path: Path) -> dict:
    return read_alias_file(path, argument="aliases")


def canonical_speaker(name: str, table: Mapping[str, str]) -> str:
    """``name`` after the rules and the alias table (see the module docstring)."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in LEADING_DESCRIPTORS:
        words = words[1:]
    if len(words) > 2 and words[-1].lower() in TRAILING_COLLECTIVES:
        words = words[:-1]
    name = " ".join(words)
    return table.get(name.lower(), name)
