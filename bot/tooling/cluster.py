"""The assistant as a cluster on one machine: `make cluster` and `make cluster-stop`.

PostgreSQL holds the knowledge base (with feedback and usage events) and the conversations,
Redis is Rasa's lock store, and HAProxy spreads the work over two or more Rasa instances and
the action servers. Every one of them runs from Debian's packages as this project's own
process, with its data, configuration, logs and pid files under var/cluster/, never as the
system's services.

What runs is what a deployer installs: every configuration file comes from deploy/, filled in
only with ports and paths, and the Rasa and action servers are started from the ExecStart
lines and environment files of deploy/systemd/. `python -m bot cluster config --root DIR`
writes those files, filled in, to DIR/conf/ for a server (deploy/README.md).

Each conversation is kept on one Rasa instance by the balancer (a hash of the sender id in the
request body): Rasa Open Source's RedisLockStore takes a conversation's lock in two steps, so two
instances handling one conversation at the same moment can both take it (Rasa issue 9213; the
fix was reverted and kept for the commercial edition). Any instance can still carry on any
conversation, one turn after another, since all of them share the tracker store.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import redis  # type: ignore[import-untyped]

from bot.knowledge.store import load_knowledge
from bot.settings import PROJECT_ROOT, load_settings
from bot.tooling import deployment_check, envfile
from bot.tooling.fingerprint import model_path
from bot.tooling.schema import create_schema
from bot.tooling.serve import READY_TIMEOUT_SECONDS, credentials_file, responds

DEPLOY = PROJECT_ROOT / "deploy"
DEFAULT_ROOT = PROJECT_ROOT / "var" / "cluster"
KNOWLEDGE_DB = "rpa_knowledge"
CONVERSATIONS_DB = "rpa_conversations"
DB_USER = "rpa"
REDIS_USER = "rpa"
POSTGRES_SUPERUSER = "postgres"
POSTGRES_OS_USER = "postgres"
"""PostgreSQL refuses to run as root: as root, its server runs as Debian's postgres user."""
RENDERED = (
    "haproxy.cfg",
    "systemd/haproxy.service.d/rpa.conf",
    "systemd/rpa-backup.service",
    "systemd/rpa-backup.timer",
    "redis.conf",
    "postgresql.conf",
    "rpa.env",
    "systemd/rpa-rasa@.service",
    "systemd/rpa-actions@.service",
)
"""The deploy/ files with @...@ placeholders, owned by the tools: written again by every
`cluster config` and `make cluster`. postgres-init.sql has none and is run as it is."""
LOCAL = "local.env"
"""The deployer's settings (deploy/local.env filled in): written only when missing, never
again, and read after rpa.env, so its values win."""
PRIVATE = frozenset({"redis.conf", "secrets.env"})
"""Rendered files holding a secret or its hash: readable by their owner only."""
SECRETS = ("PGPASSWORD", "RPA_REDIS_PASSWORD", "RPA_ACTION_TOKEN", "RPA_SESSION_SECRET")
"""The role's password (libpq reads PGPASSWORD), Redis's, the token Rasa sends the action
servers (bot/tooling/action_server.py) and the trainer sessions' secret, one for every
instance: 48 hex characters each. The deployer adds RPA_REST_TOKEN and
RPA_TRAINER_PASSWORD_HASH; a line is only ever added, never rewritten."""
SECRETS_HEADER = (
    "# Secrets of this deployment (mode 600). bot/tooling/cluster.py adds a generated secret\n"
    "# when it is missing and never rewrites a line; add RPA_REST_TOKEN and\n"
    "# RPA_TRAINER_PASSWORD_HASH (quoted or not: systemd and --env-file read it alike)."
)
ENV_FILES = ("rpa.env", LOCAL, "secrets.env")
"""The units' EnvironmentFile= lines, in order: later files win."""
CURRENT_MODEL = PROJECT_ROOT / "models" / "current.tar.gz"
"""A link to the model for the current data (`make model` moves it), so the units never need
rendering again after a retraining: restarting the instances is enough."""
SERVICE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""The PATH systemd gives a service."""
PLACEHOLDER = re.compile(r"@([A-Z0-9_]+)@")
REPEATED = ("RASA_PORT", "ACTIONS_PORT")
"""A template line holding one of these is written once per instance."""
STOP_SECONDS = 30.0
STOP_SIGNALS = {"postgres": signal.SIGINT, "haproxy": signal.SIGUSR1}
"""PostgreSQL's "fast" shutdown (clients cut off, nothing lost) and HAProxy's soft stop (requests
in progress are finished); SIGTERM for the others."""
STOP_ORDER = ("haproxy", "rasa-", "actions-", "redis", "postgres")
"""The balancer first and PostgreSQL last, so no server loses its database while it answers."""


def _find_postgres_tool(name: str) -> str | None:
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    return str(versions[-1]) if versions else shutil.which(name)


def postgres_tool(name: str) -> str:
    """A PostgreSQL program: Debian keeps the server's in /usr/lib/postgresql/<version>/bin,
    off PATH, so the newest version there first, then PATH."""
    found = _find_postgres_tool(name)
    if found is None:
        raise FileNotFoundError(f"{name}: PostgreSQL is not installed; run `make cluster-deps`")
    return found


def _find_program(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")


def _program(name: str) -> str:
    found = _find_program(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed; run `make cluster-deps`")
    return found


def missing_packages() -> list[str]:
    """The Debian packages the cluster needs and this machine lacks (`make cluster-deps`)."""
    postgres = ("initdb", "postgres", "pg_isready", "psql", "pg_dump", "pg_restore")
    missing = [] if all(_find_postgres_tool(name) for name in postgres) else ["postgresql"]
    programs = ("redis-server", "haproxy", "openssl")
    return missing + [name for name in programs if _find_program(name) is None]


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on now, on the loopback interface, all different: each stays
    bound until all are found."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


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


def render(
    template: str, values: Mapping[str, str | None], repeated: Mapping[str, Sequence[int]]
) -> str:
    """Fills a deploy/ template: @NAME@ from `values`; a line holding a repeated name is written
    once per value; a line holding a name whose value is None is left out (HAProxy's chroot and
    user, which only root may use). A placeholder left unfilled is an error, never a broken
    file."""
    lines = []
    for line in template.splitlines():
        names = [name for name in REPEATED if f"@{name}@" in line]
        copies = (
            [line.replace(f"@{names[0]}@", str(v)) for v in repeated[names[0]]] if names else [line]
        )
        for copy in copies:
            if any(values.get(name, "") is None for name in PLACEHOLDER.findall(copy)):
                continue
            filled = PLACEHOLDER.sub(lambda m: _value_or_itself(values, m), copy)
            unfilled = PLACEHOLDER.findall(filled)
            if unfilled:
                raise KeyError(f"no value for @{unfilled[0]}@ in: {line.strip()}")
            lines.append(filled)
    return "\n".join(lines) + "\n"


def _value_or_itself(values: Mapping[str, str | None], match: re.Match[str]) -> str:
    value = values.get(match.group(1))
    return match.group(0) if value is None else value


def service_environment() -> dict[str, str]:
    """What systemd starts a service with before its EnvironmentFile= lines: nothing of the
    caller's (a setting only in the shell that ran `make cluster` would be lost on a server)."""
    kept = {name: os.environ[name] for name in ("HOME", "LANG") if name in os.environ}
    return {"PATH": SERVICE_PATH, **kept}


