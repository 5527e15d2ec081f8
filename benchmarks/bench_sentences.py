"""Sentence splitter: accuracy on labelled cases and speed on the UN speeches and KCNA.

Figures (each printed as ``name: value``):

a. the project's labelled set, ``tests/data/sentences_gold.jsonl`` (hand-written hard cases;
   the rules were written with them in view, so this is development data, not a held-out
   test): exact-match rate and boundary precision, recall and F1;
b. pySBD's 48 English "golden rules" when ``--golden PATH`` names pySBD's
   ``tests/lang/test_english.py`` (read at run time from a pySBD checkout; its cases are not
   stored in this project): how many split exactly as listed there, and which do not;
c. the compiled splitter against its Python reference on the same cleaned texts (the first
   ``--limit`` UN speeches and ten times as many KCNA stories): MB/s of each, the ratio,
   and the number of sentences (the same from both, checked).

Usage::

    python benchmarks/bench_sentences.py [--quick] [--limit N] [--golden PATH]

Exits 0 printing ``skipped: ...`` for the parts whose data is absent.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

from researchlib import sentences
from researchlib.corpus import clean_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RESEARCHLIB_SHARED", ROOT.parent / "shared")) / "corpora"
GOLD = ROOT / "tests" / "data" / "sentences_gold.jsonl"


def _split(text: str) -> list[str]:
    return sentences._sentences(text)[1]


def _ends(text: str, parts: list[str]) -> set[int]:
    ends, pos = set(), 0
    for part in parts:
        pos = text.index(part, pos) + len(part)
        ends.add(pos)
    return ends


def _gold_figures(cases: list[tuple[str, list[str]]]) -> tuple[int, float, float, float]:
    exact = tp = fp = fn = 0
    for text, expected in cases:
        got = _split(text)
        exact += got == expected
        truth, found = _ends(text, expected), _ends(text, got)
        tp, fp, fn = tp + len(truth & found), fp + len(found - truth), fn + len(truth - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return exact, precision, recall, 2 * precision * recall / (precision + recall)


def _golden_cases(path: Path) -> list[tuple[str, list[str]]]:
    """The (text, sentences) pairs of pySBD's GOLDEN_EN_RULES_TEST_CASES, read without running it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "GOLDEN_EN_RULES_TEST_CASES" for t in node.targets
        ):
            cases = []
            for item in node.value.elts:
                pair = item.elts if isinstance(item, ast.Tuple) else item.args  # pytest.param(...)
                cases.append((ast.literal_eval(pair[0]), ast.literal_eval(pair[1])))
            return cases
    raise SystemExit(f"--golden {path}: no GOLDEN_EN_RULES_TEST_CASES list in this file")


def _corpora(limit: int) -> dict[str, list[str]]:
    meta = pd.read_csv(SHARED / "ungdc" / "metadata.csv")
    un = [
        (SHARED / "ungdc" / p).read_text(encoding="utf-8", errors="replace")
        for p in meta["path"].head(limit)
    ]
    kcna = pd.read_csv(SHARED / "kcna" / "kcna_stories_2012.csv")["story"].dropna().tolist()
    return {
        "ungdc": [clean_text(t) for t in un],
        "kcna 2012": [clean_text(t) for t in kcna[: limit * 10]],
    }


def _best(function, texts: list[str], repeat: int) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = sum(len(function(t)[1]) for t in texts)
        best = min(best, time.perf_counter() - start)
    return best, count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 speeches, one timing run")
    parser.add_argument("--limit", type=int, default=None, help="UN speeches (KCNA: 10x)")
    parser.add_argument("--golden", type=Path, default=None, help="pySBD's tests/lang/test_english.py")
    args = parser.parse_args(argv)
    limit = args.limit or (200 if args.quick else 2000)
    repeat = 1 if args.quick else 3

    gold = [
        (case["text"], case["sentences"])
        for case in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines())
    ]
    exact, precision, recall, f1 = _gold_figures(gold)
    print(
        f"a. labelled set ({len(gold)} cases, development data): exact {exact / len(gold):.3f}, "
        f"boundary precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}",
        flush=True,
    )

    if args.golden is None:
        print("b. pySBD golden rules: skipped: pass --golden PATH/TO/pySBD/tests/lang/test_english.py")
    elif not args.golden.is_file():
        print(f"b. pySBD golden rules: skipped: {args.golden} not found")
    else:
        cases = _golden_cases(args.golden)
        missed = [(text, expected) for text, expected in cases if _split(text) != expected]
        print(f"b. pySBD English golden rules: {len(cases) - len(missed)} of {len(cases)} exact")
        for text, expected in missed:
            print(f"   missed: {text!r}\n     want {expected}\n     got  {_split(text)}")

    if sentences._compiled_spans is None:
        print("c. compiled against Python: skipped: researchlib._speedups is not built")
        return 0
    if not SHARED.is_dir():
        print(f"c. compiled against Python: skipped: no shared corpora at {SHARED}")
        return 0
    for name, texts in _corpora(limit).items():
        mb = sum(map(len, texts)) / 1e6
        t_c, n_c = _best(sentences._sentences, texts, repeat)
        t_py, n_py = _best(sentences._sentences_py, texts, repeat)
        if n_c != n_py:
            print(f"c. {name}: compiled and Python disagree ({n_c} vs {n_py} sentences)")
            return 1
        print(
            f"c. {name} ({len(texts)} texts, {mb:.1f} MB, {n_c} sentences): compiled "
            f"{mb / t_c:.1f} MB/s, Python {mb / t_py:.1f} MB/s, ratio {t_py / t_c:.1f}x",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
