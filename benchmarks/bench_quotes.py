"""Throughput of ``extract_quotes`` on the shared KCNA and UN corpora.

The baseline, measured in the same run on the same cleaned texts, is the bare minimum a
researcher would write: one regular expression that finds curly or straight double-quoted
spans, with no attribution. The ratio says what attribution costs on top of finding quotes.

Usage: ``python benchmarks/bench_quotes.py [--limit N]`` (needs ../shared/corpora).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import pandas as pd

from researchlib.corpus import clean_text
from researchlib.quotes import extract_quotes

SHARED = Path(
    os.environ.get("RESEARCHLIB_SHARED") or Path(__file__).resolve().parents[1].parent / "shared"
) / "corpora"
_BASELINE_RE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


def _corpora(limit: int) -> dict[str, list[str]]:
    kcna = pd.read_csv(SHARED / "kcna" / "kcna_stories_2011.csv")["story"].dropna().tolist()
    meta = pd.read_csv(SHARED / "ungdc" / "metadata.csv")
    un = [
        (SHARED / "ungdc" / p).read_text(encoding="utf-8", errors="replace")
        for p in meta["path"].head(limit)
    ]
    return {
        "kcna 2011": [clean_text(t) for t in kcna[: limit * 10]],
        "ungdc": [clean_text(t) for t in un],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000, help="UN speeches (KCNA: 10x)")
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared corpora not found at {SHARED}", file=sys.stderr)
        return 1
    for name, texts in _corpora(args.limit).items():
        frame = pd.DataFrame(
            {"doc_id": [str(i) for i in range(len(texts))], "text": texts, "speaker": pd.NA}
        )
        mb = sum(map(len, texts)) / 1e6
        t0 = time.perf_counter()
        n_base = sum(len(_BASELINE_RE.findall(t)) for t in texts)
        t_base = time.perf_counter() - t0
        t0 = time.perf_counter()
        quotes = extract_quotes(frame)
        t_ours = time.perf_counter() - t0
        attributed = (quotes["speaker"] != "unattributed").mean() if len(quotes) else 0.0
        print(
            f"{name}: {mb:.1f} MB, extract_quotes {mb / t_ours:.1f} MB/s "
            f"({len(quotes)} quotes, {attributed:.0%} attributed); baseline regex "
            f"{mb / t_base:.1f} MB/s ({n_base} spans); ratio {t_ours / t_base:.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
