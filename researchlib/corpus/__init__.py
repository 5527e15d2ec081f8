"""Corpus stage: files on disk -> the documents table (read, clean, assemble).

Reads text files, JSONL, CSV or a metadata folder; writes the *documents* table
of ``docs/design.md``: ``doc_id``, ``text``, ``title``, ``date``, ``source``,
``speaker``, ``language``, ``path``, ``sha256``, ``n_chars``, ``is_empty``, ``duplicate_of``, ``repairs``, then
every extra metadata field as its own column.

Modules: :mod:`.readers` (the reader registry: one file -> records, and
:func:`list_input_files`), :mod:`.cleaning` (:func:`clean_text`, the text every
offset refers to), :mod:`.language` (:func:`detect_language`), :mod:`.countries` (one canonical name per country, the
alias table) and :mod:`.assembly` (dates, ids, duplicates, metadata, and
:func:`load_corpus`).
"""

from __future__ import annotations

from .assembly import DOCUMENT_COLUMNS, Loaded, assemble, load_corpus, load_texts
from .cleaning import REPAIR_MODES, REPAIRS, clean_document, clean_text, near_key
from .language import LANGUAGES, detect_language
from .readers import READERS, list_input_files

__all__ = [
    "load_corpus", "clean_text", "list_input_files", "DOCUMENT_COLUMNS", "READERS",
    "load_texts", "assemble", "Loaded", "near_key", "clean_document", "REPAIRS", "REPAIR_MODES", "detect_language", "LANGUAGES",
]
