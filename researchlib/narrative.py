"""Narrative: processed tables (and computed rates, sentiment, keyness) in, a short markdown summary out.

Reads
-----
documents
    ``doc_id``; ``date`` when present.
sentences
    ``doc_id``, ``speaker``; ``n_words`` for frame rates and ``compound`` for tone
    when no ``rates`` / ``sentiment`` table is given.
quotes
    ``speaker``.
frames
    ``category`` (and ``lexicon``) when no ``rates`` table is given.
rates (optional)
    :func:`researchlib.frames.frame_rates` output: ``category``, ``n``, ``n_words``,
    ``per_1000`` and its grouping columns.
sentiment (optional)
    one row per group with a group column (``speaker`` unless ``by`` says otherwise), a
    mean compound column (``mean_compound``, ``compound_mean``, ``mean`` or ``compound``)
    and optionally a count column (``n``, ``n_sentences`` or ``count``).
keyness (optional)
    :func:`researchlib.keyness.compute_keyness` output: ``term``, ``G2``, ``direction``.

Writes
------
A markdown string.  Every value that comes from the data (speaker names, titles,
categories, terms) is escaped: HTML special characters with :func:`html.escape`
and markdown syntax (brackets, parentheses, emphasis, backticks, headings, tables)
with backslashes, so a hostile name such as ``<script>`` or ``[x](javascript:...)``
renders as plain text.
"""

from __future__ import annotations

import html

import pandas as pd

from ._schema import require_columns as _require
from .exceptions import ParameterError, SchemaError
from .selection import speaker_counts

__all__ = ["describe", "describe_comparison", "describe_parameters", "escape_markdown"]

#: Speakers that are not people: the narrating voice and unattributed quotations.
NON_SPEAKERS = frozenset({"narrator", "unattributed"})

_MD_SPECIAL = "\\`*_{}[]()#+-.!|~"
_MD_TABLE = str.maketrans({c: "\\" + c for c in _MD_SPECIAL})
_MEAN_COLUMNS = ("mean_compound", "compound_mean", "mean", "compound")
_COUNT_COLUMNS = ("n", "n_sentences", "count")


def escape_markdown(value) -> str:
    """Text safe to place in markdown: no markup, no raw HTML, one line.

    Markdown punctuation is backslash-escaped first, then ``html.escape`` turns
    ``<``, ``>``, ``&`` and quotes into entities; line breaks become spaces.
    """
    text = " ".join(str(value).split())
    return html.escape(text.translate(_MD_TABLE), quote=True)



