"""Which service a question names (bot/dialogue/answers/learning.py, mentions_service)."""

from __future__ import annotations

import pytest

from bot.dialogue.answers.learning import mentions_service
from bot.knowledge.models import Service


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("what did the rachel review find about grandparents", True),
        ("is the review of rachel's case online", True),
        ("what does the local partnership review", False),  # no name of its own
        ("what is CHSCB", False),
    ],
)
def test_a_service_is_named_without_the_partnerships_initials_or_local(
    question: str, named: bool
) -> None:
    """Whose or where a service is (CHSCB, "local", Hackney) does not say which it is."""
    service = Service(id="review", name="CHSCB Local Review Rachel", offers="", audience="")
    assert mentions_service(question, service) is named


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("which review said to talk to the grandparents too", True),
        ("which local reviews looked at the wider family", True),
        ("which case said to talk to the grandparents", False),  # a case, not the review
        ("review the plan with the grandparents", False),  # no "which"
    ],
)
def test_a_service_is_asked_for_by_its_kind(question: str, named: bool) -> None:
    """ "Which review ..." asks for the answer's signposted review, by what kind it is."""
    service = Service(id="review", name="CHSCB Local Review Rachel", offers="", audience="")
    assert mentions_service(question, service) is named


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("is there a handbook on keeping teenagers safe online", True),
        ("any toolkit for checking what a teen does on tiktok?", True),
        ("any tools for spotting online risks for a young person with SEND?", True),
        ("is there a tool for assessing risks online", True),
        ("where can i find a guide to online safety for parents", True),
        ("are there any resources on this", True),
        ("any learning on online risks", False),  # learning, not a resource
        ("what should I check online before a strategy meeting", False),
    ],
)
def test_a_resource_is_asked_for_in_other_words(question: str, named: bool) -> None:
    """ "Is there a toolkit", "any guide", "where can I find a resource": a handbook asked for
    as a thing to find, by its kind or another word for it (set U: "a guide or toolkit for
    online risks" got Social Media Footprint without its handbook; "any tools", as the handbook
    is "a range of tools", set V)."""
    service = Service(id="handbook", name="CHSCP Online Safety Handbook", offers="", audience="")
    assert mentions_service(question, service) is named


def test_whom_a_service_is_for_is_left_out_when_a_line_of_its_offer_says_the_words() -> None:
    """An offer's line names whom it takes: its audience beside it says that again."""
    from bot.dialogue.turn_before import service_lines

    service = Service(
        id="carers",
        name="Carers Project",
        offers="Respite trips for young carers. Help at school.",
        audience="Young carers aged 8 to 18.",
    )
    assert service_lines("carers trips aged", service, False) == ["Respite trips for young carers."]
    assert service_lines("aged 8", service, False) == ["Young carers aged 8 to 18."]


def test_the_service_asked_of_is_the_one_offered_whose_lines_say_it() -> None:
    """Whom a shown service takes, in its lines; a question no line of one service answers
    (or of several) is none."""
    from bot.dialogue.turn_before import service_asked_of

    carers = Service(
        id="carers",
        name="Carers Project",
        offers="Respite trips for young carers.",
        audience="Young carers aged 8 to 18.",
    )
    other = Service(id="club", name="Youth Club", offers="Sport nights.", audience="Teenagers.")
    asked = service_asked_of("does it cover carers aged 8", [carers, other], [])
    assert asked == (carers, ["Young carers aged 8 to 18."])
    assert service_asked_of("does it cover swimming", [carers, other], []) is None
