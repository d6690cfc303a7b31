"""The knowledge database as a command uses it: opened for the command, its connections
closed when the command is done with it (a command is not a server: nothing reuses them)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bot.knowledge.store import KnowledgeStore


@contextmanager
def knowledge_store() -> Iterator[KnowledgeStore]:
    store = KnowledgeStore.from_settings()
    try:
        yield store
    finally:
        store.engine.dispose()
