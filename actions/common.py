"""What every feature's actions share: the knowledge store, sending replies, the context slot."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue import understanding
from bot.dialogue.context import Context
from bot.dialogue.replies import Reply
from bot.dialogue.terms import Term, load_terms
from bot.insights.events import Event, purge, record
from bot.knowledge.escalation.guide import Guide, load_guide
from bot.knowledge.nlu_data import glossary_forms
from bot.knowledge.reloading import FollowsLoads
from bot.knowledge.store import shared_store as store  # the name every action reads it by
from bot.names import CONTEXT_SLOT, KEY_MESSAGE_SLOT
from bot.settings import insights_retention_days, load_settings

_GLOSSARY = FollowsLoads(lambda _loaded: glossary_forms(load_settings().knowledge_dir))


def glossary() -> dict[str, list[str]]:
    """Abbreviations and their spelt-out forms, read again when new content is loaded."""
    return _GLOSSARY.get(store())


_TERMS = FollowsLoads(lambda _loaded: load_terms(load_settings().knowledge_dir))


def terms() -> list[Term]:
    """The glossary, read again when new content is loaded."""
    return _TERMS.get(store())


class UsagePurge:
    """Deletes usage events past their retention period at most once per `every`, from the
    action server that records them, so a running server keeps to the retention period
    without a scheduler of its own."""

    def __init__(self, every: timedelta) -> None:
        self.every = every
        self.last: datetime | None = None

    def run_if_due(self, now: datetime) -> None:
        if self.last is None or now - self.last > self.every:
            purge(store(), insights_retention_days(), now)
            self.last = now


usage_purge = UsagePurge(every=timedelta(days=1))


def log_event(tracker: Tracker, event: Event) -> None:
    """Records an anonymous usage event with the channel it came by."""
    record(store(), replace(event, channel=tracker.get_latest_input_channel()))
    usage_purge.run_if_due(datetime.now(timezone.utc))


def send(dispatcher: CollectingDispatcher, replies: list[Reply]) -> None:
    for reply in replies:
        dispatcher.utter_message(
            text=reply.text,
            buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
        )


def current_key_message(tracker: Tracker) -> str | None:
    return understanding.requested_key_message(tracker.latest_message) or tracker.get_slot(
        KEY_MESSAGE_SLOT
    )


def context_is(context: Context) -> EventType:
    return SlotSet(CONTEXT_SLOT, context.value)


_ESCALATION_GUIDE = FollowsLoads(load_guide)


def escalation_guide() -> Guide:
    """The escalation routes, rebuilt when `make knowledge` has loaded new content: no restart
    needed."""
    return _ESCALATION_GUIDE.get(store())
