"""`python -m bot db upgrade` and `db create`: the database brought to the newest schema, once,
before any server starts.

Each Rasa instance creates the conversation tables on its first start, and the servers bring the
assistant's own database up to date on their first use of it (bot/db.py); started together
(`systemctl enable --now`), two of them would race, and a release that changed a table would
first be met by a server handling a request. Run as a step of its own before the servers
(`make run`, the cluster, the systemd units), nothing races and the servers find it done.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from rasa.core.tracker_store import SQLTrackerStore

from bot.db import alembic_config, make_engine, scripts, upgrade
from bot.settings import ENV_DATABASE_URL, ENV_TRACKER_URL, configured_tracker_url, load_settings


def create_schema(database_url: str, tracker_url: str | None) -> list[str]:
    """Upgrades the assistant's database (creating it if new) and creates what is missing in
    the conversation store, given its URL (Rasa's tables, never altered here); returns the
    tables each holds afterwards, "database: table"."""
    upgrade(database_url)
    created = []
    for url in (database_url, tracker_url):
        if url is None:
            continue
        engine = sa.create_engine(url, future=True)
        try:
            if url == tracker_url:
                SQLTrackerStore.Base.metadata.create_all(engine)
            shown = engine.url.render_as_string(hide_password=True)
            created += [f"{shown}: {name}" for name in sorted(sa.inspect(engine).get_table_names())]
        finally:
            engine.dispose()
    return created


def new_revision(message: str) -> Path:
    """A migration script from what the models declare and the migrations do not yet make,
    found by Alembic's autogenerate on a scratch SQLite database upgraded to the newest
    revision; numbered after the newest. Written as batch operations, which work on SQLite
    and PostgreSQL alike; read it, and write by hand what autogenerate cannot see (a rename, a
    value for a new NOT NULL column's existing rows)."""
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40]
    number = len(list(scripts().walk_revisions())) + 1
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'scratch.db'}")
        try:
            with engine.begin() as connection:
                config = alembic_config(connection)
                command.upgrade(config, "head")
                script = command.revision(
                    config, message=message, autogenerate=True, rev_id=f"{number:04d}_{slug}"
                )
        finally:
            engine.dispose()
    assert script is not None and not isinstance(script, list)
    # in the project's layout, as `make lint` checks it (ruff is a development tool)
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", script.path], check=False)
    return Path(script.path)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser(
        "upgrade",
        help=f"bring ${ENV_DATABASE_URL} to the newest schema (a new database gets every table), "
        "before the servers",
    )
    revision = actions.add_parser(
        "revision",
        help="write bot/migrations/versions/NNNN_<message>.py: what the models changed, for "
        "a migration (README: Changing a table)",
    )
    revision.add_argument("message", help="what the change is, e.g. 'services gain a phone'")
    actions.add_parser(
        "create",
        help=f"upgrade ${ENV_DATABASE_URL} and create the conversation tables in "
        f"${ENV_TRACKER_URL}, "
        "once, before the servers",
    )


def run(args: argparse.Namespace) -> int:
    if args.action == "revision":
        print(f"written: {new_revision(args.message)}")
        return 0
    database_url = load_settings().database_url
    if args.action == "upgrade":
        print(f"database at revision {upgrade(database_url)}")
        return 0
    tables_now = create_schema(database_url, configured_tracker_url())
    print(f"{len(tables_now)} tables present:")
    print("\n".join(f"  {line}" for line in tables_now))
    return 0
