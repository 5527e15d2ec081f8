"""Benchmark: `researchlib batch --workers 2` against the papermill-then-nbconvert loop a user would write.

Usage::

    python benchmarks/bench_batch.py [--runs 24] [--workers 2] [--quick]

Runs one notebook N times with different parameters, twice:

* researchlib: ``run_batch(..., workers=2)`` (long-lived workers that import papermill
  and nbconvert once, execute in a fresh kernel per run and render HTML in the worker);
* baseline: one run after another, ``papermill NB OUT.ipynb -p seed I`` then
  ``jupyter nbconvert --to html OUT.ipynb``, each as a subprocess.

The notebook is notebooks/report_rhetoric.ipynb when data/processed holds tables
from ``researchlib prepare``; otherwise a stand-in notebook generated in a temporary
folder that does a similar amount of pandas and matplotlib work (it says which).
Prints both times and the speed-up against the target of 2.5.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
TARGET = 2.5

STAND_IN_CELLS = [
    "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt",
    "rng = np.random.default_rng(seed)\nwords = np.array(['war', 'peace', 'nation', 'people',"
    " 'enemy', 'friend', 'sovereign', 'blood', 'brother', 'future'])\n"
    "frame = pd.DataFrame({'speaker': rng.choice(['Kim', 'Putin', 'Moon', 'Xi'], rows),"
    " 'word': rng.choice(words, rows), 'score': rng.normal(0, 0.4, rows)})\nframe.head()",
    "by_speaker = frame.groupby('speaker')['score'].agg(['mean', 'std', 'count'])\nby_speaker",
    "rates = pd.crosstab(frame['speaker'], frame['word'], normalize='index')\nrates.round(3)",
    "fig, ax = plt.subplots(figsize=(6, 3))\nrates.plot.bar(ax=ax, legend=False)\n"
    "ax.set_title(title);",
    "fig, ax = plt.subplots(figsize=(6, 3))\n"
    "frame.groupby('word')['score'].mean().sort_values().plot.barh(ax=ax);",
]


def stand_in_notebook(folder: Path) -> Path:
    """Write the stand-in report notebook into ``folder``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_code_cell(
        'seed = 0  # random seed\nrows = 20000  # rows of fake sentences\ntitle = "Stand-in report"  # heading',
        metadata={"tags": ["parameters"]}))
    nb.cells.append(nbformat.v4.new_markdown_cell("# Stand-in report"))
    nb.cells.extend(nbformat.v4.new_code_cell(src) for src in STAND_IN_CELLS)
    path = folder / "stand_in_report.ipynb"
    nbformat.write(nb, path)
    return path


def choose_notebook(scratch: Path) -> tuple[Path, str]:
    report = ROOT / "notebooks" / "report_rhetoric.ipynb"
    processed = ROOT / "data" / "processed"
    if report.is_file() and (processed / "documents.parquet").is_file():
        return report, f"notebooks/report_rhetoric.ipynb over {processed.relative_to(ROOT)}"
    return stand_in_notebook(scratch), "stand-in notebook (pandas + matplotlib; data/processed is empty)"


def run_baseline(notebook: Path, runs: int, out: Path) -> float:
    bindir = Path(sys.executable).parent
    papermill = shutil.which("papermill", path=str(bindir)) or "papermill"
    jupyter = shutil.which("jupyter", path=str(bindir)) or "jupyter"
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for i in range(runs):
        executed = out / f"run{i:02d}.ipynb"
        subprocess.run([papermill, str(notebook), str(executed), "-p", "seed", str(i),
                        "--cwd", str(notebook.parent), "--no-progress-bar"],
                       check=True, capture_output=True)
        subprocess.run([jupyter, "nbconvert", "--to", "html", str(executed)],
                       check=True, capture_output=True)
    return time.perf_counter() - t0


def run_ours(notebook: Path, runs: int, workers: int, out: Path) -> float:
    from researchlib.batch import run_batch

    grid = [{"name": f"run{i:02d}", "seed": i} for i in range(runs)]
    t0 = time.perf_counter()
    result = run_batch(notebook, grid=grid, out=out, workers=workers, progress=False, force=True)
    elapsed = time.perf_counter() - t0
    if not result.ok:
        raise SystemExit(result.summary())
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24, help="runs of the notebook (default 24)")
    parser.add_argument("--workers", type=int, default=2, help="researchlib workers (default 2)")
    parser.add_argument("--quick", action="store_true", help="6 runs instead of 24")
    args = parser.parse_args(argv)
    runs = 6 if args.quick and args.runs == 24 else args.runs
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        scratch = Path(tmp)
        notebook, label = choose_notebook(scratch)
        print(f"bench_batch: {runs} runs of {label}")
        ours = run_ours(notebook, runs, args.workers, scratch / "ours")
        print(f"  researchlib batch --workers {args.workers}: {ours:.1f} s ({ours / runs:.2f} s per run)")
        base = run_baseline(notebook, runs, scratch / "baseline")
        print(f"  papermill + nbconvert loop:      {base:.1f} s ({base / runs:.2f} s per run)")
        ratio = base / ours
        verdict = "meets" if ratio >= TARGET else "misses"
        print(f"  speed-up: {ratio:.2f}x (target {TARGET}x: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
