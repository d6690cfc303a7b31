"""The escalation route finder's actions: thin adapters over bot.dialogue.escalation.

The form `escalation_form` asks what is wrong and what has been tried; the validation action
reads typed answers with the words in knowledge/, and the other actions send the route, its
handout, its reflective prompts, the overview of every route, and handle stop and change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.activities import discussion_questions, stop_activity
from actions.common import context_is, escalation_guide, log_event, send, store
from actions.safety import urgent_follow_up
from actions.turn_before import send_case_of_open_answer
from bot.dialogue import understanding
from bot.dialogue.activity_requests import asks_for_discussion
from bot.dialogue.answers.moves import named_services
from bot.dialogue.answers.safety import contacts_at
from bot.dialogue.case_focus import bot_texts
from bot.dialogue.context import Context, is_button, previous_turn
from bot.dialogue.escalation import form, history, replies
from bot.dialogue.escalation.link_requests import asks_for_link
from bot.dialogue.moves import Detail, asks_to_escalate, asks_what_next, detail_asked
from bot.dialogue.replies import Reply
from bot.dialogue.urgent_contacts import moment_asked
from bot.insights.events import Event, EventKind
from bot.knowledge.escalation.guide import Guide, Route, Tried
from bot.names import (
    ACTION_ASK_ESCALATION_SITUATION,
    ACTION_ASK_ESCALATION_TRIED,
    ACTION_CHANGE_ESCALATION_ANSWER,
    ACTION_ESCALATION_HANDOUT,
    ACTION_ESCALATION_OVERVIEW,
    ACTION_ESCALATION_PROMPTS,
    ACTION_ESCALATION_ROUTE,
    ACTION_STOP_ESCALATION,
    ACTION_VALIDATE_ESCALATION_FORM,
    ESCALATION_CHANGE_ENTITY,
    ESCALATION_FAILURES_SLOT,
    ESCALATION_FORM,
    ESCALATION_SITUATION_SLOT,
    ESCALATION_TRIED_SLOT,
    GOODBYE_INTENT,
    IMMEDIATE_RISK_INTENT,
    REQUESTED_SLOT,
    STOP_INTENT,
    UTTER_ASK_CONTINUE_ESCALATION,
)
from bot.safeguards.areas import areas_in
from bot.safeguards.safety import contacts_named
from bot.settings import now

ANSWER_SLOTS = (ESCALATION_SITUATION_SLOT, ESCALATION_TRIED_SLOT)


def guide() -> Guide:
    """The routes, rebuilt when `make knowledge` has loaded new content: no restart needed."""
    return escalation_guide()


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def _failures(tracker: Tracker) -> int:
    return int(tracker.get_slot(ESCALATION_FAILURES_SLOT) or 0)


def _reset() -> list[EventType]:
    return [SlotSet(slot, None) for slot in ANSWER_SLOTS] + [SlotSet(ESCALATION_FAILURES_SLOT, 0)]


class ValidateEscalationForm(FormValidationAction):
    def name(self) -> str:
        return ACTION_VALIDATE_ESCALATION_FORM

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if (tracker.active_loop or {}).get("name") != ESCALATION_FORM:
            log_event(tracker, Event(EventKind.ESCALATION_STARTED))
        return await super().run(dispatcher, tracker, domain)

    def _extract(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        activating = (tracker.active_loop or {}).get("name") != ESCALATION_FORM
        asked = tracker.get_slot(REQUESTED_SLOT)
        if not activating and asked == ESCALATION_TRIED_SLOT:
            corrected = form.corrected_situation(
                guide(),
                _text(tracker),
                tracker.get_slot(ESCALATION_SITUATION_SLOT),
                _intent(tracker),
            )
            if corrected is not None:
                # A new description of what is wrong, not an answer: read once, while the
                # form reads the answer it asked for (after the situation, so that the
                # situation's own extraction cannot see it as unchanged).
                return (
                    {ESCALATION_SITUATION_SLOT: corrected} if slot == ESCALATION_TRIED_SLOT else {}
                )
        if activating and slot != ESCALATION_SITUATION_SLOT:
            return {}
        if not activating and asked != slot:
            return {}
        if tracker.get_slot(slot) is not None and not (not activating and asked == slot):
            return {}
        if history.previous_bot_action(tracker.events) == UTTER_ASK_CONTINUE_ESCALATION:
            # "yes, back to my route": nothing to read, and nothing to reject either, so
            # the form asks its question again
            return {slot: None}
        confident = understanding.is_confident(
            understanding.key_message_ranking(tracker.latest_message)
        )
        reading = form.read_message(
            guide(), slot, _text(tracker), _intent(tracker), activating, confident
        )
        return {slot: _text(tracker)} if reading is form.Reading.ANSWER else {}

    async def extract_escalation_situation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._extract(ESCALATION_SITUATION_SLOT, tracker)

    async def extract_escalation_tried(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._extract(ESCALATION_TRIED_SLOT, tracker)

    def _validate(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        if value is None:
            return {slot: None}
        resolved = form.resolve(guide(), slot, value)
        if (
            resolved is None
            and isinstance(value, str)
            and (asks_what_next(value) or asks_to_escalate(value))
        ):
            if slot == ESCALATION_SITUATION_SLOT:
                # "and if that doesn't get anywhere?" after the general route: what comes
                # after its first step, not a situation that failed to match
                send(dispatcher, replies.after_first_step(guide()))
                return {slot: None}
            # "who next if that doesn't work?" after the route in short: the whole route
            resolved = form.route_from_start(guide())
        if (
            resolved is None
            and isinstance(value, str)
            and send_case_of_open_answer(dispatcher, tracker)
        ):
            # "Which case this?" while the route finder asks what is stuck: the case the
            # learning before it cites, then the question again (no failure counted)
            return {slot: None}
        if resolved is None and isinstance(value, str) and asks_for_link(value):
            # "link to the policy?" after the routes in short: their links, then the question
            # again; a failure is still counted, so asking links only ends with the way out
            route = guide().route(tracker.get_slot(ESCALATION_SITUATION_SLOT))
            links = replies.route_links(route, None, value) if route else None
            send(dispatcher, links or replies.guide_links(guide(), value))
            return {slot: None, ESCALATION_FAILURES_SLOT: _failures(tracker) + 1}
        if resolved is None:
            return {slot: None, ESCALATION_FAILURES_SLOT: _failures(tracker) + 1}
        if slot == ESCALATION_SITUATION_SLOT and tracker.get_slot(REQUESTED_SLOT) in (None, slot):
            # the situation question is answered (or the first message answered it): the
            # funnel's second step; a correction while asking what was tried is not
            log_event(tracker, Event(EventKind.ESCALATION_SITUATION, route_id=resolved))
        return {slot: resolved, ESCALATION_FAILURES_SLOT: 0}

    async def validate_escalation_situation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._validate(ESCALATION_SITUATION_SLOT, value, dispatcher, tracker)

    async def validate_escalation_tried(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._validate(ESCALATION_TRIED_SLOT, value, dispatcher, tracker)


class ActionAskEscalationSituation(Action):
    def name(self) -> str:
        return ACTION_ASK_ESCALATION_SITUATION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        urgent = urgent_follow_up(dispatcher, tracker)  # "who do I ring?" after urgent advice
        asked = replies.ask_situation(guide(), _failures(tracker))
        send(dispatcher, _with_urgent_line(tracker, urgent, asked))
        return urgent or []


def _with_urgent_line(
    tracker: Tracker, urgent: list[EventType] | None, asked: list[Reply]
) -> list[Reply]:
    """A route asked with risk told ("dad hit her and camhs won't take the referral"): the one
    urgent line a practice question with risk gets, before the question; with danger possible
    ("csc shut the case, it should be open, who do i go to, she's bleeding": the route finder
    answers a disputed closure), 999 and the number that applies now (review of route27)."""
    from actions.learning import danger_line_first, urgent_line_first, with_first  # (cycle)

    message = tracker.latest_message
    line = None if urgent is not None else urgent_line_first(message) or danger_line_first(message)
    return with_first(line, asked)


class ActionAskEscalationTried(Action):
    def name(self) -> str:
        return ACTION_ASK_ESCALATION_TRIED

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        urgent = urgent_follow_up(dispatcher, tracker)
        current = guide()
        route = current.route(tracker.get_slot(ESCALATION_SITUATION_SLOT))
        asked = replies.ask_tried(current, route, _failures(tracker))
        send(dispatcher, _with_urgent_line(tracker, urgent, asked))
        return urgent or []


class ActionEscalationRoute(Action):
    """Sends the route; the answers are then cleared (its buttons carry them) so that the
    next "how do I escalate" starts afresh."""

    def name(self) -> str:
        return ACTION_ESCALATION_ROUTE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        current = guide()
        route = current.route(tracker.get_slot(ESCALATION_SITUATION_SLOT))
        if route is None:
            send(dispatcher, replies.overview(current))
            return _reset()
        send(
            dispatcher,
            replies.route_reply(route, current.answer(tracker.get_slot(ESCALATION_TRIED_SLOT))),
        )
        log_event(tracker, Event(EventKind.ESCALATION_COMPLETED, route_id=route.id))
        return _reset()


class ActionStopEscalation(Action):
    """Clears the answers; says so unless the message was goodbye or urgent (their own
    replies follow or came first)."""

    def name(self) -> str:
        return ACTION_STOP_ESCALATION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        step = history.value_when_user_spoke(tracker.events, REQUESTED_SLOT)
        if step is None and _intent(tracker) == STOP_INTENT:
            # Not in the route finder: "stop" ends the walk-through or quiz, if one is on.
            stopped = stop_activity(dispatcher, tracker)
            if stopped is not None:
                return stopped
        if _intent(tracker) not in (GOODBYE_INTENT, IMMEDIATE_RISK_INTENT):
            send(dispatcher, replies.stopped())
        if step is not None:  # the route finder was asking a question: it stopped there
            log_event(tracker, Event(EventKind.ESCALATION_STOPPED, step=step))
        return _reset()


class ActionChangeEscalationAnswer(Action):
    """Clears the answer to change and keeps the other, so the form asks only that one."""

    def name(self) -> str:
        return ACTION_CHANGE_ESCALATION_ANSWER

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        entity = next(tracker.get_latest_entity_values(ESCALATION_CHANGE_ENTITY), None)
        target = form.slot_to_change(_text(tracker), entity, tracker.get_slot(REQUESTED_SLOT))
        kept = history.last_values(tracker.events, ANSWER_SLOTS)
        events: list[EventType] = [SlotSet(target, None), SlotSet(ESCALATION_FAILURES_SLOT, 0)]
        for slot in ANSWER_SLOTS:
            if slot != target:
                events.append(SlotSet(slot, tracker.get_slot(slot) or kept.get(slot)))
        return events


class _RouteFollowUp:
    """Mixin for the follow-ups after a route (not an Action itself, so rasa_sdk does not
    register it); buttons carry the route, else the last one is used."""

    def _route_and_tried(self, tracker: Tracker) -> tuple[Route | None, Tried | None]:
        kept = history.last_values(tracker.events, ANSWER_SLOTS)
        route_id = tracker.get_slot(ESCALATION_SITUATION_SLOT) or kept.get(
            ESCALATION_SITUATION_SLOT
        )
        tried_id = tracker.get_slot(ESCALATION_TRIED_SLOT) or kept.get(ESCALATION_TRIED_SLOT)
        current = guide()
        return current.route(route_id), current.answer(tried_id)


_ABOUT_THE_END = re.compile(
    r"\bpolic(?:y|ies)\b|\b(?:independent )?chair\b|\bafter (?:that|this|them|those)\b"
    r"|\b(?:last|final|top|highest) (?:step|stage|level)\b|\bstill (?:stuck|not resolved|nothing)\b"
    r"|\btop\s+of\s+(?:the|that|this|it)\b|\bend\s+of\s+the\s+(?:line|chain|road)\b",
    re.IGNORECASE,
)


def _names_whom(text: str) -> bool:
    """An urgent contact or a service named ("and the MASH number?"): its own number, not the
    route's."""
    if contacts_named(text):
        return True
    with store().session() as session:
        return bool(named_services(text, store().services(session)))


