"""Unanswered questions come out in the groups a person would make of them: by topic, not
by the generic words ("signs", "referral", "what do I do") that every topic shares."""

from __future__ import annotations

import pytest

from bot.insights import grouping
from bot.insights.grouping import group_questions, stem

FGM = [
    "what are the signs of FGM",
    "FGM [removed] reporting duty, does it apply to health visitors",
    "is FGM something I report to police or social care",
    "mum asked me about FGM for her baby daughter",
    "who do I tell about [removed] fgm",
    "girl going abroad in summer holidays, worried about FGM",
]
RADICALISATION = [
    "how do I make a prevent referral",
    "worried a year 10 boy is being radicalised online, do I refer to prevent",
    "signs of radicalisation in teenagers",
    "prevent referral for a pupil with extremist views",
    "radicalisation concerns, is that a prevent referral or MASH",
]
EXPLOITATION = [
    "county lines criminal exploitation referral",
    "criminal exploitation of a 14 year old",
    "signs of child criminal exploitation",
]
FOSTERING = ["private fostering [removed]", "what [removed] as private fostering"]
SINGLETONS = [
    "how do I book a room for a strategy meeting",
    "can I get copies of my supervision notes",
    "where is the training calendar",
]
NOTHING_LEFT = ["[name removed]", "what about [removed]", "[removed] [removed] what do I do"]
"""Minimisation left no topic word: these are in no group."""


def test_practitioner_questions_group_by_topic() -> None:
    questions = FGM + RADICALISATION + EXPLOITATION + FOSTERING + SINGLETONS + NOTHING_LEFT
    groups = group_questions(questions)
    assert [(group.label, group.size) for group in groups] == [
        ("FGM", 6),
        ("radicalisation prevent referral", 5),
        ("criminal exploitation", 3),
        ("private fostering", 2),
        ("copies supervision notes", 1),
        ("room strategy meeting", 1),
        ("training calendar", 1),
    ]
    topics = dict(
        zip(
            [group.label for group in groups[:4]],
            (FGM, RADICALISATION, EXPLOITATION, FOSTERING),
            strict=True,
        )
    )
    for group in groups[:4]:
        topic = topics[group.label]
        assert set(group.examples) <= set(topic)
        assert len(group.examples) == min(len(topic), grouping.MAX_EXAMPLES)


def test_a_shared_generic_word_does_not_join_two_topics() -> None:
    groups = group_questions(
        [
            "what are the signs of FGM",
            "FGM signs in a baby girl",
            "signs of criminal exploitation",
            "criminal exploitation county lines",
        ]
    )
    assert sorted(sorted(group.examples) for group in groups) == [
        ["FGM signs in a baby girl", "what are the signs of FGM"],
        ["criminal exploitation county lines", "signs of criminal exploitation"],
    ]


def test_repeats_count_towards_the_size_and_the_most_typical_example_comes_first() -> None:
    (group,) = group_questions(
        [
            "private fostering rules",
            "private fostering rules",
            "private fostering rules",
            "private fostering notification to the council",
            "what is private fostering",
        ]
    )
    assert group.size == 5
    assert group.examples[0] == "private fostering rules"
    assert sorted(group.examples) == [
        "private fostering notification to the council",
        "private fostering rules",
        "what is private fostering",
    ]


def test_at_most_five_examples_and_the_same_groups_every_time() -> None:
    questions = [f"county lines {word}" for word in "a b c d e f g".split()] + [
        f"county lines exploitation {number}" for number in ("in school", "at home", "online")
    ]
    first = group_questions(questions)
    assert first == group_questions(questions)
    (group,) = first
    assert (group.label, group.size, len(group.examples)) == ("county lines", 10, 5)


def test_placeholders_are_never_part_of_a_label() -> None:
    (group,) = group_questions(
        ["[name removed] [removed] prevent referral", "[removed] prevent referral [school removed]"]
    )
    assert group.label == "prevent referral"


def test_only_placeholders_and_common_words_make_no_group() -> None:
    assert group_questions(NOTHING_LEFT) == ()
    assert group_questions([]) == ()


def test_beyond_the_pairwise_limit_questions_join_the_nearest_group_or_stand_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(grouping, "MAX_CLUSTERED", 3)
    groups = group_questions(
        [
            "what are the signs of FGM",
            "FGM reporting duty",
            "private fostering rules",
            "who do I tell about FGM",  # beyond the limit: joins FGM
            "training calendar",  # beyond the limit: alone
        ]
    )
    assert [(group.label, group.size) for group in groups] == [
        ("FGM", 3),
        ("private fostering rules", 1),
        ("training calendar", 1),
    ]


def test_stems_join_word_forms_and_keep_different_words_apart() -> None:
    assert stem("radicalised") == stem("radicalisation") == stem("radicalise")
    assert stem("exploitation") == stem("exploited")
    assert stem("families") == stem("family")
    assert stem("signs") == stem("sign")
    assert stem("police") != stem("policy")


def test_two_questions_sharing_only_a_generic_word_stay_apart() -> None:
    """A month may hold one question on each topic: "signs" alone must not join them."""
    groups = group_questions(["signs of county lines", "signs of FGM"])
    assert sorted(group.examples for group in groups) == [
        ("signs of FGM",),
        ("signs of county lines",),
    ]


@pytest.mark.parametrize(
    "text", ["how come", "fine", "im", "ok come on", "yeah fine", "right im confused"]
)
def test_conversational_words_never_name_a_group(text: str) -> None:
    """ "come", "fine", "im" say nothing of a topic: no group is named by them."""
    assert group_questions([text]) == ()


def test_a_generic_word_still_labels_a_group_it_is_common_to() -> None:
    (group,) = group_questions(["prevent referral", "how do I make a prevent referral"])
    assert group.label == "prevent referral"
