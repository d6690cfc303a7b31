"""Reads what the NLU pipeline found in a message: which key message, case or audit it is about."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.knowledge.models import Case, Source, Theme
from bot.names import KEY_MESSAGE_SLOT, LEARNING_INTENT, THEME_ENTITY, key_message_of

ANSWER_THRESHOLD = 0.2
"""Below this response-selector confidence the assistant offers candidates instead.

Set from the own evaluation set: at 0.2, 97% of topic questions are answered and 99% of
those correctly; the selector spreads probability over 26 key messages, so 0.2 is a clear lead.
"""
CANDIDATES = 3
_WORD = re.compile(r"[a-z0-9]+")
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_NUMBER = r"(\d+|" + "|".join(_NUMBER_WORDS) + ")"
_CASE_THEN_NUMBER = re.compile(rf"\bcase\s*(?:no\.?\s*|number\s*)?{_NUMBER}\b", re.IGNORECASE)
_NUMBER_THEN_CASE = re.compile(rf"(?<![/\-\u2013])\b{_NUMBER}\s+case\b", re.IGNORECASE)
"""A case's number after the word ("case 2", "case no. 3") or before it ("the third case");
a number closing an audit's years is not one: "MH audit 2019/20 case 1" is case 1, not 20."""
_STOPWORDS = frozenset(
    "a an and audit audits case cases children for in issues of on the to with young people"
    # "Special Educational Needs": "I need a handout" names no audit
    " need needs".split()
)


@dataclass(frozen=True)
class Ranked:
    key_message_id: str
    confidence: float


def entity_value(parse_data: Mapping[str, Any], entity: str) -> str | None:
    for found in parse_data.get("entities") or []:
        if found.get("entity") == entity and isinstance(found.get("value"), str):
            return found["value"]
    return None


def requested_key_message(parse_data: Mapping[str, Any]) -> str | None:
    """The key message a button asked for."""
    return entity_value(parse_data, KEY_MESSAGE_SLOT)


def requested_theme(parse_data: Mapping[str, Any]) -> str | None:
    return entity_value(parse_data, THEME_ENTITY)


def key_message_ranking(parse_data: Mapping[str, Any]) -> list[Ranked]:
    """The response selector's ranking of key messages, best first."""
    selector = (parse_data.get("response_selector") or {}).get(LEARNING_INTENT) or {}
    ranking = []
    for entry in selector.get("ranking") or []:
        key_message_id = key_message_of(entry.get("intent_response_key") or "")
        if key_message_id is not None:
            ranking.append(Ranked(key_message_id, float(entry.get("confidence") or 0.0)))
    return sorted(ranking, key=lambda ranked: ranked.confidence, reverse=True)


def selector_confidence(parse_data: Mapping[str, Any], key_message_id: str) -> float:
    """How sure the response selector was of this key message (0 when it did not rank it)."""
    return next(
        (
            r.confidence
            for r in key_message_ranking(parse_data)
            if r.key_message_id == key_message_id
        ),
        0.0,
    )


OFFER_FLOOR = 0.1
"""When nothing was clear, an intent the classifier gave at least this much is offered as a
button beside the closest key messages ("the plan is going nowhere" may well be a request for
the escalation route)."""


def likely_intent(parse_data: Mapping[str, Any], intent: str) -> bool:
    return any(
        entry.get("name") == intent and float(entry.get("confidence") or 0.0) >= OFFER_FLOOR
        for entry in parse_data.get("intent_ranking") or []
    )


CLEAR_THRESHOLD = 0.5
"""When the intent classifier hesitates but the key message is this clear, answer anyway."""


def is_confident(ranking: Sequence[Ranked]) -> bool:
    return bool(ranking) and ranking[0].confidence >= ANSWER_THRESHOLD


def is_clear(ranking: Sequence[Ranked]) -> bool:
    return bool(ranking) and ranking[0].confidence >= CLEAR_THRESHOLD


def _words(text: str) -> set[str]:
    """Lower-case words, with possessives reduced ("deshawn's", "deshawns" -> "deshawn")."""
    words = set(_WORD.findall(text.lower().replace("'s", "").replace("\u2019s", "")))
    return words | {word[:-1] for word in words if word.endswith("s") and len(word) > 3}


def _source_words(source: Source) -> set[str]:
    """The words that can name an audit: its short title, theme and aliases. Not its full
    title's other words, which name the partnership's way of auditing and its borough
    ("Multi-Agency Case Audits - Hackney"), shared by every audit it runs: "a multi-agency
    meeting on a CIN case" names no audit."""
    names = (source.short_title, source.theme, *source.aliases)
    return _words(" ".join(names)) - _STOPWORDS


def without_source_words(text: str, source: Source) -> str:
    """The message without the words that name this audit ("police in the MH audit" ->
    "police in the"): what it asks of the audit, not the audit's own name and theme."""
    names = _source_words(source) | {"audit", "audits"}
    return " ".join(
        word for word in re.split(r"\s+", text) if not _words(word) or not _words(word) <= names
    )


