"""A knowledge store loaded once per test module from the small fixture knowledge set, for
dialogue logic that reads it and never writes."""

from __future__ import annotations

import pytest

from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings
from tests.support import KNOWLEDGE_FIXTURE


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeStore:
    folder = tmp_path_factory.mktemp("fixture-store")
    settings = Settings(
        database_url=f"sqlite:///{folder / 'knowledge.db'}",
        knowledge_dir=KNOWLEDGE_FIXTURE,
        links_file=None,
    )
    load_knowledge(settings, environ={})
    return KnowledgeStore.from_settings(settings)
