"""Acknowledgements, out of scope and starting again (data/core/), answered in the context of
the assistant's last turn."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.activities import go_on, keep_activity, stop_activity
from actions.common import context_is, log_event, send, store
from actions.last_turn import on_last_turn
from actions.learning import on_last_topic, ranked_messages, record_feedback
from actions.safety import reply_context, urgent_follow_up
from bot.dialogue.acknowledgements import Response, respond_to
from bot.dialogue.answers.core import carry_on, started_again, welcome
from bot.dialogue.answers.learning import anything_else, which_candidate
from bot.dialogue.answers.moves import what_is_happening
from bot.dialogue.context import Context, context_before, is_button, previous_user_parse
from bot.dialogue.moves import Move, asks_to_start_again, calls_for_help, points_back
from bot.insights.events import Event, EventKind
from bot.names import (
    ACTION_ACKNOWLEDGE,
    ACTION_OUT_OF_SCOPE,
    ACTION_START_AGAIN,
    DENY_INTENT,
    KEY_MESSAGE_SLOT,
    THANK_INTENT,
    UTTER_ASK_REPHRASE,
    UTTER_OUT_OF_SCOPE,
    UTTER_THANK,
)


class ActionAcknowledge(Action):
    """ "ok", "yes", "no", "cool": answered in the context of the assistant's last turn."""

    def name(self) -> str:
        return ACTION_ACKNOWLEDGE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        context = reply_context(tracker)
        if context is not Context.URGENT:
            # "ok where then" after a decline, "ok the second one" after a list
            leaning = on_last_turn(dispatcher, tracker)
            if leaning is not None:
                return leaning
        if context not in _KEPT_BY_A_CALL and calls_for_help(
            str(tracker.latest_message.get("text"))
        ):
            # a bare "help" (its word acknowledges in "thanks for your help"): what is happening,
            # with the danger button and no 999 line, as "what now?" gets (issue 20)
            return _what_is_happening(dispatcher, tracker, context)
        move = Move.THANKS if intent == THANK_INTENT else Move.ACKNOWLEDGEMENT
        log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=move.value))
        if context is Context.ACTIVITY and intent != THANK_INTENT:
            # "ok", "go on" carry on with the walk-through or quiz; "no" stops it.
            if intent == DENY_INTENT:
                return stop_activity(dispatcher, tracker) or []
            with store().session() as session:
                replies, activity = go_on(session, tracker)
                send(dispatcher, replies)
            return keep_activity(activity)
        response = respond_to(intent, context)
        if response is Response.URGENT:
            return urgent_follow_up(dispatcher, tracker) or []
        if response in (Response.HELPFUL, Response.NOT_HELPFUL):
            return record_feedback(dispatcher, tracker, response is Response.HELPFUL)
        if response is Response.WHICH_CANDIDATE:
            send(dispatcher, which_candidate(ranked_messages(previous_user_parse(tracker.events))))
            return [context_is(Context.CANDIDATES)]
        if response is Response.ANYTHING_ELSE:
            key_message_id = tracker.get_slot(KEY_MESSAGE_SLOT)
            with store().session() as session:
                message = store().key_message(session, key_message_id) if key_message_id else None
                if message is not None:
                    send(dispatcher, anything_else(message))
                    return [context_is(Context.ANSWERED)]
        if response is Response.REPHRASE:
            dispatcher.utter_message(response=UTTER_ASK_REPHRASE)
            return []
        if response is Response.YOU_ARE_WELCOME:
            dispatcher.utter_message(response=UTTER_THANK)
            return []
        send(dispatcher, welcome() if response is Response.WELCOME else carry_on())
        return []


_KEPT_BY_A_CALL = frozenset({Context.URGENT, Context.ACTIVITY})
"""Where a bare "help" keeps its reply: the urgent contacts again, the activity going on."""


def _what_is_happening(
    dispatcher: CollectingDispatcher, tracker: Tracker, context: Context
) -> list[EventType]:
    """What is happening, with the main choices (the answer just given's steps among them)."""
    key_message_id = tracker.get_slot(KEY_MESSAGE_SLOT) if context is Context.ANSWERED else None
    with store().session() as session:
        message = store().key_message(session, key_message_id) if key_message_id else None
        send(dispatcher, what_is_happening(message))
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.HELP.value))
    return []


class ActionOutOfScope(Action):
    def name(self) -> str:
        return ACTION_OUT_OF_SCOPE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        urgent = urgent_follow_up(dispatcher, tracker) or on_last_turn(dispatcher, tracker)
        text = str(tracker.latest_message.get("text") or "")
        if (
            urgent is None
            and context_before(tracker.events) is Context.ANSWERED
            and points_back(text)
        ):
            # "when is it worth it" right after an answer: a question about it, whatever the
            # NLU made of its few words
            urgent = on_last_topic(dispatcher, tracker)
        if urgent is None:
            dispatcher.utter_message(response=UTTER_OUT_OF_SCOPE)
        return urgent or []


class ActionStartAgain(Action):
    """Forgets the topic, the route finder's answers and any context, and says so."""

    def name(self) -> str:
        return ACTION_START_AGAIN

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        latest = tracker.latest_message
        if not is_button(latest) and not asks_to_start_again(str(latest.get("text") or "")):
            # "who sits highest up that ladder": a word of starting again ("top"), asked of
            # the last turn; read with it first
            leaning = on_last_turn(dispatcher, tracker)
            if leaning is not None:
                return leaning
        send(dispatcher, started_again())
        return [AllSlotsReset()]
