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


def value_when_user_spoke(events: Sequence[Mapping[str, Any]], slot: str) -> Any:
    """The slot's value when the latest user message arrived: what the form was asking,
    before the rules' own steps for that message (a deactivation) changed it."""
    value: Any = None
    latest_user = max(
        (index for index, event in enumerate(events) if event.get("event") == "user"), default=-1
    )
    for event in events[: max(latest_user, 0)]:
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
        elif event.get("event") in ("restart", "session_started"):
            value = None
    return value


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
