"""Names: parsing subject phrases, canonical forms within a document, sentence subjects, resolution."""

from __future__ import annotations

import bisect
from functools import lru_cache

from ._aliases import LEADING_DESCRIPTORS, TRAILING_COLLECTIVES, canonical_speaker
from ._gender import GIVEN_NAMES, name_gender, title_genders
from ._grammar import (
    _AUTHOR_ANCHOR_RE,
    _AUTHOR_RE,
    _DOC_NOUNS,
    _EVENT_RE,
    _JOINS,
    _ORG_HEADS,
    _ORG_NOUNS,
    _ORG_WORDS,
    _PERSON_NOUNS,
    _PERSON_PRONOUNS,
    _PHRASE_RE,
    _POSSESSIVE_RE,
    _STOP,
    _SUBJECT_RE,
    _TITLES,
    search_subjects,
)
from ._places import is_place, is_place_word
from ._spans import _Quote
from .cue_verbs import finite_cues

# ---------------------------------------------------------------------------------------------
# Names: parsing subject phrases, canonical forms, sentence subjects
# ---------------------------------------------------------------------------------------------
#: Finite cue verbs: a one-word name before one of them is taken for a person.
_SPEECH_VERBS = frozenset(finite_cues())
_PRONOUN_GENDER = {"he": "m", "his": "m", "she": "f", "her": "f"}
_NOUN_GENDER = {"spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f",
                "congressman": "m", "congresswoman": "f", "man": "m", "woman": "f"}
