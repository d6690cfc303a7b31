"""Each action reads the tracker, asks `bot` for replies and sends them; no logic lives here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from abc import ABC, abstractmethod
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.utils import all_subclasses

from bot.dialogue import answers, feedback, understanding
from bot.dialogue.acknowledgements import Response, respond_to
from bot.dialogue.context import Context, context_before, is_button, moves_on, previous_user_parse
from bot.dialogue.conversation import underlying_intent
from bot.dialogue.names import (
    ACTION_ACKNOWLEDGE,
    ACTION_ANSWER_LEARNING,
    ACTION_CORE_FALLBACK,
    ACTION_ESCALATION_OVERVIEW,
    ACTION_FOR_INTENT,
    ACTION_OFFER_CANDIDATES,
    ACTION_OUT_OF_SCOPE,
    ACTION_RECORD_FEEDBACK,
    ACTION_START_AGAIN,
    ACTION_URGENT_ADVICE,
    AUDIT_SLOT,
    CASE_ENTITY,
    CONTEXT_SLOT,
    ESCALATION_FORM,
    FEEDBACK_HELPFUL_INTENT,
    IDENTIFIER_KINDS,
    KEY_MESSAGE_SLOT,
    LEARNING_INTENT,
)
from bot.dialogue.replies import Reply
from bot.knowledge.models import KeyMessage
from bot.knowledge.nlu_data import glossary_forms
from bot.knowledge.store import KnowledgeStore
from bot.safeguards.privacy import describe_kinds, find_identifiers, kinds_of
from bot.settings import load_settings


@lru_cache(maxsize=1)
def store() -> KnowledgeStore:
    return KnowledgeStore.from_settings()


def send(dispatcher: CollectingDispatcher, replies: list[Reply]) -> None:
    for reply in replies:
        dispatcher.utter_message(
            text=reply.text,
            buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
        )


def _current_key_message(tracker: Tracker) -> str | None:
    return understanding.requested_key_message(tracker.latest_message) or tracker.get_slot(
        KEY_MESSAGE_SLOT
    )


def identifier_kinds(parse_data: dict[str, Any]) -> list[str]:
    """The kinds the NLU pipeline found (it masks identifiers before the model), or found
    here when the message came without them (a test or an older model)."""
    kinds = parse_data.get(IDENTIFIER_KINDS)
    if isinstance(kinds, list):
        return [str(kind) for kind in kinds]
    return kinds_of(find_identifiers(parse_data.get("text") or ""))


def context_is(context: Context) -> EventType:
    return SlotSet(CONTEXT_SLOT, context.value)


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
        send(dispatcher, answers.urgent_follow_up(store().urgent_contacts(session), meant))
    return [context_is(Context.URGENT)]


def ranked_messages(parse_data: dict[str, Any], leave_out: str | None = None) -> list[KeyMessage]:
    ranking = understanding.key_message_ranking(parse_data)
    with store().session() as session:
        found = [store().key_message(session, ranked.key_message_id) for ranked in ranking]
    return [m for m in found if m is not None and m.id != leave_out][: understanding.CANDIDATES]


def offer_candidates(
    dispatcher: CollectingDispatcher, parse_data: dict[str, Any], audit: str | None = None
) -> list[EventType]:
    """The closest key messages, unless the message names a case outright: that is clear
    even when neither the intent nor the key message was."""
    with store().session() as session:
        case = understanding.mentioned_case(
            parse_data.get("text") or "", store().cases(session), store().sources(session), audit
        )
        if case is not None:
            send(dispatcher, answers.case_description(case))
            return [SlotSet(AUDIT_SLOT, case.source_id)]
    send(dispatcher, answers.candidates(ranked_messages(parse_data)))
    return [context_is(Context.CANDIDATES)]


def answer_learning(
    dispatcher: CollectingDispatcher, parse_data: dict[str, Any], audit: str | None = None
) -> list[EventType]:
    """Answers with the chosen or best-ranked key message, or offers candidates."""
    chosen = understanding.requested_key_message(parse_data)
    ranking = understanding.key_message_ranking(parse_data)
    if chosen is None and understanding.is_confident(ranking):
        chosen = ranking[0].key_message_id
    with store().session() as session:
        message = store().key_message(session, chosen) if chosen else None
        if message is not None:
            send(dispatcher, answers.key_message_answer(message, parse_data.get("text") or ""))
            return [SlotSet(KEY_MESSAGE_SLOT, message.id), context_is(Context.ANSWERED)]
    return offer_candidates(dispatcher, parse_data, audit)


class ActionAnswerLearning(Action):
    def name(self) -> str:
        return ACTION_ANSWER_LEARNING

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return urgent_follow_up(dispatcher, tracker) or answer_learning(
            dispatcher, tracker.latest_message, tracker.get_slot(AUDIT_SLOT)
        )


class ActionOfferCandidates(Action):
    def name(self) -> str:
        return ACTION_OFFER_CANDIDATES

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        urgent = urgent_follow_up(dispatcher, tracker)
        if urgent is not None:
            return urgent
        parse_data, audit = tracker.latest_message, tracker.get_slot(AUDIT_SLOT)
        ranking = understanding.key_message_ranking(parse_data)
        if underlying_intent(parse_data) == LEARNING_INTENT and understanding.is_clear(ranking):
            return answer_learning(dispatcher, parse_data, audit)
        return offer_candidates(dispatcher, parse_data, audit)


class ActionCoreFallback(ActionOfferCandidates):
    """What the rules run when none of them fits the conversation: the same as an unclear
    message, and a rule (data/fallback/rules.yml) then always waits for the user, so this
    can never repeat itself within a turn."""

    def name(self) -> str:
        return ACTION_CORE_FALLBACK


class _KeyMessageFollowUp(Action, ABC):
    """Shared by the follow-up buttons, which all act on the current key message."""

    @staticmethod
    @abstractmethod
    def compose(message: KeyMessage) -> list[Reply]:
        """The replies for this follow-up."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        key_message_id = _current_key_message(tracker)
        with store().session() as session:
            message = store().key_message(session, key_message_id) if key_message_id else None
            if message is None:
                dispatcher.utter_message(response="utter_ask_rephrase")
                return []
            send(dispatcher, self.compose(message))
        return [SlotSet(KEY_MESSAGE_SLOT, message.id), context_is(Context.ANSWERED)]


