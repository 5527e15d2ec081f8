"""Scheduling ``prepare``'s per-document work: cache hits, units of work, and the tables' sinks.

:func:`analyse_documents` takes the loaded corpus and an engine, reuses cached
documents, cuts the rest into units of work (runs of consecutive documents,
balanced over the workers), keeps a few units in flight per worker, and streams
every document's rows into the three per-document parquet files in document
order, whatever order the units finish in.
"""

from __future__ import annotations

import json
import math
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pyarrow as pa

from .. import __version__
from .._env import code_version
from .._progress import progress_bar
from .cache import PER_DOC_TABLES, decode_bundle, doc_key, encode_bundle, prune, store
from .engines import Deferred, InlineEngine, worker_died
from .sinks import ParquetSink
from .worker import analyse_chunk, empty_schemas, split_chunk

__all__ = ["analyse_documents"]

_STR = pa.large_string()
#: Characters of text kept queued per worker (see analyse_documents).
_INFLIGHT_CHARS = 4_000_000
#: Characters of text in one unit of work at most.
_UNIT_CHARS = 2_000_000


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



def analyse_documents(
    loaded, specs: tuple, *, sentiment: bool, workers: int, engine,
    cache_dir: Path | None, progress: bool, chunk_size: int, tmp_dir: Path, on_started,
    rename=None,
) -> dict:
    """Run the per-document work and stream the three tables into ``tmp_dir``.

    ``loaded`` holds the documents' ids, cleaned texts, speakers and empty flags;
    ``on_started()`` is called once, after the first chunks are sent to the workers;
    ``rename`` (optional) maps each Arrow table on its way into its sink (canonical
    speaker names: computed and cached results alike go through it).
    """
    ids = [str(i) for i in loaded.ids]
    texts, speakers, empty = loaded.texts, loaded.speakers, loaded.empty
    languages = loaded.languages or ["en"] * len(ids)
    active = [i for i in range(len(ids)) if not empty[i]]
    sizes = [len(t) for t in texts]

    base = json.dumps(
        {
            "lexicons": [[s["filename"], s["sha256"], s["matching"]] for s in specs],
            "sentiment": sentiment,
            "researchlib": __version__,
            "code": code_version(),
        },
        sort_keys=True,
    ).encode()
    # Cache keys hash every text: computed only when there is a cache to use them.
    keys = {i: doc_key(texts[i], speakers[i], languages[i], base) for i in active} if cache_dir is not None else {}
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
    chunks = [c for r in runs for c in _chunks(r, sizes, min(chunk_size, per_worker), _UNIT_CHARS)]
    chunk_at = {chunk[0]: c for c, chunk in enumerate(chunks)}

    fallback = empty_schemas(sentiment)
    sinks = {
        name: ParquetSink(tmp_dir / f"{name}.parquet", pa.schema([pa.field("doc_id", _STR), *fallback[name]]))
        for name in PER_DOC_TABLES
    }
    notes: list[dict] = []
    used_keys: set[str] = set()
    n_recovered = 0
    bar = progress_bar(len(active), desc="prepare", unit="doc", enabled=progress)
    engine_obj = engine if engine is not None else InlineEngine(1, specs, sentiment)
    try:
        inline = isinstance(engine_obj, InlineEngine)
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
                records = [(ids[i], texts[i], speakers[i], languages[i]) for i in chunks[next_chunk]]
                cache = None
                if cache_dir is not None and engine_obj.stores_cache:
                    cache = (str(cache_dir), [keys[i] for i in chunks[next_chunk]])
                futures[next_chunk] = engine_obj.submit(records, specs, sentiment, cache)
                next_chunk += 1

        def add(name: str, table: pa.Table) -> None:
            sinks[name].add(rename(table) if rename is not None else table)

        def add_chunk(chunk: list[int], result: dict) -> None:
            for name in PER_DOC_TABLES:
                add(name, result["tables"][name])
            notes.extend({"category": c_, "message": m} for c_, m in result["notes"])
            if cache_dir is not None and not result.get("stored"):
                for k, tables, caught in split_chunk(result, len(chunk)):
                    store(cache_dir, keys[chunk[k]], encode_bundle(tables, caught))
            for i in chunk:
                if cache_dir is not None:
                    used_keys.add(keys[i])
                bar.update(1)

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
                    raise worker_died(
                        f"analysing documents {ids[chunks[c][0]]!r} to {ids[chunks[c][-1]]!r}"
                    ) from err
                top_up()
                add_chunk(chunks[c], result)
                position += len(chunks[c])
                continue
            try:
                tables, caught = decode_bundle((cache_dir / f"{keys[i]}.rlc").read_bytes())
            except (OSError, ValueError, KeyError, pa.ArrowException):
                # An unreadable cache entry: compute this document here instead.
                n_recovered += 1
                result = Deferred(analyse_chunk, ([(ids[i], texts[i], speakers[i], languages[i])], specs,
                                                   sentiment))
                add_chunk([i], result.result())
                position += 1
                continue
            used_keys.add(keys[i])
            notes.extend({"category": c_, "message": m} for c_, m in caught)
            for name in PER_DOC_TABLES:
                table = tables[name]
                doc_col = pa.array([ids[i]] * table.num_rows, type=_STR)
                add(name, table.add_column(0, pa.field("doc_id", _STR), doc_col))
            bar.update(1)
            position += 1
        for sink in sinks.values():
            sink.close()
    finally:
        bar.close()

    if cache_dir is not None:  # garbage: entries this run did not use
        prune(cache_dir, used_keys)
    return {
        "rows": {name: sinks[name].rows for name in PER_DOC_TABLES},
        "warnings": notes,
        "n_computed": len(active) - len(hits) + n_recovered,
        "n_cached": len(hits) - n_recovered,
        "n_empty": len(ids) - len(active),
    }

