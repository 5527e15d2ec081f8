"""Security checks (issue 8): escaped HTML and markdown, names that stay in their folder,
safe YAML, and no dangerous calls anywhere in the package.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import mistune
import pandas as pd
import pytest

import researchlib as rl
from researchlib._io import inside, safe_name
from researchlib.exceptions import (
    FrontMatterError,
    GridError,
    InputFileError,
    LexiconError,
    OutputError,
)

PACKAGE = Path(rl.__file__).resolve().parent

SCRIPT = "<script>document.title='PWNED'</script>"
IMG = '<img src=x onerror="alert(1)">'
LINK = '<a href="javascript:alert(1)">click</a>'
MD_LINK = "[click](javascript:alert(1))"
PAYLOADS = [SCRIPT, IMG, LINK, MD_LINK]


class _Elements(HTMLParser):
    """Collect every start tag and attribute an HTML string really contains."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _elements(markup: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return parser.tags


def _assert_inert(markup: str, allowed_tags: set[str]) -> None:
    """No script, image, link or event handler; only the expected tags."""
    for tag, attrs in _elements(markup):
        assert tag in allowed_tags, f"unexpected <{tag}> in output"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            assert "javascript:" not in (value or "").lower(), f"javascript: URL in <{tag}>"


# ---------------------------------------------------------------------------
# HTML and markdown escaping
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_tables(tmp_path_factory):
    """Processed tables of a corpus whose text, titles and speakers carry markup."""
    folder = tmp_path_factory.mktemp("hostile")
    for i, payload in enumerate(PAYLOADS):
        speaker = payload.replace('"', "'").replace("\n", " ")
        (folder / f"doc{i}.txt").write_text(
            f'---\ntitle: "Report {payload.replace(chr(34), chr(39))}"\nspeaker: "{speaker}"\n'
            f"---\nWe share blood {payload} with our brothers. "
            f'{payload} said, "We share blood {payload} forever, brothers." '
            f"The victory was glorious. We share blood again {payload}.\n",
            encoding="utf-8",
        )
    docs = rl.load_corpus(folder)
    quotes = rl.extract_quotes(docs)
    sents = rl.score_sentiment(rl.split_sentences(docs, quotes=quotes))
    frames = rl.lookup_frames(sents, rl.default_lexicon(), quotes=quotes)
    from researchlib.pipeline import Tables

    return Tables(docs, sents, quotes, frames)


def test_documents_really_carry_the_payloads(hostile_tables):
    docs = hostile_tables.documents
    for payload in PAYLOADS:
        assert docs["text"].str.contains(payload, regex=False).any()
    assert docs["speaker"].str.contains("<script>", regex=False).any()


def test_kwic_html_escapes_text_speakers_and_caption(hostile_tables):
    docs = hostile_tables.documents
    concordance = rl.kwic(docs, "share blood", sentences=hostile_tables.sentences, window=12,
                          within_sentence=False)
    assert concordance["left"].str.contains("<", regex=False).any()
    assert concordance["right"].str.contains("<", regex=False).any()
    concordance = concordance.assign(doc_id=concordance["doc_id"] + IMG)
    page = rl.kwic_html(concordance, caption=SCRIPT)
    _assert_inert(page, {"table", "caption", "thead", "tbody", "tr", "th", "td", "mark"})
    assert "<script" not in page.lower()
    assert html.escape(SCRIPT) in page  # shown as text, not dropped
    marks = re.findall(r"<mark>(.*?)</mark>", page)
    assert len(marks) == len(concordance)


@pytest.mark.parametrize("payload", PAYLOADS, ids=["script", "img", "a-javascript", "md-link"])
def test_kwic_html_escapes_each_payload_in_a_cell(payload):
    row = pd.DataFrame(
        {
            "doc_id": [payload],
            "left": [payload],
            "match": [payload],
            "right": [payload],
            "speaker": [payload],
        }
    )
    page = rl.kwic_html(row, caption=payload)
    _assert_inert(page, {"table", "caption", "thead", "tbody", "tr", "th", "td", "mark"})
    assert page.count(html.escape(payload, quote=True)) == 6


def test_describe_escapes_titles_speakers_categories_terms(hostile_tables):
    from researchlib.narrative import describe

    keys = rl.compute_keyness(hostile_tables.sentences, {"doc_id": "doc0"}, min_count=1)
    keys = keys.assign(term=keys["term"].where(keys.index != keys.index[0], SCRIPT))
    rates = rl.frame_rates(hostile_tables.frames, hostile_tables.sentences, by="speaker")
    rates = rates.assign(category=rates["category"] + IMG)
    text = describe(
        hostile_tables,
        rates=rates,
        keyness=keys,
        title=SCRIPT + LINK + MD_LINK,
        top=10,
        min_sentences=1,
    )
    assert "<script" not in text and "<img" not in text and "<a " not in text
    rendered = mistune.html(text)
    _assert_inert(rendered, {"h2", "p", "strong", "em", "br"})
    assert "script" in rendered  # the hostile names are shown as text, not lost


# ---------------------------------------------------------------------------
# Output names never escape their folder
# ---------------------------------------------------------------------------

ESCAPES = [
    "../../x",
    "../x",
    "/etc/passwd",
    "a/../../b",
    "..",
    "a\x00b",
    "~/.ssh/id_rsa",
    "C:\\Windows\\x",
    "\u2025/x",
    "./.hidden",
]


@pytest.mark.parametrize("name", ESCAPES)
def test_safe_name_stays_inside(tmp_path, name):
    try:
        cleaned = safe_name(name)
    except OutputError as err:
        assert repr(name) in str(err)
        return
    assert "/" not in cleaned and "\\" not in cleaned and "\x00" not in cleaned
    assert not cleaned.startswith(".")
    target = (tmp_path / cleaned).resolve()
    assert target.parent == tmp_path.resolve()


