"""Display: a table in, a self-contained HTML table out (full text wrapped, rows limited with a note).

Reports show tables of quotations and sentences.  pandas' own notebook display cuts
every text cell to 50 characters and shows the first and last rows of a long
table with no word of what was left out; :func:`show_table` shows each text in
full, wrapped inside its cell, and at most ``max_rows`` rows (optionally the
largest by a column) with a line that says how many rows there are and which are
shown.  The result displays itself in Jupyter (``_repr_html_``) and in reports
rendered by :mod:`researchlib.batch` (no script, inline style only).

Reads any DataFrame (or Series); writes nothing.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd

from .exceptions import ParameterError, SchemaError

__all__ = ["TableView", "show_table"]

#: Inline style of every table (scoped by the ``rl-table`` class): text wraps inside its cell.
_STYLE = (
    "<style>"
    "div.rl-table{margin:0.5em 0;}"
    "div.rl-table table.rl-grid{border-collapse:collapse;font-size:0.9em;}"
    "div.rl-table table.rl-grid th,div.rl-table table.rl-grid td{padding:0.25em 0.6em;"
    "vertical-align:top;border-bottom:1px solid #ddd;}"
    "div.rl-table table.rl-grid thead th{text-align:left;white-space:nowrap;}"
    "div.rl-table table.rl-grid td.rl-num{text-align:right;white-space:nowrap;}"
    "div.rl-table table.rl-grid td.rl-id{text-align:left;white-space:nowrap;}"
    "div.rl-table table.rl-grid td.rl-text{text-align:left;white-space:pre-wrap;"
    "overflow-wrap:break-word;min-width:12em;max-width:48em;}"
    "div.rl-table p.rl-note{font-size:0.85em;color:#555;margin:0.2em 0;}"
    "</style>"
)


class TableView:
    """A table ready to show: ``_repr_html_`` for notebooks, ``html`` and ``note`` for anything else.

    Attributes
    ----------
    shown : DataFrame
        The rows shown (at most ``max_rows``), in the order shown.
    n_rows : int
        Rows of the whole table.
    note : str
        One line saying which rows are shown out of how many.
    html : str
        The HTML of the table and its note.
    """

    def __init__(self, shown: pd.DataFrame, n_rows: int, note: str, html_text: str):
        self.shown, self.n_rows, self.note, self.html = shown, n_rows, note, html_text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.width", 120):
            return f"{self.shown.to_string()}\n{self.note}"


def _format(value) -> str:
    if value is None or (not isinstance(value, (list, tuple, dict, np.ndarray)) and pd.isna(value)):
        return "n/a"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        if v == 0 or 0.001 <= abs(v) < 1000:
            return f"{v:.3f}"
        return f"{v:,.1f}" if abs(v) >= 1000 else f"{v:.2e}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat(sep=" ")
    return str(value)


def _is_numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def _meaningful_index(index: pd.Index) -> bool:
    """Whether an index says something (a name, or labels), unlike row numbers left by filtering."""
    if isinstance(index, pd.MultiIndex) or any(n is not None for n in index.names):
        return True
    return not pd.api.types.is_integer_dtype(index)


def _kind(column: pd.Series) -> str:
    """The cell class of a column: numbers and dates stay on one line, prose wraps, ids do not break."""
    if _is_numeric(column) or pd.api.types.is_datetime64_any_dtype(column):
        return "rl-num"
    texts = column.dropna().astype(str)
    return "rl-text" if texts.str.contains(r"\s", regex=True).any() else "rl-id"


def _check_rows(max_rows) -> int | None:
    if max_rows is None:
        return None
    if isinstance(max_rows, bool) or not isinstance(max_rows, (int, np.integer)) or max_rows < 1:
        raise ParameterError(f"max_rows={max_rows!r} must be a positive integer or None (every row)")
    return int(max_rows)


def _row_note(n_rows: int, n_shown: int, sort_by: list[str] | None, ascending: bool) -> str:
    rows = f"{n_rows:,} row" + ("" if n_rows == 1 else "s")
    if n_shown == n_rows:
        return f"{rows}."
    if sort_by:
        order = "smallest" if ascending else "largest"
        return (f"{n_shown:,} of {rows} shown: the {order} by {', '.join(sort_by)} "
                f"({n_rows - n_shown:,} left out; raise max_rows to see more).")
    return f"The first {n_shown:,} of {rows} shown ({n_rows - n_shown:,} left out; raise max_rows to see more)."


def show_table(
    table,
    *,
    max_rows: int | None = 30,
    sort_by: str | list[str] | None = None,
    ascending: bool = False,
    caption: str | None = None,
    index: bool | None = None,
) -> TableView:
    """Show a table with every text in full (wrapped) and at most ``max_rows`` rows.

    Parameters
    ----------
    table : DataFrame or Series
        Not modified.
    max_rows : int or None, default=30
        Rows shown; a line under the table says how many there are.  None shows every row.
    sort_by : str or list of str, optional
        Show the rows with the largest (``ascending=False``) values of these columns
        first (a stable sort: ties keep the table's order).  Default: the table's order.
    ascending : bool, default=False
        With ``sort_by``: the smallest values first instead.
    caption : str, optional
        A caption above the table (escaped).
    index : bool, optional
        Show the index as the first column(s).  Default: only when it is named or
        holds labels (a ``speaker`` index, say), not row numbers.

    Returns
    -------
    TableView
        Displays itself in a notebook; ``.html``, ``.note`` and ``.shown`` for anything else.

    Raises
    ------
    ParameterError
        ``table`` is not a DataFrame or Series, or ``max_rows`` is not a positive integer or None.
    SchemaError
        A ``sort_by`` column is missing.
    """
    if isinstance(table, pd.Series):
        table = table.to_frame()
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"show_table: table must be a pandas DataFrame or Series, got {type(table).__name__}")
    limit = _check_rows(max_rows)
    keys = [sort_by] if isinstance(sort_by, str) else (list(sort_by) if sort_by is not None else None)
    if keys:
        missing = [k for k in keys if k not in table.columns]
        if missing:
            raise SchemaError(f"show_table: sort_by column(s) {missing} not in the table; "
                              f"columns: {list(map(str, table.columns))}")
        table = table.sort_values(keys, ascending=ascending, kind="mergesort")
    shown = table if limit is None else table.head(limit)
    if index is None:
        index = _meaningful_index(table.index)
    if index:
        shown_frame = shown.reset_index()
    else:
        shown_frame = shown.reset_index(drop=True)
    note = _row_note(len(table), len(shown), keys, ascending)
    return TableView(shown, len(table), note, _table_html(shown_frame, note, caption))


def _table_html(frame: pd.DataFrame, note: str, caption: str | None) -> str:
    kinds = [_kind(frame.iloc[:, i]) for i in range(frame.shape[1])]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False, name=None):
        cells = "".join(f'<td class="{k}">{html.escape(_format(v))}</td>' for k, v in zip(kinds, row))
        body.append(f"<tr>{cells}</tr>")
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<div class="rl-table">{_STYLE}<table class="rl-grid">{title}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table><p class="rl-note">{html.escape(note)}</p></div>')
