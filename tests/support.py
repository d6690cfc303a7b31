"""Helpers shared by the tests that start real servers."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sanic import Sanic

from bot.dialogue.identifiers_warning import with_identifiers_warning
from bot.knowledge.escalation.guide import Guide, load_guide
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.one_request import end_one_request, start_one_request
from bot.settings import ENV_DATABASE_URL, PROJECT_ROOT, Settings
from bot.tooling.serve import ServerConfig

TESTS = Path(__file__).parent
DATA = TESTS / "data"
"""Labelled data sets for measuring the safeguards."""
FIXTURES = TESTS / "fixtures"
"""Small knowledge files that tests add to a copy of knowledge/."""
KNOWLEDGE_FIXTURE = FIXTURES / "knowledge"
"""A small valid knowledge folder for the tests of the machinery: unlike knowledge/, what it
holds does not change when an audit is added, so tests may count it."""
EXTRA_KEY_MESSAGE = FIXTURES / "extra_key_message.yml"
"""A key message from an imagined next audit, valid in knowledge/ and in the fixture set."""


def add_extra_key_message(
    knowledge_dir: Path, text: str | None = None, name: str = "next.yml"
) -> None:
    """Adds the next audit's key message (the fixture's, or `text`) and its quiz question, as
    an editor would: a key message without a quiz question is invalid."""
    (knowledge_dir / "key_messages" / name).write_text(
        EXTRA_KEY_MESSAGE.read_text(encoding="utf-8") if text is None else text, encoding="utf-8"
    )
    shutil.copy(FIXTURES / "extra_quiz_question.yml", knowledge_dir / "quizzes" / name)


@dataclass(frozen=True)
class Assistant:
    """The real servers (Rasa with the REST and web chat channels, the action server, the SQL
    tracker store) with their own databases and logs in one folder, shared by the session."""

    url: str
    folder: Path
    knowledge_db: Path
    tracker_db: Path
    clock: Path
    """The file RPA_CLOCK names (a fixed weekday morning): a test that moves the servers' clock
    by rewriting it puts WEEKDAY_10AM back when done (tests/channels/test_urgent_clock.py)."""


@dataclass(frozen=True)
class LoadedKnowledge:
    """A database holding the real knowledge/ as `load_knowledge(settings, environ={})` writes
    it for a copy of knowledge/ (the content only depends on knowledge/, links and
    confirmations, none of which a test has changed before its load)."""

    database: Path

    @classmethod
    def load(cls, folder: Path) -> LoadedKnowledge:
        database = folder / "knowledge.db"
        load_knowledge(Settings(f"sqlite:///{database}", PROJECT_ROOT / "knowledge", None), {})
        return cls(database)

    def copy_to(self, settings: Settings) -> None:
        """Gives `settings` (a SQLite database, no links or confirmations file) its own copy."""
        assert settings.links_file is None and settings.confirmations_file is None, settings
        target = Path(settings.database_url.removeprefix("sqlite:///"))
        assert settings.database_url == f"sqlite:///{target}", settings.database_url
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.database, target)


def run_cli(
    *arguments: str, knowledge_dir: Path, tmp_path: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "RPA_KNOWLEDGE_DIR": str(knowledge_dir),
        "RPA_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
    }
    return run_bot(*arguments, env=env, stdin=stdin)


def run_bot(
    *arguments: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ...` in the project, as a person runs it (the caller's environment by
    default)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        cwd=PROJECT_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def servers_in(folder: Path, extra_env: dict[str, str] | None = None) -> ServerConfig:
    """The real servers on free ports, with the real knowledge/ loaded into their own database
    and their own conversation store, both in `folder` (kept when they are started again
    there); `extra_env` adds to their environment."""
    knowledge_db, tracker_db = folder / "knowledge.db", folder / "conversations.db"
    settings = Settings(f"sqlite:///{knowledge_db}", PROJECT_ROOT / "knowledge", None)
    if not knowledge_db.exists():
        load_knowledge(settings, environ={})
    environment = {ENV_DATABASE_URL: settings.database_url, "RPA_TRACKER_DB": str(tracker_db)}
    return ServerConfig(
        rasa_port=free_port(),
        actions_port=free_port(),
        tracker_db=tracker_db,
        extra_env={**environment, **(extra_env or {})},
    )


def free_port() -> int:
    """A port nothing listens on now, on the loopback interface only."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def serving(app: Sanic) -> AsyncIterator[int]:
    """Runs a Sanic app on a free loopback port for the duration of a test; yields the port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    # Awaiting create_server already listens; startup() finalises routes before any request,
    # and before_start() runs the before_server_start listeners, as `app.run` does.
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    assert server is not None
    await server.startup()
    await server.before_start()
    try:
        yield port
    finally:
        await server.before_stop()
        await server.close()
        await server.after_stop()


def run_action(
    action: Action, tracker: Tracker, domain: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[Any]]:
    """Runs a custom action as the action server would, in a request of its own, its messages
    passed through the identifying-details check as the server passes them; returns its
    messages and events."""
    dispatcher = CollectingDispatcher()
    started = start_one_request()
    try:
        events = asyncio.run(action.run(dispatcher, tracker, domain))
    finally:
        end_one_request(started)
    messages = with_identifiers_warning(
        tracker.latest_message, tracker.events, dispatcher.messages, events or []
    )
    return messages, events


def all_text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(message.get("text") or "" for message in messages)


def loaded_guide(settings: Settings, environ: dict[str, str] | None = None) -> Guide:
    """Loads the knowledge into the settings' database and reads the escalation guide back,
    as the action server does."""
    load_knowledge(settings, environ=environ or {})
    store = KnowledgeStore.from_settings(settings)
    try:
        return load_guide(store)
    finally:
        store.engine.dispose()
