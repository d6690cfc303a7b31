"""A typed message that answers the question the conversation has open, whatever the model
makes of its words: a reflection typed while a live workshop's free-text question is open, a
letter typed while a workshop's options or a chat walk-through's or quiz's question wait, a
question about running the room ("next question", "show the results") right after a
workshop was offered.

The model cannot know this: "I would talk to the school nurse first" reads as a question
about school nurses, and a lone "a" carries no word the model counts. This policy sees the
conversation (its slots, and for a live workshop the session in the database), so it answers
them in context, above the rules; every other message is left to the rules.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import SQLAlchemyError

from bot.dialogue.activity import Activity, move_within
from bot.dialogue.activity_requests import asked_minutes
from bot.dialogue.answers.live_workshop import typed_choice
from bot.dialogue.case_focus import ASKING_WORDS
from bot.dialogue.context import Context
from bot.dialogue.moves import topic_words
from bot.dialogue.workshop_plan import (
    DEFAULT_MINUTES,
    asks_for_timings,
    changed_length,
    swapped_parts,
)
from bot.dialogue.workshop_requests import PLAN_HEADING, running_request
from bot.live_workshop.service import stored_workshops
from bot.names import (
    ACKNOWLEDGE_INTENT,
    ACTION_CHOOSE_OPTION,
    ACTION_PLAN_WORKSHOP,
    ACTION_WORKSHOP_ANSWER,
    ACTIVITY_SLOT,
    AFFIRM_INTENT,
    CONTEXT_SLOT,
    DANGER_POSSIBLE,
    DENY_INTENT,
    GOODBYE_INTENT,
    GREET_INTENT,
    JOIN_WORKSHOP_INTENT,
    LEAVE_WORKSHOP_INTENT,
    THANK_INTENT,
    URGENT_INTENTS,
    WORKSHOP_CODE_SLOT,
)

logger = logging.getLogger(__name__)

PRIORITY = 7
"""Above the RulePolicy (6): when both are sure, the open question wins."""
NOT_AN_ANSWER = frozenset({JOIN_WORKSHOP_INTENT, LEAVE_WORKSHOP_INTENT})
"""The workshop's own commands ("current question", "leave") are never a reflection."""
SMALL_TALK = frozenset(
    {ACKNOWLEDGE_INTENT, THANK_INTENT, AFFIRM_INTENT, DENY_INTENT, GREET_INTENT, GOODBYE_INTENT}
)
SMALL_TALK_WORDS = 3
""""ok", "thanks a lot": left to the rules, not recorded as a reflection."""
LONE_LETTER = re.compile(r"^\s*(?:option\s+)?[a-e]\s*[.)]?\s*$", re.IGNORECASE)


def answering_action(tracker: DialogueStateTracker) -> str | None:
    """The action that answers the latest message as an answer to the open question, or
    None when it is not one (or nothing is open)."""
    message = tracker.latest_message
    text = (message.text or "") if message else ""
    if not text.strip() or text.startswith("/"):  # a button: its payload says what it is
        return None
    intent = str((message.intent or {}).get("name") or "") if message else ""
    if intent in NOT_AN_ANSWER:
        return None
    small_talk = intent in SMALL_TALK and len(text.split()) <= SMALL_TALK_WORDS
    code = tracker.get_slot(WORKSHOP_CODE_SLOT)
    if code and _answers_live_workshop(str(code), tracker.sender_id, text, small_talk):
        return ACTION_WORKSHOP_ANSWER
    if intent in URGENT_INTENTS or (
        message is not None and message.parse_data.get(DANGER_POSSIBLE)
    ):
        # a child in danger now, or a call to make, told in a quiz or after a plan ("he's
        # been missing for 3 hours" names a length): the urgent advice's rules answer it,
        # never a move in the activity or the plan re-timed (the live workshop's answer
        # gives the urgent advice itself, above)
        return None
    activity = Activity.from_slot(tracker.get_slot(ACTIVITY_SLOT))
    if activity is not None and activity.waiting and LONE_LETTER.match(text):
        return ACTION_CHOOSE_OPTION
    turn = _previous_turn(tracker)
    if (
        activity is not None
        and _context_of(turn) == Context.ACTIVITY.value
        and move_within(text, topic_words(text) - ASKING_WORDS) is not None
    ):
        # "what's the answer", "how did I do", "previous question" in a quiz or walk-through:
        # a move inside it, whatever the model made of the words
        return ACTION_CHOOSE_OPTION
    if (
        any(
            isinstance(event, ActionExecuted) and event.action_name == ACTION_PLAN_WORKSHOP
            for event in turn
        )
        and running_request(text, after_offer=True) is not None
    ):
        # "next question", "show the results" right after a workshop was offered: how the
        # presenter page does it, whatever the model made of the words
        return ACTION_PLAN_WORKSHOP
    heading = _plan_given(turn)
    if heading is not None:
        current = asked_minutes(heading) or DEFAULT_MINUTES
        changed = changed_length(text, asked_minutes(text), current) is not None
        if changed or swapped_parts(text) is not None or asks_for_timings(text):
            # "shorten it to 90 mins", "make it longer", "swap the domestic abuse bit for
            # something on DNAs", "what about timings" right after a session's plan: that
            # plan again, whatever the model made of the words
            return ACTION_PLAN_WORKSHOP
    return None


def _plan_given(turn: list[Event]) -> str | None:
    """The heading of the session's timed plan the turn gave, if it gave one."""
    return next(
        (
            event.text
            for event in turn
            if isinstance(event, BotUttered) and (event.text or "").startswith(PLAN_HEADING)
        ),
        None,
    )


def _previous_turn(tracker: DialogueStateTracker) -> list[Event]:
    """The events of the assistant's turn before the latest message."""
    turn: list[Event] = []
    seen_latest = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_latest:
                break
            seen_latest = True
        elif seen_latest:
            turn.append(event)
    return turn


def _context_of(turn: list[Event]) -> str | None:
    """The context the turn left (its last setting of the context slot), as
    bot.dialogue.context reads it from events as dicts."""
    return next(
        (
            str(event.value)
            for event in turn  # most recent first
            if isinstance(event, SlotSet) and event.key == CONTEXT_SLOT and event.value
        ),
        None,
    )


def _answers_live_workshop(code: str, sender: str, text: str, small_talk: bool) -> bool:
    """Whether the message answers the live workshop's open question: a letter for its
    options, or anything but small talk for a free-text question."""
    try:
        step = stored_workshops().open_question(code, sender)
    except SQLAlchemyError:  # the database is down: the rules answer as usual
        logger.warning("The workshop database could not be read; the message goes to the rules.")
        return False
    if step is None:
        return False
    if step.free_text:
        return not small_talk
    return typed_choice(text, len(step.options)) is not None


def _answered_by_us(tracker: DialogueStateTracker) -> bool:
    """Whether the last action was this policy's answer: the conversation then waits."""
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted):
            return event.action_name != ACTION_LISTEN_NAME and "OpenQuestionPolicy" in (
                event.policy or ""
            )
    return False


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class OpenQuestionPolicy(Policy):
    """Predicts the answering action for a message that answers the open question, then
    action_listen; abstains (no prediction) otherwise."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": PRIORITY}

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        if _answered_by_us(tracker):
            action: str | None = ACTION_LISTEN_NAME
        elif tracker.latest_action_name == ACTION_LISTEN_NAME:
            action = answering_action(tracker)
        else:
            action = None
        if action is None or action not in domain.action_names_or_texts:
            return self._prediction(self._default_predictions(domain))
        return self._prediction(confidence_scores_for(action, 1.0, domain))