@dataclass(frozen=True)
class Unit:
    """What a systemd service unit of deploy/systemd/ runs: its command, working directory and
    environment files (a leading "-": optional, as in systemd). `User=` is the one line not
    applied: the cluster runs as its caller."""

    exec_start: str
    working_directory: Path
    environment_files: tuple[Path, ...]

    @classmethod
    def read(cls, path: Path) -> Unit:
        settings: dict[str, list[str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            key, separator, value = line.partition("=")
            if separator and not line.startswith("#"):
                settings.setdefault(key.strip(), []).append(value.strip())
        return cls(
            exec_start=settings["ExecStart"][0],
            working_directory=Path(settings["WorkingDirectory"][0]),
            environment_files=tuple(
                Path(value.removeprefix("-")) for value in settings["EnvironmentFile"]
            ),
        )

    def environment(self, base: Mapping[str, str]) -> dict[str, str]:
        environment = dict(base)
        envfile.load((path for path in self.environment_files if path.exists()), environment)
        return environment

    def command(self, instance: str, environment: Mapping[str, str]) -> list[str]:
        """ExecStart as systemd expands it: %i is the instance, `$NAME` alone becomes the
        variable's words, `${NAME}` its whole value."""
        words = []
        for word in shlex.split(self.exec_start.replace("%i", instance)):
            if re.fullmatch(r"\$\w+", word):
                words += environment.get(word[1:], "").split()
            else:
                words.append(re.sub(r"\$\{(\w+)\}", lambda m: environment.get(m[1], ""), word))
        return words


@dataclass
class Service:
    """One process of the cluster, and how to tell that it is ready."""

    name: str
    command: list[str]
    ready: Callable[[], bool]
    environment: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: Path = PROJECT_ROOT
    run_as: str | None = None


class Cluster:
    """Starts, watches and stops the cluster's processes; a context manager for tests and
    benchmarks, and `start`/`stop` for `make cluster` (the processes outlive the command and
    are found again through their pid files)."""

    def __init__(self, config: ClusterConfig, model: Path | None = None) -> None:
        """`model`: the model file the units name; the one for the current data by default
        (tests, benchmarks); the command line gives the stable link, CURRENT_MODEL."""
        self.config = config
        self.model = model or PROJECT_ROOT / model_path()
        self._children: dict[str, subprocess.Popen[bytes]] = {}

    # Files

    def prepare(self) -> None:
        """Folders, secrets (generated once), the deployer's local.env (written once) and the
        configuration rendered from deploy/."""
        self.config.run_dir.mkdir(parents=True, exist_ok=True)
        self.config.haproxy_run_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.config.log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        (self.config.data_dir / "redis").mkdir(parents=True, exist_ok=True, mode=0o700)
        self.write_configuration()

    def write_configuration(self) -> None:
        """deploy/'s files filled in for this cluster, in its conf/ folder; secrets.env and
        local.env only where something is missing; a TLS certificate for localhost when the
        configuration names none."""
        (self.config.conf_dir / "systemd").mkdir(parents=True, exist_ok=True)
        values = self.template_values()
        local = self.config.conf_dir / LOCAL
        if not local.exists():
            template = (DEPLOY / LOCAL).read_text(encoding="utf-8")
            write_file(local, render(template, values, {}))
        if self.config.certificate is None and not self.config.certificate_file.exists():
            self_signed_certificate(self.config.certificate_file)
        for name in RENDERED:
            target = self.config.conf_dir / name
            text = render(
                (DEPLOY / name).read_text(encoding="utf-8"),
                values,
                {"RASA_PORT": self.config.rasa_ports, "ACTIONS_PORT": self.config.actions_ports},
            )
            write_file(target, text, private=name in PRIVATE)

    def secrets(self) -> dict[str, str]:
        """secrets.env: the database and Redis passwords and the action servers' token, each
        made the first time it is missing and kept (the database's role has the password)."""
        path = self.config.conf_dir / "secrets.env"
        kept = envfile.read(path) if path.exists() else {}
        made = {name: secrets.token_hex(24) for name in SECRETS if name not in kept}
        if made:
            path.parent.mkdir(parents=True, exist_ok=True)
            new = not path.exists()
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            if new or os.fstat(descriptor).st_mode & 0o037:  # at most the group may read
                os.fchmod(descriptor, 0o600)
            with os.fdopen(descriptor, "a", encoding="utf-8") as file:
                ends_open = not new and not path.read_bytes().endswith(b"\n")
                lines = [SECRETS_HEADER] if new else [""] if ends_open else []
                file.write("\n".join(lines + [f"{k}={v}" for k, v in made.items()]) + "\n")
        return {**kept, **made}

    def environment(self) -> dict[str, str]:
        """What the units' processes get: systemd's base, then rpa.env, local.env and
        secrets.env, read as systemd reads them."""
        environment = service_environment()
        envfile.load(
            (
                self.config.conf_dir / name
                for name in ENV_FILES
                if (self.config.conf_dir / name).exists()
            ),
            environment,
        )
        return environment

    def template_values(self) -> dict[str, str | None]:
        config = self.config
        redis_password = self.secrets()["RPA_REDIS_PASSWORD"]
        root = os.geteuid() == 0
        return {
            "PROJECT_ROOT": str(PROJECT_ROOT),
            "PYTHON": sys.executable,
            "MODEL": str(self.model),
            "CREDENTIALS": str(credentials_file(self.environment(), config.conf_dir)),
            "CONF_DIR": str(config.conf_dir),
            "RUN_DIR": str(config.run_dir),
            "HAPROXY_RUN_DIR": str(config.haproxy_run_dir),
            # HAProxy drops root for its own user in a chroot; a cluster started by another
            # user cannot (and need not: it has nothing to drop).
            "HAPROXY_USER": "haproxy" if root else None,
            "HAPROXY_CHROOT": "/var/lib/haproxy" if root else None,
            "PUBLIC_ADDRESS": config.public_address,
            "HTTPS_PORT": str(config.https_port),
            "HTTP_PORT": str(config.http_port),
            "CERTIFICATE": str(config.certificate_file),
            "PUBLIC_URL": config.public_url,
            "MODE": config.mode,
            "SERVICE_USER": pwd.getpwuid(os.geteuid()).pw_name if not root else "rpa",
            "REDIS_DIR": str(config.redis_dir or config.data_dir / "redis"),
            "BALANCER_PORT": str(config.balancer_port),
            "ACTIONS_BALANCER_PORT": str(config.actions_balancer_port),
            "POSTGRES_PORT": str(config.postgres_port),
            "REDIS_PORT": str(config.redis_port),
            "REDIS_PASSWORD_SHA256": hashlib.sha256(redis_password.encode()).hexdigest(),
        }

    def database_url(self, database: str) -> str:
        """The URL this process connects with (the servers read the password from PGPASSWORD)."""
        password = self.secrets()["PGPASSWORD"]
        return f"postgresql://{DB_USER}:{password}@127.0.0.1:{self.config.postgres_port}/{database}"

    # Processes

    def _pid_file(self, name: str) -> Path:
        return self.config.run_dir / f"{name}.pid"

    def running(self) -> dict[str, int]:
        """The cluster's live processes by name, from their pid files. Another command's pid is
        only trusted while its process still runs the program that was started, so a stale file
        never points at someone else's process."""
        alive = {}
        for pid_file in sorted(self.config.run_dir.glob("*.pid")):
            pid_text, _, program = pid_file.read_text(encoding="utf-8").partition("\n")
            pid = int(pid_text)
            child = self._children.get(pid_file.stem)
            if child is not None:
                if child.poll() is None:
                    alive[pid_file.stem] = pid
                continue
            try:
                argv0 = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].split()
            except OSError:
                continue
            # Redis rewrites its argv[0] into a title ("/usr/bin/redis-server 127.0.0.1:6380").
            if argv0 and argv0[0].decode(errors="replace") == program.strip():
                alive[pid_file.stem] = pid
        return alive

    def spawn(self, service: Service) -> None:
        """Starts a process in its own session, its output appended to its log. What the
        processes write is for this user only (logs may hold minimised conversations)."""
        path = self.config.log_dir / f"{service.name}.log"
        log = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            process = subprocess.Popen(
                service.command,
                cwd=service.cwd,
                env=dict(service.environment),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                umask=0o077,
                **_as_user(service.run_as),
            )
        finally:
            os.close(log)  # the child has its own copy
        self._children[service.name] = process
        self._pid_file(service.name).write_text(
            f"{process.pid}\n{service.command[0]}\n", encoding="utf-8"
        )

    def wait_until_ready(
        self, services: Sequence[Service], timeout: float = READY_TIMEOUT_SECONDS
    ) -> None:
        started = time.monotonic()
        waiting = list(services)
        while waiting:
            running = self.running()
            for service in waiting:
                if service.name not in running:
                    child = self._children.get(service.name)
                    status = f" with status {child.returncode}" if child else ""
                    raise RuntimeError(
                        f"{service.name} exited{status}:\n{self.log_tail(service.name)}"
                    )
            waiting = [service for service in waiting if not service.ready()]
            if waiting and time.monotonic() - started > timeout:
                names = ", ".join(service.name for service in waiting)
                raise TimeoutError(f"not ready after {timeout:.0f}s: {names}")
            time.sleep(0.3)

    def log_tail(self, name: str, lines: int = 20) -> str:
        path = self.config.log_dir / f"{name}.log"
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop_process(self, name: str, stop_signal: int = signal.SIGTERM) -> None:
        """Stops one process and everything it started; SIGKILL after STOP_SECONDS."""
        pid = self.running().get(name)
        if pid is not None:
            os.killpg(pid, stop_signal)
            deadline = time.monotonic() + STOP_SECONDS
            while name in self.running() and time.monotonic() < deadline:
                time.sleep(0.2)
            if name in self.running():
                os.killpg(pid, signal.SIGKILL)
        child = self._children.pop(name, None)
        if child is not None:
            child.wait()
        self._pid_file(name).unlink(missing_ok=True)

    def kill(self, name: str) -> None:
        """Kills a process outright, as a crash would (the failover test)."""
        pid = self.running()[name]
        os.killpg(pid, signal.SIGKILL)
        child = self._children.get(name)
        if child is not None:
            child.wait()

    # The services

    def postgres(self) -> Service:
        config = self.config
        return Service(
            "postgres",
            [postgres_tool("postgres"), "-D", str(config.data_dir / "postgres")],
            ready=self._postgres_ready,
            run_as=_postgres_os_user(),
        )

    def _postgres_ready(self) -> bool:
        command = [
            postgres_tool("pg_isready"),
            "--host",
            str(self.config.run_dir / "postgres"),
            "--port",
            str(self.config.postgres_port),
            "--username",
            POSTGRES_SUPERUSER,
            "--quiet",
        ]
        return subprocess.run(command, check=False).returncode == 0

    def redis(self) -> Service:
        def ready() -> bool:
            client = redis.Redis(
                port=self.config.redis_port,
                username=REDIS_USER,
                password=self.secrets()["RPA_REDIS_PASSWORD"],
                socket_timeout=2,
            )
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False
            finally:
                client.close()

        return Service(
            "redis", [_program("redis-server"), str(self.config.conf_dir / "redis.conf")], ready
        )

    def haproxy(self) -> Service:
        config_file = str(self.config.conf_dir / "haproxy.cfg")
        return Service(
            "haproxy",
            [_program("haproxy"), "-db", "-f", config_file],
            ready=lambda: port_in_use(self.config.balancer_port),
        )

    def server(self, kind: str, port: int) -> Service:
        """A Rasa instance or an action server, as its systemd unit would start it."""
        unit = Unit.read(self.config.conf_dir / f"systemd/rpa-{kind}@.service")
        environment = unit.environment(service_environment())
        path = "/" if kind == "rasa" else "/health"
        return Service(
            f"{kind}-{port}",
            unit.command(str(port), environment),
            ready=lambda: responds(f"http://127.0.0.1:{port}{path}"),
            environment=environment,
            cwd=unit.working_directory,
        )

    def services(self) -> list[Service]:
        """Every process, in start order."""
        return [
            self.postgres(),
            self.redis(),
            *(self.server("actions", port) for port in self.config.actions_ports),
            *(self.server("rasa", port) for port in self.config.rasa_ports),
            self.haproxy(),
        ]

    # Set-up of the databases

    def _init_postgres(self) -> None:
        """A new database cluster, the first time: the superuser may only connect through the
        socket (in a folder only its user can open), everyone else with a password."""
        data = self.config.data_dir / "postgres"
        sockets = self.config.run_dir / "postgres"
        sockets.mkdir(mode=0o700, exist_ok=True)
        owner = _postgres_os_user()
        if owner is not None:
            open_the_way(data)
            open_the_way(sockets)
        if not (data / "PG_VERSION").exists():
            data.mkdir(mode=0o700, parents=True, exist_ok=True)
            if owner is not None:
                shutil.chown(data, owner, owner)
            _run(
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
            include = f"\ninclude '{self.config.conf_dir / 'postgresql.conf'}'\n"
            with open(data / "postgresql.conf", "a", encoding="utf-8") as settings:
                settings.write(include)
        if owner is not None:
            shutil.chown(sockets, owner, owner)

    def _create_databases(self) -> None:
        """Runs deploy/postgres-init.sql with the role's password (through stdin, never on a
        command line), then creates every table once, before any server races to."""
        _run(
            [
                postgres_tool("psql"),
                "--host",
                str(self.config.run_dir / "postgres"),
                "--port",
                str(self.config.postgres_port),
                "--username",
                POSTGRES_SUPERUSER,
                "--dbname",
                "postgres",
                "--quiet",
                "--set",
                "ON_ERROR_STOP=1",
            ],
            stdin=self.init_script(),
        )
        create_schema(self.database_url(KNOWLEDGE_DB), self.database_url(CONVERSATIONS_DB))

    def init_script(self) -> str:
        """deploy/postgres-init.sql preceded by the role's password from secrets.env, for psql's
        standard input: never on a command line, where other users could read it."""
        script = (DEPLOY / "postgres-init.sql").read_text(encoding="utf-8")
        return f"\\set rpa_password '{self.secrets()['PGPASSWORD']}'\n{script}"

    def load_knowledge(self) -> None:
        """knowledge/ into the cluster's database (as `make knowledge` does for SQLite), with
        the deployment's links and confirmations from its environment files."""
        environment = self.environment()
        url = self.database_url(KNOWLEDGE_DB)
        links, confirmations = (
            environment.get("RPA_LINKS_FILE"),
            environment.get("RPA_CONFIRMATIONS_FILE"),
        )
        settings = replace(
            load_settings(),
            database_url=url,
            links_file=Path(links) if links else None,
            confirmations_file=Path(confirmations) if confirmations else None,
        )
        load_knowledge(settings, environment)

    # The whole cluster

    def start_databases(self) -> None:
        """PostgreSQL with the assistant's role, databases and tables (backup and retention
        tests need no more)."""
        self.prepare()
        self._init_postgres()
        postgres = self.postgres()
        self.spawn(postgres)
        self.wait_until_ready([postgres])
        self._create_databases()

    def start(self) -> float:
        """Starts everything and waits until the balancer has every Rasa instance in service;
        returns the seconds it took. On any failure, whatever was started is stopped."""
        started = time.monotonic()
        if self.running():
            raise RuntimeError(
                f"the cluster in {self.config.root} is running: `make cluster-stop` first"
            )
        busy = [port for port in self.config.ports() if port_in_use(port)]
        if busy:
            raise RuntimeError(f"port(s) in use: {', '.join(map(str, busy))}")
        if not self.model.exists():
            raise FileNotFoundError(f"{self.model}: no trained model; run `make model`")
        self.prepare()
        refused = deployment_check.refusal(self.environment())
        if refused:
            raise RuntimeError(
                f"{refused}\n(settings: {self.config.conf_dir / LOCAL}, secrets.env)"
            )
        try:
            self.start_databases()
            self.load_knowledge()
            later = self.services()[1:]
            _run([_program("haproxy"), "-c", "-f", str(self.config.conf_dir / "haproxy.cfg")])
            for service in later:
                self.spawn(service)
            self.wait_until_ready(later)
            self.wait_until_balanced()
        except BaseException:
            self.stop()
            raise
        return time.monotonic() - started

    def stop(self) -> None:
        """Stops every process found through the pid files, in STOP_ORDER."""
        running = self.running()
        for prefix in STOP_ORDER:
            for name in running:
                if name.startswith(prefix):
                    self.stop_process(name, STOP_SIGNALS.get(name, signal.SIGTERM))

    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # The balancer

    def haproxy_command(self, command: str) -> str:
        """A command on HAProxy's admin socket (`show stat`, `disable server rasa/...`)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as admin:
            admin.settimeout(5)
            admin.connect(str(self.config.haproxy_run_dir / "admin.sock"))
            admin.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := admin.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def server_stats(self) -> dict[str, dict[str, str]]:
        """The balancer's statistics of every server, by "backend/server" ("rasa/rasa_5011"):
        its `status` ("UP", "DOWN", ...), `stot` (requests sent to it so far), ..."""
        rows = csv.DictReader(io.StringIO(self.haproxy_command("show stat").lstrip("# ")))
        return {
            f"{row['pxname']}/{row['svname']}": row
            for row in rows
            if row["svname"] not in ("FRONTEND", "BACKEND")
        }

    def server_states(self) -> dict[str, str]:
        return {name: stats["status"] for name, stats in self.server_stats().items()}

    def wait_until_balanced(self, timeout: float = 30.0) -> None:
        """Until the balancer's health checks put every server in service."""
        deadline = time.monotonic() + timeout
        while True:
            states = self.server_states()
            if all(state == "UP" for state in states.values()):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"balancer servers not all up: {states}")
            time.sleep(0.3)


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


def _postgres_os_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(POSTGRES_OS_USER)
    except KeyError as missing:
        raise RuntimeError(
            f"running as root, PostgreSQL needs the '{POSTGRES_OS_USER}' user: "
            "run `make cluster-deps` (Debian's postgresql package creates it)"
        ) from missing
    return POSTGRES_OS_USER


def _run(
    command: list[str], stdin: str | None = None, user: str | None = None, hint: str = ""
) -> None:
    """Runs a set-up program; if it fails, says what it printed and what may be wrong."""
    finished = subprocess.run(
        command, input=stdin, text=True, capture_output=True, check=False, **_as_user(user)
    )
    if finished.returncode != 0:
        output = (finished.stderr or finished.stdout).strip()
        because = f" ({hint})" if hint else ""
        raise RuntimeError(f"{Path(command[0]).name} failed: {output}{because}")


def _as_user(user: str | None) -> dict[str, Any]:
    return {} if user is None else {"user": user, "group": user, "extra_groups": []}


def write_file(path: Path, text: str, private: bool = False) -> None:
    """Writes the file with its mode set even when it existed (os.open's mode applies only to
    a new file, and an older secrets.env may have been readable by others)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = 0o600 if private else 0o644
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    os.fchmod(descriptor, mode)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


def self_signed_certificate(path: Path) -> None:
    """A key and certificate for localhost in one PEM file (what HAProxy's `crt` reads), for
    the cluster on this machine; a server names the partnership's certificate instead."""
    with tempfile.TemporaryDirectory() as scratch:
        key, certificate = Path(scratch) / "key.pem", Path(scratch) / "certificate.pem"
        _run(
            [
                _program("openssl"),
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "365",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(certificate),
            ]
        )
        write_file(
            path,
            certificate.read_text(encoding="utf-8") + key.read_text(encoding="utf-8"),
            private=True,
        )


# Command line: `python -m bot cluster start|stop|status|config` (wired in bot/tooling/cli.py).


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `cluster` command's actions, for bot/tooling/cli.py."""
    actions = parser.add_subparsers(dest="action", required=True)
    start = actions.add_parser("start", help="start the cluster; returns once it answers")
    start.add_argument("--rasa-instances", type=int, default=2, help="default: 2")
    actions.add_parser("stop", help="stop the cluster that `start` started")
    actions.add_parser("status", help="list the cluster's running processes")
    actions.add_parser(
        "init-sql",
        help="print postgres-init.sql with the role's password from <root>/conf/secrets.env, "
        "for `psql` run as the postgres user",
    )
    config = actions.add_parser(
        "config", help="write deploy/'s files filled in for --root into <root>/conf, and exit"
    )
    config.add_argument(
        "--public-address", default="", help="HAProxy's public front end (default: all)"
    )
    config.add_argument("--https-port", type=int, default=443)
    config.add_argument("--http-port", type=int, default=80, help="redirected to https")
    config.add_argument(
        "--certificate",
        default="/etc/haproxy/rpa.pem",
        help="certificate, chain and key in one PEM file, readable by root only",
    )
    for action in actions.choices.values():
        action.add_argument(
            "--root", default=str(DEFAULT_ROOT), help="its files' folder (default: var/cluster)"
        )


def run(args: argparse.Namespace) -> int:
    """Handler for `python -m bot cluster start|stop|status|config`."""
    defaults = ClusterConfig(root=Path(args.root).resolve())
    first = defaults.rasa_ports[0]
    config = replace(
        defaults, rasa_ports=tuple(range(first, first + getattr(args, "rasa_instances", 2)))
    )
    if args.action == "config":  # a server's: public, TLS with its own certificate, production
        config = replace(
            config,
            public_address=args.public_address,
            https_port=args.https_port,
            http_port=args.http_port,
            certificate=Path(args.certificate),
            mode="production",
            haproxy_socket_dir=Path("/run/rpa-haproxy"),
            redis_dir=Path("/var/lib/redis"),
        )
    cluster = Cluster(config, CURRENT_MODEL)
    if args.action == "stop":
        cluster.stop()
        print(f"cluster in {config.root} stopped")
    elif args.action == "status":
        running = cluster.running()
        for name, pid in running.items():
            print(f"  {name:<16} pid {pid}")
        print(f"{len(running)} process(es) of the cluster in {config.root} running")
        return 0 if running else 3
    elif args.action == "init-sql":
        try:
            print(cluster.init_script(), end="")
        except PermissionError as error:
            print(f"error: {error}: run this step as root (deploy/README.md)", file=sys.stderr)
            return 1
    elif args.action == "config":
        try:
            new = [name for name in (LOCAL, "secrets.env") if not (config.conf_dir / name).exists()]
            cluster.write_configuration()
        except PermissionError as error:
            print(f"error: {error}: run this step as root (deploy/README.md)", file=sys.stderr)
            return 1
        kept = [name for name in (LOCAL, "secrets.env") if name not in new]
        print(
            f"written to {config.conf_dir}: {', '.join(RENDERED)}"
            + (f"; new: {', '.join(new)}" if new else "")
            + (f"; kept as they were: {', '.join(kept)}" if kept else "")
        )
    else:
        return _start(cluster)
    return 0


def _start(cluster: Cluster) -> int:
    config = cluster.config
    missing = missing_packages()
    if missing:
        print(f"missing Debian packages: {' '.join(missing)}; run `make cluster-deps`")
        return 1
    try:
        cluster.prepare()
        print(
            f"{deployment_check.describe(cluster.environment())} "
            f"(from {config.conf_dir}/{LOCAL})",
            flush=True,
        )
        seconds = cluster.start()
    except (RuntimeError, OSError) as error:
        print(f"cluster not started: {error}", file=sys.stderr)
        return 1
    url = config.balancer_url.replace("127.0.0.1", "localhost")
    print(
        f"Cluster ready in {seconds:.0f}s.\n"
        f"  Chat in your browser: {config.public_url}/chat/ (a self-signed certificate "
        f"for localhost: {config.certificate_file}), or {url}/chat/\n"
        f"  REST channel: POST {url}/webhooks/rest/webhook\n"
        f"  Rasa on {', '.join(map(str, config.rasa_ports))}; action servers on "
        f"{', '.join(map(str, config.actions_ports))} (balanced on {config.actions_balancer_port})"
        f"; PostgreSQL on {config.postgres_port}; Redis on {config.redis_port}\n"
        f"  Configuration, data and logs: {config.root}\n"
        "Stop it with: make cluster-stop"
    )
    return 0
