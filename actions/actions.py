"""Each action reads the tracker, asks `bot` for replies and sends them; no logic lives here."""
from __future__ import annotations

from functools import lru_cache
import importlib
import inspect
import pkgutil
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.utils import all_subclasses
from rasa_sdk.executor import CollectingDispatcher

from bot import answers, understanding
from bot.conversation import underlying_intent
from bot.models import KeyMessage
from bot.names import (
    ACTION_ESCALATION_OVERVIEW,
    ACTION_FOR_INTENT,
    ESCALATION_FORM,
    FEEDBACK_HELPFUL_INTENT,
    KEY_MESSAGE_SLOT,
    LEARNING_INTENT,
)
from bot.privacy import describe, find_identifiers
from bot.replies import Reply
from bot.store import KnowledgeStore


@lru_cache(maxsize=1)
def store() -> KnowledgeStore:
    return KnowledgeStore.from_settings()


def send(dispatcher: CollectingDispatcher, replies: List[Reply]) -> None:
    for reply in replies:
        dispatcher.utter_message(
            text=reply.text,
            buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
        )


def _current_key_message(tracker: Tracker) -> str | None:
    return understanding.requested_key_message(tracker.latest_message) or tracker.get_slot(
        KEY_MESSAGE_SLOT
    )


def offer_candidates(dispatcher: CollectingDispatcher, ranking: List[understanding.Ranked]) -> None:
    with store().session() as session:
        offered = [
            store().key_message(session, ranked.key_message_id)
            for ranked in ranking[: understanding.CANDIDATES]
        ]
        send(dispatcher, answers.candidates([m for m in offered if m is not None]))


def answer_learning(dispatcher: CollectingDispatcher, parse_data: Dict[Text, Any]) -> List[EventType]:
    """Answers with the chosen or best-ranked key message, or offers candidates."""
    chosen = understanding.requested_key_message(parse_data)
    ranking = understanding.key_message_ranking(parse_data)
    if chosen is None and understanding.is_confident(ranking):
        chosen = ranking[0].key_message_id
    with store().session() as session:
        message = store().key_message(session, chosen) if chosen else None
        if message is not None:
            send(dispatcher, answers.key_message_answer(message))
            return [SlotSet(KEY_MESSAGE_SLOT, message.id)]
    offer_candidates(dispatcher, ranking)
    return []


class ActionAnswerLearning(Action):
    def name(self) -> Text:
        return "action_answer_learning"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        return answer_learning(dispatcher, tracker.latest_message)


class ActionOfferCandidates(Action):
    def name(self) -> Text:
        return "action_offer_candidates"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        parse_data = tracker.latest_message
        with store().session() as session:
            case = understanding.mentioned_case(
                parse_data.get("text") or "", store().cases(session), store().sources(session)
            )
            if case is not None:  # a case named outright is clear even when the intent was not
                send(dispatcher, answers.case_description(case))
                return []
        ranking = understanding.key_message_ranking(parse_data)
        if underlying_intent(parse_data) == LEARNING_INTENT and understanding.is_clear(ranking):
            return answer_learning(dispatcher, parse_data)
        offer_candidates(dispatcher, ranking)
        return []


class _KeyMessageFollowUp(Action, ABC):
    """Shared by the follow-up buttons, which all act on the current key message."""

    @staticmethod
    @abstractmethod
    def compose(message: KeyMessage) -> List[Reply]:
        """The replies for this follow-up."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        key_message_id = _current_key_message(tracker)
        with store().session() as session:
            message = store().key_message(session, key_message_id) if key_message_id else None
            if message is None:
                dispatcher.utter_message(response="utter_ask_rephrase")
                return []
            send(dispatcher, self.compose(message))
        return [SlotSet(KEY_MESSAGE_SLOT, message.id)]


class ActionMorePrompts(_KeyMessageFollowUp):
    compose = staticmethod(answers.more_prompts)

    def name(self) -> Text:
        return "action_more_prompts"


class ActionRelatedMessages(_KeyMessageFollowUp):
    compose = staticmethod(answers.related_messages)

    def name(self) -> Text:
        return "action_related_messages"


class ActionRecordFeedback(Action):
    def name(self) -> Text:
        return "action_record_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        key_message_id = _current_key_message(tracker)
        if key_message_id:
            helpful = tracker.latest_message.get("intent", {}).get("name") == FEEDBACK_HELPFUL_INTENT
            store().record_feedback(key_message_id, helpful)
        return []


class ActionUrgentAdvice(Action):
    def name(self) -> Text:
        return "action_urgent_advice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        with store().session() as session:
            send(dispatcher, answers.urgent_advice(store().urgent_contacts(session)))
        return []


class ActionPrivacyWarning(Action):
    def name(self) -> Text:
        return "action_privacy_warning"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        parse_data = tracker.latest_message
        found = find_identifiers(parse_data.get("text") or "")
        send(dispatcher, [answers.privacy_warning(describe(found) if found else "personal details")])
        intent = underlying_intent(parse_data) or LEARNING_INTENT
        handler = ACTION_FOR_INTENT.get(intent)
        if handler == ESCALATION_FORM:
            handler = ACTION_ESCALATION_OVERVIEW  # a form cannot run inside another action
        if handler is not None:
            # Run the intent's own action now, in this turn: a FollowupAction would leave the
            # rules with no step to predict after it.
            return await _concrete_actions()[handler].run(dispatcher, tracker, domain)
        if f"utter_{intent}" in domain.get("responses", {}):
            dispatcher.utter_message(response=f"utter_{intent}")
        return []


def _concrete_actions() -> Dict[Text, Action]:
    """Every action of this package by name, as the action server registers them."""
    package = importlib.import_module(__package__)
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{__package__}.{module.name}")
    return {
        action.name(): action
        for action in (cls() for cls in all_subclasses(Action) if not inspect.isabstract(cls))
        if type(action).__module__.startswith("actions.")
    }


class ActionBrowseTopics(Action):
    def name(self) -> Text:
        return "action_browse_topics"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        theme_id = understanding.requested_theme(tracker.latest_message)
        with store().session() as session:
            themes = store().themes(session)
            theme = next((theme for theme in themes if theme.id == theme_id), None)
            send(dispatcher, answers.theme_messages(theme) if theme else answers.themes_overview(themes))
        return []


class _DescribeCaseOrAudit(Action, ABC):
    """Questions about a case and about an audit overlap ("mental health audit case 1"),
    so both intents look for a named case first, then a named audit."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        with store().session() as session:
            send(dispatcher, answers.case_or_audit(text, store().cases(session), store().sources(session), self.prefer_cases))
        return []

    @property
    @abstractmethod
    def prefer_cases(self) -> bool:
        """What to list when neither a case nor an audit is named."""


class ActionDescribeCase(_DescribeCaseOrAudit):
    prefer_cases = True

    def name(self) -> Text:
        return "action_describe_case"


class ActionDescribeAudit(_DescribeCaseOrAudit):
    prefer_cases = False

    def name(self) -> Text:
        return "action_describe_audit"


class ActionGoodPractice(Action):
    def name(self) -> Text:
        return "action_good_practice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        with store().session() as session:
            send(dispatcher, answers.good_practice(store().cases(session)))
        return []
