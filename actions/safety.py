"""Immediate risk and identifying details (data/safety/): urgent advice first, and a question
with identifying details still answered after the warning."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.utils import all_subclasses

from actions.common import context_is, send, store
from actions.typed_reason import note_typed_reason
from bot.dialogue import understanding
from bot.dialogue.answers import safety as safety_answers
from bot.dialogue.answers.moves import detail_answer, named_services
from bot.dialogue.case_focus import bot_texts
from bot.dialogue.context import Context, context_before, is_button, moves_on, previous_turn
from bot.dialogue.conversation import underlying_intent
from bot.dialogue.identifiers_warning import identifier_kinds
from bot.dialogue.moves import (
    Detail,
    asks_for_contact,
    asks_how_to_contact,
    asks_how_to_reach,
    asks_what_next,
    leans_on_last_turn,
    points_back,
    topic_words,
)
from bot.dialogue.replies import Reply
from bot.dialogue.urgent_contacts import moment_asked, names_school_holiday
from bot.knowledge.models import UrgentContact
from bot.names import (
    ACTION_ALL_URGENT_CONTACTS,
    ACTION_ESCALATION_OVERVIEW,
    ACTION_FOR_INTENT,
    ACTION_NOT_URGENT,
    ACTION_PRIVACY_WARNING,
    ACTION_URGENT_ADVICE,
    DANGER_POSSIBLE,
    ESCALATION_FORM,
    IMMEDIATE_RISK_INTENT,
    KEY_MESSAGE_SLOT,
    LEARNING_INTENT,
    RISK_MENTIONED,
    THANK_INTENT,
    URGENT_CONTACTS_INTENT,
    URGENT_INTENTS,
)
from bot.safeguards.areas import areas_in
from bot.safeguards.contact_requests import (
    detail_not_held,
    names_the_front_door,
    says_usual_person_away,
)
from bot.safeguards.privacy import describe_kinds
from bot.safeguards.safety import (
    about_the_emergency,
    assess_immediate_risk,
    contacts_named,
    danger_told_now_besides_denial,
    names_an_urgent_need,
    names_an_urgent_need_besides_a_time,
    normalise,
    says_now,
    time_told,
)
from bot.settings import now

_NOT_URGENT = re.compile(
    r"\b(?:not|isnt|aint)\s+(?:an?\s+)?(?:urgent|emergency)\b|\bnothing\s+urgent\b"
    r"|\bfalse\s+alarm\b"
)
_ACKNOWLEDGING_WORDS = (
    r"ok(?:ay)?|k|cheers|thanks?|thank\s+you|ta|got\s+it|will\s+do|great|right|noted"
    r"|understood|brilliant|perfect|fine|cool|sure|yes|yep|ill\s+(?:call|ring)(?:\s+(?:them|now))?"
    r"|calling\s+(?:them|now)|done|on\s+it"
)
_ACKNOWLEDGED = re.compile(
    rf"^\W*(?:{_ACKNOWLEDGING_WORDS})(?:[\s,.!]+(?:{_ACKNOWLEDGING_WORDS}|mate|very\s+much"
    r"|a\s+lot|so\s+much|then|i\s+will))*[\s.!]*$",
    re.IGNORECASE,
)
"""Any run of them: "ok done, thanks" as much as "ok cheers"."""


def urgent_question(events: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """What the NLU made of the typed message that brought the urgent advice (empty if none):
    its areas, and its question once the person says it is not urgent."""
    for event in reversed(events[:-1] if events else []):
        parse = event.get("parse_data") or {} if event.get("event") == "user" else {}
        if (parse.get("intent") or {}).get("name") in URGENT_INTENTS and not is_button(parse):
            return parse
    return {}


def _areas(tracker: Tracker) -> tuple[str, ...]:
    """The areas named now, else in the message that brought the urgent advice."""
    named = areas_in(tracker.latest_message.get("text") or "")
    return named or areas_in(urgent_question(tracker.events).get("text") or "")


def _last_bot_text(events: Sequence[Mapping[str, Any]]) -> str:
    return next((e.get("text") or "" for e in reversed(events) if e.get("event") == "bot"), "")


def _send_once(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    replies: list[Reply],
    contacts: Sequence[UrgentContact],
    areas: Sequence[str],
) -> None:
    """Never the same urgent message twice in a row: a shorter one instead."""
    if replies and replies[0].text == _last_bot_text(tracker.events):
        # The same buttons (the learning it may have meant among them), shorter words.
        [shorter] = safety_answers.repeat_avoided(contacts, now(), areas)
        replies = [Reply(shorter.text, replies[0].buttons)]
    send(dispatcher, replies)


def calls_off_urgent_advice(tracker: Tracker) -> bool:
    """The latest message, typed after a reply that said 999, says it is not urgent ("sorry
    its not urgent, ... shes fine today"): a false alarm, answered without 999 again (issue
    20, item 5), whether the last reply was the urgent block or one urgent line."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or not _NOT_URGENT.search(normalise(text)):
        return False
    return "999" in _last_bot_text(tracker.events) and not still_danger_now(text)


