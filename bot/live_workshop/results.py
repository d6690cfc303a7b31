"""What a workshop leaves: the distribution of every answer and the before/after shift
(Kirkpatrick level 2, learning), for the printable results page and the CSV files.

Only counts and minimised free text: no participant appears, and no answer can be tied to
another of the same person beyond this session's own token, which the results never show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from bot.knowledge.schema import CONFIDENCE_SCALE
from bot.live_workshop.plan import Kind, Step
from bot.live_workshop.service import Workshops
from bot.live_workshop.tables import WorkshopAnswer, WorkshopParticipant, WorkshopSession
from bot.web.responses import Rows, rows_csv


@dataclass(frozen=True)
class StepResult:
    index: int
    step: Step
    counts: tuple[int, ...]
    texts: tuple[str, ...]
    """Every free-text answer as stored (minimised), shown on screen or not; never one held
    back as a possible disclosure."""
    held: tuple[str, ...] = ()
    """The answers held back as possible disclosures (minimised, as stored): the results page
    says how many and why, and shows their words only when the trainer asks."""

    @property
    def answered(self) -> int:
        return sum(self.counts) + len(self.texts) + len(self.held)


@dataclass(frozen=True)
class Shift:
    """One before/after question: its answers at the start and at the end."""

    before: StepResult
    after: StepResult

    @property
    def measure(self) -> str:
        return "mean confidence (1-5)" if self.before.step.scale else "share correct"

    def score(self, result: StepResult) -> float | None:
        """The mean rating of a confidence question, or the share of right answers."""
        total = sum(result.counts)
        if not total:
            return None
        if result.step.scale:
            ratings = zip(CONFIDENCE_SCALE, result.counts, strict=True)
            return sum(rating * count for rating, count in ratings) / total
        return result.counts[result.step.answer or 0] / total

    @property
    def change(self) -> float | None:
        before, after = self.score(self.before), self.score(self.after)
        return None if before is None or after is None else after - before


@dataclass(frozen=True)
class Results:
    session_id: int
    title: str
    case_id: str
    started: datetime
    ended: datetime | None
    participants: int
    steps: tuple[StepResult, ...]
    published: bool = False
    """Whether the trainer put the counts on the case's handouts."""

    @property
    def shifts(self) -> tuple[Shift, ...]:
        after = {result.step.ref: result for result in self.steps if result.step.kind is Kind.AFTER}
        return tuple(
            Shift(result, after[result.step.ref])
            for result in self.steps
            if result.step.kind is Kind.BEFORE and result.step.ref in after
        )


def results(workshops: Workshops, session_id: int) -> Results | None:
    with workshops.session() as session:
        row = session.get(WorkshopSession, session_id)
        if row is None:
            return None
        participants = session.scalar(
            select(func.count()).where(WorkshopParticipant.session_id == session_id)
        )
        answers = session.execute(
            select(
                WorkshopAnswer.step, WorkshopAnswer.choice, WorkshopAnswer.text, WorkshopAnswer.held
            )
            .where(WorkshopAnswer.session_id == session_id)
            .order_by(WorkshopAnswer.answered_at, WorkshopAnswer.id)
        ).all()
    steps = [Step.from_json(step) for step in row.plan]
    return Results(
        session_id=row.id,
        title=row.title,
        case_id=row.case_id,
        started=row.created_at,
        ended=row.ended_at,
        participants=participants or 0,
        published=row.published,
        steps=tuple(
            StepResult(
                index,
                step,
                tuple(
                    sum(1 for answer in answers if answer.step == index and answer.choice == i)
                    for i in range(len(step.options))
                ),
                tuple(
                    a.text for a in answers if a.step == index and a.text is not None and not a.held
                ),
                tuple(a.text for a in answers if a.step == index and a.text is not None and a.held),
            )
            for index, step in enumerate(steps)
        ),
    )


HELD_REASON = (
    "held back: it may say that a child is at immediate risk (the urgent-risk rules matched "
    "it); its writer was given the urgent contacts"
)
"""Why an answer is not with the others, on the results page and in the CSV."""


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def answer_rows(figures: Results) -> Rows:
    """One row per option of every step (with the audit's answer marked), one per free-text
    answer, and one per step with answers held back: their count and why, never their words."""
    rows: Rows = [("step", "kind", "heading", "question", "option", "answers", "audit_answer")]
    for result in figures.steps:
        step = result.step
        for index, (option, count) in enumerate(zip(step.options, result.counts, strict=True)):
            marked = "yes" if index == step.answer else ""
            rows.append(
                (
                    result.index + 1,
                    step.kind.value,
                    step.heading,
                    step.prompt,
                    option,
                    count,
                    marked,
                )
            )
        for text in result.texts:
            rows.append((result.index + 1, step.kind.value, step.heading, step.prompt, text, 1, ""))
        if result.held:
            rows.append(
                (
                    result.index + 1,
                    step.kind.value,
                    step.heading,
                    step.prompt,
                    f"[{HELD_REASON}]",
                    len(result.held),
                    "",
                )
            )
    return rows


def shift_rows(figures: Results) -> Rows:
    rows: Rows = [("question", "measure", "answers_before", "answers_after", "before", "after")]
    for shift in figures.shifts:
        rows.append(
            (
                shift.before.step.prompt,
                shift.measure,
                sum(shift.before.counts),
                sum(shift.after.counts),
                _score(shift.score(shift.before)),
                _score(shift.score(shift.after)),
            )
        )
    return rows


CSV_TABLES = {"answers": answer_rows, "shift": shift_rows}


def csv_text(figures: Results, table: str) -> str:
    return rows_csv(CSV_TABLES[table](figures))
