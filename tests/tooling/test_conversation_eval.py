"""The conversation scorer (make eval): the checks every turn gets, and clear file errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.tooling.conversation_eval import (
    Turn,
    known_phone_digits,
    load_conversations,
    play,
    turn_problems,
)
from bot.tooling.evaluation import QuestionFileError

KNOWN = known_phone_digits()


def turn(expect: tuple[tuple[str, ...], ...] = (), avoid: tuple[str, ...] = ()) -> Turn:
    return Turn("hello", None, expect, avoid, 1)


def test_every_turn_needs_a_reply_no_repeat_at_most_five_messages_and_known_numbers() -> None:
    assert turn_problems(turn(), [], KNOWN) == ["no reply"]
    assert "a message is repeated" in turn_problems(turn(), [{"text": "a"}, {"text": "a"}], KNOWN)
    assert "6 messages (at most 5)" in turn_problems(
        turn(), [{"text": str(i)} for i in range(6)], KNOWN
    )
    assert turn_problems(turn(), [{"text": "call 020 8356 5500 or 999"}], KNOWN) == []
    assert turn_problems(turn(), [{"text": "call 020 7946 0000"}], KNOWN) == [
        "phone number '020 7946 0000' is not in knowledge/"
    ]


def test_expected_and_avoided_phrases_count_button_titles() -> None:
    reply = [
        {"text": "Young carers", "buttons": [{"title": "How do I escalate?", "payload": "/x"}]}
    ]
    assert turn_problems(turn(expect=(("escalate",),)), reply, KNOWN) == []
    assert turn_problems(turn(avoid=("young carers",)), reply, KNOWN) == [
        "must not say 'young carers'"
    ]


def test_press_sends_the_payload_of_the_matching_button_and_stops_when_there_is_none(
    tmp_path: Path,
) -> None:
    path = tmp_path / "conversations.yml"
    path.write_text(
        "- id: press\n  turns:\n    - {say: hi, expect: []}\n    - {press: topics, expect: []}\n"
        "    - {press: nothing like this, expect: []}\n    - {say: never sent, expect: []}\n"
    )
    sent: list[str] = []

    def send(_sender: str, text: str) -> list[dict[str, Any]]:
        sent.append(text)
        return [
            {
                "text": "Hello",
                "buttons": [{"title": "Show me the topics", "payload": "/browse_topics"}],
            }
        ]

    result = play(load_conversations(path)[0], send, KNOWN)
    assert sent == ["hi", "/browse_topics"]
    assert not result.passed
    assert result.turns[-1].problems == ["no button titled like 'nothing like this'"]


def test_a_malformed_turn_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "conversations.yml"
    path.write_text("- id: bad\n  turns:\n    - {say: hi, press: x, expect: []}\n")
    with pytest.raises(
        QuestionFileError,
        match=r"conversations.yml:3 \(bad, turn 1\): a turn needs exactly one of 'say' or 'press'",
    ):
        load_conversations(path)


def test_false_alarms_leave_out_turns_that_expect_999_or_a_contact() -> None:
    from bot.tooling.conversation_eval import (
        Conversation,
        ConversationResult,
        TurnResult,
        false_alarms,
    )
    from bot.tooling.evaluation import URGENT_BLOCK_MARK

    danger = Turn("he has a knife", None, (("999",),), (), 1)
    at_2am = Turn("which number at 2am", None, (("emergency duty", "edt"),), (), 2)
    topic = Turn("which case", None, (("case 2",),), (), 3)
    block = [{"text": "call 999", "buttons": [{"title": URGENT_BLOCK_MARK}]}]
    turns = (danger, at_2am, topic)
    result = ConversationResult(
        Conversation("c", turns, 1), [TurnResult(t, t.say or "", block, []) for t in turns]
    )
    alarms = false_alarms([result])
    assert (alarms.block, alarms.ordinary) == (1, 1)
