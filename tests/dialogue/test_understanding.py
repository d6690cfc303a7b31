"""The crude stem the retrieval and the topic matching share: word forms must meet; and the
topic a short phrase names."""

from __future__ import annotations

import pytest

from bot.dialogue.understanding import named_topic, stem


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("chronologies", "chronology"),
        ("families", "family"),
        ("agencies", "agency"),
        ("policies", "policy"),
        ("babies", "baby"),
        ("carers", "carer"),
    ],
)
def test_a_plural_meets_its_singular(plural: str, singular: str) -> None:
    """ "How should I use chronologies" was declined as far from the audits: the plural's stem
    ("chronolog") was not the singular's ("chronology"), so BM25 found no audit word in it."""
    assert stem(plural) == stem(singular)


def test_short_words_keep_their_ending() -> None:
    assert stem("ties") == "ties"
    assert stem("lies") == "lies"


def test_a_phrase_saying_one_title_whole_names_it_among_equals() -> None:
    """ "quiz qs on the young carers and wider family learning" gave young carers only: "wider
    family" scored the same for "Wider family" and "Wider family: lived experience of
    siblings", so it named neither; it says the first's title whole."""
    messages = {
        "wider": ["Wider family", "who in the family network can help"],
        "siblings": ["Wider family: lived experience of siblings", "brothers and sisters"],
        "neglect": ["Chronic neglect", "neglect closed to social care"],
    }
    assert named_topic("wider family", messages, titled=True) == "wider"
    assert named_topic("siblings in the wider family", messages, titled=True) == "siblings"
    # without titles, or when two titles are said whole, equals still name none
    assert named_topic("wider family", messages) is None
    both = {**messages, "network": ["Family wider", "networks"]}
    assert named_topic("wider family", both, titled=True) is None
