"""Channel-neutral replies: text plus buttons, rendered by every channel the same way."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

CALL_999 = "If a child is in immediate danger, call 999."
"""Said wherever the assistant describes itself, in every channel (the web chat's notice and
the help response say it too; a test keeps them the same)."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)


FOLLOW_WORKSHOP = "workshop_follow"
"""The key of a custom reply telling the web chat which live workshop to follow (its code, or
"" to stop): the widget then asks for each next question when the trainer moves on."""
FOLLOWED_FROM = "workshop_shown"
"""Beside FOLLOW_WORKSHOP: where the session was in the question just shown
(followers.position_marker). A move made before the follow began is still news, and a question
already shown is not asked for twice."""


def payload(intent: str, **entities: str) -> str:
    """A button payload that Rasa parses without the NLU model: /intent{"entity": "value"}."""
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


def bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
