"""The assistant as a cluster (bot/tooling/cluster.py) on the real engines, started once for
these tests on free ports: PostgreSQL, Redis, HAProxy, two Rasa instances, two action servers.

Every test here is marked `cluster` (`pytest -m "not cluster"` leaves them out). The failover
test kills an instance, so it runs after the others that share the cluster."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.channels.trainer.auth import ENV_PASSWORD_HASH, ENV_SESSION_SECRET, hash_password
from bot.tooling.cluster import Cluster, ClusterConfig, scratch_root
from tests.cluster.support import TRAINER_PASSWORD, require_packages

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
    require_packages()
    root = scratch_root("rpa-test-cluster-")
    # The trainer credential and one session secret for every instance, as a deployment sets
    # them: the workshop test signs in on one instance and uses the cookie on the other.
    trainer = {ENV_PASSWORD_HASH: hash_password(TRAINER_PASSWORD), ENV_SESSION_SECRET: root.name}
    before = {name: os.environ.get(name) for name in trainer}
    os.environ.update(trainer)
    try:
        with Cluster(ClusterConfig.on_free_ports(root)) as running:
            yield running
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(root, ignore_errors=True)
