"""The assistant's database upgrades without losing a row, and the migrations make exactly the
tables the models declare: on SQLite and on the cluster's PostgreSQL.

A database of the last release (54dab8c) is made by the baseline revision, every one of its
tables gets rows, then `prepare` (what `python -m bot db upgrade` and every server run) brings it
to today's schema and every row is found again, unchanged."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection, Engine

from bot.db import BASELINE, alembic_config, current_revision, head, make_engine, metadata
from bot.db import prepare as prepare_database
from bot.settings import ENV_DATABASE_URL, PROJECT_ROOT
from bot.tooling.cluster import KNOWLEDGE_DB
from tests.cluster.support import databases

ROWS = 3
NEW_CODE = "12345678"
"""A join code of today's length: the last release's column took four characters."""


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with databases("rpa-test-migrations-") as cluster:
        yield cluster.database_url(KNOWLEDGE_DB)


def emptied(engine: Engine) -> Engine:
    """The database without any table of the assistant's (the cluster made them at its start)."""
    with engine.begin() as connection:
        metadata().drop_all(connection)
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    return engine


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database on each engine, opened as the assistant opens it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'assistant.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    opened = emptied(make_engine(url))
    yield opened
    opened.dispose()


def value(table: sa.Table, column: sa.Column, row: int) -> Any:
    """A value of the column's type for row `row`; a reference is the referred row's key, so
    every foreign key holds (row n refers to row n of its parent, a row to itself)."""
    for key in column.foreign_keys:
        return value(key.column.table, key.column, row)
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return row % 2 == 0
    if isinstance(kind, sa.Integer):
        return row + 1
    if isinstance(kind, sa.Float):
        return row + 0.5
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 12, 1, 9, row)
    if isinstance(kind, sa.Date):
        return date(2026, 12, 1 + row)
    if isinstance(kind, sa.JSON):
        return [f"{table.name}-{row}"]
    text = f"{table.name}.{column.name}.{row}"
    length = getattr(kind, "length", None)
    return text if length is None or len(text) <= length else str(row).rjust(length, "0")


def reflected(connection: Connection) -> sa.MetaData:
    tables = sa.MetaData()
    tables.reflect(connection)
    return tables


def fill_every_table(connection: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """ROWS rows in every table the database holds, parents first; returns them as read back."""
    tables = reflected(connection)
    for table in tables.sorted_tables:
        if table.name == "alembic_version":
            continue
        connection.execute(
            table.insert(),
            [
                {column.name: value(table, column, row) for column in table.columns}
                for row in range(ROWS)
            ],
        )
    return every_row(connection, tables)


def every_row(connection: Connection, tables: sa.MetaData) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows, in the columns `tables` knows (a newer schema may have more)."""
    found = {}
    for table in tables.sorted_tables:
        if table.name == "alembic_version":
            continue
        columns = [sa.column(column.name) for column in table.columns]
        rows = connection.execute(sa.select(*columns).select_from(sa.table(table.name)))
        found[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return found


def differences(connection: Connection) -> list[Any]:
    """What Alembic's autogenerate would write to make the database match the models."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata()))


@pytest.mark.parametrize("stamped", [False, True], ids=["made-before-alembic", "at-baseline"])
def test_a_database_of_the_last_release_keeps_every_row_through_the_upgrade(
    engine: Engine, stamped: bool
) -> None:
    """As the last release left it (no Alembic version: it had none), and as stamped at the
    baseline revision."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), BASELINE)
        if not stamped:
            connection.execute(sa.text("DROP TABLE alembic_version"))
        old_tables = reflected(connection)
        before = fill_every_table(connection)
    assert {"workshop_sessions", "usage_events", "feedback", "key_messages"} <= set(before)
    assert all(len(rows) == ROWS for rows in before.values()), before
    assert "trainer_sessions" not in before  # made by the upgrade

    prepare_database(engine)

    with engine.begin() as connection:
        assert current_revision(connection) == head()
        assert every_row(connection, old_tables) == before
        assert differences(connection) == []
        sessions = connection.execute(
            sa.text("SELECT published, max_participants FROM workshop_sessions")
        ).all()
        assert [tuple(row) for row in sessions] == [(False, None)] * ROWS
        held = connection.execute(sa.text("SELECT held FROM workshop_answers")).scalars().all()
        assert held == [False] * ROWS
        connection.execute(sa.text("UPDATE workshop_sessions SET code = :code"), {"code": NEW_CODE})
        assert set(connection.execute(sa.text("SELECT code FROM workshop_sessions")).scalars()) == {
            NEW_CODE
        }
        now = reflected(connection)
        assert set(now.tables) == set(metadata().tables) | {"alembic_version"}


def test_the_migrations_make_exactly_the_tables_the_models_declare(engine: Engine) -> None:
    """Fails when a model changed without a migration (or a migration without its model):
    README, "Changing a table"."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
        assert differences(connection) == []
        assert current_revision(connection) == head()


def test_a_new_database_gets_every_table_stamped_at_the_newest_revision(engine: Engine) -> None:
    prepare_database(engine)
    with engine.connect() as connection:
        assert current_revision(connection) == head()
        assert differences(connection) == []


def test_every_table_is_made_whichever_module_opens_the_database_first(tmp_path: Path) -> None:
    """In a process that imported only the knowledge store, its first use makes the workshop,
    trainer and usage tables too: no table depends on what was imported before."""
    url = f"sqlite:///{tmp_path / 'first.db'}"
    script = (
        "from bot.knowledge.store import KnowledgeStore\n"
        "from bot.settings import load_settings\n"
        "KnowledgeStore.from_settings(load_settings())\n"
    )
    subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env={"PATH": "/usr/bin:/bin", ENV_DATABASE_URL: url},
        check=True,
        timeout=120,
    )
    engine = sa.create_engine(url, future=True)
    try:
        names = set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert names == set(metadata().tables) | {"alembic_version"}
