"""A presentation told in everyday words finds the case line saying the audit's words for it
(bot/dialogue/told_presentations.py)."""

from __future__ import annotations

import pytest

from bot.dialogue.case_practice import practice_lines
from bot.dialogue.told_presentations import (
    PRESENTATIONS,
    asks_how_it_turned_out,
    audit_words_told,
    line_told,
    tells_an_outcome,
)
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings

UNEXPLAINED = "medically unexplained pain"
SELF_HARM_AGAIN = "multiple hospital attendances"
RETELLING = "retell their story"
INJURY_THEN_SELF_HARM = "physical injury"
NOT_WILFUL = "willfully neglecting"
PLAN_NOT_KEPT = "consistently engage with the plan"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("boy of 12 gets tummy aches the GP can't explain, what should I do", UNEXPLAINED),
        ("her headaches have had every test, all normal, and still she's in pain", UNEXPLAINED),
        ("year 8 keeps complaining of stomach ache and is off school most weeks", UNEXPLAINED),
        ("pupil with migraines nobody can find a cause for", UNEXPLAINED),
        ("third admission this term after an overdose, any audit learning", SELF_HARM_AGAIN),
        ("lad keeps turning up at the walk-in centre having cut himself", SELF_HARM_AGAIN),
        ("on the ward again for cutting her forearms, what did the audit find", SELF_HARM_AGAIN),
        ("she doesn't want to go over what happened again with yet another worker", RETELLING),
        ("the boy is made to recount his account over and over by different teams", RETELLING),
        ("a lad we support is tired of going through it again for each new agency", RETELLING),
        ("14 year old boy, cutting, seen on paeds three times since summer", SELF_HARM_AGAIN),
        # an injury first, self-harm later: Case 2's pattern over months
        (
            "seen for a sprained ankle in May, by the autumn he was cutting his arms",
            INJURY_THEN_SELF_HARM,
        ),
        (
            "girl treated after an accident at home, half a year on she overdosed",
            INJURY_THEN_SELF_HARM,
        ),
        # neglect told as not meant: Case 3's professional challenge
        (
            "it isn't that grandma is deliberately neglecting the twins, her arthritis gets in "
            "the way",
            NOT_WILFUL,
        ),
        ("the carers aren't neglecting him wilfully, they are overwhelmed", NOT_WILFUL),
        (
            "the foster carer tries hard yet struggles to keep to the safety plan week to week",
            PLAN_NOT_KEPT,
        ),
        ("stepmum is doing her best but can't keep up with the CIN plan", PLAN_NOT_KEPT),
        (
            "sprained his wrist in March; months later the lad began self-harming",
            INJURY_THEN_SELF_HARM,
        ),
        ("the parents engage at meetings yet can't manage the safety plan at home", PLAN_NOT_KEPT),
    ],
)
def test_a_presentation_told_in_everyday_words_reads_as_the_audits_words(
    text: str, words: str
) -> None:
    assert audit_words_told(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "attendance below 80% this term, any learning?",  # no symptom
        "stomach pain, seen once by the GP last week",  # nothing unexplained, nothing repeated
        "one overdose two years ago, no hospital visits since",  # nothing repeated
        "she told the police what happened",  # told once
        "I'm sick of chasing CAMHS for a reply",
        # cutting said of contact or food, attendance said of school
        "father keeps cutting short his contact sessions and the twins' attendance has slipped",
        "carer cutting portions again to save money, attendance at nursery 60%",
        # a worker, a trainee or a parent telling the story
        "I had to go over the whole family history again for the new team leader",
        "workshop on how to retell a survivor's story in court reports",
        "nan repeats it to every professional and nothing moves",
        "we keep going over it with each new manager and nothing changes",
        # an odd bruise is not an overdose
        "toddler brought to A&E again with an odd bruise on the ear",
        # a parent's pain; nothing wrong said of the home
        "stepdad's back pain has him in bed, the little ones miss school again",
        "the girl gets headaches; the visit found nothing wrong with the house itself",
        # falling out, an accident said of finding out, self-harm told before the injury
        "she fell out with her best friend and started self-harming",
        "I learnt by accident that he had been self-harming for a year",
        "self-harm since year 7 and last week a broken wrist from a fall",
        # an injury of a parent's or the writer's, one that is the self-harm, one with no time
        # said before the self-harm, or words of an injury that are none
        "his uncle broke his leg in a crash and weeks later the boy was self-harming",
        "I had an accident driving to the visit; afterwards the teen disclosed cutting her arms",
        "the cuts were self-inflicted injuries and she has self-harmed since",
        "the pupil fractured a finger at football yesterday and self-harms too",
        "she fell asleep in maths and then said she had been self-harming",
        "the accident and emergency nurse saw him weeks later for self-harm",
        "grandpa fell ill last winter, then the girl started to self-harm",
        # neglect told as meant, or not said to be meant or not
        "they are starving the dog and neglecting the baby on purpose",
        "years of chronic neglect and nobody acted",
        # a plan not kept with no family said to be trying, or a worker's own plan
        "mum refuses to follow the plan and shouts at the social worker",
        "I'm trying to write a plan but can't manage the template",
        # no trying outside the plan's own words, or the plan a worker's or a school's
        "the parents are not engaging with the safety plan whatsoever",
        "dad never engages with the CP plan, is that disguised compliance?",
        "the family try hard, it's the SENCO who isn't following the plan",
        "mum asks why the college is not keeping to the EHC plan",
    ],
)
def test_a_part_alone_or_the_same_words_said_of_something_else_read_as_none(text: str) -> None:
    """Each reading bypasses the case line's similarity, so a part of a presentation alone is
    left to the ranking, and words that only sound like one (cutting contact, school
    attendance, a worker retelling, a parent's pain) read none."""
    assert audit_words_told(text) is None


