"""researchlib: reproducible rhetoric analysis of political and diplomatic texts.

The pipeline, stage by stage (each a module, each returning pandas DataFrames)::

    corpus     load_corpus, clean_text        -> documents
    sentences  split_sentences                 -> sentences (with speaker, in_quote)
    quotes     extract_quotes                  -> quotations and their speakers
    sentiment  score_sentiment                 -> VADER scores (NLTK's analyzer)
    lexicon    load_lexicon, default_lexicon   -> Lexicon (framing patterns)
    frames     lookup_frames, frame_rates      -> frame hits and rates
    concordance kwic, kwic_html                -> concordances (key words in context)
    keyness    compute_keyness, compute_key_terms
    collocations find_collocations
    plots      plot_*                          -> matplotlib Axes
    selection  select                          -> a consistent subset of the tables
    narrative  describe                        -> a markdown summary of the numbers
    pipeline   prepare                         -> data/processed tables
    tables     load_processed, Tables          -> the tables' columns and types
    batch      run_batch                       -> executed, rendered notebooks
    provenance verify                          -> re-execute and compare

Names are imported lazily on first use (documented lazy loading: ``import researchlib``
stays cheap, and a stage is imported only when one of its names is used).
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("researchlib")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

_EXPORTS = {
    "load_corpus": "corpus",
    "clean_text": "corpus",
    "split_sentences": "sentences",
    "extract_quotes": "quotes",
    "score_sentiment": "sentiment",
    "aggregate_sentiment": "sentiment",
    "Lexicon": "lexicon",
    "load_lexicon": "lexicon",
    "default_lexicon": "lexicon",
    "lookup_frames": "frames",
    "frame_rates": "frames",
    "frame_sentiment": "frames",
    "lexicon_diagnostics": "frames",
    "kwic": "concordance",
    "kwic_html": "concordance",
    "compute_keyness": "keyness",
    "compute_key_terms": "keyness",
    "find_collocations": "collocations",
    "plot_frames": "plots",
    "plot_sentiment": "plots",
    "plot_dispersion": "plots",
    "plot_frames_over_time": "plots",
    "plot_keyness": "plots",
    "prepare": "pipeline",
    "load_processed": "tables",
    "run_batch": "batch",
    "load_grid": "batch",
    "select": "selection",
    "count_speakers": "selection",
    "stack_selections": "selection",
    "reference_selection": "selection",
    "frames_in_context": "concordance",
    "compare_rates": "frames",
    "sample_hits": "frames",
    "hit_precision": "frames",
    "suggest_terms": "frames",
    "describe_comparison": "narrative",
    "voice_words": "voices",
    "describe": "narrative",
    "verify": "provenance",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'researchlib' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__

