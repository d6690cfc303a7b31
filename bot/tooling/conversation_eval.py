"""Scores a running assistant over REST on multi-turn conversation files (the
dev-conversations format): each turn is said or pressed, and its reply is checked.

A single question can be answered well while a conversation still dies, loops or forgets
what was just said, so every turn also gets the checks a person would notice: a reply,
at most five messages, no message said twice, and no phone number the knowledge base does
not hold (a made-up number in a safeguarding answer is dangerous).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge.yaml_source import read_yaml
from bot.settings import PROJECT_ROOT
from bot.tooling.evaluation import FalseAlarms, QuestionFileError, ask, located_entries, reply_text

MAX_MESSAGES = 5
# UK numbers as the assistant writes them ("020 8356 5500", "0800 1111") and 999.
_PHONE = re.compile(r"(?<![\d])(?:0\d(?:[\s-]?\d){8,9}|999)(?![\d])")

Send = Callable[[str, str], list[dict[str, Any]]]
URGENT_EXPECTATIONS = ("999", "020", "emergency duty", "edt", "out of hours", "out-of-hours")
"""A turn that expects one of these wants the urgent advice or a contact: urgent advice there
is no false alarm."""


@dataclass(frozen=True)
class Turn:
    say: str | None
    press: str | None
    expect: tuple[tuple[str, ...], ...]
    avoid: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Conversation:
    id: str
    turns: tuple[Turn, ...]
    line: int


@dataclass
class TurnResult:
    turn: Turn
    sent: str
    messages: list[dict[str, Any]]
    problems: list[str]


@dataclass
class ConversationResult:
    conversation: Conversation
    turns: list[TurnResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return len(self.turns) == len(self.conversation.turns) and not any(
            t.problems for t in self.turns
        )


def _phrase_groups(value: Any, where: str, name: str) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(group, list) and group and all(isinstance(p, str) for p in group)
        for group in value
    ):
        raise QuestionFileError(f"{where}: field '{name}' must be a list of phrase lists")
    return tuple(tuple(phrase.lower() for phrase in group) for group in value)


def _turn(entry: Any, where: str) -> Turn:
    if not isinstance(entry, dict):
        raise QuestionFileError(f"{where}: a turn must be a mapping")
    say, press = entry.get("say"), entry.get("press")
    if (say is None) == (press is None) or not isinstance(say or press, str):
        raise QuestionFileError(f"{where}: a turn needs exactly one of 'say' or 'press' (text)")
    avoid = entry.get("avoid") or []
    if not isinstance(avoid, list) or not all(isinstance(p, str) for p in avoid):
        raise QuestionFileError(f"{where}: field 'avoid' must be a list of phrases")
    return Turn(
        say,
        press,
        _phrase_groups(entry.get("expect"), where, "expect"),
        tuple(p.lower() for p in avoid),
        getattr(entry, "line", 0),
    )


def load_conversations(path: Path) -> list[Conversation]:
    """Every conversation of a file; a malformed one names file, line and field."""
    conversations = []
    for where, entry in located_entries(path, "conversation"):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise QuestionFileError(f"{where}: field 'id' must be text")
        turns = entry.get("turns")
        if not isinstance(turns, list) or not turns:
            raise QuestionFileError(f"{where}: field 'turns' must be a non-empty list")
        conversations.append(
            Conversation(
                entry["id"],
                tuple(
                    _turn(turn, f"{path}:{getattr(turn, 'line', '?')} ({entry['id']}, turn {i})")
                    for i, turn in enumerate(turns, start=1)
                ),
                getattr(entry, "line", 0),
            )
        )
    return conversations


def is_conversation_file(path: Path) -> bool:
    entries = read_yaml(path)
    return (
        isinstance(entries, list)
        and bool(entries)
        and isinstance(entries[0], dict)
        and "turns" in entries[0]
    )


def known_phone_digits(knowledge_dir: Path = PROJECT_ROOT / "knowledge") -> frozenset[str]:
    """Every phone number written anywhere in knowledge/, as digits."""
    digits: set[str] = set()
    for path in knowledge_dir.rglob("*.yml"):
        digits.update(
            re.sub(r"\D", "", number) for number in _PHONE.findall(path.read_text(encoding="utf-8"))
        )
    return frozenset(digits)


def turn_problems(
    turn: Turn, messages: list[dict[str, Any]], known_phones: frozenset[str]
) -> list[str]:
    """What is wrong with one reply: the checks every turn gets, then the turn's own."""
    problems = []
    if not messages:
        problems.append("no reply")
    if len(messages) > MAX_MESSAGES:
        problems.append(f"{len(messages)} messages (at most {MAX_MESSAGES})")
    texts = [m.get("text") for m in messages if m.get("text")]
    if len(texts) != len(set(texts)):
        problems.append("a message is repeated")
    reply = reply_text(messages)
    for number in _PHONE.findall(reply):
        if re.sub(r"\D", "", number) not in known_phones:
            problems.append(f"phone number {number!r} is not in knowledge/")
    for group in turn.expect:
        if not any(phrase in reply for phrase in group):
            problems.append(f"expected one of {list(group)}")
    for phrase in turn.avoid:
        if phrase in reply:
            problems.append(f"must not say {phrase!r}")
    return problems


