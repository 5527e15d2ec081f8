"""Tests of researchlib.frames: the pattern rules, offsets, rates, sentiment and diagnostics."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

import researchlib as rl
from researchlib import _text
from researchlib.exceptions import ParameterError, SchemaError
from researchlib.frames import frame_rates, frame_sentiment, lexicon_diagnostics, lookup_frames
from researchlib.lexicon import Lexicon, load_lexicon

FRAME_COLUMNS = [
    "doc_id",
    "sent_id",
    "category",
    "pattern",
    "matched",
    "start",
    "end",
    "speaker",
    "quote_speaker",
    "lexicon",
]


def sentences_of(docs: dict[str, str], speaker: str = "narrator") -> pd.DataFrame:
    """Hand-made sentences frame: sentences end at '.', '!' or '?' followed by space or end."""
    rows = []
    for doc_id, text in docs.items():
        for sent_id, m in enumerate(re.finditer(r"\S.*?(?:[.!?](?=\s|\Z)|\Z)", text, re.S)):
            rows.append(
                {
                    "doc_id": doc_id,
                    "sent_id": sent_id,
                    "start": m.start(),
                    "end": m.end(),
                    "text": m.group(),
                    "n_words": _text.count_words(m.group()),
                    "speaker": speaker,
                }
            )
    return pd.DataFrame(rows)


def matches(text: str, patterns, category: str = "c") -> list[str]:
    lex = Lexicon("t", {category: patterns})
    frames = lookup_frames(sentences_of({"d": text}), lex)
    return frames["matched"].tolist()


# --- pattern rules -------------------------------------------------------------


def test_inflections_match_but_derivations_do_not():
    text = "They shared blood. We are sharing blood. Allies and alliances met. Its ally agreed."
    assert matches(text, ["share blood"]) == ["shared blood", "sharing blood"]
    assert matches(text, ["alliance"]) == ["alliances"]
    assert matches(text, ["ally"]) == ["Allies", "ally"]


def test_case_insensitive_and_typographic_apostrophe():
    assert matches("KINSHIP and Kinship. Korea’s people.", ["kinship", "korea's"]) == [
        "KINSHIP",
        "Kinship",
        "Korea’s",
    ]


def test_glob_is_a_prefix_on_the_surface_word():
    text = "Fraternal fraternity; a frat party. Brotherhood of brothers."
    assert matches(text, ["fratern*", "brother*"]) == [
        "Fraternal",
        "fraternity",
        "Brotherhood",
        "brothers",
    ]


def test_multi_word_needs_consecutive_words():
    assert matches("blood ties, blood and ties", ["blood ties"]) == ["blood ties"]
    assert matches("the same  \n trench", ["same trench"]) == ["same  \n trench"]


def test_quote_marks_between_words_are_ignored():
    text = "the “shared” blood, the 'shared blood' and « shared » blood"
    assert matches(text, ["share blood"]) == ["shared” blood", "shared blood", "shared » blood"]


def test_no_match_across_comma_dash_or_sentence_end():
    assert matches("They shared, blood was shed.", ["share blood"]) == []
    assert matches("They shared - blood was shed.", ["share blood"]) == []
    assert matches("Everything they shared. Blood was shed.", ["share blood"]) == []
    assert matches("They shared\x00blood.", ["share blood"]) == []


def test_overlap_inside_a_category_longest_wins_then_earliest():
    lex = Lexicon("t", {"c": ["blood", "share blood", "blood ties", "shared blood ties"]})
    frames = lookup_frames(sentences_of({"d": "We shared blood ties. Blood ties bind."}), lex)
    assert frames[["pattern", "matched"]].values.tolist() == [
        ["shared blood ties", "shared blood ties"],
        ["blood ties", "Blood ties"],
    ]
    # equal lengths: the earlier span wins, the overlapping later one is dropped
    lex = Lexicon("t", {"c": ["a b", "b c"]})
    assert lookup_frames(sentences_of({"d": "a b c"}), lex)["matched"].tolist() == ["a b"]
    # same span from two patterns of one category counts once, for the first pattern
    lex = Lexicon("t", {"c": ["brother", "brother*"]})
    frames = lookup_frames(sentences_of({"d": "brother"}), lex)
    assert frames["pattern"].tolist() == ["brother"]


def test_a_span_counts_for_several_categories_and_lexicons():
    one = Lexicon("one", {"kin": ["blood ties"], "war": ["blood"], "bond": ["tie*"]})
    two = Lexicon("two", {"x": ["blood ties"]})
    frames = lookup_frames(sentences_of({"d": "Their blood ties hold."}), [one, two])
    got = sorted(frames[["lexicon", "category", "matched"]].itertuples(index=False, name=None))
    assert got == [
        ("one", "bond", "ties"),
        ("one", "kin", "blood ties"),
        ("one", "war", "blood"),
        ("two", "x", "blood ties"),
    ]


# --- offsets, speakers, input kinds --------------------------------------------------


def test_offsets_index_the_document_text():
    docs = {
        "a": "First sentence here. Their “shared blood” is sealed.  Brothers!",
        "b": "Nothing. Brotherhood and fraternal unity.",
    }
    sentences = sentences_of(docs)
    frames = lookup_frames(sentences, rl.default_lexicon())
    assert list(frames.columns) == FRAME_COLUMNS
    assert len(frames) >= 5
    for row in frames.itertuples():
        assert docs[row.doc_id][row.start : row.end] == row.matched
        sent = sentences[(sentences.doc_id == row.doc_id) & (sentences.sent_id == row.sent_id)]
        assert sent.start.iloc[0] <= row.start < row.end <= sent.end.iloc[0]


def test_quote_speaker_is_recorded_beside_the_sentence_speaker():
    text = "Kim wrote: “our fraternal ties are unbreakable,” and called him a brother."
    sentences = sentences_of({"d": text}, speaker="KCNA")
    q_start = text.index("our")
    quotes = pd.DataFrame(
        {"doc_id": ["d"], "start": [q_start], "end": [text.index(",”") + 1], "speaker": ["Kim"]}
    )
    frames = lookup_frames(sentences, rl.default_lexicon(), quotes=quotes)
    assert set(frames["speaker"]) == {"KCNA"}  # the sentence's voice: rates stay consistent
    quoted = dict(zip(frames["matched"], frames["quote_speaker"]))
    assert quoted["fraternal"] == "Kim"
    assert quoted["unbreakable"] == "Kim"
    assert pd.isna(quoted["brother"])


def test_input_not_mutated_and_empty_result_has_columns():
    sentences = sentences_of({"d": "Nothing to see."})
    before = sentences.copy()
    frames = lookup_frames(sentences, Lexicon("t", {"c": ["blood"]}))
    pd.testing.assert_frame_equal(sentences, before)
    assert frames.empty and list(frames.columns) == FRAME_COLUMNS


def test_lookup_errors():
    with pytest.raises(SchemaError, match="speaker"):
        lookup_frames(sentences_of({"d": "x"}).drop(columns="speaker"), rl.default_lexicon())
    with pytest.raises(ParameterError, match="Lexicon"):
        lookup_frames(sentences_of({"d": "x"}), ["not a lexicon"])
    with pytest.raises(ParameterError, match="non-empty"):
        lookup_frames(sentences_of({"d": "x"}), [])


def test_default_lexicon_on_the_seed_article():
    path = shared_path("seed", "kim-putin-new-year-2026.txt")
    text = path.read_text(encoding="utf-8")
    sentences = sentences_of({"seed": text})
    frames = lookup_frames(sentences, rl.default_lexicon())
    blood = frames[frames["pattern"] == "share blood"]
    assert {m.lower() for m in blood["matched"]} == {"shared blood", "sharing blood"}
    assert blood["category"].nunique() == 1
    assert blood["category"].iloc[0] == "kinship_blood"
    for row in frames.itertuples():
        assert text[row.start : row.end] == row.matched
    found = set(frames["category"])
    assert {
        "kinship_blood",
        "comradeship_unity",
        "righteousness_victory",
        "goodwill_greeting",
    } <= found
    # "alliance" does not match "allies" (it is "ally" that does)
    allies = frames[frames["matched"] == "allies"]
    assert set(allies["pattern"]) == {"ally"}


def test_mfd_multi_word_entries_match():
    path = shared_path("corpora", "dictionaries", "moral_foundations", "mfd2.0.dic")
    lex = load_lexicon(path)
    frames = lookup_frames(sentences_of({"d": "They fought for civil rights and fair play."}), lex)
    assert "civil rights" in set(frames["matched"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=6))
def test_property_arbitrary_text_offsets_equal_matched(pieces):
    text = " ".join(pieces)
    lex = Lexicon("p", {"a": ["a", "ab*", "a b"], "b": ["é*", "b"], "c": ["ß", "x y z"]})
    sentences = pd.DataFrame(
        {
            "doc_id": ["d"] * len(pieces),
            "sent_id": range(len(pieces)),
            "start": [sum(len(p) + 1 for p in pieces[:i]) for i in range(len(pieces))],
            "text": pieces,
            "speaker": ["s"] * len(pieces),
        }
    )
    frames = lookup_frames(sentences, lex)
    for row in frames.itertuples():
        assert text[row.start : row.end] == row.matched
        assert (
            row.matched
            == pieces[row.sent_id][
                row.start - sentences.start[row.sent_id] : row.end - sentences.start[row.sent_id]
            ]
        )


# --- rates, sentiment, diagnostics --------------------------------------------------


@pytest.fixture
def two_speakers():
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "sent_id": [0, 1, 0, 1],
            "speaker": ["Kim", "Kim", "Putin", "Putin"],
            "n_words": [10, 30, 50, 50],
            "compound": [0.5, -0.1, 0.2, 0.0],
        }
    )
    frames = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "sent_id": [0, 0, 1, 1],
            "category": ["kin", "kin", "war", "kin"],
            "pattern": ["brother*", "blood ties", "war", "blood ties"],
            "speaker": ["Kim", "Kim", "Kim", "Putin"],
            "lexicon": ["t", "t", "t", "t"],
        }
    )
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "country": ["PRK", "RUS"],
            "date": pd.to_datetime(["2025-12-31", "2026-01-01"]),
        }
    )
    return sentences, frames, documents


def test_frame_rates_zero_fill_and_arithmetic(two_speakers):
    sentences, frames, _ = two_speakers
    before = frames.copy()
    rates = frame_rates(frames, sentences)
    pd.testing.assert_frame_equal(frames, before)
    assert list(rates.columns) == [
        "speaker", "lexicon", "category", "n", "n_words", "per_1000", "ci_low", "ci_high"
    ]
    assert list(frame_rates(frames, sentences, ci=None).columns) == list(rates.columns[:-2])
    table = rates.set_index(["speaker", "category"])
    # hand count: Kim has 2 kin hits and 1 war hit in 40 words; Putin 1 kin, 0 war, 100 words
    assert table.loc[("Kim", "kin"), "n"] == 2
    assert table.loc[("Kim", "kin"), "per_1000"] == pytest.approx(2 / 40 * 1000)
    assert table.loc[("Kim", "war"), "per_1000"] == pytest.approx(25.0)
    assert table.loc[("Putin", "war"), "n"] == 0
    assert table.loc[("Putin", "war"), "per_1000"] == 0.0
    assert table.loc[("Putin", "kin"), "n_words"] == 100
    assert table.loc[("Putin", "kin"), "per_1000"] == pytest.approx(10.0)
    assert len(rates) == 4


def test_frame_rates_joins_columns_from_documents(two_speakers):
    sentences, frames, documents = two_speakers
    rates = frame_rates(frames, sentences, by=["country", "year"], documents=documents)
    table = rates.set_index(["country", "year", "category"])
    assert table.loc[("PRK", 2025, "kin"), "n"] == 2
    assert table.loc[("RUS", 2026, "war"), "n"] == 0
    overall = frame_rates(frames, sentences, by=None)
    assert overall.set_index("category").loc["kin", "per_1000"] == pytest.approx(3 / 140 * 1000)
    with pytest.raises(SchemaError, match="country"):
        frame_rates(frames, sentences, by="country")
    with pytest.raises(SchemaError, match="party"):
        frame_rates(frames, sentences, by="party", documents=documents)


def test_frame_sentiment_counts_a_sentence_once(two_speakers):
    sentences, frames, _ = two_speakers
    out = frame_sentiment(frames, sentences).set_index("category")
    # kin sentences: (a,0) 0.5 [two hits, counted once] and (b,1) 0.0
    assert out.loc["kin", "n"] == 2
    assert out.loc["kin", "mean_compound"] == pytest.approx(0.25)
    assert out.loc["war", "mean_compound"] == pytest.approx(-0.1)
    by = frame_sentiment(frames, sentences, by="speaker").set_index(["speaker", "category"])
    assert by.loc[("Putin", "kin"), "mean_compound"] == pytest.approx(0.0)
    with pytest.raises(SchemaError, match="compound.*score_sentiment"):
        frame_sentiment(frames, sentences.drop(columns="compound"))


def test_lexicon_diagnostics(two_speakers):
    sentences, frames, _ = two_speakers
    lex = Lexicon("t", {"kin": ["brother*", "blood ties", "kinship"], "war": ["war", "blood ties"]})
    diag = lexicon_diagnostics(frames, lex, sentences=sentences)
    assert list(diag.columns) == [
        "lexicon",
        "category",
        "pattern",
        "n_hits",
        "in_categories",
        "never_matched",
        "share",
        "top_forms",
    ]
    table = diag.set_index(["category", "pattern"])
    assert table.loc[("kin", "blood ties"), "n_hits"] == 2
    assert table.loc[("kin", "blood ties"), "in_categories"] == 2
    assert table.loc[("kin", "brother*"), "in_categories"] == 1
    assert bool(table.loc[("kin", "kinship"), "never_matched"])
    assert bool(table.loc[("war", "blood ties"), "never_matched"])
    assert not table.loc[("war", "war"), "never_matched"]
    assert diag.attrs["coverage"] == pytest.approx(3 / 4)
    with pytest.raises(ParameterError, match="order"):
        lexicon_diagnostics(lex, frames)


def test_bench_lexicon_runs_on_a_small_sample(capsys):
    import importlib.util
    from pathlib import Path

    shared_path("corpora", "ungdc", "speeches")
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_lexicon.py"
    spec = importlib.util.spec_from_file_location("bench_lexicon", script)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--limit", "3", "--vader-sample", "50"]) == 0
    out = capsys.readouterr().out
    assert "documents: 3" in out
    assert re.search(
        r"frames mfd2\.0 / small time ratio: [\d.]+ \(median of 5 pairs; .*\) \(target <= 1\.5\)", out
    )
    assert re.search(r"frames mfd2\.0 vs vader throughput: [\d.]+x \(target >= 10x\)", out)


def test_documents_input_is_split_into_sentences():
    from researchlib.sentences import split_sentences

    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "text": ["They shared blood. Brothers stand together!", "No frames here."],
            "speaker": ["Kim", "Putin"],
        }
    )
    direct = lookup_frames(docs, rl.default_lexicon())
    via = lookup_frames(split_sentences(docs), rl.default_lexicon())
    pd.testing.assert_frame_equal(direct, via)
    assert set(direct["matched"]) >= {"shared blood", "Brothers", "stand together"}
    for row in direct.itertuples():
        assert docs.set_index("doc_id").text[row.doc_id][row.start : row.end] == row.matched


def test_rates_per_speaker_always_have_words_behind_their_hits():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    docs = rl.load_corpus(root / "data" / "raw")
    quotes = rl.extract_quotes(docs)
    sentences = rl.split_sentences(docs, quotes=quotes)
    frames = lookup_frames(sentences, rl.default_lexicon(), quotes=quotes)
    assert frames["quote_speaker"].notna().any()
    rates = frame_rates(frames, sentences, by="speaker")
    assert (rates.loc[rates["n"] > 0, "n_words"] > 0).all()
    assert rates.loc[rates["n"] > 0, "per_1000"].notna().all()


def test_three_word_entries_and_long_gaps():
    # Gaps of any length count when they hold only white space and quote marks.
    assert matches("in   “  good  ”   faith", ["in good faith"]) == ["in   “  good  ”   faith"]
    # A mark that is not a quote, even the sixth character of a gap, breaks the entry.
    assert matches("in good \" \" ; faith", ["in good faith"]) == []
    assert matches("in good; faith and in good faith", ["in good faith"]) == ["in good faith"]
    # Two-word heads shared by several entries: each entry is checked on its own.
    patterns = ["in good faith", "in good time", "in good"]
    assert matches("in good time, in good faith, in good order", patterns) == [
        "in good time", "in good faith", "in good",
    ]


def test_matched_text_and_offsets_after_wide_characters():
    # Characters of two, three and four UTF-8 bytes before the hits shift no offset.
    text = "Été 한국 \U0001d400 — shared blood and blood ties 😀 blood."
    sentences = sentences_of({"d": text})
    frames = lookup_frames(sentences, Lexicon("t", {"c": ["blood", "shared blood"]}))
    assert frames["matched"].tolist() == ["shared blood", "blood", "blood"]
    for start, end, matched in frames[["start", "end", "matched"]].itertuples(index=False):
        assert text[start:end] == matched


def test_threads_sharing_a_lexicon_get_the_sequential_results():
    from concurrent.futures import ThreadPoolExecutor

    words = [f"w{i}" for i in range(3000)]
    texts = {f"d{k}": " ".join(words[k::7]) + " shared blood ties. Blood." for k in range(7)}
    patterns = {"kin": ["blood ties", "share blood"], "war": ["blood", "w1*"]}
    expected = {d: lookup_frames(sentences_of({d: t}), Lexicon("t", patterns)) for d, t in texts.items()}
    shared = Lexicon("t", patterns)  # one compiled lexicon, classified by all threads at once
    with ThreadPoolExecutor(4) as pool:
        got = dict(zip(texts, pool.map(lambda d: lookup_frames(sentences_of({d: texts[d]}), shared), texts)))
    for d in texts:
        pd.testing.assert_frame_equal(got[d], expected[d])


def test_overlap_resolution_equals_the_pairwise_rule_on_many_spans():
    # Many overlapping multi-word hits in one chunk: the kept spans must be those the plain
    # rule keeps (longest, then earliest, then first entry; a span is dropped when it
    # overlaps any span already kept in its category).
    import random

    rnd = random.Random(7)
    vocab = ["a", "b", "c", "d"]
    patterns = sorted({" ".join(rnd.choice(vocab) for _ in range(rnd.randint(2, 4))) for _ in range(40)})
    lex = Lexicon("t", {"x": patterns[::2], "y": patterns[1::2]})
    text = " ".join(rnd.choice(vocab) for _ in range(3000)) + "."
    frames = lookup_frames(sentences_of({"d": text}), lex)
    words = text.rstrip(".").split(" ")
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
    expected = []
    for category in ("x", "y"):
        found = []  # (first word, last word, entry number) of every occurrence
        for eid, pattern in enumerate(lex.patterns(category)):
            parts = pattern.split(" ")
            for i in range(len(words) - len(parts) + 1):
                if words[i : i + len(parts)] == parts:
                    found.append((i, i + len(parts) - 1, eid))
        chars = {f: starts[f[1]] + len(words[f[1]]) - starts[f[0]] for f in found}
        kept = []
        for f in sorted(found, key=lambda f: (-chars[f], f[0], f[2])):
            if not any(f[0] <= k[1] and k[0] <= f[1] for k in kept):
                kept.append(f)
        expected += [(category, starts[a], starts[b] + len(words[b])) for a, b, _ in kept]
    got = list(zip(frames["category"], frames["start"], frames["end"]))
    assert sorted(got) == sorted(expected) and len(got) > 300


# ---------------------------------------------------------------------------
# Words and their types: the compiled pass against the numpy + Arrow reference


def _same_words(text):
    from researchlib import frames

    got, ref = frames._words(text), frames._words_regex(text, _text.code_points(text))
    assert got.starts.tolist() == ref.starts.tolist()
    assert got.ends.tolist() == ref.ends.tolist()
    assert got.types == ref.types  # both number types by first appearance
    assert got.index.tolist() == ref.index.tolist()


@pytest.mark.parametrize(
    "text", ["", " ", "the the THE The", "don't don’t dont", "a-b a - b", "é e\u0301 中文 中文", "\x00a\x00a"]
)
def test_compiled_word_types_match_the_reference(text):
    _same_words(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["kin", "Kin", "kin's", "-", "'", "’", " ", "\x00", "é", "\U0001d400", "9", "_"]), max_size=80).map("".join))
def test_property_compiled_word_types_match_the_reference(text):
    _same_words(text)


def test_compiled_word_types_match_the_reference_on_speeches():
    folder = shared_path("corpora", "ungdc", "speeches")
    files = sorted(folder.rglob("*.txt"))[:300]
    # Many speeches joined as the frame lookup joins sentences: a large table of types.
    text = "\x00".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    _same_words(text)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values as plain Python objects (missing as None), for comparing tables across dtypes."""
    out = frame.reset_index(drop=True).astype(object)
    return out.where(out.notna(), None)


