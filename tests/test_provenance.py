"""Tests of researchlib.provenance (verify, for prepare and batch manifests) and of the manifest builder."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from researchlib._env import environment_fingerprint, environment_info
from researchlib._manifest import file_entry, new_manifest, read_manifest, write_manifest
from researchlib.exceptions import VerifyError
from researchlib.pipeline import prepare
from researchlib.provenance import VerifyReport, verify

STORIES = {
    "alpha.md": '---\nid: alpha\nspeaker: Arlo Venn\n---\nOur peoples share blood. "We stand '
                'together in the same trench," Venn said. It was a fine and happy day.\n',
    "beta.md": "---\nid: beta\n---\nTrade talks stalled. The mood was grim and nobody smiled.\n",
    "gamma.md": "---\nid: gamma\nspeaker: Mara Quill\n---\nI send fraternal greetings to our "
                "brothers. Victory belongs to the righteous.\n",
}


@pytest.fixture
def prepared(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in STORIES.items():
        (raw / name).write_text(text, encoding="utf-8")
    out = tmp_path / "processed"
    prepare(raw, out=out, workers=1, progress=False)
    return raw, out


def test_verify_passes_on_an_untouched_prepare(prepared):
    _raw, out = prepared
    report = verify(out)
    assert isinstance(report, VerifyReport)
    assert report.identical, report.summary()
    assert report.differences == []
    assert sorted(report.checked) == ["documents.parquet", "frames.parquet", "quotes.parquet",
                                      "sentences.parquet"]
    assert "identical" in report.summary()


def test_verify_names_the_table_document_and_input_after_an_edit(prepared):
    raw, out = prepared
    path = raw / "beta.md"
    path.write_text(path.read_text().replace("grim", "bright and cheerful"), encoding="utf-8")
    report = verify(out)
    assert not report.identical
    text = "\n".join(report.differences)
    assert "sentences.parquet differs" in text
    assert "doc_id 'beta'" in text
    assert "columns differ" in text and "text" in text
    assert "beta.md changed" in text
    assert "alpha" not in text  # untouched documents are not blamed
    assert "difference" in report.summary()


def test_verify_reports_a_tampered_output(prepared):
    _raw, out = prepared
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = pd.read_parquet(out / "quotes.parquet")
    frame.loc[0, "speaker"] = "Somebody Else"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), out / "quotes.parquet")
    report = verify(out)
    assert not report.identical
    text = "\n".join(report.differences)
    assert "quotes.parquet differs" in text and "speaker" in text and "Somebody Else" in text


def test_verify_without_manifest_is_a_verify_error(tmp_path):
    with pytest.raises(VerifyError, match="manifest.json"):
        verify(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(VerifyError, match="not readable"):
        verify(tmp_path)
    (tmp_path / "manifest.json").write_text('{"kind": "other"}', encoding="utf-8")
    with pytest.raises(VerifyError, match="'other'"):
        verify(tmp_path)
    with pytest.raises(VerifyError, match="no such folder"):
        verify(tmp_path / "missing")


def test_cli_verify_exit_codes(prepared):
    raw, out = prepared
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    ok = subprocess.run([sys.executable, "-m", "researchlib.cli", "verify", str(out)],
                        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "identical" in ok.stdout
    (raw / "gamma.md").write_text(STORIES["gamma.md"].replace("Victory", "Defeat"), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "researchlib.cli", "verify", str(out)],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert bad.returncode == 1
    assert "gamma" in bad.stdout and "Traceback" not in bad.stderr


def test_one_manifest_builder_and_reader(tmp_path):
    b = tmp_path / "b.txt"
    b.write_bytes(b"world")
    manifest = new_manifest("prepare", parameters={"x": 1}, outputs={"b.txt": file_entry(b, rows=2)})
    assert list(manifest)[:4] == ["kind", "manifest_version", "parameters", "outputs"]
    assert manifest["outputs"]["b.txt"] == {
        "sha256": hashlib.sha256(b"world").hexdigest(), "rows": 2, "bytes": 5}
    assert manifest["environment"] == environment_info()
    assert manifest["fingerprint"] == environment_fingerprint()
    write_manifest(tmp_path / "manifest.json", manifest)
    assert read_manifest(tmp_path / "manifest.json") == json.loads(json.dumps(manifest))
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert read_manifest(tmp_path / "broken.json") is None
    assert read_manifest(tmp_path / "missing.json") is None


NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "execution_count": None, "id": "params",
         "metadata": {"tags": ["parameters"]}, "outputs": [], "source": ["n = 3\n"]},
        {"cell_type": "code", "execution_count": None, "id": "work", "metadata": {},
         "outputs": [], "source": ["print('squares', [i * i for i in range(n)])\n"]},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


@pytest.mark.slow
def test_verify_batch_passes_then_names_the_changed_cell(tmp_path):
    from researchlib.batch import run_batch

    nb = tmp_path / "squares.ipynb"
    nb.write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    out = tmp_path / "reports"
    result = run_batch(nb, grid=[{"name": "three", "n": 3}], out=out, workers=1, progress=False)
    assert result.ok, result.summary()
    report = verify(out)
    assert report.identical, report.summary()
    assert "three.ipynb" in report.checked and "three.html" in report.checked

    changed = json.loads(json.dumps(NOTEBOOK))
    changed["cells"][1]["source"] = ["print('cubes', [i ** 3 for i in range(n)])\n"]
    nb.write_text(json.dumps(changed), encoding="utf-8")
    report = verify(out)
    assert not report.identical
    text = "\n".join(report.differences)
    assert "run three: cell" in text and "differs" in text
    assert "notebook" in text and "changed" in text
