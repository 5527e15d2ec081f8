"""Hangul in plots: the font fallback of researchlib's plot style (NanumGothic from koreanize-matplotlib)."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.font_manager import FontProperties, findfont  # noqa: E402

from researchlib.plots import (  # noqa: E402
    HANGUL_FONT,
    deterministic_savefig,
    hangul_font_path,
    plot_frames,
    use_plot_style,
)


@pytest.fixture(autouse=True)
def _restore_rc():
    saved = list(matplotlib.rcParams["font.family"])
    yield
    matplotlib.rcParams["font.family"] = saved
    plt.close("all")


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _english_figure():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(["kinship", "war", "hostility"], [3.0, 1.5, 2.25])
    ax.set_title("Frames per 1,000 words")
    ax.set_xlabel("category")
    return fig


def test_the_hangul_font_ships_in_a_locked_package():
    path = hangul_font_path()
    assert path is not None, "koreanize-matplotlib (requirements.lock) is not installed"
    assert path.name == "NanumGothic.ttf" and path.stat().st_size > 100_000


def test_style_appends_the_font_at_the_end_and_is_idempotent():
    before = list(matplotlib.rcParams["font.family"])
    assert use_plot_style() is True
    assert use_plot_style() is True
    after = list(matplotlib.rcParams["font.family"])
    if HANGUL_FONT in before:
        assert after == before
    else:
        assert after == [*before, HANGUL_FONT]
    # English text still resolves to DejaVu Sans, the first font, as before.
    assert findfont(FontProperties(family=after)).endswith("DejaVuSans.ttf")


def test_korean_labels_draw_with_no_missing_glyph():
    rates = pd.DataFrame({
        "speaker": ["김일성", "김일성", "김정은", "김정은"],
        "category": ["혈연", "전쟁", "혈연", "전쟁"],
        "per_1000": [2.0, 1.0, 3.0, 0.5],
    })
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = plot_frames(rates, by="speaker")
        ax.set_title("신년사 틀 비율")
        _png(ax.figure)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []


def test_without_the_style_korean_glyphs_are_reported_missing():
    """The check above can fail: the same drawing without the fallback warns."""
    matplotlib.rcParams["font.family"] = [
        f for f in matplotlib.rcParams["font.family"] if f != HANGUL_FONT]
    fig, ax = plt.subplots()
    ax.set_title("신년사")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _png(fig)
    assert any("missing from" in str(w.message) for w in caught)


def test_english_figures_are_byte_identical_with_the_style():
    matplotlib.rcParams["font.family"] = [
        f for f in matplotlib.rcParams["font.family"] if f != HANGUL_FONT]
    plain = _png(_english_figure())
    use_plot_style()
    styled = _png(_english_figure())
    assert plain == styled


def test_own_axes_after_use_plot_style_save_hangul_reproducibly(tmp_path):
    use_plot_style()
    fig, ax = plt.subplots()
    ax.set_xticks([0, 1], ["로동", "원쑤"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = deterministic_savefig(fig, tmp_path / "a.png").read_bytes()
        second = deterministic_savefig(fig, tmp_path / "b.png").read_bytes()
    assert first == second
    assert not [w for w in caught if "missing from" in str(w.message)]