def button_payload(messages: Iterable[dict[str, Any]], title_part: str) -> str | None:
    """The payload of the last reply's first button whose title contains the text."""
    wanted = title_part.lower()
    for message in messages:
        for button in message.get("buttons") or []:
            if wanted in str(button.get("title", "")).lower():
                return str(button.get("payload", ""))
    return None


def play(
    conversation: Conversation, send: Send, known_phones: frozenset[str]
) -> ConversationResult:
    """Plays the turns in one fresh conversation; stops at a button that is not there."""
    sender = f"eval-{uuid.uuid4().hex}"
    result = ConversationResult(conversation)
    previous: list[dict[str, Any]] = []
    for turn in conversation.turns:
        text = turn.say
        if turn.press is not None:
            text = button_payload(previous, turn.press)
            if text is None:
                result.turns.append(
                    TurnResult(
                        turn, f"press {turn.press!r}", [], [f"no button titled like {turn.press!r}"]
                    )
                )
                return result
        assert text is not None
        previous = send(sender, text)
        result.turns.append(
            TurnResult(turn, text, previous, turn_problems(turn, previous, known_phones))
        )
    return result


def expects_urgent(turn: Turn) -> bool:
    return any(
        marker in phrase
        for group in turn.expect
        for phrase in group
        for marker in URGENT_EXPECTATIONS
    )


def false_alarms(results: Iterable[ConversationResult]) -> FalseAlarms:
    """The urgent advice in replies to turns that do not expect it."""
    return FalseAlarms.counted(
        reply_text(turn.messages)
        for result in results
        for turn in result.turns
        if turn.messages and not expects_urgent(turn.turn)
    )


def evaluate_conversations(
    rasa_url: str, conversations: list[Conversation]
) -> list[ConversationResult]:
    known = known_phone_digits()
    return [play(c, lambda sender, text: ask(rasa_url, text, sender), known) for c in conversations]


def format_conversation_report(
    name: str, results: list[ConversationResult], show_failures: bool = True
) -> str:
    passed = sum(result.passed for result in results)
    turns = [turn for result in results for turn in result.turns]
    silent = sum(not turn.messages for turn in turns)
    too_many = sum(len(turn.messages) > MAX_MESSAGES for turn in turns)
    lines = [
        f"{name}: {passed}/{len(results)} conversations passed "
        f"({len(turns)} turns: {silent} without a reply, "
        f"{too_many} with more than {MAX_MESSAGES} messages)",
        f"  {false_alarms(results).describe()}",
    ]
    if show_failures:
        for result in results:
            for turn in result.turns:
                if turn.problems:
                    said = reply_text(turn.messages)[:160]
                    lines.append(
                        f"  FAIL {result.conversation.id}: {turn.sent!r}: "
                        f"{'; '.join(turn.problems)} -> {said!r}"
                    )
    return "\n".join(lines)


def pass_rate(results: list[ConversationResult]) -> float:
    return sum(result.passed for result in results) / len(results) if results else 0.0
