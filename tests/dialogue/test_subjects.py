"""Key messages of one subject, answered only when the question names it
(bot/dialogue/subjects.py)."""

from __future__ import annotations

import pytest

from bot.dialogue import subjects
from bot.dialogue.retrieval import FEATURES, TAUGHT_FILE, LearnedFusion, fused_opinion
from bot.dialogue.understanding import Ranked
from bot.knowledge.models import KeyMessage
from bot.knowledge.schema import KEY_MESSAGES
from bot.knowledge.validation import check_knowledge
from bot.settings import PROJECT_ROOT
from bot.yaml_text import safe_load

AUTISM, CARERS, MEDIA = "autism-early-identification", "young-carers", "social-media-footprint"
SAFETY_PLANS = "sharing-safety-plans"

SUBJECTS = subjects.subjects_of(
    KeyMessage(id=entry["id"], named_by=entry.get("named_by") or [])
    for entry in check_knowledge(PROJECT_ROOT / "knowledge").of(KEY_MESSAGES)
)
"""The key messages of one subject and their words, as knowledge/key_messages/ gives them."""


def names_subject(key: str, text: str) -> bool:
    return subjects.names_subject(key, text, SUBJECTS)


def named_subjects_first(ranking: list[Ranked], text: str) -> list[Ranked]:
    return subjects.named_subjects_first(ranking, text, SUBJECTS)


def test_the_key_messages_of_one_subject_are_those_the_knowledge_gives_words_for() -> None:
    assert set(SUBJECTS) == {AUTISM, CARERS, MEDIA}


@pytest.mark.parametrize(
    ("key", "text"),
    [
        (AUTISM, "could she be on the spectrum? no diagnosis yet"),
        (AUTISM, "15yo self harming, school wondering if he's autistic"),
        (AUTISM, "how do i sign up for the monthly briefings"),
        (CARERS, "her 12yo does most of the housework"),
        (CARERS, "he basically runs the house since his dad got ill"),
        (CARERS, "15yo self harming, mum has bipolar. who else should I be involving?"),
        (MEDIA, "should I be looking at her socials?"),
        # everyday words for each subject (fix38d)
        (AUTISM, "he likes his routines and gets overwhelmed by noise in class"),
        (AUTISM, "she has special interests and struggles in groups"),
        (AUTISM, "a non-verbal 6 year old who was stimming a lot"),
        (AUTISM, "school think she's masking all day and falls apart at home"),
        (MEDIA, "she's been sending selfies to someone she met on online gaming"),
        (MEDIA, "pictures of him were shared in a group chat"),
        (MEDIA, "a 14yo caught sexting, what now"),
        (MEDIA, "what a young man posts publicly, should it come up at the strategy meeting"),
        (CARERS, "she sorts out her nan's tablets and does the shopping"),
        (CARERS, "grandad has parkinson's and the 11 year old is his main support"),
        (CARERS, "he makes sure his grandmother takes her medication"),
        (CARERS, "the 12 year old helps her dad get dressed every morning"),
        # a child who has to, will or can help someone (round 39's review)
        (CARERS, "since his stroke the boy has to help him wash and dress before school"),
        (CARERS, "she needs to help her with the toilet during the night"),
        (CARERS, "the 14 year old will help him with his injections"),
        (CARERS, "the 8 year old can help her up the stairs and into the bath"),
        (CARERS, "after school he has to help them get ready for bed"),
    ],
)
def test_a_question_naming_the_subject_names_it(key: str, text: str) -> None:
    assert names_subject(key, text)


@pytest.mark.parametrize(
    ("key", "text"),
    [
        # a self-harm history told before an ask about something else
        (AUTISM, "yr 10 girl self harmed in the spring, settled now, who should see her plan"),
        (AUTISM, "a 13yo with past self-harm, the CIN plan is stuck, what forum can CAMHS use"),
        # in care, not caring: "looked after" is no child looking after someone
        (CARERS, "she was a looked after child, turns 18 soon, self harmed before"),
        (MEDIA, "dad with schizophrenia relapsed in may, now well. CSC want our records"),
        # help asked for the young person, not the young person helping someone (round 39)
        (CARERS, "lad with LD left care last year, 18 next month. who helps him get ready"),
        (CARERS, "she has a learning disability and turns 18 in spring, how can we help her"),
        (CARERS, "what can college do to help him with adult services"),
        (CARERS, "who helps him plan for leaving care"),
        (CARERS, "how can we help her, she is 17 and has a learning disability"),
        (CARERS, "can I help him with his leaving care plan"),
    ],
)
def test_a_history_that_shares_words_with_the_subject_does_not_name_it(key: str, text: str) -> None:
    assert not names_subject(key, text)


