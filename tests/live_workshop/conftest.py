"""A workshop database with the fixture knowledge loaded, and a clock the tests move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.live_workshop.plan import build_plan
from bot.live_workshop.service import Workshops
from bot.settings import Settings

START = datetime(2026, 11, 26, 9, 0)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(fixture_settings: Settings) -> KnowledgeStore:
    load_knowledge(fixture_settings, environ={})
    return KnowledgeStore.from_settings(fixture_settings)


@pytest.fixture
def workshops(store: KnowledgeStore, clock: Clock) -> Workshops:
    return Workshops(store.engine, clock=clock, code_hours=4)


@pytest.fixture
def started(store: KnowledgeStore, workshops: Workshops) -> int:
    """A session on Adam's case with one quiz question; its id."""
    with store.session() as session:
        source, title, steps = build_plan(
            store, session, "send-adam", ["quiz-disguised-compliance"]
        )
    return workshops.start(source, "send-adam", title, steps, team_mode=False).id
