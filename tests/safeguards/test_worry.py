"""How a message is told, beside what it tells (bot/safeguards/worry.py): a worry noted, a
question about what was done, a professional's conduct, a practitioner's own shift, each read
only when nothing tells a danger now. Sentences written for these tests, none from a blind set."""

from __future__ import annotations

import pytest

from bot.safeguards.safety import asks_practice_question
from bot.safeguards.worry import (
    asks_what_was_done,
    reports_a_worry_to_act_on,
    tells_a_worry,
    tells_danger_before_someone_now,
    tells_of_a_professionals_conduct,
)


@pytest.mark.parametrize(
    "text",
    [
        "just flagging: mum's new partner has moved in and the boys have gone very quiet",
        "fyi the dad at pick-up smelled of drink again and was sharp with his son",
        "something about the uncle feels a bit off, he always wants to be the one who bathes her",
        "looking back on a family from last year, the girl was being hit and nobody joined it up",
        "doesn't sit right with me that the 13yo is always collected by different men in cars",
    ],
)
def test_a_worry_noted_or_reflected_on_is_not_a_danger_now(text: str) -> None:
    assert tells_a_worry(text)


@pytest.mark.parametrize(
    "text",
    [
        "heads up, dad is outside the school gate with a knife right now",
        "just flagging, she has taken a whole packet of pills this morning",
        "fyi a boy in year 8 is being hit by his stepdad tonight and is scared to go home",
    ],
)
def test_a_danger_told_now_stays_a_danger_whatever_the_stance(text: str) -> None:
    assert not tells_a_worry(text)
    assert not tells_of_a_professionals_conduct(text)


def test_a_question_about_what_was_done_is_not_a_danger_now() -> None:
    assert asks_what_was_done(
        "the teenage boy in the second case who ran off from care, "
        "did the police share what they found"
    )
    assert asks_what_was_done("the lad who was stabbed in that review, did anyone tell his school")
    # the same question over a scene happening now is not about the past
    assert not asks_what_was_done("she has gone missing from the unit, did anyone call the police")


CONDUCT_OR_NOT = {
    "the swimming instructor keeps giving one of the boys lifts home and buying him trainers": True,
    "a child told me the after school club leader slapped him across the face": True,
    "worried about a colleague, she has been texting a year 10 pupil from her own phone": True,
    # the professional reports it, not does it
    "the foster carer rang saying the girl has run off with a man in a van": False,
    # a professional's conduct with a danger now, or a danger no worry about conduct tells
    "the coach is hitting a boy in the changing rooms right now": False,
    "a teacher says the boy's uncle has a gun in the flat": False,
}


def test_a_worry_about_a_professionals_conduct_is_read_only_when_they_do_it_and_not_now() -> None:
    """The LADO's worry: a professional as the one who does it, with nothing told now."""
    for text, conduct in CONDUCT_OR_NOT.items():
        assert tells_of_a_professionals_conduct(text) is conduct, text


def test_the_practitioners_own_shift_does_not_place_a_danger_now() -> None:
    """ "tonight" of a busy shift is not a danger's time; the same question with a danger now
    is not a practice question."""
    assert asks_practice_question(
        "we are slammed on the ward tonight, how should I record what a teen tells me about cutting"
    )
    assert not asks_practice_question(
        "how do I stop him, he is cutting himself in the toilets right now"
    )


@pytest.mark.parametrize(
    "text",
    [
        "dad leaves the bleach under the sink where the twins can reach it, what advice do i give",
        "nan gives the 2yo sips of her wine at family parties, any guidance on talking to her",
        "older sister is sharing nudes of her friends at school, where does this go",
        "what do i tell a mum who keeps the baby's cot beside a radiator",
    ],
)
def test_a_worry_asked_about_as_advice_or_where_it_goes_is_a_worry_to_act_on(text: str) -> None:
    assert reports_a_worry_to_act_on(text)


@pytest.mark.parametrize(
    "text",
    [
        # a danger the rules see, or one told before someone now: the urgent block stays
        "the toddler is on the window ledge right now, what advice",
        "dad has a knife and is threatening mum, where does this go",
        "i can hear the baby screaming next door and no one answers, any advice",
        # no advice or route asked: not this reading
        "mum keeps the baby's cot beside a radiator",
    ],
)
def test_danger_now_or_no_question_of_advice_is_not_a_worry_to_act_on(text: str) -> None:
    assert not reports_a_worry_to_act_on(text)


@pytest.mark.parametrize(
    "text",
    [
        # what goes on, told as a scene with a state reached: nothing before someone now
        "a girl of 13 has been living with a neighbour of her gran since spring, dad abroad",
        "some older lads are now dealing from the flat of a man with learning difficulties",
        "year 10 boy sharing videos about a holy war and has dropped all his old friends",
        "he is now staying with a family friend and nobody has checked the address",
        "no danger right now, she is now living with her aunt",
    ],
)
def test_a_topic_told_as_what_goes_on_tells_no_danger_before_someone_now(text: str) -> None:
    """Issue 19 item 5: a topic the audits do not cover, told as a scene of what goes on,
    gets its decline, not the urgent block the urgent model alone would give it."""
    assert not tells_danger_before_someone_now(text)


@pytest.mark.parametrize(
    "text",
    [
        "the dealers are at the flat right now and the boy is inside",
        "she is now outside the house with a man who says she owes him",
        "he is on the phone saying they will cut her tonight",
        "the girl is crying in my office, her brothers are waiting at the gate",
        "he is now missing and his phone is off",
        # a moment's "now" before where or with whom, and what is to come (round 32's review)
        "a 14 year old girl is now in a car with two older men she met online",
        "she is now with the men from the party",
        "she flies abroad tomorrow to be married to her cousin and she doesnt want to go",
        "the 13 year old is alone at a grown mans flat",
        "mum has just messaged that her new partner wont let her leave with the baby",
    ],
)
def test_a_scene_before_someone_now_is_told(text: str) -> None:
    assert tells_danger_before_someone_now(text)
