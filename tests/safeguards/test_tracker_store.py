"""The tracker store must never write identifying details to the database."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config
from sqlalchemy import event

from bot.encoder import MESSAGE_VECTOR, carried_vector, shared_encoder
from bot.safeguards.tracker_store import RedactingTrackerStore

SECRETS = (
    "Amelia",
    "Smith",
    "14/02/2015",
    "E8 1DY",
    "07700 900123",
    "amelia@example.com",
    "943 476 5919",
)
MESSAGE = (
    "Amelia Smith DOB 14/02/2015, E8 1DY, mum on 07700 900123 or amelia@example.com,"
    " NHS 943 476 5919 - is she known?"
)
REDACTED_MESSAGE = (
    "[name removed] DOB [date of birth removed], [postcode removed], mum on [phone number removed]"
    " or [email removed], NHS [NHS number removed] - is she known?"
)
DOMAIN = Domain.from_yaml(
    """
version: "3.1"
slots:
  child_name:
    type: text
    mappings: [{type: custom}]
"""
)


@pytest.fixture
def store(tmp_path: Path) -> RedactingTrackerStore:
    """Loaded the way Rasa loads it from endpoints.yml, to prove the module path works."""
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n"
        "  type: bot.safeguards.tracker_store.RedactingTrackerStore\n"
        "  dialect: sqlite\n"
        f"  db: {tmp_path / 'tracker.db'}\n",
        encoding="utf-8",
    )
    created = TrackerStore.create(read_endpoint_config(str(endpoints), "tracker_store"), DOMAIN)
    assert isinstance(created, RedactingTrackerStore)
    return created


def conversation() -> DialogueStateTracker:
    entities = [{"entity": "child_name", "value": "Amelia", "start": 0, "end": 6}]
    return DialogueStateTracker.from_events(
        "practitioner-1",
        [
            ActionExecuted("action_listen"),
            UserUttered(
                MESSAGE,
                intent={"name": "share_personal_details", "confidence": 0.9},
                entities=entities,
            ),
            SlotSet("child_name", "Amelia"),
            BotUttered("Please don't share details like Amelia's name."),
            ActionExecuted("action_listen"),
        ],
        DOMAIN.slots,
    )


def raw_rows(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT * FROM events").fetchall()
    assert rows
    return "\n".join(repr(row) for row in rows)


def test_nothing_identifying_reaches_the_database(
    store: RedactingTrackerStore, tmp_path: Path
) -> None:
    asyncio.run(store.save(conversation()))
    stored = raw_rows(tmp_path / "tracker.db")
    for secret in SECRETS:
        assert secret.lower() not in stored.lower(), secret
    assert "share_personal_details" in stored


def test_retrieved_tracker_holds_the_redacted_conversation(store: RedactingTrackerStore) -> None:
    asyncio.run(store.save(conversation()))
    retrieved = asyncio.run(store.retrieve("practitioner-1"))
    assert retrieved is not None
    user = retrieved.latest_message
    assert user.text == REDACTED_MESSAGE
    assert user.parse_data["text"] == REDACTED_MESSAGE
    assert user.intent["name"] == "share_personal_details"
    assert [entity["value"] for entity in user.entities] == ["[name removed]"]
    assert retrieved.get_slot("child_name") == "[name removed]"
    bot_text = next(e for e in retrieved.events if isinstance(e, BotUttered)).text
    assert bot_text == "Please don't share details like [name removed]'s name."
    assert len(retrieved.events) == len(conversation().events)


def test_turns_are_committed_through_a_write_ahead_log(
    store: RedactingTrackerStore, tmp_path: Path
) -> None:
    """One sync per turn's commit, not the rollback journal's several (bot/db.py)."""
    asyncio.run(store.save(conversation()))
    with sqlite3.connect(tmp_path / "tracker.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert len(raw_rows(tmp_path / "tracker.db").splitlines()) == len(conversation().events)


def test_turns_reuse_the_store_s_open_connection(store: RedactingTrackerStore) -> None:
    """Rasa's engine opened a SQLite connection for each save and retrieve and closed it after
    (the last close folding the log back into the file); the store's pool keeps the one it
    opened at its start for every turn."""
    opened: list[object] = []
    event.listen(store.engine, "connect", lambda connection, _record: opened.append(connection))
    for _ in range(3):
        asyncio.run(store.save(conversation()))
        assert asyncio.run(store.retrieve("practitioner-1")) is not None
    assert opened == []


def test_saving_leaves_the_live_tracker_untouched(store: RedactingTrackerStore) -> None:
    tracker = conversation()
    asyncio.run(store.save(tracker))
    assert tracker.latest_message.text == MESSAGE


def test_later_turns_are_appended_once(store: RedactingTrackerStore, tmp_path: Path) -> None:
    tracker = conversation()
    asyncio.run(store.save(tracker))
    tracker.update(
        UserUttered("her brother is Tyler Smith", intent={"name": "share_personal_details"})
    )
    asyncio.run(store.save(tracker))
    retrieved = asyncio.run(store.retrieve("practitioner-1"))
    assert retrieved is not None
    assert len(retrieved.events) == len(tracker.events)
    assert retrieved.latest_message.text == "her brother is [name removed]"
    assert "tyler" not in raw_rows(tmp_path / "tracker.db").lower()


def test_bare_identifiers_metadata_entity_text_and_dict_keys_are_never_stored(
    store: RedactingTrackerStore, tmp_path: Path
) -> None:
    tracker = DialogueStateTracker.from_events(
        "practitioner-2",
        [
            ActionExecuted("action_listen"),
            UserUttered(
                "9434765919",
                intent={"name": "ask_learning", "confidence": 0.9},
                entities=[
                    {
                        "entity": "child_name",
                        "value": {"Qwyneth Tarrow": 1},
                        "text": "Qwyneth Tarrow",
                    }
                ],
                metadata={"from": {"name": "Qwyneth Tarrow", "phone": "07700900123"}},
            ),
            UserUttered("07700900123", intent={"name": "ask_learning", "confidence": 0.9}),
            SlotSet("child_name", "12-03-2015"),
        ],
        DOMAIN.slots,
    )
    asyncio.run(store.save(tracker))
    stored = raw_rows(tmp_path / "tracker.db").lower()
    for secret in ("9434765919", "07700900123", "qwyneth", "tarrow", "12-03-2015"):
        assert secret not in stored, secret


def test_the_sentence_vector_is_never_stored_and_the_event_does_not_grow(
    store: RedactingTrackerStore, tmp_path: Path
) -> None:
    """The vector is for this turn's action server only: the stored event is byte for byte the
    one of the same message without it, but for its timestamp."""
    text = "school nurse worried about neglect"
    vector = carried_vector(text, shared_encoder().encode([text])[0])

    def saved(sender: str, **parse: object) -> str:
        user = UserUttered(text, {"name": "ask_learning", "confidence": 0.9}, [], {**parse})
        tracker = DialogueStateTracker.from_events(sender, [user], DOMAIN.slots)
        assert tracker.latest_message is not None
        assert (MESSAGE_VECTOR in tracker.latest_message.parse_data) == bool(parse)
        asyncio.run(store.save(tracker))
        with sqlite3.connect(tmp_path / "tracker.db") as connection:
            row = connection.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,)
            ).fetchone()
        return str(row[0])

    with_vector = saved("with", **{MESSAGE_VECTOR: vector})
    assert MESSAGE_VECTOR not in with_vector and vector["float32"] not in with_vector
    # The timestamps differ, and so may the number of digits in them (CI once saw 324 and 323).
    untimed = [{**json.loads(row), "timestamp": None} for row in (with_vector, saved("without"))]
    assert untimed[0] == untimed[1]
    retrieved = asyncio.run(store.retrieve("with"))
    assert retrieved is not None and retrieved.latest_message is not None
    assert MESSAGE_VECTOR not in retrieved.latest_message.parse_data


def _statements(store: RedactingTrackerStore) -> list[str]:
    """Every SQL statement the store's engine runs from now on."""
    run: list[str] = []
    event.listen(
        store.engine,
        "before_cursor_execute",
        lambda _conn, _cursor, statement, *_rest: run.append(" ".join(statement.split())),
    )
    return run


