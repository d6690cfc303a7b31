"""Whose a detail just shown is: one reading for the safety step and the dialogue."""

from __future__ import annotations

import pytest

from bot.dialogue.moves import Detail, asks_whose_detail
from bot.safeguards.whose_detail import whose_detail_asked


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("whose line is this", "phone"),
        ("who is that number for?", "phone"),
        ("which team is that line", "phone"),
        ("what agency is this number", "phone"),
        ("sorry, who's that phone number for", "phone"),
        ("that email belongs to who?", "email"),
        ("which service owns this website", "link"),
        # a number asked for, or anything told beside the question, is no such question
        ("whose number do I ring tonight", None),
        ("can you send the EDT number again", None),
        ("who owns this number, the girl is locked in the bathroom", None),
        ("who is that link for and what does it say on neglect", None),
    ],
)
def test_whose_a_detail_is_only_in_words_of_that_question(text: str, kind: str | None) -> None:
    assert whose_detail_asked(text) == kind


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("whose number is that", Detail.PHONE),
        ("which agency has that email", Detail.EMAIL),
        ("whose number do I ring now", None),
    ],
)
def test_the_dialogue_reads_it_as_the_safety_step_does(text: str, detail: Detail | None) -> None:
    """The dialogue's detail kind comes from the safeguards' reading, not a second one."""
    assert asks_whose_detail(text) is detail
