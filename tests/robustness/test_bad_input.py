"""Bad input across loaders, lexicons, parameters, grids and notebooks (issue 8).

Every error case checks the exact researchlib exception class and that the
message names the file, line or parameter at fault; every warning case checks
the warning class and that the document is kept (flagged), never dropped.
The "survives" cases push hostile but legal text through the whole chain
(load -> quotes -> sentences -> sentiment -> frames -> kwic) and check offsets.
"""

from __future__ import annotations

import codecs
import warnings

import nbformat
import pandas as pd
import pytest

import researchlib as rl
from researchlib.exceptions import (
    DateParseError,
    DecodingError,
    DuplicateDocumentWarning,
    DuplicateIdError,
    EmptyDocumentWarning,
    EncodingFallbackWarning,
    FrontMatterError,
    GridError,
    InputFileError,
    LexiconError,
    NotebookError,
    ParameterError,
    ResearchlibError,
    SchemaError,
)


def _write(folder, name: str, data) -> object:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _raises_exactly(cls, fn, *fragments):
    """Call ``fn``; check it raises exactly ``cls`` with every fragment in the message."""
    with pytest.raises(ResearchlibError) as info:
        fn()
    assert type(info.value) is cls, f"expected {cls.__name__}, got {type(info.value).__name__}"
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in message {message!r}"
    return message


# ---------------------------------------------------------------------------
# Loaders: errors
# ---------------------------------------------------------------------------

# (id, file name, bytes or text, exception, fragments the message must hold)
LOADER_ERRORS = [
    ("undecodable", "bad.txt", b"caf\xe9 \x81\x8d\x8f\x90\x9d", DecodingError, ["bad.txt"]),
    ("nul-bytes", "nul.txt", b"Kim said\x00 hello.", InputFileError, ["nul.txt", "NUL"]),
    ("binary-named-txt", "image.txt", bytes(range(256)) * 8, InputFileError, ["image.txt"]),
    ("utf16-no-bom", "u16.txt", "Hello world.".encode("utf-16-le"), InputFileError, ["u16.txt"]),
    (
        "broken-utf16-bom",
        "b16.txt",
        codecs.BOM_UTF16_LE + b"A\x00\x00\xd8",
        DecodingError,
        ["b16.txt"],
    ),
    (
        "frontmatter-bad-yaml",
        "fm.txt",
        "---\ntitle: [unclosed\ndate: 2020-01-01\n---\nBody.",
        FrontMatterError,
        ["fm.txt", "line 3"],
    ),
    (
        "frontmatter-never-closes",
        "open.md",
        "---\ntitle: x\nBody without a fence.",
        FrontMatterError,
        ["open.md", "line 1"],
    ),
    (
        "frontmatter-not-mapping",
        "list.txt",
        "---\n- a\n- b\n---\nBody.",
        FrontMatterError,
        ["list.txt", "line 2"],
    ),
    (
        "frontmatter-tab-indent",
        "tab.txt",
        "---\ntitle: a\n\tbad: b\n---\nBody.",
        FrontMatterError,
        ["tab.txt", "line"],
    ),
    (
        "frontmatter-unknown-date",
        "d.txt",
        "---\ndate: 18/12/2025 sometime\n---\nBody.",
        DateParseError,
        ["d.txt", "18/12/2025 sometime"],
    ),
    (
        "jsonl-unknown-date",
        "d.jsonl",
        '{"text": "a", "date": "next Tuesday"}\n',
        DateParseError,
        ["d.jsonl line 1", "next Tuesday"],
    ),
    (
        "csv-unknown-date",
        "d.csv",
        "text,date\nhello,2025-13-45\n",
        DateParseError,
        ["d.csv", "2025-13-45"],
    ),
    (
        "csv-missing-text-column",
        "a.csv",
        "id,body\n1,hello\n",
        SchemaError,
        ["a.csv", "'text'", "body"],
    ),
    ("csv-duplicated-column", "b.csv", "id,text,text\n1,hello,x\n", SchemaError, ["b.csv", "text"]),
    (
        "csv-too-many-fields",
        "c.csv",
        "id,text\n1,hello\n2,hi,extra\n",
        InputFileError,
        ["c.csv line 3"],
    ),
    ("csv-header-only-no-text", "h.csv", "id,body\n", SchemaError, ["h.csv", "body"]),
    ("csv-empty-file", "e.csv", "", InputFileError, ["e.csv"]),
    (
        "csv-quote-never-closes",
        "q.csv",
        'id,text\n1,"hello\n2,world\n3,more\n',
        InputFileError,
        ["q.csv line 2"],
    ),
    (
        "csv-duplicate-ids",
        "dup.csv",
        "id,text\n7,hello\n7,world\n",
        DuplicateIdError,
        ["'7'", "dup.csv row 1", "dup.csv row 2"],
    ),
    (
        "jsonl-broken-line",
        "j.jsonl",
        '{"text": "a"}\n{"text": "b"\n{"text": "c"}\n',
        InputFileError,
        ["j.jsonl line 2"],
    ),
    (
        "jsonl-not-object",
        "j2.jsonl",
        '{"text": "a"}\n\n[1, 2]\n',
        InputFileError,
        ["j2.jsonl line 3", "list"],
    ),
    (
        "jsonl-missing-text",
        "j3.jsonl",
        '{"text": "a"}\n{"body": "b"}\n',
        SchemaError,
        ["j3.jsonl line 2", "body"],
    ),
    (
        "jsonl-text-not-string",
        "j4.jsonl",
        '{"text": 5}\n',
        InputFileError,
        ["j4.jsonl line 1", "'text'"],
    ),
    (
        "jsonl-duplicate-ids",
        "j5.jsonl",
        '{"id": "x", "text": "a"}\n{"id": "x", "text": "b"}\n',
        DuplicateIdError,
        ["'x'", "j5.jsonl line 1", "j5.jsonl line 2"],
    ),
    (
        "jsonl-empty-id",
        "j6.jsonl",
        '{"id": " ", "text": "a"}\n',
        InputFileError,
        ["j6.jsonl line 1", "'id'"],
    ),
    ("unsupported-extension", "paper.pdf", b"%PDF-1.4", InputFileError, ["paper.pdf", ".pdf"]),
]


