"""Attribution rules for news writing (issue 15): appositives, descriptors, adverbs, paragraphs.

Every example is written for this file (invented people and places), one line each where it can be.
"""

from __future__ import annotations

import pandas as pd
import pytest

from researchlib.quotes import extract_quotes


def quotes_of(text, speaker=None):
    return extract_quotes(pd.DataFrame({"doc_id": ["d0"], "text": [text], "speaker": [speaker]}))


def speakers(text):
    return quotes_of(text)["speaker"].tolist()


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a long appositive, with commas of its own, between the name and the cue
        ('"We will win," Ada Brook, 44, a retired nurse from Dunmore, Ohio, who backs the '
         'mayor, said on Monday.', "Ada Brook"),
        ('Ada Brook, 44, the sister of the former governor and a candidate herself, said on the '
         'radio, "We will win."', "Ada Brook"),
        # an appositive between dashes
        ('Ada Brook — a teacher from Dunmore — says the vote was "a big deal."', "Ada Brook"),
        # a relative clause left open before the cue
        ('"We will win," Ada Brook, who chairs the Dunmore Fund said in a statement.', "Ada Brook"),
        # "of" and a lower-case description
        ('"We will win," said Ada Brook of consulting firm Pellam.', "Ada Brook"),
        ('"We will win," Ada Brook of consulting firm Pellam said.', "Ada Brook"),
    ],
)
def test_a_long_appositive_keeps_the_name_that_opens_the_clause(text, speaker):
    assert speakers(text) == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"It was fine," another friend, Ada Brook told the radio.', "Ada Brook"),
        ('"It was fine," said a neighbour, Ada Brook.', "Ada Brook"),
        ('"It was fine," the mayor\'s chief of staff, Ada Brook, told reporters.', "Ada Brook"),
    ],
)
def test_a_description_then_a_name_after_a_comma_names_the_speaker(text, speaker):
    assert speakers(text) == [speaker]


def test_a_place_inside_an_appositive_is_never_the_speaker():
    text = '"Fine," Ada Brook, 30, of Dunmore, Ohio, who voted early, said in an interview.'
    assert speakers(text) == ["Ada Brook"]


@pytest.mark.parametrize("adverb", ["gingerly", "quietly", "similarly"])
def test_an_adverb_between_subject_and_cue(adverb):
    assert speakers(f'Ada Brook {adverb} said the plan was "a mistake."') == ["Ada Brook"]


def test_a_paragraph_of_quotation_belongs_to_the_person_the_paragraph_before_is_about():
    text = (
        "Ada Brook praised the new bridge and the crews who built it.\n\n"
        "\u201cWe needed this for years.\u201d\n\n"
        "\u201cNow the buses can run.\u201d\n\n"
        "The bridge opens in May."
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Ada Brook", "Ada Brook"]
    assert q["confidence"].tolist() == ["continuation", "continuation"]


def test_a_paragraph_of_quotation_after_a_paragraph_with_no_person_stays_unattributed():
    text = "The bridge opened in May after long delays.\n\n\u201cWe needed this for years.\u201d"
    assert speakers(text) == ["unattributed"]


def test_doubled_apostrophes_around_a_nested_single_quote():
    # ''...'x''' closes both the single and the doubled quotation
    text = "''I call it 'old news,''' said Ada Brook. '''Fine,' I said,'' she added."
    q = quotes_of(text)
    assert q["text"].tolist() == ["I call it 'old news,'", "'Fine,' I said,"]
    assert q["speaker"].tolist() == ["Ada Brook", "Ada Brook"]


@pytest.mark.parametrize(
    "text",
    [
        'Ada Brook spoke in Dunmore. "She is too far behind," said an Iowa Democrat.',
        'Ada Brook spoke in Dunmore. "She is behind," one senior Republican said.',
    ],
)
def test_an_indefinite_title_is_someone_new_never_an_earlier_person(text):
    q = quotes_of(text)
    assert q["speaker"].iloc[0] != "Ada Brook"
    assert q["speaker"].iloc[0].endswith(("Democrat", "Republican"))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('At a rally in Pellam, Ohio, Ada Brook went after the mayor, calling him "a stiff."',
         "Ada Brook"),
        ('In a statement to the Courier, her adviser, Tom Reed, said: "We are ready."', "Tom Reed"),
        ('Tom Reed, 22, of Pellam, Ohio, said he hoped for a "surprise" in May.', "Tom Reed"),
    ],
)
def test_a_name_after_a_preposition_and_before_a_comma_is_no_subject(text, speaker):
    assert speakers(text) == [speaker]


