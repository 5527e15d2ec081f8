"""Lexicon stage: read framing dictionaries (YAML, LIWC ``.dic``, WordStat ``.cat``) into a Lexicon.

A :class:`Lexicon` maps category names to patterns.  It reads no table and writes
none; :meth:`Lexicon.to_frame` gives its entries as a frame with the columns
``lexicon``, ``category``, ``pattern``, ``description``.

Pattern language
----------------
Every format (YAML, ``.dic``, ``.cat``) uses the same pattern language, applied by
:func:`researchlib.frames.lookup_frames`, with one switch, :attr:`Lexicon.inflect`,
that decides what a word without ``*`` matches (its default follows the format,
see *Which rule applies*):

* **Words are case-insensitive.** Patterns are stored lower-cased, with runs of
  white space collapsed to one space; a typographic apostrophe (’) equals a
  straight one (').  A text word is a run of letters or digits, optionally joined
  by an inner apostrophe or hyphen (``researchlib._text.WORD_RE``), so
  ``mine-clearing`` and ``Korea’s`` are one word each.
* **A word without ``*`` matches that word only** when ``inflect`` is false
  (LIWC's and WordStat's rule): ``taxes`` matches *taxes* (any case), never *tax*.
* **A word without ``*`` matches its own regular inflections** when ``inflect`` is
  true (researchlib's YAML language).  The pattern word is expanded once, with
  lemminflect, forward from the form as written (:mod:`researchlib._inflections`):
  a base form gets its suffixed inflections (``share`` matches *share, shares,
  shared, sharing*; ``ally`` matches *allies, allied*; ``martyr`` matches
  *martyrs, martyr's, martyred*), a noun its possessive in ``'s``; a written
  inflected form matches only itself (``warmest`` never matches *warm*, ``fallen``
  never *fell*, ``enemies`` never *enemy*).  Irregular forms are not added
  (``win`` matches *wins, winning* but not *won*; ``good`` not *better*): list
  them as patterns of their own when they are meant.  Derivations are not
  inflections: ``alliance`` matches *alliances* but never *allies*.  A word
  lemminflect does not know matches only itself.
* **A trailing ``*`` is a prefix glob on the surface word**: ``fratern*``
  matches *fraternal* and *fraternity*; no inflection is added.  A ``*``
  anywhere else, or a bare ``*``, is an error.
* **Several words match consecutive words.**  Between two words only white
  space and quote marks (``_text.QUOTE_CHARS``) may stand; quote marks are
  ignored, any other punctuation (a comma, a dash, a full stop) breaks the match.
  Matching is done per sentence, so a pattern never matches across a sentence end.
* **Overlaps.**  Inside one category overlapping matches count once: the longest
  span wins, then the earliest, then the pattern listed first.  The same span
  may count for several categories.
* **Exception phrases.**  A category may list phrases that are not its frame even
  though a pattern matches inside them, typically proper names: comradeship's
  ``united`` must not count in *United Nations* or *United States*.  Exception
  phrases are written and matched exactly like patterns (same word rule, ``*``,
  consecutive words); a hit of the category whose whole span lies inside a match
  of one of its exception phrases is dropped, and nothing else is.  Exceptions
  are per category, so *United Nations* can still count for a category that
  lists ``nations``.  Capitalisation is deliberately not used to spot names:
  news agencies write headlines in title case (*Kim Jong Il Sends Greetings*) and
  every sentence starts with a capital, so a "capitalised words are names" rule
  would drop true hits; the names to exclude are listed instead.

Which rule applies
------------------
A lexicon read from YAML inflects its words; a LIWC ``.dic`` or WordStat ``.cat``
file matches each word exactly, as LIWC, WordStat and quanteda do, so that a
published dictionary counts what its authors listed (``TAXES`` but not *tax*,
``MEDIA`` but not *medium*).  ``load_lexicon(path, inflect=True/False)`` overrides
the format's rule; the choice is kept on the Lexicon (:attr:`Lexicon.inflect`,
:attr:`Lexicon.matching`, and ``attrs["inflect"]`` of :meth:`Lexicon.to_frame`).
A Lexicon built in code inflects unless given ``inflect=False``.

Formats
-------
YAML
    A mapping ``category: [pattern, ...]``.  A value may itself be a mapping, for
    nested categories whose names are joined with ``"."`` (``war: {sacrifice:
    [...]}`` gives ``war.sacrifice``).  An optional top-level ``_descriptions``
    mapping gives a one-line rationale per (joined) category name, exposed as
    :attr:`Lexicon.descriptions`.  An optional top-level ``_except`` mapping gives
    each (joined) category name a list of exception phrases (see *Exception
    phrases*), exposed as :attr:`Lexicon.exceptions`.
LIWC ``.dic``
    A header between two ``%`` lines of ``id<white space>name`` lines, then one
    ``pattern<TAB>id [id ...]`` line per entry (several ids per line, zero-padded
    ids, spaces instead of tabs, trailing tabs, blank lines, and LF, CRLF or
    CR-only line endings are all accepted).
WordStat ``.cat``
    Categories on their own lines, nested by leading tabs; entries ``TERM (1)``
    one tab deeper than their category.  Nested names are joined with ``"."``;
    an underscore in a term stands for a space (WordStat's phrase notation).

``.dic`` and ``.cat`` files have no notation for exception phrases; pass
``exceptions=`` to :class:`Lexicon` to add them to a lexicon built in code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from .exceptions import LexiconError, ParameterError

__all__ = ["Lexicon", "load_lexicon", "default_lexicon"]

_LINE_SPLIT_RE = re.compile(r"\r\n|\r|\n")
_SPACE_RE = re.compile(r"\s+")
_CAT_ENTRY_RE = re.compile(r"^(?P<term>.*?)\s*\(\s*(?P<weight>[^()]*)\)\s*$")


def normalize_pattern(pattern: str, *, where: str = "pattern") -> str:
    """Lower-case and validate one pattern; ``where`` names it in error messages.

    Raises
    ------
    LexiconError
        If the pattern is empty or has a ``*`` that is not at the end of a word.
    """
    if not isinstance(pattern, str):
        raise LexiconError(f"{where}: pattern {pattern!r} is not a string; patterns are text")
    text = _SPACE_RE.sub(" ", pattern.replace("’", "'")).strip().lower()
    if not text:
        raise LexiconError(f"{where}: empty pattern; a pattern needs at least one word")
    for word in text.split(" "):
        stem = word[:-1] if word.endswith("*") else word
        if "*" in stem or not stem:
            raise LexiconError(
                f"{where}: invalid glob in pattern {pattern!r}: '*' is allowed only at the end "
                "of a word that has at least one other character (e.g. 'fratern*')"
            )
    return text


class Lexicon:
    """A named, read-only mapping of category names to patterns.

    Parameters
    ----------
    name : str
        The lexicon's name (the ``lexicon`` column of frames).
    categories : mapping of str to iterable of str
        Patterns per category, in the pattern language of :mod:`researchlib.lexicon`.
        Patterns are normalised (lower case, single spaces); duplicates inside a
        category are dropped.
    source : str or path, optional
        The file the lexicon came from.
    descriptions : mapping of str to str, optional
        A one-line rationale per category.
    inflect : bool, default=True
        What a pattern word without ``*`` matches: its own regular inflections (True,
        researchlib's YAML language) or that exact word only (False, the rule of
        LIWC ``.dic`` and WordStat ``.cat`` files).  Matching ignores case either way.
    exceptions : mapping of str to iterable of str, optional
        Exception phrases per category (each key a category of ``categories``),
        in the pattern language: a hit lying wholly inside a match of one of its
        category's exception phrases is not a hit (e.g. ``{"unity": ["united
        nations"]}``).

    Raises
    ------
    LexiconError
        If a category name is empty, a pattern or exception phrase is invalid, or
        ``exceptions`` names a category that does not exist.
    ParameterError
        If ``inflect`` is not a bool.

    Examples
    --------
    >>> lex = Lexicon("demo", {"kinship": ["share blood", "brother*"]})
    >>> len(lex), lex.categories(), lex.patterns("kinship")
    (2, ('kinship',), ('share blood', 'brother*'))
    """

    __slots__ = (
        "_name",
        "_categories",
        "_source",
        "_descriptions",
        "_inflect",
        "_exceptions",
        "_compiled",
    )

    def __init__(
        self,
        name: str,
        categories: Mapping[str, Iterable[str]],
        *,
        source: str | Path | None = None,
        descriptions: Mapping[str, str] | None = None,
        inflect: bool = True,
        exceptions: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        if not isinstance(inflect, bool):
            raise ParameterError(
                f"lexicon {name!r}: inflect={inflect!r} is not allowed; use True (any "
                "inflection of a word) or False (the exact word only)"
            )
        cats: dict[str, tuple[str, ...]] = {}
        for category, patterns in categories.items():
            if not isinstance(category, str) or not category.strip():
                raise LexiconError(f"lexicon {name!r}: category name {category!r} is empty")
            seen: dict[str, None] = {}
            for pattern in patterns:
                seen.setdefault(
                    normalize_pattern(pattern, where=f"lexicon {name!r}, category {category!r}")
                )
            cats[category] = tuple(seen)
        self._name = str(name)
        self._categories = MappingProxyType(cats)
        self._source = None if source is None else Path(source)
        desc = {str(k): str(v) for k, v in (descriptions or {}).items()}
        self._descriptions = MappingProxyType(desc)
        self._inflect = inflect
        self._exceptions = MappingProxyType(_exception_phrases(self._name, exceptions, cats))
        self._compiled = None

    @property
    def name(self) -> str:
        """The lexicon's name."""
        return self._name

    @property
    def source(self) -> Path | None:
        """The file the lexicon was read from, or None."""
        return self._source

    @property
    def inflect(self) -> bool:
        """True when a word without ``*`` matches its inflections, False for the exact word."""
        return self._inflect

    @property
    def matching(self) -> str:
        """The word rule in one word, for manifests and tables: ``"inflect"`` or ``"exact"``."""
        return "inflect" if self._inflect else "exact"

    @property
    def descriptions(self) -> Mapping[str, str]:
        """Read-only mapping of category name to its one-line rationale (may be empty)."""
        return self._descriptions

    @property
    def exceptions(self) -> Mapping[str, tuple[str, ...]]:
        """Read-only mapping of category name to its exception phrases (may be empty)."""
        return self._exceptions

    def exception_entries(self) -> list[tuple[str, str]]:
        """All ``(category, exception phrase)`` pairs, in order."""
        return [(c, p) for c, phrases in self._exceptions.items() for p in phrases]

    @property
    def mapping(self) -> Mapping[str, tuple[str, ...]]:
        """Read-only mapping of category name to its tuple of patterns."""
        return self._categories

    def categories(self) -> tuple[str, ...]:
        """Category names, in the order of the source."""
        return tuple(self._categories)

    def patterns(self, category: str) -> tuple[str, ...]:
        """Patterns of one category.

        Raises
        ------
        KeyError
            If ``category`` is not in the lexicon (the message lists the categories).
        """
        try:
            return self._categories[category]
        except KeyError:
            raise KeyError(
                f"category {category!r} is not in lexicon {self._name!r}; "
                f"categories: {', '.join(self._categories)}"
            ) from None

    def entries(self) -> list[tuple[str, str]]:
        """All ``(category, pattern)`` pairs, in order."""
        return [(c, p) for c, pats in self._categories.items() for p in pats]

    def __len__(self) -> int:
        return sum(len(p) for p in self._categories.values())

    def __iter__(self):
        return iter(self._categories)

    def __contains__(self, category: object) -> bool:
        return category in self._categories

    def __repr__(self) -> str:
        return (
            f"Lexicon({self._name!r}, {len(self._categories)} categories, {len(self)} patterns, "
            f"{self.matching} words)"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Lexicon):
            return NotImplemented
        return (
            self._name == other._name
            and self._inflect == other._inflect
            and dict(self._categories) == dict(other._categories)
            and dict(self._exceptions) == dict(other._exceptions)
        )

    def __reduce__(self):
        # Pickle the definition only (for worker processes); the compiled index is rebuilt.
        return (
            _rebuild_lexicon,
            (
                self._name,
                dict(self._categories),
                self._source,
                dict(self._descriptions),
                self._inflect,
                dict(self._exceptions),
            ),
        )

    def __hash__(self) -> int:
        return hash(
            (
                self._name,
                self._inflect,
                tuple(self._categories.items()),
                tuple(self._exceptions.items()),
            )
        )

    def to_frame(self) -> pd.DataFrame:
        """The entries as a frame: ``lexicon``, ``category``, ``pattern``, ``description``.

        ``attrs["inflect"]`` holds :attr:`inflect` (the word rule of every pattern) and
        ``attrs["exceptions"]`` the exception phrases per category (a plain dict).
        """
        rows = self.entries()
        frame = pd.DataFrame(
            {
                "lexicon": [self._name] * len(rows),
                "category": [c for c, _ in rows],
                "pattern": [p for _, p in rows],
                "description": [self._descriptions.get(c) for c, _ in rows],
            }
        )
        frame.attrs["inflect"] = self._inflect
        frame.attrs["exceptions"] = {c: list(p) for c, p in self._exceptions.items()}
        return frame


