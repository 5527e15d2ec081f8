"""Tests for researchlib.plots: each plot draws exactly the rows it is given, deterministically."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402

from researchlib.exceptions import ParameterError, SchemaError  # noqa: E402
from researchlib.keyness import compute_keyness  # noqa: E402
from researchlib.plots import (  # noqa: E402
    deterministic_savefig,
    figure_defaults,
    plot_dispersion,
    plot_frames,
    plot_frames_over_time,
    plot_keyness,
    plot_sentiment,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def rates() -> pd.DataFrame:
    # frame_rates(..., by="speaker") shape; one combination (Putin, war) absent.
    return pd.DataFrame(
        {
            "speaker": ["Kim", "Kim", "Kim", "Putin", "Putin"],
            "category": ["kinship", "unity", "war", "kinship", "unity"],
            "n": [4, 2, 1, 1, 3],
            "n_words": [100, 100, 100, 200, 200],
            "per_1000": [40.0, 20.0, 10.0, 5.0, 15.0],
        }
    )


def _bars(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_plot_frames_one_bar_per_row(rates):
    ax = plot_frames(rates, min_words=1)
    assert isinstance(ax, Axes)
    bars = _bars(ax)
    assert len(bars) == len(rates)
    assert sorted(b.get_width() for b in bars) == sorted(rates["per_1000"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["kinship", "unity", "war"]
    assert ax.get_xlabel() == "hits per 1,000 words"
    assert ax.get_title() == "Frame rates by speaker"
    assert [t.get_text() for t in ax.figure.legends[0].get_texts()] == ["Kim", "Putin"]
    assert ax.get_legend() is None  # beside the plot, not over its bars
    _, given = plt.subplots()
    assert plot_frames(rates, min_words=1, ax=given).get_legend() is not None  # a given Axes keeps it
    # Each group has one fixed colour.
    colours = {tuple(b.get_facecolor()) for b in bars}
    assert len(colours) == 2


def test_plot_frames_counts_and_existing_ax(rates):
    fig, ax = plt.subplots()
    out = plot_frames(rates, min_words=1, value="n", ax=ax, title="Counts")
    assert out is ax
    assert ax.get_xlabel() == "hits (count)"
    assert ax.get_title() == "Counts"
    assert sorted(b.get_width() for b in _bars(ax)) == sorted(rates["n"].astype(float))


def test_plot_frames_errors(rates):
    with pytest.raises(SchemaError, match="per_1000"):
        plot_frames(rates.drop(columns="per_1000"), min_words=1)
    with pytest.raises(ParameterError, match="several rows"):
        plot_frames(rates, min_words=1, by=None)


def test_plot_sentiment_one_box_per_group():
    sentences = pd.DataFrame(
        {
            "speaker": ["Kim", "Kim", "Kim", "Putin", "Putin", "narrator"],
            "compound": [0.5, 0.9, 0.1, -0.2, 0.3, np.nan],
        }
    )
    ax = plot_sentiment(sentences, min_sentences=1)
    assert isinstance(ax, Axes)
    boxes = [p for p in ax.patches if isinstance(p, PathPatch)]
    assert len(boxes) == 2  # narrator has no score
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Kim (n=3)", "Putin (n=2)"]
    assert "compound" in ax.get_xlabel()
    assert ax.get_title() == "Sentence sentiment by speaker"
    violin = plot_sentiment(sentences, min_sentences=1, kind="violin")
    assert len(violin.collections) >= 2
    with pytest.raises(ParameterError, match="kind"):
        plot_sentiment(sentences, min_sentences=1, kind="pie")
    with pytest.raises(SchemaError, match="compound"):
        plot_sentiment(sentences.drop(columns="compound"), min_sentences=1)


@pytest.fixture
def documents() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["d2", "d1"],
            "text": ["x" * 200, "y" * 100],
            "n_chars": [200, 100],
            "year": [2020, 2024],
        }
    )


def _markers(ax: Axes) -> np.ndarray:
    offsets = [c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)]
    return np.concatenate(offsets) if offsets else np.empty((0, 2))


def test_plot_dispersion_frames_one_document(documents):
    hits = pd.DataFrame(
        {"doc_id": ["d1", "d1", "d1"], "start": [0, 50, 90], "category": ["war", "kin", "war"]}
    )
    ax = plot_dispersion(hits, documents[documents.doc_id == "d1"])
    markers = _markers(ax)
    assert len(markers) == len(hits)
    assert sorted(markers[:, 0]) == pytest.approx([0.0, 0.5, 0.9])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["kin", "war"]
    assert ax.get_xlim() == (0.0, 1.0)
    assert "relative position" in ax.get_xlabel()


def test_plot_dispersion_kwic_across_documents_ordered_by(documents):
    concordance = pd.DataFrame(
        {"doc_id": ["d1", "d2", "d2"], "start": [10, 100, 20], "match": ["Blood", "blood", "war"]}
    )
    ax = plot_dispersion(concordance, documents, by="year", terms=["blood"])
    markers = _markers(ax)
    assert len(markers) == 2  # only the "blood" hits
    # d2 (2020) comes first, d1 (2024) second: x = rank + start / n_chars.
    assert sorted(markers[:, 0]) == pytest.approx([0.5, 1.1])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2020", "2024"]
    with pytest.raises(ParameterError, match="not in documents"):
        plot_dispersion(concordance, documents[documents.doc_id == "d1"])
    with pytest.raises(SchemaError, match="category"):
        plot_dispersion(concordance.drop(columns="match"), documents)


def test_plot_frames_over_time_one_line_per_category():
    rates = pd.DataFrame(
        {
            "year": [2021, 2020, 2020, 2021, 2022],
            "category": ["war", "war", "kin", "kin", "kin"],
            "per_1000": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    ax = plot_frames_over_time(rates)
    lines = ax.get_lines()
    assert len(lines) == 2
    assert [line.get_label() for line in lines] == ["kin", "war"]
    assert sum(len(line.get_xdata()) for line in lines) == len(rates)
    assert list(lines[1].get_xdata()) == [2020, 2021]  # sorted by time
    assert list(lines[1].get_ydata()) == [2.0, 1.0]
    assert ax.get_ylabel() == "hits per 1,000 words"
    assert ax.get_xlabel() == "year"
    dup = pd.concat([rates, rates.head(1)])
    with pytest.raises(ParameterError, match="several rows"):
        plot_frames_over_time(dup)


def test_plot_keyness_diverging_bars():
    data = pd.DataFrame(
        {
            "text": ["blood blood blood ties brother war", "war war war trench peace ties"],
            "speaker": ["Kim", "Putin"],
        }
    )
    keyness = compute_keyness(data, {"speaker": "Kim"}, min_count=1)
    ax = plot_keyness(keyness, top=15, target_label="Kim", reference_label="Putin")
    bars = _bars(ax)
    assert len(bars) == len(keyness)
    widths = {t.get_text(): b.get_width() for t, b in zip(ax.get_yticklabels(), bars)}
    g2 = dict(zip(keyness["term"], keyness["G2"]))
    assert widths["blood"] == pytest.approx(g2["blood"])
    assert widths["war"] == pytest.approx(-g2["war"])
    assert "G" in ax.get_xlabel()
    assert ax.get_title() == "Key terms: Kim vs Putin"
    few = plot_keyness(keyness, top=1, value="log_ratio")
    assert len(_bars(few)) == 2
    with pytest.raises(ParameterError, match="value"):
        plot_keyness(keyness, value="p")


def test_saved_png_and_svg_are_byte_identical(rates, tmp_path):
    ax = plot_frames(rates, min_words=1)
    first = deterministic_savefig(ax.figure, tmp_path / "a.png")
    second = deterministic_savefig(ax.figure, tmp_path / "b.png")
    assert first.read_bytes() == second.read_bytes()
    assert b"Matplotlib" not in first.read_bytes()
    svg1 = deterministic_savefig(ax.figure, tmp_path / "a.svg").read_bytes()
    svg2 = deterministic_savefig(ax.figure, tmp_path / "b.svg").read_bytes()
    assert svg1 == svg2
    assert b"<dc:date>" not in svg1
    # A figure drawn anew from the same table gives the same bytes too.
    again = plot_frames(rates, min_words=1)
    third = deterministic_savefig(again.figure, tmp_path / "c.png")
    assert third.read_bytes() == first.read_bytes()
    assert figure_defaults()["svg.hashsalt"]
    with pytest.raises(ParameterError, match="allowed formats"):
        deterministic_savefig(ax.figure, tmp_path / "a.gif")


def _pipeline_tables():
    from researchlib.frames import frame_rates, lookup_frames
    from researchlib.lexicon import Lexicon

    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "sent_id": [0, 1, 0],
            "start": [0, 30, 0],
            "text": ["We share blood with brothers.", "War is sacrifice.", "Brothers in war."],
            "speaker": ["Kim", "Kim", "Putin"],
            "n_words": [5, 3, 3],
        }
    )
    documents = pd.DataFrame(
        {"doc_id": ["a", "b"], "n_chars": [47, 16], "year": [2024, 2025]}
    )
    lex = Lexicon("demo", {"kinship": ["share blood", "brother*"], "war": ["war"]})
    frames = lookup_frames(sentences, lex)
    return sentences, documents, frames, frame_rates


def test_plots_draw_real_frame_rates_and_hits():
    sentences, documents, frames, frame_rates = _pipeline_tables()
    rates = frame_rates(frames, sentences, by="speaker")
    ax = plot_frames(rates, min_words=1)
    assert len(_bars(ax)) == len(rates)
    over_time = frame_rates(frames, sentences, by="year", documents=documents)
    lines = plot_frames_over_time(over_time).get_lines()
    assert len(lines) == frames["category"].nunique()
    disp = plot_dispersion(frames, documents)
    assert len(_markers(disp)) == len(frames)


def test_plot_frames_prefixes_lexicon_when_several(rates):
    two = pd.concat([rates.assign(lexicon="demo"), rates.assign(lexicon="mfd")])
    ax = plot_frames(two, min_words=1)
    assert len(_bars(ax)) == len(two)
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["demo: kinship", "demo: unity"]


def test_dispersion_by_date_labels_days_not_midnights():
    import pandas as pd

    from researchlib import plot_dispersion

    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "n_chars": [100, 100],
            "date": pd.to_datetime(["2024-01-02", "2025-03-04"]),
        }
    )
    hits = pd.DataFrame({"doc_id": ["a", "b"], "start": [10, 50], "category": ["kin", "kin"]})
    ax = plot_dispersion(hits, documents, by="date")
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["2024-01-02", "2025-03-04"]


def test_plot_frames_draws_the_interval_of_each_bar(rates):
    with_ci = rates.assign(ci_low=rates["per_1000"] - 2.0, ci_high=rates["per_1000"] + [1, 2, 3, 4, 5])
    ax = plot_frames(with_ci, min_words=1)
    lines = [c for c in ax.collections if c.__class__.__name__ == "LineCollection"]
    segments = [s for c in lines for s in c.get_segments()]
    assert len(segments) == len(rates)
    spans = sorted((round(s[0][0], 6), round(s[1][0], 6)) for s in segments)
    assert spans == sorted(zip(with_ci["ci_low"].round(6), with_ci["ci_high"].round(6)))
    # No interval columns (ci=None) or counts drawn: no error bars.
    for ax in (plot_frames(rates, min_words=1), plot_frames(with_ci, min_words=1, value="n")):
        assert not [c for c in ax.collections if c.__class__.__name__ == "LineCollection"]


def test_plot_frames_over_time_draws_bands_from_real_rates():
    from researchlib.frames import frame_rates

    rng = np.random.default_rng(0)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(12)], "year": [2020, 2021, 2022] * 4})
    sentences = docs.assign(n_words=rng.integers(50, 200, 12))
    frames = pd.DataFrame(
        {"doc_id": rng.choice(docs["doc_id"], 60), "category": rng.choice(["kin", "war"], 60)}
    ).merge(docs, on="doc_id")
    by_year = frame_rates(frames, sentences, by="year")
    ax = plot_frames_over_time(by_year)
    bands = [c for c in ax.collections if c.__class__.__name__ in ("PolyCollection", "FillBetweenPolyCollection")]
    assert len(bands) == 2
    for band, (_, part) in zip(bands, by_year.groupby("category")):
        ys = band.get_paths()[0].vertices[:, 1]
        assert ys.min() == pytest.approx(part["ci_low"].min())
        assert ys.max() == pytest.approx(part["ci_high"].max())
    plain = plot_frames_over_time(frame_rates(frames, sentences, by="year", ci=None))
    assert not [c for c in plain.collections if "Poly" in c.__class__.__name__]


def test_plots_of_many_groups_keep_the_largest_and_say_what_they_left_out():
    """696 KCNA 'speakers' made a boxplot 31,451 px tall; now the largest groups are drawn."""
    rng = np.random.default_rng(0)
    sizes = {f"speaker {i:03d}": n for i, n in enumerate([400, 300, 250] + [3] * 700)}
    sentences = pd.DataFrame({
        "speaker": [s for s, n in sizes.items() for _ in range(n)],
        "compound": rng.uniform(-1, 1, sum(sizes.values())),
    })
    ax = plot_sentiment(sentences)
    assert [t.get_text().split(" (n=")[0] for t in ax.get_yticklabels()] == [
        "speaker 000", "speaker 001", "speaker 002"]
    notes = [" ".join(t.get_text().split()) for t in ax.texts]
    assert notes == ["700 of 703 speaker groups not shown (700 with fewer than 10 scored "
                     "sentences); see the table for all"]
    width, height = ax.figure.get_size_inches() * ax.figure.dpi
    assert height <= 2000
    rates = pd.DataFrame({
        "speaker": [f"s{i}" for i in range(30)], "category": "kin",
        "n": 1, "n_words": [1000 + i for i in range(30)], "per_1000": 1.0,
    })
    ax = plot_frames(rates, top=5)
    assert len(ax.figure.legends[0].get_texts()) == 5  # beside the plot, not over its bars
    assert " ".join(ax.texts[0].get_text().split()).startswith(
        "25 of 30 speaker groups not shown (beyond the 5 largest")
    with pytest.raises(ParameterError, match="top=0"):
        plot_frames(rates, top=0)
    empty = plot_sentiment(sentences.head(5))  # a small selection still renders, and says why
    assert "No speaker has 10 or more scored sentences" in empty.texts[0].get_text()


def test_frames_over_time_puts_two_groups_on_one_chart():
    rates = pd.DataFrame({
        "year": [2011, 2012] * 4, "category": ["kin"] * 4 + ["war"] * 4,
        "country": ["KOR", "KOR", "USA", "USA"] * 2, "per_1000": [1.0, 2.0, 0.5, 0.7] * 2,
    })
    ax = plot_frames_over_time(rates, by="country")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["kin (KOR)", "kin (USA)", "war (KOR)", "war (USA)"]
    styles = {line.get_label(): line.get_linestyle() for line in ax.get_lines()}
    assert styles["kin (KOR)"] != styles["kin (USA)"]
    with pytest.raises(ParameterError, match="several rows"):
        plot_frames_over_time(rates)


def _drawn(ax):
    """The figure drawn (constrained layout applied); the axes' and texts' extents in pixels."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return fig.bbox, ax.get_window_extent(renderer), [t.get_window_extent(renderer) for t in ax.texts]


