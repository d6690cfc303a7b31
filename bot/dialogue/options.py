"""Answers to lettered options (a walk-through stage's, a quiz question's, a live workshop
question's): the letters, the option a button carries, and the option a typed answer picks
("b", "option 2", "the second one", "skip")."""

from __future__ import annotations

import re

from bot.dialogue.ordinals import LAST, ORDINAL_PATTERN, ordinal_position

LETTERS = "ABCDEFGHIJ"
SKIP = "skip"

_TYPED_OPTION = re.compile(
    r"^\W*(?:(?:i'?d|i would|i'?ll|i will|let'?s)\s+)?(?:go (?:with|for)|choose|pick|say|"
    r"take|answer|option|it'?s|its|is it|(?:the |my )?answer(?: is|'s))?"
    r"\s*(?:option|answer|the)?\s*"
    rf"\(?({ORDINAL_PATTERN}|[a-j]|[1-9])\)?(?:\s+one)?\W*$",
    re.IGNORECASE,
)
_SKIP = re.compile(
    r"\b(?:skip|pass|don'?t know|dont know|dunno|not sure|no idea|show (?:me )?the answer|"
    r"what did (?:the audit|they) find|reveal|tell me the answer|just tell me)\b",
    re.IGNORECASE,
)


def letter(position: int) -> str:
    return LETTERS[position]


def typed_option(text: str, count: int) -> int | str | None:
    """The option a typed answer picks ("b", "option 2", "the second one"), SKIP for "skip" or
    "don't know", None when it is not an answer to options."""
    if _SKIP.search(text):
        return SKIP
    match = _TYPED_OPTION.match(text.strip())
    if match is None:
        return None
    token = match.group(1).lower()
    ordinal = ordinal_position(token)
    if ordinal is not None:
        position = count - 1 if ordinal == LAST else ordinal - 1
    elif token.isdigit():
        position = int(token) - 1
    else:
        position = LETTERS.lower().index(token)
    return position if 0 <= position < count else None


def typed_letter(text: str) -> bool:
    """Only an option's letter, maybe with the words of answering ("c", "my answer's b", "I'd
    go with A"): an answer to options whatever else is going on; a number or "the first one"
    may pick from another list."""
    match = _TYPED_OPTION.match(text.strip())
    return match is not None and match.group(1).lower() in LETTERS.lower()


def chosen_option(value: str | None, count: int) -> int | str | None:
    """A button's option entity as a position, or SKIP."""
    if not value:
        return None
    if value.lower() == SKIP:
        return SKIP
    position = LETTERS.find(value.upper()) if len(value) == 1 else -1
    return position if 0 <= position < count else None
