"""`python -m bot backup create|restore`: the knowledge database, feedback and usage events.

The knowledge content could be loaded again from knowledge/, but feedback and the anonymous
usage events exist nowhere else, so the whole database is backed up: with pg_dump and
pg_restore on PostgreSQL (the cluster's rpa_knowledge), with SQLite's own backup API on SQLite
(a consistent copy even while the assistant writes). Conversations are never backed up: a backup
would keep them past RPA_RETENTION_DAYS.

A backup holds minimised text (unanswered questions, feedback reasons), so its file is readable
by its owner only, like the database.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from bot.settings import ENV_DATABASE_URL, PROJECT_ROOT, load_settings
from bot.tooling.cluster import postgres_tool

BACKUP_DIR = PROJECT_ROOT / "var" / "backups"
"""make run's; a server's backups go outside the checkout (--dir, rpa-backup.service)."""
SUFFIXES = {"sqlite": ".sqlite", "postgresql": ".dump"}
"""An SQLite database file, or pg_dump's custom format (what pg_restore reads)."""


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def _dialect(url: URL) -> str:
    dialect = url.get_backend_name()
    if dialect not in SUFFIXES:
        raise BackupError(f"{dialect}: only SQLite and PostgreSQL databases can be backed up")
    return dialect


def default_target(
    database_url: str, now: datetime | None = None, folder: Path = BACKUP_DIR
) -> Path:
    """<folder>/knowledge-<UTC time>.<sqlite|dump>, var/backups/ by default."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    return folder / f"knowledge-{stamp}{SUFFIXES[_dialect(make_url(database_url))]}"


def _private_file(path: Path) -> None:
    """An empty file only its owner can read, for the backup to be written into."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))


def _sqlite_copy(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as reading, closing(sqlite3.connect(target)) as writing:
        reading.backup(writing)


def _libpq_environment(url: URL) -> dict[str, str]:
    """The connection as libpq's variables: no password on a command line (other users can
    read those); without one in the URL, PGPASSWORD from the environment is used."""
    settings = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    return {**os.environ, **{key: value for key, value in settings.items() if value}}


def _run(command: list[str], url: URL) -> None:
    finished = subprocess.run(
        command, env=_libpq_environment(url), capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        failed = f"{Path(command[0]).name} failed: {finished.stderr.strip()}"
        if "Connection refused" in finished.stderr:
            # the cluster stopped is the usual cause (deployment review P18)
            failed += (
                f"\n{url.render_as_string(hide_password=True)} is not reachable: start its "
                "PostgreSQL first (the cluster: `make cluster`; a server: "
                "`systemctl start postgresql`)"
            )
        raise BackupError(failed)


def create_backup(database_url: str, target: Path) -> Path:
    """Writes a backup of the whole database to `target`; returns it."""
    url = make_url(database_url)
    dialect = _dialect(url)
    if target.suffix != SUFFIXES[dialect]:
        raise BackupError(f"{target}: a {dialect} backup's name ends in {SUFFIXES[dialect]}")
    partial = target.with_name(f".{target.name}.partial")
    _private_file(partial)
    try:
        if dialect == "sqlite":
            source = Path(url.database or "")
            if not source.is_file():
                raise BackupError(f"{source}: no such database")
            _sqlite_copy(source, partial)
        else:
            _run(
                [
                    postgres_tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={partial}",
                ],
                url,
            )
    except BaseException:
        partial.unlink(missing_ok=True)  # never a file that looks like a backup and is not
        raise
    partial.replace(target)
    return target


def restore_backup(database_url: str, source: Path) -> None:
    """Replaces the database's content with the backup's, in one transaction: if the restore
    fails, the database is left as it was. An SQLite database is replaced whole; on PostgreSQL,
    a table created since the backup is left alone."""
    url = make_url(database_url)
    dialect = _dialect(url)
    if not source.is_file() or source.suffix != SUFFIXES[dialect]:
        raise BackupError(f"{source}: not a {dialect} backup ({SUFFIXES[dialect]} file)")
    if dialect == "sqlite":
        _sqlite_copy(source, Path(url.database or ""))
    else:
        _run(
            [
                postgres_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={url.database}",
                str(source),
            ],
            url,
        )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `backup` command's actions, for bot/tooling/cli.py."""
    actions = parser.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="back up the knowledge database")
    target = create.add_mutually_exclusive_group()
    target.add_argument("--out", help="backup file (default: var/backups/knowledge-<time>.*)")
    target.add_argument("--dir", help="folder for knowledge-<time>.* (default: var/backups)")
    restore = actions.add_parser("restore", help="replace the knowledge database with a backup")
    restore.add_argument("file", help="a file `backup create` wrote")
    restore.add_argument(
        "--yes", action="store_true", help="confirm: feedback and usage events since are lost"
    )
    for action in (create, restore):
        action.add_argument(
            "--database-url", help=f"default: ${ENV_DATABASE_URL}, else var/knowledge.db"
        )


def run(args: argparse.Namespace) -> int:
    """Handler for `backup create` and `backup restore`; exit status 1 if it cannot be done."""
    database_url = args.database_url or load_settings().database_url
    shown = make_url(database_url).render_as_string(hide_password=True)
    try:
        if args.action == "create":
            folder = Path(args.dir) if args.dir else BACKUP_DIR
            target = Path(args.out or default_target(database_url, folder=folder))
            target = create_backup(database_url, target)
            print(f"{shown} backed up to {target}")
        elif not args.yes:
            print(
                f"restoring {args.file} replaces everything in {shown}, feedback and usage "
                "events recorded since included: add --yes to go ahead",
                file=sys.stderr,
            )
            return 1
        else:
            restore_backup(database_url, Path(args.file))
            print(f"{shown} restored from {args.file}")
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    except PermissionError as error:
        print(f"{error}: run it as the user owning that folder (rpa)", file=sys.stderr)
        return 1
    return 0
