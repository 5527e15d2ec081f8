"""Batch runs: grids, validation, execution in fresh kernels, outputs, determinism, incremental runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import shared_path

from researchlib.batch import load_grid, run_batch, validate_runs
from researchlib.batch.notebook import (
    normalise_notebook,
    notebook_parameters,
    read_notebook,
    render_html,
)
from researchlib.exceptions import GridError, NotebookError, ParameterError

REPORT_CELLS = [
    "import matplotlib.pyplot as plt\nprint(f'speaker={speaker!r} n={n} scale={scale}')",
    "fig, ax = plt.subplots(figsize=(2, 2))\nax.plot([i * scale for i in range(n)])\n"
    "ax.set_title(speaker);",
    "assert not fail, f'deliberate failure for {speaker}'\nprint('done')",
]
REPORT_PARAMS = (
    'speaker = "Kim"  # who speaks\nn = 3  # points\nscale = 1.0  # factor\n'
    "fail = False  # raise on purpose\nextra = None  # anything"
)


def make_notebook(path: Path, params: str | None, cells: list[str]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    if params is not None:
        nb.cells.append(nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}))
    nb.cells.extend(nbformat.v4.new_code_cell(src) for src in cells)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i}"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.fixture
def report_nb(tmp_path) -> Path:
    return make_notebook(tmp_path / "nb" / "report.ipynb", REPORT_PARAMS, REPORT_CELLS)


def write_grid(path: Path, data) -> Path:
    import yaml

    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- grids


def test_cartesian_grid_is_sorted_by_name_then_value_order(report_nb):
    runs = load_grid({"speaker": ["Putin", "Kim"], "n": [2, 1]}, notebook=report_nb)
    assert [r.parameters for r in runs] == [
        {"n": 2, "speaker": "Putin"}, {"n": 2, "speaker": "Kim"},
        {"n": 1, "speaker": "Putin"}, {"n": 1, "speaker": "Kim"},
    ]
    assert runs[0].name == "report__n-2__speaker-Putin"


def test_run_names_are_safe_and_unique(report_nb, tmp_path):
    runs = load_grid(
        [{"name": "../../evil", "n": 1}, {"name": "same"}, {"name": "same"}, {"name": "a\x00/b"},
         {"name": "index"}],
        notebook=report_nb,
    )
    names = [r.name for r in runs]
    assert len(set(names)) == len(names)
    assert names[1:3] == ["same", "same-2"]
    assert "index" not in names
    for name in names:
        assert "/" not in name and "\x00" not in name and not name.startswith(".")
        assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_grid_file_names_notebooks_relative_to_itself(tmp_path, report_nb):
    other = make_notebook(tmp_path / "nb" / "other.ipynb", "x = 1", ["print(x)"])
    grid = write_grid(tmp_path / "nb" / "grids.yaml", {
        "notebook": "report.ipynb",
        "parameters": {"n": 2},
        "runs": [{"name": "kim", "speaker": "Kim"}, {"notebook": "other.ipynb", "parameters": {"x": 5}}],
        "grid": {"speaker": ["A", "B"]},
    })
    runs = load_grid(grid)
    assert [r.notebook.resolve() for r in runs] == [report_nb.resolve(), other.resolve(),
                                                     report_nb.resolve(), report_nb.resolve()]
    assert runs[0].parameters == {"n": 2, "speaker": "Kim"}
    assert runs[1].parameters == {"n": 2, "x": 5}
    assert [r.parameters["speaker"] for r in runs[2:]] == ["A", "B"]


def test_grid_errors_name_the_problem(tmp_path, report_nb):
    with pytest.raises(GridError, match="does not exist"):
        load_grid(tmp_path / "missing.yaml", notebook=report_nb)
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a: [1\n", encoding="utf-8")
    with pytest.raises(GridError, match="not valid YAML"):
        load_grid(bad, notebook=report_nb)
    unsafe = tmp_path / "unsafe.yaml"
    unsafe.write_text("- n: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(GridError, match="not valid YAML"):
        load_grid(unsafe, notebook=report_nb)
    with pytest.raises(GridError, match="no notebook"):
        load_grid([{"n": 1}])
    with pytest.raises(GridError, match="empty list"):
        load_grid({"n": []}, notebook=report_nb)


def test_command_line_notebook_is_relative_to_the_current_folder(tmp_path, report_nb, monkeypatch):
    """`researchlib batch nb/report.ipynb --grid elsewhere/grid.yaml`: NOTEBOOK is not the grid's."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    grid = write_grid(elsewhere / "grid.yaml", [{"name": "kim", "speaker": "Kim"}])
    monkeypatch.chdir(tmp_path)
    runs = load_grid("elsewhere/grid.yaml", notebook="nb/report.ipynb")
    assert [r.notebook.resolve() for r in runs] == [report_nb.resolve()]
    validate_runs(runs, strict=True)  # the notebook exists where the user said
    # a mapping grid without its own notebook takes NOTEBOOK the same way
    write_grid(elsewhere / "product.yaml", {"speaker": ["A", "B"]})
    runs = load_grid(grid.parent / "product.yaml", notebook="nb/report.ipynb")
    assert {r.notebook.resolve() for r in runs} == {report_nb.resolve()}


