"""The words the assistant knows, and the words that are people's names.

Two safeguards rest on these lists. What is stored keeps only known words
(bot.safeguards.minimise), so a name nobody thought of can never be written, whatever its case.
And the identifier warning recognises a name typed in lower case ("jayden smith") by asking
whether the word is a first name and not an ordinary English word.

All lists come from maintained packages installed with the assistant, never downloaded at
run time: wordfreq (the most frequent English words, with their inflections), english-words
(Webster's dictionary, whose lower-case entries are common words rather than proper names),
gender-guesser (about 60,000 first names from many countries) and names (the US census list
of surnames). The assistant's own vocabulary, read from knowledge/ and its training data,
is always known: case pseudonyms ("Erika") and service names ("Nia") are not identifiers, and a
new audit's are not either once its YAML is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from bot.knowledge.schema import (
    CASES,
    ESCALATION_STEPS,
    GLOSSARY,
    KEY_MESSAGES,
    SERVICES,
    SOURCES,
    THEMES,
    UNCOVERED_TOPICS,
    URGENT_CONTACTS,
)
from bot.names import IDENTIFIERS_INTENT
from bot.settings import PROJECT_ROOT, load_settings
from bot.yaml_text import safe_load

CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december""".split()
)
"""Days and months: proper nouns, and some are also first names, but they identify nobody."""
FREQUENT_WORDS = 40_000
"""How many of the most frequent English words count as known (before names are removed)."""
_WORD = re.compile(r"[a-z]+")
_TRAINING_DATA = PROJECT_ROOT / "data"
# Training examples written to contain identifiers: their words are not vocabulary.
_EXAMPLES_WITH_IDENTIFIERS = frozenset({IDENTIFIERS_INTENT})


def words_of(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@lru_cache(maxsize=1)
def _knowledge_documents(root: Path) -> tuple[Any, ...]:
    """Every YAML file of the knowledge base, parsed once: several word lists are read from it
    at start-up, and parsing is what takes the time. Not the words that recognise topics the
    audits do not cover: those are not the assistant's vocabulary, and one of them ("lone") is
    also a first name, which stored text must never keep."""
    return tuple(
        safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.yml"))
        if path.stem != UNCOVERED_TOPICS
    )


def _knowledge(knowledge_dir: Path | None) -> tuple[Any, ...]:
    return _knowledge_documents(knowledge_dir or load_settings().knowledge_dir)


@lru_cache(maxsize=1)
def knowledge_words(knowledge_dir: Path | None = None) -> frozenset[str]:
    """Every word in the knowledge base: the audits' words, case pseudonyms, services."""
    return frozenset(
        word
        for document in _knowledge(knowledge_dir)
        for text in _strings(document)
        for word in words_of(text)
    )


_CAPITAL_INSIDE_A_SENTENCE = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+)")


@lru_cache(maxsize=1)
def knowledge_names(knowledge_dir: Path | None = None) -> frozenset[str]:
    """Words the knowledge base writes with a capital inside a sentence: its proper nouns
    (case pseudonyms, services, places), kept even where a capital would look like a name."""
    return frozenset(
        match.group(1).lower()
        for document in _knowledge(knowledge_dir)
        for text in _strings(document)
        for match in _CAPITAL_INSIDE_A_SENTENCE.finditer(text)
    )


