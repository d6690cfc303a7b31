"""A workshop's results on its case's handout (bot/handouts' `results_for` hook): the last
ended session on the case that the trainer published, as counts only. Votes on a stage or a
quiz question are counted once; a before/after question's two askings are its "before" and
"after"."""

from __future__ import annotations

from bot.handouts.content import Kind
from bot.handouts.results import AnswerCount, QuestionResult, SessionResults
from bot.live_workshop.plan import Kind as StepKind
from bot.live_workshop.results import Results, StepResult, results
from bot.live_workshop.service import Workshops, stored_workshops

CASE_HANDOUTS = (Kind.CASE, Kind.BRIEFING)
"""The handouts that are about one case, named by its id."""


def _answers(before: StepResult, after: StepResult | None = None) -> tuple[AnswerCount, ...]:
    step = before.step
    return tuple(
        AnswerCount(
            option,
            before.counts[i],
            after.counts[i] if after is not None else None,
            supported=i == step.answer,
        )
        for i, option in enumerate(step.options)
    )


def session_results(figures: Results) -> SessionResults:
    voted = [
        QuestionResult(result.step.prompt, _answers(result))
        for result in figures.steps
        if result.step.kind in (StepKind.STAGE, StepKind.QUIZ)
    ]
    checked = [
        QuestionResult(shift.before.step.prompt, _answers(shift.before, shift.after))
        for shift in figures.shifts
    ]
    return SessionResults(
        figures.title, figures.started.date(), figures.participants, tuple(checked + voted)
    )


def latest_results_for(
    kind: Kind, handout_id: str, workshops: Workshops | None = None
) -> SessionResults | None:
    if kind not in CASE_HANDOUTS:
        return None
    source = workshops or stored_workshops()
    session_id = source.latest_published(handout_id)
    figures = results(source, session_id) if session_id is not None else None
    return session_results(figures) if figures is not None else None
