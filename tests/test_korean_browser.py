"""A batch report with Hangul in its plot, in headless Chromium: the figure is shown and no glyph is missing.

Skipped (with the reason) when no Chromium is installed, like tests/test_browser.py, whose
DevTools driver it uses.
"""

from __future__ import annotations

import base64
import io
import re

import nbformat
import numpy as np
import pytest
from test_browser import Browser

from researchlib._figures import hangul_font_css
from researchlib.batch import run_batch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PIL = pytest.importorskip("PIL.Image", reason="Pillow (a matplotlib dependency) is not installed")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("hangul")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell('title = "신년사 틀 비율"  # plot title', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import warnings\nimport pandas as pd\nimport researchlib as rl\n"
            "warnings.simplefilter('always')\n"
            "rates = pd.DataFrame({'speaker': ['김일성', '김일성', '김정은', '김정은'],\n"
            "                      'category': ['혈연', '전쟁', '혈연', '전쟁'],\n"
            "                      'per_1000': [2.0, 1.0, 3.0, 0.5]})\n"
            "rl.plot_frames(rates, by='speaker', title=title);"),
        nbformat.v4.new_code_cell("rates"),
    ]
    path = root / "nb" / "hangul.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    result = run_batch(path, grid=[{"name": "hangul"}], out=root / "reports", workers=1, progress=False)
    assert result.ok, result.summary()
    return root / "reports" / "hangul.html"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def test_report_draws_hangul_with_no_missing_glyph(report):
    html = report.read_text(encoding="utf-8")
    assert "김일성" in html  # the table
    assert "missing from font" not in html and "Glyph" not in html  # matplotlib's warning, if any


def test_chromium_shows_the_hangul_figure_as_drawn(browser, report):
    html = report.read_text(encoding="utf-8")
    (png,) = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    drawn = np.asarray(PIL.open(io.BytesIO(base64.b64decode(png))).convert("RGB"))
    browser.call("Emulation.setDeviceMetricsOverride", width=1400, height=1200, deviceScaleFactor=1,
                 mobile=False)
    browser.open(report)
    assert browser.errors() == []
    box = browser.eval(
        "(() => { const i = document.querySelector('img'); i.scrollIntoView();"
        " const r = i.getBoundingClientRect();"
        " return [r.x, r.y, r.width, r.height, i.naturalWidth, i.complete]; })()")
    x, y, width, height, natural, complete = box
    assert complete and natural == drawn.shape[1]
    shot = browser.call("Page.captureScreenshot", format="png", clip={
        "x": x, "y": y, "width": width, "height": height, "scale": 1})
    seen = np.asarray(PIL.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB"))
    if (width, height) == (drawn.shape[1], drawn.shape[0]):
        # Shown at its own size: the pixels on screen are the figure's pixels, Hangul included.
        assert seen.shape == drawn.shape
        assert np.abs(seen.astype(int) - drawn.astype(int)).mean() < 2.0
    else:  # scaled to the page width: the same picture, resampled
        assert seen.std() > 10 and (seen < 128).any()


def test_hangul_font_css_is_a_small_deterministic_subset():
    css = hangul_font_css("<td>김일성</td><td>혈연</td> English")
    assert css == hangul_font_css("혈연 김일성")  # only the Hangul characters matter, in any order
    assert "unicode-range: U+1100-11FF, U+3130-318F, U+AC00-D7A3" in css
    assert 1_000 < len(css) < 40_000  # five syllables, not the 4.7 MB font
    assert hangul_font_css("no Korean here") == ""


def _font_used(browser, path) -> dict:
    browser.open(path)
    return browser.eval(
        "(() => { const td = [...document.querySelectorAll('td')].find(c => c.textContent.includes('김일성'));"
        " const faces = [...document.fonts].filter(f => f.family.includes('researchlib-hangul'));"
        " return {cell: !!td, family: td ? getComputedStyle(td).fontFamily : '',"
        " loaded: faces.map(f => f.status)}; })()")


def test_tables_draw_hangul_with_the_embedded_font(browser, report):
    """The batch page embeds the glyphs of its Hangul; Chromium draws the table's cells with them."""
    html = report.read_text(encoding="utf-8")
    assert "@font-face { font-family: 'researchlib-hangul'" in html
    assert html.count("@font-face { font-family: 'researchlib-hangul'") == 1
    browser.open(report)
    browser.eval("document.fonts.ready.then(() => 1)")
    used = _font_used(browser, report)
    assert used["cell"] and "researchlib-hangul" in used["family"]
    assert used["loaded"] == ["loaded"]
    assert browser.errors() == []  # the page's Content-Security-Policy allows the data: font
