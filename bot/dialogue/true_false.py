"""A true-or-false quiz made from the quiz questions: each statement is a question put with
one of its options, true exactly when the quiz marks that option correct. Nothing is written
here: a statement's words and its truth are a quiz item's (knowledge/quizzes/), so no
statement says what the audits do not. No Rasa here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest

from bot.knowledge.models import QuizQuestion


@dataclass(frozen=True)
class Statement:
    question: QuizQuestion
    option: int
    """The position of the option the question is put with."""

    @property
    def text(self) -> str:
        return f"{self.question.question} {self.question.options[self.option].text}"

    @property
    def true(self) -> bool:
        return self.question.options[self.option].correct


MIN_STATEMENTS = 4
"""Statements given when no count is asked and the questions are fewer: a topic with one
question still makes a quiz, from its other options."""


def statements(questions: Sequence[QuizQuestion], count: int | None = None) -> list[Statement]:
    """`count` statements (one per question when no count is asked, at least MIN_STATEMENTS):
    one from each question first, true and false in turn, then each question's other options,
    so a count larger than the questions still says only what the quiz says."""
    rounds = []
    for position, question in enumerate(questions):
        right = [i for i, option in enumerate(question.options) if option.correct]
        wrong = [i for i, option in enumerate(question.options) if not option.correct]
        order = [*right, *wrong] if position % 2 == 0 else [*wrong[:1], *right, *wrong[1:]]
        rounds.append([Statement(question, i) for i in order])
    ordered = [s for tier in zip_longest(*rounds) for s in tier if s is not None]
    return ordered[: count or max(len(questions), MIN_STATEMENTS)]