def test_notebooks_named_in_a_relative_grid_file_resolve_once(tmp_path, report_nb, monkeypatch):
    other = make_notebook(tmp_path / "other.ipynb", "x = 1  # a number", ["print(x)"])
    write_grid(tmp_path / "nb" / "grid.yaml", {
        "notebook": "report.ipynb",
        "runs": [{"name": "kim"}, {"name": "other", "notebook": "../other.ipynb"}],
    })
    monkeypatch.chdir(tmp_path)
    runs = load_grid("nb/grid.yaml", notebook="ignored.ipynb")
    assert [r.notebook.resolve() for r in runs] == [report_nb.resolve(), other.resolve()]


def test_cli_jobs_is_a_deprecated_alias_of_workers(tmp_path, report_nb, capsys):
    from researchlib.cli import main

    grid = write_grid(tmp_path / "grid.yaml", [{"name": "bad", "speakr": "Kim"}])
    both = ["batch", str(report_nb), "--grid", str(grid), "--out", str(tmp_path / "o")]
    assert main([*both, "--jobs", "2", "--workers", "2"]) == 2
    assert "give only --workers" in capsys.readouterr().err
    # --jobs alone still works (with a warning); the bad grid then stops the batch before any run
    assert main([*both, "--jobs", "2"]) == 2
    err = capsys.readouterr().err
    assert "--jobs is deprecated; use --workers" in err and "'speakr'" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("params", "error", "words"),
    [
        ({"speakr": "Kim"}, GridError, ["'bad'", "'speakr'", "allowed", "'speaker'"]),
        ({"n": "three"}, GridError, ["'bad'", "'n'", "'three'", "int"]),
        ({"fail": 1}, GridError, ["'fail'", "bool"]),
        ({"speaker": 3}, GridError, ["'speaker'", "str"]),
    ],
)
def test_bad_parameters_fail_before_anything_is_written(tmp_path, report_nb, params, error, words):
    out = tmp_path / "out"
    with pytest.raises(error) as info:
        run_batch(report_nb, grid=[{"name": "good", "n": 2}, {"name": "bad", **params}], out=out)
    for word in words:
        assert word in str(info.value)
    assert not out.exists()


def test_accepted_parameter_types(report_nb):
    runs = load_grid([{"scale": 2, "extra": {"any": [1]}, "n": 4}], notebook=report_nb)
    validate_runs(runs, strict=True)  # int for float, anything for None: no error


def test_notebook_without_parameters_cell(tmp_path):
    nb = make_notebook(tmp_path / "plain.ipynb", None, ["msg = None\nprint(msg)"])
    out = tmp_path / "out"
    with pytest.raises(NotebookError, match="plain.ipynb.*no cell tagged 'parameters'"):
        run_batch(nb, grid=[{"msg": "hi"}], out=out)
    assert not out.exists()


