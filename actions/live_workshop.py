"""Taking part in a live workshop (data/live_workshop/): join by code, answer, leave."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send, store
from bot.dialogue.names import (
    ACTION_JOIN_WORKSHOP,
    ACTION_LEAVE_WORKSHOP,
    ACTION_WORKSHOP_ANSWER,
    WORKSHOP_CODE_SLOT,
)
from bot.workshop import chat
from bot.workshop.join_guard import JoinGuard, chat_client
from bot.workshop.service import Outcome, Workshops


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
        joined = workshops().join(code, sender=tracker.sender_id)
        if joined is None:
            join_guard().throttle.failed(client)
            send(dispatcher, chat.no_workshop(code))
            return [SlotSet(WORKSHOP_CODE_SLOT, None)]
        snapshot = workshops().snapshot(joined.session_id)
        if snapshot is not None:
            send(dispatcher, chat.question(snapshot, joined=bool(typed)))
        return [SlotSet(WORKSHOP_CODE_SLOT, code)]


class ActionWorkshopAnswer(Action):
    """Records a button's option, or a typed "answer: ..." for a free-text question."""

    def name(self) -> str:
        return ACTION_WORKSHOP_ANSWER

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        code = tracker.get_slot(WORKSHOP_CODE_SLOT)
        joined = workshops().join(code, sender=tracker.sender_id) if code else None
        if joined is None:
            send(dispatcher, chat.not_in_a_workshop())
            return [SlotSet(WORKSHOP_CODE_SLOT, None)] if code else []
        latest = tracker.latest_message
        choice = chat.choice_in(latest.get("entities") or [])
        text = None if choice is not None else chat.typed_answer(latest.get("text") or "")
        outcome = workshops().answer(joined.token, choice, text or None)
        send(dispatcher, chat.answered(outcome))
        return [SlotSet(WORKSHOP_CODE_SLOT, None)] if outcome is Outcome.ENDED else []


class ActionLeaveWorkshop(Action):
    def name(self) -> str:
        return ACTION_LEAVE_WORKSHOP

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        send(dispatcher, chat.left())
        return [SlotSet(WORKSHOP_CODE_SLOT, None)]