_NAMING_FIELDS: dict[str, tuple[str, ...]] = {
    CASES: ("name",),
    SERVICES: ("name",),
    SOURCES: ("title", "short_title", "partnership", "borough", "theme", "aliases"),
    THEMES: ("title",),
    KEY_MESSAGES: ("title",),
    GLOSSARY: ("term", "expansions", "stands_for"),
    URGENT_CONTACTS: ("name", "area"),
    ESCALATION_STEPS: ("reference",),
}
"""Per collection of knowledge/README.md, the fields that name something (a case's pseudonym, a
service, an audit, a place): the words a practitioner types with capitals when asking about it."""
# A name as privacy.py compares it: one word with its hyphens and apostrophes ("Lily-May",
# "O'Neil"), without a possessive "'s".
_NAME = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['\u2019]s$")


def _naming_texts(document: Any) -> Iterator[str]:
    if not isinstance(document, dict):
        return
    for key, fields in _NAMING_FIELDS.items():
        for item in document.get(key) or []:
            if isinstance(item, dict):
                for field in fields:
                    yield from _strings(item.get(field))


@lru_cache(maxsize=1)
def knowledge_proper_nouns(knowledge_dir: Path | None = None) -> frozenset[str]:
    """Capitalised words that are the knowledge base's own and not people's names: the words
    naming its cases (their pseudonyms), services, audits and their aliases, themes, key
    messages, glossary terms, contacts and areas, and every word it capitalises inside a
    sentence. Read from knowledge/ so that adding an audit's YAML is enough for its case names
    not to be taken for identifiers."""
    named = {
        _POSSESSIVE.sub("", word.lower())
        for document in _knowledge(knowledge_dir)
        for text in _naming_texts(document)
        for word in _NAME.findall(text)
    }
    return frozenset(named) | knowledge_names(knowledge_dir)


@lru_cache(maxsize=1)
def training_words(data_dir: Path = _TRAINING_DATA) -> frozenset[str]:
    """Every word of the training examples, except those written to hold identifiers."""
    words: set[str] = set()
    for path in sorted(data_dir.rglob("*.yml")):
        document = safe_load(path.read_text(encoding="utf-8")) or {}
        for block in document.get("nlu") or []:
            if block.get("intent") not in _EXAMPLES_WITH_IDENTIFIERS:
                words |= words_of(str(block.get("examples") or ""))
    return frozenset(words)


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Lower-case entries of Webster's dictionary: common words, not proper names."""
    from english_words import get_english_words_set

    return frozenset(
        word for word in get_english_words_set(["web2"], lower=False) if word.islower()
    )


@lru_cache(maxsize=1)
def frequent_words() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", FREQUENT_WORDS))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """gender-guesser's name list: a fixed-width file, the name in columns 4-29."""
    text = (
        resources.files("gender_guesser")
        .joinpath("data/nam_dict.txt")
        .read_text(encoding="iso-8859-1")
    )
    names = set()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            names |= {
                part for part in re.split(r"[ +-]", line[3:29].strip().lower()) if part.isalpha()
            }
    return frozenset(names)


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    text = resources.files("names").joinpath("dist.all.last").read_text(encoding="utf-8")
    return frozenset(line.split()[0].lower() for line in text.splitlines() if line.strip())


SAFEGUARDING_TERMS = Path(__file__).with_name("safeguarding_terms.txt")


@lru_cache(maxsize=1)
def safeguarding_terms() -> frozenset[str]:
    """Safeguarding topics the audits do not cover: an unanswered question keeps its topic."""
    lines = SAFEGUARDING_TERMS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def own_words() -> frozenset[str]:
    """The assistant's own vocabulary: knowledge base, training data and safeguarding terms."""
    return knowledge_words() | training_words() | safeguarding_terms()


MOST_FREQUENT_WORDS = 1_000
"""A first name among this many most frequent English words is kept ("will", "may", "hope",
"mark"): removing them would garble ordinary questions. Rarer ones are removed even when the
dictionary also lists them ("grace", "jordan", "precious", "tony"): a name leaks more than a
lost word costs."""


@lru_cache(maxsize=1)
def _most_frequent() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", MOST_FREQUENT_WORDS))


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Words that may be stored: the assistant's own, and frequent English words that are
    not people's names. A surname that is also a dictionary word ("smith", "brown") is kept:
    alone it identifies nobody, and the first name beside it is removed."""
    most_frequent = _most_frequent()
    dictionary = dictionary_words()
    given, family = first_names(), surnames()
    common = {
        word
        for word in frequent_words()
        if word in most_frequent
        or (word not in given and (word not in family or word in dictionary))
    }
    return frozenset(common | own_words() | CALENDAR_WORDS)


SHORT_WORD = 2
"""Words this short are initials as often as words ("jj", "kj"): known only if very frequent
or the assistant's own."""


def is_known(word: str) -> bool:
    """An English word or one of the assistant's own, and not a person's name: used to tell
    a name from an ordinary word."""
    lowered = word.lower()
    if len(lowered) <= SHORT_WORD:
        return lowered in own_words() or lowered in _most_frequent()
    return lowered in known_words()


STORABLE_FREQUENT_WORDS = 5_000
"""How many of the most frequent English words (less names) may be stored besides the
assistant's own. Measured on the two held-out sets (identifiers stored whole; ordinary words
removed from messages without identifiers): 40,000 words, 8 of 361 and 1.9%; 20,000, 7 and
2.3%; 10,000, 2 and 3.1%; 5,000, 1 and 4.0%; the assistant's own words only, 1 and 6.7%."""


@lru_cache(maxsize=1)
def storable_words() -> frozenset[str]:
    """Words that may be stored: the assistant's own, days and months, and the most frequent
    English words that are not people's names (or are among the very most frequent)."""
    from wordfreq import top_n_list

    given, family, dictionary = first_names(), surnames(), dictionary_words()
    most_frequent = _most_frequent()
    common = {
        word
        for word in top_n_list("en", STORABLE_FREQUENT_WORDS)
        if word in most_frequent
        or (word not in given and (word not in family or word in dictionary))
    }
    return frozenset(common | own_words() | CALENDAR_WORDS)


def is_storable(word: str) -> bool:
    lowered = word.lower()
    if len(lowered) <= SHORT_WORD:
        return lowered in own_words() or lowered in _most_frequent()
    return lowered in storable_words()


def is_first_name(word: str) -> bool:
    """A first name that is not also an ordinary word or one of the assistant's own words."""
    lowered = word.lower()
    return (
        lowered in first_names()
        and lowered not in dictionary_words()
        and lowered not in own_words()
        and not is_word_form(lowered)
    )


def is_surname(word: str) -> bool:
    lowered = word.lower()
    return lowered in surnames() or (lowered in first_names() and lowered not in own_words())


def is_ordinary(word: str) -> bool:
    """An ordinary word: in the dictionary, or one of the assistant's own words."""
    lowered = word.lower()
    return lowered in dictionary_words() or lowered in own_words()


_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
    ("in", ""),
    ("in", "e"),
)
"""Regular endings of English words and what the stem ends with without them: "marks",
"shouts", "dies", "stopped", "screamin" (the g dropped), "minimises"."""
_SIBILANT = re.compile(r"(?:s|x|z|ch|sh|o)$")
MIN_STEM = 3
"""A stem this short ("fr" of "fred") is no word to lean on."""
DROPPED_G_ZIPF = 3.0
"""How frequent (wordfreq's Zipf scale) the full "-ing" word must be for an "-in" word to be
read as it with the g dropped ("screamin", "comin"), not a name that ends so ("dustin" is not
"dusting", which is rarer)."""
MIN_MISSPELT = 6
"""Words this long or longer, one slip away from a frequent word, are read as that word
misspelt ("explaned", "colapsed"): shorter ones are as often names ("leah", "lead")."""
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def zipf(word: str) -> float:
    """How frequent the word is in English (Zipf scale: 7 "the", 3 rare)."""
    return _zipf(word.lower())


