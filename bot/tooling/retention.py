"""`python -m bot retention purge`: deletes the conversations past their retention period now.

A running assistant does the same every hour (bot.safeguards.tracker_store); the command is
for a stopped assistant, a scheduler of the deployer's own, or checking what a purge removes.
It finds the conversation store the way the servers do: RPA_TRACKER_URL (the cluster's
PostgreSQL, deploy/rpa.env), else RPA_TRACKER_DIALECT and RPA_TRACKER_DB as `make run` sets
them (SQLite, var/conversations.db).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import sqlalchemy as sa

from bot.safeguards.tracker_store import purge_conversations
from bot.settings import (
    DEFAULT_RETENTION_DAYS,
    ENV_RETENTION_DAYS,
    ENV_TRACKER_URL,
    conversation_retention_days,
    tracker_url,
)

_EVENTS_TABLE = "events"
"""Rasa's SQLTrackerStore table: it exists once the assistant has run against the database."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `retention` command's actions, for bot/tooling/cli.py."""
    actions = parser.add_subparsers(dest="action", required=True)
    purge = actions.add_parser("purge", help=f"delete conversations past {ENV_RETENTION_DAYS} now")
    purge.add_argument(
        "--days",
        type=int,
        help="keep conversations whose last message is newer than this (default: "
        f"${ENV_RETENTION_DAYS}, or {DEFAULT_RETENTION_DAYS})",
    )
    purge.add_argument(
        "--tracker-url",
        help=f"the conversation store's database URL (default: ${ENV_TRACKER_URL}, else the "
        "SQLite file `make run` uses)",
    )


def run(args: argparse.Namespace) -> int:
    """Handler for `retention purge`; exit status 1 on a bad setting."""
    try:
        days = conversation_retention_days() if args.days is None else args.days
        url = sa.engine.make_url(args.tracker_url or tracker_url(os.environ))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    if days < 1:
        print(f"--days {days}: a whole number of days, 1 or more", file=sys.stderr)
        return 1
    where = url.render_as_string(hide_password=True)
    # Connecting to a missing SQLite file would create an empty one.
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        print(f"no conversations stored: {where} does not exist")
        return 0
    engine = sa.create_engine(url)
    try:
        stored = sa.inspect(engine).has_table(_EVENTS_TABLE)
        purged = purge_conversations(engine, days) if stored else None
    finally:
        engine.dispose()
    if purged is None:
        print(f"no conversations stored in {where}")
        return 0
    if purged.skipped:
        print(f"another server is purging {where} now: nothing deleted here; it deletes the same")
        return 0
    print(
        f"deleted {purged.conversations} conversation(s), {purged.events} event(s), whose last "
        f"message is more than {days} days old, from {where}"
    )
    return 0