def still_danger_now(text: str) -> bool:
    """Danger the rules read as happening now beside the words calling it off ("not urgent,
    but he's hitting her right now")."""
    return danger_told_now_besides_denial(normalise(text))


def urgent_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """After urgent advice a typed follow-up is answered as a follow-up: "which one at 2am"
    gets the number that answers at 2am, "ok cheers" the 999 reminder, "it's not urgent" the
    question first asked; anything else the number again, shorter, with the learning it may
    have meant one tap away, but only while it is about the emergency: a new question
    ("which case", "how do I refer her") is answered as one. A button press or "a separate
    question" moves on. None when not urgent, or when the message is not about it."""
    if not urgency_goes_on(tracker):
        return None
    latest = tracker.latest_message
    text = latest.get("text") or ""
    if _NOT_URGENT.search(normalise(text)):
        return answer_urgent_question(dispatcher, tracker)
    clock, areas = now(), _areas(tracker)
    asked = moment_asked(text, clock)
    with store().session() as session:
        contacts = store().urgent_contacts(session)
        named = [c for c in contacts if c.id in contacts_named(text)]
        if asked is not None:
            replies = safety_answers.contacts_at(contacts, asked, areas)
        elif named:  # "who's on call for csc", "and the EDT?": that one, with its hours
            replies = safety_answers.named_contacts_advice(named, contacts, clock, areas)
        elif _ACKNOWLEDGED.match(text):
            thanked = (latest.get("intent") or {}).get("name") == THANK_INTENT
            replies = safety_answers.urgent_acknowledged(thanked)
        elif areas_in(text):
            replies = safety_answers.urgent_advice(contacts, clock, areas)
        else:
            ranking = understanding.key_message_ranking(latest)
            meant = (
                store().key_message(session, ranking[0].key_message_id)
                if understanding.is_confident(ranking)
                else None
            )
            replies = safety_answers.urgent_reminder(contacts, clock, areas, meant)
        _send_once(dispatcher, tracker, replies, contacts, areas)
        _school_holiday(dispatcher, latest, contacts)
    return [context_is(Context.URGENT)]


def _school_holiday(
    dispatcher: CollectingDispatcher, latest: Mapping[str, Any], contacts: Sequence[UrgentContact]
) -> None:
    """After the number, when the message asks about half term or the school holidays: that
    they do not change the hours, in a message of its own (the first stays within 60 words)."""
    if not is_button(latest) and names_school_holiday(str(latest.get("text") or "")):
        send(dispatcher, [safety_answers.school_holiday_note(contacts)])


def urgency_goes_on(tracker: Tracker) -> bool:
    """Whether the latest message is answered as a follow-up of urgent advice just given: it
    was typed, does not move on, and says it is not urgent, asks about a time or an area,
    acknowledges, is still urgent itself, or asks in a few words what if the call fails ("and
    if nobody answers"): the numbers again, never "what's happening?"."""
    latest = tracker.latest_message
    text = latest.get("text") or ""
    if context_before(tracker.events) is not Context.URGENT or is_button(latest):
        return False
    if _NOT_URGENT.search(normalise(text)):
        return True  # answered with the question first asked
    if moves_on(text):
        return False
    return bool(
        moment_asked(text, now()) is not None
        or _ACKNOWLEDGED.match(text)
        or areas_in(text)
        or still_urgent(latest)
        or (asks_what_next(text) and leans_on_last_turn(text))
    )