def test_lookup_frames_on_documents_gives_the_voices_of_the_prepared_tables(tmp_path):
    from researchlib.lexicon import default_lexicon
    from researchlib.pipeline import load_processed, prepare

    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    prepare(raw, out=tmp_path / "processed", sentiment=False, workers=1, progress=False)
    tables = load_processed(tmp_path / "processed")
    assert tables.frames["quote_speaker"].notna().any(), "data/raw should hold framed quotations"
    documents = tables.documents.loc[~tables.documents["is_empty"].astype(bool)]
    documents = documents[documents["duplicate_of"].isna()] if "duplicate_of" in documents else documents
    documents = documents[documents["doc_id"].isin(tables.sentences["doc_id"])]
    got = lookup_frames(documents, default_lexicon())
    want = tables.frames[got.columns]
    order = ["doc_id", "start", "end", "category", "lexicon"]
    pd.testing.assert_frame_equal(
        _plain(got.sort_values(order, kind="stable")), _plain(want.sort_values(order, kind="stable"))
    )


def test_describe_pools_rates_with_intervals_as_without():
    from collections import namedtuple

    from researchlib.narrative import describe

    sentences = pd.DataFrame(
        {"doc_id": list("abcdef"), "speaker": list("KKKPPP"), "n_words": [100, 200, 300, 100, 150, 250]}
    )
    frames = pd.DataFrame(
        {
            "doc_id": list("aabbcdddeef"),
            "speaker": list("KKKKKPPPPPP"),
            "category": ["kin", "war", "kin", "kin", "war", "kin", "kin", "war", "war", "kin", "war"],
        }
    )
    documents = pd.DataFrame({"doc_id": list("abcdef")})
    tables = namedtuple("Tables", "documents sentences quotes frames")(documents, sentences, None, frames)
    rates = frame_rates(frames, sentences, by="speaker")
    assert rates["ci_high"].nunique() == len(rates)  # no two rows share an interval
    with_ci = describe(tables, rates=rates)
    assert with_ci == describe(tables, rates=frame_rates(frames, sentences, by="speaker", ci=None))
    # kin: 6 hits over 1,100 words
    assert "*kin* (5.45 per 1,000 words, 6 hits)" in with_ci
