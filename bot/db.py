"""The assistant's own database (knowledge, feedback, usage events, workshops, trainer records):
every table registered in one place, and its schema brought up to date by Alembic.

Why one place: a table belongs to the metadata once the module declaring it is imported, so a
`create_all` made after some imports and not others created some tables and not others.
`metadata()` imports every module that declares a table, whatever the caller imported before.

Why migrations (bot/migrations/): `create_all` never changes a table that exists, and feedback,
usage events (kept 730 days) and workshop results outlive releases. `prepare` is what every
process calls before it uses the database:
- a new database gets every table from the models and is stamped at the newest revision;
- a database at the newest revision is left alone (one query);
- anything older (the last release's, made before Alembic, or an older revision) is upgraded.
`python -m bot db upgrade` does the same, as its own step before the servers start (`make run`,
the cluster, the action servers' systemd unit), so the servers find it done. On PostgreSQL an
advisory lock lets one process at a time do it: the others wait, then find the newest revision.

Why one engine per process (`shared_engine`): every engine has its own connection pool and
each ran `prepare`; the Rasa process's channels and pages (insights, workshops, handouts, the
trainer sign-in) and the action server's actions each share one per database URL instead.

Rasa's own conversation tables (its tracker store) are Rasa's and not managed here.
"""

from __future__ import annotations

import time
import weakref
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table, create_engine, event, func, inspect, select
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import declarative_base
from sqlalchemy.pool import QueuePool

MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001_last_release"
"""The schema of the release before Alembic (commit 54dab8c)."""
LOCK_KEY = int.from_bytes(b"RPASCHEM", "big")
"""PostgreSQL advisory lock held while the schema is checked and changed."""
ATTEMPTS = 5

if TYPE_CHECKING:
    # SQLAlchemy 1.4 ships no type information, so mypy would see the declarative base as a
    # variable of type Any and every model as untyped: it sees this instead, and with it the
    # column types the models annotate.
    class Base:
        metadata: MetaData
        __table__: Table

        def __init__(self, **columns: Any) -> None: ...

else:

    class _AnnotatedBase:
        # The plain annotations document the column types; 2.0 accepts them with this flag.
        __allow_unmapped__ = True

    Base = declarative_base(cls=_AnnotatedBase)


_prepared: weakref.WeakSet[Engine] = weakref.WeakSet()


def make_engine(database_url: str) -> Engine:
    """A new engine of its own (a command or a test disposes of it); the servers use
    `shared_engine`.

    A SQLite file keeps its connections open in a pool, as SQLAlchemy 2.0 does (1.4 opened
    one per session and closed it after): opening cost a connect and a pragma, and closing
    the last connection folded the write-ahead log back into the file, on every session of
    every turn (about a fifth of the action server's time per request, 2026-12-05). A pooled
    connection serves one thread at a time, so it may move between threads."""
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(database_url, future=True, **pooled_sqlite(database_url))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def pooled_sqlite(database_url: str | URL) -> dict[str, Any]:
    """create_engine's options for a SQLite file: a pool of open connections (see make_engine);
    none for another database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return {}
    return {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}


def write_ahead_log(engine: Engine) -> None:
    """A SQLite database commits through a write-ahead log (journal_mode=WAL) from now on: one
    sync per commit instead of the rollback journal's several. A commit of one turn's rows took
    15 ms on this machine's disk, 2.2 ms with the log (2026-12-05), and each turn commits (Rasa's
    tracker store, the action server's usage events) inside its server's event loop, where every
    other conversation waits for it. Just as durable (synchronous stays FULL), and readers no
    longer wait for a writer. The mode is kept in the file, so it is set once, when a process
    prepares the database; other processes read the file as usual, and the log is folded back
    into it when the last connection closes."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            _pragma(connection, "journal_mode=WAL")  # outside any transaction, as it must be


def _configure_sqlite(connection: object, _record: object) -> None:
    """Foreign keys on, and transactions under SQLAlchemy's control so DDL is atomic too."""
    connection.isolation_level = None  # type: ignore[attr-defined]
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


@cache
def shared_engine(database_url: str) -> Engine:
    """This process's one engine on `database_url`, its schema brought up to date on first use
    (see the module's docstring). Never disposed: it lives as long as the process."""
    return prepare(make_engine(database_url))


def metadata() -> MetaData:
    """Every table of the assistant's database."""
    # Imported here, not at the top: each of these modules prepares the database through this one.
    from bot.insights import events  # noqa: F401
    from bot.knowledge import models  # noqa: F401
    from bot.live_workshop import tables  # noqa: F401
    from bot.web import oidc, records  # noqa: F401

    return Base.metadata


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's settings, in code (no alembic.ini): the scripts' folder and, given one, the
    connection env.py runs the migrations on."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(rev)s")  # the id says the order and the change
    config.attributes["connection"] = connection
    return config


@cache
def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    """The newest revision in bot/migrations/versions (one head: the revisions are a line)."""
    newest = scripts().get_current_head()
    assert newest is not None
    return newest


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def prepare(engine: Engine) -> Engine:
    """Brings the database to the newest schema (see the module's docstring); once per engine.
    Two processes starting at once on a new PostgreSQL database are serialised by the lock; on
    SQLite one of them may find the database locked, and tries again."""
    if engine in _prepared:
        return engine
    for attempt in range(ATTEMPTS):
        try:
            _prepare(engine)
            break
        except DBAPIError:
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(0.1 * (attempt + 1))
    _prepared.add(engine)
    return engine


def _prepare(engine: Engine) -> None:
    write_ahead_log(engine)
    with engine.connect() as connection:
        if current_revision(connection) == head():
            return
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # SQLite's batch mode copies a table to change it: with foreign keys on, dropping
            # the old copy would delete (or refuse) the rows that refer to it. Set outside any
            # transaction, on the driver's connection, as SQLite requires.
            _pragma(connection, "foreign_keys=OFF")
        try:
            with connection.begin():
                if not sqlite:
                    connection.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))
                _migrate(connection)
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                connection.commit()
                if broken:
                    raise RuntimeError(f"after the upgrade, rows refer to no row: {broken}")
        finally:
            if sqlite:
                _pragma(connection, "foreign_keys=ON")


def _migrate(connection: Connection) -> None:
    revision = current_revision(connection)
    if revision == head():
        return  # another process did it while this one waited for the lock
    tables = metadata()
    if revision is None and not set(inspect(connection).get_table_names()) & set(tables.tables):
        tables.create_all(connection)
        MigrationContext.configure(connection).stamp(scripts(), "head")
        return
    command.upgrade(alembic_config(connection), "head")


def _pragma(connection: Connection, setting: str) -> None:
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA {setting}")
    finally:
        cursor.close()


def upgrade(database_url: str) -> str:
    """`python -m bot db upgrade`: the database at `database_url` brought to the newest
    schema; returns the revision it is at."""
    engine = make_engine(database_url)
    try:
        prepare(engine)
        with engine.connect() as connection:
            revision = current_revision(connection)
        assert revision is not None
        return revision
    finally:
        engine.dispose()
