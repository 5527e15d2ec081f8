"""Public entry point of the quotes stage: ``extract_quotes`` (documents -> quotes table)."""

from __future__ import annotations

import pandas as pd

from .._schema import str_series
from ..exceptions import SchemaError
from ..tables import COLUMNS
from ._aliases import load_aliases
from ._document import _extract_document
from ._spans import has_mark

#: Columns of the quotes table, in order (the contract in researchlib.tables).
QUOTE_COLUMNS = list(COLUMNS["quotes"])
#: Values of the ``kind`` column.
QUOTE_KINDS = ("speech", "scare", "title")
#: Values of the ``confidence`` column: the rule that gave the speaker.
CONFIDENCE_RULES = ("cue", "pronoun", "continuation", "subject", "document", "none")
_REQUIRED = ("doc_id", "text")


def extract_quotes(corpus: pd.DataFrame, *, aliases=None) -> pd.DataFrame:
    """Find the quotations in each document and attribute them to speakers.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A documents table with at least the columns ``doc_id`` and ``text``, and optionally
        ``speaker`` (the document's own speaker, may be NA; without the column every document's
        speaker is unknown). Offsets refer to ``text`` as given, so pass the cleaned text from
        :func:`researchlib.corpus.load_corpus`.
    aliases : mapping, str, pathlib.Path or None, default=None
        Extra speaker aliases ``{alias: canonical}`` (or a ``.json`` / ``.csv`` file of them, see
        :mod:`researchlib.quotes._aliases`), applied after the packaged table
        ``researchlib/data/speaker_aliases.json``.

    Returns
    -------
    pandas.DataFrame
        One row per quotation, in document then text order, with columns ``doc_id`` (str),
        ``quote_id`` (int, 0-based within the document), ``start`` and ``end`` (int, span of
        the quoted text without the quote marks), ``text`` (str, ``doc.text[start:end]``),
        ``speaker`` (str: canonical speaker name, two joined by "and" for joint speakers
        ("Ada Brook and Tom Reed wrote"), the document's ``speaker``, or
        ``"unattributed"``), ``cue`` (str or NA: the attribution words found, e.g. "said",
        "in his words", "the letter read", "according to"), ``kind`` (str: ``speech``,
        ``scare`` or ``title``) and ``confidence`` (str: the rule that gave the speaker,
        ``cue``, ``pronoun``, ``continuation``, ``subject``, ``document`` or ``none``).

    Raises
    ------
    SchemaError
        If ``corpus`` is not a DataFrame with the columns ``doc_id`` and ``text``.
    ParameterError
        If ``aliases`` is not a mapping of strings or a readable ``.json`` / ``.csv`` file.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["d1"], "speaker": [None],
    ...                      "text": ['"We will win," Kim said, "and we will prosper."']})
    >>> extract_quotes(docs)[["text", "speaker", "cue", "confidence"]].values.tolist()
    [['We will win,', 'Kim', 'said', 'cue'], ['and we will prosper.', 'Kim', 'said', 'cue']]
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
    table = load_aliases(aliases)
    aliased: dict[str, str] = {}  # speaker names after the alias rules, memoised for this call
    speakers = corpus["speaker"].tolist() if "speaker" in corpus.columns else [None] * len(corpus)
    rows: list[tuple] = []
    for doc_id, text, speaker in zip(corpus["doc_id"].tolist(), corpus["text"].tolist(), speakers):
        if not isinstance(text, str) or (not has_mark(text) and "''" not in text):
            continue  # no quotation mark (doubled apostrophes included)
        doc_speaker = speaker.strip() if isinstance(speaker, str) and speaker.strip() else None
        doc_id = str(doc_id)
        for qid, (start, end, who, cue, kind, rule) in enumerate(
            _extract_document(text, doc_speaker, table, aliased)
        ):
            rows.append((doc_id, qid, start, end, text[start:end], who, cue, kind, rule))
    cols = dict(zip(QUOTE_COLUMNS, map(list, zip(*rows)))) if rows else {c: [] for c in QUOTE_COLUMNS}
    return pd.DataFrame(
        {
            "doc_id": str_series(cols["doc_id"]),
            "quote_id": pd.Series(cols["quote_id"], dtype="int64"),
            "start": pd.Series(cols["start"], dtype="int64"),
            "end": pd.Series(cols["end"], dtype="int64"),
            **{c: str_series(cols[c]) for c in ("text", "speaker", "cue", "kind", "confidence")},
        },
        columns=QUOTE_COLUMNS,
    )
