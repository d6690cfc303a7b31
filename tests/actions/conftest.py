"""Every action test reads a freshly loaded knowledge database of its own."""

from __future__ import annotations

import pytest

from actions import common
from bot.knowledge.store import KnowledgeStore
from bot.settings import ENV_DATABASE_URL, Settings
from tests.support import LoadedKnowledge


@pytest.fixture(autouse=True)
def loaded_store(
    settings: Settings, loaded_knowledge: LoadedKnowledge, monkeypatch: pytest.MonkeyPatch
) -> KnowledgeStore:
    loaded_knowledge.copy_to(settings)
    monkeypatch.setenv(ENV_DATABASE_URL, settings.database_url)
    return common.store()
