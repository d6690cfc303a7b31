"""Reading an answer to lettered options (bot/dialogue/options.py)."""

from __future__ import annotations

import pytest

from bot.dialogue.options import SKIP, chosen_option, typed_option


@pytest.mark.parametrize(
    ("typed", "count", "position"),
    [
        ("b", 3, 1),
        ("(C)", 3, 2),
        ("option 2", 3, 1),
        ("i'd go with a", 4, 0),
        ("the second one", 3, 1),
        ("last", 4, 3),
        ("it's d", 4, 3),
        ("don't know", 3, SKIP),
        ("skip", 4, SKIP),
        ("d", 3, None),
        ("what about the school?", 3, None),
        ("a bit worried", 3, None),
    ],
)
def test_a_typed_answer_picks_its_option(typed: str, count: int, position: int | str) -> None:
    assert typed_option(typed, count) == position


@pytest.mark.parametrize(
    ("value", "position"), [("A", 0), ("c", 2), ("skip", SKIP), ("D", None), ("", None)]
)
def test_a_button_names_its_option_by_letter(value: str, position: int | str | None) -> None:
    assert chosen_option(value, 3) == position
