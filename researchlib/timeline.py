"""Timelines: frame rates by year, the eras of the speakers, key terms of one period against another.

Reads
-----
The processed tables (:func:`researchlib.load_processed`): ``documents`` with a
time column (``year``, which ``prepare`` derives from ``date``; Korean addresses
take it from their file name), ``sentences`` and ``frames``.

Writes
------
:func:`eras_table`, :func:`eras_from`
    ``era``, ``start``, ``end`` (inclusive, in the time column's unit), one row per
    era in time order.
:func:`timeline_rates`
    ``frame_rates`` output by ``time`` (``ci_low``/``ci_high`` with ``ci``), every
    time value present in the documents listed, a category with no hit in a year at 0.
:func:`period_keyness`
    ``compute_keyness`` output, the target period against a reference period (or the
    rest); in Korean sentences the terms are lemmas (:mod:`researchlib.korean.terms`).
:func:`mark_eras`
    Shades and labels the eras on a time axis (``plot_frames_over_time``'s).

Nothing here reads files or draws a figure of its own; the report
``notebooks/report_timeline.ipynb`` is these calls in order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ._schema import require_columns as _require
from .exceptions import ParameterError
from .frames import frame_rates
from .keyness import compute_keyness

__all__ = [
    "ERA_COLUMNS",
    "eras_table",
    "eras_from",
    "assign_eras",
    "timeline_rates",
    "period_keyness",
    "mark_eras",
]

#: Columns of an eras table.
ERA_COLUMNS = ["era", "start", "end"]


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise ParameterError(f"{what} must be a number (a year), got {value!r}")
    return value


def eras_table(eras) -> pd.DataFrame:
    """Eras given by hand, checked: a name and the first and last year of each.

    Parameters
    ----------
    eras : DataFrame, list of mappings or list of (era, start, end)
        E.g. ``[{"era": "Kim Il Sung", "start": 1946, "end": 1994}, ...]``; a
        DataFrame needs the columns ``era``, ``start``, ``end``.

    Returns
    -------
    pandas.DataFrame
        ``era`` (str), ``start``, ``end`` (inclusive), sorted by ``start``.

    Raises
    ------
    ParameterError
        If an era lacks a name, start or end, starts after it ends, or overlaps
        another (naming the era and its values).
    """
    if isinstance(eras, pd.DataFrame):
        _require(eras, ERA_COLUMNS, "eras")
        rows = eras[ERA_COLUMNS].to_dict("records")
    elif isinstance(eras, Sequence) and not isinstance(eras, str):
        rows = []
        for i, item in enumerate(eras):
            if isinstance(item, Mapping):
                missing = [c for c in ERA_COLUMNS if c not in item]
                if missing:
                    raise ParameterError(f"eras[{i}] = {dict(item)!r} lacks {missing}; "
                                         f"each era needs {ERA_COLUMNS}")
                rows.append({c: item[c] for c in ERA_COLUMNS})
            elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 3:
                rows.append(dict(zip(ERA_COLUMNS, item)))
            else:
                raise ParameterError(f"eras[{i}] = {item!r}: give a mapping with {ERA_COLUMNS} "
                                     "or a triple (era, start, end)")
    else:
        raise ParameterError(f"eras must be a DataFrame or a list of eras, got {type(eras).__name__}")
    for row in rows:
        if not isinstance(row["era"], str) or not row["era"].strip():
            raise ParameterError(f"era {row!r} has no name (era must be a non-empty string)")
        _number(row["start"], f"start of era {row['era']!r}")
        _number(row["end"], f"end of era {row['era']!r}")
        if row["start"] > row["end"]:
            raise ParameterError(f"era {row['era']!r} starts ({row['start']}) after it ends ({row['end']})")
    table = pd.DataFrame(rows, columns=ERA_COLUMNS).sort_values("start", kind="mergesort")
    table = table.reset_index(drop=True)
    for (a, a_end), (b, b_start) in zip(
        zip(table["era"][:-1], table["end"][:-1]), zip(table["era"][1:], table["start"][1:])
    ):
        if b_start <= a_end:
            raise ParameterError(f"eras {a!r} (to {a_end}) and {b!r} (from {b_start}) overlap")
    return table


def eras_from(documents: pd.DataFrame, *, column: str = "speaker", time: str = "year") -> pd.DataFrame:
    """Eras read from the documents: runs of one value of ``column`` through time.

    Parameters
    ----------
    documents : pandas.DataFrame
        ``time`` and ``column`` (e.g. ``year`` and ``speaker`` or ``president``).
    column : str, default="speaker"
    time : str, default="year"

    Returns
    -------
    pandas.DataFrame
        ``era`` (the value), ``start``, ``end``: each maximal run of consecutive
        documents (in ``time`` order, then ``date``) with one value; documents
        without a value or a time are left out.  When a time has documents of two
        values (1953: Truman's last address and Eisenhower's first), the newcomer's
        era starts at that time and the earlier one ends the time before, so eras
        never overlap.  Empty (with the columns) when no document has both.

    Raises
    ------
    SchemaError
        If ``documents`` lacks ``time`` or ``column``.
    """
    _require(documents, [time, column], "documents")
    order = [time, "date"] if "date" in documents.columns and time != "date" else [time]
    known = documents.loc[documents[time].notna() & documents[column].notna(), [*order, column]]
    known = known.loc[known[column].astype(str).str.strip() != ""]
    known = known.sort_values(order, kind="mergesort")
    rows: list[list] = []
    for when, values in known.groupby(time, sort=True)[column]:
        names = list(dict.fromkeys(values.astype(str)))  # in date order, each once
        previous = rows[-1][0] if rows else None
        newcomers = [n for n in names if n != previous]
        value = newcomers[-1] if newcomers else previous
        if value == previous:
            rows[-1][2] = when
        else:
            rows.append([value, when, when])
    return pd.DataFrame(rows, columns=ERA_COLUMNS)


def assign_eras(documents: pd.DataFrame, eras, *, time: str = "year") -> pd.DataFrame:
    """The documents with an ``era`` column: the era whose years hold each document's time.

    Parameters
    ----------
    documents : pandas.DataFrame
        ``time`` (e.g. ``year``).
    eras : DataFrame or list
        :func:`eras_table` input or output.
    time : str, default="year"

    Returns
    -------
    pandas.DataFrame
        A copy of ``documents`` with ``era`` (str; missing outside every era), for
        ``frame_rates(..., by="era", documents=...)``: rates by era with intervals
        over the documents of each era, where one document per year gives none.

    Raises
    ------
    SchemaError
        If ``documents`` lacks ``time``.
    ParameterError
        As :func:`eras_table`.
    """
    _require(documents, [time], "documents")
    table = eras_table(eras)
    when = pd.to_numeric(documents[time], errors="coerce").to_numpy(dtype=float)
    era = np.full(len(documents), None, dtype=object)
    for name, start, end in table[ERA_COLUMNS].itertuples(index=False, name=None):
        era[(when >= start) & (when <= end)] = name
    return documents.assign(era=era)


def _with_time(table: pd.DataFrame, documents: pd.DataFrame, time: str) -> pd.DataFrame:
    _require(documents, ["doc_id", time], "documents")
    return table.assign(**{time: table["doc_id"].map(dict(zip(documents["doc_id"], documents[time])))})


def _voices(table: pd.DataFrame, exclude_speakers) -> pd.DataFrame:
    if not exclude_speakers:
        return table
    return table.loc[~table["speaker"].isin(list(exclude_speakers))]


def timeline_rates(tables, *, time: str = "year", exclude_speakers: Sequence[str] = (),
                   ci: float | None = 0.95, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Frame rates by ``time``, with every time of the documents present.

    Parameters
    ----------
    tables : Tables
        ``load_processed`` output (or ``select``'s).
    time : str, default="year"
        A column of ``documents``.
    exclude_speakers : sequence of str, default=()
        Voices left out of the counts and of the words, e.g. ``["editor"]``: the
        editor's summary in front of a Korean address is not the address.
    ci, n_boot, seed
        As in :func:`researchlib.frames.frame_rates` (``ci=None``: no interval).

    Returns
    -------
    pandas.DataFrame
        ``frame_rates(..., by=time)`` output; each time at which a document has
        words appears, categories without a hit there at 0.

    Raises
    ------
    SchemaError
        If ``documents`` lacks ``doc_id`` or ``time``.
    """
    documents = tables.documents
    _require(documents, ["doc_id", time], "documents")
    sentences = _voices(tables.sentences, exclude_speakers)
    frames = _voices(tables.frames, exclude_speakers)
    return frame_rates(frames, sentences, by=time, documents=documents, ci=ci, n_boot=n_boot, seed=seed)


