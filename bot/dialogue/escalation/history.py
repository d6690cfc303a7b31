"""What the conversation's events say about the route finder: the answers given earlier
(kept when one is changed) and what the assistant did just before the latest message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def last_values(events: Sequence[Mapping[str, Any]], slots: Sequence[str]) -> dict[str, str]:
    """The latest non-empty value of each slot in the conversation, to keep on a change."""
    found: dict[str, str] = {}
    for event in reversed(events):
        name = event.get("name")
        if (
            event.get("event") == "slot"
            and isinstance(name, str)
            and name in slots
            and name not in found
            and event.get("value")
        ):
            found[name] = event["value"]
    return found


def previous_bot_action(events: Sequence[Mapping[str, Any]]) -> str | None:
    """The last action before the latest user message (action_listen aside)."""
    seen_user = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None
