"""Korean analysis on the New Year addresses 1946-2019: cost against the analyser's own time, and counts.

Times, over all 73 addresses (cleaned as ``load_corpus`` cleans them); the three are
run one after another on each text, in rotating order, and each text's best of
``--repeat`` rounds is kept, so that a slow spell on a shared machine falls on all three:

- Kiwi as it ships, ``tokenize`` of each text once (the analyser's own time);
- Kiwi with the North Korean spellings registered (:func:`researchlib.korean.analyser`),
  ``tokenize`` of each text once;
- researchlib's Korean path: ``split_sentences_ko`` + ``morphemes_ko`` +
  ``lookup_frames_ko`` (default Korean lexicon) for each text, with an empty cache.

It prints both ratios (target: at most 1.3x the analyser's time), the share of
tokens Kiwi marks unknown (``Token.oov``) with and without the North Korean
spellings, the sentence count, the front-matter rules found, and which years have
sentences and frame hits. Usage::

    python benchmarks/bench_korean.py [--repeat N] [--quick]

Needs ``../shared/corpora/dprk_new_year_addresses_ko`` (or ``$RESEARCHLIB_SHARED``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RESEARCHLIB_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpora" / "dprk_new_year_addresses_ko" / "data"


def _texts() -> dict[str, str]:
    from researchlib.corpus.cleaning import clean_text

    return {p.stem: clean_text(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))}


def _best(times: list[float]) -> float:
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="interleaved runs (best kept)")
    parser.add_argument("--quick", action="store_true", help="one run")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"bench_korean: corpus not found at {CORPUS}; skipped", file=sys.stderr)
        return 0
    from researchlib.korean import analyser, default_lexicon_ko, locate_front_matter_ko
    from researchlib.korean.matching import _compile

    docs = _texts()
    texts = list(docs.values())
    n_chars = sum(map(len, texts))
    print(f"Korean: {len(texts)} New Year addresses, {n_chars:,} characters")

    t0 = time.perf_counter()
    plain = analyser(north_korean=False)
    t1 = time.perf_counter()
    kiwi = analyser(north_korean=True)
    t2 = time.perf_counter()
    lexicon = default_lexicon_ko()
    _compile(lexicon)
    t3 = time.perf_counter()
    print(f"  set-up (once per process): Kiwi as shipped {t1 - t0:.1f} s; with North Korean "
          f"spellings {t2 - t1:.1f} s; default lexicon compiled {t3 - t2:.1f} s")

    # Interleaved per text (the order rotating), best of the repeats per text, then summed:
    # a slow spell on a shared machine then falls on all three alike.
    from researchlib.korean import analysis, lookup_frames_ko, morphemes_ko, split_sentences_ko

    def ours(text):
        analysis._STATE.cache = None  # analysed afresh
        return split_sentences_ko(text), morphemes_ko(text), lookup_frames_ko(text, lexicon)

    calls = {"plain": plain.tokenize, "nk": kiwi.tokenize, "ours": ours}
    names = list(calls)
    best = {name: [float("inf")] * len(texts) for name in names}
    results = {name: [None] * len(texts) for name in names}
    for r in range(1 if args.quick else max(1, args.repeat)):
        for i, text in enumerate(texts):
            for name in names[(i + r) % 3:] + names[:(i + r) % 3]:
                start = time.perf_counter()
                out = calls[name](text)
                best[name][i] = min(best[name][i], time.perf_counter() - start)
                if name != "ours":  # keep counts, not 5,000 Token objects per text
                    out = (len(out), sum(tk.oov for tk in out))
                results[name][i] = out
                del out
    runs = {name: [sum(best[name])] for name in names}
    plain_s, nk_s, ours_s = _best(runs["plain"]), _best(runs["nk"]), _best(runs["ours"])
    print(f"  Kiwi tokenize, as shipped:              {plain_s:6.1f} s")
    print(f"  Kiwi tokenize, North Korean spellings:  {nk_s:6.1f} s")
    print(f"  split + morphemes + lookup (ours):      {ours_s:6.1f} s")
    print(f"  ratio ours / analyser as shipped: {ours_s / plain_s:.2f}x; "
          f"ours / analyser as configured: {ours_s / nk_s:.2f}x (target <= 1.3x)")

    for name, label in (("plain", "as shipped"), ("nk", "with North Korean spellings")):
        n_tokens = sum(n for n, _ in results[name])
        oov = sum(k for _, k in results[name])
        print(f"  unknown tokens (Kiwi's oov), {label}: {oov:,} of {n_tokens:,} "
              f"({100 * oov / n_tokens:.2f}%)")
    morphemes = [m for _, m, _ in results["ours"]]
    n_variant = sum(int(m["variant"].sum()) for m in morphemes)
    n_rows = sum(len(m) for m in morphemes)
    print(f"  morphemes read through a North Korean spelling: {n_variant:,} of {n_rows:,} rows")

    years = list(docs)
    n_sentences = [len(s) for s, _, _ in results["ours"]]
    print(f"  sentences: {sum(n_sentences):,} (issue 18 expects about 8,000-9,000); "
          f"years with sentences: {sum(n > 0 for n in n_sentences)} of {len(years)}")
    rules = Counter(locate_front_matter_ko(t).rule for t in texts)
    print("  front matter: " + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())))
    hits = [h for _, _, h in results["ours"]]
    with_hits = sum(len(h) > 0 for h in hits)
    print(f"  frame hits: {sum(map(len, hits)):,}; years with hits: {with_hits} of {len(years)}")
    per_category = Counter()
    for h in hits:
        for category in set(h["category"]):
            per_category[category] += 1
    print("  years with a hit, per category: "
          + ", ".join(f"{c} {per_category[c]}" for c in lexicon.categories()))
    missing = [y for y, n in zip(years, n_sentences) if n == 0]
    if missing:
        print(f"  years without sentences: {missing}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