def reply_context(tracker: Tracker) -> Context:
    """The context the latest message is answered in: the urgent one ends at a message that
    is not about the emergency."""
    context = context_before(tracker.events)
    if context is Context.URGENT and not urgency_goes_on(tracker):
        return Context.NEUTRAL
    return context


def still_urgent(parse_data: Mapping[str, Any]) -> bool:
    """A message after urgent advice that is urgent itself (danger, whom to call), shows a
    sign of danger, or goes on about the emergency."""
    intent = (parse_data.get("intent") or {}).get("name")
    return (
        intent in URGENT_INTENTS
        or bool(parse_data.get(DANGER_POSSIBLE))
        or about_the_emergency(parse_data.get("text") or "")
    )


def answer_urgent_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """ "It's not urgent": the question asked before the urgent advice, answered."""
    # Imported here: the learning actions themselves check for an urgent follow-up first.
    from actions.learning import answer_learning

    question = urgent_question(tracker.events)
    if describes_anew(str(tracker.latest_message.get("text") or "")):
        # "no not like that, it's not urgent, just a family who keep missing things": the
        # false alarm corrected with a new description, which is the question now; the
        # person has just said it is not urgent, so no 999 line before its answer
        return answer_learning(
            dispatcher, tracker, parse_data=without_risk_marks(tracker.latest_message)
        )
    if not question or (question.get("intent") or {}).get("name") == URGENT_CONTACTS_INTENT:
        send(dispatcher, safety_answers.nothing_to_answer())
        return [context_is(Context.NEUTRAL)]
    return answer_learning(dispatcher, tracker, parse_data=question)


_NOT_URGENT_WORDS = frozenset(
    """urgent emergency like sorry just actually nothing safe fine now right meant mean
    wasnt isnt dont need anymore want wanted ask asking question questions help learning
    answer wasn isn don doesn aren""".split()
)
MIN_NEW_DESCRIPTION_WORDS = 3
_RISK_MARKS = frozenset({RISK_MENTIONED, DANGER_POSSIBLE})
"""What the safety rules mark on a message, dropped from one that calls off the emergency."""


def marks_risk(parse_data: Mapping[str, Any]) -> bool:
    """Whether the safety rules saw risk or a sign of danger in a message: its answer is
    answer_learning's, the only one that puts the 999 line first, not a case's story."""
    return any(parse_data.get(mark) for mark in _RISK_MARKS)


def without_risk_marks(parse_data: Mapping[str, Any]) -> dict[str, Any]:
    """A message's parse without what the safety rules marked on it: the person has said it
    is not urgent, so its answer comes without a 999 line."""
    return {key: value for key, value in parse_data.items() if key not in _RISK_MARKS}


def describes_anew(text: str) -> bool:
    """Saying it is not urgent with a description of its own ("not urgent, just a family
    who have stopped coming to anything"): enough words of a situation besides the words of
    calling off the emergency."""
    return len(topic_words(text) - _NOT_URGENT_WORDS) >= MIN_NEW_DESCRIPTION_WORDS


def _names_urgency(
    parse_data: Mapping[str, Any], service_named: bool = False, a_time_is_urgent: bool = True
) -> bool:
    """Names an urgent contact, an area, an urgent need (a time alone too, unless not
    `a_time_is_urgent`) or the usual person away ("who do I tell, my DSL is off"), or shows a
    sign of danger: what it asks is the urgent advice itself, never a detail of the turn
    before in its place. With a service named, an area is the service's ("the school nurses
    in hackney"), not the front door's."""
    text = str(parse_data.get("text") or "")
    need = names_an_urgent_need if a_time_is_urgent else names_an_urgent_need_besides_a_time
    return bool(
        contacts_named(text)
        or (areas_in(text) and not service_named)
        or need(text)
        or says_usual_person_away(text)
        or assess_immediate_risk(text).at_risk
        or parse_data.get(DANGER_POSSIBLE)
    )