_NAME_SUFFIXES = frozenset(("jr", "jr.", "sr", "sr.", "ii", "iii", "iv"))
_HONORIFICS = frozenset(("mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "miss"))


def _name_tokens(phrase: str) -> tuple[list[str], bool]:
    """Title-stripped name tokens of a capitalised phrase, and whether a title preceded them."""
    tokens, titled = _name_tokens_cached(phrase)
    return list(tokens), titled


@lru_cache(maxsize=65536)
def _name_tokens_cached(phrase: str) -> tuple[tuple[str, ...], bool]:
    tokens, titled = _parse_name(phrase)
    return tuple(tokens), titled


def _parse_name(phrase: str) -> tuple[list[str], bool]:
    tokens = phrase.split()
    if "of" in tokens[2:]:
        # "George Zornick of The Nation": a person's full name before "of" is the name
        k = tokens.index("of", 2)
        head = [t for t in tokens[:k] if t.lower() not in _STOP]
        if len(head) >= 2 and not any(
            t.lower() in _ORG_WORDS or t.lower() in _TITLES or not t[:1].isupper() for t in head
        ):
            return head, False
    while tokens and (tokens[-1].lower() in _STOP or len(tokens) > 1 and tokens[-1].lower()
                      in _NAME_SUFFIXES):
        tokens.pop()  # "Harry B. Harris Jr." is Harry B. Harris
    if tokens:
        tokens[-1] = _POSSESSIVE_RE.sub("", tokens[-1])
    if len(tokens) > 3 and tokens[-3:-1] in (["of", "south"], ["of", "north"]) and tokens[-1] == "Korea":
        del tokens[-3:]  # KCNA's locator ("Yonhap News of south Korea"), never part of the name
    lead = 0
    while lead < len(tokens) and tokens[lead].lower() in _STOP:
        lead += 1
    if lead + 2 < len(tokens) and tokens[lead + 1] == "of" and (
        tokens[lead].lower() in _ORG_HEADS
    ):
        return tokens[lead:], False  # "the Ministry of Foreign Affairs of Castile": kept whole
    cut, titled, base, owner, role_of = 0, False, 0, -1, -1
    for k, tok in enumerate(tokens):
        low = tok.lower()
        if low in _TITLES and not (k and tokens[k - 1].lower() in _HONORIFICS):
            cut, titled = k + 1, True  # after "Mr." a title word is a surname ("Mr. King")
        elif not tok[:1].isupper():
            if low == "of" and titled and cut == k:
                role_of = k
            if low not in _JOINS or cut == k:
                cut = base = k + 1
        elif low in _STOP:
            cut = base = k + 1
        elif k + 1 < len(tokens) and _POSSESSIVE_RE.search(tok) and (
            _POSSESSIVE_RE.sub("", low) in _ORG_WORDS or k == 0
        ):
            cut = base = k + 1  # a possessor: "Pyongyang's Defence Ministry"
            owner = k
    if cut == len(tokens) >= 2 and tokens[-1].lower() in _SURNAME_TITLES:
        # a title word that ends a run of given names is a surname: "Amy Pope", "Peter T. King"
        j = len(tokens) - 2
        while j >= 0 and _given_name(tokens[j]):
            j -= 1
        if j < len(tokens) - 2:
            return tokens[j + 1:], titled or j >= 0
    name = tokens[cut:]
    if not name and titled and tokens and tokens[-1].lower() in _TITLES:
        return [], True  # a bare role ("the Prime Minister"): resolved like a pronoun
    # a person's name followed by "of <Place>" ("Idris Valko of Varnia", "Maren Solvik of the
    # Federation of Oskar"): the place is not part of the name
    j = name.index("of") if "of" in name[1:-1] else 0
    if (
        j
        and not any(t.lower() in _ORG_WORDS for t in name[:j])
        and (j >= 2 or len(name) - j <= 3 and name[-1].lower() not in _ORG_WORDS)
    ):
        return name[:j], titled
    if role_of >= 0 and cut == role_of + 1 and name and name[-1].lower() not in _ORG_WORDS:
        return [], True  # "<title> of <Place>" ("the Prime Minister of Cape Verde"): a bare role
    if not name or name[-1].lower() in _ORG_WORDS and cut:
        # an organisation ("the Foreign Ministry"): keep the capitalised phrase whole, with its
        # possessor as a plain modifier ("Pyongyang's Defence Ministry" -> "Pyongyang Defence
        # Ministry")
        name, titled = tokens[base:], False
        if owner >= 0 and owner == base - 1:
            name = [_POSSESSIVE_RE.sub("", tokens[owner]), *name]
        while name and (name[0].lower() in _STOP or name[0].lower() in _JOINS):
            name = name[1:]
        if name and not name[-1][:1].isupper():
            return [], False
    return name, titled


#: Title words that are also surnames ("Amy Pope", "Pete King", "Elaine Judge").
_SURNAME_TITLES = frozenset(("king", "pope", "judge", "bishop", "major", "marshal", "prince", "dean"))


def _given_name(token: str) -> bool:
    """Whether a token may be a given name or initial before a surname (capitalised, no title,
    no organisation, place or function word)."""
    low = token.lower()
    return (
        token[:1].isupper()
        and low not in _TITLES
        and low not in _STOP
        and low not in _ORG_WORDS
        and not is_place_word(token)
        and not _POSSESSIVE_RE.search(token)
    )


def _is_person(tokens: list[str], titled: bool) -> bool:
    if not tokens or any(t.lower() in _ORG_WORDS for t in tokens):
        return False
    if is_place_word(tokens[-1]) or is_place(" ".join(tokens)):
        return False  # "Prominent Canadian", "New York": a people or a place
    if any(len(t) > 1 and t.isupper() and "." not in t for t in tokens):
        return titled
    return titled or len(tokens) >= 2


_HEADLINE_MAX = 160  # characters: a longer line is not a headline


def _is_headline(line: str) -> bool:
    """A line of four or more words, most capitalised, not ending in sentence punctuation; or
    four words or more, every long one capitalised, and a period at the end (a title given
    one)."""
    line = line.strip()
    parts = line.split()
    if len(parts) < 4 or line[-1] in "!?:;,\"”’":
        return False
    words = [w for w in parts if w[:1].isalpha() and len(w) > 3]
    capitals = sum(w[:1].isupper() for w in words)
    if line[-1] == ".":
        return bool(words) and capitals == len(words) and sum(w[:1].isalpha() for w in parts) >= 4
    return bool(words) and capitals * 4 >= len(words) * 3


class _Doc:
    """Per-document state: text, canonical-name cache, sentence subjects (built lazily)."""

    def __init__(self, text: str, speaker: str | None, quotes: list[_Quote], aliases=None,
                 aliased: dict | None = None):
        self.text = text
        self.speaker = speaker
        self.aliases = aliases or {}
        self._aliased = {} if aliased is None else aliased
        self._headlines: dict[int, bool] = {}
        self.quotes = quotes
        self._quote_opens = [q.open for q in quotes]
        self._quote_afters = [q.after for q in quotes]
        self._canon: dict[str, tuple[str, bool]] = {}
        self._phrases: dict[str, list[tuple[list[str], bool]]] | None = None
        self._events: list[tuple[int, str, bool]] | None = None
        self._event_pos: list[int] = []
        self._titled_genders: dict[str, str] | None = None
        #: Start of each quotation's sentence window (see ``_attribute._left_window``).
        self.left_windows: dict[int, tuple[int, bool]] = {}
        self.right_windows: dict[int, tuple[int, int]] = {}  # ... and the text after it

    def gender(self, name: str) -> str | None:
        """``"m"``, ``"f"`` or None for a person's canonical name (see ``_gender``)."""
        if self._titled_genders is None:
            self._titled_genders = title_genders(self.text)
        return name_gender(name, self._titled_genders)

    def canonical(self, tokens: list[str], titled: bool) -> tuple[str, bool]:
        """Canonical name and person flag for title-stripped name tokens."""
        while len(tokens) > 1 and tokens[0].lower() in LEADING_DESCRIPTORS:
            tokens, titled = tokens[1:], True  # "Traitor Lee Myung Bak"
        if len(tokens) > 1 and tokens[-1].lower() in TRAILING_COLLECTIVES:
            name, person = self.canonical(tokens[:-1], False)
            if person and " " in name:  # "the Lee group", when the document names Lee in full
                return name, person
        key = " ".join(tokens)
        if titled and len(tokens) == 1 and is_place(key):
            # "Mr. English": the title says a person, so any full name ending so is his
            full = self._full_name(key, any_given=True)
            if full is not None:
                return full, True
        hit = self._canon.get(key)
        if hit is not None:
            return hit[0], hit[1] or titled
        best, best_titled = tokens, titled
        if len(tokens) == 1 and is_place(key):
            # a surname that is also a place or a people ("Israel said", "Cuban said"): the
            # person named in full elsewhere in the document, with a title or a common given
            # name ("Rep. Steve Israel", "Mark Cuban")
            full = self._full_name(key, any_given=False)
            if full is not None:
                result = self._canon[key] = (full, True)
                return result
        if not any(t.lower() in _ORG_WORDS for t in tokens) and not is_place(key):
            for cand, cand_titled in self.phrases().get(tokens[-1], ()):
                if cand == tokens:
                    best_titled = best_titled or cand_titled
                elif len(cand) > len(best) and _contains(cand, tokens):
                    best, best_titled = cand, cand_titled or best_titled
        result = (" ".join(best), _is_person(best, best_titled))
        self._canon[key] = result
        return result[0], result[1] or titled

    def _full_name(self, surname: str, *, any_given: bool) -> str | None:
        """A full name in the document ending in ``surname``: its other words given names or
        initials; with a title or a common given name unless ``any_given``."""
        for cand, cand_titled in self.phrases().get(surname, ()):
            known = any_given or cand_titled or cand[0].lower() in GIVEN_NAMES
            if known and len(cand) >= 2 and cand[-1] == surname and all(
                _given_name(t) for t in cand[:-1]
            ):
                return " ".join(cand)
        return None

    def phrases(self) -> dict[str, list[tuple[list[str], bool]]]:
        """Title-stripped capitalised phrases of the document that could be personal
        names, indexed by each of their tokens (built once per document)."""
        if self._phrases is None:
            index: dict[str, list[tuple[list[str], bool]]] = {}
            seen = set()
            found = [(m.group(), m.start()) for m in _PHRASE_RE.finditer(self.text)]
            if self.speaker:  # the document's speaker metadata names a full name too
                found.append((self.speaker, -1))
            for phrase, pos in found:
                if phrase in seen:
                    continue
                seen.add(phrase)
                cand, titled = _name_tokens(phrase)
                if not cand or any(t.lower() in _ORG_WORDS for t in cand):
                    continue
                if len(cand) > 3 and pos >= 0 and self.in_headline(pos):
                    continue  # a title-cased headline ("Hillary Clinton Flattered Obama")
                for tok in set(cand):
                    index.setdefault(tok, []).append((cand, titled))
            self._phrases = index
        return self._phrases

    def alias(self, name: str) -> str:
        """A speaker name after the alias rules and table (the output form)."""
        out = self._aliased.get(name)
        if out is None:
            out = self._aliased[name] = canonical_speaker(name, self.aliases)
        return out

    def can_speak(self, name: str) -> bool:
        """Whether a canonical name may be a speaker: not a place or people, not a headline."""
        return not is_place(name)

    def in_headline(self, pos: int) -> bool:
        """Whether ``pos`` lies in a headline: a line of four or more words, most of them
        capitalised, without sentence punctuation at its end (each line judged once)."""
        start = self.text.rfind("\n", 0, pos) + 1
        hit = self._headlines.get(start)
        if hit is None:
            end = self.text.find("\n", start)
            end = len(self.text) if end < 0 else end
            hit = self._headlines[start] = end - start <= _HEADLINE_MAX and _is_headline(
                self.text[start:end]
            )
        return hit

    def is_person(self, name: str) -> bool:
        """Whether a canonical name looks like a person's (joint speakers are not one)."""
        if " and " in name:
            return False
        for canon, person in self._canon.values():
            if canon == name and person:
                return True
        return _is_person(name.split(), False)

    def events(self) -> tuple[list[int], list[tuple[int, str, bool, bool]]]:
        """Named subjects outside quotations: positions and (pos, name, person, author, weak).

        ``weak`` subjects (a person's name before any verb) resolve only he, she and person
        nouns, never they, it, a document or an organisation.
        """
        if self._events is None:
            events = self._scan(0, self.quotes[-1].open)
            self._events = events
            self._event_pos = [e[0] for e in events]
        return self._event_pos, self._events

    def _scan(self, lo: int, hi: int, *, strong: bool = False) -> list[tuple[int, str, bool, bool, bool]]:
        """The named subjects of ``text[lo:hi]`` outside quotations, in text order (with
        ``strong``, only the subjects of a verb: no weak ones)."""
        opens, afters = self._quote_opens, self._quote_afters
        events = []
        for regex, group, author in (
            (_EVENT_RE, None, False),
            (_SUBJECT_RE, "s_name", False),
            (_AUTHOR_RE, "a_name", True),
        ):
            if strong and regex is _SUBJECT_RE:
                continue
            weak = regex is _SUBJECT_RE
            if author:
                # an author follows "by" or "from" (no preposition rule for it), its document
                # noun at most 100 characters before: the scan starts there
                anchor = _AUTHOR_ANCHOR_RE.search(self.text, lo, hi)
                if anchor is None:
                    continue
                matches = regex.finditer(self.text, max(lo, anchor.start() - 100), hi)
            else:
                matches = search_subjects(regex, self.text, lo, hi, group or "s_name")
            for m in matches:
                grp = group or ("s_name" if m.group("s_name") is not None else "i_name")
                pos = m.start(grp)
                k = bisect.bisect_right(opens, pos) - 1
                if k >= 0 and pos < afters[k]:
                    continue
                tokens, titled = _name_tokens(m.group(grp))
                if len(tokens) == 1 and tokens[0].endswith("ly") and pos and (
                    self.text[pos - 1] in "\n" or self.text[pos - 2:pos] in (". ", ", ")
                ):
                    continue  # a sentence-initial adverb ("Highly appreciating ...")
                if tokens and not self.in_headline(pos) and not is_place(" ".join(tokens)):
                    name, person = self.canonical(tokens, titled)
                    if not person and regex is _EVENT_RE and len(tokens) == 1 and (
                        m.group().rsplit(None, 1)[-1] in _SPEECH_VERBS
                        and tokens[0].lower() not in _ORG_WORDS
                        and not tokens[0].isupper()
                    ):
                        person = True  # "Hwang abruptly shouted": one who speaks
                    if person or not weak:
                        events.append((pos, name, person, author, weak))
        events.sort()
        return events

    def events_between(self, lo: int, hi: int) -> list[tuple[int, str, bool, bool, bool]]:
        """The named subjects of ``text[lo:hi]`` (see ``events``), scanning only that stretch
        when the document's subjects are not built yet."""
        if self._events is not None:
            positions, events = self._event_pos, self._events
            return events[bisect.bisect_left(positions, lo):bisect.bisect_left(positions, hi)]
        return self._scan(lo, hi)

    def first_person_subject(self, lo: int, hi: int) -> str | None:
        """The first person named as the subject of a verb in ``text[lo:hi]`` (no weak subject),
        scanning only for such subjects when the document's are not built yet."""
        events = self.events_between(lo, hi) if self._events is not None else self._scan(
            lo, hi, strong=True
        )
        return next((e[1] for e in events if e[2] and not e[4]), None)

    def subject_between(self, lo: int, hi: int) -> str | None:
        """The first named subject (a person, or any strong subject) in ``text[lo:hi]``."""
        for e in self.events_between(lo, hi):
            if e[2] or not e[4]:
                return e[1]
        return None

    def resolve(self, word: str, pos: int, local: list[tuple[int, str, bool]]) -> str | None:
        """Resolve a pronoun or role noun at ``pos`` to the most recent fitting subject.

        Candidates are the named subjects of this sentence before ``pos`` (``local``), then
        the speakers of earlier quotations and the named sentence subjects of the document,
        most recent first.
        """
        words = word.lower().split()
        noun = words[-1] if words else ""
        org = next((w for w in words if w in _ORG_NOUNS), None)
        if org is not None:
            def fits(e):
                return org in e[1].lower() or not e[2]
        elif word.lower() in _PERSON_PRONOUNS or noun in _PERSON_NOUNS:
            wanted = _PRONOUN_GENDER.get(word.lower()) or _NOUN_GENDER.get(noun)

            def fits(e):
                # a person, and not one whose gender the text makes clear is the other one
                return e[2] and (wanted is None or self.gender(e[1]) in (None, wanted))
        else:  # they / it / a letter, message or statement: its author, any strong subject
            def fits(e):
                return len(e) < 5 or not e[4]  # this sentence's subjects are 3-tuples
        for e in reversed(local):
            if e[0] < pos and fits(e):
                return e[1]
        positions, events = self.events()
        k = bisect.bisect_left(positions, pos)
        cands = list(events[max(0, k - 50):k])
        j = bisect.bisect_left(self._quote_opens, pos)
        for q in self.quotes[max(0, j - 50):j]:
            if q.speaker and q.subject_pos >= 0:
                cands.append((q.subject_pos, q.speaker, q.subject_person, False, False))
        cands.sort(key=lambda e: e[0])
        if noun in _DOC_NOUNS:
            for e in reversed(cands):
                if e[3]:
                    return e[1]
            if self.speaker:  # "the statement read", in the ministry's own statement
                return self.speaker
            for e in reversed(cands):  # else its author: a named subject, never a place
                if not e[4] and not is_place(e[1]):
                    return e[1]
            return None
        if org is not None:
            for e in reversed(cands):
                if org in e[1].lower() and not e[4]:
                    return e[1]
        for e in reversed(cands):
            if fits(e):
                return e[1]
        return None


def _contains(longer: list[str], tokens: list[str]) -> bool:
    n = len(tokens)
    return any(longer[i:i + n] == tokens for i in range(len(longer) - n + 1))
