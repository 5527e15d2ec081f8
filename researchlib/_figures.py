"""Reproducible figure files: rcParams and a savefig without dates, versions or random ids.

Used by :mod:`researchlib.plots` (and re-exported there); a figure saved with
:func:`deterministic_savefig` gives the same bytes every time.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

from .exceptions import ParameterError

__all__ = ["FIGURE_DEFAULTS", "SAVE_METADATA", "figure_defaults", "deterministic_savefig"]

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
    with matplotlib.rc_context(figure_defaults()):
        fig.savefig(path, format=fmt, dpi=dpi, metadata=dict(SAVE_METADATA[fmt]))
    return path
