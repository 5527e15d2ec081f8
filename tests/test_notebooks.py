"""The committed notebooks: clean (no outputs), thin, parameterised, in step with the default grid, runnable.

The notebooks are the source (edit them in JupyterLab); ``make lint`` strips what a
save adds (outputs, counts, timings, widget state), which these tests check.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
import yaml

from researchlib.batch import load_grid, run_batch
from researchlib.batch.strip import main as strip_main
from researchlib.batch.strip import strip_notebook, strip_notebook_file
from researchlib.exceptions import NotebookError
from researchlib.pipeline import load_processed, prepare

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
GRID = NOTEBOOK_DIR / "grids" / "default.yaml"
EXPECTED = {"report_rhetoric.ipynb", "report_compare.ipynb", "explore_corpus.ipynb"}

#: Calls that write files; notebooks only read and display.
WRITE_CALLS = {"open", "savefig", "write_text", "write_bytes", "mkdir", "remove", "unlink"}


def _ids(paths):
    return [p.name for p in paths]


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _parameters_cell(nb):
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"expected exactly one cell tagged 'parameters', found {len(cells)}"
    return cells[0]


def _assigned_names(source: str) -> list[str]:
    names = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names.extend(t.id for t in targets if isinstance(t, ast.Name))
    return names


def test_the_three_notebooks_exist():
    assert EXPECTED <= set(_ids(NOTEBOOKS))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_valid_nbformat4_with_python3_kernel(path):
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    assert nb.nbformat == 4
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_committed_without_outputs(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(raw["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i} carries outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"
        assert "execution" not in cell.get("metadata", {}), f"{path.name} cell {i} has timings"
    assert "papermill" not in raw["metadata"], f"{path.name} is an executed copy"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_one_parameters_cell_every_assignment_commented(path):
    nb = nbformat.read(path, as_version=4)
    cell = _parameters_cell(nb)
    tree = ast.parse(cell.source)
    lines = cell.source.splitlines()
    assert tree.body, f"{path.name}: the parameters cell is empty"
    for node in tree.body:
        assert isinstance(node, (ast.Assign, ast.AnnAssign)), (
            f"{path.name}: parameters cell line {node.lineno} is not an assignment"
        )
        last_line = lines[node.end_lineno - 1]
        code_end = node.end_col_offset if node.end_lineno == node.lineno else 0
        assert "#" in last_line[code_end:], f"{path.name}: no comment on {lines[node.lineno - 1]!r}"
    # papermill must read every name (a second '=' on a line, even in a comment, hides it)
    found = papermill.inspect_notebook(str(path))
    assert list(found) == _assigned_names(cell.source)
    assert all(p["help"] for p in found.values())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_thin_cells(path):
    nb = nbformat.read(path, as_version=4)
    for cell in _code_cells(nb):
        tree = ast.parse(cell.source)
        where = f"{path.name} cell {nb.cells.index(cell)}"
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)), (
                f"{where}: defines {node.name!r}; move code needed twice into the package"
            )
            assert not isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.comprehension)), (
                f"{where}: a loop; use a library call or vectorised pandas"
            )
            if isinstance(node, ast.Import):
                assert all(a.name != "re" for a in node.names), f"{where}: imports re"
            if isinstance(node, ast.ImportFrom):
                assert node.module != "re", f"{where}: imports from re"
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                assert name not in WRITE_CALLS, f"{where}: calls {name}() (notebooks write no files)"
                assert not name.startswith("to_"), f"{where}: calls .{name}() (notebooks write no files)"
        assert "open(" not in cell.source and ".to_" not in cell.source, f"{where}: writes a file"


def _saved_in_jupyterlab(path: Path, out: Path) -> Path:
    """``path`` as JupyterLab saves it after a run: outputs, counts, timings, widgets, versions."""
    nb = nbformat.read(path, as_version=4)
    new = nbformat.v4.new_output
    for count, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), start=1):
        cell.execution_count = count
        cell.outputs = [
            new("stream", name="stdout", text="printed\n"),
            new("execute_result", data={"text/plain": "42", "text/html": "<b>42</b>"},
                execution_count=count),
            new("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}),
        ]
        cell.metadata["execution"] = {"iopub.execute_input": "2026-05-09T10:00:00.1Z",
                                      "shell.execute_reply": "2026-05-09T10:00:01.2Z"}
        cell.metadata["scrolled"] = True
        cell.metadata["jupyter"] = {"outputs_hidden": False}
    nb.metadata["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
        "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3", "version": "3.11.9",
    }
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"a1": {}}}}
    with open(out, "w", encoding="utf-8") as fh:
        nbformat.write(nb, fh)
    return out


def test_make_lint_strips_notebooks_saved_with_outputs(tmp_path):
    saved = [_saved_in_jupyterlab(path, tmp_path / path.name) for path in NOTEBOOKS]
    assert all(s.read_bytes() != p.read_bytes() for s, p in zip(saved, NOTEBOOKS))
    strip = [sys.executable, "-m", "researchlib.batch.strip"]
    check = subprocess.run([*strip, "--check", *map(str, saved)], capture_output=True, text=True)
    assert check.returncode == 1 and check.stdout.count("would strip") == len(saved)
    done = subprocess.run([*strip, *map(str, saved)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for stripped, path in zip(saved, NOTEBOOKS):
        assert stripped.read_bytes() == path.read_bytes()  # back to the committed bytes
    again = subprocess.run([*strip, "--check", *map(str, saved), *map(str, NOTEBOOKS)],
                           capture_output=True, text=True)
    assert again.returncode == 0 and again.stdout == ""


def test_strip_names_a_file_that_is_not_a_notebook(tmp_path, capsys):
    bad = tmp_path / "notes.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(NotebookError, match="notes.ipynb"):
        strip_notebook_file(bad)
    assert strip_main([str(bad)]) == 2
    assert "notes.ipynb" in capsys.readouterr().err
    assert bad.read_text(encoding="utf-8") == "{not json"


def test_strip_keeps_sources_tags_and_ids():
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    nb.cells[1].metadata["tags"] = ["parameters", "keep-me"]
    stripped = strip_notebook(nb)
    assert [c.source for c in stripped.cells] == [c.source for c in nb.cells]
    assert [c.id for c in stripped.cells] == [c.id for c in nb.cells]
    assert stripped.cells[1].metadata["tags"] == ["parameters", "keep-me"]


def test_default_grid_fits_the_notebooks():
    data = yaml.safe_load(GRID.read_text(encoding="utf-8"))
    runs = data["runs"]
    names = [run["name"] for run in runs]
    assert len(names) == len(set(names))
    rhetoric = [r for r in runs if Path(r["notebook"]).name == "report_rhetoric.ipynb"]
    compare = [r for r in runs if Path(r["notebook"]).name == "report_compare.ipynb"]
    assert len(rhetoric) >= 4 and len(compare) >= 1
    for run in runs:
        notebook = (GRID.parent / run["notebook"]).resolve()
        assert notebook.is_file(), f"run {run['name']}: {notebook} does not exist"
        declared = papermill.inspect_notebook(str(notebook))
        for name, value in run["parameters"].items():
            assert name in declared, f"run {run['name']}: {name!r} is not a parameter of {notebook.name}"
            default = ast.literal_eval(declared[name]["default"])
            if default is not None:
                assert isinstance(value, type(default)), f"run {run['name']}: {name}={value!r}"


def test_default_grid_names_the_demo_speakers():
    """Every rhetoric run's speaker is quoted in the demo corpus (raw text, before any processing)."""
    data = yaml.safe_load(GRID.read_text(encoding="utf-8"))
    raw = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "data" / "raw").rglob("*") if p.is_file()
    )
    speakers = [r["parameters"]["speaker"] for r in data["runs"] if "speaker" in r["parameters"]]
    assert len(set(speakers)) >= 4
    for speaker in speakers:
        assert raw.count(speaker) >= 3, f"{speaker!r} barely occurs in data/raw"


