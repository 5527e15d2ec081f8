"""Plots: tables returned by the compute stages in, matplotlib Axes out (nothing is computed here).

Reads
-----
:func:`plot_frames`
    ``frame_rates`` output: ``<by>``, ``category``, ``per_1000`` (or ``n``), and
    ``ci_low``/``ci_high`` when present (drawn as error bars).
:func:`plot_sentiment`
    sentences with ``compound`` and ``<by>`` (``speaker``).
:func:`plot_dispersion`
    ``lookup_frames`` hits (``doc_id``, ``start``, ``category``) or a ``kwic``
    concordance (``doc_id``, ``start``, ``match``), and documents (``doc_id``,
    ``n_chars`` or ``text``, plus ``<by>``).
:func:`plot_frames_over_time`
    ``frame_rates`` output by a time column: ``<time>``, ``category``, ``per_1000``,
    and ``ci_low``/``ci_high`` when present (drawn as bands).
:func:`plot_keyness`
    ``compute_keyness`` output: ``term``, ``G2`` or ``log_ratio``, ``direction``.

Writes
------
Nothing but figures: every ``plot_*`` function draws on ``ax`` (a new figure
when ``None``) and returns that Axes.  :func:`deterministic_savefig` writes PNG,
SVG or PDF files without dates, software versions or random ids, so the same
figure gives the same bytes.

Style: :func:`use_plot_style` (called by every ``plot_*`` function) appends a
Hangul font (NanumGothic, from the pinned ``koreanize-matplotlib`` package) to
the end of ``font.family``, so Korean labels draw while English ones keep
DejaVu Sans.

Output is deterministic: groups and categories are drawn in sorted order with
fixed colours from a named colormap (``tab10``, ``tab20`` beyond ten series).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._binning import draw_binned_dispersion, legend_columns, tick_labels
from ._figures import (
    FIGURE_DEFAULTS,
    HANGUL_FONT,
    SAVE_METADATA,
    deterministic_savefig,
    figure_defaults,
    hangul_font_css,
    hangul_font_path,
    use_plot_style,
)
from ._schema import require_columns as _require
from .exceptions import ParameterError, SchemaError

__all__ = [
    "plot_frames",
    "plot_sentiment",
    "plot_dispersion",
    "plot_frames_over_time",
    "plot_keyness",
    "figure_defaults",
    "use_plot_style",
    "hangul_font_path",
    "hangul_font_css",
    "deterministic_savefig",
    "HANGUL_FONT",
    "FIGURE_DEFAULTS",
    "SAVE_METADATA",
]

_RATE_LABELS = {
    "per_1000": "hits per 1,000 words",
    "n": "hits (count)",
    "n_words": "words (count)",
}


# ---------------------------------------------------------------------------
# helpers


def _new_ax(ax, size=(7.0, 4.5)):
    use_plot_style()  # Hangul through the font fallback, on a new or a given Axes
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    # pyplot, so that notebooks show the figure; scripts close it with plt.close(ax.figure).
    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _colors(n: int) -> list:
    import matplotlib

    name = "tab10" if n <= 10 else "tab20"
    cmap = matplotlib.colormaps[name]
    return [cmap(i % cmap.N) for i in range(n)]


def _sorted_labels(values) -> list:
    """Distinct values in a stable sorted order (by their string form)."""
    return sorted(pd.unique(pd.Series(values).astype(str)), key=lambda v: (v.casefold(), v))


def _group_labels(table: pd.DataFrame, by) -> pd.Series:
    columns = [by] if isinstance(by, str) else list(by)
    _require(table, columns, "table")
    labels = table[columns[0]].astype(str)
    for column in columns[1:]:
        labels = labels + " / " + table[column].astype(str)
    return labels


def _category_labels(rates: pd.DataFrame) -> pd.Series:
    """Category names, prefixed with the lexicon's name when rates mix several lexicons."""
    labels = rates["category"].astype(str)
    if "lexicon" in rates.columns and rates["lexicon"].nunique(dropna=False) > 1:
        labels = rates["lexicon"].astype(str) + ": " + labels
    return labels


