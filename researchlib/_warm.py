"""Work every ``prepare`` worker would otherwise repeat, done once in the process that forks them.

``prepare`` starts its workers from a forkserver that imports this module first, so
each worker begins with pandas, pyarrow and the default lexicon compiled (shared
copy-on-write) instead of paying for them each. With extra lexicons the forkserver also
imports :mod:`researchlib._warm_lexicons` (lemminflect's tables, for their words), and
with sentiment on :mod:`researchlib._warm_sentiment`, which builds VADER.
"""

from __future__ import annotations

import warnings


def warm(sentiment: bool = False) -> None:
    """Compile the default lexicon, and build the sentiment analyzer if asked (best effort)."""
    try:
        from .pipeline import _init_worker

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _init_worker((), sentiment)
    except Exception:  # noqa: BLE001 - only a head start; a worker repeats what failed here
        pass


warm()
