"""Benchmark: what the word rule changes in published dictionaries' counts, on the UN speeches.

Usage::

    python benchmarks/bench_dictionary_rules.py [--quick] [--limit N] [--corpus PATH]

Counts the Laver-Garry WordStat dictionary (``.cat``) and the MFD 2.0 (LIWC
``.dic``) per speech and category two ways: with the formats' own rule (a word
without ``*`` is that exact word, as LIWC, WordStat and quanteda count; the
default of ``load_lexicon`` for these files) and with researchlib's YAML rule
(any inflection, which ``load_lexicon`` applied to every format before December
2026).  Prints, per dictionary, the share of (speech, category) cells on which
the two agree (the measure of the Laver-Garry comparison with quanteda), the
hits each rule finds, and the words that bring the most extra hits under the
inflection rule.  ``--quick`` uses every 20th speech.  Exits 0 with a
``skipped: ...`` line when the data is absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RESEARCHLIB_SHARED", ROOT.parent / "shared"))
DEFAULT_CORPUS = SHARED / "corpora" / "ungdc"
DICTIONARIES = SHARED / "corpora" / "dictionaries"
FILES = {
    "Laver-Garry (.cat)": DICTIONARIES / "laver_garry" / "Laver_and_Garry_2000.cat",
    "MFD 2.0 (.dic)": DICTIONARIES / "moral_foundations" / "mfd2.0.dic",
}


def _documents(corpus: Path, step: int, limit: int | None) -> pd.DataFrame:
    files = sorted((corpus / "speeches").rglob("*.txt"))[::step]
    if limit is not None:
        files = files[:limit]
    return pd.DataFrame(
        {
            "doc_id": [f.stem for f in files],
            "text": [f.read_text(encoding="utf-8-sig") for f in files],
            "speaker": [f.stem[:3] for f in files],
        }
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code (0, also when skipped)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="number of speeches")
    parser.add_argument("--quick", action="store_true", help="every 20th speech")
    args = parser.parse_args(argv)
    missing = [p for p in [args.corpus / "speeches", *FILES.values()] if not p.exists()]
    if missing:
        print(f"skipped: not found: {', '.join(map(str, missing))}")
        return 0

    import researchlib as rl

    t0 = time.perf_counter()
    documents = _documents(args.corpus, 20 if args.quick else 1, args.limit)
    sentences = rl.split_sentences(documents)
    n_words = int(sentences["text"].str.count(r"[^\W_]+(?:['’\-][^\W_]+)*").sum())
    print(f"speeches: {len(documents)}, sentences: {len(sentences)}, words: {n_words}")
    for label, path in FILES.items():
        exact = rl.load_lexicon(path)
        inflected = rl.load_lexicon(path, inflect=True)
        hits = {
            rule: rl.lookup_frames(sentences, lex)
            for rule, lex in (("exact", exact), ("inflect", inflected))
        }
        cells = pd.MultiIndex.from_product(
            [documents["doc_id"], list(exact.categories())], names=["doc_id", "category"]
        )
        counts = pd.DataFrame(
            {
                rule: frame.groupby(["doc_id", "category"]).size().reindex(cells, fill_value=0)
                for rule, frame in hits.items()
            }
        )
        agree = counts["exact"] == counts["inflect"]
        n_exact, n_inflect = int(counts["exact"].sum()), int(counts["inflect"].sum())
        extra = hits["inflect"].merge(
            hits["exact"][["doc_id", "start", "end", "category"]],
            on=["doc_id", "start", "end", "category"],
            how="left",
            indicator=True,
        )
        extra = extra[extra["_merge"] == "left_only"]
        words = extra["matched"].str.lower().value_counts().head(8)
        by_category = counts.groupby(level="category").sum()
        changed = by_category[by_category["exact"] != by_category["inflect"]]
        print(
            f"{label}: cells agreeing (exact vs inflect): {int(agree.sum())} of {len(agree)} "
            f"({agree.mean():.1%}); hits exact {n_exact}, inflect {n_inflect} "
            f"(+{(n_inflect - n_exact) / max(n_exact, 1):.1%}); categories whose totals change: "
            f"{len(changed)} of {len(by_category)}"
        )
        print(
            f"{label}: most frequent extra matches under the inflection rule: "
            + ", ".join(f"{w} {n}" for w, n in words.items())
        )
    print(f"seconds: {time.perf_counter() - t0:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
