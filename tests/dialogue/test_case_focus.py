"""Questions about the case the last turn showed, recognised by their shape (no Rasa)."""

from __future__ import annotations

import pytest

from bot.dialogue.case_focus import CaseAsk, asks_where_it_is, case_ask


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("what went well", CaseAsk.STRENGTHS),
        ("was anything done right?", CaseAsk.STRENGTHS),
        ("what went wrong", CaseAsk.FINDINGS),
        ("and the learning from it?", CaseAsk.FINDINGS),
        ("what else came out of that case", CaseAsk.FINDINGS),
        ("any lessons", CaseAsk.FINDINGS),
        ("what should have happened", CaseAsk.STEPS),
        ("what should they have done differently", CaseAsk.STEPS),
        ("tell me more about her", CaseAsk.ABOUT),
        ("more about the family?", CaseAsk.ABOUT),
    ],
)
def test_a_question_about_the_case_in_focus_in_any_words(text: str, ask: CaseAsk) -> None:
    assert case_ask(text) is ask


@pytest.mark.parametrize(
    "text",
    [
        "what went wrong with the referral to camhs",  # a topic of its own
        "neglect?",
        "what should I do about disguised compliance",
        "ok thanks",
        "",
    ],
)
def test_a_message_with_a_topic_of_its_own_is_not_about_the_case(text: str) -> None:
    assert case_ask(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Used where in the audits",
        "which case in the audits used one",
        "is that in one of the cases",
    ],
)
def test_asking_where_what_was_just_shown_comes_from(text: str) -> None:
    assert asks_where_it_is(text)


@pytest.mark.parametrize(
    "text",
    [
        "which cases are there",
        "which case had the team around the child meeting",
        "where do i refer",
    ],
)
def test_a_list_or_a_topic_of_its_own_is_not_asking_where(text: str) -> None:
    assert not asks_where_it_is(text)
