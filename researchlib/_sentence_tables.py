"""Word lists of the sentence splitter (researchlib.sentences and its C twin in _speedups.c).

Plain data: frozensets of tokens (the token before a period, without the period) and
the two attribution patterns.  The C splitter receives these very objects, so a word
added here changes both implementations alike.
"""

from __future__ import annotations

import re

#: Closing quote marks and brackets (a wrong-way “ or ‘ closes too).
CLOSERS = "\"”’'»)]“‘"
#: Never a sentence end when they precede the period (case-sensitive).
TITLES = frozenset(
    "Dr Mr Mrs Ms Mme Mmes Messrs Prof Gen Col Lt Sgt Gov Sen Sens Rep Reps St Capt Maj Adm "
    "Cmdr Cdr Rev Hon Amb Pres Supt Insp Brig Cpl Pvt Mt Ft Jan Feb Mar Apr Jun Jul Aug Sep "
    "Sept Oct Nov Dec vs v cf e.g i.e viz approx ca Fig Figs Dept Ave Blvd Rd "
    "Drs Profs Gens Govs Cols Lts Capts Revs Fr Msgr Atty Rt Det Mlle Asst Assoc Univ Apt Bldg Hwy "
    "P.S PS eg ie esp Attn "
    # Titles of persons in capitals, as headings and transcripts write them ("GEN. PAK").
    "DR MR MRS MS PROF GEN COL LT SGT GOV SEN REP CAPT MAJ ADM CMDR REV HON AMB PRES SUPT "
    "INSP BRIG CPL PVT MSGR ATTY DET".split()
)
#: Not an end when a number (or Roman numeral) follows: "No. 3", "Art. IV", "pp. 12-14".
NUMBERED = frozenset(
    "No Nos no nos Art Arts Vol Vols p pp Para Paras para paras Sec Secs Ch Chap Nr "
    "N° Nº № Op Opp op pop Pop Ex ex Eq Eqs Tab Tel tel c ext Ext Ph Fax Mob Sc".split()
)
#: Days of the week: not an end when a date follows ("Wed. Sept. 20", "Fri. 6/14").
DAYS = frozenset("Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun".split())
#: Month names and their abbreviations, as the first word of a date.
MONTHS = frozenset(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct Nov Dec January February March April "
    "June July August September October November December".split()
)
#: Abbreviations that can also end a sentence: an end only before a typical sentence opener.
SOMETIMES = frozenset(
    "U.S U.K U.N U.S.A E.U D.C a.m p.m A.M P.M etc Inc Ltd Co co Corp Bros Jr Sr al Esq Ph.D".split()
)
#: Words that typically open a sentence; they decide the ambiguous cases above.
OPENERS_WORDS = frozenset(
    """The A An This That These Those It Its He She They We I You His Her Their Our My Your
    There Here In On At For But And Or So Yet If When While After Before As Since Although
    Though However Meanwhile Moreover Also Then Now Today Yesterday What Why How Who Where
    Which Such Some Many Most All Both Each Not Nor One Let Thus Therefore Still Furthermore
    Indeed Instead Earlier Later Under With Without Despite During From By To Of Over
    According More Other Another Every Any Only Even Further Finally First Second Third
    Last Next Officials Mr Mrs Ms Dr Please Thanks Thank Sorry Yes Well""".split()
)
#: What an opener may carry after an apostrophe and still open a sentence ("It's", "I've").
CONTRACTIONS = frozenset("s ve re ll d m".split())
#: A sentence opening with one of these and at most five words long is a bare phrase
#: ("At 5 a.m."), never a whole sentence: the abbreviation ending it ends no sentence.
PHRASE_OPENERS = frozenset(
    "At By On In Before After Until Till From Since Around About Between Shortly".split()
)
#: Abbreviations after which a lower-case word or a number continues the sentence.
LOWER_ABBREVIATIONS = frozenset(
    """dr mr mrs ms mme prof gen col lt sgt gov sen rep st capt maj adm rev hon amb pres supt
    mt ft jan feb mar apr jun jul aug sep sept oct nov dec vs cf viz approx ca fig figs dept
    ave blvd rd no nos art arts vol vols pp para paras sec secs ch chap nr op pop ex eq tab
    tel etc inc ltd co corp bros jr sr al esq esp incl excl est govt ed eds trans repr min
    max hr hrs yr yrs mo mos wk wks sq lb lbs oz mi pt pts misc resp cit ibid div ref refs
    var orig pub assoc intl natl mfg abbr univ apt bldg hwy km kg cm mm sqm et""".split()
)

