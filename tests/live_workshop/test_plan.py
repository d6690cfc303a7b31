"""A workshop's plan: before questions, each stage then its reflection, quiz, after questions."""

from __future__ import annotations

import pytest

from bot.knowledge.store import KnowledgeStore
from bot.live_workshop.plan import Kind, Step, build_plan


def test_the_plan_opens_and_closes_with_the_same_checks_around_the_stages_and_quiz(
    store: KnowledgeStore,
) -> None:
    with store.session() as session:
        source, title, steps = build_plan(
            store, session, "send-adam", ["quiz-disguised-compliance"]
        )
    assert source == "send-2016-17"
    assert "Case" in title
    kinds = [step.kind for step in steps]
    assert (
        kinds == [Kind.BEFORE] * 3 + [Kind.STAGE, Kind.REFLECT] * 2 + [Kind.QUIZ] + [Kind.AFTER] * 3
    )
    before = [step.ref for step in steps if step.kind is Kind.BEFORE]
    after = [step.ref for step in steps if step.kind is Kind.AFTER]
    assert before == after
    confidence = steps[0]
    assert confidence.scale and len(confidence.options) == 5 and confidence.answer is None
    assert "Triangulate what the family tells you." in confidence.prompt
    knowledge = steps[2]
    assert not knowledge.scale and knowledge.answer is not None
    stage, reflect = steps[3], steps[4]
    assert stage.answer is not None and stage.reveal and stage.known and stage.source
    assert reflect.free_text and reflect.prompt == stage.reflective_questions[0]
    assert all(Step.from_json(step.to_json()) == step for step in steps)


def test_a_case_without_walkthrough_or_a_quiz_of_another_audit_is_refused(
    store: KnowledgeStore,
) -> None:
    with store.session() as session:
        with pytest.raises(ValueError, match="no walk-through"):
            build_plan(store, session, "no-such-case")
        with pytest.raises(ValueError, match="not quiz questions"):
            build_plan(store, session, "send-adam", ["quiz-nobody"])
