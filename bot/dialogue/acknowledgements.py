"""How "ok", "yes", "no", "cool" and "thanks" are answered: by what the assistant's last turn
left open.

A bare acknowledgement is not a question, so it must never fall through to the unclear-message
fallback (which once repeated itself ten times and then went silent for good); it gets one
reply that fits where the conversation is.
"""

from __future__ import annotations

from enum import Enum

from bot.dialogue.context import Context
from bot.names import AFFIRM_INTENT, DENY_INTENT, THANK_INTENT


class Response(Enum):
    URGENT = "urgent"
    """Repeat the urgent contacts: the person may still be in the middle of an emergency."""
    HELPFUL = "helpful"
    """"yes" to "Was this helpful?"."""
    NOT_HELPFUL = "not_helpful"
    """"no" to "Was this helpful?": ask what was missing, offer the next closest answers."""
    ANYTHING_ELSE = "anything_else"
    """"ok" after an answer: the rest of it is one tap away."""
    WHICH_CANDIDATE = "which_candidate"
    """"yes" to "Did you mean one of these?": which one?"""
    REPHRASE = "rephrase"
    """"no" to the candidates, or "yes" to "what were you looking for?": say it another way."""
    WELCOME = "welcome"
    """An acknowledgement as the first message: say what the assistant is for."""
    CARRY_ON = "carry_on"
    """Nothing is waiting for an answer: invite the next question."""
    YOU_ARE_WELCOME = "you_are_welcome"
    """Thanks, when nothing urgent is open."""


def respond_to(intent: str | None, context: Context) -> Response:
    if context is Context.URGENT:
        return Response.URGENT
    if intent == THANK_INTENT:
        return Response.YOU_ARE_WELCOME
    if context is Context.ANSWERED:
        if intent == AFFIRM_INTENT:
            return Response.HELPFUL
        return Response.NOT_HELPFUL if intent == DENY_INTENT else Response.ANYTHING_ELSE
    if context is Context.CANDIDATES:
        return Response.REPHRASE if intent == DENY_INTENT else Response.WHICH_CANDIDATE
    if context is Context.ASKED_WHAT_MISSING:
        return Response.CARRY_ON if intent == DENY_INTENT else Response.REPHRASE
    if context is Context.START:
        return Response.WELCOME
    return Response.CARRY_ON
