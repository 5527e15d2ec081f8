"""Quotes stage: documents -> quotations with their speakers and attribution cues.

Reads the documents columns ``doc_id``, ``text`` and ``speaker`` (the speaker may be NA) and
writes one row per quotation: ``doc_id``, ``quote_id`` (0-based within the document, in text
order), ``start``, ``end`` (span of the quoted text without the quote marks, so
``text[start:end]`` is the quotation), ``text``, ``speaker`` and ``cue``.

How quotations are found
------------------------
* Double quote marks only: straight ``"``, curly ``“ ”``, low ``„``, guillemets ``« »``.
  Single quotes (``'...'``, ``‘...’``) are apostrophes or quotes nested inside a quotation and are
  never extracted. A straight ``"`` opens a quotation when it is followed by a non-space and not
  preceded by a letter or digit; inside a quotation the next ``"`` closes it.
* Partial and scare quotes ("shared blood") are quotations like any other.
* A quotation never runs past the end of its paragraph. A paragraph ends at a blank line, or at
  a line break that follows sentence-final punctuation (``. ! ? : ;``, optionally with a closing
  quote or bracket). An unclosed quotation is capped there and kept up to that point.
* Multi-paragraph quotations (each paragraph opens with a quote mark, only the last closes) give
  **one row per paragraph**; the rows of such a run share their speaker and cue.

How speakers are found
----------------------
For each quotation the words around it, within its sentence, are searched for an attribution:
``SUBJECT [also/has/...] CUE`` before or after the quote (``Kim said``, ``, he added``,
``Kim also wished Putin "..."``, ``Kim described 2025 as a "..."``, ``the letter read``), the
inverted ``"...," said Kim``, ``according to SUBJECT``, ``in his words`` / ``in the words of
SUBJECT``, and participles without a subject (``, adding, "..."``), which take the subject of
their sentence. The subject is the phrase directly before the verb, so an object after the verb
is never the speaker. A sentence that ends in a colon right before a line break introduces the
quotation opening the next paragraph (``Quill explained why:`` / ``“I tried ...``).

Pronouns and role nouns (he, she, they, it, the letter, the statement, the ministry, the
spokesman ...) resolve to the most recent fitting speaker named as the subject of a sentence
earlier in the document (he/she: a person; a letter, message or statement: its author, the most
recent named subject; a ministry or agency: a named subject containing that word). A person's
name at the start of a clause followed by any verb ("In Dravel, Chairman Idris Valko laid a
wreath") counts as a subject for he, she and person nouns only.

Names
-----
Titles are stripped, and so is a trailing place: "Chairman Idris Valko of Varnia" and "President
Maren Solvik of the Federation of Oskar" are "Idris Valko" and "Maren Solvik" (an apposition such
as ", Foreign Minister of Castile," is never part of the name). Each name is made canonical within
its document: the longest full name in the document, or in its ``speaker`` metadata, that starts
or ends with it ("Kim" -> "Kim Jong Un", "Solvik" -> "Maren Solvik", "Russian President
Vladimir Putin" -> "Vladimir Putin"). A role with a place and no name ("the Emir of Qatar said")
is named by the role ("Emir of Qatar"), or by the name in its apposition ("the Prime Minister of
Cape Verde, Mr. José Maria Neves, said" -> "José Maria Neves").

Organisations keep their head noun and their country, so that the ministries of two countries
stay two speakers: the phrase loses its article and a possessive, and is title-cased. "the
Aldmere foreign ministry", "Aldmere's foreign ministry" -> "Aldmere Foreign Ministry";
"Pyongyang's Defence Ministry" -> "Pyongyang Defence Ministry"; "The Foreign Ministry" ->
"Foreign Ministry". A name written "<Institution> of ..." is kept whole, as statements' ``speaker``
metadata write it: "The Ministry of Foreign Affairs of Castile" -> "Ministry of Foreign Affairs of
Castile". Word order is kept: "Aldmere Foreign Ministry" and "Foreign Ministry of Aldmere" are not
merged (that needs a gazetteer of institutions).

First-person subjects (I, we, my delegation, our government) are the document's ``speaker``.
A quotation without a cue of its own takes the attribution of the other paragraphs of its
multi-paragraph run (the first paragraph that has one, usually the first: ``..., he said: “...``);
else, when it opens its sentence or shares a sentence with the previous quotation, the previous
quotation's (same paragraph, or the next paragraph when it opens it: the news convention of
continuing a speaker's quote); else the document's ``speaker``, else ``"unattributed"`` (``cue``
is NA for both fallbacks).
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

from ._schema import str_series
from .exceptions import SchemaError

__all__ = ["extract_quotes", "QUOTE_COLUMNS"]

#: Columns of the quotes table, in order.
QUOTE_COLUMNS = ["doc_id", "quote_id", "start", "end", "text", "speaker", "cue"]
_REQUIRED = ("doc_id", "text", "speaker")
UNATTRIBUTED = "unattributed"

# ---------------------------------------------------------------------------------------------
# Quote marks and paragraphs
# ---------------------------------------------------------------------------------------------
_MARK_RE = re.compile(r"[\"“”„‟«»]")
_OPENERS = "“‟„«"
_CLOSERS_FOR = {'"': '"”', "“": "”\"", "‟": "”\"", "„": "“”\"", "«": "»"}
_NEST_FOR = {"“": "“", "‟": "‟", "«": "«"}
_PARA_BREAK_RE = re.compile(
    # every match begins with a space, tab or line break; the lookahead says so to the engine
    r"(?=[ \t\n])(?:(?:(?<=[.!?:;])|(?<=[.!?:;][\"”’»)\]]))[ \t]*\n|[ \t]*\n[ \t]*\n)"
)
_NEXT_OPENS_RE = re.compile(r"\s*[\"“„‟«]")
_HAS_WORD_RE = re.compile(r"[^\W_]")
_SPACE = frozenset(" \t\n\r\f\v\u00a0\u2009\u202f")

# Sentence boundaries (for the attribution windows): end punctuation, optional closers, space;
# not after a few abbreviations or single initials ("Mr. Kim", "U.S. President", "John F.").
_ABBREV_LOOKBEHIND = "".join(
    rf"(?<!\b{a}\.)"
    for a in ("Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Col", "Lt", "Sgt", "Capt", "Prof", "Sen",
              "Rep", "Gov", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
              "Oct", "Nov", "Dec", "Adm", "Maj", "Amb", "Rev", "Jr", "Sr", "vs")
)
_SENT_END_RE = re.compile(
    rf"(?:[.!?…](?<![\s.][A-Z]\.){_ABBREV_LOOKBEHIND}[.!?…]*[\"”’»)\]]*\s+"
    r"|\n[ \t]*\n|(?<=[.!?:;])[ \t]*\n)"
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
)
_ORG_NOUN_SET = frozenset(w.split()[-1] for w in _ORG_NOUNS)
_ROLE_NOUN = "|".join(
    sorted({*_DOC_NOUNS, *_ORG_NOUNS, *_PERSON_NOUNS}, key=len, reverse=True)
).replace(" ", r"\s+")
_ROLE = (
    rf"(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur|[{_UPPER}][\w\-]*[’']s)\s+"
    rf"(?:[\w’'\-]+\s+){{0,4}}?"
    rf"(?i:{_ROLE_NOUN})\b"
)


def _subject(tag: str) -> str:
    return rf"(?:(?P<{tag}_pron>{_PRONOUN})|(?P<{tag}_role>{_ROLE})|(?P<{tag}_name>{_NAME}))"


_CUE_VERBS = (
    r"(?:said|says|say|added|adds|told|tells|wrote|writes|stated|states|noted|notes|stressed"
    r"|stresses|declared|declares|described|describes|praised|praises|referred\s+to"
    r"|refers\s+to|wished|wishes|called|calls|urged|urges|warned|warns|insisted|insists"
    r"|asserted|asserts|argued|argues|claimed|claims|explained|explains|announced|announces"
    r"|emphasi[sz]ed|emphasi[sz]es|underlined|underscored|remarked|observed|replied|responded"
    r"|continued|concluded|acknowledged|admitted|pledged|vowed|promised|asked|asks|recalled"
    r"|quoted|read|reads|termed|dubbed|labell?ed|hailed|denounced|condemned|accused|branded"
    r"|lauded|affirmed|reaffirmed|reiterated|pointed\s+out|went\s+on|confirmed|portrayed"
    r"|characteri[sz]ed|complained|cautioned|predicted|proclaimed|highlighted|mentioned"
    r"|suggested|thanked|congratulated|expressed|welcomed|blasted|slammed|criticized"
    r"|criticised|demanded|disclosed|revealed|boasted|joked|shouted|whispered|testified"
    r"|tweeted|posted|commented|answered|cited|invoked|hoped|expects|believes|reminds|reminded"
    # State media reporting an adversary's words with a verb that mocks them (KCNA: "Lee
    # blustered that ...", "he jabbered ..."), and crowds' slogans.
    r"|blustered|blusters|vociferated|vociferates|trumpeted|trumpets|raved|raves|ranted|rants"
    r"|jabbered|prattled|babbled|bragged|brags|uttered|clamou?red|cried|chanted|yelled"
    r"|screamed|bellowed)"
)
_PARTICIPLES = (
    r"(?:adding|saying|noting|stressing|warning|declaring|stating|calling|describing|urging"
    r"|insisting|asserting|arguing|claiming|explaining|emphasi[sz]ing|underlining|referring\s+to"
    r"|praising|wishing|vowing|pledging|affirming|reiterating|recalling|asking|hailing"
    r"|denouncing|condemning|terming|dubbing|labell?ing|branding|highlighting|expressing"
    r"|concluding|continuing|writing|telling\s+\w+|quoting|citing|promising|demanding"
    r"|blustering|vociferating|trumpeting|raving|ranting|jabbering|prattling|babbling|bragging"
    r"|boasting|uttering|clamou?ring|crying|chanting|shouting|yelling|screaming)"
)
_AUX = (
    r"(?:also|has|have|had|was|were|is|will|would|then|later|further|again|reportedly|once"
    r"|publicly|repeatedly|previously|earlier|recently|already|not|never|been|simply|only"
    r"|even|in\s+turn|once\s+said|famously|quoted\s+as|on\s+\w+day)"
)
# An appositive between commas; KCNA's "secretary of the C.C., Workers' Party of Korea," (the
# Central Committee, then whose) holds one more comma.
_APPOS = r"(?P<appos>,[^,;“”\"\n]{1,100}(?:(?<=C\.C\.),[^,;“”\"\n]{1,100})?,)?"

_LEFT_CUE_RE = re.compile(rf"\b{_subject('s')}{_APPOS}\s+(?:{_AUX}\s+){{0,3}}(?P<cue>{_CUE_VERBS})\b")
_LEFT_WORDS_RE = re.compile(
    rf"\b[Ii]n\s+(?P<poss>his|her|their|its|{_NAME}[’']s)\s+(?:own\s+)?words\b"
    rf"|\b[Ii]n\s+the\s+words\s+of\s+{_subject('w')}"
)
_LEFT_ACCORDING_RE = re.compile(rf"\b[Aa]ccording\s+to\s+{_subject('a')}")
_LEFT_PARTICIPLE_RE = re.compile(
    rf"(?:[,;:—–]\s*|\band\s+|(?<=[\"”»])\s*)(?P<cue>{_PARTICIPLES})\b"
)
_ANY_CUE_RE = re.compile(rf"\b{_CUE_VERBS}\b")
_SUBJECT_REACH = 240  # the subject, appositive and auxiliaries before a cue verb fit in this
_AS_TAIL_RE = re.compile(r"\bas\s+(?:an?\s+|the\s+)?$")

_LEAD = r"[ \t]*[,;:—–-]?[ \t]*"
_RIGHT_CUE_RE = re.compile(
    rf"{_LEAD}{_subject('s')}{_APPOS}\s+(?:{_AUX}\s+){{0,2}}(?P<cue>{_CUE_VERBS})\b"
)
_RIGHT_INVERTED_RE = re.compile(
    rf"{_LEAD}(?P<cue>said|says|added|adds|wrote|writes|stated|noted|declared|continued"
    rf"|asked|replied|explained|insisted|warned|read|reads|concluded|recalled|stressed)"
    rf"\s+{_subject('s')}"
)
_RIGHT_ACCORDING_RE = re.compile(rf"{_LEAD}(?P<cue>according\s+to)\s+{_subject('s')}")
_RIGHT_TAIL_OK_RE = re.compile(r"(?!\s+that\b)[^.!?\n\"“”]{0,80}[.!?]")

# Subjects of sentences outside quotations, for resolving pronouns and role nouns.
_EVENT_VERBS = (
    r"(?:spoke|met|made|took|gave|went|came|sent|won|led|left|began|held|brought|sought"
    r"|became|saw|knew|thought|felt|kept|stood|signed|is|was|has|had|will|would|can|could)"
)
_EVENT_RE = re.compile(
    rf"(?=[{_UPPER}tasawnde])"  # the first letters of _NAME and of the verbs of the second branch
    rf"(?:(?<!\w)(?P<s_name>{_NAME}){_APPOS}\s+(?:{_AUX}\s+){{0,3}}"  # never from mid-word
    rf"(?:{_CUE_VERBS}|{_EVENT_VERBS}|[a-z]{{3,}}ed)\b"
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
        "Recently", "Separately", "Indeed", "Instead", "Again", "Finally", "Once", "Since",
        "Although", "Though", "Because", "Under", "During", "Among", "Writing", "Addressing",
        "Responding", "Today’s", "Yesterday’s", "Several", "Few", "Other", "Such", "Any",
        "Another", "Various", "Numerous", "Few",
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
_CANON_TOKEN = rf"(?:(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Prof|Sen|Rep|Gov)\.|[{_UPPER}][\w’'\-]*)"

_PHRASE_RE = re.compile(
    rf"(?=[{_UPPER}]){_CANON_TOKEN}(?:{_GAP}(?:{_JOIN_SEQ}?{_CANON_TOKEN}|{_OF_LC_KOREA}))*"
)


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def extract_quotes(corpus: pd.DataFrame) -> pd.DataFrame:
    """Find the quotations in each document and attribute them to speakers.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A documents table with at least the columns ``doc_id``, ``text`` and ``speaker``
        (``speaker`` may be NA). Offsets refer to ``text`` as given, so pass the cleaned text
        from :func:`researchlib.corpus.load_corpus`.

    Returns
    -------
    pandas.DataFrame
        One row per quotation, in document then text order, with columns ``doc_id`` (str),
        ``quote_id`` (int, 0-based within the document), ``start`` and ``end`` (int, span of
        the quoted text without the quote marks), ``text`` (str, ``doc.text[start:end]``),
        ``speaker`` (str: canonical speaker name, the document's ``speaker``, or
        ``"unattributed"``) and ``cue`` (str or NA: the attribution words found, e.g. "said",
        "in his words", "the letter read", "according to").

    Raises
    ------
    SchemaError
        If ``corpus`` is not a DataFrame with the columns ``doc_id``, ``text`` and ``speaker``.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["d1"], "speaker": [None],
    ...                      "text": ['"We will win," Kim said, "and we will prosper."']})
    >>> extract_quotes(docs)[["text", "speaker", "cue"]].values.tolist()
    [['We will win,', 'Kim', 'said'], ['and we will prosper.', 'Kim', 'said']]
    """
    if not isinstance(corpus, pd.DataFrame):
        raise SchemaError(
            f"extract_quotes: argument 'corpus' must be a documents DataFrame, "
            f"got {type(corpus).__name__}"
        )
    missing = [c for c in _REQUIRED if c not in corpus.columns]
    if missing:
        raise SchemaError(
            f"extract_quotes: argument 'corpus' lacks required column(s) {missing}; "
            f"columns present: {list(map(str, corpus.columns))}"
        )
    cols: dict[str, list] = {c: [] for c in QUOTE_COLUMNS}
    for doc_id, text, speaker in zip(
        corpus["doc_id"].tolist(), corpus["text"].tolist(), corpus["speaker"].tolist()
    ):
        if not isinstance(text, str) or _MARK_RE.search(text) is None:
            continue
        doc_speaker = speaker.strip() if isinstance(speaker, str) and speaker.strip() else None
        for qid, (start, end, who, cue) in enumerate(_extract_document(text, doc_speaker)):
            cols["doc_id"].append(str(doc_id))
            cols["quote_id"].append(qid)
            cols["start"].append(start)
            cols["end"].append(end)
            cols["text"].append(text[start:end])
            cols["speaker"].append(who)
            cols["cue"].append(cue)
    return pd.DataFrame(
        {
            "doc_id": str_series(cols["doc_id"]),
            "quote_id": pd.Series(cols["quote_id"], dtype="int64"),
            "start": pd.Series(cols["start"], dtype="int64"),
            "end": pd.Series(cols["end"], dtype="int64"),
            "text": str_series(cols["text"]),
            "speaker": str_series(cols["speaker"]),
            "cue": str_series(cols["cue"]),
        },
        columns=QUOTE_COLUMNS,
    )


# ---------------------------------------------------------------------------------------------
# Finding quotation spans
# ---------------------------------------------------------------------------------------------
class _Quote:
    __slots__ = ("open", "start", "end", "after", "closed", "chain_prev", "opens_para",
                 "para_no", "speaker", "cue", "subject_pos", "subject_person",
                 "starts_sentence")  # starts_sentence: or continues the previous quote's

    def __init__(self, open_, start, end, after, closed, chain_prev, opens_para, para_no):
        self.open = open_
        self.start = start
        self.end = end
        self.after = after
        self.closed = closed
        self.chain_prev = chain_prev
        self.opens_para = opens_para
        self.para_no = para_no
        self.speaker: str | None = None
        self.cue: str | None = None
        self.subject_pos = -1
        self.subject_person = False
        self.starts_sentence = False


def _opens_straight(text: str, pos: int) -> bool:
    nxt = text[pos + 1] if pos + 1 < len(text) else " "
    if nxt in _SPACE:
        return False
    prev = text[pos - 1] if pos > 0 else " "
    return not prev.isalnum()


def _closes(kind: str, mark: str, text: str, pos: int) -> bool:
    if mark not in _CLOSERS_FOR[kind]:
        return False
    if mark == '"' and kind != '"':
        return pos > 0 and text[pos - 1] not in _SPACE
    return True


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return start, end


def _find_spans(text: str) -> list[_Quote]:
    marks = [(m.start(), m.group()) for m in _MARK_RE.finditer(text)]
    quotes: list[_Quote] = []
    chain_next = False
    sep = "\n\n" if "\n\n" in text else "\n"
    para_count, counted_to = 0, 0  # paragraphs before `counted_to`, kept as a running count
    i, n = 0, len(marks)
    while i < n:
        pos, mark = marks[i]
        i += 1
        if not (mark in _OPENERS or (mark == '"' and _opens_straight(text, pos))):
            continue  # a stray closing mark
        brk = _PARA_BREAK_RE.search(text, pos)
        para_end = brk.start() if brk else len(text)
        depth, close = 1, -1
        nest = _NEST_FOR.get(mark)
        while i < n and marks[i][0] < para_end:
            p, m = marks[i]
            i += 1
            if _closes(mark, m, text, p):
                depth -= 1
                if depth == 0:
                    close = p
                    break
            elif m == nest:
                depth += 1
        line_start = text.rfind("\n", 0, pos) + 1
        opens_para = not text[line_start:pos].strip()
        para_count += text.count(sep, counted_to, pos)
        counted_to = pos
        para_no = para_count
        if close >= 0:
            start, end = _trimmed(text, pos + 1, close)
            after, closed = close + 1, True
        else:
            start, end = _trimmed(text, pos + 1, para_end)
            after, closed = para_end, False
            while i < n and marks[i][0] < para_end:
                i += 1
        prev = len(quotes) - 1 if chain_next and quotes else None
        chain_next = False
        if end > start and _HAS_WORD_RE.search(text, start, end):
            quotes.append(_Quote(pos, start, end, after, closed, prev, opens_para, para_no))
            if not closed and brk is not None and _NEXT_OPENS_RE.match(text, brk.end()):
                chain_next = True
    return quotes


# ---------------------------------------------------------------------------------------------
# Names: parsing subject phrases, canonical forms, sentence subjects
# ---------------------------------------------------------------------------------------------
def _name_tokens(phrase: str) -> tuple[list[str], bool]:
    """Title-stripped name tokens of a capitalised phrase, and whether a title preceded them."""
    tokens = phrase.split()
    while tokens and tokens[-1].lower() in _STOP:
        tokens.pop()
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
        if low in _TITLES:
            cut, titled = k + 1, True
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


def _is_person(tokens: list[str], titled: bool) -> bool:
    if not tokens or any(t.lower() in _ORG_WORDS for t in tokens):
        return False
    if any(len(t) > 1 and t.isupper() and "." not in t for t in tokens):
        return titled
    return titled or len(tokens) >= 2


class _Doc:
    """Per-document state: text, canonical-name cache, sentence subjects (built lazily)."""

    def __init__(self, text: str, speaker: str | None, quotes: list[_Quote]):
        self.text = text
        self.speaker = speaker
        self.quotes = quotes
        self._quote_opens = [q.open for q in quotes]
        self._canon: dict[str, tuple[str, bool]] = {}
        self._phrases: dict[str, list[tuple[list[str], bool]]] | None = None
        self._events: list[tuple[int, str, bool]] | None = None
        self._event_pos: list[int] = []

    def canonical(self, tokens: list[str], titled: bool) -> tuple[str, bool]:
        """Canonical name and person flag for title-stripped name tokens."""
        key = " ".join(tokens)
        hit = self._canon.get(key)
        if hit is not None:
            return hit[0], hit[1] or titled
        best, best_titled = tokens, titled
        if not any(t.lower() in _ORG_WORDS for t in tokens):
            for cand, cand_titled in self.phrases().get(tokens[-1], ()):
                if cand == tokens:
                    best_titled = best_titled or cand_titled
                elif len(cand) > len(best) and _contains(cand, tokens):
                    best, best_titled = cand, cand_titled or best_titled
        result = (" ".join(best), _is_person(best, best_titled))
        self._canon[key] = result
        return result[0], result[1] or titled

    def phrases(self) -> dict[str, list[tuple[list[str], bool]]]:
        """Title-stripped capitalised phrases of the document that could be personal
        names, indexed by each of their tokens (built once per document)."""
        if self._phrases is None:
            index: dict[str, list[tuple[list[str], bool]]] = {}
            seen = set()
            found = [m.group() for m in _PHRASE_RE.finditer(self.text)]
            if self.speaker:  # the document's speaker metadata names a full name too
                found.append(self.speaker)
            for phrase in found:
                if phrase in seen:
                    continue
                seen.add(phrase)
                cand, titled = _name_tokens(phrase)
                if not cand or any(t.lower() in _ORG_WORDS for t in cand):
                    continue
                for tok in set(cand):
                    index.setdefault(tok, []).append((cand, titled))
            self._phrases = index
        return self._phrases

    def is_person(self, name: str) -> bool:
        """Whether a canonical name looks like a person's."""
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
            spans = [(q.open, q.after) for q in self.quotes]
            opens = [s for s, _ in spans]
            events = []
            stop = self.quotes[-1].open
            for regex, group, author in (
                (_EVENT_RE, None, False),
                (_SUBJECT_RE, "s_name", False),
                (_AUTHOR_RE, "a_name", True),
            ):
                weak = regex is _SUBJECT_RE
                for m in regex.finditer(self.text, 0, stop):
                    grp = group or ("s_name" if m.group("s_name") is not None else "i_name")
                    pos = m.start(grp)
                    k = bisect.bisect_right(opens, pos) - 1
                    if k >= 0 and pos < spans[k][1]:
                        continue
                    tokens, titled = _name_tokens(m.group(grp))
                    if tokens:
                        name, person = self.canonical(tokens, titled)
                        if person or not weak:
                            events.append((pos, name, person, author, weak))
            events.sort()
            self._events = events
            self._event_pos = [e[0] for e in events]
        return self._event_pos, self._events

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
            def fits(e):
                return e[2]
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


