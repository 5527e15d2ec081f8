"""Errors and warnings raised by researchlib.

Every error derives from :class:`ResearchlibError` and from the builtin that
best describes it, so ``except ValueError`` still works for callers who do not
know researchlib.  Messages name the file, line or argument, the bad value and
what is allowed.
"""

from __future__ import annotations

__all__ = [
    "ResearchlibError",
    "InputFileError",
    "DecodingError",
    "FrontMatterError",
    "DateParseError",
    "SchemaError",
    "DuplicateIdError",
    "LexiconError",
    "ParameterError",
    "GridError",
    "NotebookError",
    "OutputError",
    "ResourceError",
    "VerifyError",
    "ResearchlibWarning",
    "EncodingFallbackWarning",
    "EmptyDocumentWarning",
    "DuplicateDocumentWarning",
    "LanguageWarning",
    "WorkerError",
]


class ResearchlibError(Exception):
    """Base class of every error researchlib raises on purpose."""


class InputFileError(ResearchlibError, ValueError):
    """An input file cannot be read as the format its name promises."""


class DecodingError(InputFileError):
    """A text file's bytes decode under none of the supported encodings."""


class FrontMatterError(InputFileError):
    """YAML front matter of a text document is malformed."""


class DateParseError(InputFileError):
    """A date value in a document or its metadata cannot be parsed."""


class SchemaError(ResearchlibError, ValueError):
    """A table lacks a required column or has a column of the wrong kind."""


class DuplicateIdError(ResearchlibError, ValueError):
    """Two documents share one ``doc_id``."""


class LexiconError(ResearchlibError, ValueError):
    """A lexicon file or pattern is malformed."""


class ParameterError(ResearchlibError, ValueError):
    """A function argument or notebook parameter has a value that is not allowed."""


class GridError(ParameterError):
    """A batch grid file is malformed or does not fit the notebook's parameters."""


class NotebookError(ResearchlibError, ValueError):
    """A notebook cannot be used as asked (missing parameters cell, bad JSON)."""


class OutputError(ResearchlibError, OSError):
    """An output folder cannot be written, or a name would escape it."""


class ResourceError(ResearchlibError, RuntimeError):
    """A language resource (lexicon, model data) is missing from the install."""


class VerifyError(ResearchlibError, ValueError):
    """A run folder cannot be verified (no manifest, manifest unreadable)."""


class ResearchlibWarning(UserWarning):
    """Base class of every warning researchlib emits."""


class EncodingFallbackWarning(ResearchlibWarning):
    """A file was not UTF-8 and was decoded with a fallback encoding."""


class EmptyDocumentWarning(ResearchlibWarning):
    """A document is empty or whitespace only; it is kept out of analysis."""


class DuplicateDocumentWarning(ResearchlibWarning):
    """A document repeats another one exactly or nearly."""


class LanguageWarning(ResearchlibWarning):
    """Documents whose language differs from their metadata, mix scripts, or skip English-only steps."""


class WorkerError(ResearchlibError, RuntimeError):
    """A worker process died while running part of a job (killed, out of memory)."""
