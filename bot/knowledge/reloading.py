"""Values a running server derives from the knowledge database (the escalation guide, the
glossary), rebuilt after `make knowledge` loads new content, so edits are served without a
restart. Everything else is read from the database per question and is always current."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from bot.knowledge.store import KnowledgeStore

T = TypeVar("T")


class FollowsLoads(Generic[T]):
    """Built on first use, and again whenever the load count (or the database) has changed."""

    def __init__(self, build: Callable[[KnowledgeStore], T]) -> None:
        self._build = build
        self._built: tuple[tuple[str, int], T] | None = None

    def get(self, store: KnowledgeStore) -> T:
        version = (str(store.engine.url), store.generation())
        if self._built is None or self._built[0] != version:
            self._built = (version, self._build(store))
        return self._built[1]
