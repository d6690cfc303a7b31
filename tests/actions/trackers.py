"""Trackers as the action server receives them, and earlier turns as their events."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker

from actions import learning, safety
from tests.support import run_action

DOMAIN: dict[str, Any] = {"responses": {"utter_greet": [{"text": "hello"}]}}


def ranking(*scored: tuple[str, float]) -> dict[str, Any]:
    return {
        "ask_learning": {
            "ranking": [
                {"intent_response_key": f"ask_learning/{key}", "confidence": confidence}
                for key, confidence in scored
            ]
        }
    }


def tracker(
    text: str,
    intent: str = "ask_learning",
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    channel: str | None = None,
    **parse: Any,
) -> Tracker:
    """The tracker as the action server receives it: `events` are the turns before this one,
    and the latest message is appended as the last user event."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "intent_ranking": parse.pop("intent_ranking", [{"name": intent, "confidence": 1.0}]),
        "entities": entities or [],
        **parse,
    }
    user = {"event": "user", "text": text, "parse_data": latest, "input_channel": channel}
    history = [*(events or []), user]
    return Tracker("practitioner", slots or {}, latest, history, False, None, {}, "action_listen")


def about(key_message: str, text: str, intent: str = "ask_learning", **given: Any) -> Tracker:
    """A message while the conversation holds a key message: how feedback, a typed reason or a
    follow-up after an answer reaches the action server."""
    return tracker(text, intent, slots={"key_message": key_message}, **given)


def turn(
    text: str, messages: list[dict[str, Any]], events: list[Any], **parse: Any
) -> list[dict[str, Any]]:
    """One earlier turn as tracker events: the user's message, the assistant's messages (with
    their buttons) and the events its actions returned."""
    user = {"event": "user", "text": text, "parse_data": {"text": text, **parse}}
    bot = [
        {"event": "bot", "text": m.get("text"), "data": {"buttons": m.get("buttons") or []}}
        for m in messages
    ]
    slots = [
        {"event": "slot", "name": e["name"], "value": e["value"]}
        for e in events
        if e.get("event") == "slot"
    ]
    return [user, {"event": "action", "name": "action_listen"}, *bot, *slots]


def run(action: Action, current: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    return run_action(action, current, DOMAIN)


def answered(key_message: str, question: str = "a question", **parse: Any) -> list[dict[str, Any]]:
    """The events of a turn in which the assistant answered with this key message."""
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker(question, entities=[{"entity": "key_message", "value": key_message}]),
    )
    return turn(question, messages, events, **parse)


def said_not_helpful(key_message: str) -> list[dict[str, Any]]:
    """The events of an answer with this key message and then "not helpful": what a typed
    reason follows."""
    history = answered(key_message)
    messages, events = run(
        learning.ActionRecordFeedback(),
        about(key_message, "not helpful", "feedback_not_helpful", events=history),
    )
    return history + turn("not helpful", messages, events)


def urgent_turn() -> list[dict[str, Any]]:
    messages, events = run(
        safety.ActionUrgentAdvice(), tracker("he burns him with cigarettes", "immediate_risk")
    )
    return turn("he burns him with cigarettes", messages, events, intent={"name": "immediate_risk"})


def says_999(current: Tracker) -> bool:
    """Whether action_answer_learning's reply to the message has the 999 line."""
    messages, _ = run(learning.ActionAnswerLearning(), current)
    return any("999" in str(message.get("text") or "") for message in messages)
