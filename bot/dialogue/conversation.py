"""Facts about the current turn that the safety override hides behind its own intent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.names import FALLBACK_INTENT, IDENTIFIERS_INTENT, IMMEDIATE_RISK_INTENT

_OVERRIDES = frozenset({IDENTIFIERS_INTENT, IMMEDIATE_RISK_INTENT, FALLBACK_INTENT})


def underlying_intent(parse_data: Mapping[str, Any]) -> str | None:
    """The model's best intent before the safety override or the fallback replaced it."""
    for entry in parse_data.get("intent_ranking") or []:
        name = entry.get("name")
        if name and name not in _OVERRIDES:
            return name
    return None