def _parameter_value(value) -> str:
    if value is None:
        return "not set"
    if isinstance(value, dict):
        if not value:
            return "not set"
        return ", ".join(f"{escape_markdown(k)} ({_parameter_value(v)})" if isinstance(v, dict)
                         else f"{escape_markdown(k)} = {_parameter_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        items = sorted(value, key=str) if isinstance(value, set) else list(value)
        return ", ".join(escape_markdown(v) for v in items) if items else "none"
    return escape_markdown(value)


def describe_parameters(parameters: dict, *, label: str = "Parameters of this report") -> str:
    """One markdown line naming a report's parameters and their values (for pages that hide code).

    Parameters
    ----------
    parameters : dict
        Name -> value, in the order to show.  None reads "not set"; lists are joined
        with commas; a dict (a ``select`` option set) reads ``key = value; ...``.
    label : str, default="Parameters of this report"
        The bold lead of the line.

    Returns
    -------
    str
        ``**label.** name: value, ...`` with every name and value escaped.

    Raises
    ------
    ParameterError
        ``parameters`` is not a dict.
    """
    if not isinstance(parameters, dict):
        raise ParameterError(f"describe_parameters: parameters must be a dict of name -> value, "
                             f"got {type(parameters).__name__}")
    shown = [f"{escape_markdown(name)}: {_parameter_value(value)}" for name, value in parameters.items()]
    return f"**{escape_markdown(label)}.** " + ("; ".join(shown) if shown else "none") + ".\n"


def _num(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _corpus_line(tables) -> str:
    docs = tables.documents
    parts = [_count(len(docs), "document")]
    if "date" in docs.columns:
        dates = pd.to_datetime(docs["date"], errors="coerce").dropna()
        if len(dates) and "year" in docs.columns and ((dates.dt.month == 1) & (dates.dt.day == 1)).all():
            # dates derived from a year (UN General Debate): a day would claim precision not there
            first, last = str(dates.min().year), str(dates.max().year)
            parts[0] += f" from {first}" if first == last else f" from {first} to {last}"
        elif len(dates):
            first, last = dates.min().date().isoformat(), dates.max().date().isoformat()
            parts[0] += f" dated {first}" if first == last else f" dated {first} to {last}"
    counts = []
    if tables.sentences is not None:
        counts.append(_count(len(tables.sentences), "sentence"))
    if tables.quotes is not None:
        counts.append(_count(len(tables.quotes), "quotation"))
    if tables.frames is not None:
        counts.append(_count(len(tables.frames), "frame hit"))
    return "**Corpus.** " + "; ".join(parts + counts) + "."


def _speakers_line(tables, top: int) -> str | None:
    sentences, quotes = tables.sentences, tables.quotes
    if sentences is None or sentences.empty:
        return None
    table = speaker_counts(sentences, quotes, caller="describe").rename(
        columns={"quotations": "quotes"})
    named = table.loc[~table.index.isin(NON_SPEAKERS)]
    named = named.loc[
        sorted(named.index, key=lambda s: (-named.at[s, "sentences"], -named.at[s, "quotes"], s))
    ]
    narration = int(table["sentences"].get("narrator", 0))
    total = int(table["sentences"].sum())
    if named.empty:
        return f"**Who speaks.** No named speaker; all {total:,} sentences are narration."
    shown = [
        (
            escape_markdown(name),
            f"({_count(row.sentences, 'sentence')}, {_count(row.quotes, 'quotation')})",
        )
        for name, row in named.head(top).iterrows()
    ]
    verb = "speaks most" if len(named) > 1 else "is the only named speaker"
    line = f"**Who speaks.** {shown[0][0]} {verb} {shown[0][1]}"
    if len(shown) > 1:
        line += ", followed by " + _names([f"{name} {counts}" for name, counts in shown[1:]])
    line += "."
    if len(named) > top:
        more = len(named) - top
        line += f" {_count(more, 'more speaker')} {'appears' if more == 1 else 'appear'}."
    if narration:
        share = narration / total
        shown = "under 1%" if share < 0.005 else f"{share:.0%}"
        line += f" {narration:,} of {total:,} sentences ({shown}) are narration."
    return line


def _pooled_rates(rates: pd.DataFrame) -> pd.DataFrame:
    """One row per (lexicon,) category: hits and words pooled over the groups of ``rates``."""
    _require(rates, ["category", "n", "n_words"], "rates")
    cat_keys = ["lexicon", "category"] if "lexicon" in rates.columns else ["category"]
    group_keys = [c for c in rates.columns if c not in {*cat_keys, "n", "n_words", "per_1000", "ci_low", "ci_high"}]
    hits = rates.groupby(cat_keys, dropna=False, sort=False)["n"].sum()
    groups = rates.drop_duplicates(group_keys) if group_keys else rates.head(1)
    words = float(groups["n_words"].sum())
    out = hits.rename("n").reset_index()
    out["per_1000"] = out["n"] / words * 1000.0 if words else float("nan")
    return out


def _frames_line(tables, rates, top: int) -> str | None:
    if rates is None:
        frames, sentences = tables.frames, tables.sentences
        if frames is None or sentences is None or frames.empty:
            return None
        _require(frames, ["category"], "tables.frames")
        _require(sentences, ["n_words"], "tables.sentences")
        cat_keys = ["lexicon", "category"] if "lexicon" in frames.columns else ["category"]
        pooled = frames.groupby(cat_keys, dropna=False, sort=False).size().rename("n").reset_index()
        words = float(sentences["n_words"].sum())
        pooled["per_1000"] = pooled["n"] / words * 1000.0 if words else float("nan")
    else:
        pooled = _pooled_rates(rates)
    pooled = pooled.loc[pooled["n"] > 0]
    if pooled.empty:
        return "**Frames.** No frame pattern matches in this selection."
    pooled = pooled.sort_values(["per_1000", "category"], ascending=[False, True], kind="mergesort")
    several = "lexicon" in pooled.columns and pooled["lexicon"].nunique() > 1
    shown = []
    for row in pooled.head(top).itertuples(index=False):
        name = escape_markdown(row.category)
        if several:
            name += f" ({escape_markdown(row.lexicon)})"
        shown.append(f"*{name}* ({_num(row.per_1000, 2)} per 1,000 words, {_count(int(row.n), 'hit')})")
    label = "The dominant frame is" if len(shown) == 1 else "The dominant frames are"
    return f"**Frames.** {label} {_names(shown)}."


def _scored_counts(tables, by: str) -> pd.Series | None:
    """Sentences with a compound score per ``by`` value, or None when the sentences cannot say."""
    sentences = getattr(tables, "sentences", None)
    if sentences is None or "compound" not in sentences.columns or by not in sentences.columns:
        return None
    return sentences.loc[sentences["compound"].notna()].groupby(by, sort=False).size()


def _sentiment_table(tables, sentiment, by: str, min_sentences: int) -> pd.DataFrame | None:
    if sentiment is None:
        sentences = tables.sentences
        if sentences is None or "compound" not in sentences.columns or by not in sentences.columns:
            return None
        scored = sentences.loc[sentences["compound"].notna()]
        grouped = scored.groupby(by, sort=True)["compound"]
        table = pd.DataFrame({"avg": grouped.mean(), "n": grouped.size()}).reset_index()
        table = table.rename(columns={by: "group"})
    else:
        _require(sentiment, [by], "sentiment")
        mean = next((c for c in _MEAN_COLUMNS if c in sentiment.columns), None)
        if mean is None:
            raise SchemaError(
                f"describe: sentiment needs a mean compound column (one of {list(_MEAN_COLUMNS)}); "
                f"it has {list(sentiment.columns)}"
            )
        count = next((c for c in _COUNT_COLUMNS if c in sentiment.columns), None)
        table = pd.DataFrame(
            {
                "group": sentiment[by].to_numpy(),
                "avg": sentiment[mean].to_numpy(dtype=float),
                "n": sentiment[count].to_numpy() if count else pd.NA,
            }
        )
    table = table.loc[table["avg"].notna() & ~table["group"].astype(str).isin(NON_SPEAKERS)]
    scored = _scored_counts(tables, by)
    if scored is not None:  # a table's count may include unscored (non-English) sentences
        counted = table["group"].map(scored)
        table = table.assign(n=[min(n, c) if pd.notna(n) and pd.notna(c) else n
                                for n, c in zip(table["n"], counted)])
    if table["n"].notna().all():
        table = table.loc[table["n"] >= min_sentences]
    return table


def _sentiment_line(tables, sentiment, by: str, min_sentences: int) -> str | None:
    table = _sentiment_table(tables, sentiment, by, min_sentences)
    if table is None:
        return None
    if table.empty:
        return (
            f"**Tone.** No {escape_markdown(by)} has {min_sentences} or more scored sentences "
            "to compare."
        )
    table = table.sort_values(["avg", "group"], ascending=[False, True], kind="mergesort")

    def fmt(row) -> str:
        size = "" if pd.isna(row.n) else f" over {_count(int(row.n), 'sentence')}"
        return f"{escape_markdown(row.group)} (mean VADER compound {row.avg:+.2f}{size})"

    best, worst = table.iloc[0], table.iloc[-1]
    if len(table) == 1:
        line = f"**Tone.** Only one {escape_markdown(by)} to compare: {fmt(best)}."
    else:
        line = f"**Tone.** The most positive {escape_markdown(by)} is {fmt(best)}; "
        line += f"the most negative is {fmt(worst)}."
    return line + (
        " VADER agrees with human raters at only about r = 0.49 on editorial news prose "
        "(Hutto & Gilbert 2014), so treat these as rough indications."
    )


def _keyness_line(keyness, top: int) -> str | None:
    if keyness is None:
        return None
    _require(keyness, ["term", "G2"], "keyness")
    rows = keyness
    if "direction" in rows.columns:
        rows = rows.loc[rows["direction"] == "target"]
    column = "p_adjusted" if "p_adjusted" in rows.columns else "p"  # adjusted for many terms
    if column in rows.columns:
        rows = rows.loc[rows[column] < 0.05]
    rows = rows.sort_values(["G2", "term"], ascending=[False, True], kind="mergesort").head(top)
    if rows.empty:
        return "**Key terms.** No term is significantly over-used (p < 0.05) in this selection."
    shown = [f"“{escape_markdown(r.term)}” (G² = {r.G2:.1f})" for r in rows.itertuples(index=False)]
    return "**Key terms.** Compared with the reference, the selection over-uses " + _names(shown) + "."


def describe(
    tables,
    *,
    rates: pd.DataFrame | None = None,
    sentiment: pd.DataFrame | None = None,
    keyness: pd.DataFrame | None = None,
    title: str | None = None,
    by: str = "speaker",
    top: int = 3,
    min_sentences: int = 10,
) -> str:
    """A short markdown narrative of a selection, every number taken from the tables.

    Parameters
    ----------
    tables : Tables
        The processed tables (``documents``, ``sentences``, ``quotes``, ``frames``),
        usually a :func:`researchlib.selection.select` result.
    rates : DataFrame, optional
        :func:`researchlib.frames.frame_rates` output; hits and words are pooled over
        its groups.  Default: counted from ``tables.frames`` and ``tables.sentences``.
    sentiment : DataFrame, optional
        One row per group (``by`` column) with a mean compound column, for example
        :func:`researchlib.sentiment.aggregate_sentiment` output.  Default: the mean
        ``compound`` of ``tables.sentences`` per ``by`` (skipped without scores).
    keyness : DataFrame, optional
        :func:`researchlib.keyness.compute_keyness` output; the top terms over-used
        by the target (``direction == "target"``, ``p_adjusted`` -- else ``p`` -- below
        0.05) are named.
    title : str, optional
        A level-2 heading.
    by : str, default="speaker"
        The group column of the tone paragraph.
    top : int, default=3
        How many speakers, frames and key terms each paragraph names.
    min_sentences : int, default=10
        Groups with fewer scored sentences are left out of the tone comparison (counted
        from ``tables.sentences`` when it has ``compound``: a ``sentiment`` table's own
        count may include sentences left unscored, such as non-English ones).

    Returns
    -------
    str
        Markdown paragraphs: corpus, who speaks, frames, tone, key terms (each only
        when its data is there).  Every value from the data is escaped with
        :func:`escape_markdown`.

    Raises
    ------
    SchemaError
        A table lacks a column a paragraph needs.
    ParameterError
        ``top`` or ``min_sentences`` is not a positive integer.

    Examples
    --------
    >>> from IPython.display import Markdown  # doctest: +SKIP
    >>> Markdown(describe(sub, rates=rates, keyness=keys, title="Idris Valko"))  # doctest: +SKIP
    """
    for name, value in (("top", top), ("min_sentences", min_sentences)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ParameterError(f"describe: {name} must be a positive integer, got {value!r}")
    if not hasattr(tables, "documents"):
        raise ParameterError(
            f"describe: tables must be the Tables tuple from load_processed, got {type(tables).__name__}"
        )
    _require(tables.documents, ["doc_id"], "tables.documents")
    paragraphs = []
    if title:
        paragraphs.append(f"## {escape_markdown(title)}")
    if tables.documents.empty:
        paragraphs.append("**Corpus.** The selection holds no documents.")
        return "\n\n".join(paragraphs) + "\n"
    paragraphs.append(_corpus_line(tables))
    for line in (
        _speakers_line(tables, top),
        _frames_line(tables, rates, top),
        _sentiment_line(tables, sentiment, by, min_sentences),
        _keyness_line(keyness, top),
    ):
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs) + "\n"


def describe_comparison(comparison: pd.DataFrame, *, top: int = 5) -> str:
    """Markdown sentences on a :func:`~researchlib.frames.compare_rates` table, honest about chance.

    A difference is called a difference only where the table marks it
    ``distinguishable`` (adjusted ``p`` below the level and an interval of the
    difference that excludes zero); every other category is named as not
    distinguishable from chance, never as a finding.

    Parameters
    ----------
    comparison : DataFrame
        ``compare_rates`` output: ``category``, ``a``, ``b``, ``rate_a``, ``rate_b``,
        ``ci_low``, ``ci_high``, ``p_adjusted``, ``correction``, ``distinguishable``.
    top : int, default=5
        At most this many differences are named, the largest first.

    Returns
    -------
    str
        Two markdown paragraphs (differences; the rest), every value escaped.

    Raises
    ------
    SchemaError
        If a needed column is missing.
    ParameterError
        If ``top`` is not a positive integer.
    """
    needed = ["category", "a", "b", "rate_a", "rate_b", "ci_low", "ci_high", "p_adjusted",
              "correction", "distinguishable"]
    _require(comparison, needed, "comparison")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ParameterError(f"top={top!r} must be a whole number of at least 1")
    if comparison.empty:
        return "**Differences.** There is nothing to compare: no category has a hit in either group."
    a = escape_markdown(comparison["a"].iloc[0])
    b = escape_markdown(comparison["b"].iloc[0])
    label = comparison["category"].astype(str)
    if "lexicon" in comparison.columns and comparison["lexicon"].nunique() > 1:
        label = comparison["lexicon"].astype(str) + ": " + label
    table = comparison.assign(label_=label, size_=(comparison["rate_a"] - comparison["rate_b"]).abs())
    real = table.loc[table["distinguishable"].fillna(False).astype(bool)]
    real = real.sort_values(["size_", "label_"], ascending=[False, True], kind="mergesort")
    correction = str(comparison["correction"].iloc[0])
    adjusted = "" if correction == "none" else f", {correction}-adjusted for {len(table)} categories"

    def fmt(row) -> str:
        more = a if row.rate_a > row.rate_b else b
        return (f"{escape_markdown(row.label_)}: {more} more ({row.rate_a:.2f} vs "
                f"{row.rate_b:.2f} per 1,000 words; difference {row.ci_low:+.2f} to "
                f"{row.ci_high:+.2f}, p = {row.p_adjusted:.3f}{adjusted})")

    if real.empty:
        first = (f"**Differences.** No frame category differs between {a} and {b} by more than "
                 f"chance would give (no interval of the difference excludes zero at the "
                 f"adjusted level).")
    else:
        shown = [fmt(row) for row in real.head(top).itertuples()]
        more = f" and {len(real) - top} more" if len(real) > top else ""
        first = "**Differences.** Beyond chance: " + "; ".join(shown) + more + "."
    rest = table.loc[~table.index.isin(real.index)]
    if rest.empty:
        return first
    names = ", ".join(escape_markdown(v) for v in sorted(rest["label_"]))
    return (first + f"\n\n**Not distinguishable from chance** ({len(rest)}): {names}. Their "
            "rates may differ in these documents, but not by more than documents differ from "
            "each other.")
