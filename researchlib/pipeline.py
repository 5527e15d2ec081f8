"""Pipeline stage: raw documents -> data/processed (documents, sentences, quotes, frames, manifest).

:func:`prepare` loads the corpus once (``corpus.load_corpus``), then runs the
per-document work -- quotes (``quotes.extract_quotes``), sentences with speakers
(``sentences.split_sentences``), VADER per sentence (``sentiment.score_sentiment``)
and frame hits for the default lexicon plus each extra lexicon
(``frames.lookup_frames``) -- in chunks of documents, in worker processes or on
a Dask cluster, and writes the four tables of ``docs/design.md`` as parquet plus
``manifest.json``.  :func:`load_processed` reads them back.

Tables written (columns as in ``docs/design.md``)
-------------------------------------------------
documents.parquet
    The documents table from ``load_corpus`` (every column).
sentences.parquet
    ``doc_id``, ``sent_id``, ``start``, ``end``, ``text``, ``n_words``, ``speaker``,
    ``in_quote``, ``quote_id`` and, unless ``sentiment=False``, ``neg``, ``neu``,
    ``pos``, ``compound``.
quotes.parquet
    ``doc_id``, ``quote_id``, ``start``, ``end``, ``text``, ``speaker``, ``cue``.
frames.parquet
    ``doc_id``, ``sent_id``, ``category``, ``pattern``, ``matched``, ``start``,
    ``end``, ``speaker``, ``lexicon``.

Determinism
-----------
Rows are in document order (the documents table's order), then in the order
each stage returns them (frame hits of every lexicon in sentence order, then by
position).  Parquet files are written with pyarrow,
zstd level 3, no pandas metadata, strings as ``large_string``, timestamps in ns,
and row groups of a fixed number of rows, so the bytes depend only on the
inputs, the code and the lock -- not on the engine, the worker count or the
chunking.

Caching
-------
Each document's results are cached under ``<out>/.cache/`` as a small file of
Arrow IPC streams (never pickle), keyed by the sha256 of its cleaned text, its
speaker, the lexicons' contents, the sentiment flag, the researchlib version and
:data:`CODE_VERSION`.  Entries the current run did not use are deleted.  When the
raw files, lexicons, parameters, code and environment fingerprint all match the
existing manifest and the outputs are unchanged, ``prepare`` rewrites nothing.

Engines
-------
``workers=1`` runs everything in this process.  ``workers=N`` starts N worker
processes (forkserver, else spawn) before the corpus is loaded; each loads the
VADER analyzer and compiles the lexicons once.  ``engine="dask"`` sends the same
units of work to a Dask distributed cluster: ``scheduler="tcp://host:8786"`` for a
running cluster (every worker needs researchlib and the same lock installed), or a
LocalCluster of ``workers`` single-threaded processes.  What travels to a worker
is a chunk of ``(doc_id, cleaned text, speaker)`` tuples plus the extra lexicon
files' bytes; what comes back is the chunk's sentences, quotes and frames as Arrow
tables.  No file paths are shared, so workers need no access to the raw files.
Outputs are identical whatever the engine.

Atomicity
---------
Tables are streamed into a temporary folder inside ``out`` and renamed into place
only after every document succeeded, the manifest last; a failure or a SIGKILL
leaves the previous outputs as they were (a stale temporary folder is removed by
the next run).
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import shutil
import struct
import sys
import tempfile
import threading
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import __version__
from ._io import ensure_output_dir, sha256_file, write_json_atomic
from .exceptions import (
    InputFileError,
    OutputError,
    ParameterError,
    ResearchlibError,
    ResearchlibWarning,
    WorkerError,
)

__all__ = ["prepare", "load_processed", "PrepareResult", "Tables", "CODE_VERSION"]

TABLES = ("documents", "sentences", "quotes", "frames")
_PER_DOC_TABLES = ("sentences", "quotes", "frames")
_RAW_SUFFIXES = (".txt", ".md", ".jsonl", ".csv")
#: Read as one document per file (their bytes can be kept from hashing, see _raw_files).
_TEXT_SUFFIXES = (".txt", ".md")
ROW_GROUP_SIZE = 1 << 16
_COMPRESSION = "zstd"
_COMPRESSION_LEVEL = 3
_CACHE_MAGIC = b"RLCACHE1"
_MANIFEST_VERSION = 1

# Modules whose source decides the per-document results (the cache's code version).
_CODE_MODULES = (
    "_text", "_vader", "_inflections", "sentences", "quotes", "sentiment", "lexicon", "frames",
    "pipeline",
)

_STR = pa.large_string()
_I64 = pa.int64()
_F64 = pa.float64()
#: Arrow type of every contracted column; other columns keep their inferred type.
_KNOWN_TYPES = {
    "doc_id": _STR, "text": _STR, "title": _STR, "source": _STR, "speaker": _STR,
    "path": _STR, "sha256": _STR, "duplicate_of": _STR, "cue": _STR, "category": _STR,
    "pattern": _STR, "matched": _STR, "lexicon": _STR, "quote_speaker": _STR,
    "sent_id": _I64, "quote_id": _I64, "start": _I64, "end": _I64, "n_words": _I64,
    "n_chars": _I64,
    "in_quote": pa.bool_(), "empty": pa.bool_(),
    "neg": _F64, "neu": _F64, "pos": _F64, "compound": _F64,
    "date": pa.timestamp("ns"),
}
#: Columns of each per-document table (used when no document produced a row).
_CONTRACT_COLUMNS = {
    "sentences": ("doc_id", "sent_id", "start", "end", "text", "n_words", "speaker", "in_quote",
                  "quote_id"),
    "quotes": ("doc_id", "quote_id", "start", "end", "text", "speaker", "cue"),
    "frames": ("doc_id", "sent_id", "category", "pattern", "matched", "start", "end", "speaker",
               "quote_speaker", "lexicon"),
}
_SENTIMENT_COLUMNS = ("neg", "neu", "pos", "compound")


def _code_version() -> str:
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for name in _CODE_MODULES:
        source = package / f"{name}.py"
        h.update(name.encode())
        h.update(source.read_bytes() if source.is_file() else b"<missing>")
    data = package / "data"
    for path in sorted([*data.glob("*.yaml"), *data.glob("*.json")]) if data.is_dir() else ():
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


#: Hash of the stage modules' sources and packaged lexicons; part of every cache key.
CODE_VERSION = _code_version()


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


class Tables(NamedTuple):
    """The processed tables, as written by :func:`prepare`."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    quotes: pd.DataFrame
    frames: pd.DataFrame


