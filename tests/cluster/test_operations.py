"""What an operator runs on a running cluster: `make retention` purges the cluster's own
conversations (deployment review P10), and the servers' logs are free of the libraries'
DeprecationWarnings (review P18; the units start them through bot/tooling/service.py)."""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from pathlib import Path

import sqlalchemy as sa

from bot.settings import PROJECT_ROOT
from bot.tooling.cluster import CONVERSATIONS_DB, Cluster
from bot.tooling.evaluation import ask
from tests.cluster.support import stored

DAY = 86400


def test_make_retention_purges_the_clusters_conversations(cluster: Cluster, tmp_path: Path) -> None:
    old, recent = uuid.uuid4().hex, uuid.uuid4().hex
    for sender in (old, recent):
        ask(cluster.config.balancer_url, "hello", sender=sender)
    engine = sa.create_engine(cluster.database_url(CONVERSATIONS_DB))
    try:
        with engine.begin() as connection:  # its last message 40 days ago
            connection.execute(
                sa.text("UPDATE events SET timestamp = timestamp - :age WHERE sender_id = :id"),
                {"age": 40 * DAY, "id": old},
            )
    finally:
        engine.dispose()
    assert stored(cluster, old) and stored(cluster, recent)
    finished = subprocess.run(
        ["make", "--no-print-directory", "retention", f"CLUSTER_ROOT={cluster.config.root}"],
        cwd=PROJECT_ROOT,
        # make run's store is purged first: an empty one here, not this checkout's
        env={**os.environ, "RPA_TRACKER_DB": str(tmp_path / "conversations.db")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "no conversations stored" in finished.stdout  # make run's
    # (other tests' conversations may be past retention too: counted, not asserted)
    assert re.search(
        rf"deleted [1-9]\d* conversation\(s\).* from \S+:{cluster.config.postgres_port}/"
        rf"{CONVERSATIONS_DB}$",
        finished.stdout,
        re.MULTILINE,
    ), finished.stdout
    assert stored(cluster, old) == []
    assert stored(cluster, recent)


def test_the_servers_logs_hold_no_deprecation_warning(cluster: Cluster) -> None:
    logs = {
        path.name: path.read_text(encoding="utf-8", errors="replace")
        for path in cluster.config.log_dir.glob("*.log")
        if path.name.startswith(("rasa-", "actions-"))
    }
    assert len(logs) == len(cluster.config.rasa_ports) + len(cluster.config.actions_ports), logs
    assert all("Starting Rasa server" in text or "Action server" in text for text in logs.values())
    warned = {
        name: [line for line in text.splitlines() if "DeprecationWarning" in line]
        for name, text in logs.items()
    }
    assert not any(warned.values()), warned