@pytest.mark.parametrize(
    "name,data,exc,fragments",
    [pytest.param(*case[1:], id=case[0]) for case in LOADER_ERRORS],
)
def test_loader_error(tmp_path, name, data, exc, fragments):
    path = _write(tmp_path, name, data)
    _raises_exactly(exc, lambda: rl.load_corpus(path), *fragments)


def test_loader_error_unknown_id_column(tmp_path):
    path = _write(tmp_path, "k.csv", "id,text\n1,a\n")
    _raises_exactly(
        SchemaError, lambda: rl.load_corpus(path, id_column="nope"), "id_column", "nope"
    )


def test_loader_error_missing_path(tmp_path):
    _raises_exactly(InputFileError, lambda: rl.load_corpus(tmp_path / "nope"), "nope")


def test_loader_error_duplicate_ids_across_files(tmp_path):
    _write(tmp_path, "x.txt", "One.")
    _write(tmp_path, "sub/y.txt", "---\nid: x\n---\nTwo.")
    _raises_exactly(DuplicateIdError, lambda: rl.load_corpus(tmp_path), "'x'", "x.txt", "sub/y.txt")


def test_loader_error_names_the_file_inside_a_folder(tmp_path):
    _write(tmp_path, "good.txt", "Fine text.")
    _write(tmp_path, "deep/bad.txt", b"\x81\x8d\x8f")
    _raises_exactly(DecodingError, lambda: rl.load_corpus(tmp_path), "deep/bad.txt")


