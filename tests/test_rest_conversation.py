"""End to end over the real REST channel: Rasa, the action server, the SQL tracker store."""
from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from bot.evaluation import ask, reply_text
from bot.serve import ServerConfig, Servers
from bot.settings import ENV_DATABASE_URL, Settings
from bot.store import KnowledgeStore, load_knowledge
from support import free_port

IDENTIFIERS = ("Jamie", "Okafor", "12/03/2011", "E8 3QP", "07700 900123")


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    """Servers with their own knowledge and conversation databases."""
    folder = tmp_path_factory.mktemp("rest")
    knowledge_db, tracker_db = folder / "knowledge.db", folder / "conversations.db"
    settings = Settings(f"sqlite:///{knowledge_db}", Path("knowledge").resolve(), None)
    load_knowledge(settings, environ={})
    config = ServerConfig(
        rasa_port=free_port(), actions_port=free_port(), tracker_db=tracker_db,
        extra_env={ENV_DATABASE_URL: settings.database_url, "RPA_TRACKER_DB": str(tracker_db)},
    )
    with Servers(config, log_dir=folder / "logs"):
        yield config.rasa_url, knowledge_db, tracker_db


def test_identifiers_are_warned_about_answered_and_never_stored(assistant: tuple[str, Path, Path]) -> None:
    url, _, tracker_db = assistant
    sender = uuid.uuid4().hex
    first = reply_text(ask(url, "Jamie Okafor DOB 12/03/2011, E8 3QP - dad keeps missing his "
                                "hospital appointments", sender=sender))
    assert "do not include names" in first
    assert "not being brought" in first
    second = reply_text(ask(url, "mum's mobile is 07700 900123 and she won't share information "
                                 "with the school", sender=sender))
    assert "do not include names" in second
    third = reply_text(ask(url, "what does disguised compliance look like", sender=sender))
    assert "disguised compliance" in third
    with sqlite3.connect(tracker_db) as connection:
        rows = connection.execute("select data from events where sender_id = ?", (sender,))
        stored = "\n".join(row[0] for row in rows)
    assert "disguised compliance" in stored  # the conversation was written
    for identifier in IDENTIFIERS:
        assert identifier not in stored, identifier


def test_immediate_risk_gets_urgent_advice_first(assistant: tuple[str, Path, Path]) -> None:
    url, _, _ = assistant
    replies = ask(url, "she's scared to go home tonight because of her stepdad")
    assert replies[0]["text"].startswith("**If a child is in immediate danger, call 999 now.**")


def test_escalating_about_another_agency_reaches_the_manager_and_independent_chair(
    assistant: tuple[str, Path, Path]
) -> None:
    url, _, _ = assistant
    sender = uuid.uuid4().hex
    texts = [
        reply_text(ask(url, "I need to escalate a concern about another agency", sender=sender)),
        reply_text(ask(url, "they haven't replied to any of my information requests", sender=sender)),
        reply_text(ask(url, "not yet", sender=sender)),
    ]
    route = texts[-1]
    assert "your escalation route" in route
    assert "manager" in route and "independent chair" in route


def test_feedback_is_stored_without_the_sender(assistant: tuple[str, Path, Path]) -> None:
    url, knowledge_db, _ = assistant
    sender = uuid.uuid4().hex
    ask(url, "/ask_learning{\"key_message\":\"young-carers\"}", sender=sender)
    assert "feedback has been recorded" in reply_text(
        ask(url, "/feedback_helpful{\"key_message\":\"young-carers\"}", sender=sender)
    )
    store = KnowledgeStore.from_settings(Settings(f"sqlite:///{knowledge_db}", Path("knowledge"), None))
    with store.session() as session:
        assert store.feedback_counts(session)["young-carers"] == (1, 0)
    with sqlite3.connect(knowledge_db) as connection:
        columns = [row[1] for row in connection.execute("pragma table_info(feedback)")]
    assert columns == ["id", "key_message_id", "helpful", "created_at"]
