"""How a chat message names a workshop code or an answer (bot/dialogue/answers/live_workshop.py)."""

from __future__ import annotations

import pytest

from bot.dialogue.answers.live_workshop import choice_in, code_in, typed_answer


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("join 48213307", "48213307"),
        ("code 03751122", "03751122"),
        ("I'm joining session 48213307", "48213307"),
        ("join the workshop", None),
        ("join 4821", None),
        ("join 482133071", None),
    ],
)
def test_the_code_is_eight_digits_standing_alone(text: str, code: str | None) -> None:
    assert code_in(text) == code


def test_a_typed_answer_loses_its_answer_prefix_only() -> None:
    assert typed_answer("answer: talk to the school") == "talk to the school"
    assert typed_answer("My answer is escalate it") == "escalate it"
    assert typed_answer("Answer \u2013 ask the GP") == "ask the GP"
    assert typed_answer("the answer is unclear") == "the answer is unclear"


def test_a_button_choice_is_read_from_its_entity_only() -> None:
    assert choice_in([{"entity": "workshop_choice", "value": "3"}]) == 3
    assert choice_in([{"entity": "key_message", "value": "3"}]) is None
    assert choice_in([{"entity": "workshop_choice", "value": "three"}]) is None
