"""Speakers of KCNA quotations, against a sample labelled by hand in this project.

A fixed, seeded sample of double-quoted spans of four or more words (shorter ones are mostly
names of laws, songs and slogans) within one paragraph is drawn from the English stories of
``../shared/corpora/kcna/kcna_stories_{2011,2012}.csv`` (read by path, never copied). Each was read
in its story and labelled with its speaker (a canonical name, or ``unattributed`` when the text
names nobody, ``description`` when it is described but not named: "a lawmaker", "the puppet
regime") and its kind (``speech``, ``scare`` or ``title``). The labels live in
``tests/data/kcna_quote_labels.csv`` as ids, offsets and labels only: ``file``, ``row`` (0-based
row of the story in the CSV), ``start``, ``end`` (code-point offsets of the quoted text, marks
excluded, in the raw ``story``), ``title_sha1`` (first 10 hex digits of the story title's SHA-1,
to notice a changed file), ``speaker`` and ``kind``.

Prints, for the labelled quotations found by ``extract_quotes`` (run, as ``prepare`` does, on
the stories after ``clean_text``; a labelled span is located there as the same occurrence of its
words):
speaker accuracy on the labelled speech with a named speaker (the name found and the label share
their surname or one holds the other), how often an ``unattributed`` label is left unattributed,
and agreement on ``kind``.

Usage: ``python benchmarks/eval_quotes_kcna.py`` (``--show N`` prints the first N sampled
quotations in context, for labelling). Exits 0 with a note when the corpus is absent.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from researchlib.corpus import clean_text
from researchlib.quotes import extract_quotes

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RESEARCHLIB_SHARED") or ROOT.parent / "shared")
KCNA = SHARED / "corpora" / "kcna"
FILES = ("kcna_stories_2011.csv", "kcna_stories_2012.csv")
LABELS = ROOT / "tests" / "data" / "kcna_quote_labels.csv"
SEED = 20261201
SAMPLE = 240  # any quotation of four or more words
SAMPLE_SPEECH = 100  # then six or more words ending in . ! ? or , (mostly reported speech)
_SPAN_RE = re.compile(r"“([^”\n]{2,400})”|(?<!\w)\"([^\"\n\s][^\"\n]{0,398}[^\"\n\s])\"(?!\w)")
_ENGLISH_RE = re.compile(r"\b(?:the|and|of|to)\b")
MIN_WORDS = 4  # the sample is of quotations of four or more words (most shorter ones are names)
_UNATTRIBUTED = "unattributed"


def load_stories() -> dict[str, list[tuple[str, str]]]:
    """``{file: [(title, story), ...]}`` for the English stories, rows as in the CSV."""
    out = {}
    for name in FILES:
        frame = pd.read_csv(KCNA / name, dtype=str, keep_default_na=False)
        out[name] = list(zip(frame["title"], frame["story"], frame["language"]))
    return out


def title_sha1(title: str) -> str:
    return hashlib.sha1(title.encode("utf-8")).hexdigest()[:10]


def sample_spans(stories) -> list[tuple[str, int, int, int]]:
    """The fixed sample: ``(file, row, start, end)`` of quoted spans, in sampled order.

    ``SAMPLE`` spans drawn from all, then ``SAMPLE_SPEECH`` from the rest of those that look like
    reported speech (six or more words ending in sentence punctuation or a comma), because most
    KCNA quotations are titles of works and songs and a speaker figure needs speech.
    """
    spans = []
    for name in FILES:
        for row, (_title, story, language) in enumerate(stories[name]):
            if language != "en" or len(_ENGLISH_RE.findall(story)) * 40 < len(story.split()):
                continue  # a few Spanish stories are marked "en"
            for m in _SPAN_RE.finditer(story):
                group = 1 if m.group(1) is not None else 2
                quoted = m.group(group)
                if ", ," in quoted or len(quoted.split()) < MIN_WORDS:
                    continue  # ", ," is the scrape's paragraph break: not one quotation
                spans.append((name, row, m.start(group), m.end(group)))
    rng = random.Random(SEED)
    first = rng.sample(spans, min(SAMPLE, len(spans)))
    taken = set(first)
    speechlike = [
        sp for sp in spans
        if sp not in taken and stories[sp[0]][sp[1]][1][sp[3] - 1] in ".!?,"
        and len(stories[sp[0]][sp[1]][1][sp[2]:sp[3]].split()) >= 6
    ]
    return first + rng.sample(speechlike, min(SAMPLE_SPEECH, len(speechlike)))


def _in_cleaned(raw: str, cleaned: str, start: int, end: int) -> tuple[int, int]:
    """The labelled span's offsets in the cleaned story: the same occurrence of its text.

    (-1, -1) when cleaning changed the quoted words themselves.
    """
    quoted = raw[start:end]
    nth = raw.count(quoted, 0, start)
    pos = -1
    for _ in range(nth + 1):
        pos = cleaned.find(quoted, pos + 1)
        if pos < 0:
            return -1, -1
    return pos, pos + len(quoted)


def _same_speaker(found: str, label: str) -> bool:
    ours, gold = found.lower().split(), label.lower().split()
    if not ours or not gold or found == _UNATTRIBUTED:
        return False
    return ours[-1] == gold[-1] or set(gold) <= set(ours) or set(ours) <= set(gold)


def evaluate(stories, labels: list[dict], *, errors: int = 0, out=sys.stdout) -> Counter:
    """Compare ``extract_quotes`` with the labels; a Counter of outcomes."""
    keys = sorted({(r["file"], int(r["row"])) for r in labels})
    cleaned = {key: clean_text(stories[key[0]][key[1]][1]) for key in keys}
    docs = pd.DataFrame(
        {
            "doc_id": [f"{f}:{r}" for f, r in keys],
            "text": [cleaned[key] for key in keys],
            "speaker": None,
        }
    )
    found = extract_quotes(docs)
    by_doc = {d: g for d, g in found.groupby("doc_id", sort=False)}
    res = Counter()
    for lab in labels:
        name, row = lab["file"], int(lab["row"])
        title, story, _ = stories[name][row]
        if title_sha1(title) != lab["title_sha1"]:
            res["changed"] += 1
            continue
        start, end = _in_cleaned(story, cleaned[(name, row)], int(lab["start"]), int(lab["end"]))
        quotes = by_doc.get(f"{name}:{row}")
        hit = None
        if quotes is not None:
            for q in quotes.itertuples():
                if q.start < end and start < q.end:
                    hit = q
                    break
        res["labelled"] += 1
        if hit is None:
            res["not found"] += 1
            continue
        kind = getattr(hit, "kind", "speech")
        res["kind agree"] += kind == lab["kind"]
        res[("kind", lab["kind"], kind)] += 1
        if lab["kind"] != "speech":
            continue
        if lab["speaker"] == "description":
            res["description n"] += 1
            continue
        if lab["speaker"] == _UNATTRIBUTED:
            res["unattributed n"] += 1
            res["unattributed right"] += hit.speaker == _UNATTRIBUTED
            continue
        ok = _same_speaker(hit.speaker, lab["speaker"])
        res["named n"] += 1
        res["named right"] += ok
        res[("conf", getattr(hit, "confidence", "-"), ok)] += 1
        if not ok and errors and res["shown"] < errors:
            res["shown"] += 1
            print(f"  {name}:{row} {start}: {hit.speaker!r} vs {lab['speaker']!r} "
                  f"({getattr(hit, 'confidence', '-')})", file=out)
    return res


def _report(res: Counter, out=sys.stdout) -> None:
    n, right = res["named n"], res["named right"]
    print(f"KCNA hand-labelled sample: {res['labelled']} quotations "
          f"({res['not found']} not found, {res['changed']} from a changed file)", file=out)
    found = res["labelled"] - res["not found"]
    print(f"  kind agrees: {res['kind agree']}/{found}", file=out)
    print(f"  speaker accuracy, named speakers: {right / n if n else float('nan'):.3f} "
          f"({right}/{n})", file=out)
    for conf in sorted({k[1] for k in res if isinstance(k, tuple) and k[0] == "conf"}):
        r, w = res[("conf", conf, True)], res[("conf", conf, False)]
        print(f"    confidence {conf}: {r}/{r + w} right", file=out)
    for gold in ("speech", "scare", "title"):
        row = {k[2]: v for k, v in res.items() if isinstance(k, tuple) and k[:2] == ("kind", gold)}
        print(f"    labelled {gold}: found as {row}", file=out)
    print(f"  labelled unattributed and left so: {res['unattributed right']}/"
          f"{res['unattributed n']}", file=out)


def _show(stories, spans, n: int) -> None:
    for i, (name, row, start, end) in enumerate(spans[:n]):
        title, story, _ = stories[name][row]
        before = story[max(0, start - 260):start - 1].replace("\n", " | ")
        after = story[end + 1:end + 90].replace("\n", " | ")
        quoted = story[start:end]
        if len(quoted) > 160:
            quoted = quoted[:80] + " [...] " + quoted[-60:]
        print(f"#{i} {name[12:16]} {row} {start} {end} {title_sha1(title)} [{title}]\n"
              f"   ...{before} <<{quoted}>> {after}...\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print N sampled quotations")
    parser.add_argument("--errors", type=int, default=0, help="print up to N wrong speakers")
    args = parser.parse_args(argv)
    if not all((KCNA / f).is_file() for f in FILES):
        print(f"KCNA stories not found in {KCNA}; nothing to evaluate")
        return 0
    stories = load_stories()
    if args.show:
        _show(stories, sample_spans(stories), args.show)
        return 0
    with LABELS.open(encoding="utf-8", newline="") as fh:
        labels = list(csv.DictReader(fh))
    _report(evaluate(stories, labels, errors=args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
