"""A case remembered by who it was about and a detail (bot/dialogue/case_recall.py)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.dialogue.case_focus import remembers_someone
from bot.dialogue.case_recall import (
    WHICH_CASE_DETAILS,
    CaseRecall,
    Recalled,
    Who,
    pointed_again,
    told_details,
    who_of,
    who_told,
)
from bot.encoder import shared_encoder
from bot.knowledge.models import Case


def encode(texts: list[str]) -> np.ndarray:
    return shared_encoder().encode(texts)


BARAK = Case(
    id="send-barak",
    summary="Barak is a secondary aged boy who has been diagnosed with a Learning Disability.",
    about=["diagnosed with a Learning Disability", "the GP knew the family and young person well"],
    referred_only=False,
)
DESHAWN = Case(
    id="send-deshawn",
    summary="Deshawn is a college aged young man who has Learning Difficulties and is non-verbal.",
    about=["non-verbal", "attends a specialist college", "well known to the surgery"],
    referred_only=False,
)
ERIKA = Case(
    id="send-erika",
    summary="Erika is a primary aged girl who was referred as her SEND assessment could not be "
    "completed as she had not been seen.",
    about=["she had not been seen", "not brought to appointments", "home visit"],
    referred_only=False,
)
MH = Case(
    id="mh-case-1",
    summary="Young person repeatedly presenting at health services with medically unexplained "
    "pain leading to poor school attendance.",
    about=["medically unexplained pain", "poor school attendance", "home education"],
    referred_only=False,
)


@pytest.fixture(scope="module")
def recall() -> CaseRecall:
    return CaseRecall([BARAK, DESHAWN, ERIKA, MH], encode)


def test_who_a_case_is_about_is_read_from_its_summary() -> None:
    assert who_of(ERIKA) == Who("female", frozenset({"primary"}))
    assert who_of(DESHAWN) == Who("male", frozenset({"college"}))
    assert who_of(MH) == Who(None, None)  # "young person": neither said


def test_who_is_told_agrees_or_contradicts() -> None:
    lad = who_told("the quiet college lad")
    assert lad.agrees(who_of(DESHAWN)) == 2
    assert lad.agrees(who_of(BARAK)) is None  # a secondary aged boy is not at college
    assert who_told("the teenager").agrees(who_of(BARAK)) == 1  # a teenager may be either
    assert who_told("the teenager").agrees(who_of(MH)) == 0


def test_the_details_told_leave_out_who_and_what_is_asked() -> None:
    head, details = told_details(
        "the quiet college lad whose surgery had known the family for ages - what went wrong?"
    )
    assert head == "the quiet college lad"
    assert details == ["quiet", "surgery had known the family for ages"]


def test_a_detail_two_cases_share_goes_to_the_one_who_it_was_about_fits(recall: CaseRecall) -> None:
    """Both boys' doctors knew their families: the college lad who does not speak is one."""
    text = "the lad at college who couldn't speak, whose GP surgery had known his family for years"
    assert recall.recalled(text, encode) == "send-deshawn"


def test_a_case_is_recalled_in_words_none_of_its_lines_use(recall: CaseRecall) -> None:
    text = "the young person whose aches no doctor could explain, who missed lots of school"
    assert recall.recalled(text, encode) == "mh-case-1"


def test_one_detail_alone_recalls_no_case(recall: CaseRecall) -> None:
    """A child not brought to appointments is a topic, not a case remembered."""
    assert recall.recalled("the child who was not brought to the clinic", encode) is None