# ---------------------------------------------------------------------------------------------
# Attribution
# ---------------------------------------------------------------------------------------------
def _extract_document(text: str, doc_speaker: str | None) -> list[tuple[int, int, str, str | None]]:
    quotes = _find_spans(text)
    if not quotes:
        return []
    doc = _Doc(text, doc_speaker, quotes)
    for k in range(len(quotes)):
        _attribute(doc, k)
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
    # continuation of the previous quotation (same paragraph, or opening the next one)
    for k, q in enumerate(quotes):
        if q.speaker is None and k > 0 and q.starts_sentence:
            prev = quotes[k - 1]
            if prev.speaker and (
                prev.para_no == q.para_no or (q.opens_para and q.para_no == prev.para_no + 1)
            ):
                q.speaker, q.cue = prev.speaker, prev.cue
    return [
        (q.start, q.end, q.speaker or doc_speaker or UNATTRIBUTED, q.cue if q.speaker else None)
        for q in quotes
    ]


def _left_window(doc: _Doc, k: int) -> tuple[int, bool]:
    """Start of the text before quote ``k`` in its sentence, and whether it shares the
    sentence with the previous quotation."""
    q = doc.quotes[k]
    lo = max(0, q.open - _WINDOW)
    prev = doc.quotes[k - 1] if k else None
    same_as_prev = False
    if prev is not None and prev.after > lo:
        lo = prev.after
        same_as_prev = prev.closed and not _ENDS_SENTENCE_RE.search(doc.text, prev.start, prev.end)
    last = _last_sentence_end(doc.text, lo, q.open)
    if last is not None and last.end() == q.open and last.start() > lo and (
        doc.text[last.start() - 1] == ":"
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


def _speaker_of(doc: _Doc, m: re.Match, tag: str, local: list) -> tuple[str | None, int, bool]:
    """Speaker named by a subject group of match ``m``: (name, position, is_named)."""
    name = m.group(f"{tag}_name")
    if name is not None:
        tokens, titled = _name_tokens(name)
        if tokens:
            return doc.canonical(tokens, titled)[0], m.start(f"{tag}_name"), True
        if titled:  # a bare role such as "the Prime Minister"
            appos = (m.groupdict().get("appos") or "").strip(", ")
            if appos and _NAME_RE.fullmatch(appos):
                # "the Prime Minister of Cape Verde, Mr. José Maria Neves, said"
                tokens, titled = _name_tokens(appos)
                if tokens and _is_person(tokens, titled):
                    return doc.canonical(tokens, titled)[0], m.start("appos") + 2, True
            words = name.split()
            while words and words[0].lower() in _STOP:
                words = words[1:]
            if "of" in words:  # "the Emir of Qatar": the role names the speaker
                return " ".join(words), m.start(f"{tag}_name"), True
            return doc.resolve("he", m.start(), local), -1, False
        return None, -1, False
    role = m.group(f"{tag}_role")
    first = (role or m.group(f"{tag}_pron") or "").split()
    if first and first[0].lower() in _FIRST_PERSON:
        return doc.speaker, -1, False  # "I said", "my delegation believes": the document's speaker
    if role is not None:
        org = _org_phrase(role)
        if org is not None:
            return doc.canonical(org, False)[0], m.start(f"{tag}_role"), True
        tokens, titled = _name_tokens(" ".join(t for t in role.split() if t[:1].isupper()))
        noun = role.split()[-1].lower()
        if tokens and not (noun in _PERSON_NOUNS and all(t.lower() in _ORG_WORDS for t in tokens)):
            return doc.canonical(tokens, titled)[0], m.start(f"{tag}_role"), True
        return doc.resolve(" ".join(role.split()[1:]), m.start(), local), -1, False
    pron = m.group(f"{tag}_pron")
    return doc.resolve(pron, m.start(), local), -1, False


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
    role = m.group(f"{tag}_role")
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
        _LEFT_CUE_RE.finditer(text, max(lo, first_cue.start() - _SUBJECT_REACH), q.open)
        if first_cue is not None
        else ()
    )
    for m in cue_matches:
        who, spos, named = _speaker_of(doc, m, "s", local)
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
        best = (m.end(), who, cue, spos if named else -1)
    for m in _LEFT_WORDS_RE.finditer(text, *span) if "words" in left else ():
        if best is not None and m.end() < best[0]:
            continue
        poss = m.group("poss")
        if poss is not None:
            if poss.lower() in ("his", "her", "their", "its"):
                resolved = doc.resolve(
                    {"his": "he", "her": "she"}.get(poss.lower(), "they"), m.start(), local
                )
                who = resolved
            else:
                tokens, titled = _name_tokens(poss)
                who = doc.canonical(tokens, titled)[0] if tokens else None
            cue = f"in {poss.lower() if poss.lower() in ('his', 'her', 'their', 'its') else poss} words"
        else:
            who = _speaker_of(doc, m, "w", local)[0]
            cue = "in the words of"
        if who is not None:
            best = (m.end(), who, cue, -1)
    for m in _LEFT_ACCORDING_RE.finditer(text, *span) if "ccording" in left else ():
        if best is not None and m.end() < best[0]:
            continue
        who, spos, named = _speaker_of(doc, m, "a", local)
        if who is not None:
            best = (m.end(), who, "according to", spos if named else -1)
    for m in _LEFT_PARTICIPLE_RE.finditer(text, *span):
        if best is not None and m.end() < best[0]:
            continue
        cue = " ".join(m.group("cue").split())
        if same_as_prev and k and doc.quotes[k - 1].speaker:
            who = doc.quotes[k - 1].speaker
        elif local:
            who = local[-1][1]
        else:
            who = doc.resolve("they", q.open, local)
        if who is not None:
            best = (m.end(), who, cue, -1)
    right = _attribute_right(doc, k)
    if right is not None:
        best = (0, *right)
    if best is not None:
        q.speaker, q.cue = best[1], best[2]
        q.subject_pos = best[3] if best[3] >= 0 else q.open
        q.subject_person = doc.is_person(best[1])


def _attribute_right(doc: _Doc, k: int) -> tuple[str, str, int] | None:
    q = doc.quotes[k]
    r_lo, r_hi = _right_window(doc, k)
    if r_hi <= r_lo:
        return None
    text = doc.text
    sentence_done = _ENDS_SENTENCE_RE.search(text, q.start, q.end) is not None
    for regex in (_RIGHT_CUE_RE, _RIGHT_INVERTED_RE, _RIGHT_ACCORDING_RE):
        m = regex.match(text, r_lo, r_hi)
        if m is None:
            continue
        if sentence_done and not _RIGHT_TAIL_OK_RE.match(text, m.end(), r_hi):
            continue
        who, spos, named = _speaker_of(doc, m, "s", [])
        if who is None:
            continue
        cue = " ".join(m.group("cue").split())
        noun = _doc_noun(m, "s")
        if noun:
            cue = f"{noun} {cue}"
        return who, cue, spos if named else -1
    return None
