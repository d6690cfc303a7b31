"""The crude stem the retrieval and the topic matching share: word forms must meet."""

from __future__ import annotations

import pytest

from bot.dialogue.understanding import stem


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