def test_a_body_after_of_still_stands_for_its_spokesman():
    text = ("The spokesman of the Varnian Labour Party, speaking on Monday, denounced the plan. "
            'It said the plan was "a disgrace."')
    assert speakers(text) == ["Varnian Labour Party"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Polls were wrong - Ada Brook: "One of the lessons was simple."', "Ada Brook"),
        ('The surge does not surprise pollster Ada Brook: "History says so."', "Ada Brook"),
    ],
)
def test_a_full_name_right_before_the_colon_speaks(text, speaker):
    assert speakers(text) == [speaker]


def test_a_title_word_after_a_given_name_is_a_surname():
    text = 'Ada Brook spoke first. "We are ready," Ada Pope, a deputy adviser, said on a call.'
    assert speakers(text) == ["Ada Pope"]
    assert speakers('"We are ready," said Representative Tom R. King.') == ["Tom R. King"]


def test_an_inverted_role_then_a_name_in_apposition():
    text = ('Ada Brook spoke. "It was his first try," said his best friend at college, Tom Reed, '
            "who knew him well.")
    assert speakers(text) == ["Tom Reed"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('He watched "The Revenant" twice, Ada Brook said.', "title"),
        ('She called the show "Pellam," Ada Brook said.', "title"),
        ('Ada Brook called the plan "fraudulent" on Monday.', "speech"),
        ('"Yes." Ada Brook said nothing more.', "speech"),
    ],
)
def test_one_capitalised_word_or_an_article_and_a_name_is_a_title(text, kind):
    assert quotes_of(text)["kind"].tolist() == [kind]


def test_a_surname_that_is_a_place_takes_the_titled_full_name():
    text = 'Rep. Tom Jordan spoke first. "We will see," Jordan said.'
    assert speakers(text) == ["Tom Jordan"]
    # without a person of that name in the document, the place is no speaker
    assert speakers('"We will see," Jordan said.') == ["unattributed"]


def test_a_name_suffix_and_a_sentence_adverb_are_not_part_of_the_name():
    text = 'Adm. Tom B. Reed Jr. spoke. "It is a fine book," Admiral Reed said.'
    assert speakers(text) == ["Tom B. Reed"]
    text = 'Certainly Ada Brook has said the plan is "a failure."'
    assert speakers(text) == ["Ada Brook"]


def test_pressed_is_a_cue():
    assert speakers('"Would you sign it?" Ada Brook pressed.') == ["Ada Brook"]


def test_an_inverted_cue_ending_the_sentence_after_an_unfinished_quotation():
    text = ('"Few cases were that close," since the court split so often, said Ada Brook, a law '
            "professor.")
    assert speakers(text) == ["Ada Brook"]
    text = ('Tom Reed "did well with older voters" in the spring, said county chair Ada Brook.')
    assert speakers(text) == ["Ada Brook"]


