"""Case lines offered with practice answers, measured leaving one released set out
(`python -m bot nlu case-lines`).

For each held-out set the key message answered is the learned fusion's, fitted on the other
sets (`loso`'s "a+c"); the case line is bot/dialogue/case_practice.py's, with its two
thresholds chosen on the other sets too. A reply is right when the key message's answer, the
case line, or both together hold what the question expects (the check `make eval` makes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bot.dialogue import case_practice, understanding
from bot.dialogue.answers.learning import key_message_answer
from bot.dialogue.case_practice import CaseLine, CaseLineFinder
from bot.dialogue.retrieval import Ranker, highest, without_role
from bot.knowledge.models import KeyMessage
from bot.names import OUT_OF_COVERAGE_INTENT
from bot.tooling.evaluation import Question, passes
from bot.tooling.loso import Decide, Item

GRID = [
    (round(float(s), 3), round(float(m), 3))
    for s in np.arange(0.40, 0.66, 0.025)
    for m in np.arange(-0.05, 0.151, 0.01)
]


@dataclass(frozen=True)
class Seen:
    """One question: what the assistant would answer, and the case line nearest it."""

    item: Item
    answered: str | None
    """The key message answered with confidence, if any."""
    line: CaseLine
    similarity: float
    key_message_similarity: float

    def offered(self, similarity: float, margin: float) -> bool:
        return (
            self.similarity >= similarity
            and self.similarity - self.key_message_similarity >= margin
        )


def seen(
    items: Sequence[Item],
    decide: Decide,
    parses: Mapping[str, Any],
    ranker: Ranker,
    finder: CaseLineFinder,
) -> list[Seen]:
    """Each question the model does not decline as out of coverage (those never reach an
    answer), with its answer and nearest case line."""
    found = []
    for item in items:
        text = item.question.text
        opinion = decide(text, understanding.key_message_ranking(parses[text]))
        if parses[text].get("intent") == OUT_OF_COVERAGE_INTENT:
            continue  # declined before any answer is built, with or without case lines
        answered = opinion.ranking[0].key_message_id if opinion.confident else None
        about = without_role(text)
        vector = ranker.nearest.encode([about])[0]
        known = highest(ranker.nearest.scores(about, vector)[: ranker.known])
        nearest = finder.nearest(vector)
        assert nearest is not None
        found.append(Seen(item, answered, nearest.line, nearest.similarity, known))
    return found


@dataclass
class Outcome:
    right: int = 0
    wrong: int = 0
    """Answered (a key message or a case line) without what the question expects, or an
    out-of-coverage question answered with a key message or a case line."""
    lines: int = 0
    lines_needed: int = 0
    """Case lines offered that made a reply right that was not."""
    lines_idle: int = 0
    """Case lines offered whose words the question does not expect (noise on a phone)."""
    total: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: Outcome) -> None:
        for name in ("right", "wrong", "lines", "lines_needed", "lines_idle", "total"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures += other.failures

    def row(self) -> str:
        return (
            f"{self.right}/{self.total} right, {self.wrong} wrong; case lines offered "
            f"{self.lines} (made right {self.lines_needed}, not expected {self.lines_idle})"
        )


def score(
    found: Sequence[Seen],
    messages: Mapping[str, KeyMessage],
    with_lines: tuple[float, float] | None,
) -> Outcome:
    outcome = Outcome()
    for one in found:
        question = one.item.question
        offered = with_lines is not None and one.offered(*with_lines)
        line_holds = one.item.in_coverage and passes(question, one.line.text.lower())
        by_message = one.answered is not None and one.answered in one.item.holding
        if not one.item.in_coverage:
            outcome.wrong += one.answered is not None or offered
            outcome.lines += offered
            outcome.lines_idle += offered
            continue
        outcome.total += 1
        both = (
            offered
            and one.answered is not None
            and answer_holds_with(question, messages[one.answered], one.line.text)
        )
        right = by_message or (offered and (line_holds or both))
        outcome.right += right
        outcome.wrong += not right and (one.answered is not None or offered)
        outcome.lines += offered
        outcome.lines_needed += offered and right and not by_message
        outcome.lines_idle += offered and not line_holds and not both
        if offered and not right:
            outcome.failures.append(f"line not expected ({one.line.case_id}): {question.text}")
        elif not right and line_holds:
            outcome.failures.append(f"line not offered ({one.line.case_id}): {question.text}")
    return outcome


_HOLDS: dict[tuple[str, str, str], bool] = {}


def answer_holds_with(question: Question, message: KeyMessage, line: str) -> bool:
    """Whether the key message's answer and the case line together hold what is expected
    (kept: the thresholds' grid asks the same again and again)."""
    key = (question.text, message.id, line)
    if key not in _HOLDS:
        text = " ".join(r.text for r in key_message_answer(message, question.text))
        _HOLDS[key] = passes(question, f"{text} {line}".lower())
    return _HOLDS[key]


def gain(
    found: Sequence[Seen],
    messages: Mapping[str, KeyMessage],
    at: tuple[float, float],
    without: Outcome,
) -> int:
    """Right answers the lines add (to `without`, the outcome with none) net of wrong answers
    and of lines the question did not expect, on `found`."""
    with_lines = score(found, messages, at)
    return (
        (with_lines.right - without.right)
        - (with_lines.wrong - without.wrong)
        - with_lines.lines_idle
    )


def chosen(found: Sequence[Seen], messages: Mapping[str, KeyMessage]) -> tuple[float, float]:
    without = score(found, messages, None)
    return max(GRID, key=lambda at: (gain(found, messages, at, without), at[1], at[0]))


def today() -> tuple[float, float]:
    return case_practice.CASE_LINE_SIMILARITY, case_practice.CASE_LINE_MARGIN
