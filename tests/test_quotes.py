"""Tests for researchlib.quotes: quotation spans, speakers, cues, the labelled set."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from researchlib.exceptions import SchemaError
from researchlib.quotes import QUOTE_COLUMNS, extract_quotes
from researchlib.quotes._spans import (
    _MARK_RE,
    _PARA_BREAK_RE,
    _mark_positions,
    _next_para_break,
    has_mark,
)

GOLD = Path(__file__).with_name("data") / "quotes_gold.jsonl"


def docs(*texts, speaker=None):
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "text": list(texts),
            "speaker": [speaker] * len(texts),
        }
    )


def quotes_of(text, speaker=None):
    return extract_quotes(docs(text, speaker=speaker))


def pairs(text, speaker=None):
    q = quotes_of(text, speaker)
    return list(zip(q["text"], q["speaker"]))


def assert_offsets(corpus, q):
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    for row in q.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text


def _clean(text):
    try:
        from researchlib.corpus import clean_text
    except ImportError:  # pragma: no cover - corpus module not yet present
        return text
    return clean_text(text)


# --- the seed article ---------------------------------------------------------------------------


def test_seed_article_seven_quotes_six_kim_one_putin(seed_path):
    corpus = docs(_clean(seed_path.read_text(encoding="utf-8")))
    q = extract_quotes(corpus)
    assert list(q.columns) == QUOTE_COLUMNS
    assert len(q) == 7
    assert q["quote_id"].tolist() == list(range(7))
    assert q["speaker"].value_counts().to_dict() == {"Kim Jong Un": 6, "Vladimir Putin": 1}
    putin = q[q["speaker"] == "Vladimir Putin"]["text"].iloc[0]
    assert putin.startswith("the heroic entry of soldiers")
    by_text = dict(zip(q["text"], zip(q["speaker"], q["cue"])))
    assert by_text["shared blood"] == ("Kim Jong Un", "said")
    assert by_text["really meaningful year"] == ("Kim Jong Un", "described as")
    letter = next(t for t in q["text"] if t.startswith("My dear comrade!"))
    assert by_text[letter] == ("Kim Jong Un", "the letter read")
    hope = next(t for t in q["text"] if t.startswith("I sincerely hope"))
    assert by_text[hope] == ("Kim Jong Un", "adding")
    health = next(t for t in q["text"] if t.startswith("good health"))
    assert by_text[health] == ("Kim Jong Un", "wished")
    assert_offsets(corpus, q)


def test_seed_article_raw_and_cleaned_agree(seed_path):
    raw = seed_path.read_text(encoding="utf-8")
    a = quotes_of(raw)
    b = quotes_of(_clean(raw))
    assert a[["text", "speaker", "cue"]].equals(b[["text", "speaker", "cue"]])


# --- finding spans --------------------------------------------------------------------------------


def test_curly_and_straight_quotes_and_offsets():
    corpus = docs('“We will win,” Kim said.', '"We will win," Kim said.')
    q = extract_quotes(corpus)
    assert q["text"].tolist() == ["We will win,", "We will win,"]
    assert q["speaker"].tolist() == ["Kim", "Kim"]
    assert q["doc_id"].tolist() == ["d0", "d1"]
    assert_offsets(corpus, q)


def test_scare_quotes_are_quotations():
    assert pairs('Kim Jong Un said ties were sealed by “shared blood” in the war.') == [
        ("shared blood", "Kim Jong Un")
    ]


def test_split_quote_gives_two_rows_same_speaker_and_cue():
    q = quotes_of('"We will win," President Kim Jong Un said, "and we will prosper."')
    assert q["text"].tolist() == ["We will win,", "and we will prosper."]
    assert q["speaker"].tolist() == ["Kim Jong Un", "Kim Jong Un"]
    assert q["cue"].tolist() == ["said", "said"]


def test_multi_paragraph_quote_is_one_quotation():
    text = (
        "Minister Ana Lopez spoke for an hour.\n\n"
        "“We have learned our lesson.\n\n"
        "“We will act now.\n\n"
        "“Nobody will be left behind,” she said."
    )
    q = quotes_of(text)
    assert len(q) == 1
    assert q["text"][0].startswith("We have learned") and q["text"][0].endswith("left behind,")
    assert (q["speaker"][0], q["cue"][0], q["kind"][0]) == ("Ana Lopez", "said", "speech")


def test_unclosed_quote_is_capped_at_paragraph_end():
    text = 'Kim said: "We will never surrender.\n\nLater, Putin said "thank you" to his hosts.'
    q = quotes_of(text)
    assert q["text"].tolist() == ["We will never surrender.", "thank you"]
    assert q["speaker"].tolist() == ["Kim", "Putin"]


def test_unclosed_curly_quote_does_not_swallow_the_document():
    text = "He called it “madness.\n\nThe next paragraph has no quotes at all."
    q = quotes_of(text)
    assert q["text"].tolist() == ["madness."]


def test_stray_closing_marks_and_empty_quotes_are_ignored():
    assert quotes_of('A 12" pipe, a ”stray mark and “” nothing.').empty


def test_apostrophes_and_single_quotes_are_not_quotations():
    text = "Korea’s leader said he won't go. The 'hermit kingdom' label stuck, she said."
    assert quotes_of(text).empty


def test_nested_single_quotes_stay_inside_the_double_quote():
    q = quotes_of('"They call it \'peace\', but it is war," the minister said.')
    assert q["text"].tolist() == ["They call it 'peace', but it is war,"]


def test_documents_without_quotes_give_an_empty_table_with_the_columns():
    q = quotes_of("No quotations here.")
    assert q.empty
    assert list(q.columns) == QUOTE_COLUMNS


# --- attribution ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ('Kim said: "We are ready."', "Kim", "said"),
        ('"We are ready," Kim said.', "Kim", "said"),
        ('"We are ready," said Kim.', "Kim", "said"),
        ('"We are ready," Kim told reporters.', "Kim", "told"),
        ('Kim stressed that the army was "fully ready."', "Kim", "stressed"),
        ('Kim urged the party to "stay vigilant."', "Kim", "urged"),
        ('According to Kim, "the army is ready."', "Kim", "according to"),
        ('The army is "fully ready," according to Kim.', "Kim", "according to"),
    ],
)
def test_cue_before_and_after(text, speaker, cue):
    q = quotes_of(text)
    assert (q["speaker"].iloc[0], q["cue"].iloc[0]) == (speaker, cue)


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [  # constructions from KCNA's English stories of 2011-2012
        ('Lee Myung Bak blustered that "one should know the most warlike group is near."',
         "Lee Myung Bak", "blustered"),
        ('However, Lee Myung Bak raved that "there is no going back in relations."',
         "Lee Myung Bak", "raved"),
        ('Lee Myung Bak is a maniac. In 2009 he jabbered "he could not understand the north."',
         "Lee Myung Bak", "jabbered"),
        ('Maehara uttered that "the islets have been under control by another country."',
         "Maehara", "uttered"),
        ('Kim Kwan Jin went to the island, blustering "there is no rear separated from front."',
         "Kim Kwan Jin", "blustering"),
    ],
)
def test_state_media_verbs_that_mock_the_speaker_are_cues(text, speaker, cue):
    q = quotes_of(text)
    assert (q["speaker"].iloc[0], q["cue"].iloc[0]) == (speaker, cue)


def test_a_name_never_runs_across_a_paragraph_break():
    # KCNA's white papers put a title-case heading right before a paragraph opening with a name
    text = ("The traitor trampled on the declaration.\n\nReckless Remarks Negating Inter-Korean "
            "Relations\n\nLee Myung Bak suspended the dialogues overnight. Later he blustered that "
            '"one should not be afraid of a war."')
    q = quotes_of(text)
    assert (q["speaker"].iloc[0], q["cue"].iloc[0]) == ("Lee Myung Bak", "blustered")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [  # KCNA writes "south Korea" in lower case and uses "of south Korea" as a locator
        ('Members of the Democratic Labor Party of south Korea began a strike. They declared they '
         'would denounce the "government" and the company.', "Members of the Democratic Labor Party"),
        ('A spokesman for the puppet Ministry of Defense of south Korea blustered "it is not worth '
         'reacting."', "Ministry of Defense"),
        ('Yonhap News of south Korea said "the talks were cancelled."', "Yonhap News"),
    ],
)
def test_lower_case_south_korea_is_a_locator_not_a_speaker(text, speaker):
    assert quotes_of(text)["speaker"].iloc[0] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [  # KCNA: a sentence ending in an abbreviation ("the DPRK.") right before a pronoun
        ("General Secretary Kim Jong Il sent autograph to 12 discharged soldiers who were "
         "dispatched to Jonchon County in the northwestern part of the DPRK. It reads \"I hope "
         'you will become excellent men of the country."', "Kim Jong Il"),
        ("The spokesman of the Democratic Labor Party lashed out at the U.S. attitude to ignite "
         "a war against the DPRK. He made public a commentary on March 3. The commentary said "
         'that the U.S. mulls designating Sherman as "commander" of the forces.',
         "Democratic Labor Party"),
        ('The strikers denounced KBS. They accused KBS of preparing a "special" program.',
         "unattributed"),  # "they" are the strikers: no name to give them
    ],
)
def test_a_name_never_starts_inside_a_word(text, speaker):
    # "DPRK. He made" once read as the subject "K. He", so "it"/"they" went to "K."
    assert quotes_of(text)["speaker"].iloc[0] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [  # KCNA: "of the C.C., <organisation>" (its Central Committee) inside the appositive
        ("Mun Yong Chol, chairman of the Poetry Sub-committee of the C.C., Writers Union of Korea, "
         'told KCNA: "Though the sky falls, we will not forgive them."', "Mun Yong Chol"),
        ("Ri Yong Il, a section chief at the Secretariat of the C.C., Democratic Front for the "
         'Reunification of Korea, told KCNA: "We should show no mercy to the enemies."', "Ri Yong Il"),
    ],
)
def test_central_committee_appositive_keeps_the_speaker(text, speaker):
    assert quotes_of(text)["speaker"].iloc[0] == speaker


def test_subject_not_object():
    q = quotes_of("Kim also wished Putin “good health,” adding, “I hope for happiness.”")
    assert q["speaker"].tolist() == ["Kim", "Kim"]
    assert q["cue"].tolist() == ["wished", "adding"]


def test_pronoun_resolves_to_most_recent_person_subject():
    text = (
        "Russian President Vladimir Putin, in a message to Kim Jong Un, praised the troops. "
        "He referred to “the heroic entry of soldiers.”"
    )
    assert pairs(text) == [("the heroic entry of soldiers.", "Vladimir Putin")]


def test_titles_stripped_and_names_made_canonical():
    text = (
        "North Korean leader Kim Jong Un met Russian President Vladimir Putin on Monday.\n\n"
        "“We are brothers,” Kim said.\n\n“Indeed,” Putin replied."
    )
    assert pairs(text) == [("We are brothers,", "Kim Jong Un"), ("Indeed,", "Vladimir Putin")]


def test_letter_statement_and_ministry_resolve_to_their_authors():
    text = (
        "A letter from Kim Yo Jong was carried by state media.\n\n"
        "“Seoul should keep quiet,” the letter read.\n\n"
        "The Foreign Ministry issued a statement on Friday.\n\n"
        "“We reject the claims,” the ministry said."
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Kim Yo Jong", "Foreign Ministry"]
    assert q["cue"].tolist() == ["the letter read", "said"]


def test_in_his_words():
    q = quotes_of("Kim said ties grew, developing, in his words, “into an alliance.”")
    assert (q["speaker"].iloc[0], q["cue"].iloc[0]) == ("Kim", "in his words")


def test_continuation_quote_takes_the_previous_speaker():
    assert pairs('"We will win," Kim said. "We will never give up."') == [
        ("We will win,", "Kim"),
        ("We will never give up.", "Kim"),
    ]


def test_first_person_subject_is_the_document_speaker():
    text = 'The Charter reminds us of "the scourge of war". My delegation believes that "peace is possible."'
    assert pairs(text, speaker="Ana Lopez") == [
        ("the scourge of war", "Charter"),
        ("peace is possible.", "Ana Lopez"),
    ]


def test_partial_quote_in_a_new_sentence_does_not_inherit_the_previous_speaker():
    text = 'Kim said it was "a great year". Analysts doubted the "great" part.'
    assert pairs(text) == [("a great year", "Kim"), ("great", "unattributed")]


def test_fallbacks_document_speaker_then_unattributed():
    q = extract_quotes(
        pd.DataFrame(
            {
                "doc_id": ["speech", "anon"],
                "text": ["We stand for “peace through strength”.", "A “so-called” deal."],
                "speaker": ["Ana Lopez", pd.NA],
            }
        )
    )
    assert q["speaker"].tolist() == ["Ana Lopez", "unattributed"]
    assert q["cue"].isna().all()



def test_trailing_of_place_is_not_part_of_a_persons_name():
    text = (
        "Chairman Idris Valko of Varnia wrote to President Maren Solvik of the Federation of "
        "Oskar.\n\n“We stand together,” Valko wrote. “So we do,” Solvik replied."
    )
    assert pairs(text) == [("We stand together,", "Idris Valko"), ("So we do,", "Maren Solvik")]


def test_an_apposition_with_title_and_place_is_not_the_name():
    text = '"We will not retreat," said Pedro Alves, Minister of Defence of Castile, on Friday.'
    assert pairs(text) == [("We will not retreat,", "Pedro Alves")]


def test_bare_surname_takes_the_full_name_from_the_documents_speaker():
    text = 'Opening the bridge, Mensah told the crowd it was "a gift to our grandchildren."'
    assert pairs(text, speaker="Kofi Mensah") == [("a gift to our grandchildren.", "Kofi Mensah")]


def test_organisation_keeps_its_head_noun_and_country():
    text = (
        'The exercise posed "no threat," according to the Aldmere foreign ministry. '
        "Castile's interior ministry said the protest was \"illegal.\""
    )
    assert pairs(text) == [
        ("no threat,", "Aldmere Foreign Ministry"),
        ("illegal.", "Castile Interior Ministry"),
    ]


def test_institution_of_place_is_kept_whole():
    text = (
        "The Ministry of Foreign Affairs of Castile issued a statement. "
        '"Castile will not be intimidated," the ministry said.'
    )
    assert pairs(text) == [
        ("Castile will not be intimidated,", "Ministry of Foreign Affairs of Castile")
    ]


def test_role_of_place_without_a_name_is_named_by_the_role_or_its_apposition():
    assert pairs('"We are ready," the Emir of Qatar said.') == [("We are ready,", "Emir of Qatar")]
    text = 'The Prime Minister of Cape Verde, Mr. José Maria Neves, said: "We must act."'
    assert pairs(text) == [("We must act.", "José Maria Neves")]


@pytest.mark.parametrize(
    "text",
    [
        'General Omar Haddad flew to the front. Speaking to officers, he said: "Hold the line."',
        "In Dravel, General Omar Haddad laid a wreath. He said the war was \"a tragedy.\"",
    ],
)
def test_pronoun_cue_resolves_to_a_subject_with_any_verb(text):
    q = quotes_of(text)
    assert (q["speaker"].iloc[0], q["cue"].iloc[0]) == ("Omar Haddad", "said")


def test_pronoun_skips_an_earlier_speaker_for_the_latest_clause_subject():
    text = (
        "“We won,” Ana Ruiz said.\n\nIn Dravel, General Omar Haddad laid a wreath at the Tomb of "
        'the Two Armies. Speaking to veterans, he said: "We will share our future."'
    )
    assert pairs(text) == [("We won,", "Ana Ruiz"), ("We will share our future.", "Omar Haddad")]


def test_pronoun_subject_is_not_an_object_phrase():
    text = (
        "Chairman Idris Valko sent Maren Solvik a New Year letter.\n\n"
        "“My dear comrade!” the letter read."
    )
    assert pairs(text) == [("My dear comrade!", "Idris Valko")]


def test_colon_at_paragraph_end_attributes_a_multi_paragraph_quote():
    text = (
        "Prime Minister Tessa Quill explained why she had written:\n\n"
        "“I tried the quiet way.\n\n“Nothing changed.\n\n“So I spoke in public.”\n\n"
        "The ministry declined to comment."
    )
    q = quotes_of(text)
    assert len(q) == 1 and q["text"][0].startswith("I tried") and q["text"][0].endswith("public.")
    assert set(zip(q["speaker"], q["cue"])) == {("Tessa Quill", "explained")}


def test_first_paragraph_cue_carries_to_the_whole_run():
    text = (
        "Lars Holm left the chamber. Asked about it, he said: “It was not easy.\n\n"
        "“We weighed every option.\n\n“We chose the safe path.”"
    )
    q = quotes_of(text)
    assert len(q) == 1
    assert set(q["speaker"]) == {"Lars Holm"}

# --- input checks ---------------------------------------------------------------------------------


def test_missing_column_raises_schema_error_naming_columns():
    with pytest.raises(SchemaError, match=r"text.*present.*doc_id"):
        extract_quotes(pd.DataFrame({"doc_id": ["a"], "body": ["x"]}))


def test_without_a_speaker_column_every_document_speaker_is_unknown():
    text = ['Kim Jong Un arrived. "We will win," he said. "Peace matters."', '"Alone here."']
    without = extract_quotes(pd.DataFrame({"doc_id": ["a", "b"], "text": text}))
    with_na = extract_quotes(pd.DataFrame({"doc_id": ["a", "b"], "text": text, "speaker": None}))
    pd.testing.assert_frame_equal(without, with_na)
    assert without["speaker"].tolist() == ["Kim Jong Un", "Kim Jong Un", "unattributed"]


def test_not_a_dataframe_raises_schema_error():
    with pytest.raises(SchemaError, match="DataFrame"):
        extract_quotes(["a text"])


def test_input_is_not_mutated():
    corpus = docs('"Hi," Kim said.')
    before = corpus.copy()
    extract_quotes(corpus)
    pd.testing.assert_frame_equal(corpus, before)


# --- the labelled set -----------------------------------------------------------------------------


def test_gold_set_span_and_speaker_accuracy():
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    n_quotes = sum(len(r["quotes"]) for r in records)
    assert n_quotes >= 40
    corpus = pd.DataFrame(
        {
            "doc_id": [f"g{i}" for i in range(len(records))],
            "text": [r["text"] for r in records],
            "speaker": [r["speaker"] for r in records],
        }
    )
    found = extract_quotes(corpus)
    assert_offsets(corpus, found)
    span_ok = speaker_ok = 0
    for i, record in enumerate(records):
        got = found[found["doc_id"] == f"g{i}"]
        # a paragraph of a multi-paragraph quotation lies inside the one row of its run
        for expected in record["quotes"]:
            holding = [who for text, who in zip(got["text"], got["speaker"])
                       if text == expected["text"] or f"{expected['text']}\n" in text
                       or text.endswith(f"“{expected['text']}")]
            if holding:
                span_ok += 1
                speaker_ok += holding[0] == expected["speaker"]
    span_acc, speaker_acc = span_ok / n_quotes, speaker_ok / n_quotes
    print(f"\nquotes gold set: {n_quotes} quotations, span accuracy {span_acc:.1%}, "
          f"speaker accuracy {speaker_acc:.1%}")
    assert speaker_acc >= 0.90


# --- properties -----------------------------------------------------------------------------------

_QUOTEY = st.lists(
    st.sampled_from(list('ab K“”"\'’«».,\n') + ["said", " he ", "Kim ", "\n\n", "according to "]),
    max_size=80,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=300), _QUOTEY))
def test_arbitrary_text_never_crashes_and_spans_are_exact(text):
    corpus = docs(text)
    q = extract_quotes(corpus)
    assert list(q.columns) == QUOTE_COLUMNS
    for row in q.itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start:row.end] == row.text
        assert isinstance(row.speaker, str) and row.speaker
    assert q["start"].is_monotonic_increasing


def test_bench_quotes_runs_on_a_small_sample(capsys):
    import importlib.util

    from conftest import shared_path

    shared_path("corpora", "kcna", "kcna_stories_2011.csv")
    shared_path("corpora", "ungdc", "metadata.csv")
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_quotes.py"
    spec = importlib.util.spec_from_file_location("bench_quotes", script)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--limit", "10"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("kcna") and "extract_quotes" in line for line in lines)
    assert any(line.startswith("ungdc") and "ratio" in line for line in lines)


# --- issue 15: attribution failure classes, kinds, confidence, canonical names ---------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"The plan is dead," county auditor Rosa Fenwick said.', "Rosa Fenwick"),
        ('"We will appeal," union lawyer Tomas Brandt says.', "Tomas Brandt"),
        ('"It went well," Liberal strategist Nora Quince, who ran the count, told CBC.', "Nora Quince"),
    ],
)
def test_a_descriptor_before_the_name_keeps_the_attribution(text, speaker):
    assert pairs(text)[0][1] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We lost the third period," said Falcons assistant coach Ida Marsh.', "Ida Marsh"),
        ('"Ink is cheap," says Halifax painter Owen Brody.', "Owen Brody"),
    ],
)
def test_an_inverted_cue_gives_the_person_not_the_club_or_town(text, speaker):
    assert pairs(text)[0][1] == speaker


def test_a_long_clause_after_the_cue_keeps_the_speaker():
    tail = " recalling the long winter that the whole village spent waiting for the ferry to return."
    text = f'"Was it worth it?" Ada Kern said,{tail}'
    assert pairs(text)[0][1] == "Ada Kern"


def test_a_quote_that_ends_its_sentence_is_not_given_to_the_next_sentences_cue():
    text = 'I promised "a fair deal." As Pia Lund once said, "Deals are kept."'
    assert pairs(text, speaker="Doc Speaker") == [
        ("a fair deal.", "Doc Speaker"), ("Deals are kept.", "Pia Lund")
    ]


@pytest.mark.parametrize("place", ["Norway", "Canada", "U.S.", "DPRK", "Canadian"])
def test_a_place_or_a_people_is_never_a_speaker(place):
    q = quotes_of(f'"Talks are over," {place} said.')
    assert q["speaker"][0] == "unattributed"
    assert q["confidence"][0] == "none"


def test_a_country_is_not_made_into_a_longer_organisation_name():
    text = 'Statistics Norway publishes data. "Prices rose," Norway said.'
    assert pairs(text)[0][1] == "unattributed"


def test_a_headline_is_not_a_name():
    text = 'Mayor Lina Ort Praised Harbour Plans\n\nThe council met. "It is done," she said.'
    assert pairs(text)[0][1] != "Lina Ort Praised Harbour Plans"


def test_an_unusual_cue_verb_from_the_word_list_attributes():
    assert pairs('"Please stay," Jon Vik implored.')[0][1] == "Jon Vik"
    assert pairs('Jon Vik lamented that the talks were "a farce."')[0][1] == "Jon Vik"


def test_cue_verb_forms_are_made_by_rule():
    from researchlib.quotes.cue_verbs import CUE_VERBS, verb_forms

    assert "implore" in CUE_VERBS
    assert verb_forms("implore") == ("implore", "implores", "implored", "imploring")
    assert verb_forms("point_out") == ("point out", "points out", "pointed out", "pointing out")
    assert verb_forms("say")[2] == "said"


def test_the_statement_read_goes_to_the_documents_own_source():
    text = 'Troops left Ardenville on Monday.\n\n"We demand an apology," the statement read.'
    q = quotes_of(text, speaker="Ministry of Foreign Affairs")
    assert (q["speaker"][0], q["cue"][0]) == ("Ministry of Foreign Affairs", "the statement read")


def test_doubled_apostrophes_are_quotation_marks():
    text = "''I love depreciation,'' Mr. Olin Kray said. It isn't a ''scare'' word."
    q = quotes_of(text)
    assert q["text"].tolist() == ["I love depreciation,", "scare"]
    assert q["speaker"][0] == "Olin Kray"
    assert_offsets(docs(text), q)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('Ola Dahl called the plan "naive" and left.', "speech"),
        ('The plan looked "naive" to many.', "scare"),
        ('Crowds sang "Make Our Town Great Again" outside.', "title"),
        ('He read "The Long Road Home" twice.', "title"),
        ('"We will rebuild the bridge," Ana Ruiz said.', "speech"),
        ('He called the deal "a disaster."', "speech"),
    ],
)
def test_kind_marks_speech_scare_quotes_and_titles(text, kind):
    assert quotes_of(text)["kind"].tolist() == [kind]


def test_a_fragment_inside_paraphrase_is_the_paraphrase_speakers_speech():
    q = quotes_of('Governor Lia Moss called the deal "a disaster" on Friday.')
    assert (q["speaker"][0], q["kind"][0], q["confidence"][0]) == ("Lia Moss", "speech", "cue")


def test_confidence_names_the_rule_that_gave_the_speaker():
    text = ('Kai Berg arrived. "We are ready," Kai Berg said. "Truly."\n\n'
            '"Later," he added. "No cue here at all, and a long one too."')
    q = quotes_of(text, speaker="The Paper")
    assert q["confidence"].tolist() == ["cue", "continuation", "pronoun", "continuation"]
    lone = quotes_of('"Nobody claims these words at all."', speaker="The Paper")
    assert (lone["speaker"][0], lone["confidence"][0]) == ("The Paper", "document")
    assert quotes_of('"Nobody claims these words at all."')["confidence"][0] == "none"


def test_descriptors_of_abuse_and_collectives_are_dropped_from_speakers():
    text = ('Lee Myung Bak spoke in Seoul. "We will push on," Traitor Lee Myung Bak said. '
            '"Nothing changes," the Lee group claimed.')
    assert [s for _, s in pairs(text)] == ["Lee Myung Bak", "Lee Myung Bak"]


def test_alias_table_merges_spellings_and_a_user_can_extend_it(tmp_path):
    text = '"Talks go on," Serguei Lavrov said. "Fine," Ana Pratt said.'
    assert [s for _, s in pairs(text)] == ["Sergei Lavrov", "Ana Pratt"]
    mine = extract_quotes(docs(text), aliases={"Ana Pratt": "Anna Pratt"})
    assert mine["speaker"].tolist() == ["Sergei Lavrov", "Anna Pratt"]
    table = tmp_path / "aliases.csv"
    table.write_text("alias,canonical\nana pratt,A. Pratt\n", encoding="utf-8")
    assert extract_quotes(docs(text), aliases=table)["speaker"].tolist()[1] == "A. Pratt"


@pytest.mark.parametrize(
    ("aliases", "match"),
    [
        (42, "aliases must be a mapping"),
        ({"Ana": ""}, "non-empty string"),
        ("no/such/file.json", "aliases=.no/such/file.json.: no such file"),
    ],
)
def test_bad_aliases_raise_parameter_error(aliases, match):
    from researchlib.exceptions import ParameterError

    with pytest.raises(ParameterError, match=match):
        extract_quotes(docs('"x y z," Ana said.'), aliases=aliases)


def test_eval_polnear_runs_on_a_small_sample(capsys):
    import importlib.util

    from conftest import shared_path

    shared_path("corpora", "polnear", "polnear_train_dev.jsonl")
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_quotes_polnear.py"
    spec = importlib.util.spec_from_file_location("eval_quotes_polnear", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--split", "dev", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "recall of quoted words" in out and "speaker accuracy, named sources" in out
    assert module.speaker_matches("Barack Obama", "Mr. Obama")
    assert module.speaker_matches("Alan Garten", "Trump attorney Alan Garten")
    assert not module.speaker_matches("Donald Trump", "Trump attorney Alan Garten")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"The vote is close," Mr. King said.', "King"),
        ('Sen. Ada Brook (D-Vt.) told reporters that "we will get there."', "Ada Brook"),
        ('The hall was full. Said Pell, "We are home."', "Pell"),
        ('"Enough," mused radio host Tam Oduya.', "Tam Oduya"),
        ('Rep. Ola Finch (R-Ariz.) reacted to the ruling, saying: "It is a mistake."', "Ola Finch"),
        ('Ivo Marsh, at a town hall in Dayton, Ohio, said he was "ready to lead."', "Ivo Marsh"),
        ('Actress Nell Parr told fans it was "a long night."', "Nell Parr"),
    ],
)
def test_more_attribution_shapes_of_news(text, speaker):
    assert pairs(text)[0][1] == speaker


def test_a_role_with_a_place_resolves_like_a_pronoun():
    text = 'Governor Rhea Stone spoke first. "We are ready," the Vermont governor said.'
    assert pairs(text)[0][1] == "Rhea Stone"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Ada Lin, a nurse living in Harbor District, Lowtown, who runs a clinic, said:\n\n'
         '"We need more beds."', "Ada Lin"),
        ('Ove Dahl, assistant coach of the United States said:\n\n"We are ready."', "Ove Dahl"),
        ('"It is over," the radio quoted Mila Voss, the city treasurer, as saying.', "Mila Voss"),
        ('A pupil, Eun Ji Ho (11), said;\n\n"I am happy to be here."', "Eun Ji Ho"),
    ],
)
def test_state_media_attribution_shapes(text, speaker):
    assert pairs(text)[0][1] == speaker


@pytest.mark.parametrize(
    "text",
    [
        'The choir sang the song "We Shall Keep the Light Burning Long into the Night" twice.',
        'He wrote an article titled "why the harbour matters to all of us here."',
        'Crowds held placards reading "no more tolls on the bridge, ever."',
    ],
)
def test_a_quotation_after_a_title_noun_is_a_title(text):
    assert quotes_of(text)["kind"].tolist() == ["title"]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ('They marched under the slogan of "Let us build the bridge first" all day.', ["title"]),
        ('The hall showed such works as "On rivers and salt", "Iron in the hills" and "Our long road '
         'home" to guests.', ["title"] * 3),
        ('The choir sang the song "Night ferry over the bay," "Low tide again tonight" and "Lamps lit '
         'early in the town" at dusk.', ["title"] * 3),
        # a linking word carries a title noun only to a quotation that opens with a capital
        ('Analysts describe such work as "a quiet kind of diplomacy" in private.', ["speech"]),
        # an article is no link: "play" is a verb here
        ('She will play the "Harbor card," Ada Lin said.', ["speech"]),
        # a list needs a comma, "and" or "or" on one line
        ('Ada Lin read the poem "Dawn Rain".\n\n"It is time to go," Ada Lin said.', ["title", "speech"]),
    ],
)
def test_a_title_noun_reaches_through_linking_words_and_along_a_list(text, kinds):
    assert quotes_of(text)["kind"].tolist() == kinds


def test_a_named_district_is_a_place_not_a_speaker():
    assert pairs('"It rained," Sosong District said.')[0][1] == "unattributed"


def test_eval_kcna_runs_on_the_labelled_sample(capsys):
    import importlib.util

    from conftest import shared_path

    shared_path("corpora", "kcna", "kcna_stories_2012.csv")
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_quotes_kcna.py"
    spec = importlib.util.spec_from_file_location("eval_quotes_kcna", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([]) == 0
    out = capsys.readouterr().out
    assert "KCNA hand-labelled sample: 340 quotations" in out
    assert "0 from a changed file" in out


def test_kcna_labels_hold_ids_offsets_and_labels_only():
    rows = (Path(__file__).with_name("data") / "kcna_quote_labels.csv").read_text(
        encoding="utf-8").splitlines()
    assert rows[0] == "file,row,start,end,title_sha1,speaker,kind"
    assert len(rows) == 341
    assert all(len(r.split(",")) == 7 for r in rows[1:])  # no quoted text in the file


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Rita Vance took the stage and called the plan "a fraud."', "Rita Vance"),
        ('Ike Moro rallied the crowd by warning that "the tide is turning."', "Ike Moro"),
        ('"We voted for it" and against the cuts, Lena Holt said.', "Lena Holt"),
        ('In an interview, Omar Sayed went further: "It is the end of the road."', "Omar Sayed"),
        ('Una Price pondered whether anyone might "speak for us."', "Una Price"),
        ('"Go home," Tao Lin shot back.', "Tao Lin"),
    ],
)
def test_coordinated_cues_late_cues_colons_and_new_verbs(text, speaker):
    assert pairs(text)[0][1] == speaker


def test_a_colon_after_a_sentence_without_a_name_gives_no_speaker():
    assert pairs('The sign read as follows: "Keep out of the water."')[0][1] == "unattributed"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .\n'\"“”„‟«»「」『』é’")), max_size=40))
def test_fast_mark_search_finds_what_the_mark_pattern_finds(text):
    assert has_mark(text) == (_MARK_RE.search(text) is not None)
    assert _mark_positions(text) == [(m.start(), m.group()) for m in _MARK_RE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?:;\n\t\"”’»)]“")), max_size=30), st.integers(0, 30))
def test_fast_paragraph_break_search_finds_what_the_pattern_finds(text, pos):
    pos = min(pos, len(text))
    found, expected = _next_para_break(text, pos), _PARA_BREAK_RE.search(text, pos)
    assert (found and found.span()) == (expected and expected.span())