def period_keyness(tables, *, target, reference=None, time: str = "year",
                   exclude_speakers: Sequence[str] = (), min_count: int = 5, top: int | None = None,
                   stopwords=None) -> pd.DataFrame:
    """Key terms of one period against another (or against the rest).

    Parameters
    ----------
    tables : Tables
    target : (start, end)
        The target period, both ends included, in the unit of ``time``.
    reference : (start, end) or None, default=None
        The reference period; ``None`` compares with every other sentence.
    time : str, default="year"
    exclude_speakers : sequence of str, default=()
        Voices left out (e.g. ``["editor"]``).
    min_count, top, stopwords
        As in :func:`researchlib.keyness.compute_keyness`.

    Returns
    -------
    pandas.DataFrame
        ``compute_keyness`` output (``direction``: ``target`` or ``reference``).
        Korean sentences count lemmas of content morphemes: particles and endings
        are never key terms.

    Raises
    ------
    ParameterError
        If a period is not two numbers in order, the periods overlap, or one of
        them holds no sentence (naming it and the times present).
    """
    def period(value, name):
        if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
            raise ParameterError(f"{name} must be (start, end), got {value!r}")
        start, end = _number(value[0], f"{name} start"), _number(value[1], f"{name} end")
        if start > end:
            raise ParameterError(f"{name} = {value!r} starts after it ends")
        return start, end

    t0, t1 = period(target, "target")
    sentences = _with_time(_voices(tables.sentences, exclude_speakers), tables.documents, time)
    when = sentences[time]
    in_target = when.between(t0, t1).fillna(False).astype(bool)
    present = sorted(pd.unique(when.dropna()).tolist())
    if not in_target.any():
        raise ParameterError(f"target {target!r} holds no sentence; {time} present: {present}")
    ref_spec = None
    if reference is not None:
        r0, r1 = period(reference, "reference")
        if r0 <= t1 and t0 <= r1:
            raise ParameterError(f"target {target!r} and reference {reference!r} overlap")
        ref_spec = when.between(r0, r1).fillna(False).astype(bool)
        if not ref_spec.any():
            raise ParameterError(f"reference {reference!r} holds no sentence; {time} present: {present}")
    return compute_keyness(sentences, in_target, reference=ref_spec, min_count=min_count, top=top,
                           stopwords=stopwords)


