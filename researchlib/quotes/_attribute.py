"""Attribution: the speaker and cue of each quotation, from the words around it."""

from __future__ import annotations

import bisect
import re

from ._grammar import (
    _ANY_CAP_CUE_RE,
    _ANY_CUE_RE,
    _APPOS_END_CUE_RE,
    _APPOS_OPEN_RE,
    _APPOS_REACH,
    _AS_TAIL_RE,
    _DOC_NOUNS,
    _ENDS_SENTENCE_RE,
    _FIRST_PERSON,
    _JOINS,
    _LEFT_ACCORDING_RE,
    _LEFT_AND_CUE_RE,
    _LEFT_CUE_RE,
    _LEFT_INVERTED_RE,
    _LEFT_MID_INVERTED_RE,
    _LEFT_PARTICIPLE_RE,
    _LEFT_POSS_GERUND_RE,
    _LEFT_WHO_CUE_RE,
    _LEFT_WORDS_RE,
    _NAME_RE,
    _ORG_NOUN_SET,
    _ORG_WORDS,
    _PERSON_NOUNS,
    _POSSESSIVE_RE,
    _RIGHT_ACCORDING_RE,
    _RIGHT_CUE_RE,
    _RIGHT_DESC_CUE_RE,
    _RIGHT_INVERTED_RE,
    _RIGHT_LATE_CUE_RE,
    _RIGHT_LATE_INVERTED_RE,
    _RIGHT_QUOTED_AS_RE,
    _RIGHT_SHORT_TAIL_RE,
    _RIGHT_TAIL_OK_RE,
    _SENT_END_RE,
    _STOP,
    _SUBJECT_REACH,
    _WINDOW,
    after_preposition,
    search_subjects,
)
from ._kinds import _speech_like
from ._names import _Doc, _is_person, _name_tokens
from ._places import is_place
from ._spans import _HAS_WORD_RE

#: An indefinite determiner and lower-case modifiers just before a bare title ("one senior Democrat").
_INDEFINITE_BEFORE_RE = re.compile(
    r"(?<![\w’'])(?P<desc>(?:[Aa]n?|[Oo]ne|[Aa]nother)[^\S\n]+(?:[a-z][\w\-]*[^\S\n]+){0,3})$"
)
#: A name right before a colon that introduces a quotation, at the end of the text before it.
_NAME_BEFORE_COLON_RE = re.compile(rf"(?<![\w’'])(?P<name>{_NAME_RE.pattern})[^\S\n]*:[^\S\n]*$")
#: After a role phrase, a short phrase then a person's name set off by commas ("said his best
#: friend at college, Tom Reed, who ...").
_ROLE_APPOS_RE = re.compile(
    rf"[^,.;\n“”\"]{{0,60}},[^\S\n]*(?P<name>{_NAME_RE.pattern})(?=[^\S\n]*[,.;]|[^\S\n]+who\b)"
)
#: A dash and a name opening the line after a quotation: its signature ("- Ada Brook.").
_SIGNED_RE = re.compile(
    rf"[^\S\n]*\n\s*[-—–][^\S\n]*(?P<name>{_NAME_RE.pattern})(?=[^\S\n]*(?:[,.]|\n|$))"
)
#: He, she or they opening a sentence (after any space).
_PRONOUN_OPENS_RE = re.compile(r"\s*(He|She|They)\b")
#: What may stand before a name that labels a quotation: nothing in its sentence, or a dash.
_LABEL_LEAD_RE = re.compile(r"\s*|.*[^\S\n][-—–][^\S\n]*")
#: A dash and a name labelling the quotation after it, past any cue of the sentence: "Pollsters
#: agree - Ada Brook: “...”".
_DASH_LABEL_RE = re.compile(rf"[^\S\n][-—–][^\S\n]*{_NAME_RE.pattern}[^\S\n]*:\s*$")
_MARK_IN_RE = re.compile(r"[\"“”„‟«»]")