def test_a_turn_s_save_counts_the_stored_events_once_in_one_transaction(
    store: RedactingTrackerStore,
) -> None:
    """Rasa's save counted them again in a session of its own: the same query twice a turn."""
    tracker = conversation()
    asyncio.run(store.save(tracker))
    tracker.update(UserUttered("and her brother?", intent={"name": "ask_learning"}))
    run = _statements(store)
    asyncio.run(store.save(tracker))
    assert sum("count(" in statement.lower() for statement in run) == 1
    assert sum(statement.upper().startswith("BEGIN") for statement in run) <= 1
    retrieved = asyncio.run(store.retrieve("practitioner-1"))
    assert retrieved is not None and len(retrieved.events) == len(tracker.events)


def test_the_rows_are_those_rasa_s_own_save_writes(
    store: RedactingTrackerStore, tmp_path: Path
) -> None:
    """The redacted conversation, saved in two turns by this store and by Rasa's SQLTrackerStore:
    the same rows, column for column, but for their ids."""
    plain = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "plain.db"))
    tracker = conversation()
    later = UserUttered("her brother is Tyler Smith", intent={"name": "ask_learning"})
    for saving in (store, plain):
        live = DialogueStateTracker.from_events(tracker.sender_id, tracker.events, DOMAIN.slots)
        stored = 0
        for turn in (None, later):
            if turn is not None:
                live.update(turn)
            # Rasa's store is given what ours would store: the new events minimised
            given = live if saving is store else store._redacted(live, stored)
            asyncio.run(saving.save(given))
            stored = len(live.events)

    def rows(db: Path) -> list[tuple[object, ...]]:
        with sqlite3.connect(db) as connection:
            return connection.execute(
                "SELECT sender_id, type_name, timestamp, intent_name, action_name, data"
                " FROM events ORDER BY id"
            ).fetchall()

    ours, rasa = rows(tmp_path / "tracker.db"), rows(tmp_path / "plain.db")
    assert len(ours) == len(tracker.events) + 1
    assert ours == rasa