def test_loader_error_metadata_path_escaping_folder(tmp_path):
    _write(tmp_path, "metadata.csv", "path,speaker\n../../etc/passwd,Kim\n")
    _raises_exactly(
        InputFileError, lambda: rl.load_corpus(tmp_path), "metadata.csv line 2", "../../etc/passwd"
    )


# ---------------------------------------------------------------------------
# Loaders: warnings (kept and flagged) and odd but valid encodings
# ---------------------------------------------------------------------------


def test_cp1252_warns_and_decodes(tmp_path):
    text = "Caf\u00e9 \u201cunity\u201d \u2014 \u20ac5 and na\u00efve."
    path = _write(tmp_path, "cp.txt", text.encode("cp1252"))
    with pytest.warns(EncodingFallbackWarning, match="cp.txt"):
        docs = rl.load_corpus(path)
    assert docs["text"].tolist() == [text]
    assert not docs["is_empty"].iloc[0]


@pytest.mark.parametrize(
    "content",
    ["", "   \n\t \r\n  ", "\u200b\u200d\ufeff", "\x0c\r\r"],
    ids=["empty", "whitespace", "zero-width-only", "breaks-only"],
)
def test_empty_documents_kept_and_flagged(tmp_path, content):
    _write(tmp_path, "a.txt", "Real text here.")
    _write(tmp_path, "b.txt", content)
    with pytest.warns(EmptyDocumentWarning, match=r"b \(b.txt\)"):
        docs = rl.load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["a", "b"]
    assert docs["is_empty"].tolist() == [False, True]
    sents = rl.split_sentences(docs)
    assert set(sents["doc_id"]) == {"a"}


def test_empty_jsonl_record_kept(tmp_path):
    path = _write(tmp_path, "e.jsonl", '{"text": "One."}\n{"text": "  "}\n{"text": null}\n')
    with pytest.warns(EmptyDocumentWarning, match="e.jsonl line 2"):
        docs = rl.load_corpus(path)
    assert docs["doc_id"].tolist() == ["e-1", "e-2", "e-3"]
    assert docs["is_empty"].tolist() == [False, True, True]


def test_duplicate_documents_kept_and_flagged(tmp_path):
    _write(tmp_path, "a.txt", "We share blood.")
    _write(tmp_path, "b.txt", "We share blood.")
    _write(tmp_path, "c.txt", "we SHARE \u201cblood\u201d")
    with pytest.warns(DuplicateDocumentWarning, match="b -> a"):
        docs = rl.load_corpus(tmp_path)
    assert len(docs) == 3
    assert docs["duplicate_of"].tolist()[1:] == ["a", "a"]


