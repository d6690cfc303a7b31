"""Channel-neutral replies: text plus buttons, rendered by every channel the same way."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)


def payload(intent: str, **entities: str) -> str:
    """A button payload that Rasa parses without the NLU model: /intent{"entity": "value"}."""
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


def bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
