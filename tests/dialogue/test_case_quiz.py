"""A quiz on an audit's cases: each question a fact told of one case only."""

from __future__ import annotations

import pytest

from bot.dialogue.case_quiz import MAX_OPTIONS, asks_for_case_quiz, case_questions, told_only_of
from bot.knowledge.models import Case


def _case(
    number: int,
    summary: str,
    facts: list[str],
    source: str = "audit-a",
    about: tuple[str, ...] = (),
) -> Case:
    return Case(
        id=f"{source}-{number}",
        source_id=source,
        number=number,
        name=f"Child{number}",
        summary=summary,
        strengths=[],
        about=list(about),
        quiz_facts=facts,
        referred_only=False,
    )


CASES = [
    _case(1, "A boy in foster care.", ["attends a special school", "keen footballer at weekends"]),
    _case(2, "A girl known to services.", ["now attends a special school", "uses sign language"]),
    _case(3, "A young man at college.", ["moved to supported housing", "plays the drums"]),
    _case(4, "A toddler.", ["seen by the health visitor", "lives with grandparents"]),
    _case(5, "A teenager.", ["attends a pupil referral unit", "part-time job"]),
]


def test_a_fact_another_case_says_half_of_is_never_asked() -> None:
    assert not told_only_of("attends a special school", CASES[0], CASES)
    assert told_only_of("keen footballer at weekends", CASES[0], CASES)


def test_each_question_names_its_case_among_the_options_and_the_cases_take_turns() -> None:
    questions = case_questions(CASES, 4)
    assert [q.case.number for q in questions] == [1, 2, 3, 4]
    for question in questions:
        assert question.options[question.answer] == question.case
        assert len(question.options) == MAX_OPTIONS
        assert [c.number for c in question.options] == sorted(c.number for c in question.options)
        assert told_only_of(question.fact, question.case, CASES)
    assert len({q.answer for q in questions}) > 1  # the right letter moves


def test_only_the_facts_reviewed_for_the_quiz_are_asked_never_a_cases_remembered_lines() -> None:
    remembered = _case(6, "A child.", [], about=("goes to a youth club on fridays",))
    reviewed = _case(7, "A child.", ["waits for a wheelchair assessment"])
    asked = {q.fact for q in case_questions([*CASES, remembered, reviewed], 20)}
    assert "goes to a youth club on fridays" not in asked
    assert "waits for a wheelchair assessment" in asked


def test_the_options_come_from_the_cases_own_audit() -> None:
    other = _case(1, "An infant.", ["born prematurely in winter"], source="audit-b")
    for question in case_questions([*CASES, other], 20):
        assert {c.source_id for c in question.options} == {question.case.source_id}


@pytest.mark.parametrize(
    "said",
    [
        "Make me a 4 question quiz on the audit cases",
        "quiz the team about the mental health audit's cases",
        "a quiz covering both audits' cases please",
        "a 6 question quiz for the team using the SEND cases",
        "quiz on the cases of the mental health audit",
    ],
)
def test_a_quiz_on_the_cases_is_asked(said: str) -> None:
    assert asks_for_case_quiz(said)


@pytest.mark.parametrize(
    "said",
    [
        "quiz me on the SEND audit",
        "which case is that from?",
        "a quiz on Barak's case",
        "a quiz on neglect drawing from the SEND cases",
        "quiz my team about young carers with the mental health audit's cases",
        "five questions on information sharing using the MH cases",
        "true or false quiz on the SEND audit cases",
        "t/f round about the mental health cases for the team",
        "myth or fact on both audits' cases",
    ],
)
def test_a_quiz_on_the_learning_or_a_case_question_is_not(said: str) -> None:
    assert not asks_for_case_quiz(said)
