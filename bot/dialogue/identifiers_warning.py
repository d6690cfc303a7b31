"""The identifying-details warning, checked in one place for every reply.

Every reply to a typed message that holds identifying details carries the warning, whatever
else the reply is: the urgent contacts, a route, a detail, a quiz answer, a form's question.
It was sent by the actions that thought of it (the privacy action, the urgent advice's main
path, the route finder when a situation was read from free text), so any other path (a
follow-up after urgent advice, "should I call one" right after an answer, a form asking
again) answered without it: set AA's "ok so for <full name> dob <date>, should I call one"
got the urgent contacts alone. The action server therefore passes every action's messages
through `with_identifiers_warning` (bot/tooling/action_server.py), so no path can miss it;
a turn warned once, by an earlier action of the same turn or by the action itself, is not
warned again. No Rasa here: the parse, the events and the messages are the action server's
plain dictionaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.dialogue.answers.safety import WARNING_OPENING, privacy_note
from bot.dialogue.context import Context, is_button
from bot.dialogue.replies import CALL_999
from bot.names import CONTEXT_SLOT, IDENTIFIER_KINDS
from bot.safeguards.privacy import describe_kinds, find_identifiers, kinds_of

URGENT_OPENING = f"**{CALL_999}**"
"""How urgent advice opens (the block, or its one line before an answer): it stays first, the
warning after it. A reply that only ends with the 999 reminder (a greeting, a route) is no
urgent advice."""


def identifier_kinds(parse_data: Mapping[str, Any]) -> list[str]:
    """The kinds the NLU pipeline found (it masks identifiers before the model), or found
    here when the message came without them (a test or an older model)."""
    kinds = parse_data.get(IDENTIFIER_KINDS)
    if isinstance(kinds, list):
        return [str(kind) for kind in kinds]
    return kinds_of(find_identifiers(str(parse_data.get("text") or "")))


def is_warning(message: Mapping[str, Any]) -> bool:
    return str(message.get("text") or "").startswith(WARNING_OPENING)


def _this_turn(events: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The events since the latest user message: what earlier actions of this turn said."""
    last_user = max(
        (at for at, event in enumerate(events) if event.get("event") == "user"), default=-1
    )
    return list(events[last_user + 1 :])


def warned(messages: Iterable[Mapping[str, Any]]) -> bool:
    return any(is_warning(message) for message in messages)


def warning_for_text(text: str) -> str | None:
    """The warning for a typed message the channels answer themselves (too long, no answer,
    the action server down), none when it holds no identifying details: those replies come
    from no action, so the action server's check never sees them."""
    kinds = identifier_kinds({"text": text})
    return _warning_text(kinds) if kinds else None


def _warning_text(kinds: Sequence[str]) -> str:
    return privacy_note(describe_kinds(kinds))


def warning_message(kinds: Sequence[str]) -> dict[str, Any]:
    """The warning as the action server sends a message (rasa-sdk's dispatcher's shape)."""
    return {
        "text": _warning_text(kinds),
        "buttons": [],
        "elements": [],
        "custom": {},
        "template": None,
        "response": None,
        "image": None,
        "attachment": None,
    }


def _leads_with_urgent_advice(
    messages: Sequence[Mapping[str, Any]], returned: Sequence[Mapping[str, Any]]
) -> bool:
    """The reply is urgent advice (the action leaves the conversation urgent: "Then the
    Emergency Duty Team ..." at 2am), or its first message opens with 999."""
    return str(messages[0].get("text") or "").startswith(URGENT_OPENING) or any(
        event.get("event") == "slot"
        and event.get("name") == CONTEXT_SLOT
        and event.get("value") == Context.URGENT.value
        for event in returned
    )


def with_identifiers_warning(
    parse_data: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    messages: list[dict[str, Any]],
    returned: Sequence[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """An action's `messages` (and the events it `returned`), with the warning added when the
    latest message was typed with identifying details and this turn has not warned yet:
    after the urgent advice that leads (999 first, always), else before anything. An action
    that says nothing is left silent: the next action of the turn that speaks carries the
    warning. A button's payload is no typed detail."""
    if not messages or is_button(parse_data):
        return messages
    kinds = identifier_kinds(parse_data)
    if not kinds or warned(messages):
        return messages
    if warned(event for event in _this_turn(events) if event.get("event") == "bot"):
        return messages
    at = 1 if _leads_with_urgent_advice(messages, returned) else 0
    return [*messages[:at], warning_message(kinds), *messages[at:]]
