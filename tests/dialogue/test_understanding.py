"""The crude stem the retrieval and the topic matching share: word forms must meet; and the
topic a short phrase names."""

from __future__ import annotations

import pytest

from bot.dialogue.understanding import named_topic, stem, strengths_about
from bot.knowledge.models import Case


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


_FOSTER = "The foster carers who knew the boy best were heard by every professional."
_LANGUAGE = "Engagement: an online interpreter so that the mother understood every meeting."
_ESCALATION = "Escalation: concerns were escalated to a professionals meeting promptly."
_STRENGTHS = [
    Case(id="one", name="", strengths=[_FOSTER, _ESCALATION]),
    Case(id="two", name="", strengths=[_LANGUAGE]),
]


def test_good_practice_on_a_theme_its_words_do_not_share_is_found_by_meaning() -> None:
    text = "good practice with parents whose first language is not english who need help"
    # by words alone, "who" finds the foster carers
    assert [s for _c, s in strengths_about(text, _STRENGTHS)] == [_FOSTER]
    near = {_FOSTER: 0.15, _LANGUAGE: 0.5, _ESCALATION: 0.1}
    assert strengths_about(text, _STRENGTHS, near=near) == [(_STRENGTHS[1], _LANGUAGE)]


def test_good_practice_its_words_find_keeps_them() -> None:
    # most of the question's words on a line: the words decide, whatever is nearer
    near = {_FOSTER: 0.6, _LANGUAGE: 0.1, _ESCALATION: 0.3}
    found = strengths_about("good practice on escalation", _STRENGTHS, near=near)
    assert found == [(_STRENGTHS[0], _ESCALATION)]
    # words sharing little, but nothing nearer by enough: still the words
    text = "good practice with parents whose first language is not english who need help"
    near = {_FOSTER: 0.4, _LANGUAGE: 0.5, _ESCALATION: 0.1}
    assert [s for _c, s in strengths_about(text, _STRENGTHS, near=near)] == [_FOSTER]
