"""The results of a live workshop session, as a handout shows them: the typed hook for the
live sessions (built elsewhere), kept to what a handout needs.

A session asks questions (a walk-through stage's, a quiz's); for each, how many people chose
each answer before the discussion and, when it was asked again, after it. The handout shows
the distributions and the shift towards the answer the audit supports. Only counts: nothing
here names a participant, so the results may go on a public handout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AnswerCount:
    """How many chose one answer, before and (if asked again) after the discussion."""

    answer: str
    before: int
    after: int | None = None
    supported: bool = False
    """The answer the audit supports (a walk-through option's `supported`, a quiz's correct)."""


@dataclass(frozen=True)
class QuestionResult:
    """One question of the session and its answer distribution."""

    question: str
    answers: tuple[AnswerCount, ...]

    @property
    def asked_again(self) -> bool:
        return any(answer.after is not None for answer in self.answers)

    def total(self, after: bool = False) -> int:
        return sum((a.after or 0) if after else a.before for a in self.answers)

    def supported_share(self, after: bool = False) -> float | None:
        """The share who chose the supported answer; None when nobody answered or no answer
        is marked supported (an opinion question)."""
        total = self.total(after)
        if not total or not any(a.supported for a in self.answers):
            return None
        chosen = sum((a.after or 0) if after else a.before for a in self.answers if a.supported)
        return chosen / total


@dataclass(frozen=True)
class SessionResults:
    """A workshop session's results: what it was, when, how many took part, per question."""

    title: str
    held_on: date
    participants: int
    questions: tuple[QuestionResult, ...]
