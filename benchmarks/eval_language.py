"""How well researchlib's language rule (corpus.detect_language) names real documents' languages.

Prints, for KCNA's English and Spanish stories 2011-2012, the rule's answer against
KCNA's own `language` label (which is known to call some Spanish stories English),
and for the UN General Debate speeches (English) and the DPRK New Year addresses
(Korean) the languages found.  Skips a corpus that is absent.

    .venv/bin/python benchmarks/eval_language.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

from researchlib.corpus import detect_language

ROOT = Path(__file__).resolve().parents[1]


def _kcna(folder: Path) -> None:
    csv.field_size_limit(sys.maxsize)
    for name in ("kcna_stories_2011.csv", "kcna_stories_2012.csv"):
        path = folder / name
        if not path.is_file():
            print(f"{name}: absent, skipped")
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r["story"].strip()]
        t0 = time.perf_counter()
        found = [detect_language(r["story"]) for r in rows]
        seconds = time.perf_counter() - t0
        table = Counter(zip((r["language"] for r in rows), found))
        print(f"{name}: {len(rows)} stories, {seconds / len(rows) * 1e3:.3f} ms a story")
        for (label, got), n in sorted(table.items(), key=lambda kv: -kv[1]):
            print(f"  labelled {label}, found {got}: {n}")
        relabelled = [r["story"] for r, f in zip(rows, found) if r["language"] == "en" and f == "es"]
        spanish = {"de", "la", "el", "los", "las", "del", "que", "y", "en", "por", "con"}
        confirmed = sum(len(spanish & set(s[:800].lower().split())) >= 3 for s in relabelled)
        print(f"  labelled en but found es: {len(relabelled)}, of which {confirmed} have three or "
              f"more Spanish function words in their first 800 characters")


def _folder(name: str, folder: Path, expected: str) -> None:
    files = sorted(folder.rglob("*.txt")) if folder.is_dir() else []
    if not files:
        print(f"{name}: absent, skipped")
        return
    found = Counter(detect_language(p.read_text(encoding="utf-8", errors="replace")) for p in files)
    share = found[expected] / len(files)
    print(f"{name}: {len(files)} documents, {share:.1%} found {expected!r}: {dict(found)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args(argv)
    corpora = Path(args.shared) / "corpora"
    _kcna(corpora / "kcna")
    _folder("UN General Debate", corpora / "ungdc" / "speeches", "en")
    _folder("DPRK New Year addresses", corpora / "dprk_new_year_addresses_ko", "ko")
    return 0


if __name__ == "__main__":
    sys.exit(main())
