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
    """A glossary term put as a true-or-false statement: "CIN stands for "Child in need".",
    true exactly when what it says the term stands for is the glossary's own spelling out."""

    term: Term
    said: str
    """What the statement says the term stands for: its own spelling out, or another's."""

    @property
    def text(self) -> str:
        return f"{self.term.term} stands for \u201c{self.said}\u201d."

    @property
    def true(self) -> bool:
        return self.said == self.term.stands_for


def term_statements(terms: Sequence[Term], glossary: Sequence[Term] = ()) -> list[TermStatement]:
    """One statement per term spelt out in the glossary, true and false in turn: a false one
    puts the term with what a term of `glossary` outside the round stands for, else what
    another false one's term stands for, so every statement's words are the glossary's and no
    true statement of the round gives a false one's answer away."""
    spelt = [term for term in terms if term.stands_for]
    false = spelt[1::2]
    outside = [str(t.stands_for) for t in glossary if t.stands_for and t not in spelt]
    told_true = {str(term.stands_for).lower() for term in spelt[0::2]}
    statements = []
    for position, term in enumerate(spelt):
        own = str(term.stands_for)
        if position % 2 == 0:
            statements.append(TermStatement(term, own))
            continue
        k = position // 2
        borrowed = [str(other.stands_for) for other in (*false[k + 1 :], *false[:k])]
        rest = [str(other.stands_for) for other in spelt if other is not term]
        others = [s for s in (*outside[k:], *outside[:k], *borrowed) if s.lower() != own.lower()]
        # one no true statement gives, else (a small round) any other term's
        unsaid = [s for s in others if s.lower() not in told_true]
        fallback = [s for s in (*others, *rest) if s.lower() != own.lower()]
        said = unsaid[0] if unsaid else fallback[0] if fallback else own
        statements.append(TermStatement(term, said))
    return statements
