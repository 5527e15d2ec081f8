"""Voices: whose words each word of a document is, from its quotations.

Every word has one voice.  A word inside a quotation of reported speech is the
quoted speaker's (a fragment quoted inside narration included: the journalist's
"a relationship of *shared blood*" is Kim Jong Un's words); every other word is
the document's own voice: its ``speaker`` (a letter's signatory, a speech's
speaker) or ``"narrator"``.  Quotations marked as scare quotes or titles (a
``kind`` other than ``speech``, where the quotes table has that column) stay
with the document's voice.

Reads
-----
sentences: ``doc_id``, ``n_words``; ``in_quote`` and ``speaker`` to find a
document's own voice when no documents are given.
quotes: ``doc_id``, ``start``, ``end``, ``text``, ``speaker`` (optional ``kind``).
documents (optional): ``doc_id``, ``speaker``.

Writes
------
:func:`voice_words`: ``doc_id``, ``speaker``, ``n_words`` -- the words of each
voice in each document, summing to the document's words.
:func:`hit_voices`: the voice of each row of a table of spans (frame hits).
:func:`voice_segments`: the sentences cut where a voice changes: each row is the part of one
sentence in one voice (``text`` the part's words, ``speaker`` its voice), so that sentiment by
speaker scores a fragment quoted inside narration as the quoted speaker's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._schema import require_columns
from ._text import count_words

__all__ = ["NARRATOR", "own_voices", "voice_words", "voice_segments", "hit_voices"]

#: The voice of a document's words when no speaker is known.
NARRATOR = "narrator"


def _speech(quotes: pd.DataFrame) -> pd.DataFrame:
    """The quotations that are reported speech (all of them without a ``kind`` column)."""
    require_columns(quotes, ["doc_id", "start", "end", "text", "speaker"], "quotes")
    if "kind" in quotes.columns:
        quotes = quotes.loc[quotes["kind"].astype(str) == "speech"]
    return quotes


def own_voices(sentences: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.Series:
    """Each document's own voice (``doc_id`` -> speaker or ``"narrator"``)."""
    ids = pd.unique(sentences["doc_id"])
    if documents is not None and "speaker" in documents.columns:
        known = documents.drop_duplicates("doc_id").set_index("doc_id")["speaker"]
    elif {"in_quote", "speaker"} <= set(sentences.columns):  # unquoted sentences carry it
        plain = sentences.loc[~sentences["in_quote"].fillna(False).astype(bool)]
        known = plain.drop_duplicates("doc_id").set_index("doc_id")["speaker"]
    else:
        known = pd.Series(dtype=object)
    voices = known.reindex(ids)
    voices = voices.where(voices.notna() & (voices.astype(str) != ""), NARRATOR)
    return voices.astype(str)


