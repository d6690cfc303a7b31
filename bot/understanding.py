"""Reads what the NLU pipeline found in a message: which key message, case or audit it is about."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from bot.models import Case, Source
from bot.names import KEY_MESSAGE_SLOT, LEARNING_INTENT, THEME_ENTITY

ANSWER_THRESHOLD = 0.5
"""Below this response-selector confidence the assistant offers candidates instead."""
CANDIDATES = 3
_WORD = re.compile(r"[a-z0-9]+")
_CASE_NUMBER = re.compile(r"\bcase\s*(\d+)\b", re.IGNORECASE)
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


def is_confident(ranking: Sequence[Ranked]) -> bool:
    return bool(ranking) and ranking[0].confidence >= ANSWER_THRESHOLD


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _source_words(source: Source) -> set[str]:
    return _words(" ".join((source.short_title, source.title, source.theme))) - _STOPWORDS


def mentioned_source(text: str, sources: Sequence[Source]) -> Source | None:
    """The audit a message names, by the distinctive words of its title, theme or year."""
    words = _words(text)
    scored = sorted(
        ((len(words & _source_words(source)), source) for source in sources),
        key=lambda pair: pair[0],
        reverse=True,
    )
    if not scored or scored[0][0] == 0:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def mentioned_case(text: str, cases: Sequence[Case], sources: Sequence[Source]) -> Case | None:
    """A case named by its pseudonym, or by number when the audit is clear."""
    words = _words(text)
    for case in cases:
        if case.name and case.name.lower() in words:
            return case
    number = _CASE_NUMBER.search(text)
    if number is None:
        return None
    numbered = [case for case in cases if case.number == int(number.group(1))]
    if len(numbered) == 1:
        return numbered[0]
    source = mentioned_source(text, sources)
    return next((case for case in numbered if source and case.source_id == source.id), None)
