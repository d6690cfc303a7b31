"""Backups of the knowledge database, feedback and usage events, proved by restoring them: after
the data changed, a restore brings back exactly what was backed up, on SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.insights.events import Event, EventKind, record
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings
from bot.tooling import backup
from bot.tooling.cluster import KNOWLEDGE_DB
from tests.cluster.support import databases
from tests.support import KNOWLEDGE_FIXTURE


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with databases("rpa-test-backup-") as cluster:
        yield cluster.database_url(KNOWLEDGE_DB)


def content(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a fixed order."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table: sorted(
                    (tuple(row) for row in connection.execute(sa.text(f'SELECT * FROM "{table}"'))),
                    key=repr,
                )
                for table in sorted(sa.inspect(connection).get_table_names())
            }
    finally:
        engine.dispose()


def fill(url: str) -> KnowledgeStore:
    """Knowledge, two answers' feedback and usage events, as a running assistant leaves them."""
    settings = Settings(url, KNOWLEDGE_FIXTURE, None)
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        key_message = store.key_messages(session)[0].id
    store.record_feedback(key_message, helpful=True)
    store.record_feedback(key_message, helpful=False)
    record(store, Event(EventKind.ANSWERED, channel="rest", key_message_id=key_message))
    record(store, Event(EventKind.UNANSWERED, channel="webchat", text="what about the rota"))
    return store


def change(url: str, store: KnowledgeStore) -> None:
    """What happens after a backup: feedback removed, more usage, the knowledge reloaded."""
    with store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM feedback"))
    record(store, Event(EventKind.GOOD_PRACTICE, channel="rest"))
    load_knowledge(Settings(url, KNOWLEDGE_FIXTURE, None), environ={})


def backup_and_restore(url: str, target: Path) -> None:
    store = fill(url)
    before = content(url)
    assert before["feedback"] and before["usage_events"]
    backup.create_backup(url, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    change(url, store)
    assert content(url) != before
    backup.restore_backup(url, target)
    assert content(url) == before
    store.engine.dispose()


def test_sqlite_backup_restores_exactly_what_was_backed_up(tmp_path: Path) -> None:
    backup_and_restore(f"sqlite:///{tmp_path / 'knowledge.db'}", tmp_path / "backup.sqlite")


def test_postgres_backup_restores_exactly_what_was_backed_up(
    postgres_url: str, tmp_path: Path
) -> None:
    backup_and_restore(postgres_url, tmp_path / "backup.dump")


def test_a_failed_restore_leaves_the_database_as_it_was(postgres_url: str, tmp_path: Path) -> None:
    fill(postgres_url).engine.dispose()
    before = content(postgres_url)
    broken = tmp_path / "broken.dump"
    broken.write_bytes(b"PGDMP not really")
    with pytest.raises(backup.BackupError, match="pg_restore failed"):
        backup.restore_backup(postgres_url, broken)
    assert content(postgres_url) == before


def command(*arguments: str) -> int:
    parser = argparse.ArgumentParser()
    backup.add_arguments(parser)
    return backup.run(parser.parse_args(arguments))


def test_the_command_backs_up_and_restores_only_when_confirmed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    store = fill(url)
    before = content(url)
    target = tmp_path / "backups" / "knowledge.sqlite"
    assert command("create", "--database-url", url, "--out", str(target)) == 0
    change(url, store)
    changed = content(url)
    assert command("restore", str(target), "--database-url", url) == 1
    assert content(url) == changed
    assert command("restore", str(target), "--database-url", url, "--yes") == 0
    assert content(url) == before
    assert command("restore", str(tmp_path / "missing.sqlite"), "--database-url", url, "--yes")
    store.engine.dispose()


def test_backup_names_follow_the_database() -> None:
    assert backup.default_target("sqlite:///var/knowledge.db").suffix == ".sqlite"
    assert backup.default_target("postgresql://rpa@127.0.0.1:5433/rpa_knowledge").suffix == ".dump"
    with pytest.raises(backup.BackupError):
        backup.create_backup("postgresql://rpa@127.0.0.1:5433/db", Path("backup.sqlite"))


def test_a_failed_backup_leaves_no_file_that_looks_like_one(tmp_path: Path) -> None:
    target = tmp_path / "backups" / "knowledge.dump"
    unreachable = "postgresql://rpa@127.0.0.1:1/rpa_knowledge"  # nothing listens on port 1
    with pytest.raises(backup.BackupError, match="pg_dump failed") as failed:
        backup.create_backup(unreachable, target)
    assert "start its PostgreSQL first (the cluster: `make cluster`" in str(failed.value)
    missing = tmp_path / "backups" / "knowledge.sqlite"
    with pytest.raises(backup.BackupError, match="no such database"):
        backup.create_backup(f"sqlite:///{tmp_path / 'absent.db'}", missing)
    assert list((tmp_path / "backups").iterdir()) == []
