"""What a workshop asks, in order, built once from `knowledge/` when the trainer starts it.

A session on a case opens with its audit's before/after questions, walks through the case's
stages (each a vote on "what would you do next?", the audit's finding as the reveal, then a
free-text reflection on the stage's first reflective question), runs the chosen quiz
questions and closes with the same before/after questions. Every step is a `Step`, stored in
the session row as JSON with the words it shows, so the projector, the chat and the results
read one row and nothing else.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from bot.knowledge.citations import case_label, message_citation, stage_citation
from bot.knowledge.models import CheckQuestion, QuizQuestion, WalkthroughStage
from bot.knowledge.schema import CONFIDENCE_SCALE
from bot.knowledge.store import KnowledgeStore

CONFIDENCE_LABELS = {1: "not at all confident", 5: "very confident"}
"""The scale's ends, named on every confidence question."""


class Kind(enum.Enum):
    BEFORE = "before"
    STAGE = "stage"
    REFLECT = "reflect"
    QUIZ = "quiz"
    AFTER = "after"


def option_label(index: int, option: str) -> str:
    """The option with its letter ("B. Talk to the school nurse"), which a chat participant
    may type instead of pressing its button."""
    return f"{chr(ord('A') + index)}. {option}"


@dataclass(frozen=True)
class Step:
    kind: Kind
    ref: str
    """The knowledge item it comes from: a check question, stage or quiz question id."""
    heading: str
    prompt: str
    options: tuple[str, ...] = ()
    """Empty for a free-text step."""
    known: str = ""
    """What was known at a stage, shown above its question."""
    answer: int | None = None
    """The option the audit supports or the correct one; None where no answer is right."""
    happened: int | None = None
    """A stage's option the audit shows was done, when it says."""
    reveal: str = ""
    key_messages: tuple[str, ...] = ()
    source: str = ""
    reflective_questions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def free_text(self) -> bool:
        return not self.options

    @property
    def scale(self) -> bool:
        """A confidence question: its options are the ratings 1 to 5."""
        return self.kind in (Kind.BEFORE, Kind.AFTER) and self.answer is None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Step:
        lists = ("options", "key_messages", "reflective_questions")
        values: dict[str, Any] = {
            key: tuple(value) if key in lists else value for key, value in data.items()
        }
        values["kind"] = Kind(data["kind"])
        return cls(**values)


def scale_labels() -> tuple[str, ...]:
    return tuple(
        f"{rating}: {CONFIDENCE_LABELS[rating]}" if rating in CONFIDENCE_LABELS else str(rating)
        for rating in CONFIDENCE_SCALE
    )


def _marked(flags: Sequence[bool]) -> int | None:
    return next((index for index, flag in enumerate(flags) if flag), None)


def _quiz_fields(question: QuizQuestion) -> dict[str, Any]:
    return {
        "prompt": question.question,
        "options": tuple(option.text for option in question.options),
        "answer": _marked([option.correct for option in question.options]),
        "reveal": question.explanation,
        "key_messages": (question.key_message.title,),
        "source": message_citation(question.key_message),
    }


def check_step(kind: Kind, check: CheckQuestion, number: int, total: int) -> Step:
    when = "Before we start" if kind is Kind.BEFORE else "Before we finish"
    if check.quiz_question is not None:
        return Step(
            kind,
            check.id,
            f"{when}: what do you know? ({number} of {total})",
            **_quiz_fields(check.quiz_question),
        )
    return Step(
        kind,
        check.id,
        f"{when}: how confident are you? ({number} of {total})",
        f"How confident are you to do this? “{check.confidence}”",
        scale_labels(),
        key_messages=(check.key_message.title,),
    )


def stage_steps(stage: WalkthroughStage, total: int) -> list[Step]:
    where = f"{case_label(stage.case)}, stage {stage.stage} of {total}"
    source = stage_citation(stage)
    vote = Step(
        Kind.STAGE,
        stage.id,
        where,
        stage.question,
        tuple(option.text for option in stage.options),
        known=stage.known,
        answer=_marked([option.supported for option in stage.options]),
        happened=_marked([option.happened for option in stage.options]),
        reveal=stage.found,
        key_messages=tuple(message.title for message in stage.key_messages),
        source=source,
        reflective_questions=tuple(stage.reflective_questions),
    )
    reflect = Step(
        Kind.REFLECT,
        stage.id,
        f"{where}: reflect",
        stage.reflective_questions[0],
        source=source,
        reflective_questions=tuple(stage.reflective_questions),
    )
    return [vote, reflect]


def build_plan(
    store: KnowledgeStore,
    session: Session,
    case_id: str,
    quiz_ids: Sequence[str] = (),
    with_checks: bool = True,
) -> tuple[str, str, list[Step]]:
    """(audit id, title, steps) for a workshop on the case; ValueError for a case without a
    walk-through or a quiz question of another audit."""
    stages = store.walkthrough(session, case_id)
    if not stages:
        raise ValueError(f"case {case_id!r} has no walk-through")
    source_id = stages[0].source_id
    quizzes = {question.id: question for question in store.quiz_questions(session, source_id)}
    unknown = [quiz_id for quiz_id in quiz_ids if quiz_id not in quizzes]
    if unknown:
        raise ValueError(f"not quiz questions of this audit: {', '.join(unknown)}")
    checks = store.check_questions(session, source_id) if with_checks else []
    steps = [check_step(Kind.BEFORE, check, n, len(checks)) for n, check in enumerate(checks, 1)]
    for stage in stages:
        steps += stage_steps(stage, len(stages))
    steps += [
        Step(Kind.QUIZ, quiz_id, f"Quiz ({n} of {len(quiz_ids)})", **_quiz_fields(quizzes[quiz_id]))
        for n, quiz_id in enumerate(quiz_ids, 1)
    ]
    steps += [check_step(Kind.AFTER, check, n, len(checks)) for n, check in enumerate(checks, 1)]
    title = f"{stages[0].source.short_title}: {case_label(stages[0].case)}"
    return source_id, title, steps