@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "a/../../b", "..", "a\x00b"])
def test_inside_refuses_escapes(tmp_path, name):
    with pytest.raises(OutputError) as info:
        inside(tmp_path, name, argument="run name")
    assert "run name" in str(info.value)


def test_inside_allows_plain_names(tmp_path):
    assert inside(tmp_path, "report.html") == tmp_path.resolve() / "report.html"
    assert inside(tmp_path, "sub/report.html").parent == tmp_path.resolve() / "sub"


def test_grid_run_names_stay_inside(tmp_path):
    from researchlib.batch import load_grid

    grid = [{"name": name, "x": i} for i, name in enumerate(["../../evil", "/abs/p", "a\x00b"])]
    grid.append({"speaker": "../../../etc/passwd"})
    runs = load_grid(grid, notebook=tmp_path / "nb.ipynb")
    names = [run.name for run in runs]
    assert len(set(names)) == len(names)
    for name in names:
        assert inside(tmp_path, f"{name}.html").parent == tmp_path.resolve()
        assert not name.startswith(".")


def test_metadata_path_cannot_leave_the_corpus(tmp_path):
    (tmp_path / "secret.txt").write_text("outside")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "metadata.csv").write_text("path\n../secret.txt\n")
    with pytest.raises(InputFileError) as info:
        rl.load_corpus(corpus)
    assert "../secret.txt" in str(info.value)


# ---------------------------------------------------------------------------
# YAML is read safely: tags that would run code raise, and never run
# ---------------------------------------------------------------------------


def _tags(sentinel: Path) -> list[str]:
    cmd = f"touch {sentinel}"
    return [
        f"!!python/object/apply:os.system ['{cmd}']",
        f"!!python/object/apply:subprocess.call [['touch', '{sentinel}']]",
        "!!python/name:os.system ''",
        "!!python/object:os.PathLike {}",
    ]


@pytest.mark.parametrize("which", range(4))
def test_front_matter_python_tags_raise(tmp_path, which):
    sentinel = tmp_path / "ran"
    tag = _tags(sentinel)[which]
    doc = tmp_path / "doc.txt"
    doc.write_text(f"---\ntitle: {tag}\n---\nBody.\n")
    with pytest.raises(FrontMatterError) as info:
        rl.load_corpus(doc)
    assert "doc.txt" in str(info.value) and "line 2" in str(info.value)
    assert not sentinel.exists()


@pytest.mark.parametrize("where", ["category", "item", "nested"])
@pytest.mark.parametrize("which", range(4))
def test_lexicon_python_tags_raise(tmp_path, which, where):
    sentinel = tmp_path / "ran"
    tag = _tags(sentinel)[which]
    body = {
        "category": f"kin: {tag}\n",
        "item": f"kin:\n  - blood\n  - {tag}\n",
        "nested": f"top:\n  kin: {tag}\n",
    }[where]
    path = tmp_path / "lex.yaml"
    path.write_text(body)
    with pytest.raises(LexiconError) as info:
        rl.load_lexicon(path)
    assert "lex.yaml" in str(info.value)
    assert not sentinel.exists()


@pytest.mark.parametrize("which", range(4))
def test_grid_python_tags_raise(tmp_path, which):
    from researchlib.batch import load_grid

    sentinel = tmp_path / "ran"
    grid = tmp_path / "grid.yaml"
    grid.write_text(f"speaker: {_tags(sentinel)[which]}\n")
    with pytest.raises(GridError) as info:
        load_grid(grid, notebook=tmp_path / "nb.ipynb")
    assert "grid.yaml" in str(info.value)
    assert not sentinel.exists()


# ---------------------------------------------------------------------------
# No dangerous calls in the package source
# ---------------------------------------------------------------------------

DANGEROUS = {
    "pickle": re.compile(
        r"^\s*(?:import|from)\s+(?:c?pickle|dill|shelve|marshal)\b|\bpickle\.load"
    ),
    "yaml.load without SafeLoader": re.compile(r"\byaml\.load(?:_all)?\((?![^)]*SafeLoader)"),
    "unsafe yaml": re.compile(
        r"\byaml\.(?:unsafe_load|full_load)|Loader=yaml\.(?:Unsafe|Full)?Loader\b"
    ),
    "eval(": re.compile(r"(?<![\w.])eval\("),
    "exec(": re.compile(r"(?<![\w.])exec\("),
    "shell=True": re.compile(r"shell\s*=\s*True"),
}


def _sources():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 15, "package sources not found"
    return files


@pytest.mark.parametrize("label", list(DANGEROUS))
def test_no_dangerous_calls_in_package(label):
    pattern = DANGEROUS[label]
    found = []
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line.split("#", 1)[0]):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not found, f"{label} used in: {found}"


def test_the_grep_would_catch_them():
    """The patterns really match the forms they are meant to forbid."""
    assert DANGEROUS["pickle"].search("import pickle")
    assert DANGEROUS["pickle"].search("data = pickle.loads(blob)")
    assert DANGEROUS["yaml.load without SafeLoader"].search("yaml.load(text)")
    assert not DANGEROUS["yaml.load without SafeLoader"].search(
        "yaml.load(t, Loader=yaml.SafeLoader)"
    )
    assert DANGEROUS["unsafe yaml"].search("yaml.unsafe_load(x)")
    assert DANGEROUS["eval("].search("x = eval(s)")
    assert not DANGEROUS["eval("].search("ast.literal_eval(s)")
    assert DANGEROUS["exec("].search("exec(code)")
