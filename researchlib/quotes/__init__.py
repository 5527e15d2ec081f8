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
* Multi-paragraph quotations (each paragraph opens with a quote mark, only the last closes) are
  **one row**, from the first paragraph's start to the last one's end.
* The New York Times' doubled apostrophes (``''...''``) are quotation marks.
* Each row has a ``kind`` (``speech``, ``scare``, ``title``) and a ``confidence`` (the rule that gave
  its speaker: ``cue``, ``pronoun``, ``continuation``, ``subject``, ``document``, ``none``); see
  docs/design.md.

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

A descriptor before a name is not the speaker ("Trump attorney Alan Garten said", "said Oilers head
coach Ken Hitchcock", "another friend, Ada Brook told": the name that ends the phrase speaks), nor a
name inside a long appositive ("Ada Brook, 44, a nurse from Dunmore, Ohio, who ..., said", "Ada
Brook — a teacher — says", "Ada Brook of consulting firm Pellam said"), nor a name after a
preposition and before a comma ("In Salem, Trump said"); an indefinite title ("said an Iowa
Democrat", "said a longtime adviser") is someone new, given as its description, never an earlier
person; adverbs may stand before the cue ("Cruz gingerly said"); an apposition may hold two parts or a
party tag ("Sen. Ada Brook (D-Vt.) said"); a possessor or a word after a hyphen is never a subject
("Clinton's remarks", "anti-Muslim remarks"). A colon after a sentence with a named subject, a
participle after "by" or "while", and a cue coordinated with "and" take that sentence's subject. A
place or a people (``_places.py``) is never a speaker, nor a title-cased headline; the cue verbs are
a maintained word list (``cue_verbs.py``).

Pronouns and role nouns (he, she, they, it, the letter, the statement, the ministry, the
spokesman ...) resolve to the most recent fitting speaker named as the subject of a sentence
earlier in the document (he/she: a person, not one whose gender an honorific, a gendered title or
a common given name shows to be the other (``_gender.py``); "he said" after a quotation first
tries the person opening the quotation's sentence; a letter, message or statement: its author, the most
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
continuing a speaker's quote), or after an introductory phrase later in the paragraph when no
other person is named between; else, when it ends its paragraph, the person the sentences before
it in the paragraph, or the paragraph before (holding no quotation), are about (``continuation``);
else a dash-signed line after it ("- Ada Brook."); else, with no cue at all, the person whose name
opens its sentence (``subject``); else the document's ``speaker``, else ``"unattributed"``
(``cue`` is NA for these fallbacks).
"""

from ._aliases import load_aliases
from .extract import CONFIDENCE_RULES, QUOTE_COLUMNS, QUOTE_KINDS, extract_quotes

__all__ = ["extract_quotes", "load_aliases", "QUOTE_COLUMNS", "QUOTE_KINDS", "CONFIDENCE_RULES"]
