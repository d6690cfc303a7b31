"""One engine per process and database: every page, channel and action that reads the
assistant's database shares `bot.db.shared_engine` (structure review 1a, "Getting the
database": the Rasa process used to open four engines on one database, each running
`prepare`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.engine import Engine

import bot.db
from actions import common
from actions import live_workshop as workshop_actions
from bot.db import shared_engine
from bot.handouts.routes import HandoutsInput
from bot.insights.routes import InsightsInput
from bot.knowledge.store import load_knowledge
from bot.live_workshop.followers import stored_followers
from bot.live_workshop.routes import WorkshopInput
from bot.live_workshop.service import stored_workshops
from bot.settings import ENV_DATABASE_URL, Settings
from bot.web import trainer as auth


@pytest.fixture
def opened(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Engine]]:
    """Every engine made while the test runs, on a database of the test's own."""
    load_knowledge(settings, environ={})
    monkeypatch.setenv(ENV_DATABASE_URL, settings.database_url)
    made: list[Engine] = []
    make_engine = bot.db.make_engine

    def counted(database_url: str) -> Engine:
        made.append(make_engine(database_url))
        return made[-1]

    monkeypatch.setattr(bot.db, "make_engine", counted)
    cached = (
        auth.shared_auth,
        stored_followers,
        workshop_actions.workshops,
        workshop_actions.join_guard,
    )
    for function in cached:
        function.cache_clear()
    yield made
    for function in cached:
        function.cache_clear()


def test_the_channels_pages_and_actions_share_one_engine(
    opened: list[Engine], settings: Settings
) -> None:
    # What Rasa does with credentials.yml: each channel built from its (empty) credentials.
    workshops_page = WorkshopInput.from_credentials(None)
    handouts_page = HandoutsInput.from_credentials(None)
    insights_page = InsightsInput.from_credentials(None)
    today = date(2026, 12, 5)
    assert insights_page.report(today, today).questions == 0  # read through the shared store
    engines = {
        "actions.common.store": common.store().engine,
        "live workshop page's store": workshops_page.store().engine,
        "live workshop page's workshops": workshops_page.workshops().engine,
        "handouts page": handouts_page.handouts().store.engine,
        "stored_workshops (handouts' results, open questions)": stored_workshops().engine,
        "followers": stored_followers().workshops.engine,
        "trainer sign-in": auth.shared_auth().engine,
        "the chat's join action": workshop_actions.workshops().engine,
        "the chat's wrong-code guard": workshop_actions.join_guard().throttle.engine,
    }
    assert len(opened) == 1, f"{len(opened)} engines opened on one database"
    (engine,) = opened
    assert str(engine.url) == settings.database_url
    assert {name: which is engine for name, which in engines.items()} == dict.fromkeys(
        engines, True
    )
    assert shared_engine(settings.database_url) is engine


def test_each_database_gets_an_engine_of_its_own(
    opened: list[Engine], settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> None:
    other = f"sqlite:///{tmp_path_factory.mktemp('other') / 'other.db'}"
    assert shared_engine(other) is not shared_engine(settings.database_url)
    assert shared_engine(other) is shared_engine(other)
    assert [str(engine.url) for engine in opened] == [other, settings.database_url]