def test_a_key_message_of_no_single_subject_is_always_named() -> None:
    assert names_subject(SAFETY_PLANS, "anything at all")


def test_every_taught_question_answered_by_such_a_key_message_names_it() -> None:
    """The words are read from the released questions, and labelling teaches such a key
    message none that does not name it (once autism's answer to questions on the audits'
    reach: "in both City of London and Hackney")."""
    document = safe_load(TAUGHT_FILE.read_text(encoding="utf-8"))
    for key in SUBJECTS:
        asked = [
            item["q"]
            for items in document["sets"].values()
            for item in items
            if item["key_message"] == key
        ]
        unnamed = [text for text in asked if not names_subject(key, text)]
        assert unnamed == [], key


def test_an_unnamed_subject_is_never_first_but_stays_among_those_offered() -> None:
    """Only the first key message whose subject is named moves up: one not named keeps its
    place among the candidates offered (fix38d: it fell to the bottom, out of the three)."""
    other, third = "professionals-meetings", "information-sharing"
    ranking = [
        Ranked(AUTISM, 0.7),
        Ranked(SAFETY_PLANS, 0.4),
        Ranked(other, 0.3),
        Ranked(third, 0.2),
        Ranked(CARERS, 0.1),
    ]
    text = "yr 11 lad self harmed last year, how do we keep an eye on him"
    assert named_subjects_first(ranking, text) == [
        Ranked(SAFETY_PLANS, 0.4),
        Ranked(AUTISM, 0.7),
        Ranked(other, 0.3),
        Ranked(third, 0.2),
        Ranked(CARERS, 0.1),
    ]
    assert named_subjects_first(ranking, "is he autistic?") == ranking


def test_an_unnamed_subject_is_neither_answered_nor_the_runner_up() -> None:
    by_selector = LearnedFusion((1.0, *[0.0] * (len(FEATURES) - 1)), 0.0, 0.6, 0.5)
    # named first and answered: the unnamed one just below is offered, never "Or: ..."
    selector = [Ranked(SAFETY_PLANS, 0.9), Ranked(AUTISM, 0.85), Ranked(CARERS, 0.2)]
    text = "yp self harmed last month, seems ok now. who should see her safety plan"
    found = fused_opinion(by_selector, [selector, [], [], [], []], True, text, SUBJECTS)
    assert found.confident and found.ranking[0].key_message_id == SAFETY_PLANS
    assert found.ranking[1].key_message_id == AUTISM
    assert found.second is None or found.second.key_message_id != AUTISM
    # none named: offered, never answered
    alone = fused_opinion(
        by_selector, [[Ranked(AUTISM, 0.95)], [], [], [], []], True, text, SUBJECTS
    )
    assert alone.ranking[0].key_message_id == AUTISM and not alone.confident


def test_the_fusion_answers_the_next_key_message_only_as_surely_as_its_own_likelihood() -> None:
    """The selector's score alone: autism first, unnamed; safety plans, below the threshold,
    is not answered in its place but offered."""
    by_selector = LearnedFusion((1.0, *[0.0] * (len(FEATURES) - 1)), 0.0, 0.6)
    selector = [Ranked(AUTISM, 0.9), Ranked(SAFETY_PLANS, 0.2)]
    rankings = [selector, [], [], [], []]
    text = "yp self harmed last month, seems ok now. who should see her safety plan"
    found = fused_opinion(by_selector, rankings, True, text, SUBJECTS)
    assert found.ranking[0].key_message_id == SAFETY_PLANS and not found.confident
    unread = fused_opinion(by_selector, rankings, True)
    assert unread.ranking[0].key_message_id == AUTISM and unread.confident