@dataclass
class PrepareResult:
    """What :func:`prepare` did.

    Attributes
    ----------
    out : pathlib.Path
        The output folder.
    tables : dict
        Table name -> path of its parquet file.
    counts : dict
        Table name -> number of rows.
    warnings : list of str
        Warnings raised while preparing, as ``"Category: message"``.
    manifest : pathlib.Path
        Path of ``manifest.json``.
    n_computed, n_cached : int
        Documents analysed in this run and documents taken from the cache.
    n_empty : int
        Empty documents (kept in ``documents``, left out of analysis).
    skipped : bool
        True when the outputs were already up to date and nothing was rewritten.
    seconds : float
        Wall time of the call.
    """

    out: Path
    tables: dict
    counts: dict
    warnings: list
    manifest: Path
    n_computed: int = 0
    n_cached: int = 0
    n_empty: int = 0
    skipped: bool = False
    seconds: float = 0.0
    durations: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Arrow helpers: stable schemas, per-document bundles
# ---------------------------------------------------------------------------


def _normalise_type(name: str, typ: pa.DataType) -> pa.DataType:
    if name in _KNOWN_TYPES:
        return _KNOWN_TYPES[name]
    if pa.types.is_dictionary(typ):
        typ = typ.value_type
    if pa.types.is_string(typ) or pa.types.is_large_string(typ) or pa.types.is_null(typ):
        return _STR
    if pa.types.is_timestamp(typ):
        return pa.timestamp("ns", tz=typ.tz)
    return typ


