"""The passes over a whole document: attribute each quotation, then runs, continuations, subjects, kinds."""

from __future__ import annotations

import re

from ._attribute import (
    _PRONOUN_OPENS_RE,
    _attribute,
    _left_window,
    _previous_paragraph_subject,
)
from ._grammar import _INTRO_RE, _NAME_RE, _ORG_WORDS, _SENT_END_RE, _STOP, UNATTRIBUTED
from ._kinds import _in_list, _kind, _speech_like, _title_before
from ._names import _Doc, _name_tokens
from ._places import is_place
from ._spans import _doubled_apostrophes_as_marks, _find_spans

#: The first word of a sentence that continues the one before: a demonstrative, "it", "and", "but".
_OPENER_RE = re.compile(r"(?:That|This|It|But|And|So|Yet|Such|Which)\b")
#: Ordinals that open a sentence as an adverb ("First, ...").
_ORDINAL_OPENERS = frozenset(("first", "second", "third", "fourth", "lastly"))


def _extract_document(
    text: str, doc_speaker: str | None, aliases=None, aliased: dict | None = None
) -> list[tuple]:
    """Quotations of one document: ``(start, end, speaker, cue, kind, confidence)`` each.

    A multi-paragraph run (each paragraph opens with a mark, only the last closes) is one
    quotation, from the first paragraph's start to the last one's end.
    """
    text = _doubled_apostrophes_as_marks(text)  # same offsets
    quotes = _find_spans(text)
    if not quotes:
        return []
    doc = _Doc(text, doc_speaker, quotes, aliases, aliased)
    for k in range(len(quotes)):
        _attribute(doc, k)
    for k in range(len(quotes) - 2, -1, -1):
        q, nxt = quotes[k], quotes[k + 1]
        if q.speaker is None and q.closed and nxt.cue_after and (
            _SENT_END_RE.search(text, q.start, nxt.open) is None
        ) and not (k and quotes[k - 1].speaker and (
            _SENT_END_RE.search(text, quotes[k - 1].start, q.open) is None
        )):
            # quotations in one sentence share the cue that ends it, '“...” and “...,” Kim said',
            # unless an earlier quotation of the sentence has a speaker of its own
            q.speaker, q.cue, q.rule, q.cue_after = nxt.speaker, nxt.cue, nxt.rule, True
    own_cue = [q.speaker is not None for q in quotes]
    # multi-paragraph runs share the first attribution found among their paragraphs
    runs: list[list[int]] = []
    for k, q in enumerate(quotes):
        if q.chain_prev is not None and runs and runs[-1][-1] == q.chain_prev:
            runs[-1].append(k)
        else:
            runs.append([k])
    for run in runs:
        source = next((quotes[k] for k in run if quotes[k].speaker), None)
        if source is not None:
            for k in run:
                if quotes[k].speaker is None:
                    quotes[k].speaker, quotes[k].cue = source.speaker, source.cue
                    quotes[k].rule = source.rule
    # continuation of the previous quotation (same paragraph, or opening the next one)
    for k, q in enumerate(quotes):
        if q.speaker is None and k > 0 and q.starts_sentence:
            prev = quotes[k - 1]
            if prev.speaker and (
                prev.para_no == q.para_no or (q.opens_para and q.para_no == prev.para_no + 1)
            ):
                q.speaker, q.cue, q.rule = prev.speaker, prev.cue, "continuation"
        if q.speaker is None and not _speech_like(text, q):
            continue  # a title or a scare quote takes no speaker from its context
        if q.speaker is None and k > 0 and quotes[k - 1].speaker and (
            quotes[k - 1].para_no == q.para_no
        ) and (text[:q.open].rstrip().endswith(",") or _no_named_subject(doc, k)) and not any(
            e[2] and e[1] != quotes[k - 1].speaker
            for e in doc.events_between(quotes[k - 1].after, q.open)
        ):
            # later in the paragraph of a speaker's quotation, after an introductory phrase and
            # with no other person named in between: '"...," Ada Brook said. Now, "..."'
            prev = quotes[k - 1]
            q.speaker, q.cue, q.rule = prev.speaker, prev.cue, "continuation"
        if q.speaker is None and q.closed and q.chain_prev is None and (
            q.opens_para or q.starts_sentence
        ):
            who = _previous_paragraph_subject(doc, q)
            if who is not None:
                q.speaker, q.rule = who, "continuation"
        if q.speaker is None and q.opens_para and q.closed and k + 1 < len(quotes) and (
            quotes[k + 1].para_no == q.para_no and own_cue[k + 1]
        ) and not any(
            e[2] and e[1] != quotes[k + 1].speaker
            for e in doc.events_between(q.after, quotes[k + 1].open)
        ):
            # a paragraph opened by a quotation whose speaker is named at the next one, nobody
            # else named in between: '“We won.” “It was close,” Ada Brook said.'
            nxt = quotes[k + 1]
            q.speaker, q.cue, q.rule = nxt.speaker, nxt.cue, "continuation"
    for k, q in enumerate(quotes):
        if q.speaker is None and not q.starts_sentence and _speech_like(text, q):
            # no cue at all: the person whose name opens the quotation's sentence, with any verb
            # ("Ada Brook launched into a lament for the "countless victims"")
            lo = _left_window(doc, k)[0]
            start = lo + len(text[lo:q.open]) - len(text[lo:q.open].lstrip())
            intro = _INTRO_RE.match(text, start, q.open)
            if intro is not None and (
                intro.group(1).lower() in _STOP or intro.group(1).lower() in _ORDINAL_OPENERS
            ):
                start = intro.end()  # "At one point, Ada Brook urged ...": past the opener
            pron = _PRONOUN_OPENS_RE.match(text, start, q.open)
            if pron is not None and pron.group(1) != "They":
                # "He called the plan "a disaster"": the person the pronoun stands for
                who = doc.resolve(pron.group(1).lower(), start, [])
                if who is not None:
                    q.speaker, q.rule = who, "pronoun"
                continue
            name = _NAME_RE.match(text, start, q.open)
            tokens = _name_tokens(name.group())[0] if name is not None else []
            if tokens and not any(t.lower() in _ORG_WORDS for t in tokens) and not is_place(
                " ".join(tokens)
            ):
                # the subject and its verb lie near the sentence start: scan no further
                first_event = doc.events_between(start, min(q.open, name.end() + 160))[:1]
                if first_event and first_event[0][0] == start and first_event[0][2]:
                    q.speaker, q.rule = first_event[0][1], "subject"
                    continue
            # else the first person named as the subject of a verb in the sentence ("It did so
            # well that Ada Brook on Sunday rewarded its members for "their support"")
            who = doc.first_person_subject(start, q.open)
            if who is not None:
                q.speaker, q.rule = who, "subject"
    out = []
    for run in runs:
        first, last = quotes[run[0]], quotes[run[-1]]
        cued = any(own_cue[k] for k in run)
        # '"...," he added' where the text names nobody for "he": a cue all the same (speech), and
        # never the document's own source, which is no "he"
        pronoun_cue = not first.speaker and any(quotes[k].pronoun_cue for k in run)
        if first.speaker:
            speaker, cue, rule = doc.alias(first.speaker), first.cue, first.rule
        elif doc_speaker and not pronoun_cue:
            speaker, cue, rule = doc.alias(doc_speaker), None, "document"
        else:
            speaker, cue, rule = UNATTRIBUTED, None, "none"
        kind = _kind(text, first.start, last.end, cued or pronoun_cue or rule == "continuation", len(run))
        if len(run) == 1 and _title_before(text, first.open, capital=_capital(text, first)) and not (
            text[:first.open].rstrip().endswith(":") and first.end - first.start > 80
        ):  # (a long quotation after a colon is speech: 'he wrote in the book: "..."')
            kind = "title"  # "the song “...”", "an article titled “...”", "the slogan of “...”"
        out.append((first.start, last.end, speaker, cue, kind, rule))
    # a title noun before a list of quotations makes each a title ('such works as “A”, “B” and “C”')
    single = [quotes[run[0]] if len(run) == 1 else None for run in runs]
    listed: set[int] = set()
    for i in range(1, len(out)):
        if out[i - 1][4] == "title" and out[i][4] != "title" and out[i][5] == "none" and (
            single[i - 1] and single[i] and _capital(text, single[i])
            and _in_list(text, single[i - 1], single[i])
            and (i - 1 in listed or _title_before(text, single[i - 1].open))
        ):
            out[i] = (*out[i][:4], "title", "none")
            listed.add(i)
    return out


def _capital(text: str, q) -> bool:
    """Whether quotation ``q`` opens with a capital or a digit, as a title or a slogan does."""
    return text[q.start:q.start + 1].isupper() or text[q.start:q.start + 1].isdigit()


def _no_named_subject(doc: _Doc, k: int) -> bool:
    """Whether quotation ``k`` is a fragment inside a sentence opened by a demonstrative, "it" or
    a conjunction, not by a subject of its own ('That makes her "..."', 'But that is not "..."')."""
    q = doc.quotes[k]
    if q.starts_sentence:
        return False
    lo = _left_window(doc, k)[0]
    start = lo + len(doc.text[lo:q.open]) - len(doc.text[lo:q.open].lstrip())
    return _OPENER_RE.match(doc.text, start, q.open) is not None
