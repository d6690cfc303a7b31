"""Starts the action server and the Rasa server together, as `make run` and the tests need.

One supervisor for both means one Ctrl-C stops both, and tests and benchmarks start the
very same processes a user does.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.tooling.fingerprint import model_path

READY_TIMEOUT_SECONDS = 180.0
CREDENTIALS = PROJECT_ROOT / "credentials.yml"
TEAMS_CREDENTIALS = PROJECT_ROOT / "credentials-teams.yml"
ENV_TEAMS_APP_ID = "TEAMS_APP_ID"
ENV_CORS_ORIGINS = "RPA_CORS_ORIGINS"
DEFAULT_CORS_ORIGINS = "http://localhost:5005"


def credentials_file(environ: Mapping[str, str], generated_dir: Path) -> Path:
    """credentials.yml, plus the Teams channel when the deployment configures it.

    Rasa refuses unset variables in credentials, so the Teams block is only added when
    TEAMS_APP_ID is set; both files are plain top-level mappings, so they concatenate.
    """
    if not environ.get(ENV_TEAMS_APP_ID):
        return CREDENTIALS
    generated_dir.mkdir(parents=True, exist_ok=True)
    merged = generated_dir / "credentials-with-teams.yml"
    merged.write_text(
        CREDENTIALS.read_text(encoding="utf-8")
        + "\n"
        + TEAMS_CREDENTIALS.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return merged


@dataclass
class ServerConfig:
    rasa_port: int = 5005
    actions_port: int = 5055
    tracker_db: Path = PROJECT_ROOT / "var" / "conversations.db"
    model: Path = field(default_factory=lambda: PROJECT_ROOT / model_path())
    cors: str = field(
        default_factory=lambda: os.environ.get(ENV_CORS_ORIGINS, DEFAULT_CORS_ORIGINS)
    )
    extra_env: Mapping[str, str] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    def environment(self) -> dict[str, str]:
        self.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        return {
            **os.environ,
            "RPA_ACTION_ENDPOINT_URL": f"{self.actions_url}/webhook",
            "RPA_TRACKER_DIALECT": os.environ.get("RPA_TRACKER_DIALECT", "sqlite"),
            "RPA_TRACKER_DB": os.environ.get("RPA_TRACKER_DB", str(self.tracker_db)),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            **self.extra_env,
        }


def responds(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class Servers:
    """The action server and Rasa as child processes; a context manager for tests."""

    def __init__(self, config: ServerConfig, log_dir: Path | None = None) -> None:
        self.config = config
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen[bytes]] = []

    def _spawn(self, name: str, arguments: list[str]) -> subprocess.Popen[bytes]:
        output = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 - child owns it
        process = subprocess.Popen(
            [sys.executable, "-m", *arguments],
            cwd=PROJECT_ROOT,
            env=self.config.environment(),
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def start_actions(self) -> None:
        self._spawn(
            "actions", ["rasa_sdk", "--actions", "actions", "--port", str(self.config.actions_port)]
        )

    def start_rasa(self) -> None:
        if not self.config.model.exists():
            raise FileNotFoundError(f"{self.config.model}: no trained model; run `make model`")
        self._spawn(
            "rasa",
            [
                "rasa",
                "run",
                "--model",
                str(self.config.model),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                str(credentials_file(os.environ, PROJECT_ROOT / "var")),
                "--port",
                str(self.config.rasa_port),
                "--cors",
                *self.config.cors.split(),
            ],
        )

    def wait_until_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> float:
        started = time.monotonic()
        checks = [f"{self.config.actions_url}/health", f"{self.config.rasa_url}/"]
        while checks:
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"servers not ready after {timeout:.0f}s: {checks}")
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
            checks = [url for url in checks if not responds(url)]
            time.sleep(0.2)
        return time.monotonic() - started

    def _check_ports_free(self) -> None:
        for port in (self.config.actions_port, self.config.rasa_port):
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    raise RuntimeError(f"port {port} is already in use: is the assistant running?")

    def start(self) -> float:
        self._check_ports_free()
        self.start_actions()
        self.start_rasa()
        return self.wait_until_ready()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    def __enter__(self) -> Servers:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _stop_on_signals() -> None:
    """Ctrl-C, and a service manager's SIGTERM, both stop the servers cleanly (a background
    shell may have started us with SIGINT ignored, so it is set explicitly)."""

    def interrupt(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def run_foreground(config: ServerConfig) -> int:
    _stop_on_signals()
    servers = Servers(config)
    try:
        seconds = servers.start()
        print(
            f"\nReady in {seconds:.1f}s.\n"
            f"  Chat in your browser: {config.rasa_url.replace('127.0.0.1', 'localhost')}/chat/\n"
            f"  REST channel: POST {config.rasa_url.replace('127.0.0.1', 'localhost')}"
            "/webhooks/rest/webhook  with JSON {\"sender\": \"me\", \"message\": \"hello\"}\n"
            "  Terminal chat: make shell\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        while all(process.poll() is None for process in servers.processes):
            time.sleep(0.5)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        servers.stop()


def run_shell(config: ServerConfig) -> int:
    servers = Servers(config)
    try:
        servers.start_actions()
        command = [
            sys.executable,
            "-m",
            "rasa",
            "shell",
            "--model",
            str(config.model),
            "--endpoints",
            "endpoints.yml",
        ]
        return subprocess.call(command, cwd=PROJECT_ROOT, env=config.environment())
    except KeyboardInterrupt:
        return 0
    finally:
        servers.stop()