def _to_arrow(frame: pd.DataFrame) -> pa.Table:
    """A frame as an Arrow table with stable types and no pandas metadata."""
    fields, columns = [], []
    for name in frame.columns:
        col = pa.array(frame[name].to_numpy(dtype=object) if frame[name].dtype == object
                       else frame[name], from_pandas=True)
        if isinstance(col, pa.ChunkedArray):
            col = col.combine_chunks()
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        typ = _normalise_type(str(name), col.type)
        if col.type != typ:
            col = col.cast(typ, safe=not pa.types.is_timestamp(typ))
        fields.append(pa.field(str(name), typ))
        columns.append(col)
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly ``schema``'s columns (missing ones null)."""
    if table.schema.equals(schema):
        return table
    columns = []
    for fld in schema:
        if fld.name in table.column_names:
            col = table.column(fld.name)
            columns.append(col if col.type == fld.type else col.cast(fld.type))
        else:
            columns.append(pa.nulls(table.num_rows, fld.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _ipc_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:  # uncompressed: fastest round trip
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _encode_bundle(tables: dict, caught: list) -> bytes:
    """One document's tables (without ``doc_id``) and warnings as bytes: magic, header, streams."""
    parts = [_ipc_bytes(tables[name]) for name in _PER_DOC_TABLES]
    header = json.dumps(
        {"parts": [[n, len(p)] for n, p in zip(_PER_DOC_TABLES, parts)], "warnings": caught}
    ).encode()
    return b"".join([_CACHE_MAGIC, struct.pack("<I", len(header)), header, *parts])


def _decode_bundle(data: bytes) -> tuple[dict, list]:
    if data[:8] != _CACHE_MAGIC:
        raise ValueError("not a researchlib cache entry")
    (size,) = struct.unpack("<I", data[8:12])
    header = json.loads(data[12:12 + size])
    offset, tables = 12 + size, {}
    for name, length in header["parts"]:
        buf = pa.py_buffer(data[offset:offset + length])
        tables[name] = pa.ipc.open_stream(buf).read_all()
        offset += length
    return tables, header["warnings"]


# ---------------------------------------------------------------------------
# Worker side: per-document analysis
# ---------------------------------------------------------------------------

_STATE: dict = {}


def _lexicon_objects(specs: tuple) -> list:
    """The default lexicon plus the extra ones, loaded once per process per content."""
    from .lexicon import default_lexicon, load_lexicon

    key = tuple(spec["sha256"] for spec in specs)
    if _STATE.get("lexicon_key") != key:
        # The default lexicon (compiled by the forkserver's warm-up) is kept across keys.
        if "default_lexicon" not in _STATE:
            _STATE["default_lexicon"] = default_lexicon()
        lexicons = [_STATE["default_lexicon"]]
        if specs:
            with tempfile.TemporaryDirectory(prefix="researchlib-lexicons-") as tmp:
                for i, spec in enumerate(specs):
                    folder = Path(tmp) / str(i)
                    folder.mkdir()
                    path = folder / spec["filename"]
                    path.write_bytes(spec["content"])
                    lexicons.append(load_lexicon(path))
        _STATE["lexicon_key"] = key
        _STATE["lexicons"] = lexicons
    return _STATE["lexicons"]


def _init_worker(specs: tuple, sentiment: bool) -> None:
    """Build the VADER analyzer and compiled lexicons once per worker process."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            _analyse_chunk([("_warm_up", "Warm up, \"friends\", he said.", None)], specs, sentiment)
        except Exception:  # noqa: BLE001 - warming up is best effort; real errors surface later
            pass


def _empty_tables(sentiment: bool) -> dict:
    out = {}
    for name in _PER_DOC_TABLES:
        cols = _CONTRACT_COLUMNS[name] + (_SENTIMENT_COLUMNS if name == "sentences" and sentiment else ())
        out[name] = pa.schema([pa.field(c, _KNOWN_TYPES[c]) for c in cols if c != "doc_id"])
    return out


def _analyse_chunk(records: list, specs: tuple, sentiment: bool, cache=None) -> dict:
    """Analyse documents ``records`` = [(doc_id, text, speaker), ...].

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
    from .frames import lookup_frames
    from .quotes import extract_quotes
    from .sentences import split_sentences

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
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quotes = extract_quotes(docs)
        sentences = split_sentences(docs, quotes=quotes)
        if sentiment:
            from .sentiment import score_sentiment

            scored = score_sentiment(sentences)
            if "text" not in scored.columns:  # scores only: add them beside the sentences
                scored = pd.concat(
                    [sentences.reset_index(drop=True),
                     scored[list(_SENTIMENT_COLUMNS)].reset_index(drop=True)],
                    axis=1,
                )
            sentences = scored
        frames = lookup_frames(sentences, list(lexicons), quotes=quotes)
    chunk_ids = pa.array([r[0] for r in records], type=_STR)
    result = {"tables": {}, "counts": {}, "notes": [[w.category.__name__, str(w.message)] for w in caught]}
    for name, frame in (("sentences", sentences), ("quotes", quotes), ("frames", frames)):
        table = _to_arrow(frame.reset_index(drop=True))
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
        for k, tables, caught_k in _split_chunk(result, len(records)):
            _store(Path(folder), keys[k], _encode_bundle(tables, caught_k))
        result["stored"] = True
    return result


def _split_chunk(result: dict, n_docs: int):
    """Yield ``(k, tables without doc_id, notes)`` per document of an analysed chunk."""
    offsets = {name: 0 for name in _PER_DOC_TABLES}
    for k in range(n_docs):
        tables = {}
        for name in _PER_DOC_TABLES:
            n = result["counts"][name][k]
            table = result["tables"][name].slice(offsets[name], n)
            offsets[name] += n
            tables[name] = table.drop_columns(["doc_id"]) if "doc_id" in table.column_names else table
        yield k, tables, (result["notes"] if k == 0 else [])


# ---------------------------------------------------------------------------
# Engines: in-process, process pool, Dask
# ---------------------------------------------------------------------------


class _Deferred:
    """A future computed when its result is asked for (the in-process engine)."""

    def __init__(self, fn, args):
        self._fn, self._args = fn, args

    def result(self):
        return self._fn(*self._args)


def _ping() -> int:
    return os.getpid()


class _InlineEngine:
    #: Results can be cached by whoever computes them (same file system as the parent).
    stores_cache = True

    def __init__(self, specs, sentiment):
        _lexicon_objects(specs)

    def submit(self, records, specs, sentiment, cache=None):
        return _Deferred(_analyse_chunk, (records, specs, sentiment, cache))

    def close(self):
        pass


class _PoolEngine:
    """A local process pool, started in a background thread.

    Starting the workers blocks until the forkserver has imported pandas and
    pyarrow and warmed the lexicons (about a second); a thread takes that wait so
    the caller can read and hash the corpus meanwhile. Everything that needs the
    pool waits for it (:meth:`pool`).
    """

    def __init__(self, workers, specs, sentiment):
        self._ready = threading.Event()
        self._pool = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._start, args=(workers, specs, sentiment),
            name="researchlib-pool-start", daemon=True,
        )
        self._thread.start()

    def _start(self, workers, specs, sentiment) -> None:
        try:
            methods = multiprocessing.get_all_start_methods()
            if "forkserver" in methods:
                context = multiprocessing.get_context("forkserver")
                # pandas, pyarrow, lexicons (and VADER when scoring) loaded once, in the process
                # that forks the workers; a forkserver already running keeps what it loaded
                preload = ["researchlib.pipeline", "researchlib._warm"]
                if specs:  # extra lexicons: each worker inflects their words with lemminflect
                    preload.append("researchlib._warm_lexicons")
                if sentiment:
                    preload.append("researchlib._warm_sentiment")
                context.set_forkserver_preload(preload)
            else:
                context = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_init_worker,
                initargs=(specs, sentiment),
            )
            self._pool = pool
            # Start every worker now: they import and compile while the parent loads the corpus.
            for _ in range(workers):
                pool.submit(_ping)
        except BaseException as err:  # noqa: BLE001 - re-raised in the caller's thread by pool()
            self._error = err
        finally:
            self._ready.set()

    def ready(self) -> bool:
        """Whether the workers have been started (never blocks)."""
        return self._ready.is_set()

    def pool(self) -> ProcessPoolExecutor:
        """The started pool; waits for it, and raises what starting it raised."""
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self._pool

    stores_cache = True

    def submit(self, records, specs, sentiment, cache=None):
        return self.pool().submit(_analyse_chunk, records, specs, sentiment, cache)

    def clean_stream(self) -> _CleanStream:
        """A stream that cleans texts on the workers while the corpus is still being read."""
        return _CleanStream(self)

    def close(self):
        self._ready.wait()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


#: Characters of text kept queued per worker (see ``_analyse_all``).
_INFLIGHT_CHARS = 4_000_000

#: Characters per cleaning task sent to a worker (large enough to amortise pickling).
_CLEAN_BATCH_CHARS = 2_000_000


def _clean_batch(texts: list[str]) -> tuple[list[str], list[bytes]]:
    """Cleaned texts and their near-duplicate keys (computed here, off the parent)."""
    from .corpus import _near_key, clean_text

    cleaned = [clean_text(t) for t in texts]
    return cleaned, [_near_key(t) for t in cleaned]


def _worker_died(what: str) -> WorkerError:
    """The error for a pool whose worker process died while doing ``what``."""
    return WorkerError(
        f"a worker process died while {what} (killed, out of memory, or a script calling "
        f"prepare(workers>1) without `if __name__ == '__main__':`); rerun with workers=1 "
        f"to see the error"
    )


class _Done:
    """A finished future's result (a batch this process cleaned itself)."""

    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


