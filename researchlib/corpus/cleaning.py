"""Cleaning: one document's raw text -> the cleaned text every offset in researchlib refers to.

:func:`clean_text` is the reference (Python); its per-character steps 1-2 and 5
and the bytes of the near-duplicate key also run in C where the extension was
built (:mod:`researchlib._compiled`), with identical results.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .._compiled import compiled
from .._text import WORD_RE
from ..exceptions import ParameterError

__all__ = ["clean_text", "clean_document", "check_repairs", "near_key", "REPAIRS", "REPAIR_MODES"]

# C0/C1 controls except \t \n \v \f \r and NEL; zero-width and bidi format characters,
# the soft hyphen, the BOM and U+FFFE/U+FFFF non-characters.
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufffe\uffff]+"
)
_LINE_BREAK_RE = re.compile("\r\n|[\r\x0b\x1c-\x1e\x85\u2028]")
# Any character that steps 1-2 of clean_text would change (most texts have none).
_RARE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f"
    "\u205f-\u2064\u2066-\u206f\u3000\ufeff\ufffe\uffff\t]"
)
_PARA_SEP_RE = re.compile("[\x0c\u2029]")
_SPACE_CHARS_RE = re.compile("[\t\x1f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# KCNA scrape joins: two or more commas separated only by whitespace stand for a paragraph break.
_SCRAPE_JOIN_RE = re.compile(r",(?:[ \n]*,)+[ \n]*")
# ...but only in a document that shows that damage: a comma run right after a sentence's end
# (`"., ,  Next"`) or closing the text (`", , , ,"`). Ordinary text ("issue,,,,it is") has neither.
_SCRAPE_SIGNATURE_RE = re.compile(r"[.!?:;][\"”’)]?[ \n]*,[ \n]*,|,[ \n]*,[ \n]*\Z")

#: Source-specific repairs, by the name recorded in the documents table's ``repairs`` column.
REPAIRS = ("scrape_joins",)
#: When source-specific repairs apply: where the text shows the damage, always, or never.
REPAIR_MODES = ("auto", "all", "none")
# A word broken at a line end: "sol-\ndiers", "Secretary-\nGeneral" (the head is found
# by looking back from the hyphen, which keeps the scan fast).
_HYPHEN_BREAK_RE = re.compile(r"-[ ]*\n[ ]*([^\W_]+)")
_HEAD_RE = re.compile(r"[^\W\d_]+$")
_SPACES_RE = re.compile(r" {2,}")
#: Mean characters per line above which a text is one paragraph per line, not hard-wrapped.
_WRAPPED_LINE_LENGTH = 100


class _HyphenRepair:
    """``re.sub`` callback for :data:`_HYPHEN_BREAK_RE` (see :func:`clean_text`, step 4)."""

    #: Above this length, spellings are looked up in a word set rather than by substring search.
    LARGE = 200_000

    def __init__(self, text: str):
        self.text = text
        self.words = None
        if len(text) > self.LARGE:
            self.words = set(WORD_RE.findall(text.lower()))

    def _occurs(self, word: str) -> bool:
        if self.words is None:
            return word in self.text
        return word.lower() in self.words

    def __call__(self, match: re.Match) -> str:
        text, start, tail = self.text, match.start(), match.group(1)
        head = _HEAD_RE.search(text, max(0, start - 64), start)
        if head is None or not tail[0].islower():
            return f"-{tail}"  # "Secretary-\nGeneral", "2011-\n12", "COVID-\n19"
        joined, hyphenated = head.group() + tail, f"{head.group()}-{tail}"
        if self._occurs(hyphenated) and not self._occurs(joined):
            return f"-{tail}"  # the compound is spelled with a hyphen elsewhere
        return tail


def check_repairs(repairs: str, *, argument: str = "repairs") -> str:
    """``repairs`` checked against :data:`REPAIR_MODES`."""
    if repairs not in REPAIR_MODES:
        raise ParameterError(f"{argument}={repairs!r}: allowed values are {list(REPAIR_MODES)}")
    return repairs


def clean_text(text: str, *, repairs: str = "auto") -> str:
    """Clean one document's text; every offset in researchlib refers to this output.

    Steps, in order:

    1. remove control characters (keeping line breaks and tabs), zero-width and
       bidirectional format characters, soft hyphens and byte-order marks;
    2. line breaks: CRLF, CR, NEL, VT and U+2028 become ``\\n``; form feed and
       U+2029 become a paragraph break; tabs and Unicode spaces become a space;
    3. KCNA's scrape joins (``"., ,  Next"``, trailing ``", , , ,"``): two or more
       commas separated only by whitespace become a paragraph break -- a repair for
       one source's damage, so with ``repairs="auto"`` it applies only to a text that
       shows that damage (a comma run right after a sentence's end or closing the
       text), never to ordinary text such as ``"issue,,,,it is"``;
    4. line-end hyphenation: ``"sol-\\ndiers"`` -> ``"soldiers"``; the hyphen is
       kept when the second half does not start with a lowercase letter
       (``"Secretary-\\nGeneral"``) or when the hyphenated compound occurs
       elsewhere in the text and the joined form does not (``"mine-\\nclearing"``);
    5. paragraphs: a blank line separates paragraphs (runs of blank lines become
       one); an indented line starts a paragraph; in a text whose lines average
       more than 100 characters (one paragraph per line, like the seed article)
       every line break is a paragraph break; otherwise the text is hard-wrapped
       and a single line break becomes a space;
    6. runs of spaces become one space; the text is stripped; NFC normalisation.

    Curly quotes, dashes and apostrophes are kept as they are (``_text.QUOTE_CHARS``
    lists the quote marks every stage understands). The result has no ``\\r``, no
    tabs, no trailing spaces, and paragraphs separated by exactly ``"\\n\\n"``;
    cleaning is idempotent: ``clean_text(clean_text(x)) == clean_text(x)``.

    Parameters
    ----------
    text : str
        Raw document text.
    repairs : {"auto", "all", "none"}, default="auto"
        Source-specific repairs (step 3): where the text shows that source's damage,
        always, or never.

    Returns
    -------
    str
        The cleaned text.

    Raises
    ------
    ParameterError
        An unknown ``repairs`` mode.

    Examples
    --------
    >>> clean_text("The sol-\\ndiers were\\nthere., , Next, ,  para")
    'The soldiers were there.\\n\\nNext\\n\\npara'
    >>> clean_text("a big issue,,,,it is")
    'a big issue,,,,it is'
    """
    return clean_document(text, repairs=repairs)[0]


def clean_document(text: str, *, repairs: str = "auto") -> tuple[str, tuple[str, ...]]:
    """:func:`clean_text`, and the names of the source-specific repairs it applied.

    Returns
    -------
    tuple
        ``(cleaned text, repairs applied)``, the second a tuple of names from :data:`REPAIRS`.
    """
    if not isinstance(text, str):
        raise TypeError(f"clean_text expects a str, got {type(text).__name__}")
    check_repairs(repairs)
    applied: tuple[str, ...] = ()
    text = _clean_chars(text)
    if "," in text and repairs != "none" and _SCRAPE_JOIN_RE.search(text) is not None:
        if repairs == "all" or _SCRAPE_SIGNATURE_RE.search(text) is not None:
            text = _SCRAPE_JOIN_RE.sub("\n\n", text)
            applied = ("scrape_joins",)
    if "\n" in text:
        if "-" in text:
            text = _HYPHEN_BREAK_RE.sub(_HyphenRepair(text), text)
        text = _paragraphs(text)
    if "  " in text:
        text = _SPACES_RE.sub(" ", text)
    text = text.strip(" \n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text, applied


def _clean_chars_py(text: str) -> str:
    """Steps 1-2 of :func:`clean_text` (the reference for ``_speedups.clean_chars``)."""
    if _RARE_RE.search(text) is not None:  # one scan decides whether steps 1-2 have work
        text = _INVISIBLE_RE.sub("", text)
        text = _LINE_BREAK_RE.sub("\n", text)
        text = _PARA_SEP_RE.sub("\n\n", text)
        text = _SPACE_CHARS_RE.sub(" ", text)
    return text


def _paragraphs_py(text: str) -> str:
    """Step 5 of :func:`clean_text`: paragraphs joined by ``"\\n\\n"``, no single line breaks.

    A blank line (spaces only) ends a paragraph; a line indented with spaces starts
    one; lines inside a paragraph are joined with a space, or each is its own
    paragraph when the text's lines average more than ``_WRAPPED_LINE_LENGTH``
    characters (one paragraph per line rather than hard-wrapped).
    """
    paragraphs: list[list[str]] = []
    current: list[str] | None = None
    gap = False
    for i, line in enumerate(text.split("\n")):
        stripped = line.strip(" ")
        if not stripped:
            gap = True
            continue
        if current is None or gap or (i and line[0] == " "):
            current = [stripped]
            paragraphs.append(current)
        else:
            current.append(stripped)
        gap = False
    n_joins = sum(len(p) for p in paragraphs) - len(paragraphs)
    n_chars = sum(len(line) for p in paragraphs for line in p) + n_joins
    n_chars += 2 * max(len(paragraphs) - 1, 0)
    if n_chars / (n_joins + 1) > _WRAPPED_LINE_LENGTH:
        return "\n\n".join(line for p in paragraphs for line in p)
    return "\n\n".join(" ".join(p) for p in paragraphs)


# Steps 1-2 and 5 in C (researchlib/_speedups.c) where the extension was built; the Python
# functions above are the reference, and the path taken without a compiler or with
# RESEARCHLIB_PURE_PYTHON=1.
_clean_chars = compiled("clean_chars") or _clean_chars_py
_paragraphs = compiled("paragraphs") or _paragraphs_py
_compiled_near_key_data = compiled("near_key_data")


_NEAR_STRIP = "“”„‟«»‘’‚‛–—―…·•"
_NEAR_DELETE = (
    bytes(range(0, 48)) + bytes(range(58, 65)) + bytes(range(91, 97)) + bytes(range(123, 128))
)


def _near_key_data_py(text: str) -> bytes:
    """What :func:`_near_key` hashes: the lower-cased text without punctuation or spaces."""
    lowered = text.lower()
    for char in _NEAR_STRIP:
        if char in lowered:
            lowered = lowered.replace(char, "")
    return lowered.encode("utf-8").translate(None, _NEAR_DELETE)


def near_key(text: str) -> bytes:
    """Key under which near-duplicates agree: see :func:`load_corpus`."""
    data = None if _compiled_near_key_data is None else _compiled_near_key_data(text)
    if data is None:
        data = _near_key_data_py(text)
    return hashlib.blake2b(data, digest_size=16).digest()