def case_number(text: str) -> int | None:
    """The number a message gives a case ("case 2", "the third case"), if any."""
    match = _CASE_THEN_NUMBER.search(text) or _NUMBER_THEN_CASE.search(text)
    if match is None:
        return None
    token = match.group(1).lower()
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


def _source_names(source: Source) -> set[str]:
    """The words people call the audit by: its short title and aliases."""
    return _words(" ".join((source.short_title, *source.aliases))) - _STOPWORDS


_AUDIT_YEARS = re.compile(r"\b(?:\d{2}|\d{4})\s*[/-]\s*\d{2}\b")
"""An audit's years ("2019/20", "16-17"): only then do two digits name an audit."""


_NOT_THIS_AUDIT = re.compile(
    r"\b(?:not|rather\s+than|instead\s+of)\s+(?:the\s+|from\s+)?"
    r"(?:(?!(?:in|on|about|for|of|at|by|with)\b)[\w/-]+\s+){0,3}?(?:audit|one|report|review)s?\b"
    r"|\b(?:not|rather\s+than|instead\s+of)\s+(?:the\s+)?[\w/-]+(?:\s+[\w/-]+)?\s*(?=[,.;!?)]|$)",
    re.IGNORECASE,
)
"""An audit named only to be set aside: "the SEND audit not mental health one", "SEND,
not MH", "rather than the 2019 report"."""


def without_audit_set_aside(text: str) -> str:
    """The message without an audit it names only to set aside ("not mental health one")."""
    return _NOT_THIS_AUDIT.sub(" ", text)


def mentioned_source(text: str, sources: Sequence[Source]) -> Source | None:
    """The audit a message names, by words of its title, theme or aliases no other audit has;
    the words of its short title and aliases count first, so "a multi-agency session on the
    SEND audit" is the SEND audit even if another audit's full title says multi-agency. An
    audit named only to be set aside ("I meant SEND, not the mental health one") is not it."""
    words = _words(without_audit_set_aside(text))
    if _AUDIT_YEARS.search(text) is None:
        # "a quiz for a group of 20": a count, not the 2019/20 audit
        words = {word for word in words if not (word.isdigit() and len(word) < len("2019"))}
    vocabularies = [_source_words(source) for source in sources]
    scores: list[tuple[tuple[int, int], Source]] = []
    for index, source in enumerate(sources):
        others = set().union(*(v for i, v in enumerate(vocabularies) if i != index))
        own = words & (vocabularies[index] - others)
        scores.append(((len(own & _source_names(source)), len(own)), source))
    scores.sort(key=lambda pair: pair[0], reverse=True)
    if not scores or scores[0][0][1] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


def mentioned_case(
    text: str, cases: Sequence[Case], sources: Sequence[Source], audit_in_context: str | None = None
) -> Case | None:
    """A case named by its pseudonym, or by number when the audit is clear from the message
    or, failing that, from the conversation."""
    words = _words(text)
    for case in cases:
        if case.name and case.name.lower() in words:
            return case
    number = case_number(text)
    if number is None:
        return None
    numbered = [case for case in cases if case.number == number]
    if len(numbered) == 1:
        return numbered[0]
    source = mentioned_source(text, sources)
    source_id = source.id if source else audit_in_context
    return next((case for case in numbered if source_id and case.source_id == source_id), None)


_SUFFIXES = ("ings", "ing", "ers", "er", "ions", "ion", "es", "ed", "s")
_TOPIC_STOPWORDS = frozenset(
    """a an and any are about audit audits best can case cases do does example examples for
    found from give good have how i in is it me of on or practice practise show some
    tell that the there to was what where which with you your please""".split()
)
MIN_STEM = 4


def stem(word: str) -> str:
    """A crude stem so "interpreters" meets "interpreting", "carers" meets "carer" and
    "chronologies" meets "chronology"."""
    if word.endswith("ies") and len(word) > 5:
        return f"{word[:-3]}y"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def topic_stems(text: str, glossary: Mapping[str, Sequence[str]] | None = None) -> set[str]:
    """The stems of the words a question is about, with glossary abbreviations spelt out."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _TOPIC_STOPWORDS]
    expanded = list(words)
    for word in words:
        for form in (glossary or {}).get(word, ()):
            expanded += _WORD.findall(form.lower())
    return {stem(w) for w in expanded if len(w) > 2 and w not in _TOPIC_STOPWORDS}


def strengths_about(
    text: str,
    cases: Sequence[Case],
    glossary: Mapping[str, Sequence[str]] | None = None,
    near: Mapping[str, float] | None = None,
) -> list[tuple[Case, str]]:
    """The case strengths that share the most topic words with the question, best first; or,
    when the best share less than half of the question's words and `near` (each strength's
    similarity to the question by meaning) has strengths clearly nearer than all of those
    (`_strengths_meant`), those: "good practice when a family needs everything interpreted" shares
    "families" and "who" with a line on foster carers, and means the one on an online
    interpreter."""
    wanted = topic_stems(text, glossary) - {stem(c.name.lower()) for c in cases if c.name}
    if not wanted:
        return []
    scored = []
    for case in cases:
        for position, strength in enumerate(case.strengths):
            score = len(wanted & topic_stems(strength))
            if score:
                scored.append((-score, position, case, strength))
    scored.sort(key=lambda item: (item[0], item[1]))
    top = scored[0][0] if scored else 0
    by_words = [(case, strength) for score, _p, case, strength in scored if score == top]
    if near and -2 * top < len(wanted):
        return _strengths_meant(by_words, cases, near) or by_words
    return by_words


GOOD_PRACTICE_SIMILARITY = 0.4
"""A strength is meant by a question from this cosine similarity (the online interpreting
service for a family needing an interpreter 0.50, for a parent with hardly any English
0.41). Of 27 good-practice questions on other themes (escalation, police, schools, GPs, young
carers, neglect, ...), this and the lead changed only the CAMHS one, to CAMHS's other strength."""
GOOD_PRACTICE_LEAD = 0.15
"""... when it is this much nearer than every strength found by less than half the question's
words (the foster carers line for a family needing an interpreter: 0.14 against 0.50). A
question whose word lines are near too keeps them ("good practice on engaging families")."""
GOOD_PRACTICE_BAND = 0.05
"""Strengths within this of the nearest are meant as much, and shown with it."""


