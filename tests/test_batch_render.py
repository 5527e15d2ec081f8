"""Batch rendering options: code hidden by default, --show-code, and re-rendering without executing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_batch import make_notebook, write_grid

from researchlib.batch import STATUS_RERENDERED, run_batch
from researchlib.exceptions import GridError, ParameterError

#: A notebook that appends a line to a log beside its folder each time it executes, so the
#: number of executions is observed, not guessed from timings.
LOG_CELLS = [
    "import pathlib\nwith open(pathlib.Path('..', 'executions.log'), 'a') as fh:\n"
    "    fh.write(label + '\\n')\nprint('label is', label)",
]
CODE_MARK = "executions.log"


def _log(tmp_path: Path) -> list[str]:
    path = tmp_path / "executions.log"
    return path.read_text().split() if path.exists() else []


def _has_code(html: str) -> bool:
    return CODE_MARK in html


@pytest.fixture
def log_nb(tmp_path) -> Path:
    return make_notebook(tmp_path / "nb" / "log.ipynb", 'label = "x"  # a label', LOG_CELLS)


@pytest.mark.slow
def test_code_is_hidden_by_default_and_toggling_it_renders_again_without_executing(tmp_path, log_nb):
    out = tmp_path / "reports"
    grid = [{"name": "one", "label": "a"}, {"name": "two", "label": "b"}]
    first = run_batch(log_nb, grid=grid, out=out, workers=1, progress=False)
    assert first.ok and _log(tmp_path) == ["a", "b"]
    hidden = (out / "one.html").read_text()
    assert not _has_code(hidden) and "label is a" in hidden
    executed = {n: ((out / f"{n}.ipynb").read_bytes(), (out / f"{n}.ipynb").stat().st_mtime_ns)
                for n in ("one", "two")}

    shown = run_batch(log_nb, grid=grid, out=out, workers=1, progress=False, show_code=True)
    assert [r.status for r in shown.runs] == [STATUS_RERENDERED] * 2
    assert _log(tmp_path) == ["a", "b"]  # no kernel ran the notebook again
    assert {n: ((out / f"{n}.ipynb").read_bytes(), (out / f"{n}.ipynb").stat().st_mtime_ns)
            for n in ("one", "two")} == executed
    page = (out / "one.html").read_text()
    assert _has_code(page) and "label is a" in page
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["options"]["show_code"] is True
    assert [(r["status"], r["show_code"]) for r in manifest["runs"]] == [(STATUS_RERENDERED, True)] * 2
    assert "2 re-rendered (not executed)" in shown.summary()

    # back to the default: the page rendered from the file equals the one rendered after execution
    back = run_batch(log_nb, grid=grid, out=out, workers=1, progress=False)
    assert [r.status for r in back.runs] == [STATUS_RERENDERED] * 2
    assert (out / "one.html").read_text() == hidden
    assert _log(tmp_path) == ["a", "b"]
    # unchanged now: nothing to do; a changed parameter executes that run only
    again = run_batch(log_nb, grid=grid, out=out, workers=1, progress=False)
    assert [r.status for r in again.runs] == ["up to date"] * 2
    changed = run_batch(log_nb, grid=[{"name": "one", "label": "c"}, {"name": "two", "label": "b"}],
                        out=out, workers=1, progress=False, show_code=True)
    assert [r.status for r in changed.runs] == ["ok", STATUS_RERENDERED]
    assert _log(tmp_path) == ["a", "b", "c"]


@pytest.mark.slow
def test_an_edited_executed_notebook_is_executed_again_not_rendered(tmp_path, log_nb):
    out = tmp_path / "reports"
    grid = [{"name": "one", "label": "a"}]
    assert run_batch(log_nb, grid=grid, out=out, workers=1, progress=False).ok
    (out / "one.ipynb").write_text((out / "one.ipynb").read_text().replace("label is a", "label is z"))
    rerun = run_batch(log_nb, grid=grid, out=out, workers=1, progress=False, show_code=True)
    assert [r.status for r in rerun.runs] == ["ok"]
    assert _log(tmp_path) == ["a", "a"]
    assert "label is z" not in (out / "one.html").read_text()


def test_deprecated_no_input_maps_to_show_code_and_contradictions_fail(tmp_path, log_nb):
    with pytest.raises(ParameterError, match="contradict"):
        run_batch(log_nb, grid=[{"label": "a"}], out=tmp_path / "o", show_code=True, no_input=True)
    with pytest.warns(FutureWarning, match="no_input is deprecated"), pytest.raises(GridError):
        run_batch(log_nb, grid=[{"labl": "a"}], out=tmp_path / "o", no_input=True)
    with pytest.raises(ParameterError, match="show_code='yes'"):
        run_batch(log_nb, grid=[{"label": "a"}], out=tmp_path / "o", show_code="yes")
    assert not (tmp_path / "o").exists()


def test_cli_show_code_and_deprecated_no_input(tmp_path, log_nb, capsys):
    from researchlib.cli import build_parser, main

    grid = write_grid(tmp_path / "grid.yaml", [{"name": "bad", "labl": "a"}])
    both = ["batch", str(log_nb), "--grid", str(grid), "--out", str(tmp_path / "o")]
    assert main([*both, "--show-code", "--no-input"]) == 2
    assert "--show-code and --no-input contradict" in capsys.readouterr().err
    # --no-input alone still parses (with a warning); the bad grid then stops the batch
    assert main([*both, "--no-input"]) == 2
    err = capsys.readouterr().err
    assert "--no-input is deprecated" in err and "'labl'" in err
    assert not (tmp_path / "o").exists()
    assert "--show-code" in build_parser()._subparsers._group_actions[0].choices["batch"].format_help()


ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_default_grid_pages_show_no_code_and_their_prose_reads_without_it(tmp_path):
    from researchlib.batch import load_grid
    from researchlib.pipeline import prepare

    processed = tmp_path / "processed"
    prepare(ROOT / "data" / "raw", out=processed, workers=1, progress=False)
    grid = [{"name": r.name, "notebook": str(r.notebook),
             "parameters": {**r.parameters, "processed_dir": str(processed)}}
            for r in load_grid(ROOT / "notebooks" / "grids" / "default.yaml")]
    result = run_batch(grid=grid, out=tmp_path / "reports", workers=2, progress=False)
    assert result.ok, result.summary()
    for run in result.runs:
        page = (tmp_path / "reports" / f"{run.name}.html").read_text(encoding="utf-8")
        assert "hl-ipython3" not in page and "processed_dir" not in page, run.name
        assert "jp-OutputArea-output" in page, run.name
        # no sentence points at a cell the reader cannot see
        assert "cell below" not in page and "cell above" not in page, run.name


@pytest.mark.slow
def test_a_change_to_researchlib_executes_the_reports_again(tmp_path, log_nb, monkeypatch):
    """A report drawn by a changed plot function is stale: the package's code version is
    part of the environment a batch compares, not only its version number."""
    import researchlib._env as env

    out = tmp_path / "reports"
    grid = [{"name": "one", "label": "a"}]
    assert run_batch(log_nb, grid=grid, out=out, workers=1, progress=False).ok
    same = run_batch(log_nb, grid=grid, out=out, workers=1, progress=False)
    assert [r.status for r in same.runs] == ["up to date"] and _log(tmp_path) == ["a"]
    edited = env.code_version() + "-edited"
    monkeypatch.setattr(env, "code_version", lambda: edited)
    again = run_batch(log_nb, grid=grid, out=out, workers=1, progress=False)
    assert [r.status for r in again.runs] == ["ok"] and _log(tmp_path) == ["a", "a"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["fingerprint"]["code"] == edited
