"""Where the cluster keeps its files, which ports it listens on, and the names its parts share."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.settings import CURRENT_MODEL as CURRENT_MODEL  # the model link the units name
from bot.settings import PROJECT_ROOT
from bot.tooling.processes import free_ports

DEPLOY = PROJECT_ROOT / "deploy"
DEFAULT_ROOT = PROJECT_ROOT / "var" / "cluster"
KNOWLEDGE_DB = "rpa_knowledge"
CONVERSATIONS_DB = "rpa_conversations"
DB_USER = "rpa"
REDIS_USER = "rpa"
POSTGRES_SUPERUSER = "postgres"
POSTGRES_OS_USER = "postgres"
"""PostgreSQL refuses to run as root: as root, its server runs as Debian's postgres user."""
LOCAL = "local.env"
"""The deployer's settings (deploy/local.env filled in): written only when missing, never
again, and read after rpa.env, so its values win."""


def scratch_root(prefix: str) -> Path:
    """A temporary folder for a cluster (tests, benchmarks) that PostgreSQL's own user can
    reach: mkdtemp's folders are private to their creator."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    root.chmod(0o755)
    return root


@dataclass(frozen=True)
class ClusterConfig:
    """Where the cluster keeps its files and which loopback ports it listens on. The defaults
    (`make cluster`) stay clear of `make run` (5005, 5055) and of Debian's own PostgreSQL and
    Redis services (5432, 6379)."""

    root: Path = DEFAULT_ROOT
    balancer_port: int = 5080
    actions_balancer_port: int = 5081
    rasa_ports: tuple[int, ...] = (5011, 5012)
    actions_ports: tuple[int, ...] = (5061, 5062)
    postgres_port: int = 5433
    redis_port: int = 6380
    https_port: int = 5443
    http_port: int = 5079
    public_address: str = "127.0.0.1"
    """Where HAProxy's public front end listens (a server: its public address, or "" for
    all); the cluster on this machine keeps it on the loopback."""
    certificate: Path | None = None
    """The certificate and key (one PEM file) for TLS; None: a self-signed one made for
    localhost under conf/ (make cluster, tests)."""
    mode: str = "development"
    haproxy_socket_dir: Path | None = None
    """A server's /run/rpa-haproxy; the cluster on this machine keeps it under run/."""
    redis_dir: Path | None = None
    """A server's /var/lib/redis (where Debian's and Ubuntu's redis-server@ unit lets Redis
    work); the cluster on this machine keeps it under data/."""
    """RPA_MODE written into a new local.env; an existing local.env is never changed."""

    @classmethod
    def on_free_ports(
        cls, root: Path, rasa_instances: int = 2, action_servers: int = 2
    ) -> ClusterConfig:
        """A configuration that does not collide with anything running (tests, benchmarks)."""
        ports = free_ports(6 + rasa_instances + action_servers)
        return cls(
            root=root,
            https_port=ports.pop(),
            http_port=ports.pop(),
            balancer_port=ports.pop(),
            actions_balancer_port=ports.pop(),
            postgres_port=ports.pop(),
            redis_port=ports.pop(),
            rasa_ports=tuple(ports[:rasa_instances]),
            actions_ports=tuple(ports[rasa_instances:]),
        )

    @property
    def conf_dir(self) -> Path:
        return self.root / "conf"

    @property
    def run_dir(self) -> Path:
        return self.root / "run"

    @property
    def haproxy_run_dir(self) -> Path:
        """HAProxy's admin socket's folder: on a server /run/rpa-haproxy, which its unit's
        RuntimeDirectory= makes (systemd/haproxy.service.d/rpa.conf)."""
        return self.haproxy_socket_dir or self.run_dir / "haproxy"

    @property
    def log_dir(self) -> Path:
        return self.root / "log"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def balancer_url(self) -> str:
        return f"http://127.0.0.1:{self.balancer_port}"

    @property
    def public_url(self) -> str:
        """https://localhost:<port> for the cluster on this machine; for a server, whose
        name only its deployer knows, empty (a production start is refused until it is set)."""
        if self.public_address not in ("127.0.0.1", "localhost"):
            return ""
        return "https://localhost" + ("" if self.https_port == 443 else f":{self.https_port}")

    @property
    def certificate_file(self) -> Path:
        return self.certificate or self.conf_dir / "localhost.pem"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    def ports(self) -> list[int]:
        return [
            self.balancer_port,
            self.actions_balancer_port,
            self.https_port,
            self.http_port,
            *self.rasa_ports,
            *self.actions_ports,
            self.postgres_port,
            self.redis_port,
        ]
