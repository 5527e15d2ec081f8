"""Tests of researchlib.pipeline: prepare (tables, determinism, cache, atomicity, engines) and load_processed."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, shared_path

import researchlib as rl
from researchlib.exceptions import (
    EmptyDocumentWarning,
    InputFileError,
    OutputError,
    ParameterError,
    ResearchlibError,
)
from researchlib.pipeline import TABLES, load_processed, prepare

PYTHON = sys.executable
CLI = [PYTHON, "-m", "researchlib.cli"]

LETTER = """---
id: {doc_id}
title: {title}
date: 2024-0{month}-15
speaker: {speaker}
source: Test Wire
---
{body}
"""

BODIES = [
    'Our two peoples share blood and fate. "We will stand together in the same trench," '
    'President Arlo Venn said on Monday. The treaty of friendship was signed in 1961.',
    "Dear Comrade, I send you warm greetings on the New Year. Our fraternal alliance grows "
    "stronger every year. I wish you good health and great success.",
    'The ministry condemned the provocation. "Any aggression will be met with a merciless '
    'response," the statement read. Soldiers stood ready to sacrifice their lives.',
    "Dr. Mara Quill spoke at the U.S. embassy on Dec. 18. She praised the brotherly "
    "cooperation between the nations. It was a happy, hopeful day.",
    '"Victory belongs to the just," the general told reporters. "Our cause is righteous." '
    "Heroic soldiers were remembered with gratitude.",
    "Trade talks stalled again. Officials said nothing new was agreed, and the mood was grim.",
]


def _write_corpus(folder: Path, bodies=BODIES, *, empty: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, body in enumerate(bodies):
        (folder / f"doc{i:02d}.md").write_text(
            LETTER.format(doc_id=f"doc-{i:02d}", title=f"Item {i}", month=1 + i % 9,
                          speaker=["Arlo Venn", "Mara Quill", "Ministry"][i % 3], body=body),
            encoding="utf-8",
        )
    if empty:
        (folder / "zz-empty.md").write_text("---\nid: empty-one\n---\n   \n", encoding="utf-8")
    return folder


def _hashes(folder: Path) -> dict:
    return {
        name: hashlib.sha256((folder / f"{name}.parquet").read_bytes()).hexdigest()
        for name in TABLES
    }


def _snapshot(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def corpus(tmp_path) -> Path:
    return _write_corpus(tmp_path / "raw")


# --------------------------------------------------------------------------- tables


def test_prepare_writes_contracted_tables_and_manifest(corpus, tmp_path):
    out = tmp_path / "processed"
    result = prepare(corpus, out=out, workers=1, progress=False)
    for name in TABLES:
        assert (out / f"{name}.parquet").is_file()
    tables = load_processed(out)
    assert list(tables.documents["doc_id"]) == [f"doc-{i:02d}" for i in range(len(BODIES))]
    assert {"doc_id", "text", "title", "date", "source", "speaker", "path", "sha256",
            "n_chars", "is_empty", "duplicate_of"} <= set(tables.documents.columns)
    assert str(tables.documents["date"].dtype) == "datetime64[ns]"
    assert list(tables.sentences.columns) == [
        "doc_id", "sent_id", "start", "end", "text", "n_words", "speaker", "in_quote",
        "quote_id", "neg", "neu", "pos", "compound",
    ]
    assert list(tables.quotes.columns) == ["doc_id", "quote_id", "start", "end", "text",
                                           "speaker", "cue", "kind", "confidence"]
    assert list(tables.frames.columns) == ["doc_id", "sent_id", "category", "pattern",
                                           "matched", "start", "end", "speaker", "quote_speaker",
                                           "lexicon"]
    # Offsets refer to the cleaned document text, in every table.
    text = dict(zip(tables.documents["doc_id"], tables.documents["text"]))
    for name in ("sentences", "quotes"):
        frame = getattr(tables, name)
        assert len(frame) > 0
        for row in frame.itertuples():
            assert text[row.doc_id][row.start:row.end] == row.text
    assert len(tables.frames) > 0
    for row in tables.frames.itertuples():
        assert text[row.doc_id][row.start:row.end] == row.matched
    # Sentiment equals NLTK VADER on the same sentence.
    from nltk.sentiment import SentimentIntensityAnalyzer

    from researchlib._resources import nltk_data_dir

    nltk_data_dir()
    first = tables.sentences.iloc[0]
    assert SentimentIntensityAnalyzer().polarity_scores(first["text"])["compound"] == pytest.approx(
        first["compound"], abs=1e-4
    )

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kind"] == "prepare"
    assert result.manifest == out / "manifest.json"
    for name in TABLES:
        entry = manifest["outputs"][f"{name}.parquet"]
        assert entry["sha256"] == _hashes(out)[name]
        assert entry["rows"] == len(getattr(tables, name)) == result.counts[name]
    assert [d["sha256"] for d in manifest["documents"]] == list(tables.documents["sha256"])
    raw_files = {f["path"]: f["sha256"] for f in manifest["raw"]["files"]}
    assert raw_files["doc00.md"] == hashlib.sha256((corpus / "doc00.md").read_bytes()).hexdigest()
    assert manifest["parameters"]["sentiment"] is True
    assert manifest["environment"]["packages"]["pandas"] == pd.__version__
    assert manifest["started"] <= manifest["finished"]
    assert result.n_computed == len(BODIES) and result.n_cached == 0


def test_two_prepares_give_identical_bytes(corpus, tmp_path):
    prepare(corpus, out=tmp_path / "a", workers=1, cache=False, progress=False)
    prepare(corpus, out=tmp_path / "b", workers=1, cache=False, progress=False)
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "b")


def test_no_sentiment_and_extra_lexicon(corpus, tmp_path):
    lexicon = tmp_path / "trade.yaml"
    lexicon.write_text("economy:\n  - trade\n  - talk\n", encoding="utf-8")
    prepare(corpus, out=tmp_path / "out", workers=1, sentiment=False, lexicons=[lexicon],
            progress=False)
    tables = load_processed(tmp_path / "out")
    assert not {"neg", "neu", "pos", "compound"} & set(tables.sentences.columns)
    trade = tables.frames[tables.frames["lexicon"] == "trade"]
    assert set(trade["matched"].str.lower()) == {"trade", "talks"}
    assert set(tables.frames["lexicon"]) == {"default", "trade"}
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["lexicons"][0]["sha256"] == hashlib.sha256(lexicon.read_bytes()).hexdigest()


def test_empty_documents_are_warned_and_skipped(tmp_path):
    raw = _write_corpus(tmp_path / "raw", BODIES[:2], empty=True)
    with pytest.warns(EmptyDocumentWarning, match="empty-one"):
        result = prepare(raw, out=tmp_path / "out", workers=1, progress=False)
    tables = load_processed(tmp_path / "out")
    assert "empty-one" in set(tables.documents["doc_id"])
    assert "empty-one" not in set(tables.sentences["doc_id"])
    assert result.n_empty == 1 and result.n_computed == 2
    assert any("EmptyDocumentWarning" in w for w in result.warnings)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert any(w["category"] == "EmptyDocumentWarning" for w in manifest["warnings"])


def test_prepare_is_exported():
    assert rl.prepare is prepare
    assert rl.load_processed is load_processed


# --------------------------------------------------------------------------- cache


def test_cache_recomputes_exactly_the_changed_document(tmp_path):
    bodies = [f"{body} Document number {i}." for i, body in enumerate(BODIES * 3)]
    raw = _write_corpus(tmp_path / "raw", bodies)
    out = tmp_path / "out"
    first = prepare(raw, out=out, workers=1, progress=False)
    assert (first.n_computed, first.n_cached) == (len(bodies), 0)

    before = _snapshot(out)
    again = prepare(raw, out=out, workers=1, progress=False)
    assert again.n_computed == 0 and again.skipped
    assert _snapshot(out) == before  # nothing rewritten, manifest included

    edited = raw / "doc07.md"
    edited.write_text(edited.read_text().replace("Document number 7.", "A brand new ending."))
    third = prepare(raw, out=out, workers=1, progress=False)
    assert (third.n_computed, third.n_cached) == (1, len(bodies) - 1)
    # The cached run writes the same bytes as a cold run on the same inputs.
    prepare(raw, out=tmp_path / "cold", workers=1, cache=False, progress=False)
    assert _hashes(out) == _hashes(tmp_path / "cold")
    # Garbage: the edited document's old entry is gone.
    assert len(list((out / ".cache").glob("*.rlc"))) == len(bodies)


def test_cache_is_keyed_by_lexicon_content(corpus, tmp_path):
    lexicon = tmp_path / "extra.yaml"
    lexicon.write_text("mood:\n  - grim\n", encoding="utf-8")
    out = tmp_path / "out"
    prepare(corpus, out=out, workers=1, lexicons=[lexicon], progress=False)
    lexicon.write_text("mood:\n  - grim\n  - happy\n", encoding="utf-8")
    result = prepare(corpus, out=out, workers=1, lexicons=[lexicon], progress=False)
    assert result.n_computed == len(BODIES)
    assert "happy" in set(load_processed(out).frames["matched"].str.lower())


# --------------------------------------------------------------------------- failures


def test_failing_prepare_leaves_previous_outputs_intact(corpus, tmp_path):
    out = tmp_path / "out"
    prepare(corpus, out=out, workers=1, progress=False)
    before = _snapshot(out)
    (corpus / "broken.jsonl").write_text('{"text": "fine"}\n{"text": broken\n', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"broken\.jsonl.*line 2|line 2.*broken\.jsonl"):
        prepare(corpus, out=out, workers=1, progress=False)
    assert _snapshot(out) == before
    assert not list(out.glob(".prepare-*"))


def test_unwritable_output_folder_fails_before_work(tmp_path):
    raw = _write_corpus(tmp_path / "raw", BODIES[:1])
    (raw / "broken.jsonl").write_text("{not json\n", encoding="utf-8")  # would fail if loaded
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="out="):
        prepare(raw, out=blocker / "processed", workers=1, progress=False)
    with pytest.raises(OutputError, match="a-file"):
        prepare(raw, out=blocker, workers=1, progress=False)


def test_bad_parameters(corpus, tmp_path):
    with pytest.raises(ParameterError, match="workers=0"):
        prepare(corpus, out=tmp_path / "o", workers=0)
    with pytest.raises(ParameterError, match="executor='spark'"):
        prepare(corpus, out=tmp_path / "o", executor="spark")
    with pytest.raises(ParameterError, match="give only executor"):
        prepare(corpus, out=tmp_path / "o", executor="dask", engine="local")
    with pytest.raises(InputFileError, match="nowhere"):
        prepare(tmp_path / "nowhere", out=tmp_path / "o")


def test_load_processed_names_folder_and_missing_file(tmp_path):
    with pytest.raises(ResearchlibError, match=r"documents\.parquet.*researchlib prepare"):
        load_processed(tmp_path / "empty-folder")


def test_tables_of_two_runs_are_never_read_together(tmp_path, monkeypatch):
    from researchlib.exceptions import OutputError
    from researchlib.pipeline import run as prepare_module

    out = tmp_path / "out"
    prepare(_write_corpus(tmp_path / "a", BODIES[:2]), out=out, workers=1, progress=False)
    real_replace, moved = os.replace, []

    def replace_failing_on_the_third_table(src, dst):
        if str(dst).endswith(".parquet"):
            if len(moved) == 2:
                raise PermissionError(13, "Permission denied", str(dst))
            moved.append(dst)
        return real_replace(src, dst)

    monkeypatch.setattr(prepare_module.os, "replace", replace_failing_on_the_third_table)
    b = _write_corpus(tmp_path / "b", BODIES[2:5])
    with pytest.raises(OutputError):
        prepare(b, out=out, workers=1, progress=False)
    monkeypatch.undo()
    with pytest.raises(InputFileError, match=r"documents\.parquet, sentences\.parquet are not what "
                                             r"its manifest\.json records"):
        load_processed(out)
    again = prepare(b, out=out, workers=1, progress=False)  # rewrites all four (from its cache)
    assert not again.skipped and again.n_computed + again.n_cached == 3
    assert len(load_processed(out).documents) == 3


# --------------------------------------------------------------------------- engines


@pytest.mark.slow
def test_two_workers_give_the_same_bytes_as_one(tmp_path):
    bodies = [f"{body} Number {i}." for i, body in enumerate(BODIES * 4)]
    raw = _write_corpus(tmp_path / "raw", bodies)
    prepare(raw, out=tmp_path / "one", workers=1, cache=False, progress=False)
    prepare(raw, out=tmp_path / "two", workers=2, cache=False, progress=False, chunk_size=3)
    assert _hashes(tmp_path / "one") == _hashes(tmp_path / "two")


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_bytes(tmp_path):
    pytest.importorskip("dask.distributed")
    bodies = [f"{body} Number {i}." for i, body in enumerate(BODIES * 2)]
    raw = _write_corpus(tmp_path / "raw", bodies)
    prepare(raw, out=tmp_path / "local", workers=1, cache=False, progress=False)
    prepare(raw, out=tmp_path / "dask", executor="dask", workers=2, cache=False, progress=False,
            chunk_size=2)
    assert _hashes(tmp_path / "local") == _hashes(tmp_path / "dask")
    with pytest.warns(FutureWarning, match="engine= is deprecated"):  # the old name, one release
        prepare(raw, out=tmp_path / "dask-old", engine="dask", workers=2, cache=False,
                progress=False, chunk_size=2)
    assert _hashes(tmp_path / "dask-old") == _hashes(tmp_path / "dask")


# --------------------------------------------------------------------------- command line


def _run_cli(*args, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=600, **kwargs)


def test_cli_prepare_prints_warnings_and_exits_2_on_bad_input(tmp_path):
    raw = _write_corpus(tmp_path / "raw", BODIES[:2], empty=True)
    out = tmp_path / "out"
    done = _run_cli("prepare", str(raw), "--out", str(out), "--workers", "1", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "EmptyDocumentWarning" in done.stderr and "empty-one" in done.stderr
    assert "Traceback" not in done.stderr
    (raw / "broken.jsonl").write_text("{nope\n", encoding="utf-8")
    failed = _run_cli("prepare", str(raw), "--out", str(out), "--workers", "1", "--quiet")
    assert failed.returncode == 2
    assert "broken.jsonl" in failed.stderr and "Traceback" not in failed.stderr


def _big_corpus(folder: Path, n: int = 1500) -> Path:
    folder.mkdir(parents=True)
    lines = []
    for i in range(n):
        text = " ".join(BODIES[j % len(BODIES)] for j in range(i, i + 12)) + f" Item {i}."
        lines.append(json.dumps({"id": f"n{i:05d}", "text": text}))
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.slow
def test_script_without_main_guard_gets_a_worker_error_not_a_pool_traceback(tmp_path):
    # The workers start from a forkserver, which runs the script's top level again; a
    # script calling prepare(workers=2) unguarded makes every worker die on start.
    small = _write_corpus(tmp_path / "small", BODIES[:3])
    out = tmp_path / "out"
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import researchlib as rl\n"
        "from researchlib.exceptions import WorkerError\n"
        "try:\n"
        f"    rl.prepare({str(small)!r}, out={str(out)!r}, workers=2, progress=False)\n"
        "except WorkerError as err:\n"
        "    print('WorkerError:', err)\n",
        encoding="utf-8",
    )
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert "WorkerError: a worker process died while" in proc.stdout, proc.stderr[-3000:]
    assert "if __name__ == '__main__':" in proc.stdout
    assert not any(out.glob("*.parquet")) and not list(out.glob(".prepare-*"))


@pytest.mark.slow
def test_workers_dying_while_cleaning_give_a_worker_error():
    from types import SimpleNamespace

    from researchlib.exceptions import WorkerError
    from researchlib.pipeline.engines import _CLEAN_BATCH_CHARS, PoolEngine

    engine = PoolEngine(2, (), False)
    try:
        processes = list(engine.pool()._processes.values())
        for process in processes:
            process.kill()
            process.join(30)
        stream = engine.clean_stream()
        record = SimpleNamespace(text="a" * _CLEAN_BATCH_CHARS, origin="big.txt")
        with pytest.raises(WorkerError, match=r"died while cleaning texts \(big.txt onwards\)"):
            stream.add(record)
            stream.cleaned([record])
    finally:
        engine.close()


@pytest.mark.slow
def test_sigkill_part_way_leaves_previous_outputs_and_rerun_completes(tmp_path):
    small = _write_corpus(tmp_path / "small", BODIES[:2])
    out = tmp_path / "out"
    prepare(small, out=out, workers=1, progress=False)
    before = _snapshot(out)

    big = _big_corpus(tmp_path / "big")
    proc = subprocess.Popen(
        [*CLI, "prepare", str(big), "--out", str(out), "--workers", "1"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    # Wait until the run is analysing (its temporary folder exists), then kill it.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob(".prepare-*")):
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.05)
    time.sleep(1.0)
    assert proc.poll() is None, "the run finished before it could be killed; use a bigger corpus"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    assert _snapshot(out) == before

    done = _run_cli("prepare", str(big), "--out", str(out), "--workers", "1", "--quiet")
    assert done.returncode == 0, done.stderr
    tables = load_processed(out)
    assert len(tables.documents) == 1500
    assert not list(out.glob(".prepare-*"))


@pytest.mark.slow
def test_cli_prepare_kcna_reports_empty_and_duplicate_stories(tmp_path):
    kcna = shared_path("corpora", "kcna", "kcna_stories_2011.csv")
    out = tmp_path / "out"
    done = _run_cli("prepare", str(kcna), "--text-column", "story", "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "EmptyDocumentWarning" in done.stderr
    assert "DuplicateDocumentWarning" in done.stderr
    tables = load_processed(out)
    assert tables.documents["is_empty"].any()
    assert tables.documents["duplicate_of"].notna().any()
    assert len(tables.sentences) > 0


# --------------------------------------------------------------------------- benchmarks


def _load_benchmark(name: str):
    import importlib.util

    path = ROOT / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_test_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_bench_prepare_runs_on_a_small_sample(capsys):
    shared_path("corpora", "ungdc", "metadata.csv")
    bench = _load_benchmark("bench_prepare")
    assert bench.main(["--quick", "--limit", "12", "--baseline-limit", "3"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "(target" in line]
    names = {line.split(":", 1)[0].split("_")[0] for line in lines}
    assert names == {"a", "b", "c", "d", "e", "f"}
    assert any("identical" in line and line.startswith("c_") for line in lines)
    assert any(line.startswith("f_after_one_edit") and ": 1 recomputed" in line for line in lines)
    assert any(line.startswith("d_whole_prepare_no_sentiment_mfd_vs_20_patterns") for line in lines)


def test_run_all_describes_the_machine_and_renders_results():
    run_all = _load_benchmark("run_all")
    info = run_all.machine()
    assert info["cores"] == os.cpu_count() and info["cpu"]
    text = run_all.render([("bench_x.py", ["x: 2.0x (target >= 1)"], 1.0)], info, quick=True)
    assert "## Machine" in text and "x: 2.0x (target >= 1)" in text and info["cpu"] in text


@pytest.mark.parametrize("workers", [1, 2])
def test_full_disk_is_refused_before_work(tmp_path, monkeypatch, workers):
    import multiprocessing
    import shutil
    from collections import namedtuple

    from researchlib.exceptions import OutputError

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("We stand together. " * 200, encoding="utf-8")
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 1024, 1024))
    with pytest.raises(OutputError, match="out=.*MiB free"):
        prepare(raw, out=tmp_path / "out", workers=workers, progress=False)
    assert not (tmp_path / "out" / "documents.parquet").exists()
    # Two workers start before the corpus is hashed; failing then leaves none running.
    assert multiprocessing.active_children() == []


def test_run_all_runs_each_benchmark_in_its_own_process(tmp_path):
    run_all = _load_benchmark("run_all")
    names = [p.name for p in run_all._scripts()]
    assert names[0] == "bench_prepare.py" and sorted(names[1:]) == names[1:]
    script = tmp_path / "bench_fake.py"
    script.write_text("import os, sys\nprint('pid', os.getpid(), sys.argv[1:])\nsys.exit(3)\n")
    tee = run_all._Tee(io.StringIO())
    assert run_all._run_script(script, ["--quick"], tee) == 3
    (line,) = tee.lines()
    assert line.startswith("pid ") and line.endswith("['--quick']")
    assert int(line.split()[1]) != os.getpid()


class _Record:
    def __init__(self, text):
        self.text = text


@pytest.mark.parametrize("ready_after", [0, 3, None])
def test_clean_stream_gives_the_same_texts_whoever_cleans(monkeypatch, ready_after):
    # The pool starts in a background thread; batches made before it is ready wait, and
    # the parent cleans waiting batches itself once it has read everything. Whatever the
    # mix (all on the workers, some in the parent, all in the parent), the texts and
    # near-duplicate keys are those of clean_text and _near_key, in record order.
    from researchlib.corpus import clean_text, detect_language, near_key
    from researchlib.pipeline import engines

    monkeypatch.setattr(engines, "_CLEAN_BATCH_CHARS", 40)
    raw = [f"Doc {i}:\r\n  Kim  said  \u201cshared blood\u201d.\u00a0\n\n\n\nEnd {i}. " * (1 + i % 3) for i in range(40)]
    engine = engines.PoolEngine(2, (), False)
    try:
        if ready_after is not None:
            engine.pool()
            calls = iter(range(10**6))
            real_ready = engine.ready
            monkeypatch.setattr(engine, "ready", lambda: next(calls) >= ready_after and real_ready())
        else:
            monkeypatch.setattr(engine, "ready", lambda: False)
        stream = engine.clean_stream()
        records = [_Record(t) for t in raw]
        for record in records:
            stream.add(record)
        texts, keys, _repairs, languages = stream.cleaned(records)
    finally:
        engine.close()
    assert texts == [clean_text(t) for t in raw]
    assert keys == [near_key(clean_text(t)) for t in raw]
    assert languages == [detect_language(clean_text(t)) for t in raw]


def test_input_files_keep_text_bytes_for_loading_within_a_budget(tmp_path, monkeypatch):
    # prepare hashes the raw files for its run key; the text files' bytes (up to a budget)
    # are handed to loading, which then neither reads nor hashes them again.
    import hashlib

    from researchlib.corpus import list_input_files, load_texts

    raw = tmp_path / "raw"
    raw.mkdir()
    for i, body in enumerate(["First speech.", "Second, longer speech." * 20, "Third."]):
        (raw / f"d{i}.txt").write_text(body, encoding="utf-8")
    known: dict = {}
    files = list_input_files(raw, keep=known, keep_bytes=100)
    assert [f["sha256"] for f in files] == [
        hashlib.sha256((raw / f["path"]).read_bytes()).hexdigest() for f in files
    ]
    assert sorted(os.path.basename(p) for p in known) == ["d0.txt", "d2.txt"]  # d1 is over budget
    # The kept bytes are what loading uses: swap one to see it taken from there.
    key = os.path.abspath(raw / "d2.txt")
    known[key] = (b"Swapped text.", "0" * 64)
    loaded = load_texts(raw, known=known)
    by_id = dict(zip(loaded.ids, loaded.texts))
    assert by_id["d2"] == "Swapped text." and by_id["d1"].startswith("Second, longer")
    assert [r.sha256 for r in loaded.records if r.doc_id == "d2"] == ["0" * 64]


# --------------------------------------------------------------------------- input and errors


def test_a_dataframe_is_a_corpus_for_load_corpus_and_prepare(tmp_path):
    import pandas as pd

    from researchlib.corpus import load_corpus
    from researchlib.provenance import verify

    frame = pd.DataFrame({
        "text": ['Kim said "we share blood with our brothers in the same trench".', "Second one."],
        "speaker": ["Kim Jong Un", None],
        "date": pd.to_datetime(["2011-01-01", None]),
    })
    docs = load_corpus(frame)
    assert docs["doc_id"].tolist() == ["doc-1", "doc-2"]
    assert docs["date"].iloc[0] == pd.Timestamp("2011-01-01") and pd.isna(docs["date"].iloc[1])
    out = tmp_path / "out"
    result = prepare(frame, out=out, workers=1, progress=False)
    tables = load_processed(out)
    assert tables.documents["doc_id"].tolist() == ["doc-1", "doc-2"]
    assert tables.documents["text"].tolist() == docs["text"].tolist()
    assert (out / "input.jsonl").is_file() and result.counts["frames"] > 0
    assert prepare(frame, out=out, workers=1, progress=False).skipped
    assert verify(out).identical


def test_a_failed_prepare_leaves_the_output_folder_as_it_was(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("txt,id\nhello,1\n", encoding="utf-8")
    fresh = tmp_path / "fresh"
    with pytest.raises(ResearchlibError, match=r"no text column 'text' \(did you mean 'txt'\?\)"):
        prepare(bad, out=fresh, workers=1, progress=False)
    assert not fresh.exists()
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ResearchlibError):
        prepare(bad, out=existing, workers=1, progress=False)
    assert sorted(p.name for p in existing.iterdir()) == ["notes.txt"]


def test_cli_errors_speak_the_command_lines_words(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("txt,id\nhello,1\n", encoding="utf-8")
    proc = _run_cli("prepare", str(bad), "--out", str(tmp_path / "o"), "--quiet")
    assert proc.returncode == 2
    assert "(pass --text-column NAME)" in proc.stderr and "text_column=" not in proc.stderr
    assert "did you mean 'txt'" in proc.stderr


def test_old_tables_with_an_empty_column_still_load(tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    prepare(_write_corpus(tmp_path / "raw", BODIES[:2]), out=out, workers=1, progress=False)
    table = pq.read_table(out / "documents.parquet")
    old = table.rename_columns(["empty" if c == "is_empty" else c for c in table.column_names])
    pq.write_table(old, out / "documents.parquet")
    (out / "manifest.json").unlink()  # an old folder: its manifest would not know these bytes
    docs = load_processed(out).documents
    assert "is_empty" in docs.columns and "empty" not in docs.columns
    assert not docs.empty and not docs["is_empty"].any()


def test_the_word_rule_of_extra_lexicons_is_a_choice_recorded_in_the_manifest(tmp_path):
    import json

    raw = _write_corpus(tmp_path / "raw", ["They share taxes. The tax was shared."])
    dic = tmp_path / "mini.dic"
    dic.write_text("%\n1\tmoney\n%\ntax\t1\nshare\t1\n", encoding="utf-8")
    counts = {}
    for inflect in (None, True):
        out = tmp_path / f"out-{inflect}"
        prepare(raw, out=out, lexicons=[dic], inflect=inflect, workers=1, progress=False)
        frames = load_processed(out).frames
        counts[inflect] = int((frames["lexicon"] == "mini").sum())
        entry = json.loads((out / "manifest.json").read_text())["lexicons"][0]
        assert entry["matching"] == ("inflect" if inflect else "exact")
        assert entry["inflect"] is inflect
    assert counts == {None: 2, True: 4}  # exact: share, tax; inflected: share, taxes, tax, shared
    with pytest.raises(ParameterError, match="inflect='yes'"):
        prepare(raw, out=tmp_path / "bad", lexicons=[dic], inflect="yes", workers=1, progress=False)
