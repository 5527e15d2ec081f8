"""The cue verbs: the maintained word list of verbs that attribute words to a speaker.

Add a verb here as its base form (``implore``); its forms (``implores``, ``implored``,
``imploring``) are made by the rules of :func:`verb_forms`, with the irregular and doubled forms
listed in ``IRREGULAR``. A phrase verb keeps its particle (``point out`` -> ``pointed out``).
Every form is a cue after a subject (``Kim implored``, ``he is imploring``), inverted after a
quotation (``"...," implored Kim``) and, in ``-ing`` form, a participle cue (``, imploring``).
"""

from __future__ import annotations

import re

#: Base forms of the cue verbs, one topic per line (speech, writing, stance, state media).
CUE_VERBS = tuple(
    """
    say tell add write state note stress declare describe praise refer_to wish call urge warn
    insist assert argue claim explain announce emphasize emphasise underline underscore remark
    observe reply respond continue conclude acknowledge admit pledge vow promise ask recall quote
    read term dub label hail denounce condemn accuse brand laud affirm reaffirm reiterate point_out
    go_on confirm portray characterize characterise complain caution predict proclaim highlight
    mention suggest thank congratulate express welcome blast slam criticize criticise demand
    disclose reveal boast joke shout whisper testify tweet post comment answer cite invoke hope
    remind implore plead beg lament retort bark echo exclaim muse quip snap sniff scoff mock
    counter add_on agree disagree concede contend maintain allege report recount explain_that
    tout deride dismiss decry blame assure reassure vouch predict forecast estimate speculate
    recommend advise appeal challenge question wonder add_that caution_that indicate imply
    signal acknowledge apologize apologise defend justify rebut refute deny repeat recite
    complain_that object protest concur opine posit propose pitch frame summarize summarise
    sum_up explain_why note_that argue_that predict_that pronounce conclude_that
    vociferate blurt gush rave rant jab bluster vociferate trumpet jabber prattle babble brag utter clamour
    clamor cry chant yell scream bellow believe expect react relate
    remember beam confess retweet grouse chide
    press interject charge put_it exhort ponder reflect boom thunder retaliate rebuke scold fire_back shoot_back hit_back push_back weigh_in chime_in sing bemoan fume grumble groan sigh plead_with insist_that
    """.replace("_that", "").replace("_why", "").split()
)

#: Forms the rules below would get wrong: (third person, past, -ing).
IRREGULAR = {
    "say": ("says", "said", "saying"), "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing"), "read": ("reads", "read", "reading"),
    "go": ("goes", "went", "going"), "find": ("finds", "found", "finding"),
    "admit": ("admits", "admitted", "admitting"), "quip": ("quips", "quipped", "quipping"),
    "snap": ("snaps", "snapped", "snapping"), "jab": ("jabs", "jabbed", "jabbing"),
    "rebut": ("rebuts", "rebutted", "rebutting"), "label": ("labels", "labeled", "labeling"),
    "signal": ("signals", "signaled", "signaling"), "echo": ("echoes", "echoed", "echoing"),
    "cry": ("cries", "cried", "crying"), "lie": ("lies", "lied", "lying"),
    "sum": ("sums", "summed", "summing"), "forecast": ("forecasts", "forecast", "forecasting"),
    "shoot": ("shoots", "shot", "shooting"), "put": ("puts", "put", "putting"), "hit": ("hits", "hit", "hitting"),
    "sing": ("sings", "sang", "singing"), "brag": ("brags", "bragged", "bragging"), "dub": ("dubs", "dubbed", "dubbing"),
    "slam": ("slams", "slammed", "slamming"), "refer": ("refers", "referred", "referring"), "clamour": ("clamours", "clamoured", "clamouring"),
}
#: British spellings also accepted.
EXTRA_FORMS = ("labelled", "labelling", "signalled", "signalling")
#: Base forms that are cues too (plural and first-person subjects: "critics say", "I warn").
BASE_CUES = ("say", "tell", "write", "add", "argue", "claim", "insist", "warn", "note", "contend",
             "maintain", "agree", "believe", "predict", "explain", "ask", "urge", "wonder")


def finite_cues() -> list[str]:
    """Every form that is a cue after a subject: third person, past, -ing and a few bases."""
    forms = {f for verb in CUE_VERBS for f in verb_forms(verb)[1:]}
    return sorted(forms | set(BASE_CUES) | set(EXTRA_FORMS))


def inverted_cues() -> list[str]:
    """Third person and past forms, cues before their subject (``"...," mused Kim``)."""
    forms = {f for verb in CUE_VERBS for f in verb_forms(verb)[1:3]}
    return sorted(forms | {f for f in EXTRA_FORMS if not f.endswith("ing")})


def participle_cues() -> list[str]:
    """The -ing forms, cues without a subject (``, adding, "..."``)."""
    forms = {verb_forms(verb)[3] for verb in CUE_VERBS}
    return sorted(forms | {f for f in EXTRA_FORMS if f.endswith("ing")})


def verb_forms(verb: str) -> tuple[str, str, str, str]:
    """(base, third person, past, -ing) of a base form; a phrase keeps its particle."""
    head, _, particle = verb.replace("_", " ").partition(" ")
    if head in IRREGULAR:
        third, past, ing = IRREGULAR[head]
    else:
        if re.search(r"(?:s|sh|ch|x|z|o)$", head):
            third = head + "es"
        elif re.search(r"[^aeiou]y$", head):
            third = head[:-1] + "ies"
        else:
            third = head + "s"
        if head.endswith("e"):
            past, ing = head + "d", (head if head.endswith("ee") else head[:-1]) + "ing"
        elif re.search(r"[^aeiou]y$", head):
            past, ing = head[:-1] + "ied", head + "ing"
        else:
            past, ing = head + "ed", head + "ing"
    tail = f" {particle}" if particle else ""
    return head + tail, third + tail, past + tail, ing + tail


def alternation(words) -> str:
    """A regular expression matching exactly ``words``, as a trie (fast on long lists)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        piece = r"\s+" if ch == " " else re.escape(ch)
        branches.append(piece + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body
