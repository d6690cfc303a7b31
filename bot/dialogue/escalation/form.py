"""How escalation_form reads a message: which intents are never answers, which are
digressions answered by their own rules, whether a message answers the question asked or
corrects an earlier answer, and which answer "change my answer" means."""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from bot.dialogue.moves import asks_to_escalate
from bot.knowledge.escalation.guide import Guide
from bot.knowledge.escalation.matching import (
    match_situation,
    match_tried,
    normalise,
    reads_as_situation,
)
from bot.names import (
    ASK_AUDIT_INTENT,
    ASK_CASE_INTENT,
    BROWSE_INTENT,
    CHANGE_ANSWER_INTENT,
    ESCALATION_SITUATION_SLOT,
    ESCALATION_TRIED_SLOT,
    GOOD_PRACTICE_INTENT,
    GOODBYE_INTENT,
    HANDOUT_INTENT,
    HELP_INTENT,
    IMMEDIATE_RISK_INTENT,
    LEARNING_INTENT,
    OUT_OF_SCOPE_INTENT,
    RECORDS_INTENT,
    ROUTE_PROMPTS_INTENT,
    SHOW_ROUTES_INTENT,
    START_AGAIN_INTENT,
    STOP_INTENT,
    TERM_INTENT,
)

MAX_FAILURES_BEFORE_WAY_OUT = 2
"""After this many answers in a row that cannot be understood, the way out is offered."""

# Intents the form never reads as an answer: their own rules handle them (cancel, change,
# urgent advice, goodbye) while the form is active. how_to_escalate is not one: "the plan
# isn't progressing" starts the form, and answers its first question too.
CONTROL_INTENTS = frozenset(
    {STOP_INTENT, CHANGE_ANSWER_INTENT, IMMEDIATE_RISK_INTENT, GOODBYE_INTENT, START_AGAIN_INTENT}
)
# Intents answered in the middle of the form, then "shall we go back to your route?",
# unless the message also describes the situation or answer the form asked for.
DIGRESSION_INTENTS = frozenset(
    {
        LEARNING_INTENT,
        OUT_OF_SCOPE_INTENT,
        HELP_INTENT,
        BROWSE_INTENT,
        ASK_CASE_INTENT,
        ASK_AUDIT_INTENT,
        GOOD_PRACTICE_INTENT,
        SHOW_ROUTES_INTENT,
        HANDOUT_INTENT,
        ROUTE_PROMPTS_INTENT,
        RECORDS_INTENT,
        TERM_INTENT,
    }
)


class Reading(Enum):
    """How the form treats the latest message for the question it asked."""

    ANSWER = "answer"
    """Read it as the answer (valid or not: validation decides and explains)."""
    PASS = "pass"
    """Not an answer: the form rejects, and a rule handles the message instead."""


def read_message(
    guide: Guide,
    slot: str,
    text: str,
    intent: str | None,
    activating: bool = False,
    confident_question: bool = True,
) -> Reading:
    """Whether the message answers the question `slot`, or belongs to another rule.

    Typed text that fits a situation or answer is an answer whatever the intent (a situation
    in everyday words often looks like a practice question). Otherwise control intents and
    unrelated questions pass to their rules; anything else is read as an answer, so that
    validation can explain what it expected. A practice question counts as one only when
    `confident_question` (the key message ranking is confident), so gibberish the model
    files under ask_learning is asked again. At activation only a fitting situation counts.
    """
    if not text or text.startswith("/") or intent in CONTROL_INTENTS:
        return Reading.PASS
    matcher = match_situation if slot == ESCALATION_SITUATION_SLOT else match_tried
    if matcher(guide, text) is not None:
        return Reading.ANSWER
    if activating:
        return Reading.PASS
    if asks_to_escalate(text):
        # "and if my manager can't sort it?" while asked what is wrong: the steps after the
        # first; "who next if that doesn't work" while asked what was tried: the whole route
        # in order (route_from_start). Whatever topic its few words fall near.
        return Reading.ANSWER
    if intent in DIGRESSION_INTENTS and (intent != LEARNING_INTENT or confident_question):
        return Reading.PASS
    return Reading.ANSWER


def corrected_situation(
    guide: Guide, text: str, current: str | None, intent: str | None
) -> str | None:
    """A new description of what is wrong, typed while the form asks what was tried ("actually
    it's more that they aren't replying"): the new route, or None if it is an answer."""
    if not text or text.startswith("/") or intent in CONTROL_INTENTS:
        return None
    situation = match_situation(guide, text)
    if situation is None or situation == current:
        return None
    return situation if reads_as_situation(guide, text) else None


def route_from_start(guide: Guide) -> str | None:
    """The answer "nothing tried yet": the route from its first step. Asking who comes next
    while the form asks what was tried ("who next if that doesn't work", after the route in
    short) wants the order of the whole route, not a guess at what was done."""
    return next((tried.id for tried in guide.tried if not tried.done_steps), None)


def resolve(guide: Guide, slot: str, value: Any) -> str | None:
    """A slot value as an id: button payloads carry ids, typed answers are matched."""
    if not isinstance(value, str) or not value.strip():
        return None
    if slot == ESCALATION_SITUATION_SLOT:
        return value if guide.route(value) else match_situation(guide, value)
    return value if guide.answer(value) else match_tried(guide, value)


def slot_to_change(text: str, entity_value: str | None, requested: str | None) -> str:
    """Which answer "change my answer" means: the button's, the words', else the earlier one."""
    if entity_value in (ESCALATION_SITUATION_SLOT, ESCALATION_TRIED_SLOT):
        return entity_value
    clean = normalise(text)
    if re.search(r"\b(tried|done|did|manager|contacted|meeting)\b", clean):
        return ESCALATION_TRIED_SLOT
    if re.search(r"\b(situation|wrong|problem|issue|route)\b", clean):
        return ESCALATION_SITUATION_SLOT
    if requested is None or requested == ESCALATION_TRIED_SLOT:
        return ESCALATION_SITUATION_SLOT
    return requested
