"""A quiz on an audit's cases ("a 4 question quiz on the SEND audit cases"): each question a
fact the audit tells of one case, asked as which case it is, its options the audit's cases.

Built from the facts reviewed for the quiz (`quiz_facts` in knowledge/cases/: the audit's own
words, told of one case only; never `about`, a case's remembered phrases, some of which fit
another case), and each checked again here: a fact is asked only when no other case of its
audit says the same words (so the answer cannot be argued from another case). Nothing here
names an audit or a case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.dialogue.activity_requests import names_true_or_false
from bot.dialogue.understanding import topic_stems
from bot.knowledge.models import Case

MAX_OPTIONS = 4
"""Cases offered a question: four letters fit a phone's buttons and a projected slide."""
MIN_FACT_STEMS = 2
"""A fact of one word ("siblings") is a clue, not a question."""
DEFAULT_QUESTIONS = 5

_CASES_AS_SUBJECT = re.compile(
    r"\b(?:on|about|covering|re)\s+(?:the\s+|its\s+|their\s+|both\s+|all\s+(?:the\s+)?)?"
    r"(?:(?!(?:on|about|using|from|with|in|of|for|to)\b)[\w/'\u2019.-]+\s+){0,4}?cases\b",
    re.IGNORECASE,
)
"""The cases as what the quiz is on: "quiz on the SEND audit cases"."""
_CASES_AS_SOURCE = re.compile(
    r"\b(?:from|of|using|with|in)\s+(?:the\s+|its\s+|their\s+|both\s+)?"
    r"(?:[\w/'\u2019.-]+\s+){0,4}?cases\b",
    re.IGNORECASE,
)
"""The cases as where the quiz draws from: "a quiz using the SEND cases"."""
_SUBJECT = re.compile(r"\b(?:on|about|covering|re)\s+\w", re.IGNORECASE)


def asks_for_case_quiz(text: str) -> bool:
    """A quiz asked for on the cases themselves ("quiz on the SEND audit cases", "test them on
    the mental health audit's cases"), not on one case's key messages (the caller checks that
    no single case is named) nor on the audit's learning; never a quiz on a topic drawn from
    the cases ("quiz on disguised compliance using the SEND cases") nor a true-or-false one
    ("true or false on the SEND cases"): their own quizzes, from the topic's questions."""
    if names_true_or_false(text):
        return False
    if _CASES_AS_SUBJECT.search(text) is not None:
        return True
    drawn = _CASES_AS_SOURCE.search(text)
    return drawn is not None and _SUBJECT.search(text[: drawn.start()]) is None


@dataclass(frozen=True)
class CaseQuestion:
    """A fact of one case, asked as which case it is, with the cases offered."""

    fact: str
    case: Case
    options: tuple[Case, ...]

    @property
    def answer(self) -> int:
        return self.options.index(self.case)


def _said_of(case: Case) -> set[str]:
    return topic_stems(" ".join([case.summary, *case.about, *case.quiz_facts, *case.strengths]))


def told_only_of(fact: str, case: Case, cases: Sequence[Case]) -> bool:
    """The fact's words say this case and no other of its audit: no other's own text
    (summary, lines, quiz facts, strengths) holds half its words or more ("attends a Hackney special
    school" is not asked when another case "now attends a special school")."""
    stems = topic_stems(fact)
    if len(stems) < MIN_FACT_STEMS:
        return False
    others = [c for c in cases if c.id != case.id and c.source_id == case.source_id]
    return not any(2 * len(stems & _said_of(other)) >= len(stems) for other in others)


def case_questions(cases: Sequence[Case], count: int | None = None) -> list[CaseQuestion]:
    """`count` questions (five unless asked) over the audited cases in turn, each case's own
    facts in the audit's order; the options are the case and the next cases of its audit,
    in the audit's order, so the right letter moves from question to question."""
    audited = [case for case in cases if not case.referred_only]
    facts = [[f for f in case.quiz_facts if told_only_of(f, case, audited)] for case in audited]
    wanted = count or DEFAULT_QUESTIONS
    questions: list[CaseQuestion] = []
    for round_ in range(max((len(f) for f in facts), default=0)):
        for case, own in zip(audited, facts, strict=True):
            if round_ < len(own) and len(questions) < wanted:
                questions.append(
                    CaseQuestion(own[round_], case, _options(case, audited, len(questions)))
                )
    return questions


def _options(case: Case, cases: Sequence[Case], turn: int) -> tuple[Case, ...]:
    """The case and others of its audit, MAX_OPTIONS at most, in the audit's order; which
    others turns with each question."""
    others = [c for c in cases if c.source_id == case.source_id and c.id != case.id]
    start = turn % len(others) if others else 0
    chosen = (others[start:] + others[:start])[: MAX_OPTIONS - 1]
    return tuple(sorted([case, *chosen], key=lambda c: c.number))