def mark_eras(ax, eras, *, labels: bool = True, shade: str = "0.92"):
    """Shade every other era on a time axis and write each era's name above the plot.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An Axes whose x axis is the time (``plot_frames_over_time``'s).
    eras : DataFrame or list
        :func:`eras_table` input or output (``era``, ``start``, ``end``).
    labels : bool, default=True
        Write the era names in a band between the plot and its title.
    shade : str, default="0.92"
        The colour of the shaded eras (a matplotlib colour).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, with one span per era (from ``start - 0.5`` to ``end + 0.5``, every
        other one shaded) and a dotted line between eras.  The names stand above the
        plot, so that no line of data crosses them; when two of them would overlap,
        all are written upwards in a smaller size.  The title moves up above them.

    Raises
    ------
    ParameterError
        As :func:`eras_table`.
    """
    table = eras_table(eras)
    left, right = sorted(ax.get_xlim())
    texts = []
    for i, (era, start, end) in enumerate(table[ERA_COLUMNS].itertuples(index=False, name=None)):
        lo, hi = start - 0.5, end + 0.5
        ax.axvspan(lo, hi, color=shade if i % 2 == 0 else "white", alpha=0.6, zorder=0, linewidth=0)
        if i:
            ax.axvline(lo, color="grey", linewidth=0.6, linestyle=":", zorder=1)
        middle = (max(lo, left) + min(hi, right)) / 2
        if labels and left <= middle <= right:
            texts.append(ax.text(middle, 1.01, era, transform=ax.get_xaxis_transform(), ha="center",
                                 va="bottom", fontsize="small", color="0.3", clip_on=False))
    ax.set_xlim(left, right)
    if texts:
        _fit_era_labels(ax, texts)
    return ax


def _overlap(boxes) -> bool:
    return any(a.x1 + 2 > b.x0 for a, b in zip(boxes, boxes[1:]))


def _fit_era_labels(ax, texts) -> None:
    """Stagger era names on two rows, or write them upwards, when any two overlap; lift the title."""
    ax.figure.draw_without_rendering()  # the layout (a legend beside the plot) settles the widths
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    top = max(b.height for b in boxes)
    if _overlap(boxes):
        if _overlap(boxes[0::2]) or _overlap(boxes[1::2]):
            for t in texts:
                t.set_rotation(90)
                t.set_fontsize("x-small")
            top = max(t.get_window_extent(renderer).height for t in texts)
        else:  # every other name one line higher
            for t in texts[1::2]:
                t.set_y(1.01 + 1.1 * boxes[0].height / ax.get_window_extent(renderer).height)
            top = 2.1 * top
    ax.set_title(ax.get_title(), pad=top * 72 / ax.figure.dpi + 8)
