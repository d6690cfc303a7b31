"""The actions write an anonymous usage event for what they did, and nothing else."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from rasa_sdk import Tracker
from sqlalchemy import select

from actions import cases, escalation, fallback, learning, safety
from actions.common import UsagePurge
from bot.insights.events import Event, EventKind, UsageEvent, record
from bot.knowledge.store import KnowledgeStore
from bot.settings import insights_retention_days
from tests.actions.trackers import about, answered, ranking, run, said_not_helpful, tracker, turn
from tests.support import run_action

FORM_ACTIVE = {"name": "escalation_form"}
FORM_DOMAIN: dict[str, Any] = {
    "slots": {"escalation_situation": {}, "escalation_tried": {}},
    "forms": {"escalation_form": {"required_slots": ["escalation_situation", "escalation_tried"]}},
}


def events(store: KnowledgeStore) -> list[dict[str, Any]]:
    with store.session() as session:
        rows = session.scalars(select(UsageEvent).order_by(UsageEvent.id))
        return [
            {
                name: value
                for name in (
                    "kind",
                    "channel",
                    "key_message_id",
                    "theme_id",
                    "case_id",
                    "source_id",
                    "route_id",
                    "step",
                    "helpful",
                    "reason",
                    "text",
                )
                if (value := getattr(row, name)) is not None
            }
            for row in rows
        ]


def test_an_answer_is_counted_with_its_key_message_theme_and_channel(
    loaded_store: KnowledgeStore,
) -> None:
    run(
        learning.ActionAnswerLearning(),
        tracker(
            "mum says yes to everything but nothing changes",
            channel="webchat",
            response_selector=ranking(("disguised-compliance", 0.7)),
        ),
    )
    (event,) = events(loaded_store)
    assert event["kind"] == "answered" and event["channel"] == "webchat"
    assert event["key_message_id"] == "disguised-compliance" and event["theme_id"]


def test_an_unanswered_question_keeps_only_its_minimised_text(loaded_store: KnowledgeStore) -> None:
    run(
        fallback.ActionOfferCandidates(),
        tracker(
            "what about FGM for Amira Hassan's sister",
            "nlu_fallback",
            response_selector=ranking(("chronic-neglect", 0.1)),
        ),
    )
    (event,) = events(loaded_store)
    assert event["kind"] == "unanswered"
    assert "FGM" in event["text"] and "Amira" not in event["text"]


def test_a_named_case_is_counted_as_a_case_not_as_unanswered(loaded_store: KnowledgeStore) -> None:
    run(cases.ActionDescribeCase(), tracker("tell me about the Erika case", "ask_case"))
    run(cases.ActionDescribeAudit(), tracker("what did the SEND audit find", "ask_audit"))
    assert [(e["kind"], e.get("case_id")) for e in events(loaded_store)] == [
        ("case_described", "send-erika"),
        ("audit_described", None),
    ]


def test_feedback_and_its_reason_are_counted_only_for_an_answered_key_message(
    loaded_store: KnowledgeStore,
) -> None:
    history = answered("young-carers")
    run(
        learning.ActionRecordFeedback(),
        about("young-carers", "not helpful", "feedback_not_helpful", events=history),
    )
    for reason in ("not-enough-detail", "<script>"):  # the second is forged: not a reason
        run(
            learning.ActionRecordReason(),
            about(
                "young-carers",
                "/feedback_reason",
                "feedback_reason",
                entities=[{"entity": "reason", "value": reason}],
                events=history,
            ),
        )
    kinds = [(e["kind"], e.get("helpful"), e.get("reason")) for e in events(loaded_store)]
    assert kinds == [
        ("answered", None, None),
        ("feedback", False, None),
        ("feedback_reason", None, "not-enough-detail"),
    ]


def test_a_question_typed_after_not_helpful_is_kept_as_the_reason(
    loaded_store: KnowledgeStore,
) -> None:
    earlier = said_not_helpful("young-carers")
    run(
        learning.ActionAnswerLearning(),
        about(
            "young-carers",
            "I needed the school nurse contact for Leo Grant",
            events=earlier,
            response_selector=ranking(("school-nursing-awareness", 0.8)),
        ),
    )
    reason = next(e for e in events(loaded_store) if e["kind"] == "feedback_reason")
    assert "school nurse" in reason["text"] and "Leo" not in reason["text"]
    assert events(loaded_store)[-1]["key_message_id"] == "school-nursing-awareness"


def test_the_route_finder_counts_start_situation_completion_and_stop(
    loaded_store: KnowledgeStore,
) -> None:
    def form_tracker(text: str, intent: str, slots: dict[str, Any], active: bool) -> Tracker:
        base = tracker(text, intent, slots=slots)
        return Tracker(
            base.sender_id,
            base.slots,
            base.latest_message,
            base.events,
            False,
            None,
            FORM_ACTIVE if active else {},
            "action_listen",
        )

    validate = escalation.ValidateEscalationForm()
    run_action(
        validate, form_tracker("how do I escalate", "how_to_escalate", {}, False), FORM_DOMAIN
    )
    run_action(
        validate,
        form_tracker(
            "the family won't engage, nothing changes",
            "ask_learning",
            {"requested_slot": "escalation_situation"},
            active=True,
        ),
        FORM_DOMAIN,
    )
    run(
        escalation.ActionEscalationRoute(),
        tracker(
            "/choose_tried",
            "choose_tried",
            slots={
                "escalation_situation": "family-not-engaging",
                "escalation_tried": "nothing-yet",
            },
        ),
    )
    asking_tried = [{"event": "slot", "name": "requested_slot", "value": "escalation_tried"}]
    run(escalation.ActionStopEscalation(), tracker("stop", "stop", events=asking_tried))
    run(escalation.ActionStopEscalation(), tracker("stop", "stop"))  # nothing was being asked
    assert [(e["kind"], e.get("route_id"), e.get("step")) for e in events(loaded_store)] == [
        ("escalation_started", None, None),
        ("escalation_situation", "family-not-engaging", None),
        ("escalation_completed", "family-not-engaging", None),
        ("escalation_stopped", None, "escalation_tried"),
    ]


def test_events_past_retention_are_purged_at_most_once_a_day(loaded_store: KnowledgeStore) -> None:
    now = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)
    old = now - timedelta(days=insights_retention_days() + 2)
    schedule = UsagePurge(every=timedelta(days=1))
    record(loaded_store, Event(EventKind.ANSWERED, key_message_id="young-carers"), old)
    schedule.run_if_due(now)
    assert events(loaded_store) == []
    record(loaded_store, Event(EventKind.ANSWERED, key_message_id="young-carers"), old)
    schedule.run_if_due(now + timedelta(hours=23))
    assert len(events(loaded_store)) == 1  # not due yet: the day has not passed
    schedule.run_if_due(now + timedelta(days=1, minutes=1))
    assert events(loaded_store) == []


def test_a_typed_reason_is_not_filed_under_a_key_message_the_conversation_was_not_given(
    loaded_store: KnowledgeStore,
) -> None:
    """Security review finding 8: the slot can be set by any message's entity."""
    for forged in ("sec-probe <i>=1+1</i>", "young-carers"):
        messages, returned = run(
            learning.ActionRecordFeedback(), about(forged, "not helpful", "feedback_not_helpful")
        )
        run(
            learning.ActionAnswerLearning(),
            about(
                forged,
                "the page about this was confusing",
                events=turn("not helpful", messages, returned),
                response_selector=ranking(("school-nursing-awareness", 0.8)),
            ),
        )
    assert [e for e in events(loaded_store) if e["kind"] == "feedback_reason"] == []