def _rebuild_lexicon(name, cats, source, descriptions, inflect=True, exceptions=None) -> Lexicon:
    kw = {"source": source, "descriptions": descriptions, "exceptions": exceptions}
    return Lexicon(name, cats, inflect=inflect, **kw)


def _exception_phrases(name: str, exceptions, cats: Mapping[str, tuple[str, ...]]) -> dict:
    """Normalised exception phrases per category, checked against the categories."""
    if exceptions is None:
        return {}
    if not isinstance(exceptions, Mapping):
        raise LexiconError(
            f"lexicon {name!r}: exceptions must map category names to lists of phrases, "
            f"got {type(exceptions).__name__}"
        )
    out: dict[str, tuple[str, ...]] = {}
    for category, phrases in exceptions.items():
        if category not in cats:
            raise LexiconError(
                f"lexicon {name!r}: exceptions name category {category!r}, which does not "
                f"exist; categories: {', '.join(cats)}"
            )
        if isinstance(phrases, str):
            raise LexiconError(
                f"lexicon {name!r}: the exceptions of {category!r} must be a list of phrases, "
                f"got the text {phrases!r}"
            )
        seen: dict[str, None] = {}
        for phrase in phrases:
            where = f"lexicon {name!r}, exceptions of {category!r}"
            seen.setdefault(normalize_pattern(phrase, where=where))
        if seen:
            out[category] = tuple(seen)
    return out