def test_default_grid_loads_with_the_batch_runner():
    runs = load_grid(GRID)
    assert [r.name for r in runs][:1] == ["rhetoric-idris-valko"]
    assert {r.notebook.resolve().name for r in runs} == {"report_rhetoric.ipynb", "report_compare.ipynb"}


# --------------------------------------------------------------------------- execution


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    """Tables prepared from data/raw (once for the module)."""
    out = tmp_path_factory.mktemp("processed")
    prepare(ROOT / "data" / "raw", out=out, progress=False, workers=1)
    return out


@pytest.mark.slow
def test_prepared_demo_corpus(processed):
    tables = load_processed(processed)
    paths = set(tables.documents["path"])
    assert "README.md" not in paths, "data/raw/README.md was loaded as a document"
    assert "speeches/metadata.csv" not in paths
    assert len(tables.documents) == 7 + 8 + 8 + 6
    texts = " ".join(tables.documents["text"])
    assert "fraternal bond" in texts and "frater-" not in texts
    assert "\u200b" not in texts


@pytest.mark.slow
def test_demo_speakers_quoted_under_their_canonical_names(processed):
    """The grid's speakers are quoted in several documents, each under one name."""
    quotes = load_processed(processed).quotes
    for speaker in ("Idris Valko", "Maren Solvik", "Ilse Daruna", "Pavo Keller", "Tessa Quill"):
        surname = speaker.split()[-1]
        variants = sorted(set(quotes.loc[quotes["speaker"].str.contains(surname), "speaker"]))
        assert variants == [speaker], f"{speaker} is quoted under the names {variants}"
        assert quotes.loc[quotes["speaker"] == speaker, "doc_id"].nunique() >= 2