def _is_ordinary_stem(stem: str) -> bool:
    """A dictionary word, or a frequent word that is not a first name."""
    return len(stem) >= MIN_STEM and (
        stem in dictionary_words() or (stem in frequent_words() and stem not in first_names())
    )


def stems(lowered: str) -> Iterator[str]:
    """The stems of a lower-case word under each regular ending it has, with a doubled
    consonant undone ("stopped", "slurring")."""
    for ending, restored in _SUFFIXES:
        if not lowered.endswith(ending) or lowered.endswith("ss"):
            continue
        stem = lowered[: -len(ending)]
        if ending == "es" and not _SIBILANT.search(stem):
            continue
        if ending == "in" and _zipf(lowered + "g") < DROPPED_G_ZIPF:
            continue
        yield stem + restored
        if len(stem) > MIN_STEM and stem[-1] == stem[-2] and not restored:
            yield stem[:-1]


@lru_cache(maxsize=1)
def _frequent_plain_words() -> frozenset[str]:
    """The frequent English words that are not first names, written without apostrophes
    ("doesnt"): what a slip of the keyboard is measured against."""
    given = first_names()
    return frozenset(
        word.replace("'", "") for word in frequent_words() if word.replace("'", "") not in given
    )


def _one_slip_away(lowered: str) -> Iterator[str]:
    """Every string one deletion, swap of neighbours, substitution or insertion away."""
    splits = [(lowered[:i], lowered[i:]) for i in range(len(lowered) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]
            yield from (left + letter + right[1:] for letter in _ALPHABET)
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]
        yield from (left + letter + right for letter in _ALPHABET)


def is_word_form(word: str) -> bool:
    """An ordinary English word under a regular ending ("marks", "shouts", "dies") or, not
    being a first name, misspelt by one slip ("explaned", "screamin", "dosnt"): the word
    lists hold its plain form only, and a name detector reading the lists alone took "no marks
    or injuries" for a name (set R). A name that is also such a form ("Miles") is still found
    with a capital or a cue."""
    lowered = word.lower().replace("'", "").replace("\u2019", "")
    if any(_is_ordinary_stem(stem) for stem in stems(lowered)):
        return True
    if len(lowered) < MIN_MISSPELT or lowered in first_names():
        return False
    plain = _frequent_plain_words()
    return any(candidate in plain for candidate in _one_slip_away(lowered))


_PHONE_NUMBER = re.compile(r"(?<!\d)0\d(?:[\s-]?\d){8,9}(?!\d)")


@lru_cache(maxsize=1)
def service_phone_numbers() -> frozenset[str]:
    """The digits of every phone number in knowledge/: services' and helplines' numbers,
    which a practitioner may quote without identifying anyone."""
    root = load_settings().knowledge_dir
    numbers: set[str] = set()
    for path in sorted(root.rglob("*.yml")):
        for found in _PHONE_NUMBER.findall(path.read_text(encoding="utf-8")):
            numbers.add(re.sub(r"\D", "", found))
    return frozenset(numbers)
