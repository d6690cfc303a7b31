"""A question the audits do not cover is declined plainly and counted under its topic."""

from __future__ import annotations

from sqlalchemy import select

from actions.coverage import ActionDeclineUncovered
from actions.learning import ActionAnswerLearning
from bot.insights.events import UsageEvent
from bot.knowledge.store import KnowledgeStore
from tests.actions.trackers import ranking, run, tracker


def _rows(store: KnowledgeStore) -> list[UsageEvent]:
    with store.session() as session:
        return list(session.scalars(select(UsageEvent).order_by(UsageEvent.id)))


def test_a_question_on_fgm_is_declined_with_where_to_look_and_counted_under_its_topic(
    loaded_store: KnowledgeStore,
) -> None:
    messages, events = run(
        ActionDeclineUncovered(),
        tracker(
            "FGM what should a school nurse do for Amira Hassan",
            "outside_coverage",
            entities=[{"entity": "coverage_topic", "value": "fgm"}],
        ),
    )
    (message,) = messages
    assert "the audits do not cover female genital mutilation (fgm)" in message["text"].lower()
    assert "London Safeguarding Children Procedures" in message["text"]
    assert events == []
    (row,) = _rows(loaded_store)
    assert (row.kind, row.topic) == ("declined", "fgm")
    assert row.text is not None and "FGM" in row.text and "Amira" not in row.text


def test_a_practice_question_on_an_uncovered_topic_that_mentions_risk_gets_one_urgent_line_first(
    loaded_store: KnowledgeStore,
) -> None:
    messages, _ = run(
        ActionDeclineUncovered(),
        tracker(
            "a girl is being groomed online, should i look at her social media",
            "outside_coverage",
            entities=[{"entity": "coverage_topic", "value": "cse"}],
            risk_mentioned=True,
        ),
    )
    (message,) = messages
    assert message["text"].startswith("**If a child is in immediate danger, call 999.**")
    assert "do not cover" in message["text"]


def test_an_answer_records_how_sure_the_model_was_and_a_button_records_no_guess(
    loaded_store: KnowledgeStore,
) -> None:
    run(
        ActionAnswerLearning(),
        tracker("she cares for mum a lot", response_selector=ranking(("young-carers", 0.83))),
    )
    run(
        ActionAnswerLearning(),
        tracker("/ask_learning", entities=[{"entity": "key_message", "value": "young-carers"}]),
    )
    confident, chosen = _rows(loaded_store)
    assert (confident.kind, confident.key_message_id) == ("answered", "young-carers")
    assert confident.confidence is not None and abs(confident.confidence - 0.83) < 1e-6
    assert chosen.confidence is None
