"""The package's shape: no import cycle, small modules, no work at import, a code version over every file.

These are the promises of the orchestration layer's design (docs/design.md, "Where
things live"): each is checked on the package as installed here, and the stale-cache
check on a copy of the package that a test edits.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, compiled_expected

import researchlib
from researchlib import _env

PACKAGE = Path(researchlib.__file__).resolve().parent
MAX_LINES = 700


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every Python module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_nltk_data" in path.parts:
            continue
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules ``name`` imports anywhere in its body (function bodies included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        for candidate in candidates:
            if candidate in known and candidate != name:
                found.add(candidate)
    return found


def test_no_import_cycle_among_the_packages_modules():
    modules = _modules()
    known = set(modules)
    graph = {name: _imports(name, path, known) for name, path in modules.items()}
    # A package's __init__ importing its own submodules is how it re-exports them;
    # a submodule importing its package's __init__ back would be the cycle.
    for name in graph:
        graph[name] = {m for m in graph[name] if not m.startswith(name + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


#: Modules being split into subpackages on other branches (issue 14); emptied when they land.
_SPLIT_PENDING: set[str] = set()


def test_no_module_is_over_700_lines():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
            and name not in _SPLIT_PENDING}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_importing_researchlib_does_no_work():
    """No hashing, no umask change, no compiled module or stage loaded by `import researchlib`."""
    code = (
        "import os, sys; os.umask(0o027); import researchlib, researchlib.pipeline, "
        "researchlib.batch, researchlib.provenance; "
        "print(oct(os.umask(0o027)), researchlib._env._CODE_CACHE)"
    )
    env = {**os.environ, "RESEARCHLIB_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=300, check=True).stdout.split()
    assert out == ["0o27", "{}"], out


def test_code_version_covers_every_file_and_is_computed_on_use(tmp_path, monkeypatch):
    copy = tmp_path / "researchlib"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    monkeypatch.setattr(_env, "PACKAGE_DIR", copy)
    monkeypatch.setattr(_env, "_CODE_CACHE", {})
    first = _env.code_version()
    for rel in ("corpus/cleaning.py", "_schema.py", "_speedups.c", "data/default_lexicon.yaml"):
        target = copy / rel
        original = target.read_bytes()
        target.write_bytes(original + b"\n")
        assert _env.code_version() != first, f"an edit to {rel} leaves the code version as it was"
        target.write_bytes(original)
        os.utime(target, ns=(1, 1))  # a new time, same bytes: same version
        assert _env.code_version() == first


@pytest.mark.slow
def test_prepare_recomputes_after_an_edit_to_any_module(tmp_path):
    """The stale-cache bug: an edit to cleaning (not in the old hand-kept list) must re-run prepare."""
    site = tmp_path / "site"
    shutil.copytree(PACKAGE, site / "researchlib",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text('Kim said "we share   blood". The sol-\ndiers stood.', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site), "RESEARCHLIB_PURE_PYTHON": "1",
           "PYTHONHASHSEED": "0"}
    code = (
        "import sys, researchlib; assert researchlib.__file__.startswith(sys.argv[3]); "
        "from researchlib.pipeline import prepare; "
        "r = prepare(sys.argv[1], out=sys.argv[2], workers=1, progress=False); "
        "print('skipped' if r.skipped else 'computed', r.n_computed)"
    )

    def run() -> str:
        proc = subprocess.run([sys.executable, "-c", code, str(raw), str(tmp_path / "out"), str(site)],
                              capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout.strip()

    assert run() == "computed 1"
    assert run() == "skipped 0"
    cleaning = site / "researchlib" / "corpus" / "cleaning.py"
    cleaning.write_text(cleaning.read_text(encoding="utf-8") + "\n# a new cleaning rule\n",
                        encoding="utf-8")
    assert run() == "computed 1"


def test_project_root_is_found_upward_not_by_position(tmp_path):
    assert _env.project_root() == ROOT
    assert _env.project_root(ROOT / "researchlib" / "pipeline") == ROOT
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    assert _env.project_root(tmp_path) is None  # another project's file is not ours


@pytest.mark.slow
def test_pure_python_switch_gives_the_same_bytes_without_the_compiled_module(tmp_path):
    from researchlib.pipeline import prepare

    code = (
        "import sys; from researchlib.pipeline import prepare; "
        "prepare(sys.argv[1], out=sys.argv[2], workers=2, progress=False); "
        "print('researchlib._speedups' in sys.modules)"
    )
    env = {**os.environ, "RESEARCHLIB_PURE_PYTHON": "1", "PYTHONHASHSEED": "0"}
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT / "data" / "raw"), str(tmp_path / "pure")],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "False"
    prepare(ROOT / "data" / "raw", out=tmp_path / "here", workers=1, progress=False)
    for name in ("documents", "sentences", "quotes", "frames"):
        pure = (tmp_path / "pure" / f"{name}.parquet").read_bytes()
        assert pure == (tmp_path / "here" / f"{name}.parquet").read_bytes(), name


@pytest.mark.parametrize(
    "name", ["sentence_spans", "word_types", "clean_chars", "paragraphs", "near_key_data"]
)
def test_compiled_module_is_built_where_a_compiler_is(name):
    """`make setup` compiles researchlib/_speedups.c; skipped without a compiler or under the switch."""
    from researchlib._compiled import compiled

    if not compiled_expected():
        pytest.skip("no C compiler here, or RESEARCHLIB_PURE_PYTHON=1: the Python rules run")
    assert compiled(name) is not None, (
        f"researchlib._speedups.{name} is missing: reinstall with a C compiler (make setup)"
    )