def test_each_presentation_finds_the_line_of_the_case_it_is(settings: Settings) -> None:
    """The audit's words each reading gives are in the real knowledge: the unexplained pain is
    Case 1's summary, the repeated self-harm attendances Case 2's, the story not retold Case
    3's named person at the clinic."""
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        lines = practice_lines(store.cases(session))
    for words in {presentation.audit_words for presentation in PRESENTATIONS}:
        assert any(words in line.text.lower() for line in lines), words
    told = {
        text: line_told(text, lines)
        for text in (
            "the paediatrician found no physical cause for her belly aches",
            "another overdose, so that's three times on the children's ward for him",
            "he is fed up with telling what happened to each new practitioner",
        )
    }
    assert [(line.case_id, line.place) for line in told.values() if line] == [
        ("mh-case-1", 0),
        ("mh-case-2", 0),
        ("mh-case-3", 1),
    ]


def test_a_message_telling_no_presentation_finds_no_line(settings: Settings) -> None:
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        lines = practice_lines(store.cases(session))
    assert line_told("who organises a multi-agency meeting", lines) is None


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("how did things end up for the young person in that case", True),
        ("what was the outcome for the girl in the audit", True),
        ("is there a case like this and what happened in it", True),
        ("how did it go for her in the end?", True),
        ("what should I do about her missed school", False),
        ("what happened was that she stopped eating", False),
    ],
)
def test_how_the_case_turned_out_is_asked(text: str, asks: bool) -> None:
    assert asks_how_it_turned_out(text) is asks


def test_the_outcome_lines_are_the_cases_achieving_outcomes(settings: Settings) -> None:
    """Case 1 tells where the young person got to (home education, GCSEs) under its outcome
    heading, which the answer to "how did it turn out" is chosen among."""
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        lines = practice_lines(store.cases(session))
    outcomes = [line for line in lines if tells_an_outcome(line)]
    assert outcomes and all(line.good_practice for line in outcomes)
    assert any("home education" in line.text for line in outcomes if line.case_id == "mh-case-1")
