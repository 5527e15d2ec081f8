"""Load lemminflect's tables in the forkserver of a ``prepare`` with extra lexicons (see ``_warm``).

The default lexicon's inflections are shipped (``data/inflections.json``), but the words
of a lexicon given to ``prepare`` are inflected with lemminflect in every worker; loading
its tables once here, before the workers are forked, saves each of them about half a second.
"""

from __future__ import annotations

try:
    from ._inflections import lemminflect_forms

    lemminflect_forms("share")  # loads the lemma and the inflection tables
except Exception:  # noqa: BLE001 - only a head start; a worker loads what failed here
    pass
