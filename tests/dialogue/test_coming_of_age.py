"""A young person's coming of age told in a practice question (bot/dialogue/coming_of_age.py)."""

from __future__ import annotations

import pytest

from bot.dialogue.coming_of_age import TRANSITIONS_THEME, tells_coming_of_age, transition_learning
from bot.knowledge.models import KeyMessage


@pytest.mark.parametrize(
    "text",
    [
        "lad with LD left care last year, becomes 18 in june. who plans with him?",
        "care leaver, autistic, nearly eighteen - what should we be doing",
        "she is 17 and will go to adult services after the summer",
        "he'll be 18 next year and nobody has a plan",
        "what happens when he's 18",
        "planning for her 18th, she has complex needs",
    ],
)
def test_a_coming_of_age_is_told(text: str) -> None:
    assert tells_coming_of_age(text)


@pytest.mark.parametrize(
    "text",
    [
        "baby is 18 months, missed two appointments",
        "mum is 18 and the baby is on a CIN plan",
        "mum is under adult services for her depression",
        "the 16 year old does all the shopping",
    ],
)
def test_no_coming_of_age_is_told(text: str) -> None:
    assert not tells_coming_of_age(text)


MESSAGES = [
    KeyMessage(id="young-carers", theme_id="families-and-carers"),
    KeyMessage(id="transition-to-adulthood", theme_id=TRANSITIONS_THEME),
    KeyMessage(id="holistic-transition-planning", theme_id=TRANSITIONS_THEME),
]


def test_the_transition_learning_offered_is_the_one_ranked_first_else_the_themes_first() -> None:
    text = "foster son with LD turns 18 soon, who is planning"
    ranked = ["young-carers", "holistic-transition-planning", "transition-to-adulthood"]
    told = transition_learning(text, ranked, MESSAGES)
    assert told is not None and told.id == "holistic-transition-planning"
    first = transition_learning(text, ["young-carers"], MESSAGES)
    assert first is not None and first.id == "transition-to-adulthood"
    assert transition_learning("foster son with LD, who is planning", ranked, MESSAGES) is None
