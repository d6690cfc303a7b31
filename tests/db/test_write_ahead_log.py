"""The assistant's SQLite database commits through a write-ahead log (bot/db.py
write_ahead_log): one sync per commit, and a reader in another process sees every commit."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, insert, select

from bot.db import shared_engine
from bot.insights.events import EventKind, UsageEvent


def test_the_database_commits_through_a_write_ahead_log(tmp_path: Path) -> None:
    database = tmp_path / "assistant.db"
    engine = shared_engine(f"sqlite:///{database}")
    row = {"hour": datetime(2026, 12, 5, 10), "kind": EventKind.ANSWERED.value}
    with engine.begin() as connection:
        connection.execute(insert(UsageEvent), [row])
    with sqlite3.connect(database) as other:  # as the other server's process reads it
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert other.execute("SELECT count(*) FROM usage_events").fetchone() == (1,)
        other.execute("INSERT INTO usage_events (hour, kind) VALUES ('2026-12-05 11:00:00', 'x')")
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(UsageEvent)) == 2


def test_sessions_reuse_the_pooled_connection_from_any_thread(tmp_path: Path) -> None:
    """Each session of a turn took a new SQLite connection and closed it after (SQLAlchemy
    1.4's default for a file); the engine's pool now keeps it open for the next, whichever
    of the server's threads asks."""
    engine = shared_engine(f"sqlite:///{tmp_path / 'assistant.db'}")

    def driver_connection() -> tuple[object, int]:
        with engine.connect() as connection:
            rows = connection.scalar(select(func.count()).select_from(UsageEvent))
            return connection.connection.dbapi_connection, rows

    first, _rows = driver_connection()
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(driver_connection).result() == (first, 0)