# ---------------------------------------------------------------------------
# Readers


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise LexiconError(f"{path}: cannot read lexicon file ({err.strerror or err})") from err
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text


def _add(cats: dict[str, list[str]], category: str, pattern: str, where: str) -> None:
    cats.setdefault(category, []).append(normalize_pattern(pattern, where=where))


def _read_yaml(path: Path, text: str):
    import yaml

    try:
        # safe_load rejects tags such as !!python/object (it never constructs
        # them); compose then gives the nodes with their line numbers.
        yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise LexiconError(f"{path}{line}: not valid YAML ({err})") from err
    if root is None:
        raise LexiconError(f"{path}: the YAML file is empty; expected category: [patterns]")
    if not isinstance(root, yaml.MappingNode):
        raise LexiconError(
            f"{path}, line {root.start_mark.line + 1}: the top level must be a mapping of "
            "category names to lists of patterns"
        )
    cats: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    exceptions: dict[str, list[str]] = {}

    def key_of(node, prefix: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
            raise LexiconError(
                f"{path}, line {node.start_mark.line + 1}: bad nesting: category name "
                f"under {prefix or 'the top level'!r} must be a non-empty text"
            )
        return node.value.strip()

    def walk(node, prefix: str) -> None:
        seen: set[str] = set()
        for key_node, value in node.value:
            key = key_of(key_node, prefix)
            line = key_node.start_mark.line + 1
            if not prefix and key == "_descriptions":
                if not isinstance(value, yaml.MappingNode):
                    raise LexiconError(
                        f"{path}, line {line}: '_descriptions' must map category names to text"
                    )
                for k, v in value.value:
                    if not isinstance(v, yaml.ScalarNode):
                        raise LexiconError(
                            f"{path}, line {v.start_mark.line + 1}: the description of "
                            f"{k.value!r} must be one line of text"
                        )
                    descriptions[key_of(k, "_descriptions")] = v.value
                continue
            if not prefix and key == "_except":
                _read_yaml_exceptions(path, value, line, key_of, exceptions)
                continue
            name = f"{prefix}.{key}" if prefix else key
            if key in seen:
                raise LexiconError(f"{path}, line {line}: category {name!r} appears twice")
            seen.add(key)
            if isinstance(value, yaml.MappingNode):
                walk(value, name)
            elif isinstance(value, yaml.SequenceNode):
                cats.setdefault(name, [])
                for item in value.value:
                    where = f"{path}, line {item.start_mark.line + 1}"
                    if not isinstance(item, yaml.ScalarNode):
                        raise LexiconError(
                            f"{where}: bad nesting: an item of category {name!r} is a "
                            "list or mapping; items must be patterns (text)"
                        )
                    _add(cats, name, item.value, where)
            else:
                shown = value.value if isinstance(value, yaml.ScalarNode) else value.tag
                raise LexiconError(
                    f"{path}, line {line}: category {name!r} has the value {shown!r}; "
                    "allowed: a list of patterns or a mapping of sub-categories"
                )

    walk(root, "")
    for section, named in (("_descriptions", descriptions), ("_except", exceptions)):
        unknown = sorted(set(named) - set(cats))
        if unknown:
            raise LexiconError(
                f"{path}: {section} names categories that do not exist: {', '.join(unknown)}; "
                f"categories: {', '.join(cats)}"
            )
    return cats, descriptions, exceptions


def _read_yaml_exceptions(path: Path, node, line: int, key_of, exceptions: dict) -> None:
    """The ``_except`` section: category name -> list of exception phrases."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise LexiconError(
            f"{path}, line {line}: '_except' must map category names to lists of phrases"
        )
    for k, v in node.value:
        category = key_of(k, "_except")
        if not isinstance(v, yaml.SequenceNode):
            raise LexiconError(
                f"{path}, line {v.start_mark.line + 1}: the exceptions of {category!r} must "
                "be a list of phrases"
            )
        for item in v.value:
            where = f"{path}, line {item.start_mark.line + 1}"
            if not isinstance(item, yaml.ScalarNode):
                raise LexiconError(
                    f"{where}: an exception of {category!r} is a list or mapping; "
                    "exceptions must be phrases (text)"
                )
            exceptions.setdefault(category, []).append(
                normalize_pattern(item.value, where=where)
            )


def _read_dic(path: Path, text: str):
    lines = _LINE_SPLIT_RE.split(text)
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines) or lines[i].strip() != "%":
        raise LexiconError(
            f"{path}, line {i + 1}: a LIWC .dic file must open with a '%' line, then "
            "'id name' lines, then another '%' line"
        )
    ids: dict[str, str] = {}
    i += 1
    while True:
        if i == len(lines):
            raise LexiconError(f"{path}: the '%' header block is never closed by a '%' line")
        line = lines[i].strip()
        i += 1
        if line == "%":
            break
        if not line:
            continue
        parts = line.split(None, 1)
        if len(parts) != 2:
            raise LexiconError(
                f"{path}, line {i}: header line {line!r} is not 'id<white space>name'"
            )
        key = _dic_id(parts[0])
        if key in ids:
            raise LexiconError(f"{path}, line {i}: category id {parts[0]!r} is defined twice")
        ids[key] = parts[1].strip()
    cats: dict[str, list[str]] = {name: [] for name in ids.values()}
    for lineno in range(i + 1, len(lines) + 1):
        raw = lines[lineno - 1]
        if not raw.strip():
            continue
        where = f"{path}, line {lineno}"
        if "\t" in raw.strip():
            pattern, _, rest = raw.strip().partition("\t")
            codes = rest.split()
        else:
            tokens = raw.split()
            n = len(tokens)
            while n > 0 and tokens[n - 1].isdigit():
                n -= 1
            pattern, codes = " ".join(tokens[:n]), tokens[n:]
        if not pattern.strip():
            raise LexiconError(f"{where}: empty pattern before the category ids {codes}")
        if not codes:
            raise LexiconError(f"{where}: entry {pattern.strip()!r} has no category id")
        for code in codes:
            name = ids.get(_dic_id(code))
            if name is None:
                raise LexiconError(
                    f"{where}: unknown category id {code!r} for {pattern.strip()!r}; "
                    f"the header defines {', '.join(ids) or 'none'}"
                )
            _add(cats, name, pattern, where)
    return cats, {}, {}


def _dic_id(code: str) -> str:
    code = code.strip()
    return str(int(code)) if code.isdigit() else code


def _read_cat(path: Path, text: str):
    cats: dict[str, list[str]] = {}
    stack: list[str] = []
    for lineno, raw in enumerate(_LINE_SPLIT_RE.split(text), start=1):
        if not raw.strip():
            continue
        where = f"{path}, line {lineno}"
        depth = len(raw) - len(raw.lstrip("\t"))
        body = raw.strip()
        entry = _CAT_ENTRY_RE.match(body)
        if entry is None:
            if depth > len(stack):
                raise LexiconError(
                    f"{where}: bad nesting: category {body!r} is indented {depth} tabs but "
                    f"its parent is at most {len(stack) - 1 if stack else 'none'}"
                )
            stack[depth:] = [body]
            cats.setdefault(".".join(stack), [])
            continue
        if depth == 0 or depth > len(stack):
            raise LexiconError(
                f"{where}: bad nesting: entry {body!r} at {depth} tabs has no category one "
                "tab above it"
            )
        del stack[depth:]
        term = entry.group("term").replace("_", " ")
        if not term.strip():
            raise LexiconError(f"{where}: empty pattern in entry {body!r}")
        _add(cats, ".".join(stack), term, where)
    parents = {name.rsplit(".", 1)[0] for name in cats if "." in name}
    cats = {k: v for k, v in cats.items() if v or k not in parents}
    if not cats:
        raise LexiconError(f"{path}: no categories found in the WordStat .cat file")
    return cats, {}, {}


#: Suffix -> (reader, the format's own word rule: True inflects, False matches exactly).
_READERS = {
    ".yaml": (_read_yaml, True),
    ".yml": (_read_yaml, True),
    ".dic": (_read_dic, False),
    ".cat": (_read_cat, False),
}


def load_lexicon(
    path: str | Path, *, name: str | None = None, inflect: bool | None = None
) -> Lexicon:
    """Read a lexicon file: YAML (``.yaml``/``.yml``), LIWC ``.dic`` or WordStat ``.cat``.

    Parameters
    ----------
    path : str or path
        The file.  Its suffix chooses the reader (see the module docstring).
    name : str, optional
        The lexicon's name; default: the file's stem.
    inflect : bool or None, default=None
        What a word without ``*`` matches.  ``None`` follows the format: YAML
        inflects (``share`` also matches *shared*), ``.dic`` and ``.cat`` match
        the exact word only, as LIWC, WordStat and quanteda do.  ``True`` or
        ``False`` overrides that; the choice is :attr:`Lexicon.inflect`.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        If the file cannot be read or has an unknown suffix, or (naming file and line)
        an unknown category id, an empty pattern, bad nesting, a YAML value that is not
        a list, or an invalid glob.
    ParameterError
        If ``inflect`` is not None, True or False.
    """
    if inflect is not None and not isinstance(inflect, bool):
        raise ParameterError(
            f"inflect={inflect!r} is not allowed; use None (the format's rule), True or False"
        )
    path = Path(path)
    found = _READERS.get(path.suffix.lower())
    if found is None:
        raise LexiconError(
            f"{path}: unknown lexicon format {path.suffix!r}; allowed: .yaml, .yml, .dic, .cat"
        )
    reader, format_rule = found
    cats, descriptions, exceptions = reader(path, _read_text(path))
    return Lexicon(
        name or path.stem,
        cats,
        source=path,
        descriptions=descriptions,
        inflect=format_rule if inflect is None else inflect,
        exceptions=exceptions,
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicon of alliance and war rhetoric (``researchlib/data/default_lexicon.yaml``).

    Its categories are kinship_blood, comradeship_unity, war_sacrifice,
    righteousness_victory, hostility_threat and goodwill_greeting; each has a one-line
    rationale in :attr:`Lexicon.descriptions`, and proper names that contain a pattern
    (*United Nations*, *International Court of Justice*) are listed as exception phrases
    (:attr:`Lexicon.exceptions`).  The same object is returned on every call.
    """
    ref = resources.files("researchlib").joinpath("data", "default_lexicon.yaml")
    text = ref.read_text(encoding="utf-8")
    source = Path(str(ref))
    cats, descriptions, exceptions = _read_yaml(source, text)
    return Lexicon(
        "default", cats, source=source, descriptions=descriptions, exceptions=exceptions
    )