def _moment_of(parse_data: Mapping[str, Any], clock: datetime) -> datetime | None:
    """The moment the urgent advice is for, when not now: the time the asker says it is
    (today's), else, with no danger now, any time a request for the contacts asks about, or
    the time the asker will call at (time_told). A danger is reported now, whatever call time
    is named beside it."""
    text = str(parse_data.get("text") or "")
    danger_now = (parse_data.get("intent") or {}).get("name") == IMMEDIATE_RISK_INTENT or (
        assess_immediate_risk(text).at_risk
    )
    told = time_told(text, danger_now)
    if told is not None and told.is_now:
        return moment_asked(told.words, clock, ahead=False)
    if danger_now or says_now(text):
        return None
    if _asks_urgent_contacts(parse_data):
        return moment_asked(text, clock)
    return None if told is None else moment_asked(told.words, clock)


def _asks_urgent_contacts(parse_data: Mapping[str, Any]) -> bool:
    return (parse_data.get("intent") or {}).get("name") == URGENT_CONTACTS_INTENT


def _contacts_only(parse_data: Mapping[str, Any], service_named: bool = False) -> bool:
    """Taken for a request for contacts, yet naming no time and nothing urgent
    (`_names_urgency`): it may be about the answer before it."""
    text = str(parse_data.get("text") or "")
    return (
        _asks_urgent_contacts(parse_data)
        and moment_asked(text, now()) is None
        and not _names_urgency(parse_data, service_named)
    )


def number_of_the_last_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "whats the number" just after an answer that gave a service, or "number for nia?"
    at any point: that service's number as the knowledge has it, not the urgent contacts.
    Only for a few words asking for a number that name no urgent contact, area or time and
    say nothing of danger
    ("out of hours number", "MASH number", "number, she's not safe" still get the contacts);
    None otherwise."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    contact_them = asks_how_to_contact(text)
    asked = asks_for_contact(text) or contact_them
    reach = asks_how_to_reach(text)
    # the area alone is checked once a service is known to be named; nothing else needs the
    # knowledge, so an urgent request returns here without opening it
    if (
        not (asked or reach)
        or not _contacts_only(latest, service_named=True)
        or (reach and names_the_front_door(text))
    ):
        return None
    with store().session() as session:
        services = store().services(session)
        named = named_services(text, services)
        if not named and not (asked and _contacts_only(latest)):
            return None  # an area, or "how do I reach someone tonight": the urgent contacts
        contact_them = contact_them or reach
        if not named and context_before(tracker.events) is not Context.ANSWERED:
            return None  # "whats the number" with no answer before it: the urgent contacts
        if not named:
            shown = " ".join(bot_texts(previous_turn(tracker.events))).lower()
            named = [service for service in services if service.name.lower() in shown]
        key = tracker.get_slot(KEY_MESSAGE_SLOT)
        message = store().key_message(session, key) if key else None
        if not named and message is not None:
            named = list(message.signposts)
        # "how do I contact them": however the service is reached, even with no number
        with_phone = named if contact_them else [service for service in named if service.phone]
        if not with_phone:
            return None
        replies = detail_answer(Detail.PHONE, message, with_phone)
    if not replies:
        return None
    send(dispatcher, replies)
    return [context_is(Context.ANSWERED)]