# ---------------------------------------------------------------------------------------------
# Attribution of one quotation
# ---------------------------------------------------------------------------------------------
def _sentence_subject(doc: _Doc, lo: int, hi: int, *, person_only: bool = False) -> str | None:
    """The person whose name opens the sentence at ``lo`` (before ``hi``), else (unless
    ``person_only``) a named subject of the sentence."""
    text = doc.text
    start = lo + len(text[lo:hi]) - len(text[lo:hi].lstrip())
    m = _NAME_RE.match(text, start, hi)
    if m is not None:
        tokens, titled = _name_tokens(m.group())
        if tokens and _is_person(tokens, titled) and (
            not person_only or text.startswith(",", m.end())
        ):
            return doc.canonical(tokens, titled)[0]
    return None if person_only else doc.subject_between(lo, hi)


def _left_window(doc: _Doc, k: int) -> tuple[int, bool]:
    """Start of the text before quote ``k`` in its sentence, and whether it shares the
    sentence with the previous quotation (worked out once per quotation)."""
    found = doc.left_windows.get(k)
    if found is None:
        found = doc.left_windows[k] = _find_left_window(doc, k)
    return found


def _find_left_window(doc: _Doc, k: int) -> tuple[int, bool]:
    q = doc.quotes[k]
    lo = max(0, q.open - _WINDOW)
    prev = doc.quotes[k - 1] if k else None
    same_as_prev = False
    if prev is not None and prev.after > lo:
        lo = prev.after
        same_as_prev = prev.closed and not _ENDS_SENTENCE_RE.search(doc.text, prev.start, prev.end)
    last = _last_sentence_end(doc.text, lo, q.open)
    if last is not None and last.end() == q.open and last.start() > lo and (
        doc.text[last.start() - 1] in ":;"  # KCNA sometimes writes "said;"
    ):
        # "..., he explained:\n\n“...": the introducing sentence ends in a colon right before
        # the quotation (a line break between them) and still attributes it
        same_as_prev = False
        last = _last_sentence_end(doc.text, lo, last.start())
    if last is not None:
        return last.end(), False
    return lo, same_as_prev


def _last_sentence_end(text: str, lo: int, hi: int) -> re.Match | None:
    last = None
    for last in _SENT_END_RE.finditer(text, lo, hi):  # noqa: B007 - keep the last
        pass
    return last


def _right_window(doc: _Doc, k: int) -> tuple[int, int]:
    """The text after quote ``k`` up to the end of its sentence (worked out once)."""
    found = doc.right_windows.get(k)
    if found is None:
        found = doc.right_windows[k] = _find_right_window(doc, k)
    return found


def _find_right_window(doc: _Doc, k: int) -> tuple[int, int]:
    q = doc.quotes[k]
    if not q.closed:
        return q.after, q.after
    hi = min(len(doc.text), q.after + 300)
    if k + 1 < len(doc.quotes):
        hi = min(hi, doc.quotes[k + 1].open)
    newline = doc.text.find("\n", q.after, hi)
    if newline >= 0:
        hi = newline
    end = _SENT_END_RE.search(doc.text, q.after, hi)
    return q.after, (end.start() + 1 if end else hi)


