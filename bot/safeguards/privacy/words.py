"""Words in any case, and how ordinary they are (wordfreq and the assistant's own vocabulary),
for the detectors that cannot rely on capital letters."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.safeguards import vocabulary

_ANY_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
FUNCTION_WORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is was are were be been has
    have had do does did not no so he she they it his her their its him them we you i me my
    our your this that these those who what when where why how which there here then than
    just also very too all any some into onto up out off back over""".split()
)
COMMON_WORDS = 5_000
"""A word among the most frequent this many is too ordinary to be taken as a name even after a
cue ("mum said", "baby brother")."""


def words_in(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), POSSESSIVE.sub("", m.group())) for m in _ANY_WORD.finditer(text)]


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", COMMON_WORDS)) | vocabulary.own_words()


VERY_COMMON_WORDS = 500
"""After a first name, a surname-list word this frequent ("young", "will") is not its surname."""


@lru_cache(maxsize=1)
def very_common_words() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", VERY_COMMON_WORDS))


def is_common(word: str) -> bool:
    return word.lower() in common_words() or word.lower() in FUNCTION_WORDS


NEGATING_PREFIXES = ("non", "dis", "un", "in", "im", "il", "ir")
"""Prefixes that make an English word of a common one: "immobile", "unregistered"."""


def is_common_form(word: str) -> bool:
    """A common word (`is_common`), or an English word made from one by a regular ending or a
    negating prefix: "ringing", "misses", "phoned", "immobile", "unregistered". Such a word
    tells what someone does or what kind of child or place it is ("dad keeps contacting
    school", "bruising in immobile infants"), never a school's name. The word itself must be
    English, so "Ilford" and "Irwin" (a prefix and a common word) stay names, as do a name made
    from a rarer word ("Barking", "Skinners") and a first name's ("St Johns")."""
    lowered = word.lower()
    if is_common(lowered):
        return True
    if lowered not in vocabulary.dictionary_words() and lowered not in vocabulary.frequent_words():
        return False
    rest = [lowered[len(prefix) :] for prefix in NEGATING_PREFIXES if lowered.startswith(prefix)]
    return any(_common_stem(stem) for stem in vocabulary.stems(lowered)) or any(
        len(stem) >= vocabulary.MIN_STEM
        and (is_common(stem) or any(_common_stem(s) for s in vocabulary.stems(stem)))
        for stem in rest
    )


def _common_stem(stem: str) -> bool:
    """A common word that is no first name: "st johns primary" and "st marks" name saints."""
    return is_common(stem) and stem not in vocabulary.first_names()


SHORTHAND = frozenset(
    """abdo obs meds paeds peds resus neuro ortho gynae derm psych rehab resi hx dx tx rx sx ix
    pt pts yo yp yps sw sws hv hvs mw gp gps dob nok nfa nad prn od bd tds qds stat
    kinda sorta gonna wanna gotta dunno lemme gimme outta cos coz cuz bcos bc neva evry
    relly rly realy yung hoo wot wat rong arnt aint wiv wivout dat dis dem innit bruv fam
    hun babe mate telly vid vids pic pics prem uni bf gf rn tbh btw imo pls plz thx ta
    cld wld shld cud wud shud dnt dont cant wont isnt wasnt didnt doesnt dosnt hasnt""".split()
)
"""Clinical shorthand ("abdo pain", "resi unit", "pt's father"), text spellings and chat
words ("kinda", "neva", "yung", "cos she drinks", "cheers hun") that practitioners type and
the name lists also hold as first names, or that follow a cue as a name would ("mum cld
keep"): a word, never a name, unless a title or "called" names it."""