def whom_after_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "who do I refer to", "who can call one", "ok so who do i tell" right after a topic's
    answer, in a few words of their own: whom to tell or go to about that topic (its steps
    and services, or the escalation step after the one tried), with one line of urgent advice
    first, never the urgent block in place of the answer (issue 19 item 3; issue 20 item 5's
    one line). None when anything names an urgent contact, an area, a time, an urgent need
    or a sign of danger: those get the urgent contacts."""
    # Imported here: the learning and last-turn actions check for an urgent follow-up first.
    from actions.last_turn import escalate_next
    from actions.learning import on_last_topic, urgent_line_for

    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if (
        is_button(latest)
        or context_before(tracker.events) is not Context.ANSWERED
        or not (leans_on_last_turn(text) or points_back(text))
        or not _contacts_only(latest)
    ):
        return None
    line = CollectingDispatcher()
    answered = escalate_next(line, tracker) or on_last_topic(line, tracker)
    if answered is None:
        return None
    send(dispatcher, [urgent_line_for(text)])
    dispatcher.messages.extend(line.messages)
    return answered


def owner_of_detail_shown(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "Who does that number belong to" right after a reply that gave a service's number,
    taken for a request for the urgent contacts: whose it is (actions/turn_before.py),
    naming no danger, time or area; None otherwise, and the urgent contacts follow."""
    # Imported here: the turn-before actions check a message for risk here first.
    from actions.turn_before import detail_owner

    latest = tracker.latest_message
    if is_button(latest) or not _contacts_only(latest):
        return None
    return detail_owner(dispatcher, tracker)


def number_after_route(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """ "What number do I ring tonight" right after an escalation route, taken for a request
    for the urgent contacts: once the urgent advice is sent (always first), the route's
    numbers or that the audits give none for then (actions/escalation.py). Nothing more when
    it names anything urgent besides the time ("now", "in an emergency", a danger): the
    urgent advice alone."""
    # Imported here: the escalation actions check for an urgent follow-up first.
    from actions.escalation import route_numbers_below_urgent_advice

    latest = tracker.latest_message
    if _asks_urgent_contacts(latest) and not _names_urgency(latest, a_time_is_urgent=False):
        route_numbers_below_urgent_advice(dispatcher, tracker)


class ActionUrgentAdvice(Action):
    def name(self) -> str:
        return ACTION_URGENT_ADVICE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        note_typed_reason(tracker)  # "I needed the contact for the FGM clinic" after "not helpful"
        detail = (
            number_of_the_last_answer(dispatcher, tracker)
            or whom_after_answer(dispatcher, tracker)
            or owner_of_detail_shown(dispatcher, tracker)
        )
        if detail is not None:
            return detail
        follow_up = urgent_follow_up(dispatcher, tracker)
        if follow_up is not None:
            return follow_up
        areas, clock = _areas(tracker), now()
        latest = tracker.latest_message
        # Asking for the contacts "on sunday" or "at 2am" gets that moment's number; a danger
        # described is reported now, whatever time it names ("found wandering at 3am"), or at
        # the time the asker says it is or will call at ("it is 8pm", "who do i ring at 11 tonight")
        asked = _moment_of(latest, clock)
        with store().session() as session:
            contacts = store().urgent_contacts(session)
            named = [c for c in contacts if c.id in contacts_named(latest.get("text") or "")]
            if named and asked is None:
                not_held = detail_not_held(latest.get("text") or "")
                replies = safety_answers.named_contacts_advice(
                    named, contacts, clock, areas, not_held=not_held
                )
            else:
                replies = safety_answers.urgent_advice(
                    contacts, asked or clock, areas, asked=asked is not None
                )
            _send_once(dispatcher, tracker, replies, contacts, areas)
            _school_holiday(dispatcher, latest, contacts)
        number_after_route(dispatcher, tracker)
        # Imported here: the coverage action checks for an urgent follow-up first.
        from actions.coverage import decline_uncovered

        decline_uncovered(dispatcher, tracker, after_urgent=True)
        return [context_is(Context.URGENT)]


class ActionAllUrgentContacts(Action):
    def name(self) -> str:
        return ACTION_ALL_URGENT_CONTACTS

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        with store().session() as session:
            send(dispatcher, safety_answers.all_urgent_contacts(store().urgent_contacts(session)))
        return [context_is(Context.URGENT)]


class ActionNotUrgent(Action):
    def name(self) -> str:
        return ACTION_NOT_URGENT

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return answer_urgent_question(dispatcher, tracker)


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
