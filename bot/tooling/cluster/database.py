"""The cluster's PostgreSQL set up: its data folder the first time, the assistant's role,
databases and tables, and the knowledge base loaded into them."""

from __future__ import annotations

import shutil
import stat
from dataclasses import replace
from pathlib import Path

from bot.knowledge.store import load_knowledge as load_knowledge_into
from bot.settings import PROJECT_ROOT, load_settings
from bot.tooling.cluster.config import (
    CONVERSATIONS_DB,
    DB_USER,
    DEPLOY,
    KNOWLEDGE_DB,
    POSTGRES_SUPERUSER,
    ClusterConfig,
)
from bot.tooling.cluster.environment import cluster_secrets, units_environment
from bot.tooling.cluster.programs import postgres_os_user, postgres_tool, run
from bot.tooling.schema import create_schema


def database_url(config: ClusterConfig, database: str) -> str:
    """The URL this process connects with (the servers read the password from PGPASSWORD)."""
    password = cluster_secrets(config.conf_dir)["PGPASSWORD"]
    return f"postgresql://{DB_USER}:{password}@127.0.0.1:{config.postgres_port}/{database}"


def superuser_options(config: ClusterConfig) -> list[str]:
    """A PostgreSQL client's options for the superuser, who connects through the socket only."""
    return [
        "--host",
        str(config.run_dir / "postgres"),
        "--port",
        str(config.postgres_port),
        "--username",
        POSTGRES_SUPERUSER,
    ]


def init_postgres(config: ClusterConfig) -> None:
    """A new database cluster, the first time: the superuser may only connect through the
    socket (in a folder only its user can open), everyone else with a password."""
    data = config.data_dir / "postgres"
    sockets = config.run_dir / "postgres"
    sockets.mkdir(mode=0o700, exist_ok=True)
    owner = postgres_os_user()
    if owner is not None:
        open_the_way(data)
        open_the_way(sockets)
    if not (data / "PG_VERSION").exists():
        data.mkdir(mode=0o700, parents=True, exist_ok=True)
        if owner is not None:
            shutil.chown(data, owner, owner)
        run(
            [
                postgres_tool("initdb"),
                "--pgdata",
                str(data),
                "--username",
                POSTGRES_SUPERUSER,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
            ],
            user=owner,
            hint=f"{owner} must be able to open every folder above {data}" if owner else "",
        )
        include = f"\ninclude '{config.conf_dir / 'postgresql.conf'}'\n"
        with open(data / "postgresql.conf", "a", encoding="utf-8") as settings:
            settings.write(include)
    if owner is not None:
        shutil.chown(sockets, owner, owner)


def create_databases(config: ClusterConfig) -> None:
    """Runs deploy/postgres-init.sql with the role's password (through stdin, never on a
    command line), then creates every table once, before any server races to."""
    run(
        [
            postgres_tool("psql"),
            *superuser_options(config),
            "--dbname",
            "postgres",
            "--quiet",
            "--set",
            "ON_ERROR_STOP=1",
        ],
        stdin=init_script(config),
    )
    create_schema(database_url(config, KNOWLEDGE_DB), database_url(config, CONVERSATIONS_DB))


def init_script(config: ClusterConfig) -> str:
    """deploy/postgres-init.sql preceded by the role's password from secrets.env, for psql's
    standard input: never on a command line, where other users could read it."""
    script = (DEPLOY / "postgres-init.sql").read_text(encoding="utf-8")
    return f"\\set rpa_password '{cluster_secrets(config.conf_dir)['PGPASSWORD']}'\n{script}"


def load_knowledge(config: ClusterConfig) -> None:
    """knowledge/ into the cluster's database (as `make knowledge` does for SQLite), with
    the deployment's links and confirmations from its environment files."""
    environment = units_environment(config.conf_dir)
    deployed = load_settings(environment)
    settings = replace(
        load_settings(),
        database_url=database_url(config, KNOWLEDGE_DB),
        links_file=deployed.links_file,
        confirmations_file=deployed.confirmations_file,
    )
    load_knowledge_into(settings, environment)


def open_the_way(path: Path) -> None:
    """PostgreSQL runs as its own user when we are root, and must pass through every folder
    above its data. The project's var/ is private to its owner (umask 077), so folders of the
    project above `path` may be entered by others (o+x), not listed; every file in them stays
    readable by its owner only. Folders outside the project are left as they are."""
    for folder in path.parents:
        if folder != PROJECT_ROOT and PROJECT_ROOT not in folder.parents:
            break
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)