@pytest.mark.parametrize(
    "data,expected",
    [
        pytest.param(
            "Hello \u201cworld\u201d.\nSecond line.".encode("utf-16"),
            "Hello \u201cworld\u201d. Second line.",
            id="utf16-bom",
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + "Kim said.".encode("utf-16-be"), "Kim said.", id="utf16-be-bom"
        ),
        pytest.param(codecs.BOM_UTF8 + "Ünity.".encode(), "Ünity.", id="utf8-bom"),
        pytest.param(
            b"Line one.\rLine two.\r\rPara two.", "Line one. Line two.\n\nPara two.", id="cr-only"
        ),
        pytest.param(
            b"Line one.\r\nLine two.\r\n\r\nPara two.\r\n",
            "Line one. Line two.\n\nPara two.",
            id="crlf",
        ),
        pytest.param(
            b"Line one.\r\nLine two.\rLine three.\n\r\nPara two.",
            "Line one. Line two. Line three.\n\nPara two.",
            id="mixed-endings",
        ),
    ],
)
def test_encodings_and_line_endings_decode(tmp_path, data, expected):
    path = _write(tmp_path, "doc.txt", data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none of these deserves a warning
        docs = rl.load_corpus(path)
    assert docs["text"].tolist() == [expected]
    assert "\r" not in docs["text"].iloc[0]


def test_nul_escaped_inside_json_string_is_cleaned(tmp_path):
    path = _write(tmp_path, "n.jsonl", '{"text": "a\\u0000b c"}\n')
    docs = rl.load_corpus(path)
    assert docs["text"].tolist() == ["ab c"]


# ---------------------------------------------------------------------------
# Lexicons
# ---------------------------------------------------------------------------

LEXICON_ERRORS = [
    ("yaml-empty-pattern", "l.yaml", "cat:\n  - ''\n  - ok\n", ["l.yaml", "line 2", "empty"]),
    ("yaml-blank-pattern", "l.yaml", "cat:\n  - ok\n  - '   '\n", ["l.yaml", "line 3"]),
    ("yaml-star-inside-word", "l.yaml", "cat:\n  - 'fr*ter'\n", ["l.yaml", "line 2", "fr*ter"]),
    ("yaml-lone-star", "l.yaml", "cat:\n  - '*'\n", ["l.yaml", "line 2"]),
    ("yaml-scalar-category", "l.yaml", "cat: word\n", ["l.yaml", "line 1", "'cat'"]),
    ("yaml-nested-list-item", "l.yaml", "cat:\n  - [a, b]\n", ["l.yaml", "line 2"]),
    ("yaml-duplicate-category", "l.yaml", "cat: [a]\ncat: [b]\n", ["l.yaml", "line 2", "'cat'"]),
    ("yaml-broken", "l.yaml", "cat: [a, b\n", ["l.yaml", "line"]),
    ("yaml-empty-file", "l.yaml", "", ["l.yaml", "empty"]),
    ("yaml-top-level-list", "l.yml", "- a\n- b\n", ["l.yml", "line 1"]),
    ("yaml-binary", "l.yaml", bytes(range(256)), ["l.yaml"]),
    ("dic-unknown-category-id", "l.dic", "%\n1\tcare\n%\nkind*\t1 7\n", ["l.dic", "line 4", "'7'"]),
    (
        "dic-duplicate-category-id",
        "l.dic",
        "%\n1\tcare\n1\tharm\n%\nkind\t1\n",
        ["l.dic", "line 3", "'1'"],
    ),
    ("dic-empty-pattern", "l.dic", "%\n1\tcare\n%\n\t1\n", ["l.dic", "line 4", "empty"]),
    ("dic-entry-without-id", "l.dic", "%\n1\tcare\n%\nkind\n", ["l.dic", "line 4", "'kind'"]),
    ("dic-header-never-closes", "l.dic", "%\n1\tcare\nkind\t1\n", ["l.dic", "'%'"]),
    ("cat-entry-without-category", "l.cat", "CAT\n  word (1)\n", ["l.cat", "line 2"]),
    ("unknown-format", "l.json", "{}", ["l.json", ".json"]),
]


@pytest.mark.parametrize(
    "name,data,fragments",
    [pytest.param(*case[1:], id=case[0]) for case in LEXICON_ERRORS],
)
def test_lexicon_error(tmp_path, name, data, fragments):
    path = _write(tmp_path, name, data)
    _raises_exactly(LexiconError, lambda: rl.load_lexicon(path), *fragments)


def test_lexicon_missing_file(tmp_path):
    _raises_exactly(LexiconError, lambda: rl.load_lexicon(tmp_path / "none.yaml"), "none.yaml")


# ---------------------------------------------------------------------------
# Parameters of public functions
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "text": ['We share blood. "Brothers forever," Kim said.', "Putin praised the victory."],
            "speaker": [None, "Vladimir Putin"],
        }
    )
    sents = rl.split_sentences(docs)
    frames = rl.lookup_frames(sents, rl.default_lexicon())
    return {"docs": docs, "sents": sents, "frames": frames, "scored": rl.score_sentiment(sents)}