class _CleanStream:
    """Sends records' texts to the worker pool for cleaning, about 2 MB at a time.

    Batches made before the pool has started wait in a backlog; if the corpus is
    read before then, this process cleans backlog batches itself rather than wait.
    """

    def __init__(self, engine: _PoolEngine):
        self._engine = engine
        self._pending: list = []
        self._size = 0
        self._batches: list[list] = []  # [records, future or None]
        self._backlog: list[list] = []

    def add(self, record) -> None:
        self._pending.append(record)
        self._size += len(record.text)
        if self._size >= _CLEAN_BATCH_CHARS:
            self._submit()

    def _submit(self) -> None:
        if self._pending:
            entry = [self._pending, None]
            self._pending, self._size = [], 0
            self._batches.append(entry)
            self._backlog.append(entry)
        if self._engine.ready():
            pool = self._engine.pool()
            for entry in self._backlog:
                try:
                    entry[1] = pool.submit(_clean_batch, [r.text for r in entry[0]])
                except BrokenProcessPool as err:
                    raise _worker_died(f"cleaning texts ({entry[0][0].origin} onwards)") from err
            self._backlog = []

    def cleaned(self, records: list) -> tuple[list[str], list[bytes]]:
        """Cleaned text and near-duplicate key of each of ``records``, in that order."""
        self._submit()
        # Until the workers exist, clean the latest waiting batches here (the workers
        # take the earliest ones first once they start).
        while self._backlog and not self._engine.ready():
            entry = self._backlog.pop()
            entry[1] = _Done(_clean_batch([r.text for r in entry[0]]))
        self._engine.pool()
        self._submit()
        done: dict[int, tuple[str, bytes]] = {}
        for batch, future in self._batches:
            try:
                texts, keys = future.result()
            except BrokenProcessPool as err:
                raise _worker_died(f"cleaning texts ({batch[0].origin} onwards)") from err
            for record, text, key in zip(batch, texts, keys):
                done[id(record)] = (text, key)
        pairs = [done[id(r)] for r in records]
        return [t for t, _ in pairs], [k for _, k in pairs]


class _DaskEngine:
    def __init__(self, workers, scheduler):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as err:  # pragma: no cover - part of the lock
            raise ParameterError(
                "engine='dask' needs dask.distributed; install it with "
                "'pip install dask distributed'"
            ) from err
        self._cluster = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout="30s")
            else:
                self._cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=None,
                )
                self._client = Client(self._cluster)
        except OSError as err:
            raise ParameterError(
                f"scheduler={scheduler!r}: cannot reach the Dask scheduler ({err})"
            ) from err

    #: Dask workers may sit on other machines: the parent writes the cache entries.
    stores_cache = False

    def submit(self, records, specs, sentiment, cache=None):
        return self._client.submit(_analyse_chunk, records, specs, sentiment, pure=False)

    def close(self):
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


# ---------------------------------------------------------------------------
# Progress
# ---------------------------------------------------------------------------


class _Progress:
    """tqdm on a terminal, plain lines every ~10% or 30 s otherwise, or nothing."""

    def __init__(self, n_docs: int, n_bytes: int, enabled: bool):
        self.n_docs, self.n_bytes, self.done, self.bytes = n_docs, max(n_bytes, 1), 0, 0
        self.start = self.last_time = time.monotonic()
        self.last_fraction = 0.0
        self.bar = None
        self.enabled = enabled and n_docs > 0
        if self.enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(
                total=n_bytes, unit="B", unit_scale=True, unit_divisor=1000,
                desc=f"prepare 0/{n_docs} docs", file=sys.stderr, leave=False,
            )

    def update(self, n_bytes: int) -> None:
        if not self.enabled:
            return
        self.done += 1
        self.bytes += n_bytes
        if self.bar is not None:
            self.bar.set_description(f"prepare {self.done}/{self.n_docs} docs", refresh=False)
            self.bar.update(n_bytes)
            return
        now = time.monotonic()
        fraction = self.bytes / self.n_bytes
        if fraction - self.last_fraction >= 0.1 or now - self.last_time >= 30 or self.done == self.n_docs:
            elapsed = max(now - self.start, 1e-9)
            rate = self.bytes / elapsed
            eta = (self.n_bytes - self.bytes) / rate if rate else math.inf
            print(
                f"prepare: {self.done}/{self.n_docs} documents ({fraction:.0%}), "
                f"{self.bytes / 1e6:.2f} MB, {rate / 1e6:.2f} MB/s, ETA {eta:.0f} s",
                file=sys.stderr, flush=True,
            )
            self.last_fraction, self.last_time = fraction, now

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------------------
# Parquet sinks
# ---------------------------------------------------------------------------


