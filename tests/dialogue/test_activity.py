"""The walk-through and quiz state machine (bot/dialogue/activity.py), driven without Rasa
over the small fixture knowledge set: one audit, Adam's and Barak's two-stage walk-throughs
and three quiz questions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.dialogue.activity import (
    QUIZ,
    WALKTHROUGH,
    Activity,
    Material,
    Said,
    Within,
    answer,
    go_on,
    move_within,
    only_an_activity_move,
    quiz_instead,
    show_stage,
    start_quiz,
    stopped,
    walk_instead,
    worded_option,
)
from bot.dialogue.case_focus import ASKING_WORDS
from bot.dialogue.moves import topic_words
from bot.dialogue.replies import Reply
from bot.knowledge.store import KnowledgeStore

QUESTIONS = (
    "quiz-disguised-compliance",
    "quiz-children-witnessing-domestic-abuse",
    "quiz-calling-professionals-meetings",
)


@pytest.fixture
def material(fixture_store: KnowledgeStore) -> Iterator[Material]:
    with fixture_store.session() as session:
        yield Material(fixture_store, session)


def text(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)


def test_a_walk_through_goes_question_pick_reveal_next_stage_then_ends(material: Material) -> None:
    replies, activity = show_stage(material, material.stages("send-adam"), 1)
    assert "stage 1 of 2" in text(replies) and "What was known" in text(replies)
    assert activity == Activity(WALKTHROUGH, case="send-adam", stage=1)

    replies, activity = answer(material, Said(text="i'd go with b"), activity)
    assert "You chose B" in text(replies) and "That is what the audit supports." in text(replies)
    assert "closer to A" in text(replies)  # what happened in the case
    assert activity == Activity(WALKTHROUGH, case="send-adam", stage=1, waiting=False)

    replies, activity = go_on(material, Said(text="next"), activity)
    assert "stage 2 of 2" in text(replies)
    assert activity == Activity(WALKTHROUGH, case="send-adam", stage=2)

    # "go on" while the stage waits: the reveal, with no pick.
    replies, activity = go_on(material, Said(text="go on"), activity)
    assert "You chose" not in text(replies) and "The audit supports B" in text(replies)
    assert activity is not None and not activity.waiting

    replies, activity = go_on(material, Said(text="next"), activity)
    assert "That was the last stage" in text(replies)
    assert any(b.title.startswith("Quiz on") for r in replies for b in r.buttons)
    assert activity is None


def test_continue_before_answering_gives_the_answer_in_short_then_the_next_stage(
    material: Material,
) -> None:
    _, activity = show_stage(material, material.stages("send-adam"), 1)
    replies, activity = go_on(material, Said(text="continue please"), activity)
    said = text(replies)
    assert said.index("The audit supports".lower()[4:]) < said.index("stage 2 of 2")
    assert "What the audit found" in said and len(replies) <= 3
    assert activity == Activity(WALKTHROUGH, case="send-adam", stage=2)

    replies, activity = go_on(material, Said(text="move on"), activity)
    assert "That was the last stage" in text(replies) and activity is None


def test_a_typed_answer_that_is_no_option_asks_for_one_and_keeps_the_stage(
    material: Material,
) -> None:
    waiting = Activity(WALKTHROUGH, case="send-adam", stage=1)
    replies, activity = answer(material, Said(text="what about the school?"), waiting)
    assert "Pick one of the options" in text(replies) and activity == waiting
    replies, activity = answer(material, Said(text="d"), waiting)  # three options: no D
    assert "Pick one of the options" in text(replies) and activity == waiting
    revealed = Activity(WALKTHROUGH, case="send-adam", stage=1, waiting=False)
    replies, activity = answer(material, Said(text="b"), revealed)
    # a letter after the reveal counts for nothing: the next stage, to answer with it
    assert "not counted" in text(replies)
    assert activity == Activity(WALKTHROUGH, case="send-adam", stage=2)
    replies, activity = answer(material, Said(text="b"), None)
    assert "no walk-through or quiz in progress" in text(replies) and activity is None


def test_an_old_button_goes_to_the_stage_it_belongs_to(material: Material) -> None:
    at_barak = Activity(WALKTHROUGH, case="send-barak", stage=2)
    replies, activity = answer(material, Said(stage="send-adam-1", option="skip"), at_barak)
    assert "The audit supports B" in text(replies) and "You chose" not in text(replies)
    assert activity == Activity(WALKTHROUGH, case="send-adam", stage=1, waiting=False)
    replies, activity = go_on(material, Said(stage="send-adam-1"), at_barak)
    assert "stage 2 of 2" in text(replies) and "Adam" in text(replies)
    assert activity == Activity(WALKTHROUGH, case="send-adam", stage=2)
    replies, activity = go_on(material, Said(stage="no-such-stage"), at_barak)
    assert "no walk-through or quiz in progress" in text(replies) and activity == at_barak


def test_a_quiz_counts_the_answers_to_the_question_it_waits_on_only(material: Material) -> None:
    questions = [q for q in material.questions() if q.id in QUESTIONS]
    replies, activity = start_quiz(material, questions)
    assert "question 1 of 3" in text(replies)
    assert activity == Activity(QUIZ, questions=QUESTIONS)

    replies, activity = answer(material, Said(text="b"), activity)
    assert text(replies).startswith("Correct! B")
    assert activity == Activity(QUIZ, questions=QUESTIONS, waiting=False, correct=1, answered=1)

    # The first question's button again: feedback, not counted, the quiz where it was.
    button = Said(question=QUESTIONS[0], option="A")
    replies, again = answer(material, button, activity)
    assert len(replies) == 1 and "Not quite: you chose A" in text(replies)
    assert again == activity

    replies, activity = go_on(material, Said(text="next"), activity)
    assert "question 2 of 3" in text(replies)
    replies, activity = answer(material, Said(text="no idea"), activity)  # a skip
    assert text(replies).startswith("The answer is B")
    assert activity is not None and (activity.correct, activity.answered) == (1, 1)

    replies, activity = go_on(material, Said(text="next"), activity)
    replies, activity = answer(material, Said(text="option 1"), activity)
    assert "Not quite: you chose A" in text(replies)
    assert "1 of 2 answered correctly" in text(replies)
    assert activity is None


def test_next_on_a_waiting_quiz_question_shows_its_answer_uncounted(material: Material) -> None:
    waiting = Activity(QUIZ, questions=QUESTIONS, index=2, correct=1, answered=1)
    replies, activity = go_on(material, Said(text="next"), waiting)
    assert text(replies).startswith("Question 3 skipped (not counted): the answer was B")
    assert "That's the end of the quiz: 1 of 1 answered correctly" in text(replies)
    assert activity is None


def test_next_question_before_answering_moves_on_after_the_answer_in_short(
    material: Material,
) -> None:
    """ "next question" while a question waits asks for the next one: the answer skipped in
    one line, then the next question, waiting; "ok" still shows the answer in full."""
    waiting = Activity(QUIZ, questions=QUESTIONS, index=0, correct=0, answered=0)
    for typed in ("next question", "move on please", "can we carry on"):
        replies, activity = go_on(material, Said(text=typed), waiting)
        assert text(replies).startswith("Question 1 skipped (not counted)"), typed
        assert "question 2 of 3" in text(replies), typed
        assert activity is not None and activity.index == 1 and activity.waiting
        assert activity.answered == 0
    replies, activity = go_on(material, Said(text="ok"), waiting)
    assert text(replies).startswith("The answer is")
    assert activity is not None and not activity.waiting


def test_stop_gives_a_quiz_its_score_and_ends_a_walk_through(material: Material) -> None:
    quiz = Activity(QUIZ, questions=QUESTIONS, index=1, correct=1, answered=1)
    assert text(stopped(material, quiz)).startswith("Quiz stopped: 1 of 1 answered correctly")
    walk = Activity(WALKTHROUGH, case="send-adam", stage=2)
    assert "stopped the walk-through" in text(stopped(material, walk))


def test_a_correction_names_another_case_or_quiz_else_offers_what_is_left(
    material: Material,
) -> None:
    at_adam = Activity(WALKTHROUGH, case="send-adam", stage=1)
    barak = next(c for c in material.walkable() if c.id == "send-barak")
    assert walk_instead(material, at_adam, barak, other_audit=False) == barak
    only_other = walk_instead(material, at_adam, None, other_audit=False)
    assert not isinstance(only_other, list) and only_other.id == "send-barak"
    # One audit only: nothing on "the other audit".
    assert walk_instead(material, at_adam, None, other_audit=True) == []

    quiz = Activity(QUIZ, questions=QUESTIONS)
    one = [q for q in material.questions() if q.id == QUESTIONS[1]]
    assert quiz_instead(material, quiz, one) == one
    same = [q for q in material.questions() if q.id in QUESTIONS]
    assert quiz_instead(material, quiz, same) == []


@pytest.mark.parametrize(
    "value", [None, "walkthrough", {"kind": "live"}, {"kind": "quiz", "index": "x"}, {"stage": 2}]
)
def test_a_slot_value_that_is_no_activity_is_none(value: object) -> None:
    assert Activity.from_slot(value) is None


def test_an_activity_survives_the_slot() -> None:
    activity = Activity(QUIZ, questions=QUESTIONS, index=2, waiting=False, correct=1, answered=2)
    assert Activity.from_slot(activity.to_slot()) == activity


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("go back to the start", Within.START),
        ("can we start again", Within.START),
        ("go back one", Within.BACK),
        ("previous stage please", Within.BACK),
        ("skip to the outcome", Within.OUTCOME),
        ("jump to the end", Within.OUTCOME),
        ("ok the final part please", Within.OUTCOME),
        ("whats the last step", Within.OUTCOME),
        ("how did it end", None),
        ("the last one", None),  # an option picked, in a quiz
        ("the last bit about the GP", None),
        ("what was the learning from that stage", Within.LEARNING),
        ("main takeaways for the group?", Within.LEARNING),
        ("give me one more", Within.NEXT),
        ("ok another question please", Within.NEXT),
        ("what is the learning on young carers", None),
        ("one more on neglect", None),
        ("next", None),
        ("b", None),
        ("what learning should I leave the team with", Within.LEARNING),
        ("which lesson do I highlight to the room", Within.LEARNING),
        ("tell us the right answer", Within.REVEAL),
        ("which option was it?", Within.REVEAL),
        ("right, the answers now please", Within.REVEAL),
        ("go on then, answers", Within.REVEAL),
        ("the answers to the escalation questions", None),
        ("how am I doing so far", Within.SCORE),
        ("tally?", Within.SCORE),
        ("and the points so far", Within.SCORE),
        ("how many correct", Within.SCORE),
        ("score a point for the team", None),
        ("previous question please", Within.BACK),
        ("what's the answer to the question on escalation in the SEND audit", None),
    ],
)
def test_moves_within_an_activity(text: str, move: Within | None) -> None:
    assert move_within(text, topic_words(text) - ASKING_WORDS) is move


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("get the professionals together in a team around the child meeting", 1),
        ("I'd record she didn't attend and close it", 0),
        ("offer another date", 2),
        ("I'd get everyone round the table for a TAC meeting", 1),
        ("what is disguised compliance", None),
        ("the child", None),
        ("I think it's offering another date", 2),
        ("is it the professionals meeting?", 1),
    ],
)
def test_an_answer_in_words_picks_the_option_saying_most_of_it(
    text: str, position: int | None
) -> None:
    options = [
        "Record that she did not attend, and close the assessment.",
        "Bring the professionals together in a Team Around the Child (TAC) meeting.",
        "Offer her parents another date, and wait for them to bring her.",
    ]
    assert worded_option(text, options) == position


def test_an_answer_in_words_with_no_options_waiting_is_none() -> None:
    assert worded_option("bring the professionals together", []) is None


@pytest.mark.parametrize(
    "said, only_a_move",
    [
        ("pass", True),
        ("skip this one", True),
        ("next q please", True),
        ("i'd go with c", True),
        ("can I pass this on to the duty team tonight", False),
        ("skip the strategy meeting if mum refuses?", False),
    ],
)
def test_only_an_activity_move(said: str, only_a_move: bool) -> None:
    """With nothing running, only a message of an activity's moves alone is told so."""
    assert only_an_activity_move(topic_words(said) - ASKING_WORDS) is only_a_move