def test_a_long_note_stays_inside_the_figure_and_does_not_squeeze_the_plot():
    """A one-line note wider than the plot made the layout shrink the axes to ~50 px (KCNA 2012)."""
    rng = np.random.default_rng(1)
    sizes = {"a very long speaker name indeed (the narrator)": 500, "b": 300, **{f"s{i}": 2 for i in range(800)}}
    sentences = pd.DataFrame({
        "speaker": [s for s, n in sizes.items() for _ in range(n)],
        "compound": rng.uniform(-1, 1, sum(sizes.values())),
    })
    ax = plot_sentiment(sentences)
    figure, axes, texts = _drawn(ax)
    assert axes.width > 0.3 * figure.width
    assert all(figure.x0 <= t.x0 and t.x1 <= figure.x1 + 1 for t in texts)
    # a note and a legend of eight long names together (UN speakers): the layout still holds
    names = [f"Speaker number {i} with a rather long official name" for i in range(8)]
    rates = pd.DataFrame({"speaker": names * 2, "category": ["kin"] * 8 + ["war"] * 8, "n": 5,
                          "n_words": 1000, "per_1000": np.linspace(1, 9, 16)})
    rates = pd.concat([rates, rates.iloc[[0, 8]].assign(speaker="tiny", n_words=10)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "constrained_layout not applied ... collapsed to zero"
        ax = plot_frames(rates)
        figure, axes, texts = _drawn(ax)
    legend = ax.figure.legends[0].get_window_extent()
    assert axes.width > 0.3 * figure.width and texts
    assert figure.x0 <= legend.x0 and legend.x1 <= figure.x1 + 1


def test_dispersion_over_many_documents_shows_hits_per_document_by_month():
    """9,556 KCNA documents drew one solid band per category; now each month is a bar."""
    dates = pd.date_range("2012-01-01", "2012-06-30", freq="D")
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(dates))], "date": dates,
                              "n_chars": 1000})
    # kin: one hit in every January and June document, none between; war: one hit everywhere
    kin = documents.loc[documents["date"].dt.month.isin([1, 6]), "doc_id"]
    hits = pd.concat([
        pd.DataFrame({"doc_id": kin, "start": 10, "category": "kin"}),
        pd.DataFrame({"doc_id": documents["doc_id"], "start": 20, "category": "war"}),
    ])
    ax = plot_dispersion(hits, documents, by="date")
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "2012-01", "2012-02", "2012-03", "2012-04", "2012-05", "2012-06"]
    kin_bars, war_bars = ax.containers
    assert [round(-b.get_height(), 3) for b in kin_bars] == [0.8, 0, 0, 0, 0, 0.8]
    assert [round(-b.get_height(), 3) for b in war_bars] == [0.8] * 6
    assert [t.get_text() for t in ax.texts] == ["max 1/doc", "max 1/doc"]
    assert "182 documents by month" in ax.get_xlabel()
    # more than three years of dates: one bin per year
    years = documents.assign(date=pd.date_range("2001-01-01", periods=len(dates), freq="W"))
    ax = plot_dispersion(hits, years, by="date")
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "2001"
    assert ax.figure.get_size_inches()[1] * ax.figure.dpi <= 2000


def test_frames_over_time_marks_points_resting_on_few_words():
    """UN General Debate: 1991-1999 hold one DPRK speech a year, drawn like the 190-speech years."""
    rates = pd.DataFrame({
        "year": [1991, 1992, 2000, 2001] * 2, "category": ["kin"] * 4 + ["war"] * 4,
        "n_words": [3491, 3338, 380_000, 390_000] * 2, "per_1000": [11.0, 14.0, 8.0, 7.5] * 2,
    })
    ax = plot_frames_over_time(rates)
    hollow = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [list(map(tuple, c.get_offsets())) for c in hollow] == [[(1991, 11.0), (1992, 14.0)]] * 2
    assert " ".join(ax.texts[0].get_text().split()) == (
        "Hollow markers: 2 of 4 year values rest on fewer than 5,000 words (1991, 1992).")
    assert not [c for c in plot_frames_over_time(rates, min_words=3000).collections
                if isinstance(c, PathCollection)]
    with pytest.raises(ParameterError, match="min_words=0"):
        plot_frames_over_time(rates, min_words=0)
