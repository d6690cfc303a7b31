"""Every action test reads a freshly loaded knowledge database of its own."""

from __future__ import annotations

import pytest

from actions import common
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import ENV_DATABASE_URL, Settings


@pytest.fixture(autouse=True)
def loaded_store(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> KnowledgeStore:
    load_knowledge(settings, environ={})
    monkeypatch.setenv(ENV_DATABASE_URL, settings.database_url)
    return common.store()