def test_bad_options(report_nb, tmp_path):
    with pytest.raises(ParameterError, match="workers=0"):
        run_batch(report_nb, grid=[{}], out=tmp_path / "o", workers=0)
    with pytest.raises(ParameterError, match="jobs=0"), pytest.warns(FutureWarning, match="jobs="):
        run_batch(report_nb, grid=[{}], out=tmp_path / "o", jobs=0)
    with pytest.raises(ParameterError, match="give only workers"):
        run_batch(report_nb, grid=[{}], out=tmp_path / "o", workers=2, jobs=2)
    with pytest.raises(ParameterError, match="executor='ray'"):
        run_batch(report_nb, grid=[{}], out=tmp_path / "o", executor="ray")


# --------------------------------------------------------------------------- notebooks helpers


def test_notebook_parameters_reads_defaults_and_types(report_nb):
    params = notebook_parameters(read_notebook(report_nb))
    assert list(params) == ["speaker", "n", "scale", "fail", "extra"]
    assert params["n"].default == 3 and params["speaker"].help == "who speaks"
    assert params["extra"].expected() is None
    assert params["scale"].expected() == (int, float)


def test_complex_parameters_cell_is_inspected():
    path = shared_path("corpora", "papermill_notebooks", "complex_parameters.ipynb")
    params = notebook_parameters(read_notebook(path))
    assert params["a"].default == 2.25
    assert params["b"].default == ["Hello", "World"]


def test_normalise_moves_volatile_metadata(report_nb):
    nb = read_notebook(report_nb)
    nb.metadata["papermill"] = {"start_time": "t0", "end_time": "t1", "duration": 1.5,
                                "input_path": "/a", "output_path": "/b", "parameters": {"n": 1}}
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "t"}
    nb.cells[1].metadata["papermill"] = {"start_time": "t", "duration": 0.1, "status": "completed"}
    nb.cells[2]["id"] = "random-id-from-nbformat"
    normal, volatile = normalise_notebook(nb, source_ids=["c0", "c1", "c3"])
    assert normal.metadata.papermill == {"parameters": {"n": 1}}
    assert volatile["notebook"]["input_path"] == "/a" and volatile["notebook"]["duration"] == 1.5
    assert "execution" not in normal.cells[1].metadata
    assert normal.cells[1].metadata.papermill == {"status": "completed"}
    assert volatile["cells"]["1"]["execution"] == {"iopub.status.busy": "t"}
    assert normal.cells[2]["id"] == "cell-2"
    assert nb.metadata.papermill["start_time"] == "t0"  # input untouched


def test_normalise_joins_a_print_split_across_flushes(report_nb):
    nb = read_notebook(report_nb)
    new = nbformat.v4.new_output
    image = new("display_data", data={"text/plain": "<Figure>"})
    nb.cells[1].outputs = [
        new("stream", name="stdout", text="speaker='Kim'"), new("stream", name="stdout", text="\n"),
        new("stream", name="stderr", text="warn\n"), image,
        new("stream", name="stdout", text=["after ", "image\n"]),
    ]
    whole = read_notebook(report_nb)
    whole.cells[1].outputs = [new("stream", name="stdout", text="speaker='Kim'\n"),
                              new("stream", name="stderr", text="warn\n"), image,
                              new("stream", name="stdout", text="after image\n")]
    normal, _ = normalise_notebook(nb)
    assert normal.cells[1].outputs == normalise_notebook(whole)[0].cells[1].outputs
    assert [o.get("name") for o in normal.cells[1].outputs] == ["stdout", "stderr", None, "stdout"]
    assert len(nb.cells[1].outputs) == 5  # input untouched