def _speaker_of(doc: _Doc, m: re.Match, tag: str, local: list) -> tuple[str | None, int, bool, str]:
    """Speaker named by a subject group of match ``m``: (name, position, is_named, rule).

    ``rule`` is ``cue`` (a name beside the cue), ``pronoun`` (a pronoun or role noun resolved)
    or ``document`` (a first-person subject: the document's speaker).
    """
    groups = m.groupdict()
    name = groups.get(f"{tag}_name")
    if name is not None and " and " in name:
        joint = _joint_speaker(doc, name, m.start(f"{tag}_name"))
        if joint is not None:
            return joint, m.start(f"{tag}_name"), True, "cue"
        name = re.split(r"\s+and\s+", name)[-1]  # as before: the name nearest the cue
    if name is not None:
        tokens, titled = _name_tokens(name)
        if tokens and not _is_person(tokens, titled):
            appos = (groups.get("appos") or "").strip(", ")
            if appos and _NAME_RE.fullmatch(appos):
                # "the director of the Federal Bureau, Tom Reed, said": the person in apposition
                a_tokens, a_titled = _name_tokens(appos)
                if len(a_tokens) >= 2 and _is_person(a_tokens, a_titled):
                    return _named(doc, a_tokens, a_titled, m.start("appos") + 2)
        if tokens:
            return _named(doc, tokens, titled, m.start(f"{tag}_name"))
        if titled:  # a bare role such as "the Prime Minister"
            appos = (m.groupdict().get("appos") or "").strip(", ")
            if appos and _NAME_RE.fullmatch(appos):
                # "the Prime Minister of Cape Verde, Mr. José Maria Neves, said"
                tokens, titled = _name_tokens(appos)
                if tokens and _is_person(tokens, titled):
                    return _named(doc, tokens, titled, m.start("appos") + 2)
            words = name.split()
            while words and words[0].lower() in _STOP:
                words = words[1:]
            if "of" in words:  # "the Emir of Qatar": the role names the speaker
                return " ".join(words), m.start(f"{tag}_name"), True, "cue"
            start = m.start(f"{tag}_name")
            lead = _INDEFINITE_BEFORE_RE.search(doc.text, max(0, start - 40), start)
            if lead is not None or name.split()[0].lower() in ("a", "an"):
                # "said an Iowa Democrat", "one senior Republican said": someone new, unnamed,
                # never an earlier person; the description is all the text gives
                desc = " ".join([*(lead.group("desc").split() if lead else []), *name.split()])
                desc = re.sub(r"^(?:an?|one|another)\s+", "", desc, flags=re.I)
                return desc, start, True, "cue"
            return doc.resolve("he", m.start(), local), -1, False, "pronoun"
        return None, -1, False, "none"
    role = groups.get(f"{tag}_role")
    first = (role or groups.get(f"{tag}_pron") or "").split()
    if first and first[0].lower() in _FIRST_PERSON:
        return doc.speaker, -1, False, "document"  # "I said", "my delegation believes": the document's speaker
    if role is not None:
        appos = (groups.get("appos") or "").strip(", ")
        if appos and _NAME_RE.fullmatch(appos):
            # "Sanders's campaign manager, Jeff Weaver, said": the apposition names the person
            tokens, titled = _name_tokens(appos)
            if tokens and _is_person(tokens, True):
                return _named(doc, tokens, True, m.start("appos") + 2)
        org = _org_phrase(role)
        if org is not None:
            return _named(doc, org, False, m.start(f"{tag}_role"))
        tokens, titled = _name_tokens(" ".join(t for t in role.split() if t[:1].isupper()))
        noun = role.split()[-1].lower()
        if tokens and not (
            noun in _PERSON_NOUNS
            and (all(t.lower() in _ORG_WORDS for t in tokens) or is_place(" ".join(tokens)))
        ):  # "the New Jersey governor": a role, resolved like a pronoun
            return _named(doc, tokens, titled, m.start(f"{tag}_role"))
        words = role.split()
        if words[0].lower() in ("a", "an") and noun in _PERSON_NOUNS and not any(
            w[:1].isupper() or w.lower() in _ORG_NOUN_SET for w in words[1:]
        ):
            # "said a longtime adviser": someone new and unnamed, never an earlier person ("a
            # ministry spokesman" still speaks for the ministry)
            return " ".join(words[1:]), m.start(f"{tag}_role"), True, "cue"
        return doc.resolve(" ".join(words[1:]), m.start(), local), -1, False, "pronoun"
    pron = groups.get(f"{tag}_pron")
    return doc.resolve(pron, m.start(), local), -1, False, "pronoun"


