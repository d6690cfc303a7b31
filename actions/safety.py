"""Immediate risk and identifying details (data/safety/): urgent advice first, and a question
with identifying details still answered after the warning."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.utils import all_subclasses

from actions.common import context_is, identifier_kinds, send, store
from bot.dialogue import understanding
from bot.dialogue.answers import safety as safety_answers
from bot.dialogue.context import Context, context_before, is_button, moves_on
from bot.dialogue.conversation import underlying_intent
from bot.dialogue.names import (
    ACTION_ESCALATION_OVERVIEW,
    ACTION_FOR_INTENT,
    ACTION_PRIVACY_WARNING,
    ACTION_URGENT_ADVICE,
    ESCALATION_FORM,
    LEARNING_INTENT,
)
from bot.safeguards.privacy import describe_kinds


def urgent_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """After urgent advice a typed follow-up gets the urgent contacts again, whatever it
    seems to ask, with the learning it may have meant one tap away; a button press or "a
    separate question" moves on. None when not urgent."""
    latest = tracker.latest_message
    if context_before(tracker.events) is not Context.URGENT or is_button(latest):
        return None
    if moves_on(latest.get("text") or ""):
        return None
    ranking = understanding.key_message_ranking(latest)
    with store().session() as session:
        meant = (
            store().key_message(session, ranking[0].key_message_id)
            if understanding.is_confident(ranking)
            else None
        )
        send(dispatcher, safety_answers.urgent_follow_up(store().urgent_contacts(session), meant))
    return [context_is(Context.URGENT)]


class ActionUrgentAdvice(Action):
    def name(self) -> str:
        return ACTION_URGENT_ADVICE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        with store().session() as session:
            send(dispatcher, safety_answers.urgent_advice(store().urgent_contacts(session)))
        return [context_is(Context.URGENT)]


class ActionPrivacyWarning(Action):
    def name(self) -> str:
        return ACTION_PRIVACY_WARNING

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        parse_data = tracker.latest_message
        kinds = identifier_kinds(parse_data)
        send(
            dispatcher,
            [
                safety_answers.privacy_warning(
                    describe_kinds(kinds) if kinds else "personal details"
                )
            ],
        )
        intent = underlying_intent(parse_data) or LEARNING_INTENT
        handler = ACTION_FOR_INTENT.get(intent)
        if handler == ESCALATION_FORM:
            handler = ACTION_ESCALATION_OVERVIEW  # a form cannot run inside another action
        if handler is not None:
            # Run the intent's own action now, in this turn: a FollowupAction would leave the
            # rules with no step to predict after it.
            return await concrete_actions()[handler].run(dispatcher, tracker, domain)
        if f"utter_{intent}" in domain.get("responses", {}):
            dispatcher.utter_message(response=f"utter_{intent}")
        return []


def concrete_actions() -> dict[str, Action]:
    """Every action of this package by name, as the action server registers them."""
    package = importlib.import_module(__package__)
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{__package__}.{module.name}")
    return {
        action.name(): action
        for action in (cls() for cls in all_subclasses(Action) if not inspect.isabstract(cls))
        if type(action).__module__.startswith("actions.")
    }
