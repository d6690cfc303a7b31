"""The cluster's processes, each with how to tell that it is ready: PostgreSQL, Redis, the
Rasa instances and action servers (as their systemd units start them) and HAProxy."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import redis  # type: ignore[import-untyped]

from bot.settings import ENV_REDIS_PASSWORD, PROJECT_ROOT
from bot.tooling.cluster.config import REDIS_USER, ClusterConfig
from bot.tooling.cluster.database import superuser_options
from bot.tooling.cluster.environment import cluster_secrets, service_environment
from bot.tooling.cluster.programs import postgres_os_user, postgres_tool, program
from bot.tooling.cluster.templates import Unit
from bot.tooling.processes import port_in_use, responds


@dataclass
class Service:
    """One process of the cluster, and how to tell that it is ready."""

    name: str
    command: list[str]
    ready: Callable[[], bool]
    environment: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: Path = PROJECT_ROOT
    run_as: str | None = None


def postgres(config: ClusterConfig) -> Service:
    return Service(
        "postgres",
        [postgres_tool("postgres"), "-D", str(config.data_dir / "postgres")],
        ready=lambda: _postgres_ready(config),
        run_as=postgres_os_user(),
    )


def _postgres_ready(config: ClusterConfig) -> bool:
    command = [postgres_tool("pg_isready"), *superuser_options(config), "--quiet"]
    return subprocess.run(command, check=False).returncode == 0


def redis_server(config: ClusterConfig) -> Service:
    def ready() -> bool:
        client = redis.Redis(
            port=config.redis_port,
            username=REDIS_USER,
            password=cluster_secrets(config.conf_dir)[ENV_REDIS_PASSWORD],
            socket_timeout=2,
        )
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    return Service("redis", [program("redis-server"), str(config.conf_dir / "redis.conf")], ready)


def haproxy(config: ClusterConfig) -> Service:
    config_file = str(config.conf_dir / "haproxy.cfg")
    return Service(
        "haproxy",
        [program("haproxy"), "-db", "-f", config_file],
        ready=lambda: port_in_use(config.balancer_port),
    )


def server(config: ClusterConfig, kind: str, port: int) -> Service:
    """A Rasa instance or an action server, as its systemd unit would start it."""
    unit = Unit.read(config.conf_dir / f"systemd/rpa-{kind}@.service")
    environment = unit.environment(service_environment())
    path = "/" if kind == "rasa" else "/health"
    return Service(
        f"{kind}-{port}",
        unit.command(str(port), environment),
        ready=lambda: responds(f"http://127.0.0.1:{port}{path}"),
        environment=environment,
        cwd=unit.working_directory,
    )


def services(config: ClusterConfig) -> list[Service]:
    """Every process, in start order."""
    return [
        postgres(config),
        redis_server(config),
        *(server(config, "actions", port) for port in config.actions_ports),
        *(server(config, "rasa", port) for port in config.rasa_ports),
        haproxy(config),
    ]
