"""A question the audits do not cover is declined plainly and counted under its topic."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from actions.coverage import ActionDeclineUncovered
from actions.fallback import ActionOfferCandidates
from actions.learning import ActionAnswerLearning
from actions.safety import ActionUrgentAdvice
from bot.dialogue.identifiers_warning import is_warning
from bot.dialogue.replies import CALL_999
from bot.insights.events import UsageEvent
from bot.knowledge.store import KnowledgeStore
from tests.actions.trackers import answered, ranking, run, tracker
from tests.support import all_text


def _declined(text: str, topic_id: str, **parse: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    """The decline action run on a message the coverage step put outside the audits' learning,
    naming `topic_id`."""
    return run(
        ActionDeclineUncovered(),
        tracker(
            text,
            "outside_coverage",
            entities=[{"entity": "coverage_topic", "value": topic_id}],
            **parse,
        ),
    )


def _rows(store: KnowledgeStore) -> list[UsageEvent]:
    with store.session() as session:
        return list(session.scalars(select(UsageEvent).order_by(UsageEvent.id)))


def test_a_question_on_fgm_is_declined_with_where_to_look_and_counted_under_its_topic(
    loaded_store: KnowledgeStore,
) -> None:
    messages, events = _declined("FGM what should a school nurse do for Amira Hassan", "fgm")
    warning, message = messages  # a name typed: the warning, then the decline
    assert is_warning(warning) and "Amira" not in all_text(messages)
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
        tracker(
            "she is a young carer for her mum, any support?",
            response_selector=ranking(("young-carers", 0.83)),
        ),
    )
    run(
        ActionAnswerLearning(),
        tracker("/ask_learning", entities=[{"entity": "key_message", "value": "young-carers"}]),
    )
    confident, chosen = _rows(loaded_store)
    assert (confident.kind, confident.key_message_id) == ("answered", "young-carers")
    assert confident.confidence is not None and abs(confident.confidence - 0.83) < 1e-6
    assert chosen.confidence is None


def test_danger_on_a_topic_the_audits_do_not_cover_gets_urgent_advice_then_the_decline(
    loaded_store: KnowledgeStore,
) -> None:
    """The safety step overrides the coverage step's intent but keeps the topic it found:
    999 and the number first, then plainly that the audits do not cover it."""
    messages, _events = run(
        ActionUrgentAdvice(),
        tracker(
            "she says her family will force her to marry next week, she is terrified",
            "immediate_risk",
            entities=[{"entity": "coverage_topic", "value": "forced-marriage"}],
        ),
    )
    urgent, decline = messages
    assert "999" in urgent["text"]
    assert "the audits do not cover forced marriage" in decline["text"]
    assert "999" not in decline["text"]
    (row,) = _rows(loaded_store)
    assert (row.kind, row.topic) == ("declined", "forced-marriage")
    plain, _events = run(
        ActionUrgentAdvice(), tracker("he has a knife and says he will hurt her", "immediate_risk")
    )
    assert len(plain) == 1 and "not cover" not in all_text(plain)
    near, _events = run(
        ActionUrgentAdvice(),
        tracker(
            "i can hear a toddler screaming behind a door and smoke coming out",
            "immediate_risk",
            entities=[{"entity": "coverage_topic", "value": "burns-scalds"}],
        ),
    )
    assert len(near) == 1 and "not cover" not in all_text(near)


def test_an_unclear_question_near_nothing_the_audits_say_is_told_they_may_not_cover_it() -> None:
    """Far from every example, title and action (by meaning and by words): the candidates
    say the audits may not cover it and where to look; a question near the learning keeps
    the usual question."""
    unsure = ranking(("chronic-neglect", 0.12), ("young-carers", 0.1))
    far, _ = run(
        ActionOfferCandidates(),
        tracker(
            "what colour should the office walls be painted",
            "nlu_fallback",
            response_selector=unsure,
        ),
    )
    assert "may not cover it" in far[0]["text"]
    assert "London Safeguarding Children Procedures" in far[0]["text"]
    assert far[0]["buttons"][-1]["title"] == "None of these"
    near, _ = run(
        ActionOfferCandidates(),
        tracker(
            "mum's bipolar and her 12 yr old does the caring",
            "nlu_fallback",
            response_selector=unsure,
        ),
    )
    assert "not cover" not in near[0]["text"] and "Did you mean one of these?" in near[0]["text"]


def test_a_follow_up_near_an_uncovered_topic_by_meaning_only_is_on_the_answer() -> None:
    history = answered("autism-early-identification")
    near = [{"entity": "coverage_topic", "value": "family-nurse-partnership"}]
    messages, _ = run(
        ActionDeclineUncovered(),
        tracker(
            "what does the partnership suggest", "outside_coverage", events=history, entities=near
        ),
    )
    assert all_text(messages).startswith("On **Understanding of Autism Spectrum Disorder")
    # naming the topic is a question about it, whatever came before
    messages, _ = run(
        ActionDeclineUncovered(),
        tracker(
            "and the family nurse partnership?", "outside_coverage", events=history, entities=near
        ),
    )
    assert "do not cover the Family Nurse Partnership" in all_text(messages)


def test_a_practice_question_beside_forced_marriage_gets_the_plain_decline_with_999(
    loaded_store: KnowledgeStore,
) -> None:
    """Round 39's review: an answer beside a decline answered unrelated key messages before
    forced marriage and dropped the 999 line; the plain decline is the whole reply, even when
    the selector is sure of a key message for the rest of the message."""
    messages, events = _declined(
        "Worried about forced marriage. She is 16, her school attendance has fallen and mum has"
        " depression. What should I do?",
        "forced-marriage",
        response_selector=ranking(("young-carers", 0.9)),
    )
    (message,) = messages
    assert "the audits do not cover forced marriage" in message["text"]
    assert message["text"].rstrip().endswith(CALL_999)
    assert "Young Carers" not in all_text(messages)
    assert events == []
    assert [(row.kind, row.topic) for row in _rows(loaded_store)] == [
        ("declined", "forced-marriage")
    ]


def test_a_decline_for_a_message_with_a_sign_of_danger_gets_one_urgent_line_first(
    loaded_store: KnowledgeStore,
) -> None:
    """Flagged as possible danger but with no risk word: 999 still comes before the decline."""
    text = "is there a case where a lad is collected by grown men in a van every evening"
    entities = [{"entity": "coverage_topic", "value": "criminal-exploitation"}]
    flagged, _ = run(
        ActionDeclineUncovered(),
        tracker(text, "outside_coverage", entities=entities, danger_possible=True),
    )
    (message,) = flagged
    assert message["text"].startswith("**If a child is in immediate danger, call 999.**")
    assert "do not cover" in message["text"]
    plain, _ = run(ActionDeclineUncovered(), tracker(text, "outside_coverage", entities=entities))
    assert not plain[0]["text"].startswith("**If a child is in immediate danger")