def _third_person(m: re.Match) -> bool:
    """Whether cue match ``m`` has he, she or they for its speaker."""
    pron = m.groupdict().get("s_pron")
    return pron is not None and pron.lower() in ("he", "she", "they")


def _has_possessor(segment: str) -> bool:
    """Whether ``segment`` holds a possessive (his, her, their, 's): the cheap test before the
    possessor-and-gerund cue regex."""
    return any(w in segment for w in ("his ", "her ", "their ", "’s ", "'s ", "His ", "Her ", "Their "))


def _joint_speaker(doc: _Doc, name: str, pos: int) -> str | None:
    """"Ada Brook and Tom Reed" as one joint speaker, when both names may speak (no place)."""
    parts = []
    for part in re.split(r"\s+and\s+", name):
        tokens, titled = _name_tokens(part)
        if not tokens:
            return None
        who = _named(doc, tokens, titled, pos)[0]
        if who is None:
            return None
        parts.append(who)
    return " and ".join(parts)


def _named(doc: _Doc, tokens: list[str], titled: bool, pos: int) -> tuple[str | None, int, bool, str]:
    """A name beside a cue, canonical; None when it is a place, a people or a headline word."""
    name = doc.canonical(tokens, titled)[0]
    if not doc.can_speak(name) or doc.in_headline(pos):
        return None, -1, False, "none"
    return name, pos, True, "cue"


def _org_phrase(role: str) -> list[str] | None:
    """Name tokens of an organisation named by a role phrase with a proper-noun modifier.

    The determiner and lowercase words before the first capitalised word are dropped, a
    possessive is dropped from a possessor and the rest is title-cased: "the Aldmere foreign
    ministry" -> "Aldmere Foreign Ministry", "Castile's interior ministry" -> "Castile Interior
    Ministry". None when the head noun is not an organisation's or no word is capitalised.
    """
    words = role.split()
    if words[-1].lower() not in _ORG_NOUN_SET:
        return None
    body = words[1:]
    if _POSSESSIVE_RE.search(words[0]) and words[0][:1].isupper():
        # the possessor is the determiner: "Castile's interior ministry"
        body = [_POSSESSIVE_RE.sub("", words[0]), *body]
    first = next((i for i, w in enumerate(body) if w[:1].isupper()), None)
    if first is None:
        return None
    out = []
    for i, w in enumerate(body[first:], start=first):
        if i + 1 < len(body) and not body[i + 1][:1].isupper():
            w = _POSSESSIVE_RE.sub("", w)
        out.append(w if w[:1].isupper() or w in _JOINS else w[:1].upper() + w[1:])
    return out


def _doc_noun(m: re.Match, tag: str) -> str | None:
    role = m.groupdict().get(f"{tag}_role")
    if role is None:
        return None
    words = role.split()
    return f"the {words[-1].lower()}" if words[-1].lower() in _DOC_NOUNS else None


