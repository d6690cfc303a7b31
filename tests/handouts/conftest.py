"""Handouts built from a loaded knowledge base: the real one (loaded once per session, read
only) and the small fixture set (a private copy per test, which a test may change)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.handouts.content import Handouts
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import PROJECT_ROOT, Settings
from tests.live_workshop.conftest import clock, started, store, workshops

__all__ = ["clock", "started", "store", "workshops"]
"""The live workshop's fixtures, for the handouts that show a session's results."""


def loaded(settings: Settings, environ: dict[str, str] | None = None) -> Handouts:
    load_knowledge(settings, environ=environ or {})
    return Handouts(KnowledgeStore.from_settings(settings))


@pytest.fixture(scope="session")
def real_handouts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Handouts]:
    folder: Path = tmp_path_factory.mktemp("handouts-real")
    handouts = loaded(
        Settings(f"sqlite:///{folder / 'knowledge.db'}", PROJECT_ROOT / "knowledge", None)
    )
    yield handouts
    handouts.store.engine.dispose()


@pytest.fixture
def fixture_handouts(fixture_settings: Settings) -> Iterator[Handouts]:
    handouts = loaded(fixture_settings)
    yield handouts
    handouts.store.engine.dispose()
