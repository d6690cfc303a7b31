"""A choice by position from what the assistant's last turn listed: "number 4" after the list
of cases, "tell me more about the first one" after the audits, "the second" after the closest
topics.

A position means nothing on its own (the NLU reads "number 4" as a phone number or a case of
whichever audit it guesses); against the last turn's list it names one item exactly. The
list is the turn's bullet lines, else the topics its buttons offered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from bot.dialogue.answers.cases import CASES_AUDITED
from bot.dialogue.moves import FUNCTION_WORDS, topic_words
from bot.dialogue.ordinals import LAST, ORDINAL_PATTERN, ordinal_position
from bot.dialogue.understanding import stem
from bot.names import KEY_MESSAGE_SLOT, LEARNING_INTENT

_BY_NUMBER = re.compile(r"(?:\bnumber|\bno\.?|\bnum|#|\boption|\bitem)\s*(\d{1,2})\b", re.I)
_BY_ORDINAL = re.compile(
    rf"\bthe\s+(?:very\s+)?({ORDINAL_PATTERN})\b(?!\s+(?:step|time|thing|stage|question|sign))",
    re.I,
)
_ORDINAL_ONE = re.compile(rf"\b({ORDINAL_PATTERN})\s+(?:one|item|point|bit)\b", re.I)
"""An ordinal with "one" and no article: "second one in more detail", "2nd one pls"."""
_BARE = re.compile(
    rf"^\W*(?:(?:the|ok|okay|and|so)\s+)*(\d{{1,2}}|{ORDINAL_PATTERN})\W*(?:one)?\W*$", re.I
)
_CHOICE_WORDS = frozenset(
    """number num option item first second third fourth fifth sixth seventh eighth ninth
    tenth last 1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th tell more about please pls show
    open give describe see read want like very detail details detailed expand explain
    on""".split()
)
MAX_OWN_WORDS = 1
"""Words beyond the choice itself: "the first one on the list" leans on the list; "the first
audit my team did" is a question of its own."""


def position_chosen(text: str) -> int | None:
    """The position a short message picks (1 for the first, LAST for the last), else None."""
    found = (
        _BY_NUMBER.search(text)
        or _BY_ORDINAL.search(text)
        or _ORDINAL_ONE.search(text)
        or _BARE.search(text)
    )
    if found is None:
        return None
    own = topic_words(text) - _CHOICE_WORDS - {"list", "case", "cases", "audit", "audits", "topic"}
    if len(own) > MAX_OWN_WORDS:
        return None
    word = found.group(1)
    return int(word) if word.isdigit() else ordinal_position(word)


class Item(NamedTuple):
    """One thing the last turn listed: a bullet line, or a topic its button offered."""

    text: str
    key_message_id: str | None = None
    step: bool = False
    """A step of a route (a numbered line): said again as it is, whatever case it cites."""


_BULLET = re.compile(r"^\s*[-*\u2022]\s+(.+?)\s*$", re.M)
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(.+(?:\n[ \t]+\S.*)*)", re.M)
"""A numbered line with the indented lines under it: one step of a route."""
_CHAIN = re.compile(r"\bin order:\s*(.+?->.+?)(?:\.\s|\.?$)", re.I | re.M)
"""A route given in one line: "Who to go to, in order: A -> B -> C."."""
_ANNOUNCED_BELOW = re.compile(r"\bare below\b", re.I)
"""A turn that says its buttons are its list ("Key messages from this case are below."):
"the second one" then picks the second button, not the second bullet above it."""


def _key_message_of(button: Mapping[str, Any]) -> str | None:
    payload = str(button.get("payload") or "")
    if not payload.startswith(f"/{LEARNING_INTENT}"):
        return None
    try:
        slots = json.loads(payload[len(LEARNING_INTENT) + 1 :] or "{}")
    except ValueError:
        return None
    value = slots.get(KEY_MESSAGE_SLOT) if isinstance(slots, dict) else None
    return str(value) if value else None


def _cases_in_a_line(text: str) -> list[Item]:
    """An audit's cases as its description lists them: "Cases audited: Case 1 (Adam), ...";
    each case with its audit's name, so it names one case only."""
    start = text.find(CASES_AUDITED)
    if start < 0:
        return []
    audit = text[:start].split("(")[0].strip()
    line = text[start + len(CASES_AUDITED) :].split("\n")[0].strip().rstrip(".")
    return [Item(f"{audit}: {case.strip()}") for case in line.split(",") if case.strip()]


def _numbered_items(said: Sequence[Mapping[str, Any]]) -> list[Item]:
    """A turn's numbered lines (with the lines indented under each), else the steps of a
    route it gave in one line."""
    texts = [str(event.get("text") or "") for event in said]
    numbered = [
        Item(" ".join(part.strip() for part in found.group(2).split("\n")), step=True)
        for text in texts
        for found in _NUMBERED.finditer(text)
    ]
    if numbered:
        return numbered
    return [
        Item(step.strip(), step=True)
        for text in texts
        for found in _CHAIN.finditer(text)
        for step in found.group(1).split("->")
        if step.strip()
    ]


def listed_items(turn: Sequence[Mapping[str, Any]]) -> list[Item]:
    """What a turn listed, in order: the cases an audit's description names, else the
    buttons it announced as below, else its bullet lines, else its numbered lines or a route
    in one line, else the topics its buttons offered."""
    said = [event for event in turn if event.get("event") == "bot"]
    in_a_line = [item for event in said for item in _cases_in_a_line(str(event.get("text") or ""))]
    if in_a_line:
        return in_a_line
    buttons = [
        button for event in said for button in (event.get("data") or {}).get("buttons") or []
    ]
    offered = [
        Item(str(button.get("title") or ""), key_message_id)
        for button in buttons
        if (key_message_id := _key_message_of(button)) is not None
    ]
    announced = any(_ANNOUNCED_BELOW.search(str(event.get("text") or "")) for event in said)
    if offered and announced:
        return offered
    bullets = [
        Item(line) for event in said for line in _BULLET.findall(str(event.get("text") or ""))
    ]
    return bullets or _numbered_items(said) or offered


_NAMED_ONE = re.compile(
    r"\b(?:the|that|this)\s+((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:one|bit|part|point|example|item)\b",
    re.I,
)
MAX_NAMING_WORDS = 2


def item_named(text: str, items: Sequence[Item]) -> Item | None:
    """The one listed item a message names by a word of it: "tell me more about the
    interpreting one" after a list whose one line speaks of an interpreter; None when the
    message names no item that way, or several items share its words."""
    found = _NAMED_ONE.search(text)
    if found is None:
        return None
    naming = {
        stem(word)
        for word in re.findall(r"[a-z0-9&]{2,}", found.group(1).lower())  # "the GP one" too
        if word not in FUNCTION_WORDS and word not in _CHOICE_WORDS
    }
    own = topic_words(text) - _CHOICE_WORDS - topic_words(found.group(1))
    if not naming or len(naming) > MAX_NAMING_WORDS or len(own) > MAX_OWN_WORDS:
        return None
    named = [
        item
        for item in items
        if naming <= {stem(word) for word in re.findall(r"[a-z0-9&]+", item.text.lower())}
    ]
    return named[0] if len(named) == 1 else None


def item_at(items: Sequence[Item], position: int) -> Item | None:
    """The item at a position counted from 1 (LAST for the last one), None out of range."""
    if position == LAST:
        return items[-1] if items else None
    return items[position - 1] if 0 < position <= len(items) else None
