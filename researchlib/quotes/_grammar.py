"""The attribution grammar: word lists and the regular expressions for names, subjects and cues."""

from __future__ import annotations

import re

from .cue_verbs import alternation, finite_cues, inverted_cues, participle_cues

#: Speaker of a quotation nobody could be found for.
UNATTRIBUTED = "unattributed"


# Sentence boundaries (for the attribution windows): end punctuation, optional closers, space;
# not after a few abbreviations or single initials ("Mr. Kim", "U.S. President", "John F.").
_ABBREV_LOOKBEHIND = "".join(
    rf"(?<!\b{a}\.)"
    for a in ("Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Col", "Lt", "Sgt", "Capt", "Prof", "Sen",
              "Rep", "Gov", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
              "Oct", "Nov", "Dec", "Adm", "Maj", "Amb", "Rev", "Jr", "Sr", "vs")
)
#: A US party-and-state tag, "(D-Nev.)", "(R-Calif.)": its period ends no sentence.
#: So is a state alone in brackets, "(Tex.)", "(Mass.)".
_STATE_TAG = "".join(rf"(?!(?<=[-(][A-Z][a-z]{{{n}}}\.)\))" for n in (1, 2, 3, 4))
#: End punctuation and what follows it; a blank line; a line break after punctuation (spaces or
#: tabs before it). Every match opens with one of ``.!?…``, a space, a tab or a line break: the
#: pattern consumes that character first and each branch checks it by lookbehind, so that the
#: engine scans for those characters instead of trying every position (the same matches as
#: ``[.!?…]...|\n[ \t]*\n|(?<=[.!?:;])[ \t]*\n``, branches in the same order).
_SENT_END_RE = re.compile(
    rf"[.!?…\n \t](?:(?<=[.!?…])(?<![\s.][A-Z]\.){_ABBREV_LOOKBEHIND}{_STATE_TAG}[.!?…]*"
    r"[\"”’»)\]]*\s+|(?<=\n)[ \t]*\n|(?<=[.!?:;]\n)|(?<=[.!?:;][ \t])[ \t]*\n)"
)
_ENDS_SENTENCE_RE = re.compile(r"[.!?…][\"”’»)\]]*\s*$")

_WINDOW = 400