def test_normalise_drops_widget_views_and_state(report_nb):
    """A tqdm widget in a report carries a random model id: the report must not."""
    nb = read_notebook(report_nb)
    plain = nbformat.v4.new_output("stream", name="stdout", text="done\n")
    nb.cells[1].outputs = [
        nbformat.v4.new_output("display_data", data={
            "application/vnd.jupyter.widget-view+json": {"model_id": "4f1c0a", "version_major": 2,
                                                         "version_minor": 0},
            "text/plain": "  0%|          | 0/3 [00:00<?, ?it/s]"}),
        plain,
    ]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {"4f1c0a": {}, "77aa01": {}}, "version_major": 2, "version_minor": 0}}
    normal, volatile = normalise_notebook(nb)
    assert normal.cells[1].outputs == [plain]
    assert "widgets" not in normal.metadata
    assert volatile["cells"]["1"] == {"widget_views": 1}
    assert volatile["notebook"] == {"widget_models": 2}
    clean = read_notebook(report_nb)
    clean.cells[1].outputs = [plain]
    assert normalise_notebook(clean)[0] == normal


def test_render_html_is_deterministic_and_script_free(report_nb):
    nb = read_notebook(report_nb)
    nb.cells[1].outputs = [
        nbformat.v4.new_output("display_data", data={"application/javascript": "window.x=1"}),
        nbformat.v4.new_output("stream", name="stdout", text="<script>window.__pwned=1</script>"),
    ]
    first, second = render_html(nb), render_html(nb)
    assert first == second
    assert "<script" not in first.lower()
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in first
    assert "Content-Security-Policy" in first and "http://" not in first.split("<style", 1)[0]
    hidden = render_html(nb, show_code=False)
    assert "set_title" not in hidden and "set_title" in first


# --------------------------------------------------------------------------- batches


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".ipynb", ".html")
            and p.name != "index.html"}


def assert_same_outputs(now: dict[str, bytes], before: dict[str, bytes]) -> None:
    """Equal reports, or a failure that names each differing file and shows its diff."""
    import difflib

    assert sorted(now) == sorted(before)
    differ = [name for name in before if now[name] != before[name]]
    shown = [
        "".join(difflib.unified_diff(before[name].decode().splitlines(True),
                                     now[name].decode().splitlines(True), name, name, n=2))[:4000]
        for name in differ
    ]
    assert not differ, f"{len(differ)} reports differ: {differ}\n" + "\n".join(shown)


