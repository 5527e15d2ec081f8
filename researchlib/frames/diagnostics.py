"""Frames stage, diagnostics: per-pattern hit counts of a lexicon on a corpus."""

from __future__ import annotations

import pandas as pd

from .._schema import require_columns as _require
from ..exceptions import ParameterError, SchemaError
from ..lexicon import Lexicon

__all__ = ["lexicon_diagnostics"]


def lexicon_diagnostics(
    frames: pd.DataFrame,
    lexicon: Lexicon,
    *,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per-pattern hit counts of a lexicon on a corpus: what never matches, what is shared.

    Parameters
    ----------
    frames : DataFrame
        Output of :func:`lookup_frames` (``category``, ``pattern``; rows of other
        lexicons are ignored when it has a ``lexicon`` column).
    lexicon : Lexicon
        The lexicon to diagnose.
    sentences : DataFrame, optional
        ``doc_id``, ``sent_id``: when given, the coverage (share of sentences with at
        least one hit of this lexicon) is stored in ``result.attrs["coverage"]``
        (with ``attrs["n_sentences"]``).

    Returns
    -------
    DataFrame
        One row per (category, pattern) of the lexicon, in lexicon order:
        ``lexicon``, ``category``, ``pattern``, ``n_hits``, ``in_categories``
        (number of categories listing the same pattern), ``never_matched``;
        ``attrs["matching"]`` says the lexicon's word rule (``"inflect"``: any
        inflection of a word, YAML's default; ``"exact"``: the word as written,
        the rule of ``.dic`` and ``.cat`` files).

    Raises
    ------
    SchemaError
        If a required column is missing.
    ParameterError
        If ``lexicon`` is not a Lexicon.
    """
    if not isinstance(lexicon, Lexicon):
        raise ParameterError(
            f"lexicon must be a Lexicon, got {type(lexicon).__name__}; note the order "
            "lexicon_diagnostics(frames, lexicon)"
        )
    _require(frames, ["category", "pattern"], "frames")
    if "lexicon" in frames.columns:
        frames = frames[frames["lexicon"] == lexicon.name]
    out = lexicon.to_frame()[["lexicon", "category", "pattern"]]
    counts = frames.groupby(["category", "pattern"]).size().rename("n_hits").reset_index()
    out = out.merge(counts, on=["category", "pattern"], how="left")
    out["n_hits"] = out["n_hits"].fillna(0).astype("int64")
    out["in_categories"] = out.groupby("pattern")["category"].transform("nunique").astype("int64")
    out["never_matched"] = out["n_hits"] == 0
    if sentences is not None:
        _require(sentences, ["doc_id", "sent_id"], "sentences")
        n_sent = len(sentences[["doc_id", "sent_id"]].drop_duplicates())
        if {"doc_id", "sent_id"} <= set(frames.columns):
            hit = frames[["doc_id", "sent_id"]].drop_duplicates()
            n_hit = len(hit.merge(sentences[["doc_id", "sent_id"]], on=["doc_id", "sent_id"]))
        else:
            raise SchemaError(
                "frames lacks doc_id/sent_id, needed for coverage; present: "
                f"{', '.join(map(str, frames.columns))}"
            )
        out.attrs["coverage"] = n_hit / n_sent if n_sent else float("nan")
        out.attrs["n_sentences"] = n_sent
    out.attrs["matching"] = lexicon.matching  # "inflect" or "exact": the rule the counts follow
    return out
