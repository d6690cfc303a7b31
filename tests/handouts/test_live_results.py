"""A workshop's results on its case's handout (bot/handouts/live_results.py)."""

from __future__ import annotations

from bot.handouts.content import Kind
from bot.handouts.live_results import latest_results_for
from bot.live_workshop.plan import Kind as StepKind
from bot.live_workshop.service import Control, Workshops


def test_only_a_session_the_trainer_published_is_on_its_handouts(
    workshops: Workshops, started: int
) -> None:
    assert latest_results_for(Kind.CASE, "send-adam", workshops) is None  # still running
    snapshot = workshops.snapshot(started)
    assert snapshot is not None
    joined = [workshops.join(snapshot.code) for _ in range(3)]
    stage = next(i for i, step in enumerate(snapshot.steps) if step.kind is StepKind.STAGE)
    for _ in range(stage):
        workshops.control(started, Control.NEXT)
    workshops.control(started, Control.OPEN)
    supported = snapshot.steps[stage].answer
    assert supported is not None
    for participant in joined:
        workshops.answer(participant.token, choice=supported)  # type: ignore[union-attr]
    assert not workshops.publish(started, True)  # not before it has ended
    workshops.control(started, Control.END)
    assert latest_results_for(Kind.CASE, "send-adam", workshops) is None  # not published
    assert workshops.publish(started, True)

    shown = latest_results_for(Kind.BRIEFING, "send-adam", workshops)
    assert shown is not None and shown.participants == 3
    checks = [q for q in shown.questions if q.asked_again]
    assert len(checks) == 3  # the fixture audit's before/after questions
    voted = next(q for q in shown.questions if q.question == snapshot.steps[stage].prompt)
    assert voted.total() == 3 and voted.supported_share() == 1.0
    assert latest_results_for(Kind.AUDIT, "send-2016-17", workshops) is None
    assert latest_results_for(Kind.CASE, "send-barak", workshops) is None
    assert workshops.publish(started, False)  # withdrawn
    assert latest_results_for(Kind.CASE, "send-adam", workshops) is None