def _has_intervals(table: pd.DataFrame, value: str) -> bool:
    """Whether ``table`` holds an interval for ``value`` (``frame_rates``' ``ci_low``/``ci_high``)."""
    return value == "per_1000" and {"ci_low", "ci_high"} <= set(table.columns)


def _interval_bounds(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """``ci_low``/``ci_high`` as floats (NaN where missing, which matplotlib leaves undrawn)."""
    lo = pd.to_numeric(table["ci_low"], errors="coerce").to_numpy(dtype=float)
    hi = pd.to_numeric(table["ci_high"], errors="coerce").to_numpy(dtype=float)
    return lo, hi


def _value_label(value: str) -> str:
    return _RATE_LABELS.get(value, value)


def _check_limit(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ParameterError(f"{name}={value!r} must be a whole number of at least 1")
    return int(value)


def _keep_largest(sizes: pd.Series, *, top: int, min_size: int, what: str, unit: str):
    """The labels of ``sizes`` to draw (at least ``min_size``, the ``top`` largest) and a note.

    ``sizes`` maps label -> size (sentences, words).  The note says how many were
    left out and why, or is None when every label is drawn.
    """
    ranked = sizes.sort_values(ascending=False, kind="mergesort")
    big = ranked[ranked >= min_size]
    kept = list(big.index[:top])
    n_small, n_beyond = len(ranked) - len(big), max(len(big) - top, 0)
    if not n_small and not n_beyond:
        return kept, None
    reasons = []
    if n_beyond:
        reasons.append(f"beyond the {top} largest")
    if n_small:
        reasons.append(f"{n_small} with fewer than {min_size} {unit}")
    return kept, (f"{n_small + n_beyond} of {len(ranked)} {what} not shown "
                  f"({'; '.join(reasons)}); see the table for all")


def _nothing_to_draw(ax, message: str, title: str):
    """An Axes that says, in words, why it holds no plot (a report still renders)."""
    ax = _new_ax(ax, size=(7.0, 1.6))
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, wrap=True)
    ax.set_axis_off()
    ax.set_title(title)
    return ax


def _note(ax, note: str | None) -> None:
    """Write ``note`` under the axes (what a plot left out), from the figure's left edge.

    Wrapped to the figure's width, so that a long note never makes the layout
    squeeze the plot to fit it.
    """
    if note:
        width_in = float(ax.figure.get_size_inches()[0])
        note = textwrap.fill(note, width=max(int(width_in * 72 / 5.2), 30))  # ~5.2 pt per small char
        ax.annotate(note, xy=(0.01, 0.0), xycoords=("figure fraction", "axes fraction"),
                    xytext=(0, -34), textcoords="offset points", ha="left", va="top",
                    fontsize="small", color="dimgray", annotation_clip=False)


# ---------------------------------------------------------------------------
# plots


def plot_frames(
    rates: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "speaker",
    value: str = "per_1000",
    top: int = 8,
    min_words: int = 200,
    ax=None,
    title: str | None = None,
):
    """Grouped horizontal bars: one bar per (category, group) row of ``rates``.

    Parameters
    ----------
    rates : pandas.DataFrame
        ``frame_rates`` output: ``<by>``, ``category`` and ``value``.
    by : str, list of str or None, default="speaker"
        The grouping column(s); each group gets one colour and a legend entry.
        ``None`` when ``rates`` has one row per category.
    value : str, default="per_1000"
        The column drawn (``"per_1000"`` or ``"n"``).
    top : int, default=8
        Groups drawn at most: the largest by ``n_words`` (by rows without it).
    min_words : int, default=200
        Groups with fewer words are not drawn (a rate on a few words is noise).
        A note under the plot says how many groups were left out.
    ax : matplotlib.axes.Axes or None, default=None
    title : str or None, default=None

    Returns
    -------
    matplotlib.axes.Axes
        Categories on the y axis (sorted, first at the top), one bar per row, with an
        error bar from ``ci_low`` to ``ci_high`` when ``value`` is ``"per_1000"`` and
        ``rates`` has those columns (rows with NaN bounds get none).  The groups'
        legend stands above the plot (``ax.figure.legends``) when the function made
        the figure, inside the axes (``ax.get_legend()``) when ``ax`` was given.

    Raises
    ------
    SchemaError
        If a needed column is missing.
    ParameterError
        If two rows share one category and group.
    """
    _require(rates, ["category", value], "rates")
    own_figure = ax is None
    ax = _new_ax(ax)
    table = rates.reset_index(drop=True)
    groups = _group_labels(table, by) if by is not None else pd.Series("all", index=table.index)
    cat_key = _category_labels(table)
    if pd.DataFrame({"g": groups, "c": cat_key}).duplicated().any():
        raise ParameterError(
            f"rates has several rows for one category and {by!r}; "
            "pass by= every grouping column frame_rates was called with"
        )
    note = None
    if by is not None:
        top, min_words = _check_limit(top, "top"), _check_limit(min_words, "min_words")
        sizes = (table["n_words"] if "n_words" in table.columns
                 else pd.Series(1, index=table.index)).groupby(groups).max()
        kept, note = _keep_largest(sizes, top=top, min_size=min_words if "n_words" in table.columns
                                   else 1, what=f"{by if isinstance(by, str) else 'group'} groups",
                                   unit="words")
        keep = groups.isin(kept).to_numpy()
        table, groups, cat_key = table[keep], groups[keep], cat_key[keep]
    intervals = _has_intervals(table, value)
    categories = _sorted_labels(cat_key)
    group_order = _sorted_labels(groups)
    colors = _colors(len(group_order))
    height = 0.8 / max(len(group_order), 1)
    cat_pos = {c: i for i, c in enumerate(categories)}
    for gi, group in enumerate(group_order):
        rows = groups == group
        y = np.array([cat_pos[c] for c in cat_key[rows]], dtype=float)
        y = y - 0.4 + height * (gi + 0.5)
        widths = table.loc[rows, value].to_numpy(dtype=float)
        ax.barh(
            y,
            widths,
            height=height,
            color=colors[gi],
            label=group if by is not None else None,
        )
        if intervals:
            lo, hi = _interval_bounds(table.loc[rows])
            ax.errorbar(
                widths,
                y,
                xerr=np.vstack([widths - lo, hi - widths]),
                fmt="none",
                ecolor="black",
                elinewidth=0.8,
                capsize=2,
            )
    ax.set_yticks(range(len(categories)), labels=categories)
    ax.set_ylim(len(categories) - 0.5, -0.5)
    ax.set_xlabel(_value_label(value))
    ax.set_ylabel("frame category")
    if by is not None and group_order:
        by_name = by if isinstance(by, str) else " / ".join(by)
        if own_figure:  # above the plot, never over its bars and intervals
            handles, labels = ax.get_legend_handles_labels()
            ax.figure.legend(handles, labels, title=by_name, fontsize="small",
                             loc="outside upper center", ncols=legend_columns(labels, ax))
        else:
            ax.legend(title=by_name, fontsize="small", loc="best")
        default_title = f"Frame rates by {by_name}"
    else:
        default_title = "Frame rates"
    ax.set_title(title or default_title)
    ax.grid(axis="x", alpha=0.3)
    _note(ax, note)
    return ax


def plot_sentiment(
    sentences: pd.DataFrame,
    *,
    by: str = "speaker",
    kind: str = "box",
    top: int = 20,
    min_sentences: int = 10,
    ax=None,
    title: str | None = None,
):
    """Distribution of VADER ``compound`` per group, one box (or violin) per group.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences with ``compound`` (from ``score_sentiment``) and ``by``.
    by : str, default="speaker"
    kind : {"box", "violin"}, default="box"
    top : int, default=20
        Groups drawn at most: those with the most scored sentences.
    min_sentences : int, default=10
        Groups with fewer scored sentences are not drawn; a note under the plot
        says how many were left out (and the figure says so when none is left).
        The figure's height follows the groups drawn.
    ax : matplotlib.axes.Axes or None, default=None
    title : str or None, default=None

    Returns
    -------
    matplotlib.axes.Axes
        Groups on the y axis in sorted order, labelled with their sentence count.

    Raises
    ------
    SchemaError
        If ``compound`` or ``by`` is missing.
    ParameterError
        If ``kind`` is not "box" or "violin".  With no scored sentence (VADER scores
        English only), or no group large enough, the Axes says so in words instead.
    """
    _require(sentences, ["compound", by], "sentences")
    if kind not in ("box", "violin"):
        raise ParameterError(f"kind={kind!r} is not allowed; use 'box' or 'violin'")
    table = sentences.loc[sentences["compound"].notna(), [by, "compound"]]
    if table.empty:  # e.g. a Korean or Spanish selection: VADER scores English only
        return _nothing_to_draw(ax, "No sentence has a sentiment score (VADER scores English "
                                "sentences only).", title or f"Sentence sentiment by {by}")
    labels = table[by].astype(str).fillna("NA")
    top, min_sentences = _check_limit(top, "top"), _check_limit(min_sentences, "min_sentences")
    kept, note = _keep_largest(labels.value_counts(), top=top, min_size=min_sentences,
                               what=f"{by} groups", unit="scored sentences")
    if not kept:  # say so on the figure: a report over a small selection still renders
        return _nothing_to_draw(ax, f"No {by} has {min_sentences} or more scored sentences "
                                f"(min_sentences={min_sentences}): nothing to compare.",
                                title or f"Sentence sentiment by {by}")
    groups = _sorted_labels(kept)
    data = [table.loc[labels == g, "compound"].to_numpy(dtype=float) for g in groups]
    ax = _new_ax(ax, size=(7.0, 1.2 + 0.45 * len(groups)))
    positions = np.arange(1, len(groups) + 1)
    colors = _colors(len(groups))
    if kind == "box":
        parts = ax.boxplot(
            data,
            positions=positions,
            orientation="horizontal",
            patch_artist=True,
            widths=0.6,
            medianprops={"color": "black"},
            flierprops={"markersize": 3, "alpha": 0.5},
        )
        for patch, color in zip(parts["boxes"], colors):
            patch.set_facecolor(color)
            patch.set_alpha(0.75)
    else:
        parts = ax.violinplot(
            data, positions=positions, orientation="horizontal", showmedians=True, widths=0.8
        )
        for body, color in zip(parts["bodies"], colors):
            body.set_facecolor(color)
            body.set_alpha(0.75)
    ax.set_yticks(positions, labels=[f"{g} (n={len(d)})" for g, d in zip(groups, data)])
    ax.set_ylim(len(groups) + 0.5, 0.5)
    ax.axvline(0.0, color="grey", linewidth=0.8, linestyle=":")
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("VADER compound score per sentence (-1 negative to +1 positive)")
    ax.set_ylabel(by)
    ax.set_title(title or f"Sentence sentiment by {by}")
    _note(ax, note)
    return ax


def plot_dispersion(
    hits: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    terms: Sequence[str] | None = None,
    by: str = "doc_id",
    max_documents: int = 60,
    ax=None,
    title: str | None = None,
):
    """Lexical dispersion: one marker per hit at its relative position in its document.

    Parameters
    ----------
    hits : pandas.DataFrame
        ``lookup_frames`` output (rows labelled by ``category``) or a ``kwic``
        concordance (rows labelled by the lowercased ``match``); both need
        ``doc_id`` and ``start``.
    documents : pandas.DataFrame
        ``doc_id`` and ``n_chars`` (or ``text``); with several documents, also ``by``.
    terms : list of str or None, default=None
        Labels to draw, in this order from the top; ``None`` draws every label
        in sorted order.  Hits with other labels are left out.
    by : str, default="doc_id"
        Column of ``documents`` that orders documents along the x axis.
    max_documents : int, default=60
        Above this many documents, single hits would merge into solid bands: the
        documents are binned in ``by`` order instead (by month, or by year when the
        dates span more than three years; by value for a column of few values) and
        each label's row shows its hits per document in each bin, scaled to the
        row's largest (written at the right).
    ax : matplotlib.axes.Axes or None, default=None
    title : str or None, default=None

    Returns
    -------
    matplotlib.axes.Axes
        One scatter collection per label; x is ``start / n_chars`` within one
        document, or ``document rank + start / n_chars`` across several (with
        dotted separators between documents).  Above ``max_documents``: one bar
        container per label, one bar per bin.

    Raises
    ------
    SchemaError
        If a needed column is missing.
    ParameterError
        If a hit names a document that ``documents`` lacks.
    """
    _require(hits, ["doc_id", "start"], "hits")
    if "category" in hits.columns:
        label_col, labels = "category", hits["category"].astype(str)
    elif "match" in hits.columns:
        label_col, labels = "match", hits["match"].astype(str).str.lower()
    else:
        raise SchemaError(
            "hits needs a 'category' (lookup_frames) or 'match' (kwic) column; "
            f"present: {list(hits.columns)}"
        )
    _require(documents, ["doc_id"], "documents")
    if "n_chars" in documents.columns:
        lengths = documents["n_chars"].astype(float)
    elif "text" in documents.columns:
        lengths = documents["text"].str.len().astype(float)
    else:
        raise SchemaError(
            f"documents needs 'n_chars' or 'text'; present: {list(documents.columns)}"
        )
    hit_docs = set(hits["doc_id"])
    docs = documents.assign(_length=lengths)
    if by != "doc_id":
        _require(documents, [by], "documents")
    # Documents drawn: all given ones (so empty stretches show), ordered by `by`, then doc_id.
    docs = docs.sort_values([by, "doc_id"] if by != "doc_id" else ["doc_id"], kind="mergesort")
    missing = sorted(map(str, hit_docs - set(docs["doc_id"])))
    if missing:
        raise ParameterError(f"hits refer to doc_id(s) not in documents: {missing[:5]}")
    rank = {d: i for i, d in enumerate(docs["doc_id"])}
    length = dict(zip(docs["doc_id"], docs["_length"]))

    order = list(terms) if terms is not None else _sorted_labels(labels)
    terms_key = [t.lower() for t in order] if label_col == "match" else list(order)
    ax = _new_ax(ax, size=(8.0, 1.2 + 0.4 * max(len(order), 1)))
    colors = _colors(len(order))
    doc_ids = hits["doc_id"].to_numpy()
    label_values = labels.to_numpy()
    n_docs = len(docs)
    if n_docs > _check_limit(max_documents, "max_documents"):
        # Too many documents to tell apart (a solid band): hits per document in time bins.
        default_title = draw_binned_dispersion(ax, docs, doc_ids, label_values, terms_key, colors, by,
                                           "Frame" if label_col == "category" else "Term")
    else:
        starts = hits["start"].to_numpy(dtype=float)
        x_all = np.array(
            [rank[d] + (s / length[d] if length[d] else 0.0) for d, s in zip(doc_ids, starts)],
            dtype=float,
        )
        for i, key in enumerate(terms_key):
            rows = label_values == key
            ax.scatter(x_all[rows], np.full(int(rows.sum()), i, dtype=float), marker="|", s=200,
                       color=colors[i], linewidths=1.5)
    ax.set_yticks(range(len(order)), labels=[str(t) for t in order])
    ax.set_ylim(len(order) - 0.5, -0.5)
    if n_docs == 1:
        ax.set_xlim(0.0, 1.0)
        ax.set_xlabel("relative position in document (0 = start, 1 = end)")
        default_title = f"Lexical dispersion in {docs['doc_id'].iloc[0]}"
    elif n_docs <= max_documents:
        ax.set_xlim(0.0, float(n_docs))
        for boundary in range(1, n_docs):
            ax.axvline(boundary, color="grey", linewidth=0.5, linestyle=":")
        if n_docs <= 30:
            ax.set_xticks(np.arange(n_docs) + 0.5, labels=tick_labels(docs[by]), rotation=90)
        ax.set_xlabel(f"documents ordered by {by}; position within each (start to end)")
        default_title = f"Lexical dispersion across {n_docs} documents"
    ax.set_ylabel("frame category" if label_col == "category" else "term")
    ax.set_title(title or default_title)
    return ax


def plot_frames_over_time(
    rates: pd.DataFrame,
    *,
    time: str = "year",
    value: str = "per_1000",
    by: str | None = None,
    min_words: int = 5000,
    ax=None,
    title: str | None = None,
):
    """One line per category through time, from ``frame_rates(..., by=time)``.

    Parameters
    ----------
    rates : pandas.DataFrame
        ``time``, ``category`` and ``value``, one row per (time, category).
    time : str, default="year"
        A year, date or any ordered column.
    value : str, default="per_1000"
    by : str, optional
        A grouping column of ``rates`` (``frame_rates(..., by=[time, by])``): each
        category keeps its colour and each group gets its own line style, so two
        groups share one chart.
    min_words : int, default=5000
        Points resting on fewer words (``n_words`` of ``rates``) are drawn hollow and
        a note under the plot names their times (a year of one speech is one
        speaker's habit, not a trend).
    ax : matplotlib.axes.Axes or None, default=None
    title : str or None, default=None

    Returns
    -------
    matplotlib.axes.Axes
        One line (with markers) per category (and group), categories in sorted order, in a band
        from ``ci_low`` to ``ci_high`` when ``value`` is ``"per_1000"`` and ``rates``
        has those columns.

    Raises
    ------
    SchemaError
        If a needed column is missing.
    ParameterError
        If two rows share one time and category (filter other groupings first).
    """
    _require(rates, [time, "category", value] + ([by] if by is not None else []), "rates")
    key = _category_labels(rates)
    group = rates[by].astype(str) if by is not None else pd.Series("", index=rates.index)
    if pd.DataFrame({"t": rates[time], "c": key, "g": group}).duplicated().any():
        raise ParameterError(
            f"rates has several rows for one {time!r} and category"
            + (f" and {by!r}" if by is not None else "")
            + "; select one group (e.g. one speaker) or pass by= the other grouping column"
        )
    min_words = _check_limit(min_words, "min_words")
    ax = _new_ax(ax)
    categories = _sorted_labels(key)
    groups = _sorted_labels(group)
    thin_times: set = set()
    colors = _colors(len(categories))
    styles = ["-", "--", ":", "-."]
    intervals = _has_intervals(rates, value)
    for color, category in zip(colors, categories):
        for gi, name in enumerate(groups):
            part = rates.loc[(key == category) & (group == name)].sort_values(time, kind="mergesort")
            if part.empty:
                continue
            ax.plot(
                part[time].to_numpy(),
                part[value].to_numpy(dtype=float),
                marker="o",
                markersize=4,
                color=color,
                linestyle=styles[gi % len(styles)],
                label=category if by is None else f"{category} ({name})",
            )
            if intervals:
                lo, hi = _interval_bounds(part)
                ax.fill_between(part[time].to_numpy(), lo, hi, color=color, alpha=0.15,
                                linewidth=0)
            if "n_words" in part.columns:
                thin = (part["n_words"] < min_words).to_numpy()
                if thin.any():
                    ax.scatter(part[time].to_numpy()[thin], part[value].to_numpy(dtype=float)[thin],
                               s=22, facecolors="white", edgecolors=[color], zorder=3)
                    thin_times.update(part[time].to_numpy()[thin].tolist())
    if thin_times:
        shown = tick_labels(pd.Series(sorted(thin_times)))
        listed = ", ".join(shown[:12]) + (f" and {len(shown) - 12} more" if len(shown) > 12 else "")
        n_times = rates[time].nunique()
        _note(ax, f"Hollow markers: {len(shown)} of {n_times} {time} values rest on fewer than "
                  f"{min_words:,} words ({listed}).")
    ax.set_xlabel(time)
    ax.set_ylabel(_value_label(value))
    ax.set_ylim(bottom=0)
    if categories:
        # Beside the axes, not over the lines and the eras a report marks at the top.
        ax.legend(title="frame category" if by is None else f"frame category ({by})",
                  fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  ncols=1 if len(categories) * len(groups) <= 8 else 2)
    ax.set_title(title or f"Frame rates by {time}" + (f" and {by}" if by is not None else ""))
    ax.grid(alpha=0.3)
    return ax


def plot_keyness(
    keyness: pd.DataFrame,
    *,
    top: int = 15,
    value: str = "G2",
    ax=None,
    title: str | None = None,
    target_label: str = "target",
    reference_label: str = "reference",
):
    """Diverging bars of key terms: target terms to the right, reference terms to the left.

    Parameters
    ----------
    keyness : pandas.DataFrame
        ``compute_keyness`` output (``term``, ``direction``, ``value``), in its order.
    top : int, default=15
        The first ``top`` rows of each direction are drawn.
    value : {"G2", "log_ratio"}, default="G2"
        G2 is drawn negative for reference terms; Log Ratio carries its own sign.
    ax : matplotlib.axes.Axes or None, default=None
    title : str or None, default=None
    target_label, reference_label : str
        Legend names of the two sides (e.g. the speakers compared).

    Returns
    -------
    matplotlib.axes.Axes
        One bar per row drawn: target terms at the top (strongest first), then
        reference terms.

    Raises
    ------
    SchemaError
        If a needed column is missing.
    ParameterError
        If ``value`` or ``top`` is not allowed.
    """
    if value not in ("G2", "log_ratio"):
        raise ParameterError(f"value={value!r} is not allowed; use 'G2' or 'log_ratio'")
    if not isinstance(top, (int, np.integer)) or top < 1:
        raise ParameterError(f"top must be a positive integer, got {top!r}")
    _require(keyness, ["term", "direction", value], "keyness")
    target = keyness.loc[keyness["direction"] == "target"].head(top)
    reference = keyness.loc[keyness["direction"] == "reference"].head(top)
    ax = _new_ax(ax, size=(7.0, 1.2 + 0.28 * (len(target) + len(reference))))
    color_t, color_r = _colors(2)
    t_values = target[value].to_numpy(dtype=float)
    r_values = reference[value].to_numpy(dtype=float)
    if value == "G2":
        r_values = -r_values
    y_t = np.arange(len(target), dtype=float)
    y_r = np.arange(len(target), len(target) + len(reference), dtype=float)
    ax.barh(y_t, t_values, color=color_t, label=target_label)
    ax.barh(y_r, r_values, color=color_r, label=reference_label)
    ax.set_yticks(
        np.concatenate([y_t, y_r]),
        labels=[str(t) for t in target["term"]] + [str(t) for t in reference["term"]],
    )
    ax.set_ylim(len(target) + len(reference) - 0.5, -0.5)
    ax.axvline(0.0, color="black", linewidth=0.8)
    if value == "G2":
        ax.set_xlabel(f"G\u00b2 log-likelihood (right: key in {target_label}; left: {reference_label})")
    else:
        ax.set_xlabel("Log Ratio (binary log of the ratio of relative frequencies)")
    ax.set_ylabel("term")
    ax.legend(fontsize="small", loc="lower right")
    ax.set_title(title or f"Key terms: {target_label} vs {reference_label}")
    ax.grid(axis="x", alpha=0.3)
    return ax