def _strengths_meant(
    by_words: Sequence[tuple[Case, str]], cases: Sequence[Case], near: Mapping[str, float]
) -> list[tuple[Case, str]]:
    """The strengths nearest the question by meaning, when near enough and clearly nearer than
    all those found by words; else none."""
    meant = sorted(
        (
            (near[strength], position, case, strength)
            for case in cases
            for position, strength in enumerate(case.strengths)
            if near.get(strength, 0.0) >= GOOD_PRACTICE_SIMILARITY
        ),
        key=lambda item: (-item[0], item[1]),
    )
    worded = max((near.get(strength, 0.0) for _case, strength in by_words), default=0.0)
    if not meant or meant[0][0] - worded < GOOD_PRACTICE_LEAD:
        return []
    return [
        (case, strength)
        for similarity, _p, case, strength in meant
        if similarity >= meant[0][0] - GOOD_PRACTICE_BAND
    ]


TOPIC_LEAD = 1.5
"""How far the best key message's word score must lead the next one's to be named the topic."""


def named_topic(
    text: str,
    messages: Mapping[str, Sequence[str]],
    glossary: Mapping[str, Sequence[str]] | None = None,
    request_words: Collection[str] = (),
    titled: bool = False,
) -> str | None:
    """The key message a short topic phrase names ("a quiz question on was not brought"), by
    the words it shares with each key message's title and example questions, rarer words
    counting for more; None unless one leads clearly. For requests whose own words (quiz,
    handout: `request_words`, left out) dilute what the response selector sees. `titled`:
    each one's first line is its title, whose words count twice."""
    wanted = topic_stems(text, glossary) - {stem(word) for word in request_words}
    vocabularies = {
        key: set().union(*(topic_stems(line) for line in lines)) for key, lines in messages.items()
    }
    # a word of the title itself counts twice: "young carers" names "Consideration of Young
    # Carers" more surely than any example question's words do
    titles = {
        key: topic_stems(lines[0]) if titled and lines else set() for key, lines in messages.items()
    }
    spread = {word: sum(word in v for v in vocabularies.values()) for word in wanted}
    weight = {word: math.log(len(messages) / count) for word, count in spread.items() if count}
    scores = sorted(
        (
            (
                sum(weight.get(word, 0.0) for word in wanted & words)
                + sum(weight.get(word, 0.0) for word in wanted & titles[key]),
                key,
            )
            for key, words in vocabularies.items()
        ),
        reverse=True,
    )
    if not scores or scores[0][0] <= 0:
        return None
    if len(scores) > 1 and scores[0][0] < TOPIC_LEAD * scores[1][0]:
        # no clear lead: "wider family" names "Wider family" whole, and "Wider family: lived
        # experience of siblings" only in part, so the one whose whole title it says
        close = [key for score, key in scores if score * TOPIC_LEAD > scores[0][0]]
        whole = [key for key in close if titles[key] and titles[key] <= wanted]
        return whole[0] if len(whole) == 1 else None
    return scores[0][1]


def theme_named_whole(text: str, themes: Sequence[Theme]) -> Theme | None:
    """The theme whose every title topic word the message says ("voice of the child"), the
    one with the most such words when several do."""
    wanted = topic_stems(text)
    named = [
        (len(stems), theme)
        for theme in themes
        if (stems := topic_stems(theme.title)) and stems <= wanted
    ]
    return max(named, key=lambda pair: pair[0])[1] if named else None


def mentioned_theme(text: str, themes: Sequence[Theme]) -> Theme | None:
    """The theme a message names: every topic word of its title is in the message (the one
    with the most such words when several are); else the one theme whose title's first word
    it names ("escalation learning" is "Escalation and multi-agency working")."""
    whole = theme_named_whole(text, themes)
    if whole is not None:
        return whole
    wanted = topic_stems(text)
    headed = [theme for theme in themes if topic_stems(theme.title.split()[0]) & wanted]
    return headed[0] if len(headed) == 1 else None
