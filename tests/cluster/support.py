"""The cluster's engines for tests: PostgreSQL alone, and what the cluster tests read back."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.tooling.cluster import (
    CONVERSATIONS_DB,
    Cluster,
    ClusterConfig,
    missing_packages,
    scratch_root,
)

TRAINER_PASSWORD = "the cluster tests' trainer password"
REST_TOKEN = "cluster-rest-" + "t" * 40


def add_settings(path: Path, settings: dict[str, str]) -> None:
    """What a deployer does to local.env or secrets.env: lines added at the end."""
    with path.open("a", encoding="utf-8") as file:
        file.write("".join(f"{name}={value}\n" for name, value in settings.items()))


def require_packages() -> None:
    """The engines come from Debian's packages; without them the tests cannot say anything."""
    missing = missing_packages()
    if missing:
        pytest.fail(f"missing Debian packages {' '.join(missing)}: run `make cluster-deps`")


@contextmanager
def databases(prefix: str) -> Iterator[Cluster]:
    """The cluster's PostgreSQL alone, with the assistant's role and databases, on free ports
    in a folder of its own; removed afterwards."""
    require_packages()
    root = scratch_root(prefix)
    cluster = Cluster(ClusterConfig.on_free_ports(root))
    try:
        cluster.start_databases()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def stored(cluster: Cluster, sender: str) -> list[dict[str, Any]]:
    """A conversation's events as the cluster's PostgreSQL holds them, in order."""
    engine = sa.create_engine(cluster.database_url(CONVERSATIONS_DB))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id"),
                {"sender": sender},
            )
            return [json.loads(data) for (data,) in rows]
    finally:
        engine.dispose()


def shape(events: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """What happened, without when: each event's type and the action, intent, slot or form it
    names. Two runs of the same turns have the same shape."""
    return [
        (
            event["event"],
            str(
                event.get("name")
                or (event.get("parse_data") or {}).get("intent", {}).get("name")
                or ""
            ),
        )
        for event in events
    ]


def served(cluster: Cluster) -> dict[str, int]:
    """Requests each Rasa instance has had from the balancer so far, by server name."""
    return {
        name.split("/")[1]: int(stats["stot"])
        for name, stats in cluster.server_stats().items()
        if name.startswith("rasa/")
    }


def instances_used(cluster: Cluster, before: dict[str, int]) -> set[str]:
    return {name for name, total in served(cluster).items() if total > before.get(name, 0)}


ESCALATION = (
    "I need to escalate a concern about another agency",
    "they haven't replied to any of my information requests",
    "not yet",
)
"""The route finder, a form over three turns: the last reply is the route."""


def is_route(reply: str) -> bool:
    return "your escalation route" in reply and "manager" in reply and "independent chair" in reply