@pytest.mark.slow
def test_first_reports_on_a_fresh_machine_equal_the_next(tmp_path, report_nb, monkeypatch):
    # A fresh machine has no matplotlib font cache; when building it takes over five seconds
    # matplotlib logs a warning, which must not land in the first reports only. A slow
    # `fc-list` (the font scan matplotlib runs while building) stands in for a cold machine.
    slow = tmp_path / "bin" / "fc-list"
    slow.parent.mkdir()
    slow.write_text("#!/bin/sh\nsleep 6\nexit 1\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setenv("PATH", f"{slow.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    out = tmp_path / "out"
    code = (
        "import sys\nfrom researchlib.batch import run_batch\n"
        "if __name__ == '__main__':\n"
        "    sys.exit(0 if run_batch(sys.argv[1], grid=[{'name': 'kim'}], out=sys.argv[2], workers=1,"
        " progress=False, force=True).ok else 1)\n"
    )
    script = tmp_path / "run.py"
    script.write_text(code, encoding="utf-8")
    reports = []
    for _ in range(2):  # a new process each time, as a researcher's first and second `make run`
        subprocess.run([sys.executable, str(script), str(report_nb), str(out)], check=True, timeout=300)
        reports.append(_outputs(out))
    assert list((tmp_path / "mpl").glob("fontlist-*.json"))
    assert "building the font cache" not in reports[0]["kim.ipynb"].decode()
    assert_same_outputs(reports[1], reports[0])


@pytest.fixture(scope="module")
def six_runs(tmp_path_factory):
    """A 6-run batch with one deliberately failing run, through the CLI."""
    root = tmp_path_factory.mktemp("six")
    nb = make_notebook(root / "nb" / "report.ipynb", REPORT_PARAMS, REPORT_CELLS)
    grid = write_grid(root / "grid.yaml", [
        {"name": "kim", "speaker": "Kim"},
        {"name": "putin", "speaker": "Putin", "n": 4},
        {"name": "scaled", "scale": 2},
        {"name": "broken", "speaker": "Broken", "fail": True},
        {"speaker": "Moon", "n": 2},
        {"name": "../../evil", "speaker": "<b>bold</b>"},
    ])
    out = root / "reports"
    proc = subprocess.run(
        [sys.executable, "-m", "researchlib.cli", "batch", str(nb), "--grid", str(grid),
         "--out", str(out), "--workers", "2"],
        capture_output=True, text=True, timeout=300,
    )
    return {"root": root, "nb": nb, "grid": grid, "out": out, "proc": proc}


@pytest.mark.slow
def test_six_run_batch_with_one_failure(six_runs):
    proc, out = six_runs["proc"], six_runs["out"]
    assert proc.returncode == 1, proc.stderr
    assert "FAILED broken: AssertionError: deliberate failure for Broken" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1].endswith("index.html")
    names = {"kim", "putin", "scaled", "broken", "report__n-2__speaker-Moon", "evil"}
    assert {p.stem for p in out.glob("*.html")} - {"index"} == names
    assert {p.stem for p in out.glob("*.ipynb")} == names
    assert not (six_runs["root"].parent / "evil.html").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    status = {r["name"]: r["status"] for r in manifest["runs"]}
    assert status.pop("broken") == "failed" and set(status.values()) == {"ok"}
    broken = next(r for r in manifest["runs"] if r["name"] == "broken")
    assert broken["error"] == {"name": "AssertionError", "message": "deliberate failure for Broken"}
    assert manifest["environment"]["python"] and manifest["started"] <= manifest["finished"]
    for run in manifest["runs"]:
        for entry in run["outputs"].values():
            from researchlib._io import sha256_file

            assert sha256_file(out / entry["path"]) == entry["sha256"]
        assert len(run["notebook_sha256"]) == 64
    # the failed run's HTML shows the error; its notebook is the partial execution
    broken_html = (out / "broken.html").read_text()
    assert "deliberate failure for Broken" in broken_html
    broken_nb = json.loads((out / "broken.ipynb").read_text())
    assert any(o.get("output_type") == "error" for c in broken_nb["cells"] for o in c.get("outputs", []))
    # a successful run: executed output, an inline PNG, no volatile timestamps
    kim = json.loads((out / "kim.ipynb").read_text())
    text = json.dumps(kim)
    assert "speaker='Kim' n=3 scale=1.0" in text
    assert "start_time" not in text and "iopub" not in text
    assert "data:image/png;base64," in (out / "kim.html").read_text()
    index = (out / "index.html").read_text()
    assert 'href="broken.html"' in index and 'href="kim.ipynb"' in index
    assert "&lt;b&gt;bold&lt;/b&gt;" in index and "<b>bold</b>" not in index
    assert "<script" not in index.lower()


@pytest.mark.slow
def test_batches_are_deterministic_and_incremental(six_runs):
    out = six_runs["out"]
    first = _outputs(out)
    again = run_batch(six_runs["nb"], grid=six_runs["grid"], out=out, workers=2, progress=False)
    statuses = {r.name: r.status for r in again.runs}
    assert statuses.pop("broken") == "failed"  # failed runs are always re-run
    assert set(statuses.values()) == {"up to date"}
    assert_same_outputs(_outputs(out), first)
    assert "up to date" in (out / "index.html").read_text()
    forced = run_batch(six_runs["nb"], grid=six_runs["grid"], out=out, workers=2, progress=False,
                       force=True)
    assert {r.status for r in forced.runs} == {"ok", "failed"}
    assert_same_outputs(_outputs(out), first)  # re-executed: byte-identical notebooks and HTML
    # a changed notebook is re-run
    nb = read_notebook(six_runs["nb"])
    nb.cells[-1].source += "\nprint('changed')"
    nbformat.write(nb, six_runs["nb"])
    changed = run_batch(six_runs["nb"], grid=[{"name": "kim", "speaker": "Kim"}], out=out,
                        progress=False)
    assert changed.runs[0].status == "ok" and "changed" in (out / "kim.ipynb").read_text()


@pytest.mark.slow
def test_papermill_notebooks_run_and_fail_cleanly(tmp_path):
    folder = shared_path("corpora", "papermill_notebooks")
    grid = write_grid(tmp_path / "grid.yaml", {"runs": [
        {"notebook": str(folder / "simple_execute.ipynb"), "msg": "hello"},
        {"notebook": str(folder / "nb_version_4.4.ipynb"), "var": 7},
        {"notebook": str(folder / "result_no_exec.ipynb"), "foo": 2, "bar": "x"},
        {"notebook": str(folder / "report_mode_test.ipynb"), "a": 2},
        {"notebook": str(folder / "simple_input.ipynb"), "msg": "from grid"},
        {"notebook": str(folder / "no_parameters.ipynb")},
        {"notebook": str(folder / "sysexit1.ipynb")},
        {"notebook": str(folder / "line_magic_error.ipynb")},
        {"notebook": str(folder / "complex_parameters.ipynb"), "a": 3.5},
    ]})
    result = run_batch(None, grid=grid, out=tmp_path / "out", workers=2, progress=False)
    by = {r.notebook.rsplit("/", 1)[-1]: r for r in result.runs}
    assert not result.ok
    assert {n for n, r in by.items() if r.status == "failed"} == {
        "sysexit1.ipynb", "line_magic_error.ipynb", "complex_parameters.ipynb"}
    assert by["sysexit1.ipynb"].error_name == "SystemExit"
    assert by["line_magic_error.ipynb"].error_name == "UsageError"
    assert "undefined-line-magic" in by["line_magic_error.ipynb"].error_message
    assert by["complex_parameters.ipynb"].error_name == "SyntaxError"
    for r in result.runs:
        assert (tmp_path / "out" / r.outputs["html"]["path"]).is_file()
    simple = (tmp_path / "out" / by["simple_execute.ipynb"].outputs["ipynb"]["path"]).read_text()
    assert "hello" in simple
    assert "7" in (tmp_path / "out" / by["nb_version_4.4.ipynb"].outputs["ipynb"]["path"]).read_text()
    # sysexit1's second cell never ran
    sysexit = json.loads((tmp_path / "out" / by["sysexit1.ipynb"].outputs["ipynb"]["path"]).read_text())
    assert sysexit["cells"][-1]["metadata"]["papermill"]["status"] == "pending"
    summary = result.summary()
    assert "FAILED" in summary and "SystemExit" in summary


@pytest.mark.slow
def test_string_parameter_with_code_stays_data(tmp_path):
    nb = make_notebook(tmp_path / "nb" / "echo.ipynb", 'msg = "safe"  # text',
                       ["print(repr(msg))"])
    victim = tmp_path / "nb" / "x"
    victim.write_text("keep me")
    payload = '"); import os; os.remove("x'
    result = run_batch(nb, grid=[{"name": "payload", "msg": payload}], out=tmp_path / "out",
                       workers=1, progress=False)
    assert result.ok
    assert victim.read_text() == "keep me"
    printed = json.loads((tmp_path / "out" / "payload.ipynb").read_text())
    text = "".join(o.get("text", "") for c in printed["cells"] for o in c.get("outputs", []))
    assert text.strip() == repr(payload)


@pytest.mark.slow
def test_dead_and_hanging_kernels_fail_only_their_run(tmp_path):
    nb = make_notebook(tmp_path / "nb" / "faults.ipynb", 'mode = "ok"  # ok, exit or sleep', [
        "import os, time\nif mode == 'exit':\n    os._exit(1)\nif mode == 'sleep':\n    time.sleep(120)",
        "print('finished', mode)",
    ])
    result = run_batch(nb, grid={"mode": ["ok", "exit", "sleep"]}, out=tmp_path / "out", workers=2,
                       cell_timeout=5, progress=False)
    status = {r.parameters["mode"]: r for r in result.runs}
    assert status["ok"].status == "ok"
    assert status["exit"].status == "failed" and status["exit"].error_name == "DeadKernelError"
    assert status["sleep"].status == "failed" and "Timeout" in status["sleep"].error_name
    for r in result.runs:
        assert (tmp_path / "out" / f"{r.name}.html").is_file()
    assert "DeadKernelError" in (tmp_path / "out" / "faults__mode-exit.html").read_text()


@pytest.mark.slow
def test_run_timeout_kills_the_run(tmp_path):
    import psutil

    nb = make_notebook(tmp_path / "nb" / "hang.ipynb", "seconds = 0  # to sleep", [
        "print('started')", "import time\ntime.sleep(seconds)", "print('finished')"])
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    result = run_batch(nb, grid=[{"name": "hang", "seconds": 300}, {"name": "quick"}],
                       out=tmp_path / "out", workers=2, run_timeout=15, progress=False)
    runs = {r.name: r for r in result.runs}
    assert runs["quick"].status == "ok"
    assert runs["hang"].status == "failed" and runs["hang"].error_name == "RunTimeoutError"
    html = (tmp_path / "out" / "hang.html").read_text()
    assert "started" in html and "RunTimeoutError" in html
    after = {p.pid for p in psutil.Process().children(recursive=True)}
    assert after <= before  # no worker or kernel left behind


@pytest.mark.slow
def test_dask_executor_gives_the_same_bytes(tmp_path, report_nb):
    pytest.importorskip("distributed")
    grid = [{"name": "kim"}, {"name": "putin", "speaker": "Putin", "n": 5}]
    local = run_batch(report_nb, grid=grid, out=tmp_path / "local", workers=2, progress=False)
    dask = run_batch(report_nb, grid=grid, out=tmp_path / "dask", workers=2, executor="dask",
                     progress=False)
    assert local.ok and dask.ok
    assert_same_outputs(_outputs(tmp_path / "dask"), _outputs(tmp_path / "local"))


@pytest.mark.slow
def test_batch_takes_notebook_from_grid_and_working_folder(tmp_path):
    data = tmp_path / "data" / "processed"
    data.mkdir(parents=True)
    (data / "table.csv").write_text("a,b\n1,2\n")
    nb = make_notebook(tmp_path / "notebooks" / "reader.ipynb",
                       'folder = "../data/processed"  # input folder',
                       ["from pathlib import Path\nprint(Path(folder, 'table.csv').read_text())"])
    grid = write_grid(tmp_path / "notebooks" / "grid.yaml", {"notebook": "reader.ipynb",
                                                              "runs": [{"name": "one"}]})
    env = {**os.environ}
    result = run_batch(grid=grid, out=tmp_path / "out", workers=1, progress=False)
    assert result.ok, result.summary()
    assert "a,b" in (tmp_path / "out" / "one.ipynb").read_text()
    assert nb.is_file() and env == dict(os.environ)
    again = run_batch(grid=[{"name": "one", "notebook": str(nb), "folder": "../data/processed"}],
                      out=tmp_path / "out2", workers=1, progress=False)
    manifest = json.loads((tmp_path / "out2" / "manifest.json").read_text())
    assert again.ok and list(manifest["runs"][0]["inputs"]) == ["../data/processed/table.csv"]


@pytest.mark.slow
def test_benchmark_runs_small(capsys):
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "benchmarks" / "bench_batch.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--runs", "1", "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "1 runs of" in printed and "speed-up:" in printed


@pytest.mark.slow
def test_unchanged_rerun_writes_nothing_and_default_inputs_count(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "table.csv").write_text("a\n1\n", encoding="utf-8")
    nb = make_notebook(
        tmp_path / "nb" / "read.ipynb",
        'data_dir = "../data"  # folder read by the report\nlabel = "x"  # a label',
        ["import pathlib\nprint(pathlib.Path(data_dir, 'table.csv').read_text().split())"],
    )
    grid = [{"name": "one", "label": "a"}]
    out = tmp_path / "reports"
    first = run_batch(nb, grid=grid, out=out, workers=1, progress=False)
    assert first.ok
    files = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    again = run_batch(nb, grid=grid, out=out, workers=1, progress=False)
    assert [r.status for r in again.runs] == ["up to date"]
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()} == files
    # the data folder is named only by the notebook's default, yet changing it re-runs the report
    (data / "table.csv").write_text("a\n2\n", encoding="utf-8")
    changed = run_batch(nb, grid=grid, out=out, workers=1, progress=False)
    assert [r.status for r in changed.runs] == ["ok"]
    assert "'2'" in (out / "one.ipynb").read_text()


