"""A true-or-false quiz made from the quiz questions: each statement is a question put with
one of its options, true exactly when the quiz marks that option correct. On the audits'
abbreviations, each statement is a term put with what the glossary says it stands for, or
with what another term stands for. Nothing is written here: a statement's words and its truth
are a quiz item's (knowledge/quizzes/) or the glossary's, so no statement says what the
audits do not. No Rasa here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest

from bot.dialogue.terms import Term
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


@dataclass(frozen=True)
class TermStatement:
    term: Term
    said: str
    """What the statement says the term stands for: its own spelling out, or another's."""

    @property
    def text(self) -> str:
        return f"{self.term.term} stands for \u201c{self.said}\u201d."

    @property
    def true(self) -> bool:
        return self.said == self.term.stands_for


def term_statements(terms: Sequence[Term]) -> list[TermStatement]:
    """One statement per term spelt out in the glossary, true and false in turn: a false one
    puts the term with what the next term spelt otherwise stands for, so every statement's
    words are the glossary's."""
    spelt = [term for term in terms if term.stands_for]
    statements = []
    for position, term in enumerate(spelt):
        own = str(term.stands_for)
        others = [
            str(other.stands_for)
            for other in (*spelt[position + 1 :], *spelt[:position])
            if str(other.stands_for).lower() != own.lower()
        ]
        said = others[0] if position % 2 and others else own
        statements.append(TermStatement(term, said))
    return statements
