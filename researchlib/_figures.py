"""Reproducible figure files and the plot style: rcParams, Hangul fallback, a savefig without dates.

Used by :mod:`researchlib.plots` (and re-exported there); a figure saved with
:func:`deterministic_savefig` gives the same bytes every time.

Hangul: matplotlib's own fonts (DejaVu) have no Hangul, and a fresh machine may
have no system font that does.  The NanumGothic file shipped inside the pinned
``koreanize-matplotlib`` package is registered with matplotlib's font manager and
appended to the end of ``font.family``: matplotlib (3.6 and later) falls back
from one family of that list to the next glyph by glyph, so English text keeps DejaVu Sans (English figures are unchanged)
and Korean characters are drawn in NanumGothic.  The package's module is never
imported (importing it re-styles matplotlib globally); only its font file is used.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import re
from pathlib import Path

import matplotlib

from .exceptions import ParameterError

__all__ = [
    "FIGURE_DEFAULTS",
    "SAVE_METADATA",
    "HANGUL_FONT",
    "figure_defaults",
    "hangul_font_path",
    "use_plot_style",
    "hangul_font_css",
    "deterministic_savefig",
]

#: The family name of the Hangul font appended to ``font.family``.
HANGUL_FONT = "NanumGothic"
#: The installed package (``koreanize-matplotlib`` on PyPI) whose font file is used.
_FONT_PACKAGE = "koreanize_matplotlib"
_FONT_FILE = ("fonts", "NanumGothic.ttf")
_registered: list[str] = []
#: Hangul syllables, jamo and compatibility jamo.
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
#: The family name of the Hangul font embedded in HTML pages by :func:`hangul_font_css`.
_CSS_FAMILY = "researchlib-hangul"

#: rcParams that make saved figures reproducible (SVG ids from a fixed salt, text as paths).
FIGURE_DEFAULTS = {
    "svg.hashsalt": "researchlib",
    "svg.fonttype": "path",
    "pdf.compression": 6,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "path.simplify": True,
}

#: Metadata per format that removes dates and the software version from saved files.
SAVE_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


def figure_defaults() -> dict:
    """rcParams for reproducible figures; apply with ``matplotlib.rcParams.update(...)``.

    Returns
    -------
    dict
        A copy of :data:`FIGURE_DEFAULTS` (``svg.hashsalt`` fixed, SVG text as
        paths, fixed DPI).
    """
    return dict(FIGURE_DEFAULTS)


def hangul_font_path() -> Path | None:
    """The NanumGothic file of the installed ``koreanize-matplotlib`` package.

    The package is located without being imported (``importlib.util.find_spec``
    on a top-level package runs none of its code).

    Returns
    -------
    pathlib.Path or None
        The ``.ttf`` file, or ``None`` when the package (or its font) is not installed.
    """
    spec = importlib.util.find_spec(_FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder).joinpath(*_FONT_FILE)
        if path.is_file():
            return path
    return None


def use_plot_style() -> bool:
    """Apply researchlib's plot style: Hangul drawn through a font fallback.

    Registers the Hangul font file once per process with matplotlib's font
    manager and appends :data:`HANGUL_FONT` to the end of
    ``matplotlib.rcParams["font.family"]`` when it is not already listed.
    Families earlier in the list (``sans-serif``, DejaVu Sans by default) still
    draw every glyph they have, so figures without Hangul look exactly as before.
    Called by every ``plot_*`` function (before it creates a figure) and by
    :func:`deterministic_savefig`; calling it again changes nothing.  Text objects
    take their font family when they are created: call it before drawing Korean
    labels on Axes of your own.

    Returns
    -------
    bool
        Whether a Hangul font is available (``False`` when ``koreanize-matplotlib``
        is not installed: Korean labels then draw as missing glyphs, with
        matplotlib's own warning).
    """
    if not _registered:
        path = hangul_font_path()
        if path is None:
            return False
        # matplotlib's font manager loads its font cache: only when a plot is drawn.
        from matplotlib.font_manager import fontManager

        fontManager.addfont(str(path))
        _registered.append(str(path))
    families = list(matplotlib.rcParams["font.family"])
    if HANGUL_FONT not in families:
        matplotlib.rcParams["font.family"] = [*families, HANGUL_FONT]
    return True


def hangul_font_css(text: str) -> str:
    """CSS that embeds the Hangul glyphs ``text`` uses, for an HTML page with Korean tables.

    A browser draws HTML text with the reader's fonts; a machine without a Hangul
    font shows boxes.  This gives a ``<style>`` body: an ``@font-face`` holding only
    the NanumGothic glyphs of the Hangul characters in ``text`` (a subset made with
    fontTools, as a ``data:`` URL, which researchlib's Content-Security-Policy
    allows), limited by ``unicode-range`` to Hangul, and placed first in the font
    lists of rendered output, so other characters keep the page's fonts.

    Parameters
    ----------
    text : str
        The page's text (or HTML); only its Hangul characters matter.

    Returns
    -------
    str
        The CSS; ``""`` when ``text`` has no Hangul or the font is not installed.
        The same text gives the same CSS.
    """
    chars = sorted(set(_HANGUL_RE.findall(text)))
    path = hangul_font_path()
    if not chars or path is None:
        return ""
    from fontTools import subset  # a matplotlib dependency; only for pages with Hangul

    options = subset.Options()
    options.notdef_outline = True
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # hinting sources: not needed
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(chars))
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f"@font-face {{ font-family: '{_CSS_FAMILY}'; src: url(data:font/ttf;base64,{data}) "
        "format('truetype'); unicode-range: U+1100-11FF, U+3130-318F, U+AC00-D7A3; }\n"
        f".jp-RenderedHTMLCommon, .jp-RenderedMarkdown, .jp-RenderedHTMLCommon table {{ font-family: "
        f"'{_CSS_FAMILY}', var(--jp-content-font-family), sans-serif; }}\n"
        f".jp-RenderedText pre, .jp-InputArea-editor, pre, code {{ font-family: "
        f"'{_CSS_FAMILY}', var(--jp-code-font-family), monospace; }}\n"
    )


def deterministic_savefig(fig, path, *, format: str | None = None, dpi: int = 100) -> Path:
    """Save ``fig`` as PNG, SVG or PDF with the same bytes every time.

    Dates, the matplotlib version and random SVG ids are left out
    (``metadata={"Software": None, ...}``, ``svg.hashsalt`` fixed).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (``ax.figure`` for an Axes a plot function returned).
    path : str or os.PathLike
        Where to write; the format comes from the suffix unless ``format`` is given.
    format : {"png", "svg", "pdf"} or None, default=None
    dpi : int, default=100

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ParameterError
        If the format is not png, svg or pdf.
    """
    path = Path(path)
    fmt = (format or path.suffix.lstrip(".")).lower()
    if fmt not in SAVE_METADATA:
        raise ParameterError(
            f"cannot save {str(path)!r} as {fmt or '(no suffix)'!r}; "
            f"allowed formats: {sorted(SAVE_METADATA)}"
        )
    use_plot_style()
    with matplotlib.rc_context(figure_defaults()):
        fig.savefig(path, format=fmt, dpi=dpi, metadata=dict(SAVE_METADATA[fmt]))
    return path
