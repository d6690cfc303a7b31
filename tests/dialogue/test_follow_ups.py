"""One detail of the answer or case left open, found among its own lines (no Rasa)."""

from __future__ import annotations

import pytest

from bot.dialogue.follow_ups import (
    asks_usual,
    asks_within,
    asks_wording,
    lines_saying,
    matching_lines,
    other_audit_subject,
    sentences,
    usual_lines,
    wording_lines,
)

LINES = [
    "Escalate a lack of response to the ELFT Named Professional for Safeguarding Children.",
    "Adam's foster carers help him maintain contact with his birth family.",
    "Adult mental health professionals should copy letters to the GP.",
]


def test_the_lines_sharing_most_words_answer_a_follow_up() -> None:
    assert matching_lines("whos the named professional", LINES) == [LINES[0]]
    assert matching_lines("what about his birth family", LINES) == [LINES[1]]


def test_a_follow_up_sharing_no_word_finds_no_line() -> None:
    assert matching_lines("were they actually there", LINES) == []
    assert matching_lines("", LINES) == []


def test_a_few_words_all_in_the_answer_ask_about_a_detail_of_it() -> None:
    assert asks_within("whos the named professional", LINES)
    assert asks_within("copy letters?", LINES)


def test_a_question_with_words_of_its_own_is_not_about_the_answer() -> None:
    assert not asks_within("named professional for lone working", LINES)
    assert not asks_within("ok", LINES)
    assert not asks_within("gp letters birth family professional contact", LINES)


def test_a_paragraph_is_split_into_its_sentences() -> None:
    assert sentences("One. Two? Three!") == ["One.", "Two?", "Three!"]
    assert sentences(None) == []


def test_a_question_of_its_own_sharing_a_few_words_finds_no_line() -> None:
    question = "mum says the gp is making it up and wont let me speak to the foster carers"
    assert matching_lines(question, LINES) == []


def test_a_singular_word_finds_the_line_with_its_plural() -> None:
    lines = ["Engagement: good attendance at appointments.", "Achieving outcomes: GCSEs completed."]
    assert matching_lines("outcome?", lines) == [lines[1]]
    assert matching_lines("what services", ["The service offers play therapy."])


def test_everyday_words_find_the_lines_in_the_audits_words() -> None:
    lines = [
        "The school supported the mother to find the right placement.",
        "The siblings' experiences were not considered.",
        "Information was shared promptly with the GP.",
    ]
    assert matching_lines("and dad?", lines) == []
    assert matching_lines("what about his mum", lines) == [lines[0]]
    assert matching_lines("her little sister?", lines) == [lines[1]]
    assert matching_lines("any info to the gp", lines) == [lines[2]]


WORDING = [
    "Professionals need to be wary of using the narrative that parents 'seem to engage' - this "
    "gives a mixed message and should be rephrased for clarity of purpose.",
    "Call a professionals meeting.",
    "Be wary of using the narrative that parents 'seem to engage' - it gives a mixed message "
    "and should be rephrased for clarity of purpose.",
]


def test_asking_how_to_put_it_asks_the_lines_on_wording_each_said_once() -> None:
    assert asks_wording("how would you phrase that in my notes", WORDING)
    assert asks_wording("better wording for seem to engage?", WORDING)
    assert wording_lines(WORDING) == [WORDING[0]]


def test_what_to_put_in_place_of_the_words_warned_about_asks_the_wording() -> None:
    assert asks_wording("What should we write instead?", WORDING)
    assert asks_wording("so what do I say instead", WORDING)
    assert not asks_wording("what should we do instead?", WORDING)
    # a tool, a form or an approach used instead is no wording (review of conv26)
    assert not asks_wording("what tool should we use instead", WORDING)
    assert not asks_wording("which form do we use instead?", WORDING)
    assert not asks_wording("so what approach can I use instead", WORDING)


def test_a_topic_of_its_own_beside_wording_is_not_about_the_answer() -> None:
    assert not asks_wording("what words should I use with a child with autism", WORDING)
    assert not asks_wording("call a professionals meeting?", WORDING)


def test_lines_saying_a_phrase_say_all_its_words() -> None:
    lines = ["CAMHS use of the complex care forum to ensure the right level of need.", "Care plan."]
    assert lines_saying(["complex", "care", "forum"], lines) == [lines[0]]


CASE_LINES = [
    "Hackney has occupational health provision from the Virtual School for looked after children.",
    "Due to immigration status, some children are not able to access Short breaks provision.",
    "A timely referral was made by CYPS to the Domestic Violence Intervention Project.",
    "The audit evidenced good multi-agency working through the child protection process.",
]


def test_what_someone_could_not_get_finds_the_line_saying_it_was_out_of_reach() -> None:
    for question in (
        "what was the service he couldnt get",
        "which support did she not receive",
        "what couldn't they access",
        "what was he denied",
    ):
        assert matching_lines(question, CASE_LINES) == [CASE_LINES[1]], question


def test_a_word_of_one_family_finds_its_kin_and_where_it_is_said_is_no_detail() -> None:
    assert matching_lines("who referred to it in the audit", CASE_LINES) == [CASE_LINES[2]]
    assert matching_lines("who made the referral?", CASE_LINES) == [CASE_LINES[2]]


USUAL = "Young person was also seen with a paediatrician (not normal practice for over 13s)."


def test_asking_whether_it_is_usual_asks_the_line_remarking_on_it() -> None:
    lines = ["Consider the lived experience of siblings.", USUAL]
    for text in (
        "is that usual?",
        "is this normal practice",
        "does that normally happen",
        "is it routine for over 13s?",
        "is that standard for a 15 year old",
        "usual?",
    ):
        assert asks_usual(text, lines), text
    assert usual_lines(lines) == [USUAL]
    assert usual_lines(lines[:1]) == []


def test_a_topic_of_its_own_beside_usual_is_not_about_the_answer() -> None:
    assert not asks_usual("is it normal for kids to self harm", [USUAL])
    assert not asks_usual("what should the school do", [USUAL])


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("anything about speech therapists in the other report?", ["speech", "therapists"]),
        ("does the other audit say anything regarding interpreters", ["interpreters"]),
        ("and for health visitors, the other audit?", ["health", "visitors"]),
        # how it is asked of the other audit, not a subject
        ("what does the other audit advise?", None),
        ("has the other report changed lately", None),
        ("did the other review see it otherwise", None),
        ("any instances of this in the other audit", None),
        ("what about the other audit", None),
        ("sorry, the other report", None),
    ],
)
def test_the_subject_asked_of_the_other_audit_is_the_phrase_on_it(
    text: str, subject: list[str] | None
) -> None:
    found = other_audit_subject(text)
    assert (sorted(found) if found else None) == (sorted(subject) if subject else None)


def test_a_new_question_with_a_word_of_usual_is_not_whether_that_is_usual() -> None:
    lines = ["Call a professionals meeting when parents do not engage.", USUAL]
    for text in (
        "how often should I call a professionals meeting?",
        "why do parents often hop between services",
        "what should I do if the parents always say no",
        "should i always call a professionals meeting",
        "what usually happens at a professionals meeting",
        "do parents often give mixed messages",
        "what's the standard way to call a professionals meeting",
        "is a strategy meeting common after that",
    ):
        assert not asks_usual(text, lines), text


def test_a_reflective_question_on_practice_is_no_line_on_what_is_usual() -> None:
    question = "Is it normal practice to share the plan with the family?"
    assert usual_lines([question, USUAL]) == [USUAL]
    assert asks_usual("how common is that?", [USUAL])
    assert asks_usual("that's not typical, is it", [USUAL])
