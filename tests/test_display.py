"""show_table: full text wrapped, rows limited with a note, escaped, deterministic."""

from __future__ import annotations

import pandas as pd
import pytest

from researchlib.display import show_table
from researchlib.exceptions import ParameterError, SchemaError

LONG = ("The respected Marshal said that the whole army and people must share blood ties "
        "and fight to the last for the cause, whatever the enemies may do.")


def test_text_is_shown_in_full_where_pandas_cuts_it():
    table = pd.DataFrame({"speaker": ["Kim", "Lee"], "text": [LONG, "short"], "n": [3, 12000]})
    assert LONG not in table._repr_html_()  # pandas' own display cuts it
    view = show_table(table)
    assert LONG in view.html and LONG in view._repr_html_()
    assert '<td class="rl-text">' in view.html and "white-space:pre-wrap" in view.html
    assert '<td class="rl-num">12,000</td>' in view.html
    assert view.note == "2 rows." and LONG in repr(view)
    assert show_table(table).html == view.html


def test_rows_are_limited_with_a_note_and_optionally_the_largest_first():
    table = pd.DataFrame({"speaker": [f"s{i}" for i in range(100)], "n": list(range(100))})
    view = show_table(table, max_rows=5)
    assert len(view.shown) == 5 and view.shown["speaker"].tolist() == ["s0", "s1", "s2", "s3", "s4"]
    assert view.note == "The first 5 of 100 rows shown (95 left out; raise max_rows to see more)."
    largest = show_table(table, max_rows=3, sort_by="n")
    assert largest.shown["n"].tolist() == [99, 98, 97]
    assert "3 of 100 rows shown: the largest by n (97 left out" in largest.note
    assert len(show_table(table, max_rows=None).shown) == 100
    assert table["n"].tolist() == list(range(100))  # input untouched


def test_values_are_escaped_and_a_named_index_is_shown():
    table = pd.DataFrame({"quotations": [2]}, index=pd.Index(["<script>x</script>"], name="speaker"))
    page = show_table(table, caption="<b>who</b>").html
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<th>speaker</th>" in page and "&lt;b&gt;who&lt;/b&gt;" in page
    dated = show_table(pd.DataFrame({"date": pd.to_datetime(["2012-01-01"]), "x": [None]}))
    assert ">2012-01-01<" in dated.html and ">n/a<" in dated.html


def test_bad_arguments_are_named():
    with pytest.raises(ParameterError, match="max_rows=0"):
        show_table(pd.DataFrame({"a": [1]}), max_rows=0)
    with pytest.raises(ParameterError, match="got list"):
        show_table([1, 2])
    with pytest.raises(SchemaError, match=r"sort_by column\(s\) \['m'\]"):
        show_table(pd.DataFrame({"a": [1]}), sort_by="m")


def test_row_numbers_left_by_filtering_are_not_shown():
    table = pd.DataFrame({"text": ["a", "b", "c"]}, index=[7, 3, 9])
    assert "<th>index</th>" not in show_table(table).html
    assert "<th>speaker</th>" in show_table(table.rename_axis("speaker")).html


def test_prose_wraps_while_ids_dates_and_numbers_stay_on_one_line():
    table = pd.DataFrame({"doc_id": ["kcna_stories_2011-1"], "date": pd.to_datetime(["2011-12-01"]),
                          "title": ["Kim Yong Nam Meets Lao Ambassador"], "n": [3]})
    page = show_table(table).html
    assert '<td class="rl-id">kcna_stories_2011-1</td>' in page
    assert '<td class="rl-num">2011-12-01</td>' in page and '<td class="rl-num">3</td>' in page
    assert '<td class="rl-text">Kim Yong Nam Meets Lao Ambassador</td>' in page
