"""Greeting, carrying on and starting again: the assistant's own words around the learning."""

from __future__ import annotations

from bot.dialogue.replies import CALL_999, Button, Reply, payload
from bot.names import BROWSE_INTENT, HOW_TO_ESCALATE_INTENT

TOPICS_BUTTON = Button("Show me the topics", payload(BROWSE_INTENT))


ESCALATE_BUTTON = Button("How do I escalate?", payload(HOW_TO_ESCALATE_INTENT))


def welcome() -> list[Reply]:
    return [
        Reply(
            "Hello. Ask me a practice question in your own words and I'll share the learning from "
            f"the City & Hackney multi-agency case audits. {CALL_999}",
            (TOPICS_BUTTON, ESCALATE_BUTTON),
        )
    ]


def carry_on() -> list[Reply]:
    return [
        Reply(
            "OK. Ask me another practice question whenever you like, or browse the topics.",
            (TOPICS_BUTTON, ESCALATE_BUTTON),
        )
    ]


def started_again() -> list[Reply]:
    return [
        Reply(
            "OK, let's start again. What would you like to know? Ask in your own words, or browse "
            "the topics.",
            (TOPICS_BUTTON, ESCALATE_BUTTON),
        )
    ]
