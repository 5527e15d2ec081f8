"""The report notebooks on real corpora: KCNA 2012 and the UN General Debate 2020-2024.

The demo corpus (29 documents) hides what breaks at scale: a boxplot 31,451 px tall, a
legend of 700 speakers, 9,556 documents on one dispersion axis, a summary naming the
"most positive speaker" from 4 sentences.  These tests prepare real corpora into a
temporary folder (the texts are read in place, never copied), render the reports as
``researchlib batch`` does, and check every image and the generated summary.

Subsets, for time: KCNA's whole 2012 file (10,869 stories; 2011 is left out) and the
UN General Debate's 2020-2024 sessions (about 960 speeches).
"""

from __future__ import annotations

import base64
import csv
import re
import struct
import warnings
from pathlib import Path

import pytest
from conftest import ROOT, shared_path

from researchlib.batch import run_batch
from researchlib.pipeline import prepare

pytestmark = pytest.mark.slow

NOTEBOOKS = ROOT / "notebooks"
MAX_PIXELS = 2000
MIN_SENTENCES = 10  # describe()'s default minimum for the tone paragraph
_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")
_TONE = re.compile(r"most (?:positive|negative) (?:speaker )?is (.+?) \(mean VADER compound "
                   r"[+-][0-9.]+ over ([0-9,]+) sentences?\)")


def png_sizes(page: str) -> list[tuple[int, int]]:
    """(width, height) of every PNG embedded in an HTML page, read from each PNG's IHDR chunk."""
    sizes = []
    for match in _PNG.finditer(page):
        head = base64.b64decode(match.group(1)[:64])
        assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
        sizes.append(struct.unpack(">II", head[16:24]))
    return sizes


def _prepare(raw: Path, out: Path, **options) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # empty, duplicate and Spanish stories are warned about
        prepare(raw, out=out, workers=2, progress=False, **options)
    return out


@pytest.fixture(scope="module")
def kcna_2012(tmp_path_factory) -> Path:
    source = shared_path("corpora", "kcna", "kcna_stories_2012.csv")
    tmp = tmp_path_factory.mktemp("kcna")
    (tmp / "raw").mkdir()
    (tmp / "raw" / source.name).symlink_to(source)
    return _prepare(tmp / "raw", tmp / "processed", text_column="story")


@pytest.fixture(scope="module")
def un_2020s(tmp_path_factory) -> Path:
    source = shared_path("corpora", "ungdc")
    tmp = tmp_path_factory.mktemp("ungdc")
    raw = tmp / "raw"
    raw.mkdir()
    (raw / "speeches").symlink_to(source / "speeches")
    with open(source / "metadata.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kept = [r for r in rows if int(r["year"]) >= 2020]
    with open(raw / "metadata.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    assert len(kept) > 900
    return _prepare(raw, tmp / "processed")


@pytest.fixture(scope="module")
def reports(kcna_2012, un_2020s, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    grid = [
        {"name": "kcna-2012-rhetoric", "notebook": str(NOTEBOOKS / "report_rhetoric.ipynb"),
         "parameters": {"processed_dir": str(kcna_2012), "title": "KCNA 2012"}},
        {"name": "kcna-2012-explore", "notebook": str(NOTEBOOKS / "explore_corpus.ipynb"),
         "parameters": {"processed_dir": str(kcna_2012)}},
        {"name": "un-2020s-rhetoric", "notebook": str(NOTEBOOKS / "report_rhetoric.ipynb"),
         "parameters": {"processed_dir": str(un_2020s), "title": "UN General Debate 2020-2024"}},
        {"name": "un-2020s-compare", "notebook": str(NOTEBOOKS / "report_compare.ipynb"),
         "parameters": {"processed_dir": str(un_2020s), "left": {"where": {"iso3": "PRK"}},
                        "right": {"where": {"iso3": "USA"}}, "left_label": "DPRK",
                        "right_label": "USA", "title": "DPRK vs USA"}},
    ]
    result = run_batch(grid=grid, out=out, workers=2, progress=False)
    assert result.ok, result.summary()
    return out


RUNS = ["kcna-2012-rhetoric", "kcna-2012-explore", "un-2020s-rhetoric", "un-2020s-compare"]


@pytest.mark.parametrize("run", RUNS)
def test_every_image_is_at_most_2000_pixels_tall(reports, run):
    page = (reports / f"{run}.html").read_text(encoding="utf-8")
    sizes = png_sizes(page)
    assert len([s for s in sizes if s[1] > 100]) >= 2, sizes  # the plots are there
    assert all(height <= MAX_PIXELS for _, height in sizes), sizes


@pytest.mark.parametrize("run", RUNS)
def test_pages_hide_code_and_show_text_in_full(reports, run):
    page = (reports / f"{run}.html").read_text(encoding="utf-8")
    assert "hl-ipython3" not in page
    shown = re.findall(r'<div class="rl-table">.*?</div>', page, flags=re.S)
    if "compare" not in run:  # the comparison's tables are short
        assert shown and "rows shown" in page  # long tables say what they left out
    for table in shown:  # no cell cut short as pandas' own display does
        assert "…</td>" not in table and "...</td>" not in table


@pytest.mark.parametrize("run", ["kcna-2012-rhetoric", "un-2020s-rhetoric"])
def test_summary_tone_rests_on_enough_sentences(reports, run):
    page = (reports / f"{run}.html").read_text(encoding="utf-8")
    named = _TONE.findall(page)
    assert named, "the summary compares no speakers"
    for name, count in named:
        assert int(count.replace(",", "")) >= MIN_SENTENCES, (name, count)


def test_sentiment_intervals_stay_within_the_range_of_compound(kcna_2012):
    """A bootstrap-t over three KCNA documents gave a mean compound interval of -13,057,492 to 0.1."""
    import researchlib as rl

    tables = rl.load_processed(kcna_2012)
    table = rl.aggregate_sentiment(tables.sentences, by="speaker")
    bounds = table[["ci_low", "ci_high"]].dropna()
    assert len(bounds) > 50
    assert bounds.min().min() >= -1.0 and bounds.max().max() <= 1.0
    assert (bounds["ci_low"] <= table.loc[bounds.index, "mean"] + 1e-9).all()
