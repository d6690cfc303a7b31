"""The sentence vectors the actions weigh a typed message by: the message's own (carried by
the NLU pipeline, or encoded once per turn), the case lines' (bot/dialogue/case_practice.py),
shared by the practice answers (actions/learning.py) and the cases (actions/cases.py), the
phrases a case is remembered by (bot/dialogue/case_recall.py), and every line of each case a
detail told in other words is matched against (bot/dialogue/case_meaning.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.dialogue.case_meaning import CaseMeaning
from bot.dialogue.case_practice import CaseLineFinder, load_taught_case_lines, practice_lines
from bot.dialogue.case_recall import CaseRecall
from bot.dialogue.retrieval import ENCODED_DIR
from bot.encoder import FloatArray, cached_encode, shared_encoder, vector_from
from bot.knowledge.reloading import FollowsLoads
from bot.knowledge.store import KnowledgeStore
from bot.one_request import once_per_request


def _build_case_lines(loaded: KnowledgeStore) -> CaseLineFinder:
    with loaded.session() as session:
        lines = practice_lines(loaded.cases(session))
    return CaseLineFinder(
        lines, lambda texts: cached_encode(texts, ENCODED_DIR), load_taught_case_lines()
    )


CASE_LINES = FollowsLoads(_build_case_lines)


def _build_case_recall(loaded: KnowledgeStore) -> CaseRecall:
    with loaded.session() as session:
        return CaseRecall(loaded.cases(session), lambda texts: cached_encode(texts, ENCODED_DIR))


CASE_RECALL = FollowsLoads(_build_case_recall)


def _build_case_meaning(loaded: KnowledgeStore) -> CaseMeaning:
    with loaded.session() as session:
        return CaseMeaning(loaded.cases(session), lambda texts: cached_encode(texts, ENCODED_DIR))


CASE_MEANING = FollowsLoads(_build_case_meaning)


def question_vector(parse_data: Mapping[str, Any], text: str) -> FloatArray:
    """The NLU pipeline's vector of the text, or the text encoded once (the key messages'
    ranking and the case lines both weigh it in the same turn)."""
    carried = vector_from(parse_data, text)
    if carried is not None:
        return carried
    return once_per_request(("vector", text), lambda: shared_encoder().encode([text])[0])