# (id, call taking the fixture dict, exception, fragments)
PARAMETER_ERRORS = [
    (
        "kwic-window-negative",
        lambda c: rl.kwic(c["docs"], "blood", sentences=c["sents"], window=-1),
        ParameterError,
        ["window", "-1"],
    ),
    (
        "kwic-window-float",
        lambda c: rl.kwic(c["docs"], "blood", sentences=c["sents"], window=1.5),
        ParameterError,
        ["window", "1.5"],
    ),
    (
        "kwic-window-str",
        lambda c: rl.kwic(c["docs"], "blood", sentences=c["sents"], window="8"),
        ParameterError,
        ["window", "'8'"],
    ),
    (
        "kwic-window-bool",
        lambda c: rl.kwic(c["docs"], "blood", sentences=c["sents"], window=True),
        ParameterError,
        ["window"],
    ),
    ("kwic-empty-pattern", lambda c: rl.kwic(c["docs"], "   ", sentences=c["sents"]), ParameterError, ["pattern"]),
    (
        "kwic-blank-in-list",
        lambda c: rl.kwic(c["docs"], ["blood", ""], sentences=c["sents"]),
        ParameterError,
        ["pattern"],
    ),
    ("kwic-pattern-int", lambda c: rl.kwic(c["docs"], 5, sentences=c["sents"]), ParameterError, ["pattern", "int"]),
    ("kwic-bad-glob", lambda c: rl.kwic(c["docs"], "bl*od", sentences=c["sents"]), LexiconError, ["bl*od"]),
    (
        "kwic-unknown-category",
        lambda c: rl.kwic(c["docs"], "nope", sentences=c["sents"], lexicon=rl.default_lexicon()),
        ParameterError,
        ["'nope'", "kinship_blood"],
    ),
    ("kwic-not-a-frame", lambda c: rl.kwic("text", "blood", sentences=c["sents"]), SchemaError, ["corpus", "str"]),
    (
        "kwic-no-text",
        lambda c: rl.kwic(c["docs"][["doc_id"]], "blood", sentences=c["sents"]),
        SchemaError,
        ["corpus", "text"],
    ),
    (
        "kwic-html-max-rows",
        lambda c: rl.kwic_html(rl.kwic(c["docs"], "blood", sentences=c["sents"]), max_rows=-1),
        ParameterError,
        ["max_rows", "-1"],
    ),
    (
        "kwic-html-not-concordance",
        lambda c: rl.kwic_html(c["docs"]),
        SchemaError,
        ["left", "match"],
    ),
    (
        "keyness-min-count-str",
        lambda c: rl.compute_keyness(c["sents"], {"speaker": "Kim"}, min_count="x"),
        ParameterError,
        ["min_count", "'x'"],
    ),
    (
        "keyness-min-count-negative",
        lambda c: rl.compute_keyness(c["sents"], {"speaker": "Kim"}, min_count=-1),
        ParameterError,
        ["min_count", "-1"],
    ),
    (
        "keyness-unknown-column",
        lambda c: rl.compute_keyness(c["sents"], {"nocol": "Kim"}),
        SchemaError,
        ["nocol"],
    ),
    (
        "keyness-empty-target",
        lambda c: rl.compute_keyness(c["sents"], {}),
        ParameterError,
        ["target"],
    ),
    (
        "collocations-window-zero",
        lambda c: rl.find_collocations(c["sents"], "blood", window=0),
        ParameterError,
        ["window", "0"],
    ),
    (
        "collocations-bad-measure",
        lambda c: rl.find_collocations(c["sents"], "blood", measure="bogus"),
        ParameterError,
        ["measure", "'bogus'"],
    ),
    (
        "sentiment-frame-without-text",
        lambda c: rl.score_sentiment(pd.DataFrame({"body": ["x"]})),
        SchemaError,
        ["text", "body"],
    ),
    ("sentiment-single-string", lambda c: rl.score_sentiment("hello"), ParameterError, ["data"]),
    (
        "sentiment-missing-text",
        lambda c: rl.score_sentiment(["ok", None]),
        ParameterError,
        ["data[1]", "None"],
    ),
    ("sentiment-not-a-sequence", lambda c: rl.score_sentiment(5), ParameterError, ["data", "int"]),
    (
        "aggregate-unknown-by",
        lambda c: rl.aggregate_sentiment(c["scored"], by="nope"),
        SchemaError,
        ["nope"],
    ),
    (
        "aggregate-empty-by",
        lambda c: rl.aggregate_sentiment(c["scored"], by=[]),
        ParameterError,
        ["by"],
    ),
    (
        "frame-rates-unknown-by",
        lambda c: rl.frame_rates(c["frames"], c["sents"], by="nope"),
        SchemaError,
        ["nope"],
    ),
    (
        "frame-rates-by-int",
        lambda c: rl.frame_rates(c["frames"], c["sents"], by=5),
        ParameterError,
        ["by", "5"],
    ),
    (
        "frame-rates-no-category",
        lambda c: rl.frame_rates(c["frames"][["doc_id"]], c["sents"]),
        SchemaError,
        ["category"],
    ),
    (
        "frame-sentiment-unknown-by",
        lambda c: rl.frame_sentiment(c["frames"], c["scored"], by="nope"),
        SchemaError,
        ["nope"],
    ),
    (
        "lookup-lexicon-as-str",
        lambda c: rl.lookup_frames(c["sents"], "default"),
        ParameterError,
        ["lexicon", "'default'"],
    ),
    (
        "lookup-empty-lexicon-list",
        lambda c: rl.lookup_frames(c["sents"], []),
        ParameterError,
        ["lexicon"],
    ),
    (
        "lookup-not-a-frame",
        lambda c: rl.lookup_frames(["x"], rl.default_lexicon()),
        SchemaError,
        ["data", "list"],
    ),
    (
        "lookup-no-doc-id",
        lambda c: rl.lookup_frames(pd.DataFrame({"text": ["x"]}), rl.default_lexicon()),
        SchemaError,
        ["doc_id"],
    ),
    (
        "diagnostics-lexicon-as-str",
        lambda c: rl.lexicon_diagnostics(c["frames"], "x"),
        ParameterError,
        ["lexicon"],
    ),
    (
        "split-no-text",
        lambda c: rl.split_sentences(pd.DataFrame({"doc_id": ["a"]})),
        SchemaError,
        ["text"],
    ),
    (
        "split-not-a-frame",
        lambda c: rl.split_sentences("We share blood."),
        SchemaError,
        ["corpus", "str"],
    ),
    (
        "split-bad-quotes",
        lambda c: rl.split_sentences(c["docs"], quotes=pd.DataFrame({"doc_id": ["a"]})),
        SchemaError,
        ["quotes", "speaker"],
    ),
    ("quotes-not-a-frame", lambda c: rl.extract_quotes("x"), SchemaError, ["corpus", "str"]),
    (
        "quotes-no-text",
        lambda c: rl.extract_quotes(pd.DataFrame({"doc_id": ["a"]})),
        SchemaError,
        ["corpus", "text"],
    ),
]


