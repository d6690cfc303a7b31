"""The assistant as a cluster (bot/tooling/cluster/) on the real engines, started once for
these tests on free ports: PostgreSQL, Redis, HAProxy, two Rasa instances, two action servers.

Every test here is marked `cluster` (`pytest -m "not cluster"` leaves them out). The failover
test kills an instance, so it runs after the others that share the cluster."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import ENV_MODE, ENV_REST_TOKEN, ENV_TRAINER_PASSWORD_HASH
from bot.tooling.cluster import LOCAL, Cluster, ClusterConfig, scratch_root
from bot.web.trainer import hash_password
from tests.cluster.support import REST_TOKEN, TRAINER_PASSWORD, add_settings, require_packages

HERE = Path(__file__).parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "cluster: starts the cluster (tests/cluster/)")
    config.addinivalue_line("markers", "kills_an_instance: leaves the cluster one instance short")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.cluster)
    items.sort(key=lambda item: item.get_closest_marker("kills_an_instance") is not None)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    """The cluster in production mode, set up as deploy/README says: the deployer's settings
    added to local.env and secrets.env, which the cluster then never rewrites."""
    require_packages()
    root = scratch_root("rpa-test-cluster-")
    running = Cluster(ClusterConfig.on_free_ports(root))
    running.prepare()
    add_settings(running.config.conf_dir / LOCAL, {ENV_MODE: "production"})
    add_settings(
        running.config.conf_dir / "secrets.env",
        {
            ENV_REST_TOKEN: REST_TOKEN,
            ENV_TRAINER_PASSWORD_HASH: f"'{hash_password(TRAINER_PASSWORD)}'",
        },
    )
    try:
        with running:
            yield running
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def rest_token(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' REST calls (evaluation.ask) carry the cluster's token. Set per test, not for
    the session: a session-long token leaked into every later test directory and closed their
    development servers' REST channel (CI, stop 18)."""
    monkeypatch.setenv(ENV_REST_TOKEN, REST_TOKEN)
