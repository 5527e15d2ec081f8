"""Precision of the default lexicon's hits on KCNA 2012 and UN 2012, from hits coded by reading.

The sample is drawn again from the corpora each run (same code, same seed, same
hits), then joined with the project's codes in ``benchmarks/data/default_lexicon_coded.csv``
(ids, offsets and labels only: no corpus text is stored in the repository).

* KCNA: the English stories of ``kcna_stories_2012.csv`` (labelled ``en`` and found
  English by ``corpus.detect_language``), ``doc_id`` = ``kcna2012-<row>`` (the row's
  position in the file).
* UN: the 2012 General Debate speeches (``speeches/Session 67 - 2012``), ``doc_id`` =
  the file's stem.

Each document is cleaned with ``clean_text`` and split with ``split_sentences``;
``lookup_frames`` with ``default_lexicon()`` gives the hits, and ``sample_hits(per=
"category", n=20, seed=17)`` draws 20 hits per category and corpus (a simple random
sample inside each category, so precision is the plain share of correct hits).
The codes were made by the project (one reader, not held-out annotators): a hit is
correct when the word in its sentence expresses the frame its category's
description defines (the rules applied are in ``benchmarks/data/default_lexicon_coding.md``).
Column ``round`` says when a hit was coded: 1 on the first sample, 2 to 4 on the hits
drawn anew after the lexicon fixes that the earlier rounds led to (codes of hits no
longer drawn are kept and reported as the first pass).

    .venv/bin/python benchmarks/eval_default_lexicon.py [--shared ../shared]
    .venv/bin/python benchmarks/eval_default_lexicon.py --template /tmp/to_code.csv

``--template`` writes the sample with its context (for coding, outside the
repository) and the codes already made, instead of the precision.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

import pandas as pd

import researchlib as rl
from researchlib.corpus import detect_language
from researchlib.stats import wilson_interval

ROOT = Path(__file__).resolve().parents[1]
CODES = ROOT / "benchmarks" / "data" / "default_lexicon_coded.csv"
KEY = ["corpus", "doc_id", "start", "end", "category", "pattern"]
SEED = 17
PER_CATEGORY = 20


def _kcna(shared: Path) -> pd.DataFrame:
    csv.field_size_limit(sys.maxsize)
    rows = []
    with open(shared / "corpora" / "kcna" / "kcna_stories_2012.csv", encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            story = row["story"] or ""
            if row["language"] == "en" and story.strip() and detect_language(story) == "en":
                rows.append((f"kcna2012-{i:05d}", story))
    return pd.DataFrame(rows, columns=["doc_id", "text"])


def _un(shared: Path) -> pd.DataFrame:
    folder = shared / "corpora" / "ungdc" / "speeches" / "Session 67 - 2012"
    rows = [(p.stem, p.read_text(encoding="utf-8-sig")) for p in sorted(folder.glob("*.txt"))]
    return pd.DataFrame(rows, columns=["doc_id", "text"])


def draw(shared: Path) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The sample of both corpora (with context), and each corpus's frames table."""
    lexicon = rl.default_lexicon()
    samples, all_frames = [], {}
    for corpus, read in (("kcna2012", _kcna), ("un2012", _un)):
        docs = read(shared)
        docs["text"] = [rl.clean_text(t) for t in docs["text"]]
        docs["speaker"] = None
        sentences = rl.split_sentences(docs)
        frames = rl.lookup_frames(sentences, lexicon)
        all_frames[corpus] = frames
        sample = rl.sample_hits(frames, sentences, per="category", n=PER_CATEGORY, seed=SEED, window=120)
        samples.append(sample.assign(corpus=corpus, n_docs=len(docs), n_hits=len(frames)))
    return pd.concat(samples, ignore_index=True), all_frames


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=os.environ.get("RESEARCHLIB_SHARED", str(ROOT.parent / "shared")))
    parser.add_argument("--template", help="write the sample with context here for coding (not in the repo)")
    args = parser.parse_args(argv)
    shared = Path(args.shared)
    if not (shared / "corpora" / "kcna" / "kcna_stories_2012.csv").is_file() or not (
        shared / "corpora" / "ungdc" / "speeches"
    ).is_dir():
        print(f"KCNA or UNGDC corpus absent under {shared}; nothing measured")
        return 0
    sample, frames = draw(shared)
    for corpus, table in frames.items():
        docs = int(sample.loc[sample["corpus"] == corpus, "n_docs"].iloc[0])
        print(f"{corpus}: {docs} documents, {len(table)} hits")
    codes = pd.read_csv(CODES, dtype={"doc_id": str}) if CODES.is_file() else pd.DataFrame(columns=[*KEY, "correct"])
    joined = sample.drop(columns="correct").merge(codes[[*KEY, "correct"]], on=KEY, how="left")
    if args.template:
        columns = [*KEY, "sent_id", "left", "matched", "right", "correct"]
        joined[columns].to_csv(args.template, index=False)
        print(f"{len(joined)} hits written to {args.template}; {int(joined['correct'].notna().sum())} already coded")
        return 0
    missing = joined["correct"].isna()
    stale = len(codes) - int((~missing).sum())
    print(f"sample: {len(joined)} hits ({PER_CATEGORY} per category and corpus, seed {SEED}); "
          f"coded: {int((~missing).sum())}; not coded: {int(missing.sum())}; codes matching no drawn hit: {stale}")
    coded = joined[~missing].drop(columns="stratum_hits")  # simple random sample per category
    if not len(coded):
        return 1
    lexicon = rl.default_lexicon()
    pd.set_option("display.width", 160)
    shown = ["category", "n_coded", "n_correct", "precision", "ci_low", "ci_high"]
    for label, part in [("both corpora (equal weight per coded hit)", coded),
                        *[(c, coded[coded["corpus"] == c]) for c in ("kcna2012", "un2012")]]:
        table = rl.hit_precision(part, lexicon=lexicon)
        cats = table[table["level"] == "category"][shown]
        n, k = int(cats["n_coded"].sum()), int(cats["n_correct"].sum())
        low, high = wilson_interval([k], [n], 0.95)
        print(f"\n{label}: overall precision {k / n:.2f} ({k}/{n}; Wilson 95% {low[0]:.2f}-{high[0]:.2f})")
        print(cats.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
        if label.startswith("both"):
            bad = table[(table["level"] == "pattern") & (table["n_coded"] >= 3) & table["mostly_wrong"]]
            if len(bad):
                print("patterns mostly wrong (3 or more coded):")
                print(bad[["category", "pattern", "n_coded", "n_correct"]].to_string(index=False))
    _first_pass(codes)
    return 0


def _first_pass(codes: pd.DataFrame) -> None:
    """Precision of the first pass (``round`` 1): the sample drawn with the lexicon as it
    was before the fixes the coding led to (its hits are not drawn again here)."""
    if "round" not in codes.columns or not (codes["round"] == 1).any():
        return
    first = codes[codes["round"] == 1]
    table = first.groupby(["corpus", "category"])["correct"].agg(["size", "sum"])
    table["precision"] = table["sum"] / table["size"]
    print("\nfirst pass, before the lexicon fixes (stored codes of round 1; "
          f"overall {first['correct'].mean():.2f}, {int(first['correct'].sum())}/{len(first)}):")
    print(table.rename(columns={"size": "n_coded", "sum": "n_correct"}).to_string(float_format=lambda v: f"{v:.2f}"))


if __name__ == "__main__":
    sys.exit(main())
