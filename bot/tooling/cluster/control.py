"""Starting, watching and stopping the whole cluster, in order."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.tooling import deployment_check, processes
from bot.tooling.cluster import database, haproxy
from bot.tooling.cluster.config import LOCAL, ClusterConfig
from bot.tooling.cluster.environment import cluster_secrets, units_environment
from bot.tooling.cluster.programs import program, run
from bot.tooling.cluster.services import Service, postgres, services
from bot.tooling.cluster.templates import write_configuration
from bot.tooling.fingerprint import model_path
from bot.tooling.processes import READY_TIMEOUT_SECONDS, PidFiles, port_in_use

STOP_SECONDS = 30.0
STOP_SIGNALS = {"postgres": signal.SIGINT, "haproxy": signal.SIGUSR1}
"""PostgreSQL's "fast" shutdown (clients cut off, nothing lost) and HAProxy's soft stop (requests
in progress are finished); SIGTERM for the others."""
STOP_ORDER = ("haproxy", "rasa-", "actions-", "redis", "postgres")
"""The balancer first and PostgreSQL last, so no server loses its database while it answers."""


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
        self._pid_files = PidFiles(config.run_dir)

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
        write_configuration(self.config, self.model)

    def secrets(self) -> dict[str, str]:
        return cluster_secrets(self.config.conf_dir)

    def environment(self) -> dict[str, str]:
        return units_environment(self.config.conf_dir)

    def database_url(self, name: str) -> str:
        return database.database_url(self.config, name)

    def init_script(self) -> str:
        return database.init_script(self.config)

    # Processes

    def running(self) -> dict[str, int]:
        """The cluster's live processes by name, from their pid files."""
        return self._pid_files.running(self._children)

    def spawn(self, service: Service) -> None:
        """Starts a process in its own session, its output appended to its log."""
        process = processes.spawn(
            service.command,
            cwd=service.cwd,
            environment=service.environment,
            log=self.config.log_dir / f"{service.name}.log",
            stdin=subprocess.DEVNULL,
            user=service.run_as,
        )
        self._children[service.name] = process
        self._pid_files.write(service.name, process, service.command[0])

    def wait_until_ready(
        self, services: Sequence[Service], timeout: float = READY_TIMEOUT_SECONDS
    ) -> None:
        processes.wait_until_ready(
            {service.name: service.ready for service in services}, self._exited, timeout, pause=0.3
        )

    def _exited(self, waiting: Sequence[str]) -> str | None:
        running = self.running()
        for name in waiting:
            if name not in running:
                child = self._children.get(name)
                status = f" with status {child.returncode}" if child else ""
                return f"{name} exited{status}:\n{self.log_tail(name)}"
        return None

    def log_tail(self, name: str, lines: int = 20) -> str:
        path = self.config.log_dir / f"{name}.log"
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop_process(self, name: str, stop_signal: int = signal.SIGTERM) -> None:
        """Stops one process and everything it started; SIGKILL after STOP_SECONDS."""
        pid = self.running().get(name)
        if pid is not None:
            processes.stop_groups(
                [pid], stop_signal, lambda _pid: name not in self.running(), STOP_SECONDS
            )
        child = self._children.pop(name, None)
        if child is not None:
            child.wait()
        self._pid_files.remove(name)

    def kill(self, name: str) -> None:
        """Kills a process outright, as a crash would (the failover test)."""
        pid = self.running()[name]
        os.killpg(pid, signal.SIGKILL)
        child = self._children.get(name)
        if child is not None:
            child.wait()

    # The whole cluster

    def start_databases(self) -> None:
        """PostgreSQL with the assistant's role, databases and tables (backup and retention
        tests need no more)."""
        self.prepare()
        database.init_postgres(self.config)
        server = postgres(self.config)
        self.spawn(server)
        self.wait_until_ready([server])
        database.create_databases(self.config)

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
            database.load_knowledge(self.config)
            later = services(self.config)[1:]
            run([program("haproxy"), "-c", "-f", str(self.config.conf_dir / "haproxy.cfg")])
            for service in later:
                self.spawn(service)
            self.wait_until_ready(later)
            haproxy.wait_until_balanced(self.config)
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

    def server_stats(self) -> dict[str, dict[str, str]]:
        return haproxy.server_stats(self.config)

    def server_states(self) -> dict[str, str]:
        return haproxy.server_states(self.config)