# ---------------------------------------------------------------------------------------------
# Attribution grammar
# ---------------------------------------------------------------------------------------------
_UPPER = "A-ZÀ-ÖØ-Þ"
#: Space between the words of a name: never a line break, so a headline or the paragraph before
#: does not run into the name that starts the next one.
_GAP = r"[^\S\n]+"
_CAP = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Prof|Sen|Rep|Gov|Adm|Maj|Amb|St|Jr|Sr|Rev)\."
    rf"|(?:[{_UPPER}]\.){{2,}}|[{_UPPER}]\.(?={_GAP}[{_UPPER}])|[{_UPPER}][\w’'\-]*)"
)
_LC_TITLE = (
    r"(?:leader|spokes(?:man|woman|person)|president|minister|secretary|chairman|chairwoman"
    r"|envoy|ambassador|official|premier|general|commander|director|chief|deputy|vice|head"
    r"|counterpart|prime|foreign|senator|governor|mayor|lawmaker|analyst|expert|professor"
    r"|officer|diplomat|negotiator|advis[eo]r|aide|representative|delegate|spokesperson)"
)
_JOIN = r"(?:of|for|de|del|da|van|von|der|bin|al|el|la|le|du|dos)"
_JOINS = frozenset(_JOIN[3:-1].split("|")) | {"the"}
_JOIN_SEQ = rf"(?:{_JOIN}{_GAP}(?:the{_GAP})?)"
#: KCNA writes "south Korea" in lower case; after "of" it still ends a name ("the Democratic Labor
#: Party of south Korea"), rather than leaving "Korea" as a name of its own.
_OF_LC_KOREA = rf"of{_GAP}(?:south|north){_GAP}Korea\b"
_NAME = (
    rf"(?:(?:[Tt]he|[Aa]n?){_GAP})?{_CAP}"
    rf"(?:{_GAP}(?:{_JOIN_SEQ}?(?:{_CAP}|{_LC_TITLE}(?={_GAP}[{_UPPER}]))|{_OF_LC_KOREA}))*"
)
_NAME_RE = re.compile(_NAME)
#: Every match of _NAME begins with one of these (a capital, or "the"/"a"/"an"). A lookahead on
#: them at the start of a long pattern changes no match; it only lets the regex engine reject the
#: other positions at once (about a third off the scans of whole documents below).
_NAME_FIRST = rf"(?=[{_UPPER}ta])"
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|I|[Ww]e)\b"
_FIRST_PERSON = frozenset(("i", "we", "my", "our"))
_DOC_NOUNS = (
    "letter", "letters", "statement", "message", "messages", "report", "article", "commentary",
    "editorial", "note", "communique", "communiqué", "declaration", "cable", "telegram",
    "document", "text", "speech", "address", "resolution", "bulletin", "paper", "newspaper",
    "daily", "post", "book", "memoir", "memoirs", "release", "notice", "appeal", "order",
)
_ORG_NOUNS = (
    "ministry", "agency", "government", "committee", "office", "embassy", "department",
    "council", "party", "army", "command", "broadcaster", "network", "station", "commission",
    "secretariat", "organization", "organisation", "association", "union", "court", "house",
    "mission", "delegation", "assembly", "administration", "regime", "kremlin", "white house",
    "group", "institute", "centre", "center", "federation", "authorities", "police", "military",
)
_PERSON_NOUNS = (
    "spokesman", "spokeswoman", "spokesperson", "official", "officials", "source", "sources",
    "president", "leader", "minister", "premier", "chairman", "chairwoman", "envoy",
    "ambassador", "secretary", "general", "commander", "director", "diplomat", "author",
    "writer", "speaker", "representative", "delegate", "man", "woman", "chief", "head",
    "counterpart", "prime minister", "foreign minister", "pope", "king", "queen", "prince",
    "chancellor", "senator", "governor", "mayor", "lawmaker", "analyst", "expert", "professor",
    "officer", "negotiator", "adviser", "advisor", "aide", "emir", "sultan", "monarch",
    "member", "supporter", "voter", "resident", "staffer", "strategist", "pollster", "consultant",
    "lawyer", "attorney", "candidate", "nominee", "congressman", "congresswoman", "host",
    "anchor", "reporter", "founder", "manager", "nephew", "niece", "son", "daughter", "wife",
    "husband", "mother", "father", "brother", "sister", "friend", "veteran", "activist",
)
_ORG_NOUN_SET = frozenset(w.split()[-1] for w in _ORG_NOUNS)
#: The role nouns as a trie (``cue_verbs.alternation``): the same words, tried longest first as a
#: list sorted by length would be, but a word that fits none fails on its first letters (under
#: ``(?i)`` the engine cannot skip a plain alternative by its first letter: about a third off the
#: left cue search).
_ROLE_NOUN = alternation({*_DOC_NOUNS, *_ORG_NOUNS, *_PERSON_NOUNS})
_ROLE = (
    rf"(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur|[{_UPPER}][\w\-]*[’']s)\s+"
    rf"(?:[\w’'\-]+\s+){{0,4}}?"
    rf"(?i:{_ROLE_NOUN})\b"
)


#: Two names joined by "and": joint speakers ("Ada Brook and Tom Reed wrote").
_JOINT = rf"{_NAME}(?:{_GAP}and{_GAP}{_NAME})?"


def _subject(tag: str, *, atomic: bool = False) -> str:
    """A subject: pronoun, role or name(s). ``atomic``: once the longest name fails, try no
    shorter one; exact where only a comma, a bracket, an auxiliary or a cue may follow the name
    (a shorter name leaves a space and a capital, a joining word, a title or "and" after it)."""
    name = f"(?>{_JOINT})" if atomic else _JOINT
    return rf"(?:(?P<{tag}_pron>{_PRONOUN})|(?P<{tag}_role>{_ROLE})|(?P<{tag}_name>{name}))"


