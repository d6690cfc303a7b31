"""Named schools and nurseries."""

from __future__ import annotations

from bot.safeguards import vocabulary
from bot.safeguards.privacy.spans import SCHOOL, Identifier, identifier
from bot.safeguards.privacy.words import FUNCTION_WORDS, is_common_form, words_in

_SCHOOL_WORDS = frozenset(
    "primary academy school college nursery secondary infants juniors".split()
)
_SCHOOL_NAME_PARTS = frozenset("st saint c e ce of rc church the".split())
_CHILDREN = frozenset({"infants", "juniors"})
"""School words that name children as often as schools ("premature infants"): in lower case,
only a word the dictionary does not hold names one before them ("gayhurst infants", "st marys
infants")."""


def _ordinary_before(previous: str, school_word: str) -> bool:
    """Whether a word before a lower-case school word is an ordinary word, not its name."""
    if is_common_form(previous):
        return True
    return school_word in _CHILDREN and previous.lower() in vocabulary.dictionary_words()


def named(text: str) -> list[Identifier]:
    """A named school or nursery: "gayhurst primary", "St Mark's C of E Primary", "Mossbourne
    Academy". Before a capitalised school word, capitalised words are its name; before a
    lower-case one, words that are not ordinary (`_ordinary_before`: "keeps ringing school" and
    "premature infants" name no school)."""
    words = words_in(text)
    found = []
    for index, (_start, end, word) in enumerate(words):
        if word.lower() not in _SCHOOL_WORDS or index == 0:
            continue
        capitalised = word[:1].isupper()
        school_word = word.lower()
        first = index
        while first > 0 and index - first < 5:
            previous = words[first - 1][2]
            lowered = previous.lower()
            if lowered in _SCHOOL_WORDS:
                break
            if (
                capitalised
                and (previous[:1].isupper() or lowered in _SCHOOL_NAME_PARTS)
                and (lowered not in FUNCTION_WORDS or lowered in _SCHOOL_NAME_PARTS)
            ) or (
                not capitalised
                and (lowered in ("st", "saint") or not _ordinary_before(previous, school_word))
            ):
                first -= 1
            else:
                break
        while first < index and text[words[first][1] : words[first + 1][0]].strip(" '\u2019"):
            first += 1  # punctuation between ("NFA. School") ends the name
        while first < index and words[first][2].lower() in FUNCTION_WORDS:
            first += 1  # "the" and "of" may join a name, not start it
        own = vocabulary.own_words()
        if first < index and any(w[2].lower() not in own for w in words[first:index]):
            found.append(identifier(SCHOOL, text, words[first][0], end))
    return found
