"""Pipeline stage: raw documents -> data/processed (documents, sentences, quotes, frames, manifest).

:func:`prepare` loads the corpus once, runs the per-document stages (quotes,
sentences with speakers, VADER per sentence, frame hits of every lexicon) on an
engine, and writes the four tables of ``docs/design.md`` as parquet plus
``manifest.json``; :func:`load_processed` reads them back.

Modules, in the order a run uses them:

============  ================================================================
``run``       :func:`prepare` itself: the stages as a list of calls
``inputs``    what a run depends on (its key), up-to-date check, lexicon files
``engines``   where units of work run: ``inline``, ``local`` processes, ``dask``
``worker``    one unit of work: records -> sentences, quotes, frames
``analyse``   scheduling units, cache hits, streaming rows in document order
``cache``     per-document cache entries (Arrow IPC, never pickle)
``sinks``     deterministic parquet writing
============  ================================================================

The tables' columns and types, :class:`~researchlib.tables.Tables` and
:func:`~researchlib.tables.load_processed` live in :mod:`researchlib.tables`.
"""

from __future__ import annotations

from .._env import code_version
from ..tables import TABLES, Tables, load_processed
from .run import PrepareResult, prepare

__all__ = ["prepare", "load_processed", "PrepareResult", "Tables", "TABLES", "code_version"]


def __getattr__(name: str):
    if name == "CODE_VERSION":  # the former constant, now computed on use
        return code_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
