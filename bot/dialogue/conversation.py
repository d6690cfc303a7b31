"""Facts about the current turn that the safety override hides behind its own intent."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.dialogue import understanding
from bot.names import FALLBACK_INTENT, IDENTIFIERS_INTENT, IMMEDIATE_RISK_INTENT, LEARNING_INTENT

_OVERRIDES = frozenset({IDENTIFIERS_INTENT, IMMEDIATE_RISK_INTENT, FALLBACK_INTENT})


def underlying_intent(parse_data: Mapping[str, Any]) -> str | None:
    """The model's best intent before the safety override or the fallback replaced it."""
    for entry in parse_data.get("intent_ranking") or []:
        name = entry.get("name")
        if name and name not in _OVERRIDES:
            return name
    return None


def unclear_asks_learning(parse_data: Mapping[str, Any], confident: Callable[[], bool]) -> bool:
    """An unclear message (the fallback's intent) is still answered as a question of the
    learning when the intent under the fallback was one and the key message is sure: the
    ranking's opinion `confident` (asked only then, as it costs a ranking), or the selector's
    ranking clear on its own. The fallback action and `nlu loso --replies` both decide so."""
    return underlying_intent(parse_data) == LEARNING_INTENT and (
        confident() or understanding.is_clear(understanding.key_message_ranking(parse_data))
    )
