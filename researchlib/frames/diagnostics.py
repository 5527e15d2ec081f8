"""Frames stage, diagnostics: per-pattern hit counts of a lexicon on a corpus, and the forms behind them."""

from __future__ import annotations

import pandas as pd

from .._schema import require_columns as _require
from ..exceptions import ParameterError, SchemaError
from ..lexicon import Lexicon
from ..stats import check_count

__all__ = ["lexicon_diagnostics"]


def lexicon_diagnostics(
    frames: pd.DataFrame,
    lexicon: Lexicon,
    *,
    sentences: pd.DataFrame | None = None,
    by: str = "pattern",
    top: int = 3,
) -> pd.DataFrame:
    """Per-pattern hit counts of a lexicon on a corpus: what never matches, what dominates.

    A category whose hits come mostly from one written form is worth reading: a
    proper name (*United* in *United Nations*) or a false friend shows as one form
    holding most of its category (``top_forms``, or ``by="form"``).

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
    by : {"pattern", "form"}, default="pattern"
        One row per pattern of the lexicon, or one row per written form that matched
        (the ``matched`` text as it stands in the corpus, so *United* and *united*
        are two forms).
    top : int, default=3
        With ``by="pattern"``: forms listed in ``top_forms`` per pattern; with
        ``by="form"``: forms kept per category (the most frequent).

    Returns
    -------
    DataFrame
        With ``by="pattern"``: one row per (category, pattern) of the lexicon, in
        lexicon order: ``lexicon``, ``category``, ``pattern``, ``n_hits``,
        ``in_categories`` (number of categories listing the same pattern),
        ``never_matched``, ``share`` (the pattern's share of its category's hits,
        NaN when the category has none), ``top_forms`` (the pattern's most frequent
        written forms with their share of the category's hits, e.g. ``"United
        (69%); united (4%)"``; empty when it never matched).

        With ``by="form"``: one row per (category, written form), the ``top`` most
        frequent per category, categories in lexicon order and forms most frequent
        first: ``lexicon``, ``category``, ``matched``, ``pattern`` (the pattern it
        matched most often), ``n_hits``, ``share`` (of the category's hits),
        ``rank`` (1 for the most frequent).

        ``attrs["matching"]`` says the lexicon's word rule (``"inflect"``: its own
        regular inflections of a word, YAML's default; ``"exact"``: the word as
        written, the rule of ``.dic`` and ``.cat`` files).

    Raises
    ------
    SchemaError
        If a required column is missing.
    ParameterError
        If ``lexicon`` is not a Lexicon, ``by`` is not "pattern" or "form", or
        ``top`` is not a positive integer.
    """
    if not isinstance(lexicon, Lexicon):
        raise ParameterError(
            f"lexicon must be a Lexicon, got {type(lexicon).__name__}; note the order "
            "lexicon_diagnostics(frames, lexicon)"
        )
    if by not in ("pattern", "form"):
        raise ParameterError(f"by={by!r} is not allowed; use 'pattern' or 'form'")
    top = check_count(top, "top")
    _require(frames, ["category", "pattern"], "frames")
    if "lexicon" in frames.columns:
        frames = frames[frames["lexicon"] == lexicon.name]
    if by == "form":
        _require(frames, ["matched"], "frames")
        return _by_form(frames, lexicon, top)
    out = lexicon.to_frame()[["lexicon", "category", "pattern"]]
    counts = frames.groupby(["category", "pattern"]).size().rename("n_hits").reset_index()
    out = out.merge(counts, on=["category", "pattern"], how="left")
    out["n_hits"] = out["n_hits"].fillna(0).astype("int64")
    out["in_categories"] = out.groupby("pattern")["category"].transform("nunique").astype("int64")
    out["never_matched"] = out["n_hits"] == 0
    cat_hits = out.groupby("category")["n_hits"].transform("sum")
    out["share"] = (out["n_hits"] / cat_hits.where(cat_hits > 0)).astype("float64")
    out["top_forms"] = _top_forms(frames, out, top)
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


def _form_counts(frames: pd.DataFrame) -> pd.DataFrame:
    """Hits per (category, pattern, written form), with the category's total."""
    counts = frames.groupby(["category", "pattern", "matched"]).size().rename("n_hits").reset_index()
    counts["cat_hits"] = counts.groupby("category")["n_hits"].transform("sum")
    return counts


def _top_forms(frames: pd.DataFrame, out: pd.DataFrame, top: int) -> list[str]:
    """Per row of ``out``: its pattern's ``top`` written forms with their share of the category."""
    if "matched" not in frames.columns or not len(frames):
        return [""] * len(out)
    counts = _form_counts(frames).sort_values(
        ["category", "pattern", "n_hits", "matched"], ascending=[True, True, False, True]
    )
    counts = counts.groupby(["category", "pattern"]).head(top)
    text = {
        key: "; ".join(f"{m} ({n / c:.0%})" for m, n, c in zip(g["matched"], g["n_hits"], g["cat_hits"]))
        for key, g in counts.groupby(["category", "pattern"], sort=False)
    }
    return [text.get(key, "") for key in zip(out["category"], out["pattern"])]


def _by_form(frames: pd.DataFrame, lexicon: Lexicon, top: int) -> pd.DataFrame:
    """``lexicon_diagnostics(by="form")``: the most frequent written forms per category."""
    columns = ["lexicon", "category", "matched", "pattern", "n_hits", "share", "rank"]
    frames = frames[frames["category"].isin(lexicon.categories())]
    if not len(frames):
        out = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
        out = out.astype({"n_hits": "int64", "share": "float64", "rank": "int64"})
        out.attrs["matching"] = lexicon.matching
        return out
    counts = _form_counts(frames)
    # The pattern a form matched most often (ties: the first in alphabetical order).
    main = counts.sort_values(["category", "matched", "n_hits", "pattern"], ascending=[True, True, False, True])
    main = main.drop_duplicates(["category", "matched"])[["category", "matched", "pattern"]]
    forms = counts.groupby(["category", "matched"], as_index=False).agg(
        n_hits=("n_hits", "sum"), cat_hits=("cat_hits", "first")
    )
    forms = forms.merge(main, on=["category", "matched"])
    order = {c: i for i, c in enumerate(lexicon.categories())}
    forms["_cat"] = forms["category"].map(order)
    forms = forms.sort_values(["_cat", "n_hits", "matched"], ascending=[True, False, True])
    forms["rank"] = forms.groupby("category").cumcount().astype("int64") + 1
    forms = forms[forms["rank"] <= top]
    forms["share"] = (forms["n_hits"] / forms["cat_hits"]).astype("float64")
    forms["lexicon"] = lexicon.name
    out = forms[columns].reset_index(drop=True)
    out["n_hits"] = out["n_hits"].astype("int64")
    out.attrs["matching"] = lexicon.matching
    return out