#: Cue verbs after a subject, and participle cues; the word list lives in ``cue_verbs``.
_CUE_VERBS = alternation(finite_cues())
#: Cues written before their subject after a quotation (``"...," said Kim``): past and present.
_INVERTED_CUES = alternation(inverted_cues())
#: A capitalised cue ("Tweeted") right after the comma that closes an appositive: "Ada Brook, the
#: coach, Tweeted". Never elsewhere, so the name "Edward Said" is no cue.
_CAP_CUES = alternation(w.capitalize() for w in inverted_cues())
_CAP_CUE = rf"(?<=,[^\S\n]){_CAP_CUES}"
_PARTICIPLES = rf"(?:telling\s+\w+|{alternation(participle_cues())})"
_AUX = (
    r"(?:also|has|have|had|was|were|is|will|would|then|later|further|again|reportedly|once"
    r"|publicly|repeatedly|previously|earlier|recently|already|not|never|been|simply|only"
    r"|even|in\s+turn|once\s+said|famously|quoted\s+as|on\s+(?:\w+day(?:\s+(?:night|morning|afternoon|evening))?"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})|(?!only\b)[a-z]{2,}ly)"
)
# An appositive between commas; KCNA's "secretary of the C.C., Workers' Party of Korea," (the
# Central Committee, then whose) holds one more comma.
# A US party-and-state tag after a name ("Sen. Bernie Sanders (I-Vt.) said") is an appositive too,
# and so is an appositive of two comma-separated parts ("Clinton, at a town hall in Columbus,
# Ohio, said").
#: The one-part appositive, for scanning whole documents for sentence subjects (cheaper).
_APPOS_ONE = r"(?P<appos>,[^,;“”\"\n]{1,100}(?:(?<=C\.C\.),[^,;“”\"\n]{1,100})?,)?"
_APPOS = (
    r"(?P<appos>,[^,;“”\"\n]{1,100}(?:,[^,;“”\"\n]{1,60})?,"
    r"|[^\S\n]*\([^()\n“”\"]{1,30}\),?)?"
)

#: A possessor is no subject ("Clinton's remarks"), nor a word after a hyphen ("anti-Muslim").
_NOT_POSSESSIVE = "(?<![’']s)(?<!s[’'])"
_LEFT_CUE_RE = re.compile(
    # a subject opens with a capital or with he, she, they, it, I, we, a(n), the, its, his, her,
    # their, my, our: the lookahead lets the engine skip every other word at once
    rf"(?=[{_UPPER}hstiwamo])\b(?<!-){_subject('s', atomic=True)}{_APPOS}{_NOT_POSSESSIVE}\s+(?:{_AUX}\s+){{0,3}}"
    rf"(?P<cue>{_CUE_VERBS})\b"
)
_LEFT_WORDS_RE = re.compile(
    rf"\b[Ii]n\s+(?P<poss>his|her|their|its|{_NAME}[’']s)\s+(?:own\s+)?words\b"
    rf"|\b[Ii]n\s+the\s+words\s+of\s+{_subject('w')}"
)
_LEFT_ACCORDING_RE = re.compile(rf"\b[Aa]ccording\s+to\s+{_subject('a')}")
_LEFT_PARTICIPLE_RE = re.compile(
    rf"(?:[,;:—–]\s*|\b(?:and|by|before|after|while|when)\s+|(?<=[\"”»])\s*)"
    rf"(?P<cue>{_PARTICIPLES})\b"
)
#: A cue in a relative clause after a name: "Tom Reed, who said", "Ada Brook, who has argued".
_LEFT_WHO_CUE_RE = re.compile(
    rf"(?P<s_name>{_NAME}),[^\S\n]+who[^\S\n]+(?:{_AUX}[^\S\n]+){{0,2}}(?P<cue>{_CUE_VERBS})\b"
)
#: A cue in -ing form after a possessor: "his blustering that", "Ada Brook's saying".
_LEFT_POSS_GERUND_RE = re.compile(
    rf"(?=[HhTt{_UPPER}])\b(?P<poss>[Hh]is|[Hh]er|[Tt]heir|{_NAME}[’']s)\s+(?P<cue>{_PARTICIPLES})\b"
)
#: A cue verb coordinated with an earlier verb of its sentence ("Carson took the stage and
#: called the system ..."): its subject is the sentence's.
_LEFT_AND_CUE_RE = re.compile(rf"\band\s+(?:(?:also|then|later)\s+)?(?P<cue>{_CUE_VERBS})\b")
#: A cue at the end of the sentence after a quotation that does not end it: '"..." and against
#: the law, Clinton said.'
_RIGHT_LATE_CUE_RE = re.compile(
    rf",[^\S\n]*(?P<s_name>{_NAME}){_NOT_POSSESSIVE}[^\S\n]+(?:{_AUX}[^\S\n]+){{0,2}}"
    rf"(?P<cue>{_CUE_VERBS})[^\S\n]*[.,;]"
)
#: A short opening phrase set off by a comma ("At one point, ", "Earlier this week, "): group 1
#: is its first word (a function word or adverb when it is such an opener).
_INTRO_RE = re.compile(r"([A-Z][a-z]+)(?:[^\S\n]+[\w’'\-.]+){0,5}?,[^\S\n]+(?=[A-Z])")
_ANY_CUE_RE = re.compile(rf"\b{_CUE_VERBS}\b")
#: The capitalised cue after an appositive, for the cheap test of whether a window holds a cue.
_ANY_CAP_CUE_RE = re.compile(rf",[^\S\n]{_CAP_CUES}\b")
_SUBJECT_REACH = 240  # the subject, appositive and auxiliaries before a cue verb fit in this
_AS_TAIL_RE = re.compile(r"\bas\s+(?:an?\s+|the\s+)?$")