def voice_words(
    sentences: pd.DataFrame, quotes: pd.DataFrame, *, documents: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Words per voice per document.

    Parameters
    ----------
    sentences : DataFrame
        ``doc_id``, ``n_words`` (the documents' words).
    quotes : DataFrame
        ``extract_quotes`` output.
    documents : DataFrame, optional
        ``doc_id``, ``speaker``: each document's own voice (else taken from the
        sentences outside quotations, else ``"narrator"``).

    Returns
    -------
    DataFrame
        ``doc_id``, ``speaker``, ``n_words``, in document order, the document's own
        voice first; a document's rows sum to its words.
    """
    require_columns(sentences, ["doc_id", "n_words"], "sentences")
    speech = _speech(quotes)
    totals = sentences.groupby("doc_id", sort=False)["n_words"].sum()
    own = own_voices(sentences, documents)
    quoted = pd.DataFrame({
        "doc_id": speech["doc_id"].to_numpy(),
        "speaker": speech["speaker"].astype(str).to_numpy(),
        "n_words": [count_words(t) for t in speech["text"].astype(str)],
    })
    quoted = quoted.loc[quoted["doc_id"].isin(totals.index)]
    in_quotes = quoted.groupby("doc_id", sort=False)["n_words"].sum().reindex(totals.index, fill_value=0)
    rest = pd.DataFrame({
        "doc_id": totals.index,
        "speaker": own.reindex(totals.index).to_numpy(),
        "n_words": (totals - in_quotes).clip(lower=0).to_numpy(),
    })
    table = pd.concat([rest.assign(_first=0), quoted.assign(_first=1)], ignore_index=True)
    order = {d: i for i, d in enumerate(totals.index)}
    table = table.assign(_doc=table["doc_id"].map(order))
    out = (table.groupby(["_doc", "doc_id", "_first", "speaker"], sort=True)["n_words"].sum()
           .reset_index())
    out = out.groupby(["_doc", "doc_id", "speaker"], sort=False)["n_words"].sum().reset_index()
    return out[["doc_id", "speaker", "n_words"]].astype({"n_words": "int64"})


def voice_segments(
    sentences: pd.DataFrame, quotes: pd.DataFrame, *, documents: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The sentences cut into voice segments: the part of each sentence in each voice.

    A part inside a quotation of reported speech is that quotation's speaker's; the rest of
    the sentence (its parts outside quotations, joined by a space) is its document's own voice
    (see :func:`own_voices`). A sentence wholly in one voice is one segment, unchanged.

    Parameters
    ----------
    sentences : DataFrame
        ``doc_id``, ``start``, ``end`` (offsets in the document), ``text``; other columns are
        carried to each segment.
    quotes : DataFrame
        ``extract_quotes`` output (only ``kind == "speech"`` rows give a voice).
    documents : DataFrame, optional
        ``doc_id``, ``speaker``: each document's own voice.

    Returns
    -------
    DataFrame
        The sentences' columns, one row per segment in text order, with ``text`` the segment's
        words and ``speaker`` its voice; segments without a word are left out. Score columns
        (``neg``, ``neu``, ``pos``, ``compound``) are dropped: they belonged to whole sentences.
    """
    require_columns(sentences, ["doc_id", "start", "end", "text"], "sentences")
    speech = _speech(quotes)
    own = own_voices(sentences, documents)
    spans: dict = {}
    for doc_id, start, end, speaker in zip(speech["doc_id"], speech["start"], speech["end"],
                                          speech["speaker"].astype(str)):
        spans.setdefault(doc_id, []).append((int(start), int(end), speaker))
    for items in spans.values():
        items.sort()
    base = sentences.drop(columns=[c for c in ("neg", "neu", "pos", "compound")
                                   if c in sentences.columns])
    rows, texts, voices = [], [], []
    for i, (doc_id, start, end, text) in enumerate(zip(
        base["doc_id"], base["start"], base["end"], base["text"].astype(str)
    )):
        start, end = int(start), int(end)
        mine = own.get(doc_id, NARRATOR)
        inside = [(max(a, start), min(b, end), who) for a, b, who in spans.get(doc_id, ())
                  if a < end and b > start]
        if not inside or len(text) != end - start:
            # no quotation here (or offsets that do not fit the text): one segment, whole
            rows.append(i)
            texts.append(text)
            voices.append(mine if not inside else _sentence_voice(base, i, mine))
            continue
        outside, pos = [], start
        for a, b, who in inside:
            if a > pos:
                outside.append(text[pos - start:a - start])
            if _has_word(text[a - start:b - start]):
                rows.append(i)
                texts.append(text[a - start:b - start].strip())
                voices.append(who)
            pos = max(pos, b)
        outside.append(text[pos - start:])
        rest = " ".join(p for p in (part.strip(_MARKS_AND_SPACE) for part in outside) if p)
        if _has_word(rest):
            rows.append(i)
            texts.append(rest)
            voices.append(mine)
    out = base.iloc[rows].reset_index(drop=True)
    out["text"] = texts
    out["speaker"] = voices
    return out


_MARKS_AND_SPACE = " \t\n\"“”„‟«»''"


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _sentence_voice(sentences: pd.DataFrame, i: int, own: str) -> str:
    """A sentence's own ``speaker`` column where it has one, else the document's voice."""
    if "speaker" in sentences.columns:
        value = sentences["speaker"].iloc[i]
        if isinstance(value, str) and value:
            return value
    return own


def hit_voices(
    hits: pd.DataFrame, quotes: pd.DataFrame, own: pd.Series
) -> pd.Series:
    """The voice of each span of ``hits`` (``doc_id``, ``start``, ``end``).

    A span inside a quotation of reported speech is that quotation's speaker's;
    any other span is its document's own voice (``own``, from :func:`own_voices`).
    """
    require_columns(hits, ["doc_id", "start", "end"], "hits")
    speech = _speech(quotes)
    voice = hits["doc_id"].map(own).fillna(NARRATOR).astype(object).to_numpy(copy=True)
    if len(hits) and len(speech):
        spans = speech.sort_values(["doc_id", "start"], kind="mergesort")
        by_doc = {d: g for d, g in spans.groupby("doc_id", sort=False)}
        doc_ids = hits["doc_id"].to_numpy()
        starts = hits["start"].to_numpy(dtype=np.int64)
        ends = hits["end"].to_numpy(dtype=np.int64)
        for doc_id in pd.unique(doc_ids):
            group = by_doc.get(doc_id)
            if group is None:
                continue
            rows = np.flatnonzero(doc_ids == doc_id)
            q_start = group["start"].to_numpy(dtype=np.int64)
            q_end = group["end"].to_numpy(dtype=np.int64)
            k = np.searchsorted(q_start, starts[rows], side="right") - 1
            inside = (k >= 0) & (ends[rows] <= q_end[np.maximum(k, 0)])
            voice[rows[inside]] = group["speaker"].astype(str).to_numpy()[k[inside]]
    return pd.Series(voice, index=hits.index, name="speaker")
