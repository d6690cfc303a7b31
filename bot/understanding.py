"""Reads what the NLU pipeline found in a message: which key message, case or audit it is about."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from bot.models import Case, Source
from bot.names import KEY_MESSAGE_SLOT, LEARNING_INTENT, THEME_ENTITY

ANSWER_THRESHOLD = 0.2
"""Below this response-selector confidence the assistant offers candidates instead.

Set from the own evaluation set: at 0.2, 97% of topic questions are answered and 99% of
those correctly; the selector spreads probability over 26 key messages, so 0.2 is a clear lead.
"""
CANDIDATES = 3
_WORD = re.compile(r"[a-z0-9]+")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}
_NUMBER = r"(\d+|" + "|".join(_NUMBER_WORDS) + ")"
_CASE_NUMBER = re.compile(
    rf"\bcase\s*(?:no\.?\s*|number\s*)?{_NUMBER}\b|\b{_NUMBER}\s+case\b", re.IGNORECASE
)
_STOPWORDS = frozenset(
    "a an and audit audits case cases children for in issues of on the to with young people".split()
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
        key = entry.get("intent_response_key") or ""
        prefix = f"{LEARNING_INTENT}/"
        if key.startswith(prefix):
            ranking.append(Ranked(key[len(prefix):], float(entry.get("confidence") or 0.0)))
    return sorted(ranking, key=lambda ranked: ranked.confidence, reverse=True)


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
    names = (source.short_title, source.title, source.theme, *source.aliases)
    return _words(" ".join(names)) - _STOPWORDS


def _case_number(text: str) -> int | None:
    match = _CASE_NUMBER.search(text)
    if match is None:
        return None
    token = (match.group(1) or match.group(2)).lower()
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


def mentioned_source(text: str, sources: Sequence[Source]) -> Source | None:
    """The audit a message names, by words of its title, theme or aliases no other audit has."""
    words = _words(text)
    vocabularies = [_source_words(source) for source in sources]
    scores = []
    for index, source in enumerate(sources):
        others = set().union(*(v for i, v in enumerate(vocabularies) if i != index))
        scores.append((len(words & (vocabularies[index] - others)), source))
    scores.sort(key=lambda pair: pair[0], reverse=True)
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


def mentioned_case(text: str, cases: Sequence[Case], sources: Sequence[Source]) -> Case | None:
    """A case named by its pseudonym, or by number when the audit is clear."""
    words = _words(text)
    for case in cases:
        if case.name and case.name.lower() in words:
            return case
    number = _case_number(text)
    if number is None:
        return None
    numbered = [case for case in cases if case.number == number]
    if len(numbered) == 1:
        return numbered[0]
    source = mentioned_source(text, sources)
    return next((case for case in numbered if source and case.source_id == source.id), None)
