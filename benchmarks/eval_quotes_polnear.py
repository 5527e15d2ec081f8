"""Quotations and speakers measured on PolNeAR, US political news labelled by other people.

Reads ``../shared/corpora/polnear/polnear_train_dev.jsonl`` by path (never copied) and runs
``extract_quotes`` on the chosen split's articles (``speaker`` unknown, text as given). Prints:

* **recall of quoted words**: of the words inside quotation marks (doubled apostrophes included)
  in every labelled attribution's content, the share that lie inside a quotation found (of any
  ``kind``). Every relation counts, whatever its ``quote_type``: the corpus typed quotations by
  their marks without reading the New York Times' ``''...''``, so those are typed ``indirect``;
* **precision of speech quotations**: of the quotations found with ``kind == "speech"`` (all of
  them when the table has no ``kind``), the share that lie (most of their words) inside a labelled
  attribution's content; a scare quote or a title marked ``speech`` counts against it;
* **speaker accuracy** on the correct speech quotations whose labelled source is a *name* (it has
  a capitalised word that is not a title): right when the name found and the name written share
  their surname or one holds the other ("Barack Obama" for "Mr. Obama", "Alan Garten" for "Trump
  attorney Alan Garten"; a suffix such as "Jr." is no surname, so "Joe Biden" is "Joseph R. Biden
  Jr."). Sources written as a pronoun ("he") or a description ("officials",
  "the campaign") are not resolved in the labels, so they are reported apart: how many got a
  speaker at all, and for "he"/"she" whether the person found is of that gender (where an
  honorific such as "Mr."/"Ms." or a common given name makes it known; the same evidence the
  resolution uses, so "of the other" counts clear mistakes and "of that gender" the rest).

Usage: ``python benchmarks/eval_quotes_polnear.py [--split dev|train] [--limit N] [--errors N]``.
The rules were developed on ``train``; ``dev`` is the held-out figure. Exits 0 with a note when
the corpus is absent.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from researchlib.quotes import extract_quotes
from researchlib.quotes._gender import name_gender, title_genders

SHARED = Path(os.environ.get("RESEARCHLIB_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")
POLNEAR = SHARED / "corpora" / "polnear" / "polnear_train_dev.jsonl"

_WORD_RE = re.compile(r"\w+")
_OPEN = "“\"„«"
_QUOTED_RE = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|''.*?(?:''|$)|«[^»]*(?:»|$)", re.S)
_TITLE_WORDS = frozenset(
    "mr mrs ms dr sen rep gov gen president senator governor secretary former presidential "
    "candidate nominee democratic republican gop rev gop's the a an".split()
)
_UNATTRIBUTED = "unattributed"
_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))


def load_split(split: str, limit: int | None = None) -> list[dict]:
    """Articles of one split (``train`` or ``dev``), in file order."""
    rows = []
    with POLNEAR.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["split"] == split:
                rows.append(row)
                if limit is not None and len(rows) >= limit:
                    break
    return rows


def _quoted_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans inside quotation marks within ``text[start:end]`` (paragraph by paragraph)."""
    out = []
    pos = start
    for para in re.split(r"(\n+)", text[start:end]):
        if not para.strip("\n"):
            pos += len(para)
            continue
        for m in _QUOTED_RE.finditer(para):
            out.append((pos + m.start(), pos + m.end()))
        pos += len(para)
    return out


def _words(spans) -> set[int]:
    return {m.start() for a, b, t in spans for m in _WORD_RE.finditer(t, a, b)}


