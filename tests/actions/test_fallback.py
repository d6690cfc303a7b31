"""Unclear messages (actions/fallback.py): a named case is described; a clear key message is
answered even when only the intent hesitated."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from rasa_sdk.events import SlotSet

from actions import fallback, learning
from bot.dialogue import retrieval
from bot.dialogue.answers.safety import ALL_CONTACTS_BUTTON, CALL_999
from bot.knowledge.reloading import FollowsLoads
from bot.names import DANGER_POSSIBLE
from bot.settings import ENV_CLOCK
from tests.actions.trackers import ranking, run, tracker
from tests.support import all_text
from tests.urgent_clock import WEEKDAY_10AM


def unclear(
    text: str, selector: dict[str, Any], danger: bool = False, **intents: float
) -> tuple[list[Any], list[Any]]:
    """An unclear message (the fallback classifier won at 0.4) with the runner-up intents'
    confidences, as ActionOfferCandidates sees it; `danger`: the safety step saw a sign of
    danger in it."""
    ranked = [{"name": "nlu_fallback", "confidence": 0.4}]
    ranked += [{"name": name, "confidence": value} for name, value in intents.items()]
    flags = {DANGER_POSSIBLE: True} if danger else {}
    return run(
        fallback.ActionOfferCandidates(),
        tracker(text, "nlu_fallback", intent_ranking=ranked, response_selector=selector, **flags),
    )


def test_fallback_with_a_named_case_describes_the_case() -> None:
    messages, _ = unclear(
        "what was the adam case in the send audit about?",
        ranking(("recording-wishes-and-feelings", 0.1)),
        ask_audit=0.38,
    )
    assert "Source: SEND audit 2016-17, Case 1 (Adam)." in all_text(messages)


def test_fallback_answers_when_only_the_intent_hesitated() -> None:
    clear = ranking(("young-carers", 0.8), ("wider-family-network", 0.05))
    messages, events = unclear("13 yr old does all the caring for mum", clear, ask_learning=0.38)
    assert events == [SlotSet("key_message", "young-carers"), SlotSet("context", "answered")]
    hesitant = ranking(("young-carers", 0.3), ("wider-family-network", 0.25))
    messages, events = unclear("hmm", hesitant, ask_learning=0.38)
    assert (
        events == [SlotSet("context", "candidates")]
        and messages[0]["buttons"][-1]["title"] == "None of these"
    )


def test_an_unclear_message_the_classifier_also_read_as_escalation_offers_the_route_finder() -> (
    None
):
    unclear_ranking = ranking(
        ("adult-mental-health-escalation", 0.14), ("records-outside-caseload", 0.12)
    )

    def offered(escalation_confidence: float) -> list[str]:
        messages, events = unclear(
            "not sure really",
            unclear_ranking,
            ask_learning=0.35,
            how_to_escalate=escalation_confidence,
        )
        assert events == [SlotSet("context", "candidates")]
        return [button["title"] for button in messages[0]["buttons"]]

    assert offered(0.16)[0] == "How do I escalate?"
    assert offered(0.16)[-1] == "None of these"
    assert "How do I escalate?" not in offered(0.05)


def test_an_unclear_description_of_a_stuck_case_offers_the_route_finder() -> None:
    """ "cp plan going nowhere, sw not returning calls": the words of a route's situation
    ("plan", "going nowhere"), though the classifier hardly read it as escalation."""
    unsure = ranking(("adult-mental-health-escalation", 0.14), ("access-to-services", 0.12))
    messages, _ = unclear(
        "cp plan going nowhere, sw not returning calls, what do i do", unsure, greet=0.3
    )
    assert messages[0]["buttons"][0]["title"] == "How do I escalate?"
    one_word, _ = unclear("what should the plan say", unsure, greet=0.3)
    assert "How do I escalate?" not in [b["title"] for b in one_word[0]["buttons"]]


def test_a_typed_message_it_cannot_place_starts_with_999_and_the_number_that_applies_now(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It may be danger in words nobody taught the assistant: safety first, the candidates
    after, still the only buttons. A button press is not a new message and gets no line."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    unsure = ranking(("chronic-neglect", 0.12), ("young-carers", 0.1))
    messages, _ = unclear(
        "teen sat on the wrong side of the railings, not talking", unsure, danger=True
    )
    first = messages[0]["text"]
    assert first.startswith(f"**{CALL_999}**") and "To report a concern now:" in first
    assert messages[0]["buttons"][-1]["title"] == "None of these"
    assert not [b for b in messages[0]["buttons"] if b["title"] == ALL_CONTACTS_BUTTON.title]
    pressed, _ = unclear("/ask_learning", unsure, danger=True)
    assert CALL_999 not in all_text(pressed)


def test_an_ordinary_message_it_cannot_place_gets_its_candidates_without_the_999_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No sign of danger from the rules, the examples or the classifier: the line would only
    push the candidates down a phone's screen (set D: about 25 ordinary questions had it)."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    unsure = ranking(("chronic-neglect", 0.12), ("young-carers", 0.1))
    # (a CIN plan's contents is answered by a case's good practice since case lines learn
    # from the released sets: an assessment's is not)
    messages, _ = unclear("writing my first assessment for this family, where do i start", unsure)
    assert CALL_999 not in all_text(messages)
    assert messages[0]["buttons"][-1]["title"] == "None of these"


def test_an_unclear_question_is_answered_when_the_fusion_is_sure_not_when_two_opinions_agree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The committed fusion's weights with its threshold moved: at 1 it is never sure, at 0
    always; whether two of the three opinions agree no longer decides."""
    committed = retrieval.load_fusion()
    assert committed is not None

    def fusion_sure_from(threshold: float) -> None:
        fitted = replace(committed, threshold=threshold)
        monkeypatch.setattr(retrieval, "load_fusion", lambda: fitted)
        monkeypatch.setattr(learning, "_RANKER", FollowsLoads(learning._build_ranker))

    fusion_sure_from(1.0)
    agreed = ranking(
        ("not-brought-to-appointments", 0.12),
        ("disguised-compliance", 0.11),
        ("chronic-neglect", 0.1),
    )
    text = "paeds appts keep getting missed, mum always has an excuse"
    found = learning.opinion(tracker(text, response_selector=agreed).latest_message)
    assert found.agreeing >= retrieval.AGREEMENT and not found.confident
    _messages, events = unclear(text, agreed, ask_learning=0.38)
    assert events == [SlotSet("context", "candidates")]

    fusion_sure_from(0.0)
    hesitant = ranking(("young-carers", 0.3), ("wider-family-network", 0.25))
    found = learning.opinion(tracker("hmm", response_selector=hesitant).latest_message)
    assert found.agreeing < retrieval.AGREEMENT and found.confident
    _messages, events = unclear("hmm", hesitant, ask_learning=0.38)
    top = found.ranking[0].key_message_id
    assert events == [SlotSet("key_message", top), SlotSet("context", "answered")]
