"""``prepare``: raw documents -> data/processed (documents, sentences, quotes, frames, manifest).

Read as a list of stages: check the options; list and hash the inputs; stop if
the folder is already up to date; read and clean the corpus; analyse every
document (quotes, sentences, sentiment, frames: :mod:`.worker`) on an engine
(:mod:`.engines`) while reusing the cache (:mod:`.cache`); stream the tables to
a temporary folder (:mod:`.sinks`); move them into place and write the
manifest last.  A failure or a SIGKILL at any moment leaves the previous outputs
as they were.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .._env import code_version, repo_relative
from .._io import ensure_output_dir, write_bytes_atomic
from .._manifest import file_entry, new_manifest, now, warning_records, write_manifest
from .._parallel import renamed, resolve_executor, resolve_workers
from ..corpus import assemble, list_input_files, load_texts
from ..corpus.cleaning import check_repairs
from ..corpus.countries import load_country_aliases
from ..corpus.language import check_language
from ..corpus.readers import frame_jsonl
from ..corpus.speakers import rename_speakers, speaker_namer
from ..exceptions import (
    InputFileError,
    LanguageWarning,
    OutputError,
    ParameterError,
    ResearchlibError,
)
from ..tables import TABLES
from .analyse import analyse_documents
from .engines import PoolEngine, start_engine
from .inputs import clear_stale_temp, lexicon_specs, reemit, run_key, space_needed, up_to_date
from .languages import korean_dates
from .sinks import to_arrow, write_parquet
from .worker import ENGLISH

__all__ = ["prepare", "PrepareResult", "DATAFRAME_INPUT"]

#: Where ``prepare`` keeps a DataFrame given as its input, inside ``out``.
DATAFRAME_INPUT = "input.jsonl"


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
    durations : dict
        Seconds spent loading, building the documents table and analysing.
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


def _leaves_out_as_it_was(fn):
    """``fn`` (prepare), undoing what a failed run created in its ``out`` folder.

    A folder the run created is removed whole; in a folder that existed, the copy
    of a DataFrame input the run wrote is removed.  Nothing else is touched: tables
    are only moved into place at the end, a run's temporary folder removes itself,
    and the cache holds only complete, content-addressed entries (another process,
    such as a worker re-running an unguarded script, may be using it).
    """

    @functools.wraps(fn)
    def wrapper(raw="data/raw", *, out="data/processed", **options):
        folder = Path(out)
        existed = folder.exists()
        copy = folder / DATAFRAME_INPUT
        had_copy = copy.exists()
        try:
            return fn(raw, out=out, **options)
        except BaseException:
            if not existed:
                shutil.rmtree(folder, ignore_errors=True)
            elif isinstance(raw, pd.DataFrame) and not had_copy:
                copy.unlink(missing_ok=True)
            raise

    return wrapper


@_leaves_out_as_it_was
def prepare(
    raw="data/raw",
    *,
    out="data/processed",
    text_column: str = "text",
    id_column: str | None = None,
    lexicons=(),
    sentiment: bool = True,
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    cache: bool = True,
    progress: bool = True,
    chunk_size: int = 256,
    repairs: str = "auto",
    language: str | None = None,
    inflect: bool | None = None,
    engine: str | None = None,
    country_aliases=None,
    speaker_aliases=None,
) -> PrepareResult:
    """Turn raw documents into the processed tables and a manifest.

    Parameters
    ----------
    raw : str or path or pandas.DataFrame, default="data/raw"
        File or folder of documents (see :func:`researchlib.corpus.load_corpus`), or
        a DataFrame of documents, which is kept as ``<out>/input.jsonl`` (the run's
        input, recorded in the manifest) and read from there.
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
    executor : {"local", "dask"}, default="local"
        Where per-document work runs: local processes or a Dask cluster.
    scheduler : str, optional
        Dask scheduler address (``executor="dask"``); default: a LocalCluster of
        ``workers`` single-threaded processes.
    cache : bool, default=True
        Reuse per-document results from ``<out>/.cache`` and skip the run when the
        outputs are already up to date.
    progress : bool, default=True
        A progress bar (a widget in JupyterLab, a bar on a terminal, lines in a log).
    chunk_size : int, default=256
        Documents per unit of work sent to a worker: at most ~2 MB of text, and
        fewer when that would leave a worker fewer than four units.
    repairs : {"auto", "all", "none"}, default="auto"
        Source-specific cleaning repairs (see :func:`researchlib.corpus.load_corpus`).
    language : str, optional
        Force every document's language (ISO 639-1); by default each is detected
        from its text.  Documents not in English (nor undetermined) get no VADER
        sentiment (NaN) and no frames from English lexicons; one warning says how many.
    inflect : bool, optional
        The word rule of the extra ``lexicons``: True matches any inflection of a
        word, False the word as written; None (default) each file's format's own
        rule (inflections for YAML, the exact word for LIWC ``.dic`` and WordStat
        ``.cat``).  The rule of each lexicon is recorded in the manifest.
    engine : {"local", "dask"}, optional
        Deprecated name of ``executor`` (kept for one release).
    country_aliases : mapping, str or path, optional
        Extra country spellings -> canonical name, added to the packaged table (see
        :func:`researchlib.corpus.load_corpus`); recorded in the manifest's parameters
        (a file by name and sha256) and part of the run key.
    speaker_aliases : mapping, str or path, optional
        Extra speaker spellings -> canonical name, added to the packaged table; every
        ``speaker`` and ``quote_speaker`` of the four tables is made canonical (see
        :mod:`researchlib.corpus.speakers`), and the documents keep the names as given
        in ``speaker_raw`` when any changes.  Recorded like ``country_aliases``.

    Returns
    -------
    PrepareResult

    Raises
    ------
    OutputError
        ``out`` cannot be created or written (before any work).
    ParameterError
        A bad ``workers``, ``executor``, ``chunk_size`` or unreachable scheduler.
    InputFileError, SchemaError, DuplicateIdError, LexiconError, ...
        From loading the corpus or the lexicons.  Whatever fails, the output folder
        is left as it was (a folder the run created is removed again).
    """
    t_start, started = time.monotonic(), now()
    workers = resolve_workers(workers)
    executor = resolve_executor(renamed("executor", "engine", executor, engine, default="local"))
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ParameterError(f"chunk_size={chunk_size!r}: must be a whole number >= 1")
    check_repairs(repairs)
    language = check_language(language)
    out_dir = ensure_output_dir(out, argument="out")
    if isinstance(raw, pd.DataFrame):  # kept beside the tables, so that verify can re-run it
        data = frame_jsonl(raw, text_column=text_column, id_column=id_column)
        write_bytes_atomic(out_dir / DATAFRAME_INPUT, data)
        raw = out_dir / DATAFRAME_INPUT
    raw_path = Path(raw)
    if not raw_path.exists():
        raise InputFileError(f"raw={str(raw)!r}: no such file or folder")
    if inflect not in (None, True, False):
        raise ParameterError(f"inflect={inflect!r}: allowed values are None, True and False")
    specs = lexicon_specs(lexicons, inflect=inflect)
    manifest_path = out_dir / "manifest.json"
    table_paths = {name: out_dir / f"{name}.parquet" for name in TABLES}
    parameters = {
        "text_column": text_column,
        "id_column": id_column,
        "sentiment": bool(sentiment),
        "lexicons": [spec["filename"] for spec in specs],
        "repairs": repairs,
        "language": language,
        "inflect": inflect,
    }
    if country_aliases is not None:
        load_country_aliases(country_aliases)  # fail early, before any work
        parameters["country_aliases"] = _aliases_record(country_aliases)
    speaker_namer(speaker_aliases)  # fails early on a bad table, before any work
    if speaker_aliases is not None:
        parameters["speaker_aliases"] = _aliases_record(speaker_aliases)

    # When this run cannot turn out to be up to date, start the workers now: they get
    # ready (a second or so) while this process hashes and reads the corpus.
    early = None
    if executor == "local" and workers > 1 and not (cache and manifest_path.is_file()):
        early = PoolEngine(workers, specs, bool(sentiment))
    known: dict = {}
    try:
        raw_files = list_input_files(raw_path, keep=known)
        # Tables plus the cache take about twice the raw text; refuse early on a full disk.
        ensure_output_dir(out_dir, argument="out", min_free_bytes=space_needed(raw_files, cache))
        key = run_key(raw_files, specs, parameters)
        previous = up_to_date(out_dir, key) if cache else None
    except BaseException:
        if early is not None:
            early.close()
        raise
    if previous is not None:  # nothing to do, nothing rewritten
        return _already_done(previous, out_dir, table_paths, manifest_path, t_start)

    warning_records_: list[dict] = []
    durations: dict = {}
    engine_obj = early
    try:
        if engine_obj is None and not (executor == "local" and workers == 1):
            engine_obj = start_engine(executor, workers, specs, bool(sentiment), scheduler=scheduler)
        t0 = time.monotonic()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            stream = (engine_obj.clean_stream(repairs=repairs, language=language)
                      if isinstance(engine_obj, PoolEngine) else None)
            loaded = load_texts(raw_path, text_column=text_column, id_column=id_column,
                                repairs=repairs, language=language, stream=stream, known=known)
            _warn_other_languages(loaded)
            known.clear()
        warning_records_.extend(warning_records(caught))
        durations["load_s"] = round(time.monotonic() - t0, 3)

        clear_stale_temp(out_dir)
        tmp_dir = Path(tempfile.mkdtemp(prefix=f".prepare-{os.getpid()}.", suffix=".tmp", dir=out_dir))
        try:
            built: dict = {}
            namer = speaker_namer(speaker_aliases, names=loaded.speakers)

            def build_documents() -> None:
                # Runs once the first units are with the workers, so that building and
                # writing the documents table overlaps their analysis.
                t1 = time.monotonic()
                with warnings.catch_warnings(record=True) as caught_docs:
                    warnings.simplefilter("always")
                    built["documents"] = korean_dates(assemble(
                        loaded, country_aliases=country_aliases, speaker_aliases=speaker_aliases))
                warning_records_.extend(warning_records(caught_docs))
                write_parquet(to_arrow(built["documents"]), tmp_dir / "documents.parquet")
                durations["documents_s"] = round(time.monotonic() - t1, 3)

            t0 = time.monotonic()
            stats = analyse_documents(
                loaded, specs, sentiment=bool(sentiment), workers=workers, engine=engine_obj,
                cache_dir=(out_dir / ".cache") if cache else None,
                progress=progress, chunk_size=chunk_size, tmp_dir=tmp_dir,
                on_started=build_documents,
                rename=lambda table: rename_speakers(table, namer),
            )
            warning_records_.extend(stats["warnings"])
            durations["analyse_s"] = round(time.monotonic() - t0, 3)
            documents = built["documents"]
            counts = {"documents": len(documents), **stats["rows"]}
            manifest = new_manifest(
                "prepare",
                run_key=key,
                code_version=code_version(),
                raw={
                    "given": str(raw),
                    "repo_relative": repo_relative(raw_path),
                    "absolute": str(raw_path.resolve()),
                    "is_file": raw_path.is_file(),
                    "files": raw_files,
                },
                lexicons=[{k: v for k, v in spec.items() if k != "content"} for spec in specs],
                parameters={
                    **parameters,
                    "lexicons": [spec["given"] for spec in specs],
                    "workers": workers,
                    "executor": executor,
                    "scheduler": scheduler,
                    "cache": bool(cache),
                    "chunk_size": chunk_size,
                    **{name: {**parameters[name], "absolute": str(Path(given).resolve())}
                       for name, given in (("country_aliases", country_aliases),
                                           ("speaker_aliases", speaker_aliases))
                       if isinstance(given, str | os.PathLike)},
                },
                documents=[
                    {"doc_id": d, "path": p, "sha256": s}
                    for d, p, s in zip(documents["doc_id"], documents["path"], documents["sha256"])
                ],
                counts={
                    "documents": len(documents),
                    "empty": stats["n_empty"],
                    "analysed": stats["n_computed"] + stats["n_cached"],
                    "computed": stats["n_computed"],
                    "cached": stats["n_cached"],
                },
                outputs={f"{name}.parquet": file_entry(tmp_dir / f"{name}.parquet", rows=counts[name])
                         for name in TABLES},
            )
            manifest.update(warnings=warning_records_, started=started, finished=now(),
                            duration_s=round(time.monotonic() - t_start, 3), durations=durations)
            # Everything succeeded: move the tables into place, the manifest last.
            for name in TABLES:
                os.replace(tmp_dir / f"{name}.parquet", table_paths[name])
            write_manifest(manifest_path, manifest)
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
        reemit(warning_records_)

    return PrepareResult(
        out=out_dir, tables=table_paths, counts=counts,
        warnings=[f"{w['category']}: {w['message']}" for w in warning_records_],
        manifest=manifest_path, n_computed=stats["n_computed"], n_cached=stats["n_cached"],
        n_empty=stats["n_empty"], skipped=False, seconds=time.monotonic() - t_start,
        durations=durations,
    )


def _warn_other_languages(loaded) -> None:
    """One warning for the documents the English-only steps leave out, with their languages."""
    counts: dict[str, int] = {}
    for lang, is_empty in zip(loaded.languages or (), loaded.empty):
        if not is_empty and lang not in ENGLISH:
            counts[lang] = counts.get(lang, 0) + 1
    if counts:
        listed = ", ".join(f"{lang}: {n}" for lang, n in sorted(counts.items()))
        warnings.warn(
            f"{sum(counts.values())} documents are not in English ({listed}): their sentences "
            f"get no VADER sentiment (NaN) and no frames from English lexicons, which are "
            f"made for English; select(language=...) or the language column keeps them apart",
            LanguageWarning, stacklevel=3,
        )


def _already_done(old: dict, out_dir: Path, table_paths: dict, manifest_path: Path,
                  t_start: float) -> PrepareResult:
    """The result of a run whose outputs were up to date: its warnings raised again."""
    reemit(old.get("warnings", []))
    counts = {name.removesuffix(".parquet"): e["rows"] for name, e in old["outputs"].items()}
    return PrepareResult(
        out=out_dir, tables=table_paths, counts=counts,
        warnings=[f"{w['category']}: {w['message']}" for w in old.get("warnings", [])],
        manifest=manifest_path, n_computed=0,
        n_cached=old.get("counts", {}).get("analysed", 0),
        n_empty=old.get("counts", {}).get("empty", 0), skipped=True,
        seconds=time.monotonic() - t_start,
    )


def recorded_aliases(record):
    """The ``country_aliases`` or ``speaker_aliases`` to pass to :func:`prepare` again, from its
    manifest record (or None)."""
    if not isinstance(record, dict):
        return None
    return record.get("mapping") or record.get("absolute")


def _aliases_record(aliases) -> dict:
    """How the manifest records an alias table: a file by name and hash, a mapping in full."""
    if isinstance(aliases, str | os.PathLike):
        path = Path(aliases)
        return {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    return {"mapping": {str(k): str(v) for k, v in sorted(dict(aliases).items())}}
