"""Frames stage: lexicon patterns found in sentences, turned into rates, compared and validated.

One job per module:

``lookup``
    :func:`lookup_frames`: sentences (or documents) and lexicons -> the frames table
    (``doc_id``, ``sent_id``, ``category``, ``pattern``, ``matched``, ``start``, ``end``,
    ``speaker``, ``quote_speaker``, ``lexicon``).  ``_tokens`` (words and their
    types), ``_compile`` (a lexicon as lookup tables) and ``_match`` (hits in a chunk)
    are its parts.
``rates``
    :func:`frame_rates` (hits per 1,000 words per group, with bootstrap intervals over
    documents) and :func:`frame_sentiment` (mean compound of framed sentences).
``compare``
    :func:`compare_rates`: two groups' rates side by side, the interval of their
    difference and a permutation test over documents.
``diagnostics``
    :func:`lexicon_diagnostics`: per-pattern hit counts.
``validate``
    :func:`sample_hits`, :func:`save_hit_sample`, :func:`load_coded_hits`,
    :func:`hit_precision`, :func:`suggest_terms`: check a lexicon's hits by hand and
    find words it misses.

The pattern language is documented in :mod:`researchlib.lexicon`.  Matching
costs grow with the text and the number of hits, not with the lexicon: a lexicon
is compiled once into a table from surface word to candidate patterns; the words
of a chunk of sentences are found and numbered in one compiled pass (``word_types``)
and told apart by Arrow's hash table, so Python sees each distinct word once
(classified once per lexicon and process) and then only the hits.
"""

from __future__ import annotations

from ._tokens import _compiled_word_types, _words, _words_regex
from .compare import compare_rates
from .diagnostics import lexicon_diagnostics
from .lookup import FRAME_COLUMNS, SENTENCE_COLUMNS, lookup_frames
from .rates import frame_rates, frame_sentiment
from .validate import hit_precision, load_coded_hits, sample_hits, save_hit_sample, suggest_terms

__all__ = [
    "lookup_frames",
    "frame_rates",
    "frame_sentiment",
    "lexicon_diagnostics",
    "compare_rates",
    "sample_hits",
    "save_hit_sample",
    "load_coded_hits",
    "hit_precision",
    "suggest_terms",
    "FRAME_COLUMNS",
    "SENTENCE_COLUMNS",
    "_compiled_word_types",
    "_words",
    "_words_regex",
]