def _name_tokens(source: str) -> list[str]:
    """The name a labelled source is written as, lower-cased, or [] for a description.

    The source's head phrase (before a comma, a bracket, "of" or a relative clause) must end in
    a capitalised word that is not a title; its last run of such words is the name ("Trump
    attorney Alan Garten" -> alan garten, "David French of the National Retail Federation" ->
    david french). A head ending in a common noun ("the Florida senator", "a Chinese official")
    is a description, unless the next part is the name in apposition ("Sanders's campaign
    manager, Jeff Weaver").
    """
    parts = re.split(r"(,|\(| —| who | which | that )", source)
    # the head, then the part after it only when a comma set it off as an apposition
    candidates = parts[:1] + (parts[2:3] if len(parts) > 2 and parts[1] == "," else [])
    for part in candidates:
        runs, run = [], []
        tokens = re.findall(r"[\w.’'\-]+", re.split(r" of ", part)[0])
        for tok in tokens:
            clean = re.sub(r"[’']s$", "", tok).strip(".")
            if clean[:1].isupper() and clean.lower() not in _TITLE_WORDS:
                run.append(clean.lower())
            elif run:
                runs.append(run)
                run = []
        if run:
            return run  # the head ends in a name
        if tokens:
            continue  # a description: maybe the name follows in apposition
    return []


def speaker_matches(found: str, source: str) -> bool:
    """Whether the speaker found names the labelled source (surname or containment)."""
    gold = _name_tokens(source)
    ours = [re.sub(r"[’']s$", "", t).strip(".").lower() for t in found.split()]
    if not gold or not ours or found == _UNATTRIBUTED:
        return False
    # a generational suffix is no surname: "Joe Biden" is "Joseph R. Biden Jr."
    gold = gold[:-1] if len(gold) > 1 and gold[-1].strip(".,") in _SUFFIXES else gold
    ours = ours[:-1] if len(ours) > 1 and ours[-1].strip(".,") in _SUFFIXES else ours
    return ours[-1] == gold[-1] or set(gold) <= set(ours) or set(ours) <= set(gold)


def source_kind(relation: dict) -> str:
    """``name``, ``pronoun`` or ``description`` for a labelled source."""
    if relation["speaker_is_pronoun"]:
        return "pronoun"
    return "name" if _name_tokens(relation["speaker"] or "") else "description"


def evaluate(rows: list[dict], *, errors: int = 0, out=sys.stdout) -> dict:
    """Run ``extract_quotes`` on ``rows`` and compute the figures (see the module docstring)."""
    docs = pd.DataFrame(
        {"doc_id": [r["doc_id"] for r in rows], "text": [r["text"] for r in rows]}
    ).assign(speaker=None)
    found = extract_quotes(docs)
    by_doc = {d: g for d, g in found.groupby("doc_id", sort=False)}
    gold_words = hit_words = 0
    n_speech = n_correct = 0
    kinds = Counter()
    speaker = Counter()
    genders_of: dict[str, dict] = {}
    shown = 0
    for row in rows:
        text = row["text"]
        # every relation, whatever its quote_type: the corpus derived the type from quotation
        # marks without the New York Times' doubled apostrophes, so its ''...'' quotations are
        # typed "indirect" though their words are quoted (the regions below find them)
        rels = row["quotes"]
        regions = [
            (a, b, text) for r in rels for s, e in r["fragments"] for a, b in _quoted_regions(text, s, e)
        ]
        quotes = by_doc.get(row["doc_id"])
        spans = [] if quotes is None else list(zip(quotes["start"], quotes["end"]))
        starts = [s for s, _ in spans]
        gold = _words(regions)
        gold_words += len(gold)
        for w in gold:
            k = bisect.bisect_right(starts, w) - 1
            hit_words += k >= 0 and w < spans[k][1]
        if quotes is None:
            continue
        has_kind = "kind" in quotes.columns
        for q in quotes.itertuples():
            kind = q.kind if has_kind else "speech"
            kinds[kind] += 1
            q_words = [m.start() for m in _WORD_RE.finditer(text, q.start, q.end)] or [q.start]
            best, best_n = None, 0
            for r in rels:
                inside = sum(any(s <= w < e for s, e in r["fragments"]) for w in q_words)
                if inside > best_n or (inside == best_n and best is not None and inside
                                       and r["end"] - r["start"] < best["end"] - best["start"]):
                    best, best_n = r, inside
            labelled = best is not None and best_n * 2 > len(q_words)
            if kind != "speech":
                kinds[(kind, "labelled")] += labelled
                if labelled and shown < errors:
                    shown += 1
                    print(f"  [{kind} in attribution] {text[q.start:q.end][:70]!r} "
                          f"(type {best['quote_type']})", file=out)
                continue
            n_speech += 1
            if not labelled:
                if shown < errors:
                    shown += 1
                    print(f"  [not speech] {row['doc_id']} {text[q.start:q.end][:70]!r}", file=out)
                continue
            n_correct += 1
            if best["relation"] != "Attribution":
                continue
            kind_of_source = source_kind(best)
            conf = getattr(q, "confidence", "") if "confidence" in quotes.columns else ""
            speaker[(kind_of_source, "n")] += 1
            if q.speaker != _UNATTRIBUTED:
                speaker[(kind_of_source, "attributed")] += 1
                want = {"he": "m", "she": "f"}.get((best["speaker"] or "").strip().lower())
                if want is not None:  # he/she: is the person found of that gender?
                    genders = genders_of.setdefault(row["doc_id"], title_genders(text))
                    g = name_gender(q.speaker, genders)
                    speaker[("gender", "agree" if g == want else "unknown" if g is None
                             else "other")] += 1
            if kind_of_source == "name":
                ok = speaker_matches(q.speaker, best["speaker"])
                speaker[("name", "right")] += ok
                speaker[("conf", conf, ok)] += 1
                if not ok and shown < errors:
                    shown += 1
                    lo = max(0, min(q.start, best["start"]) - 60)
                    print(
                        f"  [speaker] {q.speaker!r} vs {best['speaker']!r} "
                        f"({conf}) {text[lo:q.end + 60]!r}",
                        file=out,
                    )
    return {
        "articles": len(rows),
        "gold_words": gold_words,
        "word_recall": hit_words / gold_words if gold_words else float("nan"),
        "found": sum(v for k, v in kinds.items() if isinstance(k, str)),
        "kinds": {k: v for k, v in kinds.items() if isinstance(k, str)},
        "non_speech_labelled": sum(v for k, v in kinds.items() if not isinstance(k, str)),
        "speech": n_speech,
        "speech_precision": n_correct / n_speech if n_speech else float("nan"),
        "speaker": speaker,
    }