def _attribute(doc: _Doc, k: int) -> None:
    q = doc.quotes[k]
    text = doc.text
    lo, same_as_prev = _left_window(doc, k)
    left = text[lo:q.open]
    span = (lo, q.open)
    q.starts_sentence = same_as_prev or not _HAS_WORD_RE.search(left)
    # named subjects in this sentence before the quote (for "in his words", participles)
    local: list[tuple[int, str, bool]] = []
    best = None  # (end, speaker, cue, subject_pos)
    first_cue = _ANY_CUE_RE.search(text, *span)
    cue_matches = (
        search_subjects(_LEFT_CUE_RE, text, max(lo, first_cue.start() - _SUBJECT_REACH), q.open)
        if first_cue is not None
        else ()
    )
    for m in cue_matches:
        who, spos, named, rule = _speaker_of(doc, m, "s", local)
        if who is None and _third_person(m):
            q.pronoun_cue = True
        if m.group("s_name") is not None and (who is None or (
            not doc.is_person(who) and "," in text[lo:m.start("s_name")]
            and not m.group("appos")
        )):
            # the name before the cue is a place or a body inside an unclosed apposition
            # ("Kerry Bradley, coach of the United States said", "Ann Roe, head of Acme Inc.
            # stated"): the person whose name opens the sentence speaks
            person = _sentence_subject(doc, lo, m.start("s_name"), person_only=who is not None)
            if person is not None or who is None:
                who, spos, named, rule = person, -1, False, "cue"
        if who is None:
            continue
        cue = " ".join(m.group("cue").split())
        noun = _doc_noun(m, "s")
        if noun:
            cue = f"{noun} {cue}"
        elif cue in ("described", "referred to", "portrayed", "characterized", "characterised") and (
            _AS_TAIL_RE.search(left)
        ):
            cue = f"{cue} as"
        if named:
            local.append((spos, who, True))
        best = (m.end(), who, cue, spos if named else -1, rule)
    for m in _LEFT_WORDS_RE.finditer(text, *span) if "words" in left else ():
        if best is not None and m.end() < best[0]:
            continue
        poss = m.group("poss")
        if poss is not None:
            if poss.lower() in ("his", "her", "their", "its"):
                resolved = doc.resolve(
                    {"his": "he", "her": "she"}.get(poss.lower(), "they"), m.start(), local
                )
                who, rule = resolved, "pronoun"
            else:
                tokens, titled = _name_tokens(poss)
                who, rule = (doc.canonical(tokens, titled)[0] if tokens else None), "cue"
            cue = f"in {poss.lower() if poss.lower() in ('his', 'her', 'their', 'its') else poss} words"
        else:
            who, _, _, rule = _speaker_of(doc, m, "w", local)
            cue = "in the words of"
        if who is not None:
            best = (m.end(), who, cue, -1, rule)
    for m in _LEFT_ACCORDING_RE.finditer(text, *span) if "ccording" in left else ():
        if best is not None and m.end() < best[0]:
            continue
        who, spos, named, rule = _speaker_of(doc, m, "a", local)
        if who is not None:
            best = (m.end(), who, "according to", spos if named else -1, rule)
    inverted = () if left.rstrip()[-1:] not in (",", ":") else [
        m for m in (  # "Said Comey, “...”"; mid-sentence "..., explained Ada Brook, “...”"
            _LEFT_INVERTED_RE.search(text, *span),
            _LEFT_MID_INVERTED_RE.search(text, max(lo, q.open - 160), q.open),
        ) if m is not None
    ]
    for m in inverted:
        who, spos, named, rule = _speaker_of(doc, m, "s", local)
        if who is not None:
            best = (m.end(), who, m.group("cue").lower(), spos if named else -1, rule)
    participles = (
        _LEFT_PARTICIPLE_RE.finditer(text, max(lo, first_cue.start() - 12), q.open)
        if first_cue is not None  # every participle cue is a cue word too
        else ()
    )
    for m in participles:
        if best is not None and m.end() < best[0]:
            continue
        cue = " ".join(m.group("cue").split())
        if same_as_prev and k and doc.quotes[k - 1].speaker:
            who, rule = doc.quotes[k - 1].speaker, "continuation"
        elif local:
            who, rule = local[-1][1], "cue"
        elif (subject := doc.subject_between(lo, m.start())) is not None:
            who, rule = subject, "cue"  # the subject of the participle's sentence
        else:
            who, rule = doc.resolve("they", q.open, local), "pronoun"
        if who is not None:
            best = (m.end(), who, cue, -1, rule)
    and_cues = (
        _LEFT_AND_CUE_RE.finditer(text, max(lo, first_cue.start() - 12), q.open)
        if first_cue is not None and " and " in left
        else ()
    )
    for m in and_cues:
        if best is not None and m.end() < best[0]:
            continue
        who = local[-1][1] if local else _sentence_subject(doc, lo, m.start())
        if who is not None:
            best = (m.end(), who, " ".join(m.group("cue").split()), -1, "cue")
    relatives = (  # "Ada Brook met Tom Reed, who said "..."": the name before "who" speaks
        _LEFT_WHO_CUE_RE.finditer(text, max(lo, first_cue.start() - 120), q.open)
        if first_cue is not None and ", who " in left
        else ()
    )
    for m in relatives:
        if best is not None and m.end() < best[0]:
            continue
        who, spos, named, rule = _speaker_of(doc, m, "s", local)
        if who is not None and named:
            best = (m.end(), who, " ".join(m.group("cue").split()), spos, rule)
    gerunds = (  # "evidenced by his blustering that “...”": the possessor speaks
        _LEFT_POSS_GERUND_RE.finditer(text, max(lo, first_cue.start() - 60), q.open)
        if first_cue is not None and _has_possessor(text[max(lo, first_cue.start() - 60):q.open])
        else ()
    )
    for m in gerunds:
        if best is not None and m.end() < best[0]:
            continue
        poss = m.group("poss")
        if poss.lower() in ("his", "her", "their"):
            pron = {"his": "he", "her": "she"}.get(poss.lower(), "they")
            who, rule = doc.resolve(pron, m.start(), local), "pronoun"
        else:
            tokens, titled = _name_tokens(poss)
            who, _, _, rule = _named(doc, tokens, titled, m.start()) if tokens else (None,) * 4
        if who is not None:
            best = (m.end(), who, " ".join(m.group("cue").split()), -1, rule)
    if left.rstrip().endswith(":") and (best is None or _DASH_LABEL_RE.search(text, lo, q.open)):
        # 'Trump went even further: "..."': a colon after a sentence whose subject is named
        # "... - Ada Brook: “...”", "explained moderator Ada Brook: “...”": a person's full name
        # right before the colon; else the named subject of the sentence
        who = None
        tail = _NAME_BEFORE_COLON_RE.search(text, max(lo, q.open - 80), q.open)
        if tail is not None and not after_preposition(text, tail.start("name")):
            tokens, titled = _name_tokens(tail.group("name"))
            if len(tokens) >= 2 and _is_person(tokens, titled) or tokens and (
                _LABEL_LEAD_RE.fullmatch(text, lo, tail.start("name"))
            ):  # or any name that alone introduces the quotation, as a label: 'Reed: "..."'
                who = _named(doc, tokens, titled, tail.start("name"))[0]
        rule = "cue"
        if who is None:
            who = _sentence_subject(doc, lo, q.open)
        if who is None and (pron := _PRONOUN_OPENS_RE.match(text, lo, q.open)) is not None:
            # "He made the following entry in the book:": the pronoun opening the sentence
            who, rule = doc.resolve(pron.group(1).lower(), pron.start(1), local), "pronoun"
        if who is not None:
            best = (q.open, who, ":", -1, rule)
    right = _attribute_right(doc, k)
    if right is not None:
        best = (0, *right)
        q.cue_after = True
    if best is None and q.closed:
        # a quotation paragraph signed on the next line: '"..."' / '- Ada Brook, Pellam.'
        sign = _SIGNED_RE.match(text, q.after)
        if sign is not None:
            tokens, titled = _name_tokens(sign.group("name"))
            if tokens and _is_person(tokens, titled or len(tokens) == 1):
                who = _named(doc, tokens, titled, sign.start("name"))[0]
                if who is not None:
                    best = (0, who, "—", -1, "cue")
    if best is None:
        r_lo, r_hi = _right_window(doc, k)
        found = _appositive_cue(doc, r_lo, r_hi, right=True) if r_hi > r_lo else None
        if found is None:
            found = _appositive_cue(doc, lo, q.open, right=False)
        if found is not None:
            best = (0, *found)
    if best is not None:
        q.speaker, q.cue, q.rule = best[1], best[2], best[4]
        q.subject_pos = best[3] if best[3] >= 0 else q.open
        q.subject_person = doc.is_person(best[1])


