"""The learning lead's questions on the assistant's use, told by their shape
(bot/dialogue/lead_requests.py): what practitioners ask, what goes unanswered, how often it is
used; never a practice question about asking or about an answer not given."""

from __future__ import annotations

import pytest

from bot.dialogue.lead_requests import (
    asks_for_insights,
    asks_for_themes,
    asks_over_insights,
    asks_what_an_audit_holds,
    asks_which_audits,
    asks_which_cases,
)


@pytest.mark.parametrize(
    "text",
    [
        "what are frontline staff asking it about the most",
        "which topics do users ask about most often",
        "top queries this month please",
        "which questions went unanswered in October",
        "the questions you couldn't answer, where can I see them",
        "what questions can't you answer",
        "how many professionals have been using the assistant",
        "what goes unanswered?",
        "and what isn't the assistant answering",
        "what can't it answer",
        "what do staff ask the most",
        "which subjects come up most often",
        "what hasn't it been able to answer",
        "so what are we failing to answer",
        "for the partnership meeting I want to see which questions the tool cannot answer",
        "I need to find out what staff ask it most",
    ],
)
def test_a_question_on_the_assistants_use_asks_for_the_insights(text: str) -> None:
    assert asks_for_insights(text)


@pytest.mark.parametrize(
    "text",
    [
        "what should I ask dad about his temper",
        "what questions should I ask the young person at the review",
        "the social worker couldn't answer my question about the plan",
        "my emails to CSC have gone unanswered for weeks",
        "mum didn't answer the door again",
        "what isn't mum answering",
        "my colleague asked me about young carers",
        "what do they ask at a strategy meeting",
        "what should staff ask a parent who refuses to share information",
        "what do parents ask most about short breaks",
        "what are the most common signs of chronic neglect",
        "what gaps did the audit find in information sharing",
        "I need to know what to do when dad cannot answer my questions",
        "I have to report what the family asked for",
    ],
)
def test_a_practice_question_about_asking_or_answering_is_not_one(text: str) -> None:
    assert not asks_for_insights(text)


@pytest.mark.parametrize(
    ("text", "overview"),
    [
        ("can you sum up the send audit as a whole", True),
        ("what was in the 2016-17 audit again?", True),
        ("an outline of the MH audit please", True),
        ("what's in the mental health audit on siblings", False),
        ("summary of the audit's learning about neglect", False),
        ("what cases were covered in the mental health audit?", True),
        ("which children are in the 2016-17 one", True),
        ("which cases involved domestic abuse", False),
        # which audits there are, asked of them all
        ("which reports have you got", True),
        ("ok what audits is it based on", True),
        ("which audits mention young carers", False),
    ],
)
def test_the_audit_as_a_whole_is_asked_for_with_nothing_after_its_name(
    text: str, overview: bool
) -> None:
    assert asks_what_an_audit_holds(text) is overview


@pytest.mark.parametrize(
    "text",
    [
        "which topics run through both reports",
        "what are the main issues shared by the two audits",
        "key messages common to all the audits?",
        # what the asker must know of them, whoever introduces the question
        "new health visitor here, key takeaways from both audits?",
        "what do i need to know from the two audits",
        "I'm new to the team - what are the main points in the audits",
    ],
)
def test_the_audits_own_themes_are_not_the_insights(text: str) -> None:
    assert asks_for_themes(text)
    assert not asks_for_insights(text)


@pytest.mark.parametrize(
    "text",
    [
        "which common topics do practitioners ask about",
        "what's the learning in both audits on young carers",
        "what themes should I cover in my training",
        "started last week, anything from the audits i need to know about neglect",
    ],
)
def test_a_topic_or_what_people_ask_is_not_the_audits_themes(text: str) -> None:
    assert not asks_for_themes(text)


@pytest.mark.parametrize(
    "text",
    [
        "what are staff mostly using it for",
        "which kinds of questions does it struggle with",
        "where does the bot fall down",
        "what queries have been coming in",
    ],
)
def test_what_is_asked_and_what_it_fails_on_in_other_words(text: str) -> None:
    assert asks_for_insights(text)


@pytest.mark.parametrize(
    "text",
    [
        "what is coming in the post for the family",
        "mum struggles with the kids, what support is there",
        "which agency struggles to share information",
        "what kind of support is there for young carers",
    ],
)
def test_a_practice_question_with_those_words_is_not_one(text: str) -> None:
    assert not asks_for_insights(text)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # what the insights just named hold, asked of them (issue 19 item 6)
        ("do they have anything in common?", True),
        ("can you group them by theme", True),
        ("any trends?", True),
        ("how do we fill those gaps", True),
        # the questions declined as outside the audits (issue 19, round 40)
        ("which were beyond the audits", True),
        ("which of them are outside the audits", True),
        ("any not covered?", True),
        ("does the audit cover forced marriage", False),
        # a topic of its own: a practice question
        ("is there a pattern of neglect in these cases", False),
        ("any trends in young carers referrals", False),
        # a kind or type asked names no grouping: help asked for
        ("what sort of help is out there", False),
        ("what type of support could we offer", False),
        ("any kind of help?", False),
    ],
)
def test_what_the_insights_hold_asked_of_them(text: str, asks: bool) -> None:
    assert asks_over_insights(text) is asks


def test_the_audits_asked_for_are_not_their_cases() -> None:
    """Which audits there are and which cases they hold are two questions; an audit's contents
    take either."""
    assert asks_which_audits("which audits have you got") and not asks_which_cases(
        "which audits have you got"
    )
    assert asks_which_cases("show me the cases") and not asks_which_audits("show me the cases")
    assert asks_what_an_audit_holds("show me the cases")