@pytest.mark.parametrize(
    "call,exc,fragments",
    [pytest.param(*case[1:], id=case[0]) for case in PARAMETER_ERRORS],
)
def test_parameter_error(small, call, exc, fragments):
    _raises_exactly(exc, lambda: call(small), *fragments)


def test_documents_without_speaker_column_run_through(small):
    """A plain (doc_id, text) frame is a documents frame for every stage."""
    docs = small["docs"][["doc_id", "text"]]
    frames = rl.lookup_frames(docs, rl.default_lexicon())
    assert "share blood" in frames["matched"].str.lower().tolist()
    assert len(rl.kwic(docs, "share blood", sentences=rl.split_sentences(docs))) == 1


# ---------------------------------------------------------------------------
# Grids and notebooks (researchlib.batch): rejected before anything runs
# ---------------------------------------------------------------------------


def _notebook(path, parameters: str | None):
    nb = nbformat.v4.new_notebook()
    cells = []
    if parameters is not None:
        cell = nbformat.v4.new_code_cell(parameters)
        cell.metadata["tags"] = ["parameters"]
        cells.append(cell)
    cells.append(nbformat.v4.new_code_cell("print(speaker)"))
    nb.cells = cells
    nbformat.write(nb, str(path))
    return path


@pytest.fixture
def nb(tmp_path):
    return _notebook(
        tmp_path / "report.ipynb",
        "speaker = 'Kim'  # who speaks\nyear = 2020  # a year\nratio = 0.5\nflags = ['a']\n",
    )