_LEAD = r"[^\S\n]*[,;:—–-]?[^\S\n]*"
_RIGHT_CUE_RE = re.compile(
    rf"{_LEAD}{_subject('s')}{_APPOS}{_NOT_POSSESSIVE}\s+(?:{_AUX}\s+){{0,2}}"
    rf"(?P<cue>{_CUE_VERBS}|{_CAP_CUE})\b"
)
#: Words describing a person before their name, inside the clause: "Trump attorney Alan Garten",
#: "Republican pollster Bill McInturff", "Oilers head coach Ken Hitchcock", or set off by a comma
#: ("another friend, Ada Brook told", "said a neighbour, Ada Brook"); no quote mark.
_DESC = (
    r"(?!(?:[Aa]s|[Aa]nd|[Bb]ut|[Ww]hen|[Ww]hile|[Ii]f|[Bb]ecause|[Aa]fter|[Bb]efore|[Ss]ince"
    r"|[Tt]hen|[Ss]o|[Tt]hat|[Ww]hich|[Tt]his|[Tt]here)\b)"
    # no preposition or relative pronoun: the name ends the description, not a phrase inside it
    # ("Ada Brook, 30, of Varnia, said" names Ada Brook, not Varnia); "chief of staff" is one
    r"(?:(?!(?:of(?![^\S\n]+[a-z])|at|in|on|for|from|with|by|to|who|whose|which|and|or)\b)[\w’'\-.]+,?[^\S\n]+){1,6}?"
)
_RIGHT_DESC_CUE_RE = re.compile(
    rf"{_LEAD}{_DESC}(?P<s_name>{_JOINT}){_APPOS},?\s+(?:{_AUX}\s+){{0,2}}(?P<cue>{_CUE_VERBS})\b"
)
#: After an inverted cue the speaker is the name that ends the phrase: it is followed by
#: punctuation, the end of the line or a function word ("said Kim in Moscow").
_NAME_END = (
    r"(?=[^\S\n]*(?:[,.;:!?()\[\]—–\n\"“”]|$)|[^\S\n]+(?:who|whose|in|at|on|during|when|as|after"
    r"|before|about|to|with|from|by|and|but|last|this|yesterday|today|earlier|later|recently"
    r"|told|for|while|via|wrote|said|says|added|of(?=[^\S\n]+[a-z]))\b)"
)
_RIGHT_INVERTED_RE = re.compile(
    rf"{_LEAD}(?P<cue>{_INVERTED_CUES})"
    rf"\s+(?:(?P<s_pron>{_PRONOUN})|(?P<s_role>{_ROLE})(?!{_GAP}[{_UPPER}])"
    rf"|(?:{_DESC})??(?P<s_name>{_NAME}){_NAME_END})"
)
#: The inverted cue before a quotation, opening its sentence: ``Said Comey, "..."``.
_LEFT_INVERTED_RE = re.compile(
    rf"(?:^|(?<=[.!?:]\s)|(?<=\n))(?P<cue>{alternation(w.capitalize() for w in inverted_cues())})"
    rf"[^\S\n]+"
    rf"(?:(?P<s_role>{_ROLE})|(?P<s_name>{_NAME}))(?:,[^,;“”\"\n]{{1,120}})?[^\S\n]*[,:]\s*$"
)
#: The inverted cue before a quotation in mid-sentence, after a comma: ``But, said Comey, "..."``
#: (not "told": in "Ada Brook, 16, told KCNA, "..."" the one told is the listener).
_LEFT_MID_INVERTED_RE = re.compile(
    rf",[^\S\n]*(?!told\b|tells\b)(?P<cue>{_INVERTED_CUES})[^\S\n]+"
    rf"(?:(?P<s_role>{_ROLE})|(?P<s_name>{_NAME}))[^\S\n]*[,:]\s*$"
)
#: "the agency quoted Sana Hamad, Sudan's minister, as saying": the one quoted speaks.
_RIGHT_QUOTED_AS_RE = re.compile(
    rf"{_LEAD}(?:[\w’'\-.]+[^\S\n]+){{1,4}}?(?P<cue>quoted)[^\S\n]+(?P<s_name>{_NAME}){_APPOS}"
    rf"[^\S\n]+as[^\S\n]+(?:saying|telling)\b"
)
_RIGHT_ACCORDING_RE = re.compile(rf"{_LEAD}(?P<cue>according\s+to)\s+{_subject('s')}")
def _tail_re(reach: int) -> re.Pattern:
    """The rest of a cue's sentence after a quotation that ends its own: a comma or dash going
    on (``"Is it?" Kim said, echoing ...``), or the sentence's end within ``reach`` characters
    (``"We won." Kim said that ...`` is a new sentence)."""
    return re.compile(
        rf"(?!\s+that\b)(?:[^\S\n]*[,;—–(](?![^\S\n]*[\"“„«])|[^.!?\n\"“”]{{0,{reach}}}[.!?])"
    )


