"""End to end, as `make run` does it: prepare the demo corpus, batch the real report notebooks.

A second run with nothing changed is fast and changes no file; the run folder verifies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from researchlib.batch import run_batch
from researchlib.pipeline import prepare
from researchlib.provenance import verify

ROOT = Path(__file__).resolve().parents[1]


def _state(*folders: Path) -> dict:
    return {
        p: (p.read_bytes(), p.stat().st_mtime_ns)
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }


@pytest.mark.slow
def test_second_run_changes_nothing_and_verifies(tmp_path):
    processed, reports = tmp_path / "processed", tmp_path / "reports"
    grid = [
        {"name": "valko", "notebook": str(ROOT / "notebooks" / "report_rhetoric.ipynb"),
         "parameters": {"processed_dir": str(processed), "speaker": "Idris Valko"}},
        {"name": "compare", "notebook": str(ROOT / "notebooks" / "report_compare.ipynb"),
         "parameters": {"processed_dir": str(processed), "left": {"country": "Varnia"},
                        "right": {"country": "Oskar"}}},
    ]
    first = prepare(ROOT / "data" / "raw", out=processed, workers=1, progress=False)
    assert first.n_computed > 0
    batch = run_batch(grid=grid, out=reports, workers=2, progress=False)
    assert batch.ok, batch.summary()
    before = _state(processed, reports)

    again = prepare(ROOT / "data" / "raw", out=processed, workers=1, progress=False)
    rerun = run_batch(grid=grid, out=reports, workers=2, progress=False)
    assert again.n_computed == 0
    assert {r.status for r in rerun.runs} == {"up to date"}
    assert _state(processed, reports) == before  # same bytes, nothing rewritten

    for folder in (processed, reports):
        report = verify(folder)
        assert report.identical, report.summary()
