"""Stored texts that are conversation turns, not questions (bot/insights/turns.py): older
versions stored them as unanswered questions, and a real question must never be taken for one."""

from __future__ import annotations

import pytest

from bot.insights.turns import Move, conversation_move


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("ok", Move.ACKNOWLEDGEMENT),
        ("OK thanks", Move.ACKNOWLEDGEMENT),
        ("fine", Move.ACKNOWLEDGEMENT),
        ("im fine", Move.ACKNOWLEDGEMENT),
        ("no not really", Move.ACKNOWLEDGEMENT),
        ("cool cheers", Move.ACKNOWLEDGEMENT),
        ("great thanks for that", Move.ACKNOWLEDGEMENT),
        ("thats not what I asked", Move.CORRECTION),
        ("no I meant the other one", Move.CORRECTION),
        ("wrong answer", Move.CORRECTION),
        ("answer: I would call a strategy meeting first", Move.WORKSHOP_ANSWER),
        ("my answer is escalate to the named nurse", Move.WORKSHOP_ANSWER),
        ("b", Move.QUIZ_LETTER),
        ("B", Move.QUIZ_LETTER),
        ("option c", Move.QUIZ_LETTER),
        ("I'd go with a", Move.QUIZ_LETTER),
    ],
)
def test_turns_are_recognised(text: str, move: Move) -> None:
    assert conversation_move(text) is move


@pytest.mark.parametrize(
    "text",
    [
        "what are the signs of FGM",
        "lone working policy for evening home visits",
        "FGM what should a school nurse do",
        "is it ok to share without consent",
        "actually I meant county lines",
        "answers to the quiz on neglect",
        "no one has seen the baby for weeks",
        "[removed]",
    ],
)
def test_a_question_is_never_taken_for_a_turn(text: str) -> None:
    assert conversation_move(text) is None
