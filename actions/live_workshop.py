"""Taking part in a live workshop (data/live_workshop/): join by code, answer, leave."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.activities import within_activity, within_poll
from actions.common import context_is, log_event, send, store
from bot.dialogue.answers import live_workshop as chat
from bot.dialogue.answers import safety as safety_answers
from bot.dialogue.answers.activities import pick_an_option
from bot.dialogue.context import Context, context_before, is_button
from bot.dialogue.replies import FOLLOW_WORKSHOP, FOLLOWED_FROM
from bot.insights.events import Event, EventKind
from bot.live_workshop.followers import position_marker
from bot.live_workshop.join_guard import JoinGuard, chat_client
from bot.live_workshop.service import Outcome, RoomFull, Workshops
from bot.names import (
    ACTION_JOIN_WORKSHOP,
    ACTION_LEAVE_WORKSHOP,
    ACTION_WORKSHOP_ANSWER,
    ACTIVITY_SLOT,
    WORKSHOP_CODE_SLOT,
)
from bot.safeguards.areas import areas_in
from bot.safeguards.safety import assess_immediate_risk
from bot.settings import now

WORKSHOP_ANSWER_TURN = "workshop_answer"
"""The reason on the conversation-turn event of a typed workshop answer: never a question."""


@lru_cache(maxsize=1)
def workshops() -> Workshops:
    return Workshops(store().engine)


@lru_cache(maxsize=1)
def join_guard() -> JoinGuard:
    """Wrong codes typed in the chat count per conversation, like the pages' per address."""
    return JoinGuard(store().engine)


class ActionJoinWorkshop(Action):
    """Joins by the code in the message, or shows the current question of the workshop the
    conversation is in (the "Current question" button)."""

    def name(self) -> str:
        return ACTION_JOIN_WORKSHOP

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        typed = chat.code_in(tracker.latest_message.get("text") or "")
        code = typed or tracker.get_slot(WORKSHOP_CODE_SLOT)
        if not code:
            send(dispatcher, chat.which_workshop())
            return []
        client = chat_client(tracker.sender_id)
        wait = join_guard().wait_for(client) if typed else 0
        if wait:
            send(dispatcher, chat.too_many_codes(wait))
            return [SlotSet(WORKSHOP_CODE_SLOT, None)]
        try:
            joined = workshops().join(code, sender=tracker.sender_id)
        except RoomFull:
            send(dispatcher, chat.room_full())
            return [SlotSet(WORKSHOP_CODE_SLOT, None)]
        if joined is None:
            join_guard().throttle.failed(client)
            send(dispatcher, chat.no_workshop(code))
            return [SlotSet(WORKSHOP_CODE_SLOT, None)]
        snapshot = workshops().snapshot(joined.session_id)
        if snapshot is not None:
            send(dispatcher, chat.question(snapshot, joined=bool(typed)))
            shown = position_marker(snapshot.position)
            dispatcher.utter_message(json_message={FOLLOW_WORKSHOP: code, FOLLOWED_FROM: shown})
        return [SlotSet(WORKSHOP_CODE_SLOT, code)]


class ActionWorkshopAnswer(Action):
    """Records a button's option (for the step the button was made for), a typed letter, or
    a typed reflection for a free-text question (with or without "answer:"): the open
    question policy sends every typed message here while such a question is open. A
    reflection suggesting a child is at immediate risk gets the urgent advice first and is
    held back from the projector."""

    def name(self) -> str:
        return ACTION_WORKSHOP_ANSWER

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        code = tracker.get_slot(WORKSHOP_CODE_SLOT)
        try:
            joined = workshops().join(code, sender=tracker.sender_id) if code else None
        except RoomFull:
            joined = None
        if joined is None:
            # not in a room: "what's the right answer to discuss" after a poll, "I think the
            # answer is the young carers one" in the chat's own quiz
            own = within_poll(dispatcher, tracker) or within_activity(dispatcher, tracker)
            if own is not None:
                return own
            if context_before(tracker.events) is Context.ACTIVITY and tracker.get_slot(
                ACTIVITY_SLOT
            ):
                # an answer in words that matches none of the quiz's options
                send(dispatcher, pick_an_option())
                return []
            send(dispatcher, chat.not_in_a_workshop())
            return [SlotSet(WORKSHOP_CODE_SLOT, None)] if code else []
        snapshot = workshops().snapshot(joined.session_id)
        if snapshot is None:
            send(dispatcher, chat.not_in_a_workshop())
            return [SlotSet(WORKSHOP_CODE_SLOT, None)]
        latest = tracker.latest_message
        entities = latest.get("entities") or []
        typed = chat.typed_answer(latest.get("text") or "")
        choice = chat.choice_in(entities)
        if choice is None and snapshot.step.options and not is_button(latest):
            choice = chat.typed_choice(typed, len(snapshot.step.options))
        text = None if choice is not None or snapshot.step.options else typed
        urgent = bool(text) and assess_immediate_risk(text or "").at_risk
        step = chat.step_in(entities)
        outcome = workshops().answer(
            joined.token,
            choice,
            text or None,
            snapshot.step_index if step is None else step,
            urgent,
        )
        events: list[EventType] = []
        if urgent:
            with store().session() as session:
                contacts = store().urgent_contacts(session)
                areas = areas_in(str(latest.get("text") or ""))
                send(dispatcher, safety_answers.urgent_advice(contacts, now(), areas))
            events.append(context_is(Context.URGENT))
        if not is_button(latest):
            log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=WORKSHOP_ANSWER_TURN))
        send(dispatcher, chat.answered(outcome))
        if outcome is Outcome.STALE:
            current = workshops().snapshot(joined.session_id)
            if current is not None:
                send(dispatcher, chat.question(current))
        if outcome is Outcome.ENDED:
            events.append(SlotSet(WORKSHOP_CODE_SLOT, None))
        return events


class ActionLeaveWorkshop(Action):
    def name(self) -> str:
        return ACTION_LEAVE_WORKSHOP

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        send(dispatcher, chat.left())
        dispatcher.utter_message(json_message={FOLLOW_WORKSHOP: ""})
        return [SlotSet(WORKSHOP_CODE_SLOT, None)]