@pytest.mark.slow
def test_killed_batch_leaves_previous_outputs_intact_and_rerun_completes(tmp_path):
    import os
    import signal
    import time

    nb = make_notebook(tmp_path / "nb" / "slow.ipynb", 'label = "a"  # a label\npause = 0.0  # seconds',
                       ["import time\ntime.sleep(pause)\nprint(label)"])
    grid = write_grid(tmp_path / "grid.yaml", [{"name": f"r{i}", "label": f"v{i}"} for i in range(4)])
    out = tmp_path / "reports"
    assert run_batch(nb, grid=grid, out=out, workers=2, progress=False).ok
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # a slower version of every run, killed part-way
    slow = write_grid(tmp_path / "slow.yaml",
                      [{"name": f"r{i}", "label": f"v{i}", "pause": 3.0} for i in range(4)])
    proc = subprocess.Popen(
        [sys.executable, "-m", "researchlib.cli", "batch", str(nb), "--grid", str(slow),
         "--out", str(out), "--workers", "2", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and all(
        (out / f"r{i}.ipynb").read_bytes() == before[f"r{i}.ipynb"] for i in range(4)
    ):
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI, its workers and their kernels
    proc.wait()
    for name in before:
        now = out / name
        assert now.is_file(), f"{name} vanished"
        if name.endswith(".ipynb"):
            json.loads(now.read_text())  # old or new, never half-written
    assert (out / "index.html").read_bytes() == before["index.html"]
    assert (out / "manifest.json").read_bytes() == before["manifest.json"]
    done = run_batch(nb, grid=slow, out=out, workers=2, progress=False)
    assert done.ok and len(done.runs) == 4
    assert not list(out.glob(".*.tmp"))


def _flaky_kernel(root: Path, fail_times: int) -> str:
    """A real kernelspec whose first ``fail_times`` launches exit at once, as a kernel that fails to start."""
    spec = root / "kernels" / "flaky"
    spec.mkdir(parents=True)
    launcher = root / "launch.py"
    launcher.write_text(
        "import pathlib, runpy, sys\n"
        f"count = pathlib.Path({str(root / 'launches')!r})\n"
        "n = int(count.read_text()) if count.exists() else 0\n"
        "count.write_text(str(n + 1))\n"
        f"if n < {fail_times}:\n    sys.exit(1)\n"
        "sys.argv = ['ipykernel_launcher', '-f', sys.argv[1]]\n"
        "runpy.run_module('ipykernel_launcher', run_name='__main__')\n",
        encoding="utf-8",
    )
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(launcher), "{connection_file}"],
        "display_name": "flaky", "language": "python",
    }), encoding="utf-8")
    return "flaky"


@pytest.mark.slow
@pytest.mark.parametrize("fail_times, status, attempts", [(1, "ok", 2), (5, "failed", 2)])
def test_a_kernel_that_fails_to_start_is_started_again(tmp_path, monkeypatch, report_nb, fail_times,
                                                        status, attempts):
    from researchlib.batch import kernel

    name = _flaky_kernel(tmp_path / "spec", fail_times)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "spec"))
    monkeypatch.setattr(kernel, "private_kernel", lambda: name)
    task = {"name": "kim", "notebook": str(report_nb), "parameters": {"speaker": "Kim"},
            "cwd": str(tmp_path), "cell_timeout": None, "show_code": False, "kernel_retries": 1,
            "partial_path": str(tmp_path / "partial.ipynb")}
    result = kernel.execute_run(task)
    assert (result["status"], result["attempts"]) == (status, attempts)
    assert int((tmp_path / "spec" / "launches").read_text()) == attempts
    if status == "ok":
        assert "speaker='Kim' n=3 scale=1.0" in result["ipynb"]
    else:  # papermill's clean-up marks unstarted cells "completed": the error still says what happened
        assert "the kernel did not start (attempts: 2)" in result["error_message"]
        assert "the kernel did not start" in result["html"]