GRID_ERRORS = [
    ("unknown-parameter", [{"speakr": "Putin"}], GridError, ["'speakr'", "run "]),
    ("wrong-type-int", {"year": ["2020", 2021]}, GridError, ["'year'", "'2020'", "int"]),
    ("wrong-type-float", [{"ratio": "high"}], GridError, ["'ratio'", "'high'"]),
    ("wrong-type-list", [{"flags": "a"}], GridError, ["'flags'"]),
    ("empty-value-list", {"speaker": []}, GridError, ["'speaker'", "empty"]),
    ("item-not-mapping", [5], GridError, ["run 0"]),
    ("unknown-top-level-key", {"runs": [{"speaker": "a"}], "bogus": 1}, GridError, ["bogus"]),
]


@pytest.mark.parametrize(
    "grid,exc,fragments",
    [pytest.param(*case[1:], id=case[0]) for case in GRID_ERRORS],
)
def test_grid_error_before_anything_runs(tmp_path, nb, grid, exc, fragments):
    out = tmp_path / "reports"
    _raises_exactly(exc, lambda: rl.run_batch(nb, grid=grid, out=out, progress=False), *fragments)
    assert not out.exists(), "a rejected grid must not create outputs"


def test_grid_file_broken_yaml(tmp_path, nb):
    grid = _write(tmp_path, "grid.yaml", "speaker: [a, b\n")
    _raises_exactly(
        GridError,
        lambda: rl.run_batch(nb, grid=grid, out=tmp_path / "o", progress=False),
        "grid.yaml",
    )


def test_notebook_without_parameters_cell(tmp_path):
    plain = _notebook(tmp_path / "plain.ipynb", None)
    out = tmp_path / "reports"
    _raises_exactly(
        NotebookError,
        lambda: rl.run_batch(plain, grid=[{"speaker": "Putin"}], out=out, progress=False),
        "plain.ipynb",
        "parameters",
    )
    assert not out.exists()


def test_notebook_not_json(tmp_path):
    broken = _write(tmp_path, "broken.ipynb", "{not json")
    _raises_exactly(
        NotebookError,
        lambda: rl.run_batch(broken, grid=[{"speaker": "a"}], out=tmp_path / "o", progress=False),
        "broken.ipynb",
    )


def test_batch_bad_workers(tmp_path, nb):
    _raises_exactly(
        ParameterError,
        lambda: rl.run_batch(
            nb, grid=[{"speaker": "a"}], out=tmp_path / "o", workers=0, progress=False
        ),
        "workers",
    )


# ---------------------------------------------------------------------------
# Survives: hostile but legal text through the whole chain, offsets valid
# ---------------------------------------------------------------------------

