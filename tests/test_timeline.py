"""Timelines: eras by hand and from the documents, rates by year and era, key terms of periods."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import shared_path  # noqa: E402

from researchlib.exceptions import ParameterError, SchemaError  # noqa: E402
from researchlib.tables import Tables  # noqa: E402
from researchlib.timeline import (  # noqa: E402
    assign_eras,
    eras_from,
    eras_table,
    mark_eras,
    period_keyness,
    timeline_rates,
)


def test_eras_table_sorts_and_checks():
    table = eras_table([("b", 1995, 2012), {"era": "a", "start": 1946, "end": 1994}])
    assert table.values.tolist() == [["a", 1946, 1994], ["b", 1995, 2012]]
    with pytest.raises(ParameterError, match="'a' \\(to 1994\\) and 'b' \\(from 1990\\) overlap"):
        eras_table([("a", 1946, 1994), ("b", 1990, 2000)])
    with pytest.raises(ParameterError, match="starts \\(2000\\) after it ends \\(1990\\)"):
        eras_table([("a", 2000, 1990)])
    with pytest.raises(ParameterError, match="lacks \\['end'\\]"):
        eras_table([{"era": "a", "start": 1}])
    with pytest.raises(ParameterError, match="must be a number"):
        eras_table([("a", "1946", 1990)])
    with pytest.raises(ParameterError, match="has no name"):
        eras_table([("", 1946, 1990)])


def test_eras_from_runs_with_a_shared_year_going_to_the_newcomer():
    docs = pd.DataFrame({
        "year": [1950, 1951, 1953, 1953, 1954, 1955, 1956],
        "date": pd.to_datetime(["1950-01-01", "1951-01-01", "1953-01-07", "1953-02-02",
                                "1954-01-01", "1955-01-01", "1956-01-01"]),
        "president": ["T", "T", "T", "E", "E", None, "K"],
    })
    assert eras_from(docs, column="president").values.tolist() == [
        ["T", 1950, 1951], ["E", 1953, 1954], ["K", 1956, 1956]]
    # Same result whatever the row order.
    shuffled = docs.iloc[[6, 3, 0, 2, 5, 1, 4]]
    assert eras_from(shuffled, column="president").values.tolist() == [
        ["T", 1950, 1951], ["E", 1953, 1954], ["K", 1956, 1956]]
    with pytest.raises(SchemaError):
        eras_from(docs, column="speaker")


def test_assign_eras():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "year": [1946, 2000, 2030]})
    out = assign_eras(docs, [("x", 1946, 1994), ("y", 1995, 2019)])
    assert out["era"].tolist()[:2] == ["x", "y"] and pd.isna(out["era"].iloc[2])
    assert "era" not in docs.columns


def _tables() -> Tables:
    documents = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "year": [2001, 2002, 2003]})
    sentences = pd.DataFrame({
        "doc_id": ["d1", "d1", "d2", "d3", "d3"], "sent_id": [0, 1, 0, 0, 1],
        "text": ["Blood ties bind us.", "Editor's note.", "The enemy attacks us.",
                 "Blood and brothers.", "Blood again."],
        "n_words": [4, 2, 4, 3, 2],
        "speaker": ["leader", "editor", "leader", "leader", "leader"],
    })
    frames = pd.DataFrame({
        "doc_id": ["d1", "d1", "d2", "d3", "d3"], "sent_id": [0, 1, 0, 0, 1],
        "category": ["kinship", "kinship", "hostility", "kinship", "kinship"],
        "speaker": ["leader", "editor", "leader", "leader", "leader"],
        "lexicon": "default",
    })
    return Tables(documents, sentences, pd.DataFrame(), frames)


def test_timeline_rates_cover_every_year_and_leave_voices_out():
    rates = timeline_rates(_tables(), exclude_speakers=["editor"], ci=None)
    assert sorted(rates["year"].unique()) == [2001, 2002, 2003]
    kin = rates.loc[rates["category"] == "kinship"].set_index("year")
    assert kin.loc[2001, "n"] == 1 and kin.loc[2001, "n_words"] == 4  # the editor's sentence left out
    assert kin.loc[2002, "n"] == 0
    assert kin.loc[2003, "per_1000"] == pytest.approx(2 / 5 * 1000)
    with_editor = timeline_rates(_tables(), ci=None)
    assert with_editor.set_index(["year", "category"]).loc[(2001, "kinship"), "n"] == 2


def test_period_keyness_compares_periods():
    out = period_keyness(_tables(), target=(2003, 2003), reference=(2001, 2002), min_count=1)
    by_term = out.set_index("term")
    assert by_term.loc["blood", "n_target"] == 2 and by_term.loc["blood", "n_reference"] == 1
    assert by_term.loc["enemy", "direction"] == "reference"
    with pytest.raises(ParameterError, match="overlap"):
        period_keyness(_tables(), target=(2001, 2002), reference=(2002, 2003))
    with pytest.raises(ParameterError, match=r"target \(1990, 1991\) holds no sentence; year present"):
        period_keyness(_tables(), target=(1990, 1991))
    with pytest.raises(ParameterError, match="must be \\(start, end\\)"):
        period_keyness(_tables(), target=2001)


def test_mark_eras_draws_a_span_and_a_name_per_era():
    fig, ax = plt.subplots()
    ax.plot([1946, 2019], [0, 1])
    mark_eras(ax, [("Kim Il Sung", 1946, 1994), ("joint editorials", 1995, 2012), ("Kim Jong Un", 2013, 2019)])
    assert [t.get_text() for t in ax.texts] == ["Kim Il Sung", "joint editorials", "Kim Jong Un"]
    spans = [p for p in ax.patches]
    assert len(spans) == 3
    assert spans[0].get_x() == pytest.approx(1945.5) and spans[0].get_width() == pytest.approx(49)
    plt.close(fig)


def _label_boxes(ax):
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in ax.texts], ax.title.get_window_extent(renderer)


@pytest.mark.parametrize("eras, layout", [
    ([("Kim Il Sung", 1946, 1994), ("joint editorials", 1995, 2012), ("Kim Jong Un", 2013, 2019)], "staggered"),
    ([(f"President number {i}", 1946 + 4 * i, 1949 + 4 * i) for i in range(18)], "upwards"),
    ([("first", 1946, 1980), ("second", 1981, 2019)], "one row"),
])
def test_era_names_stand_above_the_data_apart_from_each_other_and_below_the_title(eras, layout):
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot([1946, 2019], [0, 1])
    ax.set_title("a title")
    mark_eras(ax, eras)
    boxes, title = _label_boxes(ax)
    plot = ax.get_window_extent()
    assert len(boxes) == len(eras)
    assert all(b.y0 >= plot.y1 for b in boxes)  # no line of data crosses a name
    assert all(b.y1 <= title.y0 for b in boxes)  # the title stands above them
    for a, b in zip(boxes, boxes[1:]):
        assert not a.overlaps(b), (a, b)
    rotations = {t.get_rotation() for t in ax.texts}
    rows = {round(b.y0) for b in boxes}
    assert (rotations, len(rows)) == {"staggered": ({0}, 2), "upwards": ({90}, 1), "one row": ({0}, 1)}[layout]
    plt.close(fig)


@pytest.mark.slow
def test_korean_addresses_by_year_cover_every_year(tmp_path):
    """prepare the 73 addresses; frames by year cover every year, eras and periods work on lemmas."""
    folder = shared_path("corpora", "dprk_new_year_addresses_ko", "data")
    from researchlib import load_processed
    from researchlib.pipeline import prepare

    prepare(folder, out=tmp_path / "ko", progress=False, workers=1)
    tables = load_processed(tmp_path / "ko")
    years = sorted(int(p.stem) for p in folder.glob("*.txt"))
    rates = timeline_rates(tables, exclude_speakers=["editor"], ci=None)
    assert sorted(rates["year"].unique()) == years
    assert (rates.groupby("year")["category"].nunique() == 6).all()
    by_era = assign_eras(tables.documents, [("Kim Il Sung", 1946, 1994), ("joint", 1995, 2012),
                                            ("Kim Jong Un", 2013, 2019)])
    assert by_era["era"].notna().all()
