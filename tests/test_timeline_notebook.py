"""report_timeline.ipynb runs under plain papermill, and its grid fits it."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import papermill
import pytest
import yaml

from researchlib.batch import load_grid
from researchlib.batch.grid import validate_runs

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "report_timeline.ipynb"
GRID = ROOT / "notebooks" / "grids" / "timeline.yaml"


def test_timeline_grid_fits_the_notebook():
    runs = load_grid(GRID)
    assert {r.notebook.resolve() for r in runs} == {NOTEBOOK.resolve()}
    validate_runs(runs, strict=True)
    declared = papermill.inspect_notebook(str(NOTEBOOK))
    for run in yaml.safe_load(GRID.read_text(encoding="utf-8"))["runs"]:
        for name, value in run["parameters"].items():
            default = ast.literal_eval(declared[name]["default"])
            if default is not None:
                assert isinstance(value, type(default)), f"run {run['name']}: {name}={value!r}"
    processed = {run.parameters["processed_dir"] for run in runs}
    assert processed == {"../data/processed/korean", "../data/processed/us_sotu"}


@pytest.mark.slow
def test_timeline_report_runs_on_the_demo_corpus(tmp_path, monkeypatch):
    from researchlib.pipeline import prepare

    prepare(ROOT / "data" / "raw", out=tmp_path / "processed", progress=False, workers=1)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    out = tmp_path / "timeline.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(out), kernel_name="python3", cwd=str(NOTEBOOK.parent), progress_bar=False,
        parameters={"processed_dir": str(tmp_path / "processed"), "exclude_speakers": [],
                    "eras": [{"era": "early", "start": 2021, "end": 2022},
                             {"era": "late", "start": 2023, "end": 2025}],
                    "target_period": [2023, 2025], "reference_period": [2021, 2022],
                    "min_count": 1, "stopwords": "english", "n_boot": 100},
    )
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 3
    html = "\n".join(o.data["text/html"] for o in outputs if "text/html" in o.get("data", {}))
    assert "early" in html and "late" in html  # the era table and the rates by era