class ActionMorePrompts(_KeyMessageFollowUp):
    compose = staticmethod(answers.more_prompts)

    def name(self) -> str:
        return "action_more_prompts"


class ActionMoreActions(_KeyMessageFollowUp):
    compose = staticmethod(answers.all_actions)

    def name(self) -> str:
        return "action_more_actions"


class ActionShowServices(_KeyMessageFollowUp):
    compose = staticmethod(answers.services)

    def name(self) -> str:
        return "action_show_services"


class ActionShowLinks(_KeyMessageFollowUp):
    compose = staticmethod(answers.links)

    def name(self) -> str:
        return "action_show_links"


class ActionRelatedMessages(_KeyMessageFollowUp):
    compose = staticmethod(answers.related_messages)

    def name(self) -> str:
        return "action_related_messages"


def record_feedback(
    dispatcher: CollectingDispatcher, tracker: Tracker, helpful: bool
) -> list[EventType]:
    """Records feedback only on a key message this conversation was answered with: a typed
    or forged payload can name anything, and nothing a user types may write arbitrary data."""
    key_message_id = _current_key_message(tracker)
    recorded = False
    if key_message_id in feedback.answered_key_messages(tracker.events):
        with store().session() as session:
            message = store().key_message(session, key_message_id)
        if message is not None:
            store().record_feedback(message.id, helpful)
            recorded = True
    if helpful:
        send(dispatcher, answers.feedback_thanks(recorded))
        return []
    answered = None
    if key_message_id:
        with store().session() as session:
            answered = store().key_message(session, key_message_id)
    question = feedback.question_answered(tracker.events, key_message_id)
    alternatives = ranked_messages(question, leave_out=key_message_id)
    send(dispatcher, answers.not_helpful(answered, alternatives))
    return [context_is(Context.ASKED_WHAT_MISSING)]


class ActionRecordFeedback(Action):
    def name(self) -> str:
        return ACTION_RECORD_FEEDBACK

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        helpful = tracker.latest_message.get("intent", {}).get("name") == FEEDBACK_HELPFUL_INTENT
        return record_feedback(dispatcher, tracker, helpful)


