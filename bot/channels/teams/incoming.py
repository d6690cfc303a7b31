"""What an incoming Teams activity says, as the text and metadata of a Rasa user message.

Typed text is not the only kind of message: button clicks and Adaptive Card submits carry their
meaning in `value` (a submit has no text at all, which Rasa's BotFrameworkInput drops), and in
channels and group chats the text includes the @mention of the bot.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def submitted_text(value: Mapping[str, Any]) -> str:
    """What an Adaptive Card Action.Submit or messageBack means, as a user message."""
    for key in ("payload", "text", "message"):
        if isinstance(value.get(key), str) and value[key].strip():
            return value[key].strip()
    return json.dumps(value, sort_keys=True)


def _without_bot_mentions(text: str, activity: Mapping[str, Any]) -> str:
    """In channels and group chats Teams only delivers messages that @mention the bot."""
    bot_id = (activity.get("recipient") or {}).get("id")
    for entity in activity.get("entities") or []:
        if (
            isinstance(entity, dict)
            and entity.get("type") == "mention"
            and (entity.get("mentioned") or {}).get("id") == bot_id
            and entity.get("text")
        ):
            text = text.replace(entity["text"], " ")
    return " ".join(text.split())


def incoming_message(activity: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The user's message and metadata, or None for activities that are not messages.

    Metadata deliberately leaves out attachments (Teams attaches an HTML copy of what was
    typed), card values and display names: RedactingTrackerStore scrubs event text but not
    metadata, so anything identifying placed there would be stored as typed.
    """
    if activity.get("type") != "message":
        return None
    text = _without_bot_mentions(str(activity.get("text") or ""), activity)
    value = activity.get("value")
    if isinstance(value, dict) and (value.get("payload") or not text):
        text = submitted_text(value)
    conversation_type = (activity.get("conversation") or {}).get("conversationType", "personal")
    return text, {"teams": {"conversation_type": conversation_type}}
