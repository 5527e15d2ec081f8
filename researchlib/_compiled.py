"""The compiled twin of researchlib's inner loops (``researchlib/_speedups.c``), or None.

This is the one place that imports the extension.  Each stage takes its compiled
functions from :func:`compiled` and falls back to its Python reference when the
answer is None: when no C compiler was found at install, or when the
environment variable ``RESEARCHLIB_PURE_PYTHON=1`` asks for the pure-Python path
(CI runs the whole test suite once that way; the tables are byte-identical).
"""

from __future__ import annotations

import importlib
import os

__all__ = ["PURE_PYTHON_VARIABLE", "pure_python", "compiled"]

#: Set to 1 (or any value but 0 and empty) to never import the compiled module.
PURE_PYTHON_VARIABLE = "RESEARCHLIB_PURE_PYTHON"


def pure_python() -> bool:
    """Whether the environment asks for the pure-Python path."""
    return os.environ.get(PURE_PYTHON_VARIABLE, "").strip() not in ("", "0")


def compiled(name: str):
    """The compiled function ``name``, or None (not built, or the pure-Python switch is on).

    Parameters
    ----------
    name : str
        A function of ``researchlib._speedups`` (``sentence_spans``, ``word_types``,
        ``clean_chars``, ``paragraphs``, ``near_key_data``).
    """
    if pure_python():
        return None
    try:
        module = importlib.import_module("researchlib._speedups")
    except ImportError:
        return None
    return getattr(module, name, None)
