"""The worker side of ``prepare``: one unit of work (a chunk of documents) -> its tables.

:func:`analyse_chunk` runs the stages in order on ``(doc_id, cleaned text,
speaker)`` records: quotes (``quotes.extract_quotes``), sentences with their
speakers (``sentences.split_sentences``, given the quotes), VADER per sentence
(``sentiment.score_sentiment``) and frame hits of every lexicon
(``frames.lookup_frames``, given the sentences and quotes).  It runs in this
process, in a local worker process or on a Dask worker; what travels is the
records and the extra lexicons' bytes, never a file path.

:func:`start_worker` is the process pool's initializer: it builds the lexicons
and the sentiment analyser once per worker, for that pool's own options.  This
module does no work when imported; the forkserver preloads it (and so pandas,
pyarrow and the stage modules) only to share those imports.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..corpus import clean_document, detect_language, near_key
from ..frames import lookup_frames
from ..lexicon import default_lexicon, load_lexicon
from ..quotes import extract_quotes
from ..sentences import split_sentences
from ..sentiment import score_sentiment
from ..tables import SENTIMENT_COLUMNS, arrow_schema
from .cache import PER_DOC_TABLES, encode_bundle, store
from .languages import KOREAN, korean_tables
from .sinks import to_arrow

__all__ = ["ENGLISH", "analyse_chunk", "split_chunk", "clean_batch", "start_worker", "ping", "empty_schemas"]

_STR = pa.large_string()
#: Languages the English-only steps (VADER, the English lexicons) run on; "und" is a
#: Latin-script document too short or too plain for the rule to name (see corpus.language).
ENGLISH = frozenset({"en", "und"})
#: Per-process state: lexicons compiled for the current lexicon files, any start-up error.
_STATE: dict = {}
#: A document that exercises every stage (quotes, sentences, sentiment, frames).
_WARM_UP = ("_warm_up", "Warm up, \"friends\", he said.", None)


def _lexicon_objects(specs: tuple) -> list:
    """The default lexicon plus the extra ones, loaded once per process per content."""
    key = tuple((spec["sha256"], spec.get("inflect")) for spec in specs)
    if _STATE.get("lexicon_key") != key:
        if "default_lexicon" not in _STATE:  # kept across keys
            _STATE["default_lexicon"] = default_lexicon()
        lexicons = [_STATE["default_lexicon"]]
        if specs:
            with tempfile.TemporaryDirectory(prefix="researchlib-lexicons-") as tmp:
                for i, spec in enumerate(specs):
                    folder = Path(tmp) / str(i)
                    folder.mkdir()
                    path = folder / spec["filename"]
                    path.write_bytes(spec["content"])
                    lexicons.append(load_lexicon(path, inflect=spec.get("inflect")))
        _STATE["lexicon_key"] = key
        _STATE["lexicons"] = lexicons
    return _STATE["lexicons"]


def start_worker(specs: tuple, sentiment: bool) -> None:
    """Build the lexicons and the VADER analyser once, in a new worker process.

    An error here is kept and raised by the worker's first :func:`analyse_chunk`,
    so that the parent sees it with its message rather than a broken pool.
    """
    _STATE.pop("start_error", None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            analyse_chunk([_WARM_UP], specs, sentiment)
    except Exception as err:  # noqa: BLE001 - re-raised by the first real unit of work
        _STATE["start_error"] = err


def ping() -> int:
    """A no-op task that makes the pool start its worker processes."""
    return os.getpid()


def empty_schemas(sentiment: bool) -> dict:
    """The schema (without ``doc_id``) of each per-document table, for a table with no row."""
    return {name: arrow_schema(name, sentiment=sentiment, with_doc_id=False)
            for name in PER_DOC_TABLES}


def analyse_chunk(records: list, specs: tuple, sentiment: bool, cache=None) -> dict:
    """Analyse documents ``records`` = [(doc_id, text, speaker, language), ...].

    English-only steps (VADER, the English lexicons) run on the documents whose
    language is English or undetermined (:data:`ENGLISH`); the others' sentences
    get no sentiment (NaN) and no frames of those lexicons.

    Runs in a worker process (local engine), a Dask worker, or in this process.
    With ``cache = (folder, keys)`` (one key per record) the worker also writes each
    document's cache entry, so encoding and writing run in parallel, not in the parent.

    Returns
    -------
    dict
        ``tables``: name -> Arrow table (with ``doc_id``) whose rows are grouped by
        document in the order given; ``counts``: name -> rows per document;
        ``notes``: warnings raised, as ``[category, message]`` pairs.
    """
    error = _STATE.pop("start_error", None)
    if error is not None:
        raise error
    lexicons = _lexicon_objects(specs)
    # Plain Python objects: the stages read the texts back as str, so an Arrow column
    # here would encode every text to UTF-8 only to decode it again.
    docs = pd.DataFrame(
        {
            "doc_id": pd.Series([r[0] for r in records], dtype=object),
            "text": pd.Series([r[1] for r in records], dtype=object),
            "speaker": pd.Series([r[2] for r in records], dtype=object),
        }
    )
    others = [r[0] for r in records if len(r) > 3 and r[3] not in ENGLISH]
    korean = [r[0] for r in records if len(r) > 3 and r[3] == KOREAN]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quotes = extract_quotes(docs)
        if korean:  # the Korean splitter and lexicon (pipeline.languages)
            is_ko = docs["doc_id"].isin(korean)
            ko_quotes = quotes["doc_id"].isin(korean)
            sentences = split_sentences(docs.loc[~is_ko], quotes=quotes.loc[~ko_quotes])
            ko_sentences, ko_frames = korean_tables(docs.loc[is_ko], quotes.loc[ko_quotes])
            sentences = pd.concat([sentences, ko_sentences], ignore_index=True)
        else:
            sentences = split_sentences(docs, quotes=quotes)
        if not others:
            if sentiment:
                sentences = score_sentiment(sentences)
            frames = lookup_frames(sentences, list(lexicons), quotes=quotes)
        else:
            english = ~sentences["doc_id"].isin(others)
            if sentiment:
                sentences = _score_english(sentences, english)
            frames = lookup_frames(sentences.loc[english], list(lexicons),
                                   quotes=quotes.loc[~quotes["doc_id"].isin(others)])
        if korean:
            frames = pd.concat([frames, ko_frames], ignore_index=True)
    chunk_ids = pa.array([r[0] for r in records], type=_STR)
    result = {"tables": {}, "counts": {}, "notes": [[w.category.__name__, str(w.message)] for w in caught]}
    for name, frame in (("sentences", sentences), ("quotes", quotes), ("frames", frames)):
        table = to_arrow(frame.reset_index(drop=True))
        if table.num_rows:
            pos = pc.index_in(table.column("doc_id"), value_set=chunk_ids).to_numpy()
            pos = pos.astype("int64", copy=False)
            if (np.diff(pos) < 0).any():  # keep rows grouped by document, in document order
                order = np.argsort(pos, kind="stable")
                table, pos = table.take(order), pos[order]
            counts = np.bincount(pos, minlength=len(records))
        else:
            counts = np.zeros(len(records), dtype="int64")
        result["tables"][name] = table
        result["counts"][name] = counts.tolist()
    if cache is not None:
        folder, keys = cache
        for k, tables, caught_k in split_chunk(result, len(records)):
            store(Path(folder), keys[k], encode_bundle(tables, caught_k))
        result["stored"] = True
    return result


def split_chunk(result: dict, n_docs: int):
    """Yield ``(k, tables without doc_id, notes)`` per document of an analysed chunk."""
    offsets = {name: 0 for name in PER_DOC_TABLES}
    for k in range(n_docs):
        tables = {}
        for name in PER_DOC_TABLES:
            n = result["counts"][name][k]
            table = result["tables"][name].slice(offsets[name], n)
            offsets[name] += n
            tables[name] = table.drop_columns(["doc_id"]) if "doc_id" in table.column_names else table
        yield k, tables, (result["notes"] if k == 0 else [])



def _score_english(sentences: pd.DataFrame, english: pd.Series) -> pd.DataFrame:
    """``sentences`` with VADER's scores for the rows of ``english``, NaN for the others."""
    scored = score_sentiment(sentences.loc[english])
    out = sentences.copy()
    for column in SENTIMENT_COLUMNS:
        values = np.full(len(out), np.nan)
        values[english.to_numpy()] = scored[column].to_numpy(dtype="float64")
        out[column] = values
    return out


def clean_batch(texts: list[str], repairs: str = "auto", language: str | None = None) -> tuple:
    """Cleaned texts, their near-duplicate keys, the repairs applied and the languages.

    Runs in a worker, off the parent; ``language`` forces every document's (None: detect).
    """
    done = [clean_document(t, repairs=repairs) for t in texts]
    cleaned = [text for text, _ in done]
    languages = [language or detect_language(t) for t in cleaned]
    return cleaned, [near_key(t) for t in cleaned], [applied for _, applied in done], languages