#: After a quotation closed by a period, the cue ends its sentence within a few words: '"We won."
#: Kim said on Monday.' ('"We won." Kim wrote a letter to the council.' is a sentence of its own).
_RIGHT_SHORT_TAIL_RE = _tail_re(30)
#: After a quotation closed by "?" or "!", the cue's sentence may run on longer.
_RIGHT_TAIL_OK_RE = _tail_re(80)

# Subjects of sentences outside quotations, for resolving pronouns and role nouns.
_EVENT_VERBS = (
    r"(?:spoke|met|made|took|gave|went|came|sent|won|led|left|began|held|brought|sought"
    r"|became|saw|knew|thought|felt|kept|stood|signed|is|was|has|had|will|would|can|could)"
)
#: The subject name is an atomic group: once the longest name fails, no shorter one is tried, as
#: none could succeed (what a shorter name leaves is a space and a capitalised word, a joining
#: word, "of south Korea" or a title before a capital, never a comma, an auxiliary or a verb).
#: The same matches, a fifth off the scan of a whole document.
_EVENT_RE = re.compile(
    rf"(?=[{_UPPER}tasawnde])"  # the first letters of _NAME and of the verbs of the second branch
    rf"(?:(?<!\w)(?P<s_name>(?>{_NAME})){_APPOS_ONE}\s+(?:{_AUX}\s+){{0,3}}"  # never from mid-word
    rf"(?:{_INVERTED_CUES}|{_EVENT_VERBS}|[a-z]{{3,}}ed)\b"
    rf"|\b(?:said|says|added|wrote|stated|noted|declared|explained|argued)\s+(?P<i_name>{_NAME}))"
)
# Any other verb after a person's name at the start of a clause ("Valko laid a wreath", "In
# Dravel, Quill struck a note"): a lowercase word that is not a function word. Kept only when the
# name looks like a person's.
_FUNCTION_WORDS = (
    r"(?:of|and|or|nor|but|in|on|at|to|for|with|from|by|as|into|onto|upon|about|after|before"
    r"|against|between|during|under|over|than|the|a|an|that|this|these|those|which|who|whom"
    r"|whose|where|when|while|if|s|and|his|her|their|its|our|my|your|per|via|de|del|da|van|von)"
)
_CLAUSE_START = r"(?:(?<![^\n])|(?<=[.!?;:,—–]\s)|(?<=[.!?,][”\"’]\s))"
_SUBJECT_RE = re.compile(
    rf"{_NAME_FIRST}{_CLAUSE_START}(?P<s_name>{_NAME})(?:,[^,;.!?“”\"\n]{{1,100}},)?"
    rf"\s+(?!{_FUNCTION_WORDS}\b)[a-z][a-z’'\-]+\b"
)
# Authors of documents: "a letter from Kim", "the statement issued by the ministry".
_AUTHOR_RE = re.compile(
    r"(?=(?i:[lmsnctdar]))\b(?i:letter|letters|message|messages|statement|note|cable|telegram|communiqu[eé]"
    r"|declaration|appeal|report|commentary|article)\b[^.!?\n“”\"]{0,80}?"
    rf"\b(?:(?:signed|written|sent|issued|authored|delivered)\s+by|from)\s+(?P<a_name>{_NAME})"
)
#: The words that end every match of _AUTHOR_RE before the name (its document noun lies at most
#: 80 characters and the noun's length before them).
_AUTHOR_ANCHOR_RE = re.compile(
    r"\b(?:(?:signed|written|sent|issued|authored|delivered)\s+by|from)\s+"
)
_TITLES = frozenset(
    w.lower()
    for w in (
        "Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Gen.", "Lt.", "Col.", "Sgt.",
        "Capt.", "Prof.", "Sen.", "Rep.", "Gov.", "Adm.", "Maj.", "Amb.", "Rev.", "St.",
        "President", "Vice", "Vice-President", "Prime", "Minister", "Foreign", "Defense", "Defence",
        "Secretary", "Secretary-General", "General", "Chairman", "Chairwoman", "Chair", "Leader",
        "Premier", "Chancellor", "King", "Queen", "Prince", "Princess", "Pope", "Senator",
        "Representative", "Governor", "Ambassador", "Envoy", "Comrade", "Marshal", "Supreme",
        "Commander", "Director", "Chief", "Deputy", "Spokesman", "Spokeswoman", "Spokesperson",
        "Sir", "Dame", "Lord", "Lady", "Madam", "Mayor", "Judge", "Professor", "Colonel",
        "Lieutenant", "Captain", "Sergeant", "Admiral", "Major", "Bishop", "Reverend", "Sheikh",
        "Emir", "Crown", "Sultan", "Excellency", "His", "Her", "Majesty", "Speaker", "First",
        "State", "Affairs", "Interior", "Home", "Finance", "Trade", "Justice", "Dear", "Elder",
        "Honourable", "Honorable", "Hon.", "Former", "Acting", "Interim", "Late", "Mrs", "Dr",
        "Secretary-general", "Vice-Chairman", "Vice-chairman", "Vice-Premier", "Head", "Chief",
        "Minister-Counsellor", "Counsellor", "Consul", "Attorney", "Inspector", "Ms",
        # descriptors written before American names ("Republican Marco Rubio", "Actress ...")
        "Republican", "Democrat", "Democratic", "GOP", "Presidential", "Candidate", "Nominee",
        "Frontrunner", "Front-runner", "Billionaire", "Businessman", "Businesswoman", "Actress",
        "Actor", "Singer", "Rapper", "Comedian", "Activist", "Journalist", "Columnist", "Host",
        "Anchor", "Pastor", "Sheriff", "Coach", "CEO", "Congressman", "Congresswoman",
        "Councilman", "Councilwoman", "Assemblyman", "Assemblywoman", "Strategist", "Pollster",
        "Economist", "Historian", "Conservative", "Liberal", "Progressive", "Rev", "Sens.", "Reps.",
        "Gens.", "Mrs.", "Ms.", "Miss", "Justice", "Chief", "Commissioner", "Superintendent",
    )
) | frozenset(t for t in _LC_TITLE.strip("(?:)").replace("advis[eo]r", "adviser|advisor").split("|"))
_STOP = frozenset(
    w.lower()
    for w in (
        "The", "A", "An", "In", "On", "At", "As", "But", "And", "Or", "So", "Yet", "If", "When",
        "While", "After", "Before", "Earlier", "Later", "Meanwhile", "However", "Also", "Then",
        "Now", "Still", "This", "That", "These", "Those", "Speaking", "Asked", "According",
        "Today", "Yesterday", "Tomorrow", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday", "January", "February", "March", "April", "June", "July", "August",
        "September", "October", "November", "December", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.",
        "Nov.", "Dec.", "For", "From", "With", "By", "To", "Of", "He", "She", "They", "It", "We",
        "I", "You", "His", "Her", "Their", "Its", "Our", "My", "Your", "There", "Here", "Last",
        "Next", "Both", "Each", "Every", "Some", "Many", "Most", "All", "No", "Not", "Even",
        "Said", "Says", "Added", "Wrote", "Explained", "Continued", "Replied", "Noted",
        "Declared", "Warned", "Recalled", "Answered", "Tweeted",
        "Recently", "Separately", "Indeed", "Instead", "Again", "Finally", "Once", "Since",
        "Although", "Though", "Because", "Under", "During", "Among", "Writing", "Addressing",
        "Responding", "Today’s", "Yesterday’s", "Several", "Few", "Other", "Such", "Any",
        "Another", "Various", "Numerous", "Few",
        # sentence adverbs, never the first word of a name
        "Certainly", "Clearly", "Obviously", "Apparently", "Unfortunately", "Fortunately",
        "Interestingly", "Notably", "Similarly", "Likewise", "Initially", "Ultimately",
        "Eventually", "Finally", "Currently", "Previously", "Additionally", "Importantly",
        "Surprisingly", "Ironically", "Predictably", "Understandably", "Frankly", "Presumably",
        "Reportedly", "Allegedly", "Perhaps", "Nonetheless", "Nevertheless", "Moreover",
        # interrogatives and relatives ("What Ada Brook said"); not "Who", which is also WHO
        "What", "Whatever", "Which", "Why", "How", "Where", "Whoever",
    )
)
_ORG_WORDS = frozenset(
    w.lower()
    for w in (
        "Ministry", "Agency", "Committee", "Council", "Party", "Government", "Army", "Navy",
        "Force", "Forces", "Office", "Department", "Embassy", "Assembly", "Organization",
        "Organisation", "Association", "Institute", "University", "News", "Times", "Post",
        "Sinmun", "Bank", "Fund", "Court", "House", "Kremlin", "Pentagon", "Union", "Nations",
        "States", "Kingdom", "Republic", "Federation", "Commission", "Secretariat", "Command",
        "Corporation", "Company", "Group", "Inc", "Ltd", "Radio", "Television", "TV", "Xinhua",
        "Reuters", "Tass", "Yonhap", "Square", "Street", "Avenue", "Prize", "Foundation",
        "Center", "Centre", "Korea", "Korean", "Russia", "Russian", "China", "Chinese", "Japan",
        "Japanese", "America", "American", "Europe", "European", "Ukraine", "Ukrainian",
        "Pyongyang", "Moscow", "Beijing", "Washington", "Seoul", "Tokyo", "Kyiv", "Kiev",
        "London", "Paris", "Berlin", "Treaty", "Charter", "Declaration", "Daily", "Journal",
        "Review", "Herald", "Tribune", "Gazette", "Press", "Service", "Services", "Authority",
        "Network", "Broadcasting", "Region", "Province", "City", "Island", "Islands", "Sea",
        "Ocean", "River", "Mountain", "Mt.", "Hall", "Palace", "Stadium", "Airport", "Hospital",
        "School", "College", "Academy", "Society", "League", "Front", "Movement", "Alliance",
        "Coalition", "Congress", "Parliament", "Senate", "Cabinet", "Presidium", "Bureau",
        "Mission", "Delegation", "Administration", "Authorities", "Police", "Peninsula",
        "Gulf", "East", "West", "North", "South", "Northern", "Southern", "Eastern", "Western",
        "Commonwealth", "Headquarters", "Branch", "Staff", "Board", "Division", "Corps",
        "Brigade", "Regiment", "Directorate", "Chamber", "Base",
    )
)
#: Institution nouns that head a name of the form "<Institution> of ..." ("Ministry of Defence").
_ORG_HEADS = frozenset(
    ("ministry", "agency", "committee", "office", "embassy", "department", "council",
     "commission", "secretariat", "government", "presidium", "bureau", "federation", "union")
)
_PERSON_PRONOUNS = frozenset(("he", "she", "his", "her"))
_POSSESSIVE_RE = re.compile(r"[’']s$")
_CANON_TOKEN = (
    rf"(?:(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Prof|Sen|Rep|Gov)\.|[{_UPPER}]\.(?={_GAP}[{_UPPER}])"
    rf"|[{_UPPER}][\w’'\-]*)"
)

