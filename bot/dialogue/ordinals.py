"""Ordinal words, counted from 1, in one table: a list position ("the second one", "number
4" after the cases) and an option's position ("the first one" for option A) both read them."""

from __future__ import annotations

ORDINALS: dict[str, int] = {
    word: position
    for position, words in enumerate(
        (
            "first 1st",
            "second 2nd",
            "third 3rd",
            "fourth 4th",
            "fifth 5th",
            "sixth 6th",
            "seventh 7th",
            "eighth 8th",
            "ninth 9th",
            "tenth 10th",
        ),
        start=1,
    )
    for word in words.split()
}
"""Each ordinal word or abbreviation and the position it names, the first being 1."""
LAST_WORD = "last"
LAST = -1
"""The position "last" names, whatever the length of the list."""
ORDINAL_PATTERN = "|".join([*ORDINALS, LAST_WORD])
"""A regular expression alternative matching any ordinal word, "last" included."""


def ordinal_position(word: str) -> int | None:
    """The position an ordinal word names (LAST for "last"), None for any other word."""
    lowered = word.lower()
    return LAST if lowered == LAST_WORD else ORDINALS.get(lowered)