class ActionAcknowledge(Action):
    """ "ok", "yes", "no", "cool": answered in the context of the assistant's last turn."""

    def name(self) -> str:
        return ACTION_ACKNOWLEDGE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        response = respond_to(intent, context_before(tracker.events))
        if response is Response.URGENT:
            return urgent_follow_up(dispatcher, tracker) or []
        if response in (Response.HELPFUL, Response.NOT_HELPFUL):
            return record_feedback(dispatcher, tracker, response is Response.HELPFUL)
        if response is Response.WHICH_CANDIDATE:
            send(
                dispatcher,
                answers.which_candidate(ranked_messages(previous_user_parse(tracker.events))),
            )
            return [context_is(Context.CANDIDATES)]
        if response is Response.ANYTHING_ELSE:
            key_message_id = tracker.get_slot(KEY_MESSAGE_SLOT)
            with store().session() as session:
                message = store().key_message(session, key_message_id) if key_message_id else None
                if message is not None:
                    send(dispatcher, answers.anything_else(message))
                    return [context_is(Context.ANSWERED)]
        if response is Response.REPHRASE:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        if response is Response.YOU_ARE_WELCOME:
            dispatcher.utter_message(response="utter_thank")
            return []
        send(dispatcher, answers.welcome() if response is Response.WELCOME else answers.carry_on())
        return []


class ActionOutOfScope(Action):
    def name(self) -> str:
        return ACTION_OUT_OF_SCOPE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        urgent = urgent_follow_up(dispatcher, tracker)
        if urgent is None:
            dispatcher.utter_message(response="utter_out_of_scope")
        return urgent or []


class ActionStartAgain(Action):
    """Forgets the topic, the route finder's answers and any context, and says so."""

    def name(self) -> str:
        return ACTION_START_AGAIN

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        send(dispatcher, answers.started_again())
        return [AllSlotsReset()]


class ActionUrgentAdvice(Action):
    def name(self) -> str:
        return ACTION_URGENT_ADVICE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        with store().session() as session:
            send(dispatcher, answers.urgent_advice(store().urgent_contacts(session)))
        return [context_is(Context.URGENT)]


class ActionPrivacyWarning(Action):
    def name(self) -> str:
        return "action_privacy_warning"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        parse_data = tracker.latest_message
        kinds = identifier_kinds(parse_data)
        send(
            dispatcher,
            [answers.privacy_warning(describe_kinds(kinds) if kinds else "personal details")],
        )
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


def _concrete_actions() -> dict[str, Action]:
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
    def name(self) -> str:
        return "action_browse_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        theme_id = understanding.requested_theme(tracker.latest_message)
        with store().session() as session:
            themes = store().themes(session)
            theme = next((theme for theme in themes if theme.id == theme_id), None)
            send(
                dispatcher,
                answers.theme_messages(theme) if theme else answers.themes_overview(themes),
            )
        return []


class _DescribeCaseOrAudit(Action, ABC):
    """Questions about a case and about an audit overlap ("mental health audit case 1"),
    so both intents look for a named case first, then a named audit."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        with store().session() as session:
            replies, audit = answers.case_or_audit(
                text,
                store().cases(session),
                store().sources(session),
                self.prefer_cases,
                tracker.get_slot(AUDIT_SLOT),
            )
            send(dispatcher, replies)
        return [SlotSet(AUDIT_SLOT, audit)] if audit else []

    @property
    @abstractmethod
    def prefer_cases(self) -> bool:
        """What to list when neither a case nor an audit is named."""


class ActionDescribeCase(_DescribeCaseOrAudit):
    prefer_cases = True

    def name(self) -> str:
        return "action_describe_case"


class ActionDescribeAudit(_DescribeCaseOrAudit):
    prefer_cases = False

    def name(self) -> str:
        return "action_describe_audit"


class ActionGoodPractice(Action):
    """A case's strengths when a button names the case, else the strengths on the topic
    asked about, else the cases to choose from."""

    def name(self) -> str:
        return "action_good_practice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        case_id = understanding.entity_value(tracker.latest_message, CASE_ENTITY)
        with store().session() as session:
            cases = store().cases(session)
            chosen = next((case for case in cases if case.id == case_id), None)
            if chosen is not None:
                send(dispatcher, answers.case_good_practice(chosen))
                return []
            text = tracker.latest_message.get("text") or ""
            matches = understanding.strengths_about(text, cases, glossary())
            send(dispatcher, answers.good_practice(matches, cases))
        return []


@lru_cache(maxsize=1)
def glossary() -> dict[str, list[str]]:
    """Abbreviations and their spelt-out forms, read once from knowledge/."""
    return glossary_forms(load_settings().knowledge_dir)