RUNS = [
    ("report_rhetoric.ipynb", {"speaker": "Idris Valko", "title": "Idris <Valko>"}),
    ("report_rhetoric.ipynb", {}),
    ("report_compare.ipynb", {"left": {"country": "Varnia"}, "right": {"country": "Oskar"},
                              "left_label": "Varnia", "right_label": "Oskar"}),
    ("explore_corpus.ipynb", {}),
]


@pytest.mark.slow
@pytest.mark.parametrize("name,parameters", RUNS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(RUNS)])
def test_executes_under_plain_papermill(processed, tmp_path, monkeypatch, name, parameters):
    out = tmp_path / name
    # the kernel inherits the environment: draw figures inline, not with the test session's Agg
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    papermill.execute_notebook(
        str(NOTEBOOK_DIR / name),
        str(out),
        parameters={"processed_dir": str(processed), **parameters},
        kernel_name="python3",
        cwd=str(NOTEBOOK_DIR),
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in _code_cells(nb) for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    markdown = "\n".join(o.data["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {}))
    html = "\n".join(o.data["text/html"] for o in outputs if "text/html" in o.get("data", {}))
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, "no figure was drawn"
    if name == "report_rhetoric.ipynb":
        assert "<mark>" in html
        assert "**Frames.**" in markdown
        if parameters:
            assert "# Idris &lt;Valko&gt;" in markdown and "<Valko>" not in markdown
            assert "Idris Valko is the only named speaker" in markdown
        sources = "\n".join(c.source for c in nb.cells)
        assert "r = 0.49" in sources


NO_FRAMES = """id,date,speaker,country,title,text
n1,2024-01-02,Ada Lind,Norland,Weather note,"The minister Ada Lind said: ""The weather is mild today. \
The trains run on time. The buses run on time. The ferries leave at eight."" Officials agreed. \
The office printed the timetable. The timetable lists every stop."
n2,2024-02-03,Ada Lind,Norland,Harbour note,"Ada Lind said: ""The harbour opens at nine. It closes at \
five. The library opens at ten. The museum opens at noon."" The office published the schedule. \
The schedule covers the spring. Copies are at the station."
"""


@pytest.mark.slow
def test_rhetoric_report_on_a_corpus_where_no_frame_matches(tmp_path):
    """Nothing to show is said, not raised (it was `ParameterError: pattern=[] is empty`)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.csv").write_text(NO_FRAMES, encoding="utf-8")
    prepare(raw, out=tmp_path / "processed", progress=False, workers=1)
    assert load_processed(tmp_path / "processed").frames.empty
    result = run_batch(NOTEBOOK_DIR / "report_rhetoric.ipynb", out=tmp_path / "reports", workers=1,
                       grid=[{"name": "calm", "processed_dir": str(tmp_path / "processed")},
                             {"name": "calm-kinship", "processed_dir": str(tmp_path / "processed"),
                              "speaker": "Ada Lind", "categories": ["kinship_blood"]}],
                       progress=False)
    assert result.ok, result.summary()
    for run in ("calm", "calm-kinship"):
        page = (tmp_path / "reports" / f"{run}.html").read_text(encoding="utf-8")
        assert "No lines to show: nothing matched." in page
        assert "No frame pattern matches in this selection." in page
