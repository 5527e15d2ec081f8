"""Sentence splitter on held-out gold: the sentence breaks of Universal Dependencies treebanks.

Usage::

    python benchmarks/eval_sentences_ud.py PATH.conllu [PATH.conllu ...]

Reads CoNLL-U files (for instance the test files of UD_English-GUM, which holds news,
interviews, speeches, academic prose and more, and of UD_English-EWT, web text: weblogs,
newsgroups, e-mail, reviews, questions and answers; clone them from the Universal
Dependencies project on GitHub: nothing of theirs is stored in this project).  Each
paragraph (``# newpar``; a document where a treebank marks none) is rebuilt from its
sentences' ``# text`` lines joined by a space, split with researchlib's splitter, and
scored on its sentence ends: boundary precision, recall and F1, over the breaks *inside*
paragraphs (a paragraph's own end is given away and not counted), per genre (the
document id's prefix) and in total.  researchlib's rules were never tuned on the test
files: they were developed on the dev files and then on the treebanks' *training*
documents, which are not released as one file with the documents kept whole; they can be
assembled from each repository's ``not-to-release/sources`` folder (one CoNLL-U file per
document) by joining every document whose ``# newdoc id`` is in neither the dev nor the
test file.  Report the test files only.

Two scores per row.  *All breaks* counts every sentence end of the treebank; but a
treebank also ends sentences where the original had only a line break (list items,
captions, e-mail greetings and signatures, headlines) or at a colon, semicolon or dash,
and the joined paragraph no longer shows those to any splitter.  *Marked breaks* counts
only the ends a reader of running text sees: a sentence whose last character is ``.``,
``!``, ``?`` or ``…`` (closing quote marks, brackets and a footnote marker may follow);
a break the splitter finds at one of the other treebank ends counts neither way.

After the table, one line per file gives what a splitter that reads punctuation alone could
score over all breaks: the recall and F1 of one that finds every marked break and nothing else
(the share of the treebank's inner ends that a mark shows). researchlib goes past it where it
finds ends that the structure shows without a mark (an e-mail header's date and time, a
sign-off, a caption; see ``researchlib._sentence_breaks``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

from researchlib import sentences

_BLOCK_SIZE = re.compile(r"\((\d+) s\)")


def paragraphs(path: Path):
    """Yield ``(genre, [sentence texts])`` per paragraph of a CoNLL-U file.

    A paragraph starts at ``# newpar`` and ends at the next one, at a new document, or where
    the block that ``# newpar_block`` describes ends: GUM gives the outermost block's size
    ("head (1 s)", "p (8 s)"), and the sentences after a heading sometimes carry no
    ``# newpar`` of their own although the heading's block has ended.
    """
    genre, current, left = None, [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id"):
            if current:
                yield genre, current
            current, left = [], None
            doc = line.split("=", 1)[1].strip()
            genre = doc.split("_")[1] if doc.startswith("GUM_") else re.split(r"[-_]", doc)[0]
        elif line.startswith("# newpar_block"):
            size = _BLOCK_SIZE.search(line)
            left = int(size.group(1)) if size else None
        elif line.startswith("# newpar"):
            if current:
                yield genre, current
            current, left = [], None
        elif line.startswith("# text ="):
            if left == 0 and current:  # the described block has ended without a new "# newpar"
                yield genre, current
                current, left = [], None
            current.append(line.split("=", 1)[1].strip())
            if left is not None:
                left -= 1
    if current:
        yield genre, current


_MARKED = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*(?:\s*\[[\d\s,\u2013-]+\])?$")


def score(parts: list[str], *, marked: bool = False) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of the inner sentence ends.

    With ``marked``, only the ends after a sentence-final mark count as breaks to find,
    and a break found at another treebank end is not counted (see the module docstring).
    """
    text = " ".join(parts)
    truth, other, pos = set(), set(), 0
    for part in parts[:-1]:
        pos = text.index(part, pos) + len(part)
        (truth if not marked or _MARKED.search(part) else other).add(pos)
    found, pos = set(), 0
    spans = sentences._sentences(text)[1]
    for part in spans[:-1]:
        pos = text.index(part, pos) + len(part)
        found.add(pos)
    found -= other
    return len(truth & found), len(found - truth), len(truth - found)


def main(argv: list[str] | None = None) -> int:
    """Print boundary precision, recall and F1 per genre; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="CoNLL-U files")
    args = parser.parse_args(argv)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for path in args.files:
        if not path.is_file():
            print(f"skipped: {path} not found")
            continue
        for genre, parts in paragraphs(path):
            row = [len(parts), *score(parts), *score(parts, marked=True)]
            for key in (f"{path.name} {genre}", f"{path.name} all"):
                counts[key] = [a + b for a, b in zip(counts[key], row)]
    print(f"{'':<36} {'':>9} {'all breaks':^20}  {'marked breaks':^20}")
    print(f"{'file and genre':<36} {'sentences':>9} {'P':>6} {'R':>6} {'F1':>6}  {'P':>6} {'R':>6} {'F1':>6}")
    for key in sorted(counts):
        n, *rest = counts[key]
        cells = []
        for tp, fp, fn in (rest[:3], rest[3:]):
            p = tp / (tp + fp) if tp + fp else float("nan")
            r = tp / (tp + fn) if tp + fn else float("nan")
            cells.append(f"{p:>6.3f} {r:>6.3f} {2 * p * r / (p + r) if p + r else float('nan'):>6.3f}")
        print(f"{key:<36} {n:>9} {cells[0]}  {cells[1]}")
    for key in sorted(k for k in counts if k.endswith(" all")):
        tp, _, fn, m_tp, _, m_fn = counts[key][1:]
        seen, every = m_tp + m_fn, tp + fn
        if every:
            r = seen / every
            print(
                f"{key[:-4]}: punctuation alone (every marked break, nothing else) would score: "
                f"recall {r:.3f}, F1 {2 * r / (1 + r):.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
