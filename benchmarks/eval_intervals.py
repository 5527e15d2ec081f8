"""How often the intervals of researchlib's rates hold the truth, on simulated corpora.

Usage::

    python benchmarks/eval_intervals.py [--corpora N] [--docs 5,10,20,40,80] [--shapes 1,0.5]

Each simulated corpus has documents of 300 to 4,000 words whose own rate of a frame
varies around one true rate (a gamma-distributed propensity with mean 1 and the given
shape: shape 1 means documents differ with a coefficient of variation of 1, as real
speeches and news stories do; 0.5 is more uneven still) and Poisson hits.  For each
number of documents per corpus the script prints how often the 95% interval of
``frame_rates(..., ci=0.95)`` holds the true rate (nominal 95%), how often it misses
above and below, and the median width; then how often ``compare_rates`` gives p < 0.05
for two groups with the same true rate (nominal 5%).  The test suite checks the
40-document figures (``tests/test_stats.py``, which imports :func:`simulate` from here);
this script shows where fewer documents leave the intervals too short.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd


def simulate(rng, *, groups, docs, rates, shape, group_column="corpus", rate_b=None):
    """Simulated frame hits and document lengths.

    Per document a length (300-4,000 words), per (document, category) a gamma-distributed
    propensity (mean 1, shape ``shape``) and Poisson hits at ``rate * propensity * words``.

    Parameters
    ----------
    rng : numpy.random.Generator
    groups, docs : int
        Number of groups and documents per group.
    rates : sequence of float
        True rate per word, one per category (``c000``, ``c001``, ...).
    shape : float
        Gamma shape of the documents' propensities (smaller: documents differ more).
    group_column : str, default="corpus"
    rate_b : sequence of float, optional
        Rates of the second half of the groups (a true difference).

    Returns
    -------
    (DataFrame, DataFrame)
        ``frames`` (doc_id, <group_column>, category: one row per hit) and ``sentences``
        (doc_id, <group_column>, n_words: one row per document).
    """
    n = groups * docs
    doc_ids = np.array([f"d{i:06d}" for i in range(n)], dtype=object)
    group = np.repeat([f"g{g:04d}" for g in range(groups)], docs).astype(object)
    words = rng.integers(300, 4000, n)
    rows_doc, rows_cat = [], []
    for c, rate in enumerate(rates):
        per_doc = np.full(n, rate, dtype=float)
        if rate_b is not None:
            per_doc[n // 2 :] = rate_b[c]
        theta = rng.gamma(shape, 1.0 / shape, n)
        hits = rng.poisson(per_doc * theta * words)
        rows_doc.append(np.repeat(np.arange(n), hits))
        rows_cat.append(np.full(hits.sum(), f"c{c:03d}", dtype=object))
    at = np.concatenate(rows_doc)
    frames = pd.DataFrame(
        {"doc_id": doc_ids[at], group_column: group[at], "category": np.concatenate(rows_cat)}
    )
    sentences = pd.DataFrame({"doc_id": doc_ids, group_column: group, "n_words": words})
    return frames, sentences


def coverage(*, corpora: int, docs: int, shape: float, seed: int = 20260101) -> dict:
    """Coverage of 95% rate intervals over ``corpora`` simulated corpora of ``docs`` documents."""
    from researchlib.frames import frame_rates

    true = 4.0
    rng = np.random.default_rng(seed)
    frames, sentences = simulate(rng, groups=corpora, docs=docs, rates=[true / 1000], shape=shape)
    rates = frame_rates(frames, sentences, by="corpus", ci=0.95, n_boot=1000, seed=0)
    return {
        "covered": float(((rates["ci_low"] <= true) & (true <= rates["ci_high"])).mean()),
        "too_low": float((rates["ci_high"] < true).mean()),
        "too_high": float((rates["ci_low"] > true).mean()),
        "width": float((rates["ci_high"] - rates["ci_low"]).median()),
    }


def false_positives(*, categories: int, docs: int, shape: float, seed: int = 7) -> float:
    """Share of ``categories`` null comparisons of two groups of ``docs`` documents with p < 0.05."""
    from researchlib.frames import compare_rates

    rng = np.random.default_rng(seed)
    true = rng.uniform(0.5, 8.0, categories) / 1000
    frames, sentences = simulate(rng, groups=2, docs=docs, rates=true, shape=shape, group_column="side")
    out = compare_rates(frames, sentences, by="side", a="g0000", b="g0001", n_boot=999, seed=1)
    return float((out["p"] < 0.05).mean())


def main(argv: list[str] | None = None) -> int:
    """Print coverage and false-positive rates; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=int, default=2000, help="simulated corpora per cell")
    parser.add_argument("--docs", default="5,10,20,40,80", help="documents per corpus, comma-separated")
    parser.add_argument("--shapes", default="1,0.5", help="gamma shapes of the documents' propensities")
    args = parser.parse_args(argv)
    docs = [int(d) for d in args.docs.split(",")]
    shapes = [float(s) for s in args.shapes.split(",")]
    print("95% rate intervals (frame_rates, bootstrap-t over documents), nominal 95%:")
    print(f"{'shape':>6} {'docs':>5} {'covered':>8} {'miss low':>9} {'miss high':>10} {'width':>7}")
    for shape in shapes:
        for n in docs:
            c = coverage(corpora=args.corpora, docs=n, shape=shape)
            print(f"{shape:>6g} {n:>5} {c['covered']:>8.3f} {c['too_low']:>9.3f} "
                  f"{c['too_high']:>10.3f} {c['width']:>7.2f}", flush=True)
    print("compare_rates with no true difference, share p < 0.05 (nominal 0.05):")
    for shape in shapes:
        for n in docs:
            if n < 5:
                continue
            fp = false_positives(categories=max(200, args.corpora // 4), docs=n, shape=shape)
            print(f"{shape:>6g} {n:>5} {fp:>8.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