def test_a_later_quotation_of_the_paragraph_after_an_introductory_phrase_continues():
    text = ('"It was a big night," said Ada Brook, a strategist. Unless the others quit soon, '
            '"it will be hard to stop him."')
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Ada Brook", "Ada Brook"]
    assert q["confidence"].tolist() == ["cue", "continuation"]
    # another person named in between: no continuation
    text = ('"It was a big night," said Ada Brook. Tom Reed, who lost, was calm. Still, '
            '"it will be hard."')
    assert quotes_of(text)["speaker"].tolist()[1] != "Ada Brook"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the only woman named before "she": a given name tells
        ('Susan Brook met the mayor. Tom Reed spoke next. "We agree," she said.', "Susan Brook"),
        # an honorific anywhere in the document tells
        ('Ada Lane spoke first. Tom Reed spoke next. Mr. Reed left. "We agree," she said.',
         "Ada Lane"),
        ('Tom Reed spoke first. Susan Brook spoke next. "We agree," he said.', "Tom Reed"),
        # gender not known: the most recent person, as before
        ('Tom Reed spoke first. Ada Lane spoke next. "We agree," he said.', "Ada Lane"),
    ],
)
def test_he_and_she_skip_a_person_of_the_other_gender(text, speaker):
    assert speakers(text) == [speaker]


def test_a_person_in_apposition_to_a_body_speaks():
    text = ('"It was careless," the director of the Varnian Bureau of Records, Tom B. Reed, said.')
    assert speakers(text) == ["Tom B. Reed"]


def test_a_name_before_the_colon_beats_a_headline_subject():
    text = 'BLUE STATES OUTNUMBER RED STATES - Susan M. Lane: "The count is clear."'
    assert speakers(text) == ["Susan M. Lane"]


def test_of_and_a_name_before_a_comma_is_no_subject():
    text = '"He is a circus act." Of Reed, Ada Brook, who backs the mayor, said, "He is scary."'
    assert speakers(text)[1] == "Ada Brook"


def test_a_quotation_ending_the_paragraph_after_a_sentence_about_a_person():
    text = 'Tom Reed touted his record on the bill. "I wrote the first draft."\n\nNext item.'
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Tom Reed"]
    assert q["confidence"].tolist() == ["continuation"]


def test_as_someone_put_it():
    text = 'Or, as Tom Reed, a former governor, put it: "Nobody wins a trade war."'
    assert speakers(text) == ["Tom Reed"]


def test_a_quotation_signed_on_the_next_line():
    text = 'The mood was grim.\n\n"We will not give up."\n\n- Ada Brook, Pellam.\n\nMore news.'
    assert speakers(text) == ["Ada Brook"]
    text = 'The mood was grim.\n\n"We will not give up."\n\n-Tom Reed\n\nMore news.'
    assert speakers(text) == ["Tom Reed"]


def test_an_indefinite_role_after_an_inverted_cue_is_not_an_earlier_person():
    text = 'Tom Reed spoke first. "We have work to do," said a longtime adviser to the mayor.'
    assert speakers(text) == ["longtime adviser"]


def test_he_after_a_quotation_is_the_person_opening_its_sentence():
    text = ('Tom Reed spoke first. Richard Lane said the party has "guiding principles for '
            'hard times," he said.')
    assert speakers(text) == ["Richard Lane"]


def test_a_surname_that_is_a_people_takes_a_full_name_with_a_common_given_name():
    assert speakers('Mark Cuban owns a team. "It is too early," Cuban said.') == ["Mark Cuban"]


def test_a_quotation_without_a_cue_takes_the_person_opening_its_sentence_as_subject():
    text = 'Tom Reed launched into a lament for the "countless families who lost their homes."'
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Tom Reed"]
    assert q["confidence"].tolist() == ["subject"]
    # the kind is judged without a cue: a short uncued fragment stays a scare quote
    q = quotes_of('Tom Reed visited the "lions den" on Monday.')
    assert q["kind"].tolist() == ["scare"]
    # no person opens the sentence: unattributed
    assert speakers('The bill ran into a "wall of opposition from farm groups."') == ["unattributed"]


def test_a_cue_sentence_with_an_open_appositive_gives_the_next_quotation_its_speaker():
    text = ('Tom Reed, the party spokesman said in a statement. "We are not worried."\n\n'
            "Other news.")
    assert speakers(text) == ["Tom Reed"]