@pytest.mark.parametrize(
    ("text", "remembered"),
    [
        ("the quiet college lad whose surgery had known the family, what happened?", True),
        ("that little girl at primary who no one had seen - how did it end?", True),
        ("the child misses every appointment, what do I do", False),  # the asker's child, now
        ("I have a boy who won't speak at school", False),
        ("the mum of the boy who ...", False),  # a relative first
    ],
)
def test_someone_remembered_is_pointed_at_and_told_of(text: str, remembered: bool) -> None:
    assert remembers_someone(text) is remembered


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("Sorry, I meant the looked-after boy.", "the looked-after boy."),
        ("and the one that did GCSEs at home?", "the one that did GCSEs at home?"),
        ("no, the girl with the rare condition", "the girl with the rare condition"),
        ("the girl I saw today has unexplained pain and won't go to school", None),
        ("the girl is missing again", None),  # the asker's child, now
        ("the one thing I want to know is how to escalate", None),
    ],
)
def test_a_case_pointed_at_again_is_told_of_by_who_and_what_they_had(
    text: str, told: str | None
) -> None:
    """After a list of cases, only who is said last or followed by who or what they had."""
    assert pointed_again(text) == told


CARYN = Case(
    id="send-caryn",
    summary="Caryn is a young adult who has a rare condition and during her minority has been "
    "subject to Child Protection Plans and Looked After episodes.",
    about=[
        "subject to Child Protection Plans",
        "close links between CSC and CAMHS",
        "CAMHS child protection supervision",
    ],
    referred_only=False,
)
MH_3 = Case(
    id="mh-case-3",
    summary="Young person presented to health services following sexual assault. Young person "
    "has suicidal thoughts and has previously self-medicated.",
    about=[
        "suicidal thoughts",
        "self-medicated",
        "CIN plan with a PLO process",
        "Extra Familial Risk Panel",
        "wider family network in safety planning",
    ],
    referred_only=False,
)


def test_between_cases_as_near_by_meaning_the_detail_named_in_the_audits_words_tells() -> None:
    """A protection history and self-harm are near both by meaning (two details each); only
    one's audit names "CAMHS child protection supervision", as the question does."""
    recall = CaseRecall([CARYN, MH_3], encode)
    text = (
        "The audit mentioned CAMHS child protection supervision in a case with CP history "
        "and self-harm - which case and what was the context?"
    )
    assert recall.recalled(text, encode, {"cp": ["child protection"]}) == "send-caryn"
    # as many details by meaning, and who each is about as unsaid: the words decide
    named = Recalled("send-caryn", 2, 0, 1.4, words_said=4)
    near = Recalled("mh-case-3", 2, 0, 1.1, words_said=0)
    assert named.strength > near.strength
    assert Recalled("mh-case-3", 3, 0, 1.1).strength > named.strength  # details first


@pytest.mark.parametrize(
    ("head", "bands"),
    [
        ("a 13yo girl", {"secondary"}),
        ("7 year old boy", {"primary"}),
        ("this 15 yr old lad", {"secondary"}),
        ("an 11-year-old", {"primary", "secondary"}),
        ("my 17 y/o", {"college"}),
        ("a girl who self harmed 2 years ago", None),
        ("yr 11 lad", None),
    ],
)
def test_an_age_in_years_is_read_as_its_bands(head: str, bands: set[str] | None) -> None:
    assert who_told(head).bands == (None if bands is None else frozenset(bands))


def test_an_age_contradicts_a_case_of_another_age() -> None:
    assert who_told("12yo girl").agrees(who_of(CARYN)) is None  # a young adult
    assert who_told("8 year old boy").agrees(who_of(BARAK)) is None  # secondary aged


def test_a_case_asked_by_its_features_needs_two_details_not_one_and_a_girl() -> None:
    """One detail near Caryn's and "a girl": any girl's case, not Caryn's (fix38d)."""
    recall = CaseRecall([CARYN, MH_3], encode)
    text = "a girl who was on child protection plans, which audit case is like her?"
    ranked = recall.ranked(text, encode)
    assert ranked[0].case_id == "send-caryn" and ranked[0].details == 1
    assert recall.recalled(text, encode) == "send-caryn"  # remembered, as a case pointed at
    assert recall.recalled(text, encode, min_details=WHICH_CASE_DETAILS) is None