def _report(split: str, res: dict, out=sys.stdout) -> None:
    sp = res["speaker"]
    print(f"PolNeAR {split}: {res['articles']} articles, {res['found']} quotations found "
          f"{res['kinds']}", file=out)
    print(f"  recall of quoted words: {res['word_recall']:.3f} ({res['gold_words']} words)", file=out)
    print(f"  precision of speech quotations: {res['speech_precision']:.3f} "
          f"({res['speech']} speech quotations)", file=out)
    other = res["found"] - res["speech"]
    print(f"  scare/title quotations inside a labelled attribution: "
          f"{res['non_speech_labelled']} of {other}", file=out)
    n = sp[("name", "n")]
    acc = sp[("name", "right")] / n if n else float("nan")
    print(f"  speaker accuracy, named sources: {acc:.3f} ({sp[('name', 'right')]}/{n})", file=out)
    for conf in sorted({k[1] for k in sp if k[0] == "conf"}):
        right, wrong = sp[("conf", conf, True)], sp[("conf", conf, False)]
        print(f"    confidence {conf or '-'}: {right}/{right + wrong} right", file=out)
    for kind in ("pronoun", "description"):
        m = sp[(kind, "n")]
        print(f"  {kind} sources (not resolved in the labels): {m} quotations, "
              f"{sp[(kind, 'attributed')]} given a speaker", file=out)
    agree, other, unknown = (sp[("gender", k)] for k in ("agree", "other", "unknown"))
    print(f"    he/she given a person of that gender: {agree}, of the other: {other}, "
          f"gender not known: {unknown}", file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--limit", type=int, default=None, help="first N articles of the split")
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors (train only)")
    args = parser.parse_args(argv)
    if not POLNEAR.is_file():
        print(f"PolNeAR not found at {POLNEAR}; nothing to evaluate")
        return 0
    if args.errors and args.split != "train":
        parser.error("--errors is for development: use it with --split train")
    _report(args.split, evaluate(load_split(args.split, args.limit), errors=args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