def test_a_day_and_time_of_day_between_subject_and_cue():
    text = 'Tom Reed on Tuesday night warned of the fight ahead: "There are many votes left."'
    assert speakers(text) == ["Tom Reed"]


def test_a_letter_signed_by_someone_is_theirs_and_a_ministry_spokesman_speaks_for_it():
    text = ('The letter, signed by Ada Brook, was read out on Sunday.\n\n'
            '"We will not bend," the letter read.')
    assert speakers(text) == ["Ada Brook"]
    text = ('The Varnian Foreign Ministry issued a statement on Friday.\n\n'
            'A ministry spokesman later called the drills "a rehearsal for war."')
    assert speakers(text) == ["Varnian Foreign Ministry"]


def test_a_title_takes_no_speaker_from_the_sentence_around_it():
    text = 'Tom Reed carried the novel "Rivers Of The North" on every trip.'
    q = quotes_of(text)
    assert q["kind"].tolist() == ["title"]
    assert q["speaker"].tolist() == ["unattributed"]


def test_an_opening_mark_written_after_the_words_closes_the_quotation():
    assert speakers("“It will pass,“ said Ada Brook, the mayor of Dunmore.") == ["Ada Brook"]


def test_the_subject_rule_reads_past_a_short_opening_phrase():
    assert speakers('At one point, Ada Brook urged the crowd to "stay calm and vote."') == ["Ada Brook"]


def test_a_name_alone_before_the_colon_labels_the_quotation():
    assert speakers('They differ. Brook: "We must win." Reed: "We must wait."') == ["Brook", "Reed"]


def test_a_name_after_a_dash_before_the_colon_beats_an_earlier_cue():
    assert speakers("Analysts agree - Ada Brook: “Count every vote.”") == ["Ada Brook"]


def test_a_title_cased_headline_ending_in_a_period_gives_no_name():
    text = "Mayor Brook Tells Dunmore Voters Wait.\n\nIt is near. “It is close,” Brook told us."
    assert speakers(text) == ["Brook"]


def test_quotations_of_one_sentence_share_the_cue_that_ends_it():
    assert speakers("Taxes are “a burden” and “a drag on growth,” Ada Brook said.") == ["Ada Brook"] * 2


def test_a_new_sentence_after_a_quotation_closed_by_a_period_is_not_its_cue():
    text = 'Ada Brook called the lines "too long." Tom Reed wrote a long letter to the county board about it.'
    assert speakers(text) == ["Ada Brook"]


@pytest.mark.parametrize("cue", ["remembered", "beamed", "confessed", "retweeted", "groused", "chided"])
def test_more_cue_verbs(cue):
    assert speakers(f'"We did it," {cue} Ada Brook, the coach.') == ["Ada Brook"]


def test_a_capitalised_cue_after_an_appositive():
    quotes = quotes_of("“Vote early!” Ada Brook, the head of Acme PAC, Tweeted on Friday.")
    assert quotes[["speaker", "cue"]].values.tolist() == [["Ada Brook", "tweeted"]]


def test_a_possessive_and_a_cue_in_ing_form():
    text = 'Tom Reed spoke in Dunmore. It showed in his claiming that "the city needs a change."'
    assert speakers(text) == ["Tom Reed"]


def test_a_pronoun_opening_the_sentence_before_a_colon_speaks():
    text = "Tom Reed came to the hall.\n\nHe wrote in the guest book:\n\n“I thank every one of you for the warm welcome you gave me and my family in Dunmore today.”"
    quotes = quotes_of(text)
    assert quotes[["speaker", "kind"]].values.tolist() == [["Tom Reed", "speech"]]


def test_he_or_she_opening_the_sentence_of_a_quoted_fragment_speaks():
    text = 'Ada Brook spoke last. She called the plan "a gift to the rich and a blow to the rest."'
    assert speakers(text) == ["Ada Brook"]


def test_a_date_between_a_subject_and_its_verb():
    text = 'The Dunmore Council on May 3 adopted a resolution. "We agree with the plan," the resolution said.'
    assert speakers(text) == ["Dunmore Council"]


