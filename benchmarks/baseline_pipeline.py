"""The hand-written baseline: what a researcher writes without researchlib.

pandas reads the UN speeches listed in ``metadata.csv``; NLTK's Punkt tokenizer
(untrained, so no download) splits sentences; NLTK's VADER scores each sentence;
each MFD 2.0 pattern becomes one regular expression run with ``re.finditer``
over every sentence.  Results are written as parquet.  It is kept simple and
correct on purpose: it is the honest competitor in ``bench_prepare.py``.

Usage: ``python benchmarks/baseline_pipeline.py CORPUS_FOLDER DIC_FILE OUT_FOLDER [--limit N]``
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd


def read_dic(path: Path) -> list[tuple[str, str]]:
    """``(pattern, category)`` pairs of a LIWC-style .dic file."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    _, header, body = text.split("%", 2)
    names = {}
    for line in header.strip().splitlines():
        code, name = line.split()
        names[code] = name
    pairs = []
    for line in body.splitlines():
        parts = line.split()
        codes = []
        while parts and parts[-1] in names:
            codes.insert(0, parts.pop())
        if parts and codes:
            pattern = " ".join(parts).lower()
            pairs.extend((pattern, names[code]) for code in codes)
    return pairs


def compile_pattern(pattern: str) -> re.Pattern:
    """A word (with a trailing ``*`` as a prefix glob) as a case-insensitive regex."""
    words = pattern.replace("_", " ").split()
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return re.compile(r"\b" + r"\s+".join(parts) + r"\b", re.IGNORECASE)


def run(corpus: Path, dic: Path, out: Path, limit: int | None = None) -> dict:
    from nltk.sentiment import SentimentIntensityAnalyzer
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from researchlib._resources import nltk_data_dir

    nltk_data_dir()  # VADER's lexicon, offline
    meta = pd.read_csv(corpus / "metadata.csv")
    if limit:
        meta = meta.head(limit)
    texts = [(corpus / p).read_text(encoding="utf-8") for p in meta["path"]]
    docs = meta.assign(doc_id=meta["path"].map(lambda p: Path(p).stem), text=texts)

    splitter = PunktSentenceTokenizer()
    analyzer = SentimentIntensityAnalyzer()
    lexicon = [(p, c, compile_pattern(p)) for p, c in read_dic(dic)]

    sentence_rows, hit_rows = [], []
    for doc_id, text, speaker in zip(docs["doc_id"], docs["text"], docs["speaker"]):
        for sent_id, (start, end) in enumerate(splitter.span_tokenize(text)):
            sentence = text[start:end]
            scores = analyzer.polarity_scores(sentence)
            sentence_rows.append({"doc_id": doc_id, "sent_id": sent_id, "start": start, "end": end,
                                  "text": sentence, "speaker": speaker, **scores})
            for pattern, category, regex in lexicon:
                for m in regex.finditer(sentence):
                    hit_rows.append({"doc_id": doc_id, "sent_id": sent_id, "category": category,
                                     "pattern": pattern, "matched": m.group(),
                                     "start": start + m.start(), "end": start + m.end()})
    out.mkdir(parents=True, exist_ok=True)
    sentences = pd.DataFrame(sentence_rows)
    frames = pd.DataFrame(hit_rows)
    docs.to_parquet(out / "documents.parquet", index=False)
    sentences.to_parquet(out / "sentences.parquet", index=False)
    frames.to_parquet(out / "frames.parquet", index=False)
    return {"documents": len(docs), "sentences": len(sentences), "frames": len(frames),
            "chars": sum(len(t) for t in texts)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("dic", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    counts = run(args.corpus, args.dic, args.out, args.limit)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
