"""Benchmark: find_collocations on the KCNA stories, against NLTK's collocation finder.

Usage::

    python benchmarks/bench_collocations.py [--quick] [--limit N] [--corpus PATH]

Reads the English KCNA stories of 2011 and 2012 (``--quick``: the first 2,000 of
2011), splits them into sentences once (outside the timing), then times, on the
same sentences, the collocations of every word pair and of one word (``people``)
and of the default lexicon's ``war_sacrifice`` hits two ways:

* before: the token streams fed to NLTK's ``BigramCollocationFinder.from_words``
  (how ``find_collocations`` counted until December 2026), scored and sorted;
* after: ``researchlib.find_collocations``.

Prints the seconds of each, their ratio, and whether the two tables agree (same
pairs and counts, scores within 1e-9 relative).  Exits 0 with a ``skipped: ...``
line when the corpus is absent.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RESEARCHLIB_SHARED", ROOT.parent / "shared"))
DEFAULT_CORPUS = SHARED / "corpora" / "kcna"


def _documents(corpus: Path, limit: int | None, years: list[int]) -> pd.DataFrame:
    csv.field_size_limit(1 << 20)
    rows = []
    for year in years:
        with open(corpus / f"kcna_stories_{year}.csv", encoding="utf-8", newline="") as handle:
            for i, row in enumerate(csv.DictReader(handle)):
                if row["language"] == "en" and row["story"].strip():
                    rows.append((f"{year}-{i}", row["story"], "KCNA"))
    if limit is not None:
        rows = rows[:limit]
    return pd.DataFrame(rows, columns=["doc_id", "text", "speaker"])


def _nltk_table(streams, window: int, min_count: int, node: str | None) -> pd.DataFrame:
    """What find_collocations returned before: NLTK's finder over padded token streams."""
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    words: list = []
    for stream in streams:
        words.extend(stream)
        words.extend([None] * window)
    finder = BigramCollocationFinder.from_words(words, window_size=window + 1)
    finder.apply_freq_filter(min_count)
    if node is not None:
        finder.apply_ngram_filter(lambda w1, w2: node not in (w1, w2))
    rows = [
        (w1, w2, int(finder.ngram_fd[(w1, w2)]), float(score))
        for (w1, w2), score in finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    ]
    out = pd.DataFrame(rows, columns=["w1", "w2", "count", "score"])
    out = out.sort_values(["score", "w1", "w2"], ascending=[False, True, True], kind="mergesort")
    return out.reset_index(drop=True)


def _agree(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    key = ["w1", "w2"]
    a = before.sort_values(key).reset_index(drop=True)
    b = after.sort_values(key).reset_index(drop=True)
    if len(a) != len(b) or not a[key + ["count"]].equals(b[key + ["count"]]):
        return False
    return bool(np.allclose(a["score"], b["score"], rtol=1e-9, atol=0.0))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code (0, also when skipped)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="number of stories")
    parser.add_argument("--quick", action="store_true", help="2,000 stories of 2011")
    args = parser.parse_args(argv)
    if not (args.corpus / "kcna_stories_2011.csv").is_file():
        print(f"skipped: KCNA stories not found in {args.corpus}")
        return 0

    import researchlib as rl
    from researchlib.collocations import _token_streams

    years = [2011] if args.quick else [2011, 2012]
    limit = 2000 if args.quick and args.limit is None else args.limit
    documents = _documents(args.corpus, limit, years)
    sentences = rl.split_sentences(documents)
    lexicon = rl.default_lexicon()
    frames = rl.lookup_frames(sentences, lexicon)
    n_words = sum(len(s) for s in _token_streams(sentences, None, None))
    print(f"stories: {len(documents)} ({', '.join(map(str, years))}, English)")
    print(f"sentences: {len(sentences)}, words: {n_words}")

    cases = [
        ("every pair", {}, None, None),
        ("term 'people'", {"term": "people"}, None, "people"),
        (
            "category war_sacrifice",
            {"category": "war_sacrifice", "frames": frames, "lexicon": lexicon},
            "war_sacrifice",
            "[war_sacrifice]",
        ),
    ]
    all_agree = True
    for name, options, category, node in cases:
        t0 = time.perf_counter()
        streams = _token_streams(sentences, category, frames if category else None)
        before = _nltk_table(streams, 5, 3, node)
        t_before = time.perf_counter() - t0
        t0 = time.perf_counter()
        after = rl.find_collocations(sentences, top=None, **options)
        t_after = time.perf_counter() - t0
        agree = _agree(before, after)
        all_agree &= agree
        print(
            f"collocations {name}: before {t_before:.2f} s (NLTK finder), after {t_after:.2f} s, "
            f"speed-up {t_before / t_after:.1f}x, {len(after)} pairs, "
            f"tables {'agree' if agree else 'DIFFER'}"
        )
    return 0 if all_agree else 1


if __name__ == "__main__":
    sys.exit(main())