def test_a_fragment_in_a_following_sentence_opened_by_that_continues_the_speaker():
    text = '“We met in school,” Ada Brook said. That makes them “friends for life, truly.”'
    assert speakers(text) == ["Ada Brook", "Ada Brook"]


def test_a_state_alone_in_brackets_ends_no_sentence():
    assert speakers('Sen. Ada Brook (Tex.) has said that she would "fight it to the end."') == ["Ada Brook"]


def test_an_inverted_cue_in_mid_sentence_before_the_quotation():
    assert speakers('But, said Tom Reed, "I do not want a fight."') == ["Tom Reed"]


def test_the_one_told_in_mid_sentence_is_the_listener():
    assert speakers('Ada Brook, 16, a student, told Dunmore Radio, "Our orchard needs more pears."') == ["Ada Brook"]


def test_a_scare_quote_in_the_paragraph_before_does_not_stop_its_subject_speaking():
    text = 'Nobody knew what "soon" meant, and Ada Brook left early.\n\n“We will act when we must.”'
    assert speakers(text) == ["unattributed", "Ada Brook"]


def test_an_opening_inverted_cue_and_a_relative_clause_after_the_name():
    text = "It was renovated. Said Ada Brook, who grew up in the street, “The whole lane cheered for her.”"
    assert speakers(text) == ["Ada Brook"]


def test_two_names_joined_by_and_are_one_joint_speaker():
    assert speakers('"We cannot wait," Ada Brook and Tom Reed wrote.') == ["Ada Brook and Tom Reed"]


def test_a_fragment_goes_to_the_person_who_is_subject_of_a_verb_in_its_sentence():
    text = 'The club grew so fast that Ada Brook on Sunday rewarded its volunteers for "their long hours."'
    assert quotes_of(text)[["speaker", "confidence"]].values.tolist() == [["Ada Brook", "subject"]]


def test_an_honorific_before_a_surname_that_is_a_people_takes_the_full_name():
    text = "“It is over,” said Bryan English, the director.\n\n“We won,” Mr. English said."
    assert speakers(text) == ["Bryan English", "Bryan English"]


def test_an_inch_sign_after_feet_closes_no_quotation():
    assert speakers("“The shelf stands 5’11” and no more,” Ada Brook said.") == ["Ada Brook"]


def test_a_paragraph_opened_by_a_quotation_takes_the_speaker_named_at_the_next_one():
    assert speakers("It ended.\n\n“We won. It was hard.” “It was close,” Ada Brook said.") == ["Ada Brook"] * 2


def test_a_cue_in_a_relative_clause_belongs_to_the_name_before_who():
    assert speakers('Ada Brook met Tom Reed, who said "it is over."') == ["Tom Reed"]


def test_a_paragraph_of_quotation_after_a_paragraph_opened_by_she():
    text = "“It is late,” Ada Brook said.\n\nShe waits a moment.\n\n“Right, that settles it.”"
    assert speakers(text) == ["Ada Brook", "Ada Brook"]


@pytest.mark.parametrize(
    "text",
    [
        'The Dunmore Fund closed in May. "We need it back," he added.',
        '"Come home now," she implored.',
        'Nobody was named. She called the plan "a trap" on Monday.',
    ],
)
def test_a_pronoun_cue_naming_nobody_is_speech_by_nobody_known(text):
    """'he added' with no person for "he": the words are reported speech all the same, and not the
    document's own source, which is no "he" (a ministry's statement, a news agency)."""
    for source in (None, "Dunmore Ministry"):
        found = quotes_of(text, speaker=source)
        assert found[["speaker", "kind", "confidence"]].values.tolist() == [
            ["unattributed", "speech", "none"]]


def test_a_role_cue_naming_nobody_still_goes_to_the_documents_source():
    found = quotes_of('"The talks failed," the statement read.', speaker="Dunmore Ministry")
    assert found[["speaker", "kind"]].values.tolist() == [["Dunmore Ministry", "speech"]]