def test_a_reason_typed_after_not_helpful_is_never_also_an_unanswered_question(
    loaded_store: KnowledgeStore,
) -> None:
    """The reason is feedback on the last answer: counting it as an unanswered question too
    put every typed reason in the insights' unanswered groups."""
    earlier = said_not_helpful("young-carers")
    replies, _ = run(
        fallback.ActionOfferCandidates(),
        about(
            "young-carers",
            "too general for what I needed",
            "nlu_fallback",
            events=earlier,
            response_selector=ranking(("chronic-neglect", 0.1)),
        ),
    )
    assert replies  # still offered the closest key messages
    kinds = [(e["kind"], e.get("text")) for e in events(loaded_store)]
    assert kinds[-1] == ("feedback_reason", "too general for what I needed")
    assert "unanswered" not in [kind for kind, _ in kinds]


def test_a_reason_typed_after_not_helpful_is_kept_when_it_reads_as_a_request_for_contacts(
    loaded_store: KnowledgeStore,
) -> None:
    """Taken for a request for the urgent contacts ("the contact for the clinic"), the reason
    is still feedback on the last answer: the insights' end-to-end test lost one that way."""
    earlier = said_not_helpful("young-carers")
    run(
        safety.ActionUrgentAdvice(),
        about(
            "young-carers",
            "I wanted a contact for the carers clinic",
            "ask_urgent_contacts",
            events=earlier,
        ),
    )
    kinds = [(e["kind"], e.get("text")) for e in events(loaded_store)]
    assert ("feedback_reason", "I wanted a contact for the carers clinic") in kinds
