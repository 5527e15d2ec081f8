"""Public entry point of the quotes stage: ``extract_quotes`` (documents -> quotes table)."""

from __future__ import annotations

import pandas as pd

from .._schema import str_series
from ..exceptions import SchemaError
from ._attribute import _extract_document
from ._spans import _MARK_RE

#: Columns of the quotes table, in order.
QUOTE_COLUMNS = ["doc_id", "quote_id", "start", "end", "text", "speaker", "cue"]
_REQUIRED = ("doc_id", "text", "speaker")

# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def extract_quotes(corpus: pd.DataFrame) -> pd.DataFrame:
    """Find the quotations in each document and attribute them to speakers.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A documents table with at least the columns ``doc_id``, ``text`` and ``speaker``
        (``speaker`` may be NA). Offsets refer to ``text`` as given, so pass the cleaned text
        from :func:`researchlib.corpus.load_corpus`.

    Returns
    -------
    pandas.DataFrame
        One row per quotation, in document then text order, with columns ``doc_id`` (str),
        ``quote_id`` (int, 0-based within the document), ``start`` and ``end`` (int, span of
        the quoted text without the quote marks), ``text`` (str, ``doc.text[start:end]``),
        ``speaker`` (str: canonical speaker name, the document's ``speaker``, or
        ``"unattributed"``) and ``cue`` (str or NA: the attribution words found, e.g. "said",
        "in his words", "the letter read", "according to").

    Raises
    ------
    SchemaError
        If ``corpus`` is not a DataFrame with the columns ``doc_id``, ``text`` and ``speaker``.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["d1"], "speaker": [None],
    ...                      "text": ['"We will win," Kim said, "and we will prosper."']})
    >>> extract_quotes(docs)[["text", "speaker", "cue"]].values.tolist()
    [['We will win,', 'Kim', 'said'], ['and we will prosper.', 'Kim', 'said']]
    """
    if not isinstance(corpus, pd.DataFrame):
        raise SchemaError(
            f"extract_quotes: argument 'corpus' must be a documents DataFrame, "
            f"got {type(corpus).__name__}"
        )
    missing = [c for c in _REQUIRED if c not in corpus.columns]
    if missing:
        raise SchemaError(
            f"extract_quotes: argument 'corpus' lacks required column(s) {missing}; "
            f"columns present: {list(map(str, corpus.columns))}"
        )
    cols: dict[str, list] = {c: [] for c in QUOTE_COLUMNS}
    for doc_id, text, speaker in zip(
        corpus["doc_id"].tolist(), corpus["text"].tolist(), corpus["speaker"].tolist()
    ):
        if not isinstance(text, str) or _MARK_RE.search(text) is None:
            continue
        doc_speaker = speaker.strip() if isinstance(speaker, str) and speaker.strip() else None
        for qid, (start, end, who, cue) in enumerate(_extract_document(text, doc_speaker)):
            cols["doc_id"].append(str(doc_id))
            cols["quote_id"].append(qid)
            cols["start"].append(start)
            cols["end"].append(end)
            cols["text"].append(text[start:end])
            cols["speaker"].append(who)
            cols["cue"].append(cue)
    return pd.DataFrame(
        {
            "doc_id": str_series(cols["doc_id"]),
            "quote_id": pd.Series(cols["quote_id"], dtype="int64"),
            "start": pd.Series(cols["start"], dtype="int64"),
            "end": pd.Series(cols["end"], dtype="int64"),
            "text": str_series(cols["text"]),
            "speaker": str_series(cols["speaker"]),
            "cue": str_series(cols["cue"]),
        },
        columns=QUOTE_COLUMNS,
    )