#: Verbs that report speech or thought, in the forms an attribution uses.
SPEECH_VERBS = (
    "said|says|say|asked|asks|ask|added|adds|shouted|shouts|cried|cries|replied|replies|"
    "told|tells|wrote|writes|declared|declares|stressed|noted|insisted|warned|exclaimed|"
    "recalled|continued|called|calls|yelled|yells|screamed|screams|whispered|whispers|"
    "muttered|mutters|murmured|answered|answers|began|begins|started|explained|explains|"
    "thought|thinks|wondered|wonders|laughed|laughs|sighed|sighs|howled|snapped|demanded|"
    "pleaded|agreed|admitted|argued|repeated|groaned|gasped|interrupted|suggested|joked|"
    "promised|announced|observed|remarked"
)
#: Capitalised words then a speech verb: the attribution after a quotation closing in
#: "!", "?" or an ellipsis ("“Go!” Kim said.", "“Sorry!” I say."); not a negated subject
#: ("“Why?” Nobody answered.": a new sentence).
ATTRIBUTION_RE = re.compile(
    r"(?!(?:Nobody|No|None|Nothing|Neither)\b)(?:[A-Z][\w.’'-]*\s+){1,4}(?:" + SPEECH_VERBS + r")\b"
)
#: The same after an unquoted "?" or "!" before a lower-case word: a pronoun and a speech
#: verb closing a clause, or a speech verb and a name ("Millions? thought Kim.", "Sure?
#: she asks.").
LOWER_ATTRIBUTION_RE = re.compile(
    r"(?:he|she|i|they|we|you)\s+(?:" + SPEECH_VERBS + r")(?=[.,;:!?]|\s*\Z)"
    r"|(?:" + SPEECH_VERBS + r")\s+[A-Z]"
)

# Breaks without a sentence-final mark (researchlib._sentence_breaks): the structure of
# e-mail, web pages and captions, where the original had a line break.

#: Sign-offs that close a message before the writer's name ("Regards, Ana"), as written.
SIGNOFFS = frozenset(
    ["Regards", "Thanks", "Cordially", "Sincerely", "Best", "Respectfully", "Cheers",
     "Yours", "Warmly", "Best regards", "Kind regards", "Warm regards", "Best wishes",
     "best regards", "kind regards", "Best Regards", "Kind Regards", "Warm Regards",
     "Kindest regards", "Thank you", "Many thanks", "Yours truly", "Yours sincerely",
     "Sincerely yours", "Take care", "Take Care"]
)
#: The last words of the sign-offs of two words (a quick test before the phrase is built).
SIGNOFF_ENDS = frozenset(phrase.split()[-1] for phrase in SIGNOFFS if " " in phrase)
#: The sign-offs of one word.
SIGNOFFS_LAST = frozenset(phrase for phrase in SIGNOFFS if " " not in phrase)
#: Capitalised words after a sign-off's comma that address someone rather than sign
#: ("Thank you, Madam Speaker"): no break.
ADDRESS_WORDS = frozenset("I Madam Madame Sir Mister Miss Ma'am Ma’am".split())
#: Words before a date and time that keep them in the sentence ("sent on 10/27/2000 06:20").
STAMP_KEEPERS = frozenset(
    "on On at At by By from From of until till before after since Since".split()
)
#: Labels of a caption opening a paragraph ("Figure 1.4 The harbour"): it ends after the number.
CAPTION_WORDS = frozenset("Figure Fig. Table Map Chart Plate Photo Image Exhibit".split())
#: Labels of a picture credit ("... at dawn Image: A. Lee"): a new sentence starts before them.
CREDIT_WORDS = frozenset("Image Photo Photograph Picture Credit Credits Illustration Video".split())
#: Function words: speech that stops after one at a dash ("she can — She can't") ends there.
FUNCTION_WORDS = frozenset(
    """the a an to of in on at for with by from and or but that this these those my your his
    her our their its is are was were be been am can could will would should may might must
    shall do does did have has had not no so if as than then when where what who which like
    about into i you he she we they it there""".split()
)
