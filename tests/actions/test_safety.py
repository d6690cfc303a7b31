"""Urgent advice and the privacy warning (actions/safety.py)."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions import safety
from tests.actions.trackers import ranking, run, tracker
from tests.support import all_text


def test_urgent_advice_gives_999_and_the_configured_contacts() -> None:
    messages, events = run(
        safety.ActionUrgentAdvice(), tracker("she's scared to go home tonight", "immediate_risk")
    )
    text = all_text(messages)
    assert text.startswith("**If a child is in immediate danger, call 999 now.**")
    assert "020 8356 5500" in text and "020 8356 2710" in text and "020 7332 3621" in text
    assert events == [SlotSet("context", "urgent")]


def test_identifying_details_get_a_warning_then_the_answer() -> None:
    messages, events = run(
        safety.ActionPrivacyWarning(),
        tracker(
            "Amelia Smith DOB 14/02/2015 - her dad won't let us share info",
            "share_personal_details",
            intent_ranking=[
                {"name": "share_personal_details", "confidence": 1.0},
                {"name": "ask_learning", "confidence": 0.9},
            ],
            response_selector=ranking(("non-compliant-parents-information-sharing", 0.7)),
        ),
    )
    assert "Please do not include names" in messages[0]["text"]
    assert "a name and a date of birth" in messages[0]["text"]
    assert "Amelia" not in all_text(messages)
    assert "information sharing between professionals is normal practice" in all_text(messages[1:])
    assert events == [
        SlotSet("key_message", "non-compliant-parents-information-sharing"),
        SlotSet("context", "answered"),
    ]


def test_identifying_details_with_a_case_question_describe_the_case() -> None:
    messages, _ = run(
        safety.ActionPrivacyWarning(),
        tracker(
            "re Jamie Okafor - tell me about the Erika case",
            "share_personal_details",
            intent_ranking=[
                {"name": "share_personal_details", "confidence": 1.0},
                {"name": "ask_case", "confidence": 0.9},
            ],
        ),
    )
    assert "Please do not include names" in messages[0]["text"]
    assert "Source: SEND audit 2016-17, Case 5 (Erika)." in all_text(messages[1:])


def test_identifying_details_with_a_greeting_still_get_the_greeting() -> None:
    messages, _ = run(
        safety.ActionPrivacyWarning(),
        tracker(
            "hi I'm calling about Leah Brown",
            "share_personal_details",
            intent_ranking=[
                {"name": "share_personal_details", "confidence": 1.0},
                {"name": "greet", "confidence": 0.8},
            ],
        ),
    )
    assert "Please do not include names" in messages[0]["text"]
    assert messages[1]["response"] == "utter_greet"


def test_identifying_details_with_an_escalation_question_give_the_routes_overview() -> None:
    messages, _ = run(
        safety.ActionPrivacyWarning(),
        tracker(
            "Jamie Okafor's social worker won't reply, how do I escalate",
            "share_personal_details",
            intent_ranking=[
                {"name": "share_personal_details", "confidence": 1.0},
                {"name": "how_to_escalate", "confidence": 0.9},
            ],
        ),
    )
    assert "Please do not include names" in messages[0]["text"]
    assert "escalation policy" in all_text(messages[1:])