def _attribute_right(doc: _Doc, k: int) -> tuple[str, str, int, str] | None:
    q = doc.quotes[k]
    r_lo, r_hi = _right_window(doc, k)
    if r_hi <= r_lo:
        return None
    text = doc.text
    if _ANY_CUE_RE.search(text, r_lo, r_hi) is None and "ccording" not in text[r_lo:r_hi] and (
        _ANY_CAP_CUE_RE.search(text, r_lo, r_hi) is None
    ):
        return None  # no cue word after the quotation in its sentence
    sentence_done = _ENDS_SENTENCE_RE.search(text, q.start, q.end) is not None
    if not sentence_done:
        found = _late_cue(doc, _RIGHT_LATE_CUE_RE, r_lo, r_hi)
        if found is not None:
            return found
    if not sentence_done:
        # a person's full name, then an appositive, then the cue: the name speaks, never a name
        # inside the appositive ("Ada Brook of consulting firm Pellam said")
        found = _appositive_cue(doc, r_lo, r_hi, right=True, full_name=True)
        if found is not None:
            return found
    for regex in (_RIGHT_QUOTED_AS_RE, _RIGHT_CUE_RE, _RIGHT_INVERTED_RE, _RIGHT_ACCORDING_RE,
                  _RIGHT_DESC_CUE_RE):
        m = regex.match(text, r_lo, r_hi)
        if m is None:
            continue
        if sentence_done and not (
            _RIGHT_TAIL_OK_RE if text[q.start:q.end].rstrip("’'\"”»)] ")[-1:] in ("?", "!")
            else _RIGHT_SHORT_TAIL_RE
        ).match(text, m.end(), r_hi + 3):
            continue
        local = []
        if m.groupdict().get("s_pron") is not None and not q.starts_sentence:
            # '... Ada Brook said that voters "...," he said': the person opening the sentence
            lo = _left_window(doc, k)[0]
            local = [(e[0], e[1], True) for e in doc.events_between(lo, q.open)[:1] if e[2]]
        who, spos, named, rule = _speaker_of(doc, m, "s", local)
        if who is None and _third_person(m):
            q.pronoun_cue = True  # '"...," he added' with nobody for "he": still a cue
        if regex is _RIGHT_INVERTED_RE and m.group("s_role") is not None:
            # "said his best friend at college, Tom Reed, who ...": the apposition names him
            appos = _ROLE_APPOS_RE.match(text, m.end(), r_hi + 1)
            if appos is not None:
                tokens, titled = _name_tokens(appos.group("name"))
                if len(tokens) >= 2 and _is_person(tokens, True):
                    who, spos, named, rule = _named(doc, tokens, True, appos.start("name"))
        if who is None:
            continue
        cue = " ".join(m.group("cue").split()).lower()  # "Tweeted" after an appositive
        noun = _doc_noun(m, "s")
        if noun:
            cue = f"{noun} {cue}"
        return who, cue, spos if named else -1, rule
    if not sentence_done:
        found = _late_cue(doc, _RIGHT_LATE_INVERTED_RE, r_lo, r_hi)
        if found is not None:
            return found
    return None


