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
        "what support is there for him when he's 18",
        "16yo in foster care, ASD, 18 soon",
        "our team say the daughter (18 next month) who cares for her mum has no support",
        "17yo cares for her dad who drinks, shes about to turn 18",
        "mum says he turns 18 next week, who is planning with him",
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
        # a parent's, a sibling's or a partner's age or adult services (round 39's review)
        "the mother turned 18 in the spring, baby on a CP plan",
        "dad is nearly 18 and wants contact with the baby",
        "mum is about to turn 18 and lives in a mother and baby unit",
        "mum is moving to adult services from the perinatal team",
        "dad transferred to adult services after CAMHS",
        "older brother turns 18 next week and will move out",
        "her partner will be 18 soon, she is 15",
        # a place, a past birthday, a count
        "18 in the flat last night, police attended",
        "the case was closed when she turned 18 in 2019",
        "we had 18 referrals this month, 18 next month",
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
