"""Names in any case, found with the name lists: first names that are not ordinary words, the
surname after them, and a word after a cue ("mum sarah", "mr okafor") unless it is common."""

from __future__ import annotations

import re

from bot.safeguards import vocabulary
from bot.safeguards.privacy.spans import NAME, Identifier, identifier
from bot.safeguards.privacy.words import (
    FUNCTION_WORDS,
    POSSESSIVE,
    SHORTHAND,
    common_words,
    very_common_words,
    words_in,
)

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


_FOLLOWS_A_VERB = (
    (_OBJECTS - {"her"})
    | _NAME_CUES
    | frozenset("""into away off out up down by back over""".split())
)
"""Words that follow a verb ("dad beat mum", "a mum ran into the centre", "kid bitten by a
dog", "looks after his mum cos she drinks") or a conjunction, never a first name."""
_PARTICLES = frozenset("on up off out down about around over in".split())
"""Particles that make a phrasal verb or an interjection of the word before ("hang on")."""
_OWNERS = frozenset("his her their my our your".split())
"""After a particle, whose a place or a thing is: "max on his own" names a child."""
_WHERE_ONE_IS = frozenset("away out back".split())
"""After a first name and a cue, where that person is: "mum jo away", "dad rob out"."""
_RUNS = frozenset("ran run runs".split())
"""First names that are how one goes away or out: "pupil ran away" names no one."""
_KIN = frozenset(
    """mum mom mummy mother dad daddy father sister brother son daughter nan gran auntie aunt
    uncle cousin""".split()
)
_A_VERBS_FREQUENCY = 4.9
"""How frequent (Zipf) a word must be to be read as a verb before "his mum": "beat" (5.0),
not "tony" (4.6) nor "jack" (4.8)."""
_POSSESSED = frozenset("partner boyfriend girlfriend bf gf ex friend friends phone".split())
"""After "her", what is hers, not whom a verb is done to: "met mum kim her partner" names
kim; "dad beat her mum" names no one."""
_ARTICLES = frozenset("the a an".split())
_SAINTS = frozenset("st saint".split())
"""After these a first name names a church, a school or a place ("near st pauls")."""
_CLAUSE_BREAK = re.compile(r"[\d,.;!?]")
"""Between a cue and a word, a number or a clause's end leaves the word uncued: "baby (7
wks)", "police called, shes safe", "disabled child, odd sexualised behaviour"."""
_APPOSITION = re.compile(r"^[\s(]*,?[\s(]*$")
"""A comma before a word that a comma or a closing bracket ends is no break: the word is
said of the cue ("step dad, tony, hits her", "the child, ruby, has bruises")."""


def _a_word_in_use(text: str, words: list[tuple[int, int, str]], index: int) -> bool:
    """A frequent English word typed in lower case and used as a word: directly before what
    follows a verb or a conjunction ("mum ran into", "dad beat mum", "his mum cos she"), after
    an article ("the max dose"), or opening a sentence before a particle ("hang on"). A first
    name with a capital or owning someone ("leon's mum") is never read so."""
    start, end, word = words[index]
    if (
        not word.islower()
        or word not in vocabulary.frequent_words()
        or POSSESSIVE.search(text[start:end])
    ):
        return False
    opens = index == 0 or bool(re.search(r"[.!?]\s*$", text[:start]))
    if index > 0 and words[index - 1][2].lower() in _ARTICLES and word in common_words():
        return True
    if index + 1 >= len(words):
        return False
    next_start, _, following = words[index + 1]
    if text[end:next_start].strip():
        return False
    following = following.lower()
    owned_after = index + 2 < len(words) and words[index + 2][2].lower() in _OWNERS
    if (
        following in _OWNERS
        and _next_word(words, index + 1) in _KIN
        and vocabulary.zipf(word) >= _A_VERBS_FREQUENCY
    ):
        return True  # "saw dad beat his mum", "father beat their mother"
    return following in _FOLLOWS_A_VERB or (
        opens and following in _PARTICLES and word in common_words() and not owned_after
    )


def _next_word(words: list[tuple[int, int, str]], index: int) -> str:
    """The word after, lower case, or none."""
    return words[index + 1][2].lower() if index + 1 < len(words) else ""


def _cue_before(text: str, words: list[tuple[int, int, str]], index: int) -> str:
    """The word before, lower case, as a cue: none when a number or a clause's end stands
    between ("baby (7 wks)", "police called, shes safe") or when it owns what follows ("mum's
    tramadol": a thing of mum's, not her name)."""
    if index == 0:
        return ""
    previous_start, previous_end, previous = words[index - 1]
    between = text[previous_end : words[index][0]]
    if _CLAUSE_BREAK.search(between) and not (
        _APPOSITION.match(between) and re.match(r"\s*[,)]", text[words[index][1] :])
    ):
        return ""
    if POSSESSIVE.search(text[previous_start:previous_end]):
        return ""
    return previous.lower()


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
        previous = _cue_before(text, words, index)
        titled = previous in _TITLES
        strongly_cued = previous in _STRONG_NAME_CUES or (
            index > 1 and (words[index - 2][2].lower(), previous) in _STRONG_NAME_CUE_PAIRS
        )
        if lowered in FUNCTION_WORDS or lowered in _TITLES or lowered in _NAME_CUES:
            name = False
        elif (
            not titled
            and not strongly_cued
            and _done_to_someone(text, words, index)
            and not (
                previous in _NAME_CUES
                and lowered in vocabulary.first_names()
                and _next_word(words, index) == "her"
                and _next_word(words, index + 1) in _POSSESSED
            )
        ):
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
            # misspelt ("dad shouts", "mum explaned"), nor two lower-case letters no name
            # list holds ("mum rn", "dad (pt's father)"; "dad AJ" is a name)
            name = (
                lowered not in very_common_words()
                and not vocabulary.is_word_form(word)
                and (
                    lowered in vocabulary.first_names()
                    or (
                        (len(lowered) > vocabulary.SHORT_WORD or not word.islower())
                        and not vocabulary.is_known(word)
                    )
                )
            )
        else:
            name = len(word) >= 3 and vocabulary.is_first_name(word)
        if name and not titled and not strongly_cued:
            # "abdo pain", "near st pauls", "hang on", "a mum ran into"
            # a first name after a cue before where one is ("mum jo away for the weekend")
            cued_name = (
                previous in _NAME_CUES
                and lowered in vocabulary.first_names()
                and lowered not in _RUNS
                and _next_word(words, index) in _WHERE_ONE_IS
            )
            name = not (
                lowered in SHORTHAND
                or previous in _SAINTS
                or (not cued_name and _a_word_in_use(text, words, index))
            )
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
            if _a_word_in_use(text, words, index + 1):
                break  # "mum sarah ran off": what she did, not her surname
            span_end = next_end
            index += 1
        found.append(identifier(NAME, text, span_start, span_end))
        index += 1
    return found