#: The first _CANON_TOKEN of a phrase, written to open with the capital it starts with (the
#: engine then scans for capitals instead of trying every position): each title abbreviation
#: checks the capital consumed before it; the same matches, alternatives in the same order.
_CANON_FIRST = (
    rf"[{_UPPER}](?:(?<=M)(?:r|rs|s)\.|(?<=D)r\.|(?<=G)(?:en|ov)\.|(?<=L)t\.|(?<=C)ol\."
    rf"|(?<=P)rof\.|(?<=S)en\.|(?<=R)ep\.|\.(?={_GAP}[{_UPPER}])|[\w’'\-]*)"
)
_PHRASE_RE = re.compile(
    rf"{_CANON_FIRST}(?:{_GAP}(?:{_JOIN_SEQ}?{_CANON_TOKEN}|{_OF_LC_KOREA}))*"
)

#: The end of a long appositive and the cue after it: "Clinton, 35, the daughter of ..., said",
#: "Jason Sims — a teacher from Mount Pleasant — says", "Katie Packer, who chairs Acme PAC said".
_APPOS_END_CUE_RE = re.compile(
    rf"(?:[,)—–]|(?<=[\w.])(?=[^\S\n]+(?:{_AUX}[^\S\n]+){{0,2}}[a-z]))[^\S\n]*"
    rf"(?:(?:{_AUX}|[a-z]+ly)[^\S\n]+){{0,2}}(?P<cue>{_CUE_VERBS})\b"
)
#: What may follow a name to open an appositive: a comma, a dash, a party tag in brackets, or
#: "of" and a lower-case word ("Ada Brook of consulting firm Acme said").
_APPOS_OPEN_RE = re.compile(r"[^\S\n]*(?:,|[—–]|--|\()|[^\S\n]+of[^\S\n]+(?=[a-z])")
_APPOS_REACH = 320  # characters of appositive between a name and its cue