def _appositive_cue(
    doc: _Doc, lo: int, hi: int, *, right: bool, full_name: bool = False
) -> tuple | None:
    """A name opening the clause at ``lo``, a long appositive after it, then a cue before ``hi``.

    ``"...," Trump, the front-runner nationally and in the polls after winning ..., said``;
    ``Clinton, 35, the daughter of ..., said on Twitter, "..."``; ``Jason Sims — a teacher —
    says``. The appositive holds no quotation mark and no sentence end; the name must be a
    person's or a body's that may speak (with ``full_name``, a person's name of two words or more).
    """
    text = doc.text
    pos = lo
    if right:
        lead = re.match(r"[^\S\n]*[,;—–]?[^\S\n]*", text[pos:hi])
        pos += lead.end()
    else:
        pos += len(text[pos:hi]) - len(text[pos:hi].lstrip())
    m = _NAME_RE.match(text, pos, hi)
    if m is None or _APPOS_OPEN_RE.match(text, m.end(), hi) is None:
        return None
    end = min(hi, m.end() + _APPOS_REACH)
    if _MARK_IN_RE.search(text, m.end(), end) is not None:
        end = _MARK_IN_RE.search(text, m.end(), end).start()
    c = _APPOS_END_CUE_RE.search(text, m.end() + 1, end)
    if c is None or "\n" in text[m.end():c.start()]:
        return None
    tokens, titled = _name_tokens(m.group())
    if not tokens or full_name and (len(tokens) < 2 or not _is_person(tokens, titled)):
        return None
    who, spos, named, rule = _named(doc, tokens, titled, m.start())
    if who is None:
        return None
    return who, " ".join(c.group("cue").split()), spos, rule


