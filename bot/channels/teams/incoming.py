"""What an incoming Teams activity says, as the text and metadata of a Rasa user message.

Typed text is not the only kind of message: button clicks and Adaptive Card submits carry their
meaning in `value` (a submit has no text at all, which Rasa's BotFrameworkInput drops), and in
channels and group chats the text includes the @mention of the bot.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.names import GREET_INTENT
from bot.web.limits import BadRequest

WELCOME = f"/{GREET_INTENT}"
"""What the bot says when it is added to a chat: the greeting, which says what it does and the
privacy line. Sent as the greet intent, so the conversation starts as a typed hello would."""


def check_activity(activity: Mapping[str, Any]) -> None:
    """Raises BadRequest naming the first field that is not as the Connector sends it.

    Only the fields this channel reads are checked, each for the type it is read as, so a
    malformed activity is a 400 that says why, not a 500 from deep inside the handler.
    """
    _need(activity, "type", str)
    _need(activity, "serviceUrl", str)
    _need(activity, "channelId", str)
    if activity["type"] not in ("message", "conversationUpdate"):
        return
    if activity.get("membersAdded") is not None:
        _need(activity, "membersAdded", list)
    for name in ("from", "recipient", "conversation"):
        _need(activity, name, dict)
        _need(activity[name], "id", str, f"{name}.")
    for name, kind in (("id", str), ("text", str), ("entities", list)):
        if activity.get(name) is not None:
            _need(activity, name, kind)


_EXPECTED: dict[type, str] = {str: "non-empty text", dict: "an object", list: "a list"}


def _need(activity: Mapping[str, Any], name: str, kind: type, prefix: str = "") -> None:
    value = activity.get(name)
    if not isinstance(value, kind) or (kind is str and not value):
        expected = _EXPECTED[kind]
        raise BadRequest(f"activity.{prefix}{name} must be {expected}")


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
            and isinstance(entity.get("mentioned"), dict)
            and entity["mentioned"].get("id") == bot_id
            and isinstance(entity.get("text"), str)
            and entity["text"]
        ):
            text = text.replace(entity["text"], " ")
    return " ".join(text.split())


def incoming_message(activity: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The user's message and metadata; the welcome when the bot is added; None for other
    activities that are not messages.

    Metadata deliberately leaves out attachments (Teams attaches an HTML copy of what was
    typed), card values and display names: RedactingTrackerStore scrubs event text but not
    metadata, so anything identifying placed there would be stored as typed.
    """
    if bot_added(activity):
        return WELCOME, {"teams": {"conversation_type": _conversation_type(activity)}}
    if activity.get("type") != "message":
        return None
    text = _without_bot_mentions(str(activity.get("text") or ""), activity)
    value = activity.get("value")
    if isinstance(value, dict) and (value.get("payload") or not text):
        text = submitted_text(value)
    return text, {"teams": {"conversation_type": _conversation_type(activity)}}


def bot_added(activity: Mapping[str, Any]) -> bool:
    """The bot itself was added to a chat or team (not another member): welcome once.
    Teams sends this once per installation; a redelivery has the same activity id, which the
    turn's message id makes a no-op (bot/channels/turns.py)."""
    if activity.get("type") != "conversationUpdate":
        return False
    bot_id = (activity.get("recipient") or {}).get("id")
    members = activity.get("membersAdded") or []
    return any(isinstance(member, dict) and member.get("id") == bot_id for member in members)


def _conversation_type(activity: Mapping[str, Any]) -> str:
    conversation_type = (activity.get("conversation") or {}).get("conversationType")
    return conversation_type[:40] if isinstance(conversation_type, str) else "personal"