def _asks_the_routes_number(text: str) -> bool:
    """A number asked that names no contact or service ("what number do I ring tonight"):
    right after a route, the route's."""
    return detail_asked(text) is Detail.PHONE and not _names_whom(text)


def _gave_route(turn: Sequence[Mapping[str, Any]]) -> bool:
    return any(
        event.get("event") == "action" and event.get("name") == ACTION_ESCALATION_ROUTE
        for event in turn
    )


def route_numbers_below_urgent_advice(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """ "What number do I ring now" right after a route, read as a request for the urgent
    contacts, once the urgent advice is sent: the route's numbers, or that the audits give
    none (for that time), so the route is not left unanswered. Nothing for a button, a
    message that asks something else, or no route in the turn before."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if (
        is_button(latest)
        or not _asks_the_routes_number(text)
        or not _gave_route(previous_turn(tracker.events))
    ):
        return
    route, tried = _RouteFollowUp()._route_and_tried(tracker)
    if route is not None:
        at_a_time = moment_asked(text, now()) is not None
        send(dispatcher, replies.route_numbers(route, tried, at_a_time, urgent_above=True))


def after_route(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "and after that?", "where do i find the policy" right after a route: the step it ends
    with, which names the policy; None when the last turn gave no route or the message asks
    something else."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    number = _asks_the_routes_number(text)
    if is_button(latest) or not (
        asks_what_next(text) or _ABOUT_THE_END.search(text) or asks_for_link(text) or number
    ):
        return None
    turn = previous_turn(tracker.events)
    if not _gave_route(turn):
        return None if number else _links_of_the_steps(dispatcher, turn, text)
    route, tried = _RouteFollowUp()._route_and_tried(tracker)
    if route is None:
        return None
    if number:
        # "what number do I ring tonight": the route's numbers, or that the audits give
        # none (for that time), then who answers at that time (knowledge/contacts.yml)
        moment = moment_asked(text, now())
        send(dispatcher, replies.route_numbers(route, tried, moment is not None))
        if moment is not None:
            with store().session() as session:
                contacts = store().urgent_contacts(session)
                send(dispatcher, contacts_at(contacts, moment, areas_in(text)))
    elif asks_for_link(text):
        # "link to the policy?": the links the route's contacts have, or that they are blank
        send(dispatcher, replies.route_links(route, tried, text))
    else:
        send(dispatcher, replies.last_step(route, tried))
    # never empty: callers chain the moves with `or`, so an empty list would be no reply
    return [SlotSet(ESCALATION_SITUATION_SLOT, None)]


def _links_of_the_steps(
    dispatcher: CollectingDispatcher, turn: Sequence[Mapping[str, Any]], text: str
) -> list[EventType] | None:
    """ "link to the policy?" right after the steps the routes take ("and if that doesn't
    work?" outside the route finder): the links of the contacts it names; None otherwise."""
    gave_steps = any(said.startswith(replies.ROUTES_GO_ON) for said in bot_texts(turn))
    if not (gave_steps and asks_for_link(text)):
        return None
    send(dispatcher, replies.guide_links(guide(), text))
    return [context_is(Context.NEUTRAL)]


class ActionEscalationHandout(_RouteFollowUp, Action):
    def name(self) -> str:
        return ACTION_ESCALATION_HANDOUT

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        route, tried = self._route_and_tried(tracker)
        send(
            dispatcher, replies.handout_reply(route, tried) if route else replies.overview(guide())
        )
        return [] if tracker.active_loop else _reset()


class ActionEscalationPrompts(_RouteFollowUp, Action):
    def name(self) -> str:
        return ACTION_ESCALATION_PROMPTS

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        route, _ = self._route_and_tried(tracker)
        if route is None and asks_for_discussion(str(tracker.latest_message.get("text") or "")):
            # "and a few reflective questions to go with it" after a handout: no route is
            # in hand, so the questions are a group's, on what the trainer is on
            return discussion_questions(dispatcher, tracker)
        send(dispatcher, replies.route_prompts(route) if route else replies.overview(guide()))
        return [] if tracker.active_loop else _reset()


class ActionEscalationOverview(Action):
    def name(self) -> str:
        return ACTION_ESCALATION_OVERVIEW

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        send(dispatcher, replies.overview(guide()))
        return []
