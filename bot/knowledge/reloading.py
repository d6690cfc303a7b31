"""Values a running server derives from the knowledge database (the escalation guide, the
glossary), rebuilt after `make knowledge` loads new content, so edits are served without a
restart. The content answers cite is read once per load too (bot.knowledge.store.LoadedContent);
the rest is read from the database per question."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from bot.knowledge.store import KnowledgeStore

T = TypeVar("T")
_EVERY: list[FollowsLoads[Any]] = []


class FollowsLoads(Generic[T]):
    """Built on first use, and again whenever the load count (or the database) has changed;
    or at a server's start (build_all)."""

    def __init__(self, build: Callable[[KnowledgeStore], T]) -> None:
        self._build = build
        self._built: tuple[tuple[str, int], T] | None = None
        _EVERY.append(self)

    def get(self, store: KnowledgeStore) -> T:
        version = (str(store.engine.url), store.generation())
        if self._built is None or self._built[0] != version:
            self._built = (version, self._build(store))
        return self._built[1]


def build_all(store: KnowledgeStore) -> None:
    """Builds every value made so far (the action server's, once its actions are imported)
    before the first question, not in it: the first answer after a start built the ranker
    (the knowledge checked, the taught lines and BM25), the guide, the glossary and the terms,
    about 0.8 s of CPU (measured 2026-12-05) that the turns arriving meanwhile queued behind."""
    for value in _EVERY:
        value.get(store)