class _Sink:
    """Streams one table into a parquet file in row groups of :data:`ROW_GROUP_SIZE` rows."""

    def __init__(self, path: Path, fallback: pa.Schema):
        self.path, self.fallback = path, fallback
        self.schema = None
        self.pending, self.n_pending, self.rows = [], 0, 0
        self.writer = None

    def add(self, table: pa.Table) -> None:
        if self.schema is None:
            if table.num_rows == 0 and table.num_columns == 0:
                return
            self.schema = table.schema
        table = _conform(table, self.schema)
        if table.num_rows == 0:
            return
        self.pending.append(table)
        self.n_pending += table.num_rows
        self.rows += table.num_rows
        if self.n_pending >= ROW_GROUP_SIZE:
            self._flush(final=False)

    def _open(self):
        if self.writer is None:
            self.writer = pq.ParquetWriter(
                self.path, self.schema, compression=_COMPRESSION,
                compression_level=_COMPRESSION_LEVEL, version="2.6",
                data_page_version="1.0", write_statistics=True,
            )

    def _flush(self, *, final: bool) -> None:
        table = pa.concat_tables(self.pending).combine_chunks() if self.pending else None
        self.pending, self.n_pending = [], 0
        if table is None:
            return
        full = table.num_rows if final else (table.num_rows // ROW_GROUP_SIZE) * ROW_GROUP_SIZE
        self._open()
        if full:
            self.writer.write_table(table.slice(0, full), row_group_size=ROW_GROUP_SIZE)
        rest = table.slice(full)
        if rest.num_rows:
            self.pending, self.n_pending = [rest], rest.num_rows

    def close(self) -> None:
        if self.schema is None:
            self.schema = self.fallback
        self._flush(final=True)
        if self.writer is None:
            self._open()
            self.writer.write_table(self.schema.empty_table())
        self.writer.close()
        self.writer = None


def _write_parquet(table: pa.Table, path: Path) -> None:
    sink = _Sink(path, table.schema)
    sink.schema = table.schema
    for batch in table.to_batches(max_chunksize=ROW_GROUP_SIZE):
        sink.add(pa.Table.from_batches([batch], schema=table.schema))
    sink.close()


# ---------------------------------------------------------------------------
# Inputs, keys, manifest helpers
# ---------------------------------------------------------------------------


def _space_needed(raw_files: list[dict], cache: bool) -> int:
    """Bytes of free space a prepare run needs in ``out`` (a generous estimate)."""
    raw_bytes = sum(f["bytes"] for f in raw_files)
    return (3 if cache else 2) * raw_bytes + 16 * 2**20


def _repo_relative(path: Path) -> str | None:
    from .provenance import REPO_ROOT

    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return None


#: Bytes of raw text files ``prepare`` keeps from hashing them, so loading need not read
#: and hash them again; beyond this the rest are read again (memory stays bounded).
_KEEP_RAW_BYTES = 256 * 2**20


def _raw_files(raw: Path, known: dict | None = None) -> list[dict]:
    """Every file ``load_corpus`` may read under ``raw``, with its sha256 and size.

    ``known``, if given, receives the bytes and digest of the ``.txt``/``.md`` files
    read (up to :data:`_KEEP_RAW_BYTES` in all), by ``os.path.abspath``.
    """
    if raw.is_file():
        paths = [(str(raw), raw.name)]
    else:  # os.walk rather than Path.rglob: a corpus has thousands of files
        paths = []
        top = str(raw)
        for folder, subfolders, names in os.walk(top):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            prefix = os.path.relpath(folder, top).replace(os.sep, "/")
            for name in names:
                if name.startswith(".") or os.path.splitext(name)[1].lower() not in _RAW_SUFFIXES:
                    continue
                path = os.path.join(folder, name)
                if os.path.isfile(path):  # not a broken link
                    paths.append((path, name if prefix == "." else f"{prefix}/{name}"))
        paths.sort(key=lambda p: p[1])
    files, kept = [], 0
    for path, rel in paths:
        size = os.stat(path).st_size
        suffix = os.path.splitext(path)[1].lower()
        if known is not None and suffix in _TEXT_SUFFIXES and kept + size <= _KEEP_RAW_BYTES:
            with open(path, "rb") as fh:
                data = fh.read()
            digest = hashlib.sha256(data).hexdigest()
            known[os.path.abspath(path)] = (data, digest)
            kept += len(data)
            size = len(data)
        else:  # streamed: a large CSV is never held whole just to be hashed
            digest = sha256_file(path)
        files.append({"path": rel, "sha256": digest, "bytes": size})
    return files


def _lexicon_specs(lexicons) -> tuple:
    from .lexicon import load_lexicon

    if isinstance(lexicons, str | os.PathLike):
        lexicons = [lexicons]
    specs = []
    for given in lexicons:
        path = Path(given)
        if not path.is_file():
            raise InputFileError(f"lexicons: {str(given)!r} is not a file (a .yaml, .dic or .cat lexicon)")
        load_lexicon(path)  # fail early, in the parent, with the file and line
        content = path.read_bytes()
        specs.append(
            {
                "given": str(given),
                "repo_relative": _repo_relative(path),
                "absolute": str(path.resolve()),
                "filename": path.name,
                "content": content,
                "sha256": hashlib.sha256(content).hexdigest(),
            }
        )
    return tuple(specs)


def _doc_key(text: str, speaker, base: bytes) -> str:
    h = hashlib.sha256(base)
    h.update(b"\x00speaker\x00" + ("" if speaker is None else str(speaker)).encode("utf-8"))
    h.update(b"\x00text\x00" + text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _warning_records(caught) -> list[dict]:
    return [{"category": w.category.__name__, "message": str(w.message)} for w in caught]


def _warning_class(name: str) -> type[Warning]:
    from . import exceptions

    cls = getattr(exceptions, name, None)
    if isinstance(cls, type) and issubclass(cls, Warning):
        return cls
    return ResearchlibWarning if name.endswith("Warning") else UserWarning


def _reemit(records: list[dict]) -> None:
    for record in records:
        warnings.warn(record["message"], _warning_class(record["category"]), stacklevel=3)


def _read_manifest(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _mismatched_outputs(out: Path, manifest: dict) -> list[str]:
    """The tables in ``out`` that are missing or differ from what ``manifest`` recorded."""
    outputs = manifest.get("outputs") or {}
    mismatched = []
    for name in TABLES:
        entry = outputs.get(f"{name}.parquet")
        path = out / f"{name}.parquet"
        if not entry or not path.is_file() or sha256_file(path) != entry.get("sha256"):
            mismatched.append(f"{name}.parquet")
    return mismatched


def _clear_stale_temp(out: Path) -> None:
    for tmp in out.glob(".prepare-*.tmp"):
        try:
            pid = int(tmp.name.split("-")[1].split(".")[0])
        except (IndexError, ValueError):
            continue
        if pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(tmp, ignore_errors=True)
        except PermissionError:
            pass


def _chunks(indices: list[int], sizes: list[int], chunk_size: int, max_chars: int) -> list[list[int]]:
    chunks, current, chars = [], [], 0
    for i in indices:
        if current and (len(current) >= chunk_size or chars + sizes[i] > max_chars):
            chunks.append(current)
            current, chars = [], 0
        current.append(i)
        chars += sizes[i]
    if current:
        chunks.append(current)
    return chunks


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------
# prepare
# ---------------------------------------------------------------------------


def prepare(
    raw="data/raw",
    *,
    out="data/processed",
    text_column: str = "text",
    id_column: str | None = None,
    lexicons=(),
    sentiment: bool = True,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    cache: bool = True,
    progress: bool = True,
    chunk_size: int = 256,
) -> PrepareResult:
    """Turn raw documents into the processed tables and a manifest.

    Parameters
    ----------
    raw : str or path, default="data/raw"
        File or folder of documents (see :func:`researchlib.corpus.load_corpus`).
    out : str or path, default="data/processed"
        Output folder; created if needed and checked for writing before any work.
    text_column : str, default="text"
        Text column of CSV/JSONL input.
    id_column : str, optional
        Id column of CSV/JSONL input.
    lexicons : sequence of str or path, default=()
        Extra lexicon files (YAML, ``.dic``, ``.cat``), looked up after the default lexicon.
    sentiment : bool, default=True
        Score each sentence with VADER (``neg``, ``neu``, ``pos``, ``compound``).
    workers : int, optional
        Worker processes (default: ``os.cpu_count()``); 1 runs in this process.
    engine : {"local", "dask"}, default="local"
        Where per-document work runs: a local process pool or a Dask cluster.
    scheduler : str, optional
        Dask scheduler address (``engine="dask"``); default: a LocalCluster of
        ``workers`` single-threaded processes.
    cache : bool, default=True
        Reuse per-document results from ``<out>/.cache`` and skip the run when the
        outputs are already up to date.
    progress : bool, default=True
        Progress bar on a terminal, periodic lines otherwise.
    chunk_size : int, default=256
        Documents per unit of work sent to a worker: at most ~2 MB of text, and
        fewer when that would leave a worker fewer than four units. Large units
        cost less per document; small ones balance the workers better.

    Returns
    -------
    PrepareResult

    Raises
    ------
    OutputError
        ``out`` cannot be created or written (before any work).
    ParameterError
        A bad ``workers``, ``engine``, ``chunk_size`` or unreachable scheduler.
    InputFileError, SchemaError, DuplicateIdError, LexiconError, ...
        From loading the corpus or the lexicons; previous outputs are left intact.
    """
    t_start = time.monotonic()
    started = _now()
    if workers is None:
        workers = os.cpu_count() or 1
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ParameterError(f"workers={workers!r}: must be a whole number >= 1")
    if engine not in ("local", "dask"):
        raise ParameterError(f"engine={engine!r}: allowed values are 'local' and 'dask'")
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ParameterError(f"chunk_size={chunk_size!r}: must be a whole number >= 1")
    out_dir = ensure_output_dir(out, argument="out")
    raw_path = Path(raw)
    if not raw_path.exists():
        raise InputFileError(f"raw={str(raw)!r}: no such file or folder")

    from .provenance import environment_fingerprint, environment_info

    specs = _lexicon_specs(lexicons)
    manifest_path = out_dir / "manifest.json"
    # When this run cannot turn out to be up to date, start the workers now: they get
    # ready (a second or so) while this process hashes and reads the corpus.
    early = None
    if engine == "local" and workers > 1 and not (cache and manifest_path.is_file()):
        early = _PoolEngine(workers, specs, bool(sentiment))
    known: dict = {}
    try:  # an early pool is closed if anything before the main work fails
        raw_files = _raw_files(raw_path, known)
        # Tables plus the cache take about twice the raw text; refuse early on a full disk.
        ensure_output_dir(out_dir, argument="out", min_free_bytes=_space_needed(raw_files, cache))
        parameters = {
            "text_column": text_column,
            "id_column": id_column,
            "sentiment": bool(sentiment),
            "lexicons": [spec["filename"] for spec in specs],
        }
        run_key = hashlib.sha256(
            json.dumps(
                {
                    "raw_files": [[f["path"], f["sha256"]] for f in raw_files],
                    "lexicons": [[s["filename"], s["sha256"]] for s in specs],
                    "parameters": parameters,
                    "code_version": CODE_VERSION,
                    "fingerprint": environment_fingerprint(),
                    "researchlib": __version__,
                },
                sort_keys=True,
            ).encode()
        ).hexdigest()
    except BaseException:
        if early is not None:
            early.close()
        raise
    table_paths = {name: out_dir / f"{name}.parquet" for name in TABLES}

    # Up to date: nothing to do, nothing rewritten.
    if cache:
        old = _read_manifest(manifest_path)
        if old and old.get("kind") == "prepare" and old.get("run_key") == run_key and not _mismatched_outputs(out_dir, old):
            _reemit(old.get("warnings", []))
            counts = {name.removesuffix(".parquet"): e["rows"] for name, e in old["outputs"].items()}
            return PrepareResult(
                out=out_dir, tables=table_paths, counts=counts,
                warnings=[f"{w['category']}: {w['message']}" for w in old.get("warnings", [])],
                manifest=manifest_path, n_computed=0,
                n_cached=old.get("counts", {}).get("analysed", 0),
                n_empty=old.get("counts", {}).get("empty", 0), skipped=True,
                seconds=time.monotonic() - t_start,
            )

    from .corpus import _assemble, _load_texts

    warning_records: list[dict] = []
    durations = {}
    engine_obj = None
    try:
        if engine == "dask":
            engine_obj = _DaskEngine(workers, scheduler)
        elif workers > 1:
            engine_obj = early or _PoolEngine(workers, specs, bool(sentiment))
        t0 = time.monotonic()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            stream = engine_obj.clean_stream() if isinstance(engine_obj, _PoolEngine) else None
            loaded = _load_texts(
                raw_path, text_column=text_column, id_column=id_column, stream=stream,
                known=known,
            )
            known.clear()
        warning_records.extend(_warning_records(caught))
        durations["load_s"] = round(time.monotonic() - t0, 3)

        _clear_stale_temp(out_dir)
        tmp_dir = Path(tempfile.mkdtemp(prefix=f".prepare-{os.getpid()}.", suffix=".tmp", dir=out_dir))
        try:
            built: dict = {}

            def build_documents() -> None:
                # Runs once the first chunks are with the workers, so that building and
                # writing the documents table overlaps their analysis.
                t1 = time.monotonic()
                with warnings.catch_warnings(record=True) as caught_docs:
                    warnings.simplefilter("always")
                    built["documents"] = _assemble(loaded)
                warning_records.extend(_warning_records(caught_docs))
                _write_parquet(_to_arrow(built["documents"]), tmp_dir / "documents.parquet")
                durations["documents_s"] = round(time.monotonic() - t1, 3)

            t0 = time.monotonic()
            stats = _analyse_all(
                loaded, specs, sentiment=bool(sentiment), workers=workers, engine=engine_obj,
                cache_dir=(out_dir / ".cache") if cache else None,
                progress=progress, chunk_size=chunk_size, tmp_dir=tmp_dir,
                on_started=build_documents,
            )
            warning_records.extend(stats["warnings"])
            durations["analyse_s"] = round(time.monotonic() - t0, 3)
            documents = built["documents"]
            counts = {"documents": len(documents), **stats["rows"]}
            outputs = {
                f"{name}.parquet": {
                    "sha256": sha256_file(tmp_dir / f"{name}.parquet"),
                    "rows": counts[name],
                    "bytes": (tmp_dir / f"{name}.parquet").stat().st_size,
                }
                for name in TABLES
            }
            manifest = {
                "kind": "prepare",
                "manifest_version": _MANIFEST_VERSION,
                "run_key": run_key,
                "code_version": CODE_VERSION,
                "raw": {
                    "given": str(raw),
                    "repo_relative": _repo_relative(raw_path),
                    "absolute": str(raw_path.resolve()),
                    "is_file": raw_path.is_file(),
                    "files": raw_files,
                },
                "lexicons": [
                    {k: v for k, v in spec.items() if k != "content"} for spec in specs
                ],
                "parameters": {
                    **parameters,
                    "lexicons": [spec["given"] for spec in specs],
                    "workers": workers,
                    "engine": engine,
                    "scheduler": scheduler,
                    "cache": bool(cache),
                    "chunk_size": chunk_size,
                },
                "documents": [
                    {"doc_id": d, "path": p, "sha256": s}
                    for d, p, s in zip(documents["doc_id"], documents["path"], documents["sha256"])
                ],
                "counts": {
                    "documents": len(documents),
                    "empty": stats["n_empty"],
                    "analysed": stats["n_computed"] + stats["n_cached"],
                    "computed": stats["n_computed"],
                    "cached": stats["n_cached"],
                },
                "outputs": outputs,
                "environment": environment_info(),
                "fingerprint": environment_fingerprint(),
                "warnings": warning_records,
                "started": started,
                "finished": _now(),
                "duration_s": round(time.monotonic() - t_start, 3),
                "durations": durations,
            }
            # Everything succeeded: move the tables into place, the manifest last.
            for name in TABLES:
                os.replace(tmp_dir / f"{name}.parquet", table_paths[name])
            write_json_atomic(manifest_path, manifest)
        finally:
            shutil.rmtree(tmp_dir, ignore_errors=True)
    except OSError as err:
        filename = str(getattr(err, "filename", None) or "")
        if isinstance(err, ResearchlibError) or not filename.startswith(str(out_dir)):
            raise
        raise OutputError(f"out={str(out)!r}: writing the processed tables failed ({err})") from err
    finally:
        if engine_obj is not None:
            engine_obj.close()
        _reemit(warning_records)

    return PrepareResult(
        out=out_dir, tables=table_paths, counts=counts,
        warnings=[f"{w['category']}: {w['message']}" for w in warning_records],
        manifest=manifest_path, n_computed=stats["n_computed"], n_cached=stats["n_cached"],
        n_empty=stats["n_empty"], skipped=False, seconds=time.monotonic() - t_start,
        durations=durations,
    )


def _analyse_all(
    loaded, specs: tuple, *, sentiment: bool, workers: int, engine,
    cache_dir: Path | None, progress: bool, chunk_size: int, tmp_dir: Path, on_started,
) -> dict:
    """Run the per-document work and stream the three tables into ``tmp_dir``.

    ``loaded`` holds the documents' ids, cleaned texts, speakers and empty flags;
    ``on_started()`` is called once, after the first chunks are sent to the workers.
    """
    ids = [str(i) for i in loaded.ids]
    texts, speakers, empty = loaded.texts, loaded.speakers, loaded.empty
    active = [i for i in range(len(ids)) if not empty[i]]
    sizes = [len(t) for t in texts]

    base = json.dumps(
        {
            "lexicons": [[s["filename"], s["sha256"]] for s in specs],
            "sentiment": sentiment,
            "researchlib": __version__,
            "code": CODE_VERSION,
        },
        sort_keys=True,
    ).encode()
    # Cache keys hash every text: computed only when there is a cache to use them.
    keys = {i: _doc_key(texts[i], speakers[i], base) for i in active} if cache_dir is not None else {}
    hits = set()
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        present = {p.name.removesuffix(".rlc") for p in cache_dir.glob("*.rlc")}
        hits = {i for i in active if keys[i] in present}
    misses = [i for i in active if i not in hits]

    # Chunks: runs of consecutive uncached documents, cut so each worker gets a few
    # (load balance) of at most ``chunk_size`` documents and ~2 MB of text.
    per_worker = max(1, math.ceil(len(misses) / (workers * 4))) if misses else 1
    runs, run = [], []
    for i in active:
        if i in hits:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(i)
    if run:
        runs.append(run)
    chunks = [c for r in runs for c in _chunks(r, sizes, min(chunk_size, per_worker), 2_000_000)]
    chunk_at = {chunk[0]: c for c, chunk in enumerate(chunks)}

    fallback = _empty_tables(sentiment)
    sinks = {
        name: _Sink(tmp_dir / f"{name}.parquet", pa.schema([pa.field("doc_id", _STR), *fallback[name]]))
        for name in _PER_DOC_TABLES
    }
    notes: list[dict] = []
    used_keys: set[str] = set()
    n_recovered = 0
    bar = _Progress(len(active), sum(sizes[i] for i in active), progress)
    engine_obj = engine if engine is not None else _InlineEngine(specs, sentiment)
    try:
        inline = isinstance(engine_obj, _InlineEngine)
        # In flight: a few chunks per worker and enough text to keep every worker busy
        # while this process writes tables or builds the documents table.
        window = 1 if inline else max(2, workers * 3)
        min_chars = 0 if inline else workers * _INFLIGHT_CHARS
        futures: dict[int, object] = {}
        inflight = {}
        next_chunk = 0

        def top_up():
            nonlocal next_chunk
            while next_chunk < len(chunks) and (
                len(futures) < window or sum(inflight.values()) < min_chars
            ):
                inflight[next_chunk] = sum(sizes[i] for i in chunks[next_chunk])
                records = [(ids[i], texts[i], speakers[i]) for i in chunks[next_chunk]]
                cache = None
                if cache_dir is not None and engine_obj.stores_cache:
                    cache = (str(cache_dir), [keys[i] for i in chunks[next_chunk]])
                futures[next_chunk] = engine_obj.submit(records, specs, sentiment, cache)
                next_chunk += 1

        def add_chunk(chunk: list[int], result: dict) -> None:
            for name in _PER_DOC_TABLES:
                sinks[name].add(result["tables"][name])
            notes.extend({"category": c_, "message": m} for c_, m in result["notes"])
            if cache_dir is not None and not result.get("stored"):
                for k, tables, caught in _split_chunk(result, len(chunk)):
                    _store(cache_dir, keys[chunk[k]], _encode_bundle(tables, caught))
            for i in chunk:
                if cache_dir is not None:
                    used_keys.add(keys[i])
                bar.update(sizes[i])

        top_up()
        on_started()
        position = 0
        while position < len(active):
            i = active[position]
            if i in chunk_at:
                c = chunk_at[i]
                top_up()
                try:
                    inflight.pop(c, None)
                    result = futures.pop(c).result()
                except BrokenProcessPool as err:
                    raise _worker_died(
                        f"analysing documents {ids[chunks[c][0]]!r} to {ids[chunks[c][-1]]!r}"
                    ) from err
                top_up()
                add_chunk(chunks[c], result)
                position += len(chunks[c])
                continue
            try:
                tables, caught = _decode_bundle((cache_dir / f"{keys[i]}.rlc").read_bytes())
            except (OSError, ValueError, KeyError, pa.ArrowException):
                # An unreadable cache entry: compute this document here instead.
                n_recovered += 1
                result = _Deferred(_analyse_chunk, ([(ids[i], texts[i], speakers[i])], specs, sentiment))
                add_chunk([i], result.result())
                position += 1
                continue
            used_keys.add(keys[i])
            notes.extend({"category": c_, "message": m} for c_, m in caught)
            for name in _PER_DOC_TABLES:
                table = tables[name]
                doc_col = pa.array([ids[i]] * table.num_rows, type=_STR)
                sinks[name].add(table.add_column(0, pa.field("doc_id", _STR), doc_col))
            bar.update(sizes[i])
            position += 1
        for sink in sinks.values():
            sink.close()
    finally:
        bar.close()

    if cache_dir is not None:  # garbage: entries this run did not use
        for path in cache_dir.iterdir():
            if path.name.removesuffix(".rlc") not in used_keys:
                try:
                    path.unlink()
                except OSError:
                    pass
    return {
        "rows": {name: sinks[name].rows for name in _PER_DOC_TABLES},
        "warnings": notes,
        "n_computed": len(active) - len(hits) + n_recovered,
        "n_cached": len(hits) - n_recovered,
        "n_empty": len(ids) - len(active),
    }


def _store(cache_dir: Path, key: str, data: bytes) -> None:
    target = cache_dir / f"{key}.rlc"
    tmp = cache_dir / f".{key}.{os.getpid()}.tmp"
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


# ---------------------------------------------------------------------------
# load_processed
# ---------------------------------------------------------------------------


def load_processed(folder="data/processed") -> Tables:
    """Read the tables :func:`prepare` wrote.

    Parameters
    ----------
    folder : str or path, default="data/processed"

    Returns
    -------
    Tables
        Named tuple of DataFrames: ``documents``, ``sentences``, ``quotes``, ``frames``.

    Raises
    ------
    InputFileError
        If the folder or one of the parquet files is missing or unreadable (naming it),
        or if the folder's ``manifest.json`` records other tables than those present:
        tables from two runs of :func:`prepare` (one interrupted while it moved its
        tables into place, say) are never read together.
    """
    base = Path(folder)
    manifest = _read_manifest(base / "manifest.json")
    if manifest is not None and manifest.get("kind") == "prepare":
        mismatched = [m for m in _mismatched_outputs(base, manifest) if (base / m).is_file()]
        if mismatched:
            raise InputFileError(
                f"{str(base)!r}: {', '.join(mismatched)} {'is' if len(mismatched) == 1 else 'are'} "
                f"not what its manifest.json records (written by another prepare run, or left "
                f"by one interrupted while moving its tables into place); run `researchlib "
                f"prepare` again"
            )
    frames = {}
    for name in TABLES:
        path = base / f"{name}.parquet"
        if not path.is_file():
            raise InputFileError(
                f"{str(base)!r} has no {name}.parquet; run `make run` or "
                f"`researchlib prepare` first"
            )
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException) as err:
            raise InputFileError(f"{path}: not a readable parquet file ({err})") from err
        frame = table.to_pandas()
        for fld in table.schema:  # integer columns with NA (quote_id) as nullable Int64
            if pa.types.is_integer(fld.type) and table.column(fld.name).null_count:
                frame[fld.name] = table.column(fld.name).to_pandas(types_mapper=pd.ArrowDtype).astype("Int64")
        frames[name] = frame
    return Tables(**frames)
