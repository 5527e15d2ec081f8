"""Korean: sentences, morphemes with lemmas, lexicon matching and the addresses' front matter.

The Korean stages that a document routed as Korean goes through; each takes one
document's cleaned text and returns offsets into it:

    analysis      split_sentences_ko, morphemes_ko   -> sentence spans, morphemes (Kiwi)
    matching      lookup_frames_ko, default_lexicon_ko -> lexicon hits on lemmas
    front_matter  locate_front_matter_ko, find_address_start_ko -> where the address begins
    dates         address_date_ko, address_year_ko   -> an address's date line and year
    terms         terms_ko, is_korean_text           -> content lemmas for keyness, collocations

Importing this package loads no analyser: Kiwi is created on first use, once per process.
"""

from __future__ import annotations

from .analysis import (
    MORPHEME_COLUMNS,
    NK_WORDS,
    analyser,
    morphemes_ko,
    nk_spelling,
    split_sentences_ko,
)
from .dates import address_date_ko, address_year_ko
from .front_matter import KoreanFrontMatter, find_address_start_ko, locate_front_matter_ko
from .matching import HIT_COLUMNS, default_lexicon_ko, lookup_frames_ko
from .terms import is_korean_text, terms_ko

__all__ = [
    "address_date_ko",
    "address_year_ko",
    "is_korean_text",
    "terms_ko",
    "HIT_COLUMNS",
    "default_lexicon_ko",
    "lookup_frames_ko",
    "KoreanFrontMatter",
    "find_address_start_ko",
    "locate_front_matter_ko",
    "MORPHEME_COLUMNS",
    "NK_WORDS",
    "analyser",
    "morphemes_ko",
    "nk_spelling",
    "split_sentences_ko",
]
