"""Conversations are kept RPA_RETENTION_DAYS after their last message, then deleted whole: by
the command, and by the tracker store itself while it runs; on SQLite and on PostgreSQL.
Feedback and usage events are not the conversation store's to delete."""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import bot.settings
from bot.insights.events import Event, EventKind, UsageEvent, record
from bot.knowledge.models import Feedback
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.safeguards.tracker_store import (
    PURGE_LOCK_KEY,
    Purged,
    RedactingTrackerStore,
    purge_conversations,
)
from bot.settings import Settings, conversation_retention_days
from bot.tooling import retention
from bot.tooling.cluster import CONVERSATIONS_DB
from tests.cluster.support import databases
from tests.support import KNOWLEDGE_FIXTURE

DAY = 86400.0
NOW = time.time()


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with databases("rpa-test-retention-") as cluster:
        yield cluster.database_url(CONVERSATIONS_DB)


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty conversation store on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'conversations.db'}"
    url: str = request.getfixturevalue("postgres_url")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS events"))
    engine.dispose()
    return url


def store_at(url: str, **options: object) -> RedactingTrackerStore:
    """Made the way Rasa makes it from endpoints-cluster.yml (`url:`)."""
    created = TrackerStore.create(
        EndpointConfig(url, type="bot.safeguards.tracker_store.RedactingTrackerStore", **options),
        Domain.empty(),
    )
    assert isinstance(created, RedactingTrackerStore)
    return created


def conversation(sender: str, *days_ago: float) -> DialogueStateTracker:
    """One turn per entry, that many days ago; a new session before each turn after the first."""
    events = []
    for number, age in enumerate(days_ago):
        moment = NOW - age * DAY
        if number:
            events += [ActionExecuted("action_session_start", timestamp=moment)]
            events += [SessionStarted(timestamp=moment)]
        events += [
            ActionExecuted("action_listen", timestamp=moment),
            UserUttered("how do I escalate", intent={"name": "escalate"}, timestamp=moment),
            BotUttered("Who to go to, in order:", timestamp=moment),
        ]
    return DialogueStateTracker.from_events(sender, events)


def stored_events(store: RedactingTrackerStore) -> dict[str, int]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT sender_id, count(*) FROM events GROUP BY sender_id")
        )
        return dict(rows.fetchall())


def test_conversations_past_retention_are_deleted_whole(tracker_url: str) -> None:
    store = store_at(tracker_url)
    for tracker in (
        conversation("old", 45, 40),
        conversation("ongoing", 60, 1),
        conversation("recent", 0),
    ):
        asyncio.run(store.save(tracker))
    before = stored_events(store)
    purged = purge_conversations(store.engine, 30)
    assert purged == Purged(conversations=1, events=before["old"])
    assert stored_events(store) == {"ongoing": before["ongoing"], "recent": before["recent"]}
    store.engine.dispose()


def test_a_second_purge_at_the_same_moment_on_postgresql_says_it_skipped(postgres_url: str) -> None:
    store = store_at(postgres_url)
    asyncio.run(store.save(conversation("old-too", 45)))
    holder = sa.create_engine(postgres_url)
    with holder.begin() as other_instance:
        other_instance.execute(
            sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PURGE_LOCK_KEY}
        )
        assert purge_conversations(store.engine, 30) == Purged(0, 0, skipped=True)
    assert purge_conversations(store.engine, 30).conversations == 1
    holder.dispose()
    store.engine.dispose()


def test_the_last_message_decides(tracker_url: str) -> None:
    store = store_at(tracker_url)
    asyncio.run(store.save(conversation("month", 30)))
    assert purge_conversations(store.engine, 30, now=NOW - 60) == Purged(0, 0)
    assert purge_conversations(store.engine, 30, now=NOW + 60).conversations == 1
    assert stored_events(store) == {}
    store.engine.dispose()


def test_a_running_store_purges_on_its_own(tracker_url: str) -> None:
    async def running() -> dict[str, int]:
        # Under `rasa run` the store is made in the running event loop, and purges from then on.
        store = store_at(tracker_url, retention_days=30, purge_interval_seconds=0.2)
        await store.save(conversation("old", 31))
        await store.save(conversation("recent", 0))
        saved = stored_events(store)
        await asyncio.sleep(1.0)
        assert saved.keys() == {"old", "recent"}
        return stored_events(store)

    assert asyncio.run(running()).keys() == {"recent"}


def test_feedback_and_usage_events_are_kept(tmp_path: Path) -> None:
    """Even in one database with the conversations, only conversations are purged."""
    url = f"sqlite:///{tmp_path / 'everything.db'}"
    settings = Settings(url, KNOWLEDGE_FIXTURE, None)
    load_knowledge(settings, environ={})
    knowledge = KnowledgeStore.from_settings(settings)
    knowledge.record_feedback("any-key-message", helpful=True)
    long_ago = datetime.fromtimestamp(NOW - 90 * DAY, timezone.utc)
    record(knowledge, Event(EventKind.UNANSWERED, text="old question"), now=long_ago)
    store = store_at(url)
    asyncio.run(store.save(conversation("old", 90)))
    assert purge_conversations(store.engine, 30).conversations == 1
    with knowledge.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 1
        assert session.scalar(sa.select(sa.func.count()).select_from(UsageEvent)) == 1
    store.engine.dispose()
    knowledge.engine.dispose()


def test_retention_days_come_from_the_environment() -> None:
    assert conversation_retention_days({}) == 30
    assert conversation_retention_days({"RPA_RETENTION_DAYS": "7"}) == 7
    for wrong in ("0", "-3", "a week"):
        with pytest.raises(ValueError, match="RPA_RETENTION_DAYS"):
            conversation_retention_days({"RPA_RETENTION_DAYS": wrong})


def command(*arguments: str) -> int:
    parser = argparse.ArgumentParser()
    retention.add_arguments(parser)
    return retention.run(parser.parse_args(arguments))


def test_the_command_purges_the_configured_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    store = store_at(url)
    asyncio.run(store.save(conversation("old", 40)))
    asyncio.run(store.save(conversation("recent", 1)))
    assert command("purge", "--tracker-url", url) == 0
    assert "deleted 1 conversation(s)" in capsys.readouterr().out
    assert stored_events(store).keys() == {"recent"}
    assert command("purge", "--tracker-url", url, "--days", "0") == 1
    missing = tmp_path / "never-run.db"
    assert command("purge", "--tracker-url", f"sqlite:///{missing}") == 0
    assert "no conversations stored" in capsys.readouterr().out
    assert not missing.exists()
    store.engine.dispose()


def test_the_command_finds_the_store_as_the_servers_do() -> None:
    cluster = "postgresql://rpa@127.0.0.1:5433/rpa_conversations"
    assert bot.settings.tracker_url({"RPA_TRACKER_URL": cluster}) == cluster
    assert bot.settings.tracker_url({"RPA_TRACKER_DB": "/tmp/c.db"}) == "sqlite:////tmp/c.db"
    assert bot.settings.tracker_url({}).endswith("var/conversations.db")
