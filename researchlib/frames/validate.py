"""Frames stage, validation: check a lexicon's hits by hand, measure their precision, find words it misses.

:func:`sample_hits` reads frames and sentences (``doc_id``, ``sent_id``, ``start``,
``text``) and writes a stratified sample of hits in context: ``lexicon``,
``category``, ``pattern``, ``matched``, ``doc_id``, ``sent_id``, ``start``, ``end``,
``left``, ``right``, ``stratum_hits``, ``correct`` (empty, for a person to code).
:func:`save_hit_sample` / :func:`load_coded_hits` write and read it as CSV.
:func:`hit_precision` reads the coded sample and writes precision per category and
per pattern: ``level``, ``lexicon``, ``category``, ``pattern``, ``n_coded``,
``n_correct``, ``precision``, ``ci_low``, ``ci_high``, ``mostly_wrong``.
:func:`suggest_terms` reads frames and sentences and writes candidate words and
two-word phrases for a category: ``term``, ``n_words``, ``n_target``,
``n_reference``, ``rate_target``, ``rate_reference``, ``G2``, ``n_sentences``,
``n_near``, ``examples``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .. import stats
from .._schema import require_columns as _require
from .._text import WORD_RE
from ..exceptions import InputFileError, ParameterError, SchemaError
from ..lexicon import Lexicon
from .lookup import lookup_frames

__all__ = ["sample_hits", "save_hit_sample", "load_coded_hits", "hit_precision", "suggest_terms"]

SAMPLE_COLUMNS = [
    "lexicon", "category", "pattern", "matched", "doc_id", "sent_id", "start", "end",
    "left", "right", "stratum_hits", "correct",
]
_TRUE = {"true", "t", "yes", "y", "1", "1.0"}
_FALSE = {"false", "f", "no", "n", "0", "0.0"}

#: Function words left out of :func:`suggest_terms` (a term made only of them is never suggested).
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up us
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves it's we're i'm that's there's let's""".split()
)


def sample_hits(
    frames: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    per: str | Sequence[str] = ("category", "pattern"),
    n: int = 20,
    seed: int = 0,
    categories: Sequence[str] | None = None,
    window: int = 60,
) -> pd.DataFrame:
    """A stratified, reproducible sample of hits in their sentences, to be coded by hand.

    Parameters
    ----------
    frames : DataFrame
        Output of :func:`lookup_frames` (``doc_id``, ``sent_id``, ``category``,
        ``pattern``, ``matched``, ``start``, ``end``, optional ``lexicon``).
    sentences : DataFrame
        ``doc_id``, ``sent_id``, ``start``, ``text`` (the context is cut from here).
    per : str or list of str, default=("category", "pattern")
        Columns of ``frames`` that define the strata (``lexicon`` is always one).
    n : int, default=20
        Hits drawn per stratum (all of them when it has fewer).
    seed : int, default=0
        A stratum's draw depends on the seed, its key and its hits only.
    categories : list of str, optional
        Only these categories (each must occur in ``frames``).
    window : int, default=60
        Characters of context kept on each side of the hit (within its sentence).

    Returns
    -------
    DataFrame
        ``lexicon``, ``category``, ``pattern``, ``matched``, ``doc_id``, ``sent_id``,
        ``start``, ``end``, ``left``, ``right`` (the sentence's text around the hit),
        ``stratum_hits`` (hits in the stratum, for weighting), ``correct`` (empty
        boolean: fill with True/False), sorted by the strata then position.  Write it
        with :func:`save_hit_sample` to code it in a spreadsheet.

    Raises
    ------
    SchemaError
        If a required column is missing.
    ParameterError
        If ``per``, ``n``, ``seed``, ``window`` or ``categories`` is not allowed.
    """
    strata = [per] if isinstance(per, str) else list(per)
    if not strata or not all(isinstance(c, str) for c in strata):
        raise ParameterError(f"per must be a column name or a list of names, got {per!r}")
    n = stats.check_count(n, "n")
    window = stats.check_count(window, "window", minimum=0)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed={seed!r} is not allowed; use a non-negative integer")
    _require(frames, ["doc_id", "sent_id", "category", "pattern", "matched", "start", "end", *strata], "frames")
    _require(sentences, ["doc_id", "sent_id", "start", "text"], "sentences")
    hits = frames if "lexicon" in frames.columns else frames.assign(lexicon="")
    if categories is not None:
        wanted = [categories] if isinstance(categories, str) else list(categories)
        known = set(hits["category"])
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise ParameterError(
                f"categories holds {unknown}, not a category of frames; categories: {sorted(known)}"
            )
        hits = hits[hits["category"].isin(wanted)]
    keys = ["lexicon", *[c for c in strata if c != "lexicon"]]
    hits = hits.sort_values([*keys, "doc_id", "sent_id", "start", "end"], kind="stable")
    hits = hits.reset_index(drop=True)
    chosen = []
    for key, at in hits.groupby(keys, dropna=False, sort=False).indices.items():
        at = np.sort(np.asarray(at))
        if len(at) > n:
            key = key if isinstance(key, tuple) else (key,)
            rng = stats.group_rng(seed, "\x1f".join(map(str, key)))
            at = np.sort(rng.choice(at, size=n, replace=False))
        chosen.append(at)
    rows = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
    counts = hits.groupby(keys, dropna=False, sort=False)["doc_id"].transform("size")
    sample = hits.iloc[rows].copy()
    sample["stratum_hits"] = counts.iloc[rows].to_numpy(dtype=np.int64)
    context = sample[["doc_id", "sent_id"]].merge(
        sentences[["doc_id", "sent_id", "start", "text"]].rename(columns={"start": "_s"}),
        on=["doc_id", "sent_id"],
        how="left",
        validate="many_to_one",
    )
    lefts, rights = [], []
    for text, s0, a, b in zip(context["text"], context["_s"], sample["start"], sample["end"]):
        if not isinstance(text, str):
            lefts.append("")
            rights.append("")
            continue
        a, b = int(a) - int(s0), int(b) - int(s0)
        lefts.append(text[max(0, a - window) : a])
        rights.append(text[b : b + window])
    sample["left"], sample["right"] = lefts, rights
    sample["correct"] = pd.array([pd.NA] * len(sample), dtype="boolean")
    return sample[SAMPLE_COLUMNS].reset_index(drop=True)