_PARA_START_RE = re.compile(r"\n[^\S\n]*(?:\n\s*)?")


def _previous_paragraph_subject(doc: _Doc, q) -> str | None:
    """The person the paragraph before quotation ``q`` is about, when ``q`` is a paragraph of
    its own: ``Valko praised the plan.`` / ``“We need it.”`` (news continue a speaker so); or
    the person the sentences before ``q`` in its paragraph are about, when ``q`` is a sentence
    that ends the paragraph (``Valko praised the plan. “We need it.”``).

    That text must hold no other quotation and name a person as a sentence subject; the
    quotation must end its paragraph (no words after its closing mark).
    """
    text = doc.text
    end_para = text.find("\n", q.after)
    end_para = len(text) if end_para < 0 else end_para
    if _HAS_WORD_RE.search(text, q.after, end_para):
        return None
    this_start = text.rfind("\n", 0, q.open)
    if not q.opens_para:
        # the quotation ends a paragraph whose sentences before it hold no other quotation
        prev_start, body_end = max(this_start + 1, q.open - _WINDOW), q.open
    elif this_start <= 0:
        return None
    else:
        body_end = len(text[:this_start].rstrip())
        prev_start = max(text.rfind("\n", 0, body_end) + 1, body_end - 2 * _WINDOW)
    opens = doc._quote_opens
    if _MARK_IN_RE.search(text, prev_start, body_end) and any(
        _speech_like(text, p) for p in doc.quotes[
            bisect.bisect_left(opens, prev_start):bisect.bisect_left(opens, body_end)
        ]
    ):
        return None  # that text quotes someone (a scare quote or a title there is no matter)
    for e in doc.events_between(prev_start, body_end):
        if e[2] and not e[3]:
            return e[1]
    # "Ada Brook, the party's spokeswoman said in a statement.": an appositive left open
    found = _appositive_cue(doc, prev_start, body_end, right=False, full_name=True)
    if found is not None:
        return found[0]
    pron = _PRONOUN_OPENS_RE.match(text, prev_start, body_end) if q.opens_para else None
    if pron is not None and pron.group(1) != "They":
        # "She pauses." / "“Well, thank you.”": the person that paragraph's he or she is
        return doc.resolve(pron.group(1).lower(), pron.start(1), [])
    return None


def _late_cue(doc, regex, r_lo: int, r_hi: int):
    """A cue late in the sentence after an unfinished quotation, when a named speaker says it.

    ``regex`` finds the cue ("... , Ada Brook said later" or "..., said Ada Brook later")
    between ``r_lo`` and ``r_hi``; no quote mark may stand before it.  Returns
    ``(speaker, cue, position, rule)`` or None.
    """
    text = doc.text
    late = regex.search(text, r_lo, r_hi + 1)
    if late is None or _MARK_IN_RE.search(text, r_lo, late.start()):
        return None
    who, spos, named, rule = _speaker_of(doc, late, "s", [])
    if who is None or not named:
        return None
    return who, " ".join(late.group("cue").split()), spos, rule
