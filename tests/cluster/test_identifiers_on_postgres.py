"""Nothing identifying reaches the cluster's PostgreSQL, or any file it writes: the labelled
messages go through the balancer and straight to each instance, then every text column of every
table of both databases, and every log, is searched for every identifier. The tracker store
writes exactly the same rows on PostgreSQL as on SQLite."""

from __future__ import annotations

import asyncio
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.safeguards.tracker_store import RedactingTrackerStore
from bot.tooling.cluster import CONVERSATIONS_DB, KNOWLEDGE_DB, Cluster
from bot.tooling.evaluation import ask
from tests.support import DATA

CONVERSATIONS = 6
TEXT_TYPES = ("text", "character varying", "json", "jsonb")
DOMAIN = Domain.from_yaml(
    "version: '3.1'\nslots:\n  child_name:\n    type: text\n    mappings: [{type: custom}]\n"
)


def labelled() -> list[dict[str, Any]]:
    cases = yaml.safe_load((DATA / "privacy_cases.yml").read_text(encoding="utf-8"))["cases"]
    return [case for case in cases if case["identifiers"]]


def text_columns(cluster: Cluster, database: str) -> str:
    """Every value of every text, varchar and JSON column of every table."""
    engine = sa.create_engine(cluster.database_url(database))
    try:
        with engine.connect() as connection:
            columns = connection.execute(
                sa.text(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND data_type IN :types"
                ).bindparams(sa.bindparam("types", expanding=True)),
                {"types": list(TEXT_TYPES)},
            ).fetchall()
            assert columns
            return "\n".join(
                str(value)
                for table, column in columns
                for (value,) in connection.execute(
                    sa.text(f'SELECT "{column}"::text FROM "{table}"')
                )
            )
    finally:
        engine.dispose()


def logs(folder: Path) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace") for path in folder.glob("*.log")
    )


def test_no_identifier_reaches_postgresql_or_a_log(cluster: Cluster) -> None:
    cases = labelled()
    urls = [cluster.config.balancer_url, *cluster.config.rasa_urls]
    senders = [uuid.uuid4().hex for _ in range(CONVERSATIONS)]

    def converse(index: int) -> None:
        for case in cases[index::CONVERSATIONS]:
            assert ask(urls[index % len(urls)], case["text"], sender=senders[index])

    with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        list(pool.map(converse, range(CONVERSATIONS)))
    written = "\n".join(
        [
            text_columns(cluster, CONVERSATIONS_DB),
            text_columns(cluster, KNOWLEDGE_DB),
            logs(cluster.config.log_dir),
        ]
    )
    assert all(sender in written for sender in senders)  # every conversation was written
    found = [
        identifier["text"]
        for case in cases
        for identifier in case["identifiers"]
        if re.search(rf"(?<!\w){re.escape(str(identifier['text']))}(?!\w)", written, re.IGNORECASE)
    ]
    assert found == []


def tracker_store(url: str) -> RedactingTrackerStore:
    created = TrackerStore.create(
        EndpointConfig(url, type="bot.safeguards.tracker_store.RedactingTrackerStore"), DOMAIN
    )
    assert isinstance(created, RedactingTrackerStore)
    return created


def rows(store: RedactingTrackerStore, sender: str) -> list[tuple[Any, ...]]:
    with store.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                sa.text(
                    "SELECT type_name, intent_name, action_name, timestamp, data FROM events "
                    "WHERE sender_id = :sender ORDER BY id"
                ),
                {"sender": sender},
            )
        ]


def test_the_tracker_store_writes_the_same_rows_on_postgresql_as_on_sqlite(
    cluster: Cluster, tmp_path: Path
) -> None:
    events = []
    for case in labelled():
        name = next((i["text"] for i in case["identifiers"] if i["kind"] == "name"), None)
        entities = [{"entity": "child_name", "value": name}] if name else []
        events += [
            ActionExecuted("action_listen", timestamp=1.0),
            UserUttered(case["text"], {"name": "ask_learning"}, entities, timestamp=1.0),
            SlotSet("child_name", name, timestamp=1.0),
            BotUttered(f"About {name}: please don't share names.", timestamp=1.0),
        ]
    sender = uuid.uuid4().hex
    tracker = DialogueStateTracker.from_events(sender, events, DOMAIN.slots)
    stores = [
        tracker_store(cluster.database_url(CONVERSATIONS_DB)),
        tracker_store(f"sqlite:///{tmp_path / 'conversations.db'}"),
    ]
    for store in stores:
        asyncio.run(store.save(tracker))
    on_postgres, on_sqlite = (rows(store, sender) for store in stores)
    assert len(on_postgres) == len(events)
    assert on_postgres == on_sqlite
    for store in stores:
        store.engine.dispose()