HOSTILE = {
    "rtl-arabic": 'قال الرئيس "نحن إخوة في الدم." وأضاف: «السلام عليكم». We share blood, brothers.',
    "rtl-hebrew": 'הוא אמר "אנחנו אחים בדם." Kim said "we share blood."',
    "cjk": '金正恩说：“我们是血盟兄弟。”普京表示：「勝利は我々のものだ」。 Kim said, "We share blood."',
    "zero-width": 'Kim\u200b said\u200d, "We\u200c share\u2060 blood\ufeff." Bro\u00adthers.',
    "emoji": 'Kim 👍🏽 said, "We share blood 🩸🇰🇵." 👨\u200d👩\u200d👧 Brothers! 🎉',
    "nested-quotes": (
        "Kim said, \"Putin told me 'we share blood' and \u201cbrothers \u2018in arms\u2019\u201d"
        ' forever." Done.'
    ),
    "unbalanced-quotes": 'Kim said, "We share blood. Putin said "brothers." And "" then " alone.',
    "never-closing-quote": (
        'Kim said, "We share blood and this never closes.\n\n"Another paragraph. A third one!'
    ),
    "only-quote-marks": '"""" \u201c\u201c\u201d\u201d «» \' \' "',
    "bidi-overrides": 'Kim said \u202e"doolb erahs ew"\u202c. Brothers \u2066x\u2069.',
    "combining-marks": 'e\u0301 n\u0303 Kim sa\u0301id "we share blood\u0301."',
    "html-like": '<p>Kim said, "We <b>share</b> blood."</p> <script>alert(1)</script>',
}


def _check_spans(table, texts, column):
    for doc_id, start, end, value in zip(
        table["doc_id"], table["start"], table["end"], table[column]
    ):
        text = texts[doc_id]
        assert 0 <= start <= end <= len(text), (doc_id, start, end, len(text))
        assert text[start:end] == value, (doc_id, start, end, value)


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_chain_survives(tmp_path, text):
    _write(tmp_path, "doc.txt", text)
    _write(tmp_path, "plain.txt", 'Kim said, "We share blood."')
    docs = rl.load_corpus(tmp_path)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    quotes = rl.extract_quotes(docs)
    sents = rl.split_sentences(docs, quotes=quotes)
    scored = rl.score_sentiment(sents)
    frames = rl.lookup_frames(sents, rl.default_lexicon(), quotes=quotes)
    concordance = rl.kwic(docs, "share blood", sentences=sents, quotes=quotes)
    _check_spans(quotes, texts, "text")
    _check_spans(sents, texts, "text")
    _check_spans(frames, texts, "matched")
    _check_spans(concordance, texts, "match")
    assert scored["compound"].between(-1, 1).all()
    assert len(scored) == len(sents)
    assert set(sents["doc_id"]) == set(docs["doc_id"][~docs["is_empty"]])
    # the plain control document is always found, whatever its neighbour holds
    assert ("plain", "share blood") in set(zip(frames["doc_id"], frames["matched"]))
    html = rl.kwic_html(concordance)
    assert "<script>" not in html


# ---------------------------------------------------------------------------
# The real seed article, re-encoded: same documents, same quotes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode,warning",
    [
        pytest.param(lambda t: t.encode("cp1252"), EncodingFallbackWarning, id="cp1252"),
        pytest.param(lambda t: t.encode("utf-16"), None, id="utf16-bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode(), None, id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r").encode(), None, id="cr-only"),
        pytest.param(
            lambda t: codecs.BOM_UTF8 + t.replace(" ", " \u200b").encode(),
            None,
            id="bom-and-zero-width",
        ),
    ],
)
def test_seed_article_reencoded_gives_same_tables(tmp_path, encode, warning):
    from conftest import shared_path

    seed = shared_path("seed", "kim-putin-new-year-2026.txt")
    reference = rl.load_corpus(seed)
    path = _write(tmp_path, seed.name, encode(seed.read_text(encoding="utf-8")))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = rl.load_corpus(path)
    kinds = {type(w.message) for w in caught}
    assert kinds == ({warning} if warning else set())
    assert docs["text"].tolist() == reference["text"].tolist()
    cols = ["start", "end", "speaker"]
    pd.testing.assert_frame_equal(rl.extract_quotes(docs)[cols], rl.extract_quotes(reference)[cols])
