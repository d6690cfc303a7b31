"""`python -m bot db create`: every table, created once before any server starts.

Each Rasa instance creates the conversation tables on its first start, and each action server
the knowledge database's tables on its first use; started together (`systemctl enable --now`),
two of them race and one logs `DuplicateTable` as an ERROR. Run as a step of its own, before
the servers, nothing races (the servers' own checks then find every table there).
"""

from __future__ import annotations

import argparse
import os

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

from bot.insights import events  # noqa: F401  (registers the usage events' table)
from bot.knowledge.models import Base
from bot.settings import load_settings
from bot.tooling.retention import ENV_TRACKER_URL
from bot.workshop import tables  # noqa: F401  (registers the workshop tables)


def create_schema(database_url: str, tracker_url: str | None) -> list[str]:
    """Creates what is missing in the knowledge database and, given its URL, the conversation
    store; returns the tables each holds afterwards, "database: table" (existing ones are kept)."""
    created = []
    for url, metadata in (
        (database_url, Base.metadata),
        (tracker_url, SQLTrackerStore.Base.metadata),
    ):
        if url is None:
            continue
        engine = sa.create_engine(url, future=True)
        try:
            metadata.create_all(engine)
            shown = engine.url.render_as_string(hide_password=True)
            created += [f"{shown}: {name}" for name in sorted(sa.inspect(engine).get_table_names())]
        finally:
            engine.dispose()
    return created


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser(
        "create",
        help="create every table in $RPA_DATABASE_URL and $RPA_TRACKER_URL, once, before the "
        "servers",
    )


def run(_args: argparse.Namespace) -> int:
    tables_now = create_schema(load_settings().database_url, os.environ.get(ENV_TRACKER_URL))
    print(f"{len(tables_now)} tables present:")
    print("\n".join(f"  {line}" for line in tables_now))
    return 0
