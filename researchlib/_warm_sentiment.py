"""Build the VADER analyzer in the forkserver of a ``prepare`` with sentiment (see ``_warm``)."""

from __future__ import annotations

from ._warm import warm

warm(sentiment=True)
