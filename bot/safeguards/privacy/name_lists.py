"""Names in any case, found with the name lists: first names that are not ordinary words, the
surname after them, and a word after a cue ("mum sarah", "mr okafor") unless it is common."""

from __future__ import annotations

import re

from bot.safeguards import vocabulary
from bot.safeguards.privacy.spans import NAME, Identifier, identifier
from bot.safeguards.privacy.words import FUNCTION_WORDS, very_common_words, words_in

# After these, the next word is a name whatever it is ("called precious", "known as jj").
_STRONG_NAME_CUES = frozenset("called named nicknamed".split())
_STRONG_NAME_CUE_PAIRS = frozenset(
    {
        ("call", "him"),
        ("calls", "him"),
        ("call", "her"),
        ("calls", "her"),
        ("known", "as"),
        ("goes", "by"),
        ("name", "is"),
        ("names", "are"),
        ("name", "was"),
    }
)
# After these, the next word is a name if the name lists hold it and it is not among the
# most frequent words ("baby ruby", "dad (tony)", but not "baby brother", "mum said").
_NAME_CUES = frozenset(
    """name little baby mum mom mummy mother dad daddy father nan nana nanny gran granny grandma
    grandmother grandad grandpa grandfather sister sis brother bro auntie aunt aunty uncle
    cousin son daughter stepdad stepmum stepfather stepmother boyfriend girlfriend partner pupil
    child kid twin sibling carer ex bf gf""".split()
)
_TITLES = frozenset("mr mrs ms miss dr mx".split())
_A_DIGIT = re.compile(r"\d")
_OBJECTS = frozenset(
    "him her them me us himself herself themselves myself ourselves yourself".split()
)
"""Words that follow a verb done to someone ("beat her", "hang herself"), never a name."""


def _done_to_someone(text: str, words: list[tuple[int, int, str]], index: int) -> bool:
    """The word is followed directly (nothing but a space between) by an object pronoun: a
    verb done to someone ("stepdad beat him", "mum kick him out"), not a person's name."""
    if index + 1 >= len(words):
        return False
    next_start, _, following = words[index + 1]
    return not text[words[index][1] : next_start].strip() and following.lower() in _OBJECTS


_VERB_TITLE = "miss"
"""A title that is also a verb: "miss every appointment", "could we miss safeguarding"."""


def _a_verb_miss(title: str, word: str) -> bool:
    """ "miss" in lower case before an ordinary word, in any ending: the verb ("parents miss
    every appointment", "baby miss appointments"), not the title ("miss okafor", "Miss Brown")."""
    return title == _VERB_TITLE and (
        vocabulary.is_known(word) or vocabulary.is_word_form(word) or word.lower() in FUNCTION_WORDS
    )


_MAXIMUM = "max"
"""A first name and short for "maximum": "5 bullets max", "max of 10 minutes"."""
_A_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty)"
_COUNTED_BEFORE = re.compile(
    rf"\b{_A_NUMBER}\s*(?:(?:[a-z]+s|min|hr|hour|page|slide|word)\s+)?$", re.IGNORECASE
)
_COUNTED_AFTER = re.compile(rf"^\s+(?:of\s+)?{_A_NUMBER}\b", re.IGNORECASE)


def _a_maximum(text: str, start: int, end: int) -> bool:
    """ "max" beside the number it limits (after it, or after a plural it counts: "3 points
    max"; before it, or "of" and it: "max 5 slides", "max of 10 mins"): no one's name. "Max is
    7" names a child."""
    return text[start:end].lower() == _MAXIMUM and bool(
        _COUNTED_BEFORE.search(text[max(start - 30, 0) : start])
        or _COUNTED_AFTER.match(text[end : end + 12])
    )


def listed_names(text: str) -> list[Identifier]:
    """First names that are not ordinary words ("jayden", "amira"), in any case, with the
    surname after them; a word after a cue ("mum sarah", "mr okafor") unless it is common."""
    words = words_in(text)
    found: list[Identifier] = []
    index = 0
    while index < len(words):
        start, end, word = words[index]
        lowered = word.lower()
        previous = words[index - 1][2].lower() if index > 0 else ""
        if index > 0 and _A_DIGIT.search(text[words[index - 1][1] : start]):
            previous = ""  # "baby (7 wks)": the cue is the number's, not the word's
        titled = previous in _TITLES
        strongly_cued = previous in _STRONG_NAME_CUES or (
            index > 1 and (words[index - 2][2].lower(), previous) in _STRONG_NAME_CUE_PAIRS
        )
        if lowered in FUNCTION_WORDS or lowered in _TITLES or lowered in _NAME_CUES:
            name = False
        elif not titled and not strongly_cued and _done_to_someone(text, words, index):
            name = False  # "dad beat her", "tried to hang herself": a verb with its object
        elif not titled and not strongly_cued and _a_maximum(text, start, end):
            name = False
        elif (titled and not _a_verb_miss(words[index - 1][2], word)) or (
            strongly_cued
            and (lowered in vocabulary.first_names() or lowered not in vocabulary.own_words())
        ):
            name = True  # "her name is Will", "Mr Okafor"; not "the Named Professional"
        elif lowered in vocabulary.own_words() or titled:
            name = False
        elif previous in _NAME_CUES:
            # "mum sarah", "dad (tony)"; not what mum or dad does, in any ending or
            # misspelt ("dad shouts", "mum explaned")
            name = (
                lowered not in very_common_words()
                and not vocabulary.is_word_form(word)
                and (lowered in vocabulary.first_names() or not vocabulary.is_known(word))
            )
        else:
            name = len(word) >= 3 and vocabulary.is_first_name(word)
        if not name:
            index += 1
            continue
        span_start = words[index - 1][0] if titled else start
        span_end = end
        while index + 1 < len(words):
            next_start, next_end, following = words[index + 1]
            if text[span_end:next_start].strip():
                break  # punctuation between: "Hassan, born ..." ends the name
            if following.lower() in FUNCTION_WORDS or not vocabulary.is_surname(following):
                break
            if following.lower() in very_common_words() and not following[:1].isupper():
                break
            span_end = next_end
            index += 1
        found.append(identifier(NAME, text, span_start, span_end))
        index += 1
    return found
