"""The default lexicon's shipped inflections: current, used, and never trusted blindly."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from researchlib import _inflections


def test_shipped_table_is_what_lemminflect_gives_now():
    shipped = json.loads(_inflections.SHIPPED.read_text(encoding="utf-8"))
    assert shipped == _inflections.default_lexicon_table(), (
        "researchlib/data/inflections.json is stale: run `python -m researchlib._inflections`"
    )


def test_default_lexicon_compiles_without_loading_lemminflect():
    code = (
        "import sys\n"
        "from researchlib import default_lexicon, lookup_frames\n"
        "import pandas as pd\n"
        "docs = pd.DataFrame({'doc_id': ['d'], 'text': ['Our allies shared blood.']})\n"
        "hits = lookup_frames(docs, default_lexicon())\n"
        "print(sorted(hits['matched']), 'lemminflect' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("] ")[1].strip() == "False"
    assert "'allies'" in out.stdout and "'shared blood'" in out.stdout


@pytest.fixture
def fresh_cache(monkeypatch):
    monkeypatch.setattr(_inflections, "_cache", {})
    monkeypatch.setattr(_inflections, "_shipped_loaded", False)


def test_words_outside_the_table_come_from_lemminflect(fresh_cache):
    assert {"run", "running", "runs", "run's"} <= _inflections.inflections("run")
    assert "ran" not in _inflections.inflections("run")  # irregular forms are not added


def test_a_table_from_another_lemminflect_version_is_ignored(fresh_cache, tmp_path, monkeypatch):
    fake = tmp_path / "inflections.json"
    fake.write_text(json.dumps({"lemminflect": "0.0.1", "forms": {"ally": ["ally", "bogus"]}}))
    monkeypatch.setattr(_inflections, "SHIPPED", fake)
    assert "bogus" not in _inflections.inflections("ally")
    assert "allies" in _inflections.inflections("ally")


def test_a_table_from_this_version_is_used(fresh_cache, tmp_path, monkeypatch):
    fake = tmp_path / "inflections.json"
    version = _inflections._lemminflect_version()
    fake.write_text(json.dumps({"lemminflect": version, "forms": {"ally": ["ally", "bogus"]}}))
    monkeypatch.setattr(_inflections, "SHIPPED", fake)
    assert _inflections.inflections("ally") == {"ally", "bogus"}
