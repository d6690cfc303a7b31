"""A question about how answers were rated is not feedback on the last answer (no Rasa)."""

from __future__ import annotations

import pytest

from bot.dialogue.feedback import asks_about_ratings


@pytest.mark.parametrize(
    "text",
    [
        "what helped?",
        "and what helped",
        "which answers got rated not helpful",
        "more on the unhelpful ones",
        "so what do people find useful",
        "was anything marked useless",
        "did practitioners rate any answers unhelpful",
        "how are staff rating the assistant",
        "and how has the bot been rated",
        "show me the feedback summary",
        "how useful are staff finding it",
    ],
)
def test_a_question_about_ratings(text: str) -> None:
    assert asks_about_ratings(text)


@pytest.mark.parametrize(
    "text",
    [
        "that helped",
        "very helpful thanks",
        "was that helpful",
        "is there anything helpful on neglect",
        "what would help a young carer",
        "what helps with disguised compliance",
        "how does this help",
        "how helpful is this",
        "how do people help young carers",
        "how is the audit rated",
        "show me what helps young carers",
        "",
    ],
)
def test_feedback_or_a_practice_question_is_not_one(text: str) -> None:
    assert not asks_about_ratings(text)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("any comments from practitioners yet?", True),
        ("have we got any feedback on the tool", True),
        ("what feedback has staff given on it so far", True),
        ("any feedback from the health visitor about mum?", False),
        ("any help for a dad who drinks", False),
        ("what feedback should I give the school", False),
    ],
)
def test_the_leads_question_on_the_feedback_given(text: str, asked: bool) -> None:
    assert asks_about_ratings(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("what do practitioners think of the assistant", True),
        ("how has the tool been received", True),
        ("do staff rate it", True),
        ("what do staff think of the new escalation policy", False),
        ("how does the family feel about it", False),
    ],
)
def test_what_people_make_of_the_assistant_is_the_feedback(text: str, asked: bool) -> None:
    assert asks_about_ratings(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # the feedback asked for as a task (issue 19 item 6)
        ("can you pull together the ratings", True),
        ("give me an overview of practitioner feedback please", True),
        ("I need a summary of the comments people left", True),
        # feedback on something of the asker's own, or on a topic: not the insights
        ("give me feedback on my plan", False),
        ("summarise the feedback on young carers", False),
        ("summarise the audit for me", False),
    ],
)
def test_the_feedback_asked_for_as_a_task(text: str, asked: bool) -> None:
    assert asks_about_ratings(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # what the feedback holds, asked with "anything" (set AC's class, own wording)
        ("anything from the ratings so far?", True),
        ("and anything in the comments yet", True),
        ("anything from the reviews?", True),
        # anything in someone's feedback on a case, or on a topic: not the insights
        ("anything in the feedback from the school nurse?", False),
        ("anything in the feedback on young carers", False),
    ],
)
def test_anything_in_the_feedback_asks_what_it_holds(text: str, asked: bool) -> None:
    assert asks_about_ratings(text) is asked