def save_hit_sample(sample: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a :func:`sample_hits` table as UTF-8 CSV (``correct`` left empty for coding).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    SchemaError
        If ``sample`` lacks a column of :func:`sample_hits`' output.
    """
    _require(sample, SAMPLE_COLUMNS, "sample")
    path = Path(path)
    sample[SAMPLE_COLUMNS].to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def _as_bool(values: pd.Series, where: str, *, unit: str = "row", first: int = 1) -> pd.Series:
    """``correct`` as bool; a missing or unreadable value raises SchemaError naming its row or line."""
    out = []
    for i, value in enumerate(values.tolist()):
        if isinstance(value, (bool, np.bool_)):
            out.append(bool(value))
            continue
        text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
        key = text.strip().lower()
        if key in _TRUE:
            out.append(True)
        elif key in _FALSE:
            out.append(False)
        else:
            shown = "empty" if value is pd.NA or not text.strip() else repr(value)
            raise SchemaError(
                f"{where} {unit} {i + first}: correct is {shown}; every coded hit needs True or False "
                "(also accepted: yes/no, y/n, 1/0); code it or delete the row"
            )
    return pd.Series(out, index=values.index, dtype=bool)


def load_coded_hits(path: str | os.PathLike) -> pd.DataFrame:
    """Read a coded sample written by :func:`save_hit_sample` (``correct`` filled in).

    Returns
    -------
    DataFrame
        The sample's columns, ``correct`` as bool.

    Raises
    ------
    InputFileError
        If the file cannot be read as CSV.
    SchemaError
        If ``category``, ``pattern`` or ``correct`` is missing, or a ``correct`` value
        is empty or not a boolean (the message names the file and line).
    """
    path = Path(path)
    try:
        coded = pd.read_csv(path, dtype={"correct": object}, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as err:
        raise InputFileError(f"{path}: cannot read the coded sample as UTF-8 CSV ({err})") from err
    _require(coded, ["category", "pattern", "correct"], str(path))
    # Line 1 of the file is the header, so row i of the table is line i + 2.
    coded["correct"] = _as_bool(coded["correct"], str(path), unit="line", first=2)
    return coded


def hit_precision(
    coded: pd.DataFrame,
    *,
    lexicon: Lexicon | None = None,
    ci: float = 0.95,
    mostly_wrong: float = 0.5,
) -> pd.DataFrame:
    """Precision of a lexicon's hits per category and per pattern, from a coded sample.

    Parameters
    ----------
    coded : DataFrame
        A :func:`sample_hits` table with ``correct`` filled in (True/False, or the
        strings yes/no, y/n, 1/0), e.g. from :func:`load_coded_hits`.  Needs
        ``category``, ``pattern``, ``correct``; uses ``lexicon`` and ``stratum_hits``.
    lexicon : Lexicon, optional
        When given, every coded category and pattern must be in it.
    ci : float, default=0.95
        Level of the Wilson intervals.
    mostly_wrong : float, default=0.5
        A pattern is flagged when its precision is below this.

    Returns
    -------
    DataFrame
        ``level`` (``"category"`` or ``"pattern"``), ``lexicon``, ``category``,
        ``pattern`` (NA on category rows), ``n_coded``, ``n_correct``,
        ``precision``, ``ci_low``, ``ci_high`` (Wilson), ``mostly_wrong`` (pattern
        rows with precision below ``mostly_wrong``; False on category rows).  A
        category's precision weights each pattern's hits by ``stratum_hits /
        sampled`` (a sample stratified by pattern over-represents rare patterns), with
        Kish's effective sample size in its interval.  That weighting assumes the
        strata of :func:`sample_hits`'s default ``per=("category", "pattern")``; for a
        sample drawn with ``per="category"`` drop ``stratum_hits`` first (each
        category's hits are then a simple random sample, counted as they are).

    Raises
    ------
    SchemaError
        If a column is missing or ``correct`` has an empty or non-boolean value.
    ParameterError
        If ``ci`` or ``mostly_wrong`` is not in (0, 1), or a category or pattern is not
        in ``lexicon``.
    """
    ci = stats.check_ci(ci)
    if ci is None:
        raise ParameterError("ci=None is not allowed here; use a level in (0, 1) such as 0.95")
    if isinstance(mostly_wrong, bool) or not isinstance(mostly_wrong, (int, float)) or not 0 < mostly_wrong < 1:
        raise ParameterError(f"mostly_wrong={mostly_wrong!r} is not allowed; use a share in (0, 1)")
    _require(coded, ["category", "pattern", "correct"], "coded")
    table = coded.copy()
    table["correct"] = _as_bool(table["correct"], "coded")
    if "lexicon" not in table.columns:
        table["lexicon"] = lexicon.name if lexicon is not None else ""
    if lexicon is not None:
        known = set(lexicon.entries())
        for cat, pat in table[["category", "pattern"]].drop_duplicates().itertuples(index=False):
            if cat not in lexicon.categories():
                raise ParameterError(
                    f"coded category {cat!r} is not in lexicon {lexicon.name!r}; "
                    f"categories: {list(lexicon.categories())}"
                )
            if (cat, pat) not in known:
                raise ParameterError(
                    f"coded pattern {pat!r} is not in category {cat!r} of lexicon {lexicon.name!r}"
                )
    keys = ["lexicon", "category", "pattern"]
    per = table.groupby(keys, dropna=False, sort=True).agg(
        n_coded=("correct", "size"), n_correct=("correct", "sum")
    )
    if "stratum_hits" in table.columns:
        hits = table.groupby(keys, dropna=False, sort=True)["stratum_hits"].max()
        per["_weight"] = pd.to_numeric(hits, errors="coerce").fillna(per["n_coded"]) / per["n_coded"]
    else:
        per["_weight"] = 1.0
    per = per.reset_index()
    per["n_correct"] = per["n_correct"].astype(np.int64)
    per["precision"] = per["n_correct"] / per["n_coded"]
    lo, hi = stats.wilson_interval(per["n_correct"], per["n_coded"], ci)
    per["ci_low"], per["ci_high"] = lo, hi
    per["mostly_wrong"] = per["precision"] < mostly_wrong
    per["level"] = "pattern"

    cat_rows = []
    for (lex, cat), part in per.groupby(["lexicon", "category"], dropna=False, sort=True):
        w = part["_weight"].to_numpy() * part["n_coded"].to_numpy()  # weight x hits coded
        precision = float((part["_weight"] * part["n_correct"]).sum() / w.sum())
        unit_w = np.repeat(part["_weight"].to_numpy(), part["n_coded"].to_numpy())
        n_eff = unit_w.sum() ** 2 / (unit_w**2).sum()
        lo, hi = stats.wilson_interval([precision * n_eff], [n_eff], ci)
        cat_rows.append(
            {
                "level": "category", "lexicon": lex, "category": cat, "pattern": pd.NA,
                "n_coded": int(part["n_coded"].sum()), "n_correct": int(part["n_correct"].sum()),
                "precision": precision, "ci_low": float(lo[0]), "ci_high": float(hi[0]),
                "mostly_wrong": False,
            }
        )
    columns = [
        "level", "lexicon", "category", "pattern", "n_coded", "n_correct", "precision",
        "ci_low", "ci_high", "mostly_wrong",
    ]
    out = pd.concat([pd.DataFrame(cat_rows, columns=columns), per[columns]], ignore_index=True)
    out["mostly_wrong"] = out["mostly_wrong"].astype(bool)
    return out


def _terms(text: str) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    """The lower-cased words of a sentence, its two-word phrases and the words' offsets."""
    found = list(WORD_RE.finditer(text))
    words = [m.group().lower().replace("’", "'") for m in found]
    spans = [m.span() for m in found]
    return words, [f"{x} {y}" for x, y in zip(words, words[1:])], spans


def _near(spans: list[tuple[int, int]], hits: list[tuple[int, int]], window: int) -> list[bool]:
    """Per word: within ``window`` words of a hit (and not itself part of one)."""
    inside = [any(a < he and b > hs for hs, he in hits) for a, b in spans]
    at = [i for i, flag in enumerate(inside) if flag]
    return [
        not inside[i] and any(abs(i - j) <= window for j in at) for i in range(len(spans))
    ]


def suggest_terms(
    frames: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    category: str,
    lexicon: Lexicon | None = None,
    top: int = 20,
    min_count: int = 3,
    stopwords: Sequence[str] | None = None,
    examples: int = 2,
    window: int = 5,
) -> pd.DataFrame:
    """Words and two-word phrases that keep company with a category's hits, for growing the lexicon.

    The sentences holding a hit of ``category`` (the target) are compared with all
    other sentences (the reference): each word and two-word phrase gets its count in
    both and Dunning's log-likelihood G2; the terms most over-represented in the
    target come first.  Left out: terms the category already matches (any of its
    patterns, with their inflections and wildcards, found in the term by
    :func:`lookup_frames`), terms made only of the words of its own patterns (every
    hit sentence holds them: "ties" of "blood ties"), and terms that begin or end
    with a stopword ("of the", "bond between").

    Parameters
    ----------
    frames : DataFrame
        Output of :func:`lookup_frames` (``doc_id``, ``sent_id``, ``category``,
        ``pattern``, ``start``, ``end``, optional ``lexicon``).
    sentences : DataFrame
        ``doc_id``, ``sent_id``, ``start``, ``text``.
    category : str
        A category of ``frames``.
    lexicon : Lexicon, optional
        The lexicon whose ``category`` is grown (its patterns are excluded); default:
        the category's patterns found in ``frames``.
    top : int, default=20
    min_count : int, default=3
        Fewest occurrences in the target sentences.
    stopwords : list of str, optional
        Words that alone never make a term (default: :data:`STOPWORDS`).
    examples : int, default=2
        Example target sentences per term.
    window : int, default=5
        Words on each side of a hit that count as its company for ``n_near``.

    Returns
    -------
    DataFrame
        ``term``, ``n_words`` (1 or 2), ``n_target``, ``n_reference`` (occurrences),
        ``rate_target``, ``rate_reference`` (per 1,000 words), ``G2``,
        ``n_sentences`` (target sentences holding it), ``n_near`` (occurrences within
        ``window`` words of one of the category's hits: its collocates), ``examples``
        (list of str); at most ``top`` rows, by G2 then term.

    Raises
    ------
    SchemaError
        If a required column is missing.
    ParameterError
        If ``category`` is not a category of ``frames`` (or of ``lexicon``), or a
        count is not allowed.
    """
    top = stats.check_count(top, "top")
    min_count = stats.check_count(min_count, "min_count")
    examples = stats.check_count(examples, "examples", minimum=0)
    window = stats.check_count(window, "window")
    _require(frames, ["doc_id", "sent_id", "category", "pattern", "start", "end"], "frames")
    _require(sentences, ["doc_id", "sent_id", "start", "text"], "sentences")
    hits = frames
    if lexicon is not None:
        if category not in lexicon.categories():
            raise ParameterError(
                f"category={category!r} is not in lexicon {lexicon.name!r}; "
                f"categories: {list(lexicon.categories())}"
            )
        if "lexicon" in hits.columns:
            hits = hits[hits["lexicon"] == lexicon.name]
        patterns = list(lexicon.patterns(category))
    hits = hits[hits["category"] == category]
    if hits.empty and lexicon is None:
        raise ParameterError(
            f"category={category!r} has no hit in frames; categories: {sorted(set(frames['category']))}"
        )
    if lexicon is None:
        patterns = sorted(set(hits["pattern"]))
    stop = STOPWORDS if stopwords is None else frozenset(w.lower() for w in stopwords)

    spans_of: dict[tuple, list[tuple[int, int]]] = {}
    for doc, sent, a, b in hits[["doc_id", "sent_id", "start", "end"]].itertuples(index=False):
        spans_of.setdefault((doc, int(sent)), []).append((int(a), int(b)))
    target, reference, in_sentences, near = Counter(), Counter(), Counter(), Counter()
    words_t = words_r = 0
    first_seen: dict[str, list[str]] = {}
    table = sentences[["doc_id", "sent_id", "start", "text"]].itertuples(index=False)
    for doc, sent, offset, text in table:
        if not isinstance(text, str):
            continue
        words, pairs, spans = _terms(text)
        local = spans_of.get((doc, int(sent)))
        if local:
            words_t += len(words)
            target.update(words)
            target.update(pairs)
            close = _near(spans, [(a - int(offset), b - int(offset)) for a, b in local], window)
            near.update(w for w, flag in zip(words, close) if flag)
            near.update(p for p, x, y in zip(pairs, close, close[1:]) if x and y)
            for term in set(words) | set(pairs):
                in_sentences[term] += 1
                seen = first_seen.setdefault(term, [])
                if len(seen) < examples:
                    seen.append(text)
        else:
            words_r += len(words)
            reference.update(words)
            reference.update(pairs)
    columns = [
        "term", "n_words", "n_target", "n_reference", "rate_target", "rate_reference", "G2",
        "n_sentences", "n_near", "examples",
    ]
    own = {w.rstrip("*") for p in patterns for w in p.lower().split(" ")}

    def is_own(word: str) -> bool:
        return any(word == w or (w and word.startswith(w)) for w in own)

    candidates = []
    for term, count in target.items():
        words = term.split(" ")
        if count < min_count or words[0] in stop or words[-1] in stop:
            continue
        if all(is_own(w) for w in words):
            continue
        candidates.append(term)
    if not candidates or not words_t:
        return pd.DataFrame(columns=columns)
    a = np.array([target[t] for t in candidates], dtype=float)
    b = np.array([reference.get(t, 0) for t in candidates], dtype=float)
    n1, n2 = float(words_t), float(max(words_r, 1))
    e1, e2 = n1 * (a + b) / (n1 + n2), n2 * (a + b) / (n1 + n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2.0 * (np.where(a > 0, a * np.log(a / e1), 0.0) + np.where(b > 0, b * np.log(b / e2), 0.0))
    over = a / n1 > b / n2
    out = pd.DataFrame(
        {
            "term": candidates,
            "n_words": [t.count(" ") + 1 for t in candidates],
            "n_target": a.astype(np.int64),
            "n_reference": b.astype(np.int64),
            "rate_target": a / n1 * 1000.0,
            "rate_reference": b / n2 * 1000.0,
            "G2": g2,
        }
    )[over]
    # Leave out what the category already matches: run its patterns over the terms.
    known = Lexicon("_known", {category: patterns}) if patterns else None
    if known is not None and len(out):
        probe = pd.DataFrame(
            {
                "doc_id": out["term"].to_numpy(), "sent_id": 0, "start": 0,
                "text": out["term"].to_numpy(), "speaker": None,
            }
        )
        matched = set(lookup_frames(probe, known)["doc_id"])
        out = out[~out["term"].isin(matched)]
    out = out.sort_values(["G2", "term"], ascending=[False, True], kind="stable").head(top)
    out["n_sentences"] = [in_sentences[t] for t in out["term"]]
    out["n_near"] = [near[t] for t in out["term"]]
    out["examples"] = [list(first_seen.get(t, [])) for t in out["term"]]
    return out[columns].reset_index(drop=True)