#: A preposition just before a name: the name is an object there ("in Salem, Ada Brook said",
#: "told the Observer"), never the subject of the clause.
_PREPOSITION_BEFORE_RE = re.compile(
    r"(?<![\w’'])(?:in|at|from|of|to|for|with|by|on|near|into|across|toward|towards|against|about"
    r"|outside|inside|like|under|over|during|via|per|than|including|between|among|In|At|From"
    r"|On|Of|For|With|By|To|Near|Outside|Inside|Like|Under|During|Via|Per)[^\S\n]+(?:the[^\S\n]+)?$"
)

#: A capitalised preposition opening a name-like phrase ("Of Reed,", "In Pellam,").
_OPENS_WITH_PREPOSITION_RE = re.compile(
    r"(?:In|At|From|On|Of|For|With|By|To|Near|Outside|Inside|Like|Under|During)[^\S\n]+[A-Z]"
)


def after_preposition(text: str, pos: int) -> bool:
    """Whether the name at ``pos`` follows a preposition (so is no subject)."""
    return _PREPOSITION_BEFORE_RE.search(text, max(0, pos - 16), pos) is not None


def search_subjects(regex: re.Pattern, text: str, lo: int, hi: int, group: str = "s_name"):
    """Matches of ``regex`` in ``text[lo:hi]`` left to right, skipping those whose ``group`` (a
    name) follows a preposition and precedes a comma ("In Salem, ...", "to the Observer, ..."):
    the search goes on just past such a name's first letter."""
    pos = lo
    while True:
        m = regex.search(text, pos, hi)
        if m is None:
            return
        start = m.start(group) if m.group(group) is not None else -1
        if start >= 0 and text.startswith(",", m.end(group)) and (
            after_preposition(text, start) or _OPENS_WITH_PREPOSITION_RE.match(text, start)
        ) and not (
            text[max(0, start - 8):start].rstrip().endswith(("of", "of the"))
            and any(w.lower() in _ORG_WORDS for w in m.group(group).split())
        ):  # "the spokesman of the Labour Party said": a body after "of" may stand for its spokesman
            pos = start + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1

#: An inverted cue ending the sentence after a quotation that does not end it: '"..." since so
#: many cases were close, said Ada Brook, a law professor.'
_RIGHT_LATE_INVERTED_RE = re.compile(
    rf",[^\S\n]*(?P<cue>{_INVERTED_CUES})[^\S\n]+(?:{_DESC})??(?P<s_name>{_NAME}){_NAME_END}"
)
